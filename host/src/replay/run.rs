//! A whole recording replayed against the component: pinned clock, seeded state,
//! every call's expectation checked, unused exchanges failing.

use super::transport::ReplayTransport;
use crate::{
    CallOptions, CallOutcome, Capabilities, Clock, HostError, LogEntry, MemoryLog, MemoryState,
    Runtime,
};
use odr_recording::{
    check_state, compact, indent, json_diff, pretty, resolve_settings, test_settings, Credentials,
    Expect, Recording, SeedValue,
};
use serde_json::{json, Value};
use std::collections::BTreeMap;

/// What one replayed recording did.
#[derive(Debug, Clone, Default)]
pub struct ReplayReport {
    /// Every failure, each a readable paragraph naming the call.
    pub failures: Vec<String>,
    /// The outcome of each call (`{"ok": ..}`, `{"err": ..}` or `{"host_error": ..}`).
    pub outcomes: Vec<Value>,
    /// What the component logged.
    pub log: Vec<LogEntry>,
    /// The live state after the last call.
    pub state: BTreeMap<String, String>,
    /// How many exchanges were used.
    pub exchanges_used: usize,
}

impl ReplayReport {
    /// True when nothing failed.
    pub fn passed(&self) -> bool {
        self.failures.is_empty()
    }
}

fn outcome_json(outcome: &Result<CallOutcome, HostError>) -> Value {
    match outcome {
        Ok(CallOutcome::Ok(v)) => json!({ "ok": v }),
        Ok(CallOutcome::Err(v)) => json!({ "err": v }),
        Err(e) => json!({ "host_error": e.to_string() }),
    }
}

/// Replay `recording` against `runtime`: pinned clock at `now`, in-memory state
/// seeded from `state`, `$settings` = [`test_settings`] (or `settings` if given),
/// every call's `expect` and `expect_state` checked, unused exchanges failing.
pub fn run_recording(
    runtime: &Runtime,
    recording: &Recording,
    settings: Option<&Value>,
) -> ReplayReport {
    let base = settings.cloned().unwrap_or_else(test_settings);
    let clock = Clock::Pinned {
        unix_seconds: recording.now,
    };
    let state = MemoryState::new(clock);
    for (key, seed) in &recording.state {
        match seed {
            SeedValue::Plain(value) => state.insert(key, value, None),
            SeedValue::Expiring { value, expires_at } => {
                state.insert(key, value, Some(*expires_at))
            }
        }
    }
    let log = MemoryLog::new();
    let transport = ReplayTransport::new(
        recording.exchanges.clone(),
        Credentials::from_settings(&base).unwrap_or_else(Credentials::test),
    );
    let options = CallOptions {
        clock,
        ..CallOptions::default()
    };
    let mut report = ReplayReport::default();
    for (i, call) in recording.calls.iter().enumerate() {
        let when = format!("call #{} ({})", i + 1, call.function);
        let args = resolve_settings(&call.args, &base);
        if let Some(credentials) = args.get("settings").and_then(Credentials::from_settings) {
            transport.set_credentials(credentials);
        }
        let mismatches_before = transport.failures().len();
        let caps = Capabilities {
            transport: &transport,
            state: &state,
            log: &log,
        };
        let outcome = runtime.call(caps, &call.function, &args, &options);
        let actual = outcome_json(&outcome);
        report.outcomes.push(actual.clone());
        let mismatches = transport.failures();
        if mismatches.len() > mismatches_before {
            for mismatch in &mismatches[mismatches_before..] {
                report.failures.push(format!("{when}: {mismatch}"));
            }
            report.failures.push(format!(
                "{when}: gave (after the mismatch) {}",
                compact(&actual)
            ));
            break;
        }
        match (&call.expect, &outcome) {
            (Some(Expect::HostError(text)), Err(error)) if error.to_string().contains(text) => {}
            (Some(Expect::HostError(text)), _) => report.failures.push(format!(
                "{when}: expected a host error containing {text:?}, got {}",
                compact(&actual)
            )),
            (_, Err(error)) => report.failures.push(format!("{when}: host error: {error}")),
            (None, Ok(_)) => {}
            (Some(expect), Ok(_)) => {
                let wanted = match expect {
                    Expect::Ok(v) => json!({ "ok": v }),
                    Expect::Err(v) => json!({ "err": v }),
                    Expect::HostError(_) => Value::Null,
                };
                let mut lines = Vec::new();
                json_diff(&wanted, &actual, "", &mut lines);
                if !lines.is_empty() {
                    report.failures.push(format!(
                        "{when}: the result differs from `expect`:\n{}\nthe whole result:\n{}",
                        indent(&lines.join("\n")),
                        indent(&pretty(&actual))
                    ));
                }
            }
        }
        if let Some(expected) = &call.expect_state {
            check_state(|key| state.peek(key), expected, &when, &mut report.failures);
        }
    }
    if report.failures.is_empty() {
        if let Err(error) = transport.finish() {
            report
                .failures
                .push(format!("after the last call: {error}"));
        }
        if let Some(expected) = &recording.expect_state {
            check_state(
                |key| state.peek(key),
                expected,
                "after the last call",
                &mut report.failures,
            );
        }
    }
    report.exchanges_used = transport.used();
    report.log = log.entries();
    report.state = state
        .entries()
        .into_iter()
        .map(|(k, v)| (k, v.value))
        .collect();
    report
}
