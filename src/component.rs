//! The thin WASI shell: [`WasiEnv`] implements [`Env`] over `wasi:http`,
//! `wasi:clocks/wall-clock`, `state` and `log`; [`Component`] implements the
//! WIT exports by calling [`crate::ops`] and converting errors at the boundary.

use wasip2::http::outgoing_handler;
use wasip2::http::types::{
    ErrorCode, Fields, FutureIncomingResponse, IncomingBody, Method as WasiMethod, OutgoingBody,
    OutgoingRequest, RequestOptions, Scheme as WasiScheme,
};
use wasip2::io::streams::StreamError;

use crate::bindings::exports::odr::registrar::registrar::Guest;
use crate::bindings::odr::registrar::{log, state};
use crate::env::{Env, HttpRequest, HttpResponse, Method};
use crate::error::Error;
use crate::odr::mask;
use crate::odr::url::{self, BaseUrl, Scheme};
use crate::ops;
use crate::types::*;

/// Response bodies larger than this are refused (a domain list page is far smaller).
const MAX_BODY_BYTES: usize = 32 * 1024 * 1024;

/// A short description of a wasi-http error (no `Debug`: it is large).
fn describe(code: &ErrorCode) -> String {
    let text = match code {
        ErrorCode::DnsTimeout => "DNS lookup timed out",
        ErrorCode::DnsError(_) => "DNS lookup failed",
        ErrorCode::DestinationNotFound => "host not found",
        ErrorCode::DestinationUnavailable => "host unavailable",
        ErrorCode::DestinationIpProhibited | ErrorCode::HttpRequestDenied => {
            "the host refused the request (not the configured API host?)"
        }
        ErrorCode::DestinationIpUnroutable => "address unroutable",
        ErrorCode::ConnectionRefused => "connection refused",
        ErrorCode::ConnectionTerminated => "connection closed",
        ErrorCode::ConnectionTimeout => "connection timed out",
        ErrorCode::ConnectionReadTimeout | ErrorCode::HttpResponseTimeout => {
            "timed out waiting for the response"
        }
        ErrorCode::ConnectionWriteTimeout => "timed out sending the request",
        ErrorCode::ConnectionLimitReached => "connection limit reached",
        ErrorCode::TlsProtocolError | ErrorCode::TlsAlertReceived(_) => "TLS error",
        ErrorCode::TlsCertificateError => "TLS certificate error",
        ErrorCode::HttpResponseIncomplete => "incomplete response",
        ErrorCode::HttpProtocolError => "HTTP protocol error",
        ErrorCode::InternalError(Some(message)) => return format!("host error: {message}"),
        _ => "HTTP error",
    };
    text.to_string()
}

/// [`Env`] over the component's imports.
pub struct WasiEnv;

/// Hand one request to the host; it is in flight once this returns.
fn start_wasi(base: &BaseUrl, request: &HttpRequest) -> Result<FutureIncomingResponse, String> {
    let headers = Fields::new();
    for (name, value) in &request.headers {
        headers
            .append(name, value.as_bytes())
            .map_err(|_| format!("the host refused the header {name}"))?;
    }
    let outgoing = OutgoingRequest::new(headers);
    let method = match request.method {
        Method::Get => WasiMethod::Get,
        Method::Post => WasiMethod::Post,
        Method::Put => WasiMethod::Put,
        Method::Delete => WasiMethod::Delete,
    };
    outgoing
        .set_method(&method)
        .map_err(|()| "the host refused the method".to_string())?;
    let scheme = match base.scheme {
        Scheme::Http => WasiScheme::Http,
        Scheme::Https => WasiScheme::Https,
    };
    outgoing
        .set_scheme(Some(&scheme))
        .map_err(|()| "the host refused the scheme".to_string())?;
    outgoing
        .set_authority(Some(&base.authority))
        .map_err(|()| format!("the host refused the authority {}", base.authority))?;
    outgoing
        .set_path_with_query(Some(&request.path_with_query()))
        .map_err(|()| "the host refused the path".to_string())?;

    // The body is written and finished before the request is handed over.
    let body = outgoing
        .body()
        .map_err(|()| "the request body was already taken".to_string())?;
    if let Some(bytes) = &request.body {
        let stream = body
            .write()
            .map_err(|()| "the request body stream was already taken".to_string())?;
        for chunk in bytes.chunks(4096) {
            stream
                .blocking_write_and_flush(chunk)
                .map_err(|_| "writing the request body failed".to_string())?;
        }
        drop(stream);
    }
    OutgoingBody::finish(body, None).map_err(|code| describe(&code))?;

    let options = RequestOptions::new();
    let timeout_ns = u64::from(request.timeout_ms) * 1_000_000;
    // A host that does not support a timeout option still enforces its own.
    let _ = options.set_connect_timeout(Some(timeout_ns));
    let _ = options.set_first_byte_timeout(Some(timeout_ns));
    let _ = options.set_between_bytes_timeout(Some(timeout_ns));

    outgoing_handler::handle(outgoing, Some(options)).map_err(|code| describe(&code))
}

