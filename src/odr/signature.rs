//! The login signature (docs/odr-api.md §3.1-3.2).
//!
//! Known rule: `token$` + sha1_hex(api_key + " " + timestamp + " " + sha1_hex(api_secret)).
//! When ODR rejects that, the client reads the rule from `POST /info/user/login/`
//! and evaluates its template generically with [`evaluate_rule`].

use md5::Md5;
use sha1::{Digest, Sha1};

/// The template of the known rule, as `signature_rule_clear` would spell it.
pub const KNOWN_RULE_CLEAR: &str = "#API_KEY# #TIMESTAMP# #SHA1(API_SECRET)#";

/// Lower-case hex of the SHA-1 of `data`.
pub fn sha1_hex(data: &[u8]) -> String {
    hex(&Sha1::digest(data))
}

/// Lower-case hex of the MD5 of `data`.
pub fn md5_hex(data: &[u8]) -> String {
    hex(&Md5::digest(data))
}

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(DIGITS[usize::from(b >> 4)] as char);
        out.push(DIGITS[usize::from(b & 0x0f)] as char);
    }
    out
}

/// The signature by the known rule (§3.2).
pub fn known_signature(api_key: &str, api_secret: &str, timestamp: i64) -> String {
    let inner = sha1_hex(api_secret.as_bytes());
    let message = format!("{api_key} {timestamp} {inner}");
    format!("token${}", sha1_hex(message.as_bytes()))
}

/// The outer hash a `signature_rule` selects.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OuterHash {
    /// `#SHA1(...)#` (also the default).
    Sha1,
    /// `#MD5(...)#`.
    Md5,
}

/// The outer hash named at the start of `signature_rule`; SHA-1 by default.
pub fn outer_hash(rule: &str) -> OuterHash {
    if rule.trim_start().to_ascii_uppercase().starts_with("#MD5(") {
        OuterHash::Md5
    } else {
        OuterHash::Sha1
    }
}

/// The clear template for a rule: `signature_rule_clear` when given, else the
/// inside of `signature_rule`'s outer `#SHA1( ... )#` / `#MD5( ... )#`.
pub fn clear_template(rule: &str, clear: Option<&str>) -> Result<String, String> {
    if let Some(clear) = clear.filter(|c| !c.trim().is_empty()) {
        return Ok(clear.to_string());
    }
    let rule = rule.trim();
    let upper = rule.to_ascii_uppercase();
    for opener in ["#SHA1(", "#MD5("] {
        if upper.starts_with(opener) && upper.ends_with(")#") && rule.len() >= opener.len() + 2 {
            if let Some(inner) = rule.get(opener.len()..rule.len() - 2) {
                return Ok(inner.to_string());
            }
        }
    }
    Err(format!(
        "ODR's signature rule '{rule}' has no template the module understands"
    ))
}

/// Refuse a template whose signature would not bind the API key and the
/// timestamp: only those make every signature differ per account and per
/// login, and a rule without them could reduce to a plain hash of the secret
/// (`#SHA1(API_SECRET)#`), which would hand a server (or anyone reading the
/// login) a reusable credential.
pub fn check_template(template: &str) -> Result<(), String> {
    let upper = template.to_ascii_uppercase();
    let has_key = ["#API_KEY#", "#MD5(API_KEY)#", "#SHA1(API_KEY)#"]
        .iter()
        .any(|p| upper.contains(p));
    let has_timestamp = upper.contains("#TIMESTAMP#");
    if has_key && has_timestamp {
        return Ok(());
    }
    let missing = match (has_key, has_timestamp) {
        (false, false) => "the API key and the timestamp",
        (false, true) => "the API key",
        _ => "the timestamp",
    };
    Err(format!(
        "ODR's signature rule '{template}' is refused: it does not include {missing}, so the \
         signature could be a plain hash of the API secret. The module signs only with a rule \
         that includes #API_KEY# and #TIMESTAMP#"
    ))
}

