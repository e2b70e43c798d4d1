//! Streams an attribute restSearch from the server at URL, item by item, and prints one JSON line
//! for `cargo xtask bench`: `{"op":"search","seconds":...,"peak_mib":...,"items":...,"bytes":...}`.
//!
//! `cargo run --release -p misp-client --example stream_probe -- URL [whole]`
//!
//! With `whole`, the whole answer is decoded at once instead (`Client::send`), for comparison.
//! `peak_mib` is the process's peak resident memory (Linux: `/proc/self/status`).

use std::process::ExitCode;
use std::time::{Duration, Instant};

use futures::StreamExt;
use misp_api::search::{SearchAttributes, SearchQuery};

fn peak_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse::<f64>().ok())
        })
        .map_or(0.0, |kib| kib / 1024.0)
}

async fn run(url: &str, whole: bool) -> Result<(usize, u64), String> {
    let client = misp_client::Client::builder()
        .url(url)
        .key("0000000000000000000000000000000000000000")
        .read_timeout(Duration::from_secs(60))
        .no_system_proxy()
        .build()
        .map_err(|e| e.to_string())?;
    let search = SearchAttributes::new(SearchQuery::new().types("ip-dst"));
    if whole {
        let page = client.send(&search).await.map_err(|e| e.to_string())?;
        return Ok((page.items.len(), 0));
    }
    let mut items = client.stream(search);
    let (mut n, mut bytes) = (0usize, 0u64);
    while let Some(item) = items.next().await {
        let attribute = item.map_err(|e| e.to_string())?;
        bytes += attribute.value.as_deref().map_or(0, str::len) as u64;
        n += 1;
    }
    Ok((n, bytes))
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(url) = args.first() else {
        eprintln!("usage: stream_probe URL [whole]");
        return ExitCode::from(2);
    };
    let whole = args.get(1).is_some_and(|a| a == "whole");
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("stream_probe: {error}");
            return ExitCode::FAILURE;
        }
    };
    let start = Instant::now();
    match runtime.block_on(run(url, whole)) {
        Ok((items, _)) => {
            let op = if whole { "search-whole" } else { "search" };
            println!(
                r#"{{"op":"{op}","seconds":{:.4},"peak_mib":{:.1},"items":{items}}}"#,
                start.elapsed().as_secs_f64(),
                peak_mib()
            );
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("stream_probe: {error}");
            ExitCode::FAILURE
        }
    }
}
