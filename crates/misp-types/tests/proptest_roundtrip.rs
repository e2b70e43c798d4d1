//! Any model value survives write-then-read.

use misp_types::{
    Analysis, Attribute, AttributeType, Category, DateTime, Distribution, Event, Object,
    ObjectReference, Organisation, Tag, ThreatLevel, Timestamp,
};
use proptest::prelude::*;

fn text() -> impl Strategy<Value = String> {
    "[ -~]{0,12}|\\PC{0,6}"
}

fn distribution() -> impl Strategy<Value = Distribution> {
    proptest::sample::select(Distribution::ALL)
}

fn datetime() -> impl Strategy<Value = DateTime> {
    (0i64..4_000_000_000, 0u32..1_000_000, -12i32..14).prop_map(|(s, us, h)| {
        let offset = chrono::FixedOffset::east_opt(h * 3600).unwrap();
        let utc = chrono::DateTime::from_timestamp(s, us * 1000).unwrap();
        DateTime(utc.with_timezone(&offset))
    })
}

fn attribute_type() -> impl Strategy<Value = AttributeType> {
    prop_oneof![
        proptest::sample::select(AttributeType::ALL),
        "[a-z]{3,10}-new".prop_map(|s| AttributeType::from_wire(&s)),
    ]
}

fn tag() -> impl Strategy<Value = Tag> {
    (
        proptest::option::of(any::<u64>()),
        proptest::option::of(text()),
        proptest::option::of(any::<bool>()),
    )
        .prop_map(|(id, name, local)| Tag {
            id,
            name,
            local,
            ..Tag::default()
        })
}

fn attribute() -> impl Strategy<Value = Attribute> {
    (
        (
            proptest::option::of(any::<u64>()),
            proptest::option::of(attribute_type()),
        ),
        proptest::option::of(proptest::sample::select(Category::ALL)),
        (
            proptest::option::of(text()),
            proptest::option::of(any::<bool>()),
        ),
        proptest::option::of(any::<u128>().prop_map(uuid::Uuid::from_u128)),
        proptest::option::of((0i64..i64::MAX).prop_map(Timestamp)),
        proptest::option::of(distribution()),
        proptest::option::of(datetime()),
        proptest::collection::vec(tag(), 0..3),
        proptest::collection::vec(("[a-z_]{1,8}x", any::<i32>()), 0..3),
    )
        .prop_map(
            |(
                (id, kind),
                category,
                (value, to_ids),
                uuid,
                timestamp,
                distribution,
                first_seen,
                tags,
                extra,
            )| {
                let mut a = Attribute {
                    id,
                    kind,
                    category,
                    value,
                    to_ids,
                    uuid,
                    timestamp,
                    distribution,
                    first_seen,
                    tags,
                    ..Attribute::default()
                };
                for (k, v) in extra {
                    a.extra.insert(k, &v).unwrap();
                }
                a
            },
        )
}

fn event() -> impl Strategy<Value = Event> {
    (
        proptest::option::of(text()),
        proptest::option::of(proptest::sample::select(ThreatLevel::ALL)),
        proptest::option::of(proptest::sample::select(Analysis::ALL)),
        proptest::option::of((-1_000_000i32..1_000_000).prop_map(|d| {
            chrono::NaiveDate::from_ymd_opt(2000, 1, 1).unwrap() + chrono::Duration::days(d.into())
        })),
        proptest::collection::vec(attribute(), 0..4),
        proptest::collection::vec(
            (
                proptest::option::of(text()),
                proptest::collection::vec(attribute(), 0..3),
            ),
            0..3,
        ),
        proptest::option::of(text()),
    )
        .prop_map(
            |(info, threat_level, analysis, date, attributes, objects, org)| Event {
                info,
                threat_level,
                analysis,
                date,
                attributes,
                objects: objects
                    .into_iter()
                    .map(|(name, attributes)| Object {
                        name,
                        attributes,
                        references: vec![ObjectReference {
                            relationship_type: Some("drops".into()),
                            ..Default::default()
                        }],
                        ..Object::default()
                    })
                    .collect(),
                orgc: org.map(|name| Organisation {
                    name: Some(name),
                    ..Default::default()
                }),
                ..Event::default()
            },
        )
}

proptest! {
    #[test]
    fn attribute_survives_write_then_read(a in attribute()) {
        let json = serde_json::to_string(&a).unwrap();
        let back: Attribute = serde_json::from_str(&json).unwrap();
        prop_assert_eq!(&back, &a);
        // Writing again gives the same bytes: the order read is the order written.
        prop_assert_eq!(serde_json::to_string(&back).unwrap(), json);
    }

    #[test]
    fn event_survives_write_then_read(e in event()) {
        let json = serde_json::to_vec(&misp_types::EventDocument::Bare(e.clone())).unwrap();
        let back = misp_types::Event::from_json(&json).unwrap();
        prop_assert_eq!(back, e);
    }
}
