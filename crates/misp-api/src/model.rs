//! The MISP core records this crate decodes into, from `misp-types`.
//!
//! Until the lossless model lands these are JSON values; the operations name them through this
//! module so the switch is one line per type.

/// A MISP event.
pub type Event = serde_json::Value;
/// An attribute.
pub type Attribute = serde_json::Value;
/// An object.
pub type Object = serde_json::Value;
/// A reference between objects/attributes.
pub type ObjectReference = serde_json::Value;
/// A tag.
pub type Tag = serde_json::Value;
/// A galaxy.
pub type Galaxy = serde_json::Value;
/// A galaxy cluster.
pub type GalaxyCluster = serde_json::Value;
/// A sighting.
pub type Sighting = serde_json::Value;
/// An attribute proposal.
pub type ShadowAttribute = serde_json::Value;
/// An event report.
pub type EventReport = serde_json::Value;
/// An analyst note.
pub type Note = serde_json::Value;
/// An analyst opinion.
pub type Opinion = serde_json::Value;
/// An analyst relationship.
pub type Relationship = serde_json::Value;

/// Reads the UUID an entity carries (for idempotent creation).
pub(crate) trait Identified {
    /// The entity's UUID, when it has a valid one.
    fn entity_uuid(&self) -> Option<uuid::Uuid>;
}

impl Identified for serde_json::Value {
    fn entity_uuid(&self) -> Option<uuid::Uuid> {
        self.get("uuid")
            .and_then(serde_json::Value::as_str)
            .and_then(|s| uuid::Uuid::parse_str(s).ok())
    }
}
