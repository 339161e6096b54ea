//! Countries and their telephone dial codes: every officially assigned ISO 3166-1
//! alpha-2 code (249 of them) with its ITU-T E.164 country calling code.
//!
//! This is the project's one country table (see `docs/architecture.md`, "one fact,
//! one place"). A country that is not here is not accepted: an unknown country is an
//! error, never a silent default.
//!
//! Notes on the choices made:
//! - Countries sharing a calling code each carry the shared code, without the area
//!   code that tells them apart: every NANP member is `1` (ODR's `+CC.NUMBER` puts
//!   the area code in NUMBER), Kazakhstan shares `7` with Russia, Guernsey, Jersey
//!   and the Isle of Man share `44`, and so on.
//! - Territories without a telephone network of their own carry the code used to
//!   reach them: AQ and HM `672` (Australian external territories), BV and SJ `47`,
//!   GS `500` (as the Falklands), PN `64`, TF `262`, UM `1`, VA `39` (`379` is
//!   reserved for the Vatican but never brought into use).
//! - `XK` (Kosovo, `383`) is a user-assigned code, not an ISO assignment, and
//!   ODR's country list is not known to accept it, so it is left out.

/// One country: ISO 3166-1 alpha-2 code and its calling code (digits, no `+`).
/// Each entry's English short name is a comment, for reviewing the table: no
/// message uses it, and as data it would cost the component about 5 KB.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Country {
    /// ISO 3166-1 alpha-2 code, upper case.
    pub iso: &'static str,
    /// E.164 country calling code, digits only.
    pub dial: &'static str,
}

const fn c(iso: &'static str, dial: &'static str) -> Country {
    Country { iso, dial }
}

