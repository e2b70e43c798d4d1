//! Bulk-add throughput with concurrency 1 versus 8, against a mock that takes a fixed time
//! to answer each request.
#![allow(missing_docs)] // criterion's macros generate undocumented items

#[path = "../tests/common/mod.rs"]
#[allow(unused_imports)]
mod common;

use std::time::Duration;

use common::client;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use misp_api::attributes::AddAttribute;
use misp_api::model::Attribute;
use serde_json::json;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

const ADDS: usize = 32;
const DELAY: Duration = Duration::from_millis(20);

fn benches(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let server = rt.block_on(async {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .respond_with(
                ResponseTemplate::new(200)
                    .set_delay(DELAY)
                    .set_body_json(json!({"Attribute": {"id": "1"}})),
            )
            .mount(&server)
            .await;
        server
    });
    let client = client(&server.uri());
    let values: Vec<String> = (0..ADDS).map(|i| format!("203.0.113.{i}")).collect();
    let add = |v: &String| {
        let attribute: Attribute =
            serde_json::from_value(json!({"type": "ip-dst", "value": v})).unwrap();
        AddAttribute::new(1, attribute)
    };

    let mut group = c.benchmark_group("bulk_add_20ms_server");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3))
        .throughput(Throughput::Elements(ADDS as u64));
    for concurrency in [1usize, 8] {
        group.bench_function(format!("concurrency_{concurrency}"), |b| {
            b.iter(|| {
                let r = rt.block_on(client.bulk(&values, concurrency, add));
                assert!(r.all_ok());
            })
        });
    }
    group.finish();
}

criterion_group!(bulk_benches, benches);
criterion_main!(bulk_benches);
