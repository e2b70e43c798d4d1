//! Injected faults: each ends in a typed error or a successful retry, never a panic or a hang.

mod common;

use std::time::{Duration, Instant};

use common::*;
use misp_api::attributes::RestoreAttribute;
use misp_api::events::{AddEvent, GetEvent, ListEvents};
use misp_api::search::{SearchEvents, SearchQuery};
use misp_client::{ApiError, Client, RetryPolicy, TransportKind};
use serde_json::json;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Every fault test must end quickly: a hang is a failure.
async fn bounded<F: std::future::Future>(f: F) -> F::Output {
    tokio::time::timeout(Duration::from_secs(20), f)
        .await
        .expect("the client hung")
}

const OK_BODY: &str = r#"{"Event": {"id": "1"}}"#;

#[tokio::test]
async fn connect_refused_is_a_typed_connect_error_after_retries() {
    // Bind then drop: nothing listens on this port any more.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let client = client(&format!("http://127.0.0.1:{port}"));
    let err = bounded(client.send(&GetEvent::new(1))).await.unwrap_err();
    assert!(err.is_connect(), "{err:?}");
    assert_eq!(err.attempts(), 4, "one attempt and three retries");
    let msg = err.to_string();
    assert!(
        msg.contains("GET /events/view/1") && msg.contains("cannot connect"),
        "{msg}"
    );
    assert!(!msg.contains(KEY));
}

#[tokio::test]
async fn connect_refused_is_retried_even_for_unsafe_requests_then_succeeds() {
    // The server never saw the request, so repeating an add is safe.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    let client = Client::builder()
        .url(format!("http://{addr}"))
        .key(KEY)
        .no_system_proxy()
        .retry(
            RetryPolicy::default()
                .jitter(false)
                .initial_backoff(Duration::from_millis(300)),
        )
        .build()
        .unwrap();
    let server = tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(100)).await;
        let l = tokio::net::TcpListener::bind(addr).await.unwrap();
        let (mut sock, _) = l.accept().await.unwrap();
        let mut buf = [0u8; 4096];
        let _ = tokio::io::AsyncReadExt::read(&mut sock, &mut buf).await;
        tokio::io::AsyncWriteExt::write_all(
            &mut sock,
            &http_response("200 OK", "application/json", OK_BODY),
        )
        .await
        .unwrap();
    });
    let op = AddEvent::new(new_event("x"));
    let out = bounded(client.send(&op)).await.unwrap();
    assert_eq!(out.id, Some(1));
    server.await.unwrap();
}

#[tokio::test]
async fn read_timeout_is_a_typed_timeout_and_is_retried_for_safe_requests() {
    let url = raw_server(vec![
        Script::Silent(Duration::from_secs(3)),
        Script::Respond(http_response("200 OK", "application/json", OK_BODY)),
    ])
    .await;
    let fast = Client::builder()
        .url(&url)
        .key(KEY)
        .no_system_proxy()
        .read_timeout(Duration::from_millis(200))
        .retry(RetryPolicy::default().initial_backoff(Duration::from_millis(5)))
        .build()
        .unwrap();
    let out = bounded(fast.send(&GetEvent::new(1))).await.unwrap();
    assert_eq!(out.id, Some(1));

    // Without retries the timeout comes back typed.
    let url = raw_server(vec![Script::Silent(Duration::from_secs(3))]).await;
    let once = Client::builder()
        .url(&url)
        .key(KEY)
        .no_system_proxy()
        .read_timeout(Duration::from_millis(200))
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    let t0 = Instant::now();
    let err = bounded(once.send(&GetEvent::new(1))).await.unwrap_err();
    assert!(t0.elapsed() < Duration::from_secs(2));
    assert!(err.is_timeout(), "{err:?}");
    assert!(err.to_string().contains("timed out"), "{err}");
}

#[tokio::test]
async fn read_timeout_on_an_unsafe_request_is_not_repeated() {
    let url = raw_server(vec![
        Script::Silent(Duration::from_secs(3)),
        Script::Respond(http_response("200 OK", "application/json", OK_BODY)),
    ])
    .await;
    let c = Client::builder()
        .url(&url)
        .key(KEY)
        .no_system_proxy()
        .read_timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    let op = AddEvent::new(new_event("x"));
    let err = bounded(c.send(&op)).await.unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
    assert_eq!(err.attempts(), 1);
}

