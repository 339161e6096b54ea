//! Recordings in the wasmtime embedding: the format, redaction, diffs and the strict
//! matcher come from `odr-recording` (re-exported here, so `odr_host::replay::Recording`
//! and friends keep their paths); this module adds what needs a [`crate::Runtime`] or
//! a [`crate::Transport`]:
//!
//! - [`ReplayTransport`]: a transport that answers from a recording, strictly.
//! - [`RecordingTransport`]: wraps a real transport and keeps the redacted exchanges.
//! - [`run_recording`]: replays a whole recording against a [`crate::Runtime`] (the
//!   harness and `odr replay`).

mod record;
mod run;
mod transport;

pub use odr_recording::*;
pub use record::RecordingTransport;
pub use run::{run_recording, ReplayReport};
pub use transport::ReplayTransport;

#[cfg(test)]
mod tests;
