//! Parsers for ODR's success payloads (docs/odr-api.md §4-5). Each takes the
//! envelope's `response` value and returns typed data or a message saying what
//! was wrong; none panics on any input.

use chrono::NaiveDate;
use serde_json::{Map, Value};

use super::dates;
use crate::types::DomainStatus;

/// An id given as a number or a numeric string; positive only.
pub fn parse_id(value: Option<&Value>) -> Option<u64> {
    match value? {
        Value::Number(n) => n.as_u64().or_else(|| {
            n.as_f64()
                .filter(|f| f.fract() == 0.0 && *f >= 1.0 && *f < 1.8e19)
                .map(|f| f as u64)
        }),
        Value::String(s) => s.trim().parse::<u64>().ok(),
        _ => None,
    }
    .filter(|&id| id > 0)
}

/// An id as text (numbers and non-empty strings).
pub fn id_text(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::Number(n) => Some(n.to_string()),
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        _ => None,
    }
}

/// `"ON"`/`"OFF"`, booleans, `1`/`0`, `"yes"`/`"no"`; anything else is unknown.
pub fn parse_autorenew(value: Option<&Value>) -> Option<bool> {
    match value? {
        Value::Bool(b) => Some(*b),
        Value::Number(n) => n.as_i64().map(|i| i != 0),
        Value::String(s) => match s.trim().to_ascii_uppercase().as_str() {
            "ON" | "TRUE" | "YES" | "1" | "Y" => Some(true),
            "OFF" | "FALSE" | "NO" | "0" | "N" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

/// ODR's domain status, each known value mapped explicitly; anything else is
/// `unknown` with the value verbatim.
pub fn parse_status(text: &str) -> DomainStatus {
    match text.trim().to_ascii_uppercase().as_str() {
        "REGISTERED" => DomainStatus::Registered,
        "PENDING" => DomainStatus::Pending,
        "DELETE_SCHEDULED" => DomainStatus::DeleteScheduled,
        "QUARANTINE" => DomainStatus::Quarantine,
        "DELETED" => DomainStatus::Deleted,
        _ => DomainStatus::Unknown(text.to_string()),
    }
}

/// The status text of a domain object: `status`, else legacy `domain_status`.
pub fn status_text(object: &Value) -> Option<String> {
    ["status", "domain_status"]
        .iter()
        .find_map(|k| object.get(*k).and_then(Value::as_str))
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
}

/// One nameserver as ODR reports it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Nameserver {
    /// Host name.
    pub host: String,
    /// Glue address, when ODR reported one.
    pub ip: Option<String>,
}

/// Nameservers as strings or `{host, ip}` objects (array, or an object keyed
/// `ns1`..); empty entries skipped, order kept.
pub fn parse_nameservers(value: Option<&Value>) -> Vec<Nameserver> {
    let items: Vec<&Value> = match value {
        Some(Value::Array(items)) => items.iter().collect(),
        Some(Value::Object(map)) => map.values().collect(),
        _ => Vec::new(),
    };
    items
        .into_iter()
        .filter_map(|item| match item {
            Value::String(s) => Some(Nameserver {
                host: s.trim().to_string(),
                ip: None,
            }),
            Value::Object(o) => {
                let host = ["host", "name", "hostname"]
                    .iter()
                    .find_map(|k| o.get(*k).and_then(Value::as_str))
                    .unwrap_or("")
                    .trim()
                    .to_string();
                let ip = o
                    .get("ip")
                    .and_then(Value::as_str)
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty());
                Some(Nameserver { host, ip })
            }
            _ => None,
        })
        .filter(|ns| !ns.host.is_empty())
        .collect()
}

/// Contact ids per role.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RoleIds {
    /// REGISTRANT.
    pub registrant: Option<u64>,
    /// ONSITE (admin).
    pub onsite: Option<u64>,
    /// TECH.
    pub tech: Option<u64>,
}

