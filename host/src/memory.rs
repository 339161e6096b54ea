//! In-memory capabilities for the harness and the CLI.

use crate::{Clock, LogSink, StateStore};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::{Mutex, MutexGuard};

/// One stored value and when it expires (Unix seconds), if ever.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredValue {
    /// The value.
    pub value: String,
    /// Unix seconds after which the value is gone; `None` for never.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<u64>,
}

#[derive(Debug, Default)]
struct StateInner {
    entries: BTreeMap<String, StoredValue>,
    failure: Option<String>,
}

/// A [`StateStore`] in memory, with expiry measured against a [`Clock`].
///
/// A pinned clock makes TTLs deterministic; [`MemoryState::fail_with`] makes every
/// operation fail, to test how a store failure surfaces.
#[derive(Debug)]
pub struct MemoryState {
    clock: Clock,
    inner: Mutex<StateInner>,
}

impl MemoryState {
    /// An empty store whose TTLs run against `clock`.
    pub fn new(clock: Clock) -> Self {
        MemoryState {
            clock,
            inner: Mutex::new(StateInner::default()),
        }
    }

    /// An empty store with the system clock.
    pub fn system() -> Self {
        Self::new(Clock::System)
    }

    fn lock(&self) -> MutexGuard<'_, StateInner> {
        // A panic while holding the lock leaves plain data behind: keep using it.
        self.inner
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn now(&self) -> u64 {
        self.clock.unix_seconds()
    }

    /// Change the clock (e.g. to move a pinned clock forward between calls).
    pub fn set_clock(&mut self, clock: Clock) {
        self.clock = clock;
    }

    /// Put a value directly (seeding), with an absolute expiry.
    pub fn insert(&self, key: &str, value: &str, expires_at: Option<u64>) {
        self.lock().entries.insert(
            key.to_string(),
            StoredValue {
                value: value.to_string(),
                expires_at,
            },
        );
    }

    /// The live value under `key` (no failure injection, not recorded as an operation).
    pub fn peek(&self, key: &str) -> Option<String> {
        let now = self.now();
        let inner = self.lock();
        inner
            .entries
            .get(key)
            .filter(|stored| is_live(stored, now))
            .map(|stored| stored.value.clone())
    }

    /// Every live entry with its expiry, e.g. to persist it.
    pub fn entries(&self) -> BTreeMap<String, StoredValue> {
        let now = self.now();
        self.lock()
            .entries
            .iter()
            .filter(|(_, stored)| is_live(stored, now))
            .map(|(key, stored)| (key.clone(), stored.clone()))
            .collect()
    }

    /// Replace every entry (e.g. loaded from a file).
    pub fn replace_entries(&self, entries: BTreeMap<String, StoredValue>) {
        self.lock().entries = entries;
    }

    /// From now on every operation fails with `message` (`None` heals the store).
    pub fn fail_with(&self, message: Option<&str>) {
        self.lock().failure = message.map(str::to_string);
    }

    /// The store, unless failure injection is on.
    fn begin(&self) -> Result<MutexGuard<'_, StateInner>, String> {
        let inner = self.lock();
        match &inner.failure {
            Some(message) => Err(message.clone()),
            None => Ok(inner),
        }
    }

    fn put(&self, inner: &mut StateInner, key: &str, value: &str, ttl_seconds: Option<u32>) {
        let expires_at = ttl_seconds.map(|ttl| self.now().saturating_add(u64::from(ttl)));
        let value = value.to_string();
        inner
            .entries
            .insert(key.to_string(), StoredValue { value, expires_at });
    }
}

fn is_live(stored: &StoredValue, now: u64) -> bool {
    stored.expires_at.is_none_or(|at| now < at)
}

impl StateStore for MemoryState {
    fn get(&self, key: &str) -> Result<Option<String>, String> {
        let now = self.now();
        Ok(self
            .begin()?
            .entries
            .get(key)
            .filter(|stored| is_live(stored, now))
            .map(|stored| stored.value.clone()))
    }

    fn set(&self, key: &str, value: &str, ttl_seconds: Option<u32>) -> Result<(), String> {
        let mut inner = self.begin()?;
        self.put(&mut inner, key, value, ttl_seconds);
        Ok(())
    }

    fn delete(&self, key: &str) -> Result<(), String> {
        self.begin()?.entries.remove(key);
        Ok(())
    }

    fn add(&self, key: &str, value: &str, ttl_seconds: Option<u32>) -> Result<bool, String> {
        let now = self.now();
        let mut inner = self.begin()?;
        if inner.entries.get(key).is_some_and(|s| is_live(s, now)) {
            return Ok(false);
        }
        self.put(&mut inner, key, value, ttl_seconds);
        Ok(true)
    }
}

/// One line the component logged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum LogEntry {
    /// `log.module-call`.
    ModuleCall {
        /// The action, e.g. `GET /domain/example.nl/info/`.
        action: String,
        /// The (masked) request.
        request: String,
        /// The (masked) response.
        response: String,
    },
    /// `log.activity`.
    Activity {
        /// The line.
        message: String,
        /// The domain concerned, if any.
        domain: Option<String>,
    },
}

/// A [`LogSink`] that keeps every entry in memory.
#[derive(Debug, Default)]
pub struct MemoryLog {
    entries: Mutex<Vec<LogEntry>>,
}

impl MemoryLog {
    /// An empty log.
    pub fn new() -> Self {
        Self::default()
    }

    /// Every entry so far, in order.
    pub fn entries(&self) -> Vec<LogEntry> {
        self.entries
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone()
    }

    fn push(&self, entry: LogEntry) {
        self.entries
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .push(entry);
    }
}

impl LogSink for MemoryLog {
    fn module_call(&self, action: &str, request: &str, response: &str) {
        self.push(LogEntry::ModuleCall {
            action: action.to_string(),
            request: request.to_string(),
            response: response.to_string(),
        });
    }

    fn activity(&self, message: &str, domain: Option<&str>) {
        self.push(LogEntry::Activity {
            message: message.to_string(),
            domain: domain.map(str::to_string),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ttl_runs_against_the_pinned_clock() {
        let mut state = MemoryState::new(Clock::Pinned { unix_seconds: 1000 });
        state.set("odr:token", "t", Some(60)).expect("set");
        assert_eq!(state.get("odr:token"), Ok(Some("t".to_string())));
        state.set_clock(Clock::Pinned { unix_seconds: 1060 });
        assert_eq!(state.get("odr:token"), Ok(None));
    }

    #[test]
    fn add_keeps_a_live_value_and_replaces_an_expired_one() {
        let state = MemoryState::new(Clock::Pinned { unix_seconds: 10 });
        assert_eq!(state.add("lock", "first", Some(60)), Ok(true));
        assert_eq!(state.add("lock", "second", Some(60)), Ok(false));
        assert_eq!(state.get("lock"), Ok(Some("first".to_string())));
        state.insert("old", "gone", Some(5));
        assert_eq!(state.add("old", "new", None), Ok(true));
        assert_eq!(state.get("old"), Ok(Some("new".to_string())));
    }

    #[test]
    fn failure_injection_fails_every_operation() {
        let state = MemoryState::system();
        state.fail_with(Some("database is down"));
        assert_eq!(state.get("k"), Err("database is down".to_string()));
        assert_eq!(
            state.set("k", "v", None),
            Err("database is down".to_string())
        );
        state.fail_with(None);
        assert_eq!(state.get("k"), Ok(None));
    }
}
