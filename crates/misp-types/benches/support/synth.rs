//! A deterministic generator of a large, server-shaped MISP event for benchmarks.
//!
//! The event looks like what `/events/view` returns from a MISP 2.5 server in its default
//! (stringified) number encoding: every attribute carries the full set of server keys, some carry
//! tags, sightings-free, and objects hold their own attributes and references.

use serde_json::{Value, json};

/// A small linear congruential generator: same seed, same event.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn uuid(&mut self) -> String {
        let (a, b) = (
            self.next() << 32 | self.next(),
            self.next() << 32 | self.next(),
        );
        let h = format!("{a:016x}{b:016x}");
        format!(
            "{}-{}-4{}-a{}-{}",
            &h[0..8],
            &h[8..12],
            &h[13..16],
            &h[17..20],
            &h[20..32]
        )
    }
}

fn attribute(rng: &mut Lcg, id: u64, object_id: u64, relation: Option<&str>) -> Value {
    let n = rng.next();
    let (kind, category, value) = match n % 5 {
        0 => (
            "ip-dst",
            "Network activity",
            format!("198.51.{}.{}", n % 256, (n >> 8) % 256),
        ),
        1 => (
            "domain",
            "Network activity",
            format!("host-{}.bad-example-{}.net", n % 100_000, n % 977),
        ),
        2 => (
            "sha256",
            "Payload delivery",
            format!(
                "{:016x}{:016x}{:016x}{:016x}",
                n,
                n ^ 0xdead,
                n.rotate_left(7),
                n * 31
            ),
        ),
        3 => (
            "url",
            "Network activity",
            format!(
                "https://cdn-{}.example.org/path/{}/payload.bin?id={}",
                n % 5000,
                n % 77,
                n
            ),
        ),
        _ => (
            "md5",
            "Payload delivery",
            format!("{:016x}{:016x}", n, n.rotate_right(3)),
        ),
    };
    let ts = (1_700_000_000 + n % 10_000_000).to_string();
    let mut a = json!({
        "id": id.to_string(), "type": kind, "category": category, "to_ids": n % 3 != 0,
        "uuid": rng.uuid(), "event_id": "1", "distribution": "5", "timestamp": ts,
        "comment": if n % 4 == 0 { "" } else { "observed in the second wave of the campaign, see the report" },
        "sharing_group_id": "0", "deleted": false, "disable_correlation": false,
        "object_id": object_id.to_string(), "object_relation": relation,
        "first_seen": if n % 2 == 0 { Value::String("2024-05-15T09:58:41.000000+00:00".into()) } else { Value::Null },
        "last_seen": Value::Null, "value": value, "Galaxy": [], "ShadowAttribute": [],
    });
    if n % 3 == 0 {
        a["Tag"] = json!([{ "id": "12", "name": "tlp:amber", "colour": "#FFC000", "exportable": true,
            "user_id": "0", "hide_tag": false, "numerical_value": null, "is_galaxy": false,
            "is_custom_galaxy": false, "local_only": false, "local": 0, "relationship_type": null }]);
    }
    a
}

/// The JSON bytes of one event with `attributes` attributes outside objects and `objects`
/// objects of two attributes each.
pub fn event_json(attributes: u64, objects: u64) -> Vec<u8> {
    let mut rng = Lcg(0x5eed);
    let org = json!({ "id": "1", "name": "ORGNAME", "uuid": rng.uuid(), "local": true });
    let mut next_id = 1;
    let attrs: Vec<Value> = (0..attributes)
        .map(|_| {
            next_id += 1;
            attribute(&mut rng, next_id, 0, None)
        })
        .collect();
    let objs: Vec<Value> = (0..objects)
        .map(|o| {
            let object_id = o + 1;
            let inner: Vec<Value> = ["ip", "domain"]
                .iter()
                .map(|rel| {
                    next_id += 1;
                    attribute(&mut rng, next_id, object_id, Some(rel))
                })
                .collect();
            let uuid = rng.uuid();
            json!({
                "id": object_id.to_string(), "name": "domain-ip", "meta-category": "network",
                "description": "A domain and IP address seen as a tuple in a specific time frame.",
                "template_uuid": "43b3b146-77eb-4931-b4cc-b66c60f28734", "template_version": "9",
                "event_id": "1", "uuid": uuid, "timestamp": "1715767121", "distribution": "5",
                "sharing_group_id": "0", "comment": "", "deleted": false, "first_seen": null, "last_seen": null,
                "ObjectReference": [{ "id": object_id.to_string(), "uuid": rng.uuid(), "timestamp": "1715767121",
                    "object_id": object_id.to_string(), "referenced_id": "2", "referenced_uuid": rng.uuid(),
                    "referenced_type": "0", "relationship_type": "connects-to", "comment": "", "deleted": false,
                    "event_id": "1", "source_uuid": uuid }],
                "Attribute": inner,
            })
        })
        .collect();
    let tag = json!([{ "id": "12", "name": "tlp:amber", "colour": "#FFC000", "exportable": true, "user_id": "0",
        "hide_tag": false, "numerical_value": null, "is_galaxy": false, "is_custom_galaxy": false,
        "local_only": false, "local": 0, "relationship_type": null }]);
    let event = json!({ "Event": {
        "id": "1", "orgc_id": "1", "org_id": "1", "date": "2024-05-15", "threat_level_id": "2",
        "info": "Synthetic benchmark event", "published": false, "uuid": rng.uuid(),
        "attribute_count": (attributes + 2 * objects).to_string(), "analysis": "1", "timestamp": "1715767121",
        "distribution": "1", "proposal_email_lock": false, "locked": false, "publish_timestamp": "0",
        "sharing_group_id": "0", "disable_correlation": false, "extends_uuid": "", "protected": null,
        "event_creator_email": "admin@admin.test", "Org": org, "Orgc": org,
        "Attribute": attrs, "ShadowAttribute": [], "RelatedEvent": [], "Galaxy": [], "Object": objs,
        "EventReport": [], "CryptographicKey": [], "Tag": tag,
    }});
    serde_json::to_vec(&event).expect("serialising a generated event")
}

/// The default benchmark size: 95,000 attributes plus 5,000 objects of two (105,000 in all,
/// about 62 MB).
pub fn large_event() -> Vec<u8> {
    event_json(95_000, 5_000)
}
