//! Sync, transfer sync, report and preview rules, tested one decision at a time.

use super::*;
use crate::odr::response::RoleIds;
use crate::ops::report::{diff_report, panel_map, preview_row};
use crate::types::{ExpiryMismatch, PanelDomain};
use serde_json::json;

fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, dd).unwrap()
}
const TODAY: (i32, u32, u32) = (2025, 12, 1);
fn today() -> NaiveDate {
    d(TODAY.0, TODAY.1, TODAY.2)
}
fn entry(status: Option<&str>, expiry: Option<&str>) -> SnapshotEntry {
    SnapshotEntry {
        status: status.map(Into::into),
        expiry: expiry.map(Into::into),
    }
}
fn details(status: &str, expiry: Result<Option<NaiveDate>, String>) -> DomainDetails {
    DomainDetails {
        id: None,
        status_text: status.into(),
        status: parse_status(status),
        expiry,
        autorenew: None,
        nameservers: vec![],
        contacts: RoleIds::default(),
    }
}

#[test]
fn snapshot_from_listing_and_freshness() {
    let listing = Listing {
        items: vec![
            json!({"name": "a", "tld": "nl", "status": "REGISTERED", "expiration_date": "2026-03-01 00:00:00"}),
            json!({"name": "b", "tld": "nl", "expiration_date": "2026-02-30"}),
        ],
        complete: true,
        pages: 1,
    };
    let s = Snapshot::from_listing(&listing, 100);
    assert!(s.complete);
    assert_eq!(
        s.domains["a.nl"],
        entry(Some("REGISTERED"), Some("2026-03-01"))
    );
    assert_eq!(s.domains["b.nl"], entry(None, None));
    assert!(s.is_fresh(100, 3600));
    assert!(s.is_fresh(3699, 3600));
    assert!(!s.is_fresh(3700, 3600));
    assert!(!s.is_fresh(99, 3600));
    let broken = Listing {
        items: vec![json!({"id": 1})],
        complete: true,
        pages: 1,
    };
    assert!(!Snapshot::from_listing(&broken, 0).complete);
}

#[test]
fn a_name_listed_twice_gets_its_live_record() {
    let item = |id: Value, status: Option<&str>, expiry: &str| {
        let mut v = json!({"id": id, "name": "example", "tld": "nl", "expiration_date": expiry});
        if let Some(status) = status {
            v["status"] = json!(status);
        }
        v
    };
    let winner = |items: Vec<Value>| {
        let listing = Listing {
            items,
            complete: true,
            pages: 1,
        };
        Snapshot::from_listing(&listing, 0).domains["example.nl"].clone()
    };
    let registered = item(json!("5700"), Some("REGISTERED"), "2026-09-01 00:00:00");
    let deleted = item(json!("5678"), Some("DELETED"), "2025-06-01 00:00:00");
    let quarantine = item(json!(5690), Some("QUARANTINE"), "2025-11-01 00:00:00");
    let live = entry(Some("REGISTERED"), Some("2026-09-01"));
    // The live record wins in either list order.
    assert_eq!(winner(vec![registered.clone(), deleted.clone()]), live);
    assert_eq!(winner(vec![deleted.clone(), registered.clone()]), live);
    for status in ["DELETE_SCHEDULED", "PENDING"] {
        let other = item(json!(1), Some(status), "2026-09-01 00:00:00");
        assert_eq!(
            winner(vec![other, quarantine.clone(), deleted.clone()])
                .status
                .as_deref(),
            Some(status)
        );
    }
    // QUARANTINE over DELETED, whatever the ids.
    let old_quarantine = item(json!(1), Some("QUARANTINE"), "2025-11-01 00:00:00");
    assert_eq!(
        winner(vec![deleted.clone(), old_quarantine]),
        entry(Some("QUARANTINE"), Some("2025-11-01"))
    );
    // An unknown or missing status beats QUARANTINE and DELETED (the sync
    // then asks ODR), but not a live record.
    let odd = item(json!(2), Some("LOCKED"), "2026-01-01 00:00:00");
    let bare = item(json!(3), None, "2026-01-01 00:00:00");
    assert_eq!(
        winner(vec![odd.clone(), quarantine.clone()])
            .status
            .as_deref(),
        Some("LOCKED")
    );
    assert_eq!(winner(vec![deleted.clone(), bare.clone()]).status, None);
    assert_eq!(winner(vec![bare, odd, registered.clone()]), live);
    // Among equals: the higher id (the newer record), in either order.
    let newer = item(json!(6000), Some("DELETED"), "2024-01-01 00:00:00");
    let older = item(json!(5000), Some("DELETED"), "2025-01-01 00:00:00");
    let by_id = entry(Some("DELETED"), Some("2024-01-01"));
    assert_eq!(winner(vec![newer.clone(), older.clone()]), by_id);
    assert_eq!(winner(vec![older, newer]), by_id);
    // Without ids: the later expiry.
    let early = item(Value::Null, Some("REGISTERED"), "2026-01-01 00:00:00");
    let late = item(Value::Null, Some("REGISTERED"), "2027-01-01 00:00:00");
    let by_expiry = entry(Some("REGISTERED"), Some("2027-01-01"));
    assert_eq!(winner(vec![late.clone(), early.clone()]), by_expiry);
    assert_eq!(winner(vec![early, late]), by_expiry);

    // The report counts the name as registered, the sync calls it active.
    let listing = Listing {
        items: vec![registered, deleted],
        complete: true,
        pages: 1,
    };
    let snapshot = Snapshot::from_listing(&listing, 0);
    assert_eq!(
        answer_from_snapshot(snapshot.domains.get("example.nl"), today()),
        SnapshotAnswer::Active("2026-09-01".into())
    );
    let panel = panel_map(&[PanelDomain {
        domain: "example.nl".into(),
        expiry: Some("2026-09-01".into()),
        next_due: None,
    }])
    .unwrap();
    let report = diff_report(&panel, &snapshot, 1);
    assert_eq!(report.odr_count, 1);
    assert!(report.missing_at_odr.is_empty() && report.expiry_mismatches.is_empty());
}

