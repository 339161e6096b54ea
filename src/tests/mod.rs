//! The core's native tests beyond one module's unit tests (those sit next to their
//! code as `mod tests`). See `docs/architecture.md`, "Where tests live".
//!
//! - [`recordings`]: every `tests/recordings/*.json` replayed natively.
//! - `flows/`: whole operations against a scripted environment, by subject, for
//!   what no recording shows (logs, masking, retries' waits, request counts).
//! - [`properties`]: property tests (proptest) of the response parsers.
//! - [`testkit`] and [`contact_fixtures`]: the fixtures they share.

pub(crate) mod contact_fixtures;
mod flows;
mod properties;
mod recordings;
pub(crate) mod testkit;
mod wit_json;
