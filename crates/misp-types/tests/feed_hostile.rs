//! Feeds from elsewhere: reading stays in the feed's directory, within a size, and an export
//! that fails leaves the previous feed as it was.

use std::fs;
use std::path::Path;

use misp_types::builder::EventBuilder;
use misp_types::feed::{
    self, FeedError, FeedIssue, FeedOptions, FeedReadOptions, read_feed, read_feed_with,
};
use misp_types::{Event, Timestamp};

fn event(info: &str) -> Event {
    EventBuilder::new(info)
        .orgc(
            "CIRCL",
            "55f6ea5e-2c60-40e5-964f-47a8950d210f".parse().unwrap(),
        )
        .timestamp(Timestamp::new(1_715_000_000))
        .add_attribute("domain", "evil.example")
        .build()
        .unwrap()
}

fn manifest_with(dir: &Path, key: &str) {
    let text = format!(r#"{{"{key}":{{"info":"x","timestamp":1715000000}}}}"#);
    fs::write(dir.join("manifest.json"), text).unwrap();
}

#[test]
fn manifest_keys_cannot_name_files_outside_the_feed() {
    let root = tempfile::tempdir().unwrap();
    let feed = root.path().join("feed");
    fs::create_dir(&feed).unwrap();
    // A valid event outside the feed, that a hostile key would reach.
    let outside = serde_json::to_string(&misp_types::EventEnvelope::from(event("secret"))).unwrap();
    fs::write(root.path().join("secret.json"), &outside).unwrap();
    let absolute = root.path().join("secret").display().to_string();
    for key in [
        "../secret",
        absolute.as_str(),
        "sub/../../secret",
        ".hidden",
    ] {
        manifest_with(&feed, &key.replace('\\', "\\\\"));
        let read = read_feed(&feed).unwrap();
        assert!(read.events.is_empty(), "{key}");
        assert_eq!(
            read.issues,
            [FeedIssue::UnsafeName {
                name: key.to_owned()
            }],
            "{key}"
        );
    }
}

#[cfg(unix)]
#[test]
fn links_and_special_files_are_not_read_unless_asked() {
    let root = tempfile::tempdir().unwrap();
    let feed = root.path().join("feed");
    fs::create_dir(&feed).unwrap();
    let uuid = "5b4e7b46-2bd0-4b34-8c3a-4e6b3c0d2f11";
    let text = serde_json::to_string(&misp_types::EventEnvelope::from(event("linked"))).unwrap();
    fs::write(root.path().join("target.json"), &text).unwrap();
    std::os::unix::fs::symlink(
        root.path().join("target.json"),
        feed.join(format!("{uuid}.json")),
    )
    .unwrap();
    manifest_with(&feed, uuid);
    let read = read_feed(&feed).unwrap();
    assert!(read.events.is_empty());
    assert!(
        matches!(&read.issues[..], [FeedIssue::UnreadableEvent { message, .. }] if message.contains("symbolic link")),
        "{:?}",
        read.issues
    );
    let allowed = FeedReadOptions {
        follow_symlinks: true,
        ..FeedReadOptions::default()
    };
    let read = read_feed_with(&feed, &allowed).unwrap();
    assert_eq!(read.events.len(), 1);

    // A link to /dev/zero is not read even when links are allowed: it is not a regular file.
    fs::remove_file(feed.join(format!("{uuid}.json"))).unwrap();
    std::os::unix::fs::symlink("/dev/zero", feed.join(format!("{uuid}.json"))).unwrap();
    let read = read_feed_with(&feed, &allowed).unwrap();
    assert!(
        matches!(&read.issues[..], [FeedIssue::UnreadableEvent { message, .. }] if message.contains("not a regular file")),
        "{:?}",
        read.issues
    );
}

#[cfg(unix)]
#[test]
fn a_fifo_is_reported_without_waiting_for_a_writer() {
    let dir = tempfile::tempdir().unwrap();
    let uuid = "5b4e7b46-2bd0-4b34-8c3a-4e6b3c0d2f11";
    let fifo = dir.path().join(format!("{uuid}.json"));
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        panic!("mkfifo is needed for this test");
    }
    manifest_with(dir.path(), uuid);
    let read = read_feed(dir.path()).unwrap();
    assert!(
        matches!(&read.issues[..], [FeedIssue::UnreadableEvent { message, .. }] if message.contains("not a regular file")),
        "{:?}",
        read.issues
    );
}

#[test]
fn files_over_the_size_cap_are_not_read() {
    let dir = tempfile::tempdir().unwrap();
    feed::export(dir.path(), [&event("big")], &FeedOptions::default()).unwrap();
    let small = FeedReadOptions {
        max_file_size: 100,
        ..FeedReadOptions::default()
    };
    let err = read_feed_with(dir.path(), &small).unwrap_err();
    assert!(
        err.to_string().contains("larger than the 100 bytes"),
        "{err}"
    );
    let roomy = FeedReadOptions {
        max_file_size: 10_000,
        ..FeedReadOptions::default()
    };
    assert_eq!(read_feed_with(dir.path(), &roomy).unwrap().events.len(), 1);
}

#[test]
fn a_manifest_key_given_twice_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let uuid = "5b4e7b46-2bd0-4b34-8c3a-4e6b3c0d2f11";
    fs::write(
        dir.path().join("manifest.json"),
        format!(r#"{{"{uuid}":{{"info":"a"}},"{uuid}":{{"info":"b"}}}}"#),
    )
    .unwrap();
    let err = read_feed(dir.path()).unwrap_err();
    assert!(matches!(err, FeedError::Json { .. }), "{err}");
    assert!(err.to_string().contains("appears twice"), "{err}");
}

fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<_> = fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}

#[test]
fn a_failed_export_leaves_the_previous_feed() {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("feed");
    feed::export(&dir, [&event("first")], &FeedOptions::default()).unwrap();
    let before = snapshot(&dir);
    assert_eq!(before.len(), 3);

    let mut no_info = event("second");
    no_info.info = None;
    let err = feed::export(&dir, [&event("third"), &no_info], &FeedOptions::default()).unwrap_err();
    assert!(
        matches!(err, FeedError::MissingField { field: "info", .. }),
        "{err}"
    );
    assert_eq!(snapshot(&dir), before);
    // Nothing is left beside it either.
    assert_eq!(fs::read_dir(root.path()).unwrap().count(), 1);

    // A good export replaces the feed whole.
    let written = feed::export(
        &dir,
        [&event("fourth"), &event("fifth")],
        &FeedOptions::default(),
    )
    .unwrap();
    assert_eq!(written.path(), dir);
    let read = read_feed(&dir).unwrap();
    assert_eq!(read.issues, []);
    let mut infos: Vec<_> = read
        .events
        .iter()
        .map(|e| e.info.clone().unwrap())
        .collect();
    infos.sort();
    assert_eq!(infos, ["fifth", "fourth"]);
    assert_eq!(fs::read_dir(root.path()).unwrap().count(), 1);
}

#[test]
fn an_export_does_not_replace_a_directory_that_is_not_a_feed() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("notes.txt"), "mine").unwrap();
    let err = feed::export(dir.path(), [&event("x")], &FeedOptions::default()).unwrap_err();
    assert!(err.to_string().contains("not a feed"), "{err}");
    assert_eq!(
        fs::read_to_string(dir.path().join("notes.txt")).unwrap(),
        "mine"
    );
}
