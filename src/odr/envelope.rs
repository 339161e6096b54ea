//! Classification of ODR responses (docs/odr-api.md §2.4), as a pure function of the
//! HTTP status, headers and body bytes. Never panics, whatever the bytes.

use serde_json::Value;

/// What kind of failure a response is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ApiErrorKind {
    /// 401/403, or a message about the token, signature or authentication.
    Auth,
    /// 404.
    NotFound,
    /// An error with per-field messages (E1 with `data` fields).
    Invalid,
    /// Any other error ODR explained (E1 without fields, E2).
    Refused,
    /// E3: `{"status":"FAILED"}` inside a success envelope.
    SoftFailure,
    /// 429.
    RateLimited,
    /// 5xx (HTTP status or ODR's code), with or without ODR's error envelope:
    /// ODR (or a proxy) is down or failed on its side; try again later.
    Unavailable,
    /// Not JSON, not an envelope, or otherwise unreadable.
    Unexpected,
}

/// A classified failure.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiError {
    /// The kind.
    pub kind: ApiErrorKind,
    /// The HTTP status of the response.
    pub http_status: u16,
    /// ODR's message (or our description of the response).
    pub message: String,
    /// Field name → message, from E1 `data`.
    pub fields: Vec<(String, String)>,
    /// Seconds from a `Retry-After` header.
    pub retry_after: Option<u32>,
}

/// A successful response: the `response` payload and the headers.
#[derive(Clone, Debug, PartialEq)]
pub struct Reply {
    /// The envelope's `response` value.
    pub payload: Value,
    /// The response headers.
    pub headers: Vec<(String, String)>,
}

/// The value of header `name` (case-insensitive), trimmed.
pub fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.trim())
}

/// A short, printable excerpt of a body for error messages.
pub fn excerpt(body: &[u8]) -> String {
    const MAX: usize = 80;
    let text = String::from_utf8_lossy(body);
    let mut out = String::new();
    let mut count = 0;
    let mut last_space = false;
    for c in text.chars() {
        let c = if c.is_control() || c.is_whitespace() {
            ' '
        } else {
            c
        };
        if c == ' ' && (last_space || out.is_empty()) {
            continue;
        }
        last_space = c == ' ';
        if count == MAX {
            out.push('…');
            break;
        }
        out.push(c);
        count += 1;
    }
    let out = out.trim_end().to_string();
    if out.is_empty() {
        "(empty body)".to_string()
    } else {
        out
    }
}

fn retry_after(headers: &[(String, String)]) -> Option<u32> {
    header(headers, "retry-after").and_then(|v| v.parse::<u32>().ok())
}

/// True when a message reads like a refused login or token, whatever its
/// code (ODR's fixtures send every error, failed logins included, with 404).
/// Only a hint: it triggers a re-login and the retry of a read, never the
/// re-sending of a write (see `Client::call`).
pub fn looks_like_auth(message: &str) -> bool {
    let m = message.to_ascii_lowercase();
    [
        "token",
        "expired",
        "signature",
        "unauthori",
        "authenticat",
        "not logged in",
        "api key",
        "api_key",
    ]
    .iter()
    .any(|w| m.contains(w))
}

fn text_of(v: &Value) -> Option<String> {
    match v {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Array(items) => {
            let parts: Vec<String> = items.iter().filter_map(text_of).collect();
            (!parts.is_empty()).then(|| parts.join("; "))
        }
        Value::Object(map) => {
            let parts: Vec<String> = map.values().filter_map(text_of).collect();
            (!parts.is_empty()).then(|| parts.join("; "))
        }
        _ => None,
    }
}

/// Field errors from an E1 `data` object (field → text, or → list of texts).
fn field_errors(data: Option<&Value>) -> Vec<(String, String)> {
    match data {
        Some(Value::Object(map)) => map
            .iter()
            .map(|(field, v)| {
                (
                    field.clone(),
                    text_of(v).unwrap_or_else(|| "invalid".to_string()),
                )
            })
            .collect(),
        _ => Vec::new(),
    }
}

