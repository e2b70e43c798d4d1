//! Peak memory of the client against one hostile server: `cargo run --release -p misp-client
//! --example hostile_probe -- CASE`, one process per case, prints the outcome, the time it took
//! and the peak resident set (`VmHWM`, Linux) before and after. Cases: `baseline`,
//! `endless-body`, `endless-error`, `endless-item`, `endless-between`, `gzip-bomb`,
//! `gzip-bomb-stream`, `trickle`, `silence`, `full-pages`, `same-page`, `huge-headers`,
//! `redirect`. A second argument sets the body size limit (bytes) for `endless-body` and
//! `gzip-bomb`, to show that the peak follows the limit.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../tests/common/hostile.rs"]
mod hostile;

use std::time::{Duration, Instant};

use futures::StreamExt;
use hostile::{Behaviour, serve};
use misp_api::events::GetEvent;
use misp_api::search::{SearchAttributes, SearchQuery};
use misp_client::{Client, ClientBuilder, RetryPolicy};

fn peak_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

fn builder(url: &str) -> ClientBuilder {
    let body_limit = std::env::args()
        .nth(2)
        .and_then(|a| a.parse().ok())
        .unwrap_or(misp_client::Limits::default().max_body_size);
    Client::builder()
        .max_body_size(body_limit)
        .url(url)
        .key("probe-key-0123456789abcdef0123456789abcdef")
        .no_system_proxy()
        .read_timeout(Duration::from_secs(3))
        .retry(RetryPolicy::default().initial_backoff(Duration::from_millis(5)))
}

fn search() -> SearchAttributes {
    SearchAttributes::new(SearchQuery::new().value("198.51.100.1"))
}

async fn stream_outcome<T>(mut s: misp_client::ItemStream<T>) -> String {
    let mut items = 0;
    while let Some(next) = s.next().await {
        match next {
            Ok(_) => items += 1,
            Err(e) => return format!("{items} items, then {e}"),
        }
    }
    format!("{items} items, no error")
}

#[tokio::main]
async fn main() {
    let case = std::env::args().nth(1).unwrap_or_else(|| "baseline".into());
    let before = peak_kib();
    let started = Instant::now();
    let endless = |status, content_type, prefix: &[u8], filler: &[u8]| Behaviour::Endless {
        status,
        content_type,
        prefix: prefix.to_vec(),
        filler: filler.to_vec(),
    };
    let outcome = match case.as_str() {
        "baseline" => {
            let s = serve(Behaviour::Fixed {
                status: 200,
                headers: vec![("Content-Type".into(), "application/json".into())],
                body: br#"{"Event": {"id": "1", "info": "x"}}"#.to_vec(),
            })
            .await;
            let c = builder(&s.url).build().unwrap();
            format!("{:?}", c.send(&GetEvent::new(1)).await.map(|_| "ok"))
        }
        "endless-body" => {
            let s = serve(endless(
                200,
                "application/json",
                br#"{"Event": {"info": ""#,
                b"a",
            ))
            .await;
            let c = builder(&s.url).build().unwrap();
            format!(
                "{:?}",
                c.send(&GetEvent::new(1)).await.err().map(|e| e.to_string())
            )
        }
        "endless-error" => {
            let s = serve(endless(500, "text/html", b"<html>", b"x")).await;
            let c = builder(&s.url).retry(RetryPolicy::none()).build().unwrap();
            format!(
                "{:?}",
                c.send(&GetEvent::new(1)).await.err().map(|e| e.to_string())
            )
        }
        "endless-item" => {
            let s = serve(endless(
                200,
                "application/json",
                br#"{"response": {"Attribute": [{"value": ""#,
                b"a",
            ))
            .await;
            stream_outcome(builder(&s.url).build().unwrap().stream(search())).await
        }
        "endless-between" => {
            let s = serve(endless(
                200,
                "application/json",
                br#"{"response": {"Attribute": ["#,
                b" ",
            ))
            .await;
            let c = builder(&s.url)
                .max_decompressed_size(1 << 30)
                .build()
                .unwrap();
            stream_outcome(c.stream(search())).await
        }
        "gzip-bomb" => {
            let s = serve(Behaviour::GzipBomb {
                prefix: br#"{"Event": {"info": ""#.to_vec(),
            })
            .await;
            let c = builder(&s.url).build().unwrap();
            format!(
                "{:?}",
                c.send(&GetEvent::new(1)).await.err().map(|e| e.to_string())
            )
        }
        "gzip-bomb-stream" => {
            let s = serve(Behaviour::GzipBomb {
                prefix: br#"{"response": {"Attribute": ["#.to_vec(),
            })
            .await;
            let c = builder(&s.url)
                .max_decompressed_size(1 << 30)
                .build()
                .unwrap();
            stream_outcome(c.stream(search())).await
        }
        "trickle" => {
            let s = serve(Behaviour::Trickle {
                body: br#"{"Event": {"id": "1", "info": "slow"}}"#.to_vec(),
                every: Duration::from_millis(500),
            })
            .await;
            let c = builder(&s.url)
                .total_timeout(Duration::from_secs(5))
                .build()
                .unwrap();
            format!(
                "{:?}",
                c.send(&GetEvent::new(1)).await.err().map(|e| e.to_string())
            )
        }
        "silence" => {
            let s = serve(Behaviour::Silence).await;
            let c = builder(&s.url).build().unwrap();
            format!(
                "{:?}",
                c.send(&GetEvent::new(1)).await.err().map(|e| e.to_string())
            )
        }
        "full-pages" => {
            let s = serve(Behaviour::FullPages {
                limit: 100,
                same: false,
            })
            .await;
            let c = builder(&s.url).max_pages(200).build().unwrap();
            stream_outcome(c.paginate(search().page_size(100))).await
        }
        "same-page" => {
            let s = serve(Behaviour::FullPages {
                limit: 100,
                same: true,
            })
            .await;
            let c = builder(&s.url).build().unwrap();
            stream_outcome(c.paginate(search().page_size(100))).await
        }
        "huge-headers" => {
            let s = serve(Behaviour::HugeHeaders).await;
            let c = builder(&s.url).build().unwrap();
            format!(
                "{:?}",
                c.send(&GetEvent::new(1)).await.err().map(|e| e.to_string())
            )
        }
        "redirect" => {
            let other = serve(Behaviour::Silence).await;
            let s = serve(Behaviour::Redirect {
                status: 307,
                location: format!("{}/events/view/1", other.url),
            })
            .await;
            let c = builder(&s.url).build().unwrap();
            let e = c.send(&GetEvent::new(1)).await.err().map(|e| e.to_string());
            format!("{e:?}; requests at the other port: {}", other.requests())
        }
        other => panic!("unknown case `{other}`"),
    };
    let elapsed = started.elapsed();
    let after = peak_kib();
    println!(
        "{case}: peak RSS {after} KiB (at start {before} KiB), {:.1}s: {outcome}",
        elapsed.as_secs_f64()
    );
}
