//! `response::domain_details` (GET /domain/{name}/ and /info/) on arbitrary JSON.
//! Input: JSON text; a success envelope is unwrapped through `classify` first,
//! anything else is taken as the payload itself.
//!
//! Invariants: never panics; an `Ok` has a non-empty trimmed status text and the
//! status `parse_status` gives for it; an `Unknown` status is none of the known
//! ones; the expiry, when there is one, is the calendar date the payload wrote;
//! nameserver hosts are non-empty and trimmed; contact ids are positive.
#![no_main]

use libfuzzer_sys::fuzz_target;
use odr_registrar::odr::{dates, envelope, response};
use odr_registrar::types::DomainStatus;
use serde_json::Value;

fuzz_target!(|data: &[u8]| {
    let Ok(v) = serde_json::from_slice::<Value>(data) else {
        return;
    };
    let payload = match envelope::classify(200, &[], data) {
        Ok(reply) => reply.payload,
        Err(_) => v,
    };
    let Ok(d) = response::domain_details(&payload) else {
        return;
    };
    assert!(!d.status_text.is_empty());
    assert_eq!(d.status_text, d.status_text.trim());
    assert_eq!(d.status, response::parse_status(&d.status_text));
    if let DomainStatus::Unknown(text) = &d.status {
        let upper = text.trim().to_ascii_uppercase();
        assert!(
            ![
                "REGISTERED",
                "PENDING",
                "DELETE_SCHEDULED",
                "QUARANTINE",
                "DELETED"
            ]
            .contains(&upper.as_str()),
            "known status {text:?} read as unknown"
        );
    }
    if let Ok(Some(date)) = &d.expiry {
        // The domain object the parser read (possibly nested under `domain`).
        let object = match payload.get("domain") {
            Some(inner @ Value::Object(_)) if payload.get("status").is_none() => inner,
            _ => &payload,
        };
        let text =
            odr_registrar_fuzz::expiry_text(object).expect("an expiry without a date string");
        odr_registrar_fuzz::assert_date_as_written(*date, text);
        assert_eq!(dates::parse_date(text), Ok(*date));
    }
    for ns in &d.nameservers {
        assert!(!ns.host.is_empty());
        assert_eq!(ns.host, ns.host.trim());
        if let Some(ip) = &ns.ip {
            assert!(!ip.is_empty() && ip == ip.trim());
        }
    }
    for id in [d.contacts.registrant, d.contacts.onsite, d.contacts.tech]
        .into_iter()
        .flatten()
    {
        assert!(id > 0);
    }
});
