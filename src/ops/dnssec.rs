//! DNSSEC: the domain's keys (`dnssec[]` of `GET /domain/{name}/info/`) and
//! setting or clearing them (`PUT /domain/{name}/dnssec/`), odr-api.md §5.7,
//! §5.16.
//!
//! Assumed (a third-party DirectAdmin → ODR script only): the `dnssec` list in
//! the domain info, the write's path and body (`domain_name`, `dnssec1`,
//! `dnssec2`, ... each `{flag, protocol, algorithm, pubkey}`), the answer
//! (`status: COMPLETED`, `data.to_append.dnssec`, `data.messagex`), and that a
//! body without keys clears them. The recordings that rely on them say so.

use serde_json::{json, Map, Value};

use super::{normalize_domain, not_found_as_domain};
use crate::env::{Env, Method};
use crate::error::Error;
use crate::odr::client::Client;
use crate::odr::response;
use crate::types::{DnssecKey, Settings};

/// At most this many keys per domain.
pub const MAX_KEYS: usize = 8;

/// DNSSEC algorithms a key may use (IANA numbers registries accept for
/// signing: RSA/SHA-1 (5, 7), RSA/SHA-2 (8, 10), ECDSA (13, 14), EdDSA (15, 16)).
pub const ALGORITHMS: &[u8] = &[5, 7, 8, 10, 13, 14, 15, 16];

/// A public key's text without whitespace; refused when not base64 or
/// implausibly short or long (pure).
fn clean_key(raw: &str) -> Result<String, String> {
    let key: String = raw.split_whitespace().collect();
    if key.is_empty() {
        return Err("the public key is empty".into());
    }
    let body = key.trim_end_matches('=');
    let padding = key.len() - body.len();
    if padding > 2
        || key.len() % 4 != 0
        || !body
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'/')
    {
        return Err("the public key is not base64 (as in the DNSKEY record)".into());
    }
    // Ed25519 keys are 32 bytes (44 characters); RSA-4096 about 520 bytes.
    if key.len() < 44 || key.len() > 2048 {
        return Err(format!(
            "the public key is {} characters long; a DNSKEY public key is 44 to 2048",
            key.len()
        ));
    }
    Ok(key)
}

