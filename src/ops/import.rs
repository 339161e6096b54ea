//! `list-importable-domains`: the account's live domains the panel does not
//! hold, with what a panel needs to import them (expiry, nameservers, the
//! registrant's e-mail to find the client). Reads only; the panel imports.
//!
//! Requests: the domain list (`GET /domain/?page=1` … every page), then per
//! candidate `GET /domain/{name}/info/`, and per distinct registrant contact
//! `GET /contact/{id}/`.

use std::collections::{BTreeMap, BTreeSet};

use super::{normalize_domain, read_domain_info, to_domain_info};
use crate::env::Env;
use crate::error::Error;
use crate::odr::client::Client;
use crate::odr::response;
use crate::types::{DomainStatus, ImportableDomain, Settings};

/// Whether a listed status is live (pure): REGISTERED, DELETE_SCHEDULED, or
/// none given (ODR's list may omit it).
fn listed_live(status: Option<&str>) -> bool {
    match status {
        None => true,
        Some(s) => matches!(
            response::parse_status(s),
            DomainStatus::Registered | DomainStatus::DeleteScheduled
        ),
    }
}

/// The list's live domains the panel does not hold, sorted, without
/// duplicates (pure).
pub fn candidates(items: &[serde_json::Value], panel: &BTreeSet<String>) -> Vec<String> {
    let mut out = BTreeSet::new();
    for item in items {
        if let Ok(summary) = response::domain_summary(item) {
            if listed_live(summary.status.as_deref()) && !panel.contains(&summary.domain) {
                out.insert(summary.domain);
            }
        }
    }
    out.into_iter().collect()
}

/// See the module documentation. `panel-domains` are every domain the panel
/// holds (any status), so nothing is offered twice.
pub fn list_importable_domains<E: Env>(
    env: &mut E,
    settings: &Settings,
    panel_domains: &[String],
) -> Result<Vec<ImportableDomain>, Error> {
    let panel: BTreeSet<String> = panel_domains
        .iter()
        .filter_map(|d| normalize_domain(d).ok())
        .collect();
    let mut client = Client::new(env, settings, "list-importable-domains")?;
    let listing = client.get_all(&["domain"], "reading the ODR domain list")?;
    let mut emails: BTreeMap<u64, (String, String)> = BTreeMap::new();
    let mut out = Vec::new();
    for domain in candidates(&listing.items, &panel) {
        let details = read_domain_info(&mut client, &domain)?;
        // The domain's own record decides: an older list item may be stale.
        if !matches!(
            details.status,
            DomainStatus::Registered | DomainStatus::DeleteScheduled
        ) {
            continue;
        }
        let info = to_domain_info(&domain, &details)?;
        let (email, name) = match info.contacts.registrant {
            Some(id) => {
                if let Some(known) = emails.get(&id) {
                    known.clone()
                } else {
                    let what = format!("reading contact {id}");
                    let payload = client.get(&["contact", &id.to_string()], &what)?;
                    let contact = crate::contact::from_response(&payload)
                        .map_err(|m| client.unreadable(&what, &m))?;
                    let found = (
                        contact.email.trim().to_ascii_lowercase(),
                        contact.company_name,
                    );
                    emails.insert(id, found.clone());
                    found
                }
            }
            None => (String::new(), String::new()),
        };
        out.push(ImportableDomain {
            domain,
            expiry: info.expiry,
            auto_renew: info.auto_renew,
            nameservers: info.nameservers,
            registrant_email: email,
            registrant_name: name,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::{contact_payload, odr_contact, settings, FakeEnv};
    use serde_json::json;

    fn item(name: &str, status: Option<&str>) -> serde_json::Value {
        let mut v =
            json!({"id": "1", "name": name, "tld": "nl", "expiration_date": "2026-03-01 00:00:00"});
        if let Some(s) = status {
            v["status"] = json!(s);
        }
        v
    }

    #[test]
    fn only_live_domains_unknown_to_the_panel() {
        let panel: BTreeSet<String> = ["known.nl".to_string()].into();
        let items = vec![
            item("known", Some("REGISTERED")),
            item("new", Some("REGISTERED")),
            item("new", Some("DELETED")),
            item("nostatus", None),
            item("leaving", Some("DELETE_SCHEDULED")),
            item("gone", Some("DELETED")),
            item("moving", Some("PENDING")),
            json!("garbage"),
        ];
        assert_eq!(
            candidates(&items, &panel),
            vec!["leaving.nl", "new.nl", "nostatus.nl"]
        );
    }

    #[test]
    fn each_candidate_is_read_and_its_registrant_once() {
        let mut env = FakeEnv::warm();
        env.expect_page(
            "/domain/",
            1,
            1,
            json!([
                item("a", Some("REGISTERED")),
                item("b", None),
                item("known", Some("REGISTERED"))
            ]),
        );
        let info = |status: &str| {
            json!({"status": status, "expiration_date": "2026-03-01 00:00:00", "autorenew": "ON",
                   "contacts_map": {"REGISTRANT": 1234}, "nameservers": ["ns1.example.net"]})
        };
        env.get("/domain/a.nl/info/", info("REGISTERED"));
        env.get("/contact/1234/", contact_payload(1234, &odr_contact()));
        env.get("/domain/b.nl/info/", info("QUARANTINE"));
        let found =
            list_importable_domains(&mut env, &settings(), &["Known.NL".to_string()]).unwrap();
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].domain, "a.nl");
        assert_eq!(found[0].expiry.as_deref(), Some("2026-03-01"));
        assert_eq!(found[0].registrant_email, "jan@example.nl");
        assert_eq!(found[0].nameservers, vec!["ns1.example.net"]);
        assert!(found[0].auto_renew);
        env.assert_done();
    }
}
