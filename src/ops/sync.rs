//! Expiry sync, transfer sync, the domain report and the first-sync preview
//! (issue 5). Decisions are pure functions; the shells make the requests.
//!
//! The account snapshot holds every domain of one paged `GET /domain/` list
//! with its status and expiry, and the time it was taken. It is stored per
//! domain, so that one sync reads two small state entries, not the whole list:
//! a meta entry `odr:snapshot:<account>` (taken-at, generation, complete,
//! count) and one entry per domain `odr:snapshot:<account>:<domain>` carrying
//! the generation it belongs to. A rebuild writes a new generation; entries of
//! an older one (a domain no longer listed) are ignored, and expire. While the
//! snapshot is fresh, a domain whose entry has a status (and, where the status
//! needs one, a plausible expiry) is answered without any request.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use serde_json::{json, Value};

use super::safety::{self, SeenAccount};
use super::{normalize_domain, read_domain_summary, sync_expiry};
use crate::env::Env;
use crate::error::Error;
use crate::odr::client::{Client, Listing};
use crate::odr::dates::{self, format_date, parse_panel_date};
use crate::odr::envelope::ApiErrorKind;
use crate::odr::model::{self, parse_status, DomainDetails};
use crate::types::{
    DomainReport, DomainStatus, ExpiryMismatch, PanelDomain, PreviewRow, Settings, SyncOptions,
    SyncOutcome, TransferOutcome,
};

/// The default snapshot age limit.
pub const DEFAULT_SNAPSHOT_MAX_AGE: u32 = 3600;

/// One domain in the snapshot.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SnapshotEntry {
    /// The status text, when the list gave one.
    pub status: Option<String>,
    /// The expiry as `YYYY-MM-DD`, when the list gave a readable one.
    pub expiry: Option<String>,
}

/// The account-wide domain snapshot.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Snapshot {
    /// Unix time the list was read.
    pub taken_at: i64,
    /// False when the list could not be read whole (paging guard, items without a name).
    pub complete: bool,
    /// Domain → entry.
    pub domains: BTreeMap<String, SnapshotEntry>,
}

/// How strongly a list item stands for its domain name now: a name deleted
/// and registered again is listed once per record (the new one and the old
/// DELETED one, in ODR's order), and the live record must win.
///
/// Live (REGISTERED, DELETE_SCHEDULED, PENDING) over an unknown or missing
/// status (which the list cannot settle: the sync asks ODR about the name
/// rather than trust an older, dead record) over QUARANTINE (restorable) over
/// DELETED.
fn liveness(status: Option<&str>) -> u8 {
    match status.map(parse_status) {
        Some(DomainStatus::Registered | DomainStatus::DeleteScheduled | DomainStatus::Pending) => 3,
        None | Some(DomainStatus::Unknown(_)) => 2,
        Some(DomainStatus::Quarantine) => 1,
        Some(DomainStatus::Deleted) => 0,
    }
}

/// The order in which list items for the same name win (pure): liveness
/// first; among equals the higher ODR id (ids grow with each new record, so
/// the newer registration), then the later expiry. A missing id or expiry
/// loses against a present one; items equal in all three keep the first
/// listed. Total, so the winner does not depend on ODR's list order.
fn list_rank(
    status: Option<&str>,
    id: Option<u64>,
    expiry: Option<NaiveDate>,
) -> (u8, Option<u64>, Option<NaiveDate>) {
    (liveness(status), id, expiry)
}

impl Snapshot {
    /// Build from list items. A name listed more than once gets the entry of
    /// its live record (see [`list_rank`]).
    pub fn from_listing(listing: &Listing, taken_at: i64) -> Snapshot {
        let mut snapshot = Snapshot {
            taken_at,
            complete: listing.complete,
            domains: BTreeMap::new(),
        };
        let mut ranks = BTreeMap::new();
        for item in &listing.items {
            match model::domain_summary(item) {
                Ok(summary) => {
                    let expiry = summary.expiry.ok().flatten();
                    let id = model::parse_id(item.get("id"))
                        .or_else(|| model::parse_id(item.get("domain_id")));
                    let rank = list_rank(summary.status.as_deref(), id, expiry);
                    if ranks.get(&summary.domain).is_some_and(|held| *held >= rank) {
                        continue;
                    }
                    ranks.insert(summary.domain.clone(), rank);
                    let entry = SnapshotEntry {
                        status: summary.status,
                        expiry: expiry.map(format_date),
                    };
                    snapshot.domains.insert(summary.domain, entry);
                }
                Err(_) => snapshot.complete = false,
            }
        }
        snapshot
    }

    /// Fresh at `now` for `max_age` seconds (a clock that went back makes it stale).
    pub fn is_fresh(&self, now: i64, max_age: u32) -> bool {
        now >= self.taken_at && now - self.taken_at < i64::from(max_age)
    }
}

impl SnapshotEntry {
    /// As stored under `odr:snapshot:<account>:<domain>`: `{"g": generation,
    /// "status": .., "expiry": ..}`.
    pub fn to_json(&self, generation: u64) -> String {
        json!({"g": generation, "status": self.status, "expiry": self.expiry}).to_string()
    }

    /// From the stored text, when it belongs to `generation`.
    pub fn from_json(text: &str, generation: u64) -> Option<SnapshotEntry> {
        // from_slice as for response bodies: one JSON reader in the component (size).
        let v: Value = serde_json::from_slice(text.as_bytes()).ok()?;
        if v.get("g")?.as_u64()? != generation {
            return None;
        }
        let text_of = |key: &str| v.get(key).and_then(Value::as_str).map(str::to_string);
        Some(SnapshotEntry {
            status: text_of("status"),
            expiry: text_of("expiry"),
        })
    }
}

/// The snapshot's meta entry, `odr:snapshot:<account>`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SnapshotMeta {
    /// Unix time the list was read.
    pub taken_at: i64,
    /// Which per-domain entries belong to this snapshot.
    pub generation: u64,
    /// False when the list could not be read whole.
    pub complete: bool,
    /// Domains listed.
    pub count: u64,
    /// The wrong-account brake's message, when it holds for this snapshot.
    pub brake: Option<String>,
}

impl SnapshotMeta {
    /// As stored: `{"taken_at", "generation", "complete", "count"}`, and
    /// `"brake"` when it holds.
    pub fn to_json(&self) -> String {
        let mut v = json!({"taken_at": self.taken_at, "generation": self.generation,
                           "complete": self.complete, "count": self.count});
        if let Some(brake) = &self.brake {
            v["brake"] = json!(brake);
        }
        v.to_string()
    }

