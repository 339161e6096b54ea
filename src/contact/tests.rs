//! Tests of `normalize` and `validate`, and property tests across the module.

use super::*;
use crate::tests::contact_fixtures::{assert_same, jan_jansen};

fn panel() -> PanelContact {
    PanelContact {
        first_name: "Jan".into(),
        last_name: "Jansen".into(),
        company_name: "".into(),
        email: "jan@example.nl".into(),
        address1: "Dorpstraat 12".into(),
        address2: "".into(),
        city: "Amsterdam".into(),
        state: "Noord-Holland".into(),
        postcode: "1234 ab".into(),
        country: "NL".into(),
        phone: "020-1234567".into(),
        fax: "".into(),
        vat_number: "".into(),
        language: "".into(),
    }
}

fn ok(panel: &PanelContact) -> OdrContact {
    match normalize(panel) {
        Ok(contact) => contact,
        Err(errors) => panic!("{panel:?}: {errors:?}"),
    }
}

fn errors(panel: &PanelContact) -> Vec<FieldError> {
    match normalize(panel) {
        Ok(contact) => panic!("{panel:?} was accepted: {contact:?}"),
        Err(errors) => errors,
    }
}

fn error_fields(panel: &PanelContact) -> Vec<String> {
    errors(panel).into_iter().map(|error| error.field).collect()
}

fn with(change: impl FnOnce(&mut PanelContact)) -> PanelContact {
    let mut contact = panel();
    change(&mut contact);
    contact
}

#[test]
fn a_person() {
    assert_same(&ok(&panel()), &jan_jansen());
}

#[test]
fn a_company() {
    let contact = ok(&with(|p| p.company_name = "  Voorbeeld   BV ".into()));
    assert_eq!(contact.legal_form, "ANDERS");
    assert_eq!(contact.company_name, "Voorbeeld BV");
    assert_eq!(contact.full_name, "Jan Jansen");
}

#[test]
fn everything_is_trimmed() {
    let contact = ok(&PanelContact {
        first_name: "  Jan ".into(),
        last_name: " Jansen\t".into(),
        email: " jan@example.nl ".into(),
        address1: "  Dorpstraat   12 ".into(),
        city: " Amsterdam ".into(),
        state: " Noord-Holland ".into(),
        country: " nl ".into(),
        phone: " 020 123 4567 ".into(),
        language: " nl ".into(),
        ..panel()
    });
    assert_same(&contact, &jan_jansen());
}

#[test]
fn names_and_initials() {
    let contact = ok(&with(|p| {
        p.first_name = "Jan-Willem".into();
        p.last_name = "van der Berg".into();
    }));
    assert_eq!(contact.full_name, "Jan-Willem van der Berg");
    assert_eq!(contact.initials, "JW");
    assert_eq!(contact.middle_name, "");
    assert_eq!(contact.gender, "NA");
    assert_eq!(ok(&with(|p| p.first_name = "jan".into())).initials, "J");
    assert_eq!(ok(&with(|p| p.first_name = "Émile".into())).initials, "É");
}

#[test]
fn the_reference_addresses() {
    for (address1, street, number) in [
        ("Kerkstraat 42-f3", "Kerkstraat", "42-f3"),
        ("De Dompelaar 1 B", "De Dompelaar", "1 B"),
        ("42nd street, 1337a", "42nd street", "1337a"),
        ("18 Septemberplein 12", "18 Septemberplein", "12"),
        ("Bahnhofstraße 5", "Bahnhofstraße", "5"),
        ("ул. Ленина 10", "ул. Ленина", "10"),
        ("Kerkstraat 12/2", "Kerkstraat", "12/2"),
        ("12 Main Street", "Main Street", "12"),
    ] {
        let contact = ok(&with(|p| p.address1 = address1.into()));
        assert_eq!(
            (contact.street.as_str(), contact.house_number.as_str()),
            (street, number)
        );
    }
    let contact = ok(&with(|p| {
        p.address1 = "Kerkstraat".into();
        p.address2 = "42-f3".into();
    }));
    assert_eq!(
        (contact.street.as_str(), contact.house_number.as_str()),
        ("Kerkstraat", "42-f3")
    );
}

