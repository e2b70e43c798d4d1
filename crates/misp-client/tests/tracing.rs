//! The tracing spans each request leaves (alone in its binary: tracing caches which callsites
//! are enabled process-wide, so spans made by tests running beside it would not be recorded).

mod common;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::*;
use misp_api::events::GetEvent;
use misp_client::RetryPolicy;
use serde_json::json;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

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
    c.send(&GetEvent::new(1)).await.unwrap();
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