    /// From the stored text; `None` when it is not a meta entry (e.g. the
    /// whole-list snapshot of earlier versions: it is rebuilt).
    pub fn from_json(text: &str) -> Option<SnapshotMeta> {
        let v: Value = serde_json::from_slice(text.as_bytes()).ok()?;
        Some(SnapshotMeta {
            taken_at: v.get("taken_at")?.as_i64()?,
            generation: v.get("generation")?.as_u64()?,
            complete: v.get("complete")?.as_bool()?,
            count: v.get("count")?.as_u64()?,
            brake: v.get("brake").and_then(Value::as_str).map(str::to_string),
        })
    }

    /// Fresh at `now` for `max_age` seconds (a clock that went back makes it stale).
    pub fn is_fresh(&self, now: i64, max_age: u32) -> bool {
        now >= self.taken_at && now - self.taken_at < i64::from(max_age)
    }

    /// The generation of a snapshot taken at `taken_at` after this one (pure):
    /// always a new one, so no entry of this snapshot can pass for the next.
    pub fn next_generation(previous: Option<&SnapshotMeta>, taken_at: i64) -> u64 {
        let now = u64::try_from(taken_at).unwrap_or(0);
        match previous {
            Some(p) => now.max(p.generation.saturating_add(1)),
            None => now,
        }
    }
}

/// Per-domain entries outlive their meta entry by this much, so that while the
/// meta entry is readable every entry it counts is too (an entry missing for a
/// listed domain would look like a domain gone from the account).
pub const ENTRY_TTL_MARGIN: u32 = 600;

/// The state key of a domain's entry (`rest` of `odr:snapshot:<account>:<rest>`):
/// the name, or `#` + its SHA-1 when the key would not fit a 191-character
/// panel key column.
pub fn entry_key_rest(domain: &str) -> String {
    if domain.len() <= 150 {
        domain.to_string()
    } else {
        format!("#{}", crate::odr::signature::sha1_hex(domain.as_bytes()))
    }
}

/// The snapshot a call works with: the one it just built (in memory), or the
/// stored one, read entry by entry.
pub struct AccountSnapshot {
    /// The meta entry.
    pub meta: SnapshotMeta,
    built: Option<Snapshot>,
}

impl AccountSnapshot {
    /// The entry for `domain`, `None` when the list did not have it.
    fn entry<E: Env>(
        &self,
        client: &mut Client<'_, E>,
        domain: &str,
    ) -> Result<Option<SnapshotEntry>, Error> {
        if let Some(built) = &self.built {
            return Ok(built.domains.get(domain).cloned());
        }
        let key = client.state_key("snapshot", &entry_key_rest(domain));
        Ok(client
            .state_get(&key)?
            .and_then(|text| SnapshotEntry::from_json(&text, self.meta.generation)))
    }
}

fn max_age(options: &SyncOptions) -> u32 {
    match options.snapshot_max_age_seconds {
        0 => DEFAULT_SNAPSHOT_MAX_AGE,
        s => s,
    }
}

/// What the panel knows that a snapshot rebuild needs: its live domains (for
/// the wrong-account brake) and whether test mode is on (for the message).
pub struct PanelView {
    /// The panel's live domains at this registrar, normalised.
    pub domains: BTreeSet<String>,
    /// The settings' test mode.
    pub test_mode: bool,
    /// The options' snapshot age limit.
    pub max_age: u32,
}

impl PanelView {
    /// From the panel's names (invalid ones dropped: they cannot be in ODR's list).
    pub fn new<'n>(
        names: impl IntoIterator<Item = &'n String>,
        test_mode: bool,
        max_age: u32,
    ) -> Self {
        PanelView {
            domains: names
                .into_iter()
                .filter_map(|n| normalize_domain(n).ok())
                .collect(),
            test_mode,
            max_age,
        }
    }
}

/// The state key of the account the last snapshot saw (one for all accounts).
const ACCOUNT_SEEN_KEY: &str = "odr:account-seen";

/// Read the whole domain list and store it as the snapshot: every entry
/// under the new generation, then the meta entry that makes them current.
/// The wrong-account brake is decided here, once per list.
fn build_snapshot<E: Env>(
    client: &mut Client<'_, E>,
    panel: &PanelView,
) -> Result<AccountSnapshot, Error> {
    let listing = client.get_all(&["domain"], "reading the account's domain list")?;
    let snapshot = Snapshot::from_listing(&listing, client.now());
    let meta_key = client.state_key("snapshot", "");
    let previous = client
        .state_get(&meta_key)?
        .and_then(|text| SnapshotMeta::from_json(&text));
    let seen_now = SeenAccount {
        account: client.account().to_string(),
        api_url: client.api_url(),
        test_mode: panel.test_mode,
        api_key: client.api_key().to_string(),
    };
    let seen_before = client
        .state_get(ACCOUNT_SEEN_KEY)?
        .and_then(|text| SeenAccount::from_json(&text));
    let brake = safety::brake_cause(&snapshot, &panel.domains, seen_before.as_ref(), &seen_now)
        .map(|cause| safety::brake_message(&cause, &seen_now));
    if seen_before.as_ref() != Some(&seen_now) {
        client.state_set(ACCOUNT_SEEN_KEY, &seen_now.to_json(), None)?;
    }
    if let Some(message) = &brake {
        client.activity(message, None);
    }
    let meta = SnapshotMeta {
        taken_at: snapshot.taken_at,
        generation: SnapshotMeta::next_generation(previous.as_ref(), snapshot.taken_at),
        complete: snapshot.complete,
        count: snapshot.domains.len() as u64,
        brake,
    };
    let entry_ttl = panel.max_age.saturating_add(ENTRY_TTL_MARGIN);
    for (domain, entry) in &snapshot.domains {
        let key = client.state_key("snapshot", &entry_key_rest(domain));
        client.state_set(&key, &entry.to_json(meta.generation), Some(entry_ttl))?;
    }
    client.state_set(&meta_key, &meta.to_json(), Some(panel.max_age))?;
    Ok(AccountSnapshot {
        meta,
        built: Some(snapshot),
    })
}

/// The stored snapshot when fresh (only its meta entry is read), else a new one.
fn fresh_snapshot<E: Env>(
    client: &mut Client<'_, E>,
    panel: &PanelView,
) -> Result<AccountSnapshot, Error> {
    let key = client.state_key("snapshot", "");
    if let Some(text) = client.state_get(&key)? {
        if let Some(meta) = SnapshotMeta::from_json(&text) {
            if meta.is_fresh(client.now(), panel.max_age) {
                return Ok(AccountSnapshot { meta, built: None });
            }
        }
    }
    build_snapshot(client, panel)
}