#[test]
fn an_address_without_house_number_is_refused() {
    let found = errors(&with(|p| p.address1 = "Test str".into()));
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].field, "address1");
    assert!(
        found[0].message.contains("no house number found"),
        "{}",
        found[0].message
    );
    assert!(found[0].message.contains("Test str"));
    assert_eq!(
        error_fields(&with(|p| p.address1 = "".into())),
        ["address1"]
    );
    assert_eq!(
        error_fields(&with(|p| p.address1 = "12".into())),
        ["address1"]
    );
}

#[test]
fn postal_code_country_language_vat() {
    let contact = ok(&with(|p| {
        p.postcode = " 1234 ab ".into();
        p.country = "nl".into();
        p.language = "dutch".into();
        p.vat_number = "nl 1234.56.789 b01".into();
    }));
    assert_eq!(contact.postal_code, "1234AB");
    assert_eq!(contact.country, "NL");
    assert_eq!(contact.language, "NL");
    assert_eq!(contact.vat_number, "NL123456789B01");
    assert_eq!(ok(&with(|p| p.language = "english".into())).language, "EN");
    assert_eq!(ok(&with(|p| p.language = "de".into())).language, "DE");
    assert_eq!(ok(&with(|p| p.language = "French".into())).language, "FR");
    assert_eq!(
        error_fields(&with(|p| p.language = "klingon".into())),
        ["language"]
    );
    // UK is read as GB.
    let uk = ok(&with(|p| {
        p.country = "uk".into();
        p.postcode = "sw1a2aa".into();
        p.phone = "020 7946 0958".into();
    }));
    assert_eq!(
        (
            uk.country.as_str(),
            uk.phone.as_str(),
            uk.postal_code.as_str()
        ),
        ("GB", "+44.2079460958", "SW1A 2AA")
    );
}

#[test]
fn postcodes_in_each_countrys_form() {
    for (country, typed, sent) in [
        ("NL", "1234 ab", "1234AB"),
        ("BE", "B-1000", "1000"),
        ("GB", "sw1a2aa", "SW1A 2AA"),
        ("CA", "k1a0b1", "K1A 0B1"),
        ("PT", "1000 001", "1000-001"),
        ("PL", "00950", "00-950"),
        ("IE", "d02x285", "D02 X285"),
        ("RU", " 101000 ", "101000"),
    ] {
        let contact = ok(&with(|p| {
            p.country = country.into();
            p.postcode = typed.into();
            p.phone = "+31.201234567".into();
        }));
        assert_eq!(contact.postal_code, sent, "{country} {typed:?}");
    }
    let found = errors(&with(|p| {
        p.country = "GB".into();
        p.postcode = "1234 AB".into();
        p.phone = "+31.201234567".into();
    }));
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].field, "postcode");
    assert_eq!(
        found[0].message,
        "\"1234 AB\" is not a postcode of GB; enter it as in \"SW1A 2AA\""
    );
    assert_eq!(
        error_fields(&with(|p| p.postcode = " ".into())),
        ["postcode"]
    );
}

#[test]
fn phones_per_country() {
    for (country, phone, expected) in [
        ("NL", "+31.201234567", "+31.201234567"),
        ("NL", "+31 20 123 4567", "+31.201234567"),
        ("NL", "020-1234567", "+31.201234567"),
        ("NL", "0031201234567", "+31.201234567"),
        ("NL", "(020) 123 45 67", "+31.201234567"),
        ("BE", "02 123 45 67", "+32.21234567"),
        ("BE", "0470 12 34 56", "+32.470123456"),
        ("DE", "030 1234567", "+49.301234567"),
        ("DE", "+49 (0)30 1234567", "+49.301234567"),
        ("GB", "020 7946 0958", "+44.2079460958"),
        ("US", "(212) 555-1234", "+1.2125551234"),
        ("US", "+1 212 555 1234", "+1.2125551234"),
        ("CA", "416-555-0199", "+1.4165550199"),
        ("RU", "8 (495) 123-45-67", "+7.4951234567"),
        ("KZ", "8 727 123 4567", "+7.7271234567"),
        ("CW", "9 461 2345", "+599.94612345"),
        ("HK", "2123 4567", "+852.21234567"),
        // A foreign number keeps its own code.
        ("BE", "+31 20 123 4567", "+31.201234567"),
    ] {
        let contact = ok(&with(|p| {
            p.country = country.into();
            p.postcode = postcode::example(country).unwrap_or("12345").into();
            p.phone = phone.into();
            p.fax = phone.into();
        }));
        assert_eq!(contact.phone, expected, "{country} {phone}");
        assert_eq!(contact.fax, expected, "{country} fax {phone}");
        assert_eq!(contact.country, country);
    }
}

