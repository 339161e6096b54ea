//! Contact logic, pure (no I/O): turning a panel contact into ODR's form, the ODR
//! wire format, validating and comparing ODR contacts, and recognising them in
//! ODR's contact list.
//!
//! Field names in [`FieldError`]s: [`normalize`] names the panel contact's fields
//! as the WIT record does (`first-name`, `address1`, `postcode`, ...), because the
//! admin has to fix the panel's data; [`validate`] and [`compare`] name ODR's
//! fields as ODR does (`first_name`, `postal_code`, `organization_legal_form`,
//! `company_vatin`, ...), because they describe a contact stored at ODR.

mod address;
pub mod dial_codes;
mod diff;
mod language;
mod phone;
mod postcode;
mod wire;

pub use crate::bindings::exports::odr::registrar::registrar::{
    FieldError, OdrContact, PanelContact,
};
pub use diff::{compare, fingerprint, list_name_matches, list_name_rank, Difference};
pub use wire::{from_response, to_request_body};

use address::AddressError;
use phone::PhoneError;
use postcode::PostcodeError;

/// ODR's legal form for a private person.
pub const LEGAL_FORM_PERSON: &str = "PERSOON";
/// ODR's legal form for an organisation of unspecified form ("other"), used for
/// every company: panels do not hold a legal form, and `ANDERS` is the one value
/// every ODR module sends for companies (docs/odr-api.md §4.9, §9 row 29).
pub const LEGAL_FORM_OTHER: &str = "ANDERS";
/// Gender sent for every contact: panels do not hold it.
pub const GENDER_UNKNOWN: &str = "NA";

/// Collects field errors in the order the fields are checked.
#[derive(Default)]
struct Errors(Vec<FieldError>);

impl Errors {
    fn add(&mut self, field: &str, message: impl Into<String>) {
        self.0.push(FieldError {
            field: field.to_string(),
            message: message.into(),
        });
    }
}

