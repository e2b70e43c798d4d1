//! The README's and the guide's Rust code, compiled and run by `cargo test -p misp-examples`.
//!
//! The build script reads every ```` ```rust ```` block of `README.md` and `docs/guide/*.md` and
//! writes it into a test (`tests/guide.rs` includes them). A block's fence says how it runs:
//!
//! | fence | runs as |
//! |---|---|
//! | `rust` | an async test body, no server (offline code, client building) |
//! | `rust,fixtures=client/native/19_events_view+live/native/p06_...` | an async test body with `client`, a [`misp_client::Client`] connected to a wiremock server that answers with those recorded exchanges from `fixtures/`, each of which must be asked for at least once |
//! | `rust,no_run` | compiled only (it needs a real server or the user's files) |
//! | `console,fixtures=live/native/s08_...` | each `$ misp ...` line is run (the `misp` binary itself, as `misp-guide`) with `MISP_URL` pointing at wiremock serving those exchanges; what it prints must be the lines under it (see [`console`]); `files=events/feed-....json`: copies of those fixture files in its working directory; `exit=N`: the last command exits with `N` |
//!
//! The README's first block is a whole program (`fn main`): it is the `readme` binary, run by
//! `tests/readme.rs` with `MISP_URL` and `MISP_KEY` pointing at a wiremock server.
//!
//! This crate is not published; [`serve`], [`client`] and [`console::run`] are its only API.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod console;

use std::path::{Path, PathBuf};
use std::time::Duration;

use base64::Engine;
use misp_client::{Client, RetryPolicy};
use wiremock::matchers::{body_partial_json, path};
use wiremock::{Match, Mock, MockServer, Request, ResponseTemplate};

/// The key the example client sends (the recorded answers were redacted the same way).
pub const KEY: &str = "0123456789abcdef0123456789abcdef01234567";

/// What a generated test returns: `?` works on every error of the guide.
pub type Result = std::result::Result<(), Box<dyn std::error::Error>>;

/// The repository's `fixtures/` folder.
pub fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures")
}

/// One recorded exchange: the request's method, path and body, and the whole answer.
#[derive(Debug)]
pub struct Recorded {
    /// The fixture's name, as given to [`serve`].
    pub name: String,
    /// The request's method.
    pub method: String,
    /// The request's path, without its query.
    pub path: String,
    /// The request's JSON body, `null` when it had none.
    pub request_body: serde_json::Value,
    /// The response's status.
    pub status: u16,
    /// The response's headers, except those that describe the recorded connection.
    pub headers: Vec<(String, String)>,
    /// The response's body, exactly as recorded.
    pub body: Vec<u8>,
}

/// Reads `fixtures/<name>.json` (for example `client/native/19_events_view`).
///
/// # Panics
///
/// When the file is missing or not in the recorded-exchange format: the guide names a fixture
/// that does not exist, which the test must report.
pub fn recorded(name: &str) -> Recorded {
    let file = fixtures_dir().join(format!("{name}.json"));
    let text = std::fs::read_to_string(&file)
        .unwrap_or_else(|e| panic!("fixture {}: {e}", file.display()));
    let v: serde_json::Value =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("fixture {name}: {e}"));
    let response = &v["response"];
    let body = if response["body_is_json"].as_bool() == Some(true) {
        serde_json::to_vec(&response["body"]).expect("a JSON value serialises")
    } else if response["body_base64"].as_bool() == Some(true) {
        base64::engine::general_purpose::STANDARD
            .decode(response["body"].as_str().unwrap_or_default())
            .unwrap_or_else(|e| panic!("fixture {name}: body_base64: {e}"))
    } else {
        response["body"]
            .as_str()
            .unwrap_or_default()
            .as_bytes()
            .to_vec()
    };
    let headers = response["headers"]
        .as_object()
        .map(|h| {
            h.iter()
                .filter(|(k, _)| {
                    !matches!(
                        k.to_ascii_lowercase().as_str(),
                        "content-length"
                            | "transfer-encoding"
                            | "set-cookie"
                            | "connection"
                            | "date"
                    )
                })
                .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_owned())))
                .collect()
        })
        .unwrap_or_default();
    let full_path = v["request"]["path"].as_str().unwrap_or("/");
    Recorded {
        name: name.to_owned(),
        method: v["request"]["method"].as_str().unwrap_or("GET").to_owned(),
        path: full_path.split('?').next().unwrap_or(full_path).to_owned(),
        request_body: v["request"]["body"].clone(),
        status: response["status"].as_u64().unwrap_or(0) as u16,
        headers,
        body,
    }
}

impl Recorded {
    /// The recorded answer, with its status, headers and content type.
    pub fn template(&self) -> ResponseTemplate {
        let mut t = ResponseTemplate::new(self.status);
        let mut content_type = None;
        for (k, v) in &self.headers {
            if k.eq_ignore_ascii_case("content-type") {
                content_type = Some(v.clone());
            } else {
                t = t.insert_header(k.as_str(), v.as_str());
            }
        }
        t.set_body_raw(
            self.body.clone(),
            content_type.as_deref().unwrap_or("application/json"),
        )
    }
}

