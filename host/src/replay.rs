//! Recordings: the format of `docs/architecture.md`, strict replay, record mode.
//!
//! - [`Recording`] and friends are the file format (serde; unknown keys are refused so
//!   a typo in a hand-written recording fails loudly).
//! - [`Redactor`] turns live requests into their recorded form: API key →
//!   `<API_KEY>`, secret → `<API_SECRET>`, a login `signature` that verifies per
//!   odr-api.md §3.2 → `<SIGNATURE>`, every token ODR issued → `<TOKEN>`.
//! - [`ReplaySession`] is the strict matcher the [`ReplayTransport`] and the CLI's
//!   replay server share: each request must equal the next exchange's request
//!   (method, path, query, listed headers, body compared as JSON) or it fails with
//!   a readable diff; [`ReplaySession::finish`] fails on exchanges left over.
//! - [`RecordingTransport`] wraps a real transport and writes the redacted exchanges.
//! - [`run_recording`] replays a whole recording against a [`Runtime`] (the harness
//!   and `odr replay`).
//!
//! In replays the placeholders are served literally: the component logs in, gets
//! the token `<TOKEN>` and sends `X-Access-Token: <TOKEN>`, which is exactly what a
//! recording made from a real exchange says after redaction.

use crate::{
    CallOptions, CallOutcome, Capabilities, Clock, HostError, HttpRequest, HttpResponse, LogEntry,
    MemoryLog, MemoryState, Runtime, Transport, TransportError,
};
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};
use sha1::{Digest, Sha1};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::{Mutex, MutexGuard};

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

/// API key and secret a redactor recognises.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Credentials {
    /// The API key (`public$...`).
    pub api_key: String,
    /// The API secret.
    pub api_secret: String,
}

impl Credentials {
    /// The harness's test credentials.
    pub fn test() -> Self {
        Credentials {
            api_key: TEST_API_KEY.to_string(),
            api_secret: TEST_API_SECRET.to_string(),
        }
    }

    /// The credentials in a settings record (JSON), if it has both.
    pub fn from_settings(settings: &Value) -> Option<Self> {
        Some(Credentials {
            api_key: settings.get("api-key")?.as_str()?.to_string(),
            api_secret: settings.get("api-secret")?.as_str()?.to_string(),
        })
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}

/// The login signature of odr-api.md §3.2:
/// `"token$" + hex(sha1(api_key + " " + timestamp + " " + hex(sha1(api_secret))))`.
pub fn login_signature(api_key: &str, api_secret: &str, timestamp: &str) -> String {
    let inner = hex(&Sha1::digest(api_secret.as_bytes()));
    let message = format!("{api_key} {timestamp} {inner}");
    format!("token${}", hex(&Sha1::digest(message.as_bytes())))
}

/// A request as observed, in recorded form, plus notes about it.
#[derive(Debug, Clone, PartialEq)]
pub struct Observed {
    /// The redacted request.
    pub request: RecordedRequest,
    /// All its headers, redacted (lower-case names).
    pub all_headers: BTreeMap<String, String>,
    /// E.g. that a signature did not verify.
    pub notes: Vec<String>,
}

/// Replaces secrets by placeholders.
#[derive(Debug, Clone)]
pub struct Redactor {
    credentials: Credentials,
    tokens: Vec<String>,
}

impl Redactor {
    /// A redactor for these credentials (tokens are learnt from login responses).
    pub fn new(credentials: Credentials) -> Self {
        Redactor {
            credentials,
            tokens: Vec::new(),
        }
    }

    /// Change the credentials (e.g. a call with other settings).
    pub fn set_credentials(&mut self, credentials: Credentials) {
        self.credentials = credentials;
    }

    /// Treat `token` as a secret from now on.
    pub fn learn_token(&mut self, token: &str) {
        let is_placeholder = token.starts_with('<') && token.ends_with('>');
        if !token.is_empty() && !is_placeholder && !self.tokens.iter().any(|t| t == token) {
            self.tokens.push(token.to_string());
            // Longest first, so a token containing another is replaced whole.
            self.tokens.sort_by_key(|t| std::cmp::Reverse(t.len()));
        }
    }

