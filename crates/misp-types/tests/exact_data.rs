//! Reading and writing lose nothing and invent nothing: values that do not fit are kept or
//! refused with their path, never dropped, truncated or misread.

use misp_types::validate::ProblemCode;
use misp_types::{Event, EventDocument};

fn round_trip(text: &str) -> String {
    EventDocument::from_slice(text.as_bytes())
        .unwrap_or_else(|e| panic!("{text}: {e}"))
        .to_json()
        .unwrap()
}

#[test]
fn uuids_that_are_not_uuids_are_kept_in_place_and_reported() {
    // As older exports write them: an empty galaxy cluster uuid, a placeholder in an object.
    let text = r#"{"Event":{"info":"old export","uuid":"5b4e7b46-2bd0-4b34-8c3a-4e6b3c0d2f11","Galaxy":[{"name":"g","GalaxyCluster":[{"uuid":"","value":"c"}]}],"Object":[{"name":"file","uuid":"{{uuid}}","template_uuid":"688c46fb-5edb-40a3-8273-1af7923e2215","Attribute":[{"type":"md5","value":"d41d8cd98f00b204e9800998ecf8427e","object_relation":"md5","uuid":"-"}]}]}}"#;
    assert_eq!(round_trip(text), text);
    let event = Event::from_json(text.as_bytes()).unwrap();
    let object = &event.objects[0];
    assert_eq!(object.uuid, None);
    assert_eq!(object.extra.get("uuid").unwrap().get(), r#""{{uuid}}""#);
    let problems = event.validate();
    let kept: Vec<_> = problems
        .iter()
        .filter(|p| p.code == ProblemCode::NotOfItsType)
        .map(|p| p.path.as_str())
        .collect();
    assert_eq!(
        kept,
        [
            "Event.Object[0].uuid",
            "Event.Object[0].Attribute[0].uuid",
            "Event.Galaxy[0].GalaxyCluster[0].uuid",
        ]
    );
}

#[test]
fn a_uuid_set_after_reading_replaces_the_kept_text_in_place() {
    let mut event =
        Event::from_json(br#"{"Event":{"info":"x","uuid":"","date":"2024-05-15"}}"#).unwrap();
    event.uuid = Some("5b4e7b46-2bd0-4b34-8c3a-4e6b3c0d2f11".parse().unwrap());
    assert_eq!(
        serde_json::to_string(&event).unwrap(),
        r#"{"info":"x","uuid":"5b4e7b46-2bd0-4b34-8c3a-4e6b3c0d2f11","date":"2024-05-15"}"#
    );
}

#[test]
fn keys_beside_the_event_are_kept_wherever_they_stand() {
    for text in [
        r#"{"Object":{"name":"file","Attribute":[]},"Event":{"info":"x"}}"#,
        r#"{"Event":{"info":"x"},"Object":{"name":"file"},"Tag":[{"name":"t"}]}"#,
        r#"{"status":"ok","response":[{"Event":{"info":"x"}}]}"#,
    ] {
        let doc = EventDocument::from_slice(text.as_bytes()).unwrap();
        assert_eq!(doc.events().count(), 1, "{text}");
        assert_eq!(doc.events().next().unwrap().info.as_deref(), Some("x"));
        assert_eq!(doc.to_json().unwrap(), text);
    }
}

#[test]
fn duplicate_keys_are_refused_with_their_path() {
    for (text, path) in [
        (r#"{"Event":{},"Event":null}"#, "."),
        (r#"{"Event":null,"Event":[]}"#, "."),
        (
            r#"{"Event":{"info":"a","Attribute":[{"value":"1","value":null}]}}"#,
            "Event.Attribute[0]",
        ),
        (r#"{"Event":{"custom":1,"custom":2}}"#, "Event"),
        (r#"{"Event":{"custom":{"a":1,"a":2}}}"#, "Event.custom"),
        (
            r#"{"Event":{"Galaxy":[{"GalaxyCluster":[{"meta":{"k":[1],"k":[2]}}]}]}}"#,
            "Event.Galaxy[0].GalaxyCluster[0].meta",
        ),
    ] {
        let err = EventDocument::from_slice(text.as_bytes()).unwrap_err();
        assert_eq!(err.path, path, "{text}: {err}");
        assert!(err.message.contains("appears twice"), "{text}: {err}");
    }
}

#[test]
fn null_and_empty_lists_are_written_as_read() {
    for text in [
        r#"{"Event":null}"#,
        r#"{"Event":[]}"#,
        r#"{"Event":{"info":null,"Attribute":[],"Tag":null}}"#,
        r#"{"Event":{"Orgc":[],"Org":null}}"#,
    ] {
        assert_eq!(round_trip(text), text);
    }
}

#[test]
fn a_byte_order_mark_is_accepted() {
    let text = "\u{feff}{\"Event\":{\"info\":\"x\"}}";
    let doc = EventDocument::from_slice(text.as_bytes()).unwrap();
    assert_eq!(doc.to_json().unwrap(), r#"{"Event":{"info":"x"}}"#);
    let bare = EventDocument::from_slice("\u{feff} {\"info\":\"y\"}".as_bytes()).unwrap();
    assert_eq!(bare.events().next().unwrap().info.as_deref(), Some("y"));
}

#[test]
fn unknown_keys_that_are_not_valid_json_are_refused_with_their_path() {
    let deep = format!("{}1{}", "[".repeat(130), "]".repeat(130));
    for (text, path) in [
        (
            r#"{"Event":{"custom":"\ud800"}}"#.to_owned(),
            "Event.custom",
        ),
        (
            r#"{"Event":{"custom":["ok","\udc00x"]}}"#.to_owned(),
            "Event.custom",
        ),
        (r#"{"Event":{"custom":1e400}}"#.to_owned(), "Event.custom"),
        (
            r#"{"Event":{"custom":{"n":-1e999}}}"#.to_owned(),
            "Event.custom",
        ),
        (
            format!(r#"{{"Event":{{"custom":{deep}}}}}"#),
            "Event.custom",
        ),
    ] {
        let err = EventDocument::from_slice(text.as_bytes()).unwrap_err();
        assert_eq!(err.path, path, "{text}: {err}");
        assert!(err.message.contains("not valid JSON"), "{text}: {err}");
    }
    // Valid unusual JSON is kept exactly.
    let fine = r#"{"Event":{"custom":["\ud83d\ude00","\u00e9",1e300,-0.5,12345678901234567890]}}"#;
    assert_eq!(round_trip(fine), fine);
}

#[test]
fn deep_nesting_is_refused_without_exhausting_a_small_stack() {
    // 40 Event/Attribute levels in about 3 KB, read on a thread with a tokio worker's stack.
    let mut text = String::from(r#"{"info":"leaf"}"#);
    for _ in 0..40 {
        text = format!(r#"{{"info":"e","Attribute":[{{"value":"v","Event":{text}}}]}}"#);
    }
    let text = format!(r#"{{"Event":{text}}}"#);
    assert!(text.len() < 3200, "{}", text.len());
    let outcome = std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(move || EventDocument::from_slice(text.as_bytes()).map(|_| ()))
        .unwrap()
        .join()
        .expect("the reader overflowed its stack");
    let err = outcome.unwrap_err();
    assert!(err.message.contains("nested more than"), "{err}");
    assert!(
        err.path
            .starts_with("Event.Attribute[0].Event.Attribute[0]"),
        "{}",
        err.path
    );

    // Real nesting (an attribute's short event, its organisation, tags) reads fine.
    let real = r#"{"Event":{"Attribute":[{"Event":{"Orgc":{"name":"o"},"Attribute":[{"Tag":[{"name":"t"}]}]}}]}}"#;
    assert_eq!(round_trip(real), real);
}

#[test]
fn date_times_are_written_exactly_or_refused_with_their_path() {
    let text = r#"{"Event":{"Attribute":[{"first_seen":"2016-12-31T23:59:60.000000+00:00","last_seen":"2024-05-15T09:58:41.123456789+02:00"}]}}"#;
    assert_eq!(round_trip(text), text);
    for value in [
        "+10000-01-01T00:00:00Z",
        "24-05-15T09:58:41Z",
        "-0001-01-01T00:00:00Z",
    ] {
        let text = format!(r#"{{"Event":{{"Attribute":[{{"first_seen":"{value}"}}]}}}}"#);
        let err = EventDocument::from_slice(text.as_bytes()).unwrap_err();
        assert_eq!(err.path, "Event.Attribute[0].first_seen", "{value}");
    }
}

/// Inputs the event fuzz target found (saved in fuzz/regressions/event/ too): the round trip
/// writes the canonical form of the same data, which the comparison must see as equal.
#[test]
fn fuzz_findings_round_trip_without_difference() {
    for text in [
        r#"{"Object":{"name":"file"},"EvenT":{"info":"x"}}"#,
        r#"{"Event":{"Attribute":[{"first_seen":"2023-07-14T00:00"}]}}"#,
        r#"{"Event":{"Attribute":[{"first_seen":"2022-8-31T00:00:00+00:00"}]}}"#,
    ] {
        let differences = misp_types::compare::roundtrip(text.as_bytes()).unwrap();
        assert!(differences.is_empty(), "{text}: {differences:?}");
    }
}

#[test]
fn a_bare_first_seen_date_round_trips_as_its_midnight() {
    let input = br#"{"Event":{"info":"x","Attribute":[{"type":"ip-dst","value":"1.2.3.4","first_seen":"2026-05-28"}]}}"#;
    let differences = misp_types::compare::roundtrip(input).unwrap();
    assert!(differences.is_empty(), "{differences:?}");
    // A different day is still a difference.
    let left: serde_json::Value = serde_json::json!("2026-05-28");
    let right: serde_json::Value = serde_json::json!("2026-05-29T00:00:00.000000+00:00");
    assert!(!misp_types::compare::scalars_equivalent(&left, &right));
}
