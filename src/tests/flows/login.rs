//! Login and the token: signature, reuse, expiry, refusal.

use super::*;

#[test]
fn cold_call_logs_in_once_and_a_second_call_reuses_the_token() {
    let mut env = FakeEnv::new();
    env.expect_login();
    env.get(
        "/domain/example.nl/info/",
        info("REGISTERED", "2026-03-01 00:00:00"),
    );
    let ns = domain::get_nameservers(&mut env, &settings(), "example.nl").unwrap();
    assert_eq!(ns, vec!["ns1.example.net", "ns2.example.nl"]);
    let (stored, ttl) = env.state.get(&FakeEnv::token_key()).cloned().unwrap();
    assert_eq!(ttl, Some(3300));
    assert!(stored.contains(TOKEN));
    assert_eq!(
        env.sent[1]
            .headers
            .iter()
            .find(|(n, _)| n == "X-Access-Token")
            .map(|(_, v)| v.as_str()),
        Some(TOKEN)
    );
    assert!(env.sent[0]
        .headers
        .iter()
        .all(|(n, _)| n != "X-Access-Token"));
    assert!(env.sent[0]
        .headers
        .contains(&("Content-Type".into(), "application/json".into())));
    assert!(env.sent[1]
        .headers
        .contains(&("Accept".into(), "application/json".into())));
    assert!(env.sent[1].body.is_none());

    // A fresh instance: only the state survives. No login.
    env.get(
        "/domain/example.nl/info/",
        info("REGISTERED", "2026-03-01 00:00:00"),
    );
    domain::get_nameservers(&mut env, &settings(), "example.nl").unwrap();
    env.assert_done();
    assert_no_secrets(&env);
}

#[test]
fn a_rejected_signature_reads_the_rule_and_logs_in_once_more() {
    let mut env = FakeEnv::new();
    let first = env.login_body();
    env.expect(
        Post,
        "/user/login/",
        Some(first),
        401,
        error(401, "Invalid signature"),
    );
    let rule = json!({"fields": {"signature": {
        "signature_rule": "#MD5(#API_KEY#:#TIMESTAMP#:#MD5(API_SECRET)#)#",
        "signature_rule_clear": "#API_KEY#:#TIMESTAMP#:#MD5(API_SECRET)#"}}});
    env.expect(Post, "/info/user/login/", None, 200, ok(rule));
    let message = format!("{KEY}:{NOW}:{}", md5_hex(SECRET.as_bytes()));
    let signature = format!("token${}", md5_hex(message.as_bytes()));
    env.expect(
        Post,
        "/user/login/",
        Some(json!({"timestamp": NOW, "api_key": KEY, "signature": signature})),
        200,
        ok(json!({"token": TOKEN, "as_header": "X-Access-Token"})),
    );
    env.get("/user/", json!({"user_id": "12", "balance": "250.00"}));
    let a = account::check_credentials(&mut env, &settings()).unwrap();
    assert_eq!(
        a,
        Account {
            user_id: Some("12".into()),
            balance: Some("250.00".into())
        }
    );
    env.assert_done();
    assert!(!env.all_logged_text().contains(&signature));
}

#[test]
fn the_known_rule_refused_again_is_not_retried() {
    let mut env = FakeEnv::new();
    let first = env.login_body();
    env.expect(
        Post,
        "/user/login/",
        Some(first),
        200,
        json!({"status": "error", "code": 401, "response": "Signature is invalid"}),
    );
    let rule = json!({"fields": {"signature": {
        "signature_rule": "#SHA1(#API_KEY# #TIMESTAMP# #SHA1(API_SECRET)#)#",
        "signature_rule_clear": "#API_KEY# #TIMESTAMP# #SHA1(API_SECRET)#"}}});
    env.expect(Post, "/info/user/login/", None, 200, ok(rule));
    let e = account::check_credentials(&mut env, &settings()).unwrap_err();
    let RegistrarError::AuthenticationFailed(m) = e.to_wit() else {
        panic!("{e:?}")
    };
    assert!(m.contains("Signature is invalid") && m.contains(KEY), "{m}");
    env.assert_done();
    assert!(env.state.is_empty());
}