/// What the snapshot says about a domain (pure).
#[derive(Clone, Debug, PartialEq)]
pub enum SnapshotAnswer {
    /// Active until this date, without a request.
    Active(String),
    /// Ask ODR (`GET /domain/{name}/info/`).
    AskOdr,
}

/// The snapshot answers only the harmless case: REGISTERED or
/// DELETE_SCHEDULED with a plausible expiry. Everything else (DELETED,
/// QUARANTINE, PENDING, no status, no entry) is read from ODR directly: a
/// list item may be an older record of a name registered again since.
pub fn answer_from_snapshot(entry: Option<&SnapshotEntry>, today: NaiveDate) -> SnapshotAnswer {
    let Some(entry) = entry else {
        return SnapshotAnswer::AskOdr;
    };
    let live = entry.status.as_deref().map(parse_status);
    let expiry = entry
        .expiry
        .as_deref()
        .and_then(|e| dates::parse_date(e).ok())
        .and_then(|d| dates::check_plausible(d, today).ok())
        .map(format_date);
    match (live, expiry) {
        (Some(DomainStatus::Registered | DomainStatus::DeleteScheduled), Some(date)) => {
            SnapshotAnswer::Active(date)
        }
        _ => SnapshotAnswer::AskOdr,
    }
}

/// The sync outcome for ODR's domain details (pure): REGISTERED and
/// DELETE_SCHEDULED → active(expiry); QUARANTINE → expired(expiry); DELETED →
/// cancelled; PENDING → pending; anything else → invalid-state. Dates must be
/// present, readable and plausible; a QUARANTINE expiry must not be after today
/// (`expired` carries the past expiry date, and a future one would move the
/// panel's grace and redemption dates): invalid-state, so no date is written.
pub fn outcome_from_details(
    domain: &str,
    details: &DomainDetails,
    today: NaiveDate,
) -> Result<SyncOutcome, Error> {
    match &details.status {
        DomainStatus::Registered | DomainStatus::DeleteScheduled => {
            sync_expiry(domain, &details.expiry, today).map(|d| SyncOutcome::Active(format_date(d)))
        }
        DomainStatus::Quarantine => {
            let expiry = sync_expiry(domain, &details.expiry, today)?;
            if expiry > today {
                return Err(Error::InvalidState(format!(
                    "ODR holds {domain} in quarantine (deleted, restorable) but its expiry date \
                     {} is still ahead: check the domain at ODR; nothing was changed.",
                    format_date(expiry)
                )));
            }
            Ok(SyncOutcome::Expired(format_date(expiry)))
        }
        DomainStatus::Deleted => Ok(SyncOutcome::Cancelled),
        DomainStatus::Pending => Ok(SyncOutcome::Pending),
        DomainStatus::Unknown(s) => Err(Error::InvalidState(format!(
            "ODR reports status '{s}' for domain {domain}, which the module does not know; nothing \
             was changed. Check the domain in the ODR control panel."
        ))),
    }
}

/// ODR does not find the domain: transferred away only when a complete list
/// (`confirmed`; the caller makes sure it is fresh and read after the
/// domain's last order) does not hold it (`listed` false); otherwise not-found.
pub fn outcome_when_not_found(
    domain: &str,
    confirmed: bool,
    listed: bool,
    odr_said: &str,
) -> Result<SyncOutcome, Error> {
    if confirmed && !listed {
        return Ok(SyncOutcome::TransferredAway);
    }
    let why = if listed {
        "but the account's domain list still lists it"
    } else {
        "and the account's domain list could not be read completely to confirm it is gone"
    };
    Err(Error::NotFound(format!(
        "ODR does not find domain {domain} (ODR said: {odr_said}), {why}; nothing was changed. \
         Check the domain in the ODR control panel; the next sync tries again."
    )))
}

/// When this domain was last ordered through the component (Unix time).
pub fn last_order_at<E: Env>(
    client: &mut Client<'_, E>,
    domain: &str,
) -> Result<Option<i64>, Error> {
    let key = client.state_key("ordered", &entry_key_rest(domain));
    Ok(client.state_get(&key)?.and_then(|t| t.trim().parse().ok()))
}

/// Remember an order of `domain` now, and drop its snapshot entry: the list
/// read before the order must answer neither "active" nor "gone" for it.
pub fn note_order<E: Env>(client: &mut Client<'_, E>, domain: &str) -> Result<(), Error> {
    let key = client.state_key("ordered", &entry_key_rest(domain));
    let now = client.now().to_string();
    client.state_set(&key, &now, Some(safety::ORDER_RECORD_TTL))?;
    let entry = client.state_key("snapshot", &entry_key_rest(domain));
    client.state_delete(&entry)
}

/// A snapshot fit to confirm absence is at most [`safety::ABSENCE_LIST_MAX_AGE`]
/// old and read after the domain's last order: `None` when the one in hand is,
/// else a new one read now (which then serves the rest of the run).
fn absence_snapshot<E: Env>(
    client: &mut Client<'_, E>,
    snapshot: &AccountSnapshot,
    panel: &PanelView,
    ordered_at: Option<i64>,
) -> Result<Option<AccountSnapshot>, Error> {
    let now = client.now();
    let recent = snapshot.meta.is_fresh(now, safety::ABSENCE_LIST_MAX_AGE)
        && ordered_at.is_none_or(|t| snapshot.meta.taken_at > t);
    if recent {
        return Ok(None);
    }
    build_snapshot(client, panel).map(Some)
}

