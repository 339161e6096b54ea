//! The recording format of `docs/architecture.md`: one scenario per file, what the
//! component is asked, what ODR answers, what must come out. Unknown keys are refused,
//! so a typo in a hand-written recording fails loudly.

use crate::diff::pretty;
use crate::http::{HttpResponse, TransportError};
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;

/// The harness's API key (`$settings`).
pub const TEST_API_KEY: &str = "public$testkey";
/// The harness's API secret (`$settings`).
pub const TEST_API_SECRET: &str = "secret$testsecret";
/// The harness's API URL (`$settings`): any host works, requests are compared by path.
pub const TEST_API_URL: &str = "http://odr.test/";

/// Placeholder of the API key in recordings.
pub const API_KEY_PLACEHOLDER: &str = "<API_KEY>";
/// Placeholder of the API secret in recordings.
pub const API_SECRET_PLACEHOLDER: &str = "<API_SECRET>";
/// Placeholder of a verified login signature in recordings.
pub const SIGNATURE_PLACEHOLDER: &str = "<SIGNATURE>";
/// Placeholder of every token ODR issued, in recordings.
pub const TOKEN_PLACEHOLDER: &str = "<TOKEN>";

/// The settings `"$settings"` stands for: the test credentials, [`TEST_API_URL`],
/// test mode off, both contact roles the registrant's, default timeout.
pub fn test_settings() -> Value {
    json!({
        "api-key": TEST_API_KEY,
        "api-secret": TEST_API_SECRET,
        "api-url": TEST_API_URL,
        "test-mode": false,
        "onsite-contact": "same-as-registrant",
        "tech-contact": "same-as-registrant",
        "request-timeout-ms": 0,
        "max-requests-per-second": 0
    })
}

/// Replace `"$settings"` (and `{"$settings": {overrides}}`) anywhere in `args` by
/// `base` (merged with the overrides).
pub fn resolve_settings(args: &Value, base: &Value) -> Value {
    match args {
        Value::String(s) if s == "$settings" => base.clone(),
        Value::Object(object) if object.len() == 1 && object.contains_key("$settings") => {
            let mut merged = base.clone();
            if let (Some(target), Some(Value::Object(overrides))) =
                (merged.as_object_mut(), object.get("$settings"))
            {
                for (key, value) in overrides {
                    target.insert(key.clone(), value.clone());
                }
            }
            merged
        }
        Value::Object(object) => Value::Object(
            object
                .iter()
                .map(|(k, v)| (k.clone(), resolve_settings(v, base)))
                .collect(),
        ),
        Value::Array(items) => {
            Value::Array(items.iter().map(|v| resolve_settings(v, base)).collect())
        }
        other => other.clone(),
    }
}

/// One scenario: what the component is asked, what ODR answers, what must come out.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Recording {
    /// What this recording proves.
    #[serde(default)]
    pub description: String,
    /// True when an ODR field the recording relies on comes only from
    /// third-party code (the description names it): unconfirmed until
    /// `odr conformance` or a real exchange settles it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub assumed: bool,
    /// The pinned wall-clock time (Unix seconds) of every call.
    pub now: u64,
    /// The state store before the first call.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub state: BTreeMap<String, SeedValue>,
    /// The calls, in order.
    pub calls: Vec<RecordedCall>,
    /// The HTTP exchanges the calls make, in order.
    #[serde(default)]
    pub exchanges: Vec<Exchange>,
    /// Keys that must hold these values after the last call (`null` = absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expect_state: Option<BTreeMap<String, Option<String>>>,
}

/// A seeded state value: a plain string, or one with an absolute expiry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum SeedValue {
    /// Never expires.
    Plain(String),
    /// Expires at `expires_at` (Unix seconds).
    Expiring {
        /// The value.
        value: String,
        /// Unix seconds after which the value is gone.
        expires_at: u64,
    },
}

/// One call of a recording.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordedCall {
    /// The WIT function name, e.g. `get-nameservers`.
    pub function: String,
    /// Arguments by WIT parameter name; `"$settings"` is [`test_settings`].
    pub args: Value,
    /// The expected outcome; none means any non-host-error outcome passes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expect: Option<Expect>,
    /// Keys that must hold these values after this call (`null` = absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expect_state: Option<BTreeMap<String, Option<String>>>,
    /// A human note.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// What a call must give.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Expect {
    /// `{"ok": value}`: the export's ok payload.
    Ok(Value),
    /// `{"err": registrar-error}`: the export's error.
    Err(Value),
    /// `{"host_error": "text"}`: a host error whose message contains the text.
    HostError(String),
}