/// A wiremock server answering with these recorded exchanges.
///
/// Each answers requests of its method (GET and POST alike when it had no body) and path; a
/// look-up (restSearch, the event index, a warninglist check) only when the query is the
/// recorded one; one whose recorded body names a `page` only for that page; exchanges of the
/// same method, path and page answer in turn, once each. Any other request gets a 501 that
/// names it. Every exchange must be asked for at least once: the server checks
/// that when it is dropped, so an example that no longer makes the request it documents fails.
pub async fn serve(names: &[&str]) -> MockServer {
    let server = MockServer::start().await;
    let all: Vec<Recorded> = names.iter().map(|n| recorded(n)).collect();
    for rec in &all {
        let page = rec.request_body.get("page").cloned();
        let key = |r: &Recorded| {
            (
                r.method.clone(),
                r.path.clone(),
                r.request_body.get("page").cloned(),
            )
        };
        let shared = all.iter().filter(|r| key(r) == key(rec)).count() > 1;
        let mut mock = Mock::given(MethodOf::new(rec))
            .and(path(rec.path.as_str()))
            .and(QueryOf::new(rec));
        if let Some(page) = page {
            mock = mock.and(body_partial_json(serde_json::json!({ "page": page })));
        }
        let mock = mock.respond_with(rec.template()).named(rec.name.clone());
        let mock = if shared {
            mock.up_to_n_times(1).expect(1)
        } else {
            mock.expect(1..)
        };
        // A page's own answer before a path's answer to any body; otherwise, in the order given.
        let priority = if rec.request_body.get("page").is_some() {
            1
        } else {
            2
        };
        mock.with_priority(priority).mount(&server).await;
    }
    // Anything else gets an answer that says so, which the example's error then shows.
    Mock::given(wiremock::matchers::any())
        .respond_with(Unrecorded)
        .with_priority(u8::MAX)
        .named("no recorded exchange")
        .mount(&server)
        .await;
    server
}

/// The answer to a request no recorded exchange answers: a 501 naming the request.
struct Unrecorded;

impl wiremock::Respond for Unrecorded {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let message = format!(
            "no recorded exchange answers {} {} with body {}",
            request.method,
            request.url.path(),
            String::from_utf8_lossy(&request.body)
        );
        ResponseTemplate::new(501)
            .set_body_json(serde_json::json!({ "name": message, "message": message }))
    }
}

/// For a look-up (restSearch, the event index, a warninglist check), the query must be the
/// recorded one, so the answer shown is the server's answer to exactly that question:
/// the JSON bodies must be equal as MISP reads them (a number equals its string form), leaving
/// aside the flags sent as `0`/`false` (PyMISP sends every flag) and `returnFormat: json`,
/// and a list of one value being that value.
/// Other requests (creations, whose UUIDs and timestamps differ on every run) are matched on
/// method, path and page only.
struct QueryOf {
    recorded: Option<serde_json::Value>,
}

impl QueryOf {
    fn new(rec: &Recorded) -> Self {
        let lookup = rec.path.contains("restSearch")
            || rec.path == "/events/index"
            || rec.path == "/warninglists/checkValue";
        QueryOf {
            recorded: lookup.then(|| significant(&rec.request_body)),
        }
    }
}

/// The body without what does not change the answer.
fn significant(body: &serde_json::Value) -> serde_json::Value {
    match body.as_object() {
        Some(map) => serde_json::Value::Object(
            map.iter()
                .filter(|(k, v)| {
                    let falsy = matches!(v, serde_json::Value::Bool(false))
                        || v.as_i64() == Some(0)
                        || v.as_str() == Some("0");
                    let json_format = k.as_str() == "returnFormat" && v.as_str() == Some("json");
                    !(falsy || json_format)
                })
                .map(|(k, v)| match v.as_array().map(Vec::as_slice) {
                    // MISP reads `["x"]` as `"x"`.
                    Some([one]) => (k.clone(), one.clone()),
                    _ => (k.clone(), v.clone()),
                })
                .collect(),
        ),
        None => body.clone(),
    }
}

impl Match for QueryOf {
    fn matches(&self, request: &Request) -> bool {
        let Some(recorded) = &self.recorded else {
            return true;
        };
        let sent: serde_json::Value =
            serde_json::from_slice(&request.body).unwrap_or(serde_json::Value::Null);
        let sent = if sent.is_null() {
            serde_json::json!({})
        } else {
            significant(&sent)
        };
        let recorded = if recorded.is_null() {
            serde_json::json!({})
        } else {
            recorded.clone()
        };
        misp_types::compare::differences(&sent, &recorded).is_empty()
    }
}

/// The recorded method; for a recording without a body, GET and POST alike (MISP's actions
/// without a body answer both, and the recorders did not always use the method this
/// project's operations use, which follows PyMISP).
struct MethodOf {
    method: String,
    either: bool,
}

impl MethodOf {
    fn new(rec: &Recorded) -> Self {
        let bodyless = rec.request_body.is_null()
            || rec.request_body.as_object().is_some_and(|o| o.is_empty());
        MethodOf {
            method: rec.method.clone(),
            either: bodyless && matches!(rec.method.as_str(), "GET" | "POST"),
        }
    }
}

impl Match for MethodOf {
    fn matches(&self, request: &Request) -> bool {
        let m = request.method.as_str();
        m == self.method || (self.either && matches!(m, "GET" | "POST"))
    }
}

/// A client for the wiremock server: the example key, short timeouts, fast retries.
///
/// # Panics
///
/// Never for a server from [`serve`] (its URL is valid).
pub fn client(server: &MockServer) -> Client {
    Client::builder()
        .url(server.uri())
        .key(KEY)
        .connect_timeout(Duration::from_secs(2))
        .read_timeout(Duration::from_secs(10))
        .no_system_proxy()
        .retry(
            RetryPolicy::default()
                .initial_backoff(Duration::from_millis(5))
                .max_backoff(Duration::from_millis(20)),
        )
        .build()
        .expect("a wiremock URL is a valid MISP root")
}
