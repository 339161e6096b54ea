//! The production-safety rules of the sync (pure): when the component may say
//! that a domain is gone, and when it must keep the panel's date.
//!
//! ODR answers every error with code 404 in its own clients' fixtures, so a
//! 404 proves nothing by itself. A destructive outcome (cancelled, expired,
//! transferred away, a failed transfer) needs the domain's own fresh record,
//! and for absence a complete, fresh list that does not hold it; and nothing
//! destructive is answered while the wrong-account brake holds.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use serde_json::{json, Value};

use super::sync::Snapshot;
use crate::error::Error;
use crate::odr::dates::format_date;
use crate::types::{DomainStatus, SyncOutcome};

/// The brake's share rule: more than this percentage of the panel's domains
/// missing from ODR's list in one pass...
pub const BRAKE_MISSING_PERCENT: usize = 20;
/// ...and at least this many (so that one domain of a three-domain panel that
/// really was transferred away does not stop the sync).
pub const BRAKE_MISSING_MIN: usize = 3;

/// How old the account list may be to confirm that a domain is gone (seconds).
/// An older snapshot is read anew before a domain is marked transferred away
/// or a transfer failed; the new one then serves the rest of the cron run.
pub const ABSENCE_LIST_MAX_AGE: u32 = 300;

/// How long after a transfer order a domain ODR does not find stays pending
/// (days): ODR may list a transfer only once the registry has taken it up,
/// and gTLD transfers take up to five days to be acknowledged.
pub const TRANSFER_GRACE_DAYS: i64 = 10;

/// How long the record of an order (`odr:ordered:<account>:<domain>`) is kept
/// (seconds): longer than the transfer grace period.
pub const ORDER_RECORD_TTL: u32 = 30 * 24 * 3600;

/// The account the module talked to, as the last snapshot saw it (state key
/// `odr:account-seen`, shared by every account so that a switch shows).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SeenAccount {
    /// The account id of the state keys (API key and URL, hashed).
    pub account: String,
    /// The API base URL.
    pub api_url: String,
    /// Test mode.
    pub test_mode: bool,
    /// The API key (ODR's public half of the credentials).
    pub api_key: String,
}

impl SeenAccount {
    /// As stored.
    pub fn to_json(&self) -> String {
        json!({"account": self.account, "api_url": self.api_url,
               "test_mode": self.test_mode, "api_key": self.api_key})
        .to_string()
    }

    /// From the stored text; `None` when unreadable (treated as never seen).
    pub fn from_json(text: &str) -> Option<SeenAccount> {
        let v: Value = serde_json::from_slice(text.as_bytes()).ok()?;
        Some(SeenAccount {
            account: v.get("account")?.as_str()?.to_string(),
            api_url: v.get("api_url")?.as_str()?.to_string(),
            test_mode: v.get("test_mode")?.as_bool()?,
            api_key: v.get("api_key")?.as_str()?.to_string(),
        })
    }

    fn describe(&self) -> String {
        format!(
            "{} (test mode {}, API key {})",
            self.api_url,
            if self.test_mode { "on" } else { "off" },
            self.api_key
        )
    }
}

/// Why the brake holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BrakeCause {
    /// The settings name another account than the last snapshot's.
    AccountSwitch {
        /// The account seen before.
        before: SeenAccount,
    },
    /// ODR's (complete) list is empty while the panel holds domains.
    EmptyAccount {
        /// Panel domains.
        panel: usize,
    },
    /// Too many panel domains are missing from ODR's list.
    ManyMissing {
        /// Missing from ODR's list.
        missing: usize,
        /// Panel domains.
        panel: usize,
        /// A few of the missing names.
        examples: Vec<String>,
    },
}

