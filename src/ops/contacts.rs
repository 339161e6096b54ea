//! ODR contacts for domains: find-or-create (orders), `get-contacts`,
//! `sync-contacts` and `normalize-contact`.

use serde_json::Value;

use super::{normalize_domain, read_domain_info, status_name};
use crate::contact::{self, Difference};
use crate::env::{Env, Method};
use crate::error::Error;
use crate::odr::client::Client;
use crate::odr::request::{self, ContactIds};
use crate::odr::response::{self, Nameserver};
use crate::types::{
    ContactAction, ContactChange, ContactChoice, ContactRole, DesiredContacts, DomainStatus,
    FieldError, OdrContact, PanelContact, Settings,
};

/// The most list candidates confirmed with a `GET /contact/{id}/` per search.
pub const MAX_CANDIDATES: usize = 10;
/// How long `contact-synced:<id>` markers live: one sync run.
pub const SYNCED_MARKER_TTL: u32 = 3600;

/// Field errors from the contact normaliser as one `invalid-input` error; field
/// names get the role as a prefix (`registrant.postcode`).
pub fn field_errors(role: &str, errors: Vec<FieldError>) -> Error {
    let list = errors
        .iter()
        .map(|e| format!("{}: {}", e.field, e.message))
        .collect::<Vec<_>>()
        .join("; ");
    Error::InvalidInput {
        message: format!(
            "The {role} contact cannot be used: {list}. Correct it in the panel and try again."
        ),
        fields: errors
            .into_iter()
            .map(|e| (format!("{role}.{}", e.field), e.message))
            .collect(),
    }
}

/// Normalise a panel contact for `role`, or an `invalid-input` error.
pub fn normalize_for(role: &str, panel: &PanelContact) -> Result<OdrContact, Error> {
    contact::normalize(panel).map_err(|errors| field_errors(role, errors))
}

/// `normalize-contact` (pure).
pub fn normalize_contact(panel: &PanelContact) -> Result<OdrContact, Error> {
    normalize_for("panel", panel)
}

/// A name for messages.
pub fn display_name(c: &OdrContact) -> String {
    let person = if c.full_name.trim().is_empty() {
        format!("{} {}", c.first_name, c.last_name)
            .trim()
            .to_string()
    } else {
        c.full_name.trim().to_string()
    };
    let company = c.company_name.trim();
    if company.is_empty() || company.eq_ignore_ascii_case(&person) {
        person
    } else {
        format!("{person} ({company})")
    }
}

/// A found or created contact.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Resolved {
    /// The ODR contact id.
    pub id: u64,
    /// True when it was created now.
    pub created: bool,
}

/// `GET /contact/{id}/` and parse it.
fn read_contact<E: Env>(
    client: &mut Client<'_, E>,
    id: u64,
) -> Result<Result<OdrContact, String>, Error> {
    let id_text = id.to_string();
    let payload = client.get(&["contact", &id_text], &format!("reading ODR contact {id}"))?;
    Ok(contact::from_response(&payload))
}

/// Whether ODR's contact `current` may be used for `desired` (pure): it must
/// pass [`contact::validate`] and compare equal. `compare` ignores formatting
/// (phone digits only, case, spaces), so an invalid contact with the same
/// details would otherwise be handed back by the search, e.g. for the very
/// contact that contact sync is replacing because it is invalid.
pub fn reusable(current: &OdrContact, desired: &OdrContact) -> bool {
    contact::validate(current).is_ok() && contact::compare(current, desired) == Difference::Equal
}

/// True when ODR's contact `id` exists, is valid and equals `desired`.
fn confirm<E: Env>(
    client: &mut Client<'_, E>,
    id: u64,
    desired: &OdrContact,
) -> Result<bool, Error> {
    match read_contact(client, id) {
        Ok(Ok(current)) => Ok(reusable(&current, desired)),
        Ok(Err(_)) => Ok(false),
        Err(e) if e.is_not_found() => Ok(false),
        Err(e) => Err(e),
    }
}

