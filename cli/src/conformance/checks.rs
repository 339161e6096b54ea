//! Each step's result checked against what the component assumes, and what ODR
//! actually sent noted where `docs/odr-api.md` is unsure.

use super::*;

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
    /// A wire fact docs/odr-api.md is unsure about, as ODR sent it; the component copes either way.
    Observed,
    /// Not run because an earlier step failed.
    Skipped,
}

impl Verdict {
    pub(crate) fn label(self) -> &'static str {
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

pub(crate) fn row(step: Step, check: &str, result: Verdict, note: impl Into<String>) -> Row {
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

pub(crate) fn failed_call(step: Step, outcome: &Outcome) -> Option<Row> {
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

pub(crate) fn is_path(exchange: &Exchange, method: &str, path: &str) -> bool {
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

pub(crate) fn parse_date(value: &Value) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(value.as_str()?, "%Y-%m-%d").ok()
}

pub(crate) fn host_list(value: &Value) -> Vec<String> {
    value
        .as_array()
        .map(|items| items.iter().filter_map(Value::as_str).map(host).collect())
        .unwrap_or_default()
}

pub(crate) fn host(name: &str) -> String {
    name.trim().trim_end_matches('.').to_ascii_lowercase()
}

pub(crate) fn nameserver_row(step: Step, plan: &Plan, got: &Value) -> Row {
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

pub(crate) fn verdict(holds: bool) -> Verdict {
    if holds {
        Verdict::Pass
    } else {
        Verdict::Fail
    }
}

/// A step whose answer is one enum case: `want` passes.
pub(crate) fn case_row(step: Step, check: &str, got: &Value, want: &str, why: &str) -> Row {
    let got = got.as_str().unwrap_or("(no case)");
    let note = if got == want || why.is_empty() {
        got.to_string()
    } else {
        format!("{got} (expected {want} {why})")
    };
    row(step, check, verdict(got == want), note)
}

/// What ODR sent where docs/odr-api.md is unsure, and the login; shown even when the call failed.
pub(crate) fn wire_rows(step: Step, outcome: &Outcome, exchanges: &[Exchange]) -> Vec<Row> {
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
                "paging headers (docs/odr-api.md §5.5: unsure)",
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
pub(crate) fn not_found_row(plan: &Plan, outcome: &Outcome) -> Row {
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
pub(crate) fn result_rows(
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

pub(crate) fn availability_row(plan: &Plan, value: &Value) -> Row {
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

pub(crate) fn register_rows(facts: &mut Facts, value: &Value, exchanges: &[Exchange]) -> Vec<Row> {
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

pub(crate) fn contact_read_row(facts: &Facts, value: &Value) -> Row {
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

pub(crate) fn domain_info_rows(plan: &Plan, facts: &mut Facts, value: &Value) -> Vec<Row> {
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

pub(crate) fn transfer_sync_row(facts: &Facts, value: &Value) -> Row {
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
