//! The process-wide cache of loaded components.
//!
//! A PHP-FPM worker serves many requests; each constructs its `Odr\Registrar`
//! afresh. The loaded component (wasmtime's deserialized code and its
//! pre-instantiation, inside `odr_host::Runtime`) is kept here, keyed by the
//! file's canonical path and modification time, so a worker loads it once and a
//! re-deployed `.cwasm` (new mtime) is picked up by the next request.

use odr_host::Runtime;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::SystemTime;

/// How to make a `.cwasm`, appended to every load error.
const REGENERATE: &str = "Regenerate the .cwasm with this release's CLI: `make cwasm` in the \
     odr-registrar tree, or `odr precompile target/wasm32-wasip2/release/odr_registrar.wasm \
     FILE.cwasm`";

struct Loaded {
    path: PathBuf,
    modified: SystemTime,
    runtime: Runtime,
}

/// One entry per path: a changed file replaces its entry, so nothing piles up.
static LOADED: Mutex<Vec<Loaded>> = Mutex::new(Vec::new());

/// The runtime for the component at `path`, loaded now or taken from the cache.
pub fn runtime(path: &str) -> Result<Runtime, String> {
    let given = Path::new(path);
    let canonical = given.canonicalize().map_err(|e| {
        format!(
            "cannot load the ODR component: {}: {e}. {}",
            given.display(),
            REGENERATE.replace("FILE", &stem(given))
        )
    })?;
    let modified = std::fs::metadata(&canonical)
        .and_then(|meta| meta.modified())
        .map_err(|e| {
            format!(
                "cannot load the ODR component: {}: {e}",
                canonical.display()
            )
        })?;

    // A panic elsewhere while the lock was held leaves a usable list behind.
    let mut loaded = LOADED
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some(entry) = loaded.iter().find(|e| e.path == canonical) {
        if entry.modified == modified {
            return Ok(entry.runtime.clone());
        }
    }
    let runtime = Runtime::load(&canonical).map_err(|e| {
        format!(
            "cannot load the ODR component: {e}. {}",
            REGENERATE.replace("FILE", &stem(given))
        )
    })?;
    loaded.retain(|e| e.path != canonical);
    loaded.push(Loaded {
        path: canonical,
        modified,
        runtime: runtime.clone(),
    });
    Ok(runtime)
}

/// `odr_registrar` for `/path/odr_registrar.cwasm`, for the regeneration hint.
fn stem(path: &Path) -> String {
    path.with_extension("")
        .to_str()
        .map_or_else(|| "odr_registrar".into(), str::to_owned)
}
