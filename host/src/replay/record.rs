//! Record mode: a [`Transport`] that passes requests to a real one and keeps the
//! exchanges in their redacted, recorded form.

use super::transport::lock;
use crate::{HttpRequest, HttpResponse, Transport, TransportError};
use odr_recording::{Credentials, Exchange, Fault, RecordedResponse, Redactor};
use serde_json::Value;
use std::collections::BTreeMap;
use std::sync::Mutex;

/// Response headers not worth recording (volatile or connection-level) or secret.
const UNRECORDED_HEADERS: &[&str] = &[
    "date",
    "server",
    "connection",
    "keep-alive",
    "transfer-encoding",
    "content-length",
    "set-cookie",
    "vary",
    "etag",
    "age",
    "via",
];

#[derive(Debug)]
struct Recorder {
    redactor: Redactor,
    exchanges: Vec<Exchange>,
    warnings: Vec<String>,
}

/// A [`Transport`] that passes requests to a real one and keeps the redacted exchanges.
pub struct RecordingTransport<T: Transport> {
    inner: T,
    recorder: Mutex<Recorder>,
}

impl<T: Transport> RecordingTransport<T> {
    /// Record what goes through `inner`; `credentials` are the secrets to redact.
    pub fn new(inner: T, credentials: Credentials) -> Self {
        RecordingTransport {
            inner,
            recorder: Mutex::new(Recorder {
                redactor: Redactor::new(credentials),
                exchanges: Vec::new(),
                warnings: Vec::new(),
            }),
        }
    }

    /// Treat these tokens (e.g. found in the seeded state) as secrets too.
    pub fn learn_tokens_in_text(&self, text: &str) {
        lock(&self.recorder).redactor.learn_tokens_in_text(text);
    }

    /// The redactor as it stands (tokens learnt so far), e.g. to redact state or results.
    pub fn redactor(&self) -> Redactor {
        lock(&self.recorder).redactor.clone()
    }

    /// The exchanges recorded so far, redacted.
    pub fn exchanges(&self) -> Vec<Exchange> {
        lock(&self.recorder).exchanges.clone()
    }

    /// Things a human should check (e.g. a signature that did not verify per §3.2).
    pub fn warnings(&self) -> Vec<String> {
        lock(&self.recorder).warnings.clone()
    }
}

impl<T: Transport> Transport for RecordingTransport<T> {
    fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        let observed = {
            let mut recorder = lock(&self.recorder);
            let observed = recorder.redactor.observe(&request, true);
            recorder.warnings.extend(observed.notes.iter().cloned());
            observed
        };
        let result = self.inner.send(request);
        let mut recorder = lock(&self.recorder);
        let response = match &result {
            Ok(response) => {
                let parsed = serde_json::from_slice::<Value>(&response.body).ok();
                if let Some(body) = &parsed {
                    recorder.redactor.learn_tokens_from_response(body);
                }
                let redactor = &recorder.redactor;
                let (body, body_text) = match (&parsed, response.body.is_empty()) {
                    (_, true) => (Value::Null, None),
                    (Some(body), false) => (redactor.redact_json(body), None),
                    (None, false) => (
                        Value::Null,
                        Some(redactor.redact_str(&String::from_utf8_lossy(&response.body))),
                    ),
                };
                RecordedResponse {
                    status: response.status,
                    headers: response
                        .headers
                        .iter()
                        .filter(|(k, _)| {
                            !UNRECORDED_HEADERS.contains(&k.to_ascii_lowercase().as_str())
                        })
                        .map(|(k, v)| (k.to_ascii_lowercase(), redactor.redact_str(v)))
                        .collect(),
                    body,
                    body_text,
                    fault: None,
                }
            }
            Err(error) => RecordedResponse {
                status: 0,
                headers: BTreeMap::new(),
                body: Value::Null,
                body_text: None,
                fault: Some(match error {
                    TransportError::Timeout(_) => Fault::Timeout,
                    TransportError::ConnectionRefused(_) => Fault::Refused,
                    TransportError::Other(_) => Fault::Reset,
                }),
            },
        };
        // The request was redacted before the login response taught us the token;
        // nothing in a login request holds it, so no second pass is needed.
        recorder.exchanges.push(Exchange {
            request: observed.request,
            response,
            note: None,
        });
        result
    }
}
