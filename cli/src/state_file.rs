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

/// Write `entries` to `path` (via a temporary file, so a crash leaves the old file),
/// readable and writable by the owner only (mode 0600): the file holds the login token.
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
    // A stale temporary file may have other permissions: start from none.
    let _ = std::fs::remove_file(&temporary);
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(&temporary).map_err(error)?;
    std::io::Write::write_all(&mut file, (text + "\n").as_bytes()).map_err(error)?;
    file.sync_all().map_err(error)?;
    drop(file);
    std::fs::rename(&temporary, path).map_err(error)
}
