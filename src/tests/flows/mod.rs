//! Whole operations against the scripted environment: the exact requests each
//! operation makes, cold and warm token, and what ends up in state and logs, where no
//! recording in `tests/recordings/` proves the same. One file per subject.

mod availability_check;
mod contact_sync;
mod domain_actions;
mod expiry_sync;
mod login;
mod orders;
mod retries;

use serde_json::{json, Value};

use crate::contact::to_request_body;
use crate::env::Method::{Get, Post, Put};
use crate::error::Error;
use crate::odr::signature::{known_signature, md5_hex};
use crate::ops::{account, availability, contacts, domain, order, report, sync};
use crate::testkit::*;
use crate::types::*;

pub(super) fn register_body(registrant: u64, onsite: u64, tech: u64) -> Value {
    json!({
        "period": 12,
        "contact_registrant": registrant, "contact_onsite": onsite, "contact_tech": tech,
        "ns1": {"host": "ns1.example.net", "ip": null},
        "ns2": {"host": "ns2.example.net", "ip": null}
    })
}

pub(super) fn info(status: &str, expiry: &str) -> Value {
    json!({
        "id": 5678, "domain_id": 5678, "status": status, "name": "example", "tld": "nl",
        "autorenew": "ON", "expiration_date": expiry, "auth_code": "Xk29PqLm7A",
        "contacts": {"REGISTRANT": "EXA001", "ONSITE": "EXA001"},
        "contacts_map": {"REGISTRANT": 1234, "ONSITE": 1235},
        "nameservers": ["ns1.example.net", {"host": "ns2.example.nl", "ip": "192.0.2.2"}]
    })
}

pub(super) fn assert_no_secrets(env: &FakeEnv) {
    let text = env.all_logged_text();
    let signature = known_signature(KEY, SECRET, NOW);
    for secret in [SECRET, TOKEN, signature.as_str()] {
        assert!(
            !text.contains(secret),
            "secret {secret} leaked into the logs:\n{text}"
        );
    }
    assert!(text.contains(KEY), "the API key stays readable");
    for (key, (value, _)) in &env.state {
        assert!(
            !value.contains(SECRET) && !value.contains(&signature),
            "secret in state {key}"
        );
        if *key != FakeEnv::token_key() {
            assert!(!value.contains(TOKEN), "token outside its key: {key}");
        }
    }
}

pub(super) fn list_item(name: &str, status: Option<&str>, expiry: &str) -> Value {
    let mut v = json!({"id": "1", "name": name, "api_handle": name, "tld": "nl", "expiration_date": expiry});
    if let Some(s) = status {
        v["status"] = json!(s);
    }
    v
}

pub(super) fn opts() -> SyncOptions {
    SyncOptions {
        snapshot_max_age_seconds: 0,
        panel_expiry: None,
        panel_domains: Vec::new(),
    }
}
