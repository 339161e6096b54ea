//! The sandbox and the host's guarantees, against the real component: allow-list,
//! deadline, memory cap, containment of failures, value-mapping errors, where
//! capabilities run, state-store failures, precompiled components.

use odr_host::{
    CallOptions, CallOutcome, Capabilities, HostError, HttpRequest, HttpResponse, LogSink,
    MemoryLog, MemoryState, Runtime, StateStore, Transport, TransportError,
};
use odr_replay_tests::{
    component_path, json_response, runtime, settings_with, test_settings, Harness,
    ScriptedTransport,
};
use serde_json::{json, Value};
use std::cell::RefCell;
use std::path::PathBuf;
use std::thread::{self, ThreadId};

fn panel_contact() -> Value {
    json!({
        "first-name": "Jan", "last-name": "Jansen", "company-name": "",
        "email": "jan@example.nl", "address1": "Kerkstraat 42", "address2": "",
        "city": "Amsterdam", "state": "Noord-Holland", "postcode": "1234 AB",
        "country": "NL", "phone": "+31.201234567", "fax": "", "vat-number": "",
        "language": "nl"
    })
}

/// A cheap call that needs the guest but no capability.
fn endpoint_of(settings: Value) -> Result<CallOutcome, HostError> {
    Harness::new().call(
        &ScriptedTransport::not_found(),
        "api-endpoint",
        &json!({ "settings": settings }),
    )
}

fn assert_runtime_still_works() {
    assert_eq!(
        endpoint_of(test_settings()).expect("a normal call after a failure"),
        CallOutcome::Ok(json!("http://odr.test/"))
    );
}

#[test]
fn the_component_exports_every_wit_function() {
    let functions = runtime().functions();
    for name in [
        "api-endpoint",
        "check-credentials",
        "register-domain",
        "transfer-domain",
        "renew-domain",
        "get-domain-info",
        "get-nameservers",
        "save-nameservers",
        "get-auth-code",
        "request-delete",
        "check-availability",
        "sync-domain",
        "transfer-sync",
        "get-contacts",
        "sync-contacts",
        "build-domain-report",
        "expiry-preview",
        "normalize-contact",
    ] {
        assert!(
            functions.iter().any(|f| f == name),
            "{name} missing from {functions:?}"
        );
    }
}

#[test]
fn the_component_imports_no_filesystem_and_no_sockets() {
    let imports = runtime().imports();
    let forbidden: Vec<&String> = imports
        .iter()
        .filter(|name| name.starts_with("wasi:filesystem") || name.starts_with("wasi:sockets"))
        .collect();
    assert!(
        forbidden.is_empty(),
        "the component imports {forbidden:?} (all imports: {imports:?})"
    );
}

#[test]
fn api_endpoint_is_pure_and_follows_the_settings() {
    let never = ScriptedTransport::new(|_| panic!("api-endpoint made a request"));
    let harness = Harness::new();
    let endpoint = |settings: Value| {
        harness
            .call(&never, "api-endpoint", &json!({ "settings": settings }))
            .expect("api-endpoint")
    };
    assert_eq!(
        endpoint(test_settings()),
        CallOutcome::Ok(json!("http://odr.test/"))
    );
    assert_eq!(
        endpoint(settings_with(json!({"api-url": "", "test-mode": true}))),
        CallOutcome::Ok(json!("http://api.odrregistry.nl/"))
    );
    assert_eq!(
        endpoint(settings_with(json!({"api-url": "", "test-mode": false}))),
        CallOutcome::Ok(json!("https://api.opendomainregistry.net/"))
    );
    assert!(never.seen().is_empty());
}

