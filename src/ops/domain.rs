//! Single-domain operations: info, nameservers, auth code, renew, delete.

use super::{normalize_domain, not_found_as_domain, read_domain_info, status_name, to_domain_info};
use crate::env::{Env, Method};
use crate::error::Error;
use crate::odr::client::Client;
use crate::odr::request::{self, ContactIds};
use crate::odr::response::{self, AuthCodeAnswer};
use crate::types::{AuthCode, DeleteOutcome, DomainInfo, DomainStatus, RenewOutcome, Settings};

/// `get-domain-info`: `GET /domain/{name}/info/`.
pub fn get_domain_info<E: Env>(
    env: &mut E,
    settings: &Settings,
    domain: &str,
) -> Result<DomainInfo, Error> {
    let domain = normalize_domain(domain)?;
    let mut client = Client::new(env, settings, "get-domain-info")?;
    let details = read_domain_info(&mut client, &domain)?;
    to_domain_info(&domain, &details)
}

/// `get-nameservers`: the nameservers from `GET /domain/{name}/info/`.
pub fn get_nameservers<E: Env>(
    env: &mut E,
    settings: &Settings,
    domain: &str,
) -> Result<Vec<String>, Error> {
    let domain = normalize_domain(domain)?;
    let mut client = Client::new(env, settings, "get-nameservers")?;
    let details = read_domain_info(&mut client, &domain)?;
    Ok(details.nameservers.into_iter().map(|n| n.host).collect())
}

/// `save-nameservers`: info (must be REGISTERED), then `PUT /domain/{name}/`
/// with the domain's own contacts and the new nameservers.
pub fn save_nameservers<E: Env>(
    env: &mut E,
    settings: &Settings,
    domain: &str,
    nameservers: &[String],
    glue: &[(String, String)],
) -> Result<(), Error> {
    let domain = normalize_domain(domain)?;
    let fields = request::nameserver_fields(&domain, nameservers, glue)?;
    if fields.is_empty() {
        return Err(Error::invalid_field(
            "nameservers",
            "give at least one nameserver",
        ));
    }
    let mut client = Client::new(env, settings, "save-nameservers")?;
    let details = read_domain_info(&mut client, &domain)?;
    if details.status != DomainStatus::Registered {
        return Err(Error::InvalidState(format!(
            "Domain {domain} is {} at ODR; nameservers can only be changed while it is REGISTERED.",
            status_name(&details.status)
        )));
    }
    let contacts = ContactIds::from_map(&details.contacts).ok_or_else(|| {
        Error::Unexpected(format!(
            "ODR's data for domain {domain} names no registrant contact, so the domain cannot be \
             updated without losing its contacts. Check the domain in the ODR control panel."
        ))
    })?;
    let hosts: Vec<String> = fields
        .iter()
        .filter_map(|(_, v)| v.get("host").and_then(|h| h.as_str()).map(str::to_string))
        .collect();
    let update = request::domain_update(contacts, fields);
    let what = format!("changing the nameservers of {domain}");
    let reply = client.call(Method::Put, &["domain", &domain], &[], Some(&update), &what)?;
    if response::write_result(&reply.payload) == Some(false) {
        return Err(Error::Refused(format!(
            "ODR did not change the nameservers of {domain} (result false). Check the domain in the \
             ODR control panel and try again."
        )));
    }
    client.activity(
        &format!(
            "Nameservers of {domain} changed at ODR to {}",
            hosts.join(", ")
        ),
        Some(&domain),
    );
    Ok(())
}

/// `get-auth-code`: `GET /domain/auth-code/{name}/`.
pub fn get_auth_code<E: Env>(
    env: &mut E,
    settings: &Settings,
    domain: &str,
) -> Result<AuthCode, Error> {
    let domain = normalize_domain(domain)?;
    let mut client = Client::new(env, settings, "get-auth-code")?;
    let what = format!("reading the auth code of {domain}");
    let payload = client
        .get(&["domain", "auth-code", &domain], &what)
        .map_err(not_found_as_domain(&domain))?;
    match response::auth_code(&payload).map_err(|m| client.unreadable(&what, &m))? {
        AuthCodeAnswer::Code(code) => Ok(AuthCode::Code(code)),
        AuthCodeAnswer::Emailed => Ok(AuthCode::SentToRegistrant),
        AuthCodeAnswer::Missing => Err(Error::Refused(format!(
            "ODR has no auth code for domain {domain} (some TLDs such as .be give none through the \
             API, and some registries send it to the registrant themselves). Request it from the \
             registry or from ODR support."
        ))),
    }
}

/// `PUT /domain/{name}/{action}/` (renew-on, renew-off, reactivate): `Ok(false)` when
/// ODR answered `result: false` (it did not do it).
fn put_domain_action<E: Env>(
    client: &mut Client<'_, E>,
    domain: &str,
    action: &str,
    what: &str,
) -> Result<bool, Error> {
    let reply = client.call(Method::Put, &["domain", domain, action], &[], None, what)?;
    Ok(response::write_result(&reply.payload) != Some(false))
}

