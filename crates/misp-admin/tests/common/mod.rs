//! Loading recorded exchanges from `fixtures/`.
#![allow(dead_code)]

use std::path::PathBuf;

use bytes::Bytes;
use serde_json::Value;

/// One recorded exchange.
pub struct Exchange {
    pub name: String,
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub raw_body: Vec<u8>,
    pub method: String,
    pub path: String,
    pub body: Option<Value>,
    pub response: http::Response<Bytes>,
}

pub fn fixtures_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fixtures")
}

/// Loads `fixtures/<set>/<name>.json`.
pub fn load(set: &str, name: &str) -> Exchange {
    let path = fixtures_dir().join(set).join(format!("{name}.json"));
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read fixture {}: {e}", path.display()));
    let record: Value = serde_json::from_str(&text).expect("fixture is JSON");
    let request = &record["request"];
    let response = &record["response"];
    let status = response["status"].as_u64().unwrap() as u16;
    let mut builder = http::Response::builder().status(status);
    let mut headers = Vec::new();
    if let Some(map) = response["headers"].as_object() {
        for (k, v) in map {
            if let Some(v) = v.as_str() {
                builder = builder.header(k.as_str(), v);
                headers.push((k.clone(), v.to_owned()));
            }
        }
    }
    let body = if response["body_is_json"].as_bool() == Some(true) {
        serde_json::to_vec(&response["body"]).unwrap()
    } else {
        response["body"].as_str().unwrap_or("").as_bytes().to_vec()
    };
    let request_body = match &request["body"] {
        Value::Null => None,
        Value::String(s) if s.is_empty() => None,
        other => Some(other.clone()),
    };
    let mut path = request["path"].as_str().unwrap().to_owned();
    if let Some(q) = request.get("query").and_then(Value::as_str) {
        path = format!("{path}?{q}");
    }
    Exchange {
        name: name.to_owned(),
        status,
        headers,
        raw_body: body.clone(),
        method: request["method"].as_str().unwrap().to_owned(),
        path,
        body: request_body,
        response: builder.body(Bytes::from(body)).unwrap(),
    }
}
