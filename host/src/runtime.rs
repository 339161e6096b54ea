//! Running one call: a fresh store and instance, the `api-endpoint` origin check,
//! the guest and the capability broker polled together on the caller's stack.
//! Loading lives in `loader.rs`, the store data and limits in `store.rs`, the
//! `state` and `log` imports in `imports.rs`.

use crate::broker;
use crate::http::Origin;
use crate::loader::PrivateImage;
use crate::store::{classify, HostState, StderrCapture};
use crate::value::{val_to_json, Signature, WitType};
use crate::{Capabilities, HostError};
use serde_json::Value;
use std::cell::Cell;
use std::sync::{Arc, OnceLock};
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use wasmtime::component::types::ComponentFunc;
use wasmtime::component::{ComponentExportIndex, InstancePre, Val};
use wasmtime::{Engine, Store};

/// Fuel per call by default: far above a 10,000-domain report (parsing about a
/// hundred list pages), low enough that a looping component stops within seconds.
pub const DEFAULT_FUEL: u64 = 20_000_000_000;

/// Linear-memory cap per call by default: 64 MiB.
pub const DEFAULT_MEMORY_LIMIT: usize = 64 << 20;

/// The pure export that names the one origin a call may reach.
const API_ENDPOINT: &str = "api-endpoint";
/// How long a call may go without any capability use before it is stopped as stalled
/// (fuel bounds computing, transports bound each request; this bounds a guest waiting
/// on nothing).
const STALL_LIMIT: Duration = Duration::from_secs(600);
/// What time the component sees.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Clock {
    /// The host's clock.
    System,
    /// A fixed wall-clock time (Unix seconds). Also pauses the call's timer, so
    /// guest sleeps complete at once in virtual time.
    Pinned {
        /// Seconds since 1970-01-01T00:00:00Z.
        unix_seconds: u64,
    },
}

impl Clock {
    /// The current Unix time in seconds according to this clock.
    pub fn unix_seconds(&self) -> u64 {
        match self {
            Clock::System => SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map(|d| d.as_secs())
                .unwrap_or(0),
            Clock::Pinned { unix_seconds } => *unix_seconds,
        }
    }
}

/// Limits and clock of one call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CallOptions {
    /// The clock the component sees.
    pub clock: Clock,
    /// Fuel (roughly, wasm instructions) the call may use: its deadline.
    pub fuel: u64,
    /// Cap on the component's linear memory, in bytes.
    pub memory_limit_bytes: usize,
}

impl Default for CallOptions {
    /// System clock, [`DEFAULT_FUEL`], [`DEFAULT_MEMORY_LIMIT`].
    fn default() -> Self {
        CallOptions {
            clock: Clock::System,
            fuel: DEFAULT_FUEL,
            memory_limit_bytes: DEFAULT_MEMORY_LIMIT,
        }
    }
}

/// The export's own result: `result<T, registrar-error>` as JSON
/// (an export without a `result` always gives `Ok`).
#[derive(Debug, Clone, PartialEq)]
pub enum CallOutcome {
    /// The `ok` payload (`null` for none).
    Ok(Value),
    /// The `err` payload, e.g. `{"not-found": "..."}`.
    Err(Value),
}

/// One exported function.
pub(crate) struct Export {
    /// Its WIT name, e.g. `get-nameservers`.
    pub(crate) name: String,
    /// Its type as wasmtime reads it from the component.
    pub(crate) func: ComponentFunc,
    /// Its [`Signature`], made from `func` when first needed: a call needs only its own
    /// function's and `api-endpoint`'s, so a process that makes one call (a cold PHP
    /// process) does not map the types of all the others.
    pub(crate) signature: OnceLock<Signature>,
    pub(crate) index: ComponentExportIndex,
    pub(crate) takes_settings: bool,
}

impl Export {
    pub(crate) fn signature(&self) -> &Signature {
        self.signature.get_or_init(|| Signature {
            name: self.name.clone(),
            params: self
                .func
                .params()
                .map(|(param, ty)| (param.to_string(), WitType::from_wasmtime(&ty)))
                .collect(),
            results: self
                .func
                .results()
                .map(|ty| WitType::from_wasmtime(&ty))
                .collect(),
        })
    }
}