/// One HTTP exchange.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Exchange {
    /// The request the component must make.
    pub request: RecordedRequest,
    /// What it gets back.
    pub response: RecordedResponse,
    /// The batch this exchange was sent in, when the component sent several
    /// requests at once (a domain search): neighbouring exchanges with the
    /// same number were in flight together, so they may arrive in any order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub concurrent: Option<u32>,
    /// A human note.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A request in its redacted form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordedRequest {
    /// HTTP method.
    pub method: String,
    /// The path, e.g. `/domain/example.nl/info/`.
    pub path: String,
    /// The query string without `?`, `""` for none.
    #[serde(default)]
    pub query: String,
    /// Headers that must be present with these values (names case-insensitive); others are not compared.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub headers: BTreeMap<String, String>,
    /// The JSON body; `null` for none.
    #[serde(default)]
    pub body: Value,
    /// The body when it is not JSON (then `body` is null).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body_text: Option<String>,
}

/// A response, or a transport fault instead of one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordedResponse {
    /// HTTP status (default 200).
    #[serde(default = "default_status")]
    pub status: u16,
    /// Response headers.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub headers: BTreeMap<String, String>,
    /// The JSON body (`null`: empty body).
    #[serde(default)]
    pub body: Value,
    /// A body that is not JSON (truncated, HTML...); wins over `body`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body_text: Option<String>,
    /// No response at all.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fault: Option<Fault>,
}

fn default_status() -> u16 {
    200
}

/// A response that never comes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Fault {
    /// No answer within the timeout ([`TransportError::Timeout`]; the replay server
    /// holds the connection open).
    Timeout,
    /// The connection is closed without a response ([`TransportError::Other`]).
    Reset,
    /// Nobody listens ([`TransportError::ConnectionRefused`]; the replay server
    /// closes the connection like `reset`).
    Refused,
}

impl RecordedResponse {
    /// The body bytes a transport delivers.
    pub fn body_bytes(&self) -> Vec<u8> {
        match (&self.body_text, &self.body) {
            (Some(text), _) => text.as_bytes().to_vec(),
            (None, Value::Null) => Vec::new(),
            (None, body) => serde_json::to_vec(body).unwrap_or_default(),
        }
    }

    /// The response a transport delivers, or its fault.
    pub fn to_http(&self) -> Result<HttpResponse, TransportError> {
        match self.fault {
            Some(Fault::Timeout) => Err(TransportError::Timeout(
                "replay: the recorded response never came".into(),
            )),
            Some(Fault::Reset) => Err(TransportError::Other(
                "replay: connection reset by peer".into(),
            )),
            Some(Fault::Refused) => Err(TransportError::ConnectionRefused(
                "replay: connection refused".into(),
            )),
            None => {
                let mut headers: Vec<(String, String)> = self
                    .headers
                    .iter()
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect();
                let has_content_type = headers
                    .iter()
                    .any(|(k, _)| k.eq_ignore_ascii_case("content-type"));
                if !has_content_type && self.body_text.is_none() && !self.body.is_null() {
                    headers.push(("content-type".into(), "application/json".into()));
                }
                Ok(HttpResponse {
                    status: self.status,
                    headers,
                    body: self.body_bytes(),
                })
            }
        }
    }
}

impl Recording {
    /// Parse a recording, naming the line and column of a syntax error.
    pub fn from_json(text: &str) -> Result<Recording, String> {
        serde_json::from_str(text).map_err(|e| e.to_string())
    }

    /// Pretty JSON, as stored in `tests/recordings/`.
    pub fn to_json_pretty(&self) -> String {
        let mut text = pretty(self);
        text.push('\n');
        text
    }

    /// `$settings` as given in a recording written from `settings`: the harness
    /// defaults plus overrides for every non-credential field that differs.
    pub fn settings_reference(settings: &Value) -> Value {
        let base = test_settings();
        let mut overrides = Map::new();
        if let Some(object) = settings.as_object() {
            for (key, value) in object {
                let credential = matches!(key.as_str(), "api-key" | "api-secret" | "api-url");
                if !credential && base.get(key) != Some(value) {
                    overrides.insert(key.clone(), value.clone());
                }
            }
        }
        if overrides.is_empty() {
            Value::String("$settings".into())
        } else {
            json!({ "$settings": overrides })
        }
    }
}
