//! What the command line shows of the server's answers: every page of a search, typed
//! refusals with their exit code, and never the key.

mod common;

use common::*;
use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

/// `attributes/restSearch` paging as MISP 2.5.1 does (fixtures/live/README.md): with a `limit`,
/// `X-Result-Count` is the page's count plus one when the page is full, and 1 on an empty page.
struct Misp251Attributes {
    attributes: Vec<Value>,
}

impl Respond for Misp251Attributes {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let body: Value = serde_json::from_slice(&request.body).unwrap();
        let all = self.attributes.len();
        let (page, count): (Vec<Value>, usize) = match body["limit"].as_u64() {
            None => (self.attributes.clone(), all),
            Some(limit) => {
                let limit = limit as usize;
                let number = body["page"].as_u64().unwrap_or(1) as usize;
                let page: Vec<Value> = self
                    .attributes
                    .iter()
                    .skip((number - 1) * limit)
                    .take(limit)
                    .cloned()
                    .collect();
                let count = match page.len() {
                    0 => 1,
                    n if n == limit => n + 1,
                    n => n,
                };
                (page, count)
            }
        };
        ResponseTemplate::new(200)
            .insert_header("X-Result-Count", count.to_string().as_str())
            .set_body_json(json!({"response": {"Attribute": page}}))
    }
}

#[tokio::test]
async fn attribute_search_with_any_page_size_returns_every_attribute() {
    let attributes: Vec<Value> = (1..=31)
        .map(|i| {
            json!({"id": i.to_string(), "event_id": "1", "type": "ip-dst", "category": "Network activity",
                   "value": format!("198.51.100.{i}"), "uuid": format!("00000000-0000-4000-8000-{i:012}")})
        })
        .collect();
    for n in ["1", "3", "5", "7", "8"] {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .and(path("/attributes/restSearch"))
            .respond_with(Misp251Attributes {
                attributes: attributes.clone(),
            })
            .mount(&server)
            .await;
        let r = run_online(
            &server,
            &["attribute", "search", "--since", "7d", "--page-size", n],
        )
        .await;
        assert_eq!(r.code, 0, "--page-size {n}: {}", r.stderr);
        let list: Vec<Value> = serde_json::from_str(&r.stdout).unwrap();
        let ids: Vec<u64> = list.iter().map(|a| a["id"].as_u64().unwrap()).collect();
        let expected: Vec<u64> = (1..=31).collect();
        assert_eq!(ids, expected, "--page-size {n}");
    }
}

#[tokio::test]
async fn a_walk_past_max_pages_stops_with_an_error_naming_the_limit() {
    let attributes: Vec<Value> = (1..=31)
        .map(|i| json!({"id": i.to_string(), "event_id": "1", "type": "ip-dst", "value": format!("198.51.100.{i}")}))
        .collect();
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/attributes/restSearch"))
        .respond_with(Misp251Attributes { attributes })
        .mount(&server)
        .await;
    let r = run_online(
        &server,
        &[
            "attribute",
            "search",
            "--since",
            "7d",
            "--page-size",
            "5",
            "--max-pages",
            "2",
        ],
    )
    .await;
    assert_ne!(r.code, 0, "a walk of 7 pages cannot fit in 2: {}", r.stdout);
    assert!(r.stderr.contains("page limit"), "{}", r.stderr);
    assert!(
        r.stderr.contains("max_pages") || r.stderr.contains("MISP_MAX_PAGES"),
        "{}",
        r.stderr
    );
}

#[test]
fn limits_given_on_the_command_line_are_checked() {
    for (flag, value) in [
        ("--timeout", "inf"),
        ("--timeout", "-3"),
        ("--walk-timeout", "1e300"),
        ("--max-body-size", "0"),
        ("--max-pages", "0"),
    ] {
        let arg = format!("{flag}={value}");
        let r = run(&[arg.as_str(), "version"]);
        assert_eq!(r.code, 2, "{flag} {value}: {}", r.stderr);
        assert!(r.stderr.contains(flag), "{flag} {value}: {}", r.stderr);
    }
}

#[tokio::test]
async fn a_server_echoing_the_key_in_a_500_never_shows_it() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/events/view/1"))
        .respond_with(ResponseTemplate::new(500).set_body_raw(
            format!(
                "<html><body><h1>Internal error</h1><pre>GET /events/view/1\nAuthorization: {KEY}\nAccept: application/json</pre></body></html>"
            ),
            "text/html",
        ))
        .mount(&server)
        .await;
    for verbose in [false, true] {
        let mut args = vec!["event", "get", "1"];
        if verbose {
            args.insert(0, "--verbose");
        }
        let r = run_online(&server, &args).await;
        assert_ne!(r.code, 0);
        assert!(r.stderr.contains("server error"), "{}", r.stderr);
        assert!(
            !r.stdout.contains(KEY) && !r.stderr.contains(KEY),
            "the key leaked: {}{}",
            r.stdout,
            r.stderr
        );
        assert!(r.stderr.contains("<redacted key>"), "{}", r.stderr);
    }
}

#[tokio::test]
async fn refusals_for_lack_of_rights_exit_4() {
    // 403 "Could not delete Event" (fixtures/live/native/z05).
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/events/delete/37"))
        .respond_with(ResponseTemplate::new(403).set_body_json(json!({
            "saved": false, "name": "Could not delete Event", "message": "Could not delete Event",
            "url": "/events/delete", "errors": "Event was not deleted."
        })))
        .mount(&server)
        .await;
    let r = run_online(&server, &["event", "delete", "37"]).await;
    assert_eq!(r.code, 4, "{}", r.stderr);
    assert!(r.stderr.contains("permission denied"), "{}", r.stderr);
    assert!(r.stderr.contains("Could not delete Event"), "{}", r.stderr);

    // 403 "You do not have permission to use this functionality." (e04).
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(403).set_body_json(json!({
            "name": "You do not have permission to use this functionality.",
            "message": "You do not have permission to use this functionality.",
            "url": "/events/publish/38"
        })))
        .mount(&server)
        .await;
    let r = run_online(&server, &["event", "publish", "38"]).await;
    assert_eq!(r.code, 4, "{}", r.stderr);
}

#[test]
fn a_missing_url_says_how_to_give_it() {
    let r = run(&["event", "get", "1"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains("no URL: pass --url or set MISP_URL"),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains("builder"), "{}", r.stderr);
}
