//! `odr-recording`: one scenario corpus for every test layer.
//!
//! A recording (`tests/recordings/*.json`, format in `docs/architecture.md`) says what
//! the component is asked, what ODR answers and what must come out. This crate holds
//! what every replay needs and nothing that runs the component (no wasmtime), so the
//! core's native tests, the wasmtime harness (`odr-host`'s `replay`) and the CLI's
//! replay server read the same files the same way:
//!
//! - [`format`]: the file format (serde; unknown keys are refused).
//! - [`redact`]: live requests and responses in recorded form.
//! - [`diff`]: readable differences (JSON, requests, state).
//! - [`session`]: the strict matcher, each request against the next exchange.
//! - [`http`]: the exchange types the hosts carry.
//!
//! In replays the placeholders are served literally: the component logs in, gets
//! the token `<TOKEN>` and sends `X-Access-Token: <TOKEN>`, which is exactly what a
//! recording made from a real exchange says after redaction.

pub mod diff;
pub mod format;
pub mod http;
pub mod redact;
pub mod session;

pub use diff::{check_state, compact, indent, json_diff, pretty, request_diff};
pub use format::*;
pub use http::{HttpRequest, HttpResponse, TransportError};
pub use redact::{login_signature, Credentials, Observed, Redactor};
pub use session::{ReplayError, ReplaySession};
