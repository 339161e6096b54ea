//! The harness fails what it must: each test spoils a passing recording one way and
//! checks the report names the problem.

use odr_host::replay::{self, Exchange, Expect, Recording};
use odr_replay_tests::{recordings_dir, runtime};
use serde_json::json;

fn base() -> Recording {
    let path = recordings_dir().join("harness_fresh_login_stores_the_token.json");
    let text = std::fs::read_to_string(&path).expect("the harness recording");
    Recording::from_json(&text).expect("parses")
}

fn failures_of(recording: &Recording) -> String {
    let report = replay::run_recording(runtime(), recording, None);
    assert!(!report.passed(), "the spoilt recording passed");
    report.failures.join("\n\n")
}

#[test]
fn the_untouched_recording_passes() {
    let report = replay::run_recording(runtime(), &base(), None);
    assert!(report.passed(), "{}", report.failures.join("\n\n"));
    assert_eq!(report.exchanges_used, 2);
    assert!(!report.log.is_empty(), "the component logged nothing");
}

#[test]
fn an_unused_exchange_fails() {
    let mut recording = base();
    let extra: Exchange = recording.exchanges[1].clone();
    recording.exchanges.push(extra);
    let failures = failures_of(&recording);
    assert!(
        failures.contains("1 of 3 exchanges were never requested"),
        "{failures}"
    );
    assert!(
        failures.contains("#3 GET /domain/example.nl/info/"),
        "{failures}"
    );
}

#[test]
fn a_different_request_fails_with_a_diff() {
    let mut recording = base();
    recording.exchanges[1].request.path = "/domain/example.nl/".into();
    recording.exchanges[0].request.body["timestamp"] = json!(1764547199);
    let failures = failures_of(&recording);
    assert!(failures.contains("call #1 (get-nameservers)"), "{failures}");
    assert!(
        failures.contains("body.timestamp: expected 1764547199, got 1764547200"),
        "{failures}"
    );
    assert!(
        failures.contains("the request, as a recording would hold it"),
        "{failures}"
    );
}

#[test]
fn a_missing_header_fails() {
    let mut recording = base();
    recording.exchanges[1]
        .request
        .headers
        .insert("x-access-token".into(), "<OTHER>".into());
    let failures = failures_of(&recording);
    assert!(
        failures.contains("header x-access-token: expected \"<OTHER>\", got \"<TOKEN>\""),
        "{failures}"
    );
}

#[test]
fn a_different_result_fails_with_a_diff() {
    let mut recording = base();
    recording.calls[0].expect = Some(Expect::Ok(json!(["ns1.example.net", "ns3.example.net"])));
    let failures = failures_of(&recording);
    assert!(
        failures.contains("ok[1]: expected \"ns3.example.net\", got \"ns2.example.net\""),
        "{failures}"
    );
}

#[test]
fn a_different_state_fails() {
    let mut recording = base();
    recording.expect_state = Some([("odr:token:92416ccc9476f86b".to_string(), None)].into());
    let failures = failures_of(&recording);
    assert!(failures.contains("expected absent"), "{failures}");
}

#[test]
fn a_host_error_expectation_is_checked() {
    let mut recording = base();
    recording.calls[0].args = json!({"settings": "$settings"});
    recording.calls[0].expect = Some(Expect::HostError("invalid argument domain".into()));
    recording.exchanges.clear();
    recording.calls[0].expect_state = None;
    let report = replay::run_recording(runtime(), &recording, None);
    assert!(report.passed(), "{}", report.failures.join("\n\n"));
}
