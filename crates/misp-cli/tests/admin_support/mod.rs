//! Serving recorded admin exchanges (`fixtures/api/pymisp/`, `fixtures/live/{native,stringified}/`)
//! with wiremock, with their real statuses and headers, and reading back what `misp` sent.
#![allow(dead_code)]

use serde_json::Value;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::common::fixture;

/// The two number encodings the live exchanges were recorded in.
pub const ENCODINGS: [&str; 2] = ["native", "stringified"];

/// The keys a server issued or echoed in the recordings (after their redaction).
pub const ISSUED: [&str; 3] = ["REDACTED-NEW", "REDACTED-SERVER", "REDACTED-USER-KEY"];

/// One recorded exchange.
pub struct Exchange {
    pub name: String,
    pub method: String,
    pub path: String,
    pub request_body: Value,
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

/// Loads `fixtures/<set>/<name>.json` (`set`: `api/pymisp`, `live/native`, `live/stringified`).
pub fn load(set: &str, name: &str) -> Exchange {
    let file = fixture(&format!("{set}/{name}.json"));
    let text = std::fs::read_to_string(&file)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", file.display()));
    let v: Value = serde_json::from_str(&text).unwrap();
    let response = &v["response"];
    let body = if response["body_is_json"].as_bool() == Some(true) {
        serde_json::to_vec(&response["body"]).unwrap()
    } else {
        response["body"].as_str().unwrap_or("").as_bytes().to_vec()
    };
    let headers = response["headers"]
        .as_object()
        .into_iter()
        .flatten()
        .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_owned())))
        .collect();
    Exchange {
        name: name.to_owned(),
        method: v["request"]["method"].as_str().unwrap().to_owned(),
        path: v["request"]["path"].as_str().unwrap().to_owned(),
        request_body: v["request"]["body"].clone(),
        status: response["status"].as_u64().unwrap() as u16,
        headers,
        body,
    }
}

impl Exchange {
    /// The recorded answer: status, headers (but the framing ones) and body.
    pub fn response(&self) -> ResponseTemplate {
        let mut t = ResponseTemplate::new(self.status);
        let mut content_type = "application/json".to_owned();
        for (k, v) in &self.headers {
            if k.eq_ignore_ascii_case("content-type") {
                content_type = v.clone();
            } else if !k.eq_ignore_ascii_case("content-length")
                && !k.eq_ignore_ascii_case("transfer-encoding")
                && !k.eq_ignore_ascii_case("connection")
            {
                t = t.insert_header(k.as_str(), v.as_str());
            }
        }
        t.set_body_raw(self.body.clone(), &content_type)
    }

    /// The recorded body as JSON.
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap()
    }
}

/// Serves the exchange once at its recorded method and path.
pub async fn serve(server: &MockServer, set: &str, name: &str) -> Exchange {
    let x = load(set, name);
    let (m, p) = (x.method.clone(), x.path.clone());
    serve_at(server, x, &m, &p).await
}

/// Serves the exchange once at method `m` and path `p` (where `misp` uses another spelling
/// of the same action than the recording, or adds paging).
pub async fn serve_at(server: &MockServer, x: Exchange, m: &str, p: &str) -> Exchange {
    Mock::given(method(m))
        .and(path(p))
        .respond_with(x.response())
        .up_to_n_times(1)
        .expect(1)
        .named(x.name.clone())
        .mount(server)
        .await;
    x
}

/// The requests the server received: method, path and JSON body (`null` when empty).
pub async fn requests(server: &MockServer) -> Vec<(String, String, Value)> {
    server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .map(|r| {
            let body = if r.body.is_empty() {
                Value::Null
            } else {
                serde_json::from_slice(&r.body).unwrap_or(Value::Null)
            };
            let mut p = r.url.path().to_owned();
            if let Some(q) = r.url.query() {
                p = format!("{p}?{q}");
            }
            (r.method.to_string(), p, body)
        })
        .collect()
}

/// Nothing the server issued and not the key `misp` ran with shows in `text`.
pub fn assert_no_key(text: &str) {
    for key in ISSUED.iter().chain([&crate::common::KEY]) {
        assert!(!text.contains(key), "a key shows in:\n{text}");
    }
}
