//! `misp_types::json::to_writer` writes the bytes `serde_json::to_writer` writes, for every
//! recorded document (events, server answers of both number encodings, PyMISP's requests) read
//! as MISP records and as plain JSON, and for any text.

use std::path::{Path, PathBuf};

use misp_types::EventDocument;
use proptest::prelude::*;

fn json_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            json_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "json") {
            out.push(path);
        }
    }
}

#[test]
fn every_recorded_document_is_written_as_serde_json_writes_it() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures");
    let mut files = Vec::new();
    json_files(&root, &mut files);
    assert!(
        files.len() > 500,
        "fixtures not found under {}",
        root.display()
    );
    let (mut values, mut events) = (0, 0);
    for file in &files {
        let bytes = std::fs::read(file).unwrap();
        if let Ok(value) = serde_json::from_slice::<serde_json::Value>(&bytes) {
            let ours = misp_types::json::to_vec(&value).unwrap();
            assert_eq!(
                ours,
                serde_json::to_vec(&value).unwrap(),
                "{}",
                file.display()
            );
            values += 1;
        }
        if let Ok(doc) = EventDocument::from_slice(&bytes) {
            let ours = misp_types::json::to_vec(&doc).unwrap();
            assert_eq!(
                ours,
                serde_json::to_vec(&doc).unwrap(),
                "{}",
                file.display()
            );
            assert_eq!(doc.to_json().unwrap().as_bytes(), ours);
            events += doc.events().count();
        }
    }
    assert!(
        values > 500 && events > 20,
        "{values} values, {events} events"
    );
}

#[test]
fn the_real_feed_is_written_as_serde_json_writes_it() {
    let feed = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/real-events");
    let mut files = Vec::new();
    json_files(&feed, &mut files);
    for file in files.iter().filter(|f| !f.ends_with("manifest.json")) {
        let doc = EventDocument::from_path(file).unwrap();
        let ours = misp_types::json::to_vec(&doc).unwrap();
        assert!(
            ours == serde_json::to_vec(&doc).unwrap(),
            "{}",
            file.display()
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn any_text_is_escaped_as_serde_json_escapes_it(text in any::<String>(), ascii in "[\\x00-\\x7f]{0,40}") {
        prop_assert_eq!(misp_types::json::to_string(&text).unwrap(), serde_json::to_string(&text).unwrap());
        prop_assert_eq!(misp_types::json::to_string(&ascii).unwrap(), serde_json::to_string(&ascii).unwrap());
        let map = std::collections::BTreeMap::from([(text.clone(), ascii.clone())]);
        prop_assert_eq!(misp_types::json::to_string(&map).unwrap(), serde_json::to_string(&map).unwrap());
    }
}
