//! Builders: snapshots of built events, defaults from describeTypes and templates, samples.

use misp_types::attachment::MalwareSample;
use misp_types::builder::{
    AttributeBuilder, EventBuilder, EventReportBuilder, GalaxyClusterBuilder, NoteBuilder,
    ObjectBuilder, OpinionBuilder, SightingBuilder,
};
use misp_types::validate::ProblemCode;
use misp_types::{Analysis, Distribution, ThreatLevel, Timestamp};

fn uuid(n: u8) -> uuid::Uuid {
    format!("00000000-0000-4000-8000-0000000000{n:02x}")
        .parse()
        .unwrap()
}

const AT: Timestamp = Timestamp::new(1_715_767_121);

fn sample_event() -> misp_types::Event {
    let c2 = ObjectBuilder::new("domain-ip")
        .with_uuid(uuid(10))
        .attribute("domain", "evil.example")
        .attribute("ip", "203.0.113.7")
        .attribute("port", "443");
    let dropper = ObjectBuilder::new("file")
        .with_uuid(uuid(11))
        .attribute("filename", "invoice.pdf.exe")
        .attribute("md5", "d41d8cd98f00b204e9800998ecf8427e")
        .attribute("size-in-bytes", "0")
        .reference(c2.uuid(), "communicates-with")
        .comment("Dropped by the lure");
    let url = AttributeBuilder::new("url", "https://evil.example/invoice")
        .with_uuid(uuid(2))
        .comment("lure")
        .tag("kill-chain:delivery");
    EventBuilder::new("Phishing wave with invoice lures")
        .with_uuid(uuid(1))
        .date(chrono::NaiveDate::from_ymd_opt(2024, 5, 15).unwrap())
        .timestamp(AT)
        .distribution(Distribution::ThisCommunityOnly)
        .threat_level(ThreatLevel::High)
        .analysis(Analysis::Ongoing)
        .orgc("ACME CERT", uuid(99))
        .tag("tlp:amber")
        .tag("tlp:amber")
        .local_tag("workflow:state=\"incomplete\"")
        .attribute(url)
        .add_attribute("email-src", "billing@evil.example")
        .attribute(AttributeBuilder::new("comment", "context only").to_ids(false))
        .object(c2)
        .object(dropper)
        .galaxy_cluster(GalaxyClusterBuilder::new("threat-actor", "Sofacy").with_uuid(uuid(50)))
        .report(EventReportBuilder::new(
            "Summary",
            "# Invoice lures\nSee the file object.",
        ))
        .build()
        .expect("a valid event")
}

#[test]
fn snapshot_of_a_built_event() {
    insta::assert_json_snapshot!(sample_event(), {
        ".Attribute[1].uuid" => "[uuid]",
        ".Attribute[2].uuid" => "[uuid]",
        ".Object[].Attribute[].uuid" => "[uuid]",
        ".Object[].ObjectReference[].uuid" => "[uuid]",
        ".EventReport[].uuid" => "[uuid]",
    });
}

#[test]
fn defaults_come_from_describe_types_and_templates() {
    let event = sample_event();
    let email = &event.attributes[1];
    assert_eq!(
        email.category.as_ref().unwrap().as_str(),
        "Payload delivery"
    );
    assert_eq!(email.to_ids, Some(true));
    let comment = &event.attributes[2];
    assert_eq!(comment.category.as_ref().unwrap().as_str(), "Other");
    assert_eq!(comment.to_ids, Some(false));

    let file = &event.objects[1];
    let template = misp_types::object_template("file").unwrap();
    assert_eq!(file.template_uuid, Some(template.uuid));
    assert_eq!(file.template_version, Some(u64::from(template.version)));
    assert_eq!(file.meta_category.as_deref(), Some("file"));
    let size = &file.attributes[2];
    assert_eq!(size.kind.as_ref().unwrap().as_str(), "size-in-bytes");
    assert_eq!(size.to_ids, Some(false));
    assert_eq!(size.disable_correlation, Some(true));
    // The domain-ip `ip` relation holds ip-dst.
    assert_eq!(
        event.objects[0].attributes[1]
            .kind
            .as_ref()
            .unwrap()
            .as_str(),
        "ip-dst"
    );

    // Timestamps: the event's, everywhere.
    assert!(event.attributes.iter().all(|a| a.timestamp == Some(AT)));
    assert!(event.objects.iter().all(|o| o.timestamp == Some(AT)));
    assert_eq!(event.objects[1].references[0].timestamp, Some(AT));
    // UUIDs are v4 and distinct.
    let mut uuids: Vec<uuid::Uuid> = event
        .attributes
        .iter()
        .chain(event.objects.iter().flat_map(|o| o.attributes.iter()))
        .filter_map(|a| a.uuid)
        .collect();
    assert!(uuids.iter().all(|u| u.get_version_num() == 4));
    let n = uuids.len();
    uuids.sort();
    uuids.dedup();
    assert_eq!(uuids.len(), n);
}

