//! `odr conformance` end to end against `odr replay-server` serving a whole staging
//! session (`cli/tests/conformance/staging_session.json`, written by hand from
//! docs/odr-api.md): the table, the exit code, the recordings it writes (redacted, and
//! replaying cleanly with `odr replay`), a refused registration stopping the run, and
//! the production guard.
//!
//! Needs the component (`cargo build --release --target wasm32-wasip2`; `ODR_COMPONENT`
//! overrides the path).

use serde_json::{json, Value};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

mod support;
use support::{component, scratch, ODR};
const NOW: u64 = 1_764_547_200;
const DOMAIN: &str = "odrtest-conformance.nl";
/// What the served session sends in the clear and no written recording may hold.
const SERVED_TOKEN: &str = "token$staging5e1f0c9a77";
const SERVED_AUTH_CODE: &str = "Stg7Q2xK9mWp";

/// Every step's title, in order, as the table shows it.
const STEPS: [&str; 14] = [
    "login + account",
    "domain list",
    "availability",
    "unknown domain",
    "register + contact create",
    "contact read",
    "domain info",
    "nameservers get",
    "nameservers set (same)",
    "auth code",
    "auto-renew off",
    "auto-renew on",
    "transfer sync",
    "cleanup: auto-renew off",
];

fn session() -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/conformance/staging_session.json");
    let text = std::fs::read_to_string(&path).expect("the staging session");
    serde_json::from_str(&text).expect("the staging session is JSON")
}

struct Server {
    child: Child,
    url: String,
}