/// The outcome for one domain: from the snapshot when it is harmless, else
/// from the domain's own record; absence confirmed by a fresh list; nothing
/// destructive while the brake holds; a paid panel date kept while ODR will
/// renew. Returns the snapshot to go on with (it may have been read anew).
fn sync_one<E: Env>(
    client: &mut Client<'_, E>,
    snapshot: AccountSnapshot,
    panel: &PanelView,
    domain: &str,
    panel_expiry: Option<NaiveDate>,
    today: NaiveDate,
) -> (AccountSnapshot, Result<SyncOutcome, Error>) {
    let entry = match snapshot.entry(client, domain) {
        Ok(entry) => entry,
        Err(e) => return (snapshot, Err(e)),
    };
    if let SnapshotAnswer::Active(date) = answer_from_snapshot(entry.as_ref(), today) {
        let panel_ahead =
            panel_expiry.is_some_and(|p| dates::parse_date(&date).is_ok_and(|odr| p > odr));
        if !panel_ahead {
            return (snapshot, Ok(SyncOutcome::Active(date)));
        }
    }
    let what = format!("reading domain {domain}");
    let (snapshot, outcome) = match client.get(&["domain", domain, "info"], &what) {
        Ok(payload) => {
            let outcome = model::domain_details(&payload)
                .map_err(|m| client.unreadable(&what, &m))
                .and_then(|details| {
                    let outcome = outcome_from_details(domain, &details, today)?;
                    let SyncOutcome::Active(date) = &outcome else {
                        return Ok(outcome);
                    };
                    let odr = dates::parse_date(date).map_err(|m| client.unreadable(&what, &m))?;
                    Ok(safety::renewal_decision(
                        domain,
                        odr,
                        panel_expiry,
                        &details.status,
                        details.autorenew,
                        today,
                    )?
                    .unwrap_or(outcome))
                });
            (snapshot, outcome)
        }
        Err(e) if e.is_not_found() => {
            let said = e.api().map(|a| a.message.clone()).unwrap_or_default();
            // Only a list that would say "gone" needs to be fresh: one that
            // still lists the domain, or an incomplete one, confirms nothing.
            if entry.is_some() || !snapshot.meta.complete {
                let outcome =
                    outcome_when_not_found(domain, snapshot.meta.complete, entry.is_some(), &said);
                return (snapshot, outcome);
            }
            let ordered_at = match last_order_at(client, domain) {
                Ok(t) => t,
                Err(e) => return (snapshot, Err(e)),
            };
            let snapshot = match absence_snapshot(client, &snapshot, panel, ordered_at) {
                Ok(rebuilt) => rebuilt.unwrap_or(snapshot),
                Err(e) => return (snapshot, Err(e)),
            };
            let listed = match snapshot.entry(client, domain) {
                Ok(entry) => entry.is_some(),
                Err(e) => return (snapshot, Err(e)),
            };
            let outcome = outcome_when_not_found(domain, snapshot.meta.complete, listed, &said);
            (snapshot, outcome)
        }
        Err(e) => (snapshot, Err(e)),
    };
    let outcome = match (outcome, &snapshot.meta.brake) {
        (Ok(o), Some(brake)) if safety::is_destructive(&o) => {
            Err(Error::InvalidState(brake.clone()))
        }
        (other, _) => other,
    };
    if let Ok(SyncOutcome::RenewalPending(odr)) = &outcome {
        if let Some(p) = panel_expiry {
            client.log_decision(&format!(
                "{domain}: the panel's expiry {} is kept: a renewal paid in the panel that ODR \
                 carries out at expiry (auto-renew on, ODR's expiry {odr})",
                format_date(p)
            ));
        }
    }
    (snapshot, outcome)
}

/// `sync-domain`.
pub fn sync_domain<E: Env>(
    env: &mut E,
    settings: &Settings,
    domain: &str,
    options: &SyncOptions,
) -> Result<SyncOutcome, Error> {
    let domain = normalize_domain(domain)?;
    let panel_expiry = options
        .panel_expiry
        .as_deref()
        .map(|d| parse_panel_date(d).map_err(|m| Error::invalid_field("options.panel-expiry", m)))
        .transpose()?;
    let mut panel = PanelView::new(&options.panel_domains, settings.test_mode, max_age(options));
    panel.domains.insert(domain.clone());
    let mut client = Client::new(env, settings, "sync-domain")?;
    let snapshot = fresh_snapshot(&mut client, &panel)?;
    let today = dates::today(client.now());
    sync_one(&mut client, snapshot, &panel, &domain, panel_expiry, today).1
}

/// The transfer-sync outcome for ODR's domain summary (pure): REGISTERED (and
/// DELETE_SCHEDULED: in the account, auto-renew off) → completed(expiry);
/// PENDING and statuses the component does not know → pending; a status that
/// names a failure → failed; DELETED → failed once the grace period after the
/// order is over (before, it may be an older record of the name);
/// QUARANTINE → invalid-state (an admin looks).
pub fn transfer_outcome(
    domain: &str,
    details: &DomainDetails,
    today: NaiveDate,
    within_grace: bool,
) -> Result<TransferOutcome, Error> {
    match &details.status {
        DomainStatus::Registered | DomainStatus::DeleteScheduled => {
            sync_expiry(domain, &details.expiry, today)
                .map(|d| TransferOutcome::Completed(format_date(d)))
        }
        DomainStatus::Pending => Ok(TransferOutcome::Pending),
        DomainStatus::Deleted if within_grace => Ok(TransferOutcome::Pending),
        DomainStatus::Deleted => Ok(TransferOutcome::Failed(format!(
            "ODR reports the transfer of {domain} with status DELETED"
        ))),
        DomainStatus::Unknown(s) if safety::names_a_failure(s) => Ok(TransferOutcome::Failed(
            format!("ODR reports the transfer of {domain} with status {s}"),
        )),
        DomainStatus::Unknown(_) => Ok(TransferOutcome::Pending),
        DomainStatus::Quarantine => Err(Error::InvalidState(format!(
            "ODR holds {domain} in QUARANTINE while its transfer is pending in the panel: check \
             the domain in the ODR control panel; nothing was changed."
        ))),
    }
}

/// `transfer-sync`: `GET /domain/{name}/`. A domain ODR does not find stays
/// pending within the grace period after the order (the component's own
/// order time, else the panel's order date); after it, failed only when a
/// complete, fresh list confirms it is absent (and no brake holds).
pub fn transfer_sync<E: Env>(
    env: &mut E,
    settings: &Settings,
    domain: &str,
    ordered_on: Option<&str>,
) -> Result<TransferOutcome, Error> {
    let domain = normalize_domain(domain)?;
    let ordered_on = ordered_on
        .map(|d| parse_panel_date(d).map_err(|m| Error::invalid_field("ordered-on", m)))
        .transpose()?;
    let mut client = Client::new(env, settings, "transfer-sync")?;
    let now = client.now();
    let today = dates::today(now);
    let ordered_at = last_order_at(&mut client, &domain)?.or_else(|| {
        ordered_on
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .map(|t| t.and_utc().timestamp())
    });
    let within_grace = safety::within_transfer_grace(ordered_at, now);
    match read_domain_summary(&mut client, &domain) {
        Ok(details) => transfer_outcome(&domain, &details, today, within_grace),
        Err(e) if e.is_not_found() => {
            let said = e.api().map(|a| a.message.clone()).unwrap_or_default();
            let confirms = if within_grace {
                None
            } else {
                let mut panel = PanelView::new(None, settings.test_mode, DEFAULT_SNAPSHOT_MAX_AGE);
                panel.domains.insert(domain.clone());
                let snapshot = fresh_snapshot(&mut client, &panel)?;
                let snapshot = absence_snapshot(&mut client, &snapshot, &panel, ordered_at)?
                    .unwrap_or(snapshot);
                let listed = snapshot.entry(&mut client, &domain)?.is_some();
                Some(snapshot.meta.complete && !listed && snapshot.meta.brake.is_none())
            };
            safety::transfer_not_found(&domain, ordered_at, now, confirms, &said)
        }
        Err(e) => Err(e),
    }
}

