//! Record mode and the real HTTP transport, against a loopback server.

use odr_host::net::UreqTransport;
use odr_host::replay::{self, Credentials, Expect, RecordedCall, Recording, RecordingTransport};
use odr_host::{CallOutcome, Capabilities, HttpRequest, Transport, TransportError};
use odr_replay_tests::{
    json_response, raw_json_response, runtime, settings_with, Harness, LoopbackServer,
    ScriptedTransport, NOW,
};
use serde_json::json;
use std::time::Duration;

const LIVE_KEY: &str = "public$livekey";
const LIVE_SECRET: &str = "secret$livesecret";
const LIVE_TOKEN: &str = "token$5f2a9c0e1dlive";

fn request(url: String, timeout: Duration) -> HttpRequest {
    HttpRequest {
        method: "POST".into(),
        url,
        headers: vec![
            ("content-type".into(), "application/json".into()),
            ("x-access-token".into(), "abc".into()),
        ],
        body: br#"{"a":1}"#.to_vec(),
        timeout,
    }
}

#[test]
fn the_http_transport_sends_what_it_is_given() {
    let server = LoopbackServer::start(vec![Some(raw_json_response(201, r#"{"ok":true}"#))]);
    let response = UreqTransport::new()
        .send(request(
            format!("{}user/login/?x=1", server.url()),
            Duration::from_secs(5),
        ))
        .expect("response");
    assert_eq!(response.status, 201);
    assert_eq!(response.body, br#"{"ok":true}"#);
    let raw = &server.requests()[0];
    assert!(
        raw.starts_with("POST /user/login/?x=1 HTTP/1.1\r\n"),
        "{raw}"
    );
    assert!(
        raw.to_ascii_lowercase().contains("x-access-token: abc"),
        "{raw}"
    );
    assert!(!raw.to_ascii_lowercase().contains("expect:"), "{raw}");
    assert!(raw.ends_with(r#"{"a":1}"#), "{raw}");
}

#[test]
fn the_http_transport_reports_timeouts_refusals_and_does_not_follow_redirects() {
    let silent = LoopbackServer::start(vec![None]);
    let error = UreqTransport::new()
        .send(request(silent.url(), Duration::from_millis(300)))
        .expect_err("timeout");
    assert!(matches!(error, TransportError::Timeout(_)), "{error:?}");

    let closed_port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        listener.local_addr().expect("address").port()
    };
    let error = UreqTransport::new()
        .send(request(
            format!("http://127.0.0.1:{closed_port}/"),
            Duration::from_secs(2),
        ))
        .expect_err("refused");
    assert!(
        matches!(error, TransportError::ConnectionRefused(_)),
        "{error:?}"
    );

    let redirect = LoopbackServer::start(vec![Some(
        "HTTP/1.1 302 Found\r\nlocation: http://evil.test/\r\ncontent-length: 0\r\n\r\n".into(),
    )]);
    let response = UreqTransport::new()
        .send(request(redirect.url(), Duration::from_secs(5)))
        .expect("the 302 itself");
    assert_eq!(response.status, 302);
}

/// A real call through record mode against a loopback "ODR": the recording holds
/// placeholders only, and replays with the harness's test credentials.
#[test]
fn record_mode_writes_a_redacted_recording_that_replays() {
    let login = format!(
        r#"{{"status":"success","code":200,"response":{{"token":"{LIVE_TOKEN}","as_header":"X-Access-Token","as_request":"access_token"}}}}"#
    );
    let not_found =
        r#"{"status":"error","code":404,"response":{"message":"Domain not found","data":[]}}"#;
    // Enough answers for a login and a few requests, whatever the component does.
    let mut responses = vec![Some(raw_json_response(200, &login))];
    responses.extend((0..6).map(|_| Some(raw_json_response(404, not_found))));
    let server = LoopbackServer::start(responses);

    let settings = settings_with(json!({
        "api-key": LIVE_KEY, "api-secret": LIVE_SECRET, "api-url": server.url()
    }));
    let recorder = RecordingTransport::new(
        UreqTransport::new(),
        Credentials {
            api_key: LIVE_KEY.into(),
            api_secret: LIVE_SECRET.into(),
        },
    );
    let harness = Harness::new();
    let args = json!({"settings": settings, "domain": "example.nl"});
    let caps = Capabilities {
        transport: &recorder,
        state: &harness.state,
        log: &harness.log,
    };
    let outcome = runtime()
        .call(caps, "get-nameservers", &args, &harness.options)
        .expect("call");
    let exchanges = recorder.exchanges();
    assert!(!exchanges.is_empty(), "the component made no request");
    assert!(recorder.warnings().is_empty(), "{:?}", recorder.warnings());

    let text = serde_json::to_string(&exchanges).expect("json");
    for secret in [LIVE_KEY, LIVE_SECRET, LIVE_TOKEN] {
        assert!(!text.contains(secret), "{secret} leaked into {text}");
    }
    assert!(
        !text.contains("token$"),
        "a signature or token leaked: {text}"
    );
    let login_request = &exchanges[0].request;
    assert_eq!(login_request.body["signature"], "<SIGNATURE>");
    assert_eq!(login_request.body["api_key"], "<API_KEY>");
    assert_eq!(exchanges[0].response.body["response"]["token"], "<TOKEN>");
    if let Some(second) = exchanges.get(1) {
        assert_eq!(
            second
                .request
                .headers
                .get("x-access-token")
                .map(String::as_str),
            Some("<TOKEN>")
        );
    }

    let expect = match outcome {
        CallOutcome::Ok(v) => Expect::Ok(v),
        CallOutcome::Err(v) => Expect::Err(v),
    };
    let recording = Recording {
        description: "recorded against a loopback server".into(),
        assumed: false,
        now: NOW,
        state: Default::default(),
        calls: vec![RecordedCall {
            function: "get-nameservers".into(),
            args: json!({"settings": Recording::settings_reference(&settings), "domain": "example.nl"}),
            expect: Some(expect),
            expect_state: None,
            note: None,
        }],
        exchanges,
        expect_state: None,
    };
    let reparsed = Recording::from_json(&recording.to_json_pretty()).expect("round trip");
    assert_eq!(reparsed, recording);
    let report = replay::run_recording(runtime(), &reparsed, None);
    assert!(report.passed(), "{}", report.failures.join("\n\n"));
}

#[test]
fn a_concurrent_search_is_recorded_as_one_batch_that_replays_in_any_order() {
    let live = ScriptedTransport::new(|request| {
        let body = if request.url.ends_with("/user/login/") {
            format!(
                r#"{{"status":"success","code":200,"response":{{"token":"{LIVE_TOKEN}","as_header":"X-Access-Token"}}}}"#
            )
        } else {
            r#"{"status":"success","code":200,"response":{"is_available":false}}"#.to_string()
        };
        Ok(json_response(200, &body))
    });
    let recorder = RecordingTransport::new(
        live,
        Credentials {
            api_key: LIVE_KEY.into(),
            api_secret: LIVE_SECRET.into(),
        },
    );
    let settings = settings_with(json!({"api-key": LIVE_KEY, "api-secret": LIVE_SECRET}));
    let args = json!({"settings": settings, "label": "example", "tlds": ["nl", "eu", "be"]});
    let harness = Harness::new();
    let caps = Capabilities {
        transport: &recorder,
        state: &harness.state,
        log: &harness.log,
    };
    let outcome = runtime()
        .call(caps, "check-availability", &args, &harness.options)
        .expect("call");
    let mut exchanges = recorder.exchanges();
    let batches: Vec<Option<u32>> = exchanges.iter().map(|e| e.concurrent).collect();
    assert_eq!(
        batches,
        [None, Some(1), Some(1), Some(1)],
        "login alone, then one batch"
    );
    assert!(!serde_json::to_string(&exchanges)
        .expect("json")
        .contains(LIVE_TOKEN));

    // Requests in flight together may arrive in any order: the replay accepts that.
    exchanges[1..].reverse();
    let expect = match outcome {
        CallOutcome::Ok(v) => Expect::Ok(v),
        CallOutcome::Err(v) => Expect::Err(v),
    };
    let recording = Recording {
        description: "a search recorded as one concurrent batch".into(),
        assumed: false,
        now: NOW,
        state: Default::default(),
        calls: vec![RecordedCall {
            function: "check-availability".into(),
            args: json!({"settings": Recording::settings_reference(&settings), "label": "example",
                         "tlds": ["nl", "eu", "be"]}),
            expect: Some(expect),
            expect_state: None,
            note: None,
        }],
        exchanges,
        expect_state: None,
    };
    let report = replay::run_recording(runtime(), &recording, None);
    assert!(report.passed(), "{}", report.failures.join("\n\n"));
}
