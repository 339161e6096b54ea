//! DNS management on ODR's DNS zones (`/dns/`, odr-api.md §5.23): the zone of
//! a domain found (`GET /dns/?f[hostname]={name}`), read (`GET /dns/{id}/`),
//! created (`POST /dns/`) or replaced (`PUT /dns/{id}/`).
//!
//! Assumed (a third-party python-lexicon provider only, itself unfinished): the
//! paths (the provider sends `/dns/{id}` without a trailing slash), the filter,
//! the zone list's `id` and `hostname`, the records' `name`, `type`, `content`,
//! `ttl`, `disabled`; guessed, in no source: record names as full names, the
//! MX and SRV priority at the start of `content` (as PowerDNS writes them), the
//! bodies `{"hostname", "records"}` and `{"records"}`.
//!
//! Only the record types a panel edits (A, AAAA, CNAME, MX, TXT, SRV) are
//! read and written; a save keeps the zone's other records (NS, SOA, CAA, ...)
//! as they are.

use std::net::{Ipv4Addr, Ipv6Addr};

use serde_json::{json, Value};

use super::normalize_domain;
use crate::env::{Env, Method};
use crate::error::Error;
use crate::odr::client::Client;
use crate::odr::response::{self, id_text};
use crate::types::{DnsRecord, Settings};

/// The record types a panel edits.
pub const EDITABLE: &[&str] = &["A", "AAAA", "CNAME", "MX", "TXT", "SRV"];
/// The TTL of records the panel gives without one.
pub const DEFAULT_TTL: u32 = 3600;

/// A relative name ("@" for the apex) as a full name (pure).
pub fn full_name(name: &str, domain: &str) -> String {
    let name = name.trim().trim_end_matches('.').to_ascii_lowercase();
    if name.is_empty() || name == "@" || name == domain {
        domain.to_string()
    } else if name.ends_with(&format!(".{domain}")) {
        name
    } else {
        format!("{name}.{domain}")
    }
}

/// A full name as a relative one ("@" for the apex) (pure).
pub fn relative_name(name: &str, domain: &str) -> String {
    let name = name.trim().trim_end_matches('.').to_ascii_lowercase();
    if name.is_empty() || name == domain {
        "@".into()
    } else {
        name.strip_suffix(&format!(".{domain}"))
            .map(str::to_string)
            .unwrap_or(name)
    }
}

fn valid_host(name: &str) -> bool {
    let name = name.trim_end_matches('.');
    !name.is_empty()
        && name.len() <= 253
        && name.split('.').all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && l.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        })
}

/// One record checked and cleaned (pure); the message says what is wrong.
fn check(record: &DnsRecord, domain: &str) -> Result<DnsRecord, String> {
    let kind = record.record_type.trim().to_ascii_uppercase();
    if !EDITABLE.contains(&kind.as_str()) {
        return Err(format!(
            "type '{}' cannot be edited here (only {})",
            record.record_type,
            EDITABLE.join(", ")
        ));
    }
    let name = relative_name(&record.name, domain);
    if name != "@" && (name == "*" || !valid_host(name.trim_start_matches("*."))) {
        return Err(format!("'{}' is not a valid host name", record.name));
    }
    let content = record.content.trim().to_string();
    let host_target = || {
        let target = content.trim_end_matches('.');
        if valid_host(target) {
            Ok(target.to_ascii_lowercase())
        } else {
            Err(format!("'{content}' is not a host name"))
        }
    };
    let content = match kind.as_str() {
        "A" => content
            .parse::<Ipv4Addr>()
            .map(|a| a.to_string())
            .map_err(|_| format!("'{content}' is not an IPv4 address"))?,
        "AAAA" => content
            .parse::<Ipv6Addr>()
            .map(|a| a.to_string())
            .map_err(|_| format!("'{content}' is not an IPv6 address"))?,
        "CNAME" if name == "@" => {
            return Err("a CNAME cannot be at the domain itself (@)".into());
        }
        "CNAME" | "MX" => host_target()?,
        "TXT" if content.is_empty() || content.len() > 4096 => {
            return Err("a TXT record needs 1 to 4096 characters".into());
        }
        "SRV" => {
            let parts: Vec<&str> = content.split_whitespace().collect();
            match parts.as_slice() {
                [weight, port, target]
                    if weight.parse::<u16>().is_ok()
                        && port.parse::<u16>().is_ok()
                        && valid_host(target) =>
                {
                    format!("{weight} {port} {}", target.trim_end_matches('.'))
                }
                _ => {
                    return Err(format!(
                        "'{content}' is not 'weight port target' (e.g. '5 5060 sip.example.nl')"
                    ))
                }
            }
        }
        _ => content,
    };
    let priority = match kind.as_str() {
        "MX" | "SRV" => Some(
            record
                .priority
                .filter(|p| *p <= 65535)
                .ok_or_else(|| format!("a {kind} record needs a priority from 0 to 65535"))?,
        ),
        _ => None,
    };
    let ttl = match record.ttl {
        0 => DEFAULT_TTL,
        t if (60..=604_800).contains(&t) => t,
        t => return Err(format!("TTL {t} is not 60 to 604800 seconds")),
    };
    Ok(DnsRecord {
        name,
        record_type: kind,
        content,
        priority,
        ttl,
    })
}