/// Every request a call makes goes to the origin `api-endpoint` names, whatever the
/// inputs try; a request elsewhere would be refused by the host before the
/// transport (the hook itself is unit-tested in odr-host).
#[test]
fn requests_stay_on_the_api_origin() {
    let harness = Harness::new();
    let cases = [
        (test_settings(), "http://odr.test/"),
        (
            settings_with(json!({"api-url": "http://odr.test:8080/"})),
            "http://odr.test:8080/",
        ),
        (
            settings_with(json!({"api-url": "", "test-mode": true})),
            "http://api.odrregistry.nl/",
        ),
    ];
    let hostile_domains = [
        "example.nl",
        "evil.test/../../x",
        "x@evil.test",
        "example.nl?next=http://evil.test/",
        "http://evil.test/",
        "example.nl#@evil.test",
        "//evil.test/x",
    ];
    let mut requests = 0;
    for (settings, origin) in cases {
        for domain in hostile_domains {
            let transport = ScriptedTransport::not_found();
            let outcome = harness.call(
                &transport,
                "get-nameservers",
                &json!({"settings": settings, "domain": domain}),
            );
            assert!(
                outcome.is_ok(),
                "{domain}: expected the component's own answer, got {outcome:?}"
            );
            for request in transport.seen() {
                requests += 1;
                assert!(
                    request.url.starts_with(origin),
                    "{domain}: a request left {origin}: {}",
                    request.url
                );
            }
        }
    }
    assert!(requests > 0, "no call made any request");
}

#[test]
fn the_fuel_deadline_stops_a_call_and_the_next_call_works() {
    let harness = Harness::new();
    let tiny = CallOptions {
        fuel: 10_000,
        ..harness.options
    };
    let result = harness.call_with(
        &ScriptedTransport::not_found(),
        "normalize-contact",
        &json!({ "contact": panel_contact() }),
        &tiny,
    );
    match result {
        Err(HostError::DeadlineExceeded) => {}
        other => panic!("expected DeadlineExceeded, got {other:?}"),
    }
    let message = HostError::DeadlineExceeded.to_string();
    assert!(
        message.contains("deadline") && message.contains("fuel"),
        "{message}"
    );
    assert_runtime_still_works();
}

#[test]
fn the_memory_cap_holds_and_the_next_call_works() {
    let harness = Harness::new();
    // Too small for the component's initial memory: refused at instantiation.
    let tiny = CallOptions {
        memory_limit_bytes: 64 * 1024,
        ..harness.options
    };
    match harness.call_with(
        &ScriptedTransport::not_found(),
        "api-endpoint",
        &json!({ "settings": test_settings() }),
        &tiny,
    ) {
        Err(HostError::MemoryLimitExceeded) => {}
        other => panic!("expected MemoryLimitExceeded at instantiation, got {other:?}"),
    }
    assert_runtime_still_works();

    // Enough to start, not enough for 200,000 panel domains: refused while growing.
    let small = CallOptions {
        memory_limit_bytes: 4 << 20,
        ..harness.options
    };
    let domains: Vec<Value> = (0..200_000)
        .map(|i| json!({"domain": format!("domain-{i:06}.nl"), "expiry": "2026-01-01", "next-due": null}))
        .collect();
    match harness.call_with(
        &ScriptedTransport::not_found(),
        "expiry-preview",
        &json!({"settings": test_settings(), "panel-domains": domains, "next-due-offset-days": null}),
        &small,
    ) {
        Err(HostError::MemoryLimitExceeded) => {}
        other => panic!("expected MemoryLimitExceeded while growing, got {other:?}"),
    }
    assert_runtime_still_works();
}

struct PanickingTransport;

impl Transport for PanickingTransport {
    fn send(&self, _request: HttpRequest) -> Result<HttpResponse, TransportError> {
        panic!("the PHP transport blew up");
    }
}

/// Answers a login and every availability check (available).
fn search_answers() -> ScriptedTransport {
    ScriptedTransport::new(|request| {
        let body = if request.url.ends_with("/user/login/") {
            r#"{"status":"success","code":200,"response":{"token":"t0k3n","as_header":"X-Access-Token"}}"#
        } else {
            r#"{"status":"success","code":200,"response":{"is_available":true}}"#
        };
        Ok(json_response(200, body))
    })
}

#[test]
fn a_search_reaches_the_transport_as_one_batch_within_the_limiter() {
    let search = |count: usize| {
        let transport = search_answers();
        let tlds: Vec<String> = (0..count).map(|i| format!("t{i}")).collect();
        let outcome = Harness::new()
            .call(
                &transport,
                "check-availability",
                &json!({"settings": test_settings(), "label": "example", "tlds": tlds}),
            )
            .expect("call");
        let CallOutcome::Ok(results) = outcome else {
            panic!("the search failed: {outcome:?}");
        };
        assert_eq!(results.as_array().map(Vec::len), Some(count));
        (transport.batches(), transport.seen().len())
    };
    // Cold: the login alone, then every check handed over together.
    assert_eq!(search(5), (vec![5], 6));
    // At most 20 in flight; the limiter's bucket (24) holds the login, a full
    // batch and 3 more; the last two wait for the rate and go one by one.
    assert_eq!(search(25), (vec![20, 3], 26));
}

