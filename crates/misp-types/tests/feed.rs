//! Feeds: export then read back, in-place updates, and a real feed's quirks.

use std::path::Path;

use misp_types::builder::{AttributeBuilder, EventBuilder, ObjectBuilder};
use misp_types::feed::{
    self, FeedDirectory, FeedIssue, FeedOptions, feed_hashes, read_feed, to_feed_event,
};
use misp_types::{Event, Tag, Timestamp};

fn org() -> uuid::Uuid {
    "55f6ea5e-2c60-40e5-964f-47a8950d210f".parse().unwrap()
}

fn event(info: &str, at: i64) -> Event {
    let mut not_exported = Tag::named("internal:do-not-share");
    not_exported.exportable = Some(false);
    let c2 = ObjectBuilder::new("domain-ip")
        .attribute("domain", "evil.example")
        .attribute("ip", "203.0.113.7");
    let mut event = EventBuilder::new(info)
        .orgc("CIRCL", org())
        .timestamp(Timestamp::new(at))
        .tag("tlp:clear")
        .tag_with(not_exported)
        .local_tag("workflow:todo")
        .attribute(
            AttributeBuilder::new("filename|md5", "a.exe|d41d8cd98f00b204e9800998ecf8427e")
                .tag("malware"),
        )
        .add_attribute("url", "https://evil.example/x")
        .object(
            ObjectBuilder::new("file")
                .attribute("filename", "b.exe")
                .reference(c2.uuid(), "drops"),
        )
        .object(c2)
        .build()
        .unwrap();
    // Local ids and server-only fields a real server adds; a feed drops them.
    event.id = Some(12);
    event.org_id = Some(1);
    event.orgc_id = Some(1);
    event.attribute_count = Some(4);
    event.attributes[0].id = Some(100);
    event.attributes[0].event_id = Some(12);
    event.objects[0].id = Some(7);
    event
        .extra
        .insert("event_creator_email", &"admin@example.org")
        .unwrap();
    event
}

fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

#[test]
fn export_then_read_gives_the_feed_form_of_the_input() {
    let dir = tempdir();
    let events = [event("one", 1_715_000_000), event("two", 1_715_000_100)];
    let options = FeedOptions::default();
    feed::export(dir.path(), &events, &options).unwrap();

    let read = read_feed(dir.path()).unwrap();
    assert_eq!(read.issues, []);
    let mut expected: Vec<Event> = events
        .iter()
        .map(|e| to_feed_event(e, &options).unwrap())
        .collect();
    expected.sort_by_key(|e| e.uuid);
    let mut got = read.events.clone();
    got.sort_by_key(|e| e.uuid);
    for e in &mut got {
        e.extra.clear_order();
    }
    for e in &mut expected {
        e.extra.clear_order();
    }
    assert_eq!(
        serde_json::to_value(&got).unwrap(),
        serde_json::to_value(&expected).unwrap()
    );

    // What the feed form dropped by design.
    let e = &got[0];
    assert_eq!(
        (e.id, e.org_id, e.orgc_id, e.attribute_count),
        (None, None, None, None)
    );
    assert!(e.extra.get("event_creator_email").is_none());
    assert_eq!(e.attributes[0].id, None);
    let tags: Vec<_> = e.tags.iter().filter_map(|t| t.name.as_deref()).collect();
    assert_eq!(tags, ["tlp:clear"]);
    assert_eq!(e.published, Some(false), "kept from the input");
    // And what it kept.
    assert_eq!(e.attributes[0].tags[0].name.as_deref(), Some("malware"));
    assert_eq!(
        e.objects[0].references[0].referenced_uuid,
        e.objects[1].uuid
    );
    assert_eq!(e.orgc.as_ref().unwrap().name.as_deref(), Some("CIRCL"));
}

