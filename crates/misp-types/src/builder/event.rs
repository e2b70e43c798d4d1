//! [`EventBuilder`].

use chrono::NaiveDate;

use crate::builder::AttributeBuilder;
use crate::builder::extras::{GalaxyClusterBuilder, NoteBuilder, OpinionBuilder, attach_cluster};
use crate::builder::object::stamp_object;
use crate::validate::Problems;
use crate::{
    Analysis, Attribute, AttributeType, Distribution, Event, EventReport, Object, Organisation,
    Tag, ThreatLevel, Timestamp,
};

/// Builds an [`Event`].
///
/// Defaults: a fresh v4 UUID, today's date (UTC), threat level 4 (undefined), analysis 0
/// (initial), unpublished, and on `build()` the build time as the timestamp of the event and
/// of every attribute, object, reference and report that has none.
///
/// ```
/// use misp_types::builder::EventBuilder;
/// let event = EventBuilder::new("Scanning from 198.51.100.0/24")
///     .date(chrono::NaiveDate::from_ymd_opt(2024, 5, 15).unwrap())
///     .tag("tlp:clear")
///     .add_attribute("ip-src", "198.51.100.0/24")
///     .build()?;
/// assert_eq!(event.info.as_deref(), Some("Scanning from 198.51.100.0/24"));
/// assert_eq!(event.attributes[0].timestamp, event.timestamp);
/// # Ok::<(), misp_types::validate::Problems>(())
/// ```
#[derive(Debug, Clone)]
#[must_use]
pub struct EventBuilder {
    event: Event,
}

impl EventBuilder {
    /// An event with the info line `info`.
    pub fn new(info: impl Into<String>) -> Self {
        EventBuilder {
            event: Event {
                info: Some(info.into()),
                uuid: Some(uuid::Uuid::new_v4()),
                threat_level: Some(ThreatLevel::Undefined),
                analysis: Some(Analysis::Initial),
                published: Some(false),
                ..Event::default()
            },
        }
    }

    /// The event's UUID (generated when the builder was made).
    pub fn uuid(&self) -> uuid::Uuid {
        self.event.uuid.unwrap_or_default()
    }

    /// Uses `uuid` instead of the generated one.
    pub fn with_uuid(mut self, uuid: uuid::Uuid) -> Self {
        self.event.uuid = Some(uuid);
        self
    }

    /// Sets the event date (default: today, UTC).
    pub fn date(mut self, date: NaiveDate) -> Self {
        self.event.date = Some(date);
        self
    }

    /// Sets the distribution (0 to 4; 4 needs [`sharing_group`](Self::sharing_group)).
    pub fn distribution(mut self, distribution: Distribution) -> Self {
        self.event.distribution = Some(distribution);
        self
    }

    /// Shares with the sharing group `id` (distribution 4).
    pub fn sharing_group(mut self, id: u64) -> Self {
        self.event.distribution = Some(Distribution::SharingGroup);
        self.event.sharing_group_id = Some(id);
        self
    }

    /// Sets the threat level.
    pub fn threat_level(mut self, level: ThreatLevel) -> Self {
        self.event.threat_level = Some(level);
        self
    }

    /// Sets the analysis state.
    pub fn analysis(mut self, analysis: Analysis) -> Self {
        self.event.analysis = Some(analysis);
        self
    }

    /// Marks the event published (or not).
    pub fn published(mut self, published: bool) -> Self {
        self.event.published = Some(published);
        self
    }

    /// Sets the creator organisation (needed in feeds).
    pub fn orgc(mut self, name: impl Into<String>, uuid: uuid::Uuid) -> Self {
        self.event.orgc = Some(Organisation {
            name: Some(name.into()),
            uuid: Some(uuid.to_string()),
            ..Organisation::default()
        });
        self
    }

    /// Marks this event as extending the event `uuid`.
    pub fn extends(mut self, uuid: uuid::Uuid) -> Self {
        self.event.extends_uuid = Some(uuid.to_string());
        self
    }

    /// Sets the timestamp (default: the build time).
    pub fn timestamp(mut self, at: Timestamp) -> Self {
        self.event.timestamp = Some(at);
        self
    }

    /// Adds a tag by name (once per name).
    pub fn tag(self, name: impl Into<String>) -> Self {
        self.tag_with(Tag::named(name))
    }

    /// Adds a tag that stays on this server (`local: true`, never synchronised or exported).
    pub fn local_tag(self, name: impl Into<String>) -> Self {
        let mut tag = Tag::named(name);
        tag.local = Some(true);
        self.tag_with(tag)
    }

    /// Adds a tag (once per name).
    pub fn tag_with(mut self, tag: Tag) -> Self {
        if !self.event.tags.iter().any(|t| t.name == tag.name) {
            self.event.tags.push(tag);
        }
        self
    }

    /// Adds an attribute by type and value, with the type's default category and `to_ids`.
    pub fn add_attribute(self, kind: impl Into<AttributeType>, value: impl Into<String>) -> Self {
        self.attribute(AttributeBuilder::new(kind, value))
    }

    /// Adds an attribute (an [`AttributeBuilder`] or a built [`Attribute`]).
    pub fn attribute(mut self, attribute: impl Into<Attribute>) -> Self {
        self.event.attributes.push(attribute.into());
        self
    }

    /// Adds an object (an [`ObjectBuilder`](crate::builder::ObjectBuilder) or a built
    /// [`Object`]).
    pub fn object(mut self, object: impl Into<Object>) -> Self {
        self.event.objects.push(object.into());
        self
    }

    /// Adds an event report (an [`EventReportBuilder`](crate::builder::EventReportBuilder) or a
    /// built [`EventReport`]).
    pub fn report(mut self, report: impl Into<EventReport>) -> Self {
        self.event.reports.push(report.into());
        self
    }

    /// Attaches a galaxy cluster (under its galaxy, and as its `misp-galaxy:` tag).
    pub fn galaxy_cluster(mut self, cluster: GalaxyClusterBuilder) -> Self {
        attach_cluster(&mut self.event.galaxies, &mut self.event.tags, cluster);
        self
    }

    /// Adds an analyst note about the event.
    pub fn note(mut self, note: NoteBuilder) -> Self {
        self.event.notes.push(note.about(self.uuid(), "Event"));
        self
    }

    /// Adds an analyst opinion about the event.
    pub fn opinion(mut self, opinion: OpinionBuilder) -> Self {
        self.event
            .opinions
            .push(opinion.about(self.uuid(), "Event"));
        self
    }

    /// The event, if [`Event::validate`] finds no error; otherwise every problem found.
    pub fn build(self) -> Result<Event, Problems> {
        let event = self.build_unchecked();
        event.validate().into_result().map(|_| event)
    }

    /// The event with its defaults and timestamps filled in, without validation.
    pub fn build_unchecked(self) -> Event {
        let mut event = self.event;
        let now = *event.timestamp.get_or_insert_with(Timestamp::now);
        if event.date.is_none() {
            event.date = now.to_datetime().map(|t| t.date_naive());
        }
        for attribute in &mut event.attributes {
            attribute.timestamp.get_or_insert(now);
        }
        for object in &mut event.objects {
            stamp_object(object, now);
        }
        for report in &mut event.reports {
            report.timestamp.get_or_insert(now);
        }
        event
    }
}

impl From<EventBuilder> for Event {
    fn from(builder: EventBuilder) -> Event {
        builder.build_unchecked()
    }
}
