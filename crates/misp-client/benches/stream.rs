//! Streaming decode versus whole-body decode of a large attribute search, against a local
//! mock serving a recorded-shape `/attributes/restSearch` response.
//!
//! Prints peak memory (RSS high-water mark above the baseline, Linux) for each path once, then
//! lets criterion measure items per second.
#![allow(missing_docs)] // criterion's macros generate undocumented items

#[path = "../tests/common/mod.rs"]
#[allow(unused_imports)]
mod common;

use std::time::{Duration, Instant};

use common::client;
use criterion::{Criterion, Throughput, criterion_group};
use futures::StreamExt;
use misp_api::search::{SearchAttributes, SearchQuery};
use serde_json::{Value, json};

const ITEMS: usize = 50_000;

/// A response of `ITEMS` attributes shaped like the recorded one.
fn body() -> Vec<u8> {
    let recorded: Value = serde_json::from_str(include_str!(
        "../../../fixtures/client/native/43_attributes_restSearch_json.json"
    ))
    .unwrap();
    let template = recorded["response"]["body"]["response"]["Attribute"][0].clone();
    let attrs: Vec<Value> = (0..ITEMS)
        .map(|i| {
            let mut a = template.clone();
            a["id"] = json!(i + 1);
            a["uuid"] = json!(format!("00000000-0000-4000-8000-{:012}", i));
            a["value"] = json!(format!("198.51.{}.{}", (i / 256) % 256, i % 256));
            a
        })
        .collect();
    serde_json::to_vec(&json!({"response": {"Attribute": attrs}})).unwrap()
}

fn search() -> SearchAttributes {
    SearchAttributes::new(SearchQuery::new().types("ip-dst"))
}

async fn streamed(c: &misp_client::Client) -> usize {
    let mut s = c.stream(search());
    let mut n = 0;
    while let Some(item) = s.next().await {
        item.unwrap();
        n += 1;
    }
    n
}

async fn whole(c: &misp_client::Client) -> usize {
    c.send(&search()).await.unwrap().items.len()
}

fn status_kb(field: &str) -> Option<u64> {
    let text = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = text.lines().find(|l| l.starts_with(field))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Serves `body()` to every POST on loopback, one thread per connection, until stdin closes.
fn serve() {
    use std::io::{BufRead, BufReader, Read, Write};
    let body = std::sync::Arc::new(body());
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    println!("{}", listener.local_addr().unwrap().port());
    std::io::stdout().flush().unwrap();
    std::thread::spawn(|| {
        // The parent closes our stdin when it is done: stop then.
        let _ = std::io::stdin().read_to_end(&mut Vec::new());
        std::process::exit(0);
    });
    for conn in listener.incoming() {
        let Ok(conn) = conn else { continue };
        let body = body.clone();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(conn.try_clone().unwrap());
            let mut conn = conn;
            loop {
                let mut length = 0usize;
                let mut line = String::new();
                loop {
                    line.clear();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let l = line.to_ascii_lowercase();
                    if let Some(v) = l.strip_prefix("content-length:") {
                        length = v.trim().parse().unwrap_or(0);
                    }
                    if line == "\r\n" {
                        break;
                    }
                }
                let mut request_body = vec![0; length];
                if reader.read_exact(&mut request_body).is_err() {
                    return;
                }
                let head = format!(
                    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nX-Result-Count: {ITEMS}\r\n\r\n",
                    body.len()
                );
                if conn.write_all(head.as_bytes()).is_err() || conn.write_all(&body).is_err() {
                    return;
                }
            }
        });
    }
}

/// Runs one path once in this (fresh) process and prints its peak RSS above the start, in MiB.
fn measure(path: &str, url: &str) {
    let rt = runtime();
    let client = client(url);
    let base = status_kb("VmRSS:").unwrap_or(0);
    let t = Instant::now();
    let n = match path {
        "streaming" => rt.block_on(streamed(&client)),
        _ => rt.block_on(whole(&client)),
    };
    let elapsed = t.elapsed();
    assert_eq!(n, ITEMS);
    let peak = status_kb("VmHWM:").unwrap_or(0);
    println!(
        "{:.1} {:.0}",
        peak.saturating_sub(base) as f64 / 1024.0,
        ITEMS as f64 / elapsed.as_secs_f64()
    );
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
}

/// The mock server, in its own process so that its memory is not counted as the client's.
struct Server {
    child: std::process::Child,
    url: String,
}

impl Server {
    fn start() -> Server {
        use std::io::BufRead;
        let mut child = std::process::Command::new(std::env::current_exe().unwrap())
            .env("MISP_BENCH_ROLE", "serve")
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let mut line = String::new();
        std::io::BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        Server {
            url: format!("http://127.0.0.1:{}", line.trim()),
            child,
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        drop(self.child.stdin.take());
        let _ = self.child.wait();
    }
}

fn measure_in_child(path: &str, url: &str) -> String {
    let out = std::process::Command::new(std::env::current_exe().unwrap())
        .env("MISP_BENCH_ROLE", format!("measure:{path}"))
        .env("MISP_BENCH_URL", url)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    match text.split_whitespace().collect::<Vec<_>>()[..] {
        [mib, rate] => format!("peak +{mib} MiB, {rate} items/s"),
        _ => format!("failed: {}", String::from_utf8_lossy(&out.stderr)),
    }
}

fn benches(c: &mut Criterion) {
    let server = Server::start();
    let size = body().len();
    println!(
        "restSearch of {ITEMS} attributes ({:.1} MiB), one fresh process per path:",
        size as f64 / 1048576.0
    );
    for path in ["streaming", "whole_body"] {
        println!("  {path}: {}", measure_in_child(path, &server.url));
    }

    let rt = runtime();
    let client = client(&server.url);
    let mut group = c.benchmark_group("attributes_restSearch");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4))
        .throughput(Throughput::Elements(ITEMS as u64));
    group.bench_function("streaming", |b| b.iter(|| rt.block_on(streamed(&client))));
    group.bench_function("whole_body", |b| b.iter(|| rt.block_on(whole(&client))));
    group.finish();
}

criterion_group!(stream_benches, benches);

fn main() {
    match std::env::var("MISP_BENCH_ROLE").as_deref() {
        Ok("serve") => serve(),
        Ok(role) if role.starts_with("measure:") => measure(
            &role["measure:".len()..],
            &std::env::var("MISP_BENCH_URL").unwrap(),
        ),
        _ => {
            stream_benches();
            Criterion::default().configure_from_args().final_summary();
        }
    }
}
