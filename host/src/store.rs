//! The store data of one call and its limits: WASI (no sockets, seeded random,
//! pinned or system clocks), `wasi:http` through the origin hooks, the memory cap,
//! the guest's captured stderr, and how a failed call is classified.

use crate::broker;
use crate::http::Hooks;
use crate::runtime::{CallOptions, Clock};
use crate::HostError;
use bytes::Bytes;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;
use wasmtime::component::ResourceTable;
use wasmtime::{ResourceLimiter, StoreLimits, StoreLimitsBuilder, Trap};
use wasmtime_wasi::cli::{IsTerminal, StdoutStream};
use wasmtime_wasi::p2::{OutputStream, Pollable, StreamResult};
use wasmtime_wasi::random::Deterministic;
use wasmtime_wasi::{HostMonotonicClock, HostWallClock, WasiCtx, WasiCtxBuilder, WasiCtxView};
use wasmtime_wasi_http::{WasiHttpCtx, WasiHttpCtxView, WasiHttpView};

/// Bytes of the guest's stderr kept for trap messages (a panic message lands there).
const STDERR_CAPTURE: usize = 16 * 1024;
/// Seed of the guest's `wasi:random` (std's hash-map keys): the same on every host.
const RANDOM_SEED: [u8; 16] = *b"odr-registrar-v1";

pub(crate) fn classify(error: wasmtime::Error, memory_exceeded: bool, stderr: &str) -> HostError {
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
pub(crate) struct MemoryCap {
    limits: StoreLimits,
    max_bytes: usize,
    pub(crate) exceeded: bool,
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
pub(crate) struct HostState {
    wasi: WasiCtx,
    table: ResourceTable,
    http: WasiHttpCtx,
    pub(crate) hooks: Hooks,
    pub(crate) limits: MemoryCap,
    pub(crate) broker: broker::Sender,
}

impl HostState {
    pub(crate) fn new(
        broker: broker::Sender,
        options: &CallOptions,
        stderr: StderrCapture,
    ) -> Self {
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
pub(crate) struct StderrCapture {
    buffer: Arc<Mutex<Vec<u8>>>,
}

impl StderrCapture {
    fn append(&self, bytes: &[u8]) {
        let mut buffer = self.buffer.lock().unwrap_or_else(|p| p.into_inner());
        let room = STDERR_CAPTURE.saturating_sub(buffer.len());
        buffer.extend_from_slice(&bytes[..bytes.len().min(room)]);
    }

    pub(crate) fn text(&self) -> String {
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