#[tokio::test]
async fn connection_reset_mid_body_is_retried_for_safe_requests() {
    let full = http_response(
        "200 OK",
        "application/json",
        r#"{"Event": {"id": "1", "info": "a long enough body"}}"#,
    );
    let partial = full[..full.len() - 20].to_vec();
    let url = raw_server(vec![
        Script::ResetAfter(partial.clone()),
        Script::Respond(full.clone()),
    ])
    .await;
    let out = bounded(client(&url).send(&GetEvent::new(1))).await.unwrap();
    assert_eq!(out.id, Some(1));

    // An add is not repeated: the outcome is unknown, the error says so.
    let url = raw_server(vec![Script::ResetAfter(partial), Script::Respond(full)]).await;
    let op = AddEvent::new(new_event("x"));
    let err = bounded(client(&url).send(&op)).await.unwrap_err();
    assert_eq!(err.transport_kind(), Some(TransportKind::Body), "{err:?}");
    assert_eq!(err.attempts(), 1);
    assert!(err.to_string().contains("POST /events/add"), "{err}");
}

#[tokio::test]
async fn status_500_then_200_is_an_error_by_default_and_retried_when_configured() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/events/view/1"))
        .respond_with(ResponseTemplate::new(500).set_body_json(json!({
            "name": "An Internal Error Has Occurred.", "message": "An Internal Error Has Occurred.",
            "url": "/events/view/1"})))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/events/view/1"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(OK_BODY, "application/json"))
        .mount(&server)
        .await;
    let c = client(&server.uri());
    let err = bounded(c.send(&GetEvent::new(1))).await.unwrap_err();
    assert_eq!(err.status(), Some(http::StatusCode::INTERNAL_SERVER_ERROR));
    assert_eq!(err.attempts(), 1);
    assert!(err.to_string().contains("Internal Error"), "{err}");

    // 500 is not retried by default; a policy can add it.
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(500))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(OK_BODY, "application/json"))
        .mount(&server)
        .await;
    let policy = RetryPolicy::default()
        .initial_backoff(Duration::from_millis(1))
        .retry_statuses([http::StatusCode::INTERNAL_SERVER_ERROR]);
    let out = bounded(
        client(&server.uri())
            .with_retry(policy)
            .send(&GetEvent::new(1)),
    )
    .await
    .unwrap();
    assert_eq!(out.id, Some(1));
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}

#[tokio::test]
async fn status_503_then_200_is_retried_for_safe_requests_only() {
    for safe in [true, false] {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .respond_with(ResponseTemplate::new(503))
            .up_to_n_times(1)
            .mount(&server)
            .await;
        Mock::given(method("POST"))
            .and(path("/events/add"))
            .respond_with(ResponseTemplate::new(200).set_body_raw(OK_BODY, "application/json"))
            .mount(&server)
            .await;
        Mock::given(method("POST"))
            .and(path("/events/restSearch"))
            .respond_with(ResponseTemplate::new(200).set_body_raw(
                format!(r#"{{"response": [{OK_BODY}]}}"#),
                "application/json",
            ))
            .mount(&server)
            .await;
        let c = client(&server.uri());
        let r = if safe {
            let search = SearchEvents::new(SearchQuery::new().event_info("x"));
            bounded(c.send(&search)).await.map(|_| ())
        } else {
            bounded(c.send(&AddEvent::new(new_event("x"))))
                .await
                .map(|_| ())
        };
        assert_eq!(r.is_ok(), safe, "safe {safe}: {r:?}");
        if let Err(e) = r {
            // The final answer is the endpoint's to decode: a typed server error.
            assert_eq!(e.status(), Some(http::StatusCode::SERVICE_UNAVAILABLE));
            assert!(e.api().is_some_and(ApiError::is_server_error), "{e:?}");
        }
    }
}

#[tokio::test]
async fn status_429_waits_for_retry_after() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "1"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(OK_BODY, "application/json"))
        .mount(&server)
        .await;
    let t0 = Instant::now();
    let out = bounded(client(&server.uri()).send(&GetEvent::new(1)))
        .await
        .unwrap();
    assert_eq!(out.id, Some(1));
    assert!(t0.elapsed() >= Duration::from_secs(1), "{:?}", t0.elapsed());

    // A Retry-After beyond the policy's cap is not waited for: the 429 comes back.
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "3600"))
        .mount(&server)
        .await;
    let err = bounded(client(&server.uri()).send(&GetEvent::new(1)))
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(http::StatusCode::TOO_MANY_REQUESTS));
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn retries_run_out_with_the_count_and_the_last_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(502))
        .mount(&server)
        .await;
    let err = bounded(client(&server.uri()).send(&ListEvents))
        .await
        .unwrap_err();
    assert_eq!(err.attempts(), 4);
    assert_eq!(err.status(), Some(http::StatusCode::BAD_GATEWAY));
    let msg = err.to_string();
    assert!(msg.starts_with("gave up after 4 attempts"), "{msg}");
    assert_eq!(server.received_requests().await.unwrap().len(), 4);
}