fn envelope_code(v: Option<&Value>) -> Option<u16> {
    match v {
        Some(Value::Number(n)) => n.as_u64().and_then(|c| u16::try_from(c).ok()),
        Some(Value::String(s)) => s.trim().parse::<u16>().ok(),
        _ => None,
    }
}

fn kind_for_code(code: u16) -> ApiErrorKind {
    match code {
        401 | 403 => ApiErrorKind::Auth,
        404 => ApiErrorKind::NotFound,
        429 => ApiErrorKind::RateLimited,
        _ => ApiErrorKind::Refused,
    }
}

/// Classify a response (§2.4 plus HTTP statuses):
/// - a success envelope (`status: "success"`) with a 2xx status is `Ok`, unless
///   its `response` is an object with `status: "FAILED"` (E3);
/// - an error envelope (E1 object, E2 string) is classified by ODR's code
///   (or the HTTP status): 429 → rate limited, 5xx → unavailable (ODR's side,
///   with ODR's message), fields → invalid, 401/403 → auth, 404 → not found,
///   anything else → refused with ODR's message;
/// - without an envelope: 429 → rate limited, 401/403 → auth, 5xx → unavailable,
///   anything else → unexpected, naming the status and a short excerpt.
pub fn classify(status: u16, headers: &[(String, String)], body: &[u8]) -> Result<Reply, ApiError> {
    let fail = |kind: ApiErrorKind, message: String, fields: Vec<(String, String)>| ApiError {
        kind,
        http_status: status,
        message,
        fields,
        retry_after: retry_after(headers),
    };
    let parsed: Option<Value> = serde_json::from_slice(body).ok();
    let envelope = parsed.as_ref().and_then(|v| v.as_object()).and_then(|o| {
        o.get("status")
            .and_then(Value::as_str)
            .map(|s| (s.trim().to_ascii_lowercase(), o))
    });
    let ok_status = (200..300).contains(&status);

    let Some((env_status, object)) = envelope else {
        return Err(no_envelope(status, body, parsed.is_some(), fail));
    };

    if env_status == "success" && ok_status {
        let payload = object.get("response").cloned().unwrap_or(Value::Null);
        if let Some(inner) = payload.as_object() {
            let failed = inner
                .get("status")
                .and_then(Value::as_str)
                .is_some_and(|s| s.trim().eq_ignore_ascii_case("FAILED"));
            if failed {
                let data = inner.get("data");
                let message = data
                    .and_then(|d| d.get("message"))
                    .and_then(text_of)
                    .or_else(|| inner.get("message").and_then(text_of))
                    .unwrap_or_else(|| {
                        "ODR reported the operation as FAILED without giving a reason".to_string()
                    });
                return Err(fail(ApiErrorKind::SoftFailure, message, Vec::new()));
            }
        }
        return Ok(Reply {
            payload,
            headers: headers.to_vec(),
        });
    }
    if env_status == "success" {
        // A success envelope on an HTTP error: trust the HTTP status.
        return Err(no_envelope(status, body, true, fail));
    }

    // An error envelope: E1 (object) or E2 (string).
    let response = object.get("response");
    let (message, fields) = match response {
        Some(Value::Object(r)) => (
            r.get("message").and_then(text_of),
            field_errors(r.get("data")),
        ),
        Some(Value::String(s)) if !s.trim().is_empty() => (Some(s.trim().to_string()), Vec::new()),
        _ => (None, Vec::new()),
    };
    let code = envelope_code(object.get("code"))
        .filter(|c| (400..600).contains(c))
        .or(if ok_status { None } else { Some(status) });
    let message = message.unwrap_or_else(|| match code {
        Some(c) => format!("ODR reported an error (code {c}) without a message"),
        None => "ODR reported an error without a message".to_string(),
    });
    if status == 429 || code == Some(429) {
        return Err(fail(ApiErrorKind::RateLimited, message, fields));
    }
    let server_side = |c: u16| (500..600).contains(&c);
    if server_side(status) || code.is_some_and(server_side) {
        // ODR's own failure (e.g. "Internal server error"): not a refusal of the request.
        return Err(fail(ApiErrorKind::Unavailable, message, Vec::new()));
    }
    if !fields.is_empty() {
        return Err(fail(ApiErrorKind::Invalid, message, fields));
    }
    // An HTTP 401/403 is a certain authentication refusal whatever the envelope says.
    let kind = if matches!(status, 401 | 403) {
        ApiErrorKind::Auth
    } else {
        kind_for_code(code.unwrap_or(400))
    };
    Err(fail(kind, message, Vec::new()))
}