pub(crate) struct Inner {
    pub(crate) engine: Engine,
    pub(crate) pre: InstancePre<HostState>,
    pub(crate) exports: Vec<Export>,
    pub(crate) imports: Vec<String>,
    /// The memory the component's code runs from, when the loader copied the `.cwasm`
    /// itself (see `loader::PrivateImage`). Declared last: fields drop in order, so the
    /// component (inside `pre`) is gone before its memory is unmapped.
    pub(crate) _image: Option<PrivateImage>,
}

/// The loaded component: cheap to clone, `Send + Sync`; one per process is enough.
#[derive(Clone)]
pub struct Runtime {
    pub(crate) inner: Arc<Inner>,
}

impl std::fmt::Debug for Runtime {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Runtime")
            .field("functions", &self.functions())
            .finish_non_exhaustive()
    }
}

impl Runtime {
    /// The names of the functions `odr:registrar/registrar` exports, in WIT order.
    pub fn functions(&self) -> Vec<String> {
        self.inner
            .exports
            .iter()
            .map(|export| export.name.clone())
            .collect()
    }

    /// The WIT signature of an exported function.
    pub fn signature(&self, function: &str) -> Option<&Signature> {
        self.export(function).ok().map(Export::signature)
    }

    /// The interfaces the component imports (e.g. `wasi:http/outgoing-handler@0.2.12`).
    pub fn imports(&self) -> Vec<String> {
        self.inner.imports.clone()
    }

    fn export(&self, function: &str) -> Result<&Export, HostError> {
        self.inner
            .exports
            .iter()
            .find(|export| export.name == function)
            .ok_or_else(|| HostError::UnknownFunction(function.to_string()))
    }

    /// Run `function` with `args` (an object keyed by its WIT parameter names).
    ///
    /// A function that takes `settings` first runs `api-endpoint(settings)` on the
    /// same fresh instance; the call's HTTP requests may go to that URL's origin
    /// (scheme, host, port) only, everything else is refused with
    /// `HTTP-request-denied` before the transport sees it. Functions without
    /// settings may make no request at all.
    ///
    /// Runs on the caller's thread; capabilities are called on the caller's stack
    /// (see the crate docs). Any failure leaves the runtime usable. It builds its own
    /// tokio runtime: do not call it from inside an async runtime, nor from a
    /// capability of another call.
    pub fn call(
        &self,
        caps: Capabilities<'_>,
        function: &str,
        args: &Value,
        options: &CallOptions,
    ) -> Result<CallOutcome, HostError> {
        let export = self.export(function)?;
        let params = export.signature().args_to_vals(args)?;
        let endpoint = if export.takes_settings && function != API_ENDPOINT {
            let endpoint = self.export(API_ENDPOINT).map_err(|_| {
                HostError::Denied(format!(
                    "the component exports no `{API_ENDPOINT}`, so no request could be allowed"
                ))
            })?;
            let settings = args.get("settings").cloned().unwrap_or(Value::Null);
            let params = endpoint
                .signature()
                .args_to_vals(&serde_json::json!({ "settings": settings }))?;
            Some((endpoint.index, params))
        } else {
            None
        };

        let mut builder = tokio::runtime::Builder::new_current_thread();
        builder.enable_time();
        if matches!(options.clock, Clock::Pinned { .. }) {
            builder.start_paused(true);
        }
        let runtime = builder
            .build()
            .map_err(|e| HostError::Internal(format!("cannot start the async runtime: {e}")))?;
        let (sender, receiver) = broker::channel();
        runtime.block_on(async {
            let guest = self.run_guest(sender, export, params, endpoint, options);
            let activity = Cell::new(tokio::time::Instant::now());
            let broker = broker::serve(receiver, caps, &activity);
            tokio::pin!(guest);
            tokio::pin!(broker);
            tokio::select! {
                biased;
                outcome = &mut guest => outcome,
                failure = &mut broker => match failure {
                    Some(error) => Err(error),
                    // Every sender is gone: the guest is finishing; let it.
                    None => guest.await,
                },
                // A guest waiting on something that never comes (e.g. a request body it
                // never finishes) burns no fuel; this bounds it. Under a pinned clock the
                // timer is virtual and fires as soon as nothing else can happen.
                () = broker::watchdog(&activity, STALL_LIMIT) => Err(HostError::Trap(format!(
                    "the call stalled: the component waited {} s without using any \
                     capability (a request body it never finished?)",
                    STALL_LIMIT.as_secs()
                ))),
            }
        })
    }

