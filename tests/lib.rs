//! Helpers of the replay harness: the component (compiled once per test process),
//! in-process calls with pinned clock and in-memory state, scripted transports and a
//! loopback HTTP server for record-mode tests.
//!
//! The component is `target/wasm32-wasip2/release/odr_registrar.wasm` (the env var
//! `ODR_COMPONENT` overrides); build it first with
//! `cargo build --release --target wasm32-wasip2` (the Makefile does).

use odr_host::replay::{self, Recording};
use odr_host::{
    CallOptions, CallOutcome, Capabilities, Clock, HostError, HttpRequest, HttpResponse, MemoryLog,
    MemoryState, Runtime, Transport, TransportError,
};
use serde_json::Value;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};
use std::thread;
use std::time::Duration;

pub use odr_host::replay::{test_settings, TEST_API_KEY, TEST_API_SECRET, TEST_API_URL};

/// The pinned time most harness tests use: 2025-12-01T00:00:00Z.
pub const NOW: u64 = 1_764_547_200;

/// The workspace root (the parent of this crate).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from(".."))
}

/// Where the component is: `$ODR_COMPONENT`, else the release build of the root package.
pub fn component_path() -> PathBuf {
    match std::env::var_os("ODR_COMPONENT") {
        Some(path) => PathBuf::from(path),
        None => workspace_root().join("target/wasm32-wasip2/release/odr_registrar.wasm"),
    }
}

/// The component, loaded (compiled) once per test process.
///
/// Panics with the build command when it is missing.
pub fn runtime() -> &'static Runtime {
    static RUNTIME: OnceLock<Result<Runtime, String>> = OnceLock::new();
    let loaded = RUNTIME.get_or_init(|| {
        let path = component_path();
        if !path.exists() {
            return Err(format!(
                "the component is missing at {}: build it with \
                 `cargo build --release --target wasm32-wasip2` (or `make test`), \
                 or point ODR_COMPONENT at it",
                path.display()
            ));
        }
        Runtime::load(&path).map_err(|e| e.to_string())
    });
    match loaded {
        Ok(runtime) => runtime,
        Err(message) => panic!("{message}"),
    }
}

/// The recordings directory, `tests/recordings/`.
pub fn recordings_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("recordings")
}

