//! Attributes and attribute proposals.

use crate::model::{
    Distribution, Event, Galaxy, Note, Opinion, Organisation, Relationship, Sighting, Tag,
};
use crate::record;
use crate::time::{DateTime, Timestamp};
use crate::{AttributeType, Category};

record! {
    /// An attribute: one indicator or piece of information (an IP, a domain, a hash ...).
    pub struct Attribute {
        /// Local id.
        "id" => id: Option<u64>,
        /// The event's id.
        "event_id" => event_id: Option<u64>,
        /// The object's id (0 when not in an object).
        "object_id" => object_id: Option<u64>,
        /// Its relation within its object (e.g. `ip-dst`, `filename`).
        "object_relation" => object_relation: Option<String>,
        /// Category.
        "category" => category: Option<Category>,
        /// Type.
        "type" => kind: Option<AttributeType>,
        /// Value (`a|b` for composite types).
        "value" => value: Option<String>,
        /// Whether it is an indicator for detection (IDS flag).
        "to_ids" => to_ids: Option<bool>,
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
        /// Whether it is (soft-)deleted.
        "deleted" => deleted: Option<bool>,
        /// Whether correlation is disabled for it.
        "disable_correlation" => disable_correlation: Option<bool>,
        /// First time it was seen.
        "first_seen" => first_seen: Option<DateTime>,
        /// Last time it was seen.
        "last_seen" => last_seen: Option<DateTime>,
        /// Attachment or malware-sample content, base64.
        "data" => data: Option<String>,
        /// The event's UUID (search results).
        "event_uuid" => event_uuid: Option<uuid::Uuid>,
        /// A short form of the event it belongs to (attribute search results).
        "Event" => event: Option<Box<Event>>,
        /// Tags.
        "Tag" => tags: Vec<Tag>,
        /// Galaxies whose clusters are attached.
        "Galaxy" => galaxies: Vec<Galaxy>,
        /// Proposals to change it.
        "ShadowAttribute" => shadow_attributes: Vec<ShadowAttribute>,
        /// Sightings.
        "Sighting" => sightings: Vec<Sighting>,
        /// Analyst notes.
        "Note" => notes: Vec<Note>,
        /// Analyst opinions.
        "Opinion" => opinions: Vec<Opinion>,
        /// Analyst relationships.
        "Relationship" => relationships: Vec<Relationship>,
    }
}

record! {
    /// An attribute proposal (a "shadow attribute"): a change suggested by another organisation.
    pub struct ShadowAttribute {
        /// Local id.
        "id" => id: Option<u64>,
        /// The id of the attribute it would change (0 for a new attribute).
        "old_id" => old_id: Option<u64>,
        /// The event's id.
        "event_id" => event_id: Option<u64>,
        /// Type.
        "type" => kind: Option<AttributeType>,
        /// Category.
        "category" => category: Option<Category>,
        /// Value.
        "value" => value: Option<String>,
        /// IDS flag.
        "to_ids" => to_ids: Option<bool>,
        /// UUID.
        "uuid" => uuid: Option<uuid::Uuid>,
        /// The event's UUID.
        "event_uuid" => event_uuid: Option<uuid::Uuid>,
        /// Whether it is deleted.
        "deleted" => deleted: Option<bool>,
        /// Whether it proposes deleting the attribute.
        "proposal_to_delete" => proposal_to_delete: Option<bool>,
        /// Whether correlation is disabled.
        "disable_correlation" => disable_correlation: Option<bool>,
        /// Comment.
        "comment" => comment: Option<String>,
        /// Last modification.
        "timestamp" => timestamp: Option<Timestamp>,
        /// First seen.
        "first_seen" => first_seen: Option<DateTime>,
        /// Last seen.
        "last_seen" => last_seen: Option<DateTime>,
        /// Proposing organisation's id.
        "org_id" => org_id: Option<u64>,
        /// The event's owning organisation's id.
        "event_org_id" => event_org_id: Option<u64>,
        /// Attachment content, base64.
        "data" => data: Option<String>,
        /// Proposing organisation.
        "Org" => org: Option<Organisation>,
    }
}
