//! `odr`: the registrar component from the shell.
//!
//! Run any operation against ODR (credentials from flags or the environment), record
//! what ODR answered, replay recordings, serve a recording over HTTP for the PHP
//! tests, and precompile the component for hosts without a compiler.

mod conformance;
mod server;
mod state_file;

use clap::{Args, Parser, Subcommand};
use odr_host::net::UreqTransport;
use odr_host::replay::{
    self, Credentials, Expect, RecordedCall, Recording, RecordingTransport, SeedValue,
};
use odr_host::{
    CallOptions, CallOutcome, Capabilities, Clock, HostError, LogSink, MemoryLog, MemoryState,
    Runtime, Transport,
};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Where `cargo build --release --target wasm32-wasip2` puts the component.
const DEFAULT_COMPONENT: &str = "target/wasm32-wasip2/release/odr_registrar.wasm";

#[derive(Parser)]
#[command(
    name = "odr",
    version,
    about = "Run the ODR registrar component from the shell",
    long_about = "Run the ODR registrar component (wit/registrar.wit) from the shell: any \
                  operation against Open Domain Registry, recordings of what ODR answered, \
                  strict replays, a replay server for the PHP tests, and precompilation \
                  for hosts without a compiler.",
    after_help = "Examples:\n  \
        odr call check-credentials --test-mode            (keys from ODR_API_KEY / ODR_API_SECRET)\n  \
        odr call get-domain-info --args '{\"domain\": \"example.nl\"}' --state ~/.odr-state.json\n  \
        odr call get-nameservers --args @args.json --record tests/recordings/new.json\n  \
        odr replay tests/recordings/\n  \
        odr precompile odr_registrar.wasm odr_registrar.cwasm"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Args)]
struct ComponentArg {
    /// The component: a .wasm (compiled at load) or a .cwasm from `odr precompile`.
    #[arg(long, env = "ODR_COMPONENT", default_value = DEFAULT_COMPONENT)]
    component: PathBuf,
}

#[derive(Subcommand)]
enum Command {
    /// Compile the component into a .cwasm that loads without a compiler (the PHP extension).
    ///
    /// The code uses only the target architecture's baseline CPU features (x86-64: SSE2,
    /// no AVX; aarch64: ARMv8-A), so the file loads on any server of that architecture.
    Precompile {
        /// The component, e.g. target/wasm32-wasip2/release/odr_registrar.wasm.
        wasm: PathBuf,
        /// Where to write the precompiled component, e.g. odr_registrar.cwasm.
        cwasm: PathBuf,
        /// The architecture to compile for: x86_64 or aarch64 (default: this machine's).
        #[arg(long, default_value = std::env::consts::ARCH)]
        arch: String,
    },
    /// Show how a .cwasm was compiled: wasmtime version, target and the CPU features it needs.
    Inspect {
        /// Precompiled components (.cwasm).
        #[arg(required = true)]
        cwasm: Vec<PathBuf>,
    },
    /// List the functions the component exports, with their parameters.
    Functions {
        #[command(flatten)]
        component: ComponentArg,
    },
    /// Run one function and print its result as JSON (exit 1 on the component's error).
    Call(CallArgs),
    /// Replay recordings (files or directories of *.json) and report pass or fail.
    Replay {
        /// Recording files, or directories whose *.json files are recordings.
        #[arg(required = true)]
        recordings: Vec<PathBuf>,
        #[command(flatten)]
        component: ComponentArg,
    },
    /// Serve a recording's exchanges over HTTP on 127.0.0.1, strictly, for end-to-end tests.
    #[command(
        long_about = "Serve a recording's exchanges over HTTP on 127.0.0.1, strictly, for \
        end-to-end tests. Each request must equal the next exchange's request (after \
        redaction, with the login signature verified per docs/odr-api.md §3.2 against \
        --api-key and ODR_REPLAY_API_SECRET); a mismatch is answered with HTTP 599 and the diff, and \
        remembered. `GET /__replay__/verify` answers 200 \"ok\" when every exchange was \
        used and nothing mismatched, else 500 with the reasons. Faults: `timeout` holds \
        the connection open without answering, `reset` and `refused` close it without a \
        response. Stops on SIGTERM."
    )]
    ReplayServer(server::ServerArgs),
    /// Check ODR's staging API against the component's assumptions before going live:
    /// registers a throwaway domain, prints a pass/fail table, writes one recording per step.
    Conformance(conformance::ConformanceArgs),
}

