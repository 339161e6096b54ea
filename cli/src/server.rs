//! `odr replay-server`: a recording served over HTTP on 127.0.0.1, strictly.
//!
//! One thread per connection, kept open between requests as HTTP/1.1 allows (a
//! client that reuses connections is seen doing so: `GET /__replay__/stats` counts
//! connections and requests; a fault or a mismatch closes it), the matching
//! itself in one [`ReplaySession`] behind a mutex (requests are matched in the
//! order they arrive; those of one concurrent batch in any order). It counts the
//! requests in flight at once (`GET /__replay__/stats`), so a test can see that a
//! client sent a batch together.

use clap::Args;
use odr_host::replay::{Credentials, Recording, ReplaySession, TEST_API_KEY, TEST_API_SECRET};
use odr_host::{HttpRequest, TransportError};
use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread;
use std::time::{Duration, Instant};

/// Options of `odr replay-server`.
#[derive(Args)]
pub struct ServerArgs {
    /// The recording whose exchanges to serve.
    #[arg(long)]
    recording: PathBuf,
    /// Port on 127.0.0.1; 0 picks a free one (see --port-file).
    #[arg(long, default_value_t = 0)]
    port: u16,
    /// Write the chosen port to this file once listening (written atomically).
    #[arg(long)]
    port_file: Option<PathBuf>,
    /// API key the login signature is verified with.
    #[arg(long, default_value = TEST_API_KEY)]
    api_key: String,
    /// How long a `timeout` fault holds the connection (at most; it ends when the client hangs up).
    #[arg(long, default_value_t = 120)]
    hold_seconds: u64,
    /// Print nothing per request.
    #[arg(long, short)]
    quiet: bool,
    /// Added to every exchange before its answer: a simulated round trip to ODR (benchmarks).
    /// Concurrent requests wait concurrently.
    #[arg(long, default_value_t = 0)]
    latency_ms: u64,
}

/// The path that reports whether the replay is complete and clean.
const VERIFY_PATH: &str = "/__replay__/verify";
/// The path that reports the requests served and the most in flight at once.
const STATS_PATH: &str = "/__replay__/stats";
/// Largest request accepted (head and body).
const MAX_REQUEST: usize = 16 * 1024 * 1024;

struct Shared {
    session: Mutex<ReplaySession>,
    port: u16,
    hold: Duration,
    quiet: bool,
    latency: Duration,
    /// Requests being answered now, and the most there were at once.
    in_flight: Mutex<(usize, usize)>,
    served: AtomicUsize,
    /// Connections accepted (the stats request's own included).
    connections: AtomicUsize,
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|p| p.into_inner())
}

/// One request being answered, from its arrival to its answer (or a dropped connection).
struct InFlight<'a>(&'a Shared);

impl<'a> InFlight<'a> {
    fn enter(shared: &'a Shared) -> InFlight<'a> {
        shared.served.fetch_add(1, Ordering::SeqCst);
        let mut counts = lock(&shared.in_flight);
        counts.0 += 1;
        counts.1 = counts.1.max(counts.0);
        InFlight(shared)
    }
}

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        let mut counts = lock(&self.0.in_flight);
        counts.0 = counts.0.saturating_sub(1);
    }
}

