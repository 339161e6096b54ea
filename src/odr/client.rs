//! The ODR client: login with a stored token, requests with one re-login on an
//! authentication error and one retry of a read that failed transiently
//! (after a backoff), paged lists, masked logging. All I/O goes through
//! [`Env`]; the decisions are the pure functions of the sibling modules.

use serde_json::Value;

use super::envelope::{classify, ApiError, ApiErrorKind, Reply};
use super::mask::Masker;
use super::pacing::{Pacer, MAX_IN_FLIGHT};
use super::paging::{next_page, Next, MAX_PAGES};
use super::signature::{check_template, clear_template, evaluate_rule, known_signature, sha1_hex};
use super::url::{query, BaseUrl};
use super::{request, response};
use crate::env::{Env, HttpRequest, HttpResponse, Method};
use crate::error::Error;
use crate::types::Settings;

/// How long a token is reused (ODR's lifetime is unknown; WH used 3600 s).
pub const TOKEN_TTL_SECONDS: u32 = 3300;
/// The default per-request timeout.
pub const DEFAULT_TIMEOUT_MS: u32 = 30_000;
/// The wait before the one retry of a read, when ODR names none.
pub const READ_RETRY_BACKOFF_MS: u32 = 1_000;
/// The longest `Retry-After` (seconds) the one retry of a read waits for; a
/// rate limit asking for more fails the call at once.
pub const READ_RETRY_MAX_WAIT_SECONDS: u32 = 10;
/// The most response bytes copied into one module-call log entry.
const LOG_BODY_LIMIT: usize = 65_536;

/// A token as kept in `state` under `odr:token:<account>`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredToken {
    /// The token.
    pub token: String,
    /// The header that carries it.
    pub header: String,
    /// Unix time after which it is not reused.
    pub expires_at: i64,
}

impl StoredToken {
    /// As stored: `{"token": .., "header": .., "expires_at": ..}`.
    pub fn to_json(&self) -> String {
        serde_json::json!({"token": self.token, "header": self.header, "expires_at": self.expires_at}).to_string()
    }

    /// From the stored text; `None` when it is not a token entry.
    pub fn from_json(text: &str) -> Option<StoredToken> {
        // from_slice as for response bodies: one JSON reader in the component (size).
        let v: Value = serde_json::from_slice(text.as_bytes()).ok()?;
        Some(StoredToken {
            token: v.get("token")?.as_str()?.to_string(),
            header: v.get("header")?.as_str()?.to_string(),
            expires_at: v.get("expires_at")?.as_i64()?,
        })
    }
}

/// A whole list, read page by page.
#[derive(Clone, Debug, PartialEq)]
pub struct Listing {
    /// Every item of every page, in order.
    pub items: Vec<Value>,
    /// False when the loop guard stopped the paging early.
    pub complete: bool,
    /// Pages read.
    pub pages: u32,
}

/// One read of a batch ([`Client::get_many`]): the path's segments, and what
/// it is for (in errors).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Read {
    /// The path's segments, e.g. `["domain", "example.nl", "available"]`.
    pub segments: Vec<String>,
    /// What the read is for, e.g. "checking the availability of example.nl".
    pub what: String,
}

/// One client per operation call.
pub struct Client<'e, E: Env> {
    env: &'e mut E,
    action: String,
    api_key: String,
    api_secret: String,
    base: BaseUrl,
    timeout_ms: u32,
    account: String,
    masker: Masker,
    token: Option<StoredToken>,
    relogin_used: bool,
    read_retry_used: bool,
    requests: u32,
    pacer: Pacer,
    backoff_checked: bool,
}

/// Short id of the account behind these settings, for state keys (a hash of
/// the API key and base URL; no secret goes into it).
pub fn account_id(api_key: &str, base_url: &str) -> String {
    sha1_hex(format!("{api_key}\n{base_url}").as_bytes())
        .chars()
        .take(16)
        .collect()
}

