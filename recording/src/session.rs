//! The strict matcher every replay shares (the harness's transport, the native
//! test environment of the core, the CLI's replay server): exchanges in order, each
//! request checked before its response is given.

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
