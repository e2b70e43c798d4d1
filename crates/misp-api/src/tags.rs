//! Tags and tagging: list, search, get, add, update, hide/show, delete, and attaching tags to
//! (or removing them from) any entity by UUID, locally or globally, with a relationship type.

use serde_json::json;

use crate::macros::op;
use crate::model::Tag;
use crate::wire::{Body, PathBuilder as P};
use crate::{Ack, BuildError, Idempotency};

op! {
    /// Lists tags (`GET /tags/index[/searchall:{text}][/favouritesOnly:1]`); `%` is a wildcard.
    pub struct ListTags {
        /// Only tags whose name matches.
        pub search: Option<String>,
        /// Only the user's favourite tags.
        pub favourites_only: bool,
    }
    GET |s| {
        let mut p = P::new("tags/index");
        if let Some(search) = &s.search {
            p = p.named("searchall", search);
        }
        if s.favourites_only {
            p = p.named("favouritesOnly", 1);
        }
        p.build()
    } => Vec<Tag>: list("Tag")
}

impl ListTags {
    /// Every tag.
    pub fn all() -> Self {
        ListTags {
            search: None,
            favourites_only: false,
        }
    }

    /// The tags whose name matches `search` (`%` wildcards).
    pub fn matching(search: impl Into<String>) -> Self {
        ListTags {
            search: Some(search.into()),
            favourites_only: false,
        }
    }
}

op! {
    /// Fetches one tag (`GET /tags/view/{id}`).
    pub struct GetTag(
        /// The tag's id.
        pub tag: u64
    );
    GET |s| P::new("tags/view").segment(s.tag).build() => Tag: entity("Tag")
}

op! {
    /// Creates a tag (`POST /tags/add`); an existing name answers with the existing tag.
    pub struct AddTag(
        /// The tag (`name`, `colour`, `exportable`, `local_only` ...).
        pub tag: Tag
    );
    POST |s| "/tags/add".into() => Tag: entity("Tag");
    body |s| Body::json(&s.tag);
    idempotency |s| Idempotency::Safe
}

op! {
    /// Updates a tag (`POST /tags/edit/{id}`).
    pub struct UpdateTag {
        /// The tag's id.
        pub target: u64,
        /// Its new content.
        pub tag: Tag,
    }
    POST |s| P::new("tags/edit").segment(s.target).build() => Tag: entity("Tag");
    body |s| Body::json(&s.tag);
    idempotency |s| Idempotency::Safe
}

op! {
    /// Hides or shows a tag (`POST /tags/edit/{id}` with `hide_tag`); PyMISP's
    /// `enable_tag`/`disable_tag` send the whole tag, this sends only the flag.
    pub struct SetTagHidden {
        /// The tag's id.
        pub tag: u64,
        /// Hide it (disable) or show it (enable).
        pub hidden: bool,
    }
    POST |s| P::new("tags/edit").segment(s.tag).build() => Tag: entity("Tag");
    body |s| Body::json(&json!({ "id": s.tag, "hide_tag": s.hidden }));
    idempotency |s| Idempotency::Safe
}

op! {
    /// Deletes a tag (`POST /tags/delete/{id}`).
    pub struct DeleteTag(
        /// The tag's id.
        pub tag: u64
    );
    POST |s| P::new("tags/delete").segment(s.tag).build() => Ack: ack();
    idempotency |s| Idempotency::Safe
}

op! {
    /// Searches tags by name (`POST /tags/search`); without `strict`, `%` wildcards apply.
    pub struct SearchTags {
        /// The name or pattern.
        pub name: String,
        /// Match the name exactly.
        pub strict: bool,
    }
    POST |s| "/tags/search".into() => Vec<Tag>: list("Tag");
    body |s| Body::json(&json!({ "tagname": s.name, "strict_tagname": s.strict }));
    idempotency |s| Idempotency::Safe
}

/// Attaches a tag to an event, attribute, object, report ... by its UUID
/// (`POST /tags/attachTagToObject`).
///
/// ```
/// use misp_api::{Endpoint, tags::AttachTag};
/// let uuid = uuid::Uuid::parse_str("35ec5522-10de-43c8-a274-d1d5dfb955e5").unwrap();
/// let op = AttachTag::new(uuid, "tlp:green").local(true).relationship_type("related-to");
/// let request = op.request().unwrap();
/// assert_eq!(request.uri(), "/tags/attachTagToObject");
/// assert_eq!(
///     request.body(),
///     br#"{"local":true,"relationship_type":"related-to","tag":"tlp:green","uuid":"35ec5522-10de-43c8-a274-d1d5dfb955e5"}"#
/// );
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct AttachTag {
    /// The UUID of the entity.
    pub target: uuid::Uuid,
    /// The tag's name (or id as text).
    pub tag: String,
    /// A local tag (not synchronised) rather than a global one.
    pub local: bool,
    /// The relationship between entity and tag (`related-to` ...).
    pub relationship_type: Option<String>,
}

impl AttachTag {
    /// Attaches the global tag `tag` to `target`.
    pub fn new(target: uuid::Uuid, tag: impl Into<String>) -> Self {
        AttachTag {
            target,
            tag: tag.into(),
            local: false,
            relationship_type: None,
        }
    }

    /// Makes the tag local (or global).
    pub fn local(mut self, local: bool) -> Self {
        self.local = local;
        self
    }

    /// Sets the relationship type.
    pub fn relationship_type(mut self, relationship: impl Into<String>) -> Self {
        self.relationship_type = Some(relationship.into());
        self
    }
}

impl crate::wire::Operation for AttachTag {
    type Output = Ack;
    fn method(&self) -> http::Method {
        http::Method::POST
    }
    fn path(&self) -> String {
        "/tags/attachTagToObject".into()
    }
    fn body(&self) -> Result<Body, BuildError> {
        if self.tag.trim().is_empty() {
            return Err(BuildError::invalid("tag", "the tag name is empty"));
        }
        let mut body = json!({ "uuid": self.target, "tag": self.tag, "local": self.local });
        if let Some(r) = &self.relationship_type
            && let Some(o) = body.as_object_mut()
        {
            o.insert("relationship_type".into(), json!(r));
        }
        Body::json(&body)
    }
    fn decode_reply(&self, reply: crate::wire::Reply) -> Result<Ack, crate::ApiError> {
        reply.ack()
    }
    fn idempotency_class(&self) -> Idempotency {
        Idempotency::Safe
    }
}

op! {
    /// Removes a tag from an entity by its UUID (`POST /tags/removeTagFromObject`).
    pub struct RemoveTag {
        /// The UUID of the entity.
        pub target: uuid::Uuid,
        /// The tag's name.
        pub tag: String,
    }
    POST |s| "/tags/removeTagFromObject".into() => Ack: ack();
    body |s| Body::json(&json!({ "uuid": s.target, "tag": s.tag }));
    idempotency |s| Idempotency::Safe
}
