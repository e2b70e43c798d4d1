//! Bulk runs with bounded concurrency, creations made safe by a client-side UUID, and the
//! tracing spans each request leaves.

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::*;
use misp_client::{Idempotency, RetryPolicy};
use serde_json::{Value, json};
use wiremock::matchers::{method, path, path_regex};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

/// Counts requests in flight at once.
struct Gauge {
    now: AtomicUsize,
    max: AtomicUsize,
}

struct Slow(Arc<Gauge>);

impl Respond for Slow {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        // Hold each request for a moment so that overlapping ones are counted.
        let n = self.0.now.fetch_add(1, Ordering::SeqCst) + 1;
        self.0.max.fetch_max(n, Ordering::SeqCst);
        std::thread::sleep(Duration::from_millis(30));
        self.0.now.fetch_sub(1, Ordering::SeqCst);
        let id = request
            .url
            .path()
            .rsplit('/')
            .next()
            .unwrap_or("0")
            .to_owned();
        if id == "13" {
            ResponseTemplate::new(404).set_body_json(json!({"message": "Invalid event."}))
        } else {
            ResponseTemplate::new(200).set_body_json(json!({"Event": {"id": id}}))
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bulk_reports_a_result_per_item_in_order_with_bounded_concurrency() {
    let server = MockServer::start().await;
    let gauge = Arc::new(Gauge {
        now: AtomicUsize::new(0),
        max: AtomicUsize::new(0),
    });
    Mock::given(method("GET"))
        .and(path_regex("^/events/view/[0-9]+$"))
        .respond_with(Slow(gauge.clone()))
        .mount(&server)
        .await;
    let c = client(&server.uri());
    let ids: Vec<u32> = (1..=20).collect();
    let results = c
        .bulk(ids.clone(), 3, |id| {
            Op::<Value>::get(&format!("/events/view/{id}"))
        })
        .await;
    assert_eq!(results.len(), 20);
    assert_eq!(results.succeeded(), 19);
    let failures: Vec<_> = results
        .failures()
        .map(|(i, e)| (i, e.is_not_found()))
        .collect();
    assert_eq!(failures, [(12, true)]);
    for (id, r) in ids.iter().zip(results.results()) {
        if let Ok(v) = r {
            assert_eq!(v["Event"]["id"], id.to_string());
        }
    }
    let max = gauge.max.load(Ordering::SeqCst);
    assert!((1..=3).contains(&max), "at most 3 at once, saw {max}");
}

#[tokio::test]
async fn a_retried_creation_returns_the_stored_entity_instead_of_a_duplicate() {
    let uuid = uuid::Uuid::new_v4();
    let server = MockServer::start().await;
    // The first add is stored but its answer is lost (503 from a proxy).
    Mock::given(method("POST"))
        .and(path("/attributes/add/1"))
        .respond_with(ResponseTemplate::new(503))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(format!("/attributes/view/{uuid}")))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"Attribute": {"id": "7", "uuid": uuid.to_string()}})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let add = Op::<Value>::post(
        "/attributes/add/1",
        json!({"uuid": uuid.to_string(), "type": "ip-dst", "value": "1.2.3.4"}),
        Idempotency::SafeWithUuid(uuid),
    );
    let c = client(&server.uri());
    let got = c
        .send_or_find(&add, |u| Op::<Value>::get(&format!("/attributes/view/{u}")))
        .await
        .unwrap();
    assert_eq!(got["Attribute"]["id"], "7");
}

#[tokio::test]
async fn a_retried_creation_that_was_not_stored_is_sent_again() {
    let uuid = uuid::Uuid::new_v4();
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(504))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"Attribute": {"id": "8"}})))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(404).set_body_json(json!({"message": "Invalid attribute"})),
        )
        .mount(&server)
        .await;
    let add = Op::<Value>::post(
        "/attributes/add/1",
        json!({}),
        Idempotency::SafeWithUuid(uuid),
    );
    let c = client(&server.uri());
    // Plain send does not repeat it...
    let err = c.send(&add).await.unwrap_err();
    assert_eq!(err.status(), Some(http::StatusCode::GATEWAY_TIMEOUT));
    assert_eq!(err.attempts(), 1);
    // ...send_or_find looks the uuid up (absent) and sends it again.
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(504))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    let got = c
        .send_or_find(&add, |u| Op::<Value>::get(&format!("/attributes/view/{u}")))
        .await
        .unwrap();
    assert_eq!(got["Attribute"]["id"], "8");
    let posts = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .filter(|r| r.method.as_str() == "POST")
        .count();
    assert_eq!(
        posts, 3,
        "one plain send, then the failed and the repeated add"
    );
    let gets = server.received_requests().await.unwrap().len() - posts;
    assert_eq!(gets, 1, "one lookup by uuid before the repeat");
}

/// A writer that keeps what the subscriber prints.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test(flavor = "current_thread")]
async fn each_request_has_a_span_with_method_path_status_and_no_key() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"ok": true})))
        .mount(&server)
        .await;
    let out = Captured::default();
    let writer = out.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::DEBUG)
        .with_ansi(false)
        .with_span_events(tracing_subscriber::fmt::format::FmtSpan::CLOSE)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    let c = client(&server.uri())
        .with_retry(RetryPolicy::default().initial_backoff(Duration::from_millis(1)));
    c.send(&Op::<Value>::get("/events/view/1")).await.unwrap();
    drop(_guard);
    let text = String::from_utf8(out.0.lock().unwrap().clone()).unwrap();
    assert!(text.contains("misp_request"), "{text}");
    assert!(
        text.contains("method=GET") && text.contains("path=/events/view/1"),
        "{text}"
    );
    assert!(
        text.contains("status=503") && text.contains("status=200"),
        "{text}"
    );
    assert!(
        text.contains("attempt=2") && text.contains("duration_ms="),
        "{text}"
    );
    assert!(text.contains("retrying MISP request"), "{text}");
    assert!(!text.contains(KEY), "the key leaked into the logs: {text}");
}

#[tokio::test]
async fn errors_and_debug_output_never_show_the_key() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(500).set_body_string("boom"))
        .mount(&server)
        .await;
    let c = client(&server.uri());
    let err = c
        .send(&Op::<Value>::get("/events/view/1"))
        .await
        .unwrap_err();
    assert!(!format!("{err} {err:?} {c:?}").contains(KEY));
}