/// `contacts_map` (`{ROLE: id}`, role names case-insensitive), falling back to
/// the legacy top-level `contact_registrant` / `contact_onsite` / `contact_tech`.
pub fn parse_contacts_map(object: &Value) -> RoleIds {
    let mut ids = RoleIds::default();
    if let Some(Value::Object(map)) = object.get("contacts_map") {
        for (role, id) in map {
            let id = parse_id(Some(id));
            match role.trim().to_ascii_uppercase().as_str() {
                "REGISTRANT" => ids.registrant = id,
                "ONSITE" | "ADMIN" => ids.onsite = ids.onsite.or(id),
                "TECH" => ids.tech = id,
                _ => {}
            }
        }
    }
    ids.registrant = ids
        .registrant
        .or_else(|| parse_id(object.get("contact_registrant")));
    ids.onsite = ids
        .onsite
        .or_else(|| parse_id(object.get("contact_onsite")));
    ids.tech = ids.tech.or_else(|| parse_id(object.get("contact_tech")));
    ids
}

/// A domain from `GET /domain/{name}/info/` or `GET /domain/{name}/`.
#[derive(Clone, Debug, PartialEq)]
pub struct DomainDetails {
    /// ODR's domain id.
    pub id: Option<String>,
    /// The status text as ODR gave it (empty when absent).
    pub status_text: String,
    /// The mapped status.
    pub status: DomainStatus,
    /// The expiry: `Ok(None)` when ODR gave none, `Err` when it was unreadable.
    pub expiry: Result<Option<NaiveDate>, String>,
    /// Auto-renew, when ODR said.
    pub autorenew: Option<bool>,
    /// Nameservers in order.
    pub nameservers: Vec<Nameserver>,
    /// Contact ids per role.
    pub contacts: RoleIds,
}

/// Parse a domain object (info or summary). It must be an object with a status.
pub fn domain_details(payload: &Value) -> Result<DomainDetails, String> {
    let object = payload
        .as_object()
        .ok_or("the domain data is not an object")?;
    // Tolerate a nesting under `domain` (older generations).
    let value = match object.get("domain") {
        Some(inner @ Value::Object(_)) if !object.contains_key("status") => inner,
        _ => payload,
    };
    let status_text = status_text(value).ok_or("the domain data has no status")?;
    Ok(DomainDetails {
        id: id_text(value.get("id")).or_else(|| id_text(value.get("domain_id"))),
        status: parse_status(&status_text),
        status_text,
        expiry: dates::expiry_of(value),
        autorenew: parse_autorenew(value.get("autorenew")),
        nameservers: parse_nameservers(value.get("nameservers")),
        contacts: parse_contacts_map(value),
    })
}

/// One item of the domain list.
#[derive(Clone, Debug, PartialEq)]
pub struct DomainSummary {
    /// The full domain name, lower case.
    pub domain: String,
    /// The status text, when the list gives one.
    pub status: Option<String>,
    /// The expiry (see [`DomainDetails::expiry`]).
    pub expiry: Result<Option<NaiveDate>, String>,
}

/// The full name of a domain object: `name`/`api_handle` + `.` + `tld` (a name
/// that already ends in `.tld` is taken whole).
pub fn domain_name_of(object: &Value) -> Option<String> {
    let tld = object
        .get("tld")
        .and_then(Value::as_str)
        .map(|t| t.trim().trim_start_matches('.').to_ascii_lowercase())
        .filter(|t| !t.is_empty());
    let label = ["name", "api_handle", "domain_name", "domain"]
        .iter()
        .find_map(|k| {
            object
                .get(*k)
                .and_then(Value::as_str)
                .map(str::trim)
                .filter(|s| !s.is_empty())
        })?
        .trim_end_matches('.')
        .to_ascii_lowercase();
    match tld {
        Some(tld) if label.ends_with(&format!(".{tld}")) => Some(label),
        Some(tld) => Some(format!("{label}.{tld}")),
        None if label.contains('.') => Some(label),
        None => None,
    }
}

/// Parse one domain list item.
pub fn domain_summary(item: &Value) -> Result<DomainSummary, String> {
    if !item.is_object() {
        return Err("a domain list item is not an object".to_string());
    }
    let domain = domain_name_of(item).ok_or("a domain list item has no name and TLD")?;
    Ok(DomainSummary {
        domain,
        status: status_text(item),
        expiry: dates::expiry_of(item),
    })
}

/// The items of a list payload: an array, an object of items (PHP arrays with
/// gaps), or an empty object. Anything else is an error.
pub fn list_items(payload: &Value) -> Result<Vec<Value>, String> {
    match payload {
        Value::Array(items) => Ok(items.clone()),
        Value::Object(map) if map.is_empty() => Ok(Vec::new()),
        Value::Object(map) if map.values().all(Value::is_object) => {
            Ok(map.values().cloned().collect())
        }
        Value::Null => Ok(Vec::new()),
        _ => Err("the list is not an array".to_string()),
    }
}

