//! Every recording in `tests/recordings/` replayed natively: the operations run
//! against an [`Env`] that answers from the recording through the same strict
//! matcher the component's harness uses (`odr-recording`), with the same pinned
//! clock, seeded state, expectations and state checks. The same files run through
//! the component in `tests/replay.rs`; this run is the fast one and needs no wasm.
//!
//! What only the boundary can show stays there: a recording expecting a `host_error`
//! (a limit, the origin allow-list) is named and left to the component run (none
//! does today), and the WASI transport itself.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use odr_recording::{
    check_state, compact, indent, json_diff, resolve_settings, test_settings, Credentials, Expect,
    Recording, ReplaySession, SeedValue, TransportError,
};
use serde::de::DeserializeOwned;
use serde_json::{json, Value};

use super::wit_json::from_json;
use crate::env::{Env, HttpRequest, HttpResponse};
use crate::error::Error;
use crate::odr::mask;
use crate::odr::url::{self, BaseUrl, Scheme};
use crate::ops;
use crate::types::*;

/// One stored state value and its absolute expiry (Unix seconds).
struct Stored {
    value: String,
    expires_at: Option<u64>,
}

/// The world of one recording: its clock, its state, its exchanges.
struct ReplayEnv {
    now: u64,
    monotonic_ms: u64,
    session: ReplaySession,
    state: BTreeMap<String, Stored>,
}

impl ReplayEnv {
    fn live(&self, key: &str) -> Option<&Stored> {
        self.state
            .get(key)
            .filter(|stored| stored.expires_at.is_none_or(|at| self.now < at))
    }

    fn store(&mut self, key: &str, value: &str, ttl_seconds: Option<u32>) {
        let expires_at = ttl_seconds.map(|ttl| self.now.saturating_add(u64::from(ttl)));
        let value = value.to_string();
        self.state
            .insert(key.to_string(), Stored { value, expires_at });
    }
}

/// How the component describes a transport failure it gets from the host
/// (`describe` in `src/component.rs`, after the host's mapping to `wasi:http`).
fn transport_message(error: TransportError) -> String {
    match error {
        TransportError::Timeout(_) => "connection timed out".to_string(),
        TransportError::ConnectionRefused(_) => "connection refused".to_string(),
        TransportError::Other(message) => format!("host error: {message}"),
    }
}

impl Env for ReplayEnv {
    fn now_unix(&self) -> i64 {
        i64::try_from(self.now).unwrap_or(i64::MAX)
    }

    fn monotonic_ms(&self) -> u64 {
        self.monotonic_ms
    }

    fn send(&mut self, base: &BaseUrl, request: &HttpRequest) -> Result<HttpResponse, String> {
        let scheme = match base.scheme {
            Scheme::Http => "http",
            Scheme::Https => "https",
        };
        let request = odr_recording::HttpRequest {
            method: request.method.as_str().to_string(),
            url: format!("{scheme}://{}{}", base.authority, request.path_with_query()),
            headers: request.headers.clone(),
            body: request.body.clone().unwrap_or_default(),
            timeout: Duration::from_millis(u64::from(request.timeout_ms)),
        };
        let recorded = self
            .session
            .respond(&request)
            .map_err(|e| format!("host error: replay mismatch: {e}"))?;
        let response = recorded.to_http().map_err(transport_message)?;
        Ok(HttpResponse {
            status: response.status,
            headers: response.headers,
            body: response.body,
        })
    }

    fn state_get(&mut self, key: &str) -> Result<Option<String>, String> {
        Ok(self.live(key).map(|stored| stored.value.clone()))
    }

    fn state_set(&mut self, key: &str, value: &str, ttl: Option<u32>) -> Result<(), String> {
        self.store(key, value, ttl);
        Ok(())
    }

    fn state_delete(&mut self, key: &str) -> Result<(), String> {
        self.state.remove(key);
        Ok(())
    }

    fn state_add(&mut self, key: &str, value: &str, ttl: Option<u32>) -> Result<bool, String> {
        if self.live(key).is_some() {
            return Ok(false);
        }
        self.store(key, value, ttl);
        Ok(true)
    }

    fn log_call(&mut self, _action: &str, _request: &str, _response: &str) {}

