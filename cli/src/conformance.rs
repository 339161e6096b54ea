//! `odr conformance`: check ODR's real (staging) API against the component's assumptions.
//!
//! An administrator runs it once with staging keys before going live. It walks a fixed
//! session through the component's own exports (login and account, domain list,
//! availability, ODR's not-found answer for the still free test domain, register it
//! with a new contact, read the contact back,
//! domain info, nameservers read and saved unchanged, auth code, auto-renew off and on,
//! transfer sync, auto-renew off again so the test domain lapses), checks each result
//! against what the component assumes, notes what ODR actually sent where odr-api.md is
//! unsure (the unit of `period`, `status` in the domain list, the paging headers, error
//! `code` values, the field carrying a new contact's id), prints a table and writes one
//! redacted recording per step.
//!
//! The pure parts (checks, table, redaction of EPP codes, the production guard) are
//! unit-tested below; the run itself is tested end to end against `odr replay-server`
//! in `cli/tests/conformance.rs`.
//!
//! Each step starts from an empty state store, as a fresh installation would: it logs
//! in itself, so each recording replays on its own with the harness's `$settings`.

use crate::{load, CliError, ComponentArg};
use chrono::{DateTime, NaiveDate};
use clap::Args;
use odr_host::net::UreqTransport;
use odr_host::replay::{
    Credentials, Exchange, Expect, RecordedCall, Recording, RecordingTransport,
};
use odr_host::{CallOptions, CallOutcome, Capabilities, Clock, MemoryLog, MemoryState, Runtime};
use serde_json::{json, Value};
use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Placeholder of an EPP / auth code in recordings.
pub const AUTH_CODE_PLACEHOLDER: &str = "<AUTH_CODE>";

/// Hosts of ODR's production installation (API and web UI share the domain).
const PRODUCTION_DOMAIN: &str = "opendomainregistry.net";

/// Options of `odr conformance`.
#[derive(Args)]
pub struct ConformanceArgs {
    #[command(flatten)]
    component: ComponentArg,
    /// ODR API key of the staging account (public$...).
    #[arg(long, env = "ODR_API_KEY", hide_env_values = true)]
    api_key: Option<String>,
    /// Read the API secret from this file (its first line) instead of ODR_API_SECRET.
    #[arg(long, conflicts_with = "secret_stdin")]
    secret_file: Option<PathBuf>,
    /// Read the API secret from standard input (its first line) instead of ODR_API_SECRET.
    #[arg(long)]
    secret_stdin: bool,
    /// API base URL; empty means ODR's staging API (test mode).
    #[arg(long, env = "ODR_API_URL", default_value = "")]
    api_url: String,
    /// Run against ODR's production API anyway: this registers (and pays for) a real domain.
    #[arg(long)]
    i_know_this_is_production: bool,
    /// TLD of the generated test domain (without the dot).
    #[arg(long, default_value = "nl")]
    tld: String,
    /// The test domain to register instead of a generated one (it must be free).
    #[arg(long)]
    domain: Option<String>,
    /// Nameservers of the test domain, comma-separated.
    #[arg(
        long,
        value_delimiter = ',',
        default_value = "ns1.odrdns.eu,ns2.odrdns.eu"
    )]
    nameservers: Vec<String>,
    /// E-mail address of the test contact.
    #[arg(long, default_value = "hostmaster@example.com")]
    email: String,
    /// Directory for the recordings (one per step) and the table; default conformance-<time>.
    #[arg(long)]
    out: Option<PathBuf>,
    /// While domain info says the new registration is pending, ask again for up to this long.
    #[arg(long, default_value_t = 300)]
    wait_seconds: u64,
    /// Seconds between those questions.
    #[arg(long, default_value_t = 15, hide = true)]
    poll_seconds: u64,
    /// Pause between steps, so ODR is not asked too fast (odr-api.md §7).
    #[arg(long, default_value_t = 1)]
    pause_seconds: u64,
    /// Pin the clock at this Unix time (for tests against a replay server).
    #[arg(long, hide = true)]
    now: Option<u64>,
    /// Fuel budget of each call.
    #[arg(long, default_value_t = odr_host::DEFAULT_FUEL)]
    fuel: u64,
}

/// One step of the session, in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    /// `check-credentials`: login and the account.
    Account,
    /// `build-domain-report` with no panel domains: every page of the domain list.
    DomainList,
    /// `check-availability` of the test domain.
    Availability,
    /// `get-domain-info` of the test domain before it exists: ODR's not-found answer.
    UnknownDomain,
    /// `register-domain` of the test domain, creating a new contact.
    Register,
    /// `get-contacts`: the new contact read back.
    ContactRead,
    /// `get-domain-info`.
    DomainInfo,
    /// `get-nameservers`.
    GetNameservers,
    /// `save-nameservers` with the same nameservers.
    SaveNameservers,
    /// `get-auth-code`.
    AuthCode,
    /// `request-delete`: auto-renew off.
    AutoRenewOff,
    /// `renew-domain`: auto-renew on again.
    AutoRenewOn,
    /// `transfer-sync` of the (registered) test domain.
    TransferSync,
    /// `request-delete` again, so the throwaway domain lapses at expiry.
    Cleanup,
}

impl Step {
    /// Every step, in the order they run.
    pub const ALL: [Step; 14] = [
        Step::Account,
        Step::DomainList,
        Step::Availability,
        Step::UnknownDomain,
        Step::Register,
        Step::ContactRead,
        Step::DomainInfo,
        Step::GetNameservers,
        Step::SaveNameservers,
        Step::AuthCode,
        Step::AutoRenewOff,
        Step::AutoRenewOn,
        Step::TransferSync,
        Step::Cleanup,
    ];

    /// The name in the table.
    pub fn title(self) -> &'static str {
        match self {
            Step::Account => "login + account",
            Step::DomainList => "domain list",
            Step::Availability => "availability",
            Step::UnknownDomain => "unknown domain",
            Step::Register => "register + contact create",
            Step::ContactRead => "contact read",
            Step::DomainInfo => "domain info",
            Step::GetNameservers => "nameservers get",
            Step::SaveNameservers => "nameservers set (same)",
            Step::AuthCode => "auth code",
            Step::AutoRenewOff => "auto-renew off",
            Step::AutoRenewOn => "auto-renew on",
            Step::TransferSync => "transfer sync",
            Step::Cleanup => "cleanup: auto-renew off",
        }
    }

    /// The export it calls.
    pub fn function(self) -> &'static str {
        match self {
            Step::Account => "check-credentials",
            Step::DomainList => "build-domain-report",
            Step::Availability => "check-availability",
            Step::Register => "register-domain",
            Step::ContactRead => "get-contacts",
            Step::UnknownDomain | Step::DomainInfo => "get-domain-info",
            Step::GetNameservers => "get-nameservers",
            Step::SaveNameservers => "save-nameservers",
            Step::AuthCode => "get-auth-code",
            Step::AutoRenewOff | Step::Cleanup => "request-delete",
            Step::AutoRenewOn => "renew-domain",
            Step::TransferSync => "transfer-sync",
        }
    }

    /// The recording's file name.
    pub fn file_name(self) -> String {
        let position = Step::ALL.iter().position(|s| *s == self).unwrap_or(0) + 1;
        let what = match self {
            Step::Cleanup => "cleanup_request_delete".to_string(),
            Step::UnknownDomain => "get_domain_info_not_registered_yet".to_string(),
            other => other.function().replace('-', "_"),
        };
        format!("staging_{position:02}_{what}.json")
    }

    /// A failure of this step makes the later steps meaningless: the run stops.
    pub fn stops_the_run(self) -> bool {
        matches!(
            self,
            Step::Account | Step::Availability | Step::Register | Step::DomainInfo
        )
    }
}

/// What the session works with.
#[derive(Clone, Debug, PartialEq)]
pub struct Plan {
    /// The test domain, e.g. `odrtest-20261207-160000-1a2b.nl`.
    pub domain: String,
    /// Its label (`odrtest-...`).
    pub label: String,
    /// Its TLD (`nl`).
    pub tld: String,
    /// Its nameservers, as ordered.
    pub nameservers: Vec<String>,
    /// The registrant as a panel contact (JSON form of `panel-contact`).
    pub registrant: Value,
    /// The day the run started (UTC).
    pub today: NaiveDate,
}

