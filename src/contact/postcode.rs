//! Postcodes per country: the form sent to ODR, and a check against the
//! country's pattern (see docs/contacts.md).
//!
//! Dutch postcodes go as ODR's own clients send them, upper case without the
//! space ("1234AB", docs/odr-api.md §4.8). Every other country's postcode goes in its
//! canonical national form ("SW1A 2AA", "K1A 0B1", "1000-001", "00-950"): ODR
//! passes contacts on to registries, which check postcodes in that form.

/// One country's postcode forms. In a pattern `9` is a digit, `A` a letter, `X`
/// a letter or digit; a space or `-` is written as shown.
struct Format {
    country: &'static str,
    patterns: &'static [&'static str],
    /// Shown in the error message.
    example: &'static str,
    /// Old international prefixes typed before the code ("B-1000", "L-1234").
    prefixes: &'static [&'static str],
}

const GB_PATTERNS: &[&str] = &[
    "A9 9AA", "A99 9AA", "AA9 9AA", "AA99 9AA", "A9A 9AA", "AA9A 9AA",
];

/// The countries whose postcodes are checked; others are sent upper case with
/// spaces collapsed, unchecked.
const FORMATS: &[Format] = &[
    Format {
        country: "NL",
        patterns: &["9999AA"],
        example: "1234 AB",
        prefixes: &["NL"],
    },
    Format {
        country: "BE",
        patterns: &["9999"],
        example: "1000",
        prefixes: &["B", "BE"],
    },
    Format {
        country: "LU",
        patterns: &["9999"],
        example: "1234",
        prefixes: &["L", "LU"],
    },
    Format {
        country: "DE",
        patterns: &["99999"],
        example: "10115",
        prefixes: &["D", "DE"],
    },
    Format {
        country: "FR",
        patterns: &["99999"],
        example: "75001",
        prefixes: &["F", "FR"],
    },
    Format {
        country: "AT",
        patterns: &["9999"],
        example: "1010",
        prefixes: &["A", "AT"],
    },
    Format {
        country: "CH",
        patterns: &["9999"],
        example: "8001",
        prefixes: &["CH"],
    },
    Format {
        country: "DK",
        patterns: &["9999"],
        example: "2100",
        prefixes: &["DK"],
    },
    Format {
        country: "NO",
        patterns: &["9999"],
        example: "0150",
        prefixes: &["N", "NO"],
    },
    Format {
        country: "SE",
        patterns: &["999 99"],
        example: "114 55",
        prefixes: &["S", "SE"],
    },
    Format {
        country: "FI",
        patterns: &["99999"],
        example: "00100",
        prefixes: &["FI"],
    },
    Format {
        country: "ES",
        patterns: &["99999"],
        example: "28013",
        prefixes: &["E", "ES"],
    },
    Format {
        country: "IT",
        patterns: &["99999"],
        example: "00184",
        prefixes: &["I", "IT"],
    },
    Format {
        country: "PT",
        patterns: &["9999-999"],
        example: "1000-001",
        prefixes: &["P", "PT"],
    },
    Format {
        country: "PL",
        patterns: &["99-999"],
        example: "00-950",
        prefixes: &["PL"],
    },
    Format {
        country: "CZ",
        patterns: &["999 99"],
        example: "110 00",
        prefixes: &["CZ"],
    },
    Format {
        country: "SK",
        patterns: &["999 99"],
        example: "811 01",
        prefixes: &["SK"],
    },
    Format {
        country: "GB",
        patterns: GB_PATTERNS,
        example: "SW1A 2AA",
        prefixes: &[],
    },
    Format {
        country: "IE",
        patterns: &["A9X XXXX"],
        example: "D02 X285",
        prefixes: &[],
    },
    Format {
        country: "US",
        patterns: &["99999", "99999-9999"],
        example: "94105",
        prefixes: &[],
    },
    Format {
        country: "CA",
        patterns: &["A9A 9A9"],
        example: "K1A 0B1",
        prefixes: &[],
    },
    Format {
        country: "AU",
        patterns: &["9999"],
        example: "2000",
        prefixes: &[],
    },
];

/// Why a postcode was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum PostcodeError {
    /// Nothing typed.
    Empty,
    /// It does not fit the country's pattern; an example of one that does.
    Invalid { example: &'static str },
}

