//! `register-domain` and `transfer-domain`.
//!
//! No double orders: before ordering, the domain is looked up in the account
//! (`GET /domain/{name}/`); a domain already there is reported with
//! `already-in-account` instead of being ordered again. A pending-order marker
//! (`odr:order:<account>:<domain>`) is written before the order request and
//! removed once ODR's answer is known. When the answer is lost or unreadable,
//! or ODR refuses an order while an earlier marker is still there (a retry),
//! the domain is looked up again before anything is reported.

use serde_json::{json, Value};

use super::contacts::{find_or_create, normalize_for};
use super::sync::note_order;
use super::{normalize_domain, read_domain_summary, status_name};
use crate::env::{Env, Method};
use crate::error::Error;
use crate::odr::client::Client;
use crate::odr::envelope::ApiErrorKind;
use crate::odr::request::{self, ContactIds};
use crate::odr::response::{self, DomainDetails};
use crate::types::{
    ContactChoice, DomainOrder, DomainStatus, OdrContact, OrderResult, OrderStatus, RegistrarError,
    RoleContacts, Settings,
};

/// How long a pending-order marker lives.
pub const ORDER_MARKER_TTL: u32 = 7 * 24 * 3600;

/// Register or transfer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OrderKind {
    /// `POST /domain/{name}/`.
    Register,
    /// `PUT /domain/{name}/transfer/` with the auth code.
    Transfer,
}

impl OrderKind {
    fn action(self) -> &'static str {
        match self {
            OrderKind::Register => "register-domain",
            OrderKind::Transfer => "transfer-domain",
        }
    }
    fn noun(self) -> &'static str {
        match self {
            OrderKind::Register => "registration",
            OrderKind::Transfer => "transfer",
        }
    }
}

/// Where a non-registrant role's contact comes from.
#[derive(Clone, Debug, PartialEq)]
pub enum RoleSource {
    /// The registrant's contact.
    Registrant,
    /// This contact, found or created.
    Contact(Box<OdrContact>),
    /// A fixed ODR contact id.
    Fixed(u64),
}

/// An order, checked and normalised before any request.
#[derive(Clone, Debug, PartialEq)]
pub struct PreparedOrder {
    /// Register or transfer.
    pub kind: OrderKind,
    /// The domain.
    pub domain: String,
    /// Years (1-10).
    pub period_years: u8,
    /// The registrant in ODR's form.
    pub registrant: OdrContact,
    /// Onsite (admin).
    pub onsite: RoleSource,
    /// Tech.
    pub tech: RoleSource,
    /// `ns1`..`nsN`.
    pub nameservers: Vec<(String, Value)>,
    /// The auth code (transfers).
    pub auth_code: Option<String>,
}

fn role_source(
    choice: &ContactChoice,
    panel: Option<&crate::types::PanelContact>,
    label: &str,
) -> Result<RoleSource, Error> {
    Ok(match choice {
        ContactChoice::SameAsRegistrant => RoleSource::Registrant,
        ContactChoice::Fixed(0) => {
            return Err(Error::invalid_field(
                &format!("settings.{label}-contact"),
                "a fixed ODR contact id must be a positive number",
            ))
        }
        ContactChoice::Fixed(id) => RoleSource::Fixed(*id),
        ContactChoice::FromPanel => match panel {
            Some(panel) => RoleSource::Contact(Box::new(normalize_for(label, panel)?)),
            None => RoleSource::Registrant,
        },
    })
}

/// Check and normalise an order (pure): domain, period, auth code for a
/// transfer, nameservers with glue, and every contact.
pub fn prepare(
    settings: &Settings,
    order: &DomainOrder,
    kind: OrderKind,
) -> Result<PreparedOrder, Error> {
    let domain = normalize_domain(&order.domain)?;
    if !(1..=10).contains(&order.period_years) {
        return Err(Error::invalid_field(
            "period-years",
            format!(
                "the period must be 1 to 10 years, got {}",
                order.period_years
            ),
        ));
    }
    let auth_code = match kind {
        OrderKind::Register => None,
        OrderKind::Transfer => {
            let code = order.auth_code.as_deref().map(str::trim).unwrap_or("");
            if code.is_empty() {
                return Err(Error::invalid_field(
                    "auth-code",
                    "a transfer needs the auth (EPP) code from the current registrar",
                ));
            }
            Some(code.to_string())
        }
    };
    let nameservers = request::nameserver_fields(&domain, &order.nameservers, &order.glue)?;
    if kind == OrderKind::Register && nameservers.is_empty() {
        return Err(Error::invalid_field(
            "nameservers",
            "a registration needs at least one nameserver",
        ));
    }
    let registrant = normalize_for("registrant", &order.registrant)?;
    let onsite = role_source(&settings.onsite_contact, order.admin.as_ref(), "admin")?;
    let tech = role_source(&settings.tech_contact, order.tech.as_ref(), "tech")?;
    Ok(PreparedOrder {
        kind,
        domain,
        period_years: order.period_years,
        registrant,
        onsite,
        tech,
        nameservers,
        auth_code,
    })
}