impl Shared {
    fn session(&self) -> MutexGuard<'_, ReplaySession> {
        self.session.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// Serve until killed (SIGTERM ends the process).
pub fn run(args: ServerArgs) -> Result<std::process::ExitCode, String> {
    let text = std::fs::read_to_string(&args.recording)
        .map_err(|e| format!("{}: {e}", args.recording.display()))?;
    let recording = Recording::from_json(&text)
        .map_err(|e| format!("{}: not a recording: {e}", args.recording.display()))?;
    let listener = TcpListener::bind(("127.0.0.1", args.port))
        .map_err(|e| format!("cannot listen on 127.0.0.1:{}: {e}", args.port))?;
    let port = listener
        .local_addr()
        .map_err(|e| format!("cannot read the bound address: {e}"))?
        .port();
    if let Some(path) = &args.port_file {
        let temporary = path.with_extension("tmp");
        std::fs::write(&temporary, format!("{port}\n"))
            .and_then(|()| std::fs::rename(&temporary, path))
            .map_err(|e| format!("{}: {e}", path.display()))?;
    }
    println!(
        "replaying {} exchanges of {} on http://127.0.0.1:{port}/ (verify: GET {VERIFY_PATH})",
        recording.exchanges.len(),
        args.recording.display()
    );
    let credentials = Credentials {
        api_key: args.api_key,
        // From the environment only (never a flag): the test secret by default.
        api_secret: std::env::var("ODR_REPLAY_API_SECRET")
            .unwrap_or_else(|_| TEST_API_SECRET.to_string()),
    };
    let shared = Arc::new(Shared {
        session: Mutex::new(ReplaySession::new(recording.exchanges, credentials)),
        port,
        hold: Duration::from_secs(args.hold_seconds),
        quiet: args.quiet,
        latency: Duration::from_millis(args.latency_ms),
        in_flight: Mutex::new((0, 0)),
        served: AtomicUsize::new(0),
        connections: AtomicUsize::new(0),
    });
    for connection in listener.incoming() {
        let Ok(stream) = connection else { continue };
        let shared = Arc::clone(&shared);
        thread::spawn(move || {
            if let Err(error) = serve_connection(stream, &shared) {
                if !shared.quiet {
                    eprintln!("replay-server: connection error: {error}");
                }
            }
        });
    }
    Ok(std::process::ExitCode::SUCCESS)
}

/// A parsed HTTP/1.1 request.
struct Incoming {
    method: String,
    target: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
    /// HTTP/1.1 without `Connection: close`: the client may send another request.
    keep_alive: bool,
}

fn read_request(stream: &mut TcpStream) -> Result<Option<Incoming>, String> {
    let mut buffer = Vec::new();
    let mut chunk = [0u8; 8192];
    loop {
        let mut headers = [httparse::EMPTY_HEADER; 64];
        let mut request = httparse::Request::new(&mut headers);
        match request.parse(&buffer) {
            Ok(httparse::Status::Complete(head_len)) => {
                let method = request.method.unwrap_or("GET").to_string();
                let http11 = request.version == Some(1);
                let target = request.path.unwrap_or("/").to_string();
                let headers: Vec<(String, String)> = request
                    .headers
                    .iter()
                    .map(|h| {
                        (
                            h.name.to_string(),
                            String::from_utf8_lossy(h.value).into_owned(),
                        )
                    })
                    .collect();
                // curl sends `Expect: 100-continue` before large bodies and waits a
                // second for this; ODR must not get it, but the tests should not stall.
                let expects_continue = header(&headers, "expect")
                    .is_some_and(|v| v.eq_ignore_ascii_case("100-continue"));
                if expects_continue && buffer.len() == head_len {
                    stream
                        .write_all(b"HTTP/1.1 100 Continue\r\n\r\n")
                        .map_err(|e| e.to_string())?;
                }
                let body = read_body(stream, &buffer[head_len..], &headers)?;
                let keep_alive = http11
                    && !header(&headers, "connection")
                        .is_some_and(|v| v.to_ascii_lowercase().contains("close"));
                return Ok(Some(Incoming {
                    method,
                    target,
                    headers,
                    body,
                    keep_alive,
                }));
            }
            Ok(httparse::Status::Partial) => {}
            Err(e) => return Err(format!("malformed request: {e}")),
        }
        if buffer.len() > MAX_REQUEST {
            return Err("request head too large".into());
        }
        let read = match stream.read(&mut chunk) {
            Ok(read) => read,
            // A kept connection the client left idle: it ends here, quietly.
            Err(e)
                if buffer.is_empty()
                    && matches!(
                        e.kind(),
                        std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                    ) =>
            {
                0
            }
            Err(e) => return Err(e.to_string()),
        };
        if read == 0 {
            return Ok(None);
        }
        buffer.extend_from_slice(&chunk[..read]);
    }
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

fn read_body(
    stream: &mut TcpStream,
    already: &[u8],
    headers: &[(String, String)],
) -> Result<Vec<u8>, String> {
    let chunked = header(headers, "transfer-encoding")
        .is_some_and(|v| v.to_ascii_lowercase().contains("chunked"));
    if chunked {
        return read_chunked(stream, already.to_vec());
    }
    let length: usize = match header(headers, "content-length") {
        Some(v) => v
            .trim()
            .parse()
            .map_err(|_| format!("bad content-length {v:?}"))?,
        None => 0,
    };
    if length > MAX_REQUEST {
        return Err("request body too large".into());
    }
    let mut body = already.to_vec();
    let mut chunk = [0u8; 8192];
    while body.len() < length {
        let read = stream.read(&mut chunk).map_err(|e| e.to_string())?;
        if read == 0 {
            return Err("connection closed inside the body".into());
        }
        body.extend_from_slice(&chunk[..read]);
    }
    body.truncate(length);
    Ok(body)
}

fn read_chunked(stream: &mut TcpStream, mut raw: Vec<u8>) -> Result<Vec<u8>, String> {
    let mut chunk = [0u8; 8192];
    loop {
        if let Some(body) = decode_chunked(&raw)? {
            return Ok(body);
        }
        if raw.len() > MAX_REQUEST {
            return Err("request body too large".into());
        }
        let read = stream.read(&mut chunk).map_err(|e| e.to_string())?;
        if read == 0 {
            return Err("connection closed inside a chunked body".into());
        }
        raw.extend_from_slice(&chunk[..read]);
    }
}

/// The decoded body once `raw` holds the whole chunked encoding, `None` before.
fn decode_chunked(raw: &[u8]) -> Result<Option<Vec<u8>>, String> {
    let mut body = Vec::new();
    let mut at = 0;
    loop {
        let Some(line_end) = find(&raw[at..], b"\r\n") else {
            return Ok(None);
        };
        let size_text = String::from_utf8_lossy(&raw[at..at + line_end]);
        let size_text = size_text.split(';').next().unwrap_or_default().trim();
        let size = usize::from_str_radix(size_text, 16)
            .map_err(|_| format!("bad chunk size {size_text:?}"))?;
        at += line_end + 2;
        if size == 0 {
            // Trailers (ignored) end with an empty line.
            return Ok(find(&raw[at..], b"\r\n").map(|_| body));
        }
        if raw.len() < at + size + 2 {
            return Ok(None);
        }
        body.extend_from_slice(&raw[at..at + size]);
        at += size + 2;
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        201 => "Created",
        204 => "No Content",
        301 => "Moved Permanently",
        302 => "Found",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        409 => "Conflict",
        422 => "Unprocessable Entity",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        599 => "Replay Mismatch",
        _ => "Status",
    }
}

fn write_response(
    stream: &mut TcpStream,
    status: u16,
    headers: &[(String, String)],
    body: &[u8],
    keep_alive: bool,
) -> std::io::Result<()> {
    let mut head = format!("HTTP/1.1 {status} {}\r\n", reason(status));
    for (name, value) in headers {
        let lower = name.to_ascii_lowercase();
        if matches!(
            lower.as_str(),
            "content-length" | "connection" | "transfer-encoding"
        ) {
            continue;
        }
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str(&format!(
        "content-length: {}\r\nconnection: {}\r\n\r\n",
        body.len(),
        if keep_alive { "keep-alive" } else { "close" }
    ));
    // One write: head and body in two would leave the body to Nagle's algorithm on a kept
    // connection (about 40 ms against the client's delayed acknowledgement).
    let mut answer = head.into_bytes();
    answer.extend_from_slice(body);
    stream.write_all(&answer)?;
    stream.flush()
}

fn text_response(stream: &mut TcpStream, status: u16, text: &str) -> std::io::Result<()> {
    let headers = [(
        "content-type".to_string(),
        "text/plain; charset=utf-8".to_string(),
    )];
    write_response(stream, status, &headers, text.as_bytes(), false)
}

/// Keep the connection open, unanswered, until the client gives up (or `hold` passes).
fn hold(stream: &mut TcpStream, hold: Duration) {
    let deadline = Instant::now() + hold;
    let _ = stream.set_read_timeout(Some(Duration::from_millis(200)));
    let mut sink = [0u8; 1024];
    while Instant::now() < deadline {
        match stream.read(&mut sink) {
            Ok(0) => return,
            Ok(_) => {}
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) => {}
            Err(_) => return,
        }
    }
}

/// What happens to a connection after an answer.
enum After {
    /// The client may send the next request on it.
    Keep,
    /// It is closed (or was held and given up).
    Close,
}

fn serve_connection(mut stream: TcpStream, shared: &Shared) -> Result<(), String> {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(30)));
    // Answers go out as written (no waiting to coalesce small segments).
    let _ = stream.set_nodelay(true);
    shared.connections.fetch_add(1, Ordering::SeqCst);
    while let Some(incoming) = read_request(&mut stream)? {
        if let After::Close = serve_request(&mut stream, incoming, shared)? {
            break;
        }
    }
    Ok(())
}