#[test]
fn snapshot_answers() {
    let t = today();
    assert_eq!(answer_from_snapshot(None, t), SnapshotAnswer::AskOdr);
    assert_eq!(
        answer_from_snapshot(Some(&entry(None, Some("2026-01-01"))), t),
        SnapshotAnswer::AskOdr
    );
    assert_eq!(
        answer_from_snapshot(Some(&entry(Some("REGISTERED"), Some("2026-01-01"))), t),
        SnapshotAnswer::Active("2026-01-01".into())
    );
    assert_eq!(
        answer_from_snapshot(
            Some(&entry(Some("DELETE_SCHEDULED"), Some("2026-01-01"))),
            t
        ),
        SnapshotAnswer::Active("2026-01-01".into())
    );
    // Only the harmless answer comes from the list: QUARANTINE, DELETED
    // and PENDING are read from ODR directly (the item may be an older
    // record of a name registered again since).
    assert_eq!(
        answer_from_snapshot(Some(&entry(Some("QUARANTINE"), Some("2025-11-01"))), t),
        SnapshotAnswer::AskOdr
    );
    assert_eq!(
        answer_from_snapshot(Some(&entry(Some("QUARANTINE"), Some("2025-12-02"))), t),
        SnapshotAnswer::AskOdr
    );
    assert_eq!(
        answer_from_snapshot(Some(&entry(Some("REGISTERED"), None)), t),
        SnapshotAnswer::AskOdr
    );
    assert_eq!(
        answer_from_snapshot(Some(&entry(Some("REGISTERED"), Some("1999-01-01"))), t),
        SnapshotAnswer::AskOdr
    );
    assert_eq!(
        answer_from_snapshot(Some(&entry(Some("REGISTERED"), Some("2045-01-01"))), t),
        SnapshotAnswer::AskOdr
    );
    assert_eq!(
        answer_from_snapshot(Some(&entry(Some("DELETED"), None)), t),
        SnapshotAnswer::AskOdr
    );
    assert_eq!(
        answer_from_snapshot(Some(&entry(Some("PENDING"), None)), t),
        SnapshotAnswer::AskOdr
    );
    assert_eq!(
        answer_from_snapshot(Some(&entry(Some("WEIRD"), Some("2026-01-01"))), t),
        SnapshotAnswer::AskOdr
    );
}

