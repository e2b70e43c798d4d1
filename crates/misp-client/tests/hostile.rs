//! Hostile servers on loopback: each case ends in a typed error naming the limit, within a
//! bound, never a panic, a hang or memory that grows with what the server sends. (Peak memory
//! per case is measured by `examples/hostile_probe.rs`, not here.)

mod common;

use std::time::Duration;

use common::KEY;
use common::hostile::{Behaviour, serve};
use futures::StreamExt;
use misp_api::events::GetEvent;
use misp_api::search::{SearchAttributes, SearchQuery};
use misp_client::{ApiError, Client, ClientBuilder, Error, Limit, RetryPolicy};

/// Every case must end well before this: a hang is a failure.
async fn bounded<F: std::future::Future>(f: F) -> F::Output {
    tokio::time::timeout(Duration::from_secs(30), f)
        .await
        .expect("the client hung")
}

fn builder(url: &str) -> ClientBuilder {
    Client::builder()
        .url(url)
        .key(KEY)
        .no_system_proxy()
        .connect_timeout(Duration::from_secs(2))
        .read_timeout(Duration::from_secs(5))
        .retry(
            RetryPolicy::default()
                .initial_backoff(Duration::from_millis(5))
                .max_backoff(Duration::from_millis(20)),
        )
}

fn search() -> SearchAttributes {
    SearchAttributes::new(SearchQuery::new().value("198.51.100.1"))
}

/// The first error of a stream (after any items).
async fn first_error<T>(mut stream: misp_client::ItemStream<T>) -> (usize, Error) {
    let mut items = 0;
    while let Some(next) = stream.next().await {
        match next {
            Ok(_) => items += 1,
            Err(e) => return (items, e),
        }
    }
    panic!("the stream ended without an error after {items} items");
}

fn assert_limit(err: &Error, limit: Limit) {
    assert_eq!(err.limit(), Some(limit), "{err:?}");
    let text = err.to_string();
    if let (Some(method), Some(key), Some(var)) =
        (limit.builder_method(), limit.config_key(), limit.env_var())
    {
        assert!(
            text.contains(method) && text.contains(key) && text.contains(var),
            "the message says how to raise the limit: {text}"
        );
    }
    assert!(!text.contains(KEY), "{text}");
}

#[tokio::test]
async fn an_endless_body_is_cut_at_the_body_size_limit() {
    let server = serve(Behaviour::Endless {
        status: 200,
        content_type: "application/json",
        prefix: br#"{"Event": {"info": ""#.to_vec(),
        filler: b"a".to_vec(),
    })
    .await;
    let client = builder(&server.url).max_body_size(4 << 20).build().unwrap();
    let err = bounded(client.send(&GetEvent::new(1))).await.unwrap_err();
    assert_limit(&err, Limit::BodySize);
    assert!(err.to_string().contains("4 MiB"), "{err}");
    assert_eq!(server.requests(), 1, "a limit is not retried");
}

#[tokio::test]
async fn an_endless_error_body_is_read_only_up_to_an_excerpt() {
    // A 500 whose body never ends: the message comes from its start, the rest is never read.
    let server = serve(Behaviour::Endless {
        status: 500,
        content_type: "text/html",
        prefix: b"<html><title>Internal error</title>".to_vec(),
        filler: b"x".to_vec(),
    })
    .await;
    let client = builder(&server.url)
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    let err = bounded(client.send(&GetEvent::new(1))).await.unwrap_err();
    assert!(err.api().is_some_and(ApiError::is_server_error), "{err:?}");
    assert!(err.to_string().contains("Internal error"), "{err}");
    // Also while streaming.
    let (items, err) = bounded(first_error(client.stream(search()))).await;
    assert_eq!(items, 0);
    assert!(err.api().is_some_and(ApiError::is_server_error), "{err:?}");
}

#[tokio::test]
async fn an_endless_item_is_cut_at_the_item_size_limit() {
    let server = serve(Behaviour::Endless {
        status: 200,
        content_type: "application/json",
        prefix: br#"{"response": {"Attribute": [{"id": "1", "value": ""#.to_vec(),
        filler: b"a".to_vec(),
    })
    .await;
    let client = builder(&server.url).max_item_size(2 << 20).build().unwrap();
    let (items, err) = bounded(first_error(client.stream(search()))).await;
    assert_eq!(items, 0);
    assert_limit(&err, Limit::ItemSize);
}

#[tokio::test]
async fn an_endless_stream_between_items_is_cut_at_the_decompressed_size_limit() {
    let server = serve(Behaviour::Endless {
        status: 200,
        content_type: "application/json",
        prefix: br#"{"response": {"Attribute": ["#.to_vec(),
        filler: b" ".to_vec(),
    })
    .await;
    let client = builder(&server.url)
        .max_decompressed_size(8 << 20)
        .build()
        .unwrap();
    let (_, err) = bounded(first_error(client.stream(search()))).await;
    assert_limit(&err, Limit::DecompressedSize);
}

