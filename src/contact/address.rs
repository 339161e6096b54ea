//! Splitting an address line into street and house number (odr-api §4.8, §4.10).
//!
//! ODR wants `street` and `house_number` apart; panels hold one free-text line
//! ("Kerkstraat 42-f3"). Everything here works on chars and on byte offsets taken
//! from `char_indices`, so any script (Cyrillic, umlauts, CJK) is safe.

/// Why no street/house number pair could be found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum AddressError {
    /// Both address lines are empty.
    Empty,
    /// The address has a street but no house number.
    NoHouseNumber,
    /// The address has a house number but no street name.
    NoStreet,
}

/// The house number may carry at most this many addition words ("1 B", "42 III",
/// "12 bis"), each at most [`MAX_ADDITION_CHARS`] long. Longer trailing words are
/// taken to be part of the street, not an addition.
const MAX_ADDITION_WORDS: usize = 2;
const MAX_ADDITION_CHARS: usize = 6;
/// A line holding only a house number may add one word of at most this many
/// chars ("1 B", "12 bis"); with more it reads as "number street" ("12 Elm St").
const MAX_LONE_ADDITION_CHARS: usize = 3;

/// What one address line holds.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Line {
    Nothing,
    /// Only a street (words, no house number).
    Street(String),
    /// Only a house number with any addition ("12/2", "1 B").
    Number(String),
    Both {
        street: String,
        number: String,
    },
}

/// Split the panel's address lines into (street, house number).
///
/// The house number keeps its addition as typed, with words joined by one space
/// ("42-f3", "1 B", "12/2"): ODR has no separate addition field (§9 row 32).
/// Line 2 is used only to complete line 1: the house number when line 1 is a
/// street alone, or the street when line 1 is a house number alone. Anything else
/// in line 2 (a building name, "c/o ...") has no ODR field and is left out.
pub(crate) fn split(address1: &str, address2: &str) -> Result<(String, String), AddressError> {
    match (classify(address1), classify(address2)) {
        (Line::Both { street, number }, _) => Ok((street, number)),
        (Line::Street(street), Line::Number(number)) => Ok((street, number)),
        (Line::Number(number), Line::Street(street)) => Ok((street, number)),
        (Line::Street(_), _) => Err(AddressError::NoHouseNumber),
        (Line::Number(_), _) => Err(AddressError::NoStreet),
        (Line::Nothing, Line::Both { street, number }) => Ok((street, number)),
        (Line::Nothing, Line::Nothing) => Err(AddressError::Empty),
        (Line::Nothing, Line::Street(_)) => Err(AddressError::NoHouseNumber),
        (Line::Nothing, Line::Number(_)) => Err(AddressError::NoStreet),
    }
}

/// Byte spans of the words of `line`; whitespace and commas separate words.
fn words(line: &str) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut start = None;
    for (index, ch) in line.char_indices() {
        let separator = ch.is_whitespace() || ch == ',';
        match (separator, start) {
            (true, Some(begin)) => {
                spans.push((begin, index));
                start = None;
            }
            (false, None) => start = Some(index),
            _ => {}
        }
    }
    if let Some(begin) = start {
        spans.push((begin, line.len()));
    }
    spans
}

fn starts_with_digit(word: &str) -> bool {
    word.chars().next().is_some_and(|ch| ch.is_ascii_digit())
}

fn has_letter(text: &str) -> bool {
    text.chars().any(char::is_alphabetic)
}

/// "1st", "42nd", "3rd", "4th": part of a street name, never a house number.
fn is_ordinal(word: &str) -> bool {
    let digits = word.chars().take_while(char::is_ascii_digit).count();
    let suffix: String = word.chars().skip(digits).collect::<String>().to_lowercase();
    digits > 0 && matches!(suffix.as_str(), "st" | "nd" | "rd" | "th")
}

/// A short word after the number: "B", "III", "bis", "hs", "boven", "-2".
fn is_addition(word: &str) -> bool {
    word.chars().count() <= MAX_ADDITION_CHARS && !starts_with_digit(word)
}

