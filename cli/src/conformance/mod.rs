//! `odr conformance`: check ODR's real (staging) API against the component's assumptions.
//!
//! An administrator runs it once with staging keys before going live. It walks a fixed
//! session through the component's own exports (login and account, domain list,
//! availability, ODR's not-found answer for the still free test domain, register it
//! with a new contact, read the contact back,
//! domain info, nameservers read and saved unchanged, auth code, auto-renew off and on,
//! transfer sync, auto-renew off again so the test domain lapses), checks each result
//! against what the component assumes, notes what ODR actually sent where docs/odr-api.md is
//! unsure (the unit of `period`, `status` in the domain list, the paging headers, error
//! `code` values, the field carrying a new contact's id), prints a table and writes one
//! redacted recording per step.
//!
//! The session is planned in `plan.rs`, each result checked in `checks.rs`, the table
//! drawn in `table.rs`, EPP codes and the production guard handled in `secrets.rs`;
//! those pure parts are unit-tested in `tests.rs`; the run itself is tested end to end against `odr replay-server`
//! in `cli/tests/conformance.rs`.
//!
//! Each step starts from an empty state store, as a fresh installation would: it logs
//! in itself, so each recording replays on its own with the harness's `$settings`.

use crate::{load, CliError, ComponentArg};
use chrono::{DateTime, NaiveDate};
use clap::Args;
use odr_host::net::UreqTransport;
use odr_host::replay::{
    Credentials, Exchange, Expect, RecordedCall, Recording, RecordingTransport,
};
use odr_host::{CallOptions, CallOutcome, Capabilities, Clock, MemoryLog, MemoryState, Runtime};
use serde_json::{json, Value};
use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

mod checks;
mod plan;
mod secrets;
mod table;
#[cfg(test)]
mod tests;

pub use checks::*;
pub use plan::*;
pub use secrets::*;
pub use table::*;

/// Placeholder of an EPP / auth code in recordings.
pub const AUTH_CODE_PLACEHOLDER: &str = "<AUTH_CODE>";

/// Hosts of ODR's production installation (API and web UI share the domain).
pub(crate) const PRODUCTION_DOMAIN: &str = "opendomainregistry.net";

/// Options of `odr conformance`.
#[derive(Args)]
pub struct ConformanceArgs {
    #[command(flatten)]
    component: ComponentArg,
    /// ODR API key of the staging account (public$...).
    #[arg(long, env = "ODR_API_KEY", hide_env_values = true)]
    api_key: Option<String>,
    /// Read the API secret from this file (its first line) instead of ODR_API_SECRET.
    #[arg(long, conflicts_with = "secret_stdin")]
    secret_file: Option<PathBuf>,
    /// Read the API secret from standard input (its first line) instead of ODR_API_SECRET.
    #[arg(long)]
    secret_stdin: bool,
    /// API base URL; empty means ODR's staging API (test mode).
    #[arg(long, env = "ODR_API_URL", default_value = "")]
    api_url: String,
    /// Run against ODR's production API anyway: this registers (and pays for) a real domain.
    #[arg(long)]
    i_know_this_is_production: bool,
    /// TLD of the generated test domain (without the dot).
    #[arg(long, default_value = "nl")]
    tld: String,
    /// The test domain to register instead of a generated one (it must be free).
    #[arg(long)]
    domain: Option<String>,
    /// Nameservers of the test domain, comma-separated.
    #[arg(
        long,
        value_delimiter = ',',
        default_value = "ns1.odrdns.eu,ns2.odrdns.eu"
    )]
    nameservers: Vec<String>,
    /// E-mail address of the test contact.
    #[arg(long, default_value = "hostmaster@example.com")]
    email: String,
    /// Directory for the recordings (one per step) and the table; default conformance-<time>.
    #[arg(long)]
    out: Option<PathBuf>,
    /// While domain info says the new registration is pending, ask again for up to this long.
    #[arg(long, default_value_t = 300)]
    wait_seconds: u64,
    /// Seconds between those questions.
    #[arg(long, default_value_t = 15, hide = true)]
    poll_seconds: u64,
    /// Pause between steps, so ODR is not asked too fast (docs/odr-api.md §7).
    #[arg(long, default_value_t = 1)]
    pause_seconds: u64,
    /// Pin the clock at this Unix time (for tests against a replay server).
    #[arg(long, hide = true)]
    now: Option<u64>,
    /// Fuel budget of each call.
    #[arg(long, default_value_t = odr_host::DEFAULT_FUEL)]
    fuel: u64,
}

