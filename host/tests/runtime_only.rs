//! A `.cwasm` made by `odr precompile` (Cranelift) loads into odr-host built WITHOUT
//! the compiler, as the PHP extension builds it.
//!
//! Cargo unifies features per invocation, so run this on its own:
//!
//! ```sh
//! odr precompile target/wasm32-wasip2/release/odr_registrar.wasm target/odr_registrar.cwasm
//! cargo test --profile host -p odr-host --test runtime_only
//! ```
//!
//! The `.cwasm` is `$ODR_CWASM`, else `target/odr_registrar.cwasm` (the Makefile's).
//! In an invocation that enables the compiler these tests are reported as ignored.

use odr_host::{
    CallOptions, CallOutcome, Capabilities, Clock, HostError, HttpRequest, HttpResponse, MemoryLog,
    MemoryState, Runtime, Transport, TransportError,
};
use std::path::{Path, PathBuf};

struct NoNetwork;

impl Transport for NoNetwork {
    fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        Err(TransportError::ConnectionRefused(request.url))
    }
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from(".."))
}

/// Reported as ignored, not passed, in an invocation that built the compiler in.
#[test]
#[cfg_attr(feature = "compiler", ignore = "needs odr-host without the compiler")]
fn a_precompiled_component_loads_without_the_compiler() {
    let cwasm = std::env::var_os("ODR_CWASM")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("target/odr_registrar.cwasm"));
    assert!(
        cwasm.exists(),
        "{} is missing: make it with `odr precompile \
         target/wasm32-wasip2/release/odr_registrar.wasm {}` (or `make cwasm`)",
        cwasm.display(),
        cwasm.display()
    );
    let runtime = Runtime::load(&cwasm).unwrap_or_else(|e| panic!("{e}"));
    assert!(runtime.functions().iter().any(|f| f == "api-endpoint"));

    let clock = Clock::Pinned {
        unix_seconds: 1_764_547_200,
    };
    let state = MemoryState::new(clock);
    let log = MemoryLog::new();
    let caps = Capabilities {
        transport: &NoNetwork,
        state: &state,
        log: &log,
    };
    let settings = serde_json::json!({
        "api-key": "public$testkey", "api-secret": "secret$testsecret",
        "api-url": "http://odr.test/", "test-mode": false,
        "onsite-contact": "same-as-registrant", "tech-contact": "same-as-registrant",
        "request-timeout-ms": 0,
        "max-requests-per-second": 0
    });
    let outcome = runtime
        .call(
            caps,
            "api-endpoint",
            &serde_json::json!({ "settings": settings }),
            &CallOptions {
                clock,
                ..CallOptions::default()
            },
        )
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        outcome,
        CallOutcome::Ok(serde_json::json!("http://odr.test/"))
    );
}

#[test]
#[cfg_attr(feature = "compiler", ignore = "needs odr-host without the compiler")]
fn a_wasm_needs_the_compiler_and_the_error_says_how_to_precompile() {
    let wasm = workspace_root().join("target/wasm32-wasip2/release/odr_registrar.wasm");
    assert!(
        wasm.exists(),
        "{} is missing: build it with `cargo build --release --target wasm32-wasip2`",
        wasm.display()
    );
    match Runtime::load(&wasm) {
        Err(HostError::Load { message, .. }) => {
            assert!(message.contains("odr precompile"), "{message}")
        }
        other => panic!("expected a load error, got {other:?}"),
    }
}