/// A 404 for contact `id` is no proof that it is gone (ODR answers every
/// error with 404): only a complete contact list without it is. `Ok` when the
/// list confirms it; otherwise a not-found error that changes nothing.
fn confirm_contact_gone<E: Env>(
    client: &mut Client<'_, E>,
    id: u64,
    domain: &str,
    error: &Error,
) -> Result<(), Error> {
    let listing = client.get_all(
        &["contact"],
        &format!("checking that ODR contact {id} is gone"),
    )?;
    let listed = listing
        .items
        .iter()
        .filter_map(response::contact_list_item)
        .any(|(listed_id, _)| listed_id == id);
    if listing.complete && !listed {
        return Ok(());
    }
    let said = error.api().map(|a| a.message.clone()).unwrap_or_default();
    Err(Error::NotFound(format!(
        "ODR did not return contact {id} of {domain} (ODR said: {said}), but {}; the contact \
         was not replaced, nothing was changed. The next sync tries again.",
        if listed {
            "its contact list still holds it"
        } else {
            "its contact list could not be read completely to confirm it is gone"
        }
    )))
}

/// Find the ODR contact equal to `desired`, or create it.
///
/// 1. the mapping `odr:contact:<account>:<fingerprint>` in state, confirmed by
///    `GET /contact/{id}/` (a stale mapping is dropped);
/// 2. `GET /contact/` (every page): candidates whose list name matches,
///    each confirmed by `GET /contact/{id}/`;
/// 3. `POST /contact/`.
///
/// "Confirmed" means [`reusable`]: a contact that fails validation is never
/// reused, however equal its details.
///
/// `cache` (fingerprint, id) avoids repeating this within one call.
pub fn find_or_create<E: Env>(
    client: &mut Client<'_, E>,
    desired: &OdrContact,
    cache: &mut Vec<(String, u64)>,
) -> Result<Resolved, Error> {
    let fingerprint = contact::fingerprint(desired);
    if let Some(&(_, id)) = cache.iter().find(|(fp, _)| *fp == fingerprint) {
        return Ok(Resolved { id, created: false });
    }
    let name = display_name(desired);
    let key = client.state_key("contact", &fingerprint);
    if let Some(text) = client.state_get(&key)? {
        match text.trim().parse::<u64>() {
            Ok(id) if confirm(client, id, desired)? => {
                cache.push((fingerprint, id));
                return Ok(Resolved { id, created: false });
            }
            _ => client.state_delete(&key)?,
        }
    }

    let listing = client.get_all(
        &["contact"],
        &format!("searching ODR's contacts for {name}"),
    )?;
    let mut ranked: Vec<(u8, u64)> = listing
        .items
        .iter()
        .filter_map(response::contact_list_item)
        .filter_map(|(id, list_name)| Some((contact::list_name_rank(&list_name, desired)?, id)))
        .collect();
    // Best-fitting names first (stable: ODR's order within a rank).
    ranked.sort_by_key(|&(rank, _)| rank);
    let candidates: Vec<u64> = ranked
        .into_iter()
        .map(|(_, id)| id)
        .take(MAX_CANDIDATES)
        .collect();
    for id in candidates {
        if confirm(client, id, desired)? {
            client.state_set(&key, &id.to_string(), None)?;
            cache.push((fingerprint, id));
            return Ok(Resolved { id, created: false });
        }
    }

    contact::validate(desired).map_err(|errors| field_errors("ODR", errors))?;
    let what = format!("creating an ODR contact for {name}");
    let request = contact::to_request_body(desired);
    let reply = client.call(Method::Post, &["contact"], &[], Some(&request), &what)?;
    let id =
        response::created_contact_id(&reply.payload).map_err(|m| client.unreadable(&what, &m))?;
    client.state_set(&key, &id.to_string(), None)?;
    cache.push((fingerprint, id));
    client.activity(&format!("Created ODR contact {id} for {name}"), None);
    Ok(Resolved { id, created: true })
}