#[derive(Args)]
struct CallArgs {
    /// The function, e.g. get-domain-info (see `odr functions`).
    function: String,
    /// Arguments as a JSON object keyed by parameter name, or @FILE. `settings` may be
    /// omitted (or partial, or "$settings"): it is filled from the flags below.
    #[arg(long, default_value = "{}")]
    args: String,
    #[command(flatten)]
    component: ComponentArg,
    /// ODR API key (public$...).
    #[arg(long, env = "ODR_API_KEY", hide_env_values = true)]
    api_key: Option<String>,
    /// A file holding the ODR API secret (`-`: read it from standard input). Without
    /// it the secret comes from the environment (ODR_API_SECRET). There is no flag for
    /// the secret itself: a command line is visible to every user (`ps`) and kept in
    /// shell histories.
    #[arg(long, value_name = "FILE")]
    api_secret_file: Option<PathBuf>,
    /// API base URL; empty means production, or staging with --test-mode.
    #[arg(long, env = "ODR_API_URL", default_value = "")]
    api_url: String,
    /// Use ODR's staging installation (separate account and keys).
    #[arg(long)]
    test_mode: bool,
    /// A JSON file used as the state store; created if missing, kept across runs (the token).
    #[arg(long)]
    state: Option<PathBuf>,
    /// Write what happened as a recording (redacted) to this file.
    #[arg(long)]
    record: Option<PathBuf>,
    /// The recording's description (with --record).
    #[arg(long, default_value = "")]
    description: String,
    /// Pin the component's clock at this Unix time (record mode pins it at the start anyway).
    #[arg(long)]
    now: Option<u64>,
    /// Fuel budget of the call.
    #[arg(long, default_value_t = odr_host::DEFAULT_FUEL)]
    fuel: u64,
    /// Print the module-call log to stderr too (activity lines are always printed).
    #[arg(long, short)]
    verbose: bool,
}

#[derive(Debug, thiserror::Error)]
enum CliError {
    #[error(transparent)]
    Host(#[from] HostError),
    #[error("{0}")]
    Usage(String),
    #[error("{path}: {message}")]
    File { path: PathBuf, message: String },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Precompile { wasm, cwasm, arch } => precompile(&wasm, &cwasm, &arch),
        Command::Inspect { cwasm } => inspect(&cwasm),
        Command::Functions { component } => functions(&component.component),
        Command::Call(args) => call(args),
        Command::Replay {
            recordings,
            component,
        } => replay_files(&recordings, &component.component),
        Command::ReplayServer(args) => server::run(args).map_err(CliError::Usage),
        Command::Conformance(args) => conformance::run(args),
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            eprintln!("odr: {error}");
            ExitCode::from(2)
        }
    }
}

fn precompile(wasm: &Path, cwasm: &Path, arch: &str) -> Result<ExitCode, CliError> {
    let target = odr_host::engine::release_target(arch).ok_or_else(|| {
        CliError::Usage(format!(
            "no release target for architecture `{arch}` (x86_64 or aarch64)"
        ))
    })?;
    odr_host::cwasm::precompile(wasm, cwasm, target)?;
    eprintln!("wrote {} ({target}, baseline CPU)", cwasm.display());
    Ok(ExitCode::SUCCESS)
}