    /// Learn `response.token` of an ODR success envelope (the login response).
    pub fn learn_tokens_from_response(&mut self, body: &Value) {
        if let Some(token) = body
            .get("response")
            .and_then(|r| r.get("token"))
            .and_then(Value::as_str)
        {
            self.learn_token(token);
        }
    }

    /// Learn every `token$...` word in `text` (e.g. state values of an earlier run).
    pub fn learn_tokens_in_text(&mut self, text: &str) {
        let mut rest = text;
        while let Some(at) = rest.find("token$") {
            let word: String = rest[at..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '$' | '_' | '-' | '.'))
                .collect();
            self.learn_token(&word);
            rest = &rest[at + word.len().max(1)..];
        }
    }

    /// `text` with every secret replaced by its placeholder.
    pub fn redact_str(&self, text: &str) -> String {
        let mut out = text.to_string();
        let mut needles: Vec<(&str, &str)> = vec![
            (&self.credentials.api_secret, API_SECRET_PLACEHOLDER),
            (&self.credentials.api_key, API_KEY_PLACEHOLDER),
        ];
        needles.extend(self.tokens.iter().map(|t| (t.as_str(), TOKEN_PLACEHOLDER)));
        needles.sort_by_key(|(needle, _)| std::cmp::Reverse(needle.len()));
        for (needle, placeholder) in needles {
            if !needle.is_empty() {
                out = out.replace(needle, placeholder);
            }
        }
        out
    }

    /// `value` with every string redacted.
    pub fn redact_json(&self, value: &Value) -> Value {
        match value {
            Value::String(s) => Value::String(self.redact_str(s)),
            Value::Array(items) => {
                Value::Array(items.iter().map(|v| self.redact_json(v)).collect())
            }
            Value::Object(object) => Value::Object(
                object
                    .iter()
                    .map(|(k, v)| (k.clone(), self.redact_json(v)))
                    .collect(),
            ),
            other => other.clone(),
        }
    }

    /// The recorded form of a live request.
    ///
    /// A top-level `signature` in the JSON body is checked against §3.2 with these
    /// credentials and the body's `timestamp`: when it verifies it becomes
    /// `<SIGNATURE>`; otherwise it is kept (in replay that shows in the diff) unless
    /// `always_mask_signature` (record mode: never write a real signature).
    pub fn observe(&self, request: &HttpRequest, always_mask_signature: bool) -> Observed {
        let mut notes = Vec::new();
        let (path, query) = match request.url.parse::<http::Uri>() {
            Ok(uri) => (
                uri.path().to_string(),
                uri.query().unwrap_or_default().to_string(),
            ),
            Err(_) => (request.url.clone(), String::new()),
        };
        let (body, body_text) = if request.body.is_empty() {
            (Value::Null, None)
        } else {
            match serde_json::from_slice::<Value>(&request.body) {
                Ok(mut body) => {
                    self.mask_signature(&mut body, always_mask_signature, &mut notes);
                    (self.redact_json(&body), None)
                }
                Err(_) => (
                    Value::Null,
                    Some(self.redact_str(&String::from_utf8_lossy(&request.body))),
                ),
            }
        };
        let all_headers: BTreeMap<String, String> = request
            .headers
            .iter()
            .map(|(k, v)| (k.to_ascii_lowercase(), self.redact_str(v)))
            .collect();
        let headers = all_headers
            .iter()
            .filter(|(k, _)| k.as_str() == "x-access-token")
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        Observed {
            request: RecordedRequest {
                method: request.method.clone(),
                path: self.redact_str(&path),
                query: self.redact_str(&query),
                headers,
                body,
                body_text,
            },
            all_headers,
            notes,
        }
    }

