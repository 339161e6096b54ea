//! Generated replay scenarios too large for a readable data file: whole accounts of
//! hundreds or thousands of domains, built programmatically with the harness's own
//! recording types and replayed strictly like `tests/recordings/*.json`.
//!
//! - an expiry sync over 500 domains whose list carries status and expiry costs
//!   the login plus the list pages, and nothing per domain, while the snapshot is fresh;
//! - the domain report over a 2,500-domain account reads every page.

use odr_host::replay::{self, Recording, ReplayReport};
use odr_replay_tests::{runtime, NOW};
use serde_json::{json, Value};

/// The account id of the harness's test key and API URL (state keys).
const ACCOUNT: &str = "92416ccc9476f86b";
/// A token valid at [`NOW`], as the component stores it.
const WARM_TOKEN: &str = r#"{"token":"<TOKEN>","header":"X-Access-Token","expires_at":1764550000}"#;
const PER_PAGE: usize = 100;

fn login_exchange() -> Value {
    json!({
        "request": {"method": "POST", "path": "/user/login/", "query": "",
                    "body": {"timestamp": NOW, "api_key": "<API_KEY>", "signature": "<SIGNATURE>"}},
        "response": {"status": 200, "headers": {"content-type": "application/json"},
                     "body": {"status": "success", "code": 200,
                              "response": {"token": "<TOKEN>", "as_header": "X-Access-Token"}}}
    })
}

/// `GET /domain/?page=N` answered with `items` and the paging headers.
fn list_page(items: &[Value], page: usize, total: usize) -> Value {
    json!({
        "request": {"method": "GET", "path": "/domain/", "query": format!("page={page}"),
                    "headers": {"x-access-token": "<TOKEN>"}, "body": null},
        "response": {"status": 200,
                     "headers": {"content-type": "application/json",
                                 "x-pagination-currentpage": page.to_string(),
                                 "x-pagination-totalpages": total.to_string(),
                                 "x-pagination-perpage": PER_PAGE.to_string()},
                     "body": {"status": "success", "code": 200, "response": items}}
    })
}

/// The list split into pages of [`PER_PAGE`].
fn list_exchanges(items: &[Value]) -> Vec<Value> {
    let pages: Vec<&[Value]> = items.chunks(PER_PAGE).collect();
    pages
        .iter()
        .enumerate()
        .map(|(i, chunk)| list_page(chunk, i + 1, pages.len()))
        .collect()
}

/// A domain list item as ODR sends it (with the status CM reads).
fn list_item(i: usize, status: &str, expiry: Option<&str>) -> Value {
    json!({"id": (10_000 + i).to_string(), "name": format!("d{i:04}"), "api_handle": format!("d{i:04}"),
           "tld": "nl", "status": status, "created": "2024-03-01 10:00:00",
           "updated": "2025-03-01 10:00:00",
           "expiration_date": expiry.map(|e| format!("{e} 00:00:00"))})
}

/// A real calendar date in `year`, varying with `i` (days 1-28 exist in every month).
fn date(year: u32, i: usize, months: usize) -> String {
    format!("{year}-{:02}-{:02}", 1 + i % months, 1 + (i / 7) % 28)
}

fn run(recording: Value) -> ReplayReport {
    let recording: Recording = serde_json::from_value(recording).expect("a valid recording");
    replay::run_recording(runtime(), &recording, None)
}

fn assert_passed(report: &ReplayReport) {
    assert!(
        report.passed(),
        "the replay failed:\n{}",
        report
            .failures
            .iter()
            .take(5)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n\n")
    );
}

/// What the list says about domain `i` of the 500, and the sync outcome it must give.
fn sync_case(i: usize) -> (&'static str, Option<String>, Value) {
    match i % 10 {
        0..=5 => {
            let expiry = date(2026, i, 12);
            (
                "REGISTERED",
                Some(expiry.clone()),
                json!({"active": expiry}),
            )
        }
        6 => {
            let expiry = date(2026, i, 12);
            (
                "DELETE_SCHEDULED",
                Some(expiry.clone()),
                json!({"active": expiry}),
            )
        }
        7 => {
            let expiry = date(2025, i, 11);
            (
                "QUARANTINE",
                Some(expiry.clone()),
                json!({"expired": expiry}),
            )
        }
        8 => ("DELETED", None, json!("cancelled")),
        _ => ("PENDING", None, json!("pending")),
    }
}