#[test]
fn unknown_country_is_an_error_never_a_default() {
    for country in ["XX", "", "Netherlands", "N", "123"] {
        let found = errors(&with(|p| p.country = country.into()));
        assert_eq!(found.len(), 1, "{country:?}: {found:?}");
        assert_eq!(found[0].field, "country");
    }
    // An international number is still checked without a country.
    assert_eq!(
        error_fields(&with(|p| {
            p.country = "XX".into();
            p.phone = "+999 1234567".into();
        })),
        ["country", "phone"]
    );
}

#[test]
fn phone_required_fax_optional() {
    assert_eq!(error_fields(&with(|p| p.phone = "  ".into())), ["phone"]);
    assert_eq!(ok(&with(|p| p.fax = " ".into())).fax, "");
    assert_eq!(
        error_fields(&with(|p| p.phone = "call me".into())),
        ["phone"]
    );
    assert_eq!(error_fields(&with(|p| p.fax = "12".into())), ["fax"]);
}

#[test]
fn every_problem_is_reported_at_once() {
    let empty = PanelContact {
        first_name: "".into(),
        last_name: "".into(),
        company_name: "".into(),
        email: "".into(),
        address1: "".into(),
        address2: "".into(),
        city: "".into(),
        state: "".into(),
        postcode: "".into(),
        country: "".into(),
        phone: "".into(),
        fax: "".into(),
        vat_number: "".into(),
        language: "".into(),
    };
    assert_eq!(
        error_fields(&empty),
        [
            "first-name",
            "last-name",
            "email",
            "address1",
            "postcode",
            "city",
            "country",
            "phone"
        ]
    );
    for error in errors(&empty) {
        assert!(!error.message.is_empty());
    }
}

#[test]
fn email_must_look_like_one() {
    for email in [
        "jan",
        "jan@",
        "@example.nl",
        "jan@example",
        "jan@@example.nl",
        "jan @example.nl",
        "jan@example..nl",
        "jan@.example.nl",
        "jan@example.nl.",
    ] {
        assert_eq!(
            error_fields(&with(|p| p.email = email.into())),
            ["email"],
            "{email:?}"
        );
    }
    for email in [
        "j.jansen+whois@example.co.uk",
        "jan@xn--bcher-kva.example",
        "jan@bücher.de",
    ] {
        assert_eq!(ok(&with(|p| p.email = email.into())).email, email);
    }
}

#[test]
fn same_details_typed_differently_give_the_same_key() {
    let a = ok(&panel());
    let b = ok(&with(|p| {
        p.phone = "+31 (0)20 123 45 67".into();
        p.postcode = "1234AB".into();
        p.address1 = " Dorpstraat  12".into();
        p.country = "nl".into();
        p.language = "nl".into();
    }));
    assert_eq!(fingerprint(&a), fingerprint(&b));
    let c = ok(&with(|p| p.address1 = "Dorpstraat 14".into()));
    assert_ne!(fingerprint(&a), fingerprint(&c));
}

#[test]
fn validate_accepts_good_contacts() {
    assert!(validate(&jan_jansen()).is_ok());
    let mut company = jan_jansen();
    company.legal_form = "BV".into();
    company.company_name = "Voorbeeld BV".into();
    company.state = "".into();
    company.language = "".into();
    assert!(validate(&company).is_ok());
}

