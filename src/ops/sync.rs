//! Expiry sync and transfer sync over the account snapshot (the domain report and the
//! first-sync preview read it too, in `report.rs`). Decisions are pure functions; the
//! shells make the requests.
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
use crate::odr::response::{self, parse_status, DomainDetails};
use crate::types::{DomainStatus, Settings, SyncOptions, SyncOutcome, TransferOutcome};

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
            match response::domain_summary(item) {
                Ok(summary) => {
                    let expiry = summary.expiry.ok().flatten();
                    let id = response::parse_id(item.get("id"))
                        .or_else(|| response::parse_id(item.get("domain_id")));
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
    pub(super) built: Option<Snapshot>,
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
    /// The panel's live domains at this registrar, as the panel gave them.
    names: Vec<String>,
    /// The settings' test mode.
    pub test_mode: bool,
    /// The options' snapshot age limit.
    pub max_age: u32,
}

impl PanelView {
    /// From the panel's names (normalised only when a list read needs them: see `domains`).
    pub fn new<'n>(
        names: impl IntoIterator<Item = &'n String>,
        test_mode: bool,
        max_age: u32,
    ) -> Self {
        PanelView {
            names: names.into_iter().cloned().collect(),
            test_mode,
            max_age,
        }
    }

    /// This view with one more live domain (the one being synced).
    pub fn with(mut self, domain: &str) -> Self {
        self.names.push(domain.to_string());
        self
    }

    /// The live domains, normalised (invalid ones dropped: they cannot be in ODR's list).
    /// Computed only when the domain list is read anew, not on every sync call: a panel of
    /// 10,000 domains took 15 ms per call to normalise up front.
    pub fn domains(&self) -> BTreeSet<String> {
        self.names
            .iter()
            .filter_map(|n| normalize_domain(n).ok())
            .collect()
    }
}

/// The state key of the account the last snapshot saw (one for all accounts).
const ACCOUNT_SEEN_KEY: &str = "odr:account-seen";

/// Read the whole domain list and store it as the snapshot: every entry
/// under the new generation, then the meta entry that makes them current.
/// The wrong-account brake is decided here, once per list.
pub(super) fn build_snapshot<E: Env>(
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
    let brake = safety::brake_cause(&snapshot, &panel.domains(), seen_before.as_ref(), &seen_now)
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
pub(super) fn fresh_snapshot<E: Env>(
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
pub(super) fn sync_one<E: Env>(
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
            let outcome = response::domain_details(&payload)
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
    let panel =
        PanelView::new(&options.panel_domains, settings.test_mode, max_age(options)).with(&domain);
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
                let panel = PanelView::new(None, settings.test_mode, DEFAULT_SNAPSHOT_MAX_AGE)
                    .with(&domain);
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

#[cfg(test)]
mod tests;
