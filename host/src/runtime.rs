//! Loading the component and running one call.

use crate::broker::{self, Request};
use crate::http::{Hooks, Origin};
use crate::value::{val_to_json, Signature, WitType};
use crate::{engine, Capabilities, HostError};
use bytes::Bytes;
use serde_json::Value;
use std::cell::Cell;
use std::path::Path;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use tokio::sync::oneshot;
use wasmtime::component::types::ComponentItem;
use wasmtime::component::{
    Component, ComponentExportIndex, InstancePre, Linker, ResourceTable, Val,
};
use wasmtime::{Engine, Precompiled, ResourceLimiter, Store, StoreContextMut, StoreLimits};
use wasmtime::{StoreLimitsBuilder, Trap};
use wasmtime_wasi::cli::{IsTerminal, StdoutStream};
use wasmtime_wasi::p2::{OutputStream, Pollable, StreamResult};
use wasmtime_wasi::random::Deterministic;
use wasmtime_wasi::{HostMonotonicClock, HostWallClock, WasiCtx, WasiCtxBuilder, WasiCtxView};
use wasmtime_wasi_http::{WasiHttpCtx, WasiHttpCtxView, WasiHttpView};

/// Fuel per call by default: far above a 10,000-domain report (parsing about a
/// hundred list pages), low enough that a looping component stops within seconds.
pub const DEFAULT_FUEL: u64 = 20_000_000_000;

/// Linear-memory cap per call by default: 64 MiB.
pub const DEFAULT_MEMORY_LIMIT: usize = 64 << 20;

/// The exported interface whose functions [`Runtime::call`] runs (any 0.1 version).
const REGISTRAR_INTERFACE: &str = "odr:registrar/registrar";
const STATE_INTERFACE: &str = "odr:registrar/state@0.2.0";
const LOG_INTERFACE: &str = "odr:registrar/log@0.2.0";
/// The pure export that names the one origin a call may reach.
const API_ENDPOINT: &str = "api-endpoint";
/// How long a call may go without any capability use before it is stopped as stalled
/// (fuel bounds computing, transports bound each request; this bounds a guest waiting
/// on nothing).
const STALL_LIMIT: Duration = Duration::from_secs(600);
/// Bytes of the guest's stderr kept for trap messages (a panic message lands there).
const STDERR_CAPTURE: usize = 16 * 1024;
/// Seed of the guest's `wasi:random` (std's hash-map keys): the same on every host.
const RANDOM_SEED: [u8; 16] = *b"odr-registrar-v1";

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
struct Export {
    signature: Signature,
    index: ComponentExportIndex,
    takes_settings: bool,
}

struct Inner {
    engine: Engine,
    pre: InstancePre<HostState>,
    exports: Vec<Export>,
    imports: Vec<String>,
}

/// The loaded component: cheap to clone, `Send + Sync`; one per process is enough.
#[derive(Clone)]
pub struct Runtime {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for Runtime {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Runtime")
            .field("functions", &self.functions())
            .finish_non_exhaustive()
    }
}

fn load_error(path: &Path, message: impl Into<String>) -> HostError {
    HostError::Load {
        path: path.to_path_buf(),
        message: message.into(),
    }
}

impl Runtime {
    /// Load the component: a precompiled `.cwasm` is deserialized (any build); a
    /// `.wasm` is compiled, which needs the `compiler` feature.
    ///
    /// The kind is detected from the content, not the file name. A `.cwasm` must
    /// come from a trusted source (deserializing runs native code) and from
    /// `odr precompile` of the same odr-host version.
    pub fn load(path: &Path) -> Result<Runtime, HostError> {
        let engine = engine::engine()
            .map_err(|e| load_error(path, format!("cannot configure the engine: {e:#}")))?;
        let kind = file_kind(path)?;
        let component = match kind {
            FileKind::Wasm => {
                let bytes = std::fs::read(path)
                    .map_err(|e| load_error(path, format!("cannot read the file: {e}")))?;
                compile(&engine, &bytes, path)?
            }
            FileKind::Elf => {
                if Engine::detect_precompiled_file(path).ok().flatten() == Some(Precompiled::Module)
                {
                    return Err(load_error(
                        path,
                        "this is a precompiled core module, not a component: precompile the \
                         component with `odr precompile odr_registrar.wasm out.cwasm`",
                    ));
                }
                deserialize_precompiled(&engine, path).map_err(|e| {
                    load_error(
                        path,
                        format!(
                            "{e:#}. The .cwasm is damaged or does not match this host (wasmtime \
                             48.0.8 with odr-host's engine configuration): regenerate it with \
                             `odr precompile odr_registrar.wasm {}`",
                            path.display()
                        ),
                    )
                })?
            }
        };
        Runtime::from_component(engine, component, path)
    }