/// Evaluate a signature template (refused by [`check_template`] unless it
/// includes the API key and the timestamp): substitute the seven placeholders, hash with
/// the outer hash, prefix `token$`. An unknown `#PLACEHOLDER#` is an error.
pub fn evaluate_rule(
    rule: &str,
    clear: Option<&str>,
    api_key: &str,
    api_secret: &str,
    timestamp: i64,
) -> Result<String, String> {
    let template = clear_template(rule, clear)?;
    check_template(&template)?;
    let timestamp = timestamp.to_string();
    let placeholders: [(&str, String); 7] = [
        ("#API_KEY#", api_key.to_string()),
        ("#MD5(API_KEY)#", md5_hex(api_key.as_bytes())),
        ("#SHA1(API_KEY)#", sha1_hex(api_key.as_bytes())),
        ("#TIMESTAMP#", timestamp),
        ("#API_SECRET#", api_secret.to_string()),
        ("#MD5(API_SECRET)#", md5_hex(api_secret.as_bytes())),
        ("#SHA1(API_SECRET)#", sha1_hex(api_secret.as_bytes())),
    ];
    // One pass over the template, so substituted values are never re-scanned.
    let mut message = String::with_capacity(template.len() + 64);
    let mut rest = template.as_str();
    while let Some(pos) = rest.find('#') {
        message.push_str(&rest[..pos]);
        let tail = &rest[pos..];
        let upper_tail = tail.to_ascii_uppercase();
        if let Some((name, value)) = placeholders.iter().find(|(n, _)| upper_tail.starts_with(n)) {
            message.push_str(value);
            rest = &tail[name.len()..];
            continue;
        }
        // `#WORD#` that is not one of ours: refuse rather than sign garbage.
        let after = &tail[1..];
        if let Some(end) = after.find('#') {
            let word = &after[..end];
            if !word.is_empty()
                && word
                    .chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || "_()".contains(c))
            {
                return Err(format!(
                    "ODR's signature rule uses an unknown placeholder #{word}#"
                ));
            }
        }
        message.push('#');
        rest = after;
    }
    message.push_str(rest);
    let digest = match outer_hash(rule) {
        OuterHash::Sha1 => sha1_hex(message.as_bytes()),
        OuterHash::Md5 => md5_hex(message.as_bytes()),
    };
    Ok(format!("token${digest}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "public$examplekey";
    const SECRET: &str = "secret$examplesecret";

    #[test]
    fn worked_example_of_section_3_2() {
        assert_eq!(
            sha1_hex(SECRET.as_bytes()),
            "b222837f6b6b202275a3c616f90d36d73b12707e"
        );
        assert_eq!(
            known_signature(KEY, SECRET, 1_500_000_000),
            "token$f1c7a60afdb74e505d76dc9fe8f303fb9756bf5f"
        );
    }

    #[test]
    fn known_template_evaluates_to_the_known_signature() {
        let rule = "#SHA1(#API_KEY# #TIMESTAMP# #SHA1(API_SECRET)#)#";
        assert_eq!(
            evaluate_rule(rule, Some(KNOWN_RULE_CLEAR), KEY, SECRET, 1_500_000_000).unwrap(),
            "token$f1c7a60afdb74e505d76dc9fe8f303fb9756bf5f"
        );
        // Without the clear template, the inside of the rule is used.
        assert_eq!(
            evaluate_rule(rule, None, KEY, SECRET, 1_500_000_000).unwrap(),
            "token$f1c7a60afdb74e505d76dc9fe8f303fb9756bf5f"
        );
    }

    #[test]
    fn md5_outer_and_other_placeholders() {
        let rule = "#MD5(#SHA1(API_KEY#-#TIMESTAMP#-#MD5(API_SECRET)#)#";
        let clear = "#SHA1(API_KEY)#-#TIMESTAMP#-#MD5(API_SECRET)#";
        let message = format!(
            "{}-1-{}",
            sha1_hex(KEY.as_bytes()),
            md5_hex(SECRET.as_bytes())
        );
        assert_eq!(
            evaluate_rule(rule, Some(clear), KEY, SECRET, 1).unwrap(),
            format!("token${}", md5_hex(message.as_bytes()))
        );
        let plain = evaluate_rule(
            "#SHA1(x)#",
            Some("#API_SECRET##API_KEY##MD5(API_KEY)##TIMESTAMP#"),
            "k",
            "s",
            0,
        )
        .unwrap();
        let message = format!("sk{}0", md5_hex(b"k"));
        assert_eq!(plain, format!("token${}", sha1_hex(message.as_bytes())));
    }

    #[test]
    fn substituted_values_are_not_rescanned_and_stray_hashes_stay() {
        let key = "#TIMESTAMP#";
        let got =
            evaluate_rule("#SHA1(..)#", Some("#API_KEY# # #TIMESTAMP#"), key, "s", 5).unwrap();
        assert_eq!(got, format!("token${}", sha1_hex(b"#TIMESTAMP# # 5")));
    }

    #[test]
    fn rules_without_the_key_and_the_timestamp_are_refused() {
        for clear in [
            "#SHA1(API_SECRET)#",
            "#API_SECRET#",
            "#MD5(API_SECRET)# #TIMESTAMP#",
            "#API_KEY# #SHA1(API_SECRET)#",
            "#MD5(API_KEY)#",
            "api_key timestamp #SHA1(API_SECRET)#",
        ] {
            let error = evaluate_rule("#SHA1(x)#", Some(clear), KEY, SECRET, 1).unwrap_err();
            assert!(error.contains("is refused"), "{clear}: {error}");
        }
        // Without a clear template, the rule's own inside is checked.
        assert!(evaluate_rule("#SHA1(#SHA1(API_SECRET)#)#", None, KEY, SECRET, 1).is_err());
        assert!(evaluate_rule("#MD5(#SHA1(API_KEY)##TIMESTAMP#)#", None, KEY, SECRET, 1).is_ok());
    }

    #[test]
    fn unknown_placeholders_and_templates_are_errors() {
        assert!(evaluate_rule("#SHA1(x)#", Some("#API_KEY# #NONCE#"), KEY, SECRET, 1).is_err());
        assert!(evaluate_rule("something else", None, KEY, SECRET, 1).is_err());
        assert_eq!(outer_hash(" #md5(x)#"), OuterHash::Md5);
        assert_eq!(outer_hash(""), OuterHash::Sha1);
    }
}
