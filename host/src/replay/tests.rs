//! The replay and record transports over the shared recording format.

use super::*;
use crate::{HttpResponse, Transport};
use serde_json::json;
use std::time::Duration;

fn login_request(timestamp: u64, signature: &str) -> HttpRequest {
    HttpRequest {
        method: "POST".into(),
        url: "http://odr.test/user/login/".into(),
        headers: vec![("content-type".into(), "application/json".into())],
        body: serde_json::to_vec(&json!({
            "timestamp": timestamp, "api_key": TEST_API_KEY, "signature": signature
        }))
        .expect("json"),
        timeout: Duration::from_secs(30),
    }
}

fn login_exchange() -> Exchange {
    serde_json::from_value(json!({
        "request": {"method": "POST", "path": "/user/login/", "query": "",
                    "body": {"timestamp": 1764547200, "api_key": "<API_KEY>", "signature": "<SIGNATURE>"}},
        "response": {"status": 200, "headers": {"content-type": "application/json"},
                     "body": {"status": "success", "code": 200,
                              "response": {"token": "<TOKEN>", "as_header": "X-Access-Token"}}}
    }))
    .expect("exchange")
}

#[test]
fn replay_verifies_and_redacts_the_signature() {
    let good = login_signature(TEST_API_KEY, TEST_API_SECRET, "1764547200");
    let transport = ReplayTransport::new(vec![login_exchange()], Credentials::test());
    let response = transport
        .send(login_request(1764547200, &good))
        .expect("response");
    assert_eq!(response.status, 200);
    assert!(String::from_utf8_lossy(&response.body).contains("<TOKEN>"));
    assert_eq!(transport.finish(), Ok(()));
}

#[test]
fn a_wrong_signature_or_timestamp_is_a_readable_mismatch() {
    let signed_for_other_time = login_signature(TEST_API_KEY, TEST_API_SECRET, "1764547199");
    let transport = ReplayTransport::new(vec![login_exchange()], Credentials::test());
    let error = transport
        .send(login_request(1764547200, &signed_for_other_time))
        .expect_err("mismatch");
    assert!(matches!(error, TransportError::Other(_)));
    let failures = transport.failures();
    assert_eq!(failures.len(), 1);
    assert!(
        failures[0].contains("body.signature: expected \"<SIGNATURE>\""),
        "{}",
        failures[0]
    );
    assert!(failures[0].contains("does not verify"), "{}", failures[0]);
    assert!(transport.finish().is_err());
}

#[test]
fn the_diff_names_paths() {
    let transport = ReplayTransport::new(vec![login_exchange()], Credentials::test());
    let good = login_signature(TEST_API_KEY, TEST_API_SECRET, "1764547201");
    let _ = transport.send(login_request(1764547201, &good));
    let failures = transport.failures();
    assert!(
        failures[0].contains("body.timestamp: expected 1764547200, got 1764547201"),
        "{}",
        failures[0]
    );
}

#[test]
fn long_strings_show_where_they_differ() {
    let expected = json!({"x": format!("{}B{}", "a".repeat(100), "c".repeat(20))});
    let actual = json!({"x": format!("{}D{}", "a".repeat(100), "c".repeat(20))});
    let mut lines = Vec::new();
    json_diff(&expected, &actual, "body", &mut lines);
    assert_eq!(lines.len(), 1);
    assert!(
        lines[0].starts_with("body.x: strings differ at character 100"),
        "{}",
        lines[0]
    );
    assert!(lines[0].contains("aaaB"), "{}", lines[0]);
    assert!(lines[0].contains("aaaD"), "{}", lines[0]);
}

#[test]
fn unused_exchanges_fail_finish() {
    let transport = ReplayTransport::new(vec![login_exchange()], Credentials::test());
    let error = transport.finish().expect_err("unused");
    assert!(
        error.to_string().contains("#1 POST /user/login/"),
        "{error}"
    );
}

#[test]
fn requests_after_the_last_exchange_fail() {
    let transport = ReplayTransport::new(vec![], Credentials::test());
    assert!(transport.send(login_request(1, "x")).is_err());
    assert!(transport.failures()[0].contains("unexpected request #1"));
}

#[test]
fn faults_become_transport_errors() {
    let mut exchange = login_exchange();
    exchange.response.fault = Some(Fault::Timeout);
    assert!(matches!(
        exchange.response.to_http(),
        Err(TransportError::Timeout(_))
    ));
    exchange.response.fault = Some(Fault::Reset);
    assert!(matches!(
        exchange.response.to_http(),
        Err(TransportError::Other(_))
    ));
    exchange.response.fault = None;
    exchange.response.body_text = Some("<html>502".into());
    assert_eq!(
        exchange.response.to_http().expect("response").body,
        b"<html>502"
    );
}

struct FakeOdr;

impl Transport for FakeOdr {
    fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        if request.url.ends_with("/user/login/") {
            return Ok(HttpResponse {
                status: 200,
                headers: vec![
                    ("Content-Type".into(), "application/json".into()),
                    ("Date".into(), "today".into()),
                ],
                body: br#"{"status":"success","code":200,"response":{"token":"token$live123","as_header":"X-Access-Token"}}"#.to_vec(),
            });
        }
        if request.url.contains("timeout") {
            return Err(TransportError::Timeout("slow".into()));
        }
        Ok(HttpResponse {
            status: 200,
            headers: vec![],
            body: br#"{"status":"success","code":200,"response":{"echo":"token$live123"}}"#
                .to_vec(),
        })
    }
}