/// `request-delete`: `PUT /domain/{name}/renew-off/`; `result: false` means
/// the deletion was already scheduled.
pub fn request_delete<E: Env>(
    env: &mut E,
    settings: &Settings,
    domain: &str,
) -> Result<DeleteOutcome, Error> {
    let domain = normalize_domain(domain)?;
    let mut client = Client::new(env, settings, "request-delete")?;
    let what = format!("switching auto-renew off for {domain}");
    let done = put_domain_action(&mut client, &domain, "renew-off", &what)
        .map_err(not_found_as_domain(&domain))?;
    if !done {
        return Ok(DeleteOutcome::AlreadyScheduled);
    }
    client.activity(
        &format!(
            "Auto-renew of {domain} switched off at ODR: ODR deletes the domain at its expiry date"
        ),
        Some(&domain),
    );
    Ok(DeleteOutcome::AutoRenewSwitchedOff)
}

/// What renew-domain does for a domain in a given state (pure).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RenewStep {
    /// Nothing: auto-renew is on.
    AlreadyOn,
    /// `PUT /domain/{name}/renew-on/`.
    SwitchOn,
    /// `PUT /domain/{name}/reactivate/`.
    Reactivate,
    /// Refuse with this reason.
    Impossible(String),
}

/// The renew decision: REGISTERED with auto-renew on → nothing; REGISTERED or
/// DELETE_SCHEDULED otherwise → renew-on; QUARANTINE → reactivate; any other
/// state → refuse.
pub fn renew_step(status: &DomainStatus, autorenew: Option<bool>) -> RenewStep {
    match status {
        DomainStatus::Registered if autorenew == Some(true) => RenewStep::AlreadyOn,
        DomainStatus::Registered | DomainStatus::DeleteScheduled => RenewStep::SwitchOn,
        DomainStatus::Quarantine => RenewStep::Reactivate,
        DomainStatus::Pending => RenewStep::Impossible(
            "a registration or transfer is still in progress; renew after it completes".into(),
        ),
        DomainStatus::Deleted => {
            RenewStep::Impossible("it is deleted; it can only be registered again".into())
        }
        DomainStatus::Unknown(s) => RenewStep::Impossible(format!(
            "the module does not know the status '{s}'; check the domain in the ODR control panel"
        )),
    }
}

/// `renew-domain`: ODR has no explicit renewal (it renews while auto-renew is
/// on): info, then renew-on or reactivate as [`renew_step`] says.
pub fn renew_domain<E: Env>(
    env: &mut E,
    settings: &Settings,
    domain: &str,
) -> Result<RenewOutcome, Error> {
    let domain = normalize_domain(domain)?;
    let mut client = Client::new(env, settings, "renew-domain")?;
    let details = read_domain_info(&mut client, &domain)?;
    match renew_step(&details.status, details.autorenew) {
        RenewStep::AlreadyOn => Ok(RenewOutcome::AutoRenewAlreadyOn),
        RenewStep::SwitchOn => {
            let what = format!("switching auto-renew on for {domain}");
            if !put_domain_action(&mut client, &domain, "renew-on", &what)? {
                return Err(Error::Refused(format!(
                    "ODR did not switch auto-renew on for {domain} (result false). Check the domain \
                     in the ODR control panel."
                )));
            }
            client.activity(
                &format!(
                    "Auto-renew of {domain} switched on at ODR: ODR renews the domain at expiry"
                ),
                Some(&domain),
            );
            Ok(RenewOutcome::AutoRenewSwitchedOn)
        }
        RenewStep::Reactivate => {
            let what = format!("reactivating {domain} from quarantine");
            if !put_domain_action(&mut client, &domain, "reactivate", &what)? {
                return Err(Error::Refused(format!(
                    "ODR could not reactivate domain {domain} from quarantine (result false). Ask \
                     ODR support whether it can still be restored."
                )));
            }
            client.activity(
                &format!("Domain {domain} reactivated from quarantine at ODR"),
                Some(&domain),
            );
            Ok(RenewOutcome::Reactivated)
        }
        RenewStep::Impossible(why) => Err(Error::InvalidState(format!(
            "Domain {domain} is {} at ODR and cannot be renewed: {why}.",
            status_name(&details.status)
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renew_decisions() {
        assert_eq!(
            renew_step(&DomainStatus::Registered, Some(true)),
            RenewStep::AlreadyOn
        );
        assert_eq!(
            renew_step(&DomainStatus::Registered, Some(false)),
            RenewStep::SwitchOn
        );
        assert_eq!(
            renew_step(&DomainStatus::Registered, None),
            RenewStep::SwitchOn
        );
        assert_eq!(
            renew_step(&DomainStatus::DeleteScheduled, Some(true)),
            RenewStep::SwitchOn
        );
        assert_eq!(
            renew_step(&DomainStatus::Quarantine, None),
            RenewStep::Reactivate
        );
        assert!(matches!(
            renew_step(&DomainStatus::Pending, None),
            RenewStep::Impossible(_)
        ));
        assert!(matches!(
            renew_step(&DomainStatus::Deleted, None),
            RenewStep::Impossible(_)
        ));
        assert!(
            matches!(renew_step(&DomainStatus::Unknown("X".into()), None), RenewStep::Impossible(m) if m.contains("'X'"))
        );
    }
}