#[test]
fn manifest_and_hashes_are_written_as_misp_reads_them() {
    let dir = tempdir();
    let e = event("one", 1_715_000_000);
    feed::export(dir.path(), [&e], &FeedOptions::default()).unwrap();
    let uuid = e.uuid.unwrap().to_string();

    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("manifest.json")).unwrap()).unwrap();
    let entry = &manifest[&uuid];
    assert_eq!(entry["info"], "one");
    assert_eq!(entry["timestamp"], 1_715_000_000);
    assert_eq!(entry["analysis"], 0);
    assert_eq!(entry["threat_level_id"], 4);
    assert_eq!(entry["Orgc"]["uuid"], org().to_string());
    assert_eq!(entry["Tag"], serde_json::json!([{"name": "tlp:clear"}]));

    let csv = std::fs::read_to_string(dir.path().join("hashes.csv")).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    // filename|md5 gives two hashes, url one, the file object's filename one, domain-ip two.
    assert_eq!(lines.len(), 6, "{csv}");
    assert!(lines.iter().all(|l| l.ends_with(&format!(",{uuid}"))));
    let md5_of = |s: &str| misp_types::attachment::md5_hex(s.as_bytes());
    assert!(lines.contains(&format!("{},{uuid}", md5_of("a.exe")).as_str()));
    assert!(
        lines.contains(&format!("{},{uuid}", md5_of("d41d8cd98f00b204e9800998ecf8427e")).as_str())
    );
    assert_eq!(feed_hashes(&e).len(), 6);

    let file: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join(format!("{uuid}.json"))).unwrap())
            .unwrap();
    assert!(
        file["Event"].is_object(),
        "event files are wrapped in {{\"Event\": ...}}"
    );
}

#[test]
fn a_feed_is_updated_in_place() {
    let dir = tempdir();
    let a = event("a", 1_715_000_000);
    let b = event("b", 1_715_000_000);
    feed::export(dir.path(), [&a, &b], &FeedOptions::default()).unwrap();

    let mut feed = FeedDirectory::open(dir.path()).unwrap();
    assert_eq!(feed.manifest().len(), 2);
    assert_eq!(feed.hashes().len(), 12);
    // Replace a with a newer version that has one attribute less.
    let mut a2 = a.clone();
    a2.info = Some("a, revised".into());
    a2.timestamp = Some(Timestamp::new(1_716_000_000));
    a2.attributes.pop();
    feed.put(&a2, &FeedOptions::default()).unwrap();
    // Remove b, add c.
    assert!(feed.remove(b.uuid.unwrap()).unwrap());
    assert!(!feed.remove(b.uuid.unwrap()).unwrap());
    let c = event("c", 1_715_000_500);
    feed.put(&c, &FeedOptions::default()).unwrap();
    feed.save().unwrap();

    let read = read_feed(dir.path()).unwrap();
    assert_eq!(read.issues, []);
    let mut infos: Vec<_> = read.events.iter().filter_map(|e| e.info.clone()).collect();
    infos.sort();
    assert_eq!(infos, ["a, revised", "c"]);
    let entry = &read.manifest[&a.uuid.unwrap().to_string()];
    assert_eq!(entry.timestamp, Some(Timestamp::new(1_716_000_000)));
    assert!(
        !dir.path()
            .join(format!("{}.json", b.uuid.unwrap()))
            .exists()
    );

    // hashes.csv matches the events on disk exactly.
    let reopened = FeedDirectory::open(dir.path()).unwrap();
    let mut on_disk: Vec<(String, String)> = reopened
        .hashes()
        .into_iter()
        .map(|(m, u)| (m.to_owned(), u.to_owned()))
        .collect();
    let mut recomputed: Vec<(String, String)> = read
        .events
        .iter()
        .flat_map(|e| {
            let u = e.uuid.unwrap().to_string();
            feed_hashes(e).into_iter().map(move |m| (m, u.clone()))
        })
        .collect();
    on_disk.sort();
    recomputed.sort();
    assert_eq!(on_disk, recomputed);
    assert_eq!(on_disk.len(), 5 + 6);
}

#[test]
fn feed_needs_orgc_and_info() {
    let mut e = EventBuilder::new("x").build_unchecked();
    let err = to_feed_event(&e, &FeedOptions::default()).unwrap_err();
    assert!(err.to_string().contains("it has no Orgc"), "{err}");
    e.info = None;
    e.orgc = Some(Default::default());
    let err = to_feed_event(&e, &FeedOptions::default()).unwrap_err();
    assert!(err.to_string().contains("it has no info"), "{err}");
}

