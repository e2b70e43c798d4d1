//! Snapshots of each command's output and exit code against recorded MISP 2.5.1 answers
//! (with their real statuses and headers), in both number encodings where both were
//! recorded.

mod common;

use common::{run, run_online, serve_live};
use wiremock::MockServer;

/// What a snapshot holds: the exit code, stdout and stderr.
fn shown(r: &common::Run) -> String {
    format!(
        "exit {}\n--- stdout\n{}--- stderr\n{}",
        r.code, r.stdout, r.stderr
    )
}

/// Serves `fixtures` and runs `misp ARGS` against them.
async fn online(fixtures: &[&str], args: &[&str]) -> common::Run {
    let server = MockServer::start().await;
    for f in fixtures {
        serve_live(&server, f, 1).await;
    }
    let r = run_online(&server, args).await;
    server.verify().await;
    r
}

#[tokio::test]
async fn event_index_page() {
    for mode in ["native", "stringified"] {
        let r = online(
            &[&format!("live/{mode}/p22_events_index_limit1_page1")],
            &["event", "index", "--limit", "1", "--page", "1", "-o", "csv"],
        )
        .await;
        insta::assert_snapshot!(format!("event_index_page_{mode}"), shown(&r));
    }
}

#[tokio::test]
async fn event_search_page_walk() {
    let server = MockServer::start().await;
    for (page, f) in [
        (1, "p14_events_restSearch_limit1_page1"),
        (2, "p15_events_restSearch_limit1_page2"),
    ] {
        let rec = common::live(&format!("live/native/{f}"));
        wiremock::Mock::given(wiremock::matchers::path("/events/restSearch"))
            .and(wiremock::matchers::body_partial_json(
                serde_json::json!({"page": page}),
            ))
            .respond_with(rec.response())
            .expect(1)
            .mount(&server)
            .await;
    }
    let r = run_online(
        &server,
        &[
            "event",
            "search",
            "--info",
            "[rec]%",
            "--page-size",
            "1",
            "-o",
            "table",
        ],
    )
    .await;
    server.verify().await;
    insta::assert_snapshot!(shown(&r));
}

#[tokio::test]
async fn attribute_search_table() {
    let r = online(
        &["live/native/p12_attributes_restSearch_nolimit"],
        &["attribute", "search", "--event", "37", "-o", "table"],
    )
    .await;
    insta::assert_snapshot!(shown(&r));
}

#[tokio::test]
async fn attribute_search_csv_export() {
    let r = online(
        &["live/stringified/p28_attributes_restSearch_csv_limit3_page1"],
        &[
            "attribute",
            "search",
            "--format",
            "csv",
            "--limit",
            "3",
            "--page",
            "1",
        ],
    )
    .await;
    insta::assert_snapshot!(shown(&r));
}

#[tokio::test]
async fn event_add_from_flags() {
    let r = online(
        &["api/pymisp/066_events_add_event"],
        &[
            "event",
            "add",
            "--info",
            "Rust corpus event A",
            "--threat-level",
            "medium",
            "-o",
            "table",
        ],
    )
    .await;
    insta::assert_snapshot!(shown(&r));
}

#[tokio::test]
async fn event_unpublish_and_delete() {
    let r = online(
        &["api/pymisp/268_events_unpublish"],
        &["event", "unpublish", "10"],
    )
    .await;
    insta::assert_snapshot!("event_unpublish", shown(&r));
    let r = online(
        &["api/pymisp/380_events_delete_event"],
        &["event", "delete", "11"],
    )
    .await;
    insta::assert_snapshot!("event_delete", shown(&r));
    let r = online(
        &["api/pymisp/382_events_delete_event_unknown"],
        &["event", "delete", "999999"],
    )
    .await;
    insta::assert_snapshot!("event_delete_unknown", shown(&r));
}

#[tokio::test]
async fn tag_attach_and_detach() {
    let r = online(
        &["api/pymisp/129_tagging_tag_event"],
        &[
            "tag",
            "attach",
            "35ec5522-10de-43c8-a274-d1d5dfb955e5",
            "rust-corpus:temp",
            "-o",
            "table",
        ],
    )
    .await;
    insta::assert_snapshot!("tag_attach", shown(&r));
    let r = online(
        &["api/pymisp/133_tagging_untag_event"],
        &[
            "tag",
            "detach",
            "35ec5522-10de-43c8-a274-d1d5dfb955e5",
            "rust-corpus:temp",
        ],
    )
    .await;
    insta::assert_snapshot!("tag_detach", shown(&r));
}