#[test]
fn a_capability_that_panics_fails_the_call_cleanly() {
    let harness = Harness::new();
    let result = harness.call(
        &PanickingTransport,
        "get-nameservers",
        &json!({"settings": test_settings(), "domain": "example.nl"}),
    );
    match result {
        Err(HostError::Capability(message)) => {
            assert!(message.contains("blew up"), "{message}")
        }
        other => panic!("expected a capability error, got {other:?}"),
    }
    assert_runtime_still_works();
}

#[test]
fn argument_errors_name_the_key() {
    let harness = Harness::new();
    let transport = ScriptedTransport::not_found();
    let error_of = |function: &str, args: Value| match harness.call(&transport, function, &args) {
        Err(HostError::Argument { path, message }) => (path, message),
        other => panic!("{function}: expected an argument error, got {other:?}"),
    };

    let mut contact = panel_contact();
    contact.as_object_mut().expect("object").remove("country");
    let (path, message) = error_of("normalize-contact", json!({ "contact": contact }));
    assert_eq!(
        (path.as_str(), message.as_str()),
        ("contact.country", "missing key")
    );

    let mut contact = panel_contact();
    contact["first-name"] = json!(42);
    let (path, message) = error_of("normalize-contact", json!({ "contact": contact }));
    assert_eq!(path, "contact.first-name");
    assert_eq!(message, "expected a string, got 42");

    let mut contact = panel_contact();
    contact["postal_code"] = json!("1234AB");
    let (path, message) = error_of("normalize-contact", json!({ "contact": contact }));
    assert_eq!(path, "contact.postal_code");
    assert!(message.starts_with("unknown key"), "{message}");

    let settings = settings_with(json!({"request-timeout-ms": "abc"}));
    let (path, message) = error_of("api-endpoint", json!({ "settings": settings }));
    assert_eq!(path, "settings.request-timeout-ms");
    assert_eq!(message, "expected a number in 0..=4294967295, got \"abc\"");

    let settings = settings_with(json!({"tech-contact": {"fixed": "abc"}}));
    let (path, _) = error_of("api-endpoint", json!({ "settings": settings }));
    assert_eq!(path, "settings.tech-contact.fixed");

    let (path, _) = error_of("get-nameservers", json!({ "settings": test_settings() }));
    assert_eq!(path, "domain");

    match harness.call(&transport, "no-such-function", &json!({})) {
        Err(HostError::UnknownFunction(name)) => assert_eq!(name, "no-such-function"),
        other => panic!("expected UnknownFunction, got {other:?}"),
    }
    assert!(transport.seen().is_empty(), "a refused call made a request");
}

#[test]
fn value_mapping_round_trips_a_real_result() {
    let outcome = Harness::new()
        .call(
            &ScriptedTransport::not_found(),
            "normalize-contact",
            &json!({ "contact": panel_contact() }),
        )
        .expect("normalize-contact");
    let CallOutcome::Ok(contact) = outcome else {
        panic!("expected an ODR contact, got {outcome:?}");
    };
    // The record comes back keyed by the WIT field names.
    for field in [
        "first-name",
        "house-number",
        "postal-code",
        "legal-form",
        "phone",
    ] {
        assert!(contact.get(field).is_some(), "{field} missing in {contact}");
    }
}

/// Where capabilities run: on the caller's thread and the caller's own stack (not
/// wasmtime's fiber), which PHP 8.3+ needs.
struct Witness<'a> {
    inner_state: &'a MemoryState,
    inner_log: &'a MemoryLog,
    seen: RefCell<Vec<(ThreadId, usize)>>,
}

impl Witness<'_> {
    fn note(&self) {
        let marker = 0u8;
        let address = std::hint::black_box(&marker) as *const u8 as usize;
        self.seen
            .borrow_mut()
            .push((thread::current().id(), address));
    }
}

