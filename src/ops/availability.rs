//! `check-availability`: one request per TLD the account's price list sells,
//! all in flight together.

use crate::env::Env;
use crate::error::Error;
use crate::odr::client::{Client, Read};
use crate::odr::envelope::ApiErrorKind;
use crate::odr::response;
use crate::odr::url;
use crate::ops::pricing;
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

/// The message of an `unsupported` result (pure).
fn unsupported_message(tld: &str) -> String {
    format!(
        "ODR does not sell .{tld} to this account (it is not in the account's price list); the \
         panel's own lookup (WHOIS) answers for it."
    )
}

/// The two routes ODR's clients use for an availability check (odr-api.md
/// §5.5): name first (ODR's PHP library) and action first (an older client).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Route {
    NameFirst,
    ActionFirst,
}

/// How long the route that answered is preferred (state `odr:availability-route`).
const ROUTE_TTL_SECONDS: u32 = 30 * 86_400;

impl Route {
    fn read(self, domain: &str) -> Read {
        let segments = match self {
            Route::NameFirst => ["domain", domain, "available"],
            Route::ActionFirst => ["domain", "available", domain],
        };
        Read {
            segments: segments.map(str::to_string).to_vec(),
            what: format!("checking the availability of {domain}"),
        }
    }

    fn other(self) -> Route {
        match self {
            Route::NameFirst => Route::ActionFirst,
            Route::ActionFirst => Route::NameFirst,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Route::NameFirst => "name-first",
            Route::ActionFirst => "action-first",
        }
    }
}

