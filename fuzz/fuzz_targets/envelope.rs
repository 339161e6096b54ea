//! `envelope::classify` on an arbitrary status, headers and body (input: an HTTP
//! response as text, see `odr_registrar_fuzz::http_response`).
//!
//! Invariants: never panics; `Ok` only for a 2xx with a success envelope that is
//! not an E3 soft failure, with the headers passed through; every `Err` carries
//! the HTTP status, a non-empty message, the `Retry-After` seconds, and field
//! errors exactly when it is `Invalid` (or rate limited); HTTP 429 is always
//! `RateLimited`. `excerpt` is never empty, at most 80 characters plus an
//! ellipsis, and without control characters.
#![no_main]

use libfuzzer_sys::fuzz_target;
use odr_registrar::odr::envelope::{classify, excerpt, header, ApiErrorKind};
use serde_json::Value;

fuzz_target!(|data: &[u8]| {
    let r = odr_registrar_fuzz::http_response(data);
    match classify(r.status, &r.headers, r.body) {
        Ok(reply) => {
            assert!((200..300).contains(&r.status), "Ok for HTTP {}", r.status);
            assert_eq!(reply.headers, r.headers);
            let parsed: Value =
                serde_json::from_slice(r.body).expect("Ok from a body that is not JSON");
            let env = parsed
                .get("status")
                .and_then(Value::as_str)
                .map(|s| s.trim().to_ascii_lowercase());
            assert_eq!(
                env.as_deref(),
                Some("success"),
                "Ok without a success envelope"
            );
            let soft = reply
                .payload
                .get("status")
                .and_then(Value::as_str)
                .is_some_and(|s| s.trim().eq_ignore_ascii_case("FAILED"));
            assert!(!soft, "a FAILED payload classified as Ok");
        }
        Err(e) => {
            assert_eq!(e.http_status, r.status);
            assert!(!e.message.trim().is_empty(), "an error without a message");
            let retry = header(&r.headers, "retry-after").and_then(|v| v.parse::<u32>().ok());
            assert_eq!(e.retry_after, retry);
            if e.kind == ApiErrorKind::Invalid {
                assert!(!e.fields.is_empty(), "Invalid without field errors");
            }
            if !e.fields.is_empty() {
                assert!(
                    matches!(e.kind, ApiErrorKind::Invalid | ApiErrorKind::RateLimited),
                    "field errors on a {:?}",
                    e.kind
                );
            }
            if r.status == 429 {
                assert_eq!(e.kind, ApiErrorKind::RateLimited);
            }
        }
    }

    let short = excerpt(r.body);
    assert!(!short.is_empty());
    assert!(short.chars().count() <= 81, "excerpt too long: {short:?}");
    assert!(
        !short.chars().any(char::is_control),
        "control character in {short:?}"
    );
});
