//! A scripted [`Env`] for native tests: strict, ordered HTTP exchanges (like the
//! replay harness), an in-memory state store and captured logs.

use std::collections::{BTreeMap, VecDeque};

use serde_json::{json, Value};

use crate::env::{Env, HttpRequest, HttpResponse, Method};
use crate::odr::signature::known_signature;
use crate::odr::url::BaseUrl;
use crate::types::{ContactChoice, DomainOrder, OdrContact, PanelContact, Settings};

/// The pinned clock: 2025-12-01T00:00:00Z.
pub const NOW: i64 = 1_764_547_200;
pub const KEY: &str = "public$testkey";
pub const SECRET: &str = "secret$testsecret";
pub const TOKEN: &str = "token$4f2a9c0e1d";

pub fn settings() -> Settings {
    Settings {
        api_key: KEY.into(),
        api_secret: SECRET.into(),
        api_url: "http://odr.test/".into(),
        test_mode: false,
        onsite_contact: ContactChoice::SameAsRegistrant,
        tech_contact: ContactChoice::SameAsRegistrant,
        request_timeout_ms: 0,
        max_requests_per_second: 0,
    }
}

pub fn panel_contact() -> PanelContact {
    PanelContact {
        first_name: "Jan".into(),
        last_name: "Jansen".into(),
        company_name: String::new(),
        email: "jan@example.nl".into(),
        address1: "Dorpstraat 12".into(),
        address2: String::new(),
        city: "Amsterdam".into(),
        state: "Noord-Holland".into(),
        postcode: "1234 ab".into(),
        country: "NL".into(),
        phone: "+31.201234567".into(),
        fax: String::new(),
        vat_number: String::new(),
        language: String::new(),
    }
}

pub fn odr_contact() -> OdrContact {
    crate::contact::normalize(&panel_contact()).expect("the test contact normalises")
}

/// ODR's GET /contact/{id}/ payload for a contact.
pub fn contact_payload(id: u64, c: &OdrContact) -> Value {
    let mut v = crate::contact::to_request_body(c);
    if let Some(o) = v.as_object_mut() {
        o.insert("id".into(), json!(id));
    }
    v
}

pub fn order(domain: &str) -> DomainOrder {
    DomainOrder {
        domain: domain.into(),
        period_years: 1,
        registrant: panel_contact(),
        admin: None,
        tech: None,
        nameservers: vec!["ns1.example.net".into(), "ns2.example.net".into()],
        glue: vec![],
        auth_code: None,
    }
}

/// A success envelope.
pub fn ok(response: Value) -> Value {
    json!({"status": "success", "code": 200, "response": response})
}

/// An E1 error envelope.
pub fn error(code: u16, message: &str) -> Value {
    json!({"status": "error", "code": code, "response": {"message": message, "data": []}})
}

enum Reply {
    Response(HttpResponse),
    Transport(String),
}

struct Exchange {
    method: Method,
    path: String,
    query: String,
    body: Option<Value>,
    reply: Reply,
}

#[derive(Default)]
pub struct FakeEnv {
    pub now: i64,
    script: VecDeque<Exchange>,
    pub state: BTreeMap<String, (String, Option<u32>)>,
    pub calls: Vec<(String, String, String)>,
    pub activities: Vec<String>,
    pub sent: Vec<HttpRequest>,
    /// Every backoff the client waited, in milliseconds.
    pub sleeps: Vec<u32>,
    /// The fake monotonic clock: advanced by the waits only.
    pub monotonic_ms: u64,
    /// The size of every batch sent with `send_many`, in order.
    pub batches: Vec<usize>,
}

impl FakeEnv {
    pub fn new() -> Self {
        FakeEnv {
            now: NOW,
            ..Default::default()
        }
    }

    /// A fake with a valid stored token (warm).
    pub fn warm() -> Self {
        let mut env = Self::new();
        env.store_token();
        env
    }

    pub fn token_key() -> String {
        let base = BaseUrl::parse(&settings().api_url).unwrap().to_url();
        format!("odr:token:{}", crate::odr::client::account_id(KEY, &base))
    }

    pub fn key(kind: &str, rest: &str) -> String {
        let base = BaseUrl::parse(&settings().api_url).unwrap().to_url();
        let account = crate::odr::client::account_id(KEY, &base);
        if rest.is_empty() {
            format!("odr:{kind}:{account}")
        } else {
            format!("odr:{kind}:{account}:{rest}")
        }
    }

    pub fn store_token(&mut self) {
        let value = json!({"token": TOKEN, "header": "X-Access-Token", "expires_at": NOW + 3000})
            .to_string();
        self.state.insert(Self::token_key(), (value, Some(3300)));
    }

    #[allow(clippy::too_many_arguments)]
    pub fn expect_raw(
        &mut self,
        method: Method,
        path: &str,
        query: &str,
        body: Option<Value>,
        status: u16,
        headers: &[(&str, &str)],
        response: &[u8],
    ) -> &mut Self {
        self.script.push_back(Exchange {
            method,
            path: path.into(),
            query: query.into(),
            body,
            reply: Reply::Response(HttpResponse {
                status,
                headers: headers
                    .iter()
                    .map(|(a, b)| (a.to_string(), b.to_string()))
                    .collect(),
                body: response.to_vec(),
            }),
        });
        self
    }

