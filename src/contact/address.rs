//! Splitting an address line into street, house number and addition (docs/odr-api.md §4.8,
//! §4.10), per country.
//!
//! ODR wants `street` and `house_number` apart; panels hold one free-text line
//! ("Kerkstraat 42-f3", "Rue de la Loi 16 bus 3", "Flat 3, 22 Baker Street").
//! Where the number stands depends on the country: after the street in most of
//! Europe, before it in France, Luxembourg and the English-speaking countries.
//! Everything here works on whole words and chars, so any script is safe.

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

/// An address line taken apart.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Address {
    /// The street name, without the house number.
    pub street: String,
    /// The house number as typed, with letters glued to it ("42-f3", "221B", "10/A").
    pub number: String,
    /// What follows or qualifies the number, words joined by one space: "B", "bis",
    /// a Belgian box ("bus 3"), a flat ("Flat 3"), a floor and door ("2º B").
    pub addition: String,
    /// The addition followed a comma after the number ("Calle Mayor, 1, 2º B"):
    /// ODR's house number keeps that comma ("1, 2º B"), so reading it back splits
    /// it the same way.
    pub after_comma: bool,
}

impl Address {
    /// ODR's `house_number`: the number, then the addition after one space. ODR
    /// has no separate addition field (docs/odr-api.md §9 row 32).
    pub fn house_number(&self) -> String {
        if self.addition.is_empty() {
            self.number.clone()
        } else if self.after_comma {
            format!("{}, {}", self.number, self.addition)
        } else {
            format!("{} {}", self.number, self.addition)
        }
    }
}

/// A trailing word after the number counts as an addition ("B", "III", "hs",
/// "bis", "izq.") when at most this long; longer words are street words.
const MAX_ADDITION_CHARS: usize = 6;
/// In number-first countries a word after a trailing number is rarely an
/// addition ("Mill Road 12 A"), so only very short ones count.
const MAX_ADDITION_CHARS_NUMBER_FIRST: usize = 3;
/// At most this many plain addition words follow a number.
const MAX_ADDITION_WORDS: usize = 2;
/// The value after a unit word ("bus 3", "Flat 12/1", "Apt 4B") is at most this long.
const MAX_UNIT_VALUE_CHARS: usize = 8;
/// Where a comma closes the number ("Calle Mayor, 1, 2º B", "Strøget 12, 2. tv"), at most
/// this many words after it are the floor and door.
const MAX_COMMA_TAIL_WORDS: usize = 3;

/// Countries where the number comes first ("12 rue de la Paix", "22 Baker Street").
const NUMBER_FIRST: &[&str] = &["AU", "CA", "FR", "GB", "IE", "LU", "MC", "NZ", "US", "ZA"];
/// Countries where a comma after the number starts the floor and door
/// ("Calle Mayor, 1, 2º B", "Passeig de Gràcia, 21, 4-2").
const COMMA_CLOSES_NUMBER: &[&str] = &["AD", "DK", "ES", "IT", "PT", "SM"];
/// French and Luxembourgish repeat markers glued after a number ("12 bis").
const REPEAT_MARKERS: &[&str] = &["bis", "ter", "quater", "quinquies"];

/// Words that introduce a unit inside the building, followed by its value: a
/// Belgian box (`bus`, `boîte`, `bte`, `b`, `box`), a flat, suite, floor, door or
/// staircase. Compared in lower case without a trailing dot.
const UNIT_WORDS: &[&str] = &[
    "app",
    "appartement",
    "apartment",
    "apt",
    "apto",
    "b",
    "bat",
    "bâtiment",
    "bloc",
    "block",
    "boite",
    "boîte",
    "box",
    "bt",
    "bte",
    "bus",
    "esc",
    "escalera",
    "etage",
    "étage",
    "flat",
    "fl",
    "floor",
    "int",
    "interno",
    "lok",
    "m",
    "piso",
    "planta",
    "pta",
    "puerta",
    "rm",
    "room",
    "sc",
    "scala",
    "ste",
    "stiege",
    "studio",
    "suite",
    "top",
    "unit",
];
/// Unit words that may open a line before the number ("Flat 3, 22 Baker Street").
const LEADING_UNIT_WORDS: &[&str] = &[
    "apartment",
    "app",
    "appartement",
    "apt",
    "flat",
    "room",
    "studio",
    "suite",
    "unit",
];
/// "No. 5", "Nr. 5", "nº 5": a word before the number that belongs to neither
/// street nor number. Compared in lower case without a trailing dot.
const NUMBER_MARKERS: &[&str] = &[
    "n", "n°", "nº", "no", "nr", "num", "numero", "número", "núm", "nummer",
];