#[tokio::test]
async fn a_gzip_bomb_is_cut_on_decompressed_bytes() {
    // Buffered: the decompressed body goes past the body size limit.
    let server = serve(Behaviour::GzipBomb {
        prefix: br#"{"Event": {"info": "x", "pad": ""#.to_vec(),
    })
    .await;
    let client = builder(&server.url)
        .max_body_size(32 << 20)
        .build()
        .unwrap();
    let err = bounded(client.send(&GetEvent::new(1))).await.unwrap_err();
    assert_limit(&err, Limit::BodySize);
    // Streamed: whitespace between items, a few KiB on the wire, cut at the decompressed limit.
    let server = serve(Behaviour::GzipBomb {
        prefix: br#"{"response": {"Attribute": ["#.to_vec(),
    })
    .await;
    let client = builder(&server.url)
        .max_decompressed_size(64 << 20)
        .build()
        .unwrap();
    let (_, err) = bounded(first_error(client.stream(search()))).await;
    assert_limit(&err, Limit::DecompressedSize);
    let heads = server.heads.lock().unwrap().join("\n").to_ascii_lowercase();
    assert!(heads.contains("accept-encoding: gzip"), "{heads}");
}

#[tokio::test]
async fn a_trickle_is_cut_at_the_total_time() {
    // One byte every 200 ms: the read timeout never passes, the total time does.
    let body = br#"{"Event": {"id": "1", "info": "a slow answer that takes long to come"}}"#;
    let server = serve(Behaviour::Trickle {
        body: body.to_vec(),
        every: Duration::from_millis(200),
    })
    .await;
    let client = builder(&server.url)
        .read_timeout(Duration::from_secs(2))
        .total_timeout(Duration::from_secs(2))
        .build()
        .unwrap();
    let started = std::time::Instant::now();
    let err = bounded(client.send(&GetEvent::new(1))).await.unwrap_err();
    assert_limit(&err, Limit::TotalTimeout);
    assert!(err.is_timeout());
    assert!(
        started.elapsed() < Duration::from_secs(4),
        "{:?}",
        started.elapsed()
    );
    // Streaming too: the body read is within the same deadline.
    let body =
        br#"{"response": {"Attribute": [{"id": "1"}, {"id": "2"}, {"id": "3"}, {"id": "4"}]}}"#;
    let server = serve(Behaviour::Trickle {
        body: body.to_vec(),
        every: Duration::from_millis(200),
    })
    .await;
    let client = builder(&server.url)
        .total_timeout(Duration::from_secs(3))
        .build()
        .unwrap();
    let (items, err) = bounded(first_error(client.stream(search()))).await;
    assert!(items < 4, "{items}");
    assert_limit(&err, Limit::TotalTimeout);
}

#[tokio::test]
async fn silence_costs_the_read_timeout_once_not_once_per_retry() {
    let server = serve(Behaviour::Silence).await;
    let client = builder(&server.url)
        .read_timeout(Duration::from_millis(800))
        .max_retry_time(Duration::from_millis(500))
        .build()
        .unwrap();
    let started = std::time::Instant::now();
    let err = bounded(client.send(&GetEvent::new(1))).await.unwrap_err();
    assert_limit(&err, Limit::RetryTime);
    assert!(err.is_timeout(), "the last failure is kept: {err:?}");
    assert_eq!(err.attempts(), 1);
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(server.requests(), 1);
    // With a total time shorter than the read timeout, that ends it.
    let client = builder(&server.url)
        .read_timeout(Duration::from_secs(10))
        .total_timeout(Duration::from_secs(1))
        .build()
        .unwrap();
    let err = bounded(client.send(&GetEvent::new(1))).await.unwrap_err();
    assert_limit(&err, Limit::TotalTimeout);
}

#[tokio::test]
async fn endless_full_pages_end_at_the_page_limit() {
    let server = serve(Behaviour::FullPages {
        limit: 3,
        same: false,
    })
    .await;
    let client = builder(&server.url).max_pages(5).build().unwrap();
    let (items, err) = bounded(first_error(client.paginate(search().page_size(3)))).await;
    assert_eq!(items, 15, "five full pages");
    assert_limit(&err, Limit::Pages);
    assert_eq!(server.requests(), 5);
}

#[tokio::test]
async fn the_same_full_page_forever_ends_at_the_second_page() {
    let server = serve(Behaviour::FullPages {
        limit: 3,
        same: true,
    })
    .await;
    let client = builder(&server.url).build().unwrap();
    let (items, err) = bounded(first_error(client.paginate(search().page_size(3)))).await;
    assert_eq!(items, 3, "the page once");
    assert_eq!(err.limit(), Some(Limit::RepeatedPage), "{err:?}");
    assert!(err.to_string().contains("ignores `page`"), "{err}");
}

