//! Hostile servers on loopback, speaking raw HTTP/1.1 over a tokio `TcpListener`: each does one
//! thing a misconfigured or malicious MISP could do. Shared by `tests/hostile.rs` (outcomes) and
//! `examples/hostile_probe.rs` (peak memory per case).
#![allow(dead_code)]

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// What a hostile server does once it has read a request.
#[derive(Clone, Debug)]
pub enum Behaviour {
    /// 200, chunked, `prefix` then `filler` forever.
    Endless {
        status: u16,
        content_type: &'static str,
        prefix: Vec<u8>,
        filler: Vec<u8>,
    },
    /// 200, gzip-encoded: `prefix` then spaces forever, a few KiB on the wire per 16 MiB
    /// decompressed.
    GzipBomb { prefix: Vec<u8> },
    /// 200 with `body`, sent one byte every `every`.
    Trickle { body: Vec<u8>, every: Duration },
    /// Reads the request and never answers.
    Silence,
    /// Every page of a search full (`limit` attributes); `same` sends the very same page each
    /// time, otherwise each page holds new attributes.
    FullPages { limit: usize, same: bool },
    /// A status line, then header lines forever.
    HugeHeaders,
    /// A redirect to `location`.
    Redirect { status: u16, location: String },
    /// `status` with these headers and body.
    Fixed {
        status: u16,
        headers: Vec<(String, String)>,
        body: Vec<u8>,
    },
}

/// A running hostile server.
pub struct Hostile {
    pub url: String,
    /// Requests read so far.
    pub requests: Arc<AtomicUsize>,
    /// Every request head read, as text (to check which headers came).
    pub heads: Arc<std::sync::Mutex<Vec<String>>>,
}

impl Hostile {
    pub fn requests(&self) -> usize {
        self.requests.load(Ordering::SeqCst)
    }
}

/// Starts a server doing `behaviour` on every connection.
pub async fn serve(behaviour: Behaviour) -> Hostile {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let requests = Arc::new(AtomicUsize::new(0));
    let heads = Arc::new(std::sync::Mutex::new(Vec::new()));
    let (r, h) = (Arc::clone(&requests), Arc::clone(&heads));
    tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            let behaviour = behaviour.clone();
            let (r, h) = (Arc::clone(&r), Arc::clone(&h));
            tokio::spawn(async move {
                let _ = connection(socket, behaviour, r, h).await;
            });
        }
    });
    Hostile {
        url,
        requests,
        heads,
    }
}

/// Reads one request head (and its body, by `Content-Length`); `None` when the peer closed.
async fn read_request(socket: &mut TcpStream) -> Option<(String, Vec<u8>)> {
    let mut buf = Vec::new();
    let mut byte = [0u8; 4096];
    let head_end = loop {
        if let Some(p) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break p + 4;
        }
        let n = socket.read(&mut byte).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&byte[..n]);
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).to_string();
    let length = head
        .lines()
        .find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case("content-length")
                .then(|| v.trim().parse::<usize>().ok())
                .flatten()
        })
        .unwrap_or(0);
    let mut body = buf[head_end..].to_vec();
    while body.len() < length {
        let n = socket.read(&mut byte).await.ok()?;
        if n == 0 {
            break;
        }
        body.extend_from_slice(&byte[..n]);
    }
    Some((head, body))
}

fn page_of(body: &[u8]) -> usize {
    let v: serde_json::Value = serde_json::from_slice(body).unwrap_or_default();
    v["page"].as_u64().unwrap_or(1) as usize
}

async fn chunk(socket: &mut TcpStream, data: &[u8]) -> std::io::Result<()> {
    socket
        .write_all(format!("{:x}\r\n", data.len()).as_bytes())
        .await?;
    socket.write_all(data).await?;
    socket.write_all(b"\r\n").await
}

/// A deflate block that decompresses to 16 MiB of spaces and leaves the decompressor as it
/// found it, so it can be repeated for ever after a gzip header.
pub fn bomb_block() -> Vec<u8> {
    use flate2::{Compress, Compression, FlushCompress};
    let spaces = vec![b' '; 16 << 20];
    let mut c = Compress::new(Compression::best(), false);
    let mut out = Vec::with_capacity(64 << 10);
    c.compress_vec(&spaces, &mut out, FlushCompress::Full)
        .unwrap();
    assert_eq!(
        c.total_in(),
        spaces.len() as u64,
        "one call compresses it all"
    );
    out
}

