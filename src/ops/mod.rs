//! The registrar operations, one function per WIT export, each written against
//! [`crate::env::Env`] so the whole logic runs natively under test.
//!
//! The requests each operation makes are listed in `docs/requests.md`.

pub mod account;
pub mod availability;
pub mod contacts;
pub mod delete;
pub mod dns;
pub mod dnssec;
pub mod domain;
pub mod import;
pub mod order;
pub mod order_fields;
pub mod pricing;
pub mod report;
pub mod safety;
pub mod sync;

use chrono::NaiveDate;

use crate::env::Env;
use crate::error::Error;
use crate::odr::client::Client;
use crate::odr::dates;
use crate::odr::response::{self, DomainDetails};
use crate::odr::url;
use crate::types::{DomainInfo, DomainStatus, RoleContacts};

/// A domain name as the operations use it: trimmed, lower case, no trailing
/// dot, ASCII (IDNs in punycode), at least two labels.
pub fn normalize_domain(raw: &str) -> Result<String, Error> {
    let domain = raw.trim().trim_end_matches('.').to_ascii_lowercase();
    if domain.is_empty() {
        return Err(Error::invalid_field("domain", "the domain name is empty"));
    }
    if !domain.is_ascii() {
        return Err(Error::invalid_field(
            "domain",
            format!("'{domain}' is not ASCII; give internationalised names in punycode (xn--...)"),
        ));
    }
    if !url::valid_name(&domain, false) {
        return Err(Error::invalid_field(
            "domain",
            format!("'{domain}' is not a valid domain name"),
        ));
    }
    Ok(domain)
}

/// The status name as ODR spells it, for messages.
pub fn status_name(status: &DomainStatus) -> String {
    match status {
        DomainStatus::Registered => "REGISTERED".into(),
        DomainStatus::Pending => "PENDING".into(),
        DomainStatus::DeleteScheduled => "DELETE_SCHEDULED".into(),
        DomainStatus::Quarantine => "QUARANTINE".into(),
        DomainStatus::Deleted => "DELETED".into(),
        DomainStatus::Unknown(s) if s.is_empty() => "(no status)".into(),
        DomainStatus::Unknown(s) => s.clone(),
    }
}

/// "not in the account" with advice, for a 404 on a domain.
pub fn domain_not_found(domain: &str, error: &Error) -> Error {
    let said = error.api().map(|a| a.message.clone()).unwrap_or_default();
    Error::NotFound(format!(
        "Domain {domain} is not in the ODR account behind these settings (ODR said: {said}). \
         Check the domain name, whether it was transferred away, and whether test mode (the \
         staging account) is meant."
    ))
}

/// For `map_err` on a request about `domain`: a not-found becomes [`domain_not_found`]'s clear
/// error; any other error stays as it is.
pub fn not_found_as_domain(domain: &str) -> impl Fn(Error) -> Error + '_ {
    move |e| {
        if e.is_not_found() {
            domain_not_found(domain, &e)
        } else {
            e
        }
    }
}

/// `GET /domain/{name}/info/`, parsed; a 404 becomes a clear not-found error.
pub fn read_domain_info<E: Env>(
    client: &mut Client<'_, E>,
    domain: &str,
) -> Result<DomainDetails, Error> {
    let what = format!("reading domain {domain}");
    let payload = client
        .get(&["domain", domain, "info"], &what)
        .map_err(not_found_as_domain(domain))?;
    response::domain_details(&payload).map_err(|m| client.unreadable(&what, &m))
}

/// `GET /domain/{name}/` (the summary), parsed; errors as ODR gave them.
pub fn read_domain_summary<E: Env>(
    client: &mut Client<'_, E>,
    domain: &str,
) -> Result<DomainDetails, Error> {
    let what = format!("looking up domain {domain}");
    let payload = client.get(&["domain", domain], &what)?;
    response::domain_details(&payload).map_err(|m| client.unreadable(&what, &m))
}

/// A plausible expiry for a sync, or an `unexpected-response` error saying why not.
pub fn sync_expiry(
    domain: &str,
    expiry: &Result<Option<NaiveDate>, String>,
    today: NaiveDate,
) -> Result<NaiveDate, Error> {
    let problem = match expiry {
        Ok(Some(date)) => match dates::check_plausible(*date, today) {
            Ok(date) => return Ok(date),
            Err(why) => format!("its expiry date is implausible ({why})"),
        },
        Ok(None) => "it has no expiry date".to_string(),
        Err(why) => format!("its expiry date cannot be read ({why})"),
    };
    Err(Error::Unexpected(format!(
        "ODR's data for domain {domain} cannot be used: {problem}. Nothing was changed; check \
         the domain in the ODR control panel."
    )))
}

/// The WIT `domain-info` from parsed details. An unreadable expiry is an error;
/// a missing one is `none`.
pub fn to_domain_info(domain: &str, details: &DomainDetails) -> Result<DomainInfo, Error> {
    let expiry = match &details.expiry {
        Ok(date) => date.map(dates::format_date),
        Err(why) => {
            return Err(Error::Unexpected(format!(
                "ODR's expiry date for domain {domain} cannot be read ({why}). Check the domain in \
                 the ODR control panel."
            )))
        }
    };
    Ok(DomainInfo {
        domain: domain.to_string(),
        id: details.id.clone(),
        status: details.status.clone(),
        expiry,
        auto_renew: details.autorenew.unwrap_or(false),
        nameservers: details.nameservers.iter().map(|n| n.host.clone()).collect(),
        contacts: RoleContacts {
            registrant: details.contacts.registrant,
            onsite: details.contacts.onsite,
            tech: details.contacts.tech,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn domain_names() {
        assert_eq!(normalize_domain(" Example.NL. ").unwrap(), "example.nl");
        assert_eq!(
            normalize_domain("xn--bcher-kva.de").unwrap(),
            "xn--bcher-kva.de"
        );
        assert!(normalize_domain("").is_err());
        assert!(normalize_domain("bücher.de").is_err());
        assert!(normalize_domain("example").is_err());
        assert!(normalize_domain("a..nl").is_err());
        assert!(normalize_domain("-a.nl").is_err());
        assert!(normalize_domain("a b.nl").is_err());
        assert!(normalize_domain("a/b.nl").is_err());
    }

    #[test]
    fn sync_expiry_rules() {
        let today = NaiveDate::from_ymd_opt(2025, 12, 1).unwrap();
        let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
        assert_eq!(
            sync_expiry("a.nl", &Ok(Some(d(2026, 3, 1))), today),
            Ok(d(2026, 3, 1))
        );
        for bad in [
            Ok(None),
            Err("'2023-02-30' is not a real calendar date".to_string()),
            Ok(Some(d(1999, 1, 1))),
            Ok(Some(d(2040, 1, 1))),
        ] {
            let e = sync_expiry("a.nl", &bad, today).unwrap_err();
            assert!(
                matches!(e, Error::Unexpected(ref m) if m.contains("a.nl")),
                "{e:?}"
            );
        }
    }
}
