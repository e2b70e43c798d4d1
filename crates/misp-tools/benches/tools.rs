//! Hashing and object building of a 100 MB file, and 10,000 URL objects. The same inputs are
//! timed for PyMISP by `xtask/tools/pymisp_objects.py --bench`.
#![allow(missing_docs)] // criterion's macros generate undocumented functions

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use misp_tools::file::{FileObject, hash_reader, object_from_digest};
use misp_tools::url::url_object;

/// 100 MiB of deterministic pseudo-random bytes (xorshift), like the Python side's os.urandom.
fn big() -> Vec<u8> {
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut out = Vec::with_capacity(100 * 1024 * 1024);
    while out.len() < 100 * 1024 * 1024 {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        out.extend_from_slice(&state.to_le_bytes());
    }
    out
}

fn urls() -> Vec<String> {
    (0..10_000)
        .map(|i| {
            format!(
                "https://host{i}.example{}.co.uk:{}/p/{i}?q={i}#f",
                i % 50,
                1000 + i % 5000
            )
        })
        .collect()
}

fn file(c: &mut Criterion) {
    let data = big();
    let mut group = c.benchmark_group("file 100 MiB");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(data.len() as u64));
    group.bench_function("streamed: hashes, ssdeep, tlsh, entropy, object", |b| {
        b.iter(|| {
            let digest = hash_reader(&data[..]).unwrap();
            object_from_digest("big.bin", &digest)
                .unwrap()
                .build()
                .unwrap()
        })
    });
    group.bench_function("in memory, with the malware-sample zip", |b| {
        b.iter(|| {
            FileObject::new("big.bin", &data)
                .malware_sample(true)
                .generate()
                .unwrap()
                .build()
                .unwrap()
        })
    });
    group.finish();
}

fn url(c: &mut Criterion) {
    let urls = urls();
    let mut group = c.benchmark_group("url");
    group.sample_size(10);
    group.throughput(Throughput::Elements(urls.len() as u64));
    group.bench_function("10,000 url objects, built and validated", |b| {
        b.iter(|| {
            let mut objects = Vec::with_capacity(urls.len());
            for u in &urls {
                objects.push(url_object(u).unwrap().build().unwrap());
            }
            objects
        })
    });
    group.finish();
}

criterion_group!(benches, file, url);
criterion_main!(benches);
