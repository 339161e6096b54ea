//! `--state FILE`: the state store as a JSON file, `{key: {"value": .., "expires_at": ..}}`.

use crate::CliError;
use odr_host::StoredValue;
use std::collections::BTreeMap;
use std::path::Path;

/// The entries in `path`; none when the file does not exist yet.
pub fn load(path: &Path) -> Result<BTreeMap<String, StoredValue>, CliError> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(BTreeMap::new()),
        Err(e) => {
            return Err(CliError::File {
                path: path.to_path_buf(),
                message: e.to_string(),
            })
        }
    };
    serde_json::from_str(&text).map_err(|e| CliError::File {
        path: path.to_path_buf(),
        message: format!("not a state file: {e}"),
    })
}

/// Write `entries` to `path` (via a temporary file, so a crash leaves the old file).
pub fn save(path: &Path, entries: &BTreeMap<String, StoredValue>) -> Result<(), CliError> {
    let error = |e: std::io::Error| CliError::File {
        path: path.to_path_buf(),
        message: e.to_string(),
    };
    let text = serde_json::to_string_pretty(entries).map_err(|e| CliError::File {
        path: path.to_path_buf(),
        message: e.to_string(),
    })?;
    let temporary = path.with_extension("tmp");
    std::fs::write(&temporary, text + "\n").map_err(error)?;
    std::fs::rename(&temporary, path).map_err(error)
}