fn role_name(role: ContactRole) -> &'static str {
    match role {
        ContactRole::Registrant => "registrant",
        ContactRole::Onsite => "onsite (admin)",
        ContactRole::Tech => "tech",
    }
}

/// `get-contacts`: info, then `GET /contact/{id}/` once per distinct id.
pub fn get_contacts<E: Env>(
    env: &mut E,
    settings: &Settings,
    domain: &str,
) -> Result<Vec<(ContactRole, OdrContact)>, Error> {
    let domain = normalize_domain(domain)?;
    let mut client = Client::new(env, settings, "get-contacts")?;
    let details = read_domain_info(&mut client, &domain)?;
    let ids = details.contacts;
    let roles = [
        (ContactRole::Registrant, ids.registrant),
        (ContactRole::Onsite, ids.onsite),
        (ContactRole::Tech, ids.tech),
    ];
    let mut read: Vec<(u64, OdrContact)> = Vec::new();
    let mut out = Vec::new();
    for (role, id) in roles {
        let Some(id) = id else { continue };
        if let Some((_, c)) = read.iter().find(|(known, _)| *known == id) {
            out.push((role, c.clone()));
            continue;
        }
        let what = format!("reading ODR contact {id}");
        let parsed = read_contact(&mut client, id).map_err(|e| {
            if e.is_not_found() {
                Error::NotFound(format!(
                    "ODR contact {id}, the {} of domain {domain}, is not in the ODR account. \
                     Check the domain's contacts in the ODR control panel.",
                    role_name(role)
                ))
            } else {
                e
            }
        })?;
        let c = parsed.map_err(|m| client.unreadable(&what, &m))?;
        out.push((role, c.clone()));
        read.push((id, c));
    }
    Ok(out)
}

/// A `contact-synced:<id>` marker: this run already brought contact `id` in
/// line with the contact whose fingerprint is given.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyncedMarker {
    /// Fingerprint of the desired contact.
    pub fingerprint: String,
    /// True when it was written (updated), false when it was already equal.
    pub updated: bool,
}

impl SyncedMarker {
    /// As stored: `{"fingerprint": .., "updated": ..}`.
    pub fn to_json(&self) -> String {
        serde_json::json!({"fingerprint": self.fingerprint, "updated": self.updated}).to_string()
    }

    /// From the stored text.
    pub fn from_json(text: &str) -> Option<SyncedMarker> {
        // from_slice as for response bodies: one JSON reader in the component (size).
        let v: Value = serde_json::from_slice(text.as_bytes()).ok()?;
        Some(SyncedMarker {
            fingerprint: v.get("fingerprint")?.as_str()?.to_string(),
            updated: v.get("updated")?.as_bool()?,
        })
    }
}

/// What contact sync does for one role (pure decision).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RolePlan {
    /// Equal: no write.
    Unchanged,
    /// Done earlier in this run (`updated` says whether it was written).
    AlreadyDone {
        /// Whether that earlier pass wrote it.
        updated: bool,
    },
    /// `PUT /contact/{id}/` with the desired details; the fields that differ.
    Update(Vec<&'static str>),
    /// A new contact and the domain switched to it; why.
    Replace(String),
}

/// Decide from the run marker alone, before reading the contact: `Some` when
/// the marker settles it, i.e. when it was written for these very details.
///
/// A marker with another fingerprint settles nothing: the contact is read and
/// compared as usual. It may well be the same customer saving corrected details
/// again within the marker's hour, and only a holder change (or an invalid
/// contact) may lead to a new contact and an owner change at the registry.
pub fn plan_from_marker(marker: Option<&SyncedMarker>, fingerprint: &str) -> Option<RolePlan> {
    let marker = marker?;
    (marker.fingerprint == fingerprint).then_some(RolePlan::AlreadyDone {
        updated: marker.updated,
    })
}

