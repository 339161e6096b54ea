//! The host's imports: WASI p2 (no sockets, no preopens, seeded random), `wasi:http`
//! through the origin hooks, and the component's own `state` and `log` imports.
//!
//! `state` and `log` are generated from `wit/registrar.wit` with `bindgen!`, so their
//! names, parameters and results come from the contract; each typed `Host` function
//! sends one [`Request`] to the broker and waits for the answer (see `broker.rs`).
//! The exports stay dynamic (`runtime.rs`): the CLI, the harness and PHP call them
//! with JSON, typed by the component's own signatures.

use crate::broker::{self, Request};
use crate::store::HostState;
use tokio::sync::oneshot;
use wasmtime::component::{HasSelf, Linker};
use wasmtime::Engine;

#[allow(missing_docs, clippy::all)]
mod generated {
    wasmtime::component::bindgen!({
        path: "../wit",
        world: "registrar-component",
        imports: { default: async | trappable },
        require_store_data_send: true,
        with: {
            "wasi:http": wasmtime_wasi_http::p2::bindings::http,
            "wasi:io": wasmtime_wasi::p2::bindings::io,
            "wasi:clocks": wasmtime_wasi::p2::bindings::clocks,
        },
    });
}

use generated::odr::registrar::{log, state};

/// Send `request` to the broker and wait for the answer built by `make`.
async fn ask<T>(
    sender: broker::Sender,
    make: impl FnOnce(oneshot::Sender<T>) -> Request,
) -> wasmtime::Result<T> {
    let (reply, answer) = oneshot::channel();
    sender.send(make(reply)).map_err(|_| broker::gone())?;
    answer.await.map_err(|_| broker::gone())
}

impl state::Host for HostState {
    async fn get(&mut self, key: String) -> wasmtime::Result<Result<Option<String>, String>> {
        ask(self.broker.clone(), |reply| Request::StateGet {
            key,
            reply,
        })
        .await
    }

    async fn set(
        &mut self,
        key: String,
        value: String,
        ttl_seconds: Option<u32>,
    ) -> wasmtime::Result<Result<(), String>> {
        ask(self.broker.clone(), |reply| Request::StateSet {
            key,
            value,
            ttl_seconds,
            reply,
        })
        .await
    }

    async fn delete(&mut self, key: String) -> wasmtime::Result<Result<(), String>> {
        ask(self.broker.clone(), |reply| Request::StateDelete {
            key,
            reply,
        })
        .await
    }

    async fn add(
        &mut self,
        key: String,
        value: String,
        ttl_seconds: Option<u32>,
    ) -> wasmtime::Result<Result<bool, String>> {
        ask(self.broker.clone(), |reply| Request::StateAdd {
            key,
            value,
            ttl_seconds,
            reply,
        })
        .await
    }
}

impl log::Host for HostState {
    async fn module_call(
        &mut self,
        action: String,
        request: String,
        response: String,
    ) -> wasmtime::Result<()> {
        ask(self.broker.clone(), |reply| Request::LogModuleCall {
            action,
            request,
            response,
            reply,
        })
        .await
    }

    async fn activity(&mut self, message: String, domain: Option<String>) -> wasmtime::Result<()> {
        ask(self.broker.clone(), |reply| Request::LogActivity {
            message,
            domain,
            reply,
        })
        .await
    }
}

/// The linker with every import the component may use.
pub(crate) fn linker(engine: &Engine) -> wasmtime::Result<Linker<HostState>> {
    let mut linker = Linker::<HostState>::new(engine);
    wasmtime_wasi::p2::add_to_linker_async(&mut linker)?;
    wasmtime_wasi_http::p2::add_only_http_to_linker_async(&mut linker)?;
    state::add_to_linker::<HostState, HasSelf<HostState>>(&mut linker, |host| host)?;
    log::add_to_linker::<HostState, HasSelf<HostState>>(&mut linker, |host| host)?;
    Ok(linker)
}
