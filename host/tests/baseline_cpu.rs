//! A released `.cwasm` must load on any CPU of its architecture, not only on the build
//! machine's (a `.cwasm` compiled with AVX-512 was refused on most servers).
//!
//! "Any CPU" is an engine whose host-feature probe reports no optional feature at all
//! (`engine::baseline_host_engine`): wasmtime refuses into it every `.cwasm` that uses
//! SSE4, AVX, AVX2, AVX-512, LSE, ... exactly as an old CPU would.
//!
//! Needs the component (`make component`); `$ODR_COMPONENT` or the Makefile's path.
//! `$ODR_RELEASE_CWASM` (set by `scripts/release.sh --check`) adds the release's file.

use odr_host::{cwasm, engine};
use std::path::{Path, PathBuf};
use wasmtime::component::Component;

#[cfg(feature = "compiler")]
fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from(".."))
}

#[cfg(feature = "compiler")]
fn component() -> PathBuf {
    let wasm = std::env::var_os("ODR_COMPONENT")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            workspace_root().join("target/wasm32-wasip2/release/odr_registrar.wasm")
        });
    assert!(
        wasm.exists(),
        "{} is missing: build it with `make component`",
        wasm.display()
    );
    wasm
}

#[cfg(feature = "compiler")]
fn host_target() -> &'static str {
    engine::release_target(std::env::consts::ARCH).expect("a release architecture")
}

/// Loads `cwasm` into the baseline-CPU engine: Ok or wasmtime's reason.
fn load_on_baseline_cpu(cwasm: &Path) -> Result<(), String> {
    let engine = engine::baseline_host_engine().map_err(|e| format!("{e:#}"))?;
    // SAFETY: files made by this test or by the release from this workspace.
    unsafe { Component::deserialize_file(&engine, cwasm) }
        .map(|_| ())
        .map_err(|e| format!("{e:#}"))
}

// The two tests that precompile exist only in builds with the compiler (the CLI's and the
// harness's `cargo test`); the runtime-only build (the PHP extension's) has the two below them.
#[cfg(feature = "compiler")]
#[test]
fn the_precompiled_component_needs_no_optional_cpu_feature_and_loads_on_a_baseline_cpu() {
    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("baseline.cwasm");
    odr_host::Runtime::precompile(&component(), &out).unwrap_or_else(|e| panic!("{e}"));

    let info = cwasm::inspect(&out).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(info.target, host_target());
    assert_eq!(info.wasmtime_version, "48");
    assert!(
        info.cpu_features.is_empty(),
        "a release .cwasm must need no optional CPU feature, needs {:?}",
        info.cpu_features
    );
    load_on_baseline_cpu(&out).unwrap_or_else(|e| panic!("refused on a baseline CPU: {e}"));

    // And it runs here: one pure call.
    let runtime = odr_host::Runtime::load(&out).unwrap_or_else(|e| panic!("{e}"));
    assert!(runtime.functions().iter().any(|f| f == "api-endpoint"));
}

/// The check above can fail: a `.cwasm` compiled for this machine's own CPU (what the
/// default engine does) names its features and is refused by the baseline engine.
#[cfg(feature = "compiler")]
#[test]
fn a_component_compiled_for_this_cpu_is_refused_on_a_baseline_cpu() {
    let native = engine::engine().unwrap_or_else(|e| panic!("{e:#}"));
    let bytes = std::fs::read(component()).unwrap_or_else(|e| panic!("{e}"));
    let compiled = native
        .precompile_component(&bytes)
        .unwrap_or_else(|e| panic!("{e:#}"));
    let info = cwasm::inspect_bytes(&compiled).unwrap_or_else(|e| panic!("{e}"));
    if info.cpu_features.is_empty() {
        // A build machine with no optional feature at all: nothing to refuse. Say so
        // rather than pass silently.
        eprintln!("this CPU has no optional feature wasmtime uses; nothing to refuse");
        return;
    }
    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("native.cwasm");
    std::fs::write(&out, compiled).unwrap_or_else(|e| panic!("{e}"));
    let error = load_on_baseline_cpu(&out).expect_err("a native .cwasm must be refused");
    assert!(
        error.contains("is enabled, but not available on the host"),
        "{error}"
    );
}

/// The release's own file (scripts/release.sh sets ODR_RELEASE_CWASM to it).
#[test]
#[ignore = "run by scripts/release.sh with ODR_RELEASE_CWASM=dist/.../odr_registrar.cwasm"]
fn the_release_cwasm_loads_on_a_baseline_cpu() {
    let path = std::env::var_os("ODR_RELEASE_CWASM")
        .map(PathBuf::from)
        .expect("ODR_RELEASE_CWASM names the release's .cwasm");
    let info = cwasm::inspect(&path).unwrap_or_else(|e| panic!("{e}"));
    assert!(info.cpu_features.is_empty(), "{:?}", info.cpu_features);
    load_on_baseline_cpu(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}

#[test]
fn inspect_refuses_what_is_not_a_cwasm() {
    let error = cwasm::inspect_bytes(b"\0asm\x0d\0\x01\0").expect_err("not ELF");
    assert!(error.contains("not a precompiled component"), "{error}");
}
