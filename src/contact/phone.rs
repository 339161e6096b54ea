//! Phone and fax numbers in ODR's `+CC.NUMBER` form (docs/odr-api.md §4.8, §4.10).

use super::dial_codes::{self, Country, Trunk};

/// Why a number could not be put in `+CC.NUMBER` form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum PhoneError {
    /// The number is written locally, and the country (which gives the dial code)
    /// is missing or unknown. The caller reports the country instead.
    NeedsCountry,
    /// The number itself is wrong; the message says how, for an admin.
    Invalid(String),
}

/// E.164 allows at most 15 digits, calling code included.
const MAX_DIGITS: usize = 15;
/// The shortest national numbers in use (Niue, Tokelau) have 4 digits.
const MIN_NATIONAL_DIGITS: usize = 4;

/// Characters people type between digits; all are dropped. The typographic dashes
/// arrive from word processors and phones' autocorrect.
fn is_separator(ch: char) -> bool {
    ch.is_whitespace() || matches!(ch, '-' | '.' | '(' | ')' | '/' | '\u{2010}'..='\u{2015}')
}

/// Normalise a non-empty phone or fax number as typed into `+CC.NUMBER`.
///
/// - `+CC ...`, `00CC ...`, `011 CC ...` (from a NANP country) and `CC.NUMBER`
///   (ODR's own form without the `+`, only when CC is the country's own code) are
///   international: their calling code is kept, even when it is not the country's.
/// - Anything else is local: the country's calling code is put in front and the
///   country's trunk prefix (`0` in most places) removed.
/// - `(0)` as in `+31 (0)20 ...` is dropped, and so is a `0` typed right after an
///   international code, except after codes whose numbers really start with `0`.
pub(crate) fn normalize(raw: &str, country: Option<&Country>) -> Result<String, PhoneError> {
    let text = raw.trim().replace("(0)", " ");
    let text = text.trim();
    let plus = text.starts_with('+');
    let body = text.strip_prefix('+').unwrap_or(text);
    if let Some(bad) = body
        .chars()
        .find(|&ch| !ch.is_ascii_digit() && !is_separator(ch))
    {
        return Err(PhoneError::Invalid(format!(
            "\"{}\" is not a phone number: it contains \"{bad}\"; use digits only, e.g. +31.201234567",
            raw.trim()
        )));
    }
    let digits: String = body.chars().filter(char::is_ascii_digit).collect();
    if digits.is_empty() {
        return Err(PhoneError::Invalid(format!(
            "\"{}\" is not a phone number: it has no digits",
            raw.trim()
        )));
    }

    let (code, national) = if plus {
        international(raw, &digits)?
    } else if let Some(rest) = digits.strip_prefix("00") {
        international(raw, rest)?
    } else {
        let country = country.ok_or(PhoneError::NeedsCountry)?;
        match digits.strip_prefix("011") {
            // NANP's international access code.
            Some(rest) if country.dial == "1" => international(raw, rest)?,
            _ if written_with_own_code(body, country.dial) => international(raw, &digits)?,
            _ => (country.dial, strip_trunk(&digits, country).to_string()),
        }
    };

    let total = code.len() + national.len();
    if national.len() < MIN_NATIONAL_DIGITS {
        return Err(PhoneError::Invalid(format!(
            "\"{}\" is too short for a phone number",
            raw.trim()
        )));
    }
    if total > MAX_DIGITS {
        return Err(PhoneError::Invalid(format!(
            "\"{}\" is too long for a phone number (at most 15 digits with the country code)",
            raw.trim()
        )));
    }
    Ok(format!("+{code}.{national}"))
}

/// `digits` is an international number (after `+`/`00`): split off its calling code.
fn international<'a>(raw: &str, digits: &'a str) -> Result<(&'static str, String), PhoneError> {
    let Some(code) = dial_codes::dial_code_prefix(digits) else {
        return Err(PhoneError::Invalid(format!(
            "\"{}\" does not start with a known country calling code",
            raw.trim()
        )));
    };
    let national: &'a str = digits.strip_prefix(code).unwrap_or(digits);
    let national = if dial_codes::keeps_leading_zero(code) {
        national
    } else {
        national.strip_prefix('0').unwrap_or(national)
    };
    Ok((code, national.to_string()))
}

/// `31.201234567`: ODR's form with the `+` lost (WHMCS strips it in some
/// places). Taken as international only when the part before the first dot is the
/// country's own code, because a US `212.555.1234` would otherwise go to Morocco.
fn written_with_own_code(body: &str, own_code: &str) -> bool {
    match body.split_once('.') {
        Some((before, _)) => {
            let before: String = before.chars().filter(|ch| !ch.is_whitespace()).collect();
            before == own_code
        }
        None => false,
    }
}

