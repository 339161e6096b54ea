//! Precompiled components (`.cwasm`): making portable ones and reading what they need.
//!
//! A `.cwasm` is an ELF file whose `.wasmtime.engine` section records the wasmtime
//! version, the target triple and the Cranelift settings it was compiled with; wasmtime
//! checks them at load. [`inspect`] reads them so a release check (and an admin) can see
//! which CPU features a file needs before a server refuses it.

use crate::HostError;
use serde::Deserialize;
use std::path::Path;

/// The ELF section in which wasmtime records how a `.cwasm` was compiled.
const ENGINE_SECTION: &str = ".wasmtime.engine";
/// The layout version of that section understood here (wasmtime 48's).
const ENGINE_SECTION_VERSION: u8 = 0;

fn load_error(path: &Path, message: impl Into<String>) -> HostError {
    HostError::Load {
        path: path.to_path_buf(),
        message: message.into(),
    }
}

/// Compile the component `wasm` for `target` (a triple such as
/// `x86_64-unknown-linux-gnu`, see [`crate::engine::release_target`]) and write the
/// `.cwasm` to `out`, using only the target architecture's baseline CPU features
/// ([`crate::engine::baseline_config`]).
#[cfg(feature = "compiler")]
pub fn precompile(wasm: &Path, out: &Path, target: &str) -> Result<(), HostError> {
    let config = crate::engine::baseline_config(target)
        .map_err(|e| load_error(wasm, format!("cannot target {target}: {e:#}")))?;
    let engine = wasmtime::Engine::new(&config)
        .map_err(|e| load_error(wasm, format!("cannot configure the engine: {e:#}")))?;
    let bytes =
        std::fs::read(wasm).map_err(|e| load_error(wasm, format!("cannot read the file: {e}")))?;
    let compiled = engine
        .precompile_component(&bytes)
        .map_err(|e| load_error(wasm, format!("cannot compile the component: {e:#}")))?;
    // Written next to `out` and renamed over it: PHP processes that loaded the old file map
    // it, and a file rewritten in place under them would change their code.
    let mut staging = out.as_os_str().to_owned();
    staging.push(".tmp");
    let staging = Path::new(&staging);
    std::fs::write(staging, compiled)
        .and_then(|()| std::fs::rename(staging, out))
        .map_err(|e| load_error(out, format!("cannot write the precompiled component: {e}")))
}

/// How a `.cwasm` was compiled, from its `.wasmtime.engine` section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CwasmInfo {
    /// The wasmtime version that made it (it loads only into the same version).
    pub wasmtime_version: String,
    /// The target triple, e.g. `x86_64-unknown-linux-gnu`.
    pub target: String,
    /// The CPU features (Cranelift ISA flags) the code may use, e.g. `has_avx2`:
    /// each must be present on the CPU that loads it.
    pub cpu_features: Vec<String>,
}

/// The leading fields of wasmtime 48's engine metadata (postcard), in their order.
#[derive(Deserialize)]
struct MetadataHead<'a> {
    target: String,
    #[serde(borrow)]
    _shared_flags: Vec<(&'a str, FlagValue<'a>)>,
    #[serde(borrow)]
    isa_flags: Vec<(&'a str, FlagValue<'a>)>,
}

/// wasmtime's `FlagValue`, same variants in the same order.
#[derive(Deserialize)]
enum FlagValue<'a> {
    Enum(#[allow(dead_code)] &'a str),
    Num(#[allow(dead_code)] u8),
    Bool(bool),
}

/// Read how the `.cwasm` at `path` was compiled.
pub fn inspect(path: &Path) -> Result<CwasmInfo, HostError> {
    let bytes =
        std::fs::read(path).map_err(|e| load_error(path, format!("cannot read the file: {e}")))?;
    inspect_bytes(&bytes).map_err(|message| load_error(path, message))
}

/// [`inspect`] on the bytes of a `.cwasm`.
pub fn inspect_bytes(bytes: &[u8]) -> Result<CwasmInfo, String> {
    use object::{Object, ObjectSection};
    let file = object::File::parse(bytes)
        .map_err(|e| format!("not a precompiled component (not ELF: {e})"))?;
    let section = file
        .section_by_name(ENGINE_SECTION)
        .ok_or_else(|| format!("not a wasmtime .cwasm (no {ENGINE_SECTION} section)"))?;
    let data = section
        .data()
        .map_err(|e| format!("unreadable {ENGINE_SECTION} section: {e}"))?;
    let (&layout, rest) = data
        .split_first()
        .ok_or_else(|| format!("empty {ENGINE_SECTION} section"))?;
    if layout != ENGINE_SECTION_VERSION {
        return Err(format!(
            "{ENGINE_SECTION} layout {layout} is not wasmtime 48's ({ENGINE_SECTION_VERSION})"
        ));
    }
    let (&len, rest) = rest
        .split_first()
        .ok_or_else(|| format!("truncated {ENGINE_SECTION} section"))?;
    let len = usize::from(len);
    if rest.len() < len {
        return Err(format!("truncated {ENGINE_SECTION} section"));
    }
    let (version, metadata) = rest.split_at(len);
    let wasmtime_version = std::str::from_utf8(version)
        .map_err(|_| "the wasmtime version is not UTF-8".to_string())?
        .to_string();
    let (head, _) = postcard::take_from_bytes::<MetadataHead<'_>>(metadata).map_err(|e| {
        format!("cannot read the engine settings (made by wasmtime {wasmtime_version}?): {e}")
    })?;
    let cpu_features = head
        .isa_flags
        .iter()
        .filter(|(_, value)| matches!(value, FlagValue::Bool(true)))
        .map(|(name, _)| (*name).to_string())
        .collect();
    Ok(CwasmInfo {
        wasmtime_version,
        target: head.target,
        cpu_features,
    })
}
