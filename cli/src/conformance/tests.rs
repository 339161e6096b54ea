//! The pure parts of `odr conformance`: checks, table, EPP-code redaction, the guard.

use super::*;

#[test]
fn a_recordings_epp_codes_are_replaced_wherever_they_appear() {
    let text = serde_json::json!({
        "calls": [{"expect": {"ok": {"code": "Xk29PqLm7A"}}}],
        "exchanges": [{"request": {"body": {"auth_code": "Xk29PqLm7A"}},
                       "response": {"body": {"response": {"auth_code": "Xk29PqLm7A",
                                                          "note": "code Xk29PqLm7A"}}}}]
    })
    .to_string();
    let redacted = super::redact_recording_text(&text).unwrap();
    assert!(!redacted.contains("Xk29PqLm7A"), "{redacted}");
    assert_eq!(redacted.matches("<AUTH_CODE>").count(), 4, "{redacted}");
    let plain = r#"{"calls": [], "exchanges": []}"#;
    assert_eq!(super::redact_recording_text(plain).unwrap(), plain);
}

use odr_host::replay::{RecordedRequest, RecordedResponse};
use std::collections::BTreeMap;

const NOW: u64 = 1_764_547_200; // 2025-12-01

fn plan() -> Plan {
    Plan::new(
        Some("odrtest-x.nl"),
        "nl",
        &["ns1.odrdns.eu".into(), "NS2.odrdns.eu.".into()],
        "hostmaster@example.com",
        NOW,
        0,
    )
    .expect("plan")
}

fn exchange(method: &str, path: &str, request: Value, status: u16, body: Value) -> Exchange {
    Exchange {
        request: RecordedRequest {
            method: method.into(),
            path: path.into(),
            query: String::new(),
            headers: BTreeMap::new(),
            body: request,
            body_text: None,
        },
        response: RecordedResponse {
            status,
            headers: BTreeMap::new(),
            body,
            body_text: None,
            fault: None,
        },
        concurrent: None,
        note: None,
    }
}

fn verdicts(rows: &[Row]) -> Vec<(String, Verdict)> {
    rows.iter().map(|r| (r.check.clone(), r.result)).collect()
}

#[test]
fn generated_names_are_dated_and_valid_labels() {
    assert_eq!(test_label(NOW, 0x1a2b), "odrtest-20251201-000000-1a2b");
    let plan = Plan::new(None, ".eu", &["ns1.x.net".into()], "a@b.c", NOW, 7).expect("plan");
    assert_eq!(plan.domain, "odrtest-20251201-000000-0007.eu");
    assert_eq!(plan.label, "odrtest-20251201-000000-0007");
    assert_eq!(plan.tld, "eu");
    assert_eq!(plan.today.to_string(), "2025-12-01");
    assert!(Plan::new(Some("nodot"), "nl", &["ns".into()], "a@b.c", NOW, 0).is_err());
    assert!(Plan::new(None, "nl", &[" ".into()], "a@b.c", NOW, 0).is_err());
}

#[test]
fn the_production_host_is_recognised() {
    assert!(is_production("https://api.opendomainregistry.net/"));
    assert!(is_production("https://API.OpenDomainRegistry.net:443/x"));
    assert!(is_production("https://user@api.opendomainregistry.net./"));
    assert!(!is_production("http://api.odrregistry.nl/"));
    assert!(!is_production("http://127.0.0.1:8080/"));
    assert!(!is_production(
        "https://opendomainregistry.net.evil.example/"
    ));
}

#[test]
fn each_export_gets_its_arguments_from_one_place() {
    let plan = plan();
    let order = call_args(Step::Register, &plan);
    assert_eq!(order["order"]["domain"], "odrtest-x.nl");
    assert_eq!(order["order"]["period-years"], 1);
    assert_eq!(
        order["order"]["registrant"]["company-name"],
        "ODR conformance odrtest-x"
    );
    assert_eq!(
        call_args(Step::Availability, &plan),
        json!({"label": "odrtest-x", "tlds": ["nl"]})
    );
    for step in Step::ALL {
        let args = call_args(step, &plan);
        assert!(args.is_object(), "{step:?}");
        assert!(args.get("settings").is_none(), "{step:?}");
    }
    assert_eq!(Step::Cleanup.function(), "request-delete");
    assert_eq!(
        Step::Account.file_name(),
        "staging_01_check_credentials.json"
    );
    assert_eq!(
        Step::Cleanup.file_name(),
        "staging_14_cleanup_request_delete.json"
    );
}

