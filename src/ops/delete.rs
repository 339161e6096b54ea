//! `delete-domain-now`: delete a domain at ODR soon, not at its expiry
//! (`DELETE /domain/{name}/`, odr-api.md §5.14). The default delete of the
//! module stays `request-delete` (auto-renew off: ODR deletes at expiry).
//!
//! ODR takes a `deleted_at` time; HostFact's module (ODR's own) never sends a
//! time less than two hours ahead, so the server probably refuses nearer ones
//! (inferred). The component asks for [`DELETE_LEAD_SECONDS`] ahead: the two
//! hours plus a margin for clock differences.

use chrono::DateTime;
use serde_json::{json, Value};

use super::{normalize_domain, not_found_as_domain, read_domain_info, status_name};
use crate::env::{Env, Method};
use crate::error::Error;
use crate::odr::client::Client;
use crate::odr::response;
use crate::types::{DomainStatus, Settings};

/// How far ahead the deletion is asked for: 2 hours and 15 minutes.
pub const DELETE_LEAD_SECONDS: i64 = 2 * 3600 + 15 * 60;

/// `deleted_at` for a deletion asked at `now` (Unix seconds), as ISO 8601 with
/// an explicit UTC offset, e.g. `2025-12-01T02:15:00+00:00` (pure).
pub fn deleted_at(now: i64) -> Result<String, Error> {
    DateTime::from_timestamp(now.saturating_add(DELETE_LEAD_SECONDS), 0)
        .map(|t| t.format("%Y-%m-%dT%H:%M:%S+00:00").to_string())
        .ok_or_else(|| Error::Unexpected(format!("the clock's time {now} is out of range")))
}

/// Whether a domain in `status` may be deleted now; the reason when not (pure).
pub fn refusal(status: &DomainStatus) -> Option<&'static str> {
    match status {
        DomainStatus::Registered | DomainStatus::DeleteScheduled => None,
        DomainStatus::Pending => {
            Some("a registration or transfer is still in progress; delete it after it completes")
        }
        DomainStatus::Quarantine | DomainStatus::Deleted => Some("it is deleted already"),
        DomainStatus::Unknown(_) => {
            Some("the module does not know this status; check the domain in the ODR control panel")
        }
    }
}

/// The deletion time ODR confirmed (`deleted_at` of the answer), else the one asked for.
fn confirmed_time(payload: &Value, asked: &str) -> String {
    payload
        .get("deleted_at")
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .unwrap_or(asked)
        .to_string()
}

/// `GET /domain/{name}/info/` (REGISTERED or DELETE_SCHEDULED only), then
/// `DELETE /domain/{name}/` with `{"deleted_at"}`. Returns the deletion time.
/// A write: never sent twice.
pub fn delete_domain_now<E: Env>(
    env: &mut E,
    settings: &Settings,
    domain: &str,
) -> Result<String, Error> {
    let domain = normalize_domain(domain)?;
    let mut client = Client::new(env, settings, "delete-domain-now")?;
    let details = read_domain_info(&mut client, &domain)?;
    if let Some(why) = refusal(&details.status) {
        return Err(Error::InvalidState(format!(
            "Domain {domain} is {} at ODR and cannot be deleted now: {why}.",
            status_name(&details.status)
        )));
    }
    let asked = deleted_at(client.now())?;
    let body = json!({ "deleted_at": asked });
    let what = format!("deleting {domain}");
    let reply = client
        .call(
            Method::Delete,
            &["domain", &domain],
            &[],
            Some(&body),
            &what,
        )
        .map_err(not_found_as_domain(&domain))?;
    if response::write_result(&reply.payload) == Some(false) {
        return Err(Error::Refused(format!(
            "ODR did not schedule the deletion of {domain} (result false). Check the domain in the \
             ODR control panel."
        )));
    }
    let when = confirmed_time(&reply.payload, &asked);
    client.activity(
        &format!("Domain {domain} deleted at ODR (immediate delete), effective {when}"),
        Some(&domain),
    );
    Ok(when)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::env::Method::Delete;
    use crate::testkit::{error, ok, settings, FakeEnv, NOW};

    fn info(status: &str) -> Value {
        json!({"id": 5678, "status": status, "name": "example", "tld": "nl",
               "autorenew": "ON", "expiration_date": "2026-03-01 00:00:00",
               "contacts_map": {"REGISTRANT": 1234}})
    }

    #[test]
    fn the_time_is_two_hours_and_a_margin_ahead() {
        // NOW = 2025-12-01T00:00:00Z.
        assert_eq!(deleted_at(NOW).unwrap(), "2025-12-01T02:15:00+00:00");
        assert!(deleted_at(i64::MAX).is_err());
    }

    #[test]
    fn only_live_domains_are_deleted() {
        assert_eq!(refusal(&DomainStatus::Registered), None);
        assert_eq!(refusal(&DomainStatus::DeleteScheduled), None);
        for s in [
            DomainStatus::Pending,
            DomainStatus::Quarantine,
            DomainStatus::Deleted,
            DomainStatus::Unknown("X".into()),
        ] {
            assert!(refusal(&s).is_some(), "{s:?}");
        }
    }

    #[test]
    fn delete_now_sends_the_time_and_reports_odrs() {
        let mut env = FakeEnv::warm();
        env.get("/domain/example.nl/info/", info("REGISTERED"));
        env.expect(
            Delete,
            "/domain/example.nl/",
            Some(json!({"deleted_at": "2025-12-01T02:15:00+00:00"})),
            200,
            ok(json!({"domain_id": 5678, "deleted_at": "2025-12-01T02:15:00.0Z", "domain_name": "example"})),
        );
        let when = delete_domain_now(&mut env, &settings(), "Example.NL").unwrap();
        assert_eq!(when, "2025-12-01T02:15:00.0Z");
        assert!(env
            .activities
            .iter()
            .any(|a| a.contains("example.nl deleted")));
        env.assert_done();
    }

    #[test]
    fn a_quarantined_domain_is_not_deleted_again() {
        let mut env = FakeEnv::warm();
        env.get("/domain/example.nl/info/", info("QUARANTINE"));
        let e = delete_domain_now(&mut env, &settings(), "example.nl").unwrap_err();
        assert!(matches!(e, Error::InvalidState(ref m) if m.contains("deleted already")));
        env.assert_done();
    }

    #[test]
    fn a_refused_delete_is_reported_and_not_repeated() {
        let mut env = FakeEnv::warm();
        env.get("/domain/example.nl/info/", info("REGISTERED"));
        env.expect(
            Delete,
            "/domain/example.nl/",
            Some(json!({"deleted_at": "2025-12-01T02:15:00+00:00"})),
            400,
            error(400, "deleted_at is too early"),
        );
        let e = delete_domain_now(&mut env, &settings(), "example.nl").unwrap_err();
        assert!(e.message().contains("too early"), "{e:?}");
        assert!(env.activities.is_empty());
        env.assert_done();
    }
}