#[test]
fn expiry_sync_over_500_domains_costs_the_pages_one_login_and_the_direct_reads() {
    const DOMAINS: usize = 500;
    let items: Vec<Value> = (0..DOMAINS)
        .map(|i| {
            let (status, expiry, _) = sync_case(i);
            list_item(i, status, expiry.as_deref())
        })
        .collect();
    let pages = DOMAINS.div_ceil(PER_PAGE);
    let mut exchanges = vec![login_exchange()];
    exchanges.extend(list_exchanges(&items));
    // The list answers only "active"; expired, cancelled and pending are read
    // from each domain's own record, in the panel's (reverse) order.
    let direct: Vec<usize> = (0..DOMAINS)
        .rev()
        .filter(|&i| !matches!(sync_case(i).0, "REGISTERED" | "DELETE_SCHEDULED"))
        .collect();
    for &i in &direct {
        let (status, expiry, _) = sync_case(i);
        exchanges.push(json!({
            "request": {"method": "GET", "path": format!("/domain/d{i:04}.nl/info/"), "query": "", "body": null},
            "response": {"status": 200, "body": {"status": "success", "code": 200, "response": {
                "id": 10_000 + i, "status": status, "name": format!("d{i:04}"), "tld": "nl",
                "autorenew": "OFF", "expiration_date": expiry.map(|e| format!("{e} 00:00:00"))}}}
        }));
    }
    // One sync-domain call per domain, in the panel's (reverse) order, one cron run.
    let calls: Vec<Value> = (0..DOMAINS)
        .rev()
        .map(|i| {
            let (_, _, outcome) = sync_case(i);
            json!({"function": "sync-domain",
                   "args": {"settings": "$settings", "domain": format!("d{i:04}.nl"),
                            "options": {"snapshot-max-age-seconds": 900, "panel-expiry": null, "panel-domains": []}},
                   "expect": {"ok": outcome}})
        })
        .collect();
    let report = run(json!({
        "description": "expiry sync over 500 domains with status and expiry in the list",
        "now": NOW,
        "calls": calls,
        "exchanges": exchanges,
    }));
    assert_passed(&report);
    assert_eq!(pages, 5);
    assert_eq!(direct.len(), 150);
    assert_eq!(
        report.exchanges_used,
        pages + 1 + direct.len(),
        "500 domains must cost the list pages, the login, and one read per domain the list \
         may not answer (expired, cancelled, pending)"
    );
    let snapshot: Value = serde_json::from_str(
        report
            .state
            .get(&format!("odr:snapshot:{ACCOUNT}"))
            .expect("the snapshot is stored"),
    )
    .expect("the snapshot is JSON");
    assert_eq!(snapshot["complete"], json!(true));
    assert_eq!(snapshot["count"], json!(DOMAINS));
    // Stored per domain: one small entry each, next to the meta entry.
    let prefix = format!("odr:snapshot:{ACCOUNT}:");
    assert_eq!(
        report
            .state
            .keys()
            .filter(|k| k.starts_with(&prefix))
            .count(),
        DOMAINS
    );
}

