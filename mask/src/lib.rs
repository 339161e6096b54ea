//! The one masking policy of odr-registrar, shared by the component (every log
//! line, activity line and error it emits) and the PHP extension
//! (`Odr\Registrar::mask()`, used by the WHMCS module for its own messages).
//!
//! [`mask`] replaces, wherever they occur in a text:
//! 1. each given secret (at least [`MIN_SECRET_LEN`] bytes), also in its JSON-escaped
//!    and percent-encoded forms;
//! 2. every token-shaped string: `token$` followed by [`MIN_SHAPED_LEN`] or more hex
//!    digits (ODR's access tokens and login signatures), and `secret$` followed by
//!    letters or digits (ODR's API secrets);
//! 3. the string value of every JSON member whose name is in [`SENSITIVE_KEYS`]
//!    (case-insensitive), e.g. `"auth_code": "Xk29PqLm7A"` → `"auth_code": "********"`:
//!    EPP codes, signatures, tokens, secrets, passwords.
//!
//! Pure, no dependencies, no regex engine (the component stays small).

/// What a masked secret is replaced with.
pub const MASK: &str = "********";

/// Shorter given secrets are not masked: they would garble ordinary text (an API
/// secret that short is refused before use anyway).
pub const MIN_SECRET_LEN: usize = 4;

/// Fewest hex digits after `token$` for a string to be token-shaped.
pub const MIN_SHAPED_LEN: usize = 8;

/// JSON member names whose string values are always masked.
pub const SENSITIVE_KEYS: &[&str] = &[
    "auth_code",
    "authcode",
    "auth-code",
    "epp_code",
    "eppcode",
    "epp-code",
    "signature",
    "token",
    "access_token",
    "x-access-token",
    "api_secret",
    "api-secret",
    "apisecret",
    "secret",
    "password",
];

/// `text` with the secrets, token-shaped strings and sensitive JSON values masked.
pub fn mask<S: AsRef<str>>(text: &str, secrets: &[S]) -> String {
    let mut forms: Vec<String> = Vec::new();
    for secret in secrets {
        let secret = secret.as_ref().trim();
        if secret.len() < MIN_SECRET_LEN {
            continue;
        }
        for form in [
            secret.to_string(),
            json_escaped(secret),
            percent_encoded(secret),
        ] {
            if !forms.contains(&form) {
                forms.push(form);
            }
        }
    }
    // Longest first, so a secret containing another is masked whole.
    forms.sort_by_key(|f| std::cmp::Reverse(f.len()));
    let mut out = text.to_string();
    for form in &forms {
        if out.contains(form.as_str()) {
            out = out.replace(form.as_str(), MASK);
        }
    }
    let out = mask_shaped(&out, "token$", |c| c.is_ascii_hexdigit(), MIN_SHAPED_LEN);
    let out = mask_shaped(&out, "secret$", |c| c.is_ascii_alphanumeric(), 1);
    mask_sensitive_members(&out)
}

/// True when `text` holds nothing [`mask`] would change without given secrets.
pub fn is_clean(text: &str) -> bool {
    mask::<&str>(text, &[]) == text
}

/// Replace `prefix` followed by at least `min` characters matching `allowed`.
fn mask_shaped(text: &str, prefix: &str, allowed: fn(char) -> bool, min: usize) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(pos) = find_ignore_case(rest, prefix) {
        let after = &rest[pos + prefix.len()..];
        let run = after
            .char_indices()
            .find(|(_, c)| !allowed(*c))
            .map_or(after.len(), |(i, _)| i);
        out.push_str(&rest[..pos]);
        if run >= min {
            out.push_str(MASK);
        } else {
            out.push_str(&rest[pos..pos + prefix.len() + run]);
        }
        rest = &after[run..];
    }
    out.push_str(rest);
    out
}

