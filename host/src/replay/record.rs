//! Record mode: a [`Transport`] that passes requests to a real one and keeps the
//! exchanges in their redacted, recorded form.

use super::transport::lock;
use crate::{HttpRequest, HttpResponse, Transport, TransportError};
use odr_recording::{Credentials, Exchange, Fault, RecordedRequest, RecordedResponse, Redactor};
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
    /// Concurrent batches recorded so far (their numbers in the recording).
    batches: u32,
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
                batches: 0,
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

impl<T: Transport> RecordingTransport<T> {
    /// The request as a recording holds it (redacted before it leaves).
    fn observe(&self, request: &HttpRequest) -> RecordedRequest {
        let mut recorder = lock(&self.recorder);
        let observed = recorder.redactor.observe(request, true);
        recorder.warnings.extend(observed.notes.iter().cloned());
        observed.request
    }

    /// Keep one exchange; `concurrent` numbers the batch it was sent in.
    fn keep(
        &self,
        request: RecordedRequest,
        result: &Result<HttpResponse, TransportError>,
        concurrent: Option<u32>,
    ) {
        let mut recorder = lock(&self.recorder);
        let response = match result {
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
            request,
            response,
            concurrent,
            note: None,
        });
    }
}

impl<T: Transport> Transport for RecordingTransport<T> {
    fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        let observed = self.observe(&request);
        let result = self.inner.send(request);
        self.keep(observed, &result, None);
        result
    }

    fn send_many(&self, requests: Vec<HttpRequest>) -> Vec<Result<HttpResponse, TransportError>> {
        let observed: Vec<RecordedRequest> = requests.iter().map(|r| self.observe(r)).collect();
        let results = self.inner.send_many(requests);
        let batch = (observed.len() > 1).then(|| {
            let mut recorder = lock(&self.recorder);
            recorder.batches += 1;
            recorder.batches
        });
        for (request, result) in observed.into_iter().zip(&results) {
            self.keep(request, result, batch);
        }
        results
    }
}