    fn activity(&mut self, _message: &str, _domain: Option<&str>) {}

    fn sleep_ms(&mut self, ms: u32) {
        self.monotonic_ms += u64::from(ms);
    }
}

/// A call's outcome in the JSON form, and the same expectation read into the
/// call's own result type, for a typed comparison.
struct Outcome {
    json: Value,
    matches: Result<bool, String>,
}

fn arg<T: DeserializeOwned>(args: &Value, name: &str) -> Result<T, String> {
    from_json(args.get(name).unwrap_or(&Value::Null)).map_err(|e| format!("argument {name}: {e}"))
}

/// Compare `result` with `expect` by reading the expectation into `T`.
fn outcome<T>(result: Result<T, Error>, expect: Option<&Expect>) -> Outcome
where
    T: DeserializeOwned + PartialEq + std::fmt::Debug,
{
    let result = result.map_err(|e| e.to_wit());
    let json = match &result {
        Ok(value) => json!({ "ok": format!("{value:?}") }),
        Err(error) => json!({ "err": format!("{error:?}") }),
    };
    let matches = match expect {
        None => Ok(true),
        Some(Expect::HostError(text)) => Err(format!(
            "expects a host error ({text:?}): the boundary's, not run natively"
        )),
        Some(Expect::Ok(want)) => from_json::<T>(want).map(|want| result == Ok(want)),
        Some(Expect::Err(want)) => {
            from_json::<RegistrarError>(want).map(|want| result.as_ref().err() == Some(&want))
        }
    };
    Outcome { json, matches }
}