    fn mask_signature(&self, body: &mut Value, always: bool, notes: &mut Vec<String>) {
        let Some(object) = body.as_object_mut() else {
            return;
        };
        let Some(signature) = object.get("signature").and_then(Value::as_str) else {
            return;
        };
        let timestamp = match object.get("timestamp") {
            Some(Value::String(s)) => s.clone(),
            Some(Value::Number(n)) => n.to_string(),
            _ => String::new(),
        };
        let expected = login_signature(
            &self.credentials.api_key,
            &self.credentials.api_secret,
            &timestamp,
        );
        if signature == expected {
            object.insert(
                "signature".into(),
                Value::String(SIGNATURE_PLACEHOLDER.into()),
            );
        } else {
            notes.push(format!(
                "the login signature does not verify per odr-api.md §3.2 for api-key {} and \
                 timestamp {:?} (expected {expected})",
                API_KEY_PLACEHOLDER, timestamp
            ));
            if always {
                object.insert(
                    "signature".into(),
                    Value::String(SIGNATURE_PLACEHOLDER.into()),
                );
            }
        }
    }
}

/// Paths and differences between two JSON values (`expected` vs `actual`).
pub fn json_diff(expected: &Value, actual: &Value, path: &str, out: &mut Vec<String>) {
    let here = if path.is_empty() { "(root)" } else { path };
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => {
            for (key, ev) in e {
                let sub = join_path(path, key);
                match a.get(key) {
                    Some(av) => json_diff(ev, av, &sub, out),
                    None => out.push(format!("{sub}: missing (expected {})", compact(ev))),
                }
            }
            for (key, av) in a {
                if !e.contains_key(key) {
                    out.push(format!(
                        "{}: unexpected (got {})",
                        join_path(path, key),
                        compact(av)
                    ));
                }
            }
        }
        (Value::Array(e), Value::Array(a)) if e.len() == a.len() => {
            for (i, (ev, av)) in e.iter().zip(a).enumerate() {
                json_diff(ev, av, &format!("{path}[{i}]"), out);
            }
        }
        (Value::Array(e), Value::Array(a)) => out.push(format!(
            "{here}: expected {} items, got {}: expected {}, got {}",
            e.len(),
            a.len(),
            compact(expected),
            compact(actual)
        )),
        _ if expected == actual => {}
        (Value::String(e), Value::String(a))
            if e.chars().count() > 60 || a.chars().count() > 60 =>
        {
            let at = e.chars().zip(a.chars()).take_while(|(x, y)| x == y).count();
            let excerpt =
                |s: &str| -> String { s.chars().skip(at.saturating_sub(15)).take(50).collect() };
            out.push(format!(
                "{here}: strings differ at character {at} (expected {} characters, got {}): \
                 expected …{:?}, got …{:?}",
                e.chars().count(),
                a.chars().count(),
                excerpt(e),
                excerpt(a)
            ));
        }
        // 1 and 1.0 are the same JSON number to ODR and to us.
        (Value::Number(e), Value::Number(a)) if e.as_f64() == a.as_f64() => {}
        _ => out.push(format!(
            "{here}: expected {}, got {}",
            compact(expected),
            compact(actual)
        )),
    }
}

fn join_path(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

fn compact(value: &Value) -> String {
    let text = value.to_string();
    if text.chars().count() > 200 {
        let head: String = text.chars().take(200).collect();
        format!("{head}…")
    } else {
        text
    }
}

fn pretty(value: &impl Serialize) -> String {
    serde_json::to_string_pretty(value).unwrap_or_else(|e| format!("<unprintable: {e}>"))
}

/// The differences between a recorded request and an observed one (empty: equal).
pub fn request_diff(expected: &RecordedRequest, observed: &Observed) -> Vec<String> {
    let actual = &observed.request;
    let mut lines = Vec::new();
    if !expected.method.eq_ignore_ascii_case(&actual.method) {
        lines.push(format!(
            "method: expected {}, got {}",
            expected.method, actual.method
        ));
    }
    if expected.path != actual.path {
        lines.push(format!(
            "path: expected {:?}, got {:?}",
            expected.path, actual.path
        ));
    }
    if expected.query != actual.query {
        lines.push(format!(
            "query: expected {:?}, got {:?}",
            expected.query, actual.query
        ));
    }
    for (name, value) in &expected.headers {
        match observed.all_headers.get(&name.to_ascii_lowercase()) {
            Some(got) if got == value => {}
            Some(got) => lines.push(format!("header {name}: expected {value:?}, got {got:?}")),
            None => lines.push(format!("header {name}: expected {value:?}, got none")),
        }
    }
    match (&expected.body_text, &actual.body_text) {
        (None, None) => json_diff(&expected.body, &actual.body, "body", &mut lines),
        (Some(e), Some(a)) if e == a => {}
        (e, a) => lines.push(format!(
            "body: expected {}, got {}",
            e.clone().unwrap_or_else(|| compact(&expected.body)),
            a.clone().unwrap_or_else(|| compact(&actual.body)),
        )),
    }
    if !lines.is_empty() {
        lines.extend(observed.notes.iter().map(|n| format!("note: {n}")));
    }
    lines
}

/// Why a replay failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReplayError {
    /// A request differed from the next recorded one, or came after the last.
    #[error("{0}")]
    Mismatch(String),
    /// Exchanges were left unused.
    #[error("{0}")]
    Unused(String),
}

