//! `validate()` on events, attributes and objects: paths, messages, template rules, and the
//! real events of the repository's fixtures.

use std::path::Path;

use misp_types::validate::{ProblemCode, Severity};
use misp_types::{Attribute, Event, EventDocument, Object};

fn event(json: &str) -> Event {
    serde_json::from_str(json).expect("test event parses")
}

fn codes(problems: &misp_types::validate::Problems) -> Vec<(String, ProblemCode)> {
    problems.iter().map(|p| (p.path.clone(), p.code)).collect()
}

#[test]
fn a_valid_event_has_no_problem() {
    let e = event(
        r#"{"info": "ok", "distribution": "1", "Tag": [{"name": "tlp:green"}],
        "Attribute": [{"type": "ip-dst", "category": "Network activity", "value": "203.0.113.7"}],
        "Object": [{"name": "domain-ip", "uuid": "9f3c2b5e-9a7c-4d0e-8f1a-1b2c3d4e5f60", "Attribute": [
            {"object_relation": "domain", "type": "domain", "value": "evil.example"},
            {"object_relation": "ip", "type": "ip-dst", "value": "203.0.113.7"},
            {"object_relation": "ip", "type": "ip-dst", "value": "203.0.113.8"}]}]}"#,
    );
    let problems = e.validate();
    assert!(problems.is_empty(), "{problems}");
}

#[test]
fn paths_point_at_the_offending_field() {
    let e = event(
        r#"{"info": "x", "Object": [
            {"name": "domain-ip", "Attribute": [{"object_relation": "domain", "type": "domain", "value": "evil.example"}]},
            {"name": "domain-ip", "Attribute": [{"object_relation": "domain", "type": "domain", "value": "evil.example"}]},
            {"name": "domain-ip", "Attribute": [{"object_relation": "domain", "type": "domain", "value": "evil.example"}]},
            {"name": "domain-ip", "Attribute": [
                {"object_relation": "domain", "type": "domain", "value": "evil.example"},
                {"object_relation": "ip", "type": "ip-dst", "value": "999.0.0.1"}]}]}"#,
    );
    let problems = e.validate();
    assert_eq!(
        codes(&problems),
        [(
            "Event.Object[3].Attribute[1].value".to_owned(),
            ProblemCode::InvalidValue
        )]
    );
    let p = problems.iter().next().unwrap();
    assert_eq!(
        p.to_string(),
        "error: Event.Object[3].Attribute[1].value: `999.0.0.1` is not a valid `ip-dst` value: \
         expected an IPv4 or IPv6 address, optionally with a /prefix (e.g. `192.0.2.1`, \
         `198.51.100.0/24`, `2001:db8::/32`)"
    );
}

#[test]
fn event_level_checks() {
    let e = event(
        r##"{"info": " ", "distribution": 5, "Tag": [{"colour": "#fff"}],
        "Attribute": [
            {"uuid": "11111111-1111-4111-8111-111111111111", "type": "md5", "category": "Person", "value": "d41d8cd98f00b204e9800998ecf8427e"},
            {"uuid": "11111111-1111-4111-8111-111111111111", "type": "ip-dst", "value": "192.0.2.1", "distribution": 4},
            {"type": "no-such-type", "value": "x"},
            {"type": "domain", "category": "Nonsense", "value": "a.example"},
            {"category": "Other"},
            {"type": "text", "value": "x", "first_seen": "2024-05-02T00:00:00Z", "last_seen": "2024-05-01T00:00:00Z"},
            {"type": "attachment", "value": "a.bin", "data": "***"}
        ],
        "EventReport": [{"content": "x"}, {"name": "r"}],
        "Opinion": [{"opinion": 101, "comment": "strong"}],
        "Galaxy": [{"GalaxyCluster": [{"value": "x", "distribution": 5}]}]
    }"##,
    );
    let got = codes(&e.validate());
    let expected = [
        ("Event.info", ProblemCode::MissingField),
        ("Event.distribution", ProblemCode::DistributionOutOfRange),
        ("Event.Tag[0].name", ProblemCode::MissingField),
        (
            "Event.Attribute[0].category",
            ProblemCode::CategoryNotAllowed,
        ),
        (
            "Event.Attribute[1].sharing_group_id",
            ProblemCode::SharingGroupMissing,
        ),
        ("Event.Attribute[2].type", ProblemCode::UnknownType),
        ("Event.Attribute[3].category", ProblemCode::UnknownCategory),
        ("Event.Attribute[4].type", ProblemCode::MissingField),
        ("Event.Attribute[4].value", ProblemCode::MissingField),
        ("Event.Attribute[5].last_seen", ProblemCode::SeenOrder),
        ("Event.Attribute[6].data", ProblemCode::InvalidData),
        ("Event.EventReport[0].name", ProblemCode::MissingField),
        ("Event.EventReport[1].content", ProblemCode::MissingField),
        (
            "Event.Galaxy[0].GalaxyCluster[0].distribution",
            ProblemCode::DistributionOutOfRange,
        ),
        ("Event.Opinion[0].opinion", ProblemCode::OutOfRange),
        ("Event.Attribute[1].uuid", ProblemCode::DuplicateUuid),
    ];
    let expected: Vec<(String, ProblemCode)> =
        expected.iter().map(|(p, c)| (p.to_string(), *c)).collect();
    assert_eq!(got, expected);
}

