//! Test helpers: new events, recorded fixtures served by wiremock, raw TCP servers for
//! faults wiremock cannot make.
#![allow(dead_code)]

use std::path::PathBuf;
use std::time::Duration;

pub mod hostile;

use misp_client::{Client, RetryPolicy};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use wiremock::ResponseTemplate;

pub const KEY: &str = "test-key-0123456789abcdef0123456789abcdef";

/// A new event with this title and no UUID (so adding it is not safe to repeat).
pub fn new_event(info: &str) -> misp_api::model::Event {
    serde_json::from_value(serde_json::json!({ "info": info })).unwrap()
}

/// A new event carrying its own UUID.
pub fn new_event_with_uuid(info: &str, uuid: uuid::Uuid) -> misp_api::model::Event {
    serde_json::from_value(serde_json::json!({ "info": info, "uuid": uuid })).unwrap()
}

/// A client for a mock server at `url`, retrying fast.
pub fn client(url: &str) -> Client {
    Client::builder()
        .url(url)
        .key(KEY)
        .connect_timeout(Duration::from_secs(2))
        .read_timeout(Duration::from_secs(5))
        .no_system_proxy()
        .retry(
            RetryPolicy::default()
                .initial_backoff(Duration::from_millis(5))
                .max_backoff(Duration::from_millis(20)),
        )
        .build()
        .unwrap()
}

pub fn fixture_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/client")
}

/// One recorded exchange.
pub struct Recorded {
    pub method: String,
    pub path: String,
    pub request_body: serde_json::Value,
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

pub fn recorded(encoding: &str, name: &str) -> Recorded {
    recorded_at(&fixture_dir().join(encoding), name)
}

/// One of the live exchanges (`fixtures/live/<encoding>/<name>.json`): page walks,
/// permission errors, admin lifecycles.
pub fn live(encoding: &str, name: &str) -> Recorded {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/live");
    recorded_at(&dir.join(encoding), name)
}

fn recorded_at(dir: &std::path::Path, name: &str) -> Recorded {
    let path = dir.join(format!("{name}.json"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    let response = &v["response"];
    let body = if response["body_is_json"].as_bool().unwrap_or(false) {
        serde_json::to_vec(&response["body"]).unwrap()
    } else {
        response["body"]
            .as_str()
            .unwrap_or_default()
            .as_bytes()
            .to_vec()
    };
    let headers = response["headers"]
        .as_object()
        .unwrap()
        .iter()
        .filter(|(k, _)| {
            !matches!(
                k.to_ascii_lowercase().as_str(),
                "content-length" | "transfer-encoding" | "set-cookie" | "connection" | "date"
            )
        })
        .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_owned()))
        .collect();
    Recorded {
        method: v["request"]["method"].as_str().unwrap().to_owned(),
        path: v["request"]["path"].as_str().unwrap().to_owned(),
        request_body: v["request"]["body"].clone(),
        status: response["status"].as_u64().unwrap() as u16,
        headers,
        body,
    }
}

impl Recorded {
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
        // `set_body_raw` is the only way to keep the recorded content type.
        t.set_body_raw(
            self.body.clone(),
            content_type.as_deref().unwrap_or("application/json"),
        )
    }
}

/// A raw HTTP/1.1 server on loopback: for each connection, in order, reads the request head
/// and runs the next script. Returns the base URL.
pub async fn raw_server(scripts: Vec<Script>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        for script in scripts {
            let Ok((mut sock, _)) = listener.accept().await else {
                return;
            };
            tokio::spawn(async move {
                read_head(&mut sock).await;
                match script {
                    Script::Respond(bytes) => {
                        let _ = sock.write_all(&bytes).await;
                        let _ = sock.shutdown().await;
                    }
                    Script::ResetAfter(bytes) => {
                        let _ = sock.write_all(&bytes).await;
                        let _ = sock.flush().await;
                        tokio::time::sleep(Duration::from_millis(20)).await;
                        #[allow(deprecated)] // zero linger: the drop sends a reset at once
                        let _ = sock.set_linger(Some(Duration::ZERO));
                        drop(sock);
                    }
                    Script::Silent(d) => {
                        tokio::time::sleep(d).await;
                    }
                    Script::Chunks(chunks, gate) => {
                        let head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n";
                        let _ = sock.write_all(head.as_bytes()).await;
                        let mut gate = gate;
                        for (i, c) in chunks.iter().enumerate() {
                            if i == 1
                                && let Some(g) = gate.take()
                            {
                                let _ = g.await;
                            }
                            let frame = format!("{:x}\r\n", c.len());
                            let _ = sock.write_all(frame.as_bytes()).await;
                            let _ = sock.write_all(c).await;
                            let _ = sock.write_all(b"\r\n").await;
                            let _ = sock.flush().await;
                        }
                        let _ = sock.write_all(b"0\r\n\r\n").await;
                        let _ = sock.shutdown().await;
                    }
                }
            });
        }
    });
    format!("http://{addr}")
}

/// What the raw server does on one connection.
pub enum Script {
    /// Writes these bytes and closes.
    Respond(Vec<u8>),
    /// Writes these bytes, then resets the connection.
    ResetAfter(Vec<u8>),
    /// Says nothing for this long.
    Silent(Duration),
    /// Sends a chunked 200 response; waits for the gate before the second chunk.
    Chunks(Vec<Vec<u8>>, Option<tokio::sync::oneshot::Receiver<()>>),
}

pub fn http_response(status: &str, content_type: &str, body: &str) -> Vec<u8> {
    format!(
        "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

async fn read_head(sock: &mut tokio::net::TcpStream) {
    let mut buf = Vec::new();
    let mut byte = [0u8; 1024];
    while !buf.windows(4).any(|w| w == b"\r\n\r\n") {
        match tokio::time::timeout(Duration::from_secs(5), sock.read(&mut byte)).await {
            Ok(Ok(n)) if n > 0 => buf.extend_from_slice(&byte[..n]),
            _ => return,
        }
    }
}
