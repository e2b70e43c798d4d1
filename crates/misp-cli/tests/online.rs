//! The online commands against wiremock serving recorded MISP 2.5.1 responses.

mod common;

use common::{KEY, misp, only_request, run_async, run_online, serve};
use serde_json::{Value, json};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer};

fn lines(stdout: &str) -> Vec<Value> {
    stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[tokio::test]
async fn version() {
    let server = MockServer::start().await;
    serve(&server, "01_servers_getVersion", 1).await;
    let r = run_online(&server, &["version", "--pretty"]).await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    insta::assert_snapshot!(r.stdout);
    let (method, _) = only_request(&server).await;
    assert_eq!(method, "GET");
    // The key travels in Authorization.
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests[0].headers["authorization"], KEY);
}

#[tokio::test]
async fn event_get_prints_the_event_envelope() {
    let server = MockServer::start().await;
    serve(&server, "19_events_view", 1).await;
    let r = run_online(&server, &["event", "get", "1", "--pretty"]).await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    insta::assert_snapshot!(r.stdout);
    // What it prints is an event file the offline commands read.
    let mut validate = misp();
    validate
        .args(["event", "validate", "-"])
        .write_stdin(r.stdout);
    let v = run_async(validate).await;
    assert_eq!(v.code, 0, "{}{}", v.stdout, v.stderr);
}

#[tokio::test]
async fn event_get_unknown_exits_3_with_the_servers_message() {
    let server = MockServer::start().await;
    serve(&server, "55_error_unknown_event", 1).await;
    let r = run_online(&server, &["event", "get", "999999"]).await;
    assert_eq!(r.code, 3);
    assert_eq!(r.stdout, "");
    insta::assert_snapshot!(r.stderr, @"error: GET /events/view/999999: not found (404 Not Found): Invalid event");
}

#[tokio::test]
async fn event_search_streams_events_with_filters() {
    let server = MockServer::start().await;
    serve(&server, "40_events_restSearch_json", 1).await;
    let r = run_online(
        &server,
        &[
            "event",
            "search",
            "--value",
            "203.0.113.10",
            "--tag",
            "tlp:amber",
            "--not-tag",
            "tlp:red",
            "--last",
            "7d",
            "--published",
            "--info",
            "%test%",
            "--json-lines",
        ],
    )
    .await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    let events = lines(&r.stdout);
    assert!(!events.is_empty());
    assert!(events.iter().all(|e| e["Event"]["uuid"].is_string()));
    let (method, body) = only_request(&server).await;
    assert_eq!(method, "POST");
    assert_eq!(body["returnFormat"], "json");
    assert_eq!(body["value"], "203.0.113.10");
    assert_eq!(body["last"], "7d");
    assert_eq!(body["published"], json!(true));
    assert_eq!(body["eventinfo"], "%test%");
    assert_eq!(
        body["tags"],
        json!({"OR": ["tlp:amber"], "NOT": ["tlp:red"]})
    );
}

#[tokio::test]
async fn published_since_and_until_send_a_publish_timestamp_range() {
    let server = MockServer::start().await;
    serve(&server, "40_events_restSearch_json", 1).await;
    let r = run_online(
        &server,
        &[
            "event",
            "search",
            "--published-since",
            "2026-11-01",
            "--published-until",
            "1764547200",
            "--json-lines",
        ],
    )
    .await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    let (_, body) = only_request(&server).await;
    // The search's range form: `[from, to]`, each as a single time would be sent.
    assert_eq!(
        body["publish_timestamp"],
        json!(["2026-11-01", 1764547200]),
        "{body}"
    );

    // Alone, --published-since stays a single time; --published-until needs it.
    let server = MockServer::start().await;
    serve(&server, "43_attributes_restSearch_json", 1).await;
    let r = run_online(
        &server,
        &[
            "attribute",
            "search",
            "--published-since",
            "7d",
            "--json-lines",
        ],
    )
    .await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    let (_, body) = only_request(&server).await;
    assert_eq!(body["publish_timestamp"], "7d");
    let r = run_online(&server, &["event", "search", "--published-until", "1d"]).await;
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("--published-since"), "{}", r.stderr);
}

