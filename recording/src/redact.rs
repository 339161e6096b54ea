//! Redaction: live requests and responses in their recorded form. The API key →
//! `<API_KEY>`, the secret → `<API_SECRET>`, a login `signature` that verifies per
//! `docs/odr-api.md` §3.2 → `<SIGNATURE>`, every token ODR issued → `<TOKEN>`.

use crate::format::{
    RecordedRequest, API_KEY_PLACEHOLDER, API_SECRET_PLACEHOLDER, SIGNATURE_PLACEHOLDER,
    TEST_API_KEY, TEST_API_SECRET, TOKEN_PLACEHOLDER,
};
use crate::http::HttpRequest;
use serde_json::Value;
use sha1::{Digest, Sha1};
use std::collections::BTreeMap;
use std::fmt::Write as _;

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

/// The login signature of docs/odr-api.md §3.2:
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
                "the login signature does not verify per docs/odr-api.md §3.2 for api-key {} and \
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
