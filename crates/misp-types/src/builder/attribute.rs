//! [`AttributeBuilder`].

use crate::attachment::encode_data;
#[cfg(feature = "samples")]
use crate::attachment::{AttachmentError, MalwareSample};
use crate::builder::extras::{
    GalaxyClusterBuilder, NoteBuilder, OpinionBuilder, SightingBuilder, attach_cluster,
};
use crate::validate::Problems;
use crate::{Attribute, AttributeType, Category, DateTime, Distribution, Tag, Timestamp};

/// Builds an [`Attribute`].
///
/// The category and `to_ids` default to the type's `describeTypes` defaults; the UUID is a
/// fresh v4.
///
/// ```
/// use misp_types::builder::AttributeBuilder;
/// let a = AttributeBuilder::new("ip-dst", "203.0.113.7").comment("C2").tag("tlp:green").build()?;
/// assert_eq!(a.category.unwrap().as_str(), "Network activity");
/// assert_eq!(a.to_ids, Some(true));
/// # Ok::<(), misp_types::validate::Problems>(())
/// ```
#[derive(Debug, Clone)]
#[must_use]
pub struct AttributeBuilder {
    pub(crate) attribute: Attribute,
}

impl AttributeBuilder {
    /// An attribute of type `kind` (its wire name, e.g. `ip-dst`, or an [`AttributeType`]) and
    /// value `value`.
    pub fn new(kind: impl Into<AttributeType>, value: impl Into<String>) -> Self {
        let kind = kind.into();
        let attribute = Attribute {
            uuid: Some(uuid::Uuid::new_v4()),
            category: kind.default_category(),
            to_ids: kind.default_to_ids(),
            kind: Some(kind),
            value: Some(value.into()),
            ..Attribute::default()
        };
        AttributeBuilder { attribute }
    }

    /// A `malware-sample` attribute holding `content`, stored as MISP stores it: the value is
    /// `filename|md5` and `data` the base64 of a zip encrypted with the password `infected`
    /// (feature `samples`).
    #[cfg(feature = "samples")]
    pub fn malware_sample(filename: &str, content: &[u8]) -> Result<Self, AttachmentError> {
        let sample = MalwareSample::from_bytes(filename, content)?;
        let mut builder = AttributeBuilder::new(AttributeType::MalwareSample, sample.value());
        builder.attribute.data = Some(sample.to_base64());
        Ok(builder)
    }

    /// An `attachment` attribute: the value is the file name, `data` the base64 content.
    pub fn attachment(filename: impl Into<String>, content: &[u8]) -> Self {
        let mut builder = AttributeBuilder::new(AttributeType::Attachment, filename);
        builder.attribute.data = Some(encode_data(content));
        builder
    }

    /// The attribute's UUID (generated when the builder was made), for references.
    pub fn uuid(&self) -> uuid::Uuid {
        self.attribute.uuid.unwrap_or_default()
    }

    /// Uses `uuid` instead of the generated one.
    pub fn with_uuid(mut self, uuid: uuid::Uuid) -> Self {
        self.attribute.uuid = Some(uuid);
        self
    }

    /// Sets the category (instead of the type's default).
    pub fn category(mut self, category: impl Into<Category>) -> Self {
        self.attribute.category = Some(category.into());
        self
    }

    /// Sets the IDS flag (instead of the type's default).
    pub fn to_ids(mut self, to_ids: bool) -> Self {
        self.attribute.to_ids = Some(to_ids);
        self
    }

    /// Sets the comment.
    pub fn comment(mut self, comment: impl Into<String>) -> Self {
        self.attribute.comment = Some(comment.into());
        self
    }

    /// Sets the distribution.
    pub fn distribution(mut self, distribution: Distribution) -> Self {
        self.attribute.distribution = Some(distribution);
        self
    }

    /// Shares with the sharing group `id` (distribution 4).
    pub fn sharing_group(mut self, id: u64) -> Self {
        self.attribute.distribution = Some(Distribution::SharingGroup);
        self.attribute.sharing_group_id = Some(id);
        self
    }

    /// Turns correlation off (or on) for this attribute.
    pub fn disable_correlation(mut self, disable: bool) -> Self {
        self.attribute.disable_correlation = Some(disable);
        self
    }

    /// Sets when the indicator was first seen.
    pub fn first_seen(mut self, at: impl Into<DateTime>) -> Self {
        self.attribute.first_seen = Some(at.into());
        self
    }

    /// Sets when the indicator was last seen.
    pub fn last_seen(mut self, at: impl Into<DateTime>) -> Self {
        self.attribute.last_seen = Some(at.into());
        self
    }

    /// Sets the timestamp (by default the event's build time, or now).
    pub fn timestamp(mut self, at: Timestamp) -> Self {
        self.attribute.timestamp = Some(at);
        self
    }

    /// Adds a tag by name (once: a second tag of the same name is ignored).
    pub fn tag(self, name: impl Into<String>) -> Self {
        self.tag_with(Tag::named(name))
    }

    /// Adds a tag (once per name).
    pub fn tag_with(mut self, tag: Tag) -> Self {
        if !self.attribute.tags.iter().any(|t| t.name == tag.name) {
            self.attribute.tags.push(tag);
        }
        self
    }

    /// Attaches a galaxy cluster (and its tag).
    pub fn galaxy_cluster(mut self, cluster: GalaxyClusterBuilder) -> Self {
        attach_cluster(
            &mut self.attribute.galaxies,
            &mut self.attribute.tags,
            cluster,
        );
        self
    }

    /// Adds a sighting of this attribute.
    pub fn sighting(mut self, sighting: SightingBuilder) -> Self {
        let mut sighting = sighting.build();
        sighting.attribute_uuid = self.attribute.uuid;
        self.attribute.sightings.push(sighting);
        self
    }

    /// Adds an analyst note about this attribute.
    pub fn note(mut self, note: NoteBuilder) -> Self {
        self.attribute
            .notes
            .push(note.about(self.uuid(), "Attribute"));
        self
    }

    /// Adds an analyst opinion about this attribute.
    pub fn opinion(mut self, opinion: OpinionBuilder) -> Self {
        self.attribute
            .opinions
            .push(opinion.about(self.uuid(), "Attribute"));
        self
    }

    /// Sets the object relation (for an attribute that goes into an object).
    pub fn object_relation(mut self, relation: impl Into<String>) -> Self {
        self.attribute.object_relation = Some(relation.into());
        self
    }

    /// The attribute, if [`Attribute::validate`] finds no error.
    pub fn build(self) -> Result<Attribute, Problems> {
        let mut attribute = self.build_unchecked();
        attribute.timestamp.get_or_insert_with(Timestamp::now);
        attribute.validate().into_result().map(|_| attribute)
    }

    /// The attribute, without validation or timestamp.
    pub fn build_unchecked(self) -> Attribute {
        self.attribute
    }
}

impl From<AttributeBuilder> for Attribute {
    fn from(builder: AttributeBuilder) -> Attribute {
        builder.build_unchecked()
    }
}