impl<'e, E: Env> Client<'e, E> {
    /// A client for `settings`; `action` names the operation in the module log.
    pub fn new(env: &'e mut E, settings: &Settings, action: &str) -> Result<Self, Error> {
        let api_key = settings.api_key.trim().to_string();
        let api_secret = settings.api_secret.trim().to_string();
        if api_key.is_empty() {
            return Err(Error::invalid_field(
                "settings.api-key",
                "the ODR API key is empty",
            ));
        }
        if api_secret.is_empty() {
            return Err(Error::invalid_field(
                "settings.api-secret",
                "the ODR API secret is empty",
            ));
        }
        let url = super::url::select(&settings.api_url, settings.test_mode);
        let base = BaseUrl::parse(&url).map_err(|m| {
            Error::invalid_field(
                "settings.api-url",
                format!("{m}; use e.g. https://api.opendomainregistry.net/"),
            )
        })?;
        let mut masker = Masker::default();
        masker.add(&api_secret);
        let timeout_ms = match settings.request_timeout_ms {
            0 => DEFAULT_TIMEOUT_MS,
            ms => ms,
        };
        Ok(Client {
            account: account_id(&api_key, &base.to_url()),
            env,
            action: action.to_string(),
            api_key,
            api_secret,
            base,
            timeout_ms,
            masker,
            token: None,
            relogin_used: false,
            read_retry_used: false,
            requests: 0,
            pacer: Pacer::new(settings.max_requests_per_second),
            backoff_checked: false,
        })
    }

    /// The environment (state, log, clock).
    pub fn env(&mut self) -> &mut E {
        self.env
    }

    /// The current Unix time.
    pub fn now(&self) -> i64 {
        self.env.now_unix()
    }

    /// The account id of this client's state keys (API key and URL, hashed).
    pub fn account(&self) -> &str {
        &self.account
    }

    /// The API key (ODR's public half of the credentials).
    pub fn api_key(&self) -> &str {
        &self.api_key
    }

    /// The API base URL.
    pub fn api_url(&self) -> String {
        self.base.to_url()
    }

    /// HTTP requests made so far.
    pub fn requests(&self) -> u32 {
        self.requests
    }

    /// A state key for this account: `odr:<kind>:<account>[:<rest>]`.
    pub fn state_key(&self, kind: &str, rest: &str) -> String {
        if rest.is_empty() {
            format!("odr:{kind}:{}", self.account)
        } else {
            format!("odr:{kind}:{}:{rest}", self.account)
        }
    }

    /// Mask secrets in a text.
    pub fn mask(&self, text: &str) -> String {
        self.masker.mask(text)
    }

    /// Read a state key; a store failure is a transport error.
    pub fn state_get(&mut self, key: &str) -> Result<Option<String>, Error> {
        self.env
            .state_get(key)
            .map_err(|m| state_error("read", key, &m))
    }

    /// Write a state key.
    pub fn state_set(&mut self, key: &str, value: &str, ttl: Option<u32>) -> Result<(), Error> {
        self.env
            .state_set(key, value, ttl)
            .map_err(|m| state_error("write", key, &m))
    }

    /// Store a state key only when absent (the host's atomic insert); `true`
    /// when stored.
    pub fn state_add(&mut self, key: &str, value: &str, ttl: Option<u32>) -> Result<bool, Error> {
        self.env
            .state_add(key, value, ttl)
            .map_err(|m| state_error("write", key, &m))
    }

    /// Delete a state key.
    pub fn state_delete(&mut self, key: &str) -> Result<(), Error> {
        self.env
            .state_delete(key)
            .map_err(|m| state_error("delete", key, &m))
    }

    /// One activity-log line (masked).
    pub fn activity(&mut self, message: &str, domain: Option<&str>) {
        let message = self.masker.mask(message);
        self.env.activity(&message, domain);
    }

    /// A decision the module log should show although no request was made.
    pub fn log_decision(&mut self, text: &str) {
        let text = self.masker.mask(text);
        self.env
            .log_call(&self.action, "(no request: decision)", &text);
    }

    /// An `unexpected-response` error about an unreadable payload.
    pub fn unreadable(&self, what: &str, problem: &str) -> Error {
        Error::Unexpected(self.mask(&format!(
            "ODR's answer could not be read while {what}: {problem}. Try again; if it persists, \
             check the module log and contact ODR."
        )))
    }

    fn token_key(&self) -> String {
        self.state_key("token", "")
    }

