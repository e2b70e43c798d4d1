//! Analyst data: notes, opinions and relationships attached to any MISP entity.

use crate::model::{Distribution, Organisation};
use crate::record;
use crate::time::DateTime;

record! {
    /// A note on an entity.
    pub struct Note {
        /// Local id.
        "id" => id: Option<u64>,
        /// UUID.
        "uuid" => uuid: Option<uuid::Uuid>,
        /// UUID of the entity it is about.
        "object_uuid" => object_uuid: Option<uuid::Uuid>,
        /// Kind of entity it is about (`Event`, `Attribute`, `Object`, `Note` ...).
        "object_type" => object_type: Option<String>,
        /// Authors.
        "authors" => authors: Option<String>,
        /// Owning organisation's UUID.
        "org_uuid" => org_uuid: Option<uuid::Uuid>,
        /// Creating organisation's UUID.
        "orgc_uuid" => orgc_uuid: Option<uuid::Uuid>,
        /// Creation time.
        "created" => created: Option<DateTime>,
        /// Last modification time.
        "modified" => modified: Option<DateTime>,
        /// Distribution.
        "distribution" => distribution: Option<Distribution>,
        /// Sharing group id (distribution 4).
        "sharing_group_id" => sharing_group_id: Option<u64>,
        /// Whether it is locked.
        "locked" => locked: Option<bool>,
        /// The note's text.
        "note" => note: Option<String>,
        /// Its language.
        "language" => language: Option<String>,
        /// Creating organisation.
        "Orgc" => orgc: Option<Organisation>,
        /// Notes on this note.
        "Note" => notes: Vec<Note>,
        /// Opinions on this note.
        "Opinion" => opinions: Vec<Opinion>,
    }
}

record! {
    /// An opinion (0 to 100) on an entity.
    pub struct Opinion {
        /// Local id.
        "id" => id: Option<u64>,
        /// UUID.
        "uuid" => uuid: Option<uuid::Uuid>,
        /// UUID of the entity it is about.
        "object_uuid" => object_uuid: Option<uuid::Uuid>,
        /// Kind of entity it is about.
        "object_type" => object_type: Option<String>,
        /// Authors.
        "authors" => authors: Option<String>,
        /// Owning organisation's UUID.
        "org_uuid" => org_uuid: Option<uuid::Uuid>,
        /// Creating organisation's UUID.
        "orgc_uuid" => orgc_uuid: Option<uuid::Uuid>,
        /// Creation time.
        "created" => created: Option<DateTime>,
        /// Last modification time.
        "modified" => modified: Option<DateTime>,
        /// Distribution.
        "distribution" => distribution: Option<Distribution>,
        /// Sharing group id (distribution 4).
        "sharing_group_id" => sharing_group_id: Option<u64>,
        /// Whether it is locked.
        "locked" => locked: Option<bool>,
        /// The opinion, 0 (disagree) to 100 (agree).
        "opinion" => opinion: Option<u64>,
        /// Why.
        "comment" => comment: Option<String>,
        /// Creating organisation.
        "Orgc" => orgc: Option<Organisation>,
        /// Notes on this opinion.
        "Note" => notes: Vec<Note>,
        /// Opinions on this opinion.
        "Opinion" => opinions: Vec<Opinion>,
    }
}

record! {
    /// A typed relationship from one entity to another.
    pub struct Relationship {
        /// Local id.
        "id" => id: Option<u64>,
        /// UUID.
        "uuid" => uuid: Option<uuid::Uuid>,
        /// UUID of the source entity.
        "object_uuid" => object_uuid: Option<uuid::Uuid>,
        /// Kind of the source entity.
        "object_type" => object_type: Option<String>,
        /// Authors.
        "authors" => authors: Option<String>,
        /// Owning organisation's UUID.
        "org_uuid" => org_uuid: Option<uuid::Uuid>,
        /// Creating organisation's UUID.
        "orgc_uuid" => orgc_uuid: Option<uuid::Uuid>,
        /// Creation time.
        "created" => created: Option<DateTime>,
        /// Last modification time.
        "modified" => modified: Option<DateTime>,
        /// Distribution.
        "distribution" => distribution: Option<Distribution>,
        /// Sharing group id (distribution 4).
        "sharing_group_id" => sharing_group_id: Option<u64>,
        /// Whether it is locked.
        "locked" => locked: Option<bool>,
        /// UUID of the target entity.
        "related_object_uuid" => related_object_uuid: Option<uuid::Uuid>,
        /// Kind of the target entity.
        "related_object_type" => related_object_type: Option<String>,
        /// The relationship (e.g. `related-to`).
        "relationship_type" => relationship_type: Option<String>,
        /// Creating organisation.
        "Orgc" => orgc: Option<Organisation>,
        /// Notes on this relationship.
        "Note" => notes: Vec<Note>,
        /// Opinions on this relationship.
        "Opinion" => opinions: Vec<Opinion>,
    }
}
