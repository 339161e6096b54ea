//! The strict matcher every replay shares (the harness's transport, the native
//! test environment of the core, the CLI's replay server): exchanges in order, each
//! request checked before its response is given. Exchanges recorded as one
//! concurrent batch (`"concurrent": n` on neighbours) are matched in any order
//! among themselves, since requests in flight together arrive as they arrive.

use crate::diff::{indent, pretty, request_diff};
use crate::format::{Exchange, RecordedResponse};
use crate::http::HttpRequest;
use crate::redact::{Credentials, Redactor};

/// Why a replay failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReplayError {
    /// A request differed from the next recorded one, or came after the last.
    #[error("{0}")]
    Mismatch(String),
    /// Exchanges were left unused.
    #[error("{0}")]
    Unused(String),
}

/// The strict matcher: exchanges in order, each request checked before its response.
#[derive(Debug)]
pub struct ReplaySession {
    exchanges: Vec<Exchange>,
    next: usize,
    redactor: Redactor,
    failures: Vec<String>,
}

impl ReplaySession {
    /// A session over `exchanges`; login signatures are verified with `credentials`.
    pub fn new(exchanges: Vec<Exchange>, credentials: Credentials) -> Self {
        ReplaySession {
            exchanges,
            next: 0,
            redactor: Redactor::new(credentials),
            failures: Vec::new(),
        }
    }

    /// Verify signatures with other credentials from now on.
    pub fn set_credentials(&mut self, credentials: Credentials) {
        self.redactor.set_credentials(credentials);
    }

    /// How many exchanges were used.
    pub fn used(&self) -> usize {
        self.next
    }

    /// Every mismatch so far, each a readable report.
    pub fn failures(&self) -> &[String] {
        &self.failures
    }

    /// Match `request` against the next exchange and return its response.
    ///
    /// After a mismatch every later request fails too (the session is off track).
    pub fn respond(&mut self, request: &HttpRequest) -> Result<RecordedResponse, ReplayError> {
        let observed = self.redactor.observe(request, false);
        if !self.failures.is_empty() {
            return Err(ReplayError::Mismatch(format!(
                "request {} {} after an earlier mismatch",
                observed.request.method, observed.request.path
            )));
        }
        let total = self.exchanges.len();
        let Some(exchange) = self.exchanges.get(self.next) else {
            let report = format!(
                "unexpected request #{} (the recording has only {total} exchanges):\n{}",
                self.next + 1,
                indent(&pretty(&observed.request))
            );
            self.failures.push(report.clone());
            return Err(ReplayError::Mismatch(report));
        };
        let diff = request_diff(&exchange.request, &observed);
        if !diff.is_empty() {
            // Another exchange of the same batch may be this request's.
            let batch = self.batch_end(self.next);
            let other = (self.next + 1..batch)
                .find(|&i| request_diff(&self.exchanges[i].request, &observed).is_empty());
            if let Some(i) = other {
                self.exchanges.swap(self.next, i);
                self.next += 1;
                return Ok(self.exchanges[self.next - 1].response.clone());
            }
            let report = format!(
                "request #{} of {total} differs from the recording:\n{}\nthe request, as a \
                 recording would hold it:\n{}",
                self.next + 1,
                indent(&diff.join("\n")),
                indent(&pretty(&observed.request))
            );
            self.failures.push(report.clone());
            return Err(ReplayError::Mismatch(report));
        }
        self.next += 1;
        Ok(exchange.response.clone())
    }

    /// Whether an exchange that may be asked for next (those of the current
    /// batch, and the one after it) is a transport fault: a server that keeps
    /// connections open closes this one instead, so that the fault reaches the
    /// client on a fresh connection (cURL silently re-sends a request whose
    /// reused connection dies, which would hide the fault).
    pub fn fault_ahead(&self) -> bool {
        let end = (self.batch_end(self.next) + 1).min(self.exchanges.len());
        self.exchanges
            .get(self.next..end)
            .is_some_and(|ahead| ahead.iter().any(|e| e.response.fault.is_some()))
    }