impl Plan {
    /// A plan for `domain` (or a generated name under `tld`).
    pub fn new(
        domain: Option<&str>,
        tld: &str,
        nameservers: &[String],
        email: &str,
        now: u64,
        salt: u32,
    ) -> Result<Plan, String> {
        let generated = format!("{}.{}", test_label(now, salt), tld.trim_matches('.'));
        let domain = domain
            .map(|d| d.trim().trim_end_matches('.').to_ascii_lowercase())
            .unwrap_or(generated);
        let Some((label, tld)) = domain.split_once('.') else {
            return Err(format!("{domain:?} is not a domain name (label.tld)"));
        };
        if label.is_empty() || tld.is_empty() {
            return Err(format!("{domain:?} is not a domain name (label.tld)"));
        }
        let nameservers: Vec<String> = nameservers
            .iter()
            .map(|n| n.trim().to_string())
            .filter(|n| !n.is_empty())
            .collect();
        if nameservers.is_empty() {
            return Err("give at least one nameserver (--nameservers)".into());
        }
        Ok(Plan {
            label: label.to_string(),
            tld: tld.to_string(),
            registrant: test_registrant(label, email),
            domain,
            nameservers,
            today: date_of(now),
        })
    }
}

/// A fresh label for the throwaway domain: `odrtest-YYYYMMDD-HHMMSS-xxxx`.
pub fn test_label(now: u64, salt: u32) -> String {
    let time = DateTime::from_timestamp(i64::try_from(now).unwrap_or(0), 0).unwrap_or_default();
    format!(
        "odrtest-{}-{:04x}",
        time.format("%Y%m%d-%H%M%S"),
        salt & 0xffff
    )
}

/// The UTC day of a Unix time.
pub fn date_of(now: u64) -> NaiveDate {
    DateTime::from_timestamp(i64::try_from(now).unwrap_or(0), 0)
        .unwrap_or_default()
        .date_naive()
}

/// The test contact: an organisation named after the test domain, so no existing
/// ODR contact matches and the component creates one.
fn test_registrant(label: &str, email: &str) -> Value {
    json!({
        "first-name": "Conformance",
        "last-name": "Test",
        "company-name": format!("ODR conformance {label}"),
        "email": email,
        "address1": "Kerkstraat 1",
        "address2": "",
        "city": "Amsterdam",
        "state": "Noord-Holland",
        "postcode": "1011AA",
        "country": "NL",
        "phone": "+31.201234567",
        "fax": "",
        "vat-number": "",
        "language": "nl"
    })
}

/// The arguments of each step's export (without `settings`): the one place that knows
/// the exports' parameters, to adapt when the contract changes.
pub fn call_args(step: Step, plan: &Plan) -> Value {
    let domain = plan.domain.as_str();
    match step {
        Step::Account => json!({}),
        Step::DomainList => json!({"panel-domains": []}),
        Step::Availability => json!({"label": plan.label, "tlds": [plan.tld]}),
        Step::Register => json!({"order": {
            "domain": domain,
            "period-years": 1,
            "registrant": plan.registrant,
            "admin": null,
            "tech": null,
            "nameservers": plan.nameservers,
            "glue": [],
            "auth-code": null
        }}),
        Step::SaveNameservers => json!({
            "domain": domain, "nameservers": plan.nameservers, "glue": []
        }),
        // The panel's order date: the domain was ordered in this run.
        Step::TransferSync => json!({
            "domain": domain, "ordered-on": plan.today.to_string()
        }),
        Step::UnknownDomain
        | Step::ContactRead
        | Step::DomainInfo
        | Step::GetNameservers
        | Step::AuthCode
        | Step::AutoRenewOff
        | Step::AutoRenewOn
        | Step::Cleanup => json!({ "domain": domain }),
    }
}

/// How an export call ended.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    /// The export's ok value.
    Ok(Value),
    /// The export's `registrar-error`.
    Err(Value),
    /// The host failed (denied request, trap, bad arguments).
    Host(String),
}

/// A check's result.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// The assumption holds.
    Pass,
    /// It does not: something to fix before going live.
    Fail,
    /// A wire fact odr-api.md is unsure about, as ODR sent it; the component copes either way.
    Observed,
    /// Not run because an earlier step failed.
    Skipped,
}

impl Verdict {
    fn label(self) -> &'static str {
        match self {
            Verdict::Pass => "pass",
            Verdict::Fail => "FAIL",
            Verdict::Observed => "observed",
            Verdict::Skipped => "skipped",
        }
    }
}

/// One line of the table.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    /// The step's title.
    pub step: &'static str,
    /// What was checked.
    pub check: String,
    /// The verdict.
    pub result: Verdict,
    /// What was seen.
    pub note: String,
}

fn row(step: Step, check: &str, result: Verdict, note: impl Into<String>) -> Row {
    Row {
        step: step.title(),
        check: check.to_string(),
        result,
        note: note.into(),
    }
}

/// What earlier steps learnt that later checks compare against.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Facts {
    /// The registrant in ODR's form, as `normalize-contact` makes it (what was sent).
    pub expected_registrant: Option<Value>,
    /// The contacts register-domain used (`role-contacts`).
    pub ordered_contacts: Option<Value>,
    /// Expiry from domain info.
    pub expiry: Option<NaiveDate>,
    /// Auto-renew from domain info.
    pub auto_renew: Option<bool>,
}

/// An error value in a line: `refused: Domain is taken`.
pub fn describe_error(error: &Value) -> String {
    match error {
        Value::Object(object) => object
            .iter()
            .map(|(kind, detail)| {
                let text = match detail {
                    Value::String(s) => s.clone(),
                    Value::Object(o) => o
                        .get("message")
                        .and_then(Value::as_str)
                        .map(str::to_string)
                        .unwrap_or_else(|| detail.to_string()),
                    other => other.to_string(),
                };
                format!("{kind}: {text}")
            })
            .collect::<Vec<_>>()
            .join("; "),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn failed_call(step: Step, outcome: &Outcome) -> Option<Row> {
    let note = match outcome {
        Outcome::Ok(_) => return None,
        Outcome::Err(error) => describe_error(error),
        Outcome::Host(message) => format!("host error: {message}"),
    };
    Some(row(
        step,
        &format!("{} answers", step.function()),
        Verdict::Fail,
        note,
    ))
}

fn is_path(exchange: &Exchange, method: &str, path: &str) -> bool {
    exchange.request.method.eq_ignore_ascii_case(method)
        && exchange.request.path.trim_end_matches('/') == path.trim_end_matches('/')
}

/// Every error envelope in the exchanges: `GET /domain/x.nl/: HTTP 404, code 404, "Domain not found"`.
pub fn error_envelopes(exchanges: &[Exchange]) -> Vec<String> {
    exchanges
        .iter()
        .filter(|e| e.response.body.get("status").and_then(Value::as_str) == Some("error"))
        .map(|e| {
            let body = &e.response.body;
            let message = match body.get("response") {
                Some(Value::Object(r)) => r
                    .get("message")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_string(),
                Some(Value::String(s)) => s.clone(),
                _ => String::new(),
            };
            let code = body
                .get("code")
                .map(Value::to_string)
                .unwrap_or_else(|| "none".into());
            format!(
                "{} {}: HTTP {}, code {code}, {message:?}",
                e.request.method, e.request.path, e.response.status
            )
        })
        .collect()
}

/// The `X-Pagination-*` headers of a response, as `name=value`.
pub fn paging_headers(exchange: &Exchange) -> Vec<String> {
    exchange
        .response
        .headers
        .iter()
        .filter(|(name, _)| name.to_ascii_lowercase().starts_with("x-pagination-"))
        .map(|(name, value)| format!("{name}={value}"))
        .collect()
}

/// Which field of the `POST /contact/` answer carried the new id.
pub fn new_contact_id_field(exchanges: &[Exchange]) -> Option<&'static str> {
    let answer = exchanges
        .iter()
        .find(|e| is_path(e, "POST", "/contact/"))?
        .response
        .body
        .get("response")?;
    let present = |v: Option<&Value>| v.is_some_and(|v| !v.is_null());
    if present(answer.get("data").and_then(|d| d.get("id"))) {
        Some("response.data.id")
    } else if present(answer.get("id")) {
        Some("response.id")
    } else if present(answer.get("created_contact_id")) {
        Some("response.created_contact_id")
    } else {
        None
    }
}

/// How a domain list's items carry `status`: (items with it, items).
pub fn list_status_presence(exchanges: &[Exchange]) -> (usize, usize) {
    let items: Vec<&Value> = exchanges
        .iter()
        .filter(|e| is_path(e, "GET", "/domain/"))
        .filter_map(|e| e.response.body.get("response").and_then(Value::as_array))
        .flatten()
        .collect();
    let with = items.iter().filter(|i| i.get("status").is_some()).count();
    (with, items.len())
}

/// The verdict on the unit of `period`, from the expiry after a one-year registration.
pub fn period_verdict(today: NaiveDate, expiry: Option<NaiveDate>) -> (Verdict, String) {
    let Some(expiry) = expiry else {
        return (
            Verdict::Observed,
            "ODR gave no expiry date: the unit of period is not confirmed".into(),
        );
    };
    let days = (expiry - today).num_days();
    let note = format!("expiry {expiry}, {days} days after today");
    if (300..=400).contains(&days) {
        (
            Verdict::Pass,
            format!("{note}: period is in months, as assumed"),
        )
    } else if days > 3000 {
        (
            Verdict::Fail,
            format!("{note}: ODR took the period as years (12 years?)"),
        )
    } else {
        (
            Verdict::Fail,
            format!("{note}: not one year after a 1-year order"),
        )
    }
}

fn parse_date(value: &Value) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(value.as_str()?, "%Y-%m-%d").ok()
}

