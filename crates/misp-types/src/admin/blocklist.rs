//! Event and organisation blocklists.

use crate::record;

record! {
    /// An event blocklist entry (`eventBlocklists/index`): events with this UUID are refused.
    pub struct EventBlocklistEntry {
        /// The local id.
        "id" => id: Option<u64>,
        /// The blocked event's UUID.
        "event_uuid" => event_uuid: Option<uuid::Uuid>,
        /// When it was added, as the server writes it.
        "created" => created: Option<String>,
        /// The blocked event's title.
        "event_info" => event_info: Option<String>,
        /// A comment.
        "comment" => comment: Option<String>,
        /// The blocked event's creator organisation.
        "event_orgc" => event_orgc: Option<String>,
    }
}

record! {
    /// An organisation blocklist entry (`orgBlocklists/index`): data created by this
    /// organisation is refused.
    pub struct OrgBlocklistEntry {
        /// The local id.
        "id" => id: Option<u64>,
        /// The blocked organisation's UUID.
        "org_uuid" => org_uuid: Option<uuid::Uuid>,
        /// When it was added, as the server writes it.
        "created" => created: Option<String>,
        /// The blocked organisation's name.
        "org_name" => org_name: Option<String>,
        /// A comment.
        "comment" => comment: Option<String>,
        /// How much was refused, and when last.
        "blocked_data" => blocked_data: Option<serde_json::Value>,
    }
}

record! {
    /// The answer to a blocklist add: the UUIDs added and those refused (already listed or
    /// invalid). It carries no id; the entry's id is found in the index.
    pub struct BlocklistAddResult {
        /// The UUIDs added.
        "successes" => successes: Vec<String>,
        /// The UUIDs refused.
        "fails" => fails: Vec<String>,
    }
}