/// The records checked (pure): `invalid-input` naming each bad one.
pub fn validate(records: &[DnsRecord], domain: &str) -> Result<Vec<DnsRecord>, Error> {
    let mut fields = Vec::new();
    let mut out = Vec::new();
    for (i, record) in records.iter().enumerate() {
        match check(record, domain) {
            Ok(r) => out.push(r),
            Err(m) => fields.push((format!("records[{i}]"), m)),
        }
    }
    if fields.is_empty() {
        return Ok(out);
    }
    let summary = fields
        .iter()
        .map(|(f, m)| format!("{f}: {m}"))
        .collect::<Vec<_>>()
        .join("; ");
    Err(Error::InvalidInput {
        message: format!("The DNS records cannot be saved: {summary}"),
        fields,
    })
}

/// A record as ODR stores it (pure): full name, priority before the content.
pub fn to_odr(record: &DnsRecord, domain: &str) -> Value {
    let content = match record.priority {
        Some(p) => format!("{p} {}", record.content),
        None => record.content.clone(),
    };
    json!({"name": full_name(&record.name, domain), "type": record.record_type, "content": content,
           "ttl": record.ttl, "disabled": false})
}

/// A record of ODR's zone as the panel's form, when it is of an editable
/// type and enabled; none otherwise (pure).
pub fn from_odr(item: &Value, domain: &str) -> Option<DnsRecord> {
    let kind = item.get("type")?.as_str()?.trim().to_ascii_uppercase();
    // `disabled` in the yes/no forms auto-renew takes too.
    if !EDITABLE.contains(&kind.as_str())
        || response::parse_autorenew(item.get("disabled")) == Some(true)
    {
        return None;
    }
    let name = relative_name(item.get("name")?.as_str()?, domain);
    let content = item.get("content")?.as_str()?.trim().to_string();
    let (priority, content) = match kind.as_str() {
        "MX" | "SRV" => {
            let (first, rest) = content.split_once(char::is_whitespace)?;
            (Some(first.parse().ok()?), rest.trim().to_string())
        }
        _ => (None, content),
    };
    let ttl = item
        .get("ttl")
        .and_then(|t| t.as_u64().or_else(|| t.as_str()?.trim().parse().ok()))
        .and_then(|t| u32::try_from(t).ok())
        .unwrap_or(DEFAULT_TTL);
    Some(DnsRecord {
        name,
        record_type: kind,
        content: content.trim_end_matches('.').to_string(),
        priority,
        ttl,
    })
}

/// A record saved without a TTL keeps the TTL of the zone's record with the
/// same name and type (the same content first), so a panel form without TTLs
/// changes none (pure).
pub fn keep_ttls(records: &mut [DnsRecord], ttl_given: &[bool], current: &[DnsRecord]) {
    for (record, given) in records.iter_mut().zip(ttl_given) {
        if *given {
            continue;
        }
        let same = |c: &&DnsRecord| c.name == record.name && c.record_type == record.record_type;
        let found = current
            .iter()
            .filter(same)
            .find(|c| c.content == record.content && c.priority == record.priority)
            .or_else(|| current.iter().find(same));
        if let Some(c) = found {
            record.ttl = c.ttl;
        }
    }
}