/// A panel domain's expiry and next due date.
pub type PanelDates = (Option<NaiveDate>, Option<NaiveDate>);

/// Panel domains, checked: names normalised (invalid names kept as typed,
/// lower case), dates strictly `YYYY-MM-DD`, duplicates dropped, sorted.
fn panel_map(panel: &[PanelDomain]) -> Result<BTreeMap<String, PanelDates>, Error> {
    let mut out = BTreeMap::new();
    for (i, p) in panel.iter().enumerate() {
        let name =
            normalize_domain(&p.domain).unwrap_or_else(|_| p.domain.trim().to_ascii_lowercase());
        let date = |field: &str, value: &Option<String>| -> Result<Option<NaiveDate>, Error> {
            value
                .as_deref()
                .map(|v| {
                    parse_panel_date(v).map_err(|m| {
                        Error::invalid_field(
                            &format!("panel-domains[{i}].{field}"),
                            format!("{name}: {m}"),
                        )
                    })
                })
                .transpose()
        };
        let expiry = date("expiry", &p.expiry)?;
        let next_due = date("next-due", &p.next_due)?;
        out.entry(name).or_insert((expiry, next_due));
    }
    Ok(out)
}

/// The report (pure): panel domains against the registered ODR domains.
/// ODR domains count as registered when their status is REGISTERED or
/// DELETE_SCHEDULED. An item without a status counts as registered: ODR's own
/// list mock has no status field, and a list without one cannot tell us more
/// (the per-domain expiry sync still checks each status).
pub fn diff_report(
    panel: &BTreeMap<String, PanelDates>,
    snapshot: &Snapshot,
    requests: u32,
) -> DomainReport {
    let registered = |e: &SnapshotEntry| match e.status.as_deref() {
        None => true,
        Some(s) => matches!(
            parse_status(s),
            DomainStatus::Registered | DomainStatus::DeleteScheduled
        ),
    };
    let odr_entry = |domain: &String| snapshot.domains.get(domain).filter(|e| registered(e));
    let odr_count = snapshot.domains.values().filter(|e| registered(e)).count();
    let missing_at_odr = panel
        .keys()
        .filter(|d| odr_entry(d).is_none())
        .cloned()
        .collect();
    let unknown_to_panel = snapshot
        .domains
        .iter()
        .filter(|(d, e)| registered(e) && !panel.contains_key(*d))
        .map(|(d, _)| d.clone())
        .collect();
    let expiry_mismatches = panel
        .iter()
        .filter_map(|(domain, (panel_expiry, _))| {
            let entry = odr_entry(domain)?;
            let panel_text = panel_expiry.map(format_date);
            (panel_text != entry.expiry).then(|| ExpiryMismatch {
                domain: domain.clone(),
                panel: panel_text,
                odr: entry.expiry.clone(),
            })
        })
        .collect();
    DomainReport {
        panel_count: u32::try_from(panel.len()).unwrap_or(u32::MAX),
        odr_count: u32::try_from(odr_count).unwrap_or(u32::MAX),
        missing_at_odr,
        unknown_to_panel,
        expiry_mismatches,
        requests,
    }
}

/// `build-domain-report`: every page of `GET /domain/` (stored as the snapshot
/// too), compared with the panel's active domains.
pub fn build_domain_report<E: Env>(
    env: &mut E,
    settings: &Settings,
    panel: &[PanelDomain],
) -> Result<DomainReport, Error> {
    let panel = panel_map(panel)?;
    let mut client = Client::new(env, settings, "build-domain-report")?;
    let view = PanelView::new(panel.keys(), settings.test_mode, DEFAULT_SNAPSHOT_MAX_AGE);
    let built = build_snapshot(&mut client, &view)?;
    let snapshot = built.built.unwrap_or_default();
    if !snapshot.complete {
        return Err(Error::Unexpected(format!(
            "ODR's domain list could not be read completely (paging stopped, or items without a \
             name; {} domains read), so no report was built. Check the module log.",
            snapshot.domains.len()
        )));
    }
    Ok(diff_report(&panel, &snapshot, client.requests()))
}

/// One preview row from a sync outcome (pure).
pub fn preview_row(
    domain: &str,
    current_expiry: Option<NaiveDate>,
    current_next_due: Option<NaiveDate>,
    outcome: Result<SyncOutcome, String>,
    offset_days: Option<u32>,
) -> PreviewRow {
    let (new_expiry, problem) = match outcome {
        Ok(SyncOutcome::Active(d)) | Ok(SyncOutcome::Expired(d)) => (dates::parse_date(&d).ok(), None),
        Ok(SyncOutcome::Cancelled) => (None, Some("ODR reports the domain DELETED: the sync would mark it cancelled".to_string())),
        Ok(SyncOutcome::TransferredAway) => (
            None,
            Some("the domain is no longer in the ODR account: the sync would mark it transferred away".to_string()),
        ),
        Ok(SyncOutcome::Pending) => (None, Some("the registration is still pending at ODR: the sync changes nothing yet".to_string())),
        Ok(SyncOutcome::RenewalPending(odr)) => (
            current_expiry,
            Some(format!("kept: a renewal paid in the panel that ODR carries out at expiry (auto-renew on; ODR's expiry {odr})")),
        ),
        Err(message) => (None, Some(message)),
    };
    let shift_days = match (new_expiry, current_expiry) {
        (Some(new), Some(current)) => i32::try_from((new - current).num_days()).ok(),
        _ => None,
    };
    let new_next_due = match (new_expiry, offset_days) {
        (Some(new), Some(offset)) => new.checked_sub_days(chrono::Days::new(u64::from(offset))),
        (Some(_), None) => current_next_due,
        (None, _) => None,
    };
    PreviewRow {
        domain: domain.to_string(),
        current_expiry: current_expiry.map(format_date),
        new_expiry: new_expiry.map(format_date),
        shift_days,
        current_next_due: current_next_due.map(format_date),
        new_next_due: new_next_due.map(format_date),
        problem,
    }
}

/// Errors that stop the preview rather than one row.
fn stops_everything(error: &Error) -> bool {
    error.is_auth()
        || matches!(error, Error::Transport(_))
        || matches!(
            error.api().map(|a| a.kind),
            Some(ApiErrorKind::RateLimited | ApiErrorKind::Unavailable)
        )
}