/// The strict matcher: exchanges in order, each request checked before its response.
#[derive(Debug)]
pub struct ReplaySession {
    exchanges: Vec<Exchange>,
    next: usize,
    redactor: Redactor,
    failures: Vec<String>,
}

impl ReplaySession {
    /// A session over `exchanges`; login signatures are verified with `credentials`.
    pub fn new(exchanges: Vec<Exchange>, credentials: Credentials) -> Self {
        ReplaySession {
            exchanges,
            next: 0,
            redactor: Redactor::new(credentials),
            failures: Vec::new(),
        }
    }

    /// Verify signatures with other credentials from now on.
    pub fn set_credentials(&mut self, credentials: Credentials) {
        self.redactor.set_credentials(credentials);
    }

    /// How many exchanges were used.
    pub fn used(&self) -> usize {
        self.next
    }

    /// Every mismatch so far, each a readable report.
    pub fn failures(&self) -> &[String] {
        &self.failures
    }

    /// Match `request` against the next exchange and return its response.
    ///
    /// After a mismatch every later request fails too (the session is off track).
    pub fn respond(&mut self, request: &HttpRequest) -> Result<RecordedResponse, ReplayError> {
        let observed = self.redactor.observe(request, false);
        if !self.failures.is_empty() {
            return Err(ReplayError::Mismatch(format!(
                "request {} {} after an earlier mismatch",
                observed.request.method, observed.request.path
            )));
        }
        let total = self.exchanges.len();
        let Some(exchange) = self.exchanges.get(self.next) else {
            let report = format!(
                "unexpected request #{} (the recording has only {total} exchanges):\n{}",
                self.next + 1,
                indent(&pretty(&observed.request))
            );
            self.failures.push(report.clone());
            return Err(ReplayError::Mismatch(report));
        };
        let diff = request_diff(&exchange.request, &observed);
        if !diff.is_empty() {
            let report = format!(
                "request #{} of {total} differs from the recording:\n{}\nthe request, as a \
                 recording would hold it:\n{}",
                self.next + 1,
                indent(&diff.join("\n")),
                indent(&pretty(&observed.request))
            );
            self.failures.push(report.clone());
            return Err(ReplayError::Mismatch(report));
        }
        self.next += 1;
        Ok(exchange.response.clone())
    }

    /// Ok when nothing mismatched and every exchange was used.
    pub fn finish(&self) -> Result<(), ReplayError> {
        if let Some(first) = self.failures.first() {
            return Err(ReplayError::Mismatch(first.clone()));
        }
        if self.next < self.exchanges.len() {
            let unused: Vec<String> = self.exchanges[self.next..]
                .iter()
                .enumerate()
                .map(|(i, e)| {
                    format!(
                        "#{} {} {}{}",
                        self.next + i + 1,
                        e.request.method,
                        e.request.path,
                        if e.request.query.is_empty() {
                            String::new()
                        } else {
                            format!("?{}", e.request.query)
                        }
                    )
                })
                .collect();
            return Err(ReplayError::Unused(format!(
                "{} of {} exchanges were never requested:\n{}",
                unused.len(),
                self.exchanges.len(),
                indent(&unused.join("\n"))
            )));
        }
        Ok(())
    }
}

