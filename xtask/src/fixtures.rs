//! `cargo xtask fixtures [--writes] [--out DIR]`: records real HTTP exchanges with the MISP
//! named by `MISP_URL` and `MISP_KEY` (and the other `MISP_*` settings `misp-client` reads,
//! such as `MISP_VERIFY_TLS=false` for a self-signed test server) into the repository's
//! fixture format, with keys redacted, so the fixtures can be refreshed against a newer MISP.
//!
//! Every request is built by a `misp-api` operation and sent by `misp-client` (its TLS, proxy
//! and timeout settings apply), without retries; a wrapper endpoint hands back the raw
//! response (status, headers, body bytes) instead of decoding it. Each exchange is written to
//! `NN_<area>_<call>.json` as `{"name", "request": {"method","path","headers","body"},
//! "response": {"status","headers","body_is_json","body"}}`: JSON bodies parsed (member order
//! kept), other bodies as text. An index `README.md` lists the files.
//!
//! The default scenario is read-only. `--writes` adds a create → read → delete flow on a
//! scratch event; the event is deleted at the end, also when a step fails.
//!
//! Redaction ([`redact`]): the request `Authorization` header becomes `REDACTED`, `Set-Cookie`
//! is dropped, 40-character `authkey` values become `REDACTED-USER-KEY`, and the key itself is
//! replaced wherever it appears. Without `MISP_URL` and `MISP_KEY` the task fails: nothing is
//! recorded, never silently.

mod json;
mod redact;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{Context, anyhow, bail};
use bytes::Bytes;
use http::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, HeaderMap};
use misp_api::events::{AddEvent, DeleteEvent, GetEvent};
use misp_api::galaxies::ListGalaxies;
use misp_api::instance::{DescribeTypesRemote, DirectCall, GetVersion};
use misp_api::search::{SearchAttributes, SearchEvents, SearchIndex, SearchQuery};
use misp_api::tags::ListTags;
use misp_api::taxonomies::ListTaxonomies;
use misp_api::warninglists::ListWarninglists;
use misp_api::{ApiError, Endpoint, EventRef, Idempotency};
use misp_client::{Client, ClientBuilder, RetryPolicy};
use serde::Serialize;
use serde::ser::SerializeMap;

use json::Json;

const USAGE: &str = "cargo xtask fixtures [--writes] [--out DIR]: needs MISP_URL and MISP_KEY \
naming a MISP instance (MISP_VERIFY_TLS=false for a self-signed test server; --writes needs a \
key that may create and delete events). Nothing was recorded.";

/// The command-line options.
#[derive(Debug, Default, PartialEq)]
struct Options {
    /// Also run the create → read → delete flow.
    writes: bool,
    /// Where to write; default `fixtures/recorded/<server-version>/`.
    out: Option<PathBuf>,
}

fn parse_args(args: &[String]) -> anyhow::Result<Options> {
    let mut options = Options::default();
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--writes" => options.writes = true,
            "--out" => {
                let dir = args.next().context("--out needs a directory")?;
                options.out = Some(PathBuf::from(dir));
            }
            other => match other.strip_prefix("--out=") {
                Some(dir) if !dir.is_empty() => options.out = Some(PathBuf::from(dir)),
                _ => bail!("unknown argument `{other}`\n\n{USAGE}"),
            },
        }
    }
    Ok(options)
}

/// Entry point for `cargo xtask fixtures`.
pub fn run(args: &[String]) -> anyhow::Result<()> {
    run_with(args, |name| std::env::var(name).ok())
}

/// [`run`] over a given environment.
fn run_with(args: &[String], var: impl Fn(&str) -> Option<String>) -> anyhow::Result<()> {
    let options = parse_args(args)?;
    let get = |name: &str| {
        var(name)
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty())
    };
    let key = get("MISP_KEY").or_else(|| get("MISP_API_KEY"));
    let (Some(_), Some(key)) = (get("MISP_URL"), key) else {
        bail!("{USAGE}");
    };
    let client = ClientBuilder::from_vars(&var)
        .map_err(|e| {
            anyhow!(
                "cannot configure the client from MISP_*: {}",
                redact::scrub(&e.to_string(), &key)
            )
        })
        .and_then(|builder| recording_client(builder, &key))?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    let recording = runtime.block_on(record(&client, &key, options.writes));
    finish(recording, options.out, &key)
}