#[test]
fn options_keep_distribution_and_local_tags() {
    let e = event("x", 1);
    let plain = to_feed_event(&e, &FeedOptions::default()).unwrap();
    assert_eq!(plain.tags.len(), 1);
    let full = to_feed_event(
        &e,
        &FeedOptions::default().with_local_tags().with_distribution(),
    )
    .unwrap();
    assert_eq!(full.tags.len(), 2);
}

fn fixture_feed() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/types/infoblox-feed")
}

#[test]
fn reads_a_real_feed_with_its_quirks() {
    let read = read_feed(fixture_feed()).unwrap();
    // The manifest lists 46 events; 10 files are in the fixture.
    assert_eq!(read.manifest.len(), 46);
    assert_eq!(read.events.len(), 10);
    let missing: Vec<&str> = read
        .issues
        .iter()
        .map(|i| match i {
            FeedIssue::MissingEventFile { uuid } => uuid.as_str(),
            other => panic!("unexpected issue {other}"),
        })
        .collect();
    assert_eq!(missing.len(), 36);
    // The five that are missing upstream too.
    for uuid in [
        "2c8ebd9a-c853-4792-b25e-b82f1394d9e1",
        "3493a2df-8c62-451b-99bf-312292104994",
        "454d994e-c027-4fb1-9be0-b58d815bdf3a",
        "46fe4d4c-c036-4f67-838f-4f7ae78ee6c8",
        "9ffe100e-899f-455d-9c73-476c8dad5b21",
    ] {
        assert!(missing.contains(&uuid), "{uuid}");
    }
    // Manifest numbers are JSON numbers, event files use strings: both read the same.
    for event in &read.events {
        let entry = &read.manifest[&event.uuid.unwrap().to_string()];
        assert_eq!(entry.timestamp, event.timestamp);
        assert_eq!(entry.analysis, event.analysis);
        assert_eq!(entry.threat_level, event.threat_level);
        assert_eq!(entry.info, event.info);
    }
}

#[test]
fn a_real_feed_can_be_reexported_and_updated() {
    let original = read_feed(fixture_feed()).unwrap();
    let dir = tempdir();
    feed::export(dir.path(), &original.events, &FeedOptions::default()).unwrap();
    let again = read_feed(dir.path()).unwrap();
    assert_eq!(again.issues, []);
    assert_eq!(again.events.len(), original.events.len());
    for (uuid, entry) in &again.manifest {
        let before = &original.manifest[uuid];
        assert_eq!(
            (&entry.info, entry.timestamp, entry.date),
            (&before.info, before.timestamp, before.date)
        );
        assert_eq!(entry.tags.len(), before.tags.len());
    }
    let attributes = |events: &[Event]| events.iter().map(|e| e.attributes.len()).sum::<usize>();
    assert_eq!(attributes(&again.events), attributes(&original.events));
}

#[test]
fn unlisted_and_broken_files_are_reported() {
    let dir = tempdir();
    let e = event("one", 1);
    feed::export(dir.path(), [&e], &FeedOptions::default()).unwrap();
    let stray = event("stray", 2);
    let stray_uuid = stray.uuid.unwrap().to_string();
    std::fs::write(
        dir.path().join(format!("{stray_uuid}.json")),
        serde_json::to_vec(
            &serde_json::json!({"Event": to_feed_event(&stray, &FeedOptions::default()).unwrap()}),
        )
        .unwrap(),
    )
    .unwrap();
    std::fs::write(
        dir.path().join(format!("{}.json", e.uuid.unwrap())),
        b"{\"Event\": [",
    )
    .unwrap();
    let read = read_feed(dir.path()).unwrap();
    assert_eq!(read.events.len(), 1);
    assert!(
        matches!(&read.issues[0], FeedIssue::UnreadableEvent { uuid, .. } if *uuid == e.uuid.unwrap().to_string())
    );
    assert_eq!(
        read.issues[1],
        FeedIssue::NotInManifest { uuid: stray_uuid }
    );
    assert!(read_feed(dir.path().join("nope")).is_err());
}