/// Trimmed, whitespace runs collapsed to one space, control characters dropped
/// (a pasted newline or NUL must not reach ODR).
pub(crate) fn clean(text: &str) -> String {
    text.split_whitespace()
        .map(|word| {
            word.chars()
                .filter(|ch| !ch.is_control())
                .collect::<String>()
        })
        .filter(|word| !word.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Panel (WHMCS-shaped) contact -> ODR form. Errors are per field, with messages an admin understands.
///
/// All fields are checked, so one call reports every problem. Required: first
/// and last name, e-mail, a street with house number (address1, completed by
/// address2 when it holds just the number), postcode, city, a known country and a
/// phone number. The postcode is required although some countries have none:
/// the one validation error ODR is known to give names `postal_code` as a
/// required field (docs/odr-api.md §2.2), and a clear local message beats ODR's.
pub fn normalize(panel: &PanelContact) -> Result<OdrContact, Vec<FieldError>> {
    let mut errors = Errors::default();

    let first_name = clean(&panel.first_name);
    if first_name.is_empty() {
        errors.add("first-name", "the first name is required");
    }
    let last_name = clean(&panel.last_name);
    if last_name.is_empty() {
        errors.add("last-name", "the last name is required");
    }

    let email = clean(&panel.email);
    if email.is_empty() {
        errors.add("email", "the e-mail address is required");
    } else if !is_email(&email) {
        errors.add(
            "email",
            format!("\"{email}\" is not a valid e-mail address"),
        );
    }

    let typed_country = clean(&panel.country);
    let country = country_code(&typed_country);
    let known_country = dial_codes::country(&country);

    let (street, house_number) = match address::split(&panel.address1, &panel.address2, &country) {
        Ok(address) => (address.street.clone(), address.house_number()),
        Err(error) => {
            let (field, message) = address_error(panel, &country, &error);
            errors.add(field, message);
            (String::new(), String::new())
        }
    };

    let postal_code = match postcode::normalize(&panel.postcode, &country) {
        Ok(code) => code,
        Err(PostcodeError::Empty) => {
            errors.add("postcode", "the postcode is required");
            String::new()
        }
        Err(PostcodeError::Invalid { example }) => {
            errors.add(
                "postcode",
                format!(
                    "\"{}\" is not a postcode of {country}; enter it as in \"{example}\"",
                    clean(&panel.postcode)
                ),
            );
            String::new()
        }
    };

    let city = clean(&panel.city);
    if city.is_empty() {
        errors.add("city", "the city is required");
    }
    let state = clean(&panel.state);

    if typed_country.is_empty() {
        errors.add(
            "country",
            "the country is required (a two-letter ISO code, e.g. NL)",
        );
    } else if known_country.is_none() {
        errors.add(
            "country",
            format!("unknown country code \"{typed_country}\"; use a two-letter ISO 3166-1 code such as NL, BE or DE"),
        );
    }

    let phone = if panel.phone.trim().is_empty() {
        errors.add("phone", "the phone number is required");
        String::new()
    } else {
        phone_field(&panel.phone, known_country, "phone", &mut errors)
    };
    let fax = if panel.fax.trim().is_empty() {
        String::new()
    } else {
        phone_field(&panel.fax, known_country, "fax", &mut errors)
    };

    let language = language::normalize(&panel.language).unwrap_or_else(|message| {
        errors.add("language", message);
        String::new()
    });

    if !errors.0.is_empty() {
        return Err(errors.0);
    }

    let company = clean(&panel.company_name);
    let full_name = format!("{first_name} {last_name}");
    let (legal_form, company_name) = if company.is_empty() {
        (LEGAL_FORM_PERSON, full_name.clone())
    } else {
        (LEGAL_FORM_OTHER, company)
    };
    Ok(OdrContact {
        initials: initials(&first_name),
        first_name,
        middle_name: String::new(),
        last_name,
        full_name,
        gender: GENDER_UNKNOWN.to_string(),
        language,
        email,
        phone,
        fax,
        street,
        house_number,
        postal_code,
        city,
        state,
        country,
        legal_form: legal_form.to_string(),
        company_name,
        vat_number: vat_number(&panel.vat_number),
    })
}

/// The field to fix and what to tell the admin when no street and house number
/// were found: the line that holds the street (address1 unless only address2 is
/// filled), with an example in the country's own order.
fn address_error(
    panel: &PanelContact,
    country: &str,
    error: &AddressError,
) -> (&'static str, String) {
    let (field, typed) = if clean(&panel.address1).is_empty() && !clean(&panel.address2).is_empty()
    {
        ("address2", clean(&panel.address2))
    } else {
        ("address1", clean(&panel.address1))
    };
    let example = match country {
        "BE" => "Rue de la Loi 16 bus 3",
        "DE" | "AT" | "CH" => "Hauptstraße 5a",
        "FR" | "LU" | "MC" => "12 bis rue de la Paix",
        "GB" | "IE" => "Flat 3, 22 Baker Street",
        "US" | "CA" | "AU" | "NZ" | "ZA" => "123 Main Street Apt 4B",
        "ES" => "Calle Mayor, 1, 2º B",
        "IT" => "Via Roma 10/A",
        _ => "Kerkstraat 42",
    };
    let message = match error {
        AddressError::Empty => {
            format!("the street and house number are required, e.g. \"{example}\"")
        }
        AddressError::NoHouseNumber => format!(
            "no house number found in \"{typed}\"; enter the street and house number, e.g. \"{example}\""
        ),
        AddressError::NoStreet => format!(
            "no street name found in \"{typed}\"; enter the street and house number, e.g. \"{example}\""
        ),
    };
    (field, message)
}

/// A country as typed -> the ISO code to look up: upper case, and `UK` read as
/// `GB` (`UK` is exceptionally reserved by ISO for the United Kingdom and some
/// panels and old modules use it; ODR wants `GB`).
fn country_code(typed: &str) -> String {
    let upper = typed.to_uppercase();
    if upper == "UK" {
        "GB".to_string()
    } else {
        upper
    }
}

/// Normalise a non-empty phone or fax field, recording any error under `field`.
fn phone_field(
    raw: &str,
    country: Option<&dial_codes::Country>,
    field: &str,
    errors: &mut Errors,
) -> String {
    match phone::normalize(raw, country) {
        Ok(number) => number,
        // The country's own error already says what to fix.
        Err(PhoneError::NeedsCountry) => String::new(),
        Err(PhoneError::Invalid(message)) => {
            errors.add(field, message);
            String::new()
        }
    }
}

/// "J" for "Jan", "JW" for "Jan Willem", "Jan-Willem" or "J.W.": the first letter
/// of each part, upper case, no dots (as ODR's own example contact has it).
fn initials(first_name: &str) -> String {
    first_name
        .split(|ch: char| ch.is_whitespace() || ch == '-' || ch == '.')
        .filter_map(|part| part.chars().find(|ch| ch.is_alphanumeric()))
        .flat_map(char::to_uppercase)
        .collect()
}

/// VAT numbers as VIES writes them: upper case, no spaces, dots or dashes
/// ("nl 1234.56.789 b01" -> "NL123456789B01").
pub(crate) fn vat_number(raw: &str) -> String {
    raw.chars()
        .filter(|ch| ch.is_alphanumeric())
        .flat_map(char::to_uppercase)
        .collect()
}

/// A plausible e-mail address: one `@`, a local part, and a domain of at least two
/// non-empty labels without spaces. Deliverability is not ours to judge.
pub(crate) fn is_email(text: &str) -> bool {
    let Some((local, domain)) = text.split_once('@') else {
        return false;
    };
    let labels: Vec<&str> = domain.split('.').collect();
    !local.is_empty()
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !text.chars().any(|ch| ch.is_whitespace() || ch.is_control())
        && !domain.contains('@')
        && labels.len() >= 2
        && labels.iter().all(|label| {
            !label.is_empty()
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|ch| ch.is_alphanumeric() || ch == '-')
        })
}

/// Whether `text` is a well-formed ODR phone number: `+CC.NUMBER` with a known
/// calling code and 4 to 15 digits in all.
pub(crate) fn is_odr_phone(text: &str) -> bool {
    let Some((code, number)) = text.strip_prefix('+').and_then(|rest| rest.split_once('.')) else {
        return false;
    };
    let all_digits = |part: &str| !part.is_empty() && part.chars().all(|ch| ch.is_ascii_digit());
    all_digits(code)
        && all_digits(number)
        && dial_codes::is_dial_code(code)
        && number.len() >= 4
        && code.len() + number.len() <= 15
}

/// ODR form -> panel form: what a panel's contact page shows of an ODR contact (no check).
///
/// ODR keeps a person's own name as the company name (legal form `PERSOON`); a panel shows no
/// company for a person. The street and house number join into `address1`; the language is
/// ISO 639-1 in lower case, as panels hold it.
pub fn to_panel(c: &OdrContact) -> PanelContact {
    let person = c.legal_form.trim().eq_ignore_ascii_case(LEGAL_FORM_PERSON);
    PanelContact {
        first_name: c.first_name.clone(),
        last_name: c.last_name.clone(),
        company_name: if person {
            String::new()
        } else {
            c.company_name.clone()
        },
        email: c.email.clone(),
        address1: format!("{} {}", c.street.trim(), c.house_number.trim())
            .trim()
            .to_string(),
        address2: String::new(),
        city: c.city.clone(),
        state: c.state.clone(),
        postcode: c.postal_code.clone(),
        country: c.country.clone(),
        phone: c.phone.clone(),
        fax: c.fax.clone(),
        vat_number: c.vat_number.clone(),
        language: c.language.to_ascii_lowercase(),
    }
}

/// Whether a contact read from ODR is usable as-is (required fields present and well-formed). Err lists what is wrong (used by contact sync: an invalid ODR contact is replaced).
///
/// Only what makes a contact unusable for a domain is checked: replacing a
/// contact can start an owner change at the registry, so fields ODR may leave
/// empty (state, language, gender, VAT) are not. Field names are ODR's.
pub fn validate(c: &OdrContact) -> Result<(), Vec<FieldError>> {
    let mut errors = Errors::default();
    let mut required = |field: &str, value: &str| {
        if value.trim().is_empty() {
            errors.add(field, "missing");
            false
        } else {
            true
        }
    };
    required("first_name", &c.first_name);
    required("last_name", &c.last_name);
    let has_email = required("email", &c.email);
    let has_phone = required("phone", &c.phone);
    let has_street = required("street", &c.street);
    let has_number = required("house_number", &c.house_number);
    required("postal_code", &c.postal_code);
    required("city", &c.city);
    let has_country = required("country", &c.country);
    let has_form = required("organization_legal_form", &c.legal_form);
    let is_person = c.legal_form.trim().eq_ignore_ascii_case(LEGAL_FORM_PERSON);
    if has_form && !is_person {
        required("company_name", &c.company_name);
    }

    if has_email && !is_email(c.email.trim()) {
        errors.add(
            "email",
            format!("\"{}\" is not a valid e-mail address", c.email.trim()),
        );
    }
    if has_phone && !is_odr_phone(c.phone.trim()) {
        errors.add(
            "phone",
            format!("\"{}\" is not in the form +CC.NUMBER", c.phone.trim()),
        );
    }
    if !c.fax.trim().is_empty() && !is_odr_phone(c.fax.trim()) {
        errors.add(
            "fax",
            format!("\"{}\" is not in the form +CC.NUMBER", c.fax.trim()),
        );
    }
    if has_street && !c.street.chars().any(char::is_alphabetic) {
        errors.add(
            "street",
            format!("\"{}\" is not a street name", c.street.trim()),
        );
    }
    if has_number && !c.house_number.chars().any(|ch| ch.is_ascii_digit()) {
        errors.add(
            "house_number",
            format!("\"{}\" has no number", c.house_number.trim()),
        );
    }
    if has_country && dial_codes::country(&c.country.trim().to_uppercase()).is_none() {
        errors.add(
            "country",
            format!("unknown country code \"{}\"", c.country.trim()),
        );
    }

    if errors.0.is_empty() {
        Ok(())
    } else {
        Err(errors.0)
    }
}

/// The contact's fields under ODR's names, in the WIT record's order. One list,
/// so the wire format and the fingerprint cannot forget a field.
pub(crate) fn odr_fields(c: &OdrContact) -> [(&'static str, &str); 19] {
    [
        ("first_name", &c.first_name),
        ("middle_name", &c.middle_name),
        ("last_name", &c.last_name),
        ("full_name", &c.full_name),
        ("initials", &c.initials),
        ("gender", &c.gender),
        ("language", &c.language),
        ("email", &c.email),
        ("phone", &c.phone),
        ("fax", &c.fax),
        ("street", &c.street),
        ("house_number", &c.house_number),
        ("postal_code", &c.postal_code),
        ("city", &c.city),
        ("state", &c.state),
        ("country", &c.country),
        ("organization_legal_form", &c.legal_form),
        ("company_name", &c.company_name),
        ("company_vatin", &c.vat_number),
    ]
}

#[cfg(test)]
mod tests;
