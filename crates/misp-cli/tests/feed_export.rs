//! `misp feed-dir export`: all inputs are checked before anything is written, and a failure leaves
//! the previous feed.

mod common;

use common::run;

fn files(dir: &std::path::Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}

#[test]
fn one_bad_input_leaves_the_previous_feed() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("feed");
    let out_arg = out.to_str().unwrap();
    let good = "fixtures/events/feed-6c1c6c4f-5cde-474f-bb69-8e5b8b041f81.json";
    let r = run(&["feed-dir", "export", "--out", out_arg, good]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let before = files(&out);

    // An event without an info line cannot go into a feed; an unreadable file cannot be read.
    let no_info = dir.path().join("no-info.json");
    std::fs::write(&no_info, r#"{"Event":{"uuid":"5b4e7b46-2bd0-4b34-8c3a-4e6b3c0d2f11","Orgc":{"name":"o","uuid":"55f6ea5e-2c60-40e5-964f-47a8950d210f"}}}"#).unwrap();
    let broken = dir.path().join("broken.json");
    std::fs::write(&broken, r#"{"Event":{"info":"#).unwrap();
    for bad in [&no_info, &broken] {
        let other = "fixtures/events/feed-dad88707-beb8-4a14-94e2-5ffecf5a5f85.json";
        let r = run(&[
            "feed-dir",
            "export",
            "--out",
            out_arg,
            other,
            bad.to_str().unwrap(),
        ]);
        assert_ne!(r.code, 0, "{}", r.stdout);
        assert!(r.stderr.starts_with("error: "), "{}", r.stderr);
        assert_eq!(files(&out), before, "{}", bad.display());
    }
    let r = run(&["feed-dir", "read", out_arg]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stderr, "");
}

#[test]
fn an_event_new_with_orgc_exports_as_a_feed() {
    let dir = tempfile::tempdir().unwrap();
    let event = dir.path().join("e.json");
    let feed = dir.path().join("feed");
    let org = "55f6ea5e-2c60-40e5-964f-47a8950d210f";
    let orgc = format!("CERT=Example={org}");
    let new = |extra: &[&str]| {
        let mut args = vec![
            "event",
            "new",
            "--info",
            "Lab",
            "--attribute",
            "ip-dst=203.0.113.7",
            "--out",
            event.to_str().unwrap(),
        ];
        args.extend_from_slice(extra);
        run(&args)
    };
    // Without a creator organisation the feed refuses the event, naming what is missing.
    assert_eq!(new(&[]).code, 0);
    let r = run(&[
        "feed-dir",
        "export",
        "--out",
        feed.to_str().unwrap(),
        event.to_str().unwrap(),
    ]);
    assert_ne!(r.code, 0);
    assert!(r.stderr.contains("Orgc"), "{}", r.stderr);

    let r = new(&["--orgc", &orgc]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let written: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&event).unwrap()).unwrap();
    let uuid = written["Event"]["uuid"].as_str().unwrap().to_owned();
    let r = run(&[
        "feed-dir",
        "export",
        "--out",
        feed.to_str().unwrap(),
        event.to_str().unwrap(),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(feed.join("manifest.json")).unwrap()).unwrap();
    // The name keeps its `=`: the UUID is after the last one.
    assert_eq!(manifest[&uuid]["Orgc"]["name"], "CERT=Example");
    assert_eq!(manifest[&uuid]["Orgc"]["uuid"], org);
    assert!(feed.join(format!("{uuid}.json")).is_file());
    let hashes = std::fs::read_to_string(feed.join("hashes.csv")).unwrap();
    assert!(hashes.contains(&uuid), "{hashes}");

    // A malformed --orgc is a usage error naming the flag.
    let r = new(&["--orgc", "CERT"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("--orgc") && r.stderr.contains("NAME=UUID"),
        "{}",
        r.stderr
    );
    let r = new(&["--orgc", "CERT=not-a-uuid"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("not a UUID"), "{}", r.stderr);
}
