//! The fixed session: its steps, the throwaway domain and contact, each call's arguments.

use super::*;

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
pub(crate) fn test_registrant(label: &str, email: &str) -> Value {
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
