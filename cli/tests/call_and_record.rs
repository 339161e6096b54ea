//! `odr call` end to end over real HTTP: against `odr replay-server`, with `--record`
//! (then `odr replay` of what was recorded) and `--state` (the token kept across runs).
//!
//! Needs the component (`cargo build --release --target wasm32-wasip2`; `ODR_COMPONENT`
//! overrides the path).

use serde_json::{json, Value};
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

mod support;
use support::{component, scratch, ODR};
const NOW: u64 = 1_764_547_200;

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn info_exchange() -> Value {
    json!({
        "request": {"method": "GET", "path": "/domain/example.nl/info/", "query": "",
                    "headers": {"x-access-token": "<TOKEN>"}},
        "response": {"status": 200, "body": {"status": "success", "code": 200, "response": {
            "id": 5678, "status": "REGISTERED", "name": "example", "tld": "nl",
            "autorenew": "ON", "expiration_date": "2026-03-01 00:00:00",
            "contacts_map": {"REGISTRANT": 1234, "ONSITE": 1234, "TECH": 1234},
            "nameservers": ["ns1.example.net", "ns2.example.net"]}}}
    })
}

fn start_server(dir: &Path) -> (Server, String) {
    let recording = json!({
        "description": "login, then the domain twice (the second run reuses the stored token)",
        "now": NOW,
        "calls": [],
        "exchanges": [
            {"request": {"method": "POST", "path": "/user/login/", "query": "",
                         "body": {"timestamp": NOW, "api_key": "<API_KEY>", "signature": "<SIGNATURE>"}},
             "response": {"status": 200, "body": {"status": "success", "code": 200,
                          "response": {"token": "<TOKEN>", "as_header": "X-Access-Token"}}}},
            info_exchange(),
            info_exchange()
        ]
    });
    let file = dir.join("served.json");
    std::fs::write(&file, recording.to_string()).expect("write");
    let port_file = dir.join("port");
    let server = Server(
        Command::new(ODR)
            .args(["replay-server", "--quiet", "--recording"])
            .arg(&file)
            .arg("--port-file")
            .arg(&port_file)
            .stdout(Stdio::null())
            .spawn()
            .expect("start the replay server"),
    );
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        if let Some(port) = std::fs::read_to_string(&port_file)
            .ok()
            .and_then(|t| t.trim().parse::<u16>().ok())
        {
            return (server, format!("http://127.0.0.1:{port}/"));
        }
        assert!(Instant::now() < deadline, "no port file");
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn odr(args: &[&str], dir: &Path) -> Output {
    Command::new(ODR)
        .args(args)
        .env("ODR_COMPONENT", component())
        .env("ODR_API_KEY", "public$testkey")
        .env("ODR_API_SECRET", "secret$testsecret")
        .current_dir(dir)
        .output()
        .expect("run odr")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn call_records_keeps_state_and_the_recording_replays() {
    let dir = scratch("call");
    let (_server, url) = start_server(&dir);
    let now = NOW.to_string();
    let args = r#"{"domain": "example.nl"}"#;

    let first = odr(
        &[
            "call",
            "get-nameservers",
            "--args",
            args,
            "--api-url",
            &url,
            "--now",
            &now,
            "--state",
            "state.json",
            "--record",
            "recorded.json",
        ],
        &dir,
    );
    assert!(first.status.success(), "{}", stderr(&first));
    let result: Value = serde_json::from_str(&stdout(&first)).expect("JSON result");
    assert_eq!(result, json!(["ns1.example.net", "ns2.example.net"]));

    let state = std::fs::read_to_string(dir.join("state.json")).expect("state file");
    assert!(state.contains("odr:token:"), "{state}");
    // The state file holds the login token: the owner's only.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(dir.join("state.json"))
            .expect("state file")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600, "state file mode {mode:o}");
    }

    // The second run finds the token in the state file: no login request.
    let second = odr(
        &[
            "call",
            "get-nameservers",
            "--args",
            args,
            "--api-url",
            &url,
            "--now",
            &now,
            "--state",
            "state.json",
        ],
        &dir,
    );
    assert!(second.status.success(), "{}", stderr(&second));

    let verify = odr_host_verify(&url);
    assert_eq!(verify, "ok", "the server saw other requests than recorded");

    let recorded = std::fs::read_to_string(dir.join("recorded.json")).expect("recording");
    for secret in ["public$testkey", "secret$testsecret", "token$"] {
        assert!(!recorded.contains(secret), "{secret} in {recorded}");
    }
    let replay = odr(&["replay", "recorded.json"], &dir);
    assert!(
        replay.status.success(),
        "{}\n{}",
        stdout(&replay),
        stderr(&replay)
    );
    assert!(
        stdout(&replay).contains("1 passed, 0 failed"),
        "{}",
        stdout(&replay)
    );
}