/// One request per TLD, all sent together (in flight at once, up to the
/// limiter's burst: a 20-TLD search takes one round trip, not twenty):
/// `GET /domain/{label}.{tld}/available/`. Where that route answers 404, the
/// other one (`/domain/available/{name}/`) is tried for those names, again
/// together; a route that answered is kept for 30 days and tried first from
/// then on. Per-TLD errors give `unknown` with a message; authentication,
/// transport, rate-limit and ODR-down errors fail the call.
///
/// Unsupported TLDs: a TLD missing from the account's price list (kept in
/// `state` for a day, see [`pricing`]) is `unsupported`, with no request. Without
/// a kept list, the first per-TLD failure reads the price list once (two
/// requests); a failed TLD the list lacks is `unsupported`, one it holds stays
/// `unknown` (a real failure). A list that cannot be read changes nothing.
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
    let mut sold = pricing::cached_tlds(&mut client);
    let mut list_tried = sold.is_some();
    // Asked at ODR: every TLD the kept price list sells (all without one).
    let asked: Vec<bool> = tlds
        .iter()
        .map(|tld| sold.as_ref().is_none_or(|s| s.contains(tld)))
        .collect();
    let domains: Vec<String> = tlds
        .iter()
        .zip(&asked)
        .filter(|(_, &asked)| asked)
        .map(|(tld, _)| format!("{label}.{tld}"))
        .collect();
    let mut answers = ask_both_routes(&mut client, &domains)?.into_iter();

    let mut results = Vec::with_capacity(tlds.len());
    for (tld, asked) in tlds.into_iter().zip(asked) {
        let domain = format!("{label}.{tld}");
        let answer = if asked { answers.next() } else { None };
        let Some(answer) = answer else {
            results.push(Availability {
                message: Some(unsupported_message(&tld)),
                domain,
                tld,
                status: AvailabilityStatus::Unsupported,
            });
            continue;
        };
        let what = format!("checking the availability of {domain}");
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
            Err(e) => {
                if !list_tried {
                    list_tried = true;
                    match pricing::read_price_list(&mut client) {
                        Ok(list) if !list.items.is_empty() => {
                            sold = Some(list.items.into_keys().collect());
                        }
                        Ok(_) => {}
                        Err(e) if fails_the_call(&e) => return Err(e),
                        Err(_) => {}
                    }
                }
                if sold.as_ref().is_some_and(|s| !s.contains(&tld)) {
                    (
                        AvailabilityStatus::Unsupported,
                        Some(unsupported_message(&tld)),
                    )
                } else {
                    (
                        AvailabilityStatus::Unknown,
                        Some(unknown_message(&domain, &tld, &e)),
                    )
                }
            }
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

/// Check `domains` on the preferred route, all together; the names it answers
/// 404 for are asked on the other route, together again. The other route's
/// answer counts when it worked or fails the call; a route that worked for a
/// name the first did not know becomes the preferred one.
fn ask_both_routes<E: Env>(
    client: &mut Client<'_, E>,
    domains: &[String],
) -> Result<Vec<Result<serde_json::Value, Error>>, Error> {
    let key = client.state_key("availability-route", "");
    // A store failure counts as no preference (the default route).
    let kept = client.state_get(&key).ok().flatten();
    let first = match kept.as_deref() {
        Some(name) if name == Route::ActionFirst.name() => Route::ActionFirst,
        _ => Route::NameFirst,
    };
    let reads: Vec<Read> = domains.iter().map(|d| first.read(d)).collect();
    let mut answers = client.get_many(&reads)?;
    let missed: Vec<usize> = answers
        .iter()
        .enumerate()
        .filter(|(_, a)| matches!(a, Err(e) if e.is_not_found()))
        .map(|(i, _)| i)
        .collect();
    if missed.is_empty() {
        return Ok(answers);
    }
    let second = first.other();
    let reads: Vec<Read> = missed.iter().map(|&i| second.read(&domains[i])).collect();
    let fallback = client.get_many(&reads)?;
    let mut worked = false;
    for (i, answer) in missed.into_iter().zip(fallback) {
        worked |= answer.is_ok();
        if answer.is_ok() || matches!(&answer, Err(e) if fails_the_call(e)) {
            answers[i] = answer;
        }
    }
    if worked {
        client.state_set(&key, second.name(), Some(ROUTE_TTL_SECONDS))?;
    }
    Ok(answers)
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

    mod unsupported {
        use super::super::*;
        use crate::env::Method::Get;
        use crate::testkit::{error, ok, settings, FakeEnv};
        use serde_json::json;

        fn statuses(r: &[Availability]) -> Vec<(&str, AvailabilityStatus)> {
            r.iter().map(|a| (a.tld.as_str(), a.status)).collect()
        }

        #[test]
        fn a_kept_price_list_answers_without_a_request() {
            let mut env = FakeEnv::warm();
            env.state.insert(
                FakeEnv::key("tlds", ""),
                (r#"["nl","eu"]"#.into(), Some(86_400)),
            );
            env.get(
                "/domain/example.nl/available/",
                json!({"is_available": true}),
            );
            let r = check_availability(
                &mut env,
                &settings(),
                "example",
                &["nl".into(), "xyz".into()],
            )
            .unwrap();
            assert_eq!(
                statuses(&r),
                vec![
                    ("nl", AvailabilityStatus::Available),
                    ("xyz", AvailabilityStatus::Unsupported)
                ]
            );
            assert!(r[1].message.as_deref().unwrap_or_default().contains(".xyz"));
            env.assert_done();
        }

        #[test]
        fn the_first_failure_reads_the_price_list_once() {
            let mut env = FakeEnv::warm();
            // No price list kept: every TLD is checked, together.
            for (tld, status, answer) in [
                ("xyz", 404, error(404, "Not found")),
                ("nl", 200, ok(json!({"is_available": false}))),
                ("io", 404, error(404, "Not found")),
                ("be", 400, error(400, "Registry offline")),
            ] {
                env.expect(
                    Get,
                    &format!("/domain/example.{tld}/available/"),
                    None,
                    status,
                    answer,
                );
            }
            // The 404s on the other route, together.
            for tld in ["xyz", "io"] {
                env.expect(
                    Get,
                    &format!("/domain/available/example.{tld}/"),
                    None,
                    404,
                    error(404, "Not found"),
                );
            }
            // The first failure reads the price list: .nl and .be are sold.
            env.get("/user/", json!({"user_id": "12", "billing_plan_id": "3"}));
            env.get(
                "/billing-plan/3/items/",
                json!({"items": {"nl": {"create_domain": "4.95"}, "be": {}}}),
            );
            let r = check_availability(
                &mut env,
                &settings(),
                "example",
                &["xyz".into(), "nl".into(), "io".into(), "be".into()],
            )
            .unwrap();
            assert_eq!(
                statuses(&r),
                vec![
                    ("xyz", AvailabilityStatus::Unsupported),
                    ("nl", AvailabilityStatus::Registered),
                    ("io", AvailabilityStatus::Unsupported),
                    // Sold, and failed: a real failure.
                    ("be", AvailabilityStatus::Unknown),
                ]
            );
            assert!(r[3]
                .message
                .as_deref()
                .is_some_and(|m| m.contains("Registry offline")));
            env.assert_done();
            let kept = &env.state[&FakeEnv::key("tlds", "")];
            assert_eq!(kept, &(r#"["be","nl"]"#.to_string(), Some(86_400)));
        }

        #[test]
        fn an_unreadable_or_empty_price_list_changes_nothing() {
            for (user, items) in [
                (json!({"user_id": "12"}), None),
                (json!({"billing_plan_id": 3}), Some(json!({"items": {}}))),
            ] {
                let mut env = FakeEnv::warm();
                for tld in ["xyz", "io"] {
                    env.expect(
                        Get,
                        &format!("/domain/example.{tld}/available/"),
                        None,
                        400,
                        error(400, "TLD not supported"),
                    );
                }
                env.get("/user/", user);
                if let Some(items) = items {
                    env.get("/billing-plan/3/items/", items);
                }
                let r = check_availability(
                    &mut env,
                    &settings(),
                    "example",
                    &["xyz".into(), "io".into()],
                )
                .unwrap();
                assert_eq!(
                    statuses(&r),
                    vec![
                        ("xyz", AvailabilityStatus::Unknown),
                        ("io", AvailabilityStatus::Unknown)
                    ]
                );
                env.assert_done();
                assert!(!env.state.contains_key(&FakeEnv::key("tlds", "")));
            }
        }

        #[test]
        fn odr_down_while_reading_the_price_list_fails_the_call() {
            let mut env = FakeEnv::warm();
            env.expect(
                Get,
                "/domain/example.xyz/available/",
                None,
                400,
                error(400, "TLD not supported"),
            );
            env.expect(Get, "/user/", None, 503, error(503, "Maintenance"));
            env.expect(Get, "/user/", None, 503, error(503, "Maintenance"));
            let e =
                check_availability(&mut env, &settings(), "example", &["xyz".into()]).unwrap_err();
            assert!(e.message().contains("Maintenance"), "{e:?}");
            env.assert_done();
        }
    }
}