pub(crate) fn secret_from(args: &ConformanceArgs) -> Result<String, CliError> {
    let (source, text) = if let Some(path) = &args.secret_file {
        let text = std::fs::read_to_string(path).map_err(|e| CliError::File {
            path: path.clone(),
            message: e.to_string(),
        })?;
        (path.display().to_string(), text)
    } else if args.secret_stdin {
        let mut line = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .map_err(|e| CliError::Usage(format!("cannot read the secret from stdin: {e}")))?;
        ("standard input".to_string(), line)
    } else {
        match std::env::var("ODR_API_SECRET") {
            Ok(secret) => ("ODR_API_SECRET".to_string(), secret),
            Err(_) => {
                return Err(CliError::Usage(
                    "no API secret: set ODR_API_SECRET, or use --secret-file FILE or \
                     --secret-stdin (the secret is never a command-line argument)"
                        .into(),
                ))
            }
        }
    };
    let secret = text.lines().next().unwrap_or("").trim().to_string();
    if secret.is_empty() {
        return Err(CliError::Usage(format!(
            "the API secret from {source} is empty"
        )));
    }
    Ok(secret)
}

pub(crate) fn outcome_of(result: Result<CallOutcome, odr_host::HostError>) -> Outcome {
    match result {
        Ok(CallOutcome::Ok(value)) => Outcome::Ok(value),
        Ok(CallOutcome::Err(value)) => Outcome::Err(value),
        Err(error) => Outcome::Host(error.to_string()),
    }
}

/// A call without HTTP (api-endpoint, normalize-contact).
pub(crate) fn local_call(runtime: &Runtime, function: &str, args: &Value) -> Outcome {
    let state = MemoryState::new(Clock::System);
    let log = MemoryLog::new();
    let transport = UreqTransport::new();
    let caps = Capabilities {
        transport: &transport,
        state: &state,
        log: &log,
    };
    outcome_of(runtime.call(caps, function, args, &CallOptions::default()))
}

/// One step run live: its outcome (redacted) and its recording (redacted, EPP codes too).
pub(crate) struct StepRun {
    outcome: Outcome,
    recording: Value,
}

pub(crate) struct Session<'a> {
    runtime: &'a Runtime,
    settings: Value,
    credentials: Credentials,
    fuel: u64,
    endpoint: String,
    environment: &'static str,
    codes: Vec<String>,
}

