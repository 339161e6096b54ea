//! Contact sync per role.

use super::*;

fn sync_info(registrant: u64, onsite: u64) -> Value {
    json!({"status": "REGISTERED", "name": "example", "tld": "nl",
           "contacts_map": {"REGISTRANT": registrant, "ONSITE": onsite},
           "nameservers": ["ns1.example.net", {"host": "ns2.example.nl", "ip": "192.0.2.2"}]})
}

fn desired() -> DesiredContacts {
    DesiredContacts {
        registrant: panel_contact(),
        admin: None,
        tech: None,
    }
}

#[test]
fn sync_contacts_equal_means_no_write_and_shared_contacts_are_checked_once() {
    let mut env = FakeEnv::warm();
    env.get("/domain/example.nl/info/", sync_info(1234, 1234));
    env.get("/contact/1234/", contact_payload(1234, &odr_contact()));
    let changes = contacts::sync_contacts(&mut env, &settings(), "example.nl", &desired()).unwrap();
    assert_eq!(
        changes,
        vec![ContactChange {
            role: ContactRole::Registrant,
            action: ContactAction::Unchanged,
            contact_id: 1234,
            previous_contact_id: None
        }]
    );
    // Another domain with the same contact in this run: no contact request.
    env.get("/domain/example.com/info/", sync_info(1234, 1234));
    let changes =
        contacts::sync_contacts(&mut env, &settings(), "example.com", &desired()).unwrap();
    assert_eq!(changes[0].action, ContactAction::Unchanged);
    env.assert_done();
    assert!(env.sent.iter().all(|r| r.method == Get));
}

#[test]
fn sync_contacts_updates_details_in_place_once_per_run() {
    let mut env = FakeEnv::warm();
    let mut old = odr_contact();
    old.city = "Utrecht".into();
    env.get("/domain/example.nl/info/", sync_info(1234, 1234));
    env.get("/contact/1234/", contact_payload(1234, &old));
    env.expect(
        Put,
        "/contact/1234/",
        Some(to_request_body(&odr_contact())),
        200,
        ok(json!({"id": 1234})),
    );
    let changes = contacts::sync_contacts(&mut env, &settings(), "example.nl", &desired()).unwrap();
    assert_eq!(changes[0].action, ContactAction::Updated);
    env.get("/domain/example.com/info/", sync_info(1234, 1234));
    let changes =
        contacts::sync_contacts(&mut env, &settings(), "example.com", &desired()).unwrap();
    assert_eq!(changes[0].action, ContactAction::AlreadyUpdated);
    env.assert_done();
    let marker = env
        .state
        .get(&FakeEnv::key("contact-synced", "1234"))
        .unwrap();
    assert_eq!(marker.1, Some(3600));
}

#[test]
fn sync_contacts_replaces_on_a_holder_change_and_warns() {
    let mut env = FakeEnv::warm();
    let mut old = odr_contact();
    old.last_name = "Pietersen".into();
    let new = odr_contact();
    env.get("/domain/example.nl/info/", sync_info(1234, 1234));
    env.get("/contact/1234/", contact_payload(1234, &old));
    env.expect_page(
        "/contact/",
        1,
        1,
        json!([{"id": 1234, "name": "Jan Pietersen"}]),
    );
    env.expect(
        Post,
        "/contact/",
        Some(to_request_body(&new)),
        200,
        ok(json!({"data": {"id": 2000}})),
    );
    env.expect(
        Put,
        "/domain/example.nl/",
        Some(json!({
            "contact_registrant": 2000, "contact_onsite": 2000, "contact_tech": 2000,
            "ns1": {"host": "ns1.example.net", "ip": null},
            "ns2": {"host": "ns2.example.nl", "ip": "192.0.2.2"}
        })),
        200,
        ok(json!({"result": true})),
    );
    let changes = contacts::sync_contacts(&mut env, &settings(), "example.nl", &desired()).unwrap();
    assert_eq!(
        changes,
        vec![
            ContactChange {
                role: ContactRole::Registrant,
                action: ContactAction::Replaced,
                contact_id: 2000,
                previous_contact_id: Some(1234)
            },
            ContactChange {
                role: ContactRole::Onsite,
                action: ContactAction::Replaced,
                contact_id: 2000,
                previous_contact_id: Some(1234)
            },
            ContactChange {
                role: ContactRole::Tech,
                action: ContactAction::Replaced,
                contact_id: 2000,
                previous_contact_id: Some(1234)
            },
        ]
    );
    assert!(env
        .activities
        .iter()
        .any(|a| a.contains("e-mail the previous holder")));
    env.assert_done();
}

