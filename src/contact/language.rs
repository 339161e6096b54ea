//! The contact's language as ODR wants it: an upper-case ISO 639-1 code.
//!
//! Panels hold either a code ("nl", "en_GB", "pt-BR") or, like WHMCS, the name of
//! the client-area language ("dutch", "portuguese-br"). ODR's accepted set is not
//! known (docs/odr-api.md §9 row 30); any two-letter code is passed on upper-cased.

/// Language names as panels spell them (WHMCS's language file names, including
/// its "ukranian" spelling, plus endonyms people type), sorted by name.
const NAMES: &[(&str, &str)] = &[
    ("arabic", "AR"),
    ("azerbaijani", "AZ"),
    ("bulgarian", "BG"),
    ("catalan", "CA"),
    ("chinese", "ZH"),
    ("croatian", "HR"),
    ("czech", "CS"),
    ("danish", "DA"),
    ("deutsch", "DE"),
    ("dutch", "NL"),
    ("english", "EN"),
    ("espanol", "ES"),
    ("español", "ES"),
    ("estonian", "ET"),
    ("farsi", "FA"),
    ("finnish", "FI"),
    ("francais", "FR"),
    ("français", "FR"),
    ("french", "FR"),
    ("german", "DE"),
    ("greek", "EL"),
    ("hebrew", "HE"),
    ("hungarian", "HU"),
    ("indonesian", "ID"),
    ("italian", "IT"),
    ("japanese", "JA"),
    ("korean", "KO"),
    ("latvian", "LV"),
    ("lithuanian", "LT"),
    ("macedonian", "MK"),
    ("nederlands", "NL"),
    ("norwegian", "NO"),
    ("persian", "FA"),
    ("polish", "PL"),
    ("portuguese", "PT"),
    ("portuguese-br", "PT"),
    ("portuguese-pt", "PT"),
    ("romanian", "RO"),
    ("russian", "RU"),
    ("serbian", "SR"),
    ("slovak", "SK"),
    ("slovenian", "SL"),
    ("spanish", "ES"),
    ("swedish", "SV"),
    ("thai", "TH"),
    ("turkish", "TR"),
    ("ukrainian", "UK"),
    ("ukranian", "UK"),
    ("vietnamese", "VI"),
];

/// What ODR gets when the panel has no language: the value every existing ODR
/// module sends and the only one known to be safe (docs/odr-api.md §4.8).
pub(crate) const DEFAULT: &str = "NL";

/// The ODR language code for a panel language, or an admin-readable error.
pub(crate) fn normalize(raw: &str) -> Result<String, String> {
    let text = raw.trim();
    if text.is_empty() {
        return Ok(DEFAULT.to_string());
    }
    let lower = text.to_lowercase();
    // "nl", or a locale such as "en_GB" / "pt-BR": its language part.
    let mut chars = lower.chars();
    let first_two: String = chars.by_ref().take(2).collect();
    let next = chars.next();
    let two_letters =
        first_two.chars().count() == 2 && first_two.chars().all(|ch| ch.is_ascii_lowercase());
    if two_letters && matches!(next, None | Some('_' | '-')) {
        return Ok(first_two.to_ascii_uppercase());
    }
    NAMES
        .binary_search_by(|&(name, _)| name.cmp(lower.as_str()))
        .ok()
        .and_then(|index| NAMES.get(index))
        .map(|&(_, code)| code.to_string())
        .ok_or_else(|| {
            format!("unknown language \"{text}\"; use a two-letter ISO 639-1 code such as NL or EN")
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_sorted_and_unique() {
        for pair in NAMES.windows(2) {
            assert!(pair[0].0 < pair[1].0, "{} / {}", pair[0].0, pair[1].0);
        }
    }

    #[test]
    fn codes_names_and_locales() {
        for (raw, expected) in [
            ("", "NL"),
            ("  ", "NL"),
            ("nl", "NL"),
            ("EN", "EN"),
            (" de ", "DE"),
            ("en_GB", "EN"),
            ("pt-BR", "PT"),
            ("dutch", "NL"),
            ("English", "EN"),
            ("german", "DE"),
            ("french", "FR"),
            ("portuguese-br", "PT"),
            ("ukranian", "UK"),
            ("Français", "FR"),
        ] {
            assert_eq!(normalize(raw).as_deref(), Ok(expected), "{raw:?}");
        }
    }

    #[test]
    fn unknown_languages_are_errors() {
        for raw in ["klingon", "n1", "x", "nld", "ру"] {
            assert!(normalize(raw).is_err(), "{raw:?}");
        }
    }
}