impl Session<'_> {
    fn run_step(&mut self, step: Step, plan: &Plan, now: u64) -> StepRun {
        // `settings` first, as in the other recordings.
        let mut object = serde_json::Map::new();
        object.insert("settings".into(), self.settings.clone());
        if let Value::Object(rest) = call_args(step, plan) {
            object.extend(rest);
        }
        let args = Value::Object(object);
        let clock = Clock::Pinned { unix_seconds: now };
        let state = MemoryState::new(clock);
        let log = MemoryLog::new();
        let recorder = RecordingTransport::new(UreqTransport::new(), self.credentials.clone());
        let caps = Capabilities {
            transport: &recorder,
            state: &state,
            log: &log,
        };
        let options = CallOptions {
            clock,
            fuel: self.fuel,
            ..CallOptions::default()
        };
        let result = self.runtime.call(caps, step.function(), &args, &options);
        let redactor = recorder.redactor();
        let expect = match &result {
            Ok(CallOutcome::Ok(v)) => Expect::Ok(redactor.redact_json(v)),
            Ok(CallOutcome::Err(v)) => Expect::Err(redactor.redact_json(v)),
            Err(e) => Expect::HostError(redactor.redact_str(&e.to_string())),
        };
        let mut recorded_args = redactor.redact_json(&args);
        if let Some(object) = recorded_args.as_object_mut() {
            object.insert(
                "settings".into(),
                Recording::settings_reference(&self.settings),
            );
        }
        let recording = Recording {
            assumed: false,
            description: format!(
                "Recorded by `odr conformance` against ODR {} ({}) on {}: step \"{}\" ({}) of \
                 a whole session on the throwaway domain {}. Proves the component reads this \
                 real answer as the recorded result.",
                self.environment,
                self.endpoint,
                plan.today,
                step.title(),
                step.function(),
                plan.domain
            ),
            now,
            state: Default::default(),
            calls: vec![RecordedCall {
                function: step.function().to_string(),
                args: recorded_args,
                expect: Some(expect.clone()),
                expect_state: None,
                note: None,
            }],
            exchanges: recorder.exchanges(),
            expect_state: None,
        };
        let recording = serde_json::to_value(&recording).unwrap_or(Value::Null);
        // EPP codes: every `auth_code` ODR sent, and the export's own answer.
        learn_auth_codes(&recording, &mut self.codes);
        if let (Step::AuthCode, Expect::Ok(value)) = (step, &expect) {
            if let Some(code) = value.get("code").and_then(Value::as_str) {
                remember(code, &mut self.codes);
            }
        }
        let recording = redact_auth_codes(&recording, &self.codes);
        let outcome = match expect {
            Expect::Ok(v) => Outcome::Ok(redact_auth_codes(&v, &self.codes)),
            Expect::Err(v) => Outcome::Err(redact_auth_codes(&v, &self.codes)),
            Expect::HostError(text) => Outcome::Host(text),
        };
        StepRun { outcome, recording }
    }
}

pub(crate) fn system_now() -> u64 {
    Clock::System.unix_seconds()
}

pub(crate) fn write_file(path: &Path, text: &str) -> Result<(), CliError> {
    std::fs::write(path, text).map_err(|e| CliError::File {
        path: path.to_path_buf(),
        message: e.to_string(),
    })
}