impl Transport for Witness<'_> {
    fn send(&self, _request: HttpRequest) -> Result<HttpResponse, TransportError> {
        self.note();
        Ok(odr_replay_tests::json_response(
            401,
            r#"{"status":"error","code":401,"response":{"message":"Invalid signature","data":[]}}"#,
        ))
    }
}

impl StateStore for Witness<'_> {
    fn get(&self, key: &str) -> Result<Option<String>, String> {
        self.note();
        self.inner_state.get(key)
    }
    fn set(&self, key: &str, value: &str, ttl: Option<u32>) -> Result<(), String> {
        self.note();
        self.inner_state.set(key, value, ttl)
    }
    fn delete(&self, key: &str) -> Result<(), String> {
        self.note();
        self.inner_state.delete(key)
    }
    fn add(&self, key: &str, value: &str, ttl: Option<u32>) -> Result<bool, String> {
        self.note();
        self.inner_state.add(key, value, ttl)
    }
}

impl LogSink for Witness<'_> {
    fn module_call(&self, action: &str, request: &str, response: &str) {
        self.note();
        self.inner_log.module_call(action, request, response);
    }
    fn activity(&self, message: &str, domain: Option<&str>) {
        self.note();
        self.inner_log.activity(message, domain);
    }
}

#[test]
fn capabilities_run_on_the_callers_thread_and_stack() {
    let harness = Harness::new();
    let witness = Witness {
        inner_state: &harness.state,
        inner_log: &harness.log,
        seen: RefCell::new(Vec::new()),
    };
    let marker = 0u8;
    let here = std::hint::black_box(&marker) as *const u8 as usize;
    let caps = Capabilities {
        transport: &witness,
        state: &witness,
        log: &witness,
    };
    let outcome = runtime().call(
        caps,
        "get-nameservers",
        &json!({"settings": test_settings(), "domain": "example.nl"}),
        &harness.options,
    );
    assert!(outcome.is_ok(), "{outcome:?}");
    let seen = witness.seen.borrow();
    assert!(!seen.is_empty(), "no capability was called");
    for (thread_id, address) in seen.iter() {
        assert_eq!(
            *thread_id,
            thread::current().id(),
            "a capability ran on another thread"
        );
        // The test thread's stack is 2 MiB (or RUST_MIN_STACK); a fiber stack is
        // a separate mapping far away.
        let distance = here.abs_diff(*address);
        assert!(
            distance < 8 << 20,
            "a capability ran {distance} bytes away from the caller's stack (a fiber stack?)"
        );
    }
}