    async fn run_guest(
        &self,
        sender: broker::Sender,
        export: &Export,
        params: Vec<Val>,
        endpoint: Option<(ComponentExportIndex, Vec<Val>)>,
        options: &CallOptions,
    ) -> Result<CallOutcome, HostError> {
        let stderr = StderrCapture::default();
        let data = HostState::new(sender, options, stderr.clone());
        let mut store = Store::new(&self.inner.engine, data);
        store.limiter(|state| &mut state.limits);
        store
            .set_fuel(options.fuel)
            .map_err(|e| HostError::Internal(format!("cannot set fuel: {e:#}")))?;

        let result = self
            .run_in_store(&mut store, export, params, endpoint)
            .await;
        match result {
            Ok(Ok(results)) => outcome_of(results),
            Ok(Err(host_error)) => Err(host_error),
            Err(error) => Err(classify(
                error,
                store.data().limits.exceeded,
                &stderr.text(),
            )),
        }
    }

    /// Instantiate, ask `api-endpoint`, run the function. The outer error is wasmtime's
    /// (classified by the caller), the inner one the host's own refusal.
    async fn run_in_store(
        &self,
        store: &mut Store<HostState>,
        export: &Export,
        params: Vec<Val>,
        endpoint: Option<(ComponentExportIndex, Vec<Val>)>,
    ) -> wasmtime::Result<Result<Vec<Val>, HostError>> {
        let instance = self.inner.pre.instantiate_async(&mut *store).await?;
        if let Some((index, params)) = endpoint {
            let func = instance
                .get_func(&mut *store, index)
                .ok_or_else(|| wasmtime::Error::msg("`api-endpoint` is not a function"))?;
            let mut results = [Val::Bool(false)];
            func.call_async(&mut *store, &params, &mut results).await?;
            let origin = match &results[0] {
                Val::String(url) => Origin::parse(url),
                other => Err(format!("it returned {other:?}, not a string")),
            };
            match origin {
                Ok(origin) => store.data_mut().hooks.allowed = Some(origin),
                Err(reason) => {
                    return Ok(Err(HostError::Denied(format!(
                        "`api-endpoint` named no usable API origin for these settings: {reason}"
                    ))))
                }
            }
        }
        let func = instance
            .get_func(&mut *store, export.index)
            .ok_or_else(|| wasmtime::Error::msg("the export is not a function"))?;
        let mut results = vec![Val::Bool(false); export.signature().results.len()];
        func.call_async(&mut *store, &params, &mut results).await?;
        Ok(Ok(results))
    }
}

fn outcome_of(results: Vec<Val>) -> Result<CallOutcome, HostError> {
    let json = |val: &Val| val_to_json(val).map_err(HostError::Internal);
    match results.as_slice() {
        [] => Ok(CallOutcome::Ok(Value::Null)),
        [Val::Result(Ok(payload))] => Ok(CallOutcome::Ok(match payload {
            Some(v) => json(v)?,
            None => Value::Null,
        })),
        [Val::Result(Err(payload))] => Ok(CallOutcome::Err(match payload {
            Some(v) => json(v)?,
            None => Value::Null,
        })),
        [single] => Ok(CallOutcome::Ok(json(single)?)),
        many => Ok(CallOutcome::Ok(Value::Array(
            many.iter().map(json).collect::<Result<_, _>>()?,
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shareable<T: Send + Sync + Clone>() {}

    #[test]
    fn the_runtime_is_send_sync_and_clone() {
        shareable::<Runtime>();
    }

    #[test]
    fn default_options() {
        let options = CallOptions::default();
        assert_eq!(options.clock, Clock::System);
        assert_eq!(options.memory_limit_bytes, 64 * 1024 * 1024);
        assert_eq!(options.fuel, DEFAULT_FUEL);
    }
}
