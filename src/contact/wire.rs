//! ODR's JSON form of a contact (docs/odr-api.md §4.8, §5.18-5.20).

use serde_json::{Map, Value};

use super::{odr_fields, OdrContact};

/// JSON body for POST /contact/ and PUT /contact/{id}/ (docs/odr-api.md §5.19: all the writable fields incl. the company_* duplicates, fax "" when empty, state, company_vatin when set).
///
/// Every ODR module duplicates the personal address into the `company_*` fields,
/// so this does too. `type` (a role hint only HostFact's module sends) is left
/// out: a contact here may serve several roles.
pub fn to_request_body(c: &OdrContact) -> Value {
    let mut body = Map::new();
    for (name, value) in odr_fields(c) {
        // company_vatin only when set: ODR reads an empty string as a VAT number.
        if name == "company_vatin" && value.is_empty() {
            continue;
        }
        body.insert(name.to_string(), Value::from(value));
    }
    for (company_field, value) in [
        ("company_email", &c.email),
        ("company_phone", &c.phone),
        ("company_fax", &c.fax),
        ("company_street", &c.street),
        ("company_house_number", &c.house_number),
        ("company_postal_code", &c.postal_code),
        ("company_city", &c.city),
    ] {
        body.insert(company_field.to_string(), Value::from(value.as_str()));
    }
    Value::Object(body)
}

/// Keys of which at least one must be present for an object to be a contact.
const CONTACT_KEYS: &[&str] = &[
    "first_name",
    "last_name",
    "full_name",
    "company_name",
    "email",
];

/// Parse ODR's GET /contact/{id}/ payload (the envelope's `response`): flat object, or legacy nested under `contact`; ids/numbers as strings or ints; nulls as empty. Never panics; Err(message) when it is not a contact object.
///
/// A missing personal address field falls back to its `company_*` duplicate
/// (ODR keeps both and some contacts only have one filled). Strings are trimmed;
/// other values are kept as ODR sent them, normalising is [`super::compare`]'s job.
pub fn from_response(v: &Value) -> Result<OdrContact, String> {
    let Some(top) = v.as_object() else {
        return Err(format!("expected a contact object, got {}", kind(v)));
    };
    let object = if is_contact(top) {
        top
    } else {
        // Legacy API generation: {"contact": {...}} (docs/odr-api.md §9 row 8).
        match top.get("contact").and_then(Value::as_object) {
            Some(nested) if is_contact(nested) => nested,
            _ => {
                return Err(
                    "expected a contact object, got an object without contact fields \
                     (first_name, last_name, company_name, email)"
                        .to_string(),
                )
            }
        }
    };

    let field = |names: &[&str]| -> String {
        names
            .iter()
            .map(|name| text(object.get(*name)))
            .find(|value| !value.is_empty())
            .unwrap_or_default()
    };
    Ok(OdrContact {
        first_name: field(&["first_name"]),
        middle_name: field(&["middle_name"]),
        last_name: field(&["last_name"]),
        full_name: field(&["full_name"]),
        initials: field(&["initials"]),
        gender: field(&["gender"]),
        language: field(&["language"]),
        email: field(&["email", "company_email"]),
        phone: field(&["phone", "company_phone"]),
        fax: field(&["fax", "company_fax"]),
        street: field(&["street", "company_street"]),
        house_number: field(&["house_number", "company_house_number"]),
        postal_code: field(&["postal_code", "company_postal_code"]),
        city: field(&["city", "company_city"]),
        state: field(&["state"]),
        country: field(&["country"]),
        legal_form: field(&["organization_legal_form", "legal_form"]),
        company_name: field(&["company_name"]),
        vat_number: field(&["company_vatin", "vat_number"]),
    })
}

fn is_contact(object: &Map<String, Value>) -> bool {
    CONTACT_KEYS.iter().any(|key| object.contains_key(*key))
}

