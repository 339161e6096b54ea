//! Request bodies (deterministic: serde_json objects keep keys sorted).

use serde_json::{json, Map, Value};

use super::response::RoleIds;
use super::url;
use crate::error::Error;

/// ODR takes at most eight nameservers (`ns1`..`ns8`).
pub const MAX_NAMESERVERS: usize = 8;

/// `POST /user/login/`.
pub fn login(timestamp: i64, api_key: &str, signature: &str) -> Value {
    json!({"timestamp": timestamp, "api_key": api_key, "signature": signature})
}

/// A host name in canonical form: trimmed, lower case, no trailing dot.
pub fn canonical_host(host: &str) -> String {
    host.trim().trim_end_matches('.').to_ascii_lowercase()
}

/// True when `host` lies inside `domain` (is the domain or a subdomain of it):
/// only such hosts get glue addresses.
pub fn inside_domain(host: &str, domain: &str) -> bool {
    let host = canonical_host(host);
    let domain = canonical_host(domain);
    !domain.is_empty() && (host == domain || host.ends_with(&format!(".{domain}")))
}

/// `ns1`..`ns8` as `{host, ip}`: empty entries dropped, duplicates dropped,
/// `ip` only for hosts inside `domain` that have a glue entry, else `null`.
pub fn nameserver_fields(
    domain: &str,
    nameservers: &[String],
    glue: &[(String, String)],
) -> Result<Vec<(String, Value)>, Error> {
    let mut hosts: Vec<String> = Vec::new();
    for (i, raw) in nameservers.iter().enumerate() {
        let host = canonical_host(raw);
        if host.is_empty() || hosts.contains(&host) {
            continue;
        }
        if !url::valid_name(&host, true) {
            return Err(Error::invalid_field(
                &format!("nameservers[{i}]"),
                format!("'{}' is not a valid host name", raw.trim()),
            ));
        }
        hosts.push(host);
    }
    if hosts.len() > MAX_NAMESERVERS {
        return Err(Error::invalid_field(
            "nameservers",
            format!(
                "ODR accepts at most {MAX_NAMESERVERS} nameservers, got {}",
                hosts.len()
            ),
        ));
    }
    Ok(hosts
        .into_iter()
        .enumerate()
        .map(|(i, host)| {
            let ip = if inside_domain(&host, domain) {
                glue.iter()
                    .find(|(h, _)| canonical_host(h) == host)
                    .map(|(_, ip)| ip.trim().to_string())
                    .filter(|ip| !ip.is_empty())
            } else {
                None
            };
            (format!("ns{}", i + 1), json!({"host": host, "ip": ip}))
        })
        .collect())
}

/// Contact ids for a domain write: all three roles resolved.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ContactIds {
    /// Registrant.
    pub registrant: u64,
    /// Onsite (admin).
    pub onsite: u64,
    /// Tech.
    pub tech: u64,
}

impl ContactIds {
    /// From `contacts_map`: onsite falls back to the registrant, tech to onsite.
    pub fn from_map(ids: &RoleIds) -> Option<ContactIds> {
        let registrant = ids.registrant?;
        let onsite = ids.onsite.unwrap_or(registrant);
        let tech = ids.tech.unwrap_or(onsite);
        Some(ContactIds {
            registrant,
            onsite,
            tech,
        })
    }
}

fn with_contacts(map: &mut Map<String, Value>, contacts: ContactIds) {
    map.insert("contact_registrant".into(), json!(contacts.registrant));
    map.insert("contact_onsite".into(), json!(contacts.onsite));
    map.insert("contact_tech".into(), json!(contacts.tech));
}

/// `POST /domain/{name}/` (register) and `PUT /domain/{name}/transfer/`
/// (with `auth_code`): period in months, contacts, `ns1`...
pub fn order(
    period_years: u8,
    contacts: ContactIds,
    nameservers: Vec<(String, Value)>,
    auth_code: Option<&str>,
) -> Value {
    let mut map = Map::new();
    map.insert("period".into(), json!(u32::from(period_years) * 12));
    with_contacts(&mut map, contacts);
    for (key, value) in nameservers {
        map.insert(key, value);
    }
    if let Some(code) = auth_code {
        map.insert("auth_code".into(), json!(code));
    }
    Value::Object(map)
}