fn indent(text: &str) -> String {
    text.lines()
        .map(|line| format!("    {line}"))
        .collect::<Vec<_>>()
        .join("\n")
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
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

/// What one replayed recording did.
#[derive(Debug, Clone, Default)]
pub struct ReplayReport {
    /// Every failure, each a readable paragraph naming the call.
    pub failures: Vec<String>,
    /// The outcome of each call (`{"ok": ..}`, `{"err": ..}` or `{"host_error": ..}`).
    pub outcomes: Vec<Value>,
    /// What the component logged.
    pub log: Vec<LogEntry>,
    /// The live state after the last call.
    pub state: BTreeMap<String, String>,
    /// How many exchanges were used.
    pub exchanges_used: usize,
}

impl ReplayReport {
    /// True when nothing failed.
    pub fn passed(&self) -> bool {
        self.failures.is_empty()
    }
}

fn outcome_json(outcome: &Result<CallOutcome, HostError>) -> Value {
    match outcome {
        Ok(CallOutcome::Ok(v)) => json!({ "ok": v }),
        Ok(CallOutcome::Err(v)) => json!({ "err": v }),
        Err(e) => json!({ "host_error": e.to_string() }),
    }
}

/// Equal strings, or equal JSON documents (key order does not matter).
fn same_state_value(want: Option<&str>, got: Option<&str>) -> bool {
    match (want, got) {
        (None, None) => true,
        (Some(want), Some(got)) if want == got => true,
        (Some(want), Some(got)) => {
            match (
                serde_json::from_str::<Value>(want),
                serde_json::from_str::<Value>(got),
            ) {
                (Ok(want), Ok(got)) => want == got,
                _ => false,
            }
        }
        _ => false,
    }
}

fn check_state(
    state: &MemoryState,
    expected: &BTreeMap<String, Option<String>>,
    when: &str,
    failures: &mut Vec<String>,
) {
    for (key, want) in expected {
        let got = state.peek(key);
        if !same_state_value(want.as_deref(), got.as_deref()) {
            failures.push(format!(
                "{when}: state {key:?}: expected {}, got {}",
                want.as_deref()
                    .map(|v| format!("{v:?}"))
                    .unwrap_or_else(|| "absent".into()),
                got.as_deref()
                    .map(|v| format!("{v:?}"))
                    .unwrap_or_else(|| "absent".into()),
            ));
        }
    }
}

/// Replay `recording` against `runtime`: pinned clock at `now`, in-memory state
/// seeded from `state`, `$settings` = [`test_settings`] (or `settings` if given),
/// every call's `expect` and `expect_state` checked, unused exchanges failing.
pub fn run_recording(
    runtime: &Runtime,
    recording: &Recording,
    settings: Option<&Value>,
) -> ReplayReport {
    let base = settings.cloned().unwrap_or_else(test_settings);
    let clock = Clock::Pinned {
        unix_seconds: recording.now,
    };
    let state = MemoryState::new(clock);
    for (key, seed) in &recording.state {
        match seed {
            SeedValue::Plain(value) => state.insert(key, value, None),
            SeedValue::Expiring { value, expires_at } => {
                state.insert(key, value, Some(*expires_at))
            }
        }
    }
    let log = MemoryLog::new();
    let transport = ReplayTransport::new(
        recording.exchanges.clone(),
        Credentials::from_settings(&base).unwrap_or_else(Credentials::test),
    );
    let options = CallOptions {
        clock,
        ..CallOptions::default()
    };
    let mut report = ReplayReport::default();
    for (i, call) in recording.calls.iter().enumerate() {
        let when = format!("call #{} ({})", i + 1, call.function);
        let args = resolve_settings(&call.args, &base);
        if let Some(credentials) = args.get("settings").and_then(Credentials::from_settings) {
            transport.set_credentials(credentials);
        }
        let mismatches_before = transport.failures().len();
        let caps = Capabilities {
            transport: &transport,
            state: &state,
            log: &log,
        };
        let outcome = runtime.call(caps, &call.function, &args, &options);
        let actual = outcome_json(&outcome);
        report.outcomes.push(actual.clone());
        let mismatches = transport.failures();
        if mismatches.len() > mismatches_before {
            for mismatch in &mismatches[mismatches_before..] {
                report.failures.push(format!("{when}: {mismatch}"));
            }
            report.failures.push(format!(
                "{when}: gave (after the mismatch) {}",
                compact(&actual)
            ));
            break;
        }
        match (&call.expect, &outcome) {
            (Some(Expect::HostError(text)), Err(error)) if error.to_string().contains(text) => {}
            (Some(Expect::HostError(text)), _) => report.failures.push(format!(
                "{when}: expected a host error containing {text:?}, got {}",
                compact(&actual)
            )),
            (_, Err(error)) => report.failures.push(format!("{when}: host error: {error}")),
            (None, Ok(_)) => {}
            (Some(expect), Ok(_)) => {
                let wanted = match expect {
                    Expect::Ok(v) => json!({ "ok": v }),
                    Expect::Err(v) => json!({ "err": v }),
                    Expect::HostError(_) => Value::Null,
                };
                let mut lines = Vec::new();
                json_diff(&wanted, &actual, "", &mut lines);
                if !lines.is_empty() {
                    report.failures.push(format!(
                        "{when}: the result differs from `expect`:\n{}\nthe whole result:\n{}",
                        indent(&lines.join("\n")),
                        indent(&pretty(&actual))
                    ));
                }
            }
        }
        if let Some(expected) = &call.expect_state {
            check_state(&state, expected, &when, &mut report.failures);
        }
    }
    if report.failures.is_empty() {
        if let Err(error) = transport.finish() {
            report
                .failures
                .push(format!("after the last call: {error}"));
        }
        if let Some(expected) = &recording.expect_state {
            check_state(
                &state,
                expected,
                "after the last call",
                &mut report.failures,
            );
        }
    }
    report.exchanges_used = transport.used();
    report.log = log.entries();
    report.state = state
        .entries()
        .into_iter()
        .map(|(k, v)| (k, v.value))
        .collect();
    report
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn signature_matches_the_worked_example_of_odr_api_3_2() {
        assert_eq!(
            hex(&Sha1::digest(b"secret$examplesecret")),
            "b222837f6b6b202275a3c616f90d36d73b12707e"
        );
        assert_eq!(
            login_signature("public$examplekey", "secret$examplesecret", "1500000000"),
            "token$f1c7a60afdb74e505d76dc9fe8f303fb9756bf5f"
        );
    }

    fn login_request(timestamp: u64, signature: &str) -> HttpRequest {
        HttpRequest {
            method: "POST".into(),
            url: "http://odr.test/user/login/".into(),
            headers: vec![("content-type".into(), "application/json".into())],
            body: serde_json::to_vec(&json!({
                "timestamp": timestamp, "api_key": TEST_API_KEY, "signature": signature
            }))
            .expect("json"),
            timeout: Duration::from_secs(30),
        }
    }

    fn login_exchange() -> Exchange {
        serde_json::from_value(json!({
            "request": {"method": "POST", "path": "/user/login/", "query": "",
                        "body": {"timestamp": 1764547200, "api_key": "<API_KEY>", "signature": "<SIGNATURE>"}},
            "response": {"status": 200, "headers": {"content-type": "application/json"},
                         "body": {"status": "success", "code": 200,
                                  "response": {"token": "<TOKEN>", "as_header": "X-Access-Token"}}}
        }))
        .expect("exchange")
    }

    #[test]
    fn replay_verifies_and_redacts_the_signature() {
        let good = login_signature(TEST_API_KEY, TEST_API_SECRET, "1764547200");
        let transport = ReplayTransport::new(vec![login_exchange()], Credentials::test());
        let response = transport
            .send(login_request(1764547200, &good))
            .expect("response");
        assert_eq!(response.status, 200);
        assert!(String::from_utf8_lossy(&response.body).contains("<TOKEN>"));
        assert_eq!(transport.finish(), Ok(()));
    }

    #[test]
    fn a_wrong_signature_or_timestamp_is_a_readable_mismatch() {
        let signed_for_other_time = login_signature(TEST_API_KEY, TEST_API_SECRET, "1764547199");
        let transport = ReplayTransport::new(vec![login_exchange()], Credentials::test());
        let error = transport
            .send(login_request(1764547200, &signed_for_other_time))
            .expect_err("mismatch");
        assert!(matches!(error, TransportError::Other(_)));
        let failures = transport.failures();
        assert_eq!(failures.len(), 1);
        assert!(
            failures[0].contains("body.signature: expected \"<SIGNATURE>\""),
            "{}",
            failures[0]
        );
        assert!(failures[0].contains("does not verify"), "{}", failures[0]);
        assert!(transport.finish().is_err());
    }

    #[test]
    fn the_diff_names_paths() {
        let transport = ReplayTransport::new(vec![login_exchange()], Credentials::test());
        let good = login_signature(TEST_API_KEY, TEST_API_SECRET, "1764547201");
        let _ = transport.send(login_request(1764547201, &good));
        let failures = transport.failures();
        assert!(
            failures[0].contains("body.timestamp: expected 1764547200, got 1764547201"),
            "{}",
            failures[0]
        );
    }

    #[test]
    fn long_strings_show_where_they_differ() {
        let expected = json!({"x": format!("{}B{}", "a".repeat(100), "c".repeat(20))});
        let actual = json!({"x": format!("{}D{}", "a".repeat(100), "c".repeat(20))});
        let mut lines = Vec::new();
        json_diff(&expected, &actual, "body", &mut lines);
        assert_eq!(lines.len(), 1);
        assert!(
            lines[0].starts_with("body.x: strings differ at character 100"),
            "{}",
            lines[0]
        );
        assert!(lines[0].contains("aaaB"), "{}", lines[0]);
        assert!(lines[0].contains("aaaD"), "{}", lines[0]);
    }

    #[test]
    fn unused_exchanges_fail_finish() {
        let transport = ReplayTransport::new(vec![login_exchange()], Credentials::test());
        let error = transport.finish().expect_err("unused");
        assert!(
            error.to_string().contains("#1 POST /user/login/"),
            "{error}"
        );
    }

    #[test]
    fn requests_after_the_last_exchange_fail() {
        let transport = ReplayTransport::new(vec![], Credentials::test());
        assert!(transport.send(login_request(1, "x")).is_err());
        assert!(transport.failures()[0].contains("unexpected request #1"));
    }

    #[test]
    fn faults_become_transport_errors() {
        let mut exchange = login_exchange();
        exchange.response.fault = Some(Fault::Timeout);
        assert!(matches!(
            exchange.response.to_http(),
            Err(TransportError::Timeout(_))
        ));
        exchange.response.fault = Some(Fault::Reset);
        assert!(matches!(
            exchange.response.to_http(),
            Err(TransportError::Other(_))
        ));
        exchange.response.fault = None;
        exchange.response.body_text = Some("<html>502".into());
        assert_eq!(
            exchange.response.to_http().expect("response").body,
            b"<html>502"
        );
    }

    struct FakeOdr;

    impl Transport for FakeOdr {
        fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
            if request.url.ends_with("/user/login/") {
                return Ok(HttpResponse {
                    status: 200,
                    headers: vec![
                        ("Content-Type".into(), "application/json".into()),
                        ("Date".into(), "today".into()),
                    ],
                    body: br#"{"status":"success","code":200,"response":{"token":"token$live123","as_header":"X-Access-Token"}}"#.to_vec(),
                });
            }
            if request.url.contains("timeout") {
                return Err(TransportError::Timeout("slow".into()));
            }
            Ok(HttpResponse {
                status: 200,
                headers: vec![],
                body: br#"{"status":"success","code":200,"response":{"echo":"token$live123"}}"#
                    .to_vec(),
            })
        }
    }

    #[test]
    fn recording_redacts_key_secret_signature_and_tokens() {
        let credentials = Credentials {
            api_key: "public$realkey".into(),
            api_secret: "secret$realsecret".into(),
        };
        let recorder = RecordingTransport::new(FakeOdr, credentials.clone());
        let signature = login_signature("public$realkey", "secret$realsecret", "1700000000");
        let login = HttpRequest {
            method: "POST".into(),
            url: "https://api.example/user/login/".into(),
            headers: vec![],
            body: serde_json::to_vec(&json!({"timestamp": 1700000000, "api_key": "public$realkey", "signature": signature})).expect("json"),
            timeout: Duration::from_secs(5),
        };
        recorder.send(login).expect("login");
        let info = HttpRequest {
            method: "GET".into(),
            url: "https://api.example/domain/example.nl/info/?x=secret$realsecret".into(),
            headers: vec![("X-Access-Token".into(), "token$live123".into())],
            body: vec![],
            timeout: Duration::from_secs(5),
        };
        recorder.send(info).expect("info");
        let slow = HttpRequest {
            method: "GET".into(),
            url: "https://api.example/timeout/".into(),
            headers: vec![],
            body: vec![],
            timeout: Duration::from_secs(5),
        };
        assert!(recorder.send(slow).is_err());
        let exchanges = recorder.exchanges();
        let text = serde_json::to_string(&exchanges).expect("json");
        for secret in [
            "public$realkey",
            "secret$realsecret",
            "token$live123",
            &signature,
        ] {
            assert!(!text.contains(secret), "{secret} leaked: {text}");
        }
        assert_eq!(exchanges[0].request.body["signature"], "<SIGNATURE>");
        assert_eq!(exchanges[0].request.body["api_key"], "<API_KEY>");
        assert_eq!(exchanges[0].response.body["response"]["token"], "<TOKEN>");
        assert!(!exchanges[0].response.headers.contains_key("date"));
        assert_eq!(exchanges[1].request.headers["x-access-token"], "<TOKEN>");
        assert_eq!(exchanges[1].request.query, "x=<API_SECRET>");
        assert_eq!(exchanges[1].response.body["response"]["echo"], "<TOKEN>");
        assert_eq!(exchanges[2].response.fault, Some(Fault::Timeout));
        assert!(recorder.warnings().is_empty(), "{:?}", recorder.warnings());

        // What was recorded replays against the same requests made with the test
        // credentials' counterpart: here, the same credentials.
        let replay = ReplayTransport::new(exchanges[..2].to_vec(), credentials);
        replay
            .send(HttpRequest {
                method: "POST".into(),
                url: "http://odr.test/user/login/".into(),
                headers: vec![],
                body: serde_json::to_vec(&json!({"timestamp": 1700000000, "api_key": "public$realkey", "signature": signature})).expect("json"),
                timeout: Duration::from_secs(5),
            })
            .expect("login replays");
    }

    #[test]
    fn settings_references() {
        let base = test_settings();
        assert_eq!(
            resolve_settings(&json!({"settings": "$settings", "domain": "x"}), &base),
            json!({"settings": base.clone(), "domain": "x"})
        );
        let merged = resolve_settings(
            &json!({"settings": {"$settings": {"tech-contact": {"fixed": 5}}}}),
            &base,
        );
        assert_eq!(merged["settings"]["tech-contact"], json!({"fixed": 5}));
        assert_eq!(merged["settings"]["api-key"], TEST_API_KEY);
        let mut live = base.clone();
        live["api-key"] = json!("public$real");
        assert_eq!(Recording::settings_reference(&live), json!("$settings"));
        live["test-mode"] = json!(true);
        assert_eq!(
            Recording::settings_reference(&live),
            json!({"$settings": {"test-mode": true}})
        );
    }

    #[test]
    fn the_documented_example_parses() {
        let text = r#"{
          "description": "what this recording proves",
          "now": 1764547200,
          "state": {"odr:token": "x", "odr:old": {"value": "y", "expires_at": 5}},
          "calls": [
            {"function": "get-nameservers",
             "args": {"settings": "$settings", "domain": "example.nl"},
             "expect": {"ok": ["ns1.example.net", "ns2.example.net"]}}
          ],
          "exchanges": [
            {"request": {"method": "POST", "path": "/user/login/", "query": "",
                         "body": {"timestamp": 1764547200, "api_key": "<API_KEY>", "signature": "<SIGNATURE>"}},
             "response": {"status": 200, "headers": {"content-type": "application/json"},
                          "body": {"status": "success"}}}
          ]
        }"#;
        let recording = Recording::from_json(text).expect("parses");
        assert_eq!(recording.calls.len(), 1);
        assert!(matches!(
            recording.state["odr:old"],
            SeedValue::Expiring { expires_at: 5, .. }
        ));
        let typo = text.replace("\"exchanges\"", "\"exchange\"");
        assert!(Recording::from_json(&typo).is_err());
    }
}
