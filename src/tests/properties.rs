//! Property tests: every response parser takes arbitrary bytes (and arbitrary
//! JSON) and returns a value or a typed error, never a panic.

use proptest::prelude::*;
use serde_json::{json, Map, Value};

use crate::contact;
use crate::odr::envelope::classify;
use crate::odr::{dates, paging, response};
use crate::ops::sync::{SnapshotEntry, SnapshotMeta};

/// Arbitrary JSON, biased towards the keys ODR uses.
fn json_value() -> impl Strategy<Value = Value> {
    let key = prop_oneof![
        Just("status".to_string()),
        Just("response".to_string()),
        Just("code".to_string()),
        Just("message".to_string()),
        Just("data".to_string()),
        Just("id".to_string()),
        Just("name".to_string()),
        Just("tld".to_string()),
        Just("token".to_string()),
        Just("as_header".to_string()),
        Just("auth_code".to_string()),
        Just("is_available".to_string()),
        Just("available".to_string()),
        Just("expiration_date".to_string()),
        Just("expiration_at".to_string()),
        Just("nameservers".to_string()),
        Just("contacts_map".to_string()),
        Just("REGISTRANT".to_string()),
        Just("host".to_string()),
        Just("result".to_string()),
        Just("fields".to_string()),
        Just("signature".to_string()),
        Just("signature_rule".to_string()),
        "[a-z_]{1,12}",
    ];
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<f64>().prop_map(|f| json!(f)),
        prop_oneof![
            Just("REGISTERED".to_string()),
            Just("FAILED".to_string()),
            Just("success".to_string()),
            Just("error".to_string()),
            Just("2023-02-30 00:00:00".to_string()),
            Just("2026-01-01T00:00:00+01:00".to_string()),
            ".{0,24}",
        ]
        .prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 64, 8, move |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            proptest::collection::vec((key.clone(), inner), 0..6)
                .prop_map(|pairs| Value::Object(pairs.into_iter().collect::<Map<String, Value>>())),
        ]
    })
}

/// Every payload parser on one value.
fn parse_everything(v: &Value) {
    let _ = response::domain_details(v);
    let _ = response::domain_summary(v);
    if let Ok(items) = response::list_items(v) {
        for item in &items {
            let _ = response::domain_summary(item);
            let _ = response::contact_list_item(item);
        }
    }
    let _ = response::auth_code(v);
    let _ = response::availability(v);
    let _ = response::login(v);
    let _ = response::signature_rule(v);
    let _ = response::account(v);
    let _ = response::order_reply(v);
    let _ = response::created_contact_id(v);
    let _ = response::write_result(v);
    let _ = response::parse_nameservers(Some(v));
    let _ = response::parse_contacts_map(v);
    let _ = dates::expiry_of(v);
    let _ = dates::parse_date_value(Some(v));
    let _ = contact::from_response(v);
}

proptest! {
    #[test]
    fn arbitrary_bytes_through_every_parser(status in 100u16..600, body in proptest::collection::vec(any::<u8>(), 0..512)) {
        if let Ok(reply) = classify(status, &[], &body) {
            parse_everything(&reply.payload);
        }
        if let Ok(v) = serde_json::from_slice::<Value>(&body) {
            parse_everything(&v);
        }
        let text = String::from_utf8_lossy(&body);
        let _ = dates::parse_date(&text);
        let _ = SnapshotMeta::from_json(&text);
        let _ = SnapshotEntry::from_json(&text, 1);
        let _ = paging::page_number(&text);
    }

    #[test]
    fn arbitrary_json_through_every_parser(v in json_value(), status in prop_oneof![Just(200u16), Just(404u16), Just(429u16), Just(500u16), 100u16..600]) {
        parse_everything(&v);
        let envelope = json!({"status": "success", "code": 200, "response": v.clone()});
        let body = envelope.to_string();
        if let Ok(reply) = classify(status, &[], body.as_bytes()) {
            parse_everything(&reply.payload);
        }
        let _ = classify(status, &[], v.to_string().as_bytes());
        let error = json!({"status": "error", "code": v.clone(), "response": v});
        let _ = classify(status, &[], error.to_string().as_bytes());
    }

    #[test]
    fn arbitrary_strings_as_dates_and_paging_headers(text in ".{0,40}", page in 0u32..2000, count in 0usize..3) {
        let _ = dates::parse_date(&text);
        let _ = dates::parse_panel_date(&text);
        let headers = vec![
            ("X-Pagination-TotalPages".to_string(), text.clone()),
            ("X-Pagination-CurrentPage".to_string(), text.clone()),
            ("X-Pagination-Next".to_string(), text.clone()),
        ];
        let _ = paging::next_page(page, &headers, count);
    }

    #[test]
    fn date_like_strings(y in 0u32..10000, m in 0u32..14, d in 0u32..33, rest in "( |T)?[0-9:.+Z-]{0,12}") {
        let text = format!("{y:04}-{m:02}-{d:02}{rest}");
        if let Ok(date) = dates::parse_date(&text) {
            prop_assert_eq!(dates::format_date(date), format!("{y:04}-{m:02}-{d:02}"));
        }
    }
}
