//! `odr-host`: the one embedding of the ODR registrar component.
//!
//! The component (`wit/registrar.wit`) has no ambient authority; this crate gives it
//! exactly three capabilities, each a trait the embedder implements:
//!
//! - [`Transport`]: carries the guest's `wasi:http` requests (a real HTTP client, a
//!   PHP callable, or a recording). The host refuses, with `HTTP-request-denied`,
//!   every request whose origin differs from the one the component's own pure
//!   export `api-endpoint(settings)` names for the call's settings.
//! - [`StateStore`]: the `state` import (the panel's database).
//! - [`LogSink`]: the `log` import (the panel's module and activity logs).
//!
//! The WHMCS extension, the replay harness and the CLI are three implementations of
//! these traits around the same [`Runtime`].
//!
//! # Threads and stacks
//!
//! Each [`Runtime::call`] builds a current-thread tokio runtime and drives wasmtime's
//! async API with `block_on` on the caller's thread. Guest code, and the host
//! imports it calls, run on a wasmtime fiber stack. Capabilities are not `Send` (the
//! PHP extension's hold PHP values) and must not run on a foreign stack (PHP 8.3+
//! checks the C stack). So no import touches a capability: each one sends a message
//! over a tokio channel to a *broker* future and awaits the answer. The broker owns
//! the `&Capabilities`, and `call` polls it in the same `block_on` as the guest call
//! (a `select!` of the two futures), on the caller's own stack, on the caller's
//! thread. Nothing is spawned onto another thread; the `wasi:http` send futures
//! that wasmtime-wasi-http spawns land on the current-thread runtime, never touch a
//! capability, and only talk to the broker.
//!
//! # Limits
//!
//! Every call gets a fresh `Store` and instance from a cached `InstancePre`, a fuel
//! budget ([`CallOptions::fuel`], exhaustion is [`HostError::DeadlineExceeded`]) and
//! a memory cap ([`CallOptions::memory_limit_bytes`], [`HostError::MemoryLimitExceeded`]).
//! A trap becomes [`HostError::Trap`]; the [`Runtime`] stays usable after any failure.
//!
//! # Values
//!
//! Arguments and results cross as JSON, mapped by the export's own WIT types
//! (see [`value`] and `docs/architecture.md`).

mod broker;
pub mod cwasm;
pub mod engine;
mod error;
mod http;
mod imports;
mod loader;
mod memory;
#[cfg(feature = "http-client")]
pub mod net;
pub mod replay;
mod runtime;
mod store;
pub mod value;

pub use error::HostError;
pub use memory::{LogEntry, MemoryLog, MemoryState, StoredValue};
pub use runtime::{CallOptions, CallOutcome, Clock, Runtime, DEFAULT_FUEL, DEFAULT_MEMORY_LIMIT};

pub use odr_recording::{HttpRequest, HttpResponse, TransportError};

/// Carries the component's HTTP requests. Called on the caller's thread and stack only.
pub trait Transport {
    /// Send one request and return the complete response, or why there is none.
    fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError>;

    /// Send requests the component issued together (a domain search over several
    /// TLDs) and return their answers in the same order. A transport that can keep
    /// several requests in flight does so; by default they go one after another.
    /// The component caps how many it issues at once (its politeness limiter).
    fn send_many(&self, requests: Vec<HttpRequest>) -> Vec<Result<HttpResponse, TransportError>> {
        requests.into_iter().map(|r| self.send(r)).collect()
    }
}

/// The component's persistent key-value storage (the `state` import).
///
/// An `Err(message)` reaches the component as the import's error; the component
/// reports it as a `transport` error naming the failed store operation.
pub trait StateStore {
    /// The live value under `key`, or `None` when absent or expired.
    fn get(&self, key: &str) -> Result<Option<String>, String>;
    /// Store `value` under `key`; with `ttl_seconds`, it expires that long after now.
    fn set(&self, key: &str, value: &str, ttl_seconds: Option<u32>) -> Result<(), String>;
    /// Remove `key`; removing an absent key succeeds.
    fn delete(&self, key: &str) -> Result<(), String>;
    /// Store `value` under `key` only when no live value is there (an expired
    /// one counts as absent), atomically; `Ok(true)` when it was stored,
    /// `Ok(false)` when a live value was kept.
    fn add(&self, key: &str, value: &str, ttl_seconds: Option<u32>) -> Result<bool, String>;
}

/// The panel's logs (the `log` import). The component masks secrets before calling it.
pub trait LogSink {
    /// One ODR request and its response, for the module-call log.
    fn module_call(&self, action: &str, request: &str, response: &str);
    /// One activity-log line, about `domain` when given.
    fn activity(&self, message: &str, domain: Option<&str>);
}

/// The capabilities one call may use. Borrowed for the duration of [`Runtime::call`].
#[derive(Clone, Copy)]
pub struct Capabilities<'a> {
    /// Where the component's HTTP requests go (after the allow-list check).
    pub transport: &'a dyn Transport,
    /// The `state` import.
    pub state: &'a dyn StateStore,
    /// The `log` import.
    pub log: &'a dyn LogSink,
}
