//! The JSON Schemas accept every real event and manifest in the fixtures, and reject what the
//! reader rejects.

use std::path::Path;

use misp_types::schema::{event_document_schema, schemas};

fn validator(name: &str) -> jsonschema::Validator {
    let (_, schema) = schemas().into_iter().find(|(n, _)| *n == name).unwrap();
    jsonschema::validator_for(&schema.to_value()).expect("a valid JSON Schema")
}

fn fixtures(dir: &str) -> Vec<std::path::PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(dir);
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
}

fn errors(v: &jsonschema::Validator, doc: &serde_json::Value) -> Vec<String> {
    v.iter_errors(doc)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .take(5)
        .collect()
}

#[test]
fn real_event_documents_validate() {
    let event = validator("event.schema.json");
    let bare = validator("event-bare.schema.json");
    let mut checked = 0;
    for file in fixtures("fixtures/types/infoblox-feed")
        .into_iter()
        .chain(fixtures("fixtures/events"))
    {
        let doc: serde_json::Value =
            serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        if name == "manifest.json" {
            let manifest = validator("feed-manifest.schema.json");
            assert!(
                manifest.is_valid(&doc),
                "{name}: {:?}",
                errors(&manifest, &doc)
            );
            continue;
        }
        // Wrapped documents, bare events and `{"response": [...]}` lists of wrapped ones.
        let events: Vec<&serde_json::Value> = if doc.get("Event").is_some() {
            vec![&doc]
        } else if let Some(list) = doc.get("response").and_then(|r| r.as_array()) {
            list.iter().collect()
        } else {
            assert!(bare.is_valid(&doc), "{name}: {:?}", errors(&bare, &doc));
            checked += 1;
            continue;
        };
        for e in events {
            assert!(event.is_valid(e), "{name}: {:?}", errors(&event, e));
            checked += 1;
        }
    }
    assert!(checked >= 15, "only {checked} events checked");
}

#[test]
fn built_events_validate() {
    let built = misp_types::builder::EventBuilder::new("x")
        .tag("tlp:clear")
        .add_attribute("ip-dst", "192.0.2.1")
        .object(
            misp_types::builder::ObjectBuilder::new("domain-ip").attribute("domain", "a.example"),
        )
        .build()
        .unwrap();
    let doc = serde_json::json!({ "Event": built });
    let v = jsonschema::validator_for(&event_document_schema().to_value()).unwrap();
    assert!(v.is_valid(&doc), "{:?}", errors(&v, &doc));
}

#[test]
fn the_schema_rejects_what_the_reader_rejects() {
    let v = validator("event.schema.json");
    for bad in [
        serde_json::json!({"Event": {"threat_level_id": 9}}),
        serde_json::json!({"Event": {"distribution": "seven"}}),
        serde_json::json!({"Event": {"uuid": 12}}),
        serde_json::json!({"Event": {"Attribute": [{"timestamp": "yesterday"}]}}),
        serde_json::json!({"Event": {"published": "maybe"}}),
    ] {
        assert!(!v.is_valid(&bad), "{bad} was accepted");
        assert!(
            misp_types::Event::from_json(bad.to_string().as_bytes()).is_err(),
            "{bad} was read"
        );
    }
}

#[test]
fn every_schema_is_a_valid_schema() {
    for (name, schema) in schemas() {
        assert!(
            jsonschema::validator_for(&schema.clone().to_value()).is_ok(),
            "{name}"
        );
        assert_eq!(
            schema.get("$schema").and_then(|s| s.as_str()),
            Some("https://json-schema.org/draft/2020-12/schema"),
            "{name}"
        );
    }
}