/// Every assigned ISO 3166-1 alpha-2 code, sorted by code (looked up by binary search).
pub const COUNTRIES: &[Country] = &[
    c("AD", "376"), // Andorra
    c("AE", "971"), // United Arab Emirates
    c("AF", "93"),  // Afghanistan
    c("AG", "1"),   // Antigua and Barbuda
    c("AI", "1"),   // Anguilla
    c("AL", "355"), // Albania
    c("AM", "374"), // Armenia
    c("AO", "244"), // Angola
    c("AQ", "672"), // Antarctica
    c("AR", "54"),  // Argentina
    c("AS", "1"),   // American Samoa
    c("AT", "43"),  // Austria
    c("AU", "61"),  // Australia
    c("AW", "297"), // Aruba
    c("AX", "358"), // Åland Islands
    c("AZ", "994"), // Azerbaijan
    c("BA", "387"), // Bosnia and Herzegovina
    c("BB", "1"),   // Barbados
    c("BD", "880"), // Bangladesh
    c("BE", "32"),  // Belgium
    c("BF", "226"), // Burkina Faso
    c("BG", "359"), // Bulgaria
    c("BH", "973"), // Bahrain
    c("BI", "257"), // Burundi
    c("BJ", "229"), // Benin
    c("BL", "590"), // Saint Barthélemy
    c("BM", "1"),   // Bermuda
    c("BN", "673"), // Brunei Darussalam
    c("BO", "591"), // Bolivia
    c("BQ", "599"), // Bonaire, Sint Eustatius and Saba
    c("BR", "55"),  // Brazil
    c("BS", "1"),   // Bahamas
    c("BT", "975"), // Bhutan
    c("BV", "47"),  // Bouvet Island
    c("BW", "267"), // Botswana
    c("BY", "375"), // Belarus
    c("BZ", "501"), // Belize
    c("CA", "1"),   // Canada
    c("CC", "61"),  // Cocos (Keeling) Islands
    c("CD", "243"), // Congo, Democratic Republic of the
    c("CF", "236"), // Central African Republic
    c("CG", "242"), // Congo
    c("CH", "41"),  // Switzerland
    c("CI", "225"), // Côte d'Ivoire
    c("CK", "682"), // Cook Islands
    c("CL", "56"),  // Chile
    c("CM", "237"), // Cameroon
    c("CN", "86"),  // China
    c("CO", "57"),  // Colombia
    c("CR", "506"), // Costa Rica
    c("CU", "53"),  // Cuba
    c("CV", "238"), // Cabo Verde
    c("CW", "599"), // Curaçao
    c("CX", "61"),  // Christmas Island
    c("CY", "357"), // Cyprus
    c("CZ", "420"), // Czechia
    c("DE", "49"),  // Germany
    c("DJ", "253"), // Djibouti
    c("DK", "45"),  // Denmark
    c("DM", "1"),   // Dominica
    c("DO", "1"),   // Dominican Republic
    c("DZ", "213"), // Algeria
    c("EC", "593"), // Ecuador
    c("EE", "372"), // Estonia
    c("EG", "20"),  // Egypt
    c("EH", "212"), // Western Sahara
    c("ER", "291"), // Eritrea
    c("ES", "34"),  // Spain
    c("ET", "251"), // Ethiopia
    c("FI", "358"), // Finland
    c("FJ", "679"), // Fiji
    c("FK", "500"), // Falkland Islands (Malvinas)
    c("FM", "691"), // Micronesia
    c("FO", "298"), // Faroe Islands
    c("FR", "33"),  // France
    c("GA", "241"), // Gabon
    c("GB", "44"),  // United Kingdom
    c("GD", "1"),   // Grenada
    c("GE", "995"), // Georgia
    c("GF", "594"), // French Guiana
    c("GG", "44"),  // Guernsey
    c("GH", "233"), // Ghana
    c("GI", "350"), // Gibraltar
    c("GL", "299"), // Greenland
    c("GM", "220"), // Gambia
    c("GN", "224"), // Guinea
    c("GP", "590"), // Guadeloupe
    c("GQ", "240"), // Equatorial Guinea
    c("GR", "30"),  // Greece
    c("GS", "500"), // South Georgia and the South Sandwich Islands
    c("GT", "502"), // Guatemala
    c("GU", "1"),   // Guam
    c("GW", "245"), // Guinea-Bissau
    c("GY", "592"), // Guyana
    c("HK", "852"), // Hong Kong
    c("HM", "672"), // Heard Island and McDonald Islands
    c("HN", "504"), // Honduras
    c("HR", "385"), // Croatia
    c("HT", "509"), // Haiti
    c("HU", "36"),  // Hungary
    c("ID", "62"),  // Indonesia
    c("IE", "353"), // Ireland
    c("IL", "972"), // Israel
    c("IM", "44"),  // Isle of Man
    c("IN", "91"),  // India
    c("IO", "246"), // British Indian Ocean Territory
    c("IQ", "964"), // Iraq
    c("IR", "98"),  // Iran
    c("IS", "354"), // Iceland
    c("IT", "39"),  // Italy
    c("JE", "44"),  // Jersey
    c("JM", "1"),   // Jamaica
    c("JO", "962"), // Jordan
    c("JP", "81"),  // Japan
    c("KE", "254"), // Kenya
    c("KG", "996"), // Kyrgyzstan
    c("KH", "855"), // Cambodia
    c("KI", "686"), // Kiribati
    c("KM", "269"), // Comoros
    c("KN", "1"),   // Saint Kitts and Nevis
    c("KP", "850"), // Korea, Democratic People's Republic of
    c("KR", "82"),  // Korea, Republic of
    c("KW", "965"), // Kuwait
    c("KY", "1"),   // Cayman Islands
    c("KZ", "7"),   // Kazakhstan
    c("LA", "856"), // Lao People's Democratic Republic
    c("LB", "961"), // Lebanon
    c("LC", "1"),   // Saint Lucia
    c("LI", "423"), // Liechtenstein
    c("LK", "94"),  // Sri Lanka
    c("LR", "231"), // Liberia
    c("LS", "266"), // Lesotho
    c("LT", "370"), // Lithuania
    c("LU", "352"), // Luxembourg
    c("LV", "371"), // Latvia
    c("LY", "218"), // Libya
    c("MA", "212"), // Morocco
    c("MC", "377"), // Monaco
    c("MD", "373"), // Moldova
    c("ME", "382"), // Montenegro
    c("MF", "590"), // Saint Martin (French part)
    c("MG", "261"), // Madagascar
    c("MH", "692"), // Marshall Islands
    c("MK", "389"), // North Macedonia
    c("ML", "223"), // Mali
    c("MM", "95"),  // Myanmar
    c("MN", "976"), // Mongolia
    c("MO", "853"), // Macao
    c("MP", "1"),   // Northern Mariana Islands
    c("MQ", "596"), // Martinique
    c("MR", "222"), // Mauritania
    c("MS", "1"),   // Montserrat
    c("MT", "356"), // Malta
    c("MU", "230"), // Mauritius
    c("MV", "960"), // Maldives
    c("MW", "265"), // Malawi
    c("MX", "52"),  // Mexico
    c("MY", "60"),  // Malaysia
    c("MZ", "258"), // Mozambique
    c("NA", "264"), // Namibia
    c("NC", "687"), // New Caledonia
    c("NE", "227"), // Niger
    c("NF", "672"), // Norfolk Island
    c("NG", "234"), // Nigeria
    c("NI", "505"), // Nicaragua
    c("NL", "31"),  // Netherlands
    c("NO", "47"),  // Norway
    c("NP", "977"), // Nepal
    c("NR", "674"), // Nauru
    c("NU", "683"), // Niue
    c("NZ", "64"),  // New Zealand
    c("OM", "968"), // Oman
    c("PA", "507"), // Panama
    c("PE", "51"),  // Peru
    c("PF", "689"), // French Polynesia
    c("PG", "675"), // Papua New Guinea
    c("PH", "63"),  // Philippines
    c("PK", "92"),  // Pakistan
    c("PL", "48"),  // Poland
    c("PM", "508"), // Saint Pierre and Miquelon
    c("PN", "64"),  // Pitcairn
    c("PR", "1"),   // Puerto Rico
    c("PS", "970"), // Palestine, State of
    c("PT", "351"), // Portugal
    c("PW", "680"), // Palau
    c("PY", "595"), // Paraguay
    c("QA", "974"), // Qatar
    c("RE", "262"), // Réunion
    c("RO", "40"),  // Romania
    c("RS", "381"), // Serbia
    c("RU", "7"),   // Russian Federation
    c("RW", "250"), // Rwanda
    c("SA", "966"), // Saudi Arabia
    c("SB", "677"), // Solomon Islands
    c("SC", "248"), // Seychelles
    c("SD", "249"), // Sudan
    c("SE", "46"),  // Sweden
    c("SG", "65"),  // Singapore
    c("SH", "290"), // Saint Helena, Ascension and Tristan da Cunha
    c("SI", "386"), // Slovenia
    c("SJ", "47"),  // Svalbard and Jan Mayen
    c("SK", "421"), // Slovakia
    c("SL", "232"), // Sierra Leone
    c("SM", "378"), // San Marino
    c("SN", "221"), // Senegal
    c("SO", "252"), // Somalia
    c("SR", "597"), // Suriname
    c("SS", "211"), // South Sudan
    c("ST", "239"), // Sao Tome and Principe
    c("SV", "503"), // El Salvador
    c("SX", "1"),   // Sint Maarten (Dutch part)
    c("SY", "963"), // Syrian Arab Republic
    c("SZ", "268"), // Eswatini
    c("TC", "1"),   // Turks and Caicos Islands
    c("TD", "235"), // Chad
    c("TF", "262"), // French Southern Territories
    c("TG", "228"), // Togo
    c("TH", "66"),  // Thailand
    c("TJ", "992"), // Tajikistan
    c("TK", "690"), // Tokelau
    c("TL", "670"), // Timor-Leste
    c("TM", "993"), // Turkmenistan
    c("TN", "216"), // Tunisia
    c("TO", "676"), // Tonga
    c("TR", "90"),  // Türkiye
    c("TT", "1"),   // Trinidad and Tobago
    c("TV", "688"), // Tuvalu
    c("TW", "886"), // Taiwan
    c("TZ", "255"), // Tanzania
    c("UA", "380"), // Ukraine
    c("UG", "256"), // Uganda
    c("UM", "1"),   // United States Minor Outlying Islands
    c("US", "1"),   // United States of America
    c("UY", "598"), // Uruguay
    c("UZ", "998"), // Uzbekistan
    c("VA", "39"),  // Holy See (Vatican City State)
    c("VC", "1"),   // Saint Vincent and the Grenadines
    c("VE", "58"),  // Venezuela
    c("VG", "1"),   // Virgin Islands (British)
    c("VI", "1"),   // Virgin Islands (U.S.)
    c("VN", "84"),  // Viet Nam
    c("VU", "678"), // Vanuatu
    c("WF", "681"), // Wallis and Futuna
    c("WS", "685"), // Samoa
    c("YE", "967"), // Yemen
    c("YT", "262"), // Mayotte
    c("ZA", "27"),  // South Africa
    c("ZM", "260"), // Zambia
    c("ZW", "263"), // Zimbabwe
];

