//! Masking of secrets before anything leaves the component: every `log` entry,
//! activity line and error message. The policy itself (which forms of a secret,
//! token-shaped strings, sensitive JSON members such as `auth_code`) is the
//! `odr-mask` crate, which the PHP extension compiles too, so PHP masks exactly
//! as the component does. The API key stays readable.
//!
//! Besides the per-client [`Masker`], every secret a call learns (the API
//! secret and its SHA-1, signatures, tokens, an order's EPP code) is remembered
//! for the rest of the call ([`remember`]); [`mask_call`] applies them at the
//! component's boundary (errors, `log`), whichever code path produced the text.
//! The component gets a fresh instance per call, so that memory is per call.

use std::cell::RefCell;

pub use odr_mask::MASK;

thread_local! {
    /// The secrets of the current call (the component is single-threaded).
    static CALL_SECRETS: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
}

/// Remember `secret` for the rest of the call (see [`mask_call`]).
pub fn remember(secret: &str) {
    let secret = secret.trim();
    if secret.len() < odr_mask::MIN_SECRET_LEN {
        return;
    }
    CALL_SECRETS.with(|s| {
        let mut s = s.borrow_mut();
        if !s.iter().any(|known| known == secret) {
            s.push(secret.to_string());
        }
    });
}

/// Forget the secrets remembered so far (a new call starts).
pub fn forget_all() {
    CALL_SECRETS.with(|s| s.borrow_mut().clear());
}

/// A call starts: forget the last call's secrets and remember this one's API secret
/// and its SHA-1 (the inner hash of the login signature).
pub fn begin_call(api_secret: &str) {
    forget_all();
    let secret = api_secret.trim();
    remember(secret);
    if !secret.is_empty() {
        remember(&crate::odr::signature::sha1_hex(secret.as_bytes()));
    }
}

/// `text` masked with the call's secrets and the shared policy.
pub fn mask_call(text: &str) -> String {
    CALL_SECRETS.with(|s| odr_mask::mask(text, &s.borrow()))
}

/// The secrets of one client, replaced wherever they occur.
#[derive(Clone, Debug, Default)]
pub struct Masker {
    secrets: Vec<String>,
}

impl Masker {
    /// Remember a secret (for this client and for the rest of the call). Very
    /// short values are not masked (they would mask ordinary text); an API secret
    /// that short is refused before use anyway.
    pub fn add(&mut self, secret: &str) {
        let secret = secret.trim();
        if secret.len() >= odr_mask::MIN_SECRET_LEN && !self.secrets.iter().any(|s| s == secret) {
            self.secrets.push(secret.to_string());
        }
        remember(secret);
    }

    /// `text` with every remembered secret, token-shaped string and sensitive
    /// JSON member (EPP code, signature, token) replaced by [`MASK`].
    pub fn mask(&self, text: &str) -> String {
        mask_call(&odr_mask::mask(text, &self.secrets))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_every_secret_and_keeps_the_rest() {
        let mut m = Masker::default();
        m.add("secret$abc");
        m.add("tok-f1c7");
        m.add("tok-f1c7a6");
        m.add("ab");
        let text = r#"{"api_key":"public$k","sig":"tok-f1c7a6","x":"secret$abc secret$abc"} ab"#;
        assert_eq!(
            m.mask(text),
            r#"{"api_key":"public$k","sig":"********","x":"******** ********"} ab"#
        );
    }

    #[test]
    fn masks_epp_codes_and_token_shaped_strings_without_being_told() {
        let m = Masker::default();
        let text = r#"HTTP 200
{"status":"success","response":{"domain_name":"example","auth_code":"Xk29PqLm7A","token":"token$4f2a9c0e1d"}}"#;
        assert_eq!(
            m.mask(text),
            r#"HTTP 200
{"status":"success","response":{"domain_name":"example","auth_code":"********","token":"********"}}"#
        );
    }

    #[test]
    fn a_remembered_secret_is_masked_at_the_boundary_for_the_rest_of_the_call() {
        forget_all();
        let mut m = Masker::default();
        m.add("Xk29-Pq&Lm7A");
        drop(m);
        assert_eq!(
            mask_call("state store: INSERT ... values ('Xk29-Pq&Lm7A')"),
            "state store: INSERT ... values ('********')"
        );
        forget_all();
        assert_eq!(mask_call("Xk29-Pq&Lm7A"), "Xk29-Pq&Lm7A");
    }
}