#[tokio::test]
async fn a_walk_ends_at_its_total_time() {
    // Pages come slowly (each a trickle within the request's own limit); the walk's limit ends it.
    let server = serve(Behaviour::FullPages {
        limit: 2,
        same: false,
    })
    .await;
    let client = builder(&server.url)
        .walk_timeout(Duration::from_millis(1))
        .build()
        .unwrap();
    let (_, err) = bounded(first_error(client.paginate(search().page_size(2)))).await;
    assert_limit(&err, Limit::WalkTimeout);
}

#[tokio::test]
async fn huge_headers_are_a_typed_transport_error() {
    let server = serve(Behaviour::HugeHeaders).await;
    let client = builder(&server.url)
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    let err = bounded(client.send(&GetEvent::new(1))).await.unwrap_err();
    assert!(err.transport_kind().is_some(), "{err:?}");
    assert!(!err.to_string().contains(KEY));
}

#[tokio::test]
async fn a_redirect_to_another_port_does_not_carry_the_key_there() {
    let elsewhere = serve(Behaviour::Fixed {
        status: 200,
        headers: vec![("Content-Type".into(), "application/json".into())],
        body: br#"{"Event": {"id": "1"}}"#.to_vec(),
    })
    .await;
    for status in [301, 302, 303, 307, 308] {
        let server = serve(Behaviour::Redirect {
            status,
            location: format!("{}/events/view/1", elsewhere.url),
        })
        .await;
        let client = builder(&server.url).build().unwrap();
        let err = bounded(client.send(&GetEvent::new(1))).await.unwrap_err();
        assert!(err.api().is_some(), "{status}: {err:?}");
        assert!(err.to_string().contains("redirected to"), "{err}");
        assert!(!err.to_string().contains(KEY));
        let (_, err) = bounded(first_error(client.stream(search()))).await;
        assert!(err.api().is_some(), "{status}: {err:?}");
        assert_eq!(server.requests(), 2, "{status}");
    }
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(
        elsewhere.requests(),
        0,
        "nothing, and so no key, went to the other port"
    );
}

#[tokio::test]
async fn a_retry_after_past_the_cap_is_a_limit_error_at_once() {
    let server = serve(Behaviour::Fixed {
        status: 503,
        headers: vec![("Retry-After".into(), "3600".into())],
        body: br#"{"message": "maintenance"}"#.to_vec(),
    })
    .await;
    let client = builder(&server.url)
        .max_retry_after(Duration::from_secs(5))
        .build()
        .unwrap();
    let err = bounded(client.send(&GetEvent::new(1))).await.unwrap_err();
    assert_limit(&err, Limit::RetryAfter);
    assert!(err.api().is_some_and(ApiError::is_server_error), "{err:?}");
    assert!(err.to_string().contains("maintenance"), "{err}");
    assert_eq!(server.requests(), 1);
}