    /// Before the first request of a call: a `Retry-After` that an earlier
    /// call received and that has not run out yet fails this call at once,
    /// without a request (ODR asked us to stay away).
    fn honour_backoff(&mut self, what: &str) -> Result<(), Error> {
        if self.backoff_checked {
            return Ok(());
        }
        self.backoff_checked = true;
        let key = self.state_key("backoff", "");
        let until = self
            .state_get(&key)?
            .and_then(|t| t.trim().parse::<i64>().ok());
        let now = self.now();
        match until {
            Some(until) if until > now => {
                let wait = u32::try_from(until - now).unwrap_or(u32::MAX);
                Err(Error::Odr {
                    what: what.to_string(),
                    api: ApiError {
                        kind: ApiErrorKind::RateLimited,
                        // No response: the wait comes from an earlier call.
                        http_status: 0,
                        message: format!("Retry-After: {wait} s left, no request sent"),
                        fields: Vec::new(),
                        retry_after: Some(wait),
                    },
                })
            }
            _ => Ok(()),
        }
    }

    /// After a rate limit with `Retry-After`: keep it for the calls that follow
    /// (other cron runs, other admin pages), in `state` with that lifetime.
    fn remember_backoff(&mut self, api: &ApiError) -> Result<(), Error> {
        match (api.kind, api.retry_after) {
            (ApiErrorKind::RateLimited, Some(seconds)) if seconds > 0 => {
                let key = self.state_key("backoff", "");
                let until = self.now().saturating_add(i64::from(seconds));
                self.state_set(&key, &until.to_string(), Some(seconds))
            }
            _ => Ok(()),
        }
    }

    /// One exchange: build, send, log, classify. No retries.
    fn exchange(
        &mut self,
        method: Method,
        segments: &[&str],
        pairs: &[(&str, &str)],
        json: Option<&Value>,
        authenticated: bool,
        what: &str,
    ) -> Result<Reply, Error> {
        let request = self.build(method, segments, pairs, json, authenticated);
        self.honour_backoff(what)?;
        let wait = self.pacer.take(self.env.monotonic_ms());
        if wait > 0 {
            self.env.sleep_ms(wait);
        }
        self.requests += 1;
        let shown = self.request_text(&request);
        let result = self.env.send(&self.base, &request);
        self.conclude(&shown, result, authenticated, what)
    }

    /// Authenticated reads sent together: up to [`MAX_IN_FLIGHT`] in flight at
    /// once, as the limiter allows (a batch is sent when it is full or before
    /// the limiter makes a request wait). Answers in order; no retries. Once
    /// ODR rate limits a read, the reads not sent yet stay unsent and get that
    /// answer. `Err` only when an earlier call's `Retry-After` forbids sending
    /// anything.
    fn exchange_many(&mut self, reads: &[&Read]) -> Result<Vec<Result<Reply, Error>>, Error> {
        let Some(first) = reads.first() else {
            return Ok(Vec::new());
        };
        self.honour_backoff(&first.what)?;
        let mut answers = Vec::with_capacity(reads.len());
        let mut batch: Vec<(HttpRequest, String, &str)> = Vec::new();
        for read in reads {
            let now = self.env.monotonic_ms();
            let wait = self.pacer.take(now);
            if wait > 0 || batch.len() >= MAX_IN_FLIGHT {
                self.send_batch(std::mem::take(&mut batch), &mut answers);
                let due = now.saturating_add(u64::from(wait));
                let left = due.saturating_sub(self.env.monotonic_ms());
                if left > 0 && first_rate_limit(&answers).is_none() {
                    self.env.sleep_ms(u32::try_from(left).unwrap_or(u32::MAX));
                }
            }
            if let Some(limited) = first_rate_limit(&answers) {
                answers.push(Err(limited));
                continue;
            }
            let segments: Vec<&str> = read.segments.iter().map(String::as_str).collect();
            let request = self.build(Method::Get, &segments, &[], None, true);
            let shown = self.request_text(&request);
            self.requests += 1;
            batch.push((request, shown, &read.what));
        }
        self.send_batch(batch, &mut answers);
        Ok(answers)
    }

    fn send_batch(
        &mut self,
        batch: Vec<(HttpRequest, String, &str)>,
        answers: &mut Vec<Result<Reply, Error>>,
    ) {
        if batch.is_empty() {
            return;
        }
        let requests: Vec<HttpRequest> = batch.iter().map(|(r, _, _)| r.clone()).collect();
        let mut results = self.env.send_many(&self.base, &requests).into_iter();
        for (_, shown, what) in batch {
            let result = results
                .next()
                .unwrap_or_else(|| Err("the host gave no answer for this request".to_string()));
            answers.push(self.conclude(&shown, result, true, what));
        }
    }