#[test]
fn a_state_store_failure_is_the_components_transport_error() {
    let harness = Harness::new();
    harness.state.fail_with(Some("database is down"));
    let transport = ScriptedTransport::not_found();
    let outcome = harness
        .call(
            &transport,
            "get-nameservers",
            &json!({"settings": test_settings(), "domain": "example.nl"}),
        )
        .expect("a store failure is the component's error, not the host's");
    match &outcome {
        CallOutcome::Err(error) => assert!(
            error.get("transport").is_some(),
            "expected a transport error, got {error}"
        ),
        CallOutcome::Ok(value) => panic!("expected an error, got {value}"),
    }
    harness.state.fail_with(None);
    assert_runtime_still_works();
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("odr-sandbox-{}-{name}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    dir
}

#[test]
fn a_precompiled_component_loads_and_a_broken_one_says_how_to_regenerate() {
    let dir = scratch("cwasm");
    let cwasm = dir.join("odr_registrar.cwasm");
    Runtime::precompile(&component_path(), &cwasm).expect("precompile");
    let loaded = Runtime::load(&cwasm).expect("load the .cwasm");
    assert_eq!(loaded.functions(), runtime().functions());
    let harness = Harness::new();
    let caps = Capabilities {
        transport: &ScriptedTransport::not_found(),
        state: &harness.state,
        log: &harness.log,
    };
    assert_eq!(
        loaded
            .call(
                caps,
                "api-endpoint",
                &json!({ "settings": test_settings() }),
                &harness.options
            )
            .expect("call"),
        CallOutcome::Ok(json!("http://odr.test/"))
    );

    let bytes = std::fs::read(&cwasm).expect("read");
    let broken = dir.join("broken.cwasm");
    std::fs::write(&broken, &bytes[..bytes.len() * 6 / 10]).expect("write");
    match Runtime::load(&broken) {
        Err(HostError::Load { message, .. }) => {
            assert!(message.contains("odr precompile"), "{message}")
        }
        other => panic!("expected a load error, got {other:?}"),
    }
    match Runtime::load(&dir.join("missing.cwasm")) {
        Err(HostError::Load { message, .. }) => {
            assert!(message.contains("cannot read"), "{message}")
        }
        other => panic!("expected a load error, got {other:?}"),
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_runtime_is_shared_across_threads() {
    let runtime = runtime().clone();
    let handles: Vec<_> = (0..4)
        .map(|_| {
            let runtime = runtime.clone();
            thread::spawn(move || {
                let harness = Harness::new();
                let caps = Capabilities {
                    transport: &ScriptedTransport::not_found(),
                    state: &harness.state,
                    log: &harness.log,
                };
                runtime.call(
                    caps,
                    "api-endpoint",
                    &json!({ "settings": test_settings() }),
                    &harness.options,
                )
            })
        })
        .collect();
    for handle in handles {
        let outcome = handle.join().expect("thread").expect("call");
        assert_eq!(outcome, CallOutcome::Ok(json!("http://odr.test/")));
    }
}

/// The test-only escape component (`tests/escape`, built for wasm32-wasip2 by
/// `make test`): `$ODR_ESCAPE_COMPONENT`, else its release build.
fn escape_runtime() -> Runtime {
    let path = std::env::var_os("ODR_ESCAPE_COMPONENT")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("../target/wasm32-wasip2/release/odr_escape_component.wasm")
        });
    assert!(
        path.exists(),
        "the escape component is missing at {}: build it with `cargo build --release \
         --target wasm32-wasip2 -p odr-escape-component` (make test does)",
        path.display()
    );
    Runtime::load(&path).expect("load the escape component")
}

/// A component that sends requests wherever it likes: every request away from the
/// origin its `api-endpoint` names (another host, an IP literal, another port,
/// another scheme) is refused by the host, and the transport (PHP's, in the
/// extension) never sees it; the allowed origin is reached.
#[test]
fn a_component_trying_to_escape_is_refused_before_the_transport() {
    let runtime = escape_runtime();
    let harness = Harness::new();
    let transport = ScriptedTransport::new(|_| Ok(json_response(200, "{}")));
    let attempt = |scheme: &str, authority: &str| {
        let caps = Capabilities {
            transport: &transport,
            state: &harness.state,
            log: &harness.log,
        };
        runtime
            .call(
                caps,
                "escape",
                &json!({"settings": "http://odr.test/", "scheme": scheme,
                        "authority": authority, "path": "/user/"}),
                &harness.options,
            )
            .expect("the escape call itself runs")
    };
    for (scheme, authority) in [
        ("http", "evil.test"),
        ("http", "127.0.0.1"),
        ("http", "[::1]"),
        ("http", "10.0.0.1:80"),
        ("http", "odr.test:8080"),
        ("http", "odr.test.evil.test"),
        ("http", "evil.test@odr.test"),
        ("https", "odr.test"),
        ("ftp", "odr.test"),
    ] {
        let outcome = attempt(scheme, authority);
        let CallOutcome::Err(error) = &outcome else {
            panic!("{scheme}://{authority} was not refused: {outcome:?}");
        };
        // Refused by the host's allow-list; a scheme that is not HTTP at all is
        // refused by wasi-http itself (a protocol error). Both before the transport.
        let text = error.to_string();
        let expected = if scheme == "ftp" {
            "HttpProtocolError"
        } else {
            "HttpRequestDenied"
        };
        assert!(text.contains(expected), "{scheme}://{authority}: {error}");
        assert!(
            transport.seen().is_empty(),
            "{scheme}://{authority} reached the transport: {:?}",
            transport.seen()
        );
    }
    // The allowed origin goes through: the refusals above were the host's.
    assert_eq!(attempt("http", "odr.test"), CallOutcome::Ok(json!(200)));
    let seen = transport.seen();
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].url, "http://odr.test/user/");
}