fn inspect(files: &[PathBuf]) -> Result<ExitCode, CliError> {
    for file in files {
        let info = odr_host::cwasm::inspect(file)?;
        let features = if info.cpu_features.is_empty() {
            "none (baseline)".to_string()
        } else {
            info.cpu_features.join(",")
        };
        println!(
            "{}\twasmtime {}\t{}\tcpu features: {}",
            file.display(),
            info.wasmtime_version,
            info.target,
            features
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn load(component: &Path) -> Result<Runtime, CliError> {
    Runtime::load(component).map_err(|error| match error {
        HostError::Load { path, message } if !path.exists() => CliError::File {
            path,
            message: format!(
                "{message}\nbuild it with `cargo build --release --target wasm32-wasip2`, or \
                 point --component / ODR_COMPONENT at it"
            ),
        },
        other => other.into(),
    })
}

fn functions(component: &Path) -> Result<ExitCode, CliError> {
    let runtime = load(component)?;
    for name in runtime.functions() {
        let params = runtime
            .signature(&name)
            .map(|s| {
                s.params
                    .iter()
                    .map(|(p, _)| p.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            })
            .unwrap_or_default();
        println!("{name}({params})");
    }
    Ok(ExitCode::SUCCESS)
}

/// The API secret: from `--api-secret-file` (a file, or `-` for standard input),
/// else from the environment; never from a flag's value.
fn api_secret(call: &CallArgs) -> Result<Option<String>, CliError> {
    let Some(path) = &call.api_secret_file else {
        return Ok(std::env::var("ODR_API_SECRET").ok());
    };
    let text = if path.as_os_str() == "-" {
        let mut text = String::new();
        std::io::Read::read_to_string(&mut std::io::stdin(), &mut text).map_err(|e| {
            CliError::Usage(format!(
                "cannot read the API secret from standard input: {e}"
            ))
        })?;
        text
    } else {
        std::fs::read_to_string(path).map_err(|e| CliError::File {
            path: path.clone(),
            message: e.to_string(),
        })?
    };
    let secret = text.trim();
    if secret.is_empty() {
        return Err(CliError::Usage(format!(
            "{} holds no API secret",
            path.display()
        )));
    }
    Ok(Some(secret.to_string()))
}

/// A secret in `--args` given inline would be a secret on the command line.
fn refuse_inline_secret(text: &str, args: &Value) -> Result<(), CliError> {
    let inline_secret = args
        .get("settings")
        .and_then(|s| s.get("api-secret"))
        .is_some();
    if inline_secret && !text.starts_with('@') {
        return Err(CliError::Usage(
            "--args must not carry settings.api-secret (a command line is visible to other \
             users): set ODR_API_SECRET, use --api-secret-file, or put the arguments in a file \
             (--args @FILE)"
                .to_string(),
        ));
    }
    Ok(())
}

fn read_args(text: &str) -> Result<Value, CliError> {
    let (source, content) = match text.strip_prefix('@') {
        Some(file) => (
            file.to_string(),
            std::fs::read_to_string(file).map_err(|e| CliError::File {
                path: file.into(),
                message: e.to_string(),
            })?,
        ),
        None => ("--args".to_string(), text.to_string()),
    };
    serde_json::from_str(&content)
        .map_err(|e| CliError::Usage(format!("{source} is not valid JSON: {e}")))
}

/// The settings from flags, completed by whatever `args.settings` gives.
fn fill_settings(args: &mut Value, call: &CallArgs) -> Result<Value, CliError> {
    let given = args.get("settings").cloned();
    let mut settings = json!({
        "api-url": call.api_url,
        "test-mode": call.test_mode,
        "onsite-contact": "same-as-registrant",
        "tech-contact": "same-as-registrant",
        "request-timeout-ms": 0,
        "max-requests-per-second": 0
    });
    if let Some(key) = &call.api_key {
        settings["api-key"] = json!(key);
    }
    if let Some(secret) = api_secret(call)? {
        settings["api-secret"] = json!(secret);
    }
    match given {
        None | Some(Value::Null) => {}
        Some(Value::String(s)) if s == "$settings" => {}
        Some(Value::Object(object)) => {
            for (key, value) in object {
                settings[key.as_str()] = value;
            }
        }
        Some(other) => {
            return Err(CliError::Usage(format!(
                "settings must be an object, got {other}"
            )))
        }
    }
    for (key, hint) in [
        ("api-key", "--api-key or ODR_API_KEY"),
        ("api-secret", "ODR_API_SECRET or --api-secret-file"),
    ] {
        if settings.get(key).is_none() {
            return Err(CliError::Usage(format!("no {key}: pass {hint}")));
        }
    }
    if let Some(object) = args.as_object_mut() {
        object.insert("settings".into(), settings.clone());
    }
    Ok(settings)
}

/// A log that prints activity lines (and module calls with --verbose) as they come.
struct PrintingLog {
    inner: MemoryLog,
    verbose: bool,
}

impl LogSink for PrintingLog {
    fn module_call(&self, action: &str, request: &str, response: &str) {
        if self.verbose {
            eprintln!("module-call {action}\n  request: {request}\n  response: {response}");
        }
        self.inner.module_call(action, request, response);
    }

    fn activity(&self, message: &str, domain: Option<&str>) {
        match domain {
            Some(domain) => eprintln!("activity [{domain}]: {message}"),
            None => eprintln!("activity: {message}"),
        }
        self.inner.activity(message, domain);
    }
}

fn call(call: CallArgs) -> Result<ExitCode, CliError> {
    let runtime = load(&call.component.component)?;
    let mut args = read_args(&call.args)?;
    refuse_inline_secret(&call.args, &args)?;
    if !args.is_object() {
        return Err(CliError::Usage("--args must be a JSON object".into()));
    }
    let takes_settings = runtime
        .signature(&call.function)
        .ok_or_else(|| HostError::UnknownFunction(call.function.clone()))?
        .params
        .iter()
        .any(|(name, _)| name == "settings");
    let settings = if takes_settings {
        Some(fill_settings(&mut args, &call)?)
    } else {
        None
    };

    // Record mode pins the clock at the start, so the recording replays at `now`.
    let now = call.now.unwrap_or_else(|| Clock::System.unix_seconds());
    let clock = if call.record.is_some() || call.now.is_some() {
        Clock::Pinned { unix_seconds: now }
    } else {
        Clock::System
    };
    let state = MemoryState::new(clock);
    if let Some(path) = &call.state {
        state.replace_entries(state_file::load(path)?);
    }
    let initial_state = state.entries();
    let log = PrintingLog {
        inner: MemoryLog::new(),
        verbose: call.verbose,
    };
    let credentials = settings
        .as_ref()
        .and_then(Credentials::from_settings)
        .unwrap_or_else(Credentials::test);
    let recorder = RecordingTransport::new(UreqTransport::new(), credentials);
    for stored in initial_state.values() {
        recorder.learn_tokens_in_text(&stored.value);
    }
    let options = CallOptions {
        clock,
        fuel: call.fuel,
        ..CallOptions::default()
    };
    let caps = Capabilities {
        transport: &recorder as &dyn Transport,
        state: &state,
        log: &log,
    };
    let outcome = runtime.call(caps, &call.function, &args, &options);

    if let Some(path) = &call.state {
        state_file::save(path, &state.entries())?;
    }
    for warning in recorder.warnings() {
        eprintln!("warning: {warning}");
    }
    if let Some(path) = &call.record {
        write_recording(path, &call, now, &args, &initial_state, &outcome, &recorder)?;
    }
    let outcome = outcome?;
    let (value, code) = match outcome {
        CallOutcome::Ok(value) => (value, ExitCode::SUCCESS),
        CallOutcome::Err(error) => (json!({ "err": error }), ExitCode::from(1)),
    };
    println!(
        "{}",
        serde_json::to_string_pretty(&value).unwrap_or_else(|_| value.to_string())
    );
    Ok(code)
}

fn write_recording(
    path: &Path,
    call: &CallArgs,
    now: u64,
    args: &Value,
    initial_state: &std::collections::BTreeMap<String, odr_host::StoredValue>,
    outcome: &Result<CallOutcome, HostError>,
    recorder: &RecordingTransport<UreqTransport>,
) -> Result<(), CliError> {
    let redactor = recorder.redactor();
    let mut recorded_args = redactor.redact_json(args);
    if let (Some(object), Some(settings)) = (recorded_args.as_object_mut(), args.get("settings")) {
        object.insert("settings".into(), Recording::settings_reference(settings));
    }
    let expect = match outcome {
        Ok(CallOutcome::Ok(v)) => Expect::Ok(redactor.redact_json(v)),
        Ok(CallOutcome::Err(v)) => Expect::Err(redactor.redact_json(v)),
        Err(e) => Expect::HostError(redactor.redact_str(&e.to_string())),
    };
    if !initial_state.is_empty() {
        eprintln!(
            "warning: the recording seeds the state of this run; the component's state keys \
             may derive from the real API key and URL, so check them before replaying with \
             the test settings"
        );
    }
    let recording = Recording {
        description: call.description.clone(),
        assumed: false,
        now,
        state: initial_state
            .iter()
            .map(|(key, stored)| {
                let value = redactor.redact_str(&stored.value);
                let seed = match stored.expires_at {
                    Some(expires_at) => SeedValue::Expiring { value, expires_at },
                    None => SeedValue::Plain(value),
                };
                (key.clone(), seed)
            })
            .collect(),
        calls: vec![RecordedCall {
            function: call.function.clone(),
            args: recorded_args,
            expect: Some(expect),
            expect_state: None,
            note: None,
        }],
        exchanges: recorder.exchanges(),
        expect_state: None,
    };
    let text = conformance::redact_recording_text(&recording.to_json_pretty()).map_err(|e| {
        CliError::File {
            path: path.to_path_buf(),
            message: e.to_string(),
        }
    })?;
    std::fs::write(path, text).map_err(|e| CliError::File {
        path: path.to_path_buf(),
        message: e.to_string(),
    })?;
    eprintln!(
        "recorded {} exchanges to {}",
        recording.exchanges.len(),
        path.display()
    );
    Ok(())
}

fn recording_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, CliError> {
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            let entries = std::fs::read_dir(path).map_err(|e| CliError::File {
                path: path.clone(),
                message: e.to_string(),
            })?;
            let mut found: Vec<PathBuf> = entries
                .filter_map(|entry| entry.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|ext| ext == "json"))
                .collect();
            found.sort();
            files.extend(found);
        } else {
            files.push(path.clone());
        }
    }
    Ok(files)
}

fn replay_files(paths: &[PathBuf], component: &Path) -> Result<ExitCode, CliError> {
    let runtime = load(component)?;
    let files = recording_files(paths)?;
    let mut failed = 0;
    for file in &files {
        let name = file.display();
        let recording = std::fs::read_to_string(file)
            .map_err(|e| e.to_string())
            .and_then(|text| Recording::from_json(&text));
        let recording = match recording {
            Ok(recording) => recording,
            Err(error) => {
                failed += 1;
                println!("FAIL {name}: not a recording: {error}");
                continue;
            }
        };
        let report = replay::run_recording(&runtime, &recording, None);
        if report.passed() {
            println!(
                "ok   {name} ({} calls, {} exchanges)",
                recording.calls.len(),
                report.exchanges_used
            );
        } else {
            failed += 1;
            println!("FAIL {name}");
            for failure in &report.failures {
                for line in failure.lines() {
                    println!("    {line}");
                }
            }
        }
    }
    println!(
        "{} recordings: {} passed, {failed} failed",
        files.len(),
        files.len() - failed
    );
    Ok(if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