#[tokio::test]
async fn truncated_json_is_a_decode_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_raw(r#"{"Event": {"id": "1", "inf"#, "application/json"),
        )
        .mount(&server)
        .await;
    let err = bounded(client(&server.uri()).send(&GetEvent::new(1)))
        .await
        .unwrap_err();
    let api = err.api().expect("an API error");
    assert!(
        matches!(api, misp_client::ApiError::Decode { .. }),
        "{api:?}"
    );
    assert_eq!(err.attempts(), 1);
}

#[tokio::test]
async fn html_login_page_with_status_200_is_an_auth_error() {
    let server = MockServer::start().await;
    let page = "<!DOCTYPE html>\n<html><head><title>Users - MISP</title></head><body>\
                <form action=\"/users/login\" method=\"post\"><input name=\"data[User][email]\">\
                </form></body></html>";
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(page, "text/html; charset=UTF-8"))
        .mount(&server)
        .await;
    let err = bounded(client(&server.uri()).send(&ListEvents))
        .await
        .unwrap_err();
    assert!(err.is_auth(), "{err:?}");
    assert!(err.to_string().contains("login page"), "{err}");
}

#[tokio::test]
async fn redirect_to_the_login_page_is_an_auth_error_and_not_followed() {
    for encoding in ["native", "stringified"] {
        let rec = recorded(encoding, "54_error_bad_key_html");
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .and(path("/events/index"))
            .respond_with(rec.template())
            .mount(&server)
            .await;
        let err = bounded(client(&server.uri()).send(&ListEvents))
            .await
            .unwrap_err();
        assert!(err.is_auth(), "{err:?}");
        assert_eq!(err.status(), Some(http::StatusCode::FOUND));
        assert_eq!(server.received_requests().await.unwrap().len(), 1);
    }
    // Another redirect (http -> https) names the target instead.
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(301).insert_header("Location", "https://misp.example/events/add"),
        )
        .mount(&server)
        .await;
    let op = AddEvent::new(new_event("x"));
    let err = bounded(client(&server.uri()).send(&op)).await.unwrap_err();
    assert!(err.to_string().contains("check the root URL"), "{err}");
}

#[tokio::test]
async fn empty_body_is_a_decode_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    let err = bounded(client(&server.uri()).send(&GetEvent::new(1)))
        .await
        .unwrap_err();
    assert!(err.api().is_some_and(ApiError::is_decode), "{err:?}");
}

#[tokio::test]
async fn requests_carry_the_raw_key_and_accept_json_under_a_sub_path() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/misp/events/view/1"))
        .and(header("Authorization", KEY))
        .and(header("Accept", "application/json"))
        .and(header("X-Team", "cti"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(OK_BODY, "application/json"))
        .expect(1)
        .mount(&server)
        .await;
    let c = Client::builder()
        .url(format!("{}/misp", server.uri()))
        .key(KEY)
        .header("X-Team", "cti")
        .no_system_proxy()
        .build()
        .unwrap();
    let out = c.send(&GetEvent::new(1)).await.unwrap();
    assert_eq!(out.id, Some(1));
}

