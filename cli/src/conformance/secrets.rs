//! EPP codes found in a run, replaced in what it writes; secrets that must never
//! leak into a recording; the guard against ODR's production API.

use super::*;

/// True when the URL's host belongs to ODR's production installation.
pub fn is_production(url: &str) -> bool {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = authority.rsplit('@').next().unwrap_or("");
    let host = host
        .split(':')
        .next()
        .unwrap_or("")
        .trim_end_matches('.')
        .to_ascii_lowercase();
    host == PRODUCTION_DOMAIN || host.ends_with(&format!(".{PRODUCTION_DOMAIN}"))
}

pub(crate) fn is_placeholder(text: &str) -> bool {
    text.starts_with('<') && text.ends_with('>')
}

/// Learn every EPP code in `value`: the string under any `auth_code` key.
pub fn learn_auth_codes(value: &Value, codes: &mut Vec<String>) {
    match value {
        Value::Object(object) => {
            for (key, item) in object {
                let is_code_key = matches!(
                    key.to_ascii_lowercase().replace('-', "_").as_str(),
                    "auth_code" | "authcode" | "epp_code"
                );
                match item {
                    Value::String(code) if is_code_key => remember(code, codes),
                    other => learn_auth_codes(other, codes),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| learn_auth_codes(v, codes)),
        _ => {}
    }
}

pub(crate) fn remember(code: &str, codes: &mut Vec<String>) {
    let code = code.trim();
    if !code.is_empty() && !is_placeholder(code) && !codes.iter().any(|c| c == code) {
        codes.push(code.to_string());
        codes.sort_by_key(|c| std::cmp::Reverse(c.len()));
    }
}

/// `value` with every known EPP code replaced by [`AUTH_CODE_PLACEHOLDER`]: whole
/// strings equal to a code, and codes of six characters or more inside longer text.
pub fn redact_auth_codes(value: &Value, codes: &[String]) -> Value {
    match value {
        Value::String(text) => {
            if codes.iter().any(|c| c == text.trim()) {
                return Value::String(AUTH_CODE_PLACEHOLDER.into());
            }
            let mut out = text.clone();
            for code in codes.iter().filter(|c| c.chars().count() >= 6) {
                out = out.replace(code.as_str(), AUTH_CODE_PLACEHOLDER);
            }
            Value::String(out)
        }
        Value::Array(items) => {
            Value::Array(items.iter().map(|v| redact_auth_codes(v, codes)).collect())
        }
        Value::Object(object) => Value::Object(
            object
                .iter()
                .map(|(k, v)| (k.clone(), redact_auth_codes(v, codes)))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// A recording's JSON text with every EPP code it holds (under an `auth_code`
/// key anywhere: requests, answers, results) replaced by [`AUTH_CODE_PLACEHOLDER`].
/// An EPP code is enough to transfer a domain away: `odr call --record` writes
/// recordings through this too, not only `odr conformance`.
pub fn redact_recording_text(text: &str) -> Result<String, serde_json::Error> {
    let value: Value = serde_json::from_str(text)?;
    let mut codes = Vec::new();
    learn_auth_codes(&value, &mut codes);
    if codes.is_empty() {
        return Ok(text.to_string());
    }
    Ok(serde_json::to_string_pretty(&redact_auth_codes(&value, &codes))? + "\n")
}

/// Secrets found in a recording's text (none may be): which kinds.
pub fn leaks(text: &str, credentials: &Credentials, codes: &[String]) -> Vec<&'static str> {
    let mut found = Vec::new();
    if !credentials.api_secret.is_empty() && text.contains(&credentials.api_secret) {
        found.push("the API secret");
    }
    if !credentials.api_key.is_empty() && text.contains(&credentials.api_key) {
        found.push("the API key");
    }
    if text.contains("token$") {
        found.push("a token or signature");
    }
    if codes.iter().any(|c| text.contains(&format!("\"{c}\""))) {
        found.push("an EPP code");
    }
    found
}
