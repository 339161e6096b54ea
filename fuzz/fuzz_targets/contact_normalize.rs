//! `contact::normalize` on arbitrary panel contacts (input: the fourteen
//! `panel-contact` fields, one per line; see `odr_registrar_fuzz::panel_contact`).
//!
//! Invariants: never panics; an `Err` lists at least one problem, each under a
//! `panel-contact` field name with a non-empty message; an `Ok` contact passes
//! `validate`, has a phone of the form `+\d+\.\d+` (and a fax of that form or
//! none), a postal code with single spaces at most (none for NL) that
//! upper-casing leaves as it is, a known country, the legal form `PERSOON`
//! exactly when there is no company,
//! survives the wire format unchanged, and compares `Equal` to itself.
#![no_main]

use libfuzzer_sys::fuzz_target;
use odr_registrar::contact::{
    compare, dial_codes, from_response, normalize, to_request_body, validate, Difference,
    LEGAL_FORM_OTHER, LEGAL_FORM_PERSON,
};
use odr_registrar_fuzz::{is_odr_phone_shape, panel_contact, PANEL_FIELDS};

fuzz_target!(|data: &[u8]| {
    let panel = panel_contact(data);
    let c = match normalize(&panel) {
        Ok(c) => c,
        Err(errors) => {
            assert!(!errors.is_empty(), "Err without errors");
            for e in &errors {
                assert!(
                    PANEL_FIELDS.contains(&e.field.as_str()),
                    "field {:?}",
                    e.field
                );
                assert!(!e.message.trim().is_empty());
            }
            return;
        }
    };
    if let Err(errors) = validate(&c) {
        panic!("normalize's output fails validate: {errors:?}\ncontact: {c:?}");
    }
    assert!(is_odr_phone_shape(&c.phone), "phone {:?}", c.phone);
    assert!(
        c.fax.is_empty() || is_odr_phone_shape(&c.fax),
        "fax {:?}",
        c.fax
    );
    assert!(!c.postal_code.is_empty());
    // One space at most between parts ("SW1A 2AA"); none in Dutch ones ("1234AB").
    assert_eq!(
        c.postal_code,
        c.postal_code.split_whitespace().collect::<Vec<_>>().join(" ")
    );
    assert!(c.country != "NL" || !c.postal_code.contains(' '));
    // Upper case as far as Unicode has an upper case: "ɟ" has none and stays.
    assert_eq!(c.postal_code, c.postal_code.to_uppercase());
    assert!(
        dial_codes::country(&c.country).is_some(),
        "country {:?}",
        c.country
    );
    let has_company = !panel.company_name.trim().is_empty()
        && panel
            .company_name
            .chars()
            .any(|ch| !ch.is_whitespace() && !ch.is_control());
    let form = if has_company {
        LEGAL_FORM_OTHER
    } else {
        LEGAL_FORM_PERSON
    };
    assert_eq!(c.legal_form, form);
    let body = to_request_body(&c);
    assert_eq!(
        from_response(&body).as_ref(),
        Ok(&c),
        "wire round trip: {body}"
    );
    assert_eq!(compare(&c, &c), Difference::Equal);
});
