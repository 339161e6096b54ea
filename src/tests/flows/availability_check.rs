//! Availability: clean-up of labels and TLDs, the check (every TLD in flight at
//! once, within the limiter), the route fallback, its errors.

use super::*;
use crate::odr::pacing::{BURST, MAX_IN_FLIGHT};

/// A search for example.<tld> over `tlds` with the test settings: each TLD's status.
fn statuses(env: &mut FakeEnv, tlds: &[&str]) -> Vec<AvailabilityStatus> {
    let tlds: Vec<String> = tlds.iter().map(|t| t.to_string()).collect();
    availability::check_availability(env, &settings(), "example", &tlds)
        .unwrap()
        .iter()
        .map(|a| a.status)
        .collect()
}

#[test]
fn availability_per_tld_with_fallback_and_unknowns() {
    let mut env = FakeEnv::warm();
    // Every TLD on the name-first route, together.
    env.get(
        "/domain/example.nl/available/",
        json!({"is_available": true}),
    );
    env.expect(
        Get,
        "/domain/example.eu/available/",
        None,
        404,
        error(404, "Route not found"),
    );
    env.expect(
        Get,
        "/domain/example.be/available/",
        None,
        400,
        error(400, "TLD not supported"),
    );
    env.get("/domain/example.de/available/", json!({"status": "FAILED"}));
    // The name the first route did not know, on the other route.
    env.get("/domain/available/example.eu/", json!({"available": false}));
    // The first failure reads the price list once; it sells every TLD here.
    env.get("/user/", json!({"billing_plan_id": 3}));
    env.get(
        "/billing-plan/3/items/",
        json!({"items": {"nl": {}, "eu": {}, "be": {}, "de": {}}}),
    );
    let r = availability::check_availability(
        &mut env,
        &settings(),
        "Example",
        &["nl".into(), ".eu".into(), "be".into(), "de".into()],
    )
    .unwrap();
    let statuses: Vec<_> = r.iter().map(|a| (a.domain.as_str(), a.status)).collect();
    assert_eq!(
        statuses,
        vec![
            ("example.nl", AvailabilityStatus::Available),
            ("example.eu", AvailabilityStatus::Registered),
            ("example.be", AvailabilityStatus::Unknown),
            ("example.de", AvailabilityStatus::Unknown),
        ]
    );
    assert!(r[2]
        .message
        .as_deref()
        .is_some_and(|m| m.contains("TLD not supported")));
    assert_eq!(r[1].tld, "eu");
    assert_eq!(
        env.batches,
        [4, 1],
        "four checks at once, then the fallback"
    );
    // The route that answered is tried first from now on.
    assert_eq!(
        env.state[&FakeEnv::key("availability-route", "")],
        ("action-first".to_string(), Some(30 * 86_400))
    );
    env.assert_done();
}

#[test]
fn a_kept_route_is_asked_first_and_the_other_one_still_answers() {
    let mut env = FakeEnv::warm();
    env.state.insert(
        FakeEnv::key("availability-route", ""),
        ("action-first".into(), Some(30 * 86_400)),
    );
    env.get("/domain/available/example.nl/", json!({"available": true}));
    env.expect(
        Get,
        "/domain/available/example.eu/",
        None,
        404,
        error(404, "Not found"),
    );
    env.get(
        "/domain/example.eu/available/",
        json!({"is_available": false}),
    );
    assert_eq!(
        statuses(&mut env, &["nl", "eu"]),
        [
            AvailabilityStatus::Available,
            AvailabilityStatus::Registered
        ]
    );
    assert_eq!(env.batches, [2, 1]);
    assert_eq!(
        env.state[&FakeEnv::key("availability-route", "")].0,
        "name-first",
        "the route that answered last is kept"
    );
    env.assert_done();
}

#[test]
fn availability_both_routes_404_is_unknown_with_a_fitting_message() {
    let mut env = FakeEnv::warm();
    env.expect(
        Get,
        "/domain/example.xyz/available/",
        None,
        404,
        error(404, "Not found"),
    );
    env.get(
        "/domain/example.nl/available/",
        json!({"is_available": true}),
    );
    env.expect(
        Get,
        "/domain/available/example.xyz/",
        None,
        404,
        error(404, "Not found"),
    );
    // The price list (read after the first failure) sells .xyz: a real failure.
    env.get("/user/", json!({"billing_plan_id": 3}));
    env.get(
        "/billing-plan/3/items/",
        json!({"items": {"xyz": {}, "nl": {}}}),
    );
    let r = availability::check_availability(
        &mut env,
        &settings(),
        "example",
        &["xyz".into(), "nl".into()],
    )
    .unwrap();
    assert_eq!(r[0].status, AvailabilityStatus::Unknown);
    let message = r[0].message.as_deref().unwrap_or_default();
    assert!(
        message.starts_with("ODR does not offer .xyz or could not check example.xyz"),
        "{message}"
    );
    assert!(!message.contains("belongs to"), "{message}");
    assert_eq!(r[1].status, AvailabilityStatus::Available);
    // The other route did not answer either: no preference is kept.
    assert!(!env
        .state
        .contains_key(&FakeEnv::key("availability-route", "")));
    env.assert_done();
}

