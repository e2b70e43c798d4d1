//! The MISP core format: events, attributes, objects, tags, galaxies and the records around them,
//! read from any form a MISP server or feed emits and written back without losing a key.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod generated;
pub use generated::{
    AttributeType, Category, ObjectTemplateInfo, RelationshipType, TemplateRelation,
    object_template, object_templates, relationship_type, relationship_types,
};

pub mod attachment;
pub mod normalize;
pub mod validate;
pub mod builder;
pub mod feed;