#[test]
fn outcomes_for_each_status() {
    let t = today();
    let good = Ok(Some(d(2026, 3, 1)));
    assert_eq!(
        outcome_from_details("a.nl", &details("REGISTERED", good.clone()), t),
        Ok(SyncOutcome::Active("2026-03-01".into()))
    );
    assert_eq!(
        outcome_from_details("a.nl", &details("DELETE_SCHEDULED", good.clone()), t),
        Ok(SyncOutcome::Active("2026-03-01".into()))
    );
    assert_eq!(
        outcome_from_details("a.nl", &details("QUARANTINE", Ok(Some(d(2025, 11, 1)))), t),
        Ok(SyncOutcome::Expired("2025-11-01".into()))
    );
    assert_eq!(
        outcome_from_details("a.nl", &details("QUARANTINE", Ok(Some(t))), t),
        Ok(SyncOutcome::Expired("2025-12-01".into()))
    );
    // QUARANTINE with an expiry still ahead: an error, no date for the panel.
    assert_eq!(
        outcome_from_details("a.nl", &details("QUARANTINE", Ok(Some(d(2027, 1, 1)))), t),
        Err(Error::InvalidState(
            "ODR holds a.nl in quarantine (deleted, restorable) but its expiry date \
             2027-01-01 is still ahead: check the domain at ODR; nothing was changed."
                .into()
        ))
    );
    assert_eq!(
        outcome_from_details("a.nl", &details("DELETED", Ok(None)), t),
        Ok(SyncOutcome::Cancelled)
    );
    assert_eq!(
        outcome_from_details("a.nl", &details("PENDING", Ok(None)), t),
        Ok(SyncOutcome::Pending)
    );
    assert!(
        matches!(outcome_from_details("a.nl", &details("LOCKED", good), t), Err(Error::InvalidState(m)) if m.contains("'LOCKED'"))
    );
    for bad in [
        Ok(None),
        Err("x".to_string()),
        Ok(Some(d(1999, 12, 31))),
        Ok(Some(d(2036, 1, 1))),
    ] {
        assert!(matches!(
            outcome_from_details("a.nl", &details("REGISTERED", bad.clone()), t),
            Err(Error::Unexpected(_))
        ));
        assert!(matches!(
            outcome_from_details("a.nl", &details("QUARANTINE", bad), t),
            Err(Error::Unexpected(_))
        ));
    }
}

#[test]
fn not_found_needs_the_full_list() {
    assert_eq!(
        outcome_when_not_found("gone.nl", true, false, "Domain not found"),
        Ok(SyncOutcome::TransferredAway)
    );
    assert!(
        matches!(outcome_when_not_found("gone.nl", true, true, "x"), Err(Error::NotFound(m)) if m.contains("still lists"))
    );
    assert!(matches!(
        outcome_when_not_found("gone.nl", false, false, "x"),
        Err(Error::NotFound(_))
    ));
}