/// The words `spans` of `line`, joined by single spaces.
fn join(line: &str, spans: &[(usize, usize)]) -> String {
    spans
        .iter()
        .filter_map(|&(start, end)| line.get(start..end))
        .collect::<Vec<_>>()
        .join(" ")
}

/// `line[..end]` without trailing whitespace and commas, inner whitespace collapsed.
fn street_before(line: &str, end: usize) -> String {
    let head = line.get(..end).unwrap_or_default();
    collapse(head.trim_end_matches(|ch: char| ch.is_whitespace() || ch == ','))
}

fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn classify(line: &str) -> Line {
    let spans = words(line);
    let word = |index: usize| -> &str {
        spans
            .get(index)
            .and_then(|&(start, end)| line.get(start..end))
            .unwrap_or_default()
    };
    if spans.is_empty() {
        return Line::Nothing;
    }

    // Street first, number last ("Kerkstraat 42-f3", "18 Septemberplein 12",
    // "42nd street, 1337a"): the last word that starts with a digit begins the
    // house number when only short additions follow it. The last, not the first,
    // so that numbers in street names stay in the street.
    if let Some(number_at) = (0..spans.len()).rev().find(|&i| starts_with_digit(word(i))) {
        let after = spans.len() - number_at - 1;
        let additions_ok = after <= MAX_ADDITION_WORDS
            && (number_at + 1..spans.len()).all(|i| is_addition(word(i)));
        let number = join(line, spans.get(number_at..).unwrap_or_default());
        if number_at == 0 {
            // Nothing before the number: a line that is only a house number
            // ("12/2", "1 B", "12 bis"). One very short word at most, so that
            // "221B Baker Street" is read number-first below, and never an ordinal
            // street ("42nd").
            let only_number =
                after == 0 || (after == 1 && word(1).chars().count() <= MAX_LONE_ADDITION_CHARS);
            if only_number && additions_ok && !is_ordinal(word(0)) {
                return Line::Number(number);
            }
        } else if additions_ok {
            let number_start = spans.get(number_at).map_or(0, |&(start, _)| start);
            let street = street_before(line, number_start);
            if has_letter(&street) {
                return Line::Both { street, number };
            }
        }
    }

    // Number first ("12 Main Street", "12a, Rue de la Paix").
    let first = word(0);
    if let (true, Some(&(rest_start, _))) =
        (starts_with_digit(first) && !is_ordinal(first), spans.get(1))
    {
        let rest = line.get(rest_start..).unwrap_or_default();
        let street = collapse(rest.trim_end_matches(|ch: char| ch.is_whitespace() || ch == ','));
        if has_letter(&street) {
            return Line::Both {
                street,
                number: first.to_string(),
            };
        }
    }

    // Number glued to the street ("Kerkstraat42b"): split before the first digit
    // of the last word when at least two letters precede it. Two letters, so that
    // road numbers such as "A2" or "M25" are not taken apart.
    if let Some(&(start, end)) = spans.last() {
        let last = line.get(start..end).unwrap_or_default();
        if let Some((digit_at, _)) = last.char_indices().find(|(_, ch)| ch.is_ascii_digit()) {
            let letters = last.get(..digit_at).unwrap_or_default();
            if letters.chars().filter(|ch| ch.is_alphabetic()).count() >= 2
                && letters.chars().last().is_some_and(char::is_alphabetic)
            {
                let street = street_before(line, start + digit_at);
                let number = last.get(digit_at..).unwrap_or_default().to_string();
                return Line::Both { street, number };
            }
        }
    }

    if has_letter(line) {
        Line::Street(collapse(line))
    } else {
        // Punctuation only ("-", "?"): nothing usable.
        Line::Nothing
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(address1: &str, address2: &str) -> (String, String) {
        match split(address1, address2) {
            Ok(pair) => pair,
            Err(error) => panic!("{address1:?} / {address2:?}: {error:?}"),
        }
    }

    fn pair(street: &str, number: &str) -> (String, String) {
        (street.to_string(), number.to_string())
    }

    #[test]
    fn the_reference_cases() {
        // odr-api §4.10, one by one.
        assert_eq!(ok("Kerkstraat 42-f3", ""), pair("Kerkstraat", "42-f3"));
        assert_eq!(ok("De Dompelaar 1 B", ""), pair("De Dompelaar", "1 B"));
        assert_eq!(ok("42nd street, 1337a", ""), pair("42nd street", "1337a"));
        assert_eq!(
            ok("18 Septemberplein 12", ""),
            pair("18 Septemberplein", "12")
        );
        assert_eq!(ok("Bahnhofstraße 5", ""), pair("Bahnhofstraße", "5"));
        assert_eq!(ok("ул. Ленина 10", ""), pair("ул. Ленина", "10"));
        assert_eq!(ok("Kerkstraat 12/2", ""), pair("Kerkstraat", "12/2"));
        assert_eq!(split("Test str", ""), Err(AddressError::NoHouseNumber));
    }

    #[test]
    fn number_first() {
        assert_eq!(ok("12 Main Street", ""), pair("Main Street", "12"));
        assert_eq!(ok("12a, Rue de la Paix", ""), pair("Rue de la Paix", "12a"));
        assert_eq!(ok("221B Baker Street", ""), pair("Baker Street", "221B"));
        // An ordinal street has no house number.
        assert_eq!(split("42nd street", ""), Err(AddressError::NoHouseNumber));
    }

    #[test]
    fn additions_and_spacing() {
        assert_eq!(ok("  Kerkstraat   42  ", ""), pair("Kerkstraat", "42"));
        assert_eq!(ok("Kerkstraat 42 III", ""), pair("Kerkstraat", "42 III"));
        assert_eq!(ok("Kerkstraat 42 hs", ""), pair("Kerkstraat", "42 hs"));
        assert_eq!(ok("Kerkstraat,42", ""), pair("Kerkstraat", "42"));
        assert_eq!(ok("Plein 1940 12", ""), pair("Plein 1940", "12"));
        assert_eq!(ok("Kerkstraat42b", ""), pair("Kerkstraat", "42b"));
        assert_eq!(ok("Rue de l'Église 7", ""), pair("Rue de l'Église", "7"));
        assert_eq!(ok("Ленина улица 10а", ""), pair("Ленина улица", "10а"));
        assert_eq!(ok("東京都千代田区 1-1", ""), pair("東京都千代田区", "1-1"));
    }

    #[test]
    fn second_line_completes_the_first() {
        assert_eq!(ok("Kerkstraat", "42-f3"), pair("Kerkstraat", "42-f3"));
        assert_eq!(ok("De Dompelaar", "1 B"), pair("De Dompelaar", "1 B"));
        assert_eq!(ok("12/2", "Kerkstraat"), pair("Kerkstraat", "12/2"));
        assert_eq!(ok("Kerkstraat", "12 bis"), pair("Kerkstraat", "12 bis"));
        assert_eq!(ok("Kerkstraat", "42 hs"), pair("Kerkstraat", "42 hs"));
        // Two short words after a number read as a street, not as additions.
        assert_eq!(
            split("Kerkstraat", "12 Elm St"),
            Err(AddressError::NoHouseNumber)
        );
        assert_eq!(ok("12 Elm St", ""), pair("Elm St", "12"));
        // Line 2 with other content does not supply a number.
        assert_eq!(
            split("Kerkstraat", "Gebouw Noord"),
            Err(AddressError::NoHouseNumber)
        );
        // Line 1 complete: line 2 is ignored.
        assert_eq!(ok("Kerkstraat 1", "Postbus 12"), pair("Kerkstraat", "1"));
        // Line 1 empty, everything in line 2.
        assert_eq!(ok("", "Kerkstraat 1"), pair("Kerkstraat", "1"));
    }

    #[test]
    fn missing_parts() {
        assert_eq!(split("", ""), Err(AddressError::Empty));
        assert_eq!(split("  , ", "-"), Err(AddressError::Empty));
        assert_eq!(split("12/2", ""), Err(AddressError::NoStreet));
        assert_eq!(split("A2", ""), Err(AddressError::NoHouseNumber));
    }
}