/// Every `*.json` in `tests/recordings/`, sorted.
pub fn recording_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(recordings_dir())
        .map(|entries| {
            entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|ext| ext == "json"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

/// Load and replay one recording file; `Err` carries the readable report.
pub fn replay_file(path: &Path) -> Result<(), String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let recording = Recording::from_json(&text)
        .map_err(|e| format!("{}: not a recording: {e}", path.display()))?;
    let report = replay::run_recording(runtime(), &recording, None);
    if report.passed() {
        Ok(())
    } else {
        Err(format!(
            "{} failed:\n{}",
            path.display(),
            report.failures.join("\n\n")
        ))
    }
}

/// The test settings with some fields replaced.
pub fn settings_with(overrides: Value) -> Value {
    let mut settings = test_settings();
    if let (Some(target), Value::Object(overrides)) = (settings.as_object_mut(), overrides) {
        for (key, value) in overrides {
            target.insert(key, value);
        }
    }
    settings
}

/// How a [`ScriptedTransport`] answers.
type Answer = Box<dyn Fn(&HttpRequest) -> Result<HttpResponse, TransportError>>;

/// A transport answering from a closure and keeping every request it saw.
pub struct ScriptedTransport {
    answer: Answer,
    seen: Mutex<Vec<HttpRequest>>,
    batches: Mutex<Vec<usize>>,
}

impl ScriptedTransport {
    /// Answer every request with `answer`.
    pub fn new(
        answer: impl Fn(&HttpRequest) -> Result<HttpResponse, TransportError> + 'static,
    ) -> Self {
        ScriptedTransport {
            answer: Box::new(answer),
            seen: Mutex::new(Vec::new()),
            batches: Mutex::new(Vec::new()),
        }
    }

    /// Answer everything with an ODR error envelope (HTTP 404, "not found").
    pub fn not_found() -> Self {
        Self::new(|_| {
            Ok(json_response(
                404,
                r#"{"status":"error","code":404,"response":{"message":"Not found","data":[]}}"#,
            ))
        })
    }

    /// Every request so far.
    pub fn seen(&self) -> Vec<HttpRequest> {
        self.seen.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// The size of every batch the host handed over with `send_many`.
    pub fn batches(&self) -> Vec<usize> {
        self.batches
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }
}

impl Transport for ScriptedTransport {
    fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        let answer = (self.answer)(&request);
        self.seen
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(request);
        answer
    }

    fn send_many(&self, requests: Vec<HttpRequest>) -> Vec<Result<HttpResponse, TransportError>> {
        self.batches
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(requests.len());
        requests.into_iter().map(|r| self.send(r)).collect()
    }
}

/// A JSON response with `status`.
pub fn json_response(status: u16, body: &str) -> HttpResponse {
    HttpResponse {
        status,
        headers: vec![("content-type".into(), "application/json".into())],
        body: body.as_bytes().to_vec(),
    }
}

/// One in-process call environment: pinned clock, in-memory state and log.
pub struct Harness {
    /// The state store.
    pub state: MemoryState,
    /// The log.
    pub log: MemoryLog,
    /// The call options (pinned clock at [`NOW`], default limits).
    pub options: CallOptions,
}

impl Default for Harness {
    fn default() -> Self {
        Self::new()
    }
}

impl Harness {
    /// Pinned at [`NOW`], empty state.
    pub fn new() -> Self {
        let clock = Clock::Pinned { unix_seconds: NOW };
        Harness {
            state: MemoryState::new(clock),
            log: MemoryLog::new(),
            options: CallOptions {
                clock,
                ..CallOptions::default()
            },
        }
    }

    /// Call `function` through `transport`.
    pub fn call(
        &self,
        transport: &dyn Transport,
        function: &str,
        args: &Value,
    ) -> Result<CallOutcome, HostError> {
        self.call_with(transport, function, args, &self.options)
    }

    /// Call with explicit options.
    pub fn call_with(
        &self,
        transport: &dyn Transport,
        function: &str,
        args: &Value,
        options: &CallOptions,
    ) -> Result<CallOutcome, HostError> {
        let caps = Capabilities {
            transport,
            state: &self.state,
            log: &self.log,
        };
        runtime().call(caps, function, args, options)
    }
}

/// A loopback HTTP/1.1 server answering with canned raw responses, one per
/// connection, in order, and keeping each raw request. An entry of `None` holds the
/// connection without answering (a timeout).
pub struct LoopbackServer {
    /// The port on 127.0.0.1.
    pub port: u16,
    requests: Arc<Mutex<Vec<String>>>,
}

impl LoopbackServer {
    /// Start serving `responses` (each a full raw HTTP response, or `None`).
    pub fn start(responses: Vec<Option<String>>) -> LoopbackServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        let port = listener.local_addr().expect("address").port();
        let requests = Arc::new(Mutex::new(Vec::new()));
        let seen = Arc::clone(&requests);
        thread::spawn(move || {
            for response in responses {
                let Ok((mut stream, _)) = listener.accept() else {
                    return;
                };
                let raw = read_raw_request(&mut stream);
                seen.lock().unwrap_or_else(|p| p.into_inner()).push(raw);
                match response {
                    Some(response) => {
                        let _ = stream.write_all(response.as_bytes());
                    }
                    None => thread::sleep(Duration::from_secs(3)),
                }
            }
        });
        LoopbackServer { port, requests }
    }

    /// `http://127.0.0.1:PORT/`
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}/", self.port)
    }

    /// The raw requests received so far.
    pub fn requests(&self) -> Vec<String> {
        self.requests
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }
}

/// A complete raw HTTP/1.1 response with a JSON body.
pub fn raw_json_response(status: u16, body: &str) -> String {
    format!(
        "HTTP/1.1 {status} Whatever\r\ncontent-type: application/json\r\n\
         content-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    )
}

fn read_raw_request(stream: &mut TcpStream) -> String {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let mut data = Vec::new();
    let mut buffer = [0u8; 4096];
    loop {
        let text = String::from_utf8_lossy(&data).to_string();
        if let Some(head_end) = text.find("\r\n\r\n") {
            let length = text[..head_end]
                .lines()
                .find_map(|line| {
                    let (name, value) = line.split_once(':')?;
                    name.eq_ignore_ascii_case("content-length")
                        .then(|| value.trim().parse::<usize>().ok())
                        .flatten()
                })
                .unwrap_or(0);
            if data.len() >= head_end + 4 + length {
                return text;
            }
        }
        match stream.read(&mut buffer) {
            Ok(0) | Err(_) => return String::from_utf8_lossy(&data).to_string(),
            Ok(n) => data.extend_from_slice(&buffer[..n]),
        }
    }
}