    /// Compile `wasm` and write the precompiled component to `out` (a `.cwasm` that
    /// [`Runtime::load`] accepts in any build, compiler or not), for this machine's
    /// architecture at its baseline CPU (see [`crate::cwasm::precompile`]).
    #[cfg(feature = "compiler")]
    pub fn precompile(wasm: &Path, out: &Path) -> Result<(), HostError> {
        let target =
            engine::release_target(std::env::consts::ARCH).unwrap_or(std::env::consts::ARCH);
        crate::cwasm::precompile(wasm, out, target)
    }

    fn from_component(
        engine: Engine,
        component: Component,
        path: &Path,
    ) -> Result<Runtime, HostError> {
        let linker = linker(&engine)
            .map_err(|e| load_error(path, format!("cannot link the host imports: {e:#}")))?;
        let pre = linker.instantiate_pre(&component).map_err(|e| {
            load_error(
                path,
                format!("the component needs an import this host does not provide: {e:#}"),
            )
        })?;
        let component_type = component.component_type();
        let imports = component_type
            .imports(&engine)
            .map(|(name, _)| name.to_string())
            .collect();
        let interface = component_type
            .exports(&engine)
            .find(|(name, _)| {
                name.strip_prefix(REGISTRAR_INTERFACE)
                    .is_some_and(|rest| rest.is_empty() || rest.starts_with('@'))
            })
            .map(|(name, item)| (name.to_string(), item.ty));
        let Some((interface_name, ComponentItem::ComponentInstance(instance_type))) = interface
        else {
            return Err(load_error(
                path,
                format!("the component does not export the `{REGISTRAR_INTERFACE}` interface"),
            ));
        };
        let interface_index = component
            .get_export_index(None, &interface_name)
            .ok_or_else(|| load_error(path, "the registrar interface has no export index"))?;
        let mut exports = Vec::new();
        for (name, item) in instance_type.exports(&engine) {
            let ComponentItem::ComponentFunc(func) = item.ty else {
                continue;
            };
            let index = component
                .get_export_index(Some(&interface_index), name)
                .ok_or_else(|| load_error(path, format!("`{name}` has no export index")))?;
            let params: Vec<(String, WitType)> = func
                .params()
                .map(|(param, ty)| (param.to_string(), WitType::from_wasmtime(&ty)))
                .collect();
            let takes_settings = params.iter().any(|(param, _)| param == "settings");
            exports.push(Export {
                signature: Signature {
                    name: name.to_string(),
                    params,
                    results: func
                        .results()
                        .map(|ty| WitType::from_wasmtime(&ty))
                        .collect(),
                },
                index,
                takes_settings,
            });
        }
        Ok(Runtime {
            inner: Arc::new(Inner {
                engine,
                pre,
                exports,
                imports,
            }),
        })
    }

    /// The names of the functions `odr:registrar/registrar` exports, in WIT order.
    pub fn functions(&self) -> Vec<String> {
        self.inner
            .exports
            .iter()
            .map(|export| export.signature.name.clone())
            .collect()
    }

    /// The WIT signature of an exported function.
    pub fn signature(&self, function: &str) -> Option<&Signature> {
        self.export(function).ok().map(|export| &export.signature)
    }

    /// The interfaces the component imports (e.g. `wasi:http/outgoing-handler@0.2.12`).
    pub fn imports(&self) -> Vec<String> {
        self.inner.imports.clone()
    }

