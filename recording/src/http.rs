//! One HTTP exchange as the hosts carry it: the component's request, its answer,
//! or why there is none.

use std::time::Duration;

/// One outgoing HTTP request of the component, as a host hands it to its transport.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpRequest {
    /// `GET`, `POST`, `PUT`, `DELETE`, ...
    pub method: String,
    /// The full URL: scheme, host, optional port, path and query.
    pub url: String,
    /// Request headers in the guest's order (no `Host`: the URL implies it).
    pub headers: Vec<(String, String)>,
    /// The request body, empty for none.
    pub body: Vec<u8>,
    /// The whole exchange's time budget: the largest of the guest's connect,
    /// first-byte and between-bytes timeouts, or 30 s when it set none.
    pub timeout: Duration,
}

/// The answer to an [`HttpRequest`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpResponse {
    /// HTTP status code.
    pub status: u16,
    /// Response headers (invalid names or values are dropped before the guest sees them).
    pub headers: Vec<(String, String)>,
    /// The full response body.
    pub body: Vec<u8>,
}

/// Why a transport delivered no response. Each case reaches the guest as the
/// matching `wasi:http` `error-code`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TransportError {
    /// No (complete) response within the timeout: `connection-timeout`.
    #[error("timed out: {0}")]
    Timeout(String),
    /// Nobody listens there: `connection-refused`.
    #[error("connection refused: {0}")]
    ConnectionRefused(String),
    /// Anything else (reset, DNS, TLS, ...): `internal-error(message)`.
    #[error("{0}")]
    Other(String),
}
