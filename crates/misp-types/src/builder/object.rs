//! [`ObjectBuilder`].

#[cfg(feature = "samples")]
use crate::attachment::{AttachmentError, MalwareSample};
use crate::builder::AttributeBuilder;
use crate::builder::extras::{NoteBuilder, OpinionBuilder};
use crate::generated::{ObjectTemplateInfo, object_template};
use crate::validate::Problems;
use crate::{
    Attribute, AttributeType, Category, DateTime, Distribution, Object, ObjectReference, Timestamp,
};

/// Builds an [`Object`] from one of MISP's object templates.
///
/// [`attribute`](Self::attribute) takes a relation name and a value: the attribute's type,
/// category, `to_ids` and `disable_correlation` come from the template relation.
/// `build()` checks the template rules (`required`, `requiredOneOf`, `multiple`, unknown
/// relations).
///
/// ```
/// use misp_types::builder::ObjectBuilder;
/// let o = ObjectBuilder::new("domain-ip")
///     .attribute("domain", "evil.example")
///     .attribute("ip", "203.0.113.7")
///     .build()?;
/// assert_eq!(o.meta_category.as_deref(), Some("network"));
/// assert_eq!(o.attributes[1].kind.as_ref().unwrap().as_str(), "ip-dst");
///
/// let err = ObjectBuilder::new("domain-ip").attribute("colour", "red").build().unwrap_err();
/// assert!(err.to_string().contains("`colour` is not a relation of the `domain-ip` template"));
/// # Ok::<(), misp_types::validate::Problems>(())
/// ```
#[derive(Debug, Clone)]
#[must_use]
pub struct ObjectBuilder {
    object: Object,
    template: Option<&'static ObjectTemplateInfo>,
}

impl ObjectBuilder {
    /// An object of the template `name` (e.g. `file`, `domain-ip`, `url`). An unknown name
    /// gives an object whose attributes need explicit types
    /// ([`attribute_typed`](Self::attribute_typed)); validation then warns that its rules
    /// could not be checked.
    pub fn new(name: &str) -> Self {
        let template = object_template(name);
        let object = Object {
            name: Some(name.to_owned()),
            uuid: Some(uuid::Uuid::new_v4()),
            meta_category: template.map(|t| t.meta_category.to_owned()),
            description: template.map(|t| t.description.to_owned()),
            template_uuid: template.map(|t| t.uuid),
            template_version: template.map(|t| u64::from(t.version)),
            ..Object::default()
        };
        ObjectBuilder { object, template }
    }

