//! A [`Transport`] that answers from a recording, strictly.

use crate::{HttpRequest, HttpResponse, Transport, TransportError};
use odr_recording::{Credentials, Exchange, ReplayError, ReplaySession};
use std::sync::{Mutex, MutexGuard};

/// The mutex's value, also after a panic elsewhere (nothing here is left half-done).
pub(super) fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// A [`Transport`] that answers from a recording, strictly.
#[derive(Debug)]
pub struct ReplayTransport {
    session: Mutex<ReplaySession>,
}

impl ReplayTransport {
    /// Replay `exchanges`; login signatures are verified with `credentials`.
    pub fn new(exchanges: Vec<Exchange>, credentials: Credentials) -> Self {
        ReplayTransport {
            session: Mutex::new(ReplaySession::new(exchanges, credentials)),
        }
    }

    /// Verify signatures with other credentials from now on.
    pub fn set_credentials(&self, credentials: Credentials) {
        lock(&self.session).set_credentials(credentials);
    }

    /// Every mismatch so far.
    pub fn failures(&self) -> Vec<String> {
        lock(&self.session).failures().to_vec()
    }

    /// How many exchanges were used.
    pub fn used(&self) -> usize {
        lock(&self.session).used()
    }

    /// Ok when nothing mismatched and every exchange was used.
    pub fn finish(&self) -> Result<(), ReplayError> {
        lock(&self.session).finish()
    }
}

impl Transport for ReplayTransport {
    fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        let response = lock(&self.session).respond(&request);
        match response {
            Ok(response) => response.to_http(),
            Err(error) => Err(TransportError::Other(format!(
                "replay mismatch (see the test report): {}",
                error.to_string().lines().next().unwrap_or_default()
            ))),
        }
    }
}