fn serve_request(
    stream: &mut TcpStream,
    incoming: Incoming,
    shared: &Shared,
) -> Result<After, String> {
    let path = incoming.target.split('?').next().unwrap_or_default();
    if path == VERIFY_PATH {
        let verdict = shared.session().finish();
        let written = match verdict {
            Ok(()) => text_response(stream, 200, "ok"),
            Err(error) => {
                let mut text = error.to_string();
                for failure in shared.session().failures().iter().skip(1) {
                    text.push_str("\n\n");
                    text.push_str(failure);
                }
                text_response(stream, 500, &text)
            }
        };
        return written.map(|()| After::Close).map_err(|e| e.to_string());
    }
    if path == STATS_PATH {
        let peak = lock(&shared.in_flight).1;
        let served = shared.served.load(Ordering::SeqCst);
        // Less this request's own connection.
        let connections = shared.connections.load(Ordering::SeqCst).saturating_sub(1);
        let body = format!(
            "{{\"served\":{served},\"peak_in_flight\":{peak},\"connections\":{connections}}}"
        );
        return write_response(
            stream,
            200,
            &[("content-type".to_string(), "application/json".to_string())],
            body.as_bytes(),
            false,
        )
        .map(|()| After::Close)
        .map_err(|e| e.to_string());
    }
    let in_flight = InFlight::enter(shared);
    let request = HttpRequest {
        method: incoming.method.clone(),
        url: format!("http://127.0.0.1:{}{}", shared.port, incoming.target),
        headers: incoming.headers,
        body: incoming.body,
        timeout: Duration::ZERO,
    };
    let answer = shared.session().respond(&request);
    if !shared.latency.is_zero() {
        thread::sleep(shared.latency);
    }
    // Answered from here on: the client may send its next request as soon as it reads this.
    drop(in_flight);
    match answer {
        Err(error) => {
            if !shared.quiet {
                eprintln!("replay-server: MISMATCH {error}");
            }
            text_response(stream, 599, &error.to_string())
                .map(|()| After::Close)
                .map_err(|e| e.to_string())
        }
        Ok(response) => {
            if !shared.quiet {
                eprintln!(
                    "replay-server: {} {} -> {}",
                    incoming.method,
                    incoming.target,
                    match response.fault {
                        Some(fault) => format!("fault {fault:?}"),
                        None => response.status.to_string(),
                    }
                );
            }
            // The recording's own conversion, as the harness's transport uses it.
            match response.to_http() {
                Err(TransportError::Timeout(_)) => {
                    hold(stream, shared.hold);
                    Ok(After::Close)
                }
                Err(_) => {
                    let _ = stream.shutdown(Shutdown::Both);
                    Ok(After::Close)
                }
                Ok(answer) => {
                    let keep = incoming.keep_alive && !shared.session().fault_ahead();
                    write_response(stream, answer.status, &answer.headers, &answer.body, keep)
                        .map(|()| if keep { After::Keep } else { After::Close })
                        .map_err(|e| e.to_string())
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunked_bodies_decode() {
        assert_eq!(
            decode_chunked(b"4\r\nWiki\r\n5\r\npedia\r\n0\r\n\r\n").expect("valid"),
            Some(b"Wikipedia".to_vec())
        );
        assert_eq!(decode_chunked(b"4\r\nWi").expect("partial"), None);
        assert!(decode_chunked(b"zz\r\n").is_err());
    }
}
