//! Register and transfer: contacts, the order, a lost answer settled once.

use super::*;

#[test]
fn register_cold_creates_the_contact_and_a_second_order_reuses_it() {
    let mut env = FakeEnv::new();
    let contact = odr_contact();
    env.expect_login();
    env.expect_page(
        "/contact/",
        1,
        1,
        json!([{"id": 77, "name": "Piet Pietersen"}]),
    );
    env.expect(
        Post,
        "/contact/",
        Some(to_request_body(&contact)),
        200,
        ok(json!({"status": "COMPLETED", "data": {"id": 1234}})),
    );
    env.expect(
        Post,
        "/domain/example.nl/",
        Some(register_body(1234, 1234, 1234)),
        200,
        ok(json!({"status": "COMPLETED", "data": {"id": 5678}})),
    );
    let r = order::place_order(
        &mut env,
        &settings(),
        &order("example.nl"),
        order::OrderKind::Register,
    )
    .unwrap();
    assert_eq!(r.status, OrderStatus::Completed);
    assert_eq!(r.domain_id.as_deref(), Some("5678"));
    assert_eq!(r.created_contacts, vec![1234]);
    assert_eq!(
        r.contacts,
        RoleContacts {
            registrant: Some(1234),
            onsite: Some(1234),
            tech: Some(1234)
        }
    );
    assert!(!r.already_in_account);
    let mapping = FakeEnv::key("contact", &crate::contact::fingerprint(&contact));
    assert_eq!(
        env.state.get(&mapping).map(|(v, t)| (v.as_str(), *t)),
        Some(("1234", None))
    );
    assert!(!env.state.contains_key(&FakeEnv::key("order", "example.nl")));

    // Same customer, next order: the mapping is confirmed, nothing created.
    env.get("/contact/1234/", contact_payload(1234, &contact));
    env.expect(
        Post,
        "/domain/example.com/",
        Some(register_body(1234, 1234, 1234)),
        200,
        ok(json!({"result": true})),
    );
    let r = order::place_order(
        &mut env,
        &settings(),
        &order("example.com"),
        order::OrderKind::Register,
    )
    .unwrap();
    assert_eq!(
        (r.status, r.created_contacts.len()),
        (OrderStatus::Completed, 0)
    );
    env.assert_done();
    assert_no_secrets(&env);
}

#[test]
fn a_lost_order_response_is_resolved_by_a_lookup_and_a_retry_orders_nothing() {
    let mut env = FakeEnv::warm();
    let contact = odr_contact();
    env.state.insert(
        FakeEnv::key("contact", &crate::contact::fingerprint(&contact)),
        ("1234".into(), None),
    );
    let marker = FakeEnv::key("order", "example.nl");

    // First attempt: the answer is lost and ODR does not show the domain yet.
    env.get("/contact/1234/", contact_payload(1234, &contact));
    env.expect_transport_error(
        Post,
        "/domain/example.nl/",
        Some(register_body(1234, 1234, 1234)),
        "timed out",
    );
    env.expect(
        Get,
        "/domain/example.nl/",
        None,
        404,
        error(404, "Domain not found"),
    );
    let e = order::place_order(
        &mut env,
        &settings(),
        &order("example.nl"),
        order::OrderKind::Register,
    )
    .unwrap_err();
    assert!(matches!(e, Error::Transport(_)));
    assert!(
        env.state.contains_key(&marker),
        "the marker stays after a lost answer"
    );

    // The retry: the domain is there now. Nothing is ordered twice.
    env.get(
        "/domain/example.nl/",
        json!({"id": 5678, "status": "PENDING", "name": "example", "tld": "nl"}),
    );
    let r = order::place_order(
        &mut env,
        &settings(),
        &order("example.nl"),
        order::OrderKind::Register,
    )
    .unwrap();
    assert!(r.already_in_account);
    assert_eq!(r.status, OrderStatus::Pending);
    assert!(!env.state.contains_key(&marker));
    env.assert_done();
}

#[test]
fn an_unreadable_order_answer_is_checked_with_a_lookup() {
    let mut env = FakeEnv::warm();
    let contact = odr_contact();
    env.state.insert(
        FakeEnv::key("contact", &crate::contact::fingerprint(&contact)),
        ("1234".into(), None),
    );
    env.get("/contact/1234/", contact_payload(1234, &contact));
    env.expect_raw(
        Post,
        "/domain/example.nl/",
        "",
        Some(register_body(1234, 1234, 1234)),
        502,
        &[],
        b"Bad Gateway",
    );
    env.get(
        "/domain/example.nl/",
        json!({"id": 5678, "status": "REGISTERED", "name": "example", "tld": "nl"}),
    );
    let r = order::place_order(
        &mut env,
        &settings(),
        &order("example.nl"),
        order::OrderKind::Register,
    )
    .unwrap();
    assert_eq!(
        (r.status, r.already_in_account),
        (OrderStatus::Completed, false)
    );
    assert_eq!(r.domain_id.as_deref(), Some("5678"));
    env.assert_done();
}

#[test]
fn an_order_answered_500_with_odrs_envelope_is_looked_up_before_reporting() {
    let mut env = FakeEnv::warm();
    let contact = odr_contact();
    env.state.insert(
        FakeEnv::key("contact", &crate::contact::fingerprint(&contact)),
        ("1234".into(), None),
    );
    let not_found = error(404, "Domain not found");
    env.get("/contact/1234/", contact_payload(1234, &contact));
    env.expect(
        Post,
        "/domain/example.nl/",
        Some(register_body(1234, 1234, 1234)),
        500,
        error(500, "Internal server error"),
    );
    env.expect(Get, "/domain/example.nl/", None, 404, not_found);
    let e = order::place_order(
        &mut env,
        &settings(),
        &order("example.nl"),
        order::OrderKind::Register,
    )
    .unwrap_err();
    let RegistrarError::Transport(m) = e.to_wit() else {
        panic!("{e:?}")
    };
    assert_eq!(
        m,
        "ODR is unavailable (HTTP 500) while ordering the registration of example.nl: \
         Internal server error; try again later. The registration order may have reached ODR \
         all the same. Retrying is safe: before ordering again the module looks example.nl up \
         in the ODR account; a domain that is there is not ordered a second time, and while \
         ODR does not show it a new order waits 30 minutes for the first one to appear."
    );
    env.assert_done();
    // The answer may be lost: the marker stays, so the next attempt looks the domain up again.
    assert!(env.state.contains_key(&FakeEnv::key("order", "example.nl")));
    assert!(env.sleeps.is_empty(), "a write is never retried");
}

#[test]
fn a_read_answered_500_with_odrs_envelope_is_retried_once() {
    let mut env = FakeEnv::warm();
    env.expect(
        Get,
        "/domain/example.nl/info/",
        None,
        500,
        error(500, "Internal server error"),
    );
    env.get("/domain/example.nl/info/", info("REGISTERED", "2026-09-01"));
    assert!(domain::get_nameservers(&mut env, &settings(), "example.nl").is_ok());
    env.assert_done();
    assert_eq!(env.sleeps, vec![1000]);
}

#[test]
fn an_invalid_contact_fails_before_any_request() {
    let mut env = FakeEnv::new();
    let mut o = order("example.nl");
    o.registrant.address1 = "Teststraat".into();
    let e = order::place_order(&mut env, &settings(), &o, order::OrderKind::Register).unwrap_err();
    let RegistrarError::InvalidInput(i) = e.to_wit() else {
        panic!("{e:?}")
    };
    assert!(
        i.fields.iter().any(|f| f.field == "registrant.address1"),
        "{i:?}"
    );
    assert!(env.sent.is_empty());
}