/// Mask the string value of `"name" : "value"` for every sensitive name. Each
/// quoted sensitive name is looked for on its own (no quote pairing over the whole
/// text, so an unbalanced quote earlier in a log line cannot hide a member).
fn mask_sensitive_members(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'"' {
            i += 1;
            continue;
        }
        let name = SENSITIVE_KEYS.iter().find(|k| {
            let end = i + 1 + k.len();
            bytes.get(end) == Some(&b'"') && bytes[i + 1..end].eq_ignore_ascii_case(k.as_bytes())
        });
        let Some(name) = name else {
            i += 1;
            continue;
        };
        let after_name = i + 1 + name.len() + 1;
        let j = skip_space(bytes, after_name);
        if bytes.get(j) != Some(&b':') {
            i = after_name;
            continue;
        }
        let j = skip_space(bytes, j + 1);
        if bytes.get(j) != Some(&b'"') {
            i = j;
            continue;
        }
        let Some(value_end) = string_end(bytes, j + 1) else {
            i = j + 1;
            continue;
        };
        // Keep an empty value and a placeholder (`<TOKEN>`) readable.
        let value = &text[j + 1..value_end];
        if !value.is_empty() && !is_placeholder(value) && value != MASK {
            out.push_str(&text[copied..=j]);
            out.push_str(MASK);
            copied = value_end;
        }
        i = value_end + 1;
    }
    out.push_str(&text[copied..]);
    out
}

/// The index of the closing quote of a JSON string whose content starts at `from`.
fn string_end(bytes: &[u8], from: usize) -> Option<usize> {
    let mut k = from;
    while k < bytes.len() {
        match bytes[k] {
            b'\\' => k += 2,
            b'"' => return Some(k),
            b'\n' => return None,
            _ => k += 1,
        }
    }
    None
}

fn skip_space(bytes: &[u8], mut k: usize) -> usize {
    while k < bytes.len() && matches!(bytes[k], b' ' | b'\t' | b'\r' | b'\n') {
        k += 1;
    }
    k
}

fn is_placeholder(value: &str) -> bool {
    value.len() > 2
        && value.starts_with('<')
        && value.ends_with('>')
        && value[1..value.len() - 1]
            .chars()
            .all(|c| c.is_ascii_uppercase() || c == '_')
}

fn find_ignore_case(haystack: &str, needle: &str) -> Option<usize> {
    let h = haystack.as_bytes();
    let n = needle.as_bytes();
    if n.is_empty() || h.len() < n.len() {
        return None;
    }
    (0..=h.len() - n.len()).find(|&i| h[i..i + n.len()].eq_ignore_ascii_case(n))
}

fn json_escaped(secret: &str) -> String {
    let mut out = String::with_capacity(secret.len());
    for c in secret.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '/' => out.push_str("\\/"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

fn percent_encoded(secret: &str) -> String {
    let mut out = String::with_capacity(secret.len() * 3);
    for b in secret.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const NONE: &[&str] = &[];

    #[test]
    fn masks_given_secrets_longest_first_in_every_form() {
        let secrets = ["sec/ret\"x", "abcd1234", "abcd", "ab"];
        let text = r#"raw sec/ret"x json sec\/ret\"x url sec%2Fret%22x abcd1234 abcd ab"#;
        assert_eq!(
            mask(text, &secrets),
            "raw ******** json ******** url ******** ******** ******** ab"
        );
    }

    #[test]
    fn masks_token_shaped_strings_anywhere() {
        let text = "X-Access-Token: token$4f2a9c0e1d; sig TOKEN$F1C7A60AFDB74E505D76DC9FE8F303FB9756BF5F, \
                    short token$abc, word token$, secret$examplesecret.";
        assert_eq!(
            mask(text, NONE),
            "X-Access-Token: ********; sig ********, short token$abc, word token$, ********."
        );
    }

    #[test]
    fn masks_sensitive_json_members_and_keeps_the_rest() {
        let text = r#"{"domain_name":"example","auth_code" : "Xk29\"PqLm7A","Signature":"s1","x":{"token":"<TOKEN>"},"code":200,"auth_code":null,"AuthCode":"","message":"auth_code"}"#;
        assert_eq!(
            mask(text, NONE),
            r#"{"domain_name":"example","auth_code" : "********","Signature":"********","x":{"token":"<TOKEN>"},"code":200,"auth_code":null,"AuthCode":"","message":"auth_code"}"#
        );
    }

    #[test]
    fn a_value_named_like_a_key_is_not_mistaken_for_a_name() {
        let text = r#"{"field":"auth_code","message":"Auth code is incorrect"}"#;
        assert_eq!(mask(text, NONE), text);
        assert!(is_clean(text));
        assert!(!is_clean(r#"{"auth_code":"x"}"#));
    }

    #[test]
    fn odd_input_never_panics() {
        for text in [
            "\"",
            "\"auth_code\"",
            "\"auth_code\":",
            "\"auth_code\": \"",
            "é\"code\":\"é",
            "token$",
            "\\\"",
        ] {
            let _ = mask(text, &["ééé"]);
        }
    }
}
