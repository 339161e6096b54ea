//! A real HTTP transport (blocking, `ureq`), for the CLI and record mode.
//!
//! - the request's own timeout is the whole exchange's budget (`timeout_global`);
//! - redirects are *not* followed: the component sees the 3xx (following one would
//!   step around the host's allow-list);
//! - no proxy from the environment, no `Expect: 100-continue` (ODR mishandles it),
//!   any status is a response, not an error.

use crate::{HttpRequest, HttpResponse, Transport, TransportError};
use std::io::ErrorKind;

/// Largest response body accepted (the component's memory cap is 64 MiB by default).
const MAX_BODY: u64 = 32 * 1024 * 1024;

/// Headers the client sets itself from the request it sends.
const CLIENT_HEADERS: &[&str] = &["host", "content-length", "transfer-encoding", "connection"];

/// HTTP/1.1 over TCP or TLS (rustls with the webpki roots).
pub struct UreqTransport {
    agent: ureq::Agent,
}

impl Default for UreqTransport {
    fn default() -> Self {
        Self::new()
    }
}

impl UreqTransport {
    /// A client with the settings described in the module docs.
    pub fn new() -> Self {
        let config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .max_redirects_will_error(false)
            .proxy(None)
            .build();
        UreqTransport {
            agent: ureq::Agent::new_with_config(config),
        }
    }
}

fn classify(error: ureq::Error) -> TransportError {
    match error {
        ureq::Error::Timeout(which) => TransportError::Timeout(format!("{which:?} timeout")),
        ureq::Error::Io(io) if io.kind() == ErrorKind::ConnectionRefused => {
            TransportError::ConnectionRefused(io.to_string())
        }
        ureq::Error::Io(io) if matches!(io.kind(), ErrorKind::TimedOut | ErrorKind::WouldBlock) => {
            TransportError::Timeout(io.to_string())
        }
        other => TransportError::Other(other.to_string()),
    }
}

impl Transport for UreqTransport {
    fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        let mut builder = http::Request::builder()
            .method(request.method.as_str())
            .uri(request.url.as_str());
        for (name, value) in &request.headers {
            if !CLIENT_HEADERS.contains(&name.to_ascii_lowercase().as_str()) {
                builder = builder.header(name.as_str(), value.as_str());
            }
        }
        let http_request = builder
            .body(request.body)
            .map_err(|e| TransportError::Other(format!("invalid request: {e}")))?;
        let http_request = self
            .agent
            .configure_request(http_request)
            .timeout_global(Some(request.timeout))
            .build();
        let mut response = self.agent.run(http_request).map_err(classify)?;
        let status = response.status().as_u16();
        let headers = response
            .headers()
            .iter()
            .map(|(name, value)| {
                (
                    name.as_str().to_string(),
                    String::from_utf8_lossy(value.as_bytes()).into_owned(),
                )
            })
            .collect();
        let body = response
            .body_mut()
            .with_config()
            .limit(MAX_BODY)
            .read_to_vec()
            .map_err(classify)?;
        Ok(HttpResponse {
            status,
            headers,
            body,
        })
    }

    /// Each request on its own thread, all in flight together (the agent pools
    /// connections); answers in request order.
    fn send_many(&self, requests: Vec<HttpRequest>) -> Vec<Result<HttpResponse, TransportError>> {
        if requests.len() < 2 {
            return requests.into_iter().map(|r| self.send(r)).collect();
        }
        std::thread::scope(|scope| {
            let handles: Vec<_> = requests
                .into_iter()
                .map(|request| scope.spawn(move || self.send(request)))
                .collect();
            handles
                .into_iter()
                .map(|handle| {
                    handle.join().unwrap_or_else(|_| {
                        Err(TransportError::Other(
                            "the HTTP client stopped unexpectedly while sending".into(),
                        ))
                    })
                })
                .collect()
        })
    }
}
