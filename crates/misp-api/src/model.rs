//! The MISP core records this crate decodes into and sends, from `misp-types`.

pub use misp_types::{
    Attribute, Event, EventReport, Galaxy, GalaxyCluster, GalaxyClusterRelation, Note, Object,
    ObjectReference, Opinion, Relationship, ShadowAttribute, Sighting, Tag,
};

/// Reads the UUID an entity carries (for idempotent creation).
pub(crate) trait Identified {
    /// The entity's UUID, when it has one.
    fn entity_uuid(&self) -> Option<uuid::Uuid>;
}

macro_rules! identified {
    ($($t:ty),*) => {
        $(impl Identified for $t {
            fn entity_uuid(&self) -> Option<uuid::Uuid> {
                self.uuid
            }
        })*
    };
}

identified!(
    Attribute,
    Event,
    EventReport,
    GalaxyCluster,
    Note,
    Object,
    ObjectReference,
    Opinion,
    Relationship
);
