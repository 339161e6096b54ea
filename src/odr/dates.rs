//! Lenient date parsing for ODR's date fields (docs/odr-api.md §4.4) and the
//! plausibility rules of the expiry sync.
//!
//! Accepted: `YYYY-MM-DD`, `YYYY-MM-DD HH:MM[:SS[.f]]`, ISO 8601 / RFC 3339 with
//! `T`, fractions, `Z` or an offset (`+01:00`, `+0100`). The calendar date is
//! taken as written (no time-zone conversion: ODR's dates are its local dates).
//! `null`, a missing field or an empty string is "no date"; anything else that
//! does not parse, or is not a real calendar date, is an error.

use chrono::{DateTime, Datelike, Months, NaiveDate};
use serde_json::Value;

/// The earliest expiry the sync accepts.
pub const EARLIEST_EXPIRY: (i32, u32, u32) = (2000, 1, 1);

/// Parse one date string.
///
/// The shape is read by hand (chrono's generic format parser would add tens of
/// kilobytes to the component) and chrono checks the calendar: the date part
/// must be a real `NaiveDate`; a time part, when present, must be a well-formed
/// time of day with an optional `Z` or offset.
pub fn parse_date(text: &str) -> Result<NaiveDate, String> {
    let t = text.trim();
    if t.starts_with("0000-00-00") {
        return Err(format!("'{t}' is a zero date"));
    }
    let bytes = t.as_bytes();
    let shaped = bytes.len() >= 10
        && bytes.iter().take(10).enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                *b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    if !shaped {
        return Err(format!("'{t}' is not a date"));
    }
    let number = |range: std::ops::Range<usize>| {
        t.get(range)
            .and_then(|s| s.parse::<u32>().ok())
            .unwrap_or(0)
    };
    let year = i32::try_from(number(0..4)).unwrap_or(0);
    let date = NaiveDate::from_ymd_opt(year, number(5..7), number(8..10))
        .ok_or_else(|| format!("'{t}' is not a real calendar date"))?;
    let rest = t.get(10..).unwrap_or("");
    if rest.is_empty() || valid_time_part(rest) {
        Ok(date)
    } else {
        Err(format!("'{t}' is not a date"))
    }
}

/// Two digits not above `max`.
fn two_digits(chars: &mut std::iter::Peekable<std::str::Chars<'_>>, max: u32) -> bool {
    let a = chars.next().and_then(|c| c.to_digit(10));
    let b = chars.next().and_then(|c| c.to_digit(10));
    matches!((a, b), (Some(a), Some(b)) if a * 10 + b <= max)
}

/// `( |T)HH:MM[:SS[.f+]][ ][Z|±HH[:]MM|±HH]`.
fn valid_time_part(rest: &str) -> bool {
    let mut chars = rest.chars().peekable();
    if !matches!(chars.next(), Some(' ' | 'T' | 't')) {
        return false;
    }
    if !two_digits(&mut chars, 23) || chars.next() != Some(':') || !two_digits(&mut chars, 59) {
        return false;
    }
    if chars.next_if_eq(&':').is_some() {
        if !two_digits(&mut chars, 60) {
            return false;
        }
        if chars.next_if_eq(&'.').is_some() {
            let mut digits = 0;
            while chars.next_if(char::is_ascii_digit).is_some() {
                digits += 1;
            }
            if digits == 0 {
                return false;
            }
        }
    }
    chars.next_if_eq(&' ');
    match chars.next() {
        None => true,
        Some('Z' | 'z') => chars.next().is_none(),
        Some('+' | '-') => {
            if !two_digits(&mut chars, 23) {
                return false;
            }
            chars.next_if_eq(&':');
            chars.peek().is_none() || (two_digits(&mut chars, 59) && chars.next().is_none())
        }
        Some(_) => false,
    }
}

/// A date field: `Ok(None)` for null, missing or empty; `Err` for anything
/// that is not a date.
pub fn parse_date_value(value: Option<&Value>) -> Result<Option<NaiveDate>, String> {
    match value {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
        Some(Value::String(s)) => parse_date(s).map(Some),
        Some(other) => Err(format!("{other} is not a date")),
    }
}

/// The expiry of a domain object: `expiration_at` when present (HF prefers it),
/// else `expiration_date`, else the legacy `domain_expiration_date`.
pub fn expiry_of(object: &Value) -> Result<Option<NaiveDate>, String> {
    let present = |key: &str| object.get(key).filter(|v| !v.is_null());
    let field = present("expiration_at")
        .or_else(|| present("expiration_date"))
        .or_else(|| present("domain_expiration_date"));
    parse_date_value(field)
}

/// Today's calendar date (UTC) from Unix seconds.
pub fn today(now_unix: i64) -> NaiveDate {
    DateTime::from_timestamp(now_unix, 0)
        .map(|d| d.date_naive())
        .unwrap_or(NaiveDate::MIN)
}

/// A date a sync may hand to a panel: not before 2000-01-01 and at most ten
/// years after today.
pub fn check_plausible(date: NaiveDate, today: NaiveDate) -> Result<NaiveDate, String> {
    let (y, m, d) = EARLIEST_EXPIRY;
    let earliest = NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN);
    if date < earliest {
        return Err(format!("{date} is before {earliest}"));
    }
    let latest = today
        .checked_add_months(Months::new(120))
        .unwrap_or(NaiveDate::MAX);
    if date > latest {
        return Err(format!(
            "{date} is more than ten years after today ({today})"
        ));
    }
    Ok(date)
}

