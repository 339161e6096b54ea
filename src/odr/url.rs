//! The API base URL, request paths and query strings.

/// ODR's production API.
pub const PRODUCTION_URL: &str = "https://api.opendomainregistry.net/";
/// ODR's staging API (plain HTTP, separate account and keys).
pub const STAGING_URL: &str = "http://api.odrregistry.nl/";

/// ODR's staging host, the one remote host reached over plain HTTP.
pub const STAGING_HOST: &str = "api.odrregistry.nl";

/// True when a plain `http://` base URL may be used for `authority` (lower
/// case, `host[:port]`): ODR's documented staging host, and loopback (the
/// server itself: `localhost`, `*.localhost`, `127.0.0.0/8`, `[::1]`). Names
/// under `.test` (RFC 6761: reserved for testing, never delegated in the public
/// DNS) count as local too; the test suites use `odr.test`.
pub fn plain_http_allowed(authority: &str) -> bool {
    let host = if let Some(rest) = authority.strip_prefix('[') {
        match rest.split_once(']') {
            Some((host, _)) => host,
            None => return false,
        }
    } else {
        authority.split(':').next().unwrap_or("")
    };
    let host = host.trim_end_matches('.');
    if host == STAGING_HOST {
        return authority == STAGING_HOST || authority == "api.odrregistry.nl:80";
    }
    let loopback_v4 = host
        .parse::<std::net::Ipv4Addr>()
        .is_ok_and(|ip| ip.is_loopback());
    let loopback_v6 = host
        .parse::<std::net::Ipv6Addr>()
        .is_ok_and(|ip| ip.is_loopback());
    loopback_v4
        || loopback_v6
        || host == "localhost"
        || host.ends_with(".localhost")
        || host.ends_with(".test")
}

/// `http` or `https`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scheme {
    /// Plain HTTP (staging, local test servers).
    Http,
    /// HTTPS.
    Https,
}

/// A parsed base URL: scheme, authority and an optional path prefix.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BaseUrl {
    /// The scheme.
    pub scheme: Scheme,
    /// `host[:port]`.
    pub authority: String,
    /// Path prefix without a trailing slash: empty, or e.g. `/api`.
    pub prefix: String,
}

/// The base URL the settings select: the override when set, else production, or
/// staging under test mode. Pure; the override is returned normalised when it
/// parses, verbatim (trimmed) otherwise.
pub fn select(api_url: &str, test_mode: bool) -> String {
    let trimmed = api_url.trim();
    if trimmed.is_empty() {
        return if test_mode {
            STAGING_URL
        } else {
            PRODUCTION_URL
        }
        .to_string();
    }
    match BaseUrl::parse(trimmed) {
        Ok(base) => base.to_url(),
        Err(_) => trimmed.to_string(),
    }
}

impl BaseUrl {
    /// Parse `http(s)://authority[/prefix][/]`. Userinfo, query and fragment
    /// are refused.
    pub fn parse(text: &str) -> Result<BaseUrl, String> {
        let text = text.trim();
        let lower = text.to_ascii_lowercase();
        let (scheme, rest) = if lower.starts_with("https://") {
            (Scheme::Https, &text[8..])
        } else if lower.starts_with("http://") {
            (Scheme::Http, &text[7..])
        } else {
            return Err(format!("'{text}' is not an http:// or https:// URL"));
        };
        if rest.contains(['?', '#']) {
            return Err(format!("'{text}' must not have a query or fragment"));
        }
        let (authority, path) = match rest.find('/') {
            Some(i) => (&rest[..i], &rest[i..]),
            None => (rest, ""),
        };
        if authority.is_empty()
            || authority.contains('@')
            || authority
                .chars()
                .any(|c| c.is_whitespace() || c.is_control())
        {
            return Err(format!("'{text}' has no valid host"));
        }
        if path.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(format!("'{text}' has an invalid path"));
        }
        let prefix = path.trim_end_matches('/');
        let prefix = if prefix.is_empty() {
            String::new()
        } else {
            format!("/{}", prefix.trim_start_matches('/'))
        };
        let authority = authority.to_ascii_lowercase();
        if scheme == Scheme::Http && !plain_http_allowed(&authority) {
            return Err(format!(
                "'{text}' uses plain http://, which would send the login signature and the \
                 access token unencrypted; only https:// is accepted (plain http:// only for \
                 ODR's staging host {STAGING_HOST} and for this server itself: localhost, \
                 127.0.0.1, [::1])"
            ));
        }
        Ok(BaseUrl {
            scheme,
            authority,
            prefix,
        })
    }

    /// The URL as text, with one trailing slash.
    pub fn to_url(&self) -> String {
        let scheme = match self.scheme {
            Scheme::Http => "http",
            Scheme::Https => "https",
        };
        format!("{scheme}://{}{}/", self.authority, self.prefix)
    }

    /// The request path for these segments: the prefix, each segment
    /// percent-encoded, one leading and one trailing slash.
    pub fn path(&self, segments: &[&str]) -> String {
        let mut path = self.prefix.clone();
        for segment in segments {
            path.push('/');
            path.push_str(&encode_component(segment));
        }
        path.push('/');
        path
    }
}

