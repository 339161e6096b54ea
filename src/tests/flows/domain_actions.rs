//! Renew, delete, nameservers and the auth code.

use super::*;

#[test]
fn renew_each_state() {
    let mut env = FakeEnv::warm();
    env.get("/domain/example.nl/info/", info("REGISTERED", "2026-03-01"));
    assert_eq!(
        domain::renew_domain(&mut env, &settings(), "example.nl"),
        Ok(RenewOutcome::AutoRenewAlreadyOn)
    );

    let mut off = info("REGISTERED", "2026-03-01");
    off["autorenew"] = json!("OFF");
    env.get("/domain/example.nl/info/", off);
    env.expect(
        Put,
        "/domain/example.nl/renew-on/",
        None,
        200,
        ok(json!({"result": true})),
    );
    assert_eq!(
        domain::renew_domain(&mut env, &settings(), "example.nl"),
        Ok(RenewOutcome::AutoRenewSwitchedOn)
    );

    env.get("/domain/example.nl/info/", info("QUARANTINE", "2025-11-01"));
    env.expect(
        Put,
        "/domain/example.nl/reactivate/",
        None,
        200,
        ok(json!({"result": true})),
    );
    assert_eq!(
        domain::renew_domain(&mut env, &settings(), "example.nl"),
        Ok(RenewOutcome::Reactivated)
    );

    env.get("/domain/example.nl/info/", info("QUARANTINE", "2025-11-01"));
    env.expect(
        Put,
        "/domain/example.nl/reactivate/",
        None,
        200,
        ok(json!({"result": false})),
    );
    assert!(matches!(
        domain::renew_domain(&mut env, &settings(), "example.nl"),
        Err(Error::Refused(_))
    ));

    env.get("/domain/example.nl/info/", info("DELETED", "2025-11-01"));
    assert!(
        matches!(domain::renew_domain(&mut env, &settings(), "example.nl"), Err(Error::InvalidState(m)) if m.contains("DELETED"))
    );
    env.assert_done();
    assert_eq!(env.activities.len(), 2);
}

#[test]
fn save_nameservers_keeps_the_contacts() {
    let mut env = FakeEnv::warm();
    env.get("/domain/example.nl/info/", info("REGISTERED", "2026-03-01"));
    env.expect(
        Put,
        "/domain/example.nl/",
        Some(json!({
            "contact_registrant": 1234, "contact_onsite": 1235, "contact_tech": 1235,
            "ns1": {"host": "ns1.example.nl", "ip": "192.0.2.10"},
            "ns2": {"host": "ns2.example.net", "ip": null}
        })),
        200,
        ok(json!({"success": "COMPLETED", "result": true})),
    );
    domain::save_nameservers(
        &mut env,
        &settings(),
        "example.nl",
        &["NS1.example.nl".into(), "".into(), "ns2.example.net".into()],
        &[("ns1.example.nl".into(), "192.0.2.10".into())],
    )
    .unwrap();
    env.get("/domain/example.nl/info/", info("PENDING", "2026-03-01"));
    let e = domain::save_nameservers(
        &mut env,
        &settings(),
        "example.nl",
        &["ns1.example.net".into()],
        &[],
    );
    assert!(matches!(e, Err(Error::InvalidState(_))));
    assert!(matches!(
        domain::save_nameservers(&mut env, &settings(), "example.nl", &[], &[]),
        Err(Error::InvalidInput { .. })
    ));
    env.assert_done();
}

#[test]
fn auth_code_answers() {
    let mut env = FakeEnv::warm();
    env.get(
        "/domain/auth-code/example.nl/",
        json!({"domain_id": 5678, "auth_code": "Xk29PqLm7A"}),
    );
    env.get("/domain/auth-code/example.nl/", json!({"auth_code": true}));
    env.get("/domain/auth-code/example.be/", json!({"auth_code": null}));
    assert_eq!(
        domain::get_auth_code(&mut env, &settings(), "example.nl"),
        Ok(AuthCode::Code("Xk29PqLm7A".into()))
    );
    assert_eq!(
        domain::get_auth_code(&mut env, &settings(), "example.nl"),
        Ok(AuthCode::SentToRegistrant)
    );
    let e = domain::get_auth_code(&mut env, &settings(), "example.be").unwrap_err();
    assert!(
        matches!(e, Error::Refused(m) if m.contains("ODR has no auth code for domain example.be") && m.contains(".be"))
    );
    env.assert_done();
    // The code is returned, never logged.
    let logged = env.all_logged_text();
    assert!(!logged.contains("Xk29PqLm7A"), "{logged}");
    assert!(logged.contains(r#""auth_code":"********""#), "{logged}");
}

#[test]
fn a_signature_rule_that_could_leak_the_secret_is_refused() {
    let mut env = FakeEnv::new();
    let first = env.login_body();
    env.expect(
        Post,
        "/user/login/",
        Some(first),
        401,
        error(401, "Invalid signature"),
    );
    // A rule reducing to a bare hash of the secret: its "signature" would be a reusable
    // credential. No second login is sent.
    let rule = json!({"fields": {"signature": {
        "signature_rule": "#SHA1(#SHA1(API_SECRET)#)#",
        "signature_rule_clear": "#SHA1(API_SECRET)#"}}});
    env.expect(Post, "/info/user/login/", None, 200, ok(rule));
    let e = account::check_credentials(&mut env, &settings()).unwrap_err();
    env.assert_done();
    let RegistrarError::AuthenticationFailed(m) = e.to_wit() else {
        panic!("{e:?}")
    };
    assert!(
        m.contains("signature rule cannot be used")
            && m.contains("does not include the API key and the timestamp"),
        "{m}"
    );
    assert!(env.state.is_empty());
}

#[test]
fn a_plain_http_api_url_is_refused_before_any_request() {
    let mut env = FakeEnv::new();
    let mut s = settings();
    s.api_url = "http://api.opendomainregistry.net/".into();
    let e = domain::get_nameservers(&mut env, &s, "example.nl").unwrap_err();
    env.assert_done();
    let RegistrarError::InvalidInput(i) = e.to_wit() else {
        panic!("{e:?}")
    };
    assert_eq!(i.fields[0].field, "settings.api-url");
    assert!(i.message.contains("plain http://"), "{}", i.message);
}

#[test]
fn domain_info_maps_everything() {
    let mut env = FakeEnv::warm();
    env.get(
        "/domain/example.nl/info/",
        info("DELETE_SCHEDULED", "2026-03-01 00:00:00"),
    );
    let i = domain::get_domain_info(&mut env, &settings(), "Example.NL").unwrap();
    assert_eq!(
        i,
        DomainInfo {
            domain: "example.nl".into(),
            id: Some("5678".into()),
            status: DomainStatus::DeleteScheduled,
            expiry: Some("2026-03-01".into()),
            auto_renew: true,
            nameservers: vec!["ns1.example.net".into(), "ns2.example.nl".into()],
            contacts: RoleContacts {
                registrant: Some(1234),
                onsite: Some(1235),
                tech: None
            },
        }
    );
    env.get("/domain/example.nl/info/", info("REGISTERED", "2023-02-30"));
    assert!(matches!(
        domain::get_domain_info(&mut env, &settings(), "example.nl"),
        Err(Error::Unexpected(_))
    ));
    env.assert_done();
}