#[test]
fn availability_auth_error_logs_in_once_and_repeats_the_refused_reads() {
    let mut env = FakeEnv::warm();
    for round in 0..2 {
        if round == 1 {
            env.expect_login();
        }
        for tld in ["nl", "eu"] {
            env.expect(
                Get,
                &format!("/domain/example.{tld}/available/"),
                None,
                401,
                error(401, "Token invalid"),
            );
        }
    }
    let e = availability::check_availability(
        &mut env,
        &settings(),
        "example",
        &["nl".into(), "eu".into()],
    )
    .unwrap_err();
    assert!(e.is_auth());
    assert_eq!(env.batches, [2, 2]);
    env.assert_done();
}

#[test]
fn a_read_that_failed_transiently_is_sent_once_more_alone() {
    let mut env = FakeEnv::warm();
    env.get(
        "/domain/example.nl/available/",
        json!({"is_available": true}),
    );
    env.expect(
        Get,
        "/domain/example.eu/available/",
        None,
        503,
        error(503, "Maintenance"),
    );
    env.get(
        "/domain/example.eu/available/",
        json!({"is_available": false}),
    );
    assert_eq!(
        statuses(&mut env, &["nl", "eu"]),
        [
            AvailabilityStatus::Available,
            AvailabilityStatus::Registered
        ]
    );
    assert_eq!(env.batches, [2, 1]);
    assert_eq!(env.sleeps, [1_000]);
    env.assert_done();
}

/// The limiter is one rule: at most MAX_IN_FLIGHT at once, the bucket's BURST
/// without waiting, then the configured rate, one by one.
#[test]
fn a_search_fills_the_burst_at_once_and_the_rest_leaves_at_the_rate() {
    let burst = BURST as usize;
    let tlds: Vec<String> = (0..burst + 3).map(|i| format!("t{i}")).collect();
    let mut env = FakeEnv::warm();
    for tld in &tlds {
        env.get(
            &format!("/domain/example.{tld}/available/"),
            json!({"is_available": true}),
        );
    }
    let r = availability::check_availability(&mut env, &settings(), "example", &tlds).unwrap();
    assert_eq!(r.len(), tlds.len());
    assert!(r.iter().all(|a| a.status == AvailabilityStatus::Available));
    assert_eq!(env.batches, [MAX_IN_FLIGHT, burst - MAX_IN_FLIGHT, 1, 1, 1]);
    // 2 requests per second by default: each one past the burst waits 500 ms.
    assert_eq!(env.sleeps, [500, 500, 500]);
    env.assert_done();
}

#[test]
fn twenty_tlds_cold_take_a_login_and_one_batch() {
    let tlds: Vec<String> = (0..MAX_IN_FLIGHT).map(|i| format!("t{i}")).collect();
    let mut env = FakeEnv::new();
    env.expect_login();
    for tld in &tlds {
        env.get(
            &format!("/domain/example.{tld}/available/"),
            json!({"is_available": false}),
        );
    }
    let r = availability::check_availability(&mut env, &settings(), "example", &tlds).unwrap();
    assert!(r.iter().all(|a| a.status == AvailabilityStatus::Registered));
    assert_eq!(env.batches, [MAX_IN_FLIGHT]);
    assert!(
        env.sleeps.is_empty(),
        "a search never waits: {:?}",
        env.sleeps
    );
    env.assert_done();
}

#[test]
fn once_odr_rate_limits_a_batch_the_rest_of_the_search_is_not_sent() {
    let burst = BURST as usize;
    let tlds: Vec<String> = (0..burst + 2).map(|i| format!("t{i}")).collect();
    let mut env = FakeEnv::warm();
    for (i, tld) in tlds.iter().take(MAX_IN_FLIGHT).enumerate() {
        let path = format!("/domain/example.{tld}/available/");
        if i == 3 {
            // A Retry-After longer than a read's one retry waits for: no retry.
            env.expect_raw(
                Get,
                &path,
                "",
                None,
                429,
                &[("Retry-After", "120")],
                error(429, "Too many requests").to_string().as_bytes(),
            );
        } else {
            env.get(&path, json!({"is_available": true}));
        }
    }
    let e = availability::check_availability(&mut env, &settings(), "example", &tlds).unwrap_err();
    assert!(e.message().contains("example.t3"), "{e:?}");
    // The first batch only: nothing after the 429, and no wait for the rate either.
    assert_eq!(env.batches, [MAX_IN_FLIGHT]);
    assert!(env.sleeps.is_empty(), "{:?}", env.sleeps);
    assert!(env.state.contains_key(&FakeEnv::key("backoff", "")));
    env.assert_done();
}