#[test]
fn transport_errors_say_what_failed() {
    let mut env = FakeEnv::warm();
    // A read is retried once after 1 s; the second refusal is reported.
    env.expect_transport_error(Get, "/domain/example.nl/info/", None, "connection refused");
    env.expect_transport_error(Get, "/domain/example.nl/info/", None, "connection refused");
    let e = domain::get_domain_info(&mut env, &settings(), "example.nl").unwrap_err();
    env.assert_done();
    assert_eq!(env.sleeps, vec![1000]);
    let RegistrarError::Transport(m) = e.to_wit() else {
        panic!("{e:?}")
    };
    assert!(
        m.contains("connection refused")
            && m.contains("example.nl")
            && m.contains("http://odr.test/"),
        "{m}"
    );
}

#[test]
fn bad_settings_fail_before_any_request() {
    let mut env = FakeEnv::new();
    let mut s = settings();
    s.api_secret = " ".into();
    assert!(matches!(
        domain::get_domain_info(&mut env, &s, "a.nl"),
        Err(Error::InvalidInput { .. })
    ));
    let mut s = settings();
    s.api_url = "ftp://x".into();
    assert!(
        matches!(domain::get_domain_info(&mut env, &s, "a.nl"), Err(Error::InvalidInput { fields, .. }) if fields[0].0 == "settings.api-url")
    );
    assert!(env.sent.is_empty());
}

#[test]
fn non_json_and_server_errors() {
    let mut env = FakeEnv::warm();
    env.expect_raw(
        Get,
        "/domain/example.nl/info/",
        "",
        None,
        200,
        &[],
        b"<html>maintenance</html>",
    );
    let e = domain::get_domain_info(&mut env, &settings(), "example.nl").unwrap_err();
    assert!(
        matches!(e.to_wit(), RegistrarError::UnexpectedResponse(m) if m.contains("HTTP 200") && m.contains("maintenance"))
    );
    env.expect_raw(Get, "/domain/example.nl/info/", "", None, 503, &[], b"");
    env.expect_raw(Get, "/domain/example.nl/info/", "", None, 503, &[], b"");
    let e = domain::get_domain_info(&mut env, &settings(), "example.nl").unwrap_err();
    assert!(
        matches!(e.to_wit(), RegistrarError::Transport(m) if m.contains("ODR is unavailable (HTTP 503)"))
    );
    assert_eq!(env.sleeps, vec![1000]);
    env.expect_raw(
        Get,
        "/domain/example.nl/info/",
        "",
        None,
        429,
        &[("Retry-After", "30")],
        b"{}",
    );
    let e = domain::get_domain_info(&mut env, &settings(), "example.nl").unwrap_err();
    assert!(
        matches!(e.to_wit(), RegistrarError::RateLimited(r) if r.retry_after_seconds == Some(30))
    );
    // ODR's Retry-After holds across calls: 10 s later the next call sends nothing.
    env.now += 10;
    let sent = env.sent.len();
    let e = domain::get_domain_info(&mut env, &settings(), "example.nl").unwrap_err();
    assert!(
        matches!(e.to_wit(), RegistrarError::RateLimited(r) if r.retry_after_seconds == Some(20))
    );
    assert_eq!(
        env.sent.len(),
        sent,
        "no request while ODR asked us to wait"
    );
    env.now += 20;
    env.expect(
        Get,
        "/domain/example.nl/info/",
        None,
        404,
        error(404, "Domain not found"),
    );
    let e = domain::get_domain_info(&mut env, &settings(), "example.nl").unwrap_err();
    assert!(
        matches!(e.to_wit(), RegistrarError::NotFound(m) if m.contains("example.nl") && m.contains("Domain not found"))
    );
    env.assert_done();
}