#[test]
fn validate_names_what_is_wrong() {
    let fields = |change: &dyn Fn(&mut OdrContact)| -> Vec<String> {
        let mut contact = jan_jansen();
        change(&mut contact);
        match validate(&contact) {
            Ok(()) => Vec::new(),
            Err(errors) => errors.into_iter().map(|error| error.field).collect(),
        }
    };
    assert_eq!(fields(&|c| c.first_name = " ".into()), ["first_name"]);
    assert_eq!(fields(&|c| c.email = "jan.example.nl".into()), ["email"]);
    assert_eq!(fields(&|c| c.phone = "0201234567".into()), ["phone"]);
    assert_eq!(fields(&|c| c.phone = "+31 20 1234567".into()), ["phone"]);
    assert_eq!(fields(&|c| c.phone = "+999.1234567".into()), ["phone"]);
    assert_eq!(fields(&|c| c.fax = "fax".into()), ["fax"]);
    assert_eq!(fields(&|c| c.house_number = "".into()), ["house_number"]);
    assert_eq!(fields(&|c| c.house_number = "B".into()), ["house_number"]);
    assert_eq!(fields(&|c| c.street = "12".into()), ["street"]);
    assert_eq!(fields(&|c| c.postal_code = "".into()), ["postal_code"]);
    assert_eq!(fields(&|c| c.country = "XX".into()), ["country"]);
    assert_eq!(
        fields(&|c| c.legal_form = "".into()),
        ["organization_legal_form"]
    );
    assert_eq!(
        fields(&|c| {
            c.legal_form = "ANDERS".into();
            c.company_name = "".into();
        }),
        ["company_name"]
    );
    assert_eq!(
        fields(&|c| {
            c.city = "".into();
            c.last_name = "".into();
        }),
        ["last_name", "city"]
    );
}

mod properties {
    use super::super::dial_codes::COUNTRIES;
    use super::super::*;
    use super::jan_jansen;
    use proptest::prelude::*;
    use serde_json::Value;

    /// Text of every kind: arbitrary Unicode, and shapes near the real thing so
    /// the parsers' deeper paths are reached.
    fn text() -> impl Strategy<Value = String> {
        prop_oneof![
            any::<String>(),
            "[0-9 +().\\-/]{0,24}",
            "[A-Za-zäöüßЛенинаул. ]{1,16} [0-9]{1,5}[a-zA-Zа]?([ \\-/][0-9a-z]{1,3})?",
            "[0-9]{1,4}[a-z]? [A-Za-z ]{1,16}",
            "\\PC{0,40}",
        ]
    }

    fn panel_contact() -> impl Strategy<Value = PanelContact> {
        let iso: Vec<&'static str> = COUNTRIES.iter().map(|country| country.iso).collect();
        (
            prop::collection::vec(text(), 11),
            prop_oneof![prop::sample::select(iso).prop_map(String::from), text()],
            prop_oneof!["[a-z]{1,8}@[a-z]{1,8}\\.[a-z]{2,3}", text()],
            prop_oneof!["", "[a-z]{2}", text()],
        )
            .prop_map(|(fields, country, email, language)| {
                let field = |index: usize| fields.get(index).cloned().unwrap_or_default();
                PanelContact {
                    first_name: field(0),
                    last_name: field(1),
                    company_name: field(2),
                    address1: field(3),
                    address2: field(4),
                    city: field(5),
                    state: field(6),
                    postcode: field(7),
                    phone: field(8),
                    fax: field(9),
                    vat_number: field(10),
                    country,
                    email,
                    language,
                }
            })
    }

    /// Contacts as customers fill them in, for every country: always accepted.
    fn plausible_panel_contact() -> impl Strategy<Value = PanelContact> {
        let iso: Vec<&'static str> = COUNTRIES.iter().map(|country| country.iso).collect();
        (
            (
                "[A-Z][a-zé]{1,10}( [A-Z][a-z]{1,8})?",
                "([a-z]{3} )?[A-Z][a-z]{1,12}",
                "(|[A-Z][a-z]{2,10} (BV|Ltd|GmbH))",
            ),
            "[A-Z][a-zß]{2,12}(straat|weg| Street|gasse) [0-9]{1,4}([a-z]|-[0-9]| [A-C])?",
            (
                "[A-Z][a-z]{2,12}",
                "[0-9]{4} ?[A-Za-z]{2}",
                prop::sample::select(iso),
            ),
            prop_oneof![
                "0[2-9][0-9]{8}",
                "\\+(1|7|31|32|44|49|599|852) [1-9][0-9] [0-9]{3} [0-9]{4}",
                "\\([1-9][0-9]{2}\\) [0-9]{3}-[0-9]{4}"
            ],
            prop_oneof!["", "[a-z]{2}", "dutch", "english"],
        )
            .prop_map(
                |((first, last, company), address1, (city, postcode, country), phone, language)| {
                    // A checked country gets a postcode of its own form.
                    let postcode = match super::super::postcode::example(country) {
                        Some(example)
                            if super::super::postcode::normalize(&postcode, country).is_err() =>
                        {
                            example.to_string()
                        }
                        _ => postcode,
                    };
                    PanelContact {
                        first_name: first,
                        last_name: last,
                        company_name: company,
                        email: "info@example.com".into(),
                        address1,
                        address2: String::new(),
                        city,
                        state: String::new(),
                        postcode,
                        country: country.to_lowercase(),
                        phone: phone.clone(),
                        fax: phone,
                        vat_number: String::new(),
                        language,
                    }
                },
            )
    }

