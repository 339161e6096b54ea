//! The address table (`tests/data/addresses.txt`) through the component
//! boundary: each row goes into the built component's `normalize-contact` export
//! as a panel contact, and the ODR contact that comes back must carry the
//! expected street and house number, or the call must fail with `invalid-input`
//! naming the panel field to fix. The same table runs in the component's native
//! unit tests (`src/contact/address.rs`).

use odr_host::CallOutcome;
use odr_replay_tests::{workspace_root, Harness, ScriptedTransport};
use serde_json::{json, Value};

/// One row: where it is, what goes in and what must come out.
struct Row {
    line: usize,
    country: String,
    address1: String,
    address2: String,
    /// `Ok((street, house_number))` or `Err(field to fix)`.
    expected: Result<(String, String), String>,
}

fn rows() -> Vec<Row> {
    let path = workspace_root().join("tests/data/addresses.txt");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty() && !line.starts_with('#'))
        .map(|(index, line)| {
            let cells: Vec<&str> = line.split('|').map(str::trim).collect();
            assert_eq!(cells.len(), 7, "line {}: 7 cells expected", index + 1);
            let expected = if cells[3] == "!" {
                Err(cells[4].to_string())
            } else {
                Ok((cells[3].to_string(), cells[6].to_string()))
            };
            Row {
                line: index + 1,
                country: cells[0].to_string(),
                address1: cells[1].to_string(),
                address2: cells[2].to_string(),
                expected,
            }
        })
        .collect()
}

/// A postcode of the right form for each country of the table.
fn postcode(country: &str) -> &'static str {
    match country {
        "NL" => "1234 AB",
        "BE" | "LU" | "AT" | "CH" | "DK" => "1000",
        "DE" | "FR" | "ES" | "IT" | "MC" => "10115",
        "GB" => "SW1A 2AA",
        "IE" => "D02 X285",
        "US" => "94105",
        "CA" => "K1A 0B1",
        "PT" => "1000-001",
        "PL" => "00-950",
        "SE" => "114 55",
        _ => "12345",
    }
}

fn panel_contact(row: &Row) -> Value {
    json!({
        "first-name": "Jan", "last-name": "Jansen", "company-name": "",
        "email": "jan@example.nl", "address1": row.address1, "address2": row.address2,
        "city": "Stad", "state": "", "postcode": postcode(&row.country),
        "country": row.country, "phone": "+31.201234567", "fax": "", "vat-number": "",
        "language": ""
    })
}

/// What the component answered, in the table's terms.
fn outcome(
    row: &Row,
    harness: &Harness,
    transport: &ScriptedTransport,
) -> Result<(String, String), String> {
    let args = json!({ "contact": panel_contact(row) });
    match harness.call(transport, "normalize-contact", &args) {
        Ok(CallOutcome::Ok(contact)) => Ok((
            contact["street"].as_str().unwrap_or("<none>").to_string(),
            contact["house-number"]
                .as_str()
                .unwrap_or("<none>")
                .to_string(),
        )),
        Ok(CallOutcome::Err(error)) => {
            let fields = error["invalid-input"]["fields"]
                .as_array()
                .cloned()
                .unwrap_or_default();
            // Only the address may be wrong: the rest of the contact is valid.
            match fields.as_slice() {
                [only] => Err(only["field"]
                    .as_str()
                    .and_then(|field| field.strip_prefix("panel."))
                    .unwrap_or("<unnamed>")
                    .to_string()),
                _ => Err(format!("<not one field error: {error}>")),
            }
        }
        Err(host) => Err(format!("<host error: {host}>")),
    }
}

#[test]
fn every_row_through_normalize_contact() {
    let rows = rows();
    assert!(rows.len() >= 150, "only {} rows", rows.len());
    let harness = Harness::new();
    let transport = ScriptedTransport::not_found();
    let failures: Vec<String> = rows
        .iter()
        .filter_map(|row| {
            let got = outcome(row, &harness, &transport);
            (got != row.expected).then(|| {
                format!(
                    "line {}: {} {:?} / {:?}: expected {:?}, got {:?}",
                    row.line, row.country, row.address1, row.address2, row.expected, got
                )
            })
        })
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(
        transport.seen().is_empty(),
        "normalize-contact made a request"
    );
}

#[test]
fn a_refused_address_says_what_to_type() {
    let harness = Harness::new();
    let row = Row {
        line: 0,
        country: "GB".into(),
        address1: "Flat 3".into(),
        address2: "".into(),
        expected: Err("address1".into()),
    };
    let args = json!({ "contact": panel_contact(&row) });
    let Ok(CallOutcome::Err(error)) =
        harness.call(&ScriptedTransport::not_found(), "normalize-contact", &args)
    else {
        panic!("\"Flat 3\" was accepted");
    };
    let message = error["invalid-input"]["fields"][0]["message"]
        .as_str()
        .unwrap_or_default();
    assert_eq!(
        message,
        "no house number found in \"Flat 3\"; enter the street and house number, e.g. \"Flat 3, 22 Baker Street\""
    );
}