#[tokio::test]
async fn with_retries_off_a_429_and_a_503_are_the_endpoints_typed_errors() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/events/view/1"))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("Retry-After", "30")
                .set_body_json(
                    json!({"name": "Too many requests", "message": "Rate limit exceeded."}),
                ),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/events/view/2"))
        .respond_with(
            ResponseTemplate::new(503)
                .set_body_json(json!({"name": "Maintenance", "message": "Down for maintenance"})),
        )
        .mount(&server)
        .await;
    let c = client(&server.uri()).with_retry(RetryPolicy::none());
    let err = bounded(c.send(&GetEvent::new(1))).await.unwrap_err();
    match err.api() {
        Some(ApiError::RateLimited {
            retry_after,
            message,
            ..
        }) => {
            assert_eq!(*retry_after, Some(30));
            assert_eq!(message, "Rate limit exceeded.");
        }
        other => panic!("{other:?}"),
    }
    let err = bounded(c.send(&GetEvent::new(2))).await.unwrap_err();
    assert!(err.api().is_some_and(ApiError::is_server_error), "{err:?}");
    assert_eq!(err.api().unwrap().message(), "Down for maintenance");
    // With retries on, the last answer is decoded the same way.
    let err = bounded(client(&server.uri()).send(&GetEvent::new(2)))
        .await
        .unwrap_err();
    assert_eq!(err.attempts(), 4);
    assert!(err.api().is_some_and(ApiError::is_server_error), "{err:?}");
}

#[tokio::test]
async fn restoring_an_attribute_succeeds_on_the_recorded_redirect() {
    let server = MockServer::start().await;
    // MISP 2.5.1 answers a restore with a 302 to the attribute (fixtures/api/pymisp/095).
    Mock::given(method("POST"))
        .and(path("/attributes/restore/73"))
        .respond_with(
            ResponseTemplate::new(302)
                .insert_header("Location", "http://127.0.0.1:8080/attributes/view/73"),
        )
        .expect(1)
        .mount(&server)
        .await;
    let ack = bounded(client(&server.uri()).send(&RestoreAttribute::new(73)))
        .await
        .unwrap();
    assert_eq!(
        ack.redirect.as_deref(),
        Some("http://127.0.0.1:8080/attributes/view/73")
    );
}

#[tokio::test]
async fn the_configured_user_agent_is_the_one_sent() {
    let server = MockServer::start().await;
    for agent in [
        "cti-team-sync/2.0",
        "from-a-profile/1.0",
        misp_api::USER_AGENT,
    ] {
        Mock::given(method("GET"))
            .and(header("User-Agent", agent))
            .respond_with(ResponseTemplate::new(200).set_body_raw(OK_BODY, "application/json"))
            .expect(1)
            .mount(&server)
            .await;
    }
    let base = || {
        Client::builder()
            .url(server.uri())
            .key(KEY)
            .no_system_proxy()
    };
    let by_builder = base().user_agent("cti-team-sync/2.0").build().unwrap();
    by_builder.send(&GetEvent::new(1)).await.unwrap();
    let profile: misp_client::Profile =
        toml::from_str("user_agent = \"from-a-profile/1.0\"").unwrap();
    let by_profile = base().profile(&profile).build().unwrap();
    by_profile.send(&GetEvent::new(1)).await.unwrap();
    base()
        .build()
        .unwrap()
        .send(&GetEvent::new(1))
        .await
        .unwrap();
    server.verify().await;
}

#[test]
fn a_missing_url_or_key_is_named_in_the_users_words() {
    let err = Client::builder().key(KEY).build().unwrap_err();
    assert_eq!(
        err.to_string(),
        "no URL: pass --url or set MISP_URL (or `url` in the config profile)"
    );
    let err = Client::builder()
        .url("https://misp.example")
        .build()
        .unwrap_err();
    assert!(
        err.to_string()
            .starts_with("no API key: pass --key or set MISP_KEY"),
        "{err}"
    );
}
