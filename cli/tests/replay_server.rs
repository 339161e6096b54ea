//! `odr replay-server` end to end: strict matching, 599 on a mismatch, faults,
//! `/__replay__/verify`, SIGTERM.

use odr_host::net::UreqTransport;
use odr_host::replay::{login_signature, TEST_API_KEY, TEST_API_SECRET};
use odr_host::{HttpRequest, HttpResponse, Transport, TransportError};
use serde_json::json;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const NOW: u64 = 1_764_547_200;

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("odr-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

fn recording() -> serde_json::Value {
    json!({
        "description": "replay-server test",
        "now": NOW,
        "calls": [],
        "exchanges": [
            {"request": {"method": "POST", "path": "/user/login/",
                         "body": {"timestamp": NOW, "api_key": "<API_KEY>", "signature": "<SIGNATURE>"}},
             "response": {"status": 200, "body": {"status": "success", "code": 200,
                          "response": {"token": "<TOKEN>", "as_header": "X-Access-Token"}}}},
            {"request": {"method": "GET", "path": "/domain/example.nl/info/", "query": "",
                         "headers": {"X-Access-Token": "<TOKEN>"}},
             "response": {"status": 502, "body_text": "<html>Bad gateway"}},
            {"request": {"method": "GET", "path": "/domain/slow.nl/info/"},
             "response": {"fault": "timeout"}},
            {"request": {"method": "GET", "path": "/domain/reset.nl/info/"},
             "response": {"fault": "reset"}}
        ]
    })
}

struct Server {
    child: Child,
    base: String,
}

impl Server {
    fn start(dir: &Path, recording: &serde_json::Value) -> Server {
        Server::start_with(dir, recording, &[])
    }

    fn start_with(dir: &Path, recording: &serde_json::Value, extra: &[&str]) -> Server {
        let file = dir.join("recording.json");
        std::fs::write(&file, recording.to_string()).expect("write recording");
        let port_file = dir.join("port");
        let mut server = Server {
            child: Command::new(env!("CARGO_BIN_EXE_odr"))
                .args([
                    "replay-server",
                    "--quiet",
                    "--hold-seconds",
                    "5",
                    "--recording",
                ])
                .arg(&file)
                .arg("--port-file")
                .arg(&port_file)
                .args(extra)
                .stdout(Stdio::null())
                .spawn()
                .expect("start odr replay-server"),
            base: String::new(),
        };
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Ok(text) = std::fs::read_to_string(&port_file) {
                if let Ok(port) = text.trim().parse::<u16>() {
                    server.base = format!("http://127.0.0.1:{port}");
                    return server;
                }
            }
            assert!(Instant::now() < deadline, "the server wrote no port file");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn send(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: &[u8],
        timeout: Duration,
    ) -> Result<HttpResponse, TransportError> {
        UreqTransport::new().send(HttpRequest {
            method: method.into(),
            url: format!("{}{path}", self.base),
            headers: headers
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            body: body.to_vec(),
            timeout,
        })
    }

    fn get(&self, path: &str) -> HttpResponse {
        self.send("GET", path, &[], b"", Duration::from_secs(5))
            .expect("response")
    }

    fn terminate(mut self) {
        let status = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .expect("kill");
        assert!(status.success());
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        panic!("the server did not exit on SIGTERM");
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn login_body(timestamp: u64, signature: &str) -> Vec<u8> {
    serde_json::to_vec(
        &json!({"timestamp": timestamp, "api_key": TEST_API_KEY, "signature": signature}),
    )
    .expect("json")
}

fn text(response: &HttpResponse) -> String {
    String::from_utf8_lossy(&response.body).into_owned()
}

#[test]
fn a_whole_recording_is_served_strictly_and_verified() {
    let dir = scratch("whole");
    let server = Server::start(&dir, &recording());

    let verify = server.get("/__replay__/verify");
    assert_eq!(verify.status, 500, "{}", text(&verify));
    assert!(
        text(&verify).contains("never requested"),
        "{}",
        text(&verify)
    );

    let signature = login_signature(TEST_API_KEY, TEST_API_SECRET, &NOW.to_string());
    let login = server
        .send(
            "POST",
            "/user/login/",
            &[("content-type", "application/json")],
            &login_body(NOW, &signature),
            Duration::from_secs(5),
        )
        .expect("login");
    assert_eq!(login.status, 200);
    assert!(text(&login).contains("<TOKEN>"));

    let info = server
        .send(
            "GET",
            "/domain/example.nl/info/",
            &[("X-Access-Token", "<TOKEN>")],
            b"",
            Duration::from_secs(5),
        )
        .expect("info");
    assert_eq!(info.status, 502);
    assert_eq!(text(&info), "<html>Bad gateway");

    let slow = server.send(
        "GET",
        "/domain/slow.nl/info/",
        &[],
        b"",
        Duration::from_millis(400),
    );
    assert!(matches!(slow, Err(TransportError::Timeout(_))), "{slow:?}");

    let reset = server.send(
        "GET",
        "/domain/reset.nl/info/",
        &[],
        b"",
        Duration::from_secs(5),
    );
    assert!(reset.is_err(), "{reset:?}");

    let verify = server.get("/__replay__/verify");
    assert_eq!(verify.status, 200, "{}", text(&verify));
    assert_eq!(text(&verify), "ok");
    server.terminate();
}

#[test]
fn a_mismatch_is_answered_with_599_and_remembered() {
    let dir = scratch("mismatch");
    let server = Server::start(&dir, &recording());
    // Signed for another second than the body says: the signature does not verify.
    let signature = login_signature(TEST_API_KEY, TEST_API_SECRET, &(NOW - 1).to_string());
    let login = server
        .send(
            "POST",
            "/user/login/",
            &[],
            &login_body(NOW, &signature),
            Duration::from_secs(5),
        )
        .expect("an answer");
    assert_eq!(login.status, 599);
    assert!(
        text(&login).contains("body.signature: expected \"<SIGNATURE>\""),
        "{}",
        text(&login)
    );
    let verify = server.get("/__replay__/verify");
    assert_eq!(verify.status, 500);
    assert!(
        text(&verify).contains("differs from the recording"),
        "{}",
        text(&verify)
    );
    server.terminate();
}

#[test]
fn latency_delays_every_answer_by_the_simulated_round_trip() {
    let dir = scratch("latency");
    let mut recording = recording();
    recording["exchanges"] = json!([
        {"request": {"method": "GET", "path": "/floor/"},
         "response": {"status": 200, "body": {"ok": true}}},
        {"request": {"method": "GET", "path": "/floor/"},
         "response": {"status": 200, "body": {"ok": true}}}
    ]);
    let server = Server::start_with(&dir, &recording, &["--latency-ms", "250"]);
    for _ in 0..2 {
        let sent = Instant::now();
        let answer = server.get("/floor/");
        // A lower bound only: the answer never comes before the simulated round trip.
        assert!(
            sent.elapsed() >= Duration::from_millis(250),
            "answered after {:?}",
            sent.elapsed()
        );
        assert_eq!(answer.status, 200, "{}", text(&answer));
    }
    let verify = server.get("/__replay__/verify");
    assert_eq!(text(&verify), "ok");
    server.terminate();
}