fn host_list(value: &Value) -> Vec<String> {
    value
        .as_array()
        .map(|items| items.iter().filter_map(Value::as_str).map(host).collect())
        .unwrap_or_default()
}

fn host(name: &str) -> String {
    name.trim().trim_end_matches('.').to_ascii_lowercase()
}

fn nameserver_row(step: Step, plan: &Plan, got: &Value) -> Row {
    let want: Vec<String> = plan.nameservers.iter().map(|n| host(n)).collect();
    let got = host_list(got);
    if got == want {
        row(
            step,
            "nameservers as ordered",
            Verdict::Pass,
            got.join(", "),
        )
    } else {
        row(
            step,
            "nameservers as ordered",
            Verdict::Fail,
            format!("ordered [{}], got [{}]", want.join(", "), got.join(", ")),
        )
    }
}

/// Fields where two contacts in ODR's form differ: `phone: sent "..", read ".."`.
pub fn contact_differences(sent: &Value, read: &Value) -> Vec<String> {
    let Some(sent) = sent.as_object() else {
        return vec!["nothing to compare with".into()];
    };
    sent.iter()
        .filter(|(field, value)| read.get(field.as_str()) != Some(*value))
        .map(|(field, value)| {
            format!(
                "{field}: sent {value}, read {}",
                read.get(field.as_str()).unwrap_or(&Value::Null)
            )
        })
        .collect()
}

/// The checks of one step, from its outcome and its (redacted) exchanges.
pub fn check(
    step: Step,
    plan: &Plan,
    facts: &mut Facts,
    outcome: &Outcome,
    exchanges: &[Exchange],
) -> Vec<Row> {
    let mut rows = wire_rows(step, outcome, exchanges);
    if step == Step::UnknownDomain {
        rows.push(not_found_row(plan, outcome));
        return rows;
    }
    if let Some(failed) = failed_call(step, outcome) {
        rows.push(failed);
        return rows;
    }
    if let Outcome::Ok(value) = outcome {
        rows.extend(result_rows(step, plan, facts, value, exchanges));
    }
    rows
}

fn verdict(holds: bool) -> Verdict {
    if holds {
        Verdict::Pass
    } else {
        Verdict::Fail
    }
}

/// A step whose answer is one enum case: `want` passes.
fn case_row(step: Step, check: &str, got: &Value, want: &str, why: &str) -> Row {
    let got = got.as_str().unwrap_or("(no case)");
    let note = if got == want || why.is_empty() {
        got.to_string()
    } else {
        format!("{got} (expected {want} {why})")
    };
    row(step, check, verdict(got == want), note)
}

/// What ODR sent where odr-api.md is unsure, and the login; shown even when the call failed.
fn wire_rows(step: Step, outcome: &Outcome, exchanges: &[Exchange]) -> Vec<Row> {
    let mut rows = Vec::new();
    match step {
        Step::Account => {
            let check = "login signature accepted, token issued";
            let Some(login) = exchanges
                .iter()
                .find(|e| is_path(e, "POST", "/user/login/"))
            else {
                rows.push(row(
                    step,
                    check,
                    Verdict::Fail,
                    "no login request was answered",
                ));
                return rows;
            };
            let answer = login.response.body.get("response");
            let token = answer.and_then(|r| r.get("token")).is_some();
            let header = answer
                .and_then(|r| r.get("as_header"))
                .and_then(Value::as_str)
                .unwrap_or("(none)");
            let mut note = format!("HTTP {}, as_header {header}", login.response.status);
            if exchanges
                .iter()
                .any(|e| is_path(e, "POST", "/info/user/login/"))
            {
                note.push_str("; the known signature rule was refused, ODR's rule was read");
            }
            let ok = token && matches!(outcome, Outcome::Ok(_));
            rows.push(row(step, check, verdict(ok), note));
        }
        Step::DomainList => {
            let Some(first) = exchanges.iter().find(|e| is_path(e, "GET", "/domain/")) else {
                return rows;
            };
            let headers = paging_headers(first);
            rows.push(row(
                step,
                "paging headers (odr-api.md §5.5: unsure)",
                Verdict::Observed,
                if headers.is_empty() {
                    "none on page 1: the component reads the list as one page".to_string()
                } else {
                    headers.join(", ")
                },
            ));
            let (with, total) = list_status_presence(exchanges);
            rows.push(row(
                step,
                "list items carry status (§9 #33: unsure)",
                Verdict::Observed,
                if total == 0 {
                    "the list is empty: not seen".to_string()
                } else {
                    format!("{with} of {total} items have a status field")
                },
            ));
        }
        Step::UnknownDomain | Step::Register => {
            let errors = error_envelopes(exchanges);
            if !errors.is_empty() {
                rows.push(row(
                    step,
                    "error envelope code values (§10.1: unsure)",
                    Verdict::Observed,
                    errors.join("; "),
                ));
            }
            let period = exchanges
                .iter()
                .find(|e| e.request.method == "POST" && e.request.path.starts_with("/domain/"))
                .and_then(|e| e.request.body.get("period"));
            if let Some(sent) = period {
                rows.push(row(
                    step,
                    "period sent for 1 year (§4.5: months assumed)",
                    Verdict::Observed,
                    format!("period {sent}; the expiry is checked under domain info"),
                ));
            }
        }
        _ => {}
    }
    rows
}

/// The free test domain before registration: ODR's not-found is the expected answer.
fn not_found_row(plan: &Plan, outcome: &Outcome) -> Row {
    let (verdict, note) = match outcome {
        Outcome::Err(error) if error.get("not-found").is_some() => {
            (Verdict::Pass, describe_error(error))
        }
        Outcome::Ok(_) => (
            Verdict::Fail,
            format!(
                "ODR answered with a domain for {}, which was available",
                plan.domain
            ),
        ),
        Outcome::Err(error) => (Verdict::Fail, describe_error(error)),
        Outcome::Host(message) => (Verdict::Fail, format!("host error: {message}")),
    };
    row(
        Step::UnknownDomain,
        "a domain not in the account is not-found",
        verdict,
        note,
    )
}