#[test]
fn expiry_sync_asks_only_for_the_domains_the_list_cannot_answer() {
    // Warm token; 300 domains, three of which the list gives without a status: the
    // run costs the pages plus one info request each for those three.
    const DOMAINS: usize = 300;
    let unanswered = [17usize, 150, 299];
    let items: Vec<Value> = (0..DOMAINS)
        .map(|i| {
            let mut item = list_item(i, "REGISTERED", Some(&date(2026, i, 12)));
            if let (true, Some(object)) = (unanswered.contains(&i), item.as_object_mut()) {
                object.remove("status");
            }
            item
        })
        .collect();
    let mut exchanges = list_exchanges(&items);
    let mut calls = Vec::new();
    for i in 0..DOMAINS {
        let expiry = date(2026, i, 12);
        calls.push(json!({"function": "sync-domain",
                          "args": {"settings": "$settings", "domain": format!("d{i:04}.nl"),
                                   "options": {"snapshot-max-age-seconds": 0, "panel-expiry": null, "panel-domains": []}},
                          "expect": {"ok": {"active": expiry}}}));
        if unanswered.contains(&i) {
            exchanges.push(json!({
                "request": {"method": "GET", "path": format!("/domain/d{i:04}.nl/info/"), "query": "", "body": null},
                "response": {"status": 200, "body": {"status": "success", "code": 200, "response": {
                    "id": 10_000 + i, "status": "REGISTERED", "name": format!("d{i:04}"), "tld": "nl",
                    "autorenew": "ON", "expiration_date": format!("{expiry} 00:00:00"),
                    "contacts_map": {"REGISTRANT": 1234}, "nameservers": ["ns1.example.net"]}}}
            }));
        }
    }
    let report = run(json!({
        "description": "expiry sync: list pages plus one info per domain without a status",
        "now": NOW,
        "state": {format!("odr:token:{ACCOUNT}"): WARM_TOKEN},
        "calls": calls,
        "exchanges": exchanges,
    }));
    assert_passed(&report);
    assert_eq!(report.exchanges_used, 3 + unanswered.len());
}

#[test]
fn report_over_a_2500_domain_account_reads_every_page() {
    const DOMAINS: usize = 2_500;
    let deleted = |i: usize| i % 250 == 7;
    let unknown_to_panel = |i: usize| i >= 2_490;
    let mismatch = |i: usize| i % 500 == 3;
    let odr_expiry = |i: usize| date(2026, i, 12);

    let items: Vec<Value> = (0..DOMAINS)
        .map(|i| {
            let status = if deleted(i) { "DELETED" } else { "REGISTERED" };
            list_item(i, status, Some(&odr_expiry(i)))
        })
        .collect();
    let mut panel = Vec::new();
    let mut missing_at_odr = Vec::new();
    let mut mismatches = Vec::new();
    for i in (0..DOMAINS).filter(|&i| !unknown_to_panel(i)) {
        let name = format!("d{i:04}.nl");
        let expiry = if mismatch(i) {
            date(2025, i, 12)
        } else {
            odr_expiry(i)
        };
        if deleted(i) {
            missing_at_odr.push(name.clone());
        } else if mismatch(i) {
            mismatches.push(json!({"domain": name, "panel": expiry, "odr": odr_expiry(i)}));
        }
        panel.push(json!({"domain": name, "expiry": expiry, "next-due": expiry}));
    }
    for k in 0..5 {
        let name = format!("extra{k}.nl");
        missing_at_odr.push(name.clone());
        panel.push(json!({"domain": name, "expiry": "2026-06-01", "next-due": null}));
    }
    missing_at_odr.sort();
    let unknown: Vec<String> = (0..DOMAINS)
        .filter(|&i| unknown_to_panel(i) && !deleted(i))
        .map(|i| format!("d{i:04}.nl"))
        .collect();
    let pages = DOMAINS.div_ceil(PER_PAGE);
    let odr_count = (0..DOMAINS).filter(|&i| !deleted(i)).count();
    let expected = json!({
        "panel-count": panel.len(),
        "odr-count": odr_count,
        "missing-at-odr": missing_at_odr,
        "unknown-to-panel": unknown,
        "expiry-mismatches": mismatches,
        "requests": pages,
    });
    let report = run(json!({
        "description": "domain report over 2,500 domains on 25 pages",
        "now": NOW,
        "state": {format!("odr:token:{ACCOUNT}"): WARM_TOKEN},
        "calls": [{"function": "build-domain-report",
                   "args": {"settings": "$settings", "panel-domains": panel},
                   "expect": {"ok": expected}}],
        "exchanges": list_exchanges(&items),
    }));
    assert_passed(&report);
    assert_eq!(pages, 25);
    assert_eq!(report.exchanges_used, pages, "every page, nothing else");
    // The sizes the expectation was built from, spelled out.
    assert_eq!(odr_count, 2_490);
    assert_eq!(
        expected["missing-at-odr"].as_array().map(Vec::len),
        Some(15)
    );
    assert_eq!(
        expected["unknown-to-panel"].as_array().map(Vec::len),
        Some(10)
    );
    assert_eq!(
        expected["expiry-mismatches"].as_array().map(Vec::len),
        Some(5)
    );
}
