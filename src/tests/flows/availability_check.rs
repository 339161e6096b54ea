//! Availability: clean-up of labels and TLDs, the check, its errors.

use super::*;

#[test]
fn availability_per_tld_with_fallback_and_unknowns() {
    let mut env = FakeEnv::warm();
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
    env.get("/domain/available/example.eu/", json!({"available": false}));
    env.expect(
        Get,
        "/domain/available/example.be/",
        None,
        400,
        error(400, "TLD not supported"),
    );
    // The first failure reads the price list once; it sells every TLD here.
    env.get("/user/", json!({"billing_plan_id": 3}));
    env.get(
        "/billing-plan/3/items/",
        json!({"items": {"nl": {}, "eu": {}, "be": {}, "de": {}}}),
    );
    env.get("/domain/available/example.de/", json!({"status": "FAILED"}));
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
    // The older route did not work either: the next TLD uses the new one.
    env.get(
        "/domain/example.nl/available/",
        json!({"is_available": true}),
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
    env.assert_done();
}

#[test]
fn availability_auth_error_fails_the_call() {
    let mut env = FakeEnv::warm();
    env.expect(
        Get,
        "/domain/example.nl/available/",
        None,
        401,
        error(401, "Token invalid"),
    );
    env.expect_login();
    env.expect(
        Get,
        "/domain/example.nl/available/",
        None,
        401,
        error(401, "Token invalid"),
    );
    let e = availability::check_availability(
        &mut env,
        &settings(),
        "example",
        &["nl".into(), "eu".into()],
    )
    .unwrap_err();
    assert!(e.is_auth());
    env.assert_done();
}
