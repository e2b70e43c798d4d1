//! Event reports.

use crate::model::{Distribution, Note, Opinion, Relationship};
use crate::record;
use crate::time::Timestamp;

record! {
    /// An event report: a Markdown document attached to an event.
    pub struct EventReport {
        /// Local id.
        "id" => id: Option<u64>,
        /// UUID.
        "uuid" => uuid: Option<uuid::Uuid>,
        /// The event's id.
        "event_id" => event_id: Option<u64>,
        /// Title.
        "name" => name: Option<String>,
        /// Markdown content.
        "content" => content: Option<String>,
        /// Distribution.
        "distribution" => distribution: Option<Distribution>,
        /// Sharing group id (distribution 4).
        "sharing_group_id" => sharing_group_id: Option<u64>,
        /// Last modification.
        "timestamp" => timestamp: Option<Timestamp>,
        /// Whether it is deleted.
        "deleted" => deleted: Option<bool>,
        /// Analyst notes.
        "Note" => notes: Vec<Note>,
        /// Analyst opinions.
        "Opinion" => opinions: Vec<Opinion>,
        /// Analyst relationships.
        "Relationship" => relationships: Vec<Relationship>,
    }
}