fn lower_bare(word: &str) -> String {
    word.trim_end_matches('.').to_lowercase()
}

fn is_unit_word(word: &str) -> bool {
    UNIT_WORDS.contains(&lower_bare(word).as_str())
}

fn is_leading_unit_word(word: &str) -> bool {
    LEADING_UNIT_WORDS.contains(&lower_bare(word).as_str())
}

fn is_number_marker(word: &str) -> bool {
    NUMBER_MARKERS.contains(&lower_bare(word).as_str())
}

fn starts_with_digit(word: &str) -> bool {
    word.chars().next().is_some_and(|ch| ch.is_ascii_digit())
}

fn has_letter(text: &str) -> bool {
    text.chars().any(char::is_alphabetic)
}

fn char_count(word: &str) -> usize {
    word.chars().count()
}

/// "1st", "42nd", "3rd", "4th": part of a street name, never a house number.
fn is_english_ordinal(word: &str) -> bool {
    let digits = word.chars().take_while(char::is_ascii_digit).count();
    let suffix: String = word.chars().skip(digits).collect::<String>().to_lowercase();
    digits > 0 && matches!(suffix.as_str(), "st" | "nd" | "rd" | "th")
}

/// A floor or storey: "2º", "3ª", "1°B", "2hg", "3-hoog". An addition, never the number.
fn is_floor(word: &str) -> bool {
    let digits = word.chars().take_while(char::is_ascii_digit).count();
    let rest: String = word.chars().skip(digits).collect::<String>().to_lowercase();
    digits > 0
        && (rest.starts_with(['º', 'ª', '°']) || matches!(rest.as_str(), "hg" | "hoog" | "-hoog"))
}

/// A word that may be a house number: it starts with a digit and is no ordinal
/// street word ("42nd") and no floor ("2º").
fn is_number(word: &str) -> bool {
    starts_with_digit(word) && !is_english_ordinal(word) && !is_floor(word)
}

/// The value after a unit word: a number ("3", "4B", "2/1") or a letter or two
/// ("A"), so that "Ste Anne" (Sainte) stays a street.
fn is_unit_value(word: &str) -> bool {
    let chars = char_count(word);
    chars <= MAX_UNIT_VALUE_CHARS && (chars <= 2 || word.chars().any(|ch| ch.is_ascii_digit()))
}

/// Whether `words[at]` is a unit word followed by its value.
fn is_unit_at(words: &[Word], at: usize) -> bool {
    words.get(at).is_some_and(|word| is_unit_word(&word.text))
        && words
            .get(at + 1)
            .is_some_and(|value| is_unit_value(&value.text))
}

/// "#5" (US unit): a unit word and its value in one.
fn is_hash_unit(word: &str) -> bool {
    word.strip_prefix('#')
        .is_some_and(|rest| !rest.is_empty() && char_count(rest) <= MAX_UNIT_VALUE_CHARS)
}

/// One word of a line and whether a comma followed it.
#[derive(Debug, Clone)]
struct Word {
    text: String,
    comma: bool,
}

