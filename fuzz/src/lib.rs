//! Input formats and invariant checks shared by the fuzz targets.
//!
//! The formats are plain text on purpose: the seed corpus (`fuzz/corpus/<target>/`)
//! is written by hand from the payloads in docs/odr-api.md, and libFuzzer's byte
//! mutations of readable text stay close to what ODR and a panel really send.
//!
//! - [`http_response`]: an HTTP response as it arrives on the wire,
//!   `<status line>\n<Name: value>\n...\n\n<body bytes>`.
//! - [`panel_contact`]: the fourteen fields of the WIT `panel-contact`, one per
//!   line, in the record's order.

use chrono::{Datelike, NaiveDate};
use odr_registrar::contact::PanelContact;

/// A response split into what `envelope::classify` takes.
#[derive(Debug)]
pub struct Response<'a> {
    /// The HTTP status: the first token of the status line that reads as a u16
    /// (`200`, `HTTP/1.1 429 Too Many Requests`), 200 when there is none.
    pub status: u16,
    /// `Name: value` lines up to the first empty line (a line without a colon is a
    /// name with an empty value). Lossy UTF-8, as the host hands them over.
    pub headers: Vec<(String, String)>,
    /// Everything after the empty line, untouched.
    pub body: &'a [u8],
}

/// Split `data` into status, headers and body (see [`Response`]).
pub fn http_response(data: &[u8]) -> Response<'_> {
    let (status_line, mut rest) = split_line(data);
    let status = String::from_utf8_lossy(status_line)
        .split_whitespace()
        .find_map(|token| token.parse::<u16>().ok())
        .unwrap_or(200);
    let mut headers = Vec::new();
    while !rest.is_empty() {
        let (line, after) = split_line(rest);
        rest = after;
        if line.is_empty() {
            break;
        }
        let line = String::from_utf8_lossy(line);
        let (name, value) = line.split_once(':').unwrap_or((&line, ""));
        headers.push((name.trim().to_string(), value.trim_start().to_string()));
    }
    Response {
        status,
        headers,
        body: rest,
    }
}

/// The line before the first `\n` (without a trailing `\r`), and what follows it.
fn split_line(data: &[u8]) -> (&[u8], &[u8]) {
    let (line, rest) = match data.iter().position(|&b| b == b'\n') {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (data, &data[data.len()..]),
    };
    (line.strip_suffix(b"\r").unwrap_or(line), rest)
}

/// The WIT field names of `panel-contact`, in the record's (and the input's) order.
pub const PANEL_FIELDS: [&str; 14] = [
    "first-name",
    "last-name",
    "company-name",
    "email",
    "address1",
    "address2",
    "city",
    "state",
    "postcode",
    "country",
    "phone",
    "fax",
    "vat-number",
    "language",
];

/// A panel contact from up to fourteen `\n`-separated fields (lossy UTF-8;
/// missing fields are empty, a fifteenth line and beyond is ignored).
pub fn panel_contact(data: &[u8]) -> PanelContact {
    let text = String::from_utf8_lossy(data);
    let mut lines = text.split('\n').map(str::to_string);
    let mut next = || lines.next().unwrap_or_default();
    PanelContact {
        first_name: next(),
        last_name: next(),
        company_name: next(),
        email: next(),
        address1: next(),
        address2: next(),
        city: next(),
        state: next(),
        postcode: next(),
        country: next(),
        phone: next(),
        fax: next(),
        vat_number: next(),
        language: next(),
    }
}

/// The date string an expiry was read from: `expiration_at`, else
/// `expiration_date`, else `domain_expiration_date` (nulls skipped), as
/// `dates::expiry_of` picks it.
pub fn expiry_text(object: &serde_json::Value) -> Option<&str> {
    ["expiration_at", "expiration_date", "domain_expiration_date"]
        .iter()
        .find_map(|k| object.get(*k).filter(|v| !v.is_null()))
        .and_then(serde_json::Value::as_str)
}

/// `+\d+\.\d+`: ODR's phone form.
pub fn is_odr_phone_shape(text: &str) -> bool {
    let Some((code, number)) = text.strip_prefix('+').and_then(|r| r.split_once('.')) else {
        return false;
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    digits(code) && digits(number)
}

/// A parsed date is the calendar date written at the start of `text`: four-digit
/// year (0000-9999), month 1-12, a day that exists in that month.
pub fn assert_date_as_written(date: NaiveDate, text: &str) {
    let t = text.trim();
    let (y, m, d) = (date.year(), date.month(), date.day());
    assert!((0..=9999).contains(&y), "year {y} out of range for {t:?}");
    assert!((1..=12).contains(&m), "month {m} for {t:?}");
    assert_eq!(
        NaiveDate::from_ymd_opt(y, m, d),
        Some(date),
        "not a real date: {t:?}"
    );
    let written = format!("{y:04}-{m:02}-{d:02}");
    assert!(
        t.starts_with(&written),
        "{t:?} parsed as {written}, which is not what it starts with"
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn responses_split() {
        let r = http_response(b"HTTP/1.1 429 Too Many\r\nRetry-After: 5\r\nX-A\r\n\r\n{\"a\":1}\n");
        assert_eq!(r.status, 429);
        assert_eq!(
            r.headers,
            vec![
                ("Retry-After".to_string(), "5".to_string()),
                ("X-A".to_string(), String::new())
            ]
        );
        assert_eq!(r.body, b"{\"a\":1}\n");
        let r = http_response(b"nonsense");
        assert_eq!((r.status, r.headers.len(), r.body.len()), (200, 0, 0));
    }

    #[test]
    fn contacts_split() {
        let c = panel_contact(b"Jan\nJansen\n\njan@example.nl");
        assert_eq!(c.first_name, "Jan");
        assert_eq!(c.email, "jan@example.nl");
        assert_eq!(c.language, "");
    }

    #[test]
    fn phone_shape() {
        assert!(is_odr_phone_shape("+31.201234567"));
        assert!(!is_odr_phone_shape("+31.20 1234567"));
        assert!(!is_odr_phone_shape("31.201234567"));
        assert!(!is_odr_phone_shape("+.1"));
    }
}
