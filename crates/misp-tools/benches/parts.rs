//! What each part of a `file` object costs on 100 MiB: the hashes, ssdeep, tlsh, entropy.
#![allow(missing_docs)] // criterion's macros generate undocumented functions

use criterion::{Criterion, criterion_group, criterion_main};
use md5::Digest;
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
fn parts(c: &mut Criterion) {
    let data = big();
    let mut g = c.benchmark_group("parts");
    g.sample_size(10);
    g.bench_function("md5", |b| b.iter(|| md5::Md5::digest(&data)));
    g.bench_function("sha1", |b| b.iter(|| sha1::Sha1::digest(&data)));
    g.bench_function("sha256", |b| b.iter(|| sha2::Sha256::digest(&data)));
    g.bench_function("sha512", |b| b.iter(|| sha2::Sha512::digest(&data)));
    g.bench_function("ssdeep", |b| {
        b.iter(|| fuzzyhash::FuzzyHash::new(&data).to_string())
    });
    g.bench_function("tlsh", |b| {
        b.iter(|| tlsh2::TlshDefaultBuilder::build_from(&data).map(|t| t.hash()))
    });
    g.bench_function("entropy", |b| b.iter(|| misp_tools::file::entropy(&data)));
    g.finish();
}
criterion_group!(benches, parts);
criterion_main!(benches);