/// The checks of a step's ok value.
fn result_rows(
    step: Step,
    plan: &Plan,
    facts: &mut Facts,
    value: &Value,
    exchanges: &[Exchange],
) -> Vec<Row> {
    match step {
        // Its error is the expected outcome (not_found_row).
        Step::UnknownDomain => Vec::new(),
        Step::Account => {
            let user = value.get("user-id").and_then(Value::as_str);
            let balance = value.get("balance").and_then(Value::as_str);
            vec![row(
                step,
                "account has user id and balance",
                verdict(user.is_some() && balance.is_some()),
                format!(
                    "user-id {}, balance {}",
                    user.unwrap_or("(none)"),
                    balance.unwrap_or("(none)")
                ),
            )]
        }
        Step::DomainList => {
            let count = value.get("odr-count").and_then(Value::as_u64).unwrap_or(0);
            let requests = value.get("requests").and_then(Value::as_u64).unwrap_or(0);
            vec![row(
                step,
                "every page of the domain list read",
                Verdict::Pass,
                format!("{count} registered domains, {requests} requests (login included)"),
            )]
        }
        Step::Availability => vec![availability_row(plan, value)],
        Step::Register => register_rows(facts, value, exchanges),
        Step::ContactRead => vec![contact_read_row(facts, value)],
        Step::DomainInfo => domain_info_rows(plan, facts, value),
        Step::GetNameservers => vec![nameserver_row(step, plan, value)],
        Step::SaveNameservers => vec![row(
            step,
            "the same nameservers saved",
            Verdict::Pass,
            "accepted",
        )],
        Step::AuthCode => {
            let check = "an auth code or its e-mail";
            vec![match value {
                Value::Object(o) if o.contains_key("code") => row(
                    step,
                    check,
                    Verdict::Pass,
                    "a code was returned (written as <AUTH_CODE>)",
                ),
                Value::String(s) if s == "sent-to-registrant" => row(
                    step,
                    check,
                    Verdict::Pass,
                    "ODR e-mailed the code to the registrant",
                ),
                other => row(
                    step,
                    check,
                    Verdict::Fail,
                    format!("unexpected answer {other}"),
                ),
            }]
        }
        Step::AutoRenewOff => {
            let want = match facts.auto_renew {
                Some(false) => "already-scheduled",
                _ => "auto-renew-switched-off",
            };
            vec![case_row(
                step,
                "auto-renew switched off",
                value,
                want,
                "after domain info",
            )]
        }
        Step::AutoRenewOn => vec![case_row(
            step,
            "auto-renew switched on again",
            value,
            "auto-renew-switched-on",
            "",
        )],
        Step::TransferSync => vec![transfer_sync_row(facts, value)],
        Step::Cleanup => vec![case_row(
            step,
            "auto-renew off: the test domain lapses",
            value,
            "auto-renew-switched-off",
            "",
        )],
    }
}

fn availability_row(plan: &Plan, value: &Value) -> Row {
    let first = value.as_array().and_then(|a| a.first());
    let status = first
        .and_then(|a| a.get("status"))
        .and_then(Value::as_str)
        .unwrap_or("(no answer)");
    let (verdict, note) = match status {
        "available" => (Verdict::Pass, format!("{} is available", plan.domain)),
        "registered" => (
            Verdict::Fail,
            format!("{} is taken: choose another --domain", plan.domain),
        ),
        other => (
            Verdict::Fail,
            format!(
                "{other}: {}",
                first
                    .and_then(|a| a.get("message"))
                    .and_then(Value::as_str)
                    .unwrap_or("ODR gave no answer for this TLD")
            ),
        ),
    };
    row(
        Step::Availability,
        "the test domain is available",
        verdict,
        note,
    )
}

fn register_rows(facts: &mut Facts, value: &Value, exchanges: &[Exchange]) -> Vec<Row> {
    let step = Step::Register;
    let status = value.get("status").and_then(Value::as_str).unwrap_or("");
    let id = value
        .get("domain-id")
        .and_then(Value::as_str)
        .unwrap_or("none");
    let created = value
        .get("created-contacts")
        .and_then(Value::as_array)
        .map_or(0, Vec::len);
    let check = "new contact created, id read (§9 #7: unsure)";
    let contact = match (created, new_contact_id_field(exchanges)) {
        (0, _) => row(
            step,
            check,
            Verdict::Observed,
            "an existing contact was reused: contact creation not exercised",
        ),
        (_, Some(field)) => row(step, check, Verdict::Pass, format!("id in {field}")),
        (_, None) => row(
            step,
            check,
            Verdict::Fail,
            "a contact was reported created but no POST /contact/ answer carried an id",
        ),
    };
    facts.ordered_contacts = value.get("contacts").cloned();
    vec![
        row(
            step,
            "order accepted",
            verdict(matches!(status, "completed" | "pending")),
            format!("{status}, domain id {id}"),
        ),
        contact,
    ]
}

fn contact_read_row(facts: &Facts, value: &Value) -> Row {
    let registrant = value.as_array().and_then(|roles| {
        roles
            .iter()
            .find(|pair| pair.get(0).and_then(Value::as_str) == Some("registrant"))
            .and_then(|pair| pair.get(1))
    });
    let (verdict, note) = match (registrant, &facts.expected_registrant) {
        (None, _) => (Verdict::Fail, "no registrant contact read".to_string()),
        (Some(_), None) => (
            Verdict::Fail,
            "nothing to compare with (normalize-contact failed)".to_string(),
        ),
        (Some(read), Some(sent)) => {
            let differences = contact_differences(sent, read);
            if differences.is_empty() {
                (
                    Verdict::Pass,
                    "every field reads back as sent (a sync finds no change)".to_string(),
                )
            } else {
                (Verdict::Fail, differences.join("; "))
            }
        }
    };
    row(
        Step::ContactRead,
        "registrant reads back as sent",
        verdict,
        note,
    )
}

fn domain_info_rows(plan: &Plan, facts: &mut Facts, value: &Value) -> Vec<Row> {
    let step = Step::DomainInfo;
    let status = value.get("status").cloned().unwrap_or(Value::Null);
    facts.expiry = value.get("expiry").and_then(parse_date);
    facts.auto_renew = value.get("auto-renew").and_then(Value::as_bool);
    let (period, period_note) = period_verdict(plan.today, facts.expiry);
    let contacts = value.get("contacts").cloned().unwrap_or(Value::Null);
    let (same_contacts, contacts_note) = match &facts.ordered_contacts {
        Some(ordered) if *ordered == contacts => (true, contacts.to_string()),
        Some(ordered) => (false, format!("ordered {ordered}, info says {contacts}")),
        None => (false, "the order's contacts are unknown".to_string()),
    };
    vec![
        row(
            step,
            "status registered",
            verdict(status.as_str() == Some("registered")),
            format!("status {}", status.as_str().unwrap_or("(none)")),
        ),
        row(
            step,
            "expiry one year ahead (period in months)",
            period,
            period_note,
        ),
        nameserver_row(step, plan, value.get("nameservers").unwrap_or(&Value::Null)),
        row(
            step,
            "contacts as ordered",
            verdict(same_contacts),
            contacts_note,
        ),
        row(
            step,
            "auto-renew of a new registration",
            Verdict::Observed,
            match facts.auto_renew {
                Some(true) => "ON",
                Some(false) => "OFF",
                None => "(not given)",
            },
        ),
    ]
}

fn transfer_sync_row(facts: &Facts, value: &Value) -> Row {
    let (holds, note) = match (value.get("completed").and_then(parse_date), facts.expiry) {
        (Some(date), Some(expiry)) if date == expiry => {
            (true, format!("completed, expiry {date} as in domain info"))
        }
        (Some(date), expiry) => (
            false,
            format!(
                "completed {date}, but domain info said {}",
                expiry.map_or("no expiry".to_string(), |e| e.to_string())
            ),
        ),
        (None, _) => (false, value.to_string()),
    };
    row(
        Step::TransferSync,
        "a registered domain reads as completed",
        verdict(holds),
        note,
    )
}

/// True when domain info says the registration is still in progress.
pub fn is_pending(outcome: &Outcome) -> bool {
    matches!(outcome, Outcome::Ok(info) if info.get("status").and_then(Value::as_str) == Some("pending"))
}

/// The row of a step not run.
pub fn skipped(step: Step, after: Step) -> Row {
    row(
        step,
        "(not run)",
        Verdict::Skipped,
        format!("\"{}\" failed", after.title()),
    )
}