#[test]
fn login_and_account_pass_only_with_a_token_and_an_account() {
    let login = exchange(
        "POST",
        "/user/login/",
        json!({}),
        200,
        json!({"status": "success", "code": 200,
               "response": {"token": "<TOKEN>", "as_header": "X-Access-Token"}}),
    );
    let mut facts = Facts::default();
    let ok = Outcome::Ok(json!({"user-id": "12", "balance": "250.00"}));
    let rows = check(
        Step::Account,
        &plan(),
        &mut facts,
        &ok,
        std::slice::from_ref(&login),
    );
    assert!(rows.iter().all(|r| r.result == Verdict::Pass), "{rows:?}");
    assert!(rows[0].note.contains("as_header X-Access-Token"));

    let refused = Outcome::Err(json!({"authentication-failed": "Invalid signature"}));
    let rows = check(Step::Account, &plan(), &mut facts, &refused, &[]);
    assert_eq!(
        verdicts(&rows),
        vec![
            (
                "login signature accepted, token issued".into(),
                Verdict::Fail
            ),
            ("check-credentials answers".into(), Verdict::Fail)
        ]
    );
    assert!(rows[1]
        .note
        .contains("authentication-failed: Invalid signature"));

    let no_balance = Outcome::Ok(json!({"user-id": "12", "balance": null}));
    let rows = check(Step::Account, &plan(), &mut facts, &no_balance, &[login]);
    assert_eq!(rows[1].result, Verdict::Fail);
}

#[test]
fn domain_list_shows_paging_headers_and_status_presence() {
    let mut page = exchange(
        "GET",
        "/domain/",
        Value::Null,
        200,
        json!({"status": "success", "code": 200, "response": [
            {"name": "a", "tld": "nl", "status": "REGISTERED"}, {"name": "b", "tld": "nl"}]}),
    );
    page.response
        .headers
        .insert("x-pagination-totalpages".into(), "1".into());
    page.response
        .headers
        .insert("content-type".into(), "application/json".into());
    let outcome = Outcome::Ok(json!({"odr-count": 2, "requests": 2}));
    let rows = check(
        Step::DomainList,
        &plan(),
        &mut Facts::default(),
        &outcome,
        &[page],
    );
    assert_eq!(rows[0].result, Verdict::Observed);
    assert_eq!(rows[0].note, "x-pagination-totalpages=1");
    assert_eq!(rows[1].note, "1 of 2 items have a status field");
    assert_eq!(rows[2].result, Verdict::Pass);
}

#[test]
fn a_taken_test_domain_fails_availability() {
    let taken = Outcome::Ok(json!([{"domain": "odrtest-x.nl", "tld": "nl",
                                    "status": "registered", "message": null}]));
    let rows = check(
        Step::Availability,
        &plan(),
        &mut Facts::default(),
        &taken,
        &[],
    );
    assert_eq!(rows[0].result, Verdict::Fail);
    assert!(rows[0].note.contains("choose another --domain"));
    let unknown = Outcome::Ok(json!([{"domain": "odrtest-x.nl", "tld": "nl",
                                      "status": "unknown", "message": "TLD not supported"}]));
    let rows = check(
        Step::Availability,
        &plan(),
        &mut Facts::default(),
        &unknown,
        &[],
    );
    assert_eq!(rows[0].note, "unknown: TLD not supported");
}

