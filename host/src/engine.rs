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
/// - linear memory sized to the memory cap (see [`MEMORY_RESERVATION`]);
/// - everything else wasmtime's default for this target.
///
/// Sync versus async is decided by which API is called (wasmtime 48's
/// `Config::async_support` does nothing); this crate uses the async API only.
pub fn config() -> Config {
    let mut config = Config::new();
    config.wasm_component_model(true);
    config.consume_fuel(true);
    // wasmtime's defaults reserve 4 GiB + 2 × 32 MiB of address space per linear
    // memory, which fails under an address-space limit (`ulimit -v`, CloudLinux LVE).
    // Sized to the default memory cap instead: bounds checks are explicit (a little
    // slower), and a memory that grows past the reservation (a larger cap) moves.
    config.memory_reservation(MEMORY_RESERVATION);
    config.memory_guard_size(MEMORY_GUARD);
    config.memory_reservation_for_growth(MEMORY_GUARD);
    config
}

/// Address space reserved up front for the component's linear memory: the
/// default memory cap ([`crate::DEFAULT_MEMORY_LIMIT`], 64 MiB).
pub const MEMORY_RESERVATION: u64 = crate::runtime::DEFAULT_MEMORY_LIMIT as u64;

/// Guard region after (and before) a linear memory, and the extra reservation
/// for growth of a memory that has to move: 2 MiB each.
pub const MEMORY_GUARD: u64 = 2 << 20;

/// A new engine with [`config`].
pub fn engine() -> wasmtime::Result<Engine> {
    Engine::new(&config())
}