    fn export(&self, function: &str) -> Result<&Export, HostError> {
        self.inner
            .exports
            .iter()
            .find(|export| export.signature.name == function)
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
        let params = export.signature.args_to_vals(args)?;
        let endpoint = if export.takes_settings && function != API_ENDPOINT {
            let endpoint = self.export(API_ENDPOINT).map_err(|_| {
                HostError::Denied(format!(
                    "the component exports no `{API_ENDPOINT}`, so no request could be allowed"
                ))
            })?;
            let settings = args.get("settings").cloned().unwrap_or(Value::Null);
            let params = endpoint
                .signature
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
        let mut results = vec![Val::Bool(false); export.signature.results.len()];
        func.call_async(&mut *store, &params, &mut results).await?;
        Ok(Ok(results))
    }
}

#[cfg(feature = "compiler")]
fn compile(engine: &Engine, bytes: &[u8], path: &Path) -> Result<Component, HostError> {
    Component::from_binary(engine, bytes)
        .map_err(|e| load_error(path, format!("cannot compile the component: {e:#}")))
}

#[cfg(not(feature = "compiler"))]
fn compile(_engine: &Engine, _bytes: &[u8], path: &Path) -> Result<Component, HostError> {
    Err(load_error(
        path,
        format!(
            "this build of odr-host has no compiler and loads only precompiled components: \
             run `odr precompile {} odr_registrar.cwasm` and load the .cwasm",
            path.display()
        ),
    ))
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

fn classify(error: wasmtime::Error, memory_exceeded: bool, stderr: &str) -> HostError {
    if memory_exceeded {
        return HostError::MemoryLimitExceeded;
    }
    if let Some(Trap::OutOfFuel) = error.downcast_ref::<Trap>() {
        return HostError::DeadlineExceeded;
    }
    if let Some(exit) = error.downcast_ref::<wasmtime_wasi::I32Exit>() {
        return HostError::Trap(format!("the component exited with status {}", exit.0));
    }
    let mut message = format!("{error:#}");
    let stderr = stderr.trim();
    if !stderr.is_empty() {
        // A panic message may quote data; masked by the component's own policy.
        message.push_str("; the component wrote to stderr: ");
        message.push_str(&odr_mask::mask::<&str>(stderr, &[]));
    }
    HostError::Trap(message)
}

/// A memory cap that remembers when it refused to grow.
struct MemoryCap {
    limits: StoreLimits,
    max_bytes: usize,
    exceeded: bool,
}

impl ResourceLimiter for MemoryCap {
    fn memory_growing(
        &mut self,
        current: usize,
        desired: usize,
        maximum: Option<usize>,
    ) -> wasmtime::Result<bool> {
        if desired > self.max_bytes {
            self.exceeded = true;
        }
        self.limits.memory_growing(current, desired, maximum)
    }

    fn table_growing(
        &mut self,
        current: usize,
        desired: usize,
        maximum: Option<usize>,
    ) -> wasmtime::Result<bool> {
        self.limits.table_growing(current, desired, maximum)
    }
}

/// The store data of one call. `Send`, as wasmtime requires: capabilities are not
/// here, only the channel to the broker that holds them.
struct HostState {
    wasi: WasiCtx,
    table: ResourceTable,
    http: WasiHttpCtx,
    hooks: Hooks,
    limits: MemoryCap,
    broker: broker::Sender,
}

impl HostState {
    fn new(broker: broker::Sender, options: &CallOptions, stderr: StderrCapture) -> Self {
        let mut wasi = WasiCtxBuilder::new();
        wasi.allow_tcp(false)
            .allow_udp(false)
            .allow_ip_name_lookup(false)
            .stderr(stderr)
            .secure_random(Deterministic::new(RANDOM_SEED.to_vec()))
            .insecure_random(Deterministic::new(RANDOM_SEED.to_vec()))
            .insecure_random_seed(u128::from_le_bytes(RANDOM_SEED));
        if let Clock::Pinned { unix_seconds } = options.clock {
            wasi.wall_clock(PinnedWallClock { unix_seconds })
                .monotonic_clock(VirtualMonotonicClock::new());
        }
        HostState {
            wasi: wasi.build(),
            table: ResourceTable::new(),
            http: WasiHttpCtx::new(),
            hooks: Hooks {
                allowed: None,
                broker: broker.clone(),
            },
            limits: MemoryCap {
                limits: StoreLimitsBuilder::new()
                    .memory_size(options.memory_limit_bytes)
                    .trap_on_grow_failure(true)
                    .build(),
                max_bytes: options.memory_limit_bytes,
                exceeded: false,
            },
            broker,
        }
    }
}

impl wasmtime_wasi::WasiView for HostState {
    fn ctx(&mut self) -> WasiCtxView<'_> {
        WasiCtxView {
            ctx: &mut self.wasi,
            table: &mut self.table,
        }
    }
}

impl WasiHttpView for HostState {
    fn http(&mut self) -> WasiHttpCtxView<'_> {
        WasiHttpCtxView {
            ctx: &mut self.http,
            table: &mut self.table,
            hooks: &mut self.hooks,
        }
    }
}

/// The pinned wall clock.
struct PinnedWallClock {
    unix_seconds: u64,
}

impl HostWallClock for PinnedWallClock {
    fn resolution(&self) -> Duration {
        Duration::from_secs(1)
    }

    fn now(&self) -> Duration {
        Duration::from_secs(self.unix_seconds)
    }
}