/// Wait for a request's response and read its whole body.
fn finish_wasi(future: FutureIncomingResponse) -> Result<HttpResponse, String> {
    future.subscribe().block();
    let response = match future.get() {
        Some(Ok(Ok(response))) => response,
        Some(Ok(Err(code))) => return Err(describe(&code)),
        Some(Err(())) => return Err("the response was already taken".to_string()),
        None => return Err("no response".to_string()),
    };
    let status = response.status();
    let headers = response
        .headers()
        .entries()
        .into_iter()
        .map(|(name, value)| (name, String::from_utf8_lossy(&value).into_owned()))
        .collect();
    let incoming = response
        .consume()
        .map_err(|()| "the response body was already taken".to_string())?;
    let mut bytes = Vec::new();
    {
        let stream = incoming
            .stream()
            .map_err(|()| "the response body stream was already taken".to_string())?;
        loop {
            match stream.blocking_read(65_536) {
                Ok(chunk) => {
                    bytes.extend_from_slice(&chunk);
                    if bytes.len() > MAX_BODY_BYTES {
                        return Err(format!(
                            "the response body is larger than {MAX_BODY_BYTES} bytes"
                        ));
                    }
                }
                Err(StreamError::Closed) => break,
                Err(StreamError::LastOperationFailed(e)) => {
                    return Err(format!(
                        "reading the response failed: {}",
                        e.to_debug_string()
                    ))
                }
            }
        }
    }
    let _ = IncomingBody::finish(incoming);
    Ok(HttpResponse {
        status,
        headers,
        body: bytes,
    })
}

impl Env for WasiEnv {
    fn now_unix(&self) -> i64 {
        i64::try_from(wasip2::clocks::wall_clock::now().seconds).unwrap_or(i64::MAX)
    }

    fn monotonic_ms(&self) -> u64 {
        wasip2::clocks::monotonic_clock::now() / 1_000_000
    }

    fn send(&mut self, base: &BaseUrl, request: &HttpRequest) -> Result<HttpResponse, String> {
        start_wasi(base, request).and_then(finish_wasi)
    }

    fn send_many(
        &mut self,
        base: &BaseUrl,
        requests: &[HttpRequest],
    ) -> Vec<Result<HttpResponse, String>> {
        // Every request is handed over before the first wait: the host has them
        // all in flight at once.
        let started: Vec<_> = requests.iter().map(|r| start_wasi(base, r)).collect();
        started
            .into_iter()
            .map(|future| future.and_then(finish_wasi))
            .collect()
    }

    fn state_get(&mut self, key: &str) -> Result<Option<String>, String> {
        state::get(key)
    }

    fn state_set(
        &mut self,
        key: &str,
        value: &str,
        ttl_seconds: Option<u32>,
    ) -> Result<(), String> {
        state::set(key, value, ttl_seconds)
    }

    fn state_delete(&mut self, key: &str) -> Result<(), String> {
        state::delete(key)
    }

    fn state_add(
        &mut self,
        key: &str,
        value: &str,
        ttl_seconds: Option<u32>,
    ) -> Result<bool, String> {
        state::add(key, value, ttl_seconds)
    }

    fn log_call(&mut self, action: &str, request: &str, response: &str) {
        // Masked once more at the boundary, whichever code path wrote the entry.
        log::module_call(
            action,
            &mask::mask_call(request),
            &mask::mask_call(response),
        );
    }

    fn activity(&mut self, message: &str, domain: Option<&str>) {
        log::activity(&mask::mask_call(message), domain);
    }

    fn sleep_ms(&mut self, ms: u32) {
        // The host's monotonic clock: under a pinned clock its timer is virtual, so a
        // test's backoff costs no real time.
        wasip2::clocks::monotonic_clock::subscribe_duration(u64::from(ms) * 1_000_000).block();
    }
}