/// Run one exported function natively, as `src/component.rs` does in the component.
fn call(
    env: &mut ReplayEnv,
    function: &str,
    args: &Value,
    expect: Option<&Expect>,
) -> Result<Outcome, String> {
    if function == "normalize-contact" {
        mask::forget_all();
        let contact: PanelContact = arg(args, "contact")?;
        return Ok(outcome(ops::contacts::normalize_contact(&contact), expect));
    }
    if function == "panel-contact-of" {
        let contact: OdrContact = arg(args, "contact")?;
        return Ok(outcome::<PanelContact>(
            Ok(crate::contact::to_panel(&contact)),
            expect,
        ));
    }
    let settings: Settings = arg(args, "settings")?;
    if function == "api-endpoint" {
        let endpoint = url::select(&settings.api_url, settings.test_mode);
        return Ok(outcome::<String>(Ok(endpoint), expect));
    }
    mask::begin_call(&settings.api_secret);
    let s = &settings;
    let domain = || arg::<String>(args, "domain");
    Ok(match function {
        "check-credentials" => outcome(ops::account::check_credentials(env, s), expect),
        "register-domain" | "transfer-domain" => {
            let order: DomainOrder = arg(args, "order")?;
            if let Some(code) = &order.auth_code {
                mask::remember(code);
            }
            let kind = match function {
                "register-domain" => ops::order::OrderKind::Register,
                _ => ops::order::OrderKind::Transfer,
            };
            outcome(ops::order::place_order(env, s, &order, kind), expect)
        }
        "renew-domain" => outcome(ops::domain::renew_domain(env, s, &domain()?), expect),
        "get-domain-info" => outcome(ops::domain::get_domain_info(env, s, &domain()?), expect),
        "get-nameservers" => outcome(ops::domain::get_nameservers(env, s, &domain()?), expect),
        "save-nameservers" => {
            let nameservers: Vec<String> = arg(args, "nameservers")?;
            let glue: Vec<(String, String)> = arg(args, "glue")?;
            let result = ops::domain::save_nameservers(env, s, &domain()?, &nameservers, &glue);
            outcome(result, expect)
        }
        "get-auth-code" => outcome(ops::domain::get_auth_code(env, s, &domain()?), expect),
        "request-delete" => outcome(ops::domain::request_delete(env, s, &domain()?), expect),
        "check-availability" => {
            let label: String = arg(args, "label")?;
            let tlds: Vec<String> = arg(args, "tlds")?;
            let result = ops::availability::check_availability(env, s, &label, &tlds);
            outcome(result, expect)
        }
        "sync-domain" => {
            let options: SyncOptions = arg(args, "options")?;
            outcome(ops::sync::sync_domain(env, s, &domain()?, &options), expect)
        }
        "transfer-sync" => {
            let ordered_on: Option<String> = arg(args, "ordered-on")?;
            let result = ops::sync::transfer_sync(env, s, &domain()?, ordered_on.as_deref());
            outcome(result, expect)
        }
        "get-contacts" => outcome(ops::contacts::get_contacts(env, s, &domain()?), expect),
        "sync-contacts" => {
            let desired: DesiredContacts = arg(args, "desired")?;
            outcome(
                ops::contacts::sync_contacts(env, s, &domain()?, &desired),
                expect,
            )
        }
        "build-domain-report" => {
            let panel: Vec<PanelDomain> = arg(args, "panel-domains")?;
            outcome(ops::report::build_domain_report(env, s, &panel), expect)
        }
        "expiry-preview" => {
            let panel: Vec<PanelDomain> = arg(args, "panel-domains")?;
            let offset: Option<u32> = arg(args, "next-due-offset-days")?;
            outcome(ops::report::expiry_preview(env, s, &panel, offset), expect)
        }
        "register-domain-with-fields" => {
            let order: DomainOrder = arg(args, "order")?;
            let fields: Vec<(String, String)> = arg(args, "fields")?;
            let kind = ops::order::OrderKind::Register;
            let result = ops::order::place_order_with_fields(env, s, &order, kind, &fields);
            outcome(result, expect)
        }
        "delete-domain-now" => outcome(ops::delete::delete_domain_now(env, s, &domain()?), expect),
        "get-account" => outcome(ops::account::get_account(env, s), expect),
        "get-tld-pricing" => outcome(ops::pricing::get_tld_pricing(env, s), expect),
        "get-dnssec" => outcome(ops::dnssec::get_dnssec(env, s, &domain()?), expect),
        "set-dnssec" => {
            let keys: Vec<DnssecKey> = arg(args, "keys")?;
            outcome(ops::dnssec::set_dnssec(env, s, &domain()?, &keys), expect)
        }
        "get-dns-zone" => outcome(ops::dns::get_dns_zone(env, s, &domain()?), expect),
        "save-dns-zone" => {
            let records: Vec<DnsRecord> = arg(args, "records")?;
            outcome(
                ops::dns::save_dns_zone(env, s, &domain()?, &records),
                expect,
            )
        }
        "list-importable-domains" => {
            let names: Vec<String> = arg(args, "panel-names")?;
            outcome(ops::import::list_importable_domains(env, s, &names), expect)
        }
        "get-order-fields" => {
            let tld: String = arg(args, "tld")?;
            outcome(ops::order_fields::get_order_fields(env, s, &tld), expect)
        }
        other => return Err(format!("no native runner for `{other}`")),
    })
}

