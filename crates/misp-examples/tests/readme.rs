//! The README's library example, run as the program it is: `MISP_URL` and `MISP_KEY` point at
//! a wiremock server answering with the recorded `attributes/restSearch` for that query.

use std::process::Command;

#[tokio::test]
async fn the_readme_program_prints_the_recorded_attributes() {
    let server =
        misp_examples::serve(&["api/pymisp/303_search_search_attributes_event_tags_timestamp"])
            .await;
    let home = tempfile::tempdir().unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_readme"))
        .env_clear()
        .env("MISP_URL", server.uri())
        .env("MISP_KEY", misp_examples::KEY)
        // No config file: the default path under an empty home.
        .env("HOME", home.path())
        .env("XDG_CONFIG_HOME", home.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    // The recorded answer's attributes, in its order.
    let recorded =
        misp_examples::recorded("api/pymisp/303_search_search_attributes_event_tags_timestamp");
    let body: serde_json::Value = serde_json::from_slice(&recorded.body).unwrap();
    let expected: Vec<String> = body["response"]["Attribute"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            // The recording is of a server that sends ids as strings; the program prints numbers.
            let event = a["event_id"].as_str().unwrap();
            format!(
                "{event}\t{}\t{}",
                a["type"].as_str().unwrap(),
                a["value"].as_str().unwrap()
            )
        })
        .collect();
    assert!(!expected.is_empty());
    assert_eq!(stdout.lines().collect::<Vec<_>>(), expected);
    // The program asked for what it says (the server only answers the recorded query):
    // TLP:AMBER attributes changed in the last day.
    let requests = server.received_requests().await.unwrap();
    let sent: serde_json::Value = serde_json::from_slice(&requests[0].body).unwrap();
    assert_eq!(sent["timestamp"], "1d");
    assert_eq!(sent["tags"], "tlp:amber");
    assert_eq!(requests[0].headers["authorization"], misp_examples::KEY);
}

#[tokio::test]
async fn the_readme_program_reports_a_missing_url() {
    let home = tempfile::tempdir().unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_readme"))
        .env_clear()
        .env("HOME", home.path())
        .env("XDG_CONFIG_HOME", home.path())
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("MISP_URL"), "{stderr}");
}