/// The exported registrar.
pub struct Component;

fn wit<T>(result: Result<T, Error>) -> Result<T, RegistrarError> {
    result.map_err(|e| e.to_wit())
}

/// A call starts: its secrets (the API secret and its SHA-1, the inner hash of
/// the login signature) are masked in everything the call emits from now on.
fn begin(settings: &Settings) {
    mask::begin_call(&settings.api_secret);
}

/// `register-domain` and `transfer-domain`: one order path.
fn place_order(
    settings: Settings,
    order: DomainOrder,
    kind: ops::order::OrderKind,
) -> Result<OrderResult, RegistrarError> {
    begin(&settings);
    // An EPP code moves the domain away: masked wherever the call shows it.
    if let Some(code) = &order.auth_code {
        mask::remember(code);
    }
    wit(ops::order::place_order(
        &mut WasiEnv,
        &settings,
        &order,
        kind,
    ))
}

impl Guest for Component {
    fn api_endpoint(settings: Settings) -> String {
        url::select(&settings.api_url, settings.test_mode)
    }

    fn check_credentials(settings: Settings) -> Result<Account, RegistrarError> {
        begin(&settings);
        wit(ops::account::check_credentials(&mut WasiEnv, &settings))
    }

    fn register_domain(
        settings: Settings,
        order: DomainOrder,
    ) -> Result<OrderResult, RegistrarError> {
        place_order(settings, order, ops::order::OrderKind::Register)
    }

    fn transfer_domain(
        settings: Settings,
        order: DomainOrder,
    ) -> Result<OrderResult, RegistrarError> {
        place_order(settings, order, ops::order::OrderKind::Transfer)
    }

    fn renew_domain(settings: Settings, domain: String) -> Result<RenewOutcome, RegistrarError> {
        begin(&settings);
        wit(ops::domain::renew_domain(&mut WasiEnv, &settings, &domain))
    }

    fn get_domain_info(settings: Settings, domain: String) -> Result<DomainInfo, RegistrarError> {
        begin(&settings);
        wit(ops::domain::get_domain_info(
            &mut WasiEnv,
            &settings,
            &domain,
        ))
    }

    fn get_nameservers(settings: Settings, domain: String) -> Result<Vec<String>, RegistrarError> {
        begin(&settings);
        wit(ops::domain::get_nameservers(
            &mut WasiEnv,
            &settings,
            &domain,
        ))
    }

    fn save_nameservers(
        settings: Settings,
        domain: String,
        nameservers: Vec<String>,
        glue: Vec<(String, String)>,
    ) -> Result<(), RegistrarError> {
        begin(&settings);
        wit(ops::domain::save_nameservers(
            &mut WasiEnv,
            &settings,
            &domain,
            &nameservers,
            &glue,
        ))
    }

    fn get_auth_code(settings: Settings, domain: String) -> Result<AuthCode, RegistrarError> {
        begin(&settings);
        wit(ops::domain::get_auth_code(&mut WasiEnv, &settings, &domain))
    }

    fn request_delete(settings: Settings, domain: String) -> Result<DeleteOutcome, RegistrarError> {
        begin(&settings);
        wit(ops::domain::request_delete(
            &mut WasiEnv,
            &settings,
            &domain,
        ))
    }

    fn delete_domain_now(settings: Settings, domain: String) -> Result<String, RegistrarError> {
        begin(&settings);
        wit(ops::delete::delete_domain_now(
            &mut WasiEnv,
            &settings,
            &domain,
        ))
    }

    fn get_dnssec(settings: Settings, domain: String) -> Result<Vec<DnssecKey>, RegistrarError> {
        begin(&settings);
        wit(ops::dnssec::get_dnssec(&mut WasiEnv, &settings, &domain))
    }

    fn set_dnssec(
        settings: Settings,
        domain: String,
        keys: Vec<DnssecKey>,
    ) -> Result<Vec<DnssecKey>, RegistrarError> {
        begin(&settings);
        wit(ops::dnssec::set_dnssec(
            &mut WasiEnv,
            &settings,
            &domain,
            &keys,
        ))
    }

    fn get_dns_zone(
        settings: Settings,
        domain: String,
    ) -> Result<Option<Vec<DnsRecord>>, RegistrarError> {
        begin(&settings);
        wit(ops::dns::get_dns_zone(&mut WasiEnv, &settings, &domain))
    }