#[test]
fn references_link_objects() {
    let event = sample_event();
    let reference = &event.objects[1].references[0];
    assert_eq!(reference.object_uuid, Some(uuid(11)));
    assert_eq!(reference.referenced_uuid, Some(uuid(10)));
    assert_eq!(
        reference.relationship_type.as_deref(),
        Some("communicates-with")
    );
    assert!(event.validate().is_empty(), "{}", event.validate());
}

#[test]
fn build_reports_every_problem() {
    let err = EventBuilder::new("")
        .add_attribute("ip-dst", "not-an-ip")
        .object(ObjectBuilder::new("domain-ip").attribute("colour", "red"))
        .distribution(Distribution::SharingGroup)
        .build()
        .unwrap_err();
    let got: Vec<(&str, ProblemCode)> = err.iter().map(|p| (p.path.as_str(), p.code)).collect();
    assert_eq!(
        got,
        [
            ("Event.info", ProblemCode::MissingField),
            ("Event.sharing_group_id", ProblemCode::SharingGroupMissing),
            ("Event.Attribute[0].value", ProblemCode::InvalidValue),
            (
                "Event.Object[0].Attribute[0].type",
                ProblemCode::MissingField
            ),
            (
                "Event.Object[0].Attribute[0].object_relation",
                ProblemCode::UnknownRelation
            ),
            ("Event.Object[0]", ProblemCode::RequiredOneOfMissing),
        ]
    );
    assert!(
        err.to_string()
            .starts_with("6 error(s), 0 warning(s)\n  error: Event.info: ")
    );
}

#[test]
fn malware_samples_round_trip_through_the_builder() {
    let content = b"MZ\x90\x00\x03 pretend PE";
    let attribute = AttributeBuilder::malware_sample("dropper.exe", content)
        .unwrap()
        .build()
        .unwrap();
    let md5 = misp_types::attachment::md5_hex(content);
    assert_eq!(
        attribute.value.as_deref(),
        Some(format!("dropper.exe|{md5}").as_str())
    );
    assert_eq!(
        attribute.category.as_ref().unwrap().as_str(),
        "Payload delivery"
    );
    let back = MalwareSample::from_base64(attribute.data.as_deref().unwrap()).unwrap();
    assert_eq!(back.content(), content);
    assert_eq!(back.filename(), "dropper.exe");

    let object = ObjectBuilder::new("file")
        .attribute("filename", "dropper.exe")
        .malware_sample("malware-sample", "dropper.exe", content)
        .unwrap()
        .build()
        .unwrap();
    let sample = &object.attributes[1];
    assert_eq!(sample.kind.as_ref().unwrap().as_str(), "malware-sample");
    assert_eq!(sample.object_relation.as_deref(), Some("malware-sample"));
    assert!(MalwareSample::from_base64(sample.data.as_deref().unwrap()).is_ok());

    let attachment = AttributeBuilder::attachment("notes.txt", b"hello")
        .build()
        .unwrap();
    assert_eq!(attachment.data.as_deref(), Some("aGVsbG8="));
}

#[test]
fn sightings_notes_and_opinions_point_at_their_subject() {
    let attribute = AttributeBuilder::new("ip-dst", "203.0.113.7")
        .sighting(
            SightingBuilder::new()
                .false_positive()
                .source("sensor-1")
                .date(AT),
        )
        .note(NoteBuilder::new("Shared hosting").language("en"))
        .opinion(OpinionBuilder::new(20, "Probably benign"))
        .build()
        .unwrap();
    let s = &attribute.sightings[0];
    assert_eq!(
        (s.kind, s.source.as_deref(), s.date_sighting),
        (
            Some(misp_types::SightingType::FalsePositive),
            Some("sensor-1"),
            Some(AT)
        )
    );
    assert_eq!(s.attribute_uuid, attribute.uuid);
    assert_eq!(attribute.notes[0].object_uuid, attribute.uuid);
    assert_eq!(attribute.notes[0].object_type.as_deref(), Some("Attribute"));
    assert_eq!(attribute.opinions[0].opinion, Some(20));
    assert_eq!(
        attribute.opinions[0].object_type.as_deref(),
        Some("Attribute")
    );

    let err = AttributeBuilder::new("ip-dst", "203.0.113.7")
        .opinion(OpinionBuilder::new(150, "too strong"))
        .build()
        .unwrap_err();
    assert_eq!(
        err.iter().next().unwrap().path,
        "Attribute.Opinion[0].opinion"
    );
}

#[test]
fn object_attribute_uses_first_valid_template_category() {
    // `file.pattern-in-file` lists categories; the first valid one for the type is used.
    let o = ObjectBuilder::new("file")
        .attribute("filename", "a")
        .attribute("pattern-in-file", "abc")
        .build()
        .unwrap();
    let category = o.attributes[1].category.as_ref().unwrap();
    let kind = o.attributes[1].kind.as_ref().unwrap();
    assert!(kind.categories().contains(category));
}
