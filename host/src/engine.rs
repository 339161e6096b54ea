//! The engine configuration: one function for precompiling and for loading.
//!
//! A `.cwasm` loads only into an engine of the same wasmtime version, built with the
//! same wasmtime cargo features and configured the same way. The CLI precompiles
//! with the `compiler` feature (Cranelift); the PHP extension loads without it. Both
//! call [`config`], and the workspace keeps wasmtime's cargo features identical
//! apart from `cranelift` (`runtime, std, component-model, async`: no GC, no
//! threads, no component-model-async), so the two engines agree.

use std::sync::Arc;
use wasmtime::{Config, CustomCodeMemory, Engine};

/// The wasmtime configuration every engine of this crate uses.
///
/// - component model on;
/// - fuel consumption on (the per-call deadline);
/// - no GC, threads or component-model-async: not compiled in (see the module docs);
/// - linear memory sized to the memory cap (see [`MEMORY_RESERVATION`]);
/// - no address map and no native unwind tables in the code (a smaller `.cwasm`);
/// - code made executable by [`CodeProtection`] (what wasmtime itself does, also for
///   code in memory wasmtime did not map: the loader's private copy of a `.cwasm`);
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
    // Less in every `.cwasm`, so less to copy into each PHP process that loads it (see
    // `loader::PrivateImage`): no table from machine code back to wasm offsets (only
    // backtraces print them; a trap still says what it was) and no native unwind
    // tables (only for outside unwinders such as a debugger; wasmtime walks wasm frames
    // itself, and a host panic never unwinds through wasm: wasmtime catches it at the call).
    config.generate_address_map(false);
    config.native_unwind_info(false);
    // Not a compilation setting: a `.cwasm` does not record it, so every engine agrees
    // with or without it; set here so that every engine makes code executable alike.
    config.with_custom_code_memory(Some(Arc::new(CodeProtection)));
    config
}

/// Makes compiled code executable and back, as wasmtime does for memory it mapped itself:
/// the instruction cache made coherent with the written bytes, the pages switched from
/// read/write to read/execute (never both), the pipelines of every thread flushed.
///
/// wasmtime needs this for code in memory it does not own (`Component::deserialize_raw`,
/// which the loader uses for its private copy of a `.cwasm`); with it configured, wasmtime
/// uses it for all code, so compiled and loaded code are published the same way.
#[derive(Debug)]
pub struct CodeProtection;

// wasmtime's trait passes raw pointers to safe methods and promises they name its own code
// memory (page-aligned, as `required_alignment` asks); nothing else calls them.
#[allow(clippy::not_unsafe_ptr_arg_deref)]
impl CustomCodeMemory for CodeProtection {
    fn required_alignment(&self) -> usize {
        page_size()
    }

    fn publish_executable(&self, ptr: *const u8, len: usize) -> wasmtime::Result<()> {
        if len == 0 {
            return Ok(());
        }
        // SAFETY: wasmtime hands over the page-aligned text of a code image it is publishing;
        // nothing runs from it yet and nothing writes to it any more.
        unsafe {
            wasmtime_internal_jit_icache_coherence::clear_cache(ptr.cast(), len).map_err(|e| {
                wasmtime::Error::msg(format!("cannot clear the instruction cache: {e}"))
            })?;
            protect(ptr, len, libc::PROT_READ | libc::PROT_EXEC)?;
        }
        wasmtime_internal_jit_icache_coherence::pipeline_flush_mt()
            .map_err(|e| wasmtime::Error::msg(format!("cannot flush the pipelines: {e}")))
    }

    fn unpublish_executable(&self, ptr: *const u8, len: usize) -> wasmtime::Result<()> {
        if len == 0 {
            return Ok(());
        }
        // Best effort: this host never patches code, so wasmtime calls this only when it drops
        // a component, right before its memory is unmapped, and it panics on an error there.
        // SAFETY: wasmtime guarantees that no code runs from this region any more.
        let _ = unsafe { protect(ptr, len, libc::PROT_READ | libc::PROT_WRITE) };
        Ok(())
    }
}

/// `mprotect` of whole pages.
///
/// # Safety
/// `ptr..ptr + len` must be page-aligned memory mapped by this process whose new
/// protection breaks no one's access to it.
unsafe fn protect(ptr: *const u8, len: usize, protection: libc::c_int) -> wasmtime::Result<()> {
    // SAFETY: the caller's contract.
    if unsafe { libc::mprotect(ptr.cast_mut().cast(), len, protection) } == 0 {
        Ok(())
    } else {
        Err(wasmtime::Error::msg(format!(
            "cannot change the protection of code memory: {}",
            std::io::Error::last_os_error()
        )))
    }
}

/// The size of a memory page on this machine.
pub(crate) fn page_size() -> usize {
    // SAFETY: sysconf reads a constant of the running system.
    let size = unsafe { libc::sysconf(libc::_SC_PAGESIZE) };
    usize::try_from(size)
        .ok()
        .filter(|size| *size > 0)
        .unwrap_or(4096)
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

/// The target triple a release precompiles for on `arch` (Rust's `std::env::consts::ARCH`
/// spelling: `x86_64`, `aarch64`), or `None` for an architecture without a release build.
pub fn release_target(arch: &str) -> Option<&'static str> {
    match arch {
        "x86_64" => Some("x86_64-unknown-linux-gnu"),
        "aarch64" => Some("aarch64-unknown-linux-gnu"),
        _ => None,
    }
}

/// The configuration for precompiling a portable `.cwasm`: [`config`] with an explicit
/// target triple.
///
/// Given a target, wasmtime infers no CPU features from the build machine (an engine
/// without one compiles for the host's own CPU, AVX-512 included, and its `.cwasm` is
/// refused on most servers). So the code uses only the architecture's baseline: SSE2 on
/// x86-64 (no SSE4, AVX, AVX2 or AVX-512), plain ARMv8-A on aarch64 (no LSE, no
/// pointer authentication). The `.cwasm` still loads only into an engine of the same
/// wasmtime version and [`config`], on that architecture.
#[cfg(feature = "compiler")]
pub fn baseline_config(target: &str) -> wasmtime::Result<Config> {
    let mut config = config();
    config.target(target)?;
    Ok(config)
}

/// A loading engine that behaves as if it ran on a baseline CPU of this architecture:
/// [`config`] whose host-feature probe answers "absent" for every optional CPU feature.
///
/// A `.cwasm` that uses any feature beyond the baseline is refused by it with
/// `compilation setting "has_avx" is enabled, but not available on the host`, exactly as
/// on an older CPU. Tests use it to prove a release `.cwasm` loads on any CPU of its
/// architecture.
pub fn baseline_host_engine() -> wasmtime::Result<Engine> {
    fn no_optional_features(_feature: &str) -> Option<bool> {
        Some(false)
    }
    let mut config = config();
    // With the compiler built in, the engine's own code generation must be baseline too
    // (otherwise it uses this machine's features, which the probe then refuses).
    #[cfg(feature = "compiler")]
    if let Some(target) = release_target(std::env::consts::ARCH) {
        config.target(target)?;
    }
    // SAFETY: the probe under-reports: it claims fewer features than any real CPU of
    // this architecture has, so code accepted by it never uses a missing instruction.
    unsafe {
        config.detect_host_feature(no_optional_features);
    }
    Engine::new(&config)
}
