//! `wasi:http` for the component: the allow-list and the hand-over to the broker.

use crate::broker::{self, Request};
use crate::{HttpRequest, HttpResponse, TransportError};
use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use std::fmt;
use std::future::Future;
use std::time::Duration;
use tokio::sync::oneshot;
use wasmtime_wasi_http::{Error, RequestOptions, WasiBody, WasiHttpHooks};

/// The timeout of a request whose guest set none.
pub(crate) const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// Scheme, host and port: the one place a call may send requests to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    scheme: String,
    host: String,
    port: u16,
}

impl Origin {
    /// The origin of an absolute `http`/`https` URL, e.g. the result of `api-endpoint`.
    pub fn parse(url: &str) -> Result<Origin, String> {
        let uri: http::Uri = url
            .parse()
            .map_err(|e| format!("`{url}` is not a URL: {e}"))?;
        Origin::of_uri(&uri)
            .ok_or_else(|| format!("`{url}` is not an absolute http(s) URL with a host name"))
    }

    fn of_uri(uri: &http::Uri) -> Option<Origin> {
        let scheme = uri.scheme_str()?.to_ascii_lowercase();
        let default_port = match scheme.as_str() {
            "http" => 80,
            "https" => 443,
            _ => return None,
        };
        let host = uri.host()?.to_ascii_lowercase();
        if host.is_empty() {
            return None;
        }
        Some(Origin {
            scheme,
            host,
            port: uri.port_u16().unwrap_or(default_port),
        })
    }

    /// Whether a request to `uri` stays on this origin. Userinfo (`user@host`) is
    /// refused even for the right host: the component has no credentials to send
    /// that way, and a transport would turn it into an `Authorization` header.
    pub fn allows(&self, uri: &http::Uri) -> bool {
        let userinfo = uri.authority().is_some_and(|a| a.as_str().contains('@'));
        !userinfo && Origin::of_uri(uri).is_some_and(|other| &other == self)
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}://{}:{}", self.scheme, self.host, self.port)
    }
}

/// The per-call `wasi:http` hooks: allow-list, then the broker.
pub(crate) struct Hooks {
    /// `None` until `api-endpoint` has answered: every request is refused.
    pub(crate) allowed: Option<Origin>,
    pub(crate) broker: broker::Sender,
}

type SendFuture = Box<
    dyn Future<
            Output = Result<
                (
                    http::Response<WasiBody>,
                    Box<dyn Future<Output = Result<(), Error>> + Send>,
                ),
                Error,
            >,
        > + Send,
>;

fn timeout_of(options: Option<RequestOptions>) -> Duration {
    options
        .and_then(|o| {
            [
                o.connect_timeout,
                o.first_byte_timeout,
                o.between_bytes_timeout,
            ]
            .into_iter()
            .flatten()
            .max()
        })
        .unwrap_or(DEFAULT_TIMEOUT)
}

fn into_wasi_response(response: HttpResponse) -> Result<http::Response<WasiBody>, Error> {
    let mut builder = http::Response::builder().status(response.status);
    for (name, value) in &response.headers {
        // A transport may hand over a header hyper would refuse; the guest never needs it.
        let valid = http::HeaderName::from_bytes(name.as_bytes()).is_ok()
            && http::HeaderValue::from_str(value).is_ok();
        if valid {
            builder = builder.header(name.as_str(), value.as_str());
        }
    }
    let body = Full::new(Bytes::from(response.body))
        .map_err(|never| match never {})
        .boxed_unsync();
    builder.body(body).map_err(|e| {
        Error::InternalError(Some(format!(
            "the transport's response is not valid HTTP: {e}"
        )))
    })
}

impl Hooks {
    async fn send(
        allowed: Result<(), ()>,
        broker: broker::Sender,
        request: http::Request<WasiBody>,
        timeout: Duration,
    ) -> Result<http::Response<WasiBody>, Error> {
        // Refused before anything else happens: the transport never sees it.
        allowed.map_err(|()| Error::HttpRequestDenied)?;
        let (parts, body) = request.into_parts();
        let body = body.collect().await?.to_bytes();
        let headers = parts
            .headers
            .iter()
            .filter(|(name, _)| *name != http::header::HOST)
            .map(|(name, value)| {
                (
                    name.as_str().to_string(),
                    String::from_utf8_lossy(value.as_bytes()).into_owned(),
                )
            })
            .collect();
        let request = HttpRequest {
            method: parts.method.as_str().to_string(),
            url: parts.uri.to_string(),
            headers,
            body: body.to_vec(),
            timeout,
        };
        let (reply, answer) = oneshot::channel();
        let stopped = || Error::InternalError(Some("the host's capability broker stopped".into()));
        broker
            .send(Request::Http { request, reply })
            .map_err(|_| stopped())?;
        match answer.await.map_err(|_| stopped())? {
            Ok(response) => into_wasi_response(response),
            Err(TransportError::Timeout(_)) => Err(Error::ConnectionTimeout),
            Err(TransportError::ConnectionRefused(_)) => Err(Error::ConnectionRefused),
            Err(TransportError::Other(message)) => Err(Error::InternalError(Some(message))),
        }
    }
}

