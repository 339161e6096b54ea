//! Comparing ODR contacts, keying them, and recognising them in ODR's contact list.

use sha1::{Digest, Sha1};

use super::{clean, odr_fields, vat_number, OdrContact, LEGAL_FORM_PERSON};

/// How a contact at ODR differs from the one wanted, with the changed fields
/// named as ODR names them (`email`, `postal_code`, `organization_legal_form`, ...).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Difference {
    /// Nothing to do.
    Equal,
    /// Same holder, other details: update the ODR contact in place.
    Details(Vec<&'static str>),
    /// Another holder: make a new contact (in place, a registry may not accept a
    /// name change, and other domains may share the contact). Lists only the
    /// holder fields that changed; detail changes come along with the new contact.
    Holder(Vec<&'static str>),
}

/// Holder = who owns it (first/last name, company name, legal form) -> Holder; anything else that differs (email, phone, fax, address, postal code, city, state, country, language, vat...) -> Details; compare normalised values (case/space-insensitive where ODR normalises, e.g. postal code, phone format).
///
/// How each field is compared, and why:
/// - names and company name: case- and space-insensitive, so correcting "jan" to
///   "Jan" never starts an owner change at a registry;
/// - legal form: only person (`PERSOON`) against organisation, since the panel
///   only knows that much and a specific ODR form (`BV`) is still an organisation;
///   the company name counts only when either side is an organisation (for a
///   person ODR's company name is just the person's name again);
/// - e-mail, postal code, country, language: case- and space-insensitive;
///   phone and fax: digits only; house number: spaces and case ignored ("25b" and
///   "25 B" are the same address, written differently by different modules);
///   VAT: letters and digits only, upper case;
/// - street, city, state: spaces collapsed, case kept, so a corrected spelling
///   is written to ODR;
/// - middle name, full name, initials and gender are not compared: the panel has
///   no middle name or gender, and the others follow from the names.
pub fn compare(current: &OdrContact, desired: &OdrContact) -> Difference {
    let mut holder = Vec::new();
    let same_name = |a: &str, b: &str| clean(a).to_lowercase() == clean(b).to_lowercase();
    if !same_name(&current.first_name, &desired.first_name) {
        holder.push("first_name");
    }
    if !same_name(&current.last_name, &desired.last_name) {
        holder.push("last_name");
    }
    let current_person = is_person(&current.legal_form);
    let desired_person = is_person(&desired.legal_form);
    let either_organisation = !current_person || !desired_person;
    if either_organisation && !same_name(&current.company_name, &desired.company_name) {
        holder.push("company_name");
    }
    if current_person != desired_person {
        holder.push("organization_legal_form");
    }
    if !holder.is_empty() {
        return Difference::Holder(holder);
    }

    let squeezed_upper = |s: &str| -> String {
        s.chars()
            .filter(|ch| !ch.is_whitespace())
            .flat_map(char::to_uppercase)
            .collect()
    };
    let digits = |s: &str| -> String { s.chars().filter(char::is_ascii_digit).collect() };
    let checks: [(&'static str, bool); 11] = [
        (
            "email",
            squeezed_upper(&current.email) == squeezed_upper(&desired.email),
        ),
        ("phone", digits(&current.phone) == digits(&desired.phone)),
        ("fax", digits(&current.fax) == digits(&desired.fax)),
        ("street", clean(&current.street) == clean(&desired.street)),
        (
            "house_number",
            squeezed_upper(&current.house_number) == squeezed_upper(&desired.house_number),
        ),
        (
            "postal_code",
            squeezed_upper(&current.postal_code) == squeezed_upper(&desired.postal_code),
        ),
        ("city", clean(&current.city) == clean(&desired.city)),
        ("state", clean(&current.state) == clean(&desired.state)),
        (
            "country",
            squeezed_upper(&current.country) == squeezed_upper(&desired.country),
        ),
        (
            "language",
            squeezed_upper(&current.language) == squeezed_upper(&desired.language),
        ),
        (
            "company_vatin",
            vat_number(&current.vat_number) == vat_number(&desired.vat_number),
        ),
    ];
    let details: Vec<&'static str> = checks
        .into_iter()
        .filter(|&(_, same)| !same)
        .map(|(field, _)| field)
        .collect();
    if details.is_empty() {
        Difference::Equal
    } else {
        Difference::Details(details)
    }
}

fn is_person(legal_form: &str) -> bool {
    legal_form.trim().eq_ignore_ascii_case(LEGAL_FORM_PERSON)
}

/// Version of the canonical form below; bump it when the form changes (old keys
/// then simply stop matching and contacts are looked up afresh).
const FINGERPRINT_VERSION: &str = "odr-contact/1";

/// Stable key for the panel-contact -> ODR-contact mapping kept in state: lowercase hex SHA-1 of a canonical serialisation of the normalised contact (all fields). Same contact details -> same key.
///
/// The canonical form is a JSON array: a version tag, then every field's value
/// in the WIT record's order. JSON's string escaping keeps it unambiguous (no
/// separator can be forged by a field's content). Values are hashed as given:
/// pass [`super::normalize`]'s output, which already has one spelling per value.
pub fn fingerprint(c: &OdrContact) -> String {
    let mut values = vec![serde_json::Value::from(FINGERPRINT_VERSION)];
    values.extend(
        odr_fields(c)
            .iter()
            .map(|&(_, value)| serde_json::Value::from(value)),
    );
    let canonical = serde_json::Value::Array(values).to_string();
    Sha1::digest(canonical.as_bytes())
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

/// Does a name from ODR's contact list (`GET /contact/` item `name`, e.g. "Jan Jansen (Voorbeeld BV)", "Voorbeeld BV" or "J Jansen [tech]") denote this contact? See [`list_name_rank`].
pub fn list_name_matches(list_name: &str, c: &OdrContact) -> bool {
    list_name_rank(list_name, c).is_some()
}

/// How well a name from ODR's contact list fits this contact, best first: `Some(0)`
/// for "First Last (Company)", `Some(1)` for the person's name alone, `Some(2)`
/// for the company name alone; `None` when it does not fit.
///
/// ODR's list shows a contact by any of these (docs/odr-api.md §9 row 31: each module
/// writes `full_name` its own way, and organisations may be listed by company
/// name), so each must lead to the same contact, or every order would make
/// another. A trailing " [ ... ]" tag is stripped; spaces are collapsed and case
/// is ignored. Person names are the full name, "First Last" and "First Middle
/// Last". Initials alone ("J Jansen") fit only when that is the contact's own
/// full name: "J" might be Joost as well as Jan. The rank orders the candidates
/// to confirm, so a company's many contacts do not crowd out the exact one.
pub fn list_name_rank(list_name: &str, c: &OdrContact) -> Option<u8> {
    // The name with its tags, and without: a contact's own name may end in "]".
    let wanted = [comparable(strip_tags(list_name)), comparable(list_name)];
    let person_names = [
        c.full_name.clone(),
        format!("{} {}", c.first_name, c.last_name),
        format!("{} {} {}", c.first_name, c.middle_name, c.last_name),
    ];
    let company = comparable(&c.company_name);
    let mut best = None;
    for person in person_names.iter().map(|person| comparable(person)) {
        if person.is_empty() {
            continue;
        }
        let with_company = comparable(&format!("{person} ({company})"));
        for name in &wanted {
            if !company.is_empty() && *name == with_company {
                return Some(0);
            }
            if *name == person {
                best = Some(1);
            }
        }
    }
    if best.is_none() && !company.is_empty() && wanted.contains(&company) {
        best = Some(2);
    }
    best
}

/// Remove trailing " [ ... ]" tags ("J Jansen [tech]" -> "J Jansen"), as many as
/// there are.
fn strip_tags(name: &str) -> &str {
    let mut rest = name.trim();
    while rest.ends_with(']') {
        match rest.rfind('[') {
            Some(open) => rest = rest.get(..open).unwrap_or_default().trim_end(),
            None => break,
        }
    }
    rest
}

fn comparable(name: &str) -> String {
    clean(name).to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tests::contact_fixtures::jan_jansen;

    fn voorbeeld_bv() -> OdrContact {
        let mut contact = jan_jansen();
        contact.legal_form = "ANDERS".into();
        contact.company_name = "Voorbeeld BV".into();
        contact
    }

    #[test]
    fn equal_contacts() {
        let contact = jan_jansen();
        assert_eq!(compare(&contact, &contact.clone()), Difference::Equal);
    }

    #[test]
    fn formatting_differences_are_equal() {
        let current = jan_jansen();
        let mut desired = current.clone();
        desired.first_name = "jan".into();
        desired.last_name = " JANSEN ".into();
        desired.email = "Jan@Example.NL".into();
        desired.phone = "+31 20 123 4567".into();
        desired.postal_code = "1234 ab".into();
        desired.house_number = " 12 ".into();
        desired.country = "nl".into();
        desired.language = "nl".into();
        desired.street = "Dorpstraat  ".into();
        // Not compared: derived from the names, or unknown to the panel.
        desired.gender = "NA".into();
        desired.full_name = "Jan Jansen (something)".into();
        desired.initials = "X".into();
        desired.middle_name = "Testovich".into();
        // A person's company name is their own name again.
        desired.company_name = "".into();
        assert_eq!(compare(&current, &desired), Difference::Equal);

        let mut bv = voorbeeld_bv();
        let mut specific = bv.clone();
        specific.legal_form = "BV".into();
        specific.company_name = "VOORBEELD  bv".into();
        assert_eq!(compare(&specific, &bv), Difference::Equal);
        bv.house_number = "1 b".into();
        specific.house_number = "1B".into();
        assert_eq!(compare(&specific, &bv), Difference::Equal);
    }

    #[test]
    fn detail_changes() {
        let current = jan_jansen();
        let mut desired = current.clone();
        desired.email = "jan@example.com".into();
        assert_eq!(
            compare(&current, &desired),
            Difference::Details(vec!["email"])
        );

        desired.phone = "+31.201234599".into();
        desired.fax = "+31.201234568".into();
        desired.street = "Kerkstraat".into();
        desired.house_number = "12a".into();
        desired.postal_code = "1234AC".into();
        desired.city = "Haarlem".into();
        desired.state = "".into();
        desired.country = "BE".into();
        desired.language = "EN".into();
        desired.vat_number = "NL123456789B01".into();
        assert_eq!(
            compare(&current, &desired),
            Difference::Details(vec![
                "email",
                "phone",
                "fax",
                "street",
                "house_number",
                "postal_code",
                "city",
                "state",
                "country",
                "language",
                "company_vatin",
            ])
        );

        // A spelling correction in the street is written, not ignored.
        let mut corrected = current.clone();
        corrected.street = "dorpstraat".into();
        assert_eq!(
            compare(&current, &corrected),
            Difference::Details(vec!["street"])
        );
    }

    #[test]
    fn holder_changes() {
        let current = jan_jansen();
        let mut renamed = current.clone();
        renamed.last_name = "Janssen".into();
        renamed.email = "other@example.nl".into();
        assert_eq!(
            compare(&current, &renamed),
            Difference::Holder(vec!["last_name"])
        );

        let mut first = current.clone();
        first.first_name = "Piet".into();
        assert_eq!(
            compare(&current, &first),
            Difference::Holder(vec!["first_name"])
        );

        // Person -> company.
        assert_eq!(
            compare(&current, &voorbeeld_bv()),
            Difference::Holder(vec!["company_name", "organization_legal_form"])
        );
        // Company -> other company.
        let mut other = voorbeeld_bv();
        other.company_name = "Ander BV".into();
        assert_eq!(
            compare(&voorbeeld_bv(), &other),
            Difference::Holder(vec!["company_name"])
        );
        // Company -> same person, no company any more.
        assert_eq!(
            compare(&voorbeeld_bv(), &current),
            Difference::Holder(vec!["company_name", "organization_legal_form"])
        );
    }

    #[test]
    fn fingerprint_is_stable_and_sensitive() {
        let contact = jan_jansen();
        let key = fingerprint(&contact);
        assert_eq!(key.len(), 40);
        assert!(key
            .chars()
            .all(|ch| ch.is_ascii_hexdigit() && !ch.is_ascii_uppercase()));
        assert_eq!(fingerprint(&contact.clone()), key);
        // Pinned: a change of the canonical form must be deliberate (bump the version).
        assert_eq!(key, PINNED_JAN_JANSEN);

        // Every field counts.
        let mut seen = vec![key.clone()];
        for index in 0..19 {
            let mut changed = contact.clone();
            let field = match index {
                0 => &mut changed.first_name,
                1 => &mut changed.middle_name,
                2 => &mut changed.last_name,
                3 => &mut changed.full_name,
                4 => &mut changed.initials,
                5 => &mut changed.gender,
                6 => &mut changed.language,
                7 => &mut changed.email,
                8 => &mut changed.phone,
                9 => &mut changed.fax,
                10 => &mut changed.street,
                11 => &mut changed.house_number,
                12 => &mut changed.postal_code,
                13 => &mut changed.city,
                14 => &mut changed.state,
                15 => &mut changed.country,
                16 => &mut changed.legal_form,
                17 => &mut changed.company_name,
                _ => &mut changed.vat_number,
            };
            field.push('x');
            let changed_key = fingerprint(&changed);
            assert!(!seen.contains(&changed_key), "field {index} does not count");
            seen.push(changed_key);
        }

        // Content cannot shift between fields.
        let mut a = contact.clone();
        a.first_name = "Jan\",\"".into();
        a.middle_name = "".into();
        let mut b = contact.clone();
        b.first_name = "Jan".into();
        b.middle_name = "\",\"".into();
        assert_ne!(fingerprint(&a), fingerprint(&b));
    }

    /// SHA-1 of `["odr-contact/1","Jan","","Jansen",...]`, computed independently (Python
    /// `hashlib.sha1(json.dumps(values, separators=(",", ":")))`).
    const PINNED_JAN_JANSEN: &str = "36a17bfbec7129dd3e601b3b640295b7d07f538c";

    #[test]
    fn list_names() {
        let person = jan_jansen();
        assert!(list_name_matches("Jan Jansen", &person));
        assert!(list_name_matches("jan  JANSEN", &person));
        assert!(list_name_matches("Jan Jansen [tech]", &person));
        assert!(list_name_matches("Jan Jansen [tech] [onsite]", &person));
        assert!(list_name_matches(" Jan Jansen (Jan Jansen) ", &person));
        assert!(!list_name_matches("Jan Jansen (Voorbeeld BV)", &person));
        assert!(!list_name_matches("Piet Jansen", &person));
        assert!(!list_name_matches("J Jansen [tech]", &person));
        assert!(!list_name_matches("", &person));
        assert!(!list_name_matches("[tech]", &person));

        let company = voorbeeld_bv();
        assert!(list_name_matches("Jan Jansen (Voorbeeld BV)", &company));
        assert!(list_name_matches(
            "jan jansen (voorbeeld bv) [tech]",
            &company
        ));
        assert!(list_name_matches("Jan Jansen", &company));
        assert!(!list_name_matches("Jan Jansen (Ander BV)", &company));

        // HostFact-style contacts carry "Initials Surname" as their full name.
        let mut initials = jan_jansen();
        initials.full_name = "J Jansen".into();
        assert!(list_name_matches("J Jansen [tech]", &initials));
        assert!(list_name_matches("J Jansen", &initials));

        // Brackets inside a name are not tags; unbalanced ones do not panic.
        assert!(!list_name_matches("]", &person));
        assert!(!list_name_matches("[", &person));
        assert!(!list_name_matches("Jan Jansen ]", &person));
    }

    #[test]
    fn a_company_is_found_by_any_of_its_list_names() {
        let company = voorbeeld_bv();
        assert_eq!(
            list_name_rank("Jan Jansen (Voorbeeld BV)", &company),
            Some(0)
        );
        assert_eq!(list_name_rank("jan jansen", &company), Some(1));
        assert_eq!(list_name_rank("Voorbeeld BV", &company), Some(2));
        assert_eq!(list_name_rank(" VOORBEELD  bv [tech]", &company), Some(2));
        assert_eq!(list_name_rank("Voorbeeld", &company), None);
        assert_eq!(list_name_rank("Ander BV", &company), None);
        assert_eq!(list_name_rank("Piet Jansen (Voorbeeld BV)", &company), None);
        // A person's company name is their own name: still a person-name fit.
        assert_eq!(list_name_rank("Jan Jansen", &jan_jansen()), Some(1));
        // An empty company never fits an empty or bracketed name.
        let mut nameless = voorbeeld_bv();
        nameless.company_name = "".into();
        assert_eq!(list_name_rank("", &nameless), None);
        assert_eq!(list_name_rank("()", &nameless), None);
    }
}