/// Replay one recording natively; every failure as a readable line.
fn replay(recording: &Recording) -> Vec<String> {
    let base = test_settings();
    let credentials = Credentials::from_settings(&base).unwrap_or_else(Credentials::test);
    let mut env = ReplayEnv {
        now: recording.now,
        monotonic_ms: 0,
        session: ReplaySession::new(recording.exchanges.clone(), credentials),
        state: BTreeMap::new(),
    };
    for (key, seed) in &recording.state {
        let (value, expires_at) = match seed {
            SeedValue::Plain(value) => (value.clone(), None),
            SeedValue::Expiring { value, expires_at } => (value.clone(), Some(*expires_at)),
        };
        env.state.insert(key.clone(), Stored { value, expires_at });
    }
    let mut failures = Vec::new();
    for (i, recorded) in recording.calls.iter().enumerate() {
        let when = format!("call #{} ({})", i + 1, recorded.function);
        let args = resolve_settings(&recorded.args, &base);
        if let Some(credentials) = args.get("settings").and_then(Credentials::from_settings) {
            env.session.set_credentials(credentials);
        }
        // Each call is a fresh instance at the boundary: its monotonic clock starts anew.
        env.monotonic_ms = 0;
        let mismatches_before = env.session.failures().len();
        let result = call(
            &mut env,
            &recorded.function,
            &args,
            recorded.expect.as_ref(),
        );
        let mismatches = env.session.failures();
        if mismatches.len() > mismatches_before {
            failures.extend(
                mismatches[mismatches_before..]
                    .iter()
                    .map(|m| format!("{when}: {m}")),
            );
            break;
        }
        match result {
            Err(problem) => failures.push(format!("{when}: {problem}")),
            Ok(Outcome {
                matches: Ok(true), ..
            }) => {}
            Ok(Outcome {
                matches: Err(problem),
                ..
            }) => failures.push(format!("{when}: {problem}")),
            Ok(Outcome {
                json,
                matches: Ok(false),
            }) => {
                let wanted = match &recorded.expect {
                    Some(Expect::Ok(v)) => json!({ "ok": v }),
                    Some(Expect::Err(v)) => json!({ "err": v }),
                    _ => Value::Null,
                };
                let mut lines = Vec::new();
                json_diff(&wanted, &json, "", &mut lines);
                failures.push(format!(
                    "{when}: the result differs from `expect` {}:\n{}",
                    compact(&wanted),
                    indent(&lines.join("\n"))
                ));
            }
        }
        if let Some(expected) = &recorded.expect_state {
            let lookup = |key: &str| env.live(key).map(|stored| stored.value.clone());
            check_state(lookup, expected, &when, &mut failures);
        }
    }
    if failures.is_empty() {
        if let Err(error) = env.session.finish() {
            failures.push(format!("after the last call: {error}"));
        }
        if let Some(expected) = &recording.expect_state {
            let lookup = |key: &str| env.live(key).map(|stored| stored.value.clone());
            check_state(lookup, expected, "after the last call", &mut failures);
        }
    }
    failures
}

fn recordings_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/recordings")
}

/// Every recording, by file name.
fn corpus() -> Vec<(String, Recording)> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(recordings_dir())
        .expect("tests/recordings/ is readable")
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|path| {
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
            let text = std::fs::read_to_string(&path).expect("a recording is readable");
            let recording = Recording::from_json(&text)
                .unwrap_or_else(|e| panic!("{}: not a recording: {e}", path.display()));
            (name.unwrap_or_default(), recording)
        })
        .collect()
}

#[test]
fn every_recording_replays_natively() {
    let corpus = corpus();
    // The corpus is the point: an empty or vanished folder must not pass.
    assert!(
        corpus.len() >= 100,
        "only {} recordings found",
        corpus.len()
    );
    let mut failed = Vec::new();
    let mut boundary_only = Vec::new();
    for (name, recording) in &corpus {
        // A host error (a limit, the origin allow-list) exists only at the boundary:
        // such a recording runs through the component alone (tests/replay.rs), and is
        // named here rather than counted as passing.
        let host_error = recording
            .calls
            .iter()
            .any(|call| matches!(call.expect, Some(Expect::HostError(_))));
        if host_error {
            boundary_only.push(name.as_str());
            continue;
        }
        let failures = replay(recording);
        if !failures.is_empty() {
            failed.push(format!("{name}:\n{}", indent(&failures.join("\n"))));
        }
    }
    if !boundary_only.is_empty() {
        eprintln!(
            "{} recordings expect a host error and run through the component only: {}",
            boundary_only.len(),
            boundary_only.join(", ")
        );
    }
    assert!(
        failed.is_empty(),
        "{} of {} recordings failed natively:\n{}",
        failed.len(),
        corpus.len() - boundary_only.len(),
        failed.join("\n")
    );
}

#[test]
fn a_changed_expectation_fails_natively() {
    // The runner must be able to fail: the first recording with an `ok` expectation,
    // its expected value replaced, no longer passes.
    let (name, mut recording) = corpus()
        .into_iter()
        .find(|(_, r)| {
            r.calls
                .iter()
                .any(|c| matches!(c.expect, Some(Expect::Ok(_))))
        })
        .expect("a recording with an ok expectation");
    for call in &mut recording.calls {
        if let Some(Expect::Ok(value)) = &mut call.expect {
            *value = json!("not what the operation returns");
        }
    }
    assert!(
        !replay(&recording).is_empty(),
        "{name} passed with a wrong expectation"
    );
}