#[tokio::test]
async fn attribute_search_json_streams_attributes() {
    let server = MockServer::start().await;
    serve(&server, "43_attributes_restSearch_json", 1).await;
    let r = run_online(
        &server,
        &[
            "attribute",
            "search",
            "--type",
            "ip-dst",
            "--category",
            "Network activity",
            "--to-ids",
            "--event",
            "1",
            "--limit",
            "50",
        ],
    )
    .await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    let list: Vec<Value> = serde_json::from_str(&r.stdout).unwrap();
    assert!(!list.is_empty());
    assert!(list.iter().all(|a| a["type"] == "ip-dst"));
    let (_, body) = only_request(&server).await;
    assert_eq!(
        body,
        json!({"returnFormat": "json", "type": "ip-dst", "category": "Network activity",
               "eventid": "1", "to_ids": true, "limit": 50})
    );
}

#[tokio::test]
async fn attribute_search_csv_is_copied_raw() {
    let server = MockServer::start().await;
    let rec = serve(&server, "44_attributes_restSearch_csv", 1).await;
    let r = run_online(
        &server,
        &["attribute", "search", "--event", "1", "--format", "csv"],
    )
    .await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stdout.as_bytes(), rec.body.as_slice());
    let (_, body) = only_request(&server).await;
    assert_eq!(body["returnFormat"], "csv");
}

#[tokio::test]
async fn attribute_search_no_match_is_an_empty_list() {
    let server = MockServer::start().await;
    serve(&server, "47_attributes_restSearch_no_match", 1).await;
    let r = run_online(
        &server,
        &[
            "attribute",
            "search",
            "--value",
            "nothing-matches-this.invalid",
        ],
    )
    .await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stdout, "[]\n");
}

#[tokio::test]
async fn attribute_add_sends_the_types_defaults() {
    let server = MockServer::start().await;
    serve(&server, "24_attributes_add", 1).await;
    let r = run_online(
        &server,
        &[
            "attribute",
            "add",
            "1",
            "url",
            "http://bad.example.net/x",
            "--comment",
            "landing",
            "--no-to-ids",
        ],
    )
    .await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    let added: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(added["id"], 4);
    let (method, body) = only_request(&server).await;
    assert_eq!(method, "POST");
    assert_eq!(body["type"], "url");
    assert_eq!(body["value"], "http://bad.example.net/x");
    assert_eq!(body["category"], "Network activity");
    assert_eq!(body["to_ids"], json!(false));
    assert_eq!(body["comment"], "landing");
    assert!(
        body["uuid"].is_string(),
        "a client-side UUID makes retries safe"
    );
}

#[tokio::test]
async fn attribute_add_refuses_an_invalid_value_before_sending() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(wiremock::ResponseTemplate::new(500))
        .expect(0)
        .mount(&server)
        .await;
    let r = run_online(
        &server,
        &["attribute", "add", "1", "ip-dst", "203.0.113.300"],
    )
    .await;
    assert_eq!(r.code, 1);
    assert!(
        r.stderr
            .starts_with("error: attribute not sent: 1 error(s)"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("Attribute.value"), "{}", r.stderr);
}

#[tokio::test]
async fn event_publish_and_delete() {
    let server = MockServer::start().await;
    serve(&server, "49_events_publish", 1).await;
    let r = run_online(&server, &["event", "publish", "1"]).await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    let ack: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(ack["message"], "Event published without alerts");

    let server = MockServer::start().await;
    serve(&server, "66_events_delete", 1).await;
    let r = run_online(&server, &["event", "delete", "2"]).await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    let ack: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(ack["message"], "Event deleted.");
    assert_eq!(only_request(&server).await.0, "POST");
}

