//! Lenient date parsing (docs/odr-api.md §4.4) on arbitrary strings (input: the bytes as
//! lossy UTF-8).
//!
//! Invariants: never panics; a parsed date is a real calendar date (year
//! 0000-9999) and is exactly the `YYYY-MM-DD` the text starts with, and
//! `format_date` gives that back; `parse_panel_date` accepts only exactly that
//! (ten characters) and agrees with `parse_date`; `parse_date_value` on the text
//! as a JSON string agrees with `parse_date` (blank = no date); a date that
//! passes `check_plausible` lies between 2000-01-01 and today + 10 years, for a
//! few "today"s including the extremes of `today`.
#![no_main]

use chrono::{Months, NaiveDate};
use libfuzzer_sys::fuzz_target;
use odr_registrar::odr::dates;
use serde_json::Value;

const NOWS: [i64; 6] = [
    0,
    1_700_000_000,
    4_102_444_800,
    -62_000_000_000,
    i64::MIN,
    i64::MAX,
];

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let parsed = dates::parse_date(&text);
    match &parsed {
        Ok(date) => {
            odr_registrar_fuzz::assert_date_as_written(*date, &text);
            assert_eq!(dates::format_date(*date), text.trim()[..10]);
        }
        Err(message) => assert!(!message.is_empty()),
    }

    match dates::parse_panel_date(&text) {
        Ok(date) => {
            assert_eq!(parsed.as_ref(), Ok(&date));
            assert_eq!(dates::format_date(date), text.trim());
        }
        Err(_) => assert!(parsed.is_err() || text.trim().len() != 10),
    }

    let value = Value::String(text.to_string());
    match dates::parse_date_value(Some(&value)) {
        Ok(None) => assert!(text.trim().is_empty()),
        Ok(Some(date)) => assert_eq!(parsed, Ok(date)),
        Err(_) => assert!(parsed.is_err() && !text.trim().is_empty()),
    }

    if let Ok(date) = parsed {
        let earliest = NaiveDate::from_ymd_opt(2000, 1, 1).unwrap();
        for now in NOWS {
            let today = dates::today(now);
            if let Ok(ok) = dates::check_plausible(date, today) {
                assert_eq!(ok, date);
                assert!(date >= earliest);
                let latest = today
                    .checked_add_months(Months::new(120))
                    .unwrap_or(NaiveDate::MAX);
                assert!(date <= latest, "{date} accepted with today {today}");
            }
        }
    }
});