/// The words of `line`: whitespace and commas separate words; a lone "-" or "/"
/// between two numbers joins them ("12 - 14" -> "12-14").
fn words(line: &str) -> Vec<Word> {
    let mut raw: Vec<Word> = Vec::new();
    for piece in line.split_whitespace() {
        let pieces: Vec<&str> = piece.split(',').collect();
        let last = pieces.len().saturating_sub(1);
        for (index, text) in pieces.into_iter().enumerate() {
            let text: String = text.chars().filter(|ch| !ch.is_control()).collect();
            if text.is_empty() {
                if index > 0 {
                    if let Some(previous) = raw.last_mut() {
                        previous.comma = true;
                    }
                }
                continue;
            }
            raw.push(Word {
                text,
                comma: index < last,
            });
        }
    }
    let mut joined: Vec<Word> = Vec::with_capacity(raw.len());
    let mut index = 0;
    while index < raw.len() {
        let current = &raw[index];
        let joiner = raw.get(index + 1);
        let right = raw.get(index + 2);
        if let (Some(joiner), Some(right)) = (joiner, right) {
            if (joiner.text == "-" || joiner.text == "/")
                && !current.comma
                && !joiner.comma
                && starts_with_digit(&current.text)
                && starts_with_digit(&right.text)
            {
                joined.push(Word {
                    text: format!("{}{}{}", current.text, joiner.text, right.text),
                    comma: right.comma,
                });
                index += 3;
                continue;
            }
        }
        joined.push(current.clone());
        index += 1;
    }
    joined
}

/// The words joined as typed: ", " where a comma stood, else one space; no
/// trailing comma.
fn join(words: &[Word]) -> String {
    let mut text = String::new();
    for (index, word) in words.iter().enumerate() {
        text.push_str(&word.text);
        if index + 1 < words.len() {
            text.push_str(if word.comma { ", " } else { " " });
        }
    }
    text
}