/// A monotonic clock on tokio's (paused) timer: it advances exactly as far as the
/// guest's sleeps take virtual time.
struct VirtualMonotonicClock {
    start: tokio::time::Instant,
}

impl VirtualMonotonicClock {
    fn new() -> Self {
        VirtualMonotonicClock {
            start: tokio::time::Instant::now(),
        }
    }
}

impl HostMonotonicClock for VirtualMonotonicClock {
    fn resolution(&self) -> u64 {
        1
    }

    fn now(&self) -> u64 {
        u64::try_from(self.start.elapsed().as_nanos()).unwrap_or(u64::MAX)
    }
}

/// The guest's stderr: the first [`STDERR_CAPTURE`] bytes are kept for trap
/// messages (a Rust panic prints there before it aborts), the rest is dropped.
#[derive(Clone, Default)]
struct StderrCapture {
    buffer: Arc<Mutex<Vec<u8>>>,
}

impl StderrCapture {
    fn append(&self, bytes: &[u8]) {
        let mut buffer = self.buffer.lock().unwrap_or_else(|p| p.into_inner());
        let room = STDERR_CAPTURE.saturating_sub(buffer.len());
        buffer.extend_from_slice(&bytes[..bytes.len().min(room)]);
    }

    fn text(&self) -> String {
        let buffer = self.buffer.lock().unwrap_or_else(|p| p.into_inner());
        String::from_utf8_lossy(&buffer).into_owned()
    }
}

impl IsTerminal for StderrCapture {
    fn is_terminal(&self) -> bool {
        false
    }
}

impl StdoutStream for StderrCapture {
    fn async_stream(&self) -> Box<dyn tokio::io::AsyncWrite + Send + Sync> {
        Box::new(self.clone())
    }

    fn p2_stream(&self) -> Box<dyn OutputStream> {
        Box::new(self.clone())
    }
}

#[wasmtime_wasi::async_trait]
impl Pollable for StderrCapture {
    async fn ready(&mut self) {}
}

#[wasmtime_wasi::async_trait]
impl OutputStream for StderrCapture {
    fn write(&mut self, bytes: Bytes) -> StreamResult<()> {
        self.append(&bytes);
        Ok(())
    }

    fn flush(&mut self) -> StreamResult<()> {
        Ok(())
    }

    fn check_write(&mut self) -> StreamResult<usize> {
        Ok(64 * 1024)
    }
}

impl tokio::io::AsyncWrite for StderrCapture {
    fn poll_write(
        self: Pin<&mut Self>,
        _cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        self.append(buf);
        Poll::Ready(Ok(buf.len()))
    }

    fn poll_flush(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Poll::Ready(Ok(()))
    }

    fn poll_shutdown(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Poll::Ready(Ok(()))
    }
}

/// Send `request` to the broker and wait for the answer built by `make`.
async fn ask<T>(
    sender: broker::Sender,
    make: impl FnOnce(oneshot::Sender<T>) -> Request,
) -> wasmtime::Result<T> {
    let (reply, answer) = oneshot::channel();
    sender.send(make(reply)).map_err(|_| broker::gone())?;
    answer.await.map_err(|_| broker::gone())
}

fn sender_of(store: &StoreContextMut<'_, HostState>) -> broker::Sender {
    store.data().broker.clone()
}

/// The linker: WASI p2 (no sockets, no preopens, seeded random), `wasi:http` through
/// [`Hooks`], and the `state` and `log` imports through the broker.
/// Deserialize a `.cwasm` from a private copy of it, mapped.
///
/// Mapping the installed file itself would be the cheapest (0.5 ms in a fresh process), but
/// its pages would stay the file's: a module folder overwritten in place (an FTP upload, a
/// panel's file manager) would change the code under every PHP process that loaded it, and
/// crash them. Reading it into memory and copying it (what `Component::deserialize` does)
/// costs 4-5 ms in a fresh process. A copy into an anonymous memory file (memfd), made by the
/// kernel and then mapped, costs about 2 ms and belongs to this process alone
/// (`host/examples/load_cost.rs` measures all three). Where memory files or `/proc` are not
/// available, the file is read and copied.
fn deserialize_precompiled(engine: &Engine, path: &Path) -> wasmtime::Result<Component> {
    #[cfg(target_os = "linux")]
    if let Ok(copy) = private_copy(path) {
        use std::os::fd::AsRawFd;
        let mapped = format!("/proc/self/fd/{}", copy.as_raw_fd());
        // SAFETY: the deployment's own precompiled component (see `Runtime::load`), in a
        // memory file nobody else can write; wasmtime checks its version and configuration.
        if let Ok(component) = unsafe { Component::deserialize_file(engine, &mapped) } {
            return Ok(component);
        }
    }
    let bytes = std::fs::read(path)?;
    // SAFETY: as above; wasmtime copies the bytes into memory of its own.
    unsafe { Component::deserialize(engine, &bytes) }
}