#[test]
fn sync_contacts_roles_sharing_a_replaced_contact_follow_it() {
    let mut env = FakeEnv::warm();
    let mut s = settings();
    s.onsite_contact = ContactChoice::FromPanel;
    let mut old = odr_contact();
    old.last_name = "Pietersen".into();
    let new = odr_contact();
    env.get("/domain/example.nl/info/", json!({"status": "REGISTERED", "contacts_map": {"REGISTRANT": 1234, "ONSITE": 1234, "TECH": 77}}));
    env.get("/contact/1234/", contact_payload(1234, &old));
    env.expect_page("/contact/", 1, 1, json!([]));
    env.expect(
        Post,
        "/contact/",
        Some(to_request_body(&new)),
        200,
        ok(json!({"data": {"id": 2000}})),
    );
    env.expect(
        Put,
        "/domain/example.nl/",
        Some(json!({"contact_registrant": 2000, "contact_onsite": 2000, "contact_tech": 77})),
        200,
        ok(json!({"result": true})),
    );
    let d = DesiredContacts {
        registrant: panel_contact(),
        admin: Some(panel_contact()),
        tech: None,
    };
    let changes = contacts::sync_contacts(&mut env, &s, "example.nl", &d).unwrap();
    let ids: Vec<_> = changes
        .iter()
        .map(|c| (c.role, c.action, c.contact_id))
        .collect();
    assert_eq!(
        ids,
        vec![
            (ContactRole::Registrant, ContactAction::Replaced, 2000),
            (ContactRole::Onsite, ContactAction::Replaced, 2000),
        ]
    );
    env.assert_done();
}

#[test]
fn sync_contacts_details_corrected_twice_within_the_hour_update_in_place_twice() {
    let mut env = FakeEnv::warm();
    let mut old = odr_contact();
    old.email = "old@example.nl".into();
    let mut typo = odr_contact();
    typo.email = "jan@exmaple.nl".into();
    let fixed = odr_contact();
    let mut d = desired();

    // First save: the typo reaches ODR, the run marker remembers it.
    d.registrant.email = typo.email.clone();
    env.get("/domain/example.nl/info/", sync_info(1234, 1234));
    env.get("/contact/1234/", contact_payload(1234, &old));
    env.expect(
        Put,
        "/contact/1234/",
        Some(to_request_body(&typo)),
        200,
        ok(json!({"id": 1234})),
    );
    let changes = contacts::sync_contacts(&mut env, &settings(), "example.nl", &d).unwrap();
    assert_eq!(changes[0].action, ContactAction::Updated);

    // Second save within the marker's hour, other details: read, compare,
    // update in place; no contact search, no new contact, no domain switch.
    d.registrant.email = fixed.email.clone();
    env.get("/domain/example.nl/info/", sync_info(1234, 1234));
    env.get("/contact/1234/", contact_payload(1234, &typo));
    env.expect(
        Put,
        "/contact/1234/",
        Some(to_request_body(&fixed)),
        200,
        ok(json!({"id": 1234})),
    );
    let changes = contacts::sync_contacts(&mut env, &settings(), "example.nl", &d).unwrap();
    assert_eq!(
        changes,
        vec![ContactChange {
            role: ContactRole::Registrant,
            action: ContactAction::Updated,
            contact_id: 1234,
            previous_contact_id: None
        }]
    );
    env.assert_done();
    let marker = &env.state[&FakeEnv::key("contact-synced", "1234")].0;
    assert!(marker.contains(&crate::contact::fingerprint(&fixed)));
}