/// Whether the brake holds for a new snapshot (pure): an account switch, an
/// empty complete list while the panel has domains, or more than
/// [`BRAKE_MISSING_PERCENT`]% and at least [`BRAKE_MISSING_MIN`] of the
/// panel's domains missing from a complete list. An incomplete list never
/// confirms absence anyway, so only the switch rule applies to it.
pub fn brake_cause(
    snapshot: &Snapshot,
    panel: &BTreeSet<String>,
    before: Option<&SeenAccount>,
    now: &SeenAccount,
) -> Option<BrakeCause> {
    if let Some(before) = before.filter(|b| b.account != now.account) {
        return Some(BrakeCause::AccountSwitch {
            before: before.clone(),
        });
    }
    if !snapshot.complete || panel.is_empty() {
        return None;
    }
    if snapshot.domains.is_empty() {
        return Some(BrakeCause::EmptyAccount { panel: panel.len() });
    }
    let missing: Vec<&String> = panel
        .iter()
        .filter(|d| !snapshot.domains.contains_key(*d))
        .collect();
    let too_many = missing.len() >= BRAKE_MISSING_MIN
        && missing.len() * 100 > BRAKE_MISSING_PERCENT * panel.len();
    too_many.then(|| BrakeCause::ManyMissing {
        missing: missing.len(),
        panel: panel.len(),
        examples: missing.iter().take(3).map(|d| d.to_string()).collect(),
    })
}

/// The one message every refused result carries (pure).
pub fn brake_message(cause: &BrakeCause, now: &SeenAccount) -> String {
    let why = match cause {
        BrakeCause::AccountSwitch { before } => format!(
            "the module settings now name another ODR account than the last sync used (before: {})",
            before.describe()
        ),
        BrakeCause::EmptyAccount { panel } => format!(
            "ODR's domain list for this account is empty while the panel holds {panel} domain(s) at ODR"
        ),
        BrakeCause::ManyMissing {
            missing,
            panel,
            examples,
        } => format!(
            "{missing} of the panel's {panel} domains are missing from ODR's domain list (e.g. {})",
            examples.join(", ")
        ),
    };
    format!(
        "Safety brake: {why}. The module talks to {}. Until the next account list shows the \
         panel's domains, the sync marks no domain transferred away, cancelled or expired; \
         nothing was changed. Check the API key, test mode and API URL in the module settings.",
        now.describe()
    )
}

/// True for the outcomes that take a domain out of service in the panel.
pub fn is_destructive(outcome: &SyncOutcome) -> bool {
    matches!(
        outcome,
        SyncOutcome::Cancelled | SyncOutcome::Expired(_) | SyncOutcome::TransferredAway
    )
}

/// The panel's expiry against ODR's, for an active domain (pure).
///
/// A panel date later than ODR's is a renewal the panel billed that ODR
/// carries out at expiry: while auto-renew is on (REGISTERED with `ON`) and
/// ODR's expiry has not passed, the panel keeps its date (`renewal-pending`).
/// Past ODR's expiry, or with auto-renew off, ODR will not renew: an
/// `invalid-state` error says so and nothing is changed (moving the panel's
/// date back would invoice the customer again). A panel date not later than
/// ODR's: ODR's date stands (`None`).
pub fn renewal_decision(
    domain: &str,
    odr_expiry: NaiveDate,
    panel_expiry: Option<NaiveDate>,
    status: &DomainStatus,
    autorenew: Option<bool>,
    today: NaiveDate,
) -> Result<Option<SyncOutcome>, Error> {
    let Some(panel) = panel_expiry.filter(|p| *p > odr_expiry) else {
        return Ok(None);
    };
    let (odr, panel_text) = (format_date(odr_expiry), format_date(panel));
    if odr_expiry < today {
        return Err(Error::InvalidState(format!(
            "The panel holds {domain} paid until {panel_text}, but ODR's expiry {odr} has passed \
             without a renewal: check the domain, the auto-renew setting and the account balance \
             at ODR. Nothing was changed."
        )));
    }
    let renews = matches!(status, DomainStatus::Registered) && autorenew == Some(true);
    if !renews {
        return Err(Error::InvalidState(format!(
            "The panel holds {domain} paid until {panel_text}, but auto-renew is off at ODR, so \
             ODR will not renew it at {odr}: switch auto-renew on (the panel's Renew does) or \
             correct the panel's expiry date. Nothing was changed."
        )));
    }
    Ok(Some(SyncOutcome::RenewalPending(odr)))
}

/// True while a transfer ordered at `ordered_at` is within
/// [`TRANSFER_GRACE_DAYS`] at `now`, or when no order time is known at all.
pub fn within_transfer_grace(ordered_at: Option<i64>, now: i64) -> bool {
    ordered_at.is_none_or(|t| now - t < TRANSFER_GRACE_DAYS * 24 * 3600)
}