    /// The template this object follows, if it is known.
    pub fn template(&self) -> Option<&'static ObjectTemplateInfo> {
        self.template
    }

    /// The object's UUID (generated when the builder was made), for references.
    pub fn uuid(&self) -> uuid::Uuid {
        self.object.uuid.unwrap_or_default()
    }

    /// Uses `uuid` instead of the generated one (references made from it follow).
    pub fn with_uuid(mut self, uuid: uuid::Uuid) -> Self {
        self.object.uuid = Some(uuid);
        for reference in &mut self.object.references {
            reference.object_uuid = Some(uuid);
        }
        self
    }

    /// Adds an attribute for the template relation `relation`, taking its type, category,
    /// `to_ids` and `disable_correlation` from the template.
    pub fn attribute(self, relation: &str, value: impl Into<String>) -> Self {
        let builder = self.relation_builder(relation, value.into());
        self.attribute_with(relation, builder)
    }

    /// Adds an attribute with an explicit type (for relations of unknown templates, or to
    /// override the template's type).
    pub fn attribute_typed(
        self,
        relation: &str,
        kind: impl Into<AttributeType>,
        value: impl Into<String>,
    ) -> Self {
        self.attribute_with(relation, AttributeBuilder::new(kind, value))
    }

    /// Adds a fully built attribute under `relation`.
    pub fn attribute_with(mut self, relation: &str, attribute: impl Into<Attribute>) -> Self {
        let mut attribute = attribute.into();
        attribute.object_relation = Some(relation.to_owned());
        self.object.attributes.push(attribute);
        self
    }

    /// Adds a `malware-sample` attribute under `relation` (usually `malware-sample` of a
    /// `file` object), built from the raw file as MISP stores it (feature `samples`).
    #[cfg(feature = "samples")]
    pub fn malware_sample(
        self,
        relation: &str,
        filename: &str,
        content: &[u8],
    ) -> Result<Self, AttachmentError> {
        let sample = MalwareSample::from_bytes(filename, content)?;
        let mut builder = self.relation_builder(relation, sample.value());
        builder.attribute.kind = Some(AttributeType::MalwareSample);
        builder.attribute.data = Some(sample.to_base64());
        Ok(self.attribute_with(relation, builder))
    }

    /// The attribute [`attribute`](Self::attribute) would add for `relation`: its type,
    /// category, `to_ids` and `disable_correlation` from the template, to adjust (a comment, a
    /// flag) before [`attribute_with`](Self::attribute_with) adds it. A relation the template
    /// does not have gets no type, and the build reports it.
    pub fn relation_builder(&self, relation: &str, value: String) -> AttributeBuilder {
        let spec = self.template.and_then(|t| t.relation(relation));
        let Some(spec) = spec else {
            // Unknown relation: no type to give; validation reports it at build time.
            return AttributeBuilder {
                attribute: Attribute {
                    uuid: Some(uuid::Uuid::new_v4()),
                    value: Some(value),
                    ..Attribute::default()
                },
            };
        };
        let kind = spec.attribute_type();
        let allowed = kind.categories();
        let category = spec
            .categories
            .iter()
            .map(|c| Category::from_wire(c))
            .find(|c| allowed.contains(c));
        let mut builder = AttributeBuilder::new(kind, value);
        if let Some(category) = category {
            builder = builder.category(category);
        }
        if let Some(to_ids) = spec.to_ids {
            builder = builder.to_ids(to_ids);
        }
        if let Some(disable) = spec.disable_correlation {
            builder = builder.disable_correlation(disable);
        }
        builder
    }

    /// Adds a reference from this object to the attribute or object `target`, e.g.
    /// `"communicates-with"`, `"drops"`, `"related-to"` (see
    /// [`relationship_types`](crate::relationship_types)).
    pub fn reference(self, target: uuid::Uuid, relationship_type: impl Into<String>) -> Self {
        self.reference_commented(target, relationship_type, None::<String>)
    }

    /// Adds a reference with a comment.
    pub fn reference_commented(
        mut self,
        target: uuid::Uuid,
        relationship_type: impl Into<String>,
        comment: Option<impl Into<String>>,
    ) -> Self {
        self.object.references.push(ObjectReference {
            uuid: Some(uuid::Uuid::new_v4()),
            object_uuid: self.object.uuid,
            referenced_uuid: Some(target),
            relationship_type: Some(relationship_type.into()),
            comment: comment.map(Into::into),
            ..ObjectReference::default()
        });
        self
    }

    /// Sets the comment.
    pub fn comment(mut self, comment: impl Into<String>) -> Self {
        self.object.comment = Some(comment.into());
        self
    }

    /// Sets the distribution.
    pub fn distribution(mut self, distribution: Distribution) -> Self {
        self.object.distribution = Some(distribution);
        self
    }

    /// Shares with the sharing group `id` (distribution 4).
    pub fn sharing_group(mut self, id: u64) -> Self {
        self.object.distribution = Some(Distribution::SharingGroup);
        self.object.sharing_group_id = Some(id);
        self
    }

    /// Sets when the object was first seen.
    pub fn first_seen(mut self, at: impl Into<DateTime>) -> Self {
        self.object.first_seen = Some(at.into());
        self
    }

    /// Sets when the object was last seen.
    pub fn last_seen(mut self, at: impl Into<DateTime>) -> Self {
        self.object.last_seen = Some(at.into());
        self
    }

    /// Sets the timestamp (by default the event's build time, or now).
    pub fn timestamp(mut self, at: Timestamp) -> Self {
        self.object.timestamp = Some(at);
        self
    }

    /// Adds an analyst note about this object.
    pub fn note(mut self, note: NoteBuilder) -> Self {
        self.object.notes.push(note.about(self.uuid(), "Object"));
        self
    }

    /// Adds an analyst opinion about this object.
    pub fn opinion(mut self, opinion: OpinionBuilder) -> Self {
        self.object
            .opinions
            .push(opinion.about(self.uuid(), "Object"));
        self
    }

    /// The object, if [`Object::validate`] finds no error (template rules included).
    pub fn build(self) -> Result<Object, Problems> {
        let mut object = self.build_unchecked();
        stamp_object(&mut object, Timestamp::now());
        object.validate().into_result().map(|_| object)
    }

    /// The object, without validation or timestamps.
    pub fn build_unchecked(self) -> Object {
        self.object
    }
}

/// Gives the object, its attributes and references a timestamp where they have none.
pub(crate) fn stamp_object(object: &mut Object, at: Timestamp) {
    object.timestamp.get_or_insert(at);
    for attribute in &mut object.attributes {
        attribute.timestamp.get_or_insert(at);
    }
    for reference in &mut object.references {
        reference.timestamp.get_or_insert(at);
    }
}

impl From<ObjectBuilder> for Object {
    fn from(builder: ObjectBuilder) -> Object {
        builder.build_unchecked()
    }
}