/// The country with this ISO code (exact, upper case), if assigned.
pub fn country(iso: &str) -> Option<&'static Country> {
    COUNTRIES
        .binary_search_by(|entry| entry.iso.cmp(iso))
        .ok()
        .and_then(|index| COUNTRIES.get(index))
}

/// The calling code (digits, no `+`) of the country with this ISO code.
pub fn dial_code(iso: &str) -> Option<&'static str> {
    country(iso).map(|entry| entry.dial)
}

/// Whether `code` (digits, no `+`) is the calling code of some country in the table.
pub fn is_dial_code(code: &str) -> bool {
    COUNTRIES.iter().any(|entry| entry.dial == code)
}

/// The calling code that `digits` (an international number without `+` or `00`)
/// starts with. Calling codes are prefix-free (ITU assigns them so that dialling is
/// unambiguous; a test checks it for this table), so at most one can match.
pub fn dial_code_prefix(digits: &str) -> Option<&'static str> {
    COUNTRIES
        .iter()
        .map(|entry| entry.dial)
        .find(|code| digits.starts_with(code))
}

/// How a country writes the national (trunk) prefix in front of local numbers,
/// which must go when the number is written internationally.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trunk {
    /// A leading `0` (most of the world: `020 123 4567` in NL is `+31 20 123 4567`).
    Zero,
    /// No trunk prefix: a leading `0` belongs to the number and is kept
    /// (Italy, San Marino, the Vatican; Côte d'Ivoire and Congo since their 10-
    /// and 9-digit plans put a `0` in front of every number).
    None,
    /// `prefix` in front of the national number. With `national_len`, stripped only
    /// when the number without it is exactly that long, because the same digits
    /// can also start a number typed without prefix (Moscow is `495`, but
    /// St Petersburg is `812`; a NANP user may type `1 212 ...` or `212 ...`).
    Prefix {
        /// The trunk digits as typed in front of the national number.
        prefix: &'static str,
        /// Length of the national number once the prefix is gone, when it is fixed.
        national_len: Option<usize>,
    },
}