    /// The request of one exchange (with the token when `authenticated`).
    fn build(
        &self,
        method: Method,
        segments: &[&str],
        pairs: &[(&str, &str)],
        json: Option<&Value>,
        authenticated: bool,
    ) -> HttpRequest {
        let mut headers = vec![("Accept".to_string(), "application/json".to_string())];
        let body = json
            .filter(|v| !matches!(v, Value::Null) && v.as_object().is_none_or(|o| !o.is_empty()))
            .map(|v| v.to_string().into_bytes());
        if body.is_some() {
            headers.push(("Content-Type".to_string(), "application/json".to_string()));
        }
        if authenticated {
            if let Some(token) = &self.token {
                headers.push((token.header.clone(), token.token.clone()));
            }
        }
        HttpRequest {
            method,
            path: self.base.path(segments),
            query: query(pairs),
            headers,
            body,
            timeout_ms: self.timeout_ms,
        }
    }

    /// The request as the module log shows it (masked).
    fn request_text(&self, request: &HttpRequest) -> String {
        let mut t = format!(
            "{} {}{}",
            request.method.as_str(),
            self.base.to_url().trim_end_matches('/'),
            request.path_with_query()
        );
        if let Some(b) = &request.body {
            t.push('\n');
            t.push_str(&String::from_utf8_lossy(b));
        }
        self.masker.mask(&t)
    }

    /// After an exchange: log it, learn a login's token, classify the answer,
    /// keep a `Retry-After`.
    fn conclude(
        &mut self,
        request_text: &str,
        result: Result<HttpResponse, String>,
        authenticated: bool,
        what: &str,
    ) -> Result<Reply, Error> {
        match result {
            Err(message) => {
                let message = self.masker.mask(&message);
                self.env.log_call(
                    &self.action,
                    request_text,
                    &format!("transport error: {message}"),
                );
                Err(Error::Transport(format!(
                    "ODR could not be reached while {what}: {message}. Check the server's network \
                     and the API URL ({}); try again later.",
                    self.base.to_url()
                )))
            }
            Ok(response) => {
                if !authenticated {
                    // A login answer carries the new token: mask it before logging.
                    if let Ok(v) = serde_json::from_slice::<Value>(&response.body) {
                        if let Some(token) = v
                            .get("response")
                            .and_then(|r| r.get("token"))
                            .and_then(Value::as_str)
                        {
                            self.masker.add(token);
                        }
                    }
                }
                let shown = response
                    .body
                    .get(..LOG_BODY_LIMIT)
                    .unwrap_or(&response.body);
                let response_text = self.masker.mask(&format!(
                    "HTTP {}\n{}",
                    response.status,
                    String::from_utf8_lossy(shown)
                ));
                self.env
                    .log_call(&self.action, request_text, &response_text);
                let classified = classify(response.status, &response.headers, &response.body);
                if let Err(api) = &classified {
                    self.remember_backoff(api)?;
                }
                classified.map_err(|mut api| {
                    api.message = self.masker.mask(&api.message);
                    for (_, m) in api.fields.iter_mut() {
                        *m = self.masker.mask(m);
                    }
                    Error::Odr {
                        what: what.to_string(),
                        api,
                    }
                })
            }
        }
    }

    /// Log in now, ignoring any stored token, and store the new token.
    ///
    /// One request by the known signature rule. Only when ODR rejects it: read
    /// `POST /info/user/login/`, evaluate its rule, and log in once more (unless
    /// the rule gives the same signature, which ODR just refused).
    pub fn login_fresh(&mut self) -> Result<(), Error> {
        let timestamp = self.env.now_unix();
        let signature = known_signature(&self.api_key, &self.api_secret, timestamp);
        self.masker.add(&signature);
        let login = request::login(timestamp, &self.api_key, &signature);
        let first = self.exchange(
            Method::Post,
            &["user", "login"],
            &[],
            Some(&login),
            false,
            "logging in",
        );
        let reply = match first {
            Ok(reply) => reply,
            Err(error) if signature_rejected(&error) => {
                let Some(retry) = self.signature_from_rule(timestamp, &signature)? else {
                    return Err(self.login_refused(&error));
                };
                self.masker.add(&retry);
                let login = request::login(timestamp, &self.api_key, &retry);
                match self.exchange(
                    Method::Post,
                    &["user", "login"],
                    &[],
                    Some(&login),
                    false,
                    "logging in",
                ) {
                    Ok(reply) => reply,
                    Err(again) if signature_rejected(&again) => {
                        return Err(self.login_refused(&again))
                    }
                    Err(again) => return Err(again),
                }
            }
            Err(error) => return Err(error),
        };
        let answer =
            response::login(&reply.payload).map_err(|m| self.unreadable("logging in", &m))?;
        self.masker.add(&answer.token);
        let stored = StoredToken {
            token: answer.token,
            header: answer.header,
            expires_at: timestamp + i64::from(TOKEN_TTL_SECONDS),
        };
        let key = self.token_key();
        let text = stored.to_json();
        self.token = Some(stored);
        self.state_set(&key, &text, Some(TOKEN_TTL_SECONDS))
    }

