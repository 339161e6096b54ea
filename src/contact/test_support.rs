//! Shared test fixtures.

use super::OdrContact;

/// The person of ODR's mock contact (odr-api §5.18) as `normalize` would make it.
pub(crate) fn jan_jansen() -> OdrContact {
    OdrContact {
        first_name: "Jan".into(),
        middle_name: "".into(),
        last_name: "Jansen".into(),
        full_name: "Jan Jansen".into(),
        initials: "J".into(),
        gender: "NA".into(),
        language: "NL".into(),
        email: "jan@example.nl".into(),
        phone: "+31.201234567".into(),
        fax: "".into(),
        street: "Dorpstraat".into(),
        house_number: "12".into(),
        postal_code: "1234AB".into(),
        city: "Amsterdam".into(),
        state: "Noord-Holland".into(),
        country: "NL".into(),
        legal_form: "PERSOON".into(),
        company_name: "Jan Jansen".into(),
        vat_number: "".into(),
    }
}

/// Field-by-field equality (the generated record has no `PartialEq`), naming the
/// first field that differs.
pub(crate) fn assert_same(actual: &OdrContact, expected: &OdrContact) {
    for ((name, a), (_, e)) in super::odr_fields(actual)
        .into_iter()
        .zip(super::odr_fields(expected))
    {
        assert_eq!(a, e, "field {name} differs");
    }
}