/// A client that never retries and hands every status to the endpoint.
fn recording_client(builder: ClientBuilder, key: &str) -> anyhow::Result<Client> {
    builder
        .retry(RetryPolicy::none().retry_statuses([]))
        .build()
        .map_err(|e| {
            anyhow!(
                "cannot build the client: {}",
                redact::scrub(&e.to_string(), key)
            )
        })
}

/// Writes what was recorded and says what failed.
fn finish(recording: Recording, out: Option<PathBuf>, key: &str) -> anyhow::Result<()> {
    if recording.exchanges.is_empty() {
        bail!(
            "nothing was recorded: {}",
            redact::scrub(&recording.failures.join("; "), key)
        );
    }
    let dir = match out {
        Some(dir) => dir,
        None => default_dir(recording.version.as_deref())?,
    };
    write(&dir, &recording, key)?;
    println!(
        "fixtures: {} exchanges written to {}",
        recording.exchanges.len(),
        dir.display()
    );
    if !recording.failures.is_empty() {
        bail!(
            "{} of the calls did not go as expected (their exchanges, if any, are written):\n  {}",
            recording.failures.len(),
            redact::scrub(&recording.failures.join("\n  "), key)
        );
    }
    Ok(())
}

/// `fixtures/recorded/<server-version>/` under the workspace root.
fn default_dir(version: Option<&str>) -> anyhow::Result<PathBuf> {
    let version = version
        .filter(|v| !v.is_empty())
        .context("the server version is unknown (servers/getVersion failed): pass --out DIR")?;
    let name: String = version
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .collect();
    Ok(crate::workspace_root()
        .join("fixtures")
        .join("recorded")
        .join(name))
}

/// Headers in the order they are stored, written as a JSON object.
#[derive(Clone, Debug, Default, PartialEq)]
struct Headers(Vec<(String, String)>);

impl Serialize for Headers {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (name, value) in &self.0 {
            map.serialize_entry(name, value)?;
        }
        map.end()
    }
}

/// One recorded request.
#[derive(Debug, Serialize)]
struct StoredRequest {
    method: String,
    path: String,
    headers: Headers,
    body: Json,
}

/// One recorded response.
#[derive(Debug, Serialize)]
struct StoredResponse {
    status: u16,
    headers: Headers,
    body_is_json: bool,
    body: Json,
}

/// One recorded exchange, as stored.
#[derive(Debug, Serialize)]
struct Exchange {
    name: String,
    request: StoredRequest,
    response: StoredResponse,
}

/// A recorded exchange and the file it goes to.
#[derive(Debug)]
struct Recorded {
    file: String,
    exchange: Exchange,
}

/// What a run of the scenario came to.
#[derive(Debug, Default)]
struct Recording {
    /// The server's version, from `servers/getVersion`.
    version: Option<String>,
    /// The exchanges, in call order.
    exchanges: Vec<Recorded>,
    /// What went wrong (already free of the key).
    failures: Vec<String>,
}

/// Runs an endpoint's request and answers the raw response, whatever its status.
struct Raw<'a, E>(&'a E);

impl<E: Endpoint> Endpoint for Raw<'_, E> {
    type Output = http::Response<Bytes>;

    fn request(&self) -> Result<http::Request<Vec<u8>>, misp_api::BuildError> {
        self.0.request()
    }

    fn decode(&self, response: http::Response<Bytes>) -> Result<Self::Output, ApiError> {
        Ok(response)
    }

    fn idempotency(&self) -> Idempotency {
        self.0.idempotency()
    }
}

