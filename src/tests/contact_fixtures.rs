//! Shared test fixtures.

use crate::contact::odr_fields;
use crate::types::OdrContact;

/// The person of ODR's mock contact (docs/odr-api.md §5.18) as `normalize` would make it.
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
    for ((name, a), (_, e)) in odr_fields(actual).into_iter().zip(odr_fields(expected)) {
        assert_eq!(a, e, "field {name} differs");
    }
}

/// What a row of `tests/data/addresses.txt` expects.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Expected {
    Split {
        street: String,
        number: String,
        addition: String,
        house_number: String,
    },
    Refused {
        field: String,
        reason: String,
    },
}

/// One row of the address table.
#[derive(Debug, Clone)]
pub(crate) struct AddressRow {
    pub line: usize,
    pub country: String,
    pub address1: String,
    pub address2: String,
    pub expected: Expected,
}

/// The rows of `tests/data/addresses.txt` (format in its header).
pub(crate) fn address_table() -> Vec<AddressRow> {
    let text = include_str!("../../tests/data/addresses.txt");
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty() && !line.starts_with('#'))
        .map(|(index, line)| {
            let cells: Vec<String> = line
                .split('|')
                .map(|cell| cell.trim().to_string())
                .collect();
            assert_eq!(
                cells.len(),
                7,
                "line {}: 7 cells expected: {line}",
                index + 1
            );
            let cell = |at: usize| cells.get(at).cloned().unwrap_or_default();
            let expected = if cell(3) == "!" {
                Expected::Refused {
                    field: cell(4),
                    reason: cell(5),
                }
            } else {
                Expected::Split {
                    street: cell(3),
                    number: cell(4),
                    addition: cell(5),
                    house_number: cell(6),
                }
            };
            AddressRow {
                line: index + 1,
                country: cell(0),
                address1: cell(1),
                address2: cell(2),
                expected,
            }
        })
        .collect()
}