/// `odr conformance`: run the session, print the table, exit 1 when a check failed.
pub fn run(args: ConformanceArgs) -> Result<ExitCode, CliError> {
    let api_key = args
        .api_key
        .clone()
        .filter(|k| !k.trim().is_empty())
        .ok_or_else(|| CliError::Usage("no API key: set ODR_API_KEY or pass --api-key".into()))?;
    let api_secret = secret_from(&args)?;
    let runtime = load(&args.component.component)?;
    let settings = json!({
        "api-key": api_key.trim(),
        "api-secret": api_secret,
        "api-url": args.api_url,
        "test-mode": true,
        "onsite-contact": "same-as-registrant",
        "tech-contact": "same-as-registrant",
        "request-timeout-ms": 0,
        "max-requests-per-second": 0
    });
    let endpoint = match local_call(&runtime, "api-endpoint", &json!({ "settings": settings })) {
        Outcome::Ok(Value::String(url)) => url,
        other => {
            return Err(CliError::Usage(format!(
                "the API URL {:?} is not usable: {other:?}",
                args.api_url
            )))
        }
    };
    let production = is_production(&endpoint);
    if production && !args.i_know_this_is_production {
        return Err(CliError::Usage(format!(
            "{endpoint} is ODR's production API: `odr conformance` registers a domain and \
             changes it. Run it with staging keys against the staging API (leave --api-url \
             empty), or add --i-know-this-is-production to register a real domain."
        )));
    }
    let start = args.now.unwrap_or_else(system_now);
    let salt = std::process::id()
        ^ std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0);
    let plan = Plan::new(
        args.domain.as_deref(),
        &args.tld,
        &args.nameservers,
        &args.email,
        start,
        salt,
    )
    .map_err(CliError::Usage)?;
    let mut facts = Facts::default();
    match local_call(
        &runtime,
        "normalize-contact",
        &json!({ "contact": plan.registrant }),
    ) {
        Outcome::Ok(contact) => facts.expected_registrant = Some(contact),
        other => {
            return Err(CliError::Usage(format!(
                "the test contact is not valid (check --email): {other:?}"
            )))
        }
    }
    let out = args.out.clone().unwrap_or_else(|| {
        PathBuf::from(format!(
            "conformance-{}",
            test_label(start, 0)
                .trim_start_matches("odrtest-")
                .trim_end_matches("-0000")
        ))
    });
    // A new directory: recordings of an earlier run must not mix with this one's.
    let used = std::fs::read_dir(&out).is_ok_and(|mut entries| entries.next().is_some());
    if used {
        return Err(CliError::Usage(format!(
            "{} is not empty: give --out a new directory",
            out.display()
        )));
    }
    std::fs::create_dir_all(&out).map_err(|e| CliError::File {
        path: out.clone(),
        message: e.to_string(),
    })?;
    let credentials = Credentials {
        api_key: api_key.trim().to_string(),
        api_secret: api_secret.clone(),
    };
    let mut session = Session {
        runtime: &runtime,
        settings,
        credentials: credentials.clone(),
        fuel: args.fuel,
        environment: if production { "production" } else { "staging" },
        endpoint,
        codes: Vec::new(),
    };
    eprintln!(
        "odr conformance: ODR {} at {}, test domain {}, recordings into {}",
        session.environment,
        session.endpoint,
        plan.domain,
        out.display()
    );

    let mut rows = Vec::new();
    let mut stopped_by: Option<Step> = None;
    for step in Step::ALL {
        if let Some(after) = stopped_by {
            rows.push(skipped(step, after));
            continue;
        }
        if step != Step::ALL[0] {
            std::thread::sleep(std::time::Duration::from_secs(args.pause_seconds));
        }
        eprintln!("  {} ({})", step.title(), step.function());
        let now = args.now.unwrap_or_else(system_now);
        let mut run = session.run_step(step, &plan, now);
        let mut waited = 0;
        if step == Step::DomainInfo {
            // A registration may stay PENDING for a while: ask again (the recording
            // keeps the last answer, each attempt logging in on its own).
            while is_pending(&run.outcome) && waited < args.wait_seconds {
                std::thread::sleep(std::time::Duration::from_secs(args.poll_seconds));
                waited += args.poll_seconds.max(1);
                run = session.run_step(step, &plan, args.now.unwrap_or_else(system_now));
            }
        }
        let exchanges: Vec<Exchange> = run
            .recording
            .get("exchanges")
            .cloned()
            .and_then(|e| serde_json::from_value(e).ok())
            .unwrap_or_default();
        let mut step_rows = check(step, &plan, &mut facts, &run.outcome, &exchanges);
        if waited > 0 {
            step_rows.push(row(
                step,
                "registration pending after the order",
                Verdict::Observed,
                if is_pending(&run.outcome) {
                    format!("still PENDING after {waited} s (--wait-seconds)")
                } else {
                    format!("PENDING at first, then asked again for {waited} s")
                },
            ));
        }
        let mut text = serde_json::to_string_pretty(&run.recording).unwrap_or_default();
        text.push('\n');
        let leaked = leaks(&text, &credentials, &session.codes);
        if leaked.is_empty() {
            write_file(&out.join(step.file_name()), &text)?;
        } else {
            step_rows.push(row(
                step,
                "recording free of secrets",
                Verdict::Fail,
                format!("not written: it would hold {}", leaked.join(", ")),
            ));
        }
        let failed = step_rows.iter().any(|r| r.result == Verdict::Fail);
        rows.extend(step_rows);
        if failed && step.stops_the_run() {
            stopped_by = Some(step);
        }
    }

    let table = render_table(&rows);
    print!("{table}");
    write_file(
        &out.join("conformance.txt"),
        &format!(
            "odr conformance against ODR {} ({}) on {}, test domain {}\n\n{table}",
            session.environment, session.endpoint, plan.today, plan.domain
        ),
    )?;
    eprintln!(
        "recordings and table in {} (add the recordings to tests/recordings/ to replay them)",
        out.display()
    );
    Ok(if rows.iter().any(|r| r.result == Verdict::Fail) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
