//! `check-availability`: one request per TLD.

use crate::env::Env;
use crate::error::Error;
use crate::odr::client::Client;
use crate::odr::envelope::ApiErrorKind;
use crate::odr::response;
use crate::odr::url;
use crate::types::{Availability, AvailabilityStatus, Settings};

/// The label and TLDs, cleaned: lower case, no dots around, TLDs deduplicated
/// in order, empty TLDs dropped.
pub fn clean_input(label: &str, tlds: &[String]) -> Result<(String, Vec<String>), Error> {
    let label = label.trim().trim_matches('.').to_ascii_lowercase();
    if !url::valid_label(&label, false) {
        return Err(Error::invalid_field(
            "label",
            format!("'{label}' is not a valid domain label (letters, digits and hyphens; punycode for IDNs)"),
        ));
    }
    let mut out: Vec<String> = Vec::new();
    for (i, raw) in tlds.iter().enumerate() {
        let tld = raw.trim().trim_matches('.').to_ascii_lowercase();
        if tld.is_empty() || out.contains(&tld) {
            continue;
        }
        if !tld.split('.').all(|part| url::valid_label(part, false)) {
            return Err(Error::invalid_field(
                &format!("tlds[{i}]"),
                format!("'{tld}' is not a valid TLD"),
            ));
        }
        out.push(tld);
    }
    Ok((label, out))
}

/// Errors that fail the whole call rather than one TLD: refused credentials,
/// no connection, rate limiting, ODR down.
fn fails_the_call(error: &Error) -> bool {
    error.is_auth()
        || matches!(error, Error::Transport(_))
        || matches!(
            error.api().map(|a| a.kind),
            Some(ApiErrorKind::RateLimited | ApiErrorKind::Unavailable)
        )
}

/// The message of an `unknown` result (pure). A 404 here (both routes, or
/// the older route once in use) means ODR has no availability check for the
/// name: the general not-found advice (check the name belongs to this ODR
/// account) does not fit, so say what it does mean.
fn unknown_message(domain: &str, tld: &str, error: &Error) -> String {
    if !error.is_not_found() {
        return error.message();
    }
    let said = error
        .api()
        .map(|a| a.message.trim())
        .filter(|m| !m.is_empty())
        .map(|m| format!(" (ODR said: {m})"))
        .unwrap_or_default();
    format!(
        "ODR does not offer .{tld} or could not check {domain}{said}. Check that ODR offers \
         .{tld}; otherwise try again later."
    )
}

/// `GET /domain/{label}.{tld}/available/` per TLD (falling back to the older
/// `/domain/available/{name}/` route when the first answers 404, and keeping
/// that route for the rest of the call). Per-TLD errors give `unknown` with a
/// message; authentication, transport, rate-limit and ODR-down errors fail the call.
pub fn check_availability<E: Env>(
    env: &mut E,
    settings: &Settings,
    label: &str,
    tlds: &[String],
) -> Result<Vec<Availability>, Error> {
    let (label, tlds) = clean_input(label, tlds)?;
    if tlds.is_empty() {
        return Ok(Vec::new());
    }
    let mut client = Client::new(env, settings, "check-availability")?;
    let mut legacy_route = false;
    let mut results = Vec::with_capacity(tlds.len());
    for tld in tlds {
        let domain = format!("{label}.{tld}");
        let what = format!("checking the availability of {domain}");
        let mut answer = if legacy_route {
            client.get(&["domain", "available", &domain], &what)
        } else {
            client.get(&["domain", &domain, "available"], &what)
        };
        if !legacy_route && matches!(&answer, Err(e) if e.is_not_found()) {
            let fallback = client.get(&["domain", "available", &domain], &what);
            if fallback.is_ok() {
                legacy_route = true;
            }
            if fallback.is_ok() || matches!(&fallback, Err(e) if fails_the_call(e)) {
                answer = fallback;
            }
        }
        let (status, message) = match answer {
            Ok(payload) => match response::availability(&payload) {
                Ok(true) => (AvailabilityStatus::Available, None),
                Ok(false) => (AvailabilityStatus::Registered, None),
                Err(m) => (
                    AvailabilityStatus::Unknown,
                    Some(client.unreadable(&what, &m).message()),
                ),
            },
            Err(e) if fails_the_call(&e) => return Err(e),
            Err(e) => (
                AvailabilityStatus::Unknown,
                Some(unknown_message(&domain, &tld, &e)),
            ),
        };
        results.push(Availability {
            domain,
            tld,
            status,
            message,
        });
    }
    Ok(results)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn input_is_cleaned_and_checked() {
        let (label, tlds) = clean_input(
            " Example. ",
            &[
                "nl".into(),
                ".EU".into(),
                "nl".into(),
                "".into(),
                "co.uk".into(),
            ],
        )
        .unwrap();
        assert_eq!(label, "example");
        assert_eq!(tlds, vec!["nl", "eu", "co.uk"]);
        assert!(clean_input("exa mple", &[]).is_err());
        assert!(clean_input("", &[]).is_err());
        assert!(clean_input("a.b", &[]).is_err());
        assert!(clean_input("ok", &["n l".into()]).is_err());
    }

    #[test]
    fn a_404_means_no_check_for_this_tld() {
        use crate::odr::envelope::ApiError;
        let odr = |kind, http_status, message: &str| Error::Odr {
            what: "checking the availability of example.xyz".into(),
            api: ApiError {
                kind,
                http_status,
                message: message.into(),
                fields: vec![],
                retry_after: None,
            },
        };
        let m = unknown_message(
            "example.xyz",
            "xyz",
            &odr(ApiErrorKind::NotFound, 404, "Route not found"),
        );
        assert_eq!(
            m,
            "ODR does not offer .xyz or could not check example.xyz (ODR said: Route not found). \
             Check that ODR offers .xyz; otherwise try again later."
        );
        assert!(!m.contains("belongs to"));
        let m = unknown_message("example.xyz", "xyz", &odr(ApiErrorKind::NotFound, 404, " "));
        assert!(m.starts_with("ODR does not offer .xyz or could not check example.xyz. "));
        // Other per-TLD errors keep their own message.
        let refused = odr(ApiErrorKind::Refused, 400, "TLD not supported");
        assert_eq!(
            unknown_message("example.xyz", "xyz", &refused),
            refused.message()
        );
    }
}