#[test]
fn register_notes_the_id_field_the_period_and_error_codes() {
    let exchanges = [
        exchange(
            "GET",
            "/domain/odrtest-x.nl/",
            Value::Null,
            404,
            json!({"status": "error", "code": 404,
                   "response": {"message": "Domain not found", "data": []}}),
        ),
        exchange(
            "POST",
            "/contact/",
            json!({}),
            200,
            json!({"status": "success", "code": 200, "response": {"id": 1300}}),
        ),
        exchange(
            "POST",
            "/domain/odrtest-x.nl/",
            json!({"period": 12}),
            200,
            json!({"status": "success", "code": 200, "response": {"status": "COMPLETED"}}),
        ),
    ];
    let outcome = Outcome::Ok(json!({"status": "completed", "domain-id": "5678",
        "contacts": {"registrant": 1300, "onsite": 1300, "tech": 1300},
        "created-contacts": [1300], "already-in-account": false}));
    let mut facts = Facts::default();
    let rows = check(Step::Register, &plan(), &mut facts, &outcome, &exchanges);
    assert_eq!(
        rows[0].note,
        "GET /domain/odrtest-x.nl/: HTTP 404, code 404, \"Domain not found\""
    );
    assert_eq!(
        rows[1].note,
        "period 12; the expiry is checked under domain info"
    );
    assert_eq!(rows[2].result, Verdict::Pass);
    assert_eq!(rows[3].note, "id in response.id");
    assert_eq!(rows[3].result, Verdict::Pass);
    assert_eq!(
        facts.ordered_contacts,
        Some(json!({"registrant": 1300, "onsite": 1300, "tech": 1300}))
    );

    let refused = Outcome::Err(json!({"refused": "Domain is not available"}));
    let rows = check(
        Step::Register,
        &plan(),
        &mut Facts::default(),
        &refused,
        &exchanges,
    );
    assert_eq!(rows.last().map(|r| r.result), Some(Verdict::Fail));
    assert!(Step::Register.stops_the_run());
}

#[test]
fn period_unit_from_the_expiry() {
    let today = date_of(NOW);
    let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
    assert_eq!(period_verdict(today, d("2026-12-01")).0, Verdict::Pass);
    let (verdict, note) = period_verdict(today, d("2037-12-01"));
    assert_eq!(verdict, Verdict::Fail);
    assert!(note.contains("as years"), "{note}");
    assert_eq!(period_verdict(today, d("2026-01-01")).0, Verdict::Fail);
    assert_eq!(period_verdict(today, None).0, Verdict::Observed);
}

#[test]
fn domain_info_checks_status_expiry_nameservers_and_contacts() {
    let mut facts = Facts {
        ordered_contacts: Some(json!({"registrant": 1300, "onsite": 1300, "tech": 1300})),
        ..Facts::default()
    };
    let info = Outcome::Ok(json!({"domain": "odrtest-x.nl", "id": "5678",
        "status": "registered", "expiry": "2026-12-01", "auto-renew": true,
        "nameservers": ["ns1.odrdns.eu", "ns2.odrdns.eu"],
        "contacts": {"registrant": 1300, "onsite": 1300, "tech": 1300}}));
    let rows = check(Step::DomainInfo, &plan(), &mut facts, &info, &[]);
    assert_eq!(
        verdicts(&rows),
        vec![
            ("status registered".into(), Verdict::Pass),
            (
                "expiry one year ahead (period in months)".into(),
                Verdict::Pass
            ),
            ("nameservers as ordered".into(), Verdict::Pass),
            ("contacts as ordered".into(), Verdict::Pass),
            ("auto-renew of a new registration".into(), Verdict::Observed),
        ]
    );
    assert_eq!(facts.auto_renew, Some(true));
    // Auto-renew was on: request-delete must switch it off.
    let off = Outcome::Ok(json!("already-scheduled"));
    let rows = check(Step::AutoRenewOff, &plan(), &mut facts, &off, &[]);
    assert_eq!(rows[0].result, Verdict::Fail);
    // transfer-sync must give the same expiry.
    let sync = Outcome::Ok(json!({"completed": "2026-12-02"}));
    let rows = check(Step::TransferSync, &plan(), &mut facts, &sync, &[]);
    assert_eq!(rows[0].result, Verdict::Fail);
    let sync = Outcome::Ok(json!({"completed": "2026-12-01"}));
    let rows = check(Step::TransferSync, &plan(), &mut facts, &sync, &[]);
    assert_eq!(rows[0].result, Verdict::Pass);

    let wrong_ns = Outcome::Ok(json!(["ns1.odrdns.eu"]));
    let rows = check(Step::GetNameservers, &plan(), &mut facts, &wrong_ns, &[]);
    assert_eq!(rows[0].result, Verdict::Fail);
}