/// A scalar as text: strings trimmed, numbers written plainly (`12`, not `12.0`),
/// everything else (null, booleans, arrays, objects) empty.
fn text(value: Option<&Value>) -> String {
    match value {
        Some(Value::String(s)) => s.trim().to_string(),
        Some(Value::Number(n)) => {
            if let Some(i) = n.as_i64() {
                i.to_string()
            } else if let Some(u) = n.as_u64() {
                u.to_string()
            } else {
                match n.as_f64() {
                    // Whole floats (a house number sent as 12.0) read as integers;
                    // below 2^53 the conversion is exact. Written as `{f:.0}` would
                    // write it (-0.0 as "-0") without Rust's float formatting, which
                    // is about 20 KB of the component.
                    Some(f) if f.fract() == 0.0 && f.abs() < 9_007_199_254_740_992.0 => {
                        let whole = f as i64;
                        if whole == 0 && f.is_sign_negative() {
                            "-0".to_string()
                        } else {
                            whole.to_string()
                        }
                    }
                    _ => n.to_string(),
                }
            }
        }
        _ => String::new(),
    }
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tests::contact_fixtures::{assert_same, jan_jansen};
    use serde_json::json;

    /// ODR's own canned GET /contact/{id}/ response (docs/odr-api.md §5.18).
    fn mock() -> Value {
        json!({"id": 1234, "first_name": "Jan", "middle_name": "", "last_name": "Jansen",
            "full_name": "Jan Jansen", "initials": "J", "gender": "MALE", "language": "NL",
            "email": "jan@example.nl", "phone": "+31.201234567", "fax": null,
            "street": "Dorpstraat", "house_number": "12", "address": "Dorpstraat, 12",
            "postal_code": "1234AB", "city": "Amsterdam", "state": "Noord-Holland", "country": "NL",
            "organization_legal_form": "PERSOON",
            "company_name": "Jan Jansen", "company_email": "jan@example.nl", "company_phone": "+31.201234567",
            "company_street": "Dorpstraat", "company_house_number": "12", "company_address": "Dorpstraat, 12",
            "company_postal_code": "1234AB", "company_city": "Amsterdam", "company_vatin": null,
            "created": "2016-02-02 10:07:52", "updated": "2016-02-02 10:07:52"})
    }

    #[test]
    fn reads_the_mock() {
        let contact = from_response(&mock()).expect("the mock is a contact");
        assert_eq!(contact.first_name, "Jan");
        assert_eq!(contact.last_name, "Jansen");
        assert_eq!(contact.gender, "MALE");
        assert_eq!(contact.phone, "+31.201234567");
        assert_eq!(contact.fax, "");
        assert_eq!(contact.street, "Dorpstraat");
        assert_eq!(contact.house_number, "12");
        assert_eq!(contact.postal_code, "1234AB");
        assert_eq!(contact.state, "Noord-Holland");
        assert_eq!(contact.legal_form, "PERSOON");
        assert_eq!(contact.company_name, "Jan Jansen");
        assert_eq!(contact.vat_number, "");
        assert!(crate::contact::validate(&contact).is_ok());
    }

    #[test]
    fn reads_the_legacy_nested_form_and_numbers() {
        let mut inner = mock();
        if let Some(object) = inner.as_object_mut() {
            object.insert("house_number".into(), json!(12));
            object.insert("postal_code".into(), json!(" 1234AB "));
            object.insert("street".into(), Value::Null);
        }
        let contact = from_response(&json!({"contact": inner})).expect("nested contact");
        assert_eq!(contact.first_name, "Jan");
        assert_eq!(contact.house_number, "12");
        assert_eq!(contact.postal_code, "1234AB");
        // street null: the company duplicate fills in.
        assert_eq!(contact.street, "Dorpstraat");
        let floats = from_response(&json!({"first_name": "A", "house_number": 12.0, "phone": 3.5}))
            .expect("contact");
        assert_eq!(floats.house_number, "12");
        assert_eq!(floats.phone, "3.5");
    }

    #[test]
    fn whole_floats_read_as_format_would_write_them() {
        for f in [
            0.0,
            -0.0,
            1.0,
            -1.0,
            12.0,
            1e15,
            -4_503_599_627_370_497.0,
            9_007_199_254_740_991.0,
        ] {
            let contact =
                from_response(&json!({"first_name": "A", "house_number": f})).expect("contact");
            assert_eq!(contact.house_number, format!("{f:.0}"), "{f:?}");
        }
    }

    #[test]
    fn garbage_is_an_error() {
        for value in [
            Value::Null,
            json!(42),
            json!(-1.5),
            json!("Jan Jansen"),
            json!(true),
            json!([]),
            json!([mock()]),
            json!({}),
            json!({"id": 1234}),
            json!({"contact": null}),
            json!({"contact": [1, 2]}),
            json!({"contact": {"id": 1}}),
            json!({"message": "Forced error", "data": []}),
        ] {
            assert!(from_response(&value).is_err(), "{value}");
        }
    }

    #[test]
    fn wrong_types_inside_a_contact_read_as_empty() {
        let contact = from_response(&json!({
            "first_name": ["Jan"], "last_name": {"x": 1}, "email": true, "phone": null
        }))
        .expect("still a contact object");
        assert_eq!(contact.first_name, "");
        assert_eq!(contact.last_name, "");
        assert_eq!(contact.email, "");
        assert!(crate::contact::validate(&contact).is_err());
    }

    #[test]
    fn request_body_has_every_writable_field() {
        let contact = jan_jansen();
        let body = to_request_body(&contact);
        let expected = json!({"first_name": "Jan", "middle_name": "", "last_name": "Jansen",
            "full_name": "Jan Jansen", "initials": "J", "gender": "NA", "language": "NL",
            "email": "jan@example.nl", "phone": "+31.201234567", "fax": "",
            "street": "Dorpstraat", "house_number": "12", "postal_code": "1234AB",
            "city": "Amsterdam", "state": "Noord-Holland", "country": "NL",
            "organization_legal_form": "PERSOON", "company_name": "Jan Jansen",
            "company_email": "jan@example.nl", "company_phone": "+31.201234567", "company_fax": "",
            "company_street": "Dorpstraat", "company_house_number": "12",
            "company_postal_code": "1234AB", "company_city": "Amsterdam"});
        assert_eq!(body, expected);

        let mut company = contact.clone();
        company.vat_number = "NL123456789B01".into();
        assert_eq!(
            to_request_body(&company).get("company_vatin"),
            Some(&json!("NL123456789B01"))
        );
    }

    #[test]
    fn request_body_reads_back_unchanged() {
        let mut contact = jan_jansen();
        contact.vat_number = "NL123456789B01".into();
        contact.fax = "+31.201234568".into();
        let back = from_response(&to_request_body(&contact)).expect("round trip");
        assert_same(&back, &contact);
    }
}