/// The id of the domain's zone, when ODR has one.
fn find_zone<E: Env>(client: &mut Client<'_, E>, domain: &str) -> Result<Option<String>, Error> {
    let what = format!("looking up the DNS zone of {domain}");
    let reply = client.call(
        Method::Get,
        &["dns"],
        &[("f[hostname]", domain)],
        None,
        &what,
    )?;
    let items = response::list_items(&reply.payload).map_err(|m| client.unreadable(&what, &m))?;
    let matching: Vec<&Value> = items
        .iter()
        .filter(|z| {
            z.get("hostname")
                .and_then(Value::as_str)
                .is_none_or(|h| h.trim().trim_end_matches('.').eq_ignore_ascii_case(domain))
        })
        .collect();
    match matching.as_slice() {
        [] => Ok(None),
        [zone] => id_text(zone.get("id"))
            .map(Some)
            .ok_or_else(|| client.unreadable(&what, "the zone has no id")),
        _ => Err(Error::Unexpected(format!(
            "ODR lists {} DNS zones for {domain}; the module cannot tell which to use. Check the \
             zones in the ODR control panel.",
            matching.len()
        ))),
    }
}

/// The zone's records (every type).
fn read_zone<E: Env>(
    client: &mut Client<'_, E>,
    domain: &str,
    id: &str,
) -> Result<Vec<Value>, Error> {
    let what = format!("reading the DNS zone of {domain}");
    let payload = client.get(&["dns", id], &what)?;
    match payload.get("records") {
        Some(Value::Array(records)) => Ok(records.clone()),
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(_) => Err(client.unreadable(&what, "the zone's records are not a list")),
    }
}

/// `get-dns-zone`: the domain's records of the editable types; none when ODR
/// has no zone for it.
pub fn get_dns_zone<E: Env>(
    env: &mut E,
    settings: &Settings,
    domain: &str,
) -> Result<Option<Vec<DnsRecord>>, Error> {
    let domain = normalize_domain(domain)?;
    let mut client = Client::new(env, settings, "get-dns-zone")?;
    let Some(id) = find_zone(&mut client, &domain)? else {
        return Ok(None);
    };
    let records = read_zone(&mut client, &domain, &id)?;
    Ok(Some(
        records
            .iter()
            .filter_map(|r| from_odr(r, &domain))
            .collect(),
    ))
}