#[test]
fn contact_read_back_compares_every_field() {
    let sent = json!({"first-name": "Conformance", "phone": "+31.201234567"});
    let mut facts = Facts {
        expected_registrant: Some(sent.clone()),
        ..Facts::default()
    };
    let same = Outcome::Ok(json!([["registrant", sent], ["onsite", {}]]));
    let rows = check(Step::ContactRead, &plan(), &mut facts, &same, &[]);
    assert_eq!(rows[0].result, Verdict::Pass);
    let changed = Outcome::Ok(json!([["registrant",
        {"first-name": "Conformance", "phone": "+31.20 1234567"}]]));
    let rows = check(Step::ContactRead, &plan(), &mut facts, &changed, &[]);
    assert_eq!(rows[0].result, Verdict::Fail);
    assert_eq!(
        rows[0].note,
        "phone: sent \"+31.201234567\", read \"+31.20 1234567\""
    );
}

#[test]
fn epp_codes_are_learnt_and_replaced_everywhere() {
    let recording = json!({
        "calls": [{"expect": {"ok": {"code": "Xk29PqLm7A"}}}],
        "exchanges": [
            {"response": {"body": {"response": {"auth_code": "Xk29PqLm7A", "name": "x"}}}},
            {"response": {"body": {"response": {"auth_code": null}}}},
            {"response": {"body_text": "code=Xk29PqLm7A;"}}
        ]
    });
    let mut codes = Vec::new();
    learn_auth_codes(&recording, &mut codes);
    assert_eq!(codes, vec!["Xk29PqLm7A".to_string()]);
    let redacted = redact_auth_codes(&recording, &codes);
    let text = redacted.to_string();
    assert!(!text.contains("Xk29PqLm7A"), "{text}");
    assert_eq!(redacted["calls"][0]["expect"]["ok"]["code"], "<AUTH_CODE>");
    assert_eq!(
        redacted["exchanges"][0]["response"]["body"]["response"]["name"],
        "x"
    );
    assert_eq!(
        redacted["exchanges"][2]["response"]["body_text"],
        "code=<AUTH_CODE>;"
    );
    // A short code is replaced only where it is the whole string.
    let short = vec!["ab".to_string()];
    assert_eq!(
        redact_auth_codes(&json!(["ab", "about"]), &short),
        json!(["<AUTH_CODE>", "about"])
    );
    // Placeholders are not learnt as codes.
    let mut none = Vec::new();
    learn_auth_codes(&json!({"auth_code": "<AUTH_CODE>"}), &mut none);
    assert!(none.is_empty());
}

#[test]
fn leaks_are_named() {
    let credentials = Credentials {
        api_key: "public$k".into(),
        api_secret: "secret$s".into(),
    };
    assert!(leaks("{\"a\": \"<API_KEY>\"}", &credentials, &["CODE99".into()]).is_empty());
    assert_eq!(
        leaks(
            "public$k secret$s token$abc \"CODE99\"",
            &credentials,
            &["CODE99".into()]
        ),
        vec![
            "the API secret",
            "the API key",
            "a token or signature",
            "an EPP code"
        ]
    );
}

#[test]
fn the_table_shows_failed_and_skipped_and_counts_them() {
    let rows = vec![
        row(Step::Account, "login", Verdict::Pass, "ok"),
        row(
            Step::Register,
            "order accepted",
            Verdict::Fail,
            "refused: taken",
        ),
        skipped(Step::ContactRead, Step::Register),
    ];
    let table = render_table(&rows);
    let lines: Vec<&str> = table.lines().collect();
    assert!(lines[0].starts_with("step"), "{table}");
    assert!(
        lines[2].contains("login") && lines[2].contains("pass"),
        "{table}"
    );
    assert!(lines[3].contains("FAIL") && lines[3].ends_with("refused: taken"));
    assert!(
        lines[4].contains("skipped") && lines[4].contains("\"register + contact create\" failed")
    );
    assert_eq!(
        lines[5],
        "3 checks: 1 passed, 1 failed, 0 observed, 1 skipped"
    );
    // Columns line up.
    let column = lines[0].find("result").expect("result column");
    assert_eq!(lines[3].find("FAIL"), Some(column));
    assert_eq!(lines[4].find("skipped"), Some(column));
}

#[test]
fn errors_read_as_one_line() {
    assert_eq!(
        describe_error(&json!({"invalid-input": {"message": "bad", "fields": []}})),
        "invalid-input: bad"
    );
    assert_eq!(
        describe_error(
            &json!({"rate-limited": {"message": "slow down", "retry-after-seconds": 5}})
        ),
        "rate-limited: slow down"
    );
}
