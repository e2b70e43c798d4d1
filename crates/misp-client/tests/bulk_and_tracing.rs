//! Bulk runs with bounded concurrency, creations made safe by a client-side UUID, and keys
//! kept out of errors.

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use common::*;
use misp_api::attributes::{AddAttribute, GetAttribute};
use misp_api::events::{AddEvent, GetEvent};
use misp_api::model::Attribute;
use misp_client::RetryPolicy;
use serde_json::json;
use wiremock::matchers::{method, path, path_regex};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

fn attribute(uuid: uuid::Uuid) -> Attribute {
    serde_json::from_value(json!({"uuid": uuid, "type": "ip-dst", "value": "198.51.100.4"}))
        .unwrap()
}

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
        .bulk(ids.clone(), 3, |id| GetEvent::new(u64::from(id)))
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
            assert_eq!(v.id, Some(u64::from(*id)));
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
    let add = AddAttribute::new(1, attribute(uuid));
    let c = client(&server.uri());
    let got = c.send_or_find(&add, GetAttribute::new).await.unwrap();
    assert_eq!(got.id, Some(7));
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
    let add = AddAttribute::new(1, attribute(uuid));
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
    let got = c.send_or_find(&add, GetAttribute::new).await.unwrap();
    assert_eq!(got.id, Some(8));
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

#[tokio::test]
async fn errors_and_debug_output_never_show_the_key() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        // A misconfigured server that echoes the request headers in its error page.
        .respond_with(ResponseTemplate::new(500).set_body_raw(
            format!("<html><pre>Accept: application/json\nAuthorization: {KEY}</pre></html>"),
            "text/html",
        ))
        .mount(&server)
        .await;
    let c = client(&server.uri()).with_retry(RetryPolicy::none());
    let err = c.send(&GetEvent::new(1)).await.unwrap_err();
    assert!(err.api().is_some_and(|e| e.is_server_error()), "{err:?}");
    let shown = format!("{err} {err:?} {c:?}");
    assert!(!shown.contains(KEY), "{shown}");
    assert!(shown.contains("Authorization: <redacted key>"), "{shown}");
}

#[tokio::test]
async fn adding_an_event_whose_uuid_is_stored_returns_the_stored_event() {
    let uuid = uuid::Uuid::new_v4();
    let server = MockServer::start().await;
    // MISP 2.5.1's answer, as recorded (fixtures/api/pymisp/069).
    Mock::given(method("POST"))
        .and(path("/events/add"))
        .respond_with(
            ResponseTemplate::new(404)
                .insert_header("Location", format!("{}/events/10", server.uri()))
                .set_body_json(json!({
                    "name": "Event already exists, if you would like to edit it, use the url in the location header.",
                    "message": "Event already exists, if you would like to edit it, use the url in the location header.",
                    "url": "/events/add"
                })),
        )
        .expect(2)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(format!("/events/view/{uuid}")))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"Event": {"id": "10", "uuid": uuid, "info": "dup"}})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let c = client(&server.uri());
    let add = AddEvent::new(new_event_with_uuid("dup", uuid));
    let err = c.send(&add).await.unwrap_err();
    assert!(err.api().is_some_and(|e| e.is_conflict()), "{err}");
    assert_eq!(err.api().unwrap().existing_id(), Some("10"));
    assert!(!err.is_not_found());
    let stored = c
        .events()
        .add(new_event_with_uuid("dup", uuid))
        .await
        .unwrap();
    assert_eq!(stored.id, Some(10));
}