    /// A contact from the address table, with names, phone and postcode around it.
    fn table_panel_contact() -> impl Strategy<Value = PanelContact> {
        let rows = crate::tests::contact_fixtures::address_table();
        (
            prop::sample::select(rows),
            "(|[A-Z][a-z]{2,10} (BV|Ltd|GmbH|SA))",
            "\\+31 [1-9][0-9]{8}",
        )
            .prop_map(|(row, company, phone)| PanelContact {
                first_name: "Anna".into(),
                last_name: "de Vries".into(),
                company_name: company,
                email: "anna@example.com".into(),
                address1: row.address1,
                address2: row.address2,
                city: "Stad".into(),
                state: "".into(),
                postcode: super::super::postcode::example(&row.country)
                    .unwrap_or("12345")
                    .into(),
                country: row.country,
                phone,
                fax: String::new(),
                vat_number: String::new(),
                language: String::new(),
            })
    }

    /// The panel contact a panel shows for an ODR contact: WHMCS's "Address 1" is
    /// "street house_number" (php-host/.../Whmcs/WhoisFields.php), line 2 empty.
    fn shown_by_the_panel(contact: &OdrContact) -> PanelContact {
        PanelContact {
            first_name: contact.first_name.clone(),
            last_name: contact.last_name.clone(),
            company_name: if contact.legal_form == LEGAL_FORM_PERSON {
                String::new()
            } else {
                contact.company_name.clone()
            },
            email: contact.email.clone(),
            address1: format!("{} {}", contact.street, contact.house_number),
            address2: String::new(),
            city: contact.city.clone(),
            state: contact.state.clone(),
            postcode: contact.postal_code.clone(),
            country: contact.country.clone(),
            phone: contact.phone.clone(),
            fax: contact.fax.clone(),
            vat_number: contact.vat_number.clone(),
            language: contact.language.clone(),
        }
    }

    #[test]
    fn every_table_address_reads_back_the_same() {
        for row in crate::tests::contact_fixtures::address_table() {
            let panel = PanelContact {
                address1: row.address1.clone(),
                address2: row.address2.clone(),
                country: row.country.clone(),
                postcode: super::super::postcode::example(&row.country)
                    .unwrap_or("12345")
                    .into(),
                phone: "+31.201234567".into(),
                ..super::panel()
            };
            if let Ok(once) = normalize(&panel) {
                let again = normalize(&shown_by_the_panel(&once));
                match again {
                    Ok(again) => assert_eq!(
                        odr_fields(&again),
                        odr_fields(&once),
                        "line {}: {:?}",
                        row.line,
                        row.address1
                    ),
                    Err(errors) => panic!("line {}: {once:?} refused: {errors:?}", row.line),
                }
            }
        }
    }

    const FIELD_NAMES: &[&str] = &[
        "first_name",
        "last_name",
        "email",
        "phone",
        "fax",
        "house_number",
        "postal_code",
        "company_name",
        "company_street",
        "company_vatin",
        "contact",
        "id",
    ];