/// `content-type` → `Content-Type`.
fn title_case(name: &str) -> String {
    name.split('-')
        .map(|part| {
            let mut chars = part.chars();
            match chars.next() {
                Some(first) => {
                    first.to_ascii_uppercase().to_string() + &chars.as_str().to_ascii_lowercase()
                }
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join("-")
}

/// Header pairs in order, title-cased, repeated names joined with `, `.
fn header_pairs(headers: &HeaderMap) -> Vec<(String, String)> {
    let mut pairs: Vec<(String, String)> = Vec::new();
    for (name, value) in headers {
        let name = title_case(name.as_str());
        let value = String::from_utf8_lossy(value.as_bytes()).into_owned();
        match pairs.iter_mut().find(|(n, _)| *n == name) {
            Some((_, existing)) => {
                existing.push_str(", ");
                existing.push_str(&value);
            }
            None => pairs.push((name, value)),
        }
    }
    pairs
}

/// A body as stored: parsed JSON when it is JSON, else the text; redacted either way.
fn stored_body(bytes: &[u8], content_type: Option<&str>, key: &str) -> (bool, Json) {
    let text = String::from_utf8_lossy(bytes);
    let trimmed = text.trim_start();
    let json_like = content_type.is_some_and(|ct| ct.to_ascii_lowercase().contains("json"))
        || trimmed.starts_with('{')
        || trimmed.starts_with('[');
    if json_like && let Some(mut value) = Json::parse(&text) {
        redact::json(&mut value, key);
        return (true, value);
    }
    (false, Json::String(redact::text(&text, key)))
}

/// The request as the client sends it: the operation's headers, plus the `Authorization`,
/// `Accept` and `Content-Type` the client adds; headers sorted by name.
fn stored_request(request: &http::Request<Vec<u8>>, key: &str) -> StoredRequest {
    let mut headers = request.headers().clone();
    headers.insert(AUTHORIZATION, http::HeaderValue::from_static("REDACTED"));
    if !headers.contains_key(ACCEPT) {
        headers.insert(ACCEPT, http::HeaderValue::from_static("application/json"));
    }
    if !request.body().is_empty() && !headers.contains_key(CONTENT_TYPE) {
        headers.insert(
            CONTENT_TYPE,
            http::HeaderValue::from_static("application/json"),
        );
    }
    let mut pairs = redact::request_headers(header_pairs(&headers), key);
    pairs.sort();
    let body = if request.body().is_empty() {
        Json::Null
    } else {
        let content_type = headers.get(CONTENT_TYPE).and_then(|v| v.to_str().ok());
        stored_body(request.body(), content_type, key).1
    };
    let path = request
        .uri()
        .path_and_query()
        .map_or_else(|| request.uri().to_string(), |p| p.as_str().to_owned());
    StoredRequest {
        method: request.method().to_string(),
        path: redact::scrub(&path, key),
        headers: Headers(pairs),
        body,
    }
}

/// The response as stored.
fn stored_response(response: &http::Response<Bytes>, key: &str) -> StoredResponse {
    let content_type = response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok());
    let (body_is_json, body) = stored_body(response.body(), content_type, key);
    StoredResponse {
        status: response.status().as_u16(),
        headers: Headers(redact::response_headers(
            header_pairs(response.headers()),
            key,
        )),
        body_is_json,
        body,
    }
}

/// Runs calls and keeps their exchanges.
struct Recorder<'a> {
    client: &'a Client,
    key: &'a str,
    recording: Recording,
}

impl Recorder<'_> {
    fn fail(&mut self, message: impl AsRef<str>) {
        let message = redact::scrub(message.as_ref(), self.key);
        eprintln!("fixtures:   {message}");
        self.recording.failures.push(message);
    }

    /// Records one call; a status other than 2xx counts as a failure.
    async fn call<E: Endpoint>(&mut self, area: &str, call: &str, op: &E) -> Option<&Exchange> {
        self.call_expecting(area, call, op, |status| (200..300).contains(&status))
            .await
    }

    /// Records one call; `expected` says which statuses are what the scenario wants.
    async fn call_expecting<E: Endpoint>(
        &mut self,
        area: &str,
        call: &str,
        op: &E,
        expected: fn(u16) -> bool,
    ) -> Option<&Exchange> {
        let name = format!("{area}_{call}");
        let file = format!("{:02}_{name}.json", self.recording.exchanges.len() + 1);
        let request = match op.request() {
            Ok(r) => r,
            Err(e) => {
                self.fail(format!("{name}: cannot build the request: {e}"));
                return None;
            }
        };
        let stored = stored_request(&request, self.key);
        let response = match self.client.send(&Raw(op)).await {
            Ok(r) => r,
            Err(e) => {
                self.fail(format!("{name}: {} {}: {e}", stored.method, stored.path));
                return None;
            }
        };
        let response = stored_response(&response, self.key);
        println!(
            "fixtures: {file}  {} {} -> {}",
            stored.method, stored.path, response.status
        );
        if !expected(response.status) {
            self.fail(format!(
                "{name}: {} {} answered {}",
                stored.method, stored.path, response.status
            ));
        }
        self.recording.exchanges.push(Recorded {
            file,
            exchange: Exchange {
                name,
                request: stored,
                response,
            },
        });
        self.recording.exchanges.last().map(|r| &r.exchange)
    }
}