/// Decide from ODR's current contact (or why it could not be read).
pub fn plan_from_contact(current: Result<&OdrContact, &str>, desired: &OdrContact) -> RolePlan {
    let current = match current {
        Ok(c) => c,
        Err(why) => return RolePlan::Replace(format!("the ODR contact cannot be read ({why})")),
    };
    if let Err(errors) = contact::validate(current) {
        let list = errors
            .iter()
            .map(|e| format!("{}: {}", e.field, e.message))
            .collect::<Vec<_>>();
        return RolePlan::Replace(format!("the ODR contact is invalid ({})", list.join(", ")));
    }
    match contact::compare(current, desired) {
        Difference::Equal => RolePlan::Unchanged,
        Difference::Details(fields) => RolePlan::Update(fields),
        Difference::Holder(fields) => {
            RolePlan::Replace(format!("the holder changed ({})", fields.join(", ")))
        }
    }
}

fn set_role(ids: &mut ContactIds, role: ContactRole, id: u64) {
    match role {
        ContactRole::Registrant => ids.registrant = id,
        ContactRole::Onsite => ids.onsite = id,
        ContactRole::Tech => ids.tech = id,
    }
}

fn get_role(ids: &ContactIds, role: ContactRole) -> u64 {
    match role {
        ContactRole::Registrant => ids.registrant,
        ContactRole::Onsite => ids.onsite,
        ContactRole::Tech => ids.tech,
    }
}

/// Nameservers as ODR reported them, for a domain PUT that must keep them.
fn keep_nameservers(nameservers: &[Nameserver]) -> Vec<(String, Value)> {
    nameservers
        .iter()
        .take(request::MAX_NAMESERVERS)
        .enumerate()
        .map(|(i, ns)| {
            (
                format!("ns{}", i + 1),
                serde_json::json!({"host": ns.host, "ip": ns.ip}),
            )
        })
        .collect()
}