    fn save_dns_zone(
        settings: Settings,
        domain: String,
        records: Vec<DnsRecord>,
    ) -> Result<(), RegistrarError> {
        begin(&settings);
        wit(ops::dns::save_dns_zone(
            &mut WasiEnv,
            &settings,
            &domain,
            &records,
        ))
    }

    fn list_importable_domains(
        settings: Settings,
        panel_names: Vec<String>,
    ) -> Result<Vec<ImportableDomain>, RegistrarError> {
        begin(&settings);
        wit(ops::import::list_importable_domains(
            &mut WasiEnv,
            &settings,
            &panel_names,
        ))
    }

    fn get_order_fields(
        settings: Settings,
        tld: String,
    ) -> Result<Vec<OrderField>, RegistrarError> {
        begin(&settings);
        wit(ops::order_fields::get_order_fields(
            &mut WasiEnv,
            &settings,
            &tld,
        ))
    }

    fn register_domain_with_fields(
        settings: Settings,
        order: DomainOrder,
        fields: Vec<(String, String)>,
    ) -> Result<OrderResult, RegistrarError> {
        begin(&settings);
        wit(ops::order::place_order_with_fields(
            &mut WasiEnv,
            &settings,
            &order,
            ops::order::OrderKind::Register,
            &fields,
        ))
    }

    fn get_account(settings: Settings) -> Result<Account, RegistrarError> {
        begin(&settings);
        wit(ops::account::get_account(&mut WasiEnv, &settings))
    }

    fn get_tld_pricing(settings: Settings) -> Result<TldPricing, RegistrarError> {
        begin(&settings);
        wit(ops::pricing::get_tld_pricing(&mut WasiEnv, &settings))
    }

    fn check_availability(
        settings: Settings,
        label: String,
        tlds: Vec<String>,
    ) -> Result<Vec<Availability>, RegistrarError> {
        begin(&settings);
        wit(ops::availability::check_availability(
            &mut WasiEnv,
            &settings,
            &label,
            &tlds,
        ))
    }

    fn sync_domain(
        settings: Settings,
        domain: String,
        options: SyncOptions,
    ) -> Result<SyncOutcome, RegistrarError> {
        begin(&settings);
        wit(ops::sync::sync_domain(
            &mut WasiEnv,
            &settings,
            &domain,
            &options,
        ))
    }

    fn transfer_sync(
        settings: Settings,
        domain: String,
        ordered_on: Option<String>,
    ) -> Result<TransferOutcome, RegistrarError> {
        begin(&settings);
        wit(ops::sync::transfer_sync(
            &mut WasiEnv,
            &settings,
            &domain,
            ordered_on.as_deref(),
        ))
    }

    fn get_contacts(
        settings: Settings,
        domain: String,
    ) -> Result<Vec<(ContactRole, OdrContact)>, RegistrarError> {
        begin(&settings);
        wit(ops::contacts::get_contacts(
            &mut WasiEnv,
            &settings,
            &domain,
        ))
    }

    fn sync_contacts(
        settings: Settings,
        domain: String,
        desired: DesiredContacts,
    ) -> Result<Vec<ContactChange>, RegistrarError> {
        begin(&settings);
        wit(ops::contacts::sync_contacts(
            &mut WasiEnv,
            &settings,
            &domain,
            &desired,
        ))
    }

    fn build_domain_report(
        settings: Settings,
        panel_domains: Vec<PanelDomain>,
    ) -> Result<DomainReport, RegistrarError> {
        begin(&settings);
        wit(ops::report::build_domain_report(
            &mut WasiEnv,
            &settings,
            &panel_domains,
        ))
    }

    fn expiry_preview(
        settings: Settings,
        panel_domains: Vec<PanelDomain>,
        next_due_offset_days: Option<u32>,
    ) -> Result<Vec<PreviewRow>, RegistrarError> {
        begin(&settings);
        wit(ops::report::expiry_preview(
            &mut WasiEnv,
            &settings,
            &panel_domains,
            next_due_offset_days,
        ))
    }

    fn normalize_contact(contact: PanelContact) -> Result<OdrContact, RegistrarError> {
        mask::forget_all();
        wit(ops::contacts::normalize_contact(&contact))
    }

    fn panel_contact_of(contact: OdrContact) -> PanelContact {
        crate::contact::to_panel(&contact)
    }
}

crate::bindings::export!(Component with_types_in crate::bindings);