/// One contact list item: `(id, display name)`; legacy `contact_id` /
/// `contact_name` accepted. Items without a usable id are skipped.
pub fn contact_list_item(item: &Value) -> Option<(u64, String)> {
    let id = parse_id(item.get("id")).or_else(|| parse_id(item.get("contact_id")))?;
    let name = ["name", "contact_name", "full_name"]
        .iter()
        .find_map(|k| item.get(*k).and_then(Value::as_str))
        .unwrap_or("")
        .to_string();
    Some((id, name))
}

/// What `GET /domain/auth-code/{name}/` said.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AuthCodeAnswer {
    /// The code.
    Code(String),
    /// `true`: e-mailed to the registrant.
    Emailed,
    /// `null`, empty or `false`: none available.
    Missing,
}

/// Parse the auth-code payload.
pub fn auth_code(payload: &Value) -> Result<AuthCodeAnswer, String> {
    let object = payload
        .as_object()
        .ok_or("the auth-code answer is not an object")?;
    match object.get("auth_code") {
        Some(Value::String(s)) if !s.trim().is_empty() => {
            Ok(AuthCodeAnswer::Code(s.trim().to_string()))
        }
        Some(Value::Bool(true)) => Ok(AuthCodeAnswer::Emailed),
        Some(Value::Number(n)) => Ok(AuthCodeAnswer::Code(n.to_string())),
        None | Some(Value::Null) | Some(Value::Bool(false)) | Some(Value::String(_)) => {
            Ok(AuthCodeAnswer::Missing)
        }
        Some(_) => Err("the auth code is neither text nor true".to_string()),
    }
}

/// Parse the availability payload: `is_available`, or legacy `available`.
pub fn availability(payload: &Value) -> Result<bool, String> {
    let object = payload
        .as_object()
        .ok_or("the availability answer is not an object")?;
    let value = object
        .get("is_available")
        .filter(|v| !v.is_null())
        .or_else(|| object.get("available"))
        .ok_or("the availability answer has no is_available")?;
    match value {
        Value::Bool(b) => Ok(*b),
        Value::Number(n) if n.as_i64() == Some(1) => Ok(true),
        Value::Number(n) if n.as_i64() == Some(0) => Ok(false),
        Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
            "true" | "1" | "yes" => Ok(true),
            "false" | "0" | "no" => Ok(false),
            _ => Err(format!("is_available is '{s}'")),
        },
        other => Err(format!("is_available is {other}")),
    }
}

/// A login answer: the token and the header to send it in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoginAnswer {
    /// The token (secret).
    pub token: String,
    /// The header name (`as_header`, default `X-Access-Token`).
    pub header: String,
}

/// The default token header.
pub const DEFAULT_TOKEN_HEADER: &str = "X-Access-Token";

/// Parse the login payload.
pub fn login(payload: &Value) -> Result<LoginAnswer, String> {
    let object = payload
        .as_object()
        .ok_or("the login answer is not an object")?;
    let token = object
        .get("token")
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|t| !t.is_empty() && t.chars().all(|c| c.is_ascii_graphic()))
        .ok_or("the login answer has no usable token")?;
    let header = object
        .get("as_header")
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|h| {
            !h.is_empty()
                && h.len() <= 64
                && h.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        })
        .unwrap_or(DEFAULT_TOKEN_HEADER);
    Ok(LoginAnswer {
        token: token.to_string(),
        header: header.to_string(),
    })
}

/// The signature rule from `POST /info/user/login/`: `(signature_rule,
/// signature_rule_clear)`, found under `fields.signature` or at the top.
pub fn signature_rule(payload: &Value) -> Result<(String, Option<String>), String> {
    let candidates = [
        payload.get("fields").and_then(|f| f.get("signature")),
        payload.get("signature"),
        Some(payload),
    ];
    for spot in candidates.into_iter().flatten() {
        let rule = spot.get("signature_rule").and_then(Value::as_str);
        let clear = spot.get("signature_rule_clear").and_then(Value::as_str);
        if rule.is_some() || clear.is_some() {
            return Ok((rule.unwrap_or("").to_string(), clear.map(str::to_string)));
        }
    }
    Err("the login info has no signature_rule".to_string())
}