/// The words joined by one space, commas left out (additions).
fn join_plain(words: &[Word]) -> String {
    words
        .iter()
        .map(|word| word.text.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The street before a number: without a trailing number marker ("Nr.").
fn street_of(words: &[Word]) -> Option<String> {
    let words = match words.split_last() {
        Some((last, rest)) if is_number_marker(&last.text) && has_letter(&join(rest)) => rest,
        _ => words,
    };
    let street = join(words);
    has_letter(&street).then_some(street)
}

/// When `words` (after a number) are all additions: unit phrases ("bus 3",
/// "Apt 4B", "#5"), floors ("2º") and at most [`MAX_ADDITION_WORDS`] short
/// words, the number of those short words.
fn plain_addition_words(words: &[Word], max_plain_chars: usize) -> Option<usize> {
    let mut plain = 0;
    let mut index = 0;
    while let Some(word) = words.get(index) {
        if is_unit_at(words, index) {
            index += 2;
        } else if is_hash_unit(&word.text) || is_floor(&word.text) {
            index += 1;
        } else if !starts_with_digit(&word.text)
            && (char_count(&word.text) <= max_plain_chars
                || REPEAT_MARKERS.contains(&lower_bare(&word.text).as_str()))
        {
            plain += 1;
            index += 1;
        } else {
            return None;
        }
    }
    (plain <= MAX_ADDITION_WORDS).then_some(plain)
}

/// Whether `words` are unit phrases only ("Flat 3", "bus 3", "Apt. 4B", "#5").
fn is_units_only(words: &[Word]) -> bool {
    let mut index = 0;
    let mut units = 0;
    while let Some(word) = words.get(index) {
        if is_unit_at(words, index) {
            index += 2;
        } else if is_hash_unit(&word.text) {
            index += 1;
        } else {
            return false;
        }
        units += 1;
    }
    units > 0
}

fn number_first_country(country: &str) -> bool {
    NUMBER_FIRST.contains(&country)
}

/// Street first, number last ("Kerkstraat 42-f3", "Plein 1944 12", "Rue de la Loi
/// 16 bus 3", "Calle Mayor, 1, 2º B"). The last number-like word begins the house
/// number when only additions follow it: the last, not the first, so that numbers
/// in street names stay in the street.
fn street_first(words: &[Word], country: &str) -> Option<Address> {
    // ES, IT, PT, DK: a comma after the number closes it; floor and door follow.
    if COMMA_CLOSES_NUMBER.contains(&country) {
        for at in (1..words.len()).rev() {
            let word = words.get(at)?;
            let tail = words.get(at + 1..).unwrap_or_default();
            if is_number(&word.text)
                && word.comma
                && !tail.is_empty()
                && tail.len() <= MAX_COMMA_TAIL_WORDS
            {
                if let Some(street) = street_of(words.get(..at).unwrap_or_default()) {
                    return Some(Address {
                        street,
                        number: word.text.clone(),
                        addition: join_plain(tail),
                        after_comma: true,
                    });
                }
            }
        }
    }

    let last = (0..words.len())
        .rev()
        .find(|&i| is_number(&words[i].text))?;
    // "16 bus 3", "12 b 4", "22 Flat 3": the number before a unit phrase; a unit
    // with no number before it ("Rue de la Loi bus 3") has no house number.
    let at = match last.checked_sub(1) {
        Some(unit_at) if is_unit_word(&words[unit_at].text) => {
            let number_at = unit_at.checked_sub(1)?;
            if !is_number(&words[number_at].text) {
                return None;
            }
            number_at
        }
        _ => last,
    };
    let max_plain = if number_first_country(country) {
        MAX_ADDITION_CHARS_NUMBER_FIRST
    } else {
        MAX_ADDITION_CHARS
    };
    let tail = words.get(at + 1..).unwrap_or_default();
    plain_addition_words(tail, max_plain)?;
    let street = street_of(words.get(..at).unwrap_or_default())?;
    Some(Address {
        street,
        number: words[at].text.clone(),
        addition: join_plain(tail),
        after_comma: false,
    })
}

/// Number first ("12 rue de la Paix", "12 bis rue de la Paix", "221B Baker Street",
/// "Flat 3, 22 Baker Street", "123 Main St Apt 4B").
fn number_first(words: &[Word], country: &str) -> Option<Address> {
    let mut additions: Vec<Word> = Vec::new();
    let mut at = 0;
    // A leading flat or unit: "Flat 3, 22 Baker Street", "Apartment 4B 15 Main Street".
    if let (Some(unit), Some(value)) = (words.first(), words.get(1)) {
        if is_leading_unit_word(&unit.text)
            && is_unit_value(&value.text)
            && words.get(2).is_some_and(|word| is_number(&word.text))
        {
            additions.extend_from_slice(&words[..2]);
            at = 2;
        }
    }
    let number = words.get(at).filter(|word| is_number(&word.text))?;
    at += 1;
    let mut number_additions: Vec<Word> = Vec::new();
    if let Some(word) = words.get(at) {
        let single_letter = char_count(&word.text) == 1
            && word.text.chars().all(|ch| ch.is_ascii_uppercase())
            && matches!(country, "FR" | "LU" | "MC");
        if REPEAT_MARKERS.contains(&lower_bare(&word.text).as_str()) || single_letter {
            number_additions.push(word.clone());
            at += 1;
        }
    }
    let rest = words.get(at..).unwrap_or_default();
    // A trailing unit: "22 Baker Street, Flat 3", "123 Main St Apt 4B", "#5".
    let street_end = (1..rest.len())
        .find(|&i| is_units_only(&rest[i..]))
        .unwrap_or(rest.len());
    let street = join(rest.get(..street_end).unwrap_or_default());
    if !has_letter(&street) {
        return None;
    }
    let mut addition_words = number_additions;
    addition_words.extend(additions);
    addition_words.extend_from_slice(rest.get(street_end..).unwrap_or_default());
    Some(Address {
        street,
        number: number.text.clone(),
        addition: join_plain(&addition_words),
        after_comma: false,
    })
}

/// Number-first, also after a leading part ended by a comma: a unit there is kept
/// as the addition ("Bâtiment B, 12 rue de la Paix"); a house or building name
/// ("Rose Cottage, 12 Church Lane") has no ODR field and is left out, as a
/// building name in line 2 is.
fn number_first_in_segments(words: &[Word], country: &str) -> Option<Address> {
    if let Some(address) = number_first(words, country) {
        return Some(address);
    }
    for start in 1..words.len() {
        if !words[start - 1].comma {
            continue;
        }
        if let Some(address) = number_first(&words[start..], country) {
            let before = &words[..start];
            return Some(if is_units_only(before) {
                with_unit(address, &join_plain(before))
            } else {
                address
            });
        }
    }
    None
}

/// Number glued to the street ("Kerkstraat42b"): split before the first digit of
/// the last word when at least two letters precede it. Two letters, so that road
/// numbers such as "A2" or "M25" are not taken apart.
fn glued(words: &[Word]) -> Option<Address> {
    let (last, before) = words.split_last()?;
    let (digit_at, _) = last
        .text
        .char_indices()
        .find(|(_, ch)| ch.is_ascii_digit())?;
    let letters = last.text.get(..digit_at)?;
    if letters.chars().filter(|ch| ch.is_alphabetic()).count() < 2
        || !letters.chars().last().is_some_and(char::is_alphabetic)
    {
        return None;
    }
    let mut street_words = before.to_vec();
    street_words.push(Word {
        text: letters.to_string(),
        comma: false,
    });
    Some(Address {
        street: join(&street_words),
        number: last.text.get(digit_at..)?.to_string(),
        addition: String::new(),
        after_comma: false,
    })
}

/// What one address line holds.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Line {
    Nothing,
    /// Only a street (words, no house number).
    Street,
    /// Only a unit inside a building ("Flat 3", "bus 3", "Apt 4B").
    Unit(String),
    /// Only a house number with any addition ("12/2", "1 B", "16 bus 3").
    Number(Address),
    /// Street and house number.
    Both(Address),
}

/// One way of reading a line's words for a country.
type Reader = fn(&[Word], &str) -> Option<Address>;

fn classify(line: &str, country: &str) -> Line {
    let words = words(line);
    let Some(first) = words.first() else {
        return Line::Nothing;
    };
    if is_units_only(&words) {
        return Line::Unit(join_plain(&words));
    }
    // A line that is only a house number ("12/2", "1 B", "12 bis", "16 bus 3",
    // "1, 2º B"): at most one very short plain word after it, so that "12 Elm St"
    // reads as number and street.
    let rest = words.get(1..).unwrap_or_default();
    if is_number(&first.text)
        && plain_addition_words(rest, MAX_ADDITION_CHARS_NUMBER_FIRST).is_some_and(|n| n <= 1)
    {
        return Line::Number(Address {
            street: String::new(),
            number: first.text.clone(),
            addition: join_plain(rest),
            after_comma: first.comma && !rest.is_empty(),
        });
    }

    let attempts: [Reader; 2] = if number_first_country(country) {
        [number_first_in_segments, street_first]
    } else {
        [street_first, number_first]
    };
    for attempt in attempts {
        if let Some(address) = attempt(&words, country) {
            return Line::Both(address);
        }
    }
    if let Some(address) = glued(&words) {
        return Line::Both(address);
    }
    if has_letter(line) {
        Line::Street
    } else {
        // Punctuation only ("-", "?"): nothing usable.
        Line::Nothing
    }
}

fn with_unit(mut address: Address, unit: &str) -> Address {
    if !unit.is_empty() {
        if address.addition.is_empty() {
            address.addition = unit.to_string();
        } else {
            address.addition = format!("{} {unit}", address.addition);
        }
    }
    address
}

/// Split the panel's address lines into street, house number and addition, for
/// `country` (ISO code, upper case; unknown countries try street-first, then
/// number-first).
///
/// Line 2 is used only to complete line 1: the house number when line 1 is a
/// street alone, the street when line 1 is a house number alone, and a flat or
/// box ("Flat 3", "bus 3") on either line. Anything else in line 2 (a building
/// name, "c/o ...") has no ODR field and is left out.
pub(crate) fn split(
    address1: &str,
    address2: &str,
    country: &str,
) -> Result<Address, AddressError> {
    match (classify(address1, country), classify(address2, country)) {
        (Line::Both(address), Line::Unit(unit)) => Ok(with_unit(address, &unit)),
        (Line::Both(address), _) => Ok(address),
        (Line::Unit(unit), Line::Both(address)) => Ok(with_unit(address, &unit)),
        (Line::Street, Line::Number(number)) => Ok(Address {
            street: street_line(address1),
            ..number
        }),
        (Line::Number(number), Line::Street) => Ok(Address {
            street: street_line(address2),
            ..number
        }),
        (Line::Street | Line::Unit(_), _) => Err(AddressError::NoHouseNumber),
        (Line::Number(_), _) => Err(AddressError::NoStreet),
        (Line::Nothing, Line::Both(address)) => Ok(address),
        (Line::Nothing, Line::Nothing) => Err(AddressError::Empty),
        (Line::Nothing, Line::Street | Line::Unit(_)) => Err(AddressError::NoHouseNumber),
        (Line::Nothing, Line::Number(_)) => Err(AddressError::NoStreet),
    }
}

/// A line that is a street alone, words joined as typed.
fn street_line(line: &str) -> String {
    join(&words(line))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tests::contact_fixtures::{address_table, Expected};

    #[test]
    fn the_address_table() {
        let rows = address_table();
        assert!(rows.len() >= 150, "only {} rows", rows.len());
        let mut failures = Vec::new();
        for row in &rows {
            let got = split(&row.address1, &row.address2, &row.country);
            let fits = match (&row.expected, &got) {
                (
                    Expected::Split {
                        street,
                        number,
                        addition,
                        house_number,
                    },
                    Ok(address),
                ) => {
                    address.street == *street
                        && address.number == *number
                        && address.addition == *addition
                        && address.house_number() == *house_number
                }
                (Expected::Refused { reason, .. }, Err(error)) => {
                    let kind = match error {
                        AddressError::Empty => "empty",
                        AddressError::NoHouseNumber => "no-house-number",
                        AddressError::NoStreet => "no-street",
                    };
                    kind == reason
                }
                _ => false,
            };
            if !fits {
                failures.push(format!(
                    "line {}: {} {:?} / {:?}: expected {:?}, got {:?}",
                    row.line, row.country, row.address1, row.address2, row.expected, got
                ));
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    #[test]
    fn the_table_covers_the_countries_of_issue_16() {
        let rows = address_table();
        for country in ["NL", "BE", "DE", "FR", "LU", "GB", "IE", "ES", "IT", "US"] {
            let count = rows.iter().filter(|row| row.country == country).count();
            assert!(count >= 5, "{country}: {count} rows");
        }
    }

    #[test]
    fn order_follows_the_country() {
        // The same line, read in each country's order.
        let line = "12 Elm St";
        assert_eq!(split(line, "", "GB").map(|a| a.street), Ok("Elm St".into()));
        assert_eq!(split(line, "", "NL").map(|a| a.street), Ok("Elm St".into()));
        // A French street named after a date keeps its numbers.
        let address = split("12 rue du 8 Mai 1945", "", "FR").unwrap_or_default();
        assert_eq!(
            (address.street.as_str(), address.number.as_str()),
            ("rue du 8 Mai 1945", "12")
        );
        // Read street-first, the same line would lose its street's year.
        let address = split("12 rue du 8 Mai 1945", "", "NL").unwrap_or_default();
        assert_eq!(address.number, "1945");
        // Unknown countries: street first, then number first.
        assert_eq!(
            split("Kerkstraat 1", "", "").map(|a| a.number),
            Ok("1".into())
        );
        assert_eq!(
            split("1 Kerkstraat", "", "").map(|a| a.number),
            Ok("1".into())
        );
    }

    #[test]
    fn units_need_a_value_that_looks_like_one() {
        // "Ste" is a suite in the US, and "Sainte" in a French street name.
        let address = split("12 rue Ste Anne", "", "FR").unwrap_or_default();
        assert_eq!(address.street, "rue Ste Anne");
        let address = split("12 Main St Ste 4", "", "US").unwrap_or_default();
        assert_eq!(
            (address.street.as_str(), address.addition.as_str()),
            ("Main St", "Ste 4")
        );
        // A box with no house number before it is refused, never guessed.
        assert_eq!(
            split("PO Box 123", "", "US"),
            Err(AddressError::NoHouseNumber)
        );
    }

    #[test]
    fn odd_input_never_panics() {
        for line in [
            ",,,", " , 1 ,", "- 1 -", "1 - ", "#", "# 1", "bus", "Flat", "º", "1º", "12 -", "/ 1 /",
        ] {
            for country in ["NL", "GB", "ES", ""] {
                let _ = split(line, line, country);
            }
        }
    }
}
