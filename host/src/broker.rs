//! The broker: the only place capabilities are called.
//!
//! Host imports and the `wasi:http` send futures run on wasmtime's fiber stack or as
//! tasks of the current-thread runtime; they must not touch a capability (not `Send`,
//! possibly PHP). They send a [`Request`] over a channel instead and await the
//! answer. [`serve`] receives the requests and calls the capabilities; `Runtime::call`
//! polls it in the same `block_on` as the guest call, on the caller's stack.

use crate::{Capabilities, HostError, HttpRequest, HttpResponse, TransportError};
use std::cell::Cell;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::time::Duration;
use tokio::sync::{mpsc, oneshot};
use tokio::time::Instant;

/// One capability call, with where to send its answer.
pub(crate) enum Request {
    StateGet {
        key: String,
        reply: oneshot::Sender<Result<Option<String>, String>>,
    },
    StateSet {
        key: String,
        value: String,
        ttl_seconds: Option<u32>,
        reply: oneshot::Sender<Result<(), String>>,
    },
    StateDelete {
        key: String,
        reply: oneshot::Sender<Result<(), String>>,
    },
    StateAdd {
        key: String,
        value: String,
        ttl_seconds: Option<u32>,
        reply: oneshot::Sender<Result<bool, String>>,
    },
    LogModuleCall {
        action: String,
        request: String,
        response: String,
        reply: oneshot::Sender<()>,
    },
    LogActivity {
        message: String,
        domain: Option<String>,
        reply: oneshot::Sender<()>,
    },
    Http {
        request: HttpRequest,
        reply: oneshot::Sender<Result<HttpResponse, TransportError>>,
    },
}

/// The sending side, kept in the store data (it is `Send`).
pub(crate) type Sender = mpsc::UnboundedSender<Request>;
/// The receiving side, consumed by [`serve`].
pub(crate) type Receiver = mpsc::UnboundedReceiver<Request>;

/// A new channel between the imports and the broker.
pub(crate) fn channel() -> (Sender, Receiver) {
    mpsc::unbounded_channel()
}

/// The error an import reports when the broker is gone (it only goes when the call ends).
pub(crate) fn gone() -> wasmtime::Error {
    wasmtime::Error::msg("the host's capability broker stopped")
}

fn panic_message(payload: Box<dyn std::any::Any + Send>) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic without a message".to_string())
}

/// Serve capability requests until the channel closes; returns only on a capability
/// panic (as [`HostError::Capability`]) or when every sender is gone. Each use is
/// noted in `activity` (for the stall watchdog).
///
/// An answer that cannot be delivered (the guest stopped waiting) is dropped.
pub(crate) async fn serve(
    mut requests: Receiver,
    caps: Capabilities<'_>,
    activity: &Cell<Instant>,
) -> Option<HostError> {
    while let Some(first) = requests.recv().await {
        let mut batch = vec![first];
        if matches!(batch[0], Request::Http { .. }) {
            // Requests the guest issued before waiting are tasks of this runtime:
            // let each reach the channel, then hand them to the transport together.
            tokio::task::yield_now().await;
            while let Ok(next) = requests.try_recv() {
                batch.push(next);
            }
        }
        activity.set(Instant::now());
        let outcome = catch_unwind(AssertUnwindSafe(|| handle_all(batch, caps)));
        activity.set(Instant::now());
        if let Err(payload) = outcome {
            return Some(HostError::Capability(panic_message(payload)));
        }
    }
    None
}

/// Handle requests in order; HTTP requests next to each other go to the
/// transport as one batch ([`crate::Transport::send_many`]).
fn handle_all(requests: Vec<Request>, caps: Capabilities<'_>) {
    let mut http = Vec::new();
    for request in requests {
        match request {
            Request::Http { request, reply } => http.push((request, reply)),
            other => {
                send_http(std::mem::take(&mut http), caps);
                handle(other, caps);
            }
        }
    }
    send_http(http, caps);
}

fn send_http(
    batch: Vec<(
        HttpRequest,
        oneshot::Sender<Result<HttpResponse, TransportError>>,
    )>,
    caps: Capabilities<'_>,
) {
    match batch.len() {
        0 => {}
        1 => {
            for (request, reply) in batch {
                let _ = reply.send(caps.transport.send(request));
            }
        }
        n => {
            let (requests, replies): (Vec<_>, Vec<_>) = batch.into_iter().unzip();
            let mut answers = caps.transport.send_many(requests);
            // A transport must answer each request; one that does not fails the rest.
            answers.resize_with(n, || {
                Err(TransportError::Other(
                    "the transport gave no answer for this request".into(),
                ))
            });
            for (reply, answer) in replies.into_iter().zip(answers) {
                let _ = reply.send(answer);
            }
        }
    }
}

/// Completes once `limit` has passed since the last capability use in `activity`.
pub(crate) async fn watchdog(activity: &Cell<Instant>, limit: Duration) {
    loop {
        tokio::time::sleep_until(activity.get() + limit).await;
        if activity.get() + limit <= Instant::now() {
            return;
        }
    }
}

fn handle(request: Request, caps: Capabilities<'_>) {
    match request {
        Request::StateGet { key, reply } => {
            let _ = reply.send(caps.state.get(&key));
        }
        Request::StateSet {
            key,
            value,
            ttl_seconds,
            reply,
        } => {
            let _ = reply.send(caps.state.set(&key, &value, ttl_seconds));
        }
        Request::StateDelete { key, reply } => {
            let _ = reply.send(caps.state.delete(&key));
        }
        Request::StateAdd {
            key,
            value,
            ttl_seconds,
            reply,
        } => {
            let _ = reply.send(caps.state.add(&key, &value, ttl_seconds));
        }
        Request::LogModuleCall {
            action,
            request,
            response,
            reply,
        } => {
            caps.log.module_call(&action, &request, &response);
            let _ = reply.send(());
        }
        Request::LogActivity {
            message,
            domain,
            reply,
        } => {
            caps.log.activity(&message, domain.as_deref());
            let _ = reply.send(());
        }
        Request::Http { request, reply } => send_http(vec![(request, reply)], caps),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_watchdog_waits_for_quiet_not_for_total_time() {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .start_paused(true)
            .build()
            .expect("runtime");
        runtime.block_on(async {
            let start = Instant::now();
            let activity = Cell::new(start);
            let limit = Duration::from_secs(600);
            let busy = async {
                // Activity every 5 virtual minutes for 20 minutes, then quiet.
                for _ in 0..4 {
                    tokio::time::sleep(Duration::from_secs(300)).await;
                    activity.set(Instant::now());
                }
                std::future::pending::<()>().await;
            };
            tokio::select! {
                () = watchdog(&activity, limit) => {}
                () = busy => unreachable!(),
            }
            assert_eq!(start.elapsed(), Duration::from_secs(1200 + 600));
        });
    }
}