/// `PUT /domain/{name}/`: the three contacts and the nameservers.
pub fn domain_update(contacts: ContactIds, nameservers: Vec<(String, Value)>) -> Value {
    let mut map = Map::new();
    with_contacts(&mut map, contacts);
    for (key, value) in nameservers {
        map.insert(key, value);
    }
    Value::Object(map)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn glue_only_inside_the_domain() {
        let glue = vec![
            ("NS1.example.nl.".to_string(), " 192.0.2.10 ".to_string()),
            ("ns3.example.net".to_string(), "192.0.2.99".to_string()),
        ];
        let fields = nameserver_fields(
            "example.nl",
            &strings(&[
                "ns1.example.nl",
                "",
                "ns2.example.nl",
                "ns3.example.net",
                "NS3.EXAMPLE.NET.",
                "example.nl",
            ]),
            &glue,
        )
        .unwrap();
        assert_eq!(
            fields,
            vec![
                (
                    "ns1".to_string(),
                    json!({"host": "ns1.example.nl", "ip": "192.0.2.10"})
                ),
                (
                    "ns2".to_string(),
                    json!({"host": "ns2.example.nl", "ip": null})
                ),
                (
                    "ns3".to_string(),
                    json!({"host": "ns3.example.net", "ip": null})
                ),
                ("ns4".to_string(), json!({"host": "example.nl", "ip": null})),
            ]
        );
        assert!(inside_domain("ns1.example.nl", "Example.NL"));
        assert!(!inside_domain("ns1.otherexample.nl", "example.nl"));
        assert!(!inside_domain("example.nl.evil.com", "example.nl"));
    }

    #[test]
    fn too_many_or_invalid_nameservers() {
        let many: Vec<String> = (1..=9).map(|i| format!("ns{i}.example.net")).collect();
        assert!(matches!(
            nameserver_fields("x.nl", &many, &[]),
            Err(Error::InvalidInput { .. })
        ));
        assert!(nameserver_fields("x.nl", &strings(&["not a host"]), &[]).is_err());
        assert!(nameserver_fields("x.nl", &strings(&["localhost"]), &[]).is_err());
        assert_eq!(
            nameserver_fields("x.nl", &strings(&["", " "]), &[]).unwrap(),
            vec![]
        );
    }

    #[test]
    fn order_and_update_bodies() {
        let ids = ContactIds {
            registrant: 1234,
            onsite: 1234,
            tech: 99,
        };
        let ns = nameserver_fields("example.nl", &strings(&["ns1.example.net"]), &[]).unwrap();
        let body = order(2, ids, ns.clone(), None);
        assert_eq!(
            serde_json::to_string(&body).unwrap(),
            r#"{"contact_onsite":1234,"contact_registrant":1234,"contact_tech":99,"ns1":{"host":"ns1.example.net","ip":null},"period":24}"#
        );
        let body = order(1, ids, ns.clone(), Some("Xk29"));
        assert_eq!(body["auth_code"], json!("Xk29"));
        assert_eq!(body["period"], json!(12));
        let body = domain_update(ids, ns);
        assert!(body.get("period").is_none());
        assert_eq!(body["contact_tech"], json!(99));
        assert_eq!(
            login(1_500_000_000, "public$k", "token$x"),
            json!({"timestamp": 1_500_000_000, "api_key": "public$k", "signature": "token$x"})
        );
    }

    #[test]
    fn contact_ids_fall_back() {
        let ids = ContactIds::from_map(&RoleIds {
            registrant: Some(1),
            onsite: None,
            tech: None,
        })
        .unwrap();
        assert_eq!(
            ids,
            ContactIds {
                registrant: 1,
                onsite: 1,
                tech: 1
            }
        );
        let ids = ContactIds::from_map(&RoleIds {
            registrant: Some(1),
            onsite: Some(2),
            tech: None,
        })
        .unwrap();
        assert_eq!(ids.tech, 2);
        assert!(ContactIds::from_map(&RoleIds::default()).is_none());
    }
}