#[test]
fn category_message_lists_the_allowed_ones() {
    let a: Attribute = serde_json::from_str(
        r#"{"type": "md5", "category": "Person", "value": "d41d8cd98f00b204e9800998ecf8427e"}"#,
    )
    .unwrap();
    let problems = a.validate();
    let message = &problems.iter().next().unwrap().message;
    assert!(
        message.starts_with("category `Person` is not allowed for type `md5`: use one of "),
        "{message}"
    );
    assert!(message.contains("Payload delivery"), "{message}");
    assert!(
        message.ends_with("or leave it out for the default `Payload delivery`"),
        "{message}"
    );
}

fn object(json: &str) -> Object {
    serde_json::from_str(json).expect("test object parses")
}

/// `(path, code, severity)`.
type Expected = (&'static str, ProblemCode, Severity);

#[test]
fn template_rule_cases() {
    // (object, expected (path, code, severity) list)
    let cases: Vec<(&str, Vec<Expected>)> = vec![
        // requiredOneOf: domain-ip needs one of domain, ip, ...
        (
            r#"{"name": "domain-ip", "Attribute": [{"object_relation": "port", "type": "port", "value": "443"}]}"#,
            vec![("Object", ProblemCode::RequiredOneOfMissing, Severity::Error)],
        ),
        // required: the `av-signature` template requires `software` and `signature`.
        (
            r#"{"name": "av-signature", "Attribute": [{"object_relation": "software", "type": "text", "value": "ClamAV"}]}"#,
            vec![(
                "Object",
                ProblemCode::RequiredRelationMissing,
                Severity::Error,
            )],
        ),
        // multiple: `url` may occur once in a url object.
        (
            r#"{"name": "url", "Attribute": [
                {"object_relation": "url", "type": "url", "value": "https://a.example/"},
                {"object_relation": "url", "type": "url", "value": "https://b.example/"}]}"#,
            vec![(
                "Object.Attribute[1].object_relation",
                ProblemCode::RelationRepeated,
                Severity::Error,
            )],
        ),
        // A deleted repeat does not count.
        (
            r#"{"name": "url", "Attribute": [
                {"object_relation": "url", "type": "url", "value": "https://a.example/"},
                {"object_relation": "url", "type": "url", "value": "https://b.example/", "deleted": true}]}"#,
            vec![],
        ),
        // Unknown relation, and a relation missing altogether.
        (
            r#"{"name": "domain-ip", "Attribute": [
                {"object_relation": "domain", "type": "domain", "value": "a.example"},
                {"object_relation": "colour", "type": "text", "value": "red"},
                {"type": "text", "value": "x"}]}"#,
            vec![
                (
                    "Object.Attribute[1].object_relation",
                    ProblemCode::UnknownRelation,
                    Severity::Error,
                ),
                (
                    "Object.Attribute[2].object_relation",
                    ProblemCode::MissingField,
                    Severity::Error,
                ),
            ],
        ),
        // The relation's type differs from the template's: a warning.
        (
            r#"{"name": "domain-ip", "Attribute": [{"object_relation": "ip", "type": "ip-src", "value": "192.0.2.1"}]}"#,
            vec![(
                "Object.Attribute[0].type",
                ProblemCode::RelationTypeMismatch,
                Severity::Warning,
            )],
        ),
        // Unknown template: a warning, attributes still checked.
        (
            r#"{"name": "my-custom-thing", "Attribute": [{"object_relation": "x", "type": "md5", "value": "nope"}]}"#,
            vec![
                (
                    "Object.name",
                    ProblemCode::UnknownTemplate,
                    Severity::Warning,
                ),
                (
                    "Object.Attribute[0].value",
                    ProblemCode::InvalidValue,
                    Severity::Error,
                ),
            ],
        ),
        // Missing name.
        (
            r#"{"Attribute": []}"#,
            vec![("Object.name", ProblemCode::MissingField, Severity::Error)],
        ),
        // A template uuid that is not the known one.
        (
            r#"{"name": "domain-ip", "template_uuid": "00000000-0000-4000-8000-000000000000",
                "Attribute": [{"object_relation": "domain", "type": "domain", "value": "a.example"}]}"#,
            vec![(
                "Object.template_uuid",
                ProblemCode::TemplateMismatch,
                Severity::Warning,
            )],
        ),
        // References need a target and a relationship type.
        (
            r#"{"name": "domain-ip", "Attribute": [{"object_relation": "domain", "type": "domain", "value": "a.example"}],
                "ObjectReference": [{"comment": "?"}]}"#,
            vec![
                (
                    "Object.ObjectReference[0].referenced_uuid",
                    ProblemCode::MissingField,
                    Severity::Error,
                ),
                (
                    "Object.ObjectReference[0].relationship_type",
                    ProblemCode::MissingField,
                    Severity::Error,
                ),
            ],
        ),
    ];
    for (json, expected) in cases {
        let got: Vec<(String, ProblemCode, Severity)> = object(json)
            .validate()
            .iter()
            .map(|p| (p.path.clone(), p.code, p.severity))
            .collect();
        let expected: Vec<(String, ProblemCode, Severity)> = expected
            .into_iter()
            .map(|(p, c, s)| (p.to_owned(), c, s))
            .collect();
        assert_eq!(got, expected, "{json}");
    }
}