/// The table as printed.
pub fn render_table(rows: &[Row]) -> String {
    let headers = ["step", "check", "result", "note"];
    let width = |column: usize| {
        rows.iter()
            .map(|r| match column {
                0 => r.step.chars().count(),
                1 => r.check.chars().count(),
                _ => r.result.label().len(),
            })
            .chain([headers[column].len()])
            .max()
            .unwrap_or(0)
    };
    let (a, b, c) = (width(0), width(1), width(2));
    let mut out = format!(
        "{:a$}  {:b$}  {:c$}  {}\n",
        headers[0], headers[1], headers[2], headers[3]
    );
    out.push_str(&format!(
        "{}  {}  {}  {}\n",
        "-".repeat(a),
        "-".repeat(b),
        "-".repeat(c),
        "-".repeat(4)
    ));
    for r in rows {
        out.push_str(
            format!(
                "{:a$}  {:b$}  {:c$}  {}",
                r.step,
                r.check,
                r.result.label(),
                r.note
            )
            .trim_end(),
        );
        out.push('\n');
    }
    let count = |v: Verdict| rows.iter().filter(|r| r.result == v).count();
    out.push_str(&format!(
        "{} checks: {} passed, {} failed, {} observed, {} skipped\n",
        rows.len(),
        count(Verdict::Pass),
        count(Verdict::Fail),
        count(Verdict::Observed),
        count(Verdict::Skipped)
    ));
    out
}

/// True when the URL's host belongs to ODR's production installation.
pub fn is_production(url: &str) -> bool {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = authority.rsplit('@').next().unwrap_or("");
    let host = host
        .split(':')
        .next()
        .unwrap_or("")
        .trim_end_matches('.')
        .to_ascii_lowercase();
    host == PRODUCTION_DOMAIN || host.ends_with(&format!(".{PRODUCTION_DOMAIN}"))
}

fn is_placeholder(text: &str) -> bool {
    text.starts_with('<') && text.ends_with('>')
}

