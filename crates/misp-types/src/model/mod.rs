//! The MISP core format's records.

mod analyst;
mod attribute;
mod enums;
mod event;
mod galaxy;
mod kinds;
mod object;
mod org;
mod report;
mod sighting;
mod tag;

pub use analyst::{Note, Opinion, Relationship};
pub use attribute::{Attribute, ShadowAttribute};
pub use enums::{Analysis, Distribution, SightingType, ThreatLevel};
pub use event::{Event, RelatedEvent};
pub use galaxy::{Galaxy, GalaxyCluster, GalaxyClusterRelation, GalaxyElement};
pub use object::{Object, ObjectReference};
pub use org::{Organisation, SharingGroup, SharingGroupOrg, SharingGroupServer};
pub use report::EventReport;
pub use sighting::Sighting;
pub use tag::Tag;