/// What to do about a domain that the lookup found in the account (pure).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Existing {
    /// Report it as already in the account, with this status.
    InAccount(OrderStatus),
    /// Order anyway (a DELETED domain can be ordered again).
    Proceed,
    /// Refuse with this reason.
    Refuse(String),
}

/// REGISTERED / DELETE_SCHEDULED → in the account (completed); PENDING → in
/// the account (pending); DELETED → order; QUARANTINE and unknown states → refuse.
pub fn existing_decision(domain: &str, details: &DomainDetails) -> Existing {
    match &details.status {
        DomainStatus::Registered | DomainStatus::DeleteScheduled => Existing::InAccount(OrderStatus::Completed),
        DomainStatus::Pending => Existing::InAccount(OrderStatus::Pending),
        DomainStatus::Deleted => Existing::Proceed,
        DomainStatus::Quarantine => Existing::Refuse(format!(
            "Domain {domain} is in QUARANTINE in this ODR account: renew it (reactivate) instead of ordering it again."
        )),
        DomainStatus::Unknown(_) => Existing::Refuse(format!(
            "Domain {domain} is already in this ODR account with status {}; nothing was ordered. Check it in the ODR control panel.",
            status_name(&details.status)
        )),
    }
}

/// `GET /domain/{name}/`: `None` when ODR does not know the domain.
fn lookup<E: Env>(
    client: &mut Client<'_, E>,
    domain: &str,
) -> Result<Option<DomainDetails>, Error> {
    match read_domain_summary(client, domain) {
        Ok(details) => Ok(Some(details)),
        Err(e) if e.is_not_found() => Ok(None),
        Err(e) => Err(e),
    }
}

fn role_contacts(ids: &ContactIds) -> RoleContacts {
    RoleContacts {
        registrant: Some(ids.registrant),
        onsite: Some(ids.onsite),
        tech: Some(ids.tech),
    }
}

fn in_account_result(details: &DomainDetails, status: OrderStatus) -> OrderResult {
    let ids = details.contacts;
    OrderResult {
        status,
        domain_id: details.id.clone(),
        contacts: RoleContacts {
            registrant: ids.registrant,
            onsite: ids.onsite,
            tech: ids.tech,
        },
        created_contacts: Vec::new(),
        already_in_account: true,
    }
}

/// A marker younger than this (seconds) blocks a new order of its domain
/// while ODR does not show the domain: the earlier attempt may still appear.
/// An older one is taken over (the earlier attempt did not reach ODR).
pub const ORDER_LOCK_HOLD_SECONDS: i64 = 30 * 60;

/// The four contact ids of an order, and the contacts created for it.
struct OrderContacts {
    ids: ContactIds,
    created: Vec<u64>,
}

/// Find or create every contact of the order.
fn resolve_contacts<E: Env>(
    client: &mut Client<'_, E>,
    prepared: &PreparedOrder,
) -> Result<OrderContacts, Error> {
    let mut cache = Vec::new();
    let mut created = Vec::new();
    let registrant = find_or_create(client, &prepared.registrant, &mut cache)?;
    if registrant.created {
        created.push(registrant.id);
    }
    let mut resolve = |client: &mut Client<'_, E>, source: &RoleSource| -> Result<u64, Error> {
        Ok(match source {
            RoleSource::Registrant => registrant.id,
            RoleSource::Fixed(id) => *id,
            RoleSource::Contact(c) => {
                let r = find_or_create(client, c, &mut cache)?;
                if r.created && !created.contains(&r.id) {
                    created.push(r.id);
                }
                r.id
            }
        })
    };
    let onsite = resolve(client, &prepared.onsite)?;
    let tech = resolve(client, &prepared.tech)?;
    Ok(OrderContacts {
        ids: ContactIds {
            registrant: registrant.id,
            onsite,
            tech,
        },
        created,
    })
}

/// The Unix time an order marker was written.
fn marker_time(text: &str) -> Option<i64> {
    let v: Value = serde_json::from_slice(text.as_bytes()).ok()?;
    v.get("at")?.as_i64()
}