#[test]
fn an_invalid_contact_is_never_reused_by_sync_or_orders() {
    let mut env = FakeEnv::warm();
    let new = odr_contact();
    // The customer's details, but a phone ODR's format does not allow.
    let mut invalid = odr_contact();
    invalid.phone = "+31 20 1234567".into();

    // Contact sync: 1234 is invalid → replaced; the search finds 1234 again
    // (same name, same digits) and must not hand it back.
    env.get("/domain/example.nl/info/", sync_info(1234, 1234));
    env.get("/contact/1234/", contact_payload(1234, &invalid));
    env.expect_page(
        "/contact/",
        1,
        1,
        json!([{"id": 1234, "name": "Jan Jansen"}]),
    );
    env.get("/contact/1234/", contact_payload(1234, &invalid));
    env.expect(
        Post,
        "/contact/",
        Some(to_request_body(&new)),
        200,
        ok(json!({"data": {"id": 1300}})),
    );
    env.expect(
        Put,
        "/domain/example.nl/",
        Some(json!({
            "contact_registrant": 1300, "contact_onsite": 1300, "contact_tech": 1300,
            "ns1": {"host": "ns1.example.net", "ip": null},
            "ns2": {"host": "ns2.example.nl", "ip": "192.0.2.2"}
        })),
        200,
        ok(json!({"result": true})),
    );
    let changes = contacts::sync_contacts(&mut env, &settings(), "example.nl", &desired()).unwrap();
    let ids: Vec<_> = changes
        .iter()
        .map(|c| (c.action, c.contact_id, c.previous_contact_id))
        .collect();
    assert_eq!(ids, vec![(ContactAction::Replaced, 1300, Some(1234)); 3]);
    env.assert_done();

    // An order: a stale mapping to the invalid contact is dropped and the
    // invalid list candidate skipped; a valid one is created.
    let mapping = FakeEnv::key("contact", &crate::contact::fingerprint(&new));
    env.state.insert(mapping.clone(), ("1234".into(), None));
    env.get("/contact/1234/", contact_payload(1234, &invalid));
    env.expect_page(
        "/contact/",
        1,
        1,
        json!([{"id": 1234, "name": "Jan Jansen"}]),
    );
    env.get("/contact/1234/", contact_payload(1234, &invalid));
    env.expect(
        Post,
        "/contact/",
        Some(to_request_body(&new)),
        200,
        ok(json!({"data": {"id": 1301}})),
    );
    env.expect(
        Post,
        "/domain/example.com/",
        Some(register_body(1301, 1301, 1301)),
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
    assert_eq!(r.created_contacts, vec![1301]);
    assert_eq!(env.state[&mapping].0, "1301");
    env.assert_done();
}

/// The per-call cost of `sync-domain` answered from the snapshot at 10,000 domains
/// (a measurement, not a timed test: run it with
/// `cargo test --release -p odr-registrar --lib snapshot_cost -- --ignored --nocapture`).
#[test]
#[ignore]
fn snapshot_cost_at_10000_domains() {
    const DOMAINS: u32 = 10_000;
    const PER_PAGE: u32 = 100;
    let mut env = FakeEnv::warm();
    let pages = DOMAINS / PER_PAGE;
    for page in 1..=pages {
        let items: Vec<Value> = (0..PER_PAGE)
            .map(|i| {
                let n = (page - 1) * PER_PAGE + i;
                list_item(
                    &format!("d{n}.nl"),
                    Some("REGISTERED"),
                    "2026-09-01 00:00:00",
                )
            })
            .collect();
        env.expect_page("/domain/", page, pages, Value::Array(items));
    }
    let started = std::time::Instant::now();
    sync::sync_domain(&mut env, &settings(), "d0.nl", &opts()).unwrap();
    let build = started.elapsed();
    env.assert_done();
    let calls = 200u32;
    let started = std::time::Instant::now();
    for n in 0..calls {
        let domain = format!("d{}.nl", n * (DOMAINS / calls));
        let outcome = sync::sync_domain(&mut env, &settings(), &domain, &opts()).unwrap();
        assert_eq!(outcome, SyncOutcome::Active("2026-09-01".into()));
    }
    let per_call = started.elapsed() / calls;
    let bytes: usize = env.state.values().map(|(v, _)| v.len()).sum();
    println!(
        "snapshot at {DOMAINS} domains: first call (list + store) {build:?}, then {per_call:?} per \
         sync-domain call; {} state keys, {bytes} bytes",
        env.state.len()
    );
}

#[test]
fn a_long_list_is_paced_after_the_burst() {
    // Pacing (docs/requests.md): the first 24 requests go at once, then two per second (the
    // default), so a 26-page list read waits twice, half a second each.
    let pages = 26;
    let mut env = FakeEnv::warm();
    for page in 1..=pages {
        env.expect_page(
            "/domain/",
            page,
            pages,
            json!([list_item(
                &format!("d{page}"),
                Some("REGISTERED"),
                "2026-03-01"
            )]),
        );
    }
    let panel: Vec<PanelDomain> = Vec::new();
    let report = report::build_domain_report(&mut env, &settings(), &panel).unwrap();
    assert_eq!(report.odr_count, pages);
    assert_eq!(env.sleeps, vec![500, 500]);
    env.assert_done();

    // A faster setting: ten per second.
    let mut env = FakeEnv::warm();
    for page in 1..=pages {
        env.expect_page(
            "/domain/",
            page,
            pages,
            json!([list_item(&format!("d{page}"), None, "2026-03-01")]),
        );
    }
    let mut fast = settings();
    fast.max_requests_per_second = 10;
    report::build_domain_report(&mut env, &fast, &panel).unwrap();
    assert_eq!(env.sleeps, vec![100, 100]);
}