/// Deflate bytes for `data`, ending on a full flush (so a repeated block can follow).
fn deflate_flushed(data: &[u8]) -> Vec<u8> {
    use flate2::{Compress, Compression, FlushCompress};
    let mut c = Compress::new(Compression::fast(), false);
    let mut out = Vec::with_capacity(data.len() + 1024);
    c.compress_vec(data, &mut out, FlushCompress::Full).unwrap();
    out
}

async fn connection(
    mut socket: TcpStream,
    behaviour: Behaviour,
    requests: Arc<AtomicUsize>,
    heads: Arc<std::sync::Mutex<Vec<String>>>,
) -> std::io::Result<()> {
    loop {
        let Some((head, body)) = read_request(&mut socket).await else {
            return Ok(());
        };
        requests.fetch_add(1, Ordering::SeqCst);
        if let Ok(mut h) = heads.lock() {
            h.push(head.clone());
        }
        match &behaviour {
            Behaviour::Endless {
                status,
                content_type,
                prefix,
                filler,
            } => {
                let head = format!(
                    "HTTP/1.1 {status} X\r\nContent-Type: {content_type}\r\nTransfer-Encoding: chunked\r\n\r\n"
                );
                socket.write_all(head.as_bytes()).await?;
                chunk(&mut socket, prefix).await?;
                let block = filler.repeat((64 << 10) / filler.len().max(1));
                loop {
                    chunk(&mut socket, &block).await?;
                }
            }
            Behaviour::GzipBomb { prefix } => {
                let head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n";
                socket.write_all(head.as_bytes()).await?;
                let mut start = vec![0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff];
                start.extend_from_slice(&deflate_flushed(prefix));
                chunk(&mut socket, &start).await?;
                let block = bomb_block();
                loop {
                    chunk(&mut socket, &block).await?;
                }
            }
            Behaviour::Trickle { body, every } => {
                let head = format!(
                    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
                    body.len()
                );
                socket.write_all(head.as_bytes()).await?;
                for b in body {
                    socket.write_all(&[*b]).await?;
                    socket.flush().await?;
                    tokio::time::sleep(*every).await;
                }
            }
            Behaviour::Silence => {
                tokio::time::sleep(Duration::from_secs(3600)).await;
                return Ok(());
            }
            Behaviour::FullPages { limit, same } => {
                let page = if *same { 1 } else { page_of(&body) };
                let items: Vec<serde_json::Value> = (0..*limit)
                    .map(|i| {
                        let id = (page - 1) * limit + i + 1;
                        serde_json::json!({"id": id.to_string(), "type": "ip-dst", "value": format!("198.51.100.{}", id % 250)})
                    })
                    .collect();
                let body =
                    serde_json::to_vec(&serde_json::json!({"response": {"Attribute": items}}))
                        .unwrap();
                let head = format!(
                    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Result-Count: {}\r\nContent-Length: {}\r\n\r\n",
                    limit + 1,
                    body.len()
                );
                socket.write_all(head.as_bytes()).await?;
                socket.write_all(&body).await?;
            }
            Behaviour::HugeHeaders => {
                socket.write_all(b"HTTP/1.1 200 OK\r\n").await?;
                let line = format!("X-Filler: {}\r\n", "a".repeat(1000));
                loop {
                    socket.write_all(line.as_bytes()).await?;
                }
            }
            Behaviour::Redirect { status, location } => {
                let head = format!(
                    "HTTP/1.1 {status} Found\r\nLocation: {location}\r\nContent-Length: 0\r\n\r\n"
                );
                socket.write_all(head.as_bytes()).await?;
            }
            Behaviour::Fixed {
                status,
                headers,
                body,
            } => {
                let mut head = format!("HTTP/1.1 {status} X\r\nContent-Length: {}\r\n", body.len());
                for (k, v) in headers {
                    head.push_str(&format!("{k}: {v}\r\n"));
                }
                head.push_str("\r\n");
                socket.write_all(head.as_bytes()).await?;
                socket.write_all(body).await?;
            }
        }
    }
}