/// The lock is held by an earlier (or a concurrent) attempt: look the domain
/// up. In the account → reported as such; not there and the marker recent →
/// refused (nothing is sent); an old marker is taken over (`Ok(None)`).
fn settle_earlier_attempt<E: Env>(
    client: &mut Client<'_, E>,
    kind: OrderKind,
    domain: &str,
    marker_key: &str,
    marker: &str,
) -> Result<Option<OrderResult>, Error> {
    let started = client
        .state_get(marker_key)?
        .as_deref()
        .and_then(marker_time);
    if let Some(details) = lookup(client, domain)? {
        match existing_decision(domain, &details) {
            Existing::InAccount(status) => {
                client.state_delete(marker_key)?;
                client.activity(
                    &format!(
                        "{} of {domain} not sent to ODR: an earlier order's answer was lost, \
                         but the domain is in the account (status {})",
                        kind.noun(),
                        status_name(&details.status)
                    ),
                    Some(domain),
                );
                return Ok(Some(in_account_result(&details, status)));
            }
            Existing::Refuse(reason) => return Err(Error::InvalidState(reason)),
            Existing::Proceed => {}
        }
    }
    let now = client.now();
    let hold_until = started.map(|t| t.saturating_add(ORDER_LOCK_HOLD_SECONDS));
    if hold_until.is_none_or(|until| now < until) {
        let when = |t: Option<i64>| {
            t.and_then(|t| chrono::DateTime::from_timestamp(t, 0))
                .map(|t| t.format("%Y-%m-%d %H:%M UTC").to_string())
                .unwrap_or_else(|| "an unknown time".to_string())
        };
        return Err(Error::InvalidState(format!(
            "An earlier {} order for {domain} (started {}) has no known outcome, and ODR does not \
             show the domain in the account yet. So that it is not ordered twice, nothing was \
             sent. Check the domain in the ODR control panel and the module log; if ODR does \
             not have it, try again after {}.",
            kind.noun(),
            when(started),
            when(hold_until)
        )));
    }
    client.state_set(marker_key, marker, Some(ORDER_MARKER_TTL))?;
    Ok(None)
}

/// Register or transfer: validate, take the order lock (a pending-order
/// marker added only when absent), find or create the contacts, order,
/// interpret the answer. A first attempt sends no lookup: the domain is
/// looked up only when an earlier attempt holds the lock, when the answer is
/// lost, or when ODR refuses the order (the domain may be ours already).
pub fn place_order<E: Env>(
    env: &mut E,
    settings: &Settings,
    order: &DomainOrder,
    kind: OrderKind,
) -> Result<OrderResult, Error> {
    place_order_with_fields(env, settings, order, kind, &[])
}