/// A panel date (`YYYY-MM-DD`, strictly).
pub fn parse_panel_date(text: &str) -> Result<NaiveDate, String> {
    let t = text.trim();
    if t.len() != 10 {
        return Err(format!("'{t}' is not a YYYY-MM-DD date"));
    }
    parse_date(t).map_err(|_| format!("'{t}' is not a real YYYY-MM-DD date"))
}

/// The date as `YYYY-MM-DD`.
pub fn format_date(date: NaiveDate) -> String {
    format!("{:04}-{:02}-{:02}", date.year(), date.month(), date.day())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn each_format() {
        assert_eq!(parse_date("2017-03-01"), Ok(d(2017, 3, 1)));
        assert_eq!(parse_date("2017-03-01 00:00:00"), Ok(d(2017, 3, 1)));
        assert_eq!(parse_date(" 2017-03-01 23:59:59.123 "), Ok(d(2017, 3, 1)));
        assert_eq!(parse_date("2017-03-01 10:07"), Ok(d(2017, 3, 1)));
        assert_eq!(parse_date("2017-02-02T10:07:52+01:00"), Ok(d(2017, 2, 2)));
        assert_eq!(parse_date("2017-02-02T10:07:52.0Z"), Ok(d(2017, 2, 2)));
        assert_eq!(parse_date("2017-02-02T23:30:00-05:00"), Ok(d(2017, 2, 2)));
        assert_eq!(parse_date("2017-02-02T10:07:52+0100"), Ok(d(2017, 2, 2)));
        assert_eq!(parse_date("2017-02-02T10:07:52"), Ok(d(2017, 2, 2)));
        assert_eq!(parse_date("2017-02-02 10:07:52+01:00"), Ok(d(2017, 2, 2)));
        assert_eq!(parse_date("2017-02-02 10:07:52 +01"), Ok(d(2017, 2, 2)));
        assert_eq!(parse_date("2016-12-31T23:59:60Z"), Ok(d(2016, 12, 31)));
    }

    #[test]
    fn impossible_and_garbage_dates_are_errors() {
        let e = parse_date("2023-02-30").unwrap_err();
        assert!(e.contains("not a real calendar date"), "{e}");
        assert!(parse_date("2023-02-30 00:00:00")
            .unwrap_err()
            .contains("real calendar"));
        assert!(parse_date("0000-00-00 00:00:00")
            .unwrap_err()
            .contains("zero date"));
        assert!(parse_date("2016-02-02 10:07;52").is_err());
        assert!(parse_date("tomorrow").unwrap_err().contains("not a date"));
        assert!(parse_date("01-03-2017").is_err());
        assert!(parse_date("2017-3-1x").is_err());
        assert!(parse_date("2017-03-01 25:00:00").is_err());
        assert!(parse_date("2017-03-01 10:07:52.").is_err());
        assert!(parse_date("2017-03-01T10:07:52+1").is_err());
        assert!(parse_date("2017-03-01T10:07:52Zjunk").is_err());
        assert!(parse_date("2017-03-01x").is_err());
        assert!(parse_date("2017-13-01")
            .unwrap_err()
            .contains("real calendar"));
        assert!(parse_date("\u{e9}\u{e9}\u{e9}\u{e9}-01-01").is_err());
    }

    #[test]
    fn null_missing_and_empty_are_no_date() {
        assert_eq!(parse_date_value(None), Ok(None));
        assert_eq!(parse_date_value(Some(&Value::Null)), Ok(None));
        assert_eq!(parse_date_value(Some(&json!(""))), Ok(None));
        assert!(parse_date_value(Some(&json!(1_500_000_000))).is_err());
        assert!(parse_date_value(Some(&json!({"a": 1}))).is_err());
    }

    #[test]
    fn expiry_prefers_expiration_at() {
        let both = json!({"expiration_date": "2017-03-01 00:00:00", "expiration_at": "2018-03-01"});
        assert_eq!(expiry_of(&both), Ok(Some(d(2018, 3, 1))));
        let date_only = json!({"expiration_date": "2017-03-01 00:00:00", "expiration_at": null});
        assert_eq!(expiry_of(&date_only), Ok(Some(d(2017, 3, 1))));
        let legacy = json!({"domain_expiration_date": "2019-01-02"});
        assert_eq!(expiry_of(&legacy), Ok(Some(d(2019, 1, 2))));
        assert_eq!(expiry_of(&json!({})), Ok(None));
        assert!(expiry_of(&json!({"expiration_date": "2023-02-30"})).is_err());
    }

    #[test]
    fn plausibility_bounds() {
        let today = d(2025, 12, 1);
        assert_eq!(check_plausible(d(2000, 1, 1), today), Ok(d(2000, 1, 1)));
        assert!(check_plausible(d(1999, 12, 31), today).is_err());
        assert!(check_plausible(d(1970, 1, 1), today).is_err());
        assert_eq!(check_plausible(d(2035, 12, 1), today), Ok(d(2035, 12, 1)));
        assert!(check_plausible(d(2035, 12, 2), today)
            .unwrap_err()
            .contains("ten years"));
    }

    #[test]
    fn today_and_formatting() {
        assert_eq!(today(1_764_547_200), d(2025, 12, 1));
        assert_eq!(today(i64::MAX), NaiveDate::MIN);
        assert_eq!(format_date(d(2026, 1, 5)), "2026-01-05");
        assert_eq!(parse_panel_date("2026-01-05"), Ok(d(2026, 1, 5)));
        assert!(parse_panel_date("2026-1-5").is_err());
        assert!(parse_panel_date("2026-02-30").is_err());
    }
}
