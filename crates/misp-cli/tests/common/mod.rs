//! Test helpers: running the `misp` binary in a clean environment, and serving recorded
//! exchanges with wiremock.
#![allow(dead_code)]

use std::path::PathBuf;
use std::process::Output;

use assert_cmd::Command;
use wiremock::matchers::path;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A key no fixture and no output would contain by chance.
pub const KEY: &str = "cli-test-key-7f3a9c2e5b1d4f6a8c0e2b4d6f8a1c3e5b7d9f0a";

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A file of the repository's `fixtures/` folder.
pub fn fixture(rel: &str) -> PathBuf {
    root().join("fixtures").join(rel)
}

/// The binary, with no MISP settings from the environment or a config file, run from the
/// repository root (so fixture paths in output are relative and stable).
pub fn misp() -> Command {
    let mut cmd = Command::cargo_bin("misp").unwrap();
    cmd.env_clear().current_dir(root());
    cmd
}

/// The result of a run, as text.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl From<Output> for Run {
    fn from(o: Output) -> Self {
        Run {
            code: o.status.code().unwrap_or(-1),
            stdout: String::from_utf8(o.stdout).unwrap(),
            stderr: String::from_utf8(o.stderr).unwrap(),
        }
    }
}

/// Runs `misp ARGS` to completion.
pub fn run(args: &[&str]) -> Run {
    misp().args(args).output().unwrap().into()
}

/// Runs a prepared command on the blocking pool, so wiremock keeps serving meanwhile.
pub async fn run_async(mut cmd: Command) -> Run {
    tokio::task::spawn_blocking(move || cmd.output().unwrap().into())
        .await
        .unwrap()
}

/// Runs `misp --url SERVER --key KEY ARGS` against the mock.
pub async fn run_online(server: &MockServer, args: &[&str]) -> Run {
    let mut cmd = misp();
    cmd.args(["--url", &server.uri(), "--key", KEY, "--retries", "0"])
        .args(args);
    run_async(cmd).await
}

/// One recorded exchange of `fixtures/cli/`.
pub struct Recorded {
    pub method: String,
    pub path: String,
    pub request_body: serde_json::Value,
    pub status: u16,
    pub content_type: Option<String>,
    pub body: Vec<u8>,
}

/// The response part of a fixture, with the body as written (key order kept).
#[derive(serde::Deserialize)]
struct RawResponse<'a> {
    status: u16,
    #[serde(default)]
    body_is_json: bool,
    #[serde(borrow)]
    body: &'a serde_json::value::RawValue,
}

pub fn recorded(name: &str) -> Recorded {
    let file = fixture(&format!("cli/{name}.json"));
    let text = std::fs::read_to_string(&file).unwrap();
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    #[derive(serde::Deserialize)]
    struct File<'a> {
        #[serde(borrow)]
        response: RawResponse<'a>,
    }
    let raw: File<'_> = serde_json::from_str(&text).unwrap();
    let body = if raw.response.body_is_json {
        raw.response.body.get().as_bytes().to_vec()
    } else {
        serde_json::from_str::<Option<String>>(raw.response.body.get())
            .unwrap()
            .unwrap_or_default()
            .into_bytes()
    };
    Recorded {
        method: v["request"]["method"].as_str().unwrap().to_owned(),
        path: v["request"]["path"].as_str().unwrap().to_owned(),
        request_body: v["request"]["body"].clone(),
        status: raw.response.status,
        content_type: v["response"]["headers"]["Content-Type"]
            .as_str()
            .map(str::to_owned),
        body,
    }
}

impl Recorded {
    pub fn response(&self) -> ResponseTemplate {
        ResponseTemplate::new(self.status).set_body_raw(
            self.body.clone(),
            self.content_type.as_deref().unwrap_or("application/json"),
        )
    }
}

/// Makes the mock answer the recorded exchange `name` (matched by path; tests check the
/// method), expecting exactly `times` calls.
pub async fn serve(server: &MockServer, name: &str, times: u64) -> Recorded {
    let rec = recorded(name);
    Mock::given(path(rec.path.as_str()))
        .respond_with(rec.response())
        .expect(times)
        .mount(server)
        .await;
    rec
}

/// The method and JSON body (`null` when empty) of the only request the server received.
pub async fn only_request(server: &MockServer) -> (String, serde_json::Value) {
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 1, "expected one request");
    let r = &requests[0];
    let body = if r.body.is_empty() {
        serde_json::Value::Null
    } else {
        serde_json::from_slice(&r.body).unwrap()
    };
    (r.method.to_string(), body)
}

/// One recorded exchange of `fixtures/live/{native,stringified}/` or `fixtures/api/...`, with
/// every response header as recorded and binary bodies decoded.
pub struct Live {
    pub method: String,
    pub path: String,
    pub request_body: serde_json::Value,
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

/// Loads `fixtures/{rel}.json` (`live/native/s02_events_upload_sample_advanced0`).
pub fn live(rel: &str) -> Live {
    use base64::Engine;
    let text = std::fs::read_to_string(fixture(&format!("{rel}.json"))).unwrap();
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    let response = &v["response"];
    let body = if response["body_is_json"].as_bool().unwrap_or(false) {
        serde_json::to_vec(&response["body"]).unwrap()
    } else {
        let raw = response["body"].as_str().unwrap_or_default();
        if response["body_base64"].as_bool().unwrap_or(false) {
            base64::engine::general_purpose::STANDARD
                .decode(raw)
                .unwrap()
        } else {
            raw.as_bytes().to_vec()
        }
    };
    let headers = response["headers"]
        .as_object()
        .map(|h| {
            h.iter()
                .filter(|(k, _)| !k.eq_ignore_ascii_case("content-length"))
                .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_owned()))
                .collect()
        })
        .unwrap_or_default();
    Live {
        method: v["request"]["method"].as_str().unwrap().to_owned(),
        path: v["request"]["path"].as_str().unwrap().to_owned(),
        request_body: v["request"]["body"].clone(),
        status: response["status"].as_u64().unwrap() as u16,
        headers,
        body,
    }
}

impl Live {
    /// The recorded answer: status, headers (Content-Type, X-Result-Count,
    /// Content-Disposition ...) and body.
    pub fn response(&self) -> ResponseTemplate {
        let content_type = self
            .headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case("content-type"))
            .map(|(_, v)| v.clone())
            .unwrap_or_else(|| "application/json".into());
        let mut t =
            ResponseTemplate::new(self.status).set_body_raw(self.body.clone(), &content_type);
        for (k, v) in &self.headers {
            if !k.eq_ignore_ascii_case("content-type") {
                t = t.insert_header(k.as_str(), v.as_str());
            }
        }
        t
    }
}

/// Serves the recorded exchange at its method and path, expecting `times` calls.
pub async fn serve_live(server: &MockServer, rel: &str, times: u64) -> Live {
    let rec = live(rel);
    Mock::given(wiremock::matchers::method(rec.method.as_str()))
        .and(path(rec.path.as_str()))
        .respond_with(rec.response())
        .expect(times)
        .mount(server)
        .await;
    rec
}