/// `expiry-preview`: what an expiry sync would set for each panel domain,
/// writing nothing to the panel (the snapshot cache in state is reused or
/// refreshed as the sync would). No per-domain request when the list has
/// status and expiry.
pub fn expiry_preview<E: Env>(
    env: &mut E,
    settings: &Settings,
    panel: &[PanelDomain],
    offset_days: Option<u32>,
) -> Result<Vec<PreviewRow>, Error> {
    let panel = panel_map(panel)?;
    if panel.is_empty() {
        return Ok(Vec::new());
    }
    let mut client = Client::new(env, settings, "expiry-preview")?;
    let view = PanelView::new(panel.keys(), settings.test_mode, DEFAULT_SNAPSHOT_MAX_AGE);
    let mut snapshot = fresh_snapshot(&mut client, &view)?;
    let today = dates::today(client.now());
    let mut rows = Vec::with_capacity(panel.len());
    for (domain, (expiry, next_due)) in &panel {
        let outcome = match normalize_domain(domain) {
            Err(e) => Err(e.message()),
            Ok(name) => {
                let (next, outcome) = sync_one(&mut client, snapshot, &view, &name, *expiry, today);
                snapshot = next;
                match outcome {
                    Ok(outcome) => Ok(outcome),
                    Err(e) if stops_everything(&e) => return Err(e),
                    Err(e) => Err(e.message()),
                }
            }
        };
        rows.push(preview_row(
            domain,
            *expiry,
            *next_due,
            outcome,
            offset_days,
        ));
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::odr::model::RoleIds;
    use serde_json::json;

    fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, dd).unwrap()
    }
    const TODAY: (i32, u32, u32) = (2025, 12, 1);
    fn today() -> NaiveDate {
        d(TODAY.0, TODAY.1, TODAY.2)
    }
    fn entry(status: Option<&str>, expiry: Option<&str>) -> SnapshotEntry {
        SnapshotEntry {
            status: status.map(Into::into),
            expiry: expiry.map(Into::into),
        }
    }
    fn details(status: &str, expiry: Result<Option<NaiveDate>, String>) -> DomainDetails {
        DomainDetails {
            id: None,
            status_text: status.into(),
            status: parse_status(status),
            expiry,
            autorenew: None,
            nameservers: vec![],
            contacts: RoleIds::default(),
        }
    }

    #[test]
    fn snapshot_from_listing_and_freshness() {
        let listing = Listing {
            items: vec![
                json!({"name": "a", "tld": "nl", "status": "REGISTERED", "expiration_date": "2026-03-01 00:00:00"}),
                json!({"name": "b", "tld": "nl", "expiration_date": "2026-02-30"}),
            ],
            complete: true,
            pages: 1,
        };
        let s = Snapshot::from_listing(&listing, 100);
        assert!(s.complete);
        assert_eq!(
            s.domains["a.nl"],
            entry(Some("REGISTERED"), Some("2026-03-01"))
        );
        assert_eq!(s.domains["b.nl"], entry(None, None));
        assert!(s.is_fresh(100, 3600));
        assert!(s.is_fresh(3699, 3600));
        assert!(!s.is_fresh(3700, 3600));
        assert!(!s.is_fresh(99, 3600));
        let broken = Listing {
            items: vec![json!({"id": 1})],
            complete: true,
            pages: 1,
        };
        assert!(!Snapshot::from_listing(&broken, 0).complete);
    }

    #[test]
    fn a_name_listed_twice_gets_its_live_record() {
        let item = |id: Value, status: Option<&str>, expiry: &str| {
            let mut v =
                json!({"id": id, "name": "example", "tld": "nl", "expiration_date": expiry});
            if let Some(status) = status {
                v["status"] = json!(status);
            }
            v
        };
        let winner = |items: Vec<Value>| {
            let listing = Listing {
                items,
                complete: true,
                pages: 1,
            };
            Snapshot::from_listing(&listing, 0).domains["example.nl"].clone()
        };
        let registered = item(json!("5700"), Some("REGISTERED"), "2026-09-01 00:00:00");
        let deleted = item(json!("5678"), Some("DELETED"), "2025-06-01 00:00:00");
        let quarantine = item(json!(5690), Some("QUARANTINE"), "2025-11-01 00:00:00");
        let live = entry(Some("REGISTERED"), Some("2026-09-01"));
        // The live record wins in either list order.
        assert_eq!(winner(vec![registered.clone(), deleted.clone()]), live);
        assert_eq!(winner(vec![deleted.clone(), registered.clone()]), live);
        for status in ["DELETE_SCHEDULED", "PENDING"] {
            let other = item(json!(1), Some(status), "2026-09-01 00:00:00");
            assert_eq!(
                winner(vec![other, quarantine.clone(), deleted.clone()])
                    .status
                    .as_deref(),
                Some(status)
            );
        }
        // QUARANTINE over DELETED, whatever the ids.
        let old_quarantine = item(json!(1), Some("QUARANTINE"), "2025-11-01 00:00:00");
        assert_eq!(
            winner(vec![deleted.clone(), old_quarantine]),
            entry(Some("QUARANTINE"), Some("2025-11-01"))
        );
        // An unknown or missing status beats QUARANTINE and DELETED (the sync
        // then asks ODR), but not a live record.
        let odd = item(json!(2), Some("LOCKED"), "2026-01-01 00:00:00");
        let bare = item(json!(3), None, "2026-01-01 00:00:00");
        assert_eq!(
            winner(vec![odd.clone(), quarantine.clone()])
                .status
                .as_deref(),
            Some("LOCKED")
        );
        assert_eq!(winner(vec![deleted.clone(), bare.clone()]).status, None);
        assert_eq!(winner(vec![bare, odd, registered.clone()]), live);
        // Among equals: the higher id (the newer record), in either order.
        let newer = item(json!(6000), Some("DELETED"), "2024-01-01 00:00:00");
        let older = item(json!(5000), Some("DELETED"), "2025-01-01 00:00:00");
        let by_id = entry(Some("DELETED"), Some("2024-01-01"));
        assert_eq!(winner(vec![newer.clone(), older.clone()]), by_id);
        assert_eq!(winner(vec![older, newer]), by_id);
        // Without ids: the later expiry.
        let early = item(Value::Null, Some("REGISTERED"), "2026-01-01 00:00:00");
        let late = item(Value::Null, Some("REGISTERED"), "2027-01-01 00:00:00");
        let by_expiry = entry(Some("REGISTERED"), Some("2027-01-01"));
        assert_eq!(winner(vec![late.clone(), early.clone()]), by_expiry);
        assert_eq!(winner(vec![early, late]), by_expiry);

        // The report counts the name as registered, the sync calls it active.
        let listing = Listing {
            items: vec![registered, deleted],
            complete: true,
            pages: 1,
        };
        let snapshot = Snapshot::from_listing(&listing, 0);
        assert_eq!(
            answer_from_snapshot(snapshot.domains.get("example.nl"), today()),
            SnapshotAnswer::Active("2026-09-01".into())
        );
        let panel = panel_map(&[PanelDomain {
            domain: "example.nl".into(),
            expiry: Some("2026-09-01".into()),
            next_due: None,
        }])
        .unwrap();
        let report = diff_report(&panel, &snapshot, 1);
        assert_eq!(report.odr_count, 1);
        assert!(report.missing_at_odr.is_empty() && report.expiry_mismatches.is_empty());
    }

    #[test]
    fn snapshot_answers() {
        let t = today();
        assert_eq!(answer_from_snapshot(None, t), SnapshotAnswer::AskOdr);
        assert_eq!(
            answer_from_snapshot(Some(&entry(None, Some("2026-01-01"))), t),
            SnapshotAnswer::AskOdr
        );
        assert_eq!(
            answer_from_snapshot(Some(&entry(Some("REGISTERED"), Some("2026-01-01"))), t),
            SnapshotAnswer::Active("2026-01-01".into())
        );
        assert_eq!(
            answer_from_snapshot(
                Some(&entry(Some("DELETE_SCHEDULED"), Some("2026-01-01"))),
                t
            ),
            SnapshotAnswer::Active("2026-01-01".into())
        );
        // Only the harmless answer comes from the list: QUARANTINE, DELETED
        // and PENDING are read from ODR directly (the item may be an older
        // record of a name registered again since).
        assert_eq!(
            answer_from_snapshot(Some(&entry(Some("QUARANTINE"), Some("2025-11-01"))), t),
            SnapshotAnswer::AskOdr
        );
        assert_eq!(
            answer_from_snapshot(Some(&entry(Some("QUARANTINE"), Some("2025-12-02"))), t),
            SnapshotAnswer::AskOdr
        );
        assert_eq!(
            answer_from_snapshot(Some(&entry(Some("REGISTERED"), None)), t),
            SnapshotAnswer::AskOdr
        );
        assert_eq!(
            answer_from_snapshot(Some(&entry(Some("REGISTERED"), Some("1999-01-01"))), t),
            SnapshotAnswer::AskOdr
        );
        assert_eq!(
            answer_from_snapshot(Some(&entry(Some("REGISTERED"), Some("2045-01-01"))), t),
            SnapshotAnswer::AskOdr
        );
        assert_eq!(
            answer_from_snapshot(Some(&entry(Some("DELETED"), None)), t),
            SnapshotAnswer::AskOdr
        );
        assert_eq!(
            answer_from_snapshot(Some(&entry(Some("PENDING"), None)), t),
            SnapshotAnswer::AskOdr
        );
        assert_eq!(
            answer_from_snapshot(Some(&entry(Some("WEIRD"), Some("2026-01-01"))), t),
            SnapshotAnswer::AskOdr
        );
    }

    #[test]
    fn outcomes_for_each_status() {
        let t = today();
        let good = Ok(Some(d(2026, 3, 1)));
        assert_eq!(
            outcome_from_details("a.nl", &details("REGISTERED", good.clone()), t),
            Ok(SyncOutcome::Active("2026-03-01".into()))
        );
        assert_eq!(
            outcome_from_details("a.nl", &details("DELETE_SCHEDULED", good.clone()), t),
            Ok(SyncOutcome::Active("2026-03-01".into()))
        );
        assert_eq!(
            outcome_from_details("a.nl", &details("QUARANTINE", Ok(Some(d(2025, 11, 1)))), t),
            Ok(SyncOutcome::Expired("2025-11-01".into()))
        );
        assert_eq!(
            outcome_from_details("a.nl", &details("QUARANTINE", Ok(Some(t))), t),
            Ok(SyncOutcome::Expired("2025-12-01".into()))
        );
        // QUARANTINE with an expiry still ahead: an error, no date for the panel.
        assert_eq!(
            outcome_from_details("a.nl", &details("QUARANTINE", Ok(Some(d(2027, 1, 1)))), t),
            Err(Error::InvalidState(
                "ODR holds a.nl in quarantine (deleted, restorable) but its expiry date \
                 2027-01-01 is still ahead: check the domain at ODR; nothing was changed."
                    .into()
            ))
        );
        assert_eq!(
            outcome_from_details("a.nl", &details("DELETED", Ok(None)), t),
            Ok(SyncOutcome::Cancelled)
        );
        assert_eq!(
            outcome_from_details("a.nl", &details("PENDING", Ok(None)), t),
            Ok(SyncOutcome::Pending)
        );
        assert!(
            matches!(outcome_from_details("a.nl", &details("LOCKED", good), t), Err(Error::InvalidState(m)) if m.contains("'LOCKED'"))
        );
        for bad in [
            Ok(None),
            Err("x".to_string()),
            Ok(Some(d(1999, 12, 31))),
            Ok(Some(d(2036, 1, 1))),
        ] {
            assert!(matches!(
                outcome_from_details("a.nl", &details("REGISTERED", bad.clone()), t),
                Err(Error::Unexpected(_))
            ));
            assert!(matches!(
                outcome_from_details("a.nl", &details("QUARANTINE", bad), t),
                Err(Error::Unexpected(_))
            ));
        }
    }

    #[test]
    fn not_found_needs_the_full_list() {
        assert_eq!(
            outcome_when_not_found("gone.nl", true, false, "Domain not found"),
            Ok(SyncOutcome::TransferredAway)
        );
        assert!(
            matches!(outcome_when_not_found("gone.nl", true, true, "x"), Err(Error::NotFound(m)) if m.contains("still lists"))
        );
        assert!(matches!(
            outcome_when_not_found("gone.nl", false, false, "x"),
            Err(Error::NotFound(_))
        ));
    }

    #[test]
    fn snapshot_entries_and_meta_as_stored() {
        let e = entry(Some("REGISTERED"), Some("2026-03-01"));
        assert_eq!(SnapshotEntry::from_json(&e.to_json(7), 7), Some(e.clone()));
        // An entry of another generation is not this snapshot's.
        assert_eq!(SnapshotEntry::from_json(&e.to_json(6), 7), None);
        assert_eq!(SnapshotEntry::from_json("{}", 7), None);
        let meta = SnapshotMeta {
            taken_at: 100,
            generation: 100,
            complete: true,
            count: 2,
            brake: None,
        };
        assert_eq!(SnapshotMeta::from_json(&meta.to_json()), Some(meta.clone()));
        let braked = SnapshotMeta {
            brake: Some("Safety brake: ...".into()),
            ..meta
        };
        assert_eq!(SnapshotMeta::from_json(&braked.to_json()), Some(braked));
        // The whole-list snapshot of earlier versions is not a meta entry: rebuilt.
        assert_eq!(
            SnapshotMeta::from_json(r#"{"taken_at":1,"complete":true,"domains":{}}"#),
            None
        );
        assert!(
            meta.is_fresh(3699, 3600) && !meta.is_fresh(3700, 3600) && !meta.is_fresh(99, 3600)
        );
        // Generations always move on, even for two lists read within one second.
        assert_eq!(SnapshotMeta::next_generation(None, 500), 500);
        assert_eq!(SnapshotMeta::next_generation(Some(&meta), 500), 500);
        assert_eq!(SnapshotMeta::next_generation(Some(&meta), 100), 101);
        assert_eq!(SnapshotMeta::next_generation(Some(&meta), 50), 101);
        assert_eq!(entry_key_rest("example.nl"), "example.nl");
        let long = format!("{}.nl", "a".repeat(200));
        assert_eq!(entry_key_rest(&long).len(), 41);
    }

    #[test]
    fn transfer_outcomes() {
        let t = today();
        for within_grace in [true, false] {
            assert_eq!(
                transfer_outcome("a.nl", &details("PENDING", Ok(None)), t, within_grace),
                Ok(TransferOutcome::Pending)
            );
            assert_eq!(
                transfer_outcome(
                    "a.nl",
                    &details("REGISTERED", Ok(Some(d(2026, 12, 1)))),
                    t,
                    within_grace
                ),
                Ok(TransferOutcome::Completed("2026-12-01".into()))
            );
            assert!(matches!(
                transfer_outcome("a.nl", &details("REGISTERED", Ok(None)), t, within_grace),
                Err(Error::Unexpected(_))
            ));
            // A status that names a failure is explicit at once.
            assert!(
                matches!(transfer_outcome("a.nl", &details("CANCELLED_BY_REGISTRY", Ok(None)), t, within_grace), Ok(TransferOutcome::Failed(m)) if m.contains("CANCELLED_BY_REGISTRY"))
            );
            // A status the component does not know stays pending.
            assert_eq!(
                transfer_outcome(
                    "a.nl",
                    &details("WAITING_FOR_REGISTRY", Ok(None)),
                    t,
                    within_grace
                ),
                Ok(TransferOutcome::Pending)
            );
            // QUARANTINE: an admin looks.
            assert!(matches!(
                transfer_outcome("a.nl", &details("QUARANTINE", Ok(None)), t, within_grace),
                Err(Error::InvalidState(_))
            ));
        }
        // DELETED may be an older record of the name within the grace period.
        assert_eq!(
            transfer_outcome("a.nl", &details("DELETED", Ok(None)), t, true),
            Ok(TransferOutcome::Pending)
        );
        assert!(
            matches!(transfer_outcome("a.nl", &details("DELETED", Ok(None)), t, false), Ok(TransferOutcome::Failed(m)) if m.contains("DELETED"))
        );
    }

    #[test]
    fn report_diffing() {
        let panel = panel_map(&[
            PanelDomain {
                domain: "B.nl".into(),
                expiry: Some("2026-01-01".into()),
                next_due: None,
            },
            PanelDomain {
                domain: "a.nl".into(),
                expiry: Some("2026-05-01".into()),
                next_due: None,
            },
            PanelDomain {
                domain: "c.nl".into(),
                expiry: None,
                next_due: None,
            },
            PanelDomain {
                domain: "a.nl".into(),
                expiry: None,
                next_due: None,
            },
        ])
        .unwrap();
        let mut domains = BTreeMap::new();
        domains.insert(
            "a.nl".to_string(),
            entry(Some("REGISTERED"), Some("2026-05-01")),
        );
        domains.insert(
            "b.nl".to_string(),
            entry(Some("DELETE_SCHEDULED"), Some("2026-02-01")),
        );
        domains.insert(
            "c.nl".to_string(),
            entry(Some("QUARANTINE"), Some("2025-01-01")),
        );
        domains.insert("z.nl".to_string(), entry(None, None));
        domains.insert("y.nl".to_string(), entry(Some("REGISTERED"), None));
        domains.insert("x.nl".to_string(), entry(Some("DELETED"), None));
        let report = diff_report(
            &panel,
            &Snapshot {
                taken_at: 0,
                complete: true,
                domains,
            },
            3,
        );
        assert_eq!(report.panel_count, 3);
        assert_eq!(report.odr_count, 4);
        assert_eq!(report.missing_at_odr, vec!["c.nl"]);
        assert_eq!(report.unknown_to_panel, vec!["y.nl", "z.nl"]);
        assert_eq!(
            report.expiry_mismatches,
            vec![ExpiryMismatch {
                domain: "b.nl".into(),
                panel: Some("2026-01-01".into()),
                odr: Some("2026-02-01".into())
            }]
        );
        assert_eq!(report.requests, 3);
    }

    #[test]
    fn panel_dates_are_checked() {
        let bad = [PanelDomain {
            domain: "a.nl".into(),
            expiry: Some("2026-02-30".into()),
            next_due: None,
        }];
        assert!(
            matches!(panel_map(&bad), Err(Error::InvalidInput { fields, .. }) if fields[0].0 == "panel-domains[0].expiry")
        );
    }

    #[test]
    fn preview_rows() {
        let row = preview_row(
            "a.nl",
            Some(d(2026, 1, 1)),
            Some(d(2025, 12, 18)),
            Ok(SyncOutcome::Active("2026-03-01".into())),
            Some(14),
        );
        assert_eq!(row.shift_days, Some(59));
        assert_eq!(row.new_expiry.as_deref(), Some("2026-03-01"));
        assert_eq!(row.new_next_due.as_deref(), Some("2026-02-15"));
        assert_eq!(row.problem, None);
        let row = preview_row(
            "a.nl",
            None,
            Some(d(2025, 12, 18)),
            Ok(SyncOutcome::Active("2026-03-01".into())),
            None,
        );
        assert_eq!(row.shift_days, None);
        assert_eq!(row.new_next_due.as_deref(), Some("2025-12-18"));
        let row = preview_row(
            "a.nl",
            Some(d(2026, 1, 1)),
            None,
            Ok(SyncOutcome::Cancelled),
            Some(14),
        );
        assert_eq!((row.new_expiry, row.new_next_due), (None, None));
        assert!(row.problem.unwrap().contains("cancelled"));
        let row = preview_row("a.nl", None, None, Err("boom".into()), None);
        assert_eq!(row.problem.as_deref(), Some("boom"));
    }
}
