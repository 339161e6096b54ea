//! Masking of secrets (API secret, login signature, tokens) before anything
//! reaches `log`, an error message or a result. The API key stays readable.

/// What a masked secret is replaced with.
pub const MASK: &str = "********";

/// The secrets of one client, replaced wherever they occur.
#[derive(Clone, Debug, Default)]
pub struct Masker {
    secrets: Vec<String>,
}

impl Masker {
    /// Remember a secret. Very short values are not masked (they would mask
    /// ordinary text); an API secret that short is refused before use anyway.
    pub fn add(&mut self, secret: &str) {
        let secret = secret.trim();
        if secret.len() >= 4 && !self.secrets.iter().any(|s| s == secret) {
            // Longest first, so a secret containing another is masked whole.
            let at = self
                .secrets
                .iter()
                .position(|s| s.len() < secret.len())
                .unwrap_or(self.secrets.len());
            self.secrets.insert(at, secret.to_string());
        }
    }

    /// `text` with every remembered secret replaced by [`MASK`].
    pub fn mask(&self, text: &str) -> String {
        let mut out = text.to_string();
        for secret in &self.secrets {
            if out.contains(secret.as_str()) {
                out = out.replace(secret.as_str(), MASK);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_every_secret_and_keeps_the_rest() {
        let mut m = Masker::default();
        m.add("secret$abc");
        m.add("token$f1c7");
        m.add("token$f1c7a6");
        m.add("ab");
        let text =
            r#"{"api_key":"public$k","signature":"token$f1c7a6","x":"secret$abc secret$abc"} ab"#;
        assert_eq!(
            m.mask(text),
            r#"{"api_key":"public$k","signature":"********","x":"******** ********"} ab"#
        );
    }
}