    /// The signature by ODR's published rule, when it differs from `tried`. A
    /// rule that could leak the secret (see [`check_template`]) is an error.
    fn signature_from_rule(
        &mut self,
        timestamp: i64,
        tried: &str,
    ) -> Result<Option<String>, Error> {
        let Ok(info) = self.exchange(
            Method::Post,
            &["info", "user", "login"],
            &[],
            None,
            false,
            "reading ODR's signature rule",
        ) else {
            return Ok(None);
        };
        let Ok((rule, clear)) = response::signature_rule(&info.payload) else {
            return Ok(None);
        };
        let template = clear_template(&rule, clear.as_deref()).ok();
        if let Some(refused) = template.as_deref().and_then(|t| check_template(t).err()) {
            return Err(Error::AuthenticationFailed(self.mask(&format!(
                "ODR refused the login with API key {} and its signature rule cannot be used: \
                 {refused}. Check the API key and secret, and contact ODR about the rule.",
                self.api_key
            ))));
        }
        let Ok(signature) = evaluate_rule(
            &rule,
            clear.as_deref(),
            &self.api_key,
            &self.api_secret,
            timestamp,
        ) else {
            return Ok(None);
        };
        Ok((signature != tried).then_some(signature))
    }

    fn login_refused(&self, error: &Error) -> Error {
        let said = error
            .api()
            .map(|a| a.message.clone())
            .unwrap_or_else(|| error.message());
        let hint = if self.api_key.starts_with("public$") {
            ""
        } else {
            " ODR API keys start with public$: put the key in the API key field and the secret in the secret field."
        };
        Error::AuthenticationFailed(self.mask(&format!(
            "ODR refused the login with API key {} at {}: {said}. Check the API key and secret in \
             the module settings (test mode needs the separate staging keys) and that the server \
             clock is right.{hint}",
            self.api_key,
            self.base.to_url()
        )))
    }

    /// Use the stored token, or log in.
    fn ensure_token(&mut self) -> Result<(), Error> {
        if self.token.is_some() {
            return Ok(());
        }
        let key = self.token_key();
        let now = self.env.now_unix();
        if let Some(text) = self.state_get(&key)? {
            if let Some(stored) = StoredToken::from_json(&text) {
                if stored.expires_at > now && !stored.token.is_empty() {
                    self.masker.add(&stored.token);
                    self.token = Some(stored);
                    return Ok(());
                }
            }
        }
        self.login_fresh()
    }

    /// An authenticated request. On an authentication error: drop the token,
    /// log in again and retry, once per client.
    pub fn call(
        &mut self,
        method: Method,
        segments: &[&str],
        pairs: &[(&str, &str)],
        json: Option<&Value>,
        what: &str,
    ) -> Result<Reply, Error> {
        self.ensure_token()?;
        match self.exchange_or_retry_read(method, segments, pairs, json, what) {
            Err(error) if !self.relogin_used && (error.is_auth() || error.mentions_auth()) => {
                self.relogin_used = true;
                self.token = None;
                let key = self.token_key();
                self.state_delete(&key)?;
                self.login_fresh()?;
                // A write is re-sent only after a certain refusal (401/403): a
                // message that merely mentions a token proves nothing about
                // whether ODR carried the write out.
                if method != Method::Get && !error.is_auth() {
                    return Err(error.with_note(
                        "the module logged in again but did not send the change a second time, \
                         since this answer does not prove ODR left it undone: check it at ODR \
                         before trying again",
                    ));
                }
                self.exchange_or_retry_read(method, segments, pairs, json, what)
                    .map_err(|e| self.auth_after_relogin(e, what))
            }
            Err(error) if error.is_auth() => Err(self.auth_after_relogin(error, what)),
            other => other,
        }
    }