    /// One past the last exchange of the batch that `start` opens (`start + 1`
    /// when it was sent alone).
    fn batch_end(&self, start: usize) -> usize {
        let Some(batch) = self.exchanges.get(start).and_then(|e| e.concurrent) else {
            return start + 1;
        };
        let mut end = start + 1;
        while self
            .exchanges
            .get(end)
            .is_some_and(|e| e.concurrent == Some(batch))
        {
            end += 1;
        }
        end
    }

    /// Ok when nothing mismatched and every exchange was used.
    pub fn finish(&self) -> Result<(), ReplayError> {
        if let Some(first) = self.failures.first() {
            return Err(ReplayError::Mismatch(first.clone()));
        }
        if self.next < self.exchanges.len() {
            let unused: Vec<String> = self.exchanges[self.next..]
                .iter()
                .enumerate()
                .map(|(i, e)| {
                    format!(
                        "#{} {} {}{}",
                        self.next + i + 1,
                        e.request.method,
                        e.request.path,
                        if e.request.query.is_empty() {
                            String::new()
                        } else {
                            format!("?{}", e.request.query)
                        }
                    )
                })
                .collect();
            return Err(ReplayError::Unused(format!(
                "{} of {} exchanges were never requested:\n{}",
                unused.len(),
                self.exchanges.len(),
                indent(&unused.join("\n"))
            )));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};
    use std::time::Duration;

    fn exchange(path: &str, concurrent: Option<u32>) -> Exchange {
        let mut e: Exchange = serde_json::from_value(json!({
            "request": {"method": "GET", "path": path},
            "response": {"status": 200, "body": {"path": path}}
        }))
        .expect("exchange");
        e.concurrent = concurrent;
        e
    }

    fn get(session: &mut ReplaySession, path: &str) -> Result<Value, ReplayError> {
        let request = HttpRequest {
            method: "GET".into(),
            url: format!("http://odr.test{path}"),
            headers: Vec::new(),
            body: Vec::new(),
            timeout: Duration::from_secs(30),
        };
        session.respond(&request).map(|r| r.body)
    }

    #[test]
    fn a_concurrent_batch_matches_in_any_order_and_nothing_else_does() {
        let exchanges = vec![
            exchange("/a/", None),
            exchange("/b/", Some(1)),
            exchange("/c/", Some(1)),
            exchange("/d/", Some(1)),
            exchange("/e/", Some(2)),
            exchange("/f/", None),
        ];
        let mut session = ReplaySession::new(exchanges.clone(), Credentials::test());
        for path in ["/a/", "/d/", "/b/", "/c/", "/e/", "/f/"] {
            assert_eq!(get(&mut session, path), Ok(json!({"path": path})));
        }
        assert_eq!(session.finish(), Ok(()));

        // Outside its batch an exchange keeps its place: /e/ is batch 2, /c/ batch 1.
        let mut session = ReplaySession::new(exchanges.clone(), Credentials::test());
        get(&mut session, "/a/").expect("a");
        assert!(get(&mut session, "/e/").is_err());

        // A fault ahead (in the batch or right after it) is announced, so a server can close
        // the connection first.
        let mut faulty = exchanges.clone();
        faulty[4].response.fault = Some(crate::format::Fault::Reset);
        let mut session = ReplaySession::new(faulty, Credentials::test());
        assert!(!session.fault_ahead(), "/a/, then batch 1");
        get(&mut session, "/a/").expect("a");
        assert!(session.fault_ahead(), "/e/ follows batch 1");
        for path in ["/b/", "/c/", "/d/"] {
            get(&mut session, path).expect(path);
        }
        assert!(session.fault_ahead());
        session
            .respond(&HttpRequest {
                method: "GET".into(),
                url: "http://odr.test/e/".into(),
                headers: Vec::new(),
                body: Vec::new(),
                timeout: Duration::from_secs(30),
            })
            .expect("the fault is this exchange's answer");
        assert!(!session.fault_ahead());

        // Exchanges sent alone stay strictly in order.
        let mut session = ReplaySession::new(exchanges, Credentials::test());
        let error = get(&mut session, "/b/").expect_err("/a/ comes first");
        assert!(
            error.to_string().contains("request #1 of 6 differs"),
            "{error}"
        );
    }
}