/// A sealed-off copy of `path` in an anonymous memory file, copied by the kernel.
#[cfg(target_os = "linux")]
fn private_copy(path: &Path) -> std::io::Result<std::fs::File> {
    use std::os::fd::FromRawFd;
    // SAFETY: memfd_create takes a NUL-terminated name and flags; it returns a new file
    // descriptor this function owns from here on, or -1.
    let fd = unsafe { libc::memfd_create(c"odr-component".as_ptr(), libc::MFD_CLOEXEC) };
    if fd < 0 {
        return Err(std::io::Error::last_os_error());
    }
    // SAFETY: `fd` is a fresh descriptor owned by nothing else.
    let mut copy = unsafe { std::fs::File::from_raw_fd(fd) };
    std::io::copy(&mut std::fs::File::open(path)?, &mut copy)?;
    Ok(copy)
}

/// What a component file holds, from its first bytes.
enum FileKind {
    /// A WebAssembly component (`\0asm`): compiled at load.
    Wasm,
    /// An ELF file: a precompiled component from `odr precompile`.
    Elf,
}

fn file_kind(path: &Path) -> Result<FileKind, HostError> {
    use std::io::Read;
    let mut magic = Vec::with_capacity(4);
    std::fs::File::open(path)
        .and_then(|file| file.take(4).read_to_end(&mut magic))
        .map_err(|e| load_error(path, format!("cannot read the file: {e}")))?;
    match magic.as_slice() {
        b"\0asm" => Ok(FileKind::Wasm),
        b"\x7fELF" => Ok(FileKind::Elf),
        _ => Err(load_error(
            path,
            "neither a component (.wasm) nor a precompiled component (.cwasm from \
             `odr precompile`)",
        )),
    }
}

fn linker(engine: &Engine) -> wasmtime::Result<Linker<HostState>> {
    let mut linker = Linker::<HostState>::new(engine);
    wasmtime_wasi::p2::add_to_linker_async(&mut linker)?;
    wasmtime_wasi_http::p2::add_only_http_to_linker_async(&mut linker)?;

    let mut state = linker.instance(STATE_INTERFACE)?;
    state.func_wrap_async("get", |store, (key,): (String,)| {
        let sender = sender_of(&store);
        Box::new(async move {
            let value = ask(sender, |reply| Request::StateGet { key, reply }).await?;
            Ok((value,))
        })
    })?;
    state.func_wrap_async(
        "set",
        |store, (key, value, ttl_seconds): (String, String, Option<u32>)| {
            let sender = sender_of(&store);
            Box::new(async move {
                let result = ask(sender, |reply| Request::StateSet {
                    key,
                    value,
                    ttl_seconds,
                    reply,
                })
                .await?;
                Ok((result,))
            })
        },
    )?;
    state.func_wrap_async("delete", |store, (key,): (String,)| {
        let sender = sender_of(&store);
        Box::new(async move {
            let result = ask(sender, |reply| Request::StateDelete { key, reply }).await?;
            Ok((result,))
        })
    })?;
    state.func_wrap_async(
        "add",
        |store, (key, value, ttl_seconds): (String, String, Option<u32>)| {
            let sender = sender_of(&store);
            Box::new(async move {
                let result = ask(sender, |reply| Request::StateAdd {
                    key,
                    value,
                    ttl_seconds,
                    reply,
                })
                .await?;
                Ok((result,))
            })
        },
    )?;

    let mut log = linker.instance(LOG_INTERFACE)?;
    log.func_wrap_async(
        "module-call",
        |store, (action, request, response): (String, String, String)| {
            let sender = sender_of(&store);
            Box::new(async move {
                ask(sender, |reply| Request::LogModuleCall {
                    action,
                    request,
                    response,
                    reply,
                })
                .await?;
                Ok(())
            })
        },
    )?;
    log.func_wrap_async(
        "activity",
        |store, (message, domain): (String, Option<String>)| {
            let sender = sender_of(&store);
            Box::new(async move {
                ask(sender, |reply| Request::LogActivity {
                    message,
                    domain,
                    reply,
                })
                .await?;
                Ok(())
            })
        },
    )?;
    Ok(linker)
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