    fn json() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(Value::from),
            any::<u64>().prop_map(Value::from),
            any::<f64>()
                .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
            text().prop_map(Value::String),
        ];
        leaf.prop_recursive(4, 64, 8, |inner| {
            let key = prop_oneof![
                prop::sample::select(FIELD_NAMES).prop_map(String::from),
                text()
            ];
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
                prop::collection::btree_map(key, inner, 0..12)
                    .prop_map(|map| Value::Object(map.into_iter().collect())),
            ]
        })
    }

    proptest! {
        #[test]
        fn normalize_never_panics_and_its_output_is_valid(panel in panel_contact()) {
            match normalize(&panel) {
                Ok(contact) => {
                    prop_assert!(validate(&contact).is_ok(), "{:?} -> {:?}: {:?}", panel, contact, validate(&contact));
                    prop_assert_eq!(compare(&contact, &contact.clone()), Difference::Equal);
                    prop_assert_eq!(fingerprint(&contact), fingerprint(&contact.clone()));
                    prop_assert!(list_name_matches(&contact.full_name, &contact));
                    let back = from_response(&to_request_body(&contact));
                    prop_assert!(back.is_ok());
                    if let Ok(back) = back {
                        prop_assert_eq!(fingerprint(&back), fingerprint(&contact));
                    }
                }
                Err(errors) => {
                    prop_assert!(!errors.is_empty());
                    for error in errors {
                        prop_assert!(!error.field.is_empty() && !error.message.is_empty());
                    }
                }
            }
        }

        #[test]
        fn plausible_contacts_are_accepted_and_valid(panel in plausible_panel_contact()) {
            let contact = normalize(&panel);
            prop_assert!(contact.is_ok(), "{:?}: {:?}", panel, contact);
            if let Ok(contact) = contact {
                prop_assert!(validate(&contact).is_ok(), "{:?}: {:?}", contact, validate(&contact));
                prop_assert!(contact.phone.starts_with('+') && contact.phone.contains('.'));
                prop_assert!(contact.house_number.starts_with(|ch: char| ch.is_ascii_digit()));
            }
        }

        #[test]
        fn normalising_a_normalised_contact_changes_nothing(
            panel in prop_oneof![
                // International phones: a local number that cannot exist in its
                // country ("0200000000" in the US) is the phone parser's own case.
                plausible_panel_contact().prop_map(|panel| PanelContact {
                    phone: "+31 20 123 4567".into(),
                    fax: String::new(),
                    ..panel
                }),
                table_panel_contact(),
            ]
        ) {
            if let Ok(once) = normalize(&panel) {
                let again = normalize(&shown_by_the_panel(&once));
                prop_assert!(again.is_ok(), "{:?} -> {:?} -> {:?}", panel, once, again);
                if let Ok(again) = again {
                    prop_assert_eq!(odr_fields(&again), odr_fields(&once), "{:?}", panel);
                }
            }
        }

        #[test]
        fn from_response_never_panics(value in json()) {
            if let Ok(contact) = from_response(&value) {
                let _ = validate(&contact);
                let _ = fingerprint(&contact);
                let _ = compare(&contact, &jan_jansen());
                let _ = to_request_body(&contact);
            }
        }

        #[test]
        fn list_name_matching_never_panics(name in text(), full_name in text(), company in text()) {
            let mut contact = jan_jansen();
            contact.full_name = full_name;
            contact.company_name = company;
            let _ = list_name_matches(&name, &contact);
        }
    }
}

#[test]
fn an_odr_contact_reads_back_in_panel_form() {
    let odr = ok(&with(|c| c.language = "en".into()));
    let panel_form = to_panel(&odr);
    assert_eq!(panel_form.first_name, "Jan");
    assert_eq!(panel_form.last_name, "Jansen");
    assert_eq!(
        panel_form.company_name, "",
        "a person (PERSOON) shows no company"
    );
    assert_eq!(panel_form.address1, "Dorpstraat 12");
    assert_eq!(panel_form.postcode, "1234AB");
    assert_eq!(panel_form.phone, "+31.201234567");
    assert_eq!(panel_form.language, "en");
    // And it normalises to the same ODR contact again.
    assert_same(&ok(&panel_form), &odr);
}

#[test]
fn an_organisation_keeps_its_company_in_panel_form() {
    let odr = ok(&with(|c| c.company_name = "Jansen B.V.".into()));
    assert_ne!(odr.legal_form, LEGAL_FORM_PERSON);
    assert_eq!(to_panel(&odr).company_name, "Jansen B.V.");
}