#[tokio::test]
async fn sighting_add_by_value_and_by_attribute() {
    let server = MockServer::start().await;
    serve(&server, "36_sightings_add_by_value", 1).await;
    let r = run_online(
        &server,
        &["sighting", "add", "203.0.113.10", "--source", "recorder"],
    )
    .await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    let s: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(s["source"], "recorder");
    let (_, body) = only_request(&server).await;
    assert_eq!(
        body,
        json!({"source": "recorder", "type": 0, "value": "203.0.113.10"})
    );

    let server = MockServer::start().await;
    serve(&server, "37_sightings_add_by_attribute", 1).await;
    let r = run_online(
        &server,
        &[
            "sighting",
            "add",
            "--attribute",
            "4",
            "--type",
            "false-positive",
        ],
    )
    .await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    let (_, body) = only_request(&server).await;
    assert_eq!(body, json!({"type": 1}));
}

#[tokio::test]
async fn tag_list() {
    let server = MockServer::start().await;
    serve(&server, "10_tags_index", 1).await;
    let r = run_online(&server, &["tag", "list", "--json-lines"]).await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    let tags = lines(&r.stdout);
    assert!(tags.len() > 5);
    assert!(tags.iter().all(|t| t["name"].is_string()));
}

/// A refused key exits 4 with the server's message, and the key appears nowhere: not on
/// stdout, not in the error, not in the debug log, whether it came from a flag or the
/// environment.
#[tokio::test]
async fn a_refused_key_never_shows() {
    let server = MockServer::start().await;
    let rec = common::recorded("52_error_bad_key");
    Mock::given(any())
        .respond_with(rec.response())
        .mount(&server)
        .await;

    let r = run_online(&server, &["--verbose", "event", "get", "1"]).await;
    assert_eq!(r.code, 4);
    assert!(
        r.stderr
            .contains("error: GET /events/view/1: authentication failed (403"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("Authentication failed. Please make sure"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("misp_request"),
        "the verbose log is on: {}",
        r.stderr
    );
    for text in [&r.stdout, &r.stderr] {
        assert!(!text.contains(KEY), "key leaked: {text}");
        assert!(
            !text.contains(&KEY[8..24]),
            "part of the key leaked: {text}"
        );
    }

    let mut cmd = misp();
    cmd.env("MISP_URL", server.uri())
        .env("MISP_KEY", KEY)
        .args([
            "-v",
            "--retries",
            "0",
            "attribute",
            "search",
            "--value",
            "x",
        ]);
    let r = run_async(cmd).await;
    assert_eq!(r.code, 4);
    assert!(
        !r.stdout.contains(KEY) && !r.stderr.contains(KEY),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("POST /attributes/restSearch"),
        "{}",
        r.stderr
    );
}

/// The config file's profile gives URL and key; `--profile` picks it.
#[tokio::test]
async fn config_file_profile() {
    let server = MockServer::start().await;
    serve(&server, "01_servers_getVersion", 1).await;
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(
        &config,
        format!(
            "default_profile = \"other\"\n[profiles.other]\nurl = \"http://127.0.0.1:1\"\n\
             [profiles.mock]\nurl = \"{}\"\nkey = \"{KEY}\"\nmax_retries = 0\n",
            server.uri()
        ),
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&config, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
    let mut cmd = misp();
    cmd.env("MISP_CONFIG", &config)
        .args(["--profile", "mock", "version"]);
    let r = run_async(cmd).await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["version"], "2.5.1");
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests[0].headers["authorization"], KEY);

    let mut cmd = misp();
    cmd.env("MISP_CONFIG", &config)
        .args(["--profile", "nope", "version"]);
    let r = run_async(cmd).await;
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("no profile `nope`") && r.stderr.contains("mock, other"),
        "{}",
        r.stderr
    );
}