/// Remove the country's trunk prefix from a locally written number.
fn strip_trunk<'a>(digits: &'a str, country: &Country) -> &'a str {
    match dial_codes::trunk(country.iso, country.dial) {
        Trunk::Zero => digits.strip_prefix('0').unwrap_or(digits),
        Trunk::None => digits,
        Trunk::Prefix {
            prefix,
            national_len,
        } => match digits.strip_prefix(prefix) {
            Some(rest) if national_len.is_none_or(|len| rest.len() == len) => rest,
            _ => digits,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn phone(raw: &str, iso: &str) -> Result<String, PhoneError> {
        normalize(raw, dial_codes::country(iso))
    }

    fn ok(raw: &str, iso: &str) -> String {
        match phone(raw, iso) {
            Ok(number) => number,
            Err(error) => panic!("{raw:?} ({iso}) failed: {error:?}"),
        }
    }

    #[test]
    fn netherlands_every_typed_form() {
        for raw in [
            "+31.201234567",
            "+31 20 123 4567",
            "020-1234567",
            "0031201234567",
            "(020) 123 45 67",
            "+31 (0)20 123 4567",
            "+31 020 1234567",
            "31.201234567",
            "  020 123 4567  ",
            "020/1234567",
            "020\u{2013}1234567",
        ] {
            assert_eq!(ok(raw, "NL"), "+31.201234567", "{raw:?}");
        }
        assert_eq!(ok("06-12345678", "NL"), "+31.612345678");
    }

    #[test]
    fn international_code_is_kept_even_when_it_is_not_the_countrys() {
        assert_eq!(ok("+31 20 123 4567", "BE"), "+31.201234567");
        assert_eq!(ok("0049 30 1234567", "NL"), "+49.301234567");
        assert_eq!(ok("+44 20 7946 0958", "US"), "+44.2079460958");
        // The country is not needed for an international number.
        assert_eq!(
            normalize("+31 20 123 4567", None).as_deref(),
            Ok("+31.201234567")
        );
    }

    #[test]
    fn belgium_germany_united_kingdom() {
        assert_eq!(ok("02 123 45 67", "BE"), "+32.21234567");
        assert_eq!(ok("+32 470 12 34 56", "BE"), "+32.470123456");
        assert_eq!(ok("0470/12.34.56", "BE"), "+32.470123456");
        assert_eq!(ok("030 1234567", "DE"), "+49.301234567");
        assert_eq!(ok("+49 (0)30 1234567", "DE"), "+49.301234567");
        assert_eq!(ok("020 7946 0958", "GB"), "+44.2079460958");
        assert_eq!(ok("07700 900123", "GB"), "+44.7700900123");
        assert_eq!(ok("01481 712345", "GG"), "+44.1481712345");
    }

    #[test]
    fn north_america() {
        assert_eq!(ok("(212) 555-1234", "US"), "+1.2125551234");
        assert_eq!(ok("1-212-555-1234", "US"), "+1.2125551234");
        assert_eq!(ok("+1 212 555 1234", "US"), "+1.2125551234");
        assert_eq!(ok("212.555.1234", "US"), "+1.2125551234");
        assert_eq!(ok("1.212.555.1234", "US"), "+1.2125551234");
        assert_eq!(ok("011 31 20 123 4567", "US"), "+31.201234567");
        assert_eq!(ok("416-555-0199", "CA"), "+1.4165550199");
        assert_eq!(ok("+1 (416) 555-0199", "CA"), "+1.4165550199");
        assert_eq!(ok("876 555 0100", "JM"), "+1.8765550100");
    }

    #[test]
    fn russia_and_kazakhstan_share_plus_seven() {
        assert_eq!(ok("8 (495) 123-45-67", "RU"), "+7.4951234567");
        assert_eq!(ok("+7 495 123 45 67", "RU"), "+7.4951234567");
        // St Petersburg's area code starts with 8: a 10-digit number keeps it.
        assert_eq!(ok("812 123 4567", "RU"), "+7.8121234567");
        assert_eq!(ok("8 812 123 4567", "RU"), "+7.8121234567");
        assert_eq!(ok("8 727 123 4567", "KZ"), "+7.7271234567");
        assert_eq!(ok("+7 727 123 4567", "KZ"), "+7.7271234567");
    }

    #[test]
    fn curacao_hong_kong_italy_hungary_belarus() {
        assert_eq!(ok("9 461 2345", "CW"), "+599.94612345");
        assert_eq!(ok("+599 9 461 2345", "CW"), "+599.94612345");
        assert_eq!(ok("2123 4567", "HK"), "+852.21234567");
        assert_eq!(ok("+852 2123 4567", "HK"), "+852.21234567");
        // Italian numbers keep their 0, also after +39.
        assert_eq!(ok("06 1234 5678", "IT"), "+39.0612345678");
        assert_eq!(ok("+39 06 1234 5678", "IT"), "+39.0612345678");
        assert_eq!(ok("06 1 234 5678", "HU"), "+36.12345678");
        assert_eq!(ok("8 017 123 45 67", "BY"), "+375.171234567");
    }

    #[test]
    fn local_number_without_a_country_needs_one() {
        assert_eq!(phone("020-1234567", "XX"), Err(PhoneError::NeedsCountry));
        assert_eq!(
            normalize("020-1234567", None),
            Err(PhoneError::NeedsCountry)
        );
    }

    #[test]
    fn wrong_numbers_are_refused_with_a_reason() {
        for raw in [
            "020-CALL-NOW",
            "+999 123 4567",
            "123",
            "---",
            "+",
            "+31 20 123 4567 ext 12",
            "++31201234567",
            "1234567890123456789",
        ] {
            match phone(raw, "NL") {
                Err(PhoneError::Invalid(message)) => assert!(!message.is_empty()),
                other => panic!("{raw:?}: expected an error, got {other:?}"),
            }
        }
    }
}