/// A postcode as typed -> the form sent to ODR for `country` (ISO code, upper case).
pub(crate) fn normalize(typed: &str, country: &str) -> Result<String, PostcodeError> {
    let upper = super::clean(typed).to_uppercase();
    if upper.is_empty() {
        return Err(PostcodeError::Empty);
    }
    let Some(format) = FORMATS.iter().find(|format| format.country == country) else {
        return Ok(upper);
    };
    let without_prefix = format.prefixes.iter().find_map(|prefix| {
        upper
            .strip_prefix(prefix)
            .and_then(|rest| rest.strip_prefix(['-', ' ']))
    });
    let sent = [Some(upper.as_str()), without_prefix]
        .into_iter()
        .flatten()
        .find_map(|candidate| canonical(candidate, format.patterns));
    sent.ok_or(PostcodeError::Invalid {
        example: format.example,
    })
}

/// An example postcode of `country`, when its postcodes are checked.
#[cfg(test)]
pub(crate) fn example(country: &str) -> Option<&'static str> {
    FORMATS
        .iter()
        .find(|format| format.country == country)
        .map(|format| format.example)
}

/// `typed` written as the first pattern its letters and digits fit: spaces and
/// dashes as typed do not matter, only the characters and their order.
fn canonical(typed: &str, patterns: &[&str]) -> Option<String> {
    let compact: Vec<char> = typed
        .chars()
        .filter(|ch| !matches!(ch, ' ' | '-'))
        .collect();
    patterns.iter().find_map(|pattern| {
        let mut chars = compact.iter();
        let mut out = String::new();
        for slot in pattern.chars() {
            match slot {
                '9' | 'A' | 'X' => {
                    let ch = *chars.next()?;
                    let fits = match slot {
                        '9' => ch.is_ascii_digit(),
                        'A' => ch.is_ascii_uppercase(),
                        _ => ch.is_ascii_digit() || ch.is_ascii_uppercase(),
                    };
                    if !fits {
                        return None;
                    }
                    out.push(ch);
                }
                literal => out.push(literal),
            }
        }
        chars.next().is_none().then_some(out)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(typed: &str, country: &str) -> String {
        match normalize(typed, country) {
            Ok(code) => code,
            Err(error) => panic!("{typed:?} ({country}): {error:?}"),
        }
    }

    #[test]
    fn canonical_forms() {
        for (typed, country, sent) in [
            ("1234 ab", "NL", "1234AB"),
            (" 1234AB ", "NL", "1234AB"),
            ("NL-1234 AB", "NL", "1234AB"),
            ("sw1a 2aa", "GB", "SW1A 2AA"),
            ("SW1A2AA", "GB", "SW1A 2AA"),
            ("ec1a1bb", "GB", "EC1A 1BB"),
            ("M1 1AE", "GB", "M1 1AE"),
            ("b33 8th", "GB", "B33 8TH"),
            ("cr2 6xh", "GB", "CR2 6XH"),
            ("dn55 1pt", "GB", "DN55 1PT"),
            ("k1a0b1", "CA", "K1A 0B1"),
            ("h3z 2y7", "CA", "H3Z 2Y7"),
            ("1000001", "PT", "1000-001"),
            ("1000 001", "PT", "1000-001"),
            ("00950", "PL", "00-950"),
            ("00-950", "PL", "00-950"),
            ("d02x285", "IE", "D02 X285"),
            ("D6W 1234", "IE", "D6W 1234"),
            ("B-1000", "BE", "1000"),
            ("L-1234", "LU", "1234"),
            ("D-10115", "DE", "10115"),
            ("11455", "SE", "114 55"),
            ("94105", "US", "94105"),
            ("941051234", "US", "94105-1234"),
            ("94105-1234", "US", "94105-1234"),
            // Unchecked countries: upper case, spaces collapsed.
            ("  101000 ", "RU", "101000"),
            ("ab  12", "XX", "AB 12"),
        ] {
            assert_eq!(ok(typed, country), sent, "{typed:?} ({country})");
        }
    }

    #[test]
    fn refused_with_an_example() {
        for (typed, country, example) in [
            ("1234", "NL", "1234 AB"),
            ("12345", "NL", "1234 AB"),
            ("SW1A", "GB", "SW1A 2AA"),
            ("12345", "GB", "SW1A 2AA"),
            ("10001", "BE", "1000"),
            ("1000-01", "PT", "1000-001"),
            ("0095", "PL", "00-950"),
            ("1234AB", "DE", "10115"),
            ("K1A 0B", "CA", "K1A 0B1"),
            ("9410", "US", "94105"),
            ("Dublin 2", "IE", "D02 X285"),
            ("X-1000", "BE", "1000"),
        ] {
            assert_eq!(
                normalize(typed, country),
                Err(PostcodeError::Invalid { example }),
                "{typed:?} ({country})"
            );
        }
        assert_eq!(normalize("  ", "NL"), Err(PostcodeError::Empty));
    }

    #[test]
    fn canonical_is_stable() {
        for format in FORMATS {
            let once = ok(format.example, format.country);
            assert_eq!(ok(&once, format.country), once, "{}", format.country);
        }
    }
}
