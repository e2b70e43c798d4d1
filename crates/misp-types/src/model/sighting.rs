//! Sightings.

use crate::model::{Organisation, SightingType};
use crate::record;
use crate::time::Timestamp;

record! {
    /// A sighting: someone saw an attribute's value (type 0), found it a false positive (type 1),
    /// or declared it expired (type 2).
    pub struct Sighting {
        /// Local id.
        "id" => id: Option<u64>,
        /// UUID.
        "uuid" => uuid: Option<uuid::Uuid>,
        /// The attribute's id.
        "attribute_id" => attribute_id: Option<u64>,
        /// The attribute's UUID.
        "attribute_uuid" => attribute_uuid: Option<uuid::Uuid>,
        /// The event's id.
        "event_id" => event_id: Option<u64>,
        /// The reporting organisation's id.
        "org_id" => org_id: Option<u64>,
        /// When it was seen.
        "date_sighting" => date_sighting: Option<Timestamp>,
        /// Where it was seen.
        "source" => source: Option<String>,
        /// Seen, a false positive, or an expiration.
        "type" => kind: Option<SightingType>,
        /// The value seen (when sighting by value).
        "value" => value: Option<String>,
        /// When the sighting was recorded.
        "timestamp" => timestamp: Option<Timestamp>,
        /// The reporting organisation.
        "Organisation" => organisation: Option<Organisation>,
    }
}