#[tokio::test]
async fn tag_list_table() {
    let r = online(
        &["live/native/p30_tags_index"],
        &["tag", "list", "-o", "table"],
    )
    .await;
    insta::assert_snapshot!(shown(&r));
}

#[tokio::test]
async fn freetext_import() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("report.txt");
    let rec = common::live("api/pymisp/091_attributes_freetext");
    let text = rec.request_body["value"]
        .as_str()
        .unwrap_or("203.0.113.5 evil.example");
    std::fs::write(&file, text).unwrap();
    let r = online(
        &["api/pymisp/091_attributes_freetext"],
        &[
            "freetext",
            "10",
            file.to_str().unwrap(),
            "-o",
            "csv",
            "--fields",
            "type,value",
        ],
    )
    .await;
    insta::assert_snapshot!(shown(&r));
}

#[tokio::test]
async fn sample_upload_advanced_with_extractor() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("x.exe");
    std::fs::write(&file, b"MZ fake").unwrap();
    let r = online(
        &["live/native/s04_events_upload_sample_advanced1_with_extractor"],
        &[
            "sample",
            "upload",
            "39",
            file.to_str().unwrap(),
            "--advanced",
            "-o",
            "table",
        ],
    )
    .await;
    insta::assert_snapshot!(shown(&r));
}

#[tokio::test]
async fn sample_upload_needs_files() {
    let r = run(&["sample", "upload", "39"]);
    insta::assert_snapshot!(shown(&r));
}

#[test]
fn offline_commands() {
    for (name, args) in [
        ("schema_list", &["schema", "--list", "-o", "csv"][..]),
        (
            "types_show",
            &["types", "show", "ip-dst", "-o", "table"][..],
        ),
        (
            "template_show_table",
            &[
                "template",
                "show",
                "domain-ip",
                "-o",
                "table",
                "--fields",
                "name,meta-category",
            ][..],
        ),
        (
            "event_summary_table",
            &[
                "event",
                "summary",
                "fixtures/events/native-events-view.json",
                "-o",
                "table",
            ][..],
        ),
        ("unknown_schema", &["schema", "nothing"][..]),
    ] {
        let r = run(args);
        insta::assert_snapshot!(name, shown(&r));
    }
}

#[tokio::test]
async fn event_edit_fetches_changes_and_sends_back() {
    let server = MockServer::start().await;
    serve_live(&server, "api/pymisp/071_events_get_event_uuid", 1).await;
    serve_live(&server, "api/pymisp/076_events_update_event", 1).await;
    let r = run_online(
        &server,
        &[
            "event",
            "edit",
            "35ec5522-10de-43c8-a274-d1d5dfb955e5",
            "--info",
            "Rust corpus event A (edited)",
            "--threat-level",
            "high",
            "--analysis",
            "completed",
            "-o",
            "table",
        ],
    )
    .await;
    server.verify().await;
    insta::assert_snapshot!(shown(&r));
    let requests = server.received_requests().await.unwrap();
    let sent: serde_json::Value = serde_json::from_slice(&requests[1].body).unwrap();
    let event = sent.get("Event").unwrap_or(&sent);
    assert_eq!(event["info"], "Rust corpus event A (edited)");
    assert_eq!(event["threat_level_id"], 1);
    assert_eq!(event["analysis"], 2);
    // The attributes it had go back unchanged.
    assert!(event["uuid"].is_string());
}

#[tokio::test]
async fn event_add_from_a_file_twice_returns_the_stored_event() {
    let server = MockServer::start().await;
    // The server already has this UUID: it answers 404 "Event already exists" with
    // Location; the stored event is fetched by UUID instead of creating a copy.
    serve_live(&server, "api/pymisp/069_events_add_event_duplicate_uuid", 1).await;
    serve_live(&server, "api/pymisp/071_events_get_event_uuid", 1).await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("event.json");
    std::fs::write(
        &file,
        r#"{"Event":{"uuid":"35ec5522-10de-43c8-a274-d1d5dfb955e5","info":"dup"}}"#,
    )
    .unwrap();
    let r = run_online(
        &server,
        &[
            "event",
            "add",
            "--file",
            file.to_str().unwrap(),
            "-o",
            "table",
        ],
    )
    .await;
    server.verify().await;
    insta::assert_snapshot!(shown(&r));
    // An invalid file is not sent.
    std::fs::write(&file, r#"{"Event":{"info":"x","threat_level_id":9}}"#).unwrap();
    let bad = run_online(&server, &["event", "add", "--file", file.to_str().unwrap()]).await;
    assert_ne!(bad.code, 0);
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}