#[test]
fn snapshot_entries_and_meta_as_stored() {
    let e = entry(Some("REGISTERED"), Some("2026-03-01"));
    assert_eq!(SnapshotEntry::from_json(&e.to_json(7), 7), Some(e.clone()));
    // An entry of another generation is not this snapshot's.
    assert_eq!(SnapshotEntry::from_json(&e.to_json(6), 7), None);
    assert_eq!(SnapshotEntry::from_json("{}", 7), None);
    let meta = SnapshotMeta {
        taken_at: 100,
        generation: 100,
        complete: true,
        count: 2,
        brake: None,
    };
    assert_eq!(SnapshotMeta::from_json(&meta.to_json()), Some(meta.clone()));
    let braked = SnapshotMeta {
        brake: Some("Safety brake: ...".into()),
        ..meta
    };
    assert_eq!(SnapshotMeta::from_json(&braked.to_json()), Some(braked));
    // The whole-list snapshot of earlier versions is not a meta entry: rebuilt.
    assert_eq!(
        SnapshotMeta::from_json(r#"{"taken_at":1,"complete":true,"domains":{}}"#),
        None
    );
    assert!(meta.is_fresh(3699, 3600) && !meta.is_fresh(3700, 3600) && !meta.is_fresh(99, 3600));
    // Generations always move on, even for two lists read within one second.
    assert_eq!(SnapshotMeta::next_generation(None, 500), 500);
    assert_eq!(SnapshotMeta::next_generation(Some(&meta), 500), 500);
    assert_eq!(SnapshotMeta::next_generation(Some(&meta), 100), 101);
    assert_eq!(SnapshotMeta::next_generation(Some(&meta), 50), 101);
    assert_eq!(entry_key_rest("example.nl"), "example.nl");
    let long = format!("{}.nl", "a".repeat(200));
    assert_eq!(entry_key_rest(&long).len(), 41);
}

#[test]
fn transfer_outcomes() {
    let t = today();
    for within_grace in [true, false] {
        assert_eq!(
            transfer_outcome("a.nl", &details("PENDING", Ok(None)), t, within_grace),
            Ok(TransferOutcome::Pending)
        );
        assert_eq!(
            transfer_outcome(
                "a.nl",
                &details("REGISTERED", Ok(Some(d(2026, 12, 1)))),
                t,
                within_grace
            ),
            Ok(TransferOutcome::Completed("2026-12-01".into()))
        );
        assert!(matches!(
            transfer_outcome("a.nl", &details("REGISTERED", Ok(None)), t, within_grace),
            Err(Error::Unexpected(_))
        ));
        // A status that names a failure is explicit at once.
        assert!(
            matches!(transfer_outcome("a.nl", &details("CANCELLED_BY_REGISTRY", Ok(None)), t, within_grace), Ok(TransferOutcome::Failed(m)) if m.contains("CANCELLED_BY_REGISTRY"))
        );
        // A status the component does not know stays pending.
        assert_eq!(
            transfer_outcome(
                "a.nl",
                &details("WAITING_FOR_REGISTRY", Ok(None)),
                t,
                within_grace
            ),
            Ok(TransferOutcome::Pending)
        );
        // QUARANTINE: an admin looks.
        assert!(matches!(
            transfer_outcome("a.nl", &details("QUARANTINE", Ok(None)), t, within_grace),
            Err(Error::InvalidState(_))
        ));
    }
    // DELETED may be an older record of the name within the grace period.
    assert_eq!(
        transfer_outcome("a.nl", &details("DELETED", Ok(None)), t, true),
        Ok(TransferOutcome::Pending)
    );
    assert!(
        matches!(transfer_outcome("a.nl", &details("DELETED", Ok(None)), t, false), Ok(TransferOutcome::Failed(m)) if m.contains("DELETED"))
    );
}

#[test]
fn report_diffing() {
    let panel = panel_map(&[
        PanelDomain {
            domain: "B.nl".into(),
            expiry: Some("2026-01-01".into()),
            next_due: None,
        },
        PanelDomain {
            domain: "a.nl".into(),
            expiry: Some("2026-05-01".into()),
            next_due: None,
        },
        PanelDomain {
            domain: "c.nl".into(),
            expiry: None,
            next_due: None,
        },
        PanelDomain {
            domain: "a.nl".into(),
            expiry: None,
            next_due: None,
        },
    ])
    .unwrap();
    let mut domains = BTreeMap::new();
    domains.insert(
        "a.nl".to_string(),
        entry(Some("REGISTERED"), Some("2026-05-01")),
    );
    domains.insert(
        "b.nl".to_string(),
        entry(Some("DELETE_SCHEDULED"), Some("2026-02-01")),
    );
    domains.insert(
        "c.nl".to_string(),
        entry(Some("QUARANTINE"), Some("2025-01-01")),
    );
    domains.insert("z.nl".to_string(), entry(None, None));
    domains.insert("y.nl".to_string(), entry(Some("REGISTERED"), None));
    domains.insert("x.nl".to_string(), entry(Some("DELETED"), None));
    let report = diff_report(
        &panel,
        &Snapshot {
            taken_at: 0,
            complete: true,
            domains,
        },
        3,
    );
    assert_eq!(report.panel_count, 3);
    assert_eq!(report.odr_count, 4);
    assert_eq!(report.missing_at_odr, vec!["c.nl"]);
    assert_eq!(report.unknown_to_panel, vec!["y.nl", "z.nl"]);
    assert_eq!(
        report.expiry_mismatches,
        vec![ExpiryMismatch {
            domain: "b.nl".into(),
            panel: Some("2026-01-01".into()),
            odr: Some("2026-02-01".into())
        }]
    );
    assert_eq!(report.requests, 3);
}

#[test]
fn panel_dates_are_checked() {
    let bad = [PanelDomain {
        domain: "a.nl".into(),
        expiry: Some("2026-02-30".into()),
        next_due: None,
    }];
    assert!(
        matches!(panel_map(&bad), Err(Error::InvalidInput { fields, .. }) if fields[0].0 == "panel-domains[0].expiry")
    );
}

#[test]
fn preview_rows() {
    let row = preview_row(
        "a.nl",
        Some(d(2026, 1, 1)),
        Some(d(2025, 12, 18)),
        Ok(SyncOutcome::Active("2026-03-01".into())),
        Some(14),
    );
    assert_eq!(row.shift_days, Some(59));
    assert_eq!(row.new_expiry.as_deref(), Some("2026-03-01"));
    assert_eq!(row.new_next_due.as_deref(), Some("2026-02-15"));
    assert_eq!(row.problem, None);
    let row = preview_row(
        "a.nl",
        None,
        Some(d(2025, 12, 18)),
        Ok(SyncOutcome::Active("2026-03-01".into())),
        None,
    );
    assert_eq!(row.shift_days, None);
    assert_eq!(row.new_next_due.as_deref(), Some("2025-12-18"));
    let row = preview_row(
        "a.nl",
        Some(d(2026, 1, 1)),
        None,
        Ok(SyncOutcome::Cancelled),
        Some(14),
    );
    assert_eq!((row.new_expiry, row.new_next_due), (None, None));
    assert!(row.problem.unwrap().contains("cancelled"));
    let row = preview_row("a.nl", None, None, Err("boom".into()), None);
    assert_eq!(row.problem.as_deref(), Some("boom"));
}
