//! Read-then-write of real MISP events keeps every key and value.

use std::path::PathBuf;

use misp_types::compare::roundtrip;
use misp_types::{Distribution, Event, EventDocument, ThreatLevel};

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/events")
}

fn read(name: &str) -> Vec<u8> {
    std::fs::read(fixtures().join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

#[test]
fn every_fixture_event_round_trips_without_loss() {
    let mut checked = 0;
    for entry in std::fs::read_dir(fixtures()).unwrap() {
        let path = entry.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        let diffs = roundtrip(&bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert!(
            diffs.is_empty(),
            "{}: {:#?}",
            path.display(),
            &diffs[..diffs.len().min(5)]
        );
        checked += 1;
    }
    assert!(checked >= 9, "only {checked} fixtures found");
}

#[test]
fn both_number_encodings_give_the_same_model() {
    let native = Event::from_json(&read("native-events-view.json")).unwrap();
    let stringified = Event::from_json(&read("stringified-events-view.json")).unwrap();
    assert_eq!(native.id, Some(1));
    assert!(stringified.id.is_some());
    assert_eq!(stringified.threat_level, Some(ThreatLevel::Medium));
    assert_eq!(native.threat_level, stringified.threat_level);
    assert_eq!(
        stringified.timestamp.map(|t| t.seconds()),
        Some(1_796_048_440)
    );
    assert_eq!(native.attributes.len(), 3);
    for (a, b) in native.attributes.iter().zip(&stringified.attributes) {
        assert_eq!(a.distribution, Some(Distribution::Inherit));
        assert_eq!(a.distribution, b.distribution);
        assert_eq!(a.value, b.value);
        assert_eq!(a.to_ids, b.to_ids);
    }
    // Written in the canonical form, both encodings give numbers.
    let write = |e: &Event| serde_json::to_string(e).unwrap();
    for text in [write(&native), write(&stringified)] {
        assert!(text.contains(r#""threat_level_id":2,"#), "{text}");
        assert!(text.contains(r#""distribution":5,"#), "{text}");
        assert!(!text.contains(r#""id":""#), "{text}");
        assert!(!text.contains(r#""timestamp":""#), "{text}");
    }
}

#[test]
fn key_order_is_kept() {
    let doc = EventDocument::from_slice(&read("native-events-view.json")).unwrap();
    let written = doc.to_json().unwrap();
    assert!(
        written.starts_with(r#"{"Event":{"id":1,"orgc_id":1,"org_id":1,"date":"2026-11-30","threat_level_id":2,"info":"#),
        "key order lost: {}",
        &written[..200]
    );
}

#[test]
fn the_three_envelopes_are_read_and_kept() {
    let wrapped = EventDocument::from_slice(&read("native-events-view.json")).unwrap();
    assert!(matches!(wrapped, EventDocument::Wrapped(_)));
    let response = EventDocument::from_slice(&read("native-events-restsearch.json")).unwrap();
    assert!(matches!(response, EventDocument::Response(_)));
    assert_eq!(response.events().count(), 1);
    assert!(
        response
            .to_json()
            .unwrap()
            .starts_with(r#"{"response":[{"Event":{"#)
    );
    let event = wrapped.events().next().unwrap();
    let bare = serde_json::to_vec(event).unwrap();
    let doc = EventDocument::from_slice(&bare).unwrap();
    assert!(matches!(doc, EventDocument::Bare(_)));
    assert!(doc.to_json().unwrap().starts_with(r#"{"Event":{"id":1,"#));
    assert_eq!(doc.events().next(), Some(event));
}

#[test]
fn unknown_keys_nulls_and_empty_lists_survive() {
    let json = r#"{"Event":{"info":"x","future_field":{"nested":[1,"two",null]},"protected":null,"Object":[],"Attribute":[{"type":"ip-dst","value":"1.2.3.4","first_seen":null,"new":true}]}}"#;
    let doc = EventDocument::from_slice(json.as_bytes()).unwrap();
    assert_eq!(doc.to_json().unwrap(), json);
    let event = doc.events().next().unwrap();
    assert_eq!(
        event.extra.get("future_field").unwrap().get(),
        r#"{"nested":[1,"two",null]}"#
    );
    assert_eq!(event.protected, None);
}

#[test]
fn a_field_set_after_reading_null_is_written_once() {
    let mut event: Event = serde_json::from_str(r#"{"protected":null,"info":"x"}"#).unwrap();
    event.protected = Some(true);
    event.date = Some(chrono::NaiveDate::from_ymd_opt(2024, 1, 2).unwrap());
    assert_eq!(
        serde_json::to_string(&event).unwrap(),
        r#"{"protected":true,"info":"x","date":"2024-01-02"}"#
    );
}

#[test]
fn unknown_keys_can_be_edited() {
    let mut event: Event = serde_json::from_str(r#"{"a":1,"info":"x","b":2,"c":3}"#).unwrap();
    assert!(event.extra.remove("b").is_some());
    event.extra.insert("d", &"new").unwrap();
    assert_eq!(
        serde_json::to_string(&event).unwrap(),
        r#"{"a":1,"info":"x","c":3,"d":"new"}"#
    );
}

#[test]
fn lenient_scalars_are_read() {
    let json = r#"{"id":"12","published":"1","disable_correlation":0,"locked":1,"timestamp":1700000000,
        "publish_timestamp":"1700000001","analysis":"2","distribution":3,"threat_level_id":4,"date":"2024-05-15",
        "Attribute":{"value":42,"to_ids":"0","first_seen":"2024-05-15T09:58:41Z","last_seen":"2024-05-15 10:00:00"}}"#;
    let event: Event = serde_json::from_str(json).unwrap();
    assert_eq!(event.id, Some(12));
    assert_eq!(event.published, Some(true));
    assert_eq!(event.disable_correlation, Some(false));
    assert_eq!(event.locked, Some(true));
    assert_eq!(event.publish_timestamp.unwrap().seconds(), 1_700_000_001);
    assert_eq!(event.distribution, Some(Distribution::AllCommunities));
    // A single object where a list is expected is a one-element list.
    assert_eq!(event.attributes.len(), 1);
    let attribute = &event.attributes[0];
    assert_eq!(attribute.value.as_deref(), Some("42"));
    assert_eq!(attribute.to_ids, Some(false));
    assert_eq!(
        attribute.first_seen.unwrap().to_string(),
        "2024-05-15T09:58:41.000000+00:00"
    );
    assert_eq!(
        attribute.last_seen.unwrap().to_string(),
        "2024-05-15T10:00:00.000000+00:00"
    );
}

#[test]
fn an_empty_php_array_reads_as_an_empty_object() {
    let mut event: Event = serde_json::from_str(r#"{"Org":[],"info":"x"}"#).unwrap();
    assert_eq!(event.org.as_ref().unwrap().name, None);
    assert_eq!(
        serde_json::to_string(&event).unwrap(),
        r#"{"Org":[],"info":"x"}"#
    );
    event.org.as_mut().unwrap().name = Some("CIRCL".into());
    assert_eq!(
        serde_json::to_string(&event).unwrap(),
        r#"{"Org":{"name":"CIRCL"},"info":"x"}"#
    );
}

#[test]
fn parse_errors_name_the_json_path_and_the_expectation() {
    let cases = [
        (
            r#"{"Event":{"Attribute":[{},{"timestamp":"soon"}]}}"#,
            "Event.Attribute[1].timestamp",
            "a number, or a string of digits",
        ),
        (
            r#"{"Event":{"distribution":9}}"#,
            "Event.distribution",
            "a distribution (0 to 5)",
        ),
        (
            r#"{"Event":{"Attribute":[{"first_seen":"24-05-15 09:58:41"}]}}"#,
            "Event.Attribute[0].first_seen",
            "four-digit year",
        ),
        (
            r#"{"Event":{"info":"a","info":"b"}}"#,
            "Event",
            "appears twice",
        ),
        (
            r#"{"Event":{"Object":[{"Attribute":[{"to_ids":"yes"}]}]}}"#,
            "Event.Object[0].Attribute[0].to_ids",
            "a boolean",
        ),
        (
            r#"{"Event":{"date":"15/05/2024"}}"#,
            "Event.date",
            "YYYY-MM-DD",
        ),
    ];
    for (json, path, expected) in cases {
        let err = EventDocument::from_slice(json.as_bytes()).unwrap_err();
        assert_eq!(err.path, path, "{json}");
        assert!(err.message.contains(expected), "{json}: {}", err.message);
    }
    let err = EventDocument::from_slice(b"{\"Event\":{\"info\":").unwrap_err();
    assert!(err.message.contains("EOF"), "{}", err.message);
}

#[test]
fn an_attribute_search_result_carries_its_short_event_typed() {
    let json = r#"{"id":"7","type":"ip-dst","value":"203.0.113.10","Event":{"org_id":"1","distribution":"0","id":"3","info":"Recorded test event","orgc_id":"1","uuid":"93c351ac-14d9-4e91-a82d-dcef1e86ce24"}}"#;
    let attribute: misp_types::Attribute = serde_json::from_str(json).unwrap();
    let event = attribute.event.as_deref().unwrap();
    assert_eq!(event.id, Some(3));
    assert_eq!(event.info.as_deref(), Some("Recorded test event"));
    assert_eq!(event.distribution, Some(Distribution::YourOrganisationOnly));
    let written: serde_json::Value = serde_json::to_value(&attribute).unwrap();
    let original: serde_json::Value = serde_json::from_str(json).unwrap();
    assert!(misp_types::compare::differences(&original, &written).is_empty());
}