/// [`place_order`] with extra body fields a TLD asks for (see
/// [`super::order_fields`]), checked before anything is sent.
pub fn place_order_with_fields<E: Env>(
    env: &mut E,
    settings: &Settings,
    order: &DomainOrder,
    kind: OrderKind,
    extras: &[(String, String)],
) -> Result<OrderResult, Error> {
    let extras = super::order_fields::check_extras(extras)?;
    let prepared = prepare(settings, order, kind)?;
    let domain = prepared.domain.clone();
    let mut client = Client::new(env, settings, kind.action())?;
    let marker_key = client.state_key("order", &domain);
    let marker = json!({"kind": kind.noun(), "at": client.now()}).to_string();
    if !client.state_add(&marker_key, &marker, Some(ORDER_MARKER_TTL))? {
        if let Some(result) =
            settle_earlier_attempt(&mut client, kind, &domain, &marker_key, &marker)?
        {
            return Ok(result);
        }
    }

    // The lock is ours: release it on every failure before the order leaves.
    let contacts = match resolve_contacts(&mut client, &prepared)
        .and_then(|c| note_order(&mut client, &domain).map(|()| c))
    {
        Ok(contacts) => contacts,
        Err(e) => {
            let _ = client.state_delete(&marker_key);
            return Err(e);
        }
    };
    let OrderContacts { ids, created } = contacts;

    let mut request = request::order(
        prepared.period_years,
        ids,
        prepared.nameservers.clone(),
        prepared.auth_code.as_deref(),
    );
    if let Some(map) = request.as_object_mut() {
        for (name, value) in extras {
            map.insert(name, Value::String(value));
        }
    }
    let what = format!("ordering the {} of {domain}", kind.noun());
    let answer = match kind {
        OrderKind::Register => client.call(
            Method::Post,
            &["domain", &domain],
            &[],
            Some(&request),
            &what,
        ),
        OrderKind::Transfer => client.call(
            Method::Put,
            &["domain", &domain, "transfer"],
            &[],
            Some(&request),
            &what,
        ),
    };
    match answer {
        Ok(reply) => {
            client.state_delete(&marker_key)?;
            let reply = response::order_reply(&reply.payload);
            let status = if reply.completed {
                OrderStatus::Completed
            } else {
                OrderStatus::Pending
            };
            client.activity(
                &format!(
                    "{} of {domain} ordered at ODR: {} (contacts {}/{}/{}{})",
                    capitalised(kind.noun()),
                    if reply.completed {
                        "completed"
                    } else {
                        "pending"
                    },
                    ids.registrant,
                    ids.onsite,
                    ids.tech,
                    if created.is_empty() {
                        String::new()
                    } else {
                        format!(", created {created:?}")
                    }
                ),
                Some(&domain),
            );
            Ok(OrderResult {
                status,
                domain_id: reply.domain_id,
                contacts: role_contacts(&ids),
                created_contacts: created,
                already_in_account: false,
            })
        }
        Err(error) if error.is_ambiguous() || may_mean_ours(&error) => {
            // The order may have gone through, or ODR refused a domain that is
            // already ours: check before reporting.
            let found = match lookup(&mut client, &domain) {
                Ok(found) => found,
                Err(_) if error.is_ambiguous() => return Err(lost_answer(error, kind, &domain)),
                Err(_) => {
                    client.state_delete(&marker_key)?;
                    return Err(error);
                }
            };
            let decision = found
                .as_ref()
                .map(|details| existing_decision(&domain, details));
            let (Some(details), Some(Existing::InAccount(status))) = (found, decision.clone())
            else {
                if !error.is_ambiguous() {
                    client.state_delete(&marker_key)?;
                    // A refusal explained by the domain's state here (QUARANTINE):
                    // say what to do instead of ODR's bare refusal.
                    if let Some(Existing::Refuse(reason)) = decision {
                        return Err(Error::InvalidState(reason));
                    }
                }
                return Err(lost_answer(error, kind, &domain));
            };
            client.state_delete(&marker_key)?;
            client.activity(
                &format!(
                    "{} of {domain}: ODR's answer could not be used ({}), but the domain is in the account (status {})",
                    capitalised(kind.noun()),
                    error.message(),
                    status_name(&details.status)
                ),
                Some(&domain),
            );
            let mut result = in_account_result(&details, status);
            result.created_contacts = created;
            if error.is_ambiguous() {
                // Our order, whose answer was lost: the contacts we ordered with.
                result.contacts = role_contacts(&ids);
                result.already_in_account = false;
            } else {
                // A refusal for a domain already there: nothing was ordered now.
                // Its own contacts when ODR gave any, else the ones resolved.
                let known = &result.contacts;
                if known.registrant.is_none() && known.onsite.is_none() && known.tech.is_none() {
                    result.contacts = role_contacts(&ids);
                }
            }
            Ok(result)
        }
        Err(error) => {
            client.state_delete(&marker_key)?;
            Err(error)
        }
    }
}

/// A refusal that may mean the domain is in the account already (ODR refuses
/// to register or transfer a domain it holds): anything ODR refused but a
/// field validation or an authentication failure.
fn may_mean_ours(error: &Error) -> bool {
    matches!(
        error.api().map(|a| a.kind),
        Some(ApiErrorKind::Refused | ApiErrorKind::SoftFailure | ApiErrorKind::NotFound)
    )
}

/// An order whose answer was lost (no answer, ODR failing on its side, an
/// unreadable answer) and whose domain the lookup did not find in the account
/// (yet): the error says so, and that trying again is safe. Other errors are
/// returned as they are.
pub fn lost_answer(error: Error, kind: OrderKind, domain: &str) -> Error {
    if !error.is_ambiguous() {
        return error;
    }
    let advice = format!(
        " The {} order may have reached ODR all the same. Retrying is safe: before ordering \
         again the module looks {domain} up in the ODR account; a domain that is there is not \
         ordered a second time, and while ODR does not show it a new order waits {} minutes \
         for the first one to appear.",
        kind.noun(),
        ORDER_LOCK_HOLD_SECONDS / 60
    );
    let message = error.message() + &advice;
    match error.to_wit() {
        RegistrarError::UnexpectedResponse(_) => Error::Unexpected(message),
        _ => Error::Transport(message),
    }
}

fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => format!("{}{}", first.to_ascii_uppercase(), chars.as_str()),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::odr::response::RoleIds;
    use crate::testkit;

    fn details(status: DomainStatus) -> DomainDetails {
        DomainDetails {
            id: Some("1".into()),
            status_text: String::new(),
            status,
            expiry: Ok(None),
            autorenew: None,
            nameservers: vec![],
            contacts: RoleIds::default(),
        }
    }

    #[test]
    fn existing_domain_decisions() {
        assert_eq!(
            existing_decision("a.nl", &details(DomainStatus::Registered)),
            Existing::InAccount(OrderStatus::Completed)
        );
        assert_eq!(
            existing_decision("a.nl", &details(DomainStatus::DeleteScheduled)),
            Existing::InAccount(OrderStatus::Completed)
        );
        assert_eq!(
            existing_decision("a.nl", &details(DomainStatus::Pending)),
            Existing::InAccount(OrderStatus::Pending)
        );
        assert_eq!(
            existing_decision("a.nl", &details(DomainStatus::Deleted)),
            Existing::Proceed
        );
        assert!(matches!(
            existing_decision("a.nl", &details(DomainStatus::Quarantine)),
            Existing::Refuse(_)
        ));
        assert!(matches!(
            existing_decision("a.nl", &details(DomainStatus::Unknown("X".into()))),
            Existing::Refuse(_)
        ));
    }

    #[test]
    fn prepare_checks_everything_before_any_request() {
        let settings = testkit::settings();
        let mut order = testkit::order("Example.NL");
        let p = prepare(&settings, &order, OrderKind::Register).unwrap();
        assert_eq!(p.domain, "example.nl");
        assert_eq!(p.onsite, RoleSource::Registrant);
        order.period_years = 0;
        assert!(matches!(
            prepare(&settings, &order, OrderKind::Register),
            Err(Error::InvalidInput { .. })
        ));
        order.period_years = 11;
        assert!(prepare(&settings, &order, OrderKind::Register).is_err());
        order.period_years = 1;
        assert!(
            matches!(prepare(&settings, &order, OrderKind::Transfer), Err(Error::InvalidInput { fields, .. }) if fields[0].0 == "auth-code")
        );
        order.auth_code = Some(" Xk29 ".into());
        assert_eq!(
            prepare(&settings, &order, OrderKind::Transfer)
                .unwrap()
                .auth_code
                .as_deref(),
            Some("Xk29")
        );
        order.registrant.country = "ZZ".into();
        let e = prepare(&settings, &order, OrderKind::Register).unwrap_err();
        assert!(
            matches!(e, Error::InvalidInput { ref fields, .. } if fields.iter().any(|(f, _)| f == "registrant.country")),
            "{e:?}"
        );
    }

    #[test]
    fn a_lost_answer_says_the_order_may_have_reached_odr_and_retrying_is_safe() {
        let e = lost_answer(
            Error::Transport("ODR could not be reached while ordering the registration of a.nl: connection timed out. Check the server's network and the API URL (http://odr.test/); try again later.".into()),
            OrderKind::Register,
            "a.nl",
        );
        let RegistrarError::Transport(m) = e.to_wit() else {
            panic!("{e:?}")
        };
        assert!(
            m.starts_with("ODR could not be reached while ordering"),
            "{m}"
        );
        assert!(
            m.contains("The registration order may have reached ODR"),
            "{m}"
        );
        assert!(m.contains("Retrying is safe"), "{m}");
        assert!(m.contains("looks a.nl up in the ODR account"), "{m}");
        let e = lost_answer(
            Error::Unexpected("unreadable.".into()),
            OrderKind::Transfer,
            "a.nl",
        );
        assert!(
            matches!(e.to_wit(), RegistrarError::UnexpectedResponse(m) if m.contains("The transfer order may have reached ODR"))
        );
        // A definite answer is left as it is.
        let refused = Error::Refused("ODR refused it".into());
        assert_eq!(
            lost_answer(refused.clone(), OrderKind::Register, "a.nl"),
            refused
        );
    }

    #[test]
    fn role_sources_follow_the_settings() {
        let panel = testkit::panel_contact();
        assert_eq!(
            role_source(&ContactChoice::Fixed(7), Some(&panel), "admin").unwrap(),
            RoleSource::Fixed(7)
        );
        assert!(role_source(&ContactChoice::Fixed(0), None, "admin").is_err());
        assert_eq!(
            role_source(&ContactChoice::FromPanel, None, "admin").unwrap(),
            RoleSource::Registrant
        );
        assert!(matches!(
            role_source(&ContactChoice::FromPanel, Some(&panel), "admin").unwrap(),
            RoleSource::Contact(_)
        ));
        assert_eq!(
            role_source(&ContactChoice::SameAsRegistrant, Some(&panel), "tech").unwrap(),
            RoleSource::Registrant
        );
    }
}