    /// An authenticated exchange; a `GET` that fails transiently (see
    /// [`read_retry_backoff_ms`]) is sent once more after the backoff, at most
    /// once per client (one operation call). Writes are never repeated.
    fn exchange_or_retry_read(
        &mut self,
        method: Method,
        segments: &[&str],
        pairs: &[(&str, &str)],
        json: Option<&Value>,
        what: &str,
    ) -> Result<Reply, Error> {
        let first = self.exchange(method, segments, pairs, json, true, what);
        let wait_ms = match &first {
            Err(error) if method == Method::Get && !self.read_retry_used => {
                read_retry_backoff_ms(error)
            }
            _ => None,
        };
        let (Some(wait_ms), Err(error)) = (wait_ms, &first) else {
            return first;
        };
        self.read_retry_used = true;
        self.log_retry(segments, pairs, wait_ms, error);
        self.env.sleep_ms(wait_ms);
        self.exchange(method, segments, pairs, json, true, what)
    }

    /// The module-log line of a read sent once more after `wait_ms`.
    fn log_retry(
        &mut self,
        segments: &[&str],
        pairs: &[(&str, &str)],
        wait_ms: u32,
        error: &Error,
    ) {
        let target = self.request_text(&self.build(Method::Get, segments, pairs, None, false));
        let reason = self.masker.mask(&error.message());
        self.env.log_call(
            &self.action,
            &format!("retry once after {wait_ms} ms: {target}"),
            &format!("the read failed transiently, so it is sent once more: {reason}"),
        );
    }

    fn auth_after_relogin(&self, error: Error, what: &str) -> Error {
        if !error.is_auth() {
            return error;
        }
        let said = error.api().map(|a| a.message.clone()).unwrap_or_default();
        Error::AuthenticationFailed(self.mask(&format!(
            "ODR refused the access token while {what}, even right after a fresh login: {said}. \
             Check that the API key has the rights for this operation in the ODR control panel."
        )))
    }

    /// `GET` and return the payload.
    pub fn get(&mut self, segments: &[&str], what: &str) -> Result<Value, Error> {
        self.call(Method::Get, segments, &[], None, what)
            .map(|r| r.payload)
    }

    /// Several `GET`s sent together (see [`Client::exchange_many`]: in flight at
    /// once, within the limiter), each answer or error in order. The rules of
    /// [`Client::call`] hold per read: a read that failed transiently is sent
    /// once more after one backoff (all such reads of the call together, once
    /// per client); an authentication error logs in again once and repeats the
    /// reads it refused. `Err` only for what fails every read: no token, or an
    /// earlier `Retry-After` still running.
    pub fn get_many(&mut self, reads: &[Read]) -> Result<Vec<Result<Value, Error>>, Error> {
        self.ensure_token()?;
        let all: Vec<&Read> = reads.iter().collect();
        let mut answers = self.exchange_many(&all)?;
        self.retry_transient_reads(reads, &mut answers)?;
        let refused: Vec<usize> = answers
            .iter()
            .enumerate()
            .filter(|(_, a)| matches!(a, Err(e) if e.is_auth() || e.mentions_auth()))
            .map(|(i, _)| i)
            .collect();
        if !refused.is_empty() && !self.relogin_used {
            self.relogin_used = true;
            self.token = None;
            let key = self.token_key();
            self.state_delete(&key)?;
            self.login_fresh()?;
            let again: Vec<&Read> = refused.iter().map(|&i| &reads[i]).collect();
            let repeated = self.exchange_many(&again)?;
            for (i, answer) in refused.into_iter().zip(repeated) {
                answers[i] = answer;
            }
            self.retry_transient_reads(reads, &mut answers)?;
        }
        Ok(answers
            .into_iter()
            .zip(reads)
            .map(|(answer, read)| {
                answer
                    .map(|r| r.payload)
                    .map_err(|e| self.auth_after_relogin(e, &read.what))
            })
            .collect())
    }

