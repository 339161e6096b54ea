//! The domain report (the panel's domains against ODR's list, both ways) and the
//! first-sync preview (what an expiry sync would set, writing nothing). Both read
//! the account snapshot of [`super::sync`].

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::normalize_domain;
use super::sync::{
    build_snapshot, fresh_snapshot, sync_one, PanelView, Snapshot, SnapshotEntry,
    DEFAULT_SNAPSHOT_MAX_AGE,
};
use crate::env::Env;
use crate::error::Error;
use crate::odr::client::Client;
use crate::odr::dates::{self, format_date, parse_panel_date};
use crate::odr::envelope::ApiErrorKind;
use crate::odr::response::parse_status;
use crate::types::{
    DomainReport, DomainStatus, ExpiryMismatch, PanelDomain, PreviewRow, Settings, SyncOutcome,
};

/// A panel domain's expiry and next due date.
pub type PanelDates = (Option<NaiveDate>, Option<NaiveDate>);

/// Panel domains, checked: names normalised (invalid names kept as typed,
/// lower case), dates strictly `YYYY-MM-DD`, duplicates dropped, sorted.
pub(super) fn panel_map(panel: &[PanelDomain]) -> Result<BTreeMap<String, PanelDates>, Error> {
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