fn succeeded(exchange: Option<&Exchange>) -> bool {
    exchange.is_some_and(|x| (200..300).contains(&x.response.status))
}

/// Runs the scenario against `client`; never stops early, so a write flow always cleans up.
async fn record(client: &Client, key: &str, writes: bool) -> Recording {
    let mut rec = Recorder {
        client,
        key,
        recording: Recording::default(),
    };
    let version = rec
        .call("servers", "getVersion", &GetVersion)
        .await
        .filter(|x| (200..300).contains(&x.response.status))
        .and_then(|x| x.response.body.get("version"))
        .and_then(Json::as_text);
    rec.recording.version = version;
    rec.call("attributes", "describeTypes", &DescribeTypesRemote)
        .await;
    rec.call("users", "view_me", &DirectCall::get("/users/view/me.json"))
        .await;
    rec.call("tags", "index", &ListTags::all()).await;
    rec.call("taxonomies", "index", &ListTaxonomies).await;
    rec.call("warninglists", "index", &ListWarninglists).await;
    rec.call("galaxies", "index", &ListGalaxies).await;
    rec.call("events", "index_limit", &SearchIndex::new().limit(5))
        .await;
    let attributes = SearchAttributes::new(SearchQuery::new().limit(5));
    rec.call("attributes", "restSearch_json", &attributes).await;
    let events = SearchEvents::new(SearchQuery::new().limit(1));
    rec.call("events", "restSearch_json", &events).await;
    if writes {
        write_flow(&mut rec).await;
    }
    rec.recording
}

/// Create → read → delete on a scratch event, then read it again (a 404); deletes the event
/// by its UUID if the recorded delete did not succeed.
async fn write_flow(rec: &mut Recorder<'_>) {
    let uuid = uuid::Uuid::new_v4();
    let marker = format!("misp-rs-fixtures-{}", &uuid.simple().to_string()[..12]);
    let event = serde_json::from_value(serde_json::json!({
        "uuid": uuid,
        "info": format!("misp-rs fixture recording {marker}"),
        "distribution": 0,
        "threat_level_id": 4,
        "analysis": 0,
        "Attribute": [
            {"uuid": uuid::Uuid::new_v4(), "type": "ip-dst", "category": "Network activity",
             "value": format!("198.51.100.{}", 1 + uuid.as_bytes()[0] % 250), "to_ids": true},
            {"uuid": uuid::Uuid::new_v4(), "type": "comment", "category": "Other", "value": marker},
        ]
    }));
    let event = match event {
        Ok(e) => e,
        Err(e) => {
            rec.fail(format!("cannot build the scratch event: {e}"));
            return;
        }
    };
    let added = rec.call("events", "add", &AddEvent::new(event)).await;
    let id = added
        .filter(|x| (200..300).contains(&x.response.status))
        .and_then(|x| x.response.body.get("Event"))
        .and_then(|e| e.get("id"))
        .and_then(Json::as_text)
        .and_then(|id| id.parse::<u64>().ok());
    let target = id.map_or(EventRef::from(uuid), EventRef::from);
    rec.call("events", "view", &GetEvent::new(target)).await;
    let deleted = succeeded(
        rec.call("events", "delete", &DeleteEvent::new(target))
            .await,
    );
    if deleted {
        rec.call_expecting("events", "view_deleted", &GetEvent::new(target), |s| {
            s == 404
        })
        .await;
        return;
    }
    match rec.client.send(&DeleteEvent::new(uuid)).await {
        Ok(_) => println!("fixtures: cleanup: deleted the scratch event {uuid}"),
        Err(e) if e.is_not_found() => {}
        Err(e) => rec.fail(format!(
            "cleanup: the scratch event {uuid} may remain on the server: {e}"
        )),
    }
}