#[test]
fn a_component_error_exits_1_with_the_error_as_json() {
    let dir = scratch("error");
    let output = odr(
        &[
            "call",
            "normalize-contact",
            "--args",
            r#"{"contact": {"first-name": "Jan", "last-name": "Jansen", "company-name": "",
                "email": "jan@example.nl", "address1": "Kerkstraat", "address2": "",
                "city": "Amsterdam", "state": "", "postcode": "1234AB", "country": "XX",
                "phone": "0201234567", "fax": "", "vat-number": "", "language": ""}}"#,
        ],
        &dir,
    );
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let error: Value = serde_json::from_str(&stdout(&output)).expect("JSON error");
    assert!(error["err"]["invalid-input"].is_object(), "{error}");

    let output = odr(&["call", "normalize-contact", "--args", "{}"], &dir);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("invalid argument contact: missing parameter"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn the_secret_comes_from_the_environment_standard_input_or_a_file_never_a_flag() {
    let dir = scratch("secret");
    let run = |args: &[&str], secret_env: Option<&str>, stdin: &str| {
        let mut command = Command::new(ODR);
        command
            .args(args)
            .env("ODR_COMPONENT", component())
            .env("ODR_API_KEY", "public$testkey")
            .env_remove("ODR_API_SECRET")
            .current_dir(&dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        if let Some(secret) = secret_env {
            command.env("ODR_API_SECRET", secret);
        }
        let mut child = command.spawn().expect("run odr");
        std::io::Write::write_all(child.stdin.as_mut().expect("stdin"), stdin.as_bytes())
            .expect("write stdin");
        child.wait_with_output().expect("odr output")
    };
    let endpoint = [
        "call",
        "api-endpoint",
        "--api-url",
        "https://api.example.test/",
    ];

    let flag = run(
        &[&endpoint[..], &["--api-secret", "secret$x"]].concat(),
        None,
        "",
    );
    assert_eq!(flag.status.code(), Some(2), "{}", stderr(&flag));
    assert!(stderr(&flag).contains("--api-secret"), "{}", stderr(&flag));

    let none = run(&endpoint, None, "");
    assert_eq!(none.status.code(), Some(2));
    assert!(stderr(&none).contains("no api-secret"), "{}", stderr(&none));

    let env = run(&endpoint, Some("secret$fromenv"), "");
    assert!(env.status.success(), "{}", stderr(&env));

    let piped = run(
        &[&endpoint[..], &["--api-secret-file", "-"]].concat(),
        None,
        "secret$piped\n",
    );
    assert!(piped.status.success(), "{}", stderr(&piped));
    let empty = run(
        &[&endpoint[..], &["--api-secret-file", "-"]].concat(),
        None,
        "\n",
    );
    assert_eq!(empty.status.code(), Some(2), "{}", stderr(&empty));

    std::fs::write(dir.join("secret.txt"), "secret$fromfile\n").expect("write");
    let file = run(
        &[&endpoint[..], &["--api-secret-file", "secret.txt"]].concat(),
        None,
        "",
    );
    assert!(file.status.success(), "{}", stderr(&file));

    let inline = run(
        &[
            &endpoint[..],
            &["--args", r#"{"settings": {"api-secret": "secret$inline"}}"#],
        ]
        .concat(),
        None,
        "",
    );
    assert_eq!(inline.status.code(), Some(2));
    assert!(
        stderr(&inline).contains("must not carry settings.api-secret"),
        "{}",
        stderr(&inline)
    );
    for output in [&flag, &none, &env, &piped, &file, &inline] {
        assert!(!stdout(output).contains("secret$") && !stderr(output).contains("secret$f"));
    }
}

/// wasmtime's default reservation (4 GiB per linear memory) cannot be made under an
/// address-space limit of 1 GiB (`ulimit -v`, as on CloudLinux); the engine's is
/// sized to the memory cap, so a call works there.
#[cfg(unix)]
#[test]
fn a_call_works_under_a_one_gib_address_space_limit() {
    let dir = scratch("ulimit");
    let output = Command::new("sh")
        .arg("-c")
        .arg(r#"ulimit -v 1048576 && exec "$0" call normalize-contact --args "$1""#)
        .arg(ODR)
        .arg(
            r#"{"contact": {"first-name": "Jan", "last-name": "Jansen", "company-name": "",
                "email": "jan@example.nl", "address1": "Kerkstraat 42", "address2": "",
                "city": "Amsterdam", "state": "", "postcode": "1234AB", "country": "NL",
                "phone": "0201234567", "fax": "", "vat-number": "", "language": ""}}"#,
        )
        .env("ODR_COMPONENT", component())
        .current_dir(&dir)
        .output()
        .expect("run odr under ulimit -v");
    assert!(output.status.success(), "{}", stderr(&output));
    let contact: Value = serde_json::from_str(&stdout(&output)).expect("JSON result");
    assert_eq!(contact["country"], json!("NL"), "{contact}");
}

/// `GET /__replay__/verify` with the host's own HTTP client.
fn odr_host_verify(base: &str) -> String {
    use odr_host::{HttpRequest, Transport};
    let response = odr_host::net::UreqTransport::new()
        .send(HttpRequest {
            method: "GET".into(),
            url: format!("{base}__replay__/verify"),
            headers: vec![],
            body: vec![],
            timeout: Duration::from_secs(5),
        })
        .expect("verify");
    String::from_utf8_lossy(&response.body).into_owned()
}
