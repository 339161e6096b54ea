//! The engine configuration: one function for precompiling and for loading.
//!
//! A `.cwasm` loads only into an engine of the same wasmtime version, built with the
//! same wasmtime cargo features and configured the same way. The CLI precompiles
//! with the `compiler` feature (Cranelift); the PHP extension loads without it. Both
//! call [`config`], and the workspace keeps wasmtime's cargo features identical
//! apart from `cranelift` (`runtime, std, component-model, async`: no GC, no
//! threads, no component-model-async), so the two engines agree.

use wasmtime::{Config, Engine};

/// The wasmtime configuration every engine of this crate uses.
///
/// - component model on;
/// - fuel consumption on (the per-call deadline);
/// - no GC, threads or component-model-async: not compiled in (see the module docs);
/// - everything else wasmtime's default for this target.
///
/// Sync versus async is decided by which API is called (wasmtime 48's
/// `Config::async_support` does nothing); this crate uses the async API only.
pub fn config() -> Config {
    let mut config = Config::new();
    config.wasm_component_model(true);
    config.consume_fuel(true);
    config
}

/// A new engine with [`config`].
pub fn engine() -> wasmtime::Result<Engine> {
    Engine::new(&config())
}