/// The keys checked and cleaned (pure): flag 256 (ZSK) or 257 (KSK), protocol
/// 3, a known algorithm, a base64 key; no duplicates; at most [`MAX_KEYS`].
pub fn validate(keys: &[DnssecKey]) -> Result<Vec<DnssecKey>, Error> {
    let mut fields = Vec::new();
    let mut out: Vec<DnssecKey> = Vec::new();
    if keys.len() > MAX_KEYS {
        fields.push((
            "keys".to_string(),
            format!("at most {MAX_KEYS} keys, not {}", keys.len()),
        ));
    }
    for (i, key) in keys.iter().enumerate() {
        let mut bad = |message: String| fields.push((format!("keys[{i}]"), message));
        if key.flag != 256 && key.flag != 257 {
            bad(format!(
                "flag {} is not 256 (zone signing key) or 257 (key signing key)",
                key.flag
            ));
        }
        if key.protocol != 3 {
            bad(format!(
                "protocol {} is not 3 (the only DNSSEC protocol)",
                key.protocol
            ));
        }
        if !ALGORITHMS.contains(&key.algorithm) {
            bad(format!(
                "algorithm {} is not one of {}",
                key.algorithm,
                ALGORITHMS
                    .iter()
                    .map(u8::to_string)
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        match clean_key(&key.public_key) {
            Ok(clean) => {
                let cleaned = DnssecKey {
                    public_key: clean,
                    ..key.clone()
                };
                if out.contains(&cleaned) {
                    bad("the same key is given twice".into());
                } else {
                    out.push(cleaned);
                }
            }
            Err(m) => bad(m),
        }
    }
    if fields.is_empty() {
        return Ok(out);
    }
    let summary = fields
        .iter()
        .map(|(field, message)| format!("{field}: {message}"))
        .collect::<Vec<_>>()
        .join("; ");
    Err(Error::InvalidInput {
        message: format!("The DNSSEC keys cannot be sent: {summary}"),
        fields,
    })
}

/// A number given as a number or numeric text.
fn number(value: Option<&Value>) -> Option<u64> {
    match value? {
        Value::Number(n) => n.as_u64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// One key as ODR writes it (`flag` as a number or text; `pubkey`, or
/// `public_key`/`key`); none when unreadable (pure).
fn parse_key(item: &Value) -> Option<DnssecKey> {
    let flag = u16::try_from(number(item.get("flag").or_else(|| item.get("flags")))?).ok()?;
    let algorithm = u8::try_from(number(item.get("algorithm"))?).ok()?;
    // `protocol` is inferred: 3 when absent.
    let protocol = match item.get("protocol") {
        None | Some(Value::Null) => 3,
        value => u8::try_from(number(value)?).ok()?,
    };
    let public_key = ["pubkey", "public_key", "key"]
        .iter()
        .find_map(|k| item.get(*k).and_then(Value::as_str))?
        .split_whitespace()
        .collect::<String>();
    (!public_key.is_empty()).then_some(DnssecKey {
        flag,
        protocol,
        algorithm,
        public_key,
    })
}

/// The keys in a list (pure): a missing or null list is none; an unreadable
/// item is an error naming it.
pub fn parse_keys(value: Option<&Value>) -> Result<Vec<DnssecKey>, String> {
    match value {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Array(items)) => items
            .iter()
            .enumerate()
            .map(|(i, item)| parse_key(item).ok_or_else(|| format!("DNSSEC key {i} is unreadable")))
            .collect(),
        Some(_) => Err("the DNSSEC keys are not a list".into()),
    }
}

/// The `dnssec` list of a domain-info payload (tolerating a nesting under `domain`).
fn info_keys(payload: &Value) -> Result<Vec<DnssecKey>, String> {
    let value = match payload.get("domain") {
        Some(inner @ Value::Object(_)) if payload.get("status").is_none() => inner,
        _ => payload,
    };
    if !value.is_object() {
        return Err("the domain data is not an object".into());
    }
    parse_keys(value.get("dnssec"))
}

/// The request body (pure): `domain_name` and `dnssec1`.. in order.
pub fn request_body(domain: &str, keys: &[DnssecKey]) -> Value {
    let mut body = Map::new();
    body.insert("domain_name".into(), json!(domain));
    for (i, key) in keys.iter().enumerate() {
        body.insert(
            format!("dnssec{}", i + 1),
            json!({"flag": key.flag, "protocol": key.protocol, "algorithm": key.algorithm,
                   "pubkey": key.public_key}),
        );
    }
    Value::Object(body)
}

/// `get-dnssec`: the keys from `GET /domain/{name}/info/`.
pub fn get_dnssec<E: Env>(
    env: &mut E,
    settings: &Settings,
    domain: &str,
) -> Result<Vec<DnssecKey>, Error> {
    let domain = normalize_domain(domain)?;
    let mut client = Client::new(env, settings, "get-dnssec")?;
    let what = format!("reading domain {domain}");
    let payload = client
        .get(&["domain", &domain, "info"], &what)
        .map_err(not_found_as_domain(&domain))?;
    info_keys(&payload).map_err(|m| client.unreadable(&what, &m))
}

/// `set-dnssec`: validate, then `PUT /domain/{name}/dnssec/` with the keys (an
/// empty list clears them). Returns the keys ODR reports stored, or the keys
/// sent when it lists none (some TLDs return none).
pub fn set_dnssec<E: Env>(
    env: &mut E,
    settings: &Settings,
    domain: &str,
    keys: &[DnssecKey],
) -> Result<Vec<DnssecKey>, Error> {
    let domain = normalize_domain(domain)?;
    let keys = validate(keys)?;
    let mut client = Client::new(env, settings, "set-dnssec")?;
    let what = format!("changing the DNSSEC keys of {domain}");
    let body = request_body(&domain, &keys);
    let reply = client
        .call(
            Method::Put,
            &["domain", &domain, "dnssec"],
            &[],
            Some(&body),
            &what,
        )
        .map_err(not_found_as_domain(&domain))?;
    let payload = &reply.payload;
    let completed = response::status_text(payload)
        .is_some_and(|s| s.trim().eq_ignore_ascii_case("COMPLETED"))
        || response::write_result(payload) == Some(true);
    if !completed {
        let said = payload
            .pointer("/data/messagex")
            .or_else(|| payload.pointer("/data/message"))
            .or_else(|| payload.get("message"))
            .and_then(Value::as_str)
            .unwrap_or("no reason given");
        return Err(Error::Refused(client.mask(&format!(
            "ODR did not complete the DNSSEC change of {domain}: {said}"
        ))));
    }
    let stored = match payload.pointer("/data/to_append/dnssec") {
        Some(list @ Value::Array(items)) if !items.is_empty() => {
            parse_keys(Some(list)).map_err(|m| client.unreadable(&what, &m))?
        }
        _ => keys.clone(),
    };
    let change = if keys.is_empty() {
        "cleared".to_string()
    } else {
        format!("set ({} key(s))", keys.len())
    };
    client.activity(
        &format!("DNSSEC keys of {domain} {change} at ODR"),
        Some(&domain),
    );
    Ok(stored)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::env::Method::Put;
    use crate::testkit::{ok, settings, FakeEnv};

    const KEY: &str =
        "mdsswUyr3DPW132mOi8V9xESWE8jTo0dxCjjnopKl+GqJxpVXckHAeF+KkxLbxILfDLUT0rAK9iUzy1L53eKGQ==";

    fn key(flag: u16, algorithm: u8) -> DnssecKey {
        DnssecKey {
            flag,
            protocol: 3,
            algorithm,
            public_key: KEY.into(),
        }
    }

    #[test]
    fn keys_are_checked_field_by_field() {
        assert_eq!(validate(&[key(257, 13)]).unwrap(), vec![key(257, 13)]);
        let spaced = DnssecKey {
            public_key: format!("{} {}", &KEY[..40], &KEY[40..]),
            ..key(256, 13)
        };
        assert_eq!(validate(&[spaced]).unwrap()[0].public_key, KEY);
        let bad = [
            key(255, 13),
            DnssecKey {
                protocol: 4,
                ..key(257, 13)
            },
            key(257, 1),
            DnssecKey {
                public_key: "not base64!".into(),
                ..key(257, 13)
            },
            DnssecKey {
                public_key: "QUJD".into(),
                ..key(257, 13)
            },
            key(257, 13),
        ];
        let Err(Error::InvalidInput { fields, message }) =
            validate(&[&[key(257, 13)][..], &bad].concat())
        else {
            panic!("refused")
        };
        let named: Vec<&str> = fields.iter().map(|(f, _)| f.as_str()).collect();
        assert_eq!(
            named,
            vec!["keys[1]", "keys[2]", "keys[3]", "keys[4]", "keys[5]", "keys[6]"]
        );
        assert!(message.contains("flag 255"), "{message}");
        assert!(message.contains("protocol 4"), "{message}");
        assert!(message.contains("algorithm 1 "), "{message}");
        assert!(message.contains("twice"), "{message}");
        assert!(validate(&vec![key(257, 13); MAX_KEYS + 1]).is_err());
        assert_eq!(validate(&[]).unwrap(), vec![]);
    }

    #[test]
    fn keys_as_odr_writes_them() {
        let keys = parse_keys(Some(&json!([
            {"flag": "257", "algorithm": 13, "pubkey": KEY},
            {"flag": 256, "protocol": 3, "algorithm": "8", "public_key": KEY}
        ])))
        .unwrap();
        assert_eq!(keys, vec![key(257, 13), key(256, 8)]);
        assert_eq!(parse_keys(None).unwrap(), vec![]);
        assert_eq!(parse_keys(Some(&Value::Null)).unwrap(), vec![]);
        assert!(parse_keys(Some(&json!([{"flag": 257}]))).is_err());
        assert!(parse_keys(Some(
            &json!([{"flag": 70000, "algorithm": 13, "pubkey": KEY}])
        ))
        .is_err());
        assert!(parse_keys(Some(&json!("x"))).is_err());
    }

    #[test]
    fn the_body_numbers_the_keys() {
        assert_eq!(
            request_body("example.nl", &[key(256, 13), key(257, 13)]),
            json!({"domain_name": "example.nl",
                   "dnssec1": {"flag": 256, "protocol": 3, "algorithm": 13, "pubkey": KEY},
                   "dnssec2": {"flag": 257, "protocol": 3, "algorithm": 13, "pubkey": KEY}})
        );
        assert_eq!(
            request_body("example.nl", &[]),
            json!({"domain_name": "example.nl"})
        );
    }

    #[test]
    fn read_from_the_domain_info() {
        let mut env = FakeEnv::warm();
        env.get(
            "/domain/example.nl/info/",
            json!({"status": "REGISTERED", "dnssec": [{"flag": 257, "algorithm": 13, "pubkey": KEY}]}),
        );
        assert_eq!(
            get_dnssec(&mut env, &settings(), "example.nl").unwrap(),
            vec![key(257, 13)]
        );
        env.assert_done();
    }

    #[test]
    fn set_reports_what_odr_stored() {
        let mut env = FakeEnv::warm();
        env.expect(
            Put,
            "/domain/example.nl/dnssec/",
            Some(request_body("example.nl", &[key(257, 13)])),
            200,
            ok(
                json!({"status": "COMPLETED", "data": {"to_append": {"dnssec": [
                {"flag": "257", "protocol": 3, "algorithm": 13, "pubkey": KEY}]}}}),
            ),
        );
        let stored = set_dnssec(&mut env, &settings(), "example.nl", &[key(257, 13)]).unwrap();
        assert_eq!(stored, vec![key(257, 13)]);
        assert!(env.activities.iter().any(|a| a.contains("set (1 key(s))")));
        env.assert_done();
    }

    #[test]
    fn a_change_odr_did_not_complete_is_refused_with_its_reason() {
        let mut env = FakeEnv::warm();
        env.expect(
            Put,
            "/domain/example.nl/dnssec/",
            Some(request_body("example.nl", &[])),
            200,
            ok(json!({"status": "PENDING", "data": {"messagex": "Registry rejected the key"}})),
        );
        let e = set_dnssec(&mut env, &settings(), "example.nl", &[]).unwrap_err();
        assert!(
            matches!(e, Error::Refused(ref m) if m.contains("Registry rejected the key")),
            "{e:?}"
        );
        assert!(env.activities.is_empty());
        env.assert_done();
    }

    #[test]
    fn invalid_keys_send_nothing() {
        let mut env = FakeEnv::warm();
        let e = set_dnssec(&mut env, &settings(), "example.nl", &[key(1, 13)]).unwrap_err();
        assert!(matches!(e, Error::InvalidInput { .. }));
        assert!(env.sent.is_empty());
    }
}