/// Percent-encode everything but RFC 3986 unreserved characters.
pub fn encode_component(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// A query string from key/value pairs, each side percent-encoded.
pub fn query(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", encode_component(k), encode_component(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// A DNS label as ODR takes it: 1 to 63 letters, digits and hyphens (and `_`, in
/// host names, where `underscore`), no hyphen at either end.
pub fn valid_label(label: &str, underscore: bool) -> bool {
    !label.is_empty()
        && label.len() <= 63
        && !label.starts_with('-')
        && !label.ends_with('-')
        && label
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || (underscore && b == b'_'))
}

/// A name of at least two [`valid_label`]s, at most 253 characters.
pub fn valid_name(name: &str, underscore: bool) -> bool {
    name.len() <= 253
        && name.contains('.')
        && name.split('.').all(|label| valid_label(label, underscore))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn selects_production_staging_or_override() {
        assert_eq!(select("", false), PRODUCTION_URL);
        assert_eq!(select("  ", true), STAGING_URL);
        assert_eq!(
            select("http://127.0.0.1:8080", true),
            "http://127.0.0.1:8080/"
        );
        assert_eq!(
            select("HTTPS://Api.Example.NET/odr//", false),
            "https://api.example.net/odr/"
        );
        assert_eq!(select("ftp://x", false), "ftp://x");
    }

    #[test]
    fn parses_and_refuses() {
        let b = BaseUrl::parse("https://api.opendomainregistry.net/").unwrap();
        assert_eq!(b.scheme, Scheme::Https);
        assert_eq!(b.authority, "api.opendomainregistry.net");
        assert_eq!(b.prefix, "");
        assert!(BaseUrl::parse("https://user:pw@host/").is_err());
        assert!(BaseUrl::parse("https:///x").is_err());
        assert!(BaseUrl::parse("https://host/?a=1").is_err());
        assert!(BaseUrl::parse("host").is_err());
        assert!(BaseUrl::parse("https://ho st/").is_err());
    }

    #[test]
    fn plain_http_only_for_staging_and_loopback() {
        for ok in [
            STAGING_URL,
            "http://api.odrregistry.nl:80/",
            "http://127.0.0.1:8080/",
            "http://127.9.9.9/",
            "http://localhost:1/",
            "http://odr.localhost/",
            "http://[::1]:8080/",
            "http://odr.test/",
            "https://api.example.net/",
            "https://10.0.0.1/",
        ] {
            assert!(BaseUrl::parse(ok).is_ok(), "{ok}");
        }
        for refused in [
            "http://api.opendomainregistry.net/",
            "http://api.example.net/",
            "http://10.0.0.1/",
            "http://128.0.0.1/",
            "http://[::2]/",
            "http://api.odrregistry.nl:8080/",
            "http://api.odrregistry.nl.evil.example/",
            "http://localhost.evil.example/",
            "http://test/",
        ] {
            let error = BaseUrl::parse(refused).unwrap_err();
            assert!(error.contains("plain http://"), "{refused}: {error}");
        }
    }

    #[test]
    fn builds_paths_with_one_slash_each_side() {
        let b = BaseUrl::parse("http://localhost:1/").unwrap();
        assert_eq!(b.path(&["user", "login"]), "/user/login/");
        assert_eq!(
            b.path(&["domain", "example.nl", "info"]),
            "/domain/example.nl/info/"
        );
        assert_eq!(b.path(&["domain", "a b/c"]), "/domain/a%20b%2Fc/");
        assert_eq!(b.path(&[]), "/");
        let p = BaseUrl::parse("http://localhost:1/api/").unwrap();
        assert_eq!(p.path(&["contact"]), "/api/contact/");
    }

    #[test]
    fn encodes_queries() {
        assert_eq!(query(&[("page", "2")]), "page=2");
        assert_eq!(
            query(&[("o[id]", "ASC"), ("f[name]", "a&b=ü")]),
            "o%5Bid%5D=ASC&f%5Bname%5D=a%26b%3D%C3%BC"
        );
        assert_eq!(query(&[]), "");
    }
}
