//! The small answers: auth code, availability, login, signature rule, account,
//! order, created contact id and write result, on the payload of an arbitrary
//! HTTP response (input: an HTTP response as text) and on the body as JSON.
//!
//! Invariants: never panics; an auth code is non-empty and trimmed; a login
//! token is non-empty printable ASCII and its header name 1-64 of
//! `[A-Za-z0-9_-]`; a created contact id is positive; availability agrees with
//! an `is_available` boolean when there is one.
#![no_main]

use libfuzzer_sys::fuzz_target;
use odr_registrar::odr::envelope::classify;
use odr_registrar::odr::response::{self, AuthCodeAnswer};
use serde_json::Value;

fn check(payload: &Value) {
    if let Ok(AuthCodeAnswer::Code(code)) = response::auth_code(payload) {
        assert!(
            !code.is_empty() && code == code.trim(),
            "auth code {code:?}"
        );
    }
    if let Ok(available) = response::availability(payload) {
        if let Some(Value::Bool(b)) = payload.get("is_available") {
            assert_eq!(available, *b);
        }
    }
    if let Ok(login) = response::login(payload) {
        assert!(!login.token.is_empty());
        assert!(
            login.token.chars().all(|c| c.is_ascii_graphic()),
            "{:?}",
            login.token
        );
        assert!((1..=64).contains(&login.header.len()));
        assert!(login
            .header
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
    }
    let _ = response::signature_rule(payload);
    let _ = response::account(payload);
    let _ = response::order_reply(payload);
    if let Ok(id) = response::created_contact_id(payload) {
        assert!(id > 0);
    }
    let _ = response::write_result(payload);
}

fuzz_target!(|data: &[u8]| {
    let r = odr_registrar_fuzz::http_response(data);
    if let Ok(reply) = classify(r.status, &r.headers, r.body) {
        check(&reply.payload);
    }
    if let Ok(v) = serde_json::from_slice::<Value>(r.body) {
        check(&v);
    }
});