#[test]
fn recording_redacts_key_secret_signature_and_tokens() {
    let credentials = Credentials {
        api_key: "public$realkey".into(),
        api_secret: "secret$realsecret".into(),
    };
    let recorder = RecordingTransport::new(FakeOdr, credentials.clone());
    let signature = login_signature("public$realkey", "secret$realsecret", "1700000000");
    let login = HttpRequest {
        method: "POST".into(),
        url: "https://api.example/user/login/".into(),
        headers: vec![],
        body: serde_json::to_vec(
            &json!({"timestamp": 1700000000, "api_key": "public$realkey", "signature": signature}),
        )
        .expect("json"),
        timeout: Duration::from_secs(5),
    };
    recorder.send(login).expect("login");
    let info = HttpRequest {
        method: "GET".into(),
        url: "https://api.example/domain/example.nl/info/?x=secret$realsecret".into(),
        headers: vec![("X-Access-Token".into(), "token$live123".into())],
        body: vec![],
        timeout: Duration::from_secs(5),
    };
    recorder.send(info).expect("info");
    let slow = HttpRequest {
        method: "GET".into(),
        url: "https://api.example/timeout/".into(),
        headers: vec![],
        body: vec![],
        timeout: Duration::from_secs(5),
    };
    assert!(recorder.send(slow).is_err());
    let exchanges = recorder.exchanges();
    let text = serde_json::to_string(&exchanges).expect("json");
    for secret in [
        "public$realkey",
        "secret$realsecret",
        "token$live123",
        &signature,
    ] {
        assert!(!text.contains(secret), "{secret} leaked: {text}");
    }
    assert_eq!(exchanges[0].request.body["signature"], "<SIGNATURE>");
    assert_eq!(exchanges[0].request.body["api_key"], "<API_KEY>");
    assert_eq!(exchanges[0].response.body["response"]["token"], "<TOKEN>");
    assert!(!exchanges[0].response.headers.contains_key("date"));
    assert_eq!(exchanges[1].request.headers["x-access-token"], "<TOKEN>");
    assert_eq!(exchanges[1].request.query, "x=<API_SECRET>");
    assert_eq!(exchanges[1].response.body["response"]["echo"], "<TOKEN>");
    assert_eq!(exchanges[2].response.fault, Some(Fault::Timeout));
    assert!(recorder.warnings().is_empty(), "{:?}", recorder.warnings());

    // What was recorded replays against the same requests made with the test
    // credentials' counterpart: here, the same credentials.
    let replay = ReplayTransport::new(exchanges[..2].to_vec(), credentials);
    replay
        .send(HttpRequest {
            method: "POST".into(),
            url: "http://odr.test/user/login/".into(),
            headers: vec![],
            body: serde_json::to_vec(&json!({"timestamp": 1700000000, "api_key": "public$realkey", "signature": signature})).expect("json"),
            timeout: Duration::from_secs(5),
        })
        .expect("login replays");
}

#[test]
fn settings_references() {
    let base = test_settings();
    assert_eq!(
        resolve_settings(&json!({"settings": "$settings", "domain": "x"}), &base),
        json!({"settings": base.clone(), "domain": "x"})
    );
    let merged = resolve_settings(
        &json!({"settings": {"$settings": {"tech-contact": {"fixed": 5}}}}),
        &base,
    );
    assert_eq!(merged["settings"]["tech-contact"], json!({"fixed": 5}));
    assert_eq!(merged["settings"]["api-key"], TEST_API_KEY);
    let mut live = base.clone();
    live["api-key"] = json!("public$real");
    assert_eq!(Recording::settings_reference(&live), json!("$settings"));
    live["test-mode"] = json!(true);
    assert_eq!(
        Recording::settings_reference(&live),
        json!({"$settings": {"test-mode": true}})
    );
}

#[test]
fn the_documented_example_parses() {
    let text = r#"{
      "description": "what this recording proves",
      "now": 1764547200,
      "state": {"odr:token": "x", "odr:old": {"value": "y", "expires_at": 5}},
      "calls": [
        {"function": "get-nameservers",
         "args": {"settings": "$settings", "domain": "example.nl"},
         "expect": {"ok": ["ns1.example.net", "ns2.example.net"]}}
      ],
      "exchanges": [
        {"request": {"method": "POST", "path": "/user/login/", "query": "",
                     "body": {"timestamp": 1764547200, "api_key": "<API_KEY>", "signature": "<SIGNATURE>"}},
         "response": {"status": 200, "headers": {"content-type": "application/json"},
                      "body": {"status": "success"}}}
      ]
    }"#;
    let recording = Recording::from_json(text).expect("parses");
    assert_eq!(recording.calls.len(), 1);
    assert!(matches!(
        recording.state["odr:old"],
        SeedValue::Expiring { expires_at: 5, .. }
    ));
    let typo = text.replace("\"exchanges\"", "\"exchange\"");
    assert!(Recording::from_json(&typo).is_err());
}