/// Learn every EPP code in `value`: the string under any `auth_code` key.
pub fn learn_auth_codes(value: &Value, codes: &mut Vec<String>) {
    match value {
        Value::Object(object) => {
            for (key, item) in object {
                let is_code_key = matches!(
                    key.to_ascii_lowercase().replace('-', "_").as_str(),
                    "auth_code" | "authcode" | "epp_code"
                );
                match item {
                    Value::String(code) if is_code_key => remember(code, codes),
                    other => learn_auth_codes(other, codes),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| learn_auth_codes(v, codes)),
        _ => {}
    }
}

fn remember(code: &str, codes: &mut Vec<String>) {
    let code = code.trim();
    if !code.is_empty() && !is_placeholder(code) && !codes.iter().any(|c| c == code) {
        codes.push(code.to_string());
        codes.sort_by_key(|c| std::cmp::Reverse(c.len()));
    }
}

/// `value` with every known EPP code replaced by [`AUTH_CODE_PLACEHOLDER`]: whole
/// strings equal to a code, and codes of six characters or more inside longer text.
pub fn redact_auth_codes(value: &Value, codes: &[String]) -> Value {
    match value {
        Value::String(text) => {
            if codes.iter().any(|c| c == text.trim()) {
                return Value::String(AUTH_CODE_PLACEHOLDER.into());
            }
            let mut out = text.clone();
            for code in codes.iter().filter(|c| c.chars().count() >= 6) {
                out = out.replace(code.as_str(), AUTH_CODE_PLACEHOLDER);
            }
            Value::String(out)
        }
        Value::Array(items) => {
            Value::Array(items.iter().map(|v| redact_auth_codes(v, codes)).collect())
        }
        Value::Object(object) => Value::Object(
            object
                .iter()
                .map(|(k, v)| (k.clone(), redact_auth_codes(v, codes)))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// A recording's JSON text with every EPP code it holds (under an `auth_code`
/// key anywhere: requests, answers, results) replaced by [`AUTH_CODE_PLACEHOLDER`].
/// An EPP code is enough to transfer a domain away: `odr call --record` writes
/// recordings through this too, not only `odr conformance`.
pub fn redact_recording_text(text: &str) -> Result<String, serde_json::Error> {
    let value: Value = serde_json::from_str(text)?;
    let mut codes = Vec::new();
    learn_auth_codes(&value, &mut codes);
    if codes.is_empty() {
        return Ok(text.to_string());
    }
    Ok(serde_json::to_string_pretty(&redact_auth_codes(&value, &codes))? + "\n")
}

/// Secrets found in a recording's text (none may be): which kinds.
pub fn leaks(text: &str, credentials: &Credentials, codes: &[String]) -> Vec<&'static str> {
    let mut found = Vec::new();
    if !credentials.api_secret.is_empty() && text.contains(&credentials.api_secret) {
        found.push("the API secret");
    }
    if !credentials.api_key.is_empty() && text.contains(&credentials.api_key) {
        found.push("the API key");
    }
    if text.contains("token$") {
        found.push("a token or signature");
    }
    if codes.iter().any(|c| text.contains(&format!("\"{c}\""))) {
        found.push("an EPP code");
    }
    found
}

fn secret_from(args: &ConformanceArgs) -> Result<String, CliError> {
    let (source, text) = if let Some(path) = &args.secret_file {
        let text = std::fs::read_to_string(path).map_err(|e| CliError::File {
            path: path.clone(),
            message: e.to_string(),
        })?;
        (path.display().to_string(), text)
    } else if args.secret_stdin {
        let mut line = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .map_err(|e| CliError::Usage(format!("cannot read the secret from stdin: {e}")))?;
        ("standard input".to_string(), line)
    } else {
        match std::env::var("ODR_API_SECRET") {
            Ok(secret) => ("ODR_API_SECRET".to_string(), secret),
            Err(_) => {
                return Err(CliError::Usage(
                    "no API secret: set ODR_API_SECRET, or use --secret-file FILE or \
                     --secret-stdin (the secret is never a command-line argument)"
                        .into(),
                ))
            }
        }
    };
    let secret = text.lines().next().unwrap_or("").trim().to_string();
    if secret.is_empty() {
        return Err(CliError::Usage(format!(
            "the API secret from {source} is empty"
        )));
    }
    Ok(secret)
}

fn outcome_of(result: Result<CallOutcome, odr_host::HostError>) -> Outcome {
    match result {
        Ok(CallOutcome::Ok(value)) => Outcome::Ok(value),
        Ok(CallOutcome::Err(value)) => Outcome::Err(value),
        Err(error) => Outcome::Host(error.to_string()),
    }
}

/// A call without HTTP (api-endpoint, normalize-contact).
fn local_call(runtime: &Runtime, function: &str, args: &Value) -> Outcome {
    let state = MemoryState::new(Clock::System);
    let log = MemoryLog::new();
    let transport = UreqTransport::new();
    let caps = Capabilities {
        transport: &transport,
        state: &state,
        log: &log,
    };
    outcome_of(runtime.call(caps, function, args, &CallOptions::default()))
}

/// One step run live: its outcome (redacted) and its recording (redacted, EPP codes too).
struct StepRun {
    outcome: Outcome,
    recording: Value,
}

struct Session<'a> {
    runtime: &'a Runtime,
    settings: Value,
    credentials: Credentials,
    fuel: u64,
    endpoint: String,
    environment: &'static str,
    codes: Vec<String>,
}

impl Session<'_> {
    fn run_step(&mut self, step: Step, plan: &Plan, now: u64) -> StepRun {
        // `settings` first, as in the other recordings.
        let mut object = serde_json::Map::new();
        object.insert("settings".into(), self.settings.clone());
        if let Value::Object(rest) = call_args(step, plan) {
            object.extend(rest);
        }
        let args = Value::Object(object);
        let clock = Clock::Pinned { unix_seconds: now };
        let state = MemoryState::new(clock);
        let log = MemoryLog::new();
        let recorder = RecordingTransport::new(UreqTransport::new(), self.credentials.clone());
        let caps = Capabilities {
            transport: &recorder,
            state: &state,
            log: &log,
        };
        let options = CallOptions {
            clock,
            fuel: self.fuel,
            ..CallOptions::default()
        };
        let result = self.runtime.call(caps, step.function(), &args, &options);
        let redactor = recorder.redactor();
        let expect = match &result {
            Ok(CallOutcome::Ok(v)) => Expect::Ok(redactor.redact_json(v)),
            Ok(CallOutcome::Err(v)) => Expect::Err(redactor.redact_json(v)),
            Err(e) => Expect::HostError(redactor.redact_str(&e.to_string())),
        };
        let mut recorded_args = redactor.redact_json(&args);
        if let Some(object) = recorded_args.as_object_mut() {
            object.insert(
                "settings".into(),
                Recording::settings_reference(&self.settings),
            );
        }
        let recording = Recording {
            assumed: false,
            description: format!(
                "Recorded by `odr conformance` against ODR {} ({}) on {}: step \"{}\" ({}) of \
                 a whole session on the throwaway domain {}. Proves the component reads this \
                 real answer as the recorded result.",
                self.environment,
                self.endpoint,
                plan.today,
                step.title(),
                step.function(),
                plan.domain
            ),
            now,
            state: Default::default(),
            calls: vec![RecordedCall {
                function: step.function().to_string(),
                args: recorded_args,
                expect: Some(expect.clone()),
                expect_state: None,
                note: None,
            }],
            exchanges: recorder.exchanges(),
            expect_state: None,
        };
        let recording = serde_json::to_value(&recording).unwrap_or(Value::Null);
        // EPP codes: every `auth_code` ODR sent, and the export's own answer.
        learn_auth_codes(&recording, &mut self.codes);
        if let (Step::AuthCode, Expect::Ok(value)) = (step, &expect) {
            if let Some(code) = value.get("code").and_then(Value::as_str) {
                remember(code, &mut self.codes);
            }
        }
        let recording = redact_auth_codes(&recording, &self.codes);
        let outcome = match expect {
            Expect::Ok(v) => Outcome::Ok(redact_auth_codes(&v, &self.codes)),
            Expect::Err(v) => Outcome::Err(redact_auth_codes(&v, &self.codes)),
            Expect::HostError(text) => Outcome::Host(text),
        };
        StepRun { outcome, recording }
    }
}

fn system_now() -> u64 {
    Clock::System.unix_seconds()
}

fn write_file(path: &Path, text: &str) -> Result<(), CliError> {
    std::fs::write(path, text).map_err(|e| CliError::File {
        path: path.to_path_buf(),
        message: e.to_string(),
    })
}

/// `odr conformance`: run the session, print the table, exit 1 when a check failed.
pub fn run(args: ConformanceArgs) -> Result<ExitCode, CliError> {
    let api_key = args
        .api_key
        .clone()
        .filter(|k| !k.trim().is_empty())
        .ok_or_else(|| CliError::Usage("no API key: set ODR_API_KEY or pass --api-key".into()))?;
    let api_secret = secret_from(&args)?;
    let runtime = load(&args.component.component)?;
    let settings = json!({
        "api-key": api_key.trim(),
        "api-secret": api_secret,
        "api-url": args.api_url,
        "test-mode": true,
        "onsite-contact": "same-as-registrant",
        "tech-contact": "same-as-registrant",
        "request-timeout-ms": 0,
        "max-requests-per-second": 0
    });
    let endpoint = match local_call(&runtime, "api-endpoint", &json!({ "settings": settings })) {
        Outcome::Ok(Value::String(url)) => url,
        other => {
            return Err(CliError::Usage(format!(
                "the API URL {:?} is not usable: {other:?}",
                args.api_url
            )))
        }
    };
    let production = is_production(&endpoint);
    if production && !args.i_know_this_is_production {
        return Err(CliError::Usage(format!(
            "{endpoint} is ODR's production API: `odr conformance` registers a domain and \
             changes it. Run it with staging keys against the staging API (leave --api-url \
             empty), or add --i-know-this-is-production to register a real domain."
        )));
    }
    let start = args.now.unwrap_or_else(system_now);
    let salt = std::process::id()
        ^ std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0);
    let plan = Plan::new(
        args.domain.as_deref(),
        &args.tld,
        &args.nameservers,
        &args.email,
        start,
        salt,
    )
    .map_err(CliError::Usage)?;
    let mut facts = Facts::default();
    match local_call(
        &runtime,
        "normalize-contact",
        &json!({ "contact": plan.registrant }),
    ) {
        Outcome::Ok(contact) => facts.expected_registrant = Some(contact),
        other => {
            return Err(CliError::Usage(format!(
                "the test contact is not valid (check --email): {other:?}"
            )))
        }
    }
    let out = args.out.clone().unwrap_or_else(|| {
        PathBuf::from(format!(
            "conformance-{}",
            test_label(start, 0)
                .trim_start_matches("odrtest-")
                .trim_end_matches("-0000")
        ))
    });
    // A new directory: recordings of an earlier run must not mix with this one's.
    let used = std::fs::read_dir(&out).is_ok_and(|mut entries| entries.next().is_some());
    if used {
        return Err(CliError::Usage(format!(
            "{} is not empty: give --out a new directory",
            out.display()
        )));
    }
    std::fs::create_dir_all(&out).map_err(|e| CliError::File {
        path: out.clone(),
        message: e.to_string(),
    })?;
    let credentials = Credentials {
        api_key: api_key.trim().to_string(),
        api_secret: api_secret.clone(),
    };
    let mut session = Session {
        runtime: &runtime,
        settings,
        credentials: credentials.clone(),
        fuel: args.fuel,
        environment: if production { "production" } else { "staging" },
        endpoint,
        codes: Vec::new(),
    };
    eprintln!(
        "odr conformance: ODR {} at {}, test domain {}, recordings into {}",
        session.environment,
        session.endpoint,
        plan.domain,
        out.display()
    );

    let mut rows = Vec::new();
    let mut stopped_by: Option<Step> = None;
    for step in Step::ALL {
        if let Some(after) = stopped_by {
            rows.push(skipped(step, after));
            continue;
        }
        if step != Step::ALL[0] {
            std::thread::sleep(std::time::Duration::from_secs(args.pause_seconds));
        }
        eprintln!("  {} ({})", step.title(), step.function());
        let now = args.now.unwrap_or_else(system_now);
        let mut run = session.run_step(step, &plan, now);
        let mut waited = 0;
        if step == Step::DomainInfo {
            // A registration may stay PENDING for a while: ask again (the recording
            // keeps the last answer, each attempt logging in on its own).
            while is_pending(&run.outcome) && waited < args.wait_seconds {
                std::thread::sleep(std::time::Duration::from_secs(args.poll_seconds));
                waited += args.poll_seconds.max(1);
                run = session.run_step(step, &plan, args.now.unwrap_or_else(system_now));
            }
        }
        let exchanges: Vec<Exchange> = run
            .recording
            .get("exchanges")
            .cloned()
            .and_then(|e| serde_json::from_value(e).ok())
            .unwrap_or_default();
        let mut step_rows = check(step, &plan, &mut facts, &run.outcome, &exchanges);
        if waited > 0 {
            step_rows.push(row(
                step,
                "registration pending after the order",
                Verdict::Observed,
                if is_pending(&run.outcome) {
                    format!("still PENDING after {waited} s (--wait-seconds)")
                } else {
                    format!("PENDING at first, then asked again for {waited} s")
                },
            ));
        }
        let mut text = serde_json::to_string_pretty(&run.recording).unwrap_or_default();
        text.push('\n');
        let leaked = leaks(&text, &credentials, &session.codes);
        if leaked.is_empty() {
            write_file(&out.join(step.file_name()), &text)?;
        } else {
            step_rows.push(row(
                step,
                "recording free of secrets",
                Verdict::Fail,
                format!("not written: it would hold {}", leaked.join(", ")),
            ));
        }
        let failed = step_rows.iter().any(|r| r.result == Verdict::Fail);
        rows.extend(step_rows);
        if failed && step.stops_the_run() {
            stopped_by = Some(step);
        }
    }

    let table = render_table(&rows);
    print!("{table}");
    write_file(
        &out.join("conformance.txt"),
        &format!(
            "odr conformance against ODR {} ({}) on {}, test domain {}\n\n{table}",
            session.environment, session.endpoint, plan.today, plan.domain
        ),
    )?;
    eprintln!(
        "recordings and table in {} (add the recordings to tests/recordings/ to replay them)",
        out.display()
    );
    Ok(if rows.iter().any(|r| r.result == Verdict::Fail) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_recordings_epp_codes_are_replaced_wherever_they_appear() {
        let text = serde_json::json!({
            "calls": [{"expect": {"ok": {"code": "Xk29PqLm7A"}}}],
            "exchanges": [{"request": {"body": {"auth_code": "Xk29PqLm7A"}},
                           "response": {"body": {"response": {"auth_code": "Xk29PqLm7A",
                                                              "note": "code Xk29PqLm7A"}}}}]
        })
        .to_string();
        let redacted = super::redact_recording_text(&text).unwrap();
        assert!(!redacted.contains("Xk29PqLm7A"), "{redacted}");
        assert_eq!(redacted.matches("<AUTH_CODE>").count(), 4, "{redacted}");
        let plain = r#"{"calls": [], "exchanges": []}"#;
        assert_eq!(super::redact_recording_text(plain).unwrap(), plain);
    }

    use super::*;
    use odr_host::replay::{RecordedRequest, RecordedResponse};
    use std::collections::BTreeMap;

    const NOW: u64 = 1_764_547_200; // 2025-12-01

    fn plan() -> Plan {
        Plan::new(
            Some("odrtest-x.nl"),
            "nl",
            &["ns1.odrdns.eu".into(), "NS2.odrdns.eu.".into()],
            "hostmaster@example.com",
            NOW,
            0,
        )
        .expect("plan")
    }

    fn exchange(method: &str, path: &str, request: Value, status: u16, body: Value) -> Exchange {
        Exchange {
            request: RecordedRequest {
                method: method.into(),
                path: path.into(),
                query: String::new(),
                headers: BTreeMap::new(),
                body: request,
                body_text: None,
            },
            response: RecordedResponse {
                status,
                headers: BTreeMap::new(),
                body,
                body_text: None,
                fault: None,
            },
            note: None,
        }
    }

    fn verdicts(rows: &[Row]) -> Vec<(String, Verdict)> {
        rows.iter().map(|r| (r.check.clone(), r.result)).collect()
    }

    #[test]
    fn generated_names_are_dated_and_valid_labels() {
        assert_eq!(test_label(NOW, 0x1a2b), "odrtest-20251201-000000-1a2b");
        let plan = Plan::new(None, ".eu", &["ns1.x.net".into()], "a@b.c", NOW, 7).expect("plan");
        assert_eq!(plan.domain, "odrtest-20251201-000000-0007.eu");
        assert_eq!(plan.label, "odrtest-20251201-000000-0007");
        assert_eq!(plan.tld, "eu");
        assert_eq!(plan.today.to_string(), "2025-12-01");
        assert!(Plan::new(Some("nodot"), "nl", &["ns".into()], "a@b.c", NOW, 0).is_err());
        assert!(Plan::new(None, "nl", &[" ".into()], "a@b.c", NOW, 0).is_err());
    }

    #[test]
    fn the_production_host_is_recognised() {
        assert!(is_production("https://api.opendomainregistry.net/"));
        assert!(is_production("https://API.OpenDomainRegistry.net:443/x"));
        assert!(is_production("https://user@api.opendomainregistry.net./"));
        assert!(!is_production("http://api.odrregistry.nl/"));
        assert!(!is_production("http://127.0.0.1:8080/"));
        assert!(!is_production(
            "https://opendomainregistry.net.evil.example/"
        ));
    }

    #[test]
    fn each_export_gets_its_arguments_from_one_place() {
        let plan = plan();
        let order = call_args(Step::Register, &plan);
        assert_eq!(order["order"]["domain"], "odrtest-x.nl");
        assert_eq!(order["order"]["period-years"], 1);
        assert_eq!(
            order["order"]["registrant"]["company-name"],
            "ODR conformance odrtest-x"
        );
        assert_eq!(
            call_args(Step::Availability, &plan),
            json!({"label": "odrtest-x", "tlds": ["nl"]})
        );
        for step in Step::ALL {
            let args = call_args(step, &plan);
            assert!(args.is_object(), "{step:?}");
            assert!(args.get("settings").is_none(), "{step:?}");
        }
        assert_eq!(Step::Cleanup.function(), "request-delete");
        assert_eq!(
            Step::Account.file_name(),
            "staging_01_check_credentials.json"
        );
        assert_eq!(
            Step::Cleanup.file_name(),
            "staging_14_cleanup_request_delete.json"
        );
    }

    #[test]
    fn login_and_account_pass_only_with_a_token_and_an_account() {
        let login = exchange(
            "POST",
            "/user/login/",
            json!({}),
            200,
            json!({"status": "success", "code": 200,
                   "response": {"token": "<TOKEN>", "as_header": "X-Access-Token"}}),
        );
        let mut facts = Facts::default();
        let ok = Outcome::Ok(json!({"user-id": "12", "balance": "250.00"}));
        let rows = check(
            Step::Account,
            &plan(),
            &mut facts,
            &ok,
            std::slice::from_ref(&login),
        );
        assert!(rows.iter().all(|r| r.result == Verdict::Pass), "{rows:?}");
        assert!(rows[0].note.contains("as_header X-Access-Token"));

        let refused = Outcome::Err(json!({"authentication-failed": "Invalid signature"}));
        let rows = check(Step::Account, &plan(), &mut facts, &refused, &[]);
        assert_eq!(
            verdicts(&rows),
            vec![
                (
                    "login signature accepted, token issued".into(),
                    Verdict::Fail
                ),
                ("check-credentials answers".into(), Verdict::Fail)
            ]
        );
        assert!(rows[1]
            .note
            .contains("authentication-failed: Invalid signature"));

        let no_balance = Outcome::Ok(json!({"user-id": "12", "balance": null}));
        let rows = check(Step::Account, &plan(), &mut facts, &no_balance, &[login]);
        assert_eq!(rows[1].result, Verdict::Fail);
    }

    #[test]
    fn domain_list_shows_paging_headers_and_status_presence() {
        let mut page = exchange(
            "GET",
            "/domain/",
            Value::Null,
            200,
            json!({"status": "success", "code": 200, "response": [
                {"name": "a", "tld": "nl", "status": "REGISTERED"}, {"name": "b", "tld": "nl"}]}),
        );
        page.response
            .headers
            .insert("x-pagination-totalpages".into(), "1".into());
        page.response
            .headers
            .insert("content-type".into(), "application/json".into());
        let outcome = Outcome::Ok(json!({"odr-count": 2, "requests": 2}));
        let rows = check(
            Step::DomainList,
            &plan(),
            &mut Facts::default(),
            &outcome,
            &[page],
        );
        assert_eq!(rows[0].result, Verdict::Observed);
        assert_eq!(rows[0].note, "x-pagination-totalpages=1");
        assert_eq!(rows[1].note, "1 of 2 items have a status field");
        assert_eq!(rows[2].result, Verdict::Pass);
    }

    #[test]
    fn a_taken_test_domain_fails_availability() {
        let taken = Outcome::Ok(json!([{"domain": "odrtest-x.nl", "tld": "nl",
                                        "status": "registered", "message": null}]));
        let rows = check(
            Step::Availability,
            &plan(),
            &mut Facts::default(),
            &taken,
            &[],
        );
        assert_eq!(rows[0].result, Verdict::Fail);
        assert!(rows[0].note.contains("choose another --domain"));
        let unknown = Outcome::Ok(json!([{"domain": "odrtest-x.nl", "tld": "nl",
                                          "status": "unknown", "message": "TLD not supported"}]));
        let rows = check(
            Step::Availability,
            &plan(),
            &mut Facts::default(),
            &unknown,
            &[],
        );
        assert_eq!(rows[0].note, "unknown: TLD not supported");
    }

    #[test]
    fn register_notes_the_id_field_the_period_and_error_codes() {
        let exchanges = [
            exchange(
                "GET",
                "/domain/odrtest-x.nl/",
                Value::Null,
                404,
                json!({"status": "error", "code": 404,
                       "response": {"message": "Domain not found", "data": []}}),
            ),
            exchange(
                "POST",
                "/contact/",
                json!({}),
                200,
                json!({"status": "success", "code": 200, "response": {"id": 1300}}),
            ),
            exchange(
                "POST",
                "/domain/odrtest-x.nl/",
                json!({"period": 12}),
                200,
                json!({"status": "success", "code": 200, "response": {"status": "COMPLETED"}}),
            ),
        ];
        let outcome = Outcome::Ok(json!({"status": "completed", "domain-id": "5678",
            "contacts": {"registrant": 1300, "onsite": 1300, "tech": 1300},
            "created-contacts": [1300], "already-in-account": false}));
        let mut facts = Facts::default();
        let rows = check(Step::Register, &plan(), &mut facts, &outcome, &exchanges);
        assert_eq!(
            rows[0].note,
            "GET /domain/odrtest-x.nl/: HTTP 404, code 404, \"Domain not found\""
        );
        assert_eq!(
            rows[1].note,
            "period 12; the expiry is checked under domain info"
        );
        assert_eq!(rows[2].result, Verdict::Pass);
        assert_eq!(rows[3].note, "id in response.id");
        assert_eq!(rows[3].result, Verdict::Pass);
        assert_eq!(
            facts.ordered_contacts,
            Some(json!({"registrant": 1300, "onsite": 1300, "tech": 1300}))
        );

        let refused = Outcome::Err(json!({"refused": "Domain is not available"}));
        let rows = check(
            Step::Register,
            &plan(),
            &mut Facts::default(),
            &refused,
            &exchanges,
        );
        assert_eq!(rows.last().map(|r| r.result), Some(Verdict::Fail));
        assert!(Step::Register.stops_the_run());
    }

    #[test]
    fn period_unit_from_the_expiry() {
        let today = date_of(NOW);
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
        assert_eq!(period_verdict(today, d("2026-12-01")).0, Verdict::Pass);
        let (verdict, note) = period_verdict(today, d("2037-12-01"));
        assert_eq!(verdict, Verdict::Fail);
        assert!(note.contains("as years"), "{note}");
        assert_eq!(period_verdict(today, d("2026-01-01")).0, Verdict::Fail);
        assert_eq!(period_verdict(today, None).0, Verdict::Observed);
    }

    #[test]
    fn domain_info_checks_status_expiry_nameservers_and_contacts() {
        let mut facts = Facts {
            ordered_contacts: Some(json!({"registrant": 1300, "onsite": 1300, "tech": 1300})),
            ..Facts::default()
        };
        let info = Outcome::Ok(json!({"domain": "odrtest-x.nl", "id": "5678",
            "status": "registered", "expiry": "2026-12-01", "auto-renew": true,
            "nameservers": ["ns1.odrdns.eu", "ns2.odrdns.eu"],
            "contacts": {"registrant": 1300, "onsite": 1300, "tech": 1300}}));
        let rows = check(Step::DomainInfo, &plan(), &mut facts, &info, &[]);
        assert_eq!(
            verdicts(&rows),
            vec![
                ("status registered".into(), Verdict::Pass),
                (
                    "expiry one year ahead (period in months)".into(),
                    Verdict::Pass
                ),
                ("nameservers as ordered".into(), Verdict::Pass),
                ("contacts as ordered".into(), Verdict::Pass),
                ("auto-renew of a new registration".into(), Verdict::Observed),
            ]
        );
        assert_eq!(facts.auto_renew, Some(true));
        // Auto-renew was on: request-delete must switch it off.
        let off = Outcome::Ok(json!("already-scheduled"));
        let rows = check(Step::AutoRenewOff, &plan(), &mut facts, &off, &[]);
        assert_eq!(rows[0].result, Verdict::Fail);
        // transfer-sync must give the same expiry.
        let sync = Outcome::Ok(json!({"completed": "2026-12-02"}));
        let rows = check(Step::TransferSync, &plan(), &mut facts, &sync, &[]);
        assert_eq!(rows[0].result, Verdict::Fail);
        let sync = Outcome::Ok(json!({"completed": "2026-12-01"}));
        let rows = check(Step::TransferSync, &plan(), &mut facts, &sync, &[]);
        assert_eq!(rows[0].result, Verdict::Pass);

        let wrong_ns = Outcome::Ok(json!(["ns1.odrdns.eu"]));
        let rows = check(Step::GetNameservers, &plan(), &mut facts, &wrong_ns, &[]);
        assert_eq!(rows[0].result, Verdict::Fail);
    }

    #[test]
    fn contact_read_back_compares_every_field() {
        let sent = json!({"first-name": "Conformance", "phone": "+31.201234567"});
        let mut facts = Facts {
            expected_registrant: Some(sent.clone()),
            ..Facts::default()
        };
        let same = Outcome::Ok(json!([["registrant", sent], ["onsite", {}]]));
        let rows = check(Step::ContactRead, &plan(), &mut facts, &same, &[]);
        assert_eq!(rows[0].result, Verdict::Pass);
        let changed = Outcome::Ok(json!([["registrant",
            {"first-name": "Conformance", "phone": "+31.20 1234567"}]]));
        let rows = check(Step::ContactRead, &plan(), &mut facts, &changed, &[]);
        assert_eq!(rows[0].result, Verdict::Fail);
        assert_eq!(
            rows[0].note,
            "phone: sent \"+31.201234567\", read \"+31.20 1234567\""
        );
    }

    #[test]
    fn epp_codes_are_learnt_and_replaced_everywhere() {
        let recording = json!({
            "calls": [{"expect": {"ok": {"code": "Xk29PqLm7A"}}}],
            "exchanges": [
                {"response": {"body": {"response": {"auth_code": "Xk29PqLm7A", "name": "x"}}}},
                {"response": {"body": {"response": {"auth_code": null}}}},
                {"response": {"body_text": "code=Xk29PqLm7A;"}}
            ]
        });
        let mut codes = Vec::new();
        learn_auth_codes(&recording, &mut codes);
        assert_eq!(codes, vec!["Xk29PqLm7A".to_string()]);
        let redacted = redact_auth_codes(&recording, &codes);
        let text = redacted.to_string();
        assert!(!text.contains("Xk29PqLm7A"), "{text}");
        assert_eq!(redacted["calls"][0]["expect"]["ok"]["code"], "<AUTH_CODE>");
        assert_eq!(
            redacted["exchanges"][0]["response"]["body"]["response"]["name"],
            "x"
        );
        assert_eq!(
            redacted["exchanges"][2]["response"]["body_text"],
            "code=<AUTH_CODE>;"
        );
        // A short code is replaced only where it is the whole string.
        let short = vec!["ab".to_string()];
        assert_eq!(
            redact_auth_codes(&json!(["ab", "about"]), &short),
            json!(["<AUTH_CODE>", "about"])
        );
        // Placeholders are not learnt as codes.
        let mut none = Vec::new();
        learn_auth_codes(&json!({"auth_code": "<AUTH_CODE>"}), &mut none);
        assert!(none.is_empty());
    }

    #[test]
    fn leaks_are_named() {
        let credentials = Credentials {
            api_key: "public$k".into(),
            api_secret: "secret$s".into(),
        };
        assert!(leaks("{\"a\": \"<API_KEY>\"}", &credentials, &["CODE99".into()]).is_empty());
        assert_eq!(
            leaks(
                "public$k secret$s token$abc \"CODE99\"",
                &credentials,
                &["CODE99".into()]
            ),
            vec![
                "the API secret",
                "the API key",
                "a token or signature",
                "an EPP code"
            ]
        );
    }

    #[test]
    fn the_table_shows_failed_and_skipped_and_counts_them() {
        let rows = vec![
            row(Step::Account, "login", Verdict::Pass, "ok"),
            row(
                Step::Register,
                "order accepted",
                Verdict::Fail,
                "refused: taken",
            ),
            skipped(Step::ContactRead, Step::Register),
        ];
        let table = render_table(&rows);
        let lines: Vec<&str> = table.lines().collect();
        assert!(lines[0].starts_with("step"), "{table}");
        assert!(
            lines[2].contains("login") && lines[2].contains("pass"),
            "{table}"
        );
        assert!(lines[3].contains("FAIL") && lines[3].ends_with("refused: taken"));
        assert!(
            lines[4].contains("skipped")
                && lines[4].contains("\"register + contact create\" failed")
        );
        assert_eq!(
            lines[5],
            "3 checks: 1 passed, 1 failed, 0 observed, 1 skipped"
        );
        // Columns line up.
        let column = lines[0].find("result").expect("result column");
        assert_eq!(lines[3].find("FAIL"), Some(column));
        assert_eq!(lines[4].find("skipped"), Some(column));
    }

    #[test]
    fn errors_read_as_one_line() {
        assert_eq!(
            describe_error(&json!({"invalid-input": {"message": "bad", "fields": []}})),
            "invalid-input: bad"
        );
        assert_eq!(
            describe_error(
                &json!({"rate-limited": {"message": "slow down", "retry-after-seconds": 5}})
            ),
            "rate-limited: slow down"
        );
    }
}
