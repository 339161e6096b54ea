//! Extra order fields per TLD (odr-api.md §5.21): what ODR asks for a
//! registration beyond the contacts, nameservers and period
//! (`POST /info/domain/{name}/`), and sending them with the order.
//!
//! Assumed (ODR's PHP library and the module sources describe the info
//! endpoint only by example): `fields` keyed by the body field name, each with
//! `is_required`, `title`, `class` and `select_options`; that `/info/` takes a
//! POST without a body; that extra fields go into the order body under the
//! same names.

use serde_json::Value;

use super::normalize_domain;
use crate::env::{Env, Method};
use crate::error::Error;
use crate::odr::client::Client;
use crate::types::{OrderField, Settings};

/// Body fields the order itself fills (never asked of the customer).
pub fn is_standard(name: &str) -> bool {
    matches!(
        name,
        "period"
            | "contact_registrant"
            | "contact_onsite"
            | "contact_tech"
            | "auth_code"
            | "domain_name"
            | "name"
            | "tld"
    ) || name
        .strip_prefix("ns")
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// A field name the module may send: lower-case letters, digits, `_`, `-`,
/// `.`, `[`, `]`, 1 to 64 characters (pure).
pub fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 64
        && name.bytes().all(|b| {
            b.is_ascii_lowercase()
                || b.is_ascii_digit()
                || matches!(b, b'_' | b'-' | b'.' | b'[' | b']')
        })
}

/// The kind of input a field `class` asks for (pure): `select`, `checkbox`
/// or `text` (`String_*` and `Text_*` alike).
fn kind_of(class: &str) -> &'static str {
    let class = class.to_ascii_lowercase();
    if class.contains("select") {
        "select"
    } else if class.contains("checkbox") {
        "checkbox"
    } else {
        "text"
    }
}

fn flag(value: Option<&Value>) -> bool {
    match value {
        Some(Value::Bool(b)) => *b,
        Some(Value::Number(n)) => n.as_i64() == Some(1),
        Some(Value::String(s)) => matches!(s.trim(), "1" | "true" | "yes"),
        _ => false,
    }
}

/// The non-standard fields of an info answer, sorted by name (pure).
pub fn parse_fields(payload: &Value) -> Result<Vec<OrderField>, String> {
    let fields = match payload.get("fields") {
        Some(Value::Object(map)) => map,
        Some(Value::Array(list)) if list.is_empty() => return Ok(Vec::new()),
        _ => return Err("the info answer has no fields".into()),
    };
    let mut out = Vec::new();
    for (name, field) in fields {
        let name = name.trim().to_string();
        if is_standard(&name) || !valid_name(&name) || flag(field.get("is_readonly")) {
            continue;
        }
        let kind = kind_of(
            field
                .get("class")
                .or_else(|| field.get("classname"))
                .and_then(Value::as_str)
                .unwrap_or(""),
        );
        let options = match field.get("select_options") {
            Some(Value::Object(map)) => map
                .iter()
                .map(|(value, label)| {
                    let label = label
                        .as_str()
                        .map(str::to_string)
                        .unwrap_or_else(|| value.clone());
                    (value.clone(), label)
                })
                .collect(),
            _ => Vec::new(),
        };
        out.push(OrderField {
            title: field
                .get("title")
                .and_then(Value::as_str)
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .unwrap_or(&name)
                .to_string(),
            name,
            kind: kind.to_string(),
            required: flag(field.get("is_required")),
            options,
        });
    }
    Ok(out)
}

/// `get-order-fields`: `POST /info/domain/{label}.{tld}/` (no body); the
/// fields a registration of that TLD asks for beyond the standard ones.
pub fn get_order_fields<E: Env>(
    env: &mut E,
    settings: &Settings,
    tld: &str,
) -> Result<Vec<OrderField>, Error> {
    let tld = tld.trim().trim_matches('.').to_ascii_lowercase();
    let domain = normalize_domain(&format!("example.{tld}"))?;
    let mut client = Client::new(env, settings, "get-order-fields")?;
    let what = format!("reading what a registration of .{tld} needs");
    let reply = client.call(Method::Post, &["info", "domain", &domain], &[], None, &what)?;
    parse_fields(&reply.payload).map_err(|m| client.unreadable(&what, &m))
}

/// Extra fields for an order checked (pure): valid names, not standard ones,
/// each once.
pub fn check_extras(extras: &[(String, String)]) -> Result<Vec<(String, String)>, Error> {
    let mut out: Vec<(String, String)> = Vec::new();
    for (name, value) in extras {
        let name = name.trim().to_string();
        if !valid_name(&name) || is_standard(&name) {
            return Err(Error::invalid_field(
                &format!("fields.{name}"),
                "not a field the module may send (a standard order field, or not a field name)",
            ));
        }
        if out.iter().any(|(n, _)| *n == name) {
            return Err(Error::invalid_field(
                &format!("fields.{name}"),
                "given twice",
            ));
        }
        out.push((name, value.trim().to_string()));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn only_the_fields_beyond_the_order() {
        let fields = parse_fields(&json!({"fields": {
            "contact_registrant": {"class": "Select", "is_required": true},
            "ns1": {"class": "Text_Nameserver", "is_required": true},
            "period": {"class": "Select", "is_required": true},
            "registrant_birth_date": {"class": "String_Date", "is_required": true, "title": "Date of birth"},
            "intended_use": {"class": "Select_Purpose", "is_required": "1",
                              "select_options": {"P1": "Business", "P3": "Personal"}},
            "accept_terms": {"class": "Checkbox", "is_required": false},
            "locked": {"class": "Text", "is_readonly": true},
            "Bad Name": {"class": "Text"}
        }}))
        .unwrap();
        let summary: Vec<(&str, &str, bool)> = fields
            .iter()
            .map(|f| (f.name.as_str(), f.kind.as_str(), f.required))
            .collect();
        assert_eq!(
            summary,
            vec![
                ("accept_terms", "checkbox", false),
                ("intended_use", "select", true),
                ("registrant_birth_date", "text", true),
            ]
        );
        assert_eq!(
            fields[1].options,
            vec![
                ("P1".to_string(), "Business".to_string()),
                ("P3".to_string(), "Personal".to_string())
            ]
        );
        assert_eq!(fields[2].title, "Date of birth");
        assert_eq!(fields[0].title, "accept_terms");
        assert_eq!(parse_fields(&json!({"fields": []})).unwrap(), vec![]);
        assert!(parse_fields(&json!({})).is_err());
    }

    #[test]
    fn extras_may_not_replace_the_order() {
        assert_eq!(
            check_extras(&[("intended_use".into(), " P1 ".into())]).unwrap(),
            vec![("intended_use".to_string(), "P1".to_string())]
        );
        for bad in ["period", "ns3", "contact_tech", "auth_code", "Bad", ""] {
            assert!(check_extras(&[(bad.into(), "x".into())]).is_err(), "{bad}");
        }
        assert!(check_extras(&[("a".into(), "1".into()), ("a".into(), "2".into())]).is_err());
        assert!(is_standard("ns12"));
        assert!(!is_standard("nsfw"));
    }
}