    /// The one retry round of a client for reads of a batch that failed
    /// transiently: after the longest backoff they name, sent together again.
    fn retry_transient_reads(
        &mut self,
        reads: &[Read],
        answers: &mut [Result<Reply, Error>],
    ) -> Result<(), Error> {
        if self.read_retry_used {
            return Ok(());
        }
        let transient: Vec<(usize, u32)> = answers
            .iter()
            .enumerate()
            .filter_map(|(i, a)| match a {
                Err(e) => read_retry_backoff_ms(e).map(|ms| (i, ms)),
                Ok(_) => None,
            })
            .collect();
        let Some(wait_ms) = transient.iter().map(|&(_, ms)| ms).max() else {
            return Ok(());
        };
        self.read_retry_used = true;
        for &(i, _) in &transient {
            if let Err(error) = &answers[i] {
                let segments: Vec<&str> = reads[i].segments.iter().map(String::as_str).collect();
                self.log_retry(&segments, &[], wait_ms, error);
            }
        }
        self.env.sleep_ms(wait_ms);
        let again: Vec<&Read> = transient.iter().map(|&(i, _)| &reads[i]).collect();
        let repeated = self.exchange_many(&again)?;
        for ((i, _), answer) in transient.into_iter().zip(repeated) {
            answers[i] = answer;
        }
        Ok(())
    }

    /// Every item of a paged list (`page=1..`), following the paging headers.
    pub fn get_all(&mut self, segments: &[&str], what: &str) -> Result<Listing, Error> {
        let mut items = Vec::new();
        let mut page: u32 = 1;
        let mut pages = 0;
        let mut previous: Option<Vec<Value>> = None;
        loop {
            let page_text = page.to_string();
            let what_page = format!("{what} (page {page})");
            let reply = self.call(
                Method::Get,
                segments,
                &[("page", &page_text)],
                None,
                &what_page,
            )?;
            pages += 1;
            let page_items = response::list_items(&reply.payload)
                .map_err(|m| self.unreadable(&what_page, &m))?;
            if !page_items.is_empty() && previous.as_ref() == Some(&page_items) {
                // The server ignored `page`: stop rather than loop.
                return Ok(Listing {
                    items,
                    complete: false,
                    pages,
                });
            }
            let count = page_items.len();
            let next = next_page(page, &reply.headers, count);
            items.extend(page_items.iter().cloned());
            previous = Some(page_items);
            match next {
                Next::Incomplete => {
                    return Ok(Listing {
                        items,
                        complete: false,
                        pages,
                    })
                }
                Next::Done => {
                    return Ok(Listing {
                        items,
                        complete: true,
                        pages,
                    })
                }
                Next::Page(n) if n > MAX_PAGES || n <= page => {
                    return Ok(Listing {
                        items,
                        complete: false,
                        pages,
                    });
                }
                Next::Page(n) => page = n,
            }
        }
    }
}

/// The first rate-limit answer among `answers`, if any (pure).
fn first_rate_limit(answers: &[Result<Reply, Error>]) -> Option<Error> {
    answers.iter().find_map(|answer| match answer {
        Err(e) if e.api().is_some_and(|a| a.kind == ApiErrorKind::RateLimited) => Some(e.clone()),
        _ => None,
    })
}

/// The backoff before the one retry of a read that failed with `error`, or
/// `None` when the failure is not transient (pure): no answer at all, ODR
/// unavailable (5xx) or rate limited (429) → [`READ_RETRY_BACKOFF_MS`], or the
/// `Retry-After` when ODR gives one of at most [`READ_RETRY_MAX_WAIT_SECONDS`];
/// a longer `Retry-After` (ODR asks us to stay away for a while) → no retry,
/// the caller reports it.
pub fn read_retry_backoff_ms(error: &Error) -> Option<u32> {
    match error {
        Error::Transport(_) => Some(READ_RETRY_BACKOFF_MS),
        Error::Odr { api, .. }
            if matches!(
                api.kind,
                ApiErrorKind::Unavailable | ApiErrorKind::RateLimited
            ) =>
        {
            match api.retry_after {
                None => Some(READ_RETRY_BACKOFF_MS),
                Some(s) if s <= READ_RETRY_MAX_WAIT_SECONDS => Some(s * 1000),
                Some(_) => None,
            }
        }
        _ => None,
    }
}

/// True when a login error means "wrong signature or credentials" (as opposed
/// to ODR being down or rate limiting).
fn signature_rejected(error: &Error) -> bool {
    matches!(
        error.api().map(|a| a.kind),
        Some(
            ApiErrorKind::Auth
                | ApiErrorKind::Refused
                | ApiErrorKind::NotFound
                | ApiErrorKind::Invalid
                | ApiErrorKind::SoftFailure
        )
    )
}

fn state_error(verb: &str, key: &str, message: &str) -> Error {
    Error::Transport(format!(
        "The panel's state store could not {verb} '{key}': {message}. Check the panel's database."
    ))
}