impl Server {
    fn start(dir: &Path, recording: &Value) -> Server {
        let file = dir.join("served.json");
        std::fs::write(&file, recording.to_string()).expect("write");
        let port_file = dir.join("port");
        // Owned by `Server` at once, so its Drop ends the process on every path.
        let mut server = Server {
            child: Command::new(ODR)
                .args(["replay-server", "--quiet", "--recording"])
                .arg(&file)
                .arg("--port-file")
                .arg(&port_file)
                .stdout(Stdio::null())
                .spawn()
                .expect("start the replay server"),
            url: String::new(),
        };
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Some(port) = std::fs::read_to_string(&port_file)
                .ok()
                .and_then(|t| t.trim().parse::<u16>().ok())
            {
                server.url = format!("http://127.0.0.1:{port}/");
                return server;
            }
            assert!(Instant::now() < deadline, "no port file");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// `GET /__replay__/verify`: "ok" when every exchange was used and none mismatched.
    fn verify(&self) -> String {
        use odr_host::{HttpRequest, Transport};
        let response = odr_host::net::UreqTransport::new()
            .send(HttpRequest {
                method: "GET".into(),
                url: format!("{}__replay__/verify", self.url),
                headers: vec![],
                body: vec![],
                timeout: Duration::from_secs(5),
            })
            .expect("verify");
        String::from_utf8_lossy(&response.body).into_owned()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Where `odr conformance` gets the API secret in a test.
enum Secret<'a> {
    /// `ODR_API_SECRET`.
    Env,
    /// `--secret-stdin`.
    Stdin,
    /// `--secret-file` with this file.
    File(&'a Path),
}

/// `odr conformance` against `url`, the key from the environment, the secret from `secret`
/// (`ODR_API_SECRET` unset unless it is the source, so the login proves which was read).
fn conformance(url: &str, out: &Path, secret: Secret<'_>, extra: &[&str]) -> Output {
    let now = NOW.to_string();
    let mut command = Command::new(ODR);
    command
        .args([
            "conformance",
            "--api-url",
            url,
            "--now",
            &now,
            "--domain",
            DOMAIN,
            "--pause-seconds",
            "0",
            "--out",
        ])
        .arg(out)
        .args(extra)
        .env("ODR_COMPONENT", component())
        .env("ODR_API_KEY", "public$testkey")
        .env_remove("ODR_API_URL")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    match secret {
        Secret::Env => command.env("ODR_API_SECRET", "secret$testsecret"),
        Secret::Stdin => command.arg("--secret-stdin").env_remove("ODR_API_SECRET"),
        Secret::File(path) => command
            .arg("--secret-file")
            .arg(path)
            .env_remove("ODR_API_SECRET"),
    };
    let mut child = command.spawn().expect("run odr conformance");
    if let Some(mut stdin) = child.stdin.take() {
        if matches!(secret, Secret::Stdin) {
            stdin
                .write_all(b"secret$testsecret\n")
                .expect("write the secret");
        }
    }
    child.wait_with_output().expect("odr conformance output")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The table row of `step` whose check starts with `check`: (result, note), cut at
/// the header's column positions (in characters: notes hold `§`).
fn table_row(table: &str, step: &str, check: &str) -> (String, String) {
    let header: Vec<char> = table.lines().next().unwrap_or("").chars().collect();
    let at = |name: &str| {
        let name: Vec<char> = name.chars().collect();
        header
            .windows(name.len())
            .position(|w| w == name.as_slice())
            .expect("column")
    };
    let (check_at, result_at, note_at) = (at("check"), at("result"), at("note"));
    let cut = |chars: &[char], from: usize, to: usize| -> String {
        chars
            .get(from.min(chars.len())..to.min(chars.len()))
            .map(|c| c.iter().collect::<String>().trim().to_string())
            .unwrap_or_default()
    };
    let line: Vec<char> = table
        .lines()
        .find(|l| {
            let chars: Vec<char> = l.chars().collect();
            cut(&chars, 0, check_at) == step && cut(&chars, check_at, result_at).starts_with(check)
        })
        .unwrap_or_else(|| panic!("no row {step:?} / {check:?} in\n{table}"))
        .chars()
        .collect();
    (
        cut(&line, result_at, note_at),
        cut(&line, note_at, line.len()),
    )
}

fn recordings(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("out dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    files
}

#[test]
fn a_whole_staging_session_passes_and_its_recordings_replay() {
    let dir = scratch("conformance-pass");
    let server = Server::start(&dir, &session());
    let out = dir.join("out");
    let output = conformance(&server.url, &out, Secret::Env, &[]);
    let table = text(&output.stdout);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{table}\n{}",
        text(&output.stderr)
    );
    assert_eq!(server.verify(), "ok", "{table}");

    // Every step ran and passed; the unsure wire facts say what was observed.
    for step in STEPS {
        let rows: Vec<&str> = table.lines().filter(|l| l.starts_with(step)).collect();
        assert!(!rows.is_empty(), "no row for {step:?}:\n{table}");
        for row in rows {
            assert!(
                row.contains(" pass ") || row.contains(" observed "),
                "{row}\n{table}"
            );
        }
    }
    assert!(
        !table.contains("FAIL") && !table.contains("skipped  "),
        "{table}"
    );
    assert!(
        table.contains("passed, 0 failed") && table.contains("observed, 0 skipped"),
        "{table}"
    );
    assert_eq!(
        table_row(&table, "domain list", "paging headers"),
        (
            "observed".into(),
            "x-pagination-currentpage=1, x-pagination-perpage=25, x-pagination-totalpages=1".into()
        )
    );
    assert_eq!(
        table_row(&table, "domain list", "list items carry status").1,
        "0 of 2 items have a status field"
    );
    assert_eq!(
        table_row(&table, "unknown domain", "error envelope code values").1,
        format!("GET /domain/{DOMAIN}/info/: HTTP 404, code 404, \"Domain not found\"")
    );
    assert_eq!(
        table_row(&table, "register + contact create", "new contact created"),
        ("pass".into(), "id in response.data.id".into())
    );
    assert!(
        table_row(&table, "register + contact create", "period sent")
            .1
            .starts_with("period 12")
    );
    assert_eq!(
        table_row(&table, "domain info", "expiry one year ahead"),
        (
            "pass".into(),
            "expiry 2026-12-01, 365 days after today: period is in months, as assumed".into()
        )
    );
    assert_eq!(
        table_row(&table, "auth code", "an auth code").1,
        "a code was returned (written as <AUTH_CODE>)"
    );

    // One recording per step, no secret, no token, no EPP code; each says where it came from.
    let files = recordings(&out);
    assert_eq!(files.len(), 14, "{files:?}");
    for file in &files {
        let content = std::fs::read_to_string(file).expect("recording");
        for secret in [
            "public$testkey",
            "secret$testsecret",
            "token$",
            SERVED_TOKEN,
            SERVED_AUTH_CODE,
        ] {
            assert!(
                !content.contains(secret),
                "{secret} in {}:\n{content}",
                file.display()
            );
        }
        let recording: Value = serde_json::from_str(&content).expect("JSON");
        let description = recording["description"].as_str().unwrap_or("");
        assert!(
            description.starts_with("Recorded by `odr conformance` against ODR staging")
                && description.contains("on 2025-12-01"),
            "{description}"
        );
        assert_eq!(
            recording["calls"][0]["args"]["settings"],
            json!({"$settings": {"test-mode": true}})
        );
    }
    let auth = std::fs::read_to_string(out.join("staging_10_get_auth_code.json")).expect("file");
    let auth: Value = serde_json::from_str(&auth).expect("JSON");
    assert_eq!(
        auth["calls"][0]["expect"],
        json!({"ok": {"code": "<AUTH_CODE>"}})
    );
    assert_eq!(
        auth["exchanges"][1]["response"]["body"]["response"]["auth_code"],
        "<AUTH_CODE>"
    );
    assert_eq!(
        auth["exchanges"][0]["response"]["body"]["response"]["token"],
        "<TOKEN>"
    );
    let table_file = std::fs::read_to_string(out.join("conformance.txt")).expect("table file");
    assert!(table_file.contains(&table), "{table_file}");

    // What was written replays on its own, with the harness's test settings.
    let replay = Command::new(ODR)
        .arg("replay")
        .arg(&out)
        .env("ODR_COMPONENT", component())
        .output()
        .expect("odr replay");
    assert!(
        replay.status.success(),
        "{}\n{}",
        text(&replay.stdout),
        text(&replay.stderr)
    );
    assert!(
        text(&replay.stdout).contains("14 recordings: 14 passed, 0 failed"),
        "{}",
        text(&replay.stdout)
    );
}

#[test]
fn a_refused_registration_fails_and_skips_every_later_step() {
    let mut refused = session();
    let exchanges = refused["exchanges"].as_array_mut().expect("exchanges");
    let order = exchanges
        .iter()
        .position(|e| {
            e["request"]["method"] == "POST" && e["request"]["path"] == format!("/domain/{DOMAIN}/")
        })
        .expect("the order exchange");
    exchanges.truncate(order + 1);
    exchanges[order]["response"] = json!({
        "status": 400, "headers": {"content-type": "application/json"},
        "body": {"status": "error", "code": 400,
                 "response": {"message": "Domain is not available for registration", "data": []}}
    });
    // After a refusal the component checks whether the domain is in the account after all.
    exchanges.push(json!({
        "request": {"method": "GET", "path": format!("/domain/{DOMAIN}/"), "query": "",
                    "headers": {"x-access-token": SERVED_TOKEN}, "body": null},
        "response": {"status": 404, "headers": {"content-type": "application/json"},
                     "body": {"status": "error", "code": 404,
                              "response": {"message": "Domain not found", "data": []}}}
    }));

    let dir = scratch("conformance-refused");
    let server = Server::start(&dir, &refused);
    let out = dir.join("out");
    // The secret comes from stdin this time.
    let output = conformance(&server.url, &out, Secret::Stdin, &[]);
    let table = text(&output.stdout);
    assert_eq!(
        output.status.code(),
        Some(1),
        "{table}\n{}",
        text(&output.stderr)
    );
    assert_eq!(server.verify(), "ok", "{table}");

    let (result, note) = table_row(
        &table,
        "register + contact create",
        "register-domain answers",
    );
    assert_eq!(result, "FAIL", "{table}");
    assert!(
        note.contains("Domain is not available for registration"),
        "{note}"
    );
    for step in &STEPS[..4] {
        assert!(
            table
                .lines()
                .filter(|l| l.starts_with(step))
                .all(|l| l.contains(" pass ") || l.contains(" observed ")),
            "{step}: {table}"
        );
    }
    for step in &STEPS[5..] {
        assert_eq!(
            table_row(&table, step, "(not run)"),
            (
                "skipped".into(),
                "\"register + contact create\" failed".into()
            ),
            "{table}"
        );
    }
    assert!(table.contains("1 failed"), "{table}");
    assert!(table.contains("1 failed, 5 observed, 9 skipped"), "{table}");
    // Recordings only of the steps that ran; the refused order replays too.
    assert_eq!(recordings(&out).len(), 5);
    let replay = Command::new(ODR)
        .arg("replay")
        .arg(&out)
        .env("ODR_COMPONENT", component())
        .output()
        .expect("odr replay");
    assert!(replay.status.success(), "{}", text(&replay.stdout));
}

#[test]
fn production_is_refused_without_the_flag_and_the_secret_is_never_a_flag() {
    let dir = scratch("conformance-production");
    let output = Command::new(ODR)
        .args([
            "conformance",
            "--api-url",
            "https://api.opendomainregistry.net/",
            "--out",
        ])
        .arg(dir.join("out"))
        .env("ODR_COMPONENT", component())
        .env("ODR_API_KEY", "public$testkey")
        .env("ODR_API_SECRET", "secret$testsecret")
        .output()
        .expect("odr conformance");
    assert_eq!(output.status.code(), Some(2));
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("production API") && stderr.contains("--i-know-this-is-production"),
        "{stderr}"
    );
    assert!(!dir.join("out").exists(), "nothing may be written");

    // Recordings of an earlier run are never mixed with a new run's.
    std::fs::create_dir_all(dir.join("used")).expect("dir");
    std::fs::write(dir.join("used/staging_01_check_credentials.json"), "{}").expect("file");
    let output = Command::new(ODR)
        .args(["conformance", "--api-url", "http://127.0.0.1:9/", "--out"])
        .arg(dir.join("used"))
        .env("ODR_COMPONENT", component())
        .env("ODR_API_KEY", "public$testkey")
        .env("ODR_API_SECRET", "secret$testsecret")
        .output()
        .expect("odr conformance");
    assert_eq!(output.status.code(), Some(2));
    assert!(
        text(&output.stderr).contains("is not empty: give --out a new directory"),
        "{}",
        text(&output.stderr)
    );

    let output = Command::new(ODR)
        .args(["conformance", "--api-secret", "secret$testsecret"])
        .env("ODR_COMPONENT", component())
        .output()
        .expect("odr conformance");
    assert_eq!(output.status.code(), Some(2));
    assert!(
        text(&output.stderr).contains("unexpected argument '--api-secret'"),
        "{}",
        text(&output.stderr)
    );
}

#[test]
fn a_pending_registration_is_asked_about_again() {
    let mut pending = session();
    let exchanges = pending["exchanges"].as_array_mut().expect("exchanges");
    let info_login = exchanges
        .iter()
        .position(|e| {
            e["note"]
                .as_str()
                .is_some_and(|n| n.starts_with("7 get-domain-info"))
        })
        .expect("the domain info step");
    // One more login and info answering PENDING before the one answering REGISTERED.
    let mut first = exchanges[info_login].clone();
    first["note"] = json!("7 get-domain-info, first attempt");
    let mut info = exchanges[info_login + 1].clone();
    info["response"]["body"]["response"]["status"] = json!("PENDING");
    exchanges.insert(info_login, info);
    exchanges.insert(info_login, first);

    let dir = scratch("conformance-pending");
    let server = Server::start(&dir, &pending);
    let out = dir.join("out");
    // The secret comes from a file this time.
    let secret_file = dir.join("secret");
    std::fs::write(&secret_file, "secret$testsecret\n").expect("secret file");
    let output = conformance(
        &server.url,
        &out,
        Secret::File(&secret_file),
        &["--poll-seconds", "0"],
    );
    let table = text(&output.stdout);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{table}\n{}",
        text(&output.stderr)
    );
    assert_eq!(server.verify(), "ok", "{table}");
    assert_eq!(
        table_row(&table, "domain info", "registration pending"),
        (
            "observed".into(),
            "PENDING at first, then asked again for 1 s".into()
        )
    );
    assert_eq!(
        table_row(&table, "domain info", "status registered").0,
        "pass"
    );
    // The recording keeps the last attempt, and replays.
    let replay = Command::new(ODR)
        .arg("replay")
        .arg(out.join("staging_07_get_domain_info.json"))
        .env("ODR_COMPONENT", component())
        .output()
        .expect("odr replay");
    assert!(replay.status.success(), "{}", text(&replay.stdout));
}