/// The account from `GET /user/`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AccountInfo {
    /// `user_id`.
    pub user_id: Option<String>,
    /// `balance`, as text.
    pub balance: Option<String>,
}

/// Parse `GET /user/`.
pub fn account(payload: &Value) -> Result<AccountInfo, String> {
    let object = payload
        .as_object()
        .ok_or("the account answer is not an object")?;
    Ok(AccountInfo {
        user_id: id_text(object.get("user_id")).or_else(|| id_text(object.get("id"))),
        balance: id_text(object.get("balance")),
    })
}

/// What an order (register/transfer) answer says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OrderReply {
    /// `status: COMPLETED` or `result: true`.
    pub completed: bool,
    /// The new domain id, when given.
    pub domain_id: Option<String>,
}

/// Parse an order answer (soft failures were already classified as errors).
pub fn order_reply(payload: &Value) -> OrderReply {
    let empty = Map::new();
    let object = payload.as_object().unwrap_or(&empty);
    let completed = object
        .get("status")
        .and_then(Value::as_str)
        .is_some_and(|s| s.trim().eq_ignore_ascii_case("COMPLETED"))
        || object
            .get("success")
            .and_then(Value::as_str)
            .is_some_and(|s| s.trim().eq_ignore_ascii_case("COMPLETED"))
        || object.get("result") == Some(&Value::Bool(true));
    let data = object.get("data");
    let domain_id = data
        .and_then(|d| id_text(d.get("id")))
        .or_else(|| data.and_then(|d| id_text(d.get("domain_id"))))
        .or_else(|| id_text(object.get("domain_id")))
        .or_else(|| id_text(object.get("id")));
    OrderReply {
        completed,
        domain_id,
    }
}

/// The id of a created contact: `data.id`, else `id`, `created_contact_id`,
/// `contact_id`.
pub fn created_contact_id(payload: &Value) -> Result<u64, String> {
    parse_id(payload.get("data").and_then(|d| d.get("id")))
        .or_else(|| parse_id(payload.get("id")))
        .or_else(|| parse_id(payload.get("created_contact_id")))
        .or_else(|| parse_id(payload.get("contact_id")))
        .ok_or_else(|| "the answer has no contact id".to_string())
}