/// The trunk prefix rule of a country (ISO code, upper case).
pub fn trunk(iso: &str, dial: &str) -> Trunk {
    match (iso, dial) {
        ("IT" | "SM" | "VA" | "CI" | "CG", _) => Trunk::None,
        // NANP: "1" then a 10-digit number.
        (_, "1") => Trunk::Prefix {
            prefix: "1",
            national_len: Some(10),
        },
        // Russia and Kazakhstan: "8" then a 10-digit number.
        (_, "7") => Trunk::Prefix {
            prefix: "8",
            national_len: Some(10),
        },
        // Belarus dials "8 0" before the 9-digit number ("8 017 ..." is "+375 17 ...").
        ("BY", _) => Trunk::Prefix {
            prefix: "80",
            national_len: Some(9),
        },
        // Turkmenistan (8 digits), Tajikistan and Uzbekistan (9 digits) kept the
        // Soviet "8".
        ("TM", _) => Trunk::Prefix {
            prefix: "8",
            national_len: Some(8),
        },
        ("TJ" | "UZ", _) => Trunk::Prefix {
            prefix: "8",
            national_len: Some(9),
        },
        // Hungary: "06" then an 8- or 9-digit number; no Hungarian number starts with 0.
        ("HU", _) => Trunk::Prefix {
            prefix: "06",
            national_len: None,
        },
        _ => Trunk::Zero,
    }
}

