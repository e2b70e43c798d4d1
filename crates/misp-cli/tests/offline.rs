//! The offline commands over the repository's fixtures.

mod common;

use common::{fixture, misp, run};

fn events() -> Vec<String> {
    let mut files: Vec<String> = std::fs::read_dir(fixture("events"))
        .unwrap()
        .map(|e| {
            format!(
                "fixtures/events/{}",
                e.unwrap().file_name().to_string_lossy()
            )
        })
        .collect();
    files.sort();
    files
}

#[test]
fn event_read_writes_the_canonical_form() {
    let r = run(&[
        "event",
        "read",
        "--pretty",
        "fixtures/events/stringified-events-view.json",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    insta::assert_snapshot!(r.stdout);
}

#[test]
fn event_read_keeps_envelope_and_every_key_for_every_fixture() {
    for file in events() {
        let r = run(&["event", "read", &file]);
        assert_eq!(r.code, 0, "{file}: {}", r.stderr);
        let original: serde_json::Value =
            serde_json::from_slice(&std::fs::read(common::root().join(&file)).unwrap()).unwrap();
        let written: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
        // Same envelope, and no difference under the library's equivalence.
        let envelope = |v: &serde_json::Value| {
            ["Event", "response"]
                .into_iter()
                .find(|k| v.get(k).is_some())
        };
        assert_eq!(
            envelope(&original).unwrap_or("Event"),
            envelope(&written).unwrap(),
            "{file}"
        );
        if original.get("Event").is_some() || original.get("response").is_some() {
            let diffs = misp_types::compare::differences(&original, &written);
            assert!(diffs.is_empty(), "{file}: {diffs:?}");
        }
        // Compact output is one line; reading it again gives the same text.
        assert_eq!(r.stdout.lines().count(), 1, "{file}");
        let again = misp()
            .args(["event", "read", "-"])
            .write_stdin(r.stdout.clone())
            .output()
            .unwrap();
        assert_eq!(String::from_utf8(again.stdout).unwrap(), r.stdout, "{file}");
    }
}

#[test]
fn event_read_reports_where_a_file_is_wrong() {
    let r = misp()
        .args(["event", "read", "-"])
        .write_stdin(r#"{"Event":{"info":"x","Attribute":[{"to_ids":"maybe"}]}}"#)
        .output()
        .unwrap();
    let r = common::Run::from(r);
    assert_eq!(r.code, 1);
    assert!(r.stdout.is_empty());
    insta::assert_snapshot!(r.stderr, @"error: `-`: invalid MISP JSON at `Event.Attribute[0].to_ids` (line 1, column 51): invalid value: string \"maybe\", expected a boolean (true/false, 1/0, \"1\"/\"0\")");
}

#[test]
fn event_validate_passes_the_recorded_events() {
    let files = events();
    let mut args = vec!["event", "validate"];
    args.extend(files.iter().map(String::as_str));
    let r = run(&args);
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    insta::assert_snapshot!(format!("stdout:\n{}\nstderr:\n{}", r.stdout, r.stderr));
}

#[test]
fn event_validate_lists_each_problem_and_fails() {
    let r = run(&["event", "validate", "fixtures/cli/invalid-event.json"]);
    assert_eq!(r.code, 1);
    insta::assert_snapshot!(format!("stdout:\n{}\nstderr:\n{}", r.stdout, r.stderr));
}

#[test]
fn event_validate_as_json_lines() {
    let r = run(&[
        "event",
        "validate",
        "--json-lines",
        "fixtures/cli/invalid-event.json",
    ]);
    assert_eq!(r.code, 1);
    let problems: Vec<serde_json::Value> = r
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(problems.len(), 5);
    assert_eq!(problems[0]["path"], "Event.Attribute[0].value");
    assert_eq!(problems[0]["severity"], "error");
    assert_eq!(problems[3]["severity"], "warning");
}

#[test]
fn event_validate_goes_on_after_a_missing_file() {
    let r = run(&[
        "event",
        "validate",
        "no-such-file.json",
        "fixtures/events/native-events-view.json",
    ]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr
            .starts_with("error: cannot read `no-such-file.json`: "),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("1 unreadable"), "{}", r.stderr);
}

#[test]
fn event_summary_counts() {
    let r = run(&[
        "event",
        "summary",
        "--pretty",
        "fixtures/events/pymisp-get-event-extended.json",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    insta::assert_snapshot!(r.stdout);
    // A restSearch response gives one summary per event.
    let r = run(&[
        "event",
        "summary",
        "fixtures/events/native-events-restsearch.json",
    ]);
    let list: Vec<serde_json::Value> = serde_json::from_str(&r.stdout).unwrap();
    assert!(!list.is_empty());
    assert!(list.iter().all(|s| s["uuid"].is_string()));
}

#[test]
fn feed_export_then_read_round_trips() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("feed");
    let out_arg = out.to_str().unwrap();
    let r = run(&[
        "feed-dir",
        "export",
        "--out",
        out_arg,
        "fixtures/events/feed-6c1c6c4f-5cde-474f-bb69-8e5b8b041f81.json",
        "fixtures/events/feed-dad88707-beb8-4a14-94e2-5ffecf5a5f85.json",
        "fixtures/events/native-events-view.json",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let manifest: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(manifest.len(), 3);
    assert!(manifest.contains_key("93c351ac-14d9-4e91-a82d-dcef1e86ce24"));
    assert!(out.join("manifest.json").exists() && out.join("hashes.csv").exists());
    for uuid in manifest.keys() {
        assert!(out.join(format!("{uuid}.json")).exists(), "{uuid}");
    }

    let r = run(&["feed-dir", "read", "--json-lines", out_arg]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stderr, "", "a fresh feed has no issues");
    let uuids: Vec<String> = r
        .stdout
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["uuid"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    assert_eq!(uuids, manifest.keys().cloned().collect::<Vec<_>>());
}

#[test]
fn feed_read_lists_a_real_feed() {
    let r = run(&[
        "feed-dir",
        "read",
        "--json-lines",
        "fixtures/types/infoblox-feed",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    insta::assert_snapshot!(format!("stdout:\n{}\nstderr:\n{}", r.stdout, r.stderr));
}

#[test]
fn feed_read_without_manifest_fails() {
    let dir = tempfile::tempdir().unwrap();
    let r = run(&["feed-dir", "read", dir.path().to_str().unwrap()]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.starts_with("error: cannot access feed file"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("manifest.json"), "{}", r.stderr);
}

#[test]
fn types_list_show_and_category() {
    let r = run(&["types", "show", "filename|md5"]);
    assert_eq!(r.code, 0);
    insta::assert_snapshot!(r.stdout, @r#"{"type":"filename|md5","default_category":"Payload delivery","to_ids":true,"composite":true,"categories":["Payload delivery","Artifacts dropped","Payload installation","External analysis"]}"#);

    let all = run(&["types", "--json-lines"]);
    let n = all.stdout.lines().count();
    assert_eq!(n, misp_types::AttributeType::ALL.len());

    let r = run(&["types", "--category", "Network activity", "--json-lines"]);
    let names: Vec<String> = r
        .stdout
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["type"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    assert!(names.contains(&"ip-dst".to_owned()) && !names.contains(&"md5".to_owned()));
    assert!(names.len() < n);

    let r = run(&["types", "show", "ip-dts"]);
    assert_eq!(r.code, 3);
    insta::assert_snapshot!(r.stderr, @"error: unknown attribute type `ip-dts` (see `misp types`)");
    let r = run(&["types", "--category", "Nope"]);
    assert_eq!(r.code, 3);
    assert!(
        r.stderr
            .contains("unknown category `Nope` (known: Internal reference,")
    );
}

#[test]
fn template_show_and_list() {
    let r = run(&["template", "show", "--pretty", "domain-ip"]);
    assert_eq!(r.code, 0);
    insta::assert_snapshot!(r.stdout);
    let r = run(&["template", "list", "--json-lines"]);
    assert_eq!(
        r.stdout.lines().count(),
        misp_types::object_templates().len()
    );
    let r = run(&["template", "show", "no-such-template"]);
    assert_eq!(r.code, 3);
}

#[test]
fn usage_errors_exit_2() {
    let r = run(&["event", "validate"]);
    assert_eq!(r.code, 2);
    let r = run(&["attribute", "search", "--format", "pdf"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("unknown return format `pdf`"),
        "{}",
        r.stderr
    );
    let r = run(&["sighting", "add"]);
    assert_eq!(r.code, 2);
}

#[test]
fn online_command_without_url_says_how_to_give_it() {
    let r = run(&["version"]);
    assert_eq!(r.code, 2);
    insta::assert_snapshot!(r.stderr, @"error: no URL: pass --url or set MISP_URL (or `url` in the config profile)");
}

#[test]
fn help_documents_exit_codes() {
    let r = run(&["--help"]);
    assert_eq!(r.code, 0);
    assert!(r.stdout.contains("Exit codes:") && r.stdout.contains("4  authentication failed"));
    for sub in [
        &["event", "--help"][..],
        &["attribute", "search", "--help"],
        &["feed-dir", "export", "--help"],
        &["sighting", "add", "--help"],
    ] {
        let r = run(sub);
        assert_eq!(r.code, 0, "{sub:?}");
    }
}
