//! The component's view of the outside world, as one trait.
//!
//! The operations only ever reach ODR, the clock, `state` and `log` through
//! [`Env`]. The component implements it over the WASI imports (see
//! `component.rs`); unit tests implement it with scripted HTTP exchanges and an
//! in-memory store, so every operation's whole logic runs natively.

use crate::odr::url::BaseUrl;

/// HTTP methods the ODR client uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    /// `GET`
    Get,
    /// `POST`
    Post,
    /// `PUT`
    Put,
    /// `DELETE`
    Delete,
}

impl Method {
    /// The method as it appears on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Delete => "DELETE",
        }
    }
}

/// One outgoing request, fully built (deterministic: same inputs, same request).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HttpRequest {
    /// The method.
    pub method: Method,
    /// The absolute path, with exactly one leading and one trailing slash.
    pub path: String,
    /// The query string without `?`; empty for none.
    pub query: String,
    /// Request headers, in order.
    pub headers: Vec<(String, String)>,
    /// The JSON body, when there is one.
    pub body: Option<Vec<u8>>,
    /// Connect, first-byte and between-bytes timeout in milliseconds.
    pub timeout_ms: u32,
}

impl HttpRequest {
    /// `path?query`, as sent on the request line.
    pub fn path_with_query(&self) -> String {
        if self.query.is_empty() {
            self.path.clone()
        } else {
            format!("{}?{}", self.path, self.query)
        }
    }
}

/// One response as received.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HttpResponse {
    /// The HTTP status code.
    pub status: u16,
    /// Response headers (names as received; look them up case-insensitively).
    pub headers: Vec<(String, String)>,
    /// The raw body.
    pub body: Vec<u8>,
}

/// Everything an operation may touch. Errors are plain strings from the host;
/// the caller turns them into typed errors with context.
pub trait Env {
    /// The current Unix time in seconds.
    fn now_unix(&self) -> i64;
    /// A monotonic clock in milliseconds (for pacing requests; any origin).
    fn monotonic_ms(&self) -> u64;
    /// Send one request to the API at `base` and wait for the whole response.
    /// `Err` is a transport failure (no response).
    fn send(&mut self, base: &BaseUrl, request: &HttpRequest) -> Result<HttpResponse, String>;
    /// Send several requests at once (all in flight before the first answer is
    /// awaited) and return their answers in order. The caller caps how many
    /// (`odr::pacing::MAX_IN_FLIGHT`). By default one after another.
    fn send_many(
        &mut self,
        base: &BaseUrl,
        requests: &[HttpRequest],
    ) -> Vec<Result<HttpResponse, String>> {
        requests.iter().map(|r| self.send(base, r)).collect()
    }
    /// The value stored under `key`, if any.
    fn state_get(&mut self, key: &str) -> Result<Option<String>, String>;
    /// Store `value` under `key`, optionally expiring after `ttl_seconds`.
    fn state_set(&mut self, key: &str, value: &str, ttl_seconds: Option<u32>)
        -> Result<(), String>;
    /// Remove `key` (absent is fine).
    fn state_delete(&mut self, key: &str) -> Result<(), String>;
    /// Store `value` under `key` only when no live value is there, atomically
    /// in the host's store; `true` when stored.
    fn state_add(
        &mut self,
        key: &str,
        value: &str,
        ttl_seconds: Option<u32>,
    ) -> Result<bool, String>;
    /// One module-call log entry; every argument is already masked.
    fn log_call(&mut self, action: &str, request: &str, response: &str);
    /// One activity-log line.
    fn activity(&mut self, message: &str, domain: Option<&str>);
    /// Wait `ms` milliseconds (the backoff before the one retry of a read).
    fn sleep_ms(&mut self, ms: u32);
}