/// `sync-contacts`: per role, compare the desired (normalised) contact with
/// the domain's ODR contact: equal → nothing; details differ → `PUT
/// /contact/{id}/`; holder differs or the ODR contact is invalid → find or
/// create a contact and switch the domain to it (one `PUT /domain/{name}/`).
///
/// Roles: the registrant always; onsite and tech when the settings say
/// `from-panel` and a desired contact is given. A role whose settings say
/// `same-as-registrant` follows a replaced registrant when it used the same
/// contact; `fixed` roles are left alone.
pub fn sync_contacts<E: Env>(
    env: &mut E,
    settings: &Settings,
    domain: &str,
    desired: &DesiredContacts,
) -> Result<Vec<ContactChange>, Error> {
    let domain = normalize_domain(domain)?;
    let mut wanted: Vec<(ContactRole, OdrContact)> = vec![(
        ContactRole::Registrant,
        normalize_for("registrant", &desired.registrant)?,
    )];
    for (role, choice, panel, label) in [
        (
            ContactRole::Onsite,
            &settings.onsite_contact,
            &desired.admin,
            "admin",
        ),
        (
            ContactRole::Tech,
            &settings.tech_contact,
            &desired.tech,
            "tech",
        ),
    ] {
        if let (ContactChoice::FromPanel, Some(panel)) = (choice, panel) {
            wanted.push((role, normalize_for(label, panel)?));
        }
    }

    let mut client = Client::new(env, settings, "sync-contacts")?;
    let details = read_domain_info(&mut client, &domain)?;
    if !matches!(
        details.status,
        DomainStatus::Registered | DomainStatus::DeleteScheduled
    ) {
        return Err(Error::InvalidState(format!(
            "Domain {domain} is {} at ODR; its contacts can only be synced while it is REGISTERED.",
            status_name(&details.status)
        )));
    }
    let before = ContactIds::from_map(&details.contacts).ok_or_else(|| {
        Error::Unexpected(format!(
            "ODR's data for domain {domain} names no registrant contact; its contacts cannot be \
             synced. Check the domain in the ODR control panel."
        ))
    })?;
    let mut after = before;
    let mut changes: Vec<ContactChange> = Vec::new();
    // (contact id, fingerprint, action) handled in this call.
    let mut handled: Vec<(u64, String, ContactAction)> = Vec::new();
    let mut cache = Vec::new();

    for (role, wanted_contact) in &wanted {
        let role = *role;
        let id = get_role(&before, role);
        let fingerprint = contact::fingerprint(wanted_contact);
        let earlier = handled.iter().find(|(h, _, _)| *h == id).cloned();
        let plan = match earlier {
            // Same details as a role already replaced: follow it (the cache
            // gives the same new contact without a request).
            Some((_, fp, ContactAction::Replaced)) if fp == fingerprint => RolePlan::Replace(
                format!("it shared contact {id} with a role that was replaced"),
            ),
            Some((_, fp, action)) if fp == fingerprint => RolePlan::AlreadyDone {
                updated: matches!(
                    action,
                    ContactAction::Updated | ContactAction::AlreadyUpdated
                ),
            },
            Some(_) => RolePlan::Replace(format!(
                "contact {id} also serves another role of this domain with other details"
            )),
            None => {
                let marker_key = client.state_key("contact-synced", &id.to_string());
                let marker = client
                    .state_get(&marker_key)?
                    .and_then(|t| SyncedMarker::from_json(&t));
                match plan_from_marker(marker.as_ref(), &fingerprint) {
                    Some(plan) => plan,
                    None => {
                        let current = match read_contact(&mut client, id) {
                            Ok(parsed) => parsed,
                            Err(e) if e.is_not_found() => {
                                confirm_contact_gone(&mut client, id, &domain, &e)?;
                                Err("it does not exist".to_string())
                            }
                            Err(e) => return Err(e),
                        };
                        plan_from_contact(current.as_ref().map_err(String::as_str), wanted_contact)
                    }
                }
            }
        };
        let marker_key = client.state_key("contact-synced", &id.to_string());
        let action = match plan {
            RolePlan::Unchanged => {
                let marker = SyncedMarker {
                    fingerprint: fingerprint.clone(),
                    updated: false,
                };
                let text = marker.to_json();
                client.state_set(&marker_key, &text, Some(SYNCED_MARKER_TTL))?;
                ContactAction::Unchanged
            }
            RolePlan::AlreadyDone { updated: true } => ContactAction::AlreadyUpdated,
            RolePlan::AlreadyDone { updated: false } => ContactAction::Unchanged,
            RolePlan::Update(fields) => {
                let what = format!(
                    "updating ODR contact {id} ({} of {domain})",
                    role_name(role)
                );
                let request = contact::to_request_body(wanted_contact);
                let id_text = id.to_string();
                client.call(
                    Method::Put,
                    &["contact", &id_text],
                    &[],
                    Some(&request),
                    &what,
                )?;
                let marker = SyncedMarker {
                    fingerprint: fingerprint.clone(),
                    updated: true,
                };
                let text = marker.to_json();
                client.state_set(&marker_key, &text, Some(SYNCED_MARKER_TTL))?;
                client.activity(
                    &format!(
                        "Updated ODR contact {id} ({} of {domain}): {}",
                        role_name(role),
                        fields.join(", ")
                    ),
                    Some(&domain),
                );
                ContactAction::Updated
            }
            RolePlan::Replace(why) => {
                let resolved = find_or_create(&mut client, wanted_contact, &mut cache)?;
                set_role(&mut after, role, resolved.id);
                client.activity(
                    &format!(
                        "Replacing the {} contact of {domain}: {why}; ODR contact {id} → {}",
                        role_name(role),
                        resolved.id
                    ),
                    Some(&domain),
                );
                ContactAction::Replaced
            }
        };
        handled.push((id, fingerprint, action));
        let contact_id = get_role(&after, role);
        changes.push(ContactChange {
            role,
            action,
            contact_id,
            previous_contact_id: (contact_id != id).then_some(id),
        });
    }

    // Roles that are "the same as the registrant" follow a replaced registrant.
    if after.registrant != before.registrant {
        for (role, choice) in [
            (ContactRole::Onsite, &settings.onsite_contact),
            (ContactRole::Tech, &settings.tech_contact),
        ] {
            let id = get_role(&before, role);
            if matches!(choice, ContactChoice::SameAsRegistrant) && id == before.registrant {
                let registrant = after.registrant;
                set_role(&mut after, role, registrant);
                changes.push(ContactChange {
                    role,
                    action: ContactAction::Replaced,
                    contact_id: after.registrant,
                    previous_contact_id: Some(id),
                });
            }
        }
    }

    if after != before {
        let update = request::domain_update(after, keep_nameservers(&details.nameservers));
        let what = format!("switching the contacts of {domain}");
        let reply = client.call(Method::Put, &["domain", &domain], &[], Some(&update), &what)?;
        if response::write_result(&reply.payload) == Some(false) {
            return Err(Error::Refused(format!(
                "ODR did not switch the contacts of {domain} (result false). New contacts were \
                 created and will be reused; check the domain in the ODR control panel."
            )));
        }
        if after.registrant != before.registrant {
            client.activity(
                &format!(
                    "Domain {domain}: registrant switched from ODR contact {} to {}. Warning: some \
                     registries treat this as an owner change and e-mail the previous holder.",
                    before.registrant, after.registrant
                ),
                Some(&domain),
            );
        } else {
            client.activity(
                &format!("Domain {domain}: contacts switched at ODR"),
                Some(&domain),
            );
        }
    }
    Ok(changes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marker_decisions() {
        let marker = SyncedMarker {
            fingerprint: "abc".into(),
            updated: true,
        };
        assert_eq!(plan_from_marker(None, "abc"), None);
        assert_eq!(
            plan_from_marker(Some(&marker), "abc"),
            Some(RolePlan::AlreadyDone { updated: true })
        );
        // Other details than the marker's (the customer corrected them again
        // within the hour): read and compare, never a replacement from the
        // marker alone.
        assert_eq!(plan_from_marker(Some(&marker), "xyz"), None);
    }

    #[test]
    fn invalid_contacts_are_never_reused() {
        let desired = crate::testkit::odr_contact();
        assert!(reusable(&desired, &desired));
        // Same digits, so `compare` calls it equal, but not +CC.NUMBER: invalid.
        let mut spaced = desired.clone();
        spaced.phone = "+31 20 1234567".into();
        assert_eq!(contact::compare(&spaced, &desired), Difference::Equal);
        assert!(contact::validate(&spaced).is_err());
        assert!(!reusable(&spaced, &desired));
        // Valid but different: not reusable either.
        let mut moved = desired.clone();
        moved.city = "Utrecht".into();
        assert!(!reusable(&moved, &desired));
    }

    #[test]
    fn unreadable_contact_is_replaced() {
        let desired = crate::testkit::odr_contact();
        assert!(
            matches!(plan_from_contact(Err("not an object"), &desired), RolePlan::Replace(m) if m.contains("cannot be read"))
        );
        assert_eq!(
            plan_from_contact(Ok(&desired), &desired),
            RolePlan::Unchanged
        );
        let mut moved = desired.clone();
        moved.city = "Utrecht".into();
        assert!(
            matches!(plan_from_contact(Ok(&moved), &desired), RolePlan::Update(f) if f.contains(&"city"))
        );
        let mut other = desired.clone();
        other.last_name = "Pietersen".into();
        assert!(
            matches!(plan_from_contact(Ok(&other), &desired), RolePlan::Replace(m) if m.contains("holder"))
        );
        let mut broken = desired.clone();
        broken.email = String::new();
        assert!(
            matches!(plan_from_contact(Ok(&broken), &desired), RolePlan::Replace(m) if m.contains("invalid"))
        );
    }
}