impl WasiHttpHooks for Hooks {
    fn send_request(
        &mut self,
        request: http::Request<WasiBody>,
        options: Option<RequestOptions>,
        _response_errors: Box<dyn Future<Output = Result<(), Error>> + Send>,
    ) -> SendFuture {
        let allowed = match &self.allowed {
            Some(origin) if origin.allows(request.uri()) => Ok(()),
            _ => Err(()),
        };
        let broker = self.broker.clone();
        let timeout = timeout_of(options);
        Box::new(async move {
            let response = Hooks::send(allowed, broker, request, timeout).await?;
            let io: Box<dyn Future<Output = Result<(), Error>> + Send> = Box::new(async { Ok(()) });
            Ok((response, io))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::pin::Pin;

    #[test]
    fn origins_compare_scheme_host_and_port() {
        let origin = Origin::parse("http://odr.test/").expect("origin");
        let allows = |url: &str| origin.allows(&url.parse().expect("uri"));
        assert!(allows("http://odr.test/user/login/"));
        assert!(allows("http://ODR.test:80/domain/?page=2"));
        assert!(!allows("https://odr.test/"));
        assert!(!allows("http://odr.test:8080/"));
        assert!(!allows("http://evil.test/"));
        assert!(!allows("http://odr.test.evil.test/"));
        assert!(!allows("http://evil.test@other.test/"));
        assert!(!allows("http://evil.test@odr.test/"));
        assert!(!allows("http://user:pw@odr.test/"));
        assert!(Origin::parse("ftp://odr.test/").is_err());
        assert!(Origin::parse("").is_err());
        assert!(Origin::parse("/relative/").is_err());
        assert_eq!(
            Origin::parse("https://api.opendomainregistry.net/")
                .expect("origin")
                .to_string(),
            "https://api.opendomainregistry.net:443"
        );
    }

    fn request(url: &str, body: &'static str) -> http::Request<WasiBody> {
        http::Request::builder()
            .method("POST")
            .uri(url)
            .header("host", "ignored")
            .header("content-type", "application/json")
            .body(
                Full::new(Bytes::from_static(body.as_bytes()))
                    .map_err(|never| match never {})
                    .boxed_unsync(),
            )
            .expect("request")
    }

    fn run<F: Future>(future: F) -> F::Output {
        tokio::runtime::Builder::new_current_thread()
            .build()
            .expect("runtime")
            .block_on(future)
    }

    #[test]
    fn the_hook_refuses_other_origins_before_the_transport() {
        let (sender, mut receiver) = broker::channel();
        let mut hooks = Hooks {
            allowed: Some(Origin::parse("http://odr.test/").expect("origin")),
            broker: sender,
        };
        for url in [
            "http://evil.test/user/login/",
            "https://odr.test/user/login/",
            "http://odr.test:81/",
        ] {
            let future = hooks.send_request(request(url, "{}"), None, Box::new(async { Ok(()) }));
            let result = run(Pin::from(future));
            assert!(
                matches!(result, Err(Error::HttpRequestDenied)),
                "{url} must be denied"
            );
        }
        assert!(
            receiver.try_recv().is_err(),
            "a denied request reached the broker"
        );

        // Before api-endpoint answered, nothing is allowed.
        hooks.allowed = None;
        let future = hooks.send_request(
            request("http://odr.test/", "{}"),
            None,
            Box::new(async { Ok(()) }),
        );
        assert!(matches!(
            run(Pin::from(future)),
            Err(Error::HttpRequestDenied)
        ));
    }

    #[test]
    fn the_hook_hands_allowed_requests_to_the_broker() {
        let (sender, mut receiver) = broker::channel();
        let mut hooks = Hooks {
            allowed: Some(Origin::parse("http://odr.test/").expect("origin")),
            broker: sender,
        };
        let options = RequestOptions {
            connect_timeout: Some(Duration::from_secs(5)),
            first_byte_timeout: Some(Duration::from_secs(12)),
            between_bytes_timeout: None,
        };
        let future = hooks.send_request(
            request("http://odr.test/user/login/", "{\"a\":1}"),
            Some(options),
            Box::new(async { Ok(()) }),
        );
        let result = run(async move {
            let broker = async {
                let Some(Request::Http { request, reply }) = receiver.recv().await else {
                    panic!("expected an HTTP request");
                };
                assert_eq!(request.method, "POST");
                assert_eq!(request.url, "http://odr.test/user/login/");
                assert_eq!(request.body, b"{\"a\":1}");
                assert_eq!(request.timeout, Duration::from_secs(12));
                assert!(request.headers.iter().all(|(name, _)| name != "host"));
                reply
                    .send(Ok(HttpResponse {
                        status: 201,
                        headers: vec![
                            ("content-type".into(), "application/json".into()),
                            ("bad header".into(), "dropped".into()),
                        ],
                        body: b"{}".to_vec(),
                    }))
                    .expect("reply");
            };
            let (result, ()) = tokio::join!(Pin::from(future), broker);
            result
        });
        let (response, _io) = result.expect("response");
        assert_eq!(response.status(), 201);
        assert_eq!(response.headers().len(), 1);
    }
}