/// What a transfer check makes of a domain ODR does not find (pure): pending
/// within [`TRANSFER_GRACE_DAYS`] of the order (or when no order time is
/// known at all); afterwards failed only when `list_confirms` (a complete,
/// fresh list without it, no brake); otherwise an error that changes nothing.
pub fn transfer_not_found(
    domain: &str,
    ordered_at: Option<i64>,
    now: i64,
    list_confirms: Option<bool>,
    odr_said: &str,
) -> Result<crate::types::TransferOutcome, Error> {
    use crate::types::TransferOutcome;
    let (false, Some(ordered_at)) = (within_transfer_grace(ordered_at, now), ordered_at) else {
        return Ok(TransferOutcome::Pending);
    };
    match list_confirms {
        Some(true) => Ok(TransferOutcome::Failed(format!(
            "ODR does not know domain {domain} (ODR said: {odr_said}) {} days after the transfer \
             order, and the account's domain list does not hold it: the transfer was not \
             accepted or was cancelled",
            (now - ordered_at) / (24 * 3600)
        ))),
        _ => Err(Error::NotFound(format!(
            "ODR does not find domain {domain} (ODR said: {odr_said}), but the account's domain \
             list could not confirm that it is absent; the transfer stays pending, nothing was \
             changed."
        ))),
    }
}

