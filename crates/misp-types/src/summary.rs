//! A short account of what an event holds: counts of attributes by type, objects by name and
//! tags by name, for listings and the command line.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::Event;

/// What an event holds, counted.
///
/// Attributes are counted whether they sit on the event or in one of its objects; tags are
/// counted on the event, its attributes and its objects' attributes.
///
/// ```
/// use misp_types::Event;
/// let event: Event = serde_json::from_str(r#"{"info": "x", "Tag": [{"name": "tlp:clear"}],
///     "Attribute": [{"type": "ip-dst", "value": "203.0.113.1", "Tag": [{"name": "tlp:clear"}]},
///                   {"type": "ip-dst", "value": "203.0.113.2"}],
///     "Object": [{"name": "file", "Attribute": [{"type": "md5", "value": "d41d8cd98f00b204e9800998ecf8427e"}]}]}"#).unwrap();
/// let s = event.summary();
/// assert_eq!(s.attributes, 3);
/// assert_eq!(s.attribute_types["ip-dst"], 2);
/// assert_eq!(s.object_names["file"], 1);
/// assert_eq!(s.tags["tlp:clear"], 2);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct EventSummary {
    /// The event's info.
    pub info: Option<String>,
    /// The event's UUID.
    pub uuid: Option<uuid::Uuid>,
    /// The event's date.
    pub date: Option<chrono::NaiveDate>,
    /// Whether the event is published.
    pub published: Option<bool>,
    /// Attributes, on the event and in objects.
    pub attributes: usize,
    /// Attributes by type (wire name).
    pub attribute_types: BTreeMap<String, usize>,
    /// Objects.
    pub objects: usize,
    /// Objects by name (template name).
    pub object_names: BTreeMap<String, usize>,
    /// Tags by name, on the event and its attributes.
    pub tags: BTreeMap<String, usize>,
    /// Galaxies.
    pub galaxies: usize,
    /// Event reports.
    pub reports: usize,
}

impl Event {
    /// Counts what the event holds; see [`EventSummary`].
    pub fn summary(&self) -> EventSummary {
        let mut s = EventSummary {
            info: self.info.clone(),
            uuid: self.uuid,
            date: self.date,
            published: self.published,
            objects: self.objects.len(),
            galaxies: self.galaxies.len(),
            reports: self.reports.len(),
            ..EventSummary::default()
        };
        let count_tags = |tags: &[crate::Tag], s: &mut EventSummary| {
            for tag in tags {
                let name = tag.name.clone().unwrap_or_default();
                *s.tags.entry(name).or_default() += 1;
            }
        };
        count_tags(&self.tags, &mut s);
        let object_attributes = self.objects.iter().flat_map(|o| o.attributes.iter());
        for attribute in self.attributes.iter().chain(object_attributes) {
            s.attributes += 1;
            let kind = attribute
                .kind
                .as_ref()
                .map(|k| k.as_str().to_owned())
                .unwrap_or_default();
            *s.attribute_types.entry(kind).or_default() += 1;
            count_tags(&attribute.tags, &mut s);
        }
        for object in &self.objects {
            let name = object.name.clone().unwrap_or_default();
            *s.object_names.entry(name).or_default() += 1;
        }
        s
    }
}