/// `result` of a write (`renew-on`, `renew-off`, `reactivate`, update):
/// `Some(false)` only when ODR said `false`.
pub fn write_result(payload: &Value) -> Option<bool> {
    match payload.get("result")? {
        Value::Bool(b) => Some(*b),
        Value::Number(n) => n.as_i64().map(|i| i != 0),
        Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
            "true" | "1" => Some(true),
            "false" | "0" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn ids_as_numbers_or_strings() {
        assert_eq!(parse_id(Some(&json!(1234))), Some(1234));
        assert_eq!(parse_id(Some(&json!(" 1234 "))), Some(1234));
        assert_eq!(parse_id(Some(&json!(1234.0))), Some(1234));
        assert_eq!(parse_id(Some(&json!(0))), None);
        assert_eq!(parse_id(Some(&json!(-5))), None);
        assert_eq!(parse_id(Some(&json!(1.5))), None);
        assert_eq!(parse_id(Some(&json!("12a"))), None);
        assert_eq!(parse_id(Some(&json!(null))), None);
        assert_eq!(parse_id(None), None);
        assert_eq!(id_text(Some(&json!(5678))), Some("5678".to_string()));
        assert_eq!(id_text(Some(&json!("5678"))), Some("5678".to_string()));
        assert_eq!(id_text(Some(&json!(""))), None);
    }

    #[test]
    fn nameserver_shapes() {
        let v = json!(["ns1.example.net", " ", {"host": "ns2.example.nl", "ip": "192.0.2.1"}, {"host": ""}, {"name": "ns3.x.org"}, null, 7]);
        assert_eq!(
            parse_nameservers(Some(&v)),
            vec![
                Nameserver {
                    host: "ns1.example.net".into(),
                    ip: None
                },
                Nameserver {
                    host: "ns2.example.nl".into(),
                    ip: Some("192.0.2.1".into())
                },
                Nameserver {
                    host: "ns3.x.org".into(),
                    ip: None
                },
            ]
        );
        assert!(parse_nameservers(None).is_empty());
        assert!(parse_nameservers(Some(&json!("ns1"))).is_empty());
        let keyed = json!({"ns1": "a.example", "ns2": {"host": "b.example"}});
        assert_eq!(parse_nameservers(Some(&keyed)).len(), 2);
    }

    #[test]
    fn autorenew_values() {
        assert_eq!(parse_autorenew(Some(&json!("ON"))), Some(true));
        assert_eq!(parse_autorenew(Some(&json!("off"))), Some(false));
        assert_eq!(parse_autorenew(Some(&json!(true))), Some(true));
        assert_eq!(parse_autorenew(Some(&json!(0))), Some(false));
        assert_eq!(parse_autorenew(Some(&json!("maybe"))), None);
        assert_eq!(parse_autorenew(None), None);
    }

    #[test]
    fn each_status_value() {
        assert_eq!(parse_status("REGISTERED"), DomainStatus::Registered);
        assert_eq!(parse_status("pending"), DomainStatus::Pending);
        assert_eq!(
            parse_status("DELETE_SCHEDULED"),
            DomainStatus::DeleteScheduled
        );
        assert_eq!(parse_status("QUARANTINE"), DomainStatus::Quarantine);
        assert_eq!(parse_status(" DELETED "), DomainStatus::Deleted);
        assert_eq!(
            parse_status("TRANSFER_OUT"),
            DomainStatus::Unknown("TRANSFER_OUT".into())
        );
    }

    #[test]
    fn domain_info_mock() {
        let info = json!({
            "id": 5678, "domain_id": 5678, "status": "REGISTERED", "name": "example", "tld": "nl",
            "autorenew": "ON", "expiration_date": "2017-03-01 00:00:00", "auth_code": "Xk29PqLm7A",
            "contacts": {"REGISTRANT": "EXA001", "ONSITE": "EXA001"},
            "contacts_map": {"REGISTRANT": 1234, "ONSITE": "1235"},
            "nameservers": ["ns1.example.net", "ns2.example.net"]
        });
        let d = domain_details(&info).unwrap();
        assert_eq!(d.id.as_deref(), Some("5678"));
        assert_eq!(d.status, DomainStatus::Registered);
        assert_eq!(d.expiry, Ok(NaiveDate::from_ymd_opt(2017, 3, 1)));
        assert_eq!(d.autorenew, Some(true));
        assert_eq!(d.nameservers.len(), 2);
        assert_eq!(
            d.contacts,
            RoleIds {
                registrant: Some(1234),
                onsite: Some(1235),
                tech: None
            }
        );
        assert!(domain_details(&json!({"name": "x"})).is_err());
        assert!(domain_details(&json!([1])).is_err());
        let legacy = json!({"domain_status": "PENDING", "contact_registrant": 7, "contacts_map": {"REGISTRANT": null}});
        let d = domain_details(&legacy).unwrap();
        assert_eq!(d.status, DomainStatus::Pending);
        assert_eq!(d.contacts.registrant, Some(7));
    }

    #[test]
    fn domain_names_from_list_items() {
        assert_eq!(
            domain_name_of(&json!({"name": "Example", "tld": "NL"})),
            Some("example.nl".into())
        );
        assert_eq!(
            domain_name_of(&json!({"api_handle": "example", "tld": ".co.uk"})),
            Some("example.co.uk".into())
        );
        assert_eq!(
            domain_name_of(&json!({"name": "example.nl", "tld": "nl"})),
            Some("example.nl".into())
        );
        assert_eq!(
            domain_name_of(&json!({"domain_name": "example.eu"})),
            Some("example.eu".into())
        );
        assert_eq!(domain_name_of(&json!({"name": "example"})), None);
        let s = domain_summary(
            &json!({"id": "1", "name": "a", "tld": "nl", "expiration_date": "2017-03-01 00:00:00"}),
        )
        .unwrap();
        assert_eq!((s.domain.as_str(), s.status.as_deref()), ("a.nl", None));
        assert!(domain_summary(&json!("a.nl")).is_err());
    }

    #[test]
    fn list_shapes() {
        assert_eq!(list_items(&json!([1, 2])).unwrap().len(), 2);
        assert_eq!(list_items(&json!({})).unwrap().len(), 0);
        assert_eq!(
            list_items(&json!({"0": {"id": 1}, "2": {"id": 2}}))
                .unwrap()
                .len(),
            2
        );
        assert!(list_items(&json!("x")).is_err());
        assert!(list_items(&json!({"message": "x"})).is_err());
    }

    #[test]
    fn contact_list_items() {
        assert_eq!(
            contact_list_item(&json!({"id": 1234, "name": "Jan Jansen"})),
            Some((1234, "Jan Jansen".into()))
        );
        assert_eq!(
            contact_list_item(&json!({"contact_id": "7", "contact_name": "X"})),
            Some((7, "X".into()))
        );
        assert_eq!(contact_list_item(&json!({"name": "no id"})), None);
    }

    #[test]
    fn auth_code_answers() {
        assert_eq!(
            auth_code(&json!({"auth_code": "Xk29"})),
            Ok(AuthCodeAnswer::Code("Xk29".into()))
        );
        assert_eq!(
            auth_code(&json!({"auth_code": true})),
            Ok(AuthCodeAnswer::Emailed)
        );
        assert_eq!(
            auth_code(&json!({"auth_code": null})),
            Ok(AuthCodeAnswer::Missing)
        );
        assert_eq!(
            auth_code(&json!({"auth_code": " "})),
            Ok(AuthCodeAnswer::Missing)
        );
        assert_eq!(auth_code(&json!({})), Ok(AuthCodeAnswer::Missing));
        assert!(auth_code(&json!({"auth_code": [1]})).is_err());
        assert!(auth_code(&json!("x")).is_err());
    }

    #[test]
    fn availability_answers() {
        assert_eq!(availability(&json!({"is_available": true})), Ok(true));
        assert_eq!(availability(&json!({"available": false})), Ok(false));
        assert_eq!(availability(&json!({"is_available": "1"})), Ok(true));
        assert!(availability(&json!({})).is_err());
        assert!(availability(&json!({"is_available": "perhaps"})).is_err());
    }

    #[test]
    fn login_answers() {
        let a = login(&json!({"token": "token$4f2a9c0e1d", "as_header": "X-Access-Token", "as_request": "access_token"})).unwrap();
        assert_eq!(
            a,
            LoginAnswer {
                token: "token$4f2a9c0e1d".into(),
                header: "X-Access-Token".into()
            }
        );
        let a = login(&json!({"token": "t", "as_header": "Bad Header\r\n"})).unwrap();
        assert_eq!(a.header, DEFAULT_TOKEN_HEADER);
        assert!(login(&json!({"token": ""})).is_err());
        assert!(login(&json!({"token": "a b"})).is_err());
        assert!(login(&json!([])).is_err());
    }

    #[test]
    fn signature_rules() {
        let v = json!({"fields": {"signature": {"signature_rule": "#SHA1(x)#", "signature_rule_clear": "x"}}});
        assert_eq!(
            signature_rule(&v),
            Ok(("#SHA1(x)#".into(), Some("x".into())))
        );
        assert!(signature_rule(&json!({"fields": {}})).is_err());
    }

    #[test]
    fn order_and_write_answers() {
        let r = order_reply(&json!({"status": "COMPLETED", "data": {"id": 5678}}));
        assert_eq!(
            r,
            OrderReply {
                completed: true,
                domain_id: Some("5678".into())
            }
        );
        assert!(order_reply(&json!({"result": true})).completed);
        let r = order_reply(&json!({"status": "IN_PROGRESS"}));
        assert_eq!(
            r,
            OrderReply {
                completed: false,
                domain_id: None
            }
        );
        assert!(!order_reply(&json!("x")).completed);
        assert_eq!(
            created_contact_id(&json!({"status": "COMPLETED", "data": {"id": 1234}})),
            Ok(1234)
        );
        assert_eq!(
            created_contact_id(&json!({"created_contact_id": "99"})),
            Ok(99)
        );
        assert!(created_contact_id(&json!({"data": {"id": null}})).is_err());
        assert_eq!(write_result(&json!({"result": false})), Some(false));
        assert_eq!(
            write_result(&json!({"success": "COMPLETED", "result": true})),
            Some(true)
        );
        assert_eq!(write_result(&json!({})), None);
    }

    #[test]
    fn account_answer() {
        let a = account(&json!({"user_id": "12", "balance": "250.00"})).unwrap();
        assert_eq!(
            a,
            AccountInfo {
                user_id: Some("12".into()),
                balance: Some("250.00".into())
            }
        );
    }
}