fn no_envelope(
    status: u16,
    body: &[u8],
    is_json: bool,
    fail: impl Fn(ApiErrorKind, String, Vec<(String, String)>) -> ApiError,
) -> ApiError {
    let shape = if body.iter().all(u8::is_ascii_whitespace) {
        "an empty body".to_string()
    } else if is_json {
        format!("JSON that is not ODR's envelope: «{}»", excerpt(body))
    } else {
        format!("a body that is not JSON: «{}»", excerpt(body))
    };
    match status {
        429 => fail(
            ApiErrorKind::RateLimited,
            "too many requests (HTTP 429)".to_string(),
            Vec::new(),
        ),
        401 | 403 => fail(
            ApiErrorKind::Auth,
            format!("HTTP {status} with {shape}"),
            Vec::new(),
        ),
        500..=599 => fail(
            ApiErrorKind::Unavailable,
            format!("ODR is unavailable (HTTP {status})"),
            Vec::new(),
        ),
        _ => fail(
            ApiErrorKind::Unexpected,
            format!("HTTP {status} with {shape}"),
            Vec::new(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn classify_str(status: u16, body: &str) -> Result<Reply, ApiError> {
        classify(status, &[], body.as_bytes())
    }

    fn err(status: u16, body: &str) -> ApiError {
        classify_str(status, body).unwrap_err()
    }

    #[test]
    fn success_payload() {
        let r = classify_str(
            200,
            r#"{"status":"success","code":200,"response":{"is_available":true}}"#,
        )
        .unwrap();
        assert_eq!(r.payload["is_available"], Value::Bool(true));
        let list =
            classify_str(200, r#"{"status":"success","code":200,"response":[1,2]}"#).unwrap();
        assert!(list.payload.is_array());
        // A domain status in `response.status` is not a soft failure.
        assert!(classify_str(
            200,
            r#"{"status":"success","response":{"status":"REGISTERED"}}"#
        )
        .is_ok());
    }

    #[test]
    fn e1_with_fields_is_invalid_input() {
        let e = err(
            400,
            r#"{"status":"error","code":400,"response":{"message":"Validation failed","data":{"email":"E-mail address is not valid","postal_code":["Field is required"]}}}"#,
        );
        assert_eq!(e.kind, ApiErrorKind::Invalid);
        assert_eq!(e.message, "Validation failed");
        assert_eq!(
            e.fields,
            vec![
                (
                    "email".to_string(),
                    "E-mail address is not valid".to_string()
                ),
                ("postal_code".to_string(), "Field is required".to_string())
            ]
        );
    }

    #[test]
    fn e1_without_fields_by_code() {
        let e = err(
            200,
            r#"{"status":"error","code":404,"response":{"message":"Forced error","data":[]}}"#,
        );
        assert_eq!(
            (e.kind, e.message.as_str()),
            (ApiErrorKind::NotFound, "Forced error")
        );
        let e = err(
            404,
            r#"{"status":"error","code":404,"response":{"message":"Domain not found","data":[]}}"#,
        );
        assert_eq!(e.kind, ApiErrorKind::NotFound);
        let e = err(
            401,
            r#"{"status":"error","code":401,"response":{"message":"Invalid signature","data":[]}}"#,
        );
        assert_eq!(e.kind, ApiErrorKind::Auth);
        let e = err(
            403,
            r#"{"status":"error","code":403,"response":{"message":"Forbidden","data":{}}}"#,
        );
        assert_eq!(e.kind, ApiErrorKind::Auth);
        let e = err(
            400,
            r#"{"status":"error","code":400,"response":{"message":"Token expired","data":[]}}"#,
        );
        // Words are a hint for the client, not a kind: only 401/403 are certain.
        assert_eq!(e.kind, ApiErrorKind::Refused);
        assert!(looks_like_auth(&e.message));
        let e = err(
            400,
            r#"{"status":"error","code":400,"response":{"message":"Invalid auth code","data":[]}}"#,
        );
        assert_eq!(
            (e.kind, e.message.as_str()),
            (ApiErrorKind::Refused, "Invalid auth code")
        );
        let e = err(
            500,
            r#"{"status":"error","code":500,"response":{"message":"Registry timeout","data":[]}}"#,
        );
        assert_eq!(
            (e.kind, e.message.as_str()),
            (ApiErrorKind::Unavailable, "Registry timeout")
        );
        let e = err(422, r#"{"status":"error","response":{"data":[]}}"#);
        assert_eq!(e.kind, ApiErrorKind::Refused);
        assert!(e.message.contains("422"), "{}", e.message);
    }

    #[test]
    fn e2_string_error() {
        let e = err(
            200,
            r#"{"status":"error","code":401,"response":"Signature is invalid"}"#,
        );
        assert_eq!(
            (e.kind, e.message.as_str()),
            (ApiErrorKind::Auth, "Signature is invalid")
        );
        let e = err(400, r#"{"status":"error","response":"Domain is locked"}"#);
        assert_eq!(
            (e.kind, e.message.as_str()),
            (ApiErrorKind::Refused, "Domain is locked")
        );
    }

    #[test]
    fn e3_soft_failure_with_and_without_message() {
        let e = err(
            200,
            r#"{"status":"success","code":200,"response":{"status":"FAILED","data":{"message":"Domain is already being processed"}}}"#,
        );
        assert_eq!(e.kind, ApiErrorKind::SoftFailure);
        assert_eq!(e.message, "Domain is already being processed");
        let e = err(
            200,
            r#"{"status":"success","code":200,"response":{"status":"FAILED"}}"#,
        );
        assert_eq!(e.kind, ApiErrorKind::SoftFailure);
        assert!(e.message.contains("without giving a reason"));
    }

    #[test]
    fn rate_limited_with_and_without_retry_after() {
        let headers = vec![("Retry-After".to_string(), " 30 ".to_string())];
        let e = classify(
            429,
            &headers,
            br#"{"status":"error","code":429,"response":{"message":"Slow down","data":[]}}"#,
        )
        .unwrap_err();
        assert_eq!(
            (e.kind, e.retry_after),
            (ApiErrorKind::RateLimited, Some(30))
        );
        let e = classify(429, &[], b"Too Many Requests").unwrap_err();
        assert_eq!((e.kind, e.retry_after), (ApiErrorKind::RateLimited, None));
        let e = classify(
            200,
            &[],
            br#"{"status":"error","code":429,"response":"slow"}"#,
        )
        .unwrap_err();
        assert_eq!(e.kind, ApiErrorKind::RateLimited);
    }

    #[test]
    fn server_errors_without_envelope_are_unavailable() {
        for status in [500u16, 502, 503, 504] {
            let e = classify(status, &[], b"<html>Bad Gateway</html>").unwrap_err();
            assert_eq!(e.kind, ApiErrorKind::Unavailable);
            assert_eq!(e.message, format!("ODR is unavailable (HTTP {status})"));
            let e = classify(status, &[], b"").unwrap_err();
            assert_eq!(e.kind, ApiErrorKind::Unavailable);
        }
    }

    #[test]
    fn server_errors_with_an_envelope_are_unavailable_with_odrs_message() {
        for status in [500u16, 502, 503, 504] {
            let body = format!(
                r#"{{"status":"error","code":{status},"response":{{"message":"Registry down","data":[]}}}}"#
            );
            let e = classify(status, &[], body.as_bytes()).unwrap_err();
            assert_eq!(
                (e.kind, e.message.as_str()),
                (ApiErrorKind::Unavailable, "Registry down")
            );
        }
        // ODR's code says 5xx on an HTTP 200, or the HTTP status does with a 4xx code.
        let e = err(
            200,
            r#"{"status":"error","code":500,"response":"Database error"}"#,
        );
        assert_eq!(e.kind, ApiErrorKind::Unavailable);
        let e = err(
            500,
            r#"{"status":"error","code":400,"response":{"message":"Oops","data":{"a":"b"}}}"#,
        );
        assert_eq!(e.kind, ApiErrorKind::Unavailable);
        // Still a rate limit when ODR says 429.
        assert_eq!(
            err(503, r#"{"status":"error","code":429,"response":"slow"}"#).kind,
            ApiErrorKind::RateLimited
        );
    }

    #[test]
    fn auth_statuses_without_envelope() {
        assert_eq!(err(401, "").kind, ApiErrorKind::Auth);
        assert_eq!(err(403, "<h1>Forbidden</h1>").kind, ApiErrorKind::Auth);
    }

    #[test]
    fn not_json_empty_and_truncated() {
        let e = err(200, "<html><body>Maintenance</body></html>");
        assert_eq!(e.kind, ApiErrorKind::Unexpected);
        assert!(e.message.contains("HTTP 200"));
        assert!(e.message.contains("not JSON"));
        assert!(e.message.contains("Maintenance"));
        let e = err(200, "");
        assert_eq!(e.kind, ApiErrorKind::Unexpected);
        assert!(e.message.contains("empty body"));
        let e = err(200, r#"{"status":"success","code":200,"response":{"is_av"#);
        assert_eq!(e.kind, ApiErrorKind::Unexpected);
        let e = err(404, "Not Found");
        assert_eq!(e.kind, ApiErrorKind::Unexpected);
        assert!(e.message.contains("HTTP 404"));
        let e = err(200, "[1,2,3]");
        assert!(e.message.contains("not ODR's envelope"));
        let e = err(500, r#"{"status":"success","response":{}}"#);
        assert_eq!(e.kind, ApiErrorKind::Unavailable);
    }

    #[test]
    fn excerpt_is_short_and_printable() {
        let long = "x".repeat(500);
        assert_eq!(excerpt(long.as_bytes()).chars().count(), 81);
        assert_eq!(excerpt(b"a\n\n\tb\x00c"), "a b c");
        assert_eq!(excerpt(&[0xff, 0xfe]), "\u{fffd}\u{fffd}");
        assert_eq!(excerpt(b"  "), "(empty body)");
    }

    #[test]
    fn header_lookup_is_case_insensitive() {
        let h = vec![("x-pagination-totalpages".to_string(), " 3".to_string())];
        assert_eq!(header(&h, "X-Pagination-TotalPages"), Some("3"));
        assert_eq!(header(&h, "X-Other"), None);
    }

    proptest! {
        #[test]
        fn classify_never_panics(status in 0u16..1000, body in proptest::collection::vec(any::<u8>(), 0..256)) {
            let _ = classify(status, &[("retry-after".into(), "x".into())], &body);
        }

        #[test]
        fn classify_never_panics_on_jsonish(status in 100u16..600, body in "\\{\"status\":\"(success|error)\",\"code\":[0-9]{0,4},\"response\":.{0,40}") {
            let _ = classify(status, &[], body.as_bytes());
        }
    }
}
