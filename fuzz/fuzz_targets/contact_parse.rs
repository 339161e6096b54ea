//! `contact::from_response` (GET /contact/{id}/) on arbitrary JSON from the
//! bytes; a success envelope is unwrapped through `classify` first.
//!
//! Invariants: never panics; an object with any of the contact keys (flat, or
//! nested under `contact`) is `Ok`; every field of an `Ok` contact is trimmed;
//! the contact survives the wire format (`from_response(to_request_body(c)) ==
//! c`); `compare(c, c)` is `Equal` and the fingerprint is a 40-hex SHA-1; the
//! contact's own full name matches it in ODR's contact list; `validate` returns
//! Ok or field errors, and an accepted phone has the `+CC.NUMBER` shape.
#![no_main]

use libfuzzer_sys::fuzz_target;
use odr_registrar::contact::{
    compare, fingerprint, from_response, list_name_matches, to_request_body, validate, Difference,
    OdrContact,
};
use odr_registrar::odr::envelope::classify;
use serde_json::Value;

const CONTACT_KEYS: [&str; 5] = [
    "first_name",
    "last_name",
    "full_name",
    "company_name",
    "email",
];

fn fields(c: &OdrContact) -> [&str; 19] {
    [
        &c.first_name,
        &c.middle_name,
        &c.last_name,
        &c.full_name,
        &c.initials,
        &c.gender,
        &c.language,
        &c.email,
        &c.phone,
        &c.fax,
        &c.street,
        &c.house_number,
        &c.postal_code,
        &c.city,
        &c.state,
        &c.country,
        &c.legal_form,
        &c.company_name,
        &c.vat_number,
    ]
}

fuzz_target!(|data: &[u8]| {
    let Ok(v) = serde_json::from_slice::<Value>(data) else {
        return;
    };
    let v = match classify(200, &[], data) {
        Ok(reply) => reply.payload,
        Err(_) => v,
    };
    let is_contact = |o: &Value| {
        o.as_object()
            .is_some_and(|o| CONTACT_KEYS.iter().any(|k| o.contains_key(*k)))
    };
    let expect_ok = is_contact(&v) || v.get("contact").is_some_and(is_contact);

    let c = match from_response(&v) {
        Ok(c) => c,
        Err(message) => {
            assert!(!expect_ok, "a contact object refused: {message}");
            assert!(!message.is_empty());
            return;
        }
    };
    for field in fields(&c) {
        assert_eq!(field, field.trim(), "untrimmed field");
    }
    let body = to_request_body(&c);
    assert_eq!(
        from_response(&body).as_ref(),
        Ok(&c),
        "wire round trip: {body}"
    );
    assert_eq!(compare(&c, &c), Difference::Equal);
    let print = fingerprint(&c);
    assert!(print.len() == 40 && print.bytes().all(|b| b.is_ascii_hexdigit()));
    if c.full_name
        .chars()
        .any(|ch| !ch.is_whitespace() && !ch.is_control())
    {
        assert!(list_name_matches(&c.full_name, &c), "{:?}", c.full_name);
    }
    match validate(&c) {
        Ok(()) => {
            assert!(
                odr_registrar_fuzz::is_odr_phone_shape(&c.phone),
                "{:?}",
                c.phone
            );
            assert!(c.fax.is_empty() || odr_registrar_fuzz::is_odr_phone_shape(&c.fax));
            assert!(c.email.contains('@'));
        }
        Err(errors) => assert!(!errors.is_empty()),
    }
});
