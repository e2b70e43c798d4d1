//! Parse and serialise throughput: the lossless typed model versus `serde_json::Value`, on a
//! large synthetic event and on the real feed (when `../shared/real-events` is beside the repo).
#![allow(missing_docs)] // criterion's macros generate undocumented functions

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use misp_types::EventDocument;

#[path = "support/synth.rs"]
mod synth;

fn inputs() -> Vec<(String, Vec<u8>)> {
    let mut inputs = vec![("synthetic-100k".to_owned(), synth::large_event())];
    let feed = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/real-events/infoblox-threat-intelligence-misp-feed");
    if let Ok(dir) = std::fs::read_dir(&feed) {
        // The real feed: its events as one `{"response": [...]}` document.
        let mut events: Vec<serde_json::Value> = dir
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name() != "manifest.json")
            .filter_map(|e| std::fs::read(e.path()).ok())
            .filter_map(|b| serde_json::from_slice(&b).ok())
            .collect();
        events.sort_by_key(|e| e["Event"]["uuid"].as_str().map(str::to_owned));
        let doc = serde_json::json!({ "response": events });
        inputs.push(("real-feed".to_owned(), serde_json::to_vec(&doc).unwrap()));
    } else {
        eprintln!(
            "note: {} not found, benchmarking the synthetic event only",
            feed.display()
        );
    }
    inputs
}

fn bench(c: &mut Criterion) {
    for (name, bytes) in inputs() {
        let mut group = c.benchmark_group(format!("parse/{name}"));
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        group.sample_size(10);
        group.bench_function(BenchmarkId::new("typed", bytes.len()), |b| {
            b.iter(|| EventDocument::from_slice(&bytes).unwrap())
        });
        group.bench_function(BenchmarkId::new("serde_json::Value", bytes.len()), |b| {
            b.iter(|| serde_json::from_slice::<serde_json::Value>(&bytes).unwrap())
        });
        group.finish();

        let typed = EventDocument::from_slice(&bytes).unwrap();
        let value: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        let mut group = c.benchmark_group(format!("serialize/{name}"));
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        group.sample_size(10);
        group.bench_function("typed", |b| b.iter(|| serde_json::to_vec(&typed).unwrap()));
        group.bench_function("serde_json::Value", |b| {
            b.iter(|| serde_json::to_vec(&value).unwrap())
        });
        group.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
