//! `manifest.json`: the feed's index of events.

use std::collections::BTreeMap;

use crate::{Analysis, Event, Organisation, Tag, ThreatLevel, Timestamp};

crate::record! {
    /// One event's entry in a feed's `manifest.json`. MISP compares its `timestamp` with the
    /// local copy to decide what to fetch, and applies feed rules to `Tag` and `Orgc`.
    ///
    /// Numbers are read as numbers or strings, and written as numbers (as PyMISP writes them).
    pub struct ManifestEntry {
        /// The creator organisation (name and uuid).
        "Orgc" => orgc: Option<Organisation>,
        /// The event's tags.
        "Tag" => tags: Vec<Tag>,
        /// The info line.
        "info" => info: Option<String>,
        /// The event date.
        "date" => date: Option<chrono::NaiveDate>,
        /// The analysis state.
        "analysis" => analysis: Option<Analysis>,
        /// The threat level.
        "threat_level_id" => threat_level: Option<ThreatLevel>,
        /// The event's last modification.
        "timestamp" => timestamp: Option<Timestamp>,
    }
}

/// A feed manifest: event UUID → entry, sorted by UUID.
pub type Manifest = BTreeMap<String, ManifestEntry>;

/// The manifest entry of a feed-form event (see [`to_feed_event`](super::to_feed_event)).
///
/// ```
/// use misp_types::builder::EventBuilder;
/// let event = EventBuilder::new("x").tag("tlp:clear").build_unchecked();
/// let entry = misp_types::feed::manifest_entry(&event);
/// assert_eq!(entry.info.as_deref(), Some("x"));
/// assert_eq!(entry.tags[0].name.as_deref(), Some("tlp:clear"));
/// ```
pub fn manifest_entry(event: &Event) -> ManifestEntry {
    ManifestEntry {
        orgc: event.orgc.as_ref().map(|o| Organisation {
            name: o.name.clone(),
            uuid: o.uuid.clone(),
            ..Organisation::default()
        }),
        tags: event
            .tags
            .iter()
            .map(|t| Tag {
                name: t.name.clone(),
                colour: t.colour.clone(),
                ..Tag::default()
            })
            .collect(),
        info: event.info.clone(),
        date: event.date,
        analysis: event.analysis,
        threat_level: event.threat_level,
        timestamp: event.timestamp,
        ..ManifestEntry::default()
    }
}

/// Reads `manifest.json`, refusing a key given twice (as every record refuses duplicates).
pub(crate) fn parse_manifest(bytes: &[u8]) -> Result<Manifest, crate::ParseError> {
    crate::json::from_slice::<StrictManifest>(bytes).map(|m| m.0)
}

struct StrictManifest(Manifest);

impl<'de> serde::Deserialize<'de> for StrictManifest {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = StrictManifest;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a feed manifest: an object of event uuid to entry")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Self::Value, A::Error> {
                let mut out = Manifest::new();
                while let Some(key) = map.next_key::<String>()? {
                    if out.contains_key(&key) {
                        return Err(crate::wire::duplicate(&key));
                    }
                    let entry = map.next_value::<ManifestEntry>()?;
                    out.insert(key, entry);
                }
                Ok(StrictManifest(out))
            }
        }
        d.deserialize_map(V)
    }
}
