//! What the CLI's end-to-end tests share: the precompiled component and scratch folders.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// The `odr` binary under test.
pub const ODR: &str = env!("CARGO_BIN_EXE_odr");

/// The component, precompiled once per test process (each `odr` run then loads in
/// about a millisecond instead of compiling). `ODR_COMPONENT` overrides the `.wasm`.
pub fn component() -> PathBuf {
    static CWASM: OnceLock<PathBuf> = OnceLock::new();
    CWASM
        .get_or_init(|| {
            let wasm = std::env::var_os("ODR_COMPONENT")
                .map(PathBuf::from)
                .unwrap_or_else(|| {
                    Path::new(env!("CARGO_MANIFEST_DIR"))
                        .join("../target/wasm32-wasip2/release/odr_registrar.wasm")
                });
            assert!(
                wasm.exists(),
                "{} is missing: build it with `cargo build --release --target wasm32-wasip2`",
                wasm.display()
            );
            let cwasm = scratch("cwasm").join("odr_registrar.cwasm");
            let status = Command::new(ODR)
                .arg("precompile")
                .arg(&wasm)
                .arg(&cwasm)
                .status()
                .expect("odr precompile");
            assert!(status.success(), "odr precompile failed");
            cwasm
        })
        .clone()
}

/// An empty folder of this test process.
pub fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("odr-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}