#[test]
fn template_messages_name_the_relations() {
    let problems = object(
        r#"{"name": "domain-ip", "Attribute": [{"object_relation": "port", "type": "port", "value": "443"}]}"#,
    )
    .validate();
    let message = &problems.iter().next().unwrap().message;
    assert!(
        message.starts_with("the `domain-ip` template needs at least one of these attributes: "),
        "{message}"
    );
    assert!(
        message.contains("domain") && message.contains("ip"),
        "{message}"
    );
}

#[test]
fn references_to_unknown_uuids_are_warnings() {
    let e = event(
        r#"{"info": "x", "Object": [{"name": "domain-ip", "uuid": "9f3c2b5e-9a7c-4d0e-8f1a-1b2c3d4e5f60",
            "Attribute": [{"object_relation": "domain", "type": "domain", "value": "a.example"}],
            "ObjectReference": [
                {"referenced_uuid": "9f3c2b5e-9a7c-4d0e-8f1a-1b2c3d4e5f60", "relationship_type": "related-to"},
                {"referenced_uuid": "00000000-0000-4000-8000-000000000001", "relationship_type": "related-to"}]}]}"#,
    );
    let problems = e.validate();
    assert_eq!(
        codes(&problems),
        [(
            "Event.Object[0].ObjectReference[1].referenced_uuid".to_owned(),
            ProblemCode::DanglingReference
        )]
    );
    assert!(problems.is_valid());
    assert!(problems.into_result().is_ok());
}

fn fixture_dir(rel: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(rel)
}

/// Every real event in the repository's fixtures validates, except for the problems listed
/// here, each of which is a real defect of the data.
#[test]
fn real_events_validate_or_their_problems_are_known() {
    let mut found = Vec::new();
    let mut events = 0;
    for dir in ["fixtures/types/infoblox-feed", "fixtures/events"] {
        let mut files: Vec<_> = std::fs::read_dir(fixture_dir(dir))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "json") && !p.ends_with("manifest.json"))
            .collect();
        files.sort();
        for file in files {
            let doc = EventDocument::from_path(&file).unwrap();
            for event in doc.events() {
                events += 1;
                for p in event.validate() {
                    let name = file.file_name().unwrap().to_string_lossy().into_owned();
                    found.push(format!("{name} {:?} {}", p.severity, p.path));
                }
            }
        }
    }
    assert!(events >= 15, "only {events} events read");
    let mut expected = vec![
        // A TLSH digest (`t1...`) filed as `filename|sha256`: wrong type at the source.
        "68f58844-4aa6-4e1c-8ee5-cfb58eb6665e.json Error Event.Attribute[28].value".to_owned(),
    ];
    // Nine values with a trailing space, which MISP trims on save.
    for i in 47..=55 {
        expected.push(format!(
            "bf89f592-eaf5-4e0e-b4dc-b0003f3e437d.json Warning Event.Attribute[{i}].value"
        ));
    }
    assert_eq!(found, expected);
}
