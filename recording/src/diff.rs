//! Differences, readable: between two JSON values, between a recorded request and
//! an observed one, and between expected and actual `state`.

use crate::format::RecordedRequest;
use crate::redact::Observed;
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;

/// Paths and differences between two JSON values (`expected` vs `actual`).
pub fn json_diff(expected: &Value, actual: &Value, path: &str, out: &mut Vec<String>) {
    let here = if path.is_empty() { "(root)" } else { path };
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => {
            for (key, ev) in e {
                let sub = join_path(path, key);
                match a.get(key) {
                    Some(av) => json_diff(ev, av, &sub, out),
                    None => out.push(format!("{sub}: missing (expected {})", compact(ev))),
                }
            }
            for (key, av) in a {
                if !e.contains_key(key) {
                    out.push(format!(
                        "{}: unexpected (got {})",
                        join_path(path, key),
                        compact(av)
                    ));
                }
            }
        }
        (Value::Array(e), Value::Array(a)) if e.len() == a.len() => {
            for (i, (ev, av)) in e.iter().zip(a).enumerate() {
                json_diff(ev, av, &format!("{path}[{i}]"), out);
            }
        }
        (Value::Array(e), Value::Array(a)) => out.push(format!(
            "{here}: expected {} items, got {}: expected {}, got {}",
            e.len(),
            a.len(),
            compact(expected),
            compact(actual)
        )),
        _ if expected == actual => {}
        (Value::String(e), Value::String(a))
            if e.chars().count() > 60 || a.chars().count() > 60 =>
        {
            let at = e.chars().zip(a.chars()).take_while(|(x, y)| x == y).count();
            let excerpt =
                |s: &str| -> String { s.chars().skip(at.saturating_sub(15)).take(50).collect() };
            out.push(format!(
                "{here}: strings differ at character {at} (expected {} characters, got {}): \
                 expected …{:?}, got …{:?}",
                e.chars().count(),
                a.chars().count(),
                excerpt(e),
                excerpt(a)
            ));
        }
        // 1 and 1.0 are the same JSON number to ODR and to us.
        (Value::Number(e), Value::Number(a)) if e.as_f64() == a.as_f64() => {}
        _ => out.push(format!(
            "{here}: expected {}, got {}",
            compact(expected),
            compact(actual)
        )),
    }
}

fn join_path(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

/// `value` on one line, long strings shortened.
pub fn compact(value: &Value) -> String {
    let text = value.to_string();
    if text.chars().count() > 200 {
        let head: String = text.chars().take(200).collect();
        format!("{head}…")
    } else {
        text
    }
}

/// `value` as indented JSON.
pub fn pretty(value: &impl Serialize) -> String {
    serde_json::to_string_pretty(value).unwrap_or_else(|e| format!("<unprintable: {e}>"))
}

/// The differences between a recorded request and an observed one (empty: equal).
pub fn request_diff(expected: &RecordedRequest, observed: &Observed) -> Vec<String> {
    let actual = &observed.request;
    let mut lines = Vec::new();
    if !expected.method.eq_ignore_ascii_case(&actual.method) {
        lines.push(format!(
            "method: expected {}, got {}",
            expected.method, actual.method
        ));
    }
    if expected.path != actual.path {
        lines.push(format!(
            "path: expected {:?}, got {:?}",
            expected.path, actual.path
        ));
    }
    if expected.query != actual.query {
        lines.push(format!(
            "query: expected {:?}, got {:?}",
            expected.query, actual.query
        ));
    }
    for (name, value) in &expected.headers {
        match observed.all_headers.get(&name.to_ascii_lowercase()) {
            Some(got) if got == value => {}
            Some(got) => lines.push(format!("header {name}: expected {value:?}, got {got:?}")),
            None => lines.push(format!("header {name}: expected {value:?}, got none")),
        }
    }
    match (&expected.body_text, &actual.body_text) {
        (None, None) => json_diff(&expected.body, &actual.body, "body", &mut lines),
        (Some(e), Some(a)) if e == a => {}
        (e, a) => lines.push(format!(
            "body: expected {}, got {}",
            e.clone().unwrap_or_else(|| compact(&expected.body)),
            a.clone().unwrap_or_else(|| compact(&actual.body)),
        )),
    }
    if !lines.is_empty() {
        lines.extend(observed.notes.iter().map(|n| format!("note: {n}")));
    }
    lines
}

/// `text` indented by four spaces, for reports.
pub fn indent(text: &str) -> String {
    text.lines()
        .map(|line| format!("    {line}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Equal strings, or equal JSON documents (key order does not matter).
fn same_state_value(want: Option<&str>, got: Option<&str>) -> bool {
    match (want, got) {
        (None, None) => true,
        (Some(want), Some(got)) if want == got => true,
        (Some(want), Some(got)) => {
            match (
                serde_json::from_str::<Value>(want),
                serde_json::from_str::<Value>(got),
            ) {
                (Ok(want), Ok(got)) => want == got,
                _ => false,
            }
        }
        _ => false,
    }
}

/// Check `expected` state values (`None` = absent) against `lookup`, one failure
/// line per difference, each starting with `when`.
pub fn check_state(
    lookup: impl Fn(&str) -> Option<String>,
    expected: &BTreeMap<String, Option<String>>,
    when: &str,
    failures: &mut Vec<String>,
) {
    for (key, want) in expected {
        let got = lookup(key);
        if !same_state_value(want.as_deref(), got.as_deref()) {
            failures.push(format!(
                "{when}: state {key:?}: expected {}, got {}",
                want.as_deref()
                    .map(|v| format!("{v:?}"))
                    .unwrap_or_else(|| "absent".into()),
                got.as_deref()
                    .map(|v| format!("{v:?}"))
                    .unwrap_or_else(|| "absent".into()),
            ));
        }
    }
}