#[test]
fn limits_come_from_the_config_profile_and_the_environment() {
    let file = misp_client::ConfigFile::parse(
        r#"
        [profiles.p]
        url = "https://misp.example.org"
        key = "k"
        max_body_size = "1MiB"
        max_decompressed_size = 1048576000
        max_item_size = "2MiB"
        total_timeout = 60
        walk_timeout = 600.5
        max_pages = 7
        max_retry_after = 5
        max_retry_time = 30
        "#,
        "limits.toml",
    )
    .unwrap();
    let client = Client::builder()
        .profile(file.profile(None).unwrap())
        .build()
        .unwrap();
    let l = client.limits();
    assert_eq!(l.max_body_size, 1 << 20);
    assert_eq!(l.max_decompressed_size, 1_048_576_000);
    assert_eq!(l.max_item_size, 2 << 20);
    assert_eq!(l.total_timeout, Some(Duration::from_secs(60)));
    assert_eq!(l.walk_timeout, Some(Duration::from_millis(600_500)));
    assert_eq!(l.max_pages, 7);
    assert_eq!(
        client.retry_policy().max_retry_after_value(),
        Duration::from_secs(5)
    );
    assert_eq!(
        client.retry_policy().max_retry_time_value(),
        Duration::from_secs(30)
    );

    let vars = |extra: &'static [(&'static str, &'static str)]| {
        move |name: &str| {
            [("MISP_URL", "https://m.example"), ("MISP_KEY", "k")]
                .iter()
                .chain(extra)
                .find(|(n, _)| *n == name)
                .map(|(_, v)| (*v).to_owned())
        }
    };
    let client = ClientBuilder::from_vars(vars(&[
        ("MISP_MAX_BODY_SIZE", "3MiB"),
        ("MISP_MAX_DECOMPRESSED_SIZE", "1GiB"),
        ("MISP_MAX_ITEM_SIZE", "65536"),
        ("MISP_TIMEOUT", "12"),
        ("MISP_WALK_TIMEOUT", "99"),
        ("MISP_MAX_PAGES", "42"),
        ("MISP_MAX_RETRY_AFTER", "1.5"),
        ("MISP_MAX_RETRY_TIME", "9"),
        ("MISP_CONFIG", "/nonexistent/misp-limits-test.toml"),
    ]));
    // The config file named does not exist: that is reported, not ignored.
    assert!(client.is_err());
    let client = ClientBuilder::from_vars(vars(&[
        ("MISP_MAX_BODY_SIZE", "3MiB"),
        ("MISP_MAX_DECOMPRESSED_SIZE", "1GiB"),
        ("MISP_MAX_ITEM_SIZE", "65536"),
        ("MISP_TIMEOUT", "12"),
        ("MISP_WALK_TIMEOUT", "99"),
        ("MISP_MAX_PAGES", "42"),
        ("MISP_MAX_RETRY_AFTER", "1.5"),
        ("MISP_MAX_RETRY_TIME", "9"),
        ("XDG_CONFIG_HOME", "/nonexistent"),
    ]))
    .unwrap()
    .build()
    .unwrap();
    let l = client.limits();
    assert_eq!(
        (l.max_body_size, l.max_decompressed_size, l.max_item_size),
        (3 << 20, 1 << 30, 65536)
    );
    assert_eq!(l.total_timeout, Some(Duration::from_secs(12)));
    assert_eq!(l.walk_timeout, Some(Duration::from_secs(99)));
    assert_eq!(l.max_pages, 42);
    assert_eq!(
        client.retry_policy().max_retry_after_value(),
        Duration::from_millis(1500)
    );
    assert_eq!(
        client.retry_policy().max_retry_time_value(),
        Duration::from_secs(9)
    );
}

#[test]
fn unusable_limit_values_are_clear_errors_not_panics() {
    for (key, value) in [
        ("read_timeout", "inf"),
        ("connect_timeout", "1e300"),
        ("total_timeout", "-1"),
        ("walk_timeout", "nan"),
        ("max_retry_time", "0"),
        ("max_body_size", "-5"),
        ("max_body_size", "\"12 parsecs\""),
        ("max_item_size", "0"),
        ("max_pages", "0"),
    ] {
        let text = format!("[profiles.p]\nurl = \"https://m.example\"\n{key} = {value}\n");
        let err = misp_client::ConfigFile::parse(&text, "bad.toml")
            .err()
            .unwrap_or_else(|| panic!("{key} = {value} was accepted"));
        let msg = err.to_string();
        assert!(msg.contains(key) && msg.contains("bad.toml"), "{msg}");
    }
    for (var, value) in [
        ("MISP_TIMEOUT", "inf"),
        ("MISP_READ_TIMEOUT", "1e300"),
        ("MISP_CONNECT_TIMEOUT", "-3"),
        ("MISP_WALK_TIMEOUT", "NaN"),
        ("MISP_MAX_BODY_SIZE", "lots"),
        ("MISP_MAX_DECOMPRESSED_SIZE", "0"),
        ("MISP_MAX_PAGES", "-1"),
        ("MISP_MAX_RETRY_AFTER", "forever"),
    ] {
        let err = ClientBuilder::from_vars(|n| match n {
            "XDG_CONFIG_HOME" => Some("/nonexistent".into()),
            n if n == var => Some(value.into()),
            _ => None,
        })
        .unwrap_err();
        assert!(err.to_string().contains(var), "{err}");
    }
    // A profile built in code with a value no file would pass is reported by build().
    let mut profile = misp_client::Profile::default();
    profile.url = Some("https://m.example".into());
    profile.key = Some("k".to_owned().into());
    profile.read_timeout = Some(f64::INFINITY);
    let err = Client::builder().profile(&profile).build().unwrap_err();
    assert!(err.to_string().contains("read_timeout"), "{err}");
}

#[tokio::test]
async fn text_after_the_json_value_is_refused_not_ignored() {
    let server = serve(Behaviour::Fixed {
        status: 200,
        headers: vec![("Content-Type".into(), "application/json".into())],
        body: br#"{"Event": {"id": "1", "info": "x"}}{"Event": {"id": "2"}}"#.to_vec(),
    })
    .await;
    let client = builder(&server.url).build().unwrap();
    let err = bounded(client.send(&GetEvent::new(1))).await.unwrap_err();
    assert!(err.api().is_some_and(ApiError::is_decode), "{err:?}");
    let (_, err) = bounded(first_error(client.stream(search()))).await;
    assert!(err.api().is_some_and(ApiError::is_decode), "{err:?}");
}
