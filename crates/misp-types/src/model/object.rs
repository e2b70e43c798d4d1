//! Objects and object references.

use crate::model::{Attribute, Distribution, Note, Opinion, Relationship};
use crate::record;
use crate::time::{DateTime, Timestamp};

record! {
    /// An object: attributes grouped by an object template (a `file`, a `domain-ip` ...).
    pub struct Object {
        /// Local id.
        "id" => id: Option<u64>,
        /// Template name.
        "name" => name: Option<String>,
        /// Template meta-category.
        "meta-category" => meta_category: Option<String>,
        /// Template description.
        "description" => description: Option<String>,
        /// Template UUID.
        "template_uuid" => template_uuid: Option<uuid::Uuid>,
        /// Template version.
        "template_version" => template_version: Option<u64>,
        /// The event's id.
        "event_id" => event_id: Option<u64>,
        /// UUID.
        "uuid" => uuid: Option<uuid::Uuid>,
        /// Last modification.
        "timestamp" => timestamp: Option<Timestamp>,
        /// Distribution.
        "distribution" => distribution: Option<Distribution>,
        /// Sharing group id (distribution 4).
        "sharing_group_id" => sharing_group_id: Option<u64>,
        /// Comment.
        "comment" => comment: Option<String>,
        /// Whether it is deleted.
        "deleted" => deleted: Option<bool>,
        /// First seen.
        "first_seen" => first_seen: Option<DateTime>,
        /// Last seen.
        "last_seen" => last_seen: Option<DateTime>,
        /// The event's UUID (search results).
        "event_uuid" => event_uuid: Option<uuid::Uuid>,
        /// Its attributes, each with an `object_relation`.
        "Attribute" => attributes: Vec<Attribute>,
        /// References from this object to other objects and attributes.
        "ObjectReference" => references: Vec<ObjectReference>,
        /// Analyst notes.
        "Note" => notes: Vec<Note>,
        /// Analyst opinions.
        "Opinion" => opinions: Vec<Opinion>,
        /// Analyst relationships.
        "Relationship" => relationships: Vec<Relationship>,
    }
}

record! {
    /// A reference from an object to another object or attribute (`connects-to`, `drops` ...).
    pub struct ObjectReference {
        /// Local id.
        "id" => id: Option<u64>,
        /// UUID.
        "uuid" => uuid: Option<uuid::Uuid>,
        /// Last modification.
        "timestamp" => timestamp: Option<Timestamp>,
        /// The source object's id.
        "object_id" => object_id: Option<u64>,
        /// The source object's UUID.
        "object_uuid" => object_uuid: Option<uuid::Uuid>,
        /// The event's id.
        "event_id" => event_id: Option<u64>,
        /// The source UUID (as some exports name it).
        "source_uuid" => source_uuid: Option<uuid::Uuid>,
        /// The target's id.
        "referenced_id" => referenced_id: Option<u64>,
        /// The target's UUID.
        "referenced_uuid" => referenced_uuid: Option<uuid::Uuid>,
        /// The target's kind: 0 attribute, 1 object.
        "referenced_type" => referenced_type: Option<u64>,
        /// The relationship.
        "relationship_type" => relationship_type: Option<String>,
        /// Comment.
        "comment" => comment: Option<String>,
        /// Whether it is deleted.
        "deleted" => deleted: Option<bool>,
    }
}
