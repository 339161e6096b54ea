//! Expiry sync, transfer sync and the domain report.

use super::*;

#[test]
fn the_snapshot_is_stored_per_domain_and_a_rebuild_hides_the_old_entries() {
    let mut env = FakeEnv::warm();
    env.expect_page(
        "/domain/",
        1,
        1,
        json!([
            list_item("a", Some("REGISTERED"), "2026-03-01"),
            list_item("b", Some("REGISTERED"), "2026-04-01")
        ]),
    );
    assert_eq!(
        sync::sync_domain(&mut env, &settings(), "a.nl", &opts()),
        Ok(SyncOutcome::Active("2026-03-01".into()))
    );
    let meta = env.state[&FakeEnv::key("snapshot", "")].clone();
    assert_eq!(
        meta,
        (
            format!(r#"{{"complete":true,"count":2,"generation":{NOW},"taken_at":{NOW}}}"#),
            Some(3600)
        )
    );
    let b = FakeEnv::key("snapshot", "b.nl");
    assert_eq!(
        env.state[&b],
        (
            format!(r#"{{"expiry":"2026-04-01","g":{NOW},"status":"REGISTERED"}}"#),
            Some(3600 + sync::ENTRY_TTL_MARGIN)
        )
    );
    // Fresh: answered from its own entry, no request.
    assert_eq!(
        sync::sync_domain(&mut env, &settings(), "b.nl", &opts()),
        Ok(SyncOutcome::Active("2026-04-01".into()))
    );
    // An hour later the list is read again, without b.nl: its old entry is still
    // stored but belongs to the old generation, so b.nl is not listed any more.
    env.now += 3600;
    env.expect_login();
    env.expect_page(
        "/domain/",
        1,
        1,
        json!([list_item("a", Some("REGISTERED"), "2026-03-01")]),
    );
    env.expect(
        Get,
        "/domain/b.nl/info/",
        None,
        404,
        error(404, "Domain not found"),
    );
    assert_eq!(
        sync::sync_domain(&mut env, &settings(), "b.nl", &opts()),
        Ok(SyncOutcome::TransferredAway)
    );
    assert!(env.state.contains_key(&b), "left to expire");
    // The same from the stored snapshot (not the one just built).
    env.expect(
        Get,
        "/domain/b.nl/info/",
        None,
        404,
        error(404, "Domain not found"),
    );
    assert_eq!(
        sync::sync_domain(&mut env, &settings(), "b.nl", &opts()),
        Ok(SyncOutcome::TransferredAway)
    );
    env.assert_done();
}

#[test]
fn sync_builds_the_snapshot_once_and_answers_without_requests() {
    let mut env = FakeEnv::warm();
    env.expect_page(
        "/domain/",
        1,
        2,
        json!([
            list_item("a", Some("REGISTERED"), "2026-03-01 00:00:00"),
            list_item("b", Some("QUARANTINE"), "2025-11-01")
        ]),
    );
    env.expect_page(
        "/domain/",
        2,
        2,
        json!([
            list_item("c", Some("DELETED"), "2025-01-01"),
            list_item("d", None, "2026-05-01")
        ]),
    );
    assert_eq!(
        sync::sync_domain(&mut env, &settings(), "a.nl", &opts()),
        Ok(SyncOutcome::Active("2026-03-01".into()))
    );
    // Expired and cancelled only on the domain's own record, read directly.
    env.get(
        "/domain/b.nl/info/",
        json!({"status": "QUARANTINE", "name": "b", "tld": "nl", "expiration_date": "2025-11-01"}),
    );
    assert_eq!(
        sync::sync_domain(&mut env, &settings(), "b.nl", &opts()),
        Ok(SyncOutcome::Expired("2025-11-01".into()))
    );
    env.get(
        "/domain/c.nl/info/",
        json!({"status": "DELETED", "name": "c", "tld": "nl"}),
    );
    assert_eq!(
        sync::sync_domain(&mut env, &settings(), "c.nl", &opts()),
        Ok(SyncOutcome::Cancelled)
    );
    // No status in the list: one info request.
    env.get(
        "/domain/d.nl/info/",
        json!({"status": "PENDING", "name": "d", "tld": "nl"}),
    );
    assert_eq!(
        sync::sync_domain(&mut env, &settings(), "d.nl", &opts()),
        Ok(SyncOutcome::Pending)
    );
    // Not in the list and not found: transferred away.
    env.expect(
        Get,
        "/domain/gone.nl/info/",
        None,
        404,
        error(404, "Domain not found"),
    );
    assert_eq!(
        sync::sync_domain(&mut env, &settings(), "gone.nl", &opts()),
        Ok(SyncOutcome::TransferredAway)
    );
    env.assert_done();
    assert_eq!(env.sent.len(), 6);

    // An hour later the snapshot is stale: rebuilt.
    env.now += 3600;
    env.state.insert(
        FakeEnv::token_key(),
        (
            json!({"token": TOKEN, "header": "X-Access-Token", "expires_at": NOW + 7200})
                .to_string(),
            None,
        ),
    );
    env.expect_page(
        "/domain/",
        1,
        1,
        json!([list_item("a", Some("REGISTERED"), "2027-03-01")]),
    );
    assert_eq!(
        sync::sync_domain(&mut env, &settings(), "a.nl", &opts()),
        Ok(SyncOutcome::Active("2027-03-01".into()))
    );
    env.assert_done();
}

#[test]
fn sync_refuses_bad_dates_and_unknown_statuses() {
    let mut env = FakeEnv::warm();
    env.expect_page(
        "/domain/",
        1,
        1,
        json!([
            list_item("a", Some("REGISTERED"), "1970-01-01"),
            list_item("b", Some("LOCKED"), "2026-01-01")
        ]),
    );
    env.get(
        "/domain/a.nl/info/",
        json!({"status": "REGISTERED", "expiration_date": "1970-01-01 00:00:00"}),
    );
    let e = sync::sync_domain(&mut env, &settings(), "a.nl", &opts()).unwrap_err();
    assert!(
        matches!(e.to_wit(), RegistrarError::UnexpectedResponse(m) if m.contains("a.nl") && m.contains("implausible"))
    );
    env.get(
        "/domain/b.nl/info/",
        json!({"status": "LOCKED", "expiration_date": "2026-01-01"}),
    );
    let e = sync::sync_domain(&mut env, &settings(), "b.nl", &opts()).unwrap_err();
    assert!(matches!(e.to_wit(), RegistrarError::InvalidState(m) if m.contains("LOCKED")));
    // Listed but not found: not "transferred away".
    env.expect(
        Get,
        "/domain/a.nl/info/",
        None,
        404,
        error(404, "Domain not found"),
    );
    assert!(matches!(
        sync::sync_domain(&mut env, &settings(), "a.nl", &opts()),
        Err(Error::NotFound(_))
    ));
    env.assert_done();
}

#[test]
fn transfer_sync_outcomes() {
    let mut env = FakeEnv::warm();
    env.get("/domain/example.nl/", json!({"status": "PENDING"}));
    env.get(
        "/domain/example.nl/",
        json!({"status": "REGISTERED", "expiration_date": "2026-12-01 00:00:00"}),
    );
    env.get("/domain/example.nl/", json!({"status": "DELETED"}));
    env.get("/domain/example.nl/", json!({"status": "DELETED"}));
    let not_found = error(404, "Domain not found");
    env.expect(Get, "/domain/example.nl/", None, 404, not_found.clone());
    env.expect(Get, "/domain/example.nl/", None, 404, not_found.clone());
    env.expect(Get, "/domain/example.nl/", None, 404, not_found);
    // Past the grace period: a fresh list that does not hold it.
    env.expect_page(
        "/domain/",
        1,
        1,
        json!([list_item("other", Some("REGISTERED"), "2026-01-01")]),
    );
    let ordered_long_ago = Some("2025-11-01");
    assert_eq!(
        sync::transfer_sync(&mut env, &settings(), "example.nl", None),
        Ok(TransferOutcome::Pending)
    );
    assert_eq!(
        sync::transfer_sync(&mut env, &settings(), "example.nl", None),
        Ok(TransferOutcome::Completed("2026-12-01".into()))
    );
    // DELETED within the grace period (or with no order date) may be an
    // older record of the name: pending; after it: failed.
    assert_eq!(
        sync::transfer_sync(&mut env, &settings(), "example.nl", None),
        Ok(TransferOutcome::Pending)
    );
    assert!(
        matches!(sync::transfer_sync(&mut env, &settings(), "example.nl", ordered_long_ago), Ok(TransferOutcome::Failed(m)) if m.contains("DELETED"))
    );
    // Not found: pending without an order date and within the grace period...
    assert_eq!(
        sync::transfer_sync(&mut env, &settings(), "example.nl", None),
        Ok(TransferOutcome::Pending)
    );
    assert_eq!(
        sync::transfer_sync(&mut env, &settings(), "example.nl", Some("2025-11-25")),
        Ok(TransferOutcome::Pending)
    );
    // ...failed after it, once a fresh complete list confirms the absence.
    assert!(
        matches!(sync::transfer_sync(&mut env, &settings(), "example.nl", ordered_long_ago), Ok(TransferOutcome::Failed(m)) if m.contains("Domain not found"))
    );
    // The component's own order time wins over the panel's date.
    sync::note_order(
        &mut crate::odr::client::Client::new(&mut env, &settings(), "test").unwrap(),
        "example.nl",
    )
    .unwrap();
    env.expect(
        Get,
        "/domain/example.nl/",
        None,
        404,
        error(404, "Forced error"),
    );
    assert_eq!(
        sync::transfer_sync(&mut env, &settings(), "example.nl", ordered_long_ago),
        Ok(TransferOutcome::Pending)
    );
    env.assert_done();
}

#[test]
fn report_over_every_page() {
    let mut env = FakeEnv::new();
    env.expect_login();
    env.expect_page(
        "/domain/",
        1,
        3,
        json!([list_item("a", Some("REGISTERED"), "2026-03-01")]),
    );
    env.expect_page(
        "/domain/",
        2,
        3,
        json!([list_item("b", Some("REGISTERED"), "2026-04-01")]),
    );
    env.expect_page(
        "/domain/",
        3,
        3,
        json!([
            list_item("z", Some("REGISTERED"), "2026-04-01"),
            list_item("q", Some("DELETED"), "2020-01-01")
        ]),
    );
    let panel = vec![
        PanelDomain {
            domain: "b.nl".into(),
            expiry: Some("2026-04-02".into()),
            next_due: None,
        },
        PanelDomain {
            domain: "a.nl".into(),
            expiry: Some("2026-03-01".into()),
            next_due: None,
        },
        PanelDomain {
            domain: "m.nl".into(),
            expiry: None,
            next_due: None,
        },
    ];
    let r = report::build_domain_report(&mut env, &settings(), &panel).unwrap();
    assert_eq!(r.panel_count, 3);
    assert_eq!(r.odr_count, 3);
    assert_eq!(r.missing_at_odr, vec!["m.nl"]);
    assert_eq!(r.unknown_to_panel, vec!["z.nl"]);
    assert_eq!(r.expiry_mismatches.len(), 1);
    assert_eq!(r.requests, 4);
    env.assert_done();
}

#[test]
fn preview_writes_nothing_to_the_panel_and_uses_the_list() {
    let mut env = FakeEnv::warm();
    env.expect_page(
        "/domain/",
        1,
        1,
        json!([
            list_item("a", Some("REGISTERED"), "2026-03-01"),
            list_item("c", Some("DELETED"), "2020-01-01")
        ]),
    );
    let panel = vec![
        PanelDomain {
            domain: "a.nl".into(),
            expiry: Some("2026-01-01".into()),
            next_due: Some("2025-12-18".into()),
        },
        PanelDomain {
            domain: "c.nl".into(),
            expiry: Some("2026-01-01".into()),
            next_due: None,
        },
    ];
    // DELETED in the list: the domain's own record decides.
    env.get(
        "/domain/c.nl/info/",
        json!({"status": "DELETED", "name": "c", "tld": "nl"}),
    );
    let rows = report::expiry_preview(&mut env, &settings(), &panel, Some(14)).unwrap();
    assert_eq!(rows[0].shift_days, Some(59));
    assert_eq!(rows[0].new_next_due.as_deref(), Some("2026-02-15"));
    assert!(rows[1]
        .problem
        .as_deref()
        .is_some_and(|p| p.contains("cancelled")));
    env.assert_done();
}