/// Writes one file per exchange and the index; the key is scrubbed from every file and
/// checked absent.
fn write(dir: &Path, recording: &Recording, key: &str) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let save = |name: &str, text: String| -> anyhow::Result<()> {
        let text = redact::scrub(&text, key);
        if !key.is_empty() && text.contains(key) {
            bail!("{name} still holds the key after redaction; not written");
        }
        let path = dir.join(name);
        std::fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))
    };
    for recorded in &recording.exchanges {
        let text = serde_json::to_string_pretty(&recorded.exchange)
            .with_context(|| format!("cannot serialise {}", recorded.file))?;
        save(&recorded.file, text + "\n")?;
    }
    save("README.md", index(recording))
}

/// The index README.
fn index(recording: &Recording) -> String {
    let version = recording.version.as_deref().unwrap_or("(unknown version)");
    let mut out = format!(
        "# MISP {version}: recorded exchanges\n\n\
         Recorded with `cargo xtask fixtures` (see `xtask/src/fixtures.rs`). Each file is one real \
         HTTP exchange: `{{\"name\", \"request\": {{\"method\",\"path\",\"headers\",\"body\"}}, \
         \"response\": {{\"status\",\"headers\",\"body_is_json\",\"body\"}}}}`. JSON bodies are stored \
         parsed, other bodies as text. The `Authorization` header is `REDACTED`, `authkey` values \
         are `REDACTED-USER-KEY`, `Set-Cookie` headers are dropped.\n\n\
         | file | request | status | content-type |\n|---|---|---|---|\n"
    );
    for recorded in &recording.exchanges {
        let x = &recorded.exchange;
        let content_type = x
            .response
            .headers
            .0
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case("content-type"))
            .map(|(_, v)| v.split(';').next().unwrap_or_default().trim())
            .unwrap_or("");
        let _ = writeln!(
            out,
            "| {} | {} {} | {} | {} |",
            recorded.file,
            x.request.method,
            x.request.path.replace('|', "\\|"),
            x.response.status,
            content_type
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use wiremock::matchers::{header, method, path, path_regex};
    use wiremock::{Mock, MockServer, ResponseTemplate};

    /// A distinctive fake recording key, and another user's key.
    const FAKE: &str = "FaKeKeY0123456789FaKeKeY0123456789FaKeKe";
    const OTHER: &str = "OtherUserKey0123456789OtherUserKey012345";

    fn client(server: &MockServer) -> Client {
        recording_client(ClientBuilder::new().url(server.uri()).key(FAKE), FAKE).unwrap()
    }

    fn json_response(status: u16, body: serde_json::Value) -> ResponseTemplate {
        ResponseTemplate::new(status)
            .insert_header("Set-Cookie", "CAKEPHP=session; path=/; HttpOnly")
            .set_body_raw(body.to_string(), "application/json; charset=UTF-8")
    }

    async fn read_server() -> MockServer {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .and(path("/servers/getVersion"))
            .and(header("Authorization", FAKE))
            .respond_with(
                ResponseTemplate::new(200)
                    .insert_header("Set-Cookie", "CAKEPHP=abc")
                    .set_body_raw(
                        r#"{"version":"2.5.99","perm_sync":false,"perm_sighting":true}"#,
                        "application/json",
                    ),
            )
            .expect(1)
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .and(path("/users/view/me.json"))
            .respond_with(json_response(
                200,
                serde_json::json!({"User": {"id": "1", "email": "admin@example.org", "authkey": OTHER},
                                   "UserSetting": [{"authkey": FAKE}]}),
            ))
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .and(path("/tags/index"))
            .respond_with(json_response(
                403,
                serde_json::json!({"name": format!("Authentication failed for key {FAKE}"),
                                   "message": "Authentication failed", "url": "/tags/index"}),
            ))
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .and(path("/galaxies/index"))
            .respond_with(
                ResponseTemplate::new(200)
                    .set_body_string(format!("key was {FAKE}\n<authkey>{OTHER}</authkey>\n")),
            )
            .mount(&server)
            .await;
        Mock::given(method("POST"))
            .and(path("/attributes/restSearch"))
            .respond_with(json_response(
                200,
                serde_json::json!({"response": {"Attribute": []}}),
            ))
            .mount(&server)
            .await;
        server
    }

    fn read_dir(dir: &Path) -> Vec<(String, String)> {
        let mut files: Vec<(String, String)> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| {
                let e = e.unwrap();
                let name = e.file_name().to_string_lossy().into_owned();
                (name, std::fs::read_to_string(e.path()).unwrap())
            })
            .collect();
        files.sort();
        files
    }

    fn keys(value: &serde_json::Value) -> Vec<&str> {
        value
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect()
    }

    #[tokio::test]
    async fn records_the_read_scenario_in_the_fixture_format_without_the_key() {
        let server = read_server().await;
        let recording = record(&client(&server), FAKE, false).await;
        assert_eq!(recording.version.as_deref(), Some("2.5.99"));
        assert_eq!(recording.exchanges.len(), 10);
        // The 403 and the unmocked calls (404) are reported, without the key.
        let failures = recording.failures.join("\n");
        assert!(
            failures.contains("tags_index: GET /tags/index answered 403"),
            "{failures}"
        );
        assert!(failures.contains("answered 404"), "{failures}");
        assert!(!failures.contains(FAKE));

        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), &recording, FAKE).unwrap();
        let files = read_dir(dir.path());
        let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            [
                "01_servers_getVersion.json",
                "02_attributes_describeTypes.json",
                "03_users_view_me.json",
                "04_tags_index.json",
                "05_taxonomies_index.json",
                "06_warninglists_index.json",
                "07_galaxies_index.json",
                "08_events_index_limit.json",
                "09_attributes_restSearch_json.json",
                "10_events_restSearch_json.json",
                "README.md",
            ]
        );
        for (name, text) in &files {
            assert!(!text.contains(FAKE), "{name} holds the key:\n{text}");
            assert!(!text.contains(OTHER), "{name} holds a user key:\n{text}");
            if name.ends_with(".json") {
                assert!(!text.to_ascii_lowercase().contains("set-cookie"), "{name}");
            }
        }
        let file = |n: &str| -> serde_json::Value {
            let (_, text) = files.iter().find(|(f, _)| f == n).unwrap();
            serde_json::from_str(text).unwrap()
        };
        for (name, _) in files.iter().filter(|(n, _)| n.ends_with(".json")) {
            let x = file(name);
            assert_eq!(keys(&x), ["name", "request", "response"], "{name}");
            assert_eq!(keys(&x["request"]), ["body", "headers", "method", "path"]);
            assert_eq!(
                keys(&x["response"]),
                ["body", "body_is_json", "headers", "status"]
            );
            assert_eq!(x["request"]["headers"]["Authorization"], "REDACTED");
            assert_eq!(x["request"]["headers"]["Accept"], "application/json");
            assert_eq!(x["name"], name[3..name.len() - 5]);
        }

        let version = file("01_servers_getVersion.json");
        assert_eq!(version["request"]["method"], "GET");
        assert_eq!(version["request"]["path"], "/servers/getVersion");
        assert_eq!(version["request"]["body"], serde_json::Value::Null);
        assert_eq!(version["response"]["status"], 200);
        assert_eq!(version["response"]["body_is_json"], true);
        assert_eq!(version["response"]["body"]["version"], "2.5.99");
        assert_eq!(
            version["response"]["headers"]["Content-Type"],
            "application/json"
        );
        // Member order is the server's, not sorted.
        let text = &files[0].1;
        assert!(text.find("\"version\"").unwrap() < text.find("\"perm_sync\"").unwrap());
        assert!(text.find("\"name\"").unwrap() < text.find("\"request\"").unwrap());

        let me = file("03_users_view_me.json");
        assert_eq!(
            me["response"]["body"]["User"]["authkey"],
            "REDACTED-USER-KEY"
        );
        assert_eq!(
            me["response"]["body"]["UserSetting"][0]["authkey"],
            "REDACTED-USER-KEY"
        );

        let tags = file("04_tags_index.json");
        assert_eq!(tags["response"]["status"], 403);
        assert_eq!(
            tags["response"]["body"]["name"],
            "Authentication failed for key REDACTED"
        );

        let galaxies = file("07_galaxies_index.json");
        assert_eq!(galaxies["response"]["body_is_json"], false);
        assert_eq!(
            galaxies["response"]["body"],
            "key was REDACTED\n<authkey>REDACTED-USER-KEY</authkey>\n"
        );

        let index = file("08_events_index_limit.json");
        assert_eq!(index["request"]["method"], "POST");
        assert_eq!(index["request"]["path"], "/events/index");
        assert_eq!(index["request"]["body"], serde_json::json!({"limit": 5}));
        assert_eq!(
            index["request"]["headers"]["Content-Type"],
            "application/json"
        );
        assert_eq!(index["response"]["status"], 404);

        let search = file("09_attributes_restSearch_json.json");
        assert_eq!(search["request"]["body"]["returnFormat"], "json");
        assert_eq!(search["request"]["body"]["limit"], 5);
        assert_eq!(
            search["response"]["body"],
            serde_json::json!({"response": {"Attribute": []}})
        );

        let readme = &files.last().unwrap().1;
        assert!(readme.starts_with("# MISP 2.5.99: recorded exchanges"));
        assert!(
            readme.contains("| 04_tags_index.json | GET /tags/index | 403 | application/json |")
        );
        let rows: Vec<&str> = readme
            .lines()
            .filter_map(|l| l.strip_prefix("| ")?.split(' ').next())
            .filter(|f| f.ends_with(".json"))
            .collect();
        assert_eq!(rows, names[..10]);
        server.verify().await;
    }

    #[tokio::test]
    async fn the_write_flow_deletes_its_event_and_records_the_404_after() {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .and(path("/events/add"))
            .respond_with(json_response(
                200,
                serde_json::json!({"Event": {"id": "42", "info": "scratch"}}),
            ))
            .expect(1)
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .and(path("/events/view/42"))
            .respond_with(json_response(
                200,
                serde_json::json!({"Event": {"id": "42"}}),
            ))
            .up_to_n_times(1)
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .and(path("/events/view/42"))
            .respond_with(json_response(
                404,
                serde_json::json!({"name": "Invalid event"}),
            ))
            .mount(&server)
            .await;
        Mock::given(method("POST"))
            .and(path("/events/delete/42"))
            .respond_with(json_response(
                200,
                serde_json::json!({"saved": true, "success": true}),
            ))
            .expect(1)
            .mount(&server)
            .await;
        let recording = record(&client(&server), FAKE, true).await;
        let writes: Vec<&str> = recording.exchanges[10..]
            .iter()
            .map(|r| r.file.as_str())
            .collect();
        assert_eq!(
            writes,
            [
                "11_events_add.json",
                "12_events_view.json",
                "13_events_delete.json",
                "14_events_view_deleted.json"
            ]
        );
        let statuses: Vec<u16> = recording.exchanges[10..]
            .iter()
            .map(|r| r.exchange.response.status)
            .collect();
        assert_eq!(statuses, [200, 200, 200, 404]);
        let add = &recording.exchanges[10].exchange.request;
        assert_eq!(
            add.body
                .get("info")
                .and_then(Json::as_text)
                .map(|s| s.starts_with("misp-rs fixture recording")),
            Some(true)
        );
        // Only the read calls the mock does not know failed.
        for call in ["events_add", "events_view", "events_delete", "cleanup"] {
            assert!(
                recording.failures.iter().all(|f| !f.starts_with(call)),
                "{:?}",
                recording.failures
            );
        }
        server.verify().await;
    }

    #[tokio::test]
    async fn a_failed_write_flow_still_deletes_the_event_by_uuid() {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .and(path("/events/add"))
            .respond_with(ResponseTemplate::new(500).set_body_string("boom"))
            .mount(&server)
            .await;
        // The recorded delete, then the cleanup delete.
        Mock::given(method("POST"))
            .and(path_regex("^/events/delete/[0-9a-f-]{36}$"))
            .respond_with(json_response(
                403,
                serde_json::json!({"errors": "Event was not deleted."}),
            ))
            .expect(2)
            .mount(&server)
            .await;
        let recording = record(&client(&server), FAKE, true).await;
        let failures = recording.failures.join("\n");
        assert!(
            failures.contains("events_add: POST /events/add answered 500"),
            "{failures}"
        );
        assert!(
            failures.contains("cleanup: the scratch event"),
            "{failures}"
        );
        assert!(!failures.contains(FAKE));
        assert_eq!(
            recording.exchanges.last().unwrap().file,
            "13_events_delete.json"
        );
        server.verify().await;
    }

    #[test]
    fn without_url_or_key_nothing_is_recorded() {
        for vars in [
            vec![],
            vec![("MISP_URL", "https://misp.example.org")],
            vec![("MISP_KEY", FAKE)],
            vec![("MISP_URL", " "), ("MISP_KEY", FAKE)],
        ] {
            let err = run_with(&[], |name| {
                vars.iter()
                    .find(|(n, _)| *n == name)
                    .map(|(_, v)| v.to_string())
            })
            .unwrap_err()
            .to_string();
            assert!(err.contains("Nothing was recorded"), "{err}");
            assert!(err.contains("MISP_URL and MISP_KEY"), "{err}");
            assert!(!err.contains(FAKE));
        }
    }

    #[test]
    fn an_unreachable_server_records_nothing_and_fails_without_the_key() {
        let vars = [("MISP_URL", "http://127.0.0.1:9"), ("MISP_KEY", FAKE)];
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        let args = ["--out".to_owned(), out.display().to_string()];
        let err = run_with(&args, |name| {
            vars.iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| v.to_string())
        })
        .unwrap_err()
        .to_string();
        assert!(err.starts_with("nothing was recorded"), "{err}");
        assert!(!err.contains(FAKE));
        assert!(!out.exists());
    }

    #[test]
    fn arguments() {
        let args = |a: &[&str]| parse_args(&a.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        assert_eq!(args(&[]).unwrap(), Options::default());
        assert_eq!(
            args(&["--writes", "--out", "x/y"]).unwrap(),
            Options {
                writes: true,
                out: Some("x/y".into())
            }
        );
        assert_eq!(args(&["--out=z"]).unwrap().out, Some("z".into()));
        assert!(args(&["--out"]).is_err());
        assert!(args(&["--bogus"]).is_err());
    }

    #[test]
    fn default_directory_is_named_after_the_version() {
        let dir = default_dir(Some("2.5.1")).unwrap();
        assert!(
            dir.ends_with("fixtures/recorded/2.5.1"),
            "{}",
            dir.display()
        );
        let odd = default_dir(Some("2.5/../x y")).unwrap();
        assert!(
            odd.ends_with("fixtures/recorded/2.5_.._x_y"),
            "{}",
            odd.display()
        );
        assert!(default_dir(None).is_err());
        assert_eq!(title_case("x-result-count"), "X-Result-Count");
    }
}
