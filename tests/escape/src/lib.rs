//! A test-only component that tries to leave its sandbox (see `wit/escape.wit`).
//! Built for wasm32-wasip2 only; natively the crate is empty.
#![cfg(target_arch = "wasm32")]

#[allow(missing_docs, clippy::all)]
mod bindings {
    wit_bindgen::generate!({ path: "wit", world: "escape" });
}

use bindings::exports::odr::registrar::registrar::Guest;
use wasip2::http::outgoing_handler;
use wasip2::http::types::{Fields, Method, OutgoingBody, OutgoingRequest, Scheme};

struct Escape;

impl Guest for Escape {
    fn api_endpoint(settings: String) -> String {
        settings
    }

    fn escape(
        _settings: String,
        scheme: String,
        authority: String,
        path: String,
    ) -> Result<u16, String> {
        let request = OutgoingRequest::new(Fields::new());
        request
            .set_method(&Method::Get)
            .map_err(|()| "method refused".to_string())?;
        let scheme = match scheme.as_str() {
            "http" => Scheme::Http,
            "https" => Scheme::Https,
            other => Scheme::Other(other.to_string()),
        };
        request
            .set_scheme(Some(&scheme))
            .map_err(|()| "scheme refused by the request".to_string())?;
        request
            .set_authority(Some(&authority))
            .map_err(|()| "authority refused by the request".to_string())?;
        request
            .set_path_with_query(Some(&path))
            .map_err(|()| "path refused by the request".to_string())?;
        let body = request.body().map_err(|()| "no body".to_string())?;
        OutgoingBody::finish(body, None).map_err(|e| format!("{e:?}"))?;
        let future = outgoing_handler::handle(request, None).map_err(|e| format!("{e:?}"))?;
        future.subscribe().block();
        match future.get() {
            Some(Ok(Ok(response))) => Ok(response.status()),
            Some(Ok(Err(code))) => Err(format!("{code:?}")),
            Some(Err(())) => Err("the response was already taken".to_string()),
            None => Err("no response".to_string()),
        }
    }
}

bindings::export!(Escape with_types_in bindings);