/// True for a status text that names a failed, cancelled or rejected
/// transfer (an explicit failure, as opposed to a status the component does
/// not know, which stays pending).
pub fn names_a_failure(status_text: &str) -> bool {
    let s = status_text.to_ascii_uppercase();
    ["FAIL", "CANCEL", "REJECT", "DENIED", "ABORT"]
        .iter()
        .any(|w| s.contains(w))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ops::sync::SnapshotEntry;
    use crate::types::TransferOutcome;

    fn account(id: &str) -> SeenAccount {
        SeenAccount {
            account: id.into(),
            api_url: "https://api.opendomainregistry.net/".into(),
            test_mode: false,
            api_key: format!("public${id}"),
        }
    }
    fn snapshot(names: &[&str], complete: bool) -> Snapshot {
        Snapshot {
            taken_at: 0,
            complete,
            domains: names
                .iter()
                .map(|n| (n.to_string(), SnapshotEntry::default()))
                .collect(),
        }
    }
    fn panel(names: &[&str]) -> BTreeSet<String> {
        names.iter().map(|n| n.to_string()).collect()
    }
    fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, dd).unwrap()
    }

    #[test]
    fn brake_rules() {
        let a = account("a");
        let ten: Vec<String> = (0..10).map(|i| format!("d{i}.nl")).collect();
        let ten_refs: Vec<&str> = ten.iter().map(String::as_str).collect();
        let p = panel(&ten_refs);
        // Everything there: no brake.
        assert_eq!(
            brake_cause(&snapshot(&ten_refs, true), &p, Some(&a), &a),
            None
        );
        // Empty account.
        assert_eq!(
            brake_cause(&snapshot(&[], true), &p, None, &a),
            Some(BrakeCause::EmptyAccount { panel: 10 })
        );
        // Two of ten missing (20%, not more): no brake; three (30%): brake.
        assert_eq!(
            brake_cause(&snapshot(&ten_refs[2..], true), &p, None, &a),
            None
        );
        assert!(matches!(
            brake_cause(&snapshot(&ten_refs[3..], true), &p, None, &a),
            Some(BrakeCause::ManyMissing {
                missing: 3,
                panel: 10,
                ..
            })
        ));
        // Only other domains.
        assert!(matches!(
            brake_cause(&snapshot(&["other.nl"], true), &p, None, &a),
            Some(BrakeCause::ManyMissing { missing: 10, .. })
        ));
        // A small panel: 2 of 2 missing is below the minimum of 3.
        assert_eq!(
            brake_cause(
                &snapshot(&["x.nl"], true),
                &panel(&["a.nl", "b.nl"]),
                None,
                &a
            ),
            None
        );
        // An incomplete list confirms nothing: only the switch rule.
        assert_eq!(brake_cause(&snapshot(&[], false), &p, None, &a), None);
        // A switch brakes even with every domain there.
        let b = account("b");
        let cause = brake_cause(&snapshot(&ten_refs, true), &p, Some(&a), &b);
        assert_eq!(cause, Some(BrakeCause::AccountSwitch { before: a.clone() }));
        let message = brake_message(&cause.unwrap(), &b);
        assert!(
            message.contains("public$a") && message.contains("public$b"),
            "{message}"
        );
        assert!(message.contains("test mode off"), "{message}");
        assert!(message.contains("api.opendomainregistry.net"), "{message}");
    }

    #[test]
    fn seen_account_round_trips() {
        let a = account("a");
        assert_eq!(SeenAccount::from_json(&a.to_json()), Some(a));
        assert_eq!(SeenAccount::from_json("{}"), None);
        assert_eq!(SeenAccount::from_json("not json"), None);
    }

    #[test]
    fn renewal_keeps_a_paid_panel_date_while_odr_will_renew() {
        let today = d(2026, 1, 10);
        let odr = d(2026, 3, 1);
        let reg = DomainStatus::Registered;
        // The panel not ahead: ODR's date stands.
        assert_eq!(
            renewal_decision("a.nl", odr, Some(odr), &reg, Some(true), today),
            Ok(None)
        );
        assert_eq!(
            renewal_decision("a.nl", odr, None, &reg, None, today),
            Ok(None)
        );
        // Ahead by one or three years, auto-renew on: kept.
        for years in [1, 3] {
            let panel = d(2026 + years, 3, 1);
            assert_eq!(
                renewal_decision("a.nl", odr, Some(panel), &reg, Some(true), today),
                Ok(Some(SyncOutcome::RenewalPending("2026-03-01".into())))
            );
        }
        let panel = Some(d(2027, 3, 1));
        // Auto-renew off or unknown, or DELETE_SCHEDULED: an error, no date.
        for (status, autorenew) in [
            (DomainStatus::Registered, Some(false)),
            (DomainStatus::Registered, None),
            (DomainStatus::DeleteScheduled, Some(true)),
        ] {
            let e = renewal_decision("a.nl", odr, panel, &status, autorenew, today).unwrap_err();
            assert!(e.message().contains("auto-renew is off"), "{}", e.message());
        }
        // ODR's expiry passed without a renewal: an error.
        let e = renewal_decision("a.nl", odr, panel, &reg, Some(true), d(2026, 3, 2)).unwrap_err();
        assert!(e.message().contains("has passed"), "{}", e.message());
    }

    #[test]
    fn a_transfer_not_found_stays_pending_within_the_grace_period() {
        let day = 24 * 3600;
        let now = 100 * day;
        let pending = Ok(TransferOutcome::Pending);
        assert_eq!(transfer_not_found("a.nl", None, now, None, "x"), pending);
        assert_eq!(
            transfer_not_found("a.nl", Some(now - 9 * day), now, Some(true), "x"),
            pending
        );
        assert!(matches!(
            transfer_not_found("a.nl", Some(now - 10 * day), now, Some(true), "Forced error"),
            Ok(TransferOutcome::Failed(m)) if m.contains("10 days") && m.contains("Forced error")
        ));
        for confirms in [Some(false), None] {
            assert!(matches!(
                transfer_not_found("a.nl", Some(now - 30 * day), now, confirms, "x"),
                Err(Error::NotFound(_))
            ));
        }
    }

    #[test]
    fn failure_words() {
        for s in ["TRANSFER_FAILED", "cancelled", "REJECTED", "Denied"] {
            assert!(names_a_failure(s), "{s}");
        }
        for s in ["PENDING", "PENDING_TRANSFER", "WAITING", "QUARANTINE", ""] {
            assert!(!names_a_failure(s), "{s}");
        }
    }

    #[test]
    fn destructive_outcomes() {
        assert!(is_destructive(&SyncOutcome::Cancelled));
        assert!(is_destructive(&SyncOutcome::TransferredAway));
        assert!(is_destructive(&SyncOutcome::Expired("2025-01-01".into())));
        assert!(!is_destructive(&SyncOutcome::Active("2026-01-01".into())));
        assert!(!is_destructive(&SyncOutcome::Pending));
        assert!(!is_destructive(&SyncOutcome::RenewalPending(
            "2026-01-01".into()
        )));
    }
}