/// `save-dns-zone`: validate; no zone → `POST /dns/` with the records; a zone →
/// read it, keep its records of other types (and disabled ones), `PUT /dns/{id}/`.
pub fn save_dns_zone<E: Env>(
    env: &mut E,
    settings: &Settings,
    domain: &str,
    records: &[DnsRecord],
) -> Result<(), Error> {
    let domain = normalize_domain(domain)?;
    let ttl_given: Vec<bool> = records.iter().map(|r| r.ttl != 0).collect();
    let mut records = validate(records, &domain)?;
    let mut client = Client::new(env, settings, "save-dns-zone")?;
    match find_zone(&mut client, &domain)? {
        None => {
            let body_records: Vec<Value> = records.iter().map(|r| to_odr(r, &domain)).collect();
            let body = json!({"hostname": domain, "records": body_records});
            let what = format!("creating the DNS zone of {domain}");
            client.call(Method::Post, &["dns"], &[], Some(&body), &what)?;
            client.activity(
                &format!(
                    "DNS zone of {domain} created at ODR with {} record(s)",
                    records.len()
                ),
                Some(&domain),
            );
        }
        Some(id) => {
            let zone = read_zone(&mut client, &domain, &id)?;
            let current: Vec<DnsRecord> =
                zone.iter().filter_map(|r| from_odr(r, &domain)).collect();
            keep_ttls(&mut records, &ttl_given, &current);
            let kept: Vec<Value> = zone
                .into_iter()
                .filter(|r| from_odr(r, &domain).is_none())
                .collect();
            let kept_count = kept.len();
            let mut all = kept;
            all.extend(records.iter().map(|r| to_odr(r, &domain)));
            let body = json!({ "records": all });
            let what = format!("saving the DNS zone of {domain}");
            client.call(Method::Put, &["dns", &id], &[], Some(&body), &what)?;
            client.activity(
                &format!(
                    "DNS zone of {domain} saved at ODR: {} record(s), {kept_count} other record(s) kept",
                    records.len()
                ),
                Some(&domain),
            );
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::env::Method::{Get, Post, Put};
    use crate::testkit::{ok, settings, FakeEnv};

    fn rec(name: &str, kind: &str, content: &str, priority: Option<u32>) -> DnsRecord {
        DnsRecord {
            name: name.into(),
            record_type: kind.into(),
            content: content.into(),
            priority,
            ttl: 0,
        }
    }

    #[test]
    fn names_full_and_relative() {
        assert_eq!(full_name("@", "example.nl"), "example.nl");
        assert_eq!(full_name("", "example.nl"), "example.nl");
        assert_eq!(full_name("WWW", "example.nl"), "www.example.nl");
        assert_eq!(full_name("www.example.nl.", "example.nl"), "www.example.nl");
        assert_eq!(relative_name("example.nl.", "example.nl"), "@");
        assert_eq!(
            relative_name("mail.office.example.nl", "example.nl"),
            "mail.office"
        );
        assert_eq!(relative_name("other.org", "example.nl"), "other.org");
    }

    #[test]
    fn records_are_checked() {
        let ok = validate(
            &[
                rec("@", "a", " 192.0.2.1 ", None),
                rec("www", "CNAME", "example.nl.", None),
                rec("@", "MX", "mail.example.nl", Some(10)),
                rec("_sip._tcp", "SRV", "5 5060 sip.example.nl.", Some(0)),
                rec("@", "TXT", "v=spf1 -all", None),
                rec("*.dev", "AAAA", "2001:db8::1", None),
            ],
            "example.nl",
        )
        .unwrap();
        assert_eq!(ok[0].record_type, "A");
        assert_eq!(ok[0].content, "192.0.2.1");
        assert_eq!(ok[0].ttl, DEFAULT_TTL);
        assert_eq!(ok[1].content, "example.nl");
        assert_eq!(ok[3].content, "5 5060 sip.example.nl");
        let Err(Error::InvalidInput { fields, .. }) = validate(
            &[
                rec("@", "A", "192.0.2.300", None),
                rec("@", "CNAME", "x.example.nl", None),
                rec("@", "MX", "mail.example.nl", None),
                rec("@", "NS", "ns1.example.net", None),
                rec("a b", "A", "192.0.2.1", None),
                rec("@", "SRV", "5 sip", Some(1)),
                rec("@", "TXT", "", None),
                DnsRecord {
                    ttl: 5,
                    ..rec("@", "A", "192.0.2.1", None)
                },
            ],
            "example.nl",
        ) else {
            panic!("refused")
        };
        assert_eq!(fields.len(), 8, "{fields:?}");
        assert!(fields[1].1.contains("CNAME cannot be at the domain"));
        assert!(fields[2].1.contains("needs a priority"));
        assert!(fields[3].1.contains("cannot be edited"));
    }

    #[test]
    fn priority_travels_in_the_content() {
        let mx = check(&rec("@", "MX", "mail.example.nl", Some(10)), "example.nl").unwrap();
        let odr = to_odr(&mx, "example.nl");
        assert_eq!(
            odr,
            json!({"name": "example.nl", "type": "MX", "content": "10 mail.example.nl",
                   "ttl": 3600, "disabled": false})
        );
        assert_eq!(from_odr(&odr, "example.nl"), Some(mx));
        assert_eq!(
            from_odr(
                &json!({"name": "example.nl", "type": "NS", "content": "ns1.odrdns.eu"}),
                "example.nl"
            ),
            None
        );
        assert_eq!(
            from_odr(
                &json!({"name": "a.example.nl", "type": "A", "content": "192.0.2.1", "disabled": true}),
                "example.nl"
            ),
            None
        );
        assert_eq!(
            from_odr(
                &json!({"name": "example.nl", "type": "MX", "content": "mail.example.nl"}),
                "example.nl"
            ),
            None,
            "an MX without a priority is not shown as one"
        );
    }

    fn zone_list(env: &mut FakeEnv, items: Value) {
        let text = ok(items).to_string();
        env.expect_raw(
            Get,
            "/dns/",
            "f%5Bhostname%5D=example.nl",
            None,
            200,
            &[("Content-Type", "application/json")],
            text.as_bytes(),
        );
    }

    #[test]
    fn no_zone_reads_as_none_and_a_save_creates_it() {
        let mut env = FakeEnv::warm();
        zone_list(&mut env, json!([]));
        assert_eq!(
            get_dns_zone(&mut env, &settings(), "example.nl").unwrap(),
            None
        );
        zone_list(&mut env, json!([]));
        env.expect(
            Post,
            "/dns/",
            Some(json!({"hostname": "example.nl", "records": [
                {"name": "example.nl", "type": "A", "content": "192.0.2.1", "ttl": 3600, "disabled": false}]})),
            201,
            ok(json!({"id": 77})),
        );
        save_dns_zone(
            &mut env,
            &settings(),
            "example.nl",
            &[rec("@", "A", "192.0.2.1", None)],
        )
        .unwrap();
        assert!(env.activities.iter().any(|a| a.contains("created")));
        env.assert_done();
    }

    #[test]
    fn a_save_keeps_the_records_it_does_not_edit() {
        let ns = json!({"name": "example.nl", "type": "NS", "content": "ns1.odrdns.eu", "ttl": 86400, "disabled": false});
        let off = json!({"name": "old.example.nl", "type": "A", "content": "192.0.2.9", "ttl": 300, "disabled": true});
        let mut env = FakeEnv::warm();
        zone_list(&mut env, json!([{"id": 77, "hostname": "example.nl"}]));
        env.get(
            "/dns/77/",
            json!({"id": 77, "records": [ns, off,
                {"name": "www.example.nl", "type": "A", "content": "192.0.2.1", "ttl": 3600, "disabled": false}]}),
        );
        env.expect(
            Put,
            "/dns/77/",
            Some(json!({"records": [ns, off,
                {"name": "www.example.nl", "type": "A", "content": "192.0.2.2", "ttl": 3600, "disabled": false}]})),
            200,
            ok(json!({"id": 77})),
        );
        save_dns_zone(
            &mut env,
            &settings(),
            "example.nl",
            &[rec("www", "A", "192.0.2.2", None)],
        )
        .unwrap();
        env.assert_done();
    }

    #[test]
    fn two_zones_for_one_domain_are_not_guessed_between() {
        let mut env = FakeEnv::warm();
        zone_list(
            &mut env,
            json!([{"id": 1, "hostname": "example.nl"}, {"id": 2, "hostname": "example.nl"}]),
        );
        let e = get_dns_zone(&mut env, &settings(), "example.nl").unwrap_err();
        assert!(matches!(e, Error::Unexpected(ref m) if m.contains("2 DNS zones")));
    }

    #[test]
    fn a_record_without_ttl_keeps_the_zones() {
        let current = vec![
            DnsRecord {
                ttl: 300,
                ..rec("@", "TXT", "v=spf1 -all", None)
            },
            DnsRecord {
                ttl: 600,
                ..rec("www", "A", "192.0.2.1", None)
            },
            DnsRecord {
                ttl: 900,
                ..rec("www", "A", "192.0.2.2", None)
            },
        ];
        let mut records = vec![
            DnsRecord {
                ttl: 3600,
                ..rec("@", "TXT", "v=spf1 -all", None)
            },
            DnsRecord {
                ttl: 3600,
                ..rec("www", "A", "192.0.2.2", None)
            },
            DnsRecord {
                ttl: 3600,
                ..rec("www", "A", "192.0.2.3", None)
            },
            DnsRecord {
                ttl: 3600,
                ..rec("new", "A", "192.0.2.4", None)
            },
            DnsRecord {
                ttl: 120,
                ..rec("@", "TXT", "other", None)
            },
        ];
        keep_ttls(&mut records, &[false, false, false, false, true], &current);
        let ttls: Vec<u32> = records.iter().map(|r| r.ttl).collect();
        assert_eq!(ttls, vec![300, 900, 600, 3600, 120]);
    }
}