/// Calling codes whose national numbers may start with `0` (see [`Trunk::None`]);
/// after one of these a `0` is part of the number, after any other code it is a
/// mistyped trunk prefix ("+31 020 ...").
pub fn keeps_leading_zero(dial: &str) -> bool {
    matches!(dial, "39" | "378" | "225" | "242")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every officially assigned ISO 3166-1 alpha-2 code, as published by ISO
    /// (written out independently of the table above, so the two check each other).
    const ISO_3166_1: &str = "\
        AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ \
        BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ \
        CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ \
        DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR \
        GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY \
        HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP \
        KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY \
        MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ \
        NA NC NE NF NG NI NL NO NP NR NU NZ OM \
        PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW \
        SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ \
        TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ \
        VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW";

    #[test]
    fn table_covers_every_assigned_code_and_nothing_else() {
        let expected: Vec<&str> = ISO_3166_1.split_whitespace().collect();
        assert_eq!(expected.len(), 249);
        for iso in &expected {
            assert!(country(iso).is_some(), "{iso} missing from the table");
        }
        assert_eq!(COUNTRIES.len(), expected.len());
    }

    #[test]
    fn table_is_sorted_without_duplicates() {
        // Strictly increasing: sorted (binary search works) and no code twice.
        for pair in COUNTRIES.windows(2) {
            assert!(
                pair[0].iso < pair[1].iso,
                "{} / {} out of order or duplicated",
                pair[0].iso,
                pair[1].iso
            );
        }
    }

    #[test]
    fn entries_are_well_formed() {
        for entry in COUNTRIES {
            assert!(
                entry.iso.len() == 2 && entry.iso.chars().all(|ch| ch.is_ascii_uppercase()),
                "bad ISO code {:?}",
                entry.iso
            );
            assert!(
                (1..=3).contains(&entry.dial.len())
                    && entry.dial.chars().all(|ch| ch.is_ascii_digit())
                    && !entry.dial.starts_with('0'),
                "bad dial code {:?} for {}",
                entry.dial,
                entry.iso
            );
        }
    }

    #[test]
    fn distinct_dial_codes_are_prefix_free() {
        for a in COUNTRIES {
            for b in COUNTRIES {
                if a.dial != b.dial {
                    assert!(
                        !b.dial.starts_with(a.dial),
                        "{} ({}) is a prefix of {} ({})",
                        a.dial,
                        a.iso,
                        b.dial,
                        b.iso
                    );
                }
            }
        }
    }

    #[test]
    fn shared_and_well_known_codes() {
        for (iso, dial) in [
            ("NL", "31"),
            ("BE", "32"),
            ("DE", "49"),
            ("GB", "44"),
            ("GG", "44"),
            ("JE", "44"),
            ("IM", "44"),
            ("US", "1"),
            ("CA", "1"),
            ("JM", "1"),
            ("PR", "1"),
            ("SX", "1"),
            ("RU", "7"),
            ("KZ", "7"),
            ("CW", "599"),
            ("BQ", "599"),
            ("HK", "852"),
            ("FI", "358"),
            ("AX", "358"),
            ("GP", "590"),
            ("BL", "590"),
            ("MF", "590"),
            ("RE", "262"),
            ("YT", "262"),
            ("MA", "212"),
            ("EH", "212"),
            ("NO", "47"),
            ("SJ", "47"),
            ("AU", "61"),
            ("CX", "61"),
            ("CC", "61"),
            ("IT", "39"),
            ("VA", "39"),
        ] {
            assert_eq!(dial_code(iso), Some(dial), "{iso}");
        }
        assert_eq!(dial_code("XX"), None);
        assert_eq!(dial_code("UK"), None, "UK is not an ISO assignment");
        assert_eq!(dial_code("nl"), None, "lookup is exact; callers upper-case");
        assert_eq!(dial_code(""), None);
    }

    #[test]
    fn prefix_lookup() {
        assert_eq!(dial_code_prefix("31201234567"), Some("31"));
        assert_eq!(dial_code_prefix("12125551234"), Some("1"));
        assert_eq!(dial_code_prefix("85221234567"), Some("852"));
        assert_eq!(dial_code_prefix("59991234567"), Some("599"));
        assert_eq!(dial_code_prefix("74951234567"), Some("7"));
        assert_eq!(dial_code_prefix("999123"), None);
        assert_eq!(dial_code_prefix(""), None);
        assert!(is_dial_code("44"));
        assert!(!is_dial_code("4"));
    }

    #[test]
    fn trunk_rules() {
        assert_eq!(trunk("NL", "31"), Trunk::Zero);
        assert_eq!(trunk("IT", "39"), Trunk::None);
        assert!(matches!(
            trunk("US", "1"),
            Trunk::Prefix { prefix: "1", .. }
        ));
        assert!(matches!(
            trunk("KZ", "7"),
            Trunk::Prefix { prefix: "8", .. }
        ));
        assert!(keeps_leading_zero("39"));
        assert!(!keeps_leading_zero("31"));
    }
}
