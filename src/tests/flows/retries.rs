//! One retry of a read: which failures are retried, and how often.

use super::*;

#[test]
fn a_read_failing_transiently_is_retried_once_after_the_backoff() {
    for (status, headers, wait) in [
        (503u16, vec![], 1000u32),
        (502, vec![], 1000),
        (504, vec![], 1000),
        (500, vec![], 1000),
        (503, vec![("Retry-After", "4")], 4000),
        (429, vec![], 1000),
        (429, vec![("Retry-After", "10")], 10_000),
    ] {
        let mut env = FakeEnv::warm();
        env.expect_raw(
            Get,
            "/domain/example.nl/info/",
            "",
            None,
            status,
            &headers,
            b"",
        );
        env.get("/domain/example.nl/info/", info("REGISTERED", "2026-09-01"));
        let ns = domain::get_nameservers(&mut env, &settings(), "example.nl").unwrap();
        assert_eq!(ns.len(), 2, "HTTP {status}");
        env.assert_done();
        assert_eq!(env.sleeps, vec![wait], "HTTP {status} {headers:?}");
        let retry: Vec<_> = env
            .calls
            .iter()
            .filter(|(_, request, _)| request.starts_with("retry once after"))
            .collect();
        assert_eq!(
            retry.len(),
            1,
            "the retry is in the module log: {:?}",
            env.calls
        );
        assert!(retry[0]
            .1
            .contains("GET http://odr.test/domain/example.nl/info/"));
    }
    let mut env = FakeEnv::warm();
    env.expect_transport_error(Get, "/domain/example.nl/info/", None, "timed out");
    env.get("/domain/example.nl/info/", info("REGISTERED", "2026-09-01"));
    assert!(domain::get_nameservers(&mut env, &settings(), "example.nl").is_ok());
    assert_eq!(env.sleeps, vec![1000]);
    assert!(!env.all_logged_text().contains(TOKEN));
}

#[test]
fn no_retry_for_a_long_retry_after_or_a_definite_answer() {
    let mut env = FakeEnv::warm();
    env.expect_raw(
        Get,
        "/domain/example.nl/info/",
        "",
        None,
        429,
        &[("Retry-After", "11")],
        b"{}",
    );
    let e = domain::get_nameservers(&mut env, &settings(), "example.nl").unwrap_err();
    assert!(matches!(e.to_wit(), RegistrarError::RateLimited(_)));
    env.now += 11;
    // A 503 asking for more than 10 s is not retried either.
    env.expect_raw(
        Get,
        "/domain/example.nl/info/",
        "",
        None,
        503,
        &[("Retry-After", "120")],
        b"",
    );
    let e = domain::get_nameservers(&mut env, &settings(), "example.nl").unwrap_err();
    assert!(matches!(e.to_wit(), RegistrarError::Transport(_)));
    for (status, body) in [
        (404u16, error(404, "Domain not found")),
        (400, error(400, "Domain is locked")),
        (
            200,
            json!({"status": "success", "response": {"status": "FAILED"}}),
        ),
    ] {
        env.expect(Get, "/domain/example.nl/info/", None, status, body);
        assert!(domain::get_nameservers(&mut env, &settings(), "example.nl").is_err());
    }
    env.assert_done();
    assert!(env.sleeps.is_empty());
}

#[test]
fn at_most_one_read_retry_per_call_and_never_a_write() {
    // Paging: page 1 retried; page 2 fails transiently too and is not retried again.
    let mut env = FakeEnv::warm();
    env.expect_raw(Get, "/domain/", "page=1", None, 503, &[], b"");
    env.expect_page(
        "/domain/",
        1,
        2,
        json!([list_item("a.nl", Some("REGISTERED"), "2026-09-01")]),
    );
    env.expect_raw(Get, "/domain/", "page=2", None, 502, &[], b"");
    let e = report::build_domain_report(&mut env, &settings(), &[]).unwrap_err();
    assert!(matches!(e.to_wit(), RegistrarError::Transport(m) if m.contains("HTTP 502")));
    env.assert_done();
    assert_eq!(env.sleeps, vec![1000]);

    // A write is never repeated.
    let mut env = FakeEnv::warm();
    env.expect_raw(
        Put,
        "/domain/example.nl/renew-off/",
        "",
        None,
        503,
        &[],
        b"",
    );
    env.expect_transport_error(Put, "/domain/example.nl/renew-off/", None, "timed out");
    assert!(domain::request_delete(&mut env, &settings(), "example.nl").is_err());
    assert!(domain::request_delete(&mut env, &settings(), "example.nl").is_err());
    env.assert_done();
    assert!(env.sleeps.is_empty());
}