    pub fn expect(
        &mut self,
        method: Method,
        path: &str,
        body: Option<Value>,
        status: u16,
        response: Value,
    ) -> &mut Self {
        let text = response.to_string();
        self.expect_raw(
            method,
            path,
            "",
            body,
            status,
            &[("Content-Type", "application/json")],
            text.as_bytes(),
        )
    }

    pub fn expect_page(&mut self, path: &str, page: u32, total: u32, items: Value) -> &mut Self {
        let total = total.to_string();
        let current = page.to_string();
        let text = ok(items).to_string();
        self.expect_raw(
            Method::Get,
            path,
            &format!("page={page}"),
            None,
            200,
            &[
                ("X-Pagination-TotalPages", &total),
                ("X-Pagination-CurrentPage", &current),
            ],
            text.as_bytes(),
        )
    }

    pub fn expect_transport_error(
        &mut self,
        method: Method,
        path: &str,
        body: Option<Value>,
        message: &str,
    ) -> &mut Self {
        self.script.push_back(Exchange {
            method,
            path: path.into(),
            query: String::new(),
            body,
            reply: Reply::Transport(message.into()),
        });
        self
    }

    pub fn login_body(&self) -> Value {
        json!({"timestamp": self.now, "api_key": KEY, "signature": known_signature(KEY, SECRET, self.now)})
    }

    pub fn expect_login(&mut self) -> &mut Self {
        let body = self.login_body();
        self.expect(
            Method::Post,
            "/user/login/",
            Some(body),
            200,
            ok(json!({"token": TOKEN, "as_header": "X-Access-Token", "as_request": "access_token"})),
        )
    }

    pub fn get(&mut self, path: &str, response: Value) -> &mut Self {
        self.expect(Method::Get, path, None, 200, ok(response))
    }

    pub fn assert_done(&self) {
        let left: Vec<String> = self
            .script
            .iter()
            .map(|e| format!("{} {}", e.method.as_str(), e.path))
            .collect();
        assert!(left.is_empty(), "unused exchanges: {left:?}");
    }

    pub fn all_logged_text(&self) -> String {
        let mut all = String::new();
        for (a, b, c) in &self.calls {
            all.push_str(&format!("{a}\n{b}\n{c}\n"));
        }
        for a in &self.activities {
            all.push_str(a);
            all.push('\n');
        }
        all
    }
}

impl Env for FakeEnv {
    fn now_unix(&self) -> i64 {
        self.now
    }

    fn monotonic_ms(&self) -> u64 {
        self.monotonic_ms
    }

    fn send(&mut self, _base: &BaseUrl, request: &HttpRequest) -> Result<HttpResponse, String> {
        self.sent.push(request.clone());
        let Some(next) = self.script.pop_front() else {
            panic!(
                "unexpected request {} {}?{}",
                request.method.as_str(),
                request.path,
                request.query
            );
        };
        let body: Option<Value> = request
            .body
            .as_ref()
            .map(|b| serde_json::from_slice(b).expect("request body is JSON"));
        assert_eq!(
            (
                next.method,
                next.path.as_str(),
                next.query.as_str(),
                &next.body
            ),
            (
                request.method,
                request.path.as_str(),
                request.query.as_str(),
                &body
            ),
            "request differs from the script"
        );
        match next.reply {
            Reply::Response(r) => Ok(r),
            Reply::Transport(m) => Err(m),
        }
    }

    fn send_many(
        &mut self,
        base: &BaseUrl,
        requests: &[HttpRequest],
    ) -> Vec<Result<HttpResponse, String>> {
        self.batches.push(requests.len());
        requests.iter().map(|r| self.send(base, r)).collect()
    }

    fn state_get(&mut self, key: &str) -> Result<Option<String>, String> {
        Ok(self.state.get(key).map(|(v, _)| v.clone()))
    }

    fn state_set(
        &mut self,
        key: &str,
        value: &str,
        ttl_seconds: Option<u32>,
    ) -> Result<(), String> {
        self.state.insert(key.into(), (value.into(), ttl_seconds));
        Ok(())
    }

    fn state_delete(&mut self, key: &str) -> Result<(), String> {
        self.state.remove(key);
        Ok(())
    }

    fn state_add(
        &mut self,
        key: &str,
        value: &str,
        ttl_seconds: Option<u32>,
    ) -> Result<bool, String> {
        if self.state.contains_key(key) {
            return Ok(false);
        }
        self.state.insert(key.into(), (value.into(), ttl_seconds));
        Ok(true)
    }

    fn log_call(&mut self, action: &str, request: &str, response: &str) {
        self.calls
            .push((action.into(), request.into(), response.into()));
    }

    fn activity(&mut self, message: &str, _domain: Option<&str>) {
        self.activities.push(message.into());
    }

    fn sleep_ms(&mut self, ms: u32) {
        self.monotonic_ms += u64::from(ms);
        self.sleeps.push(ms);
    }
}
