//! The MISP core format: events, attributes, objects, tags, galaxies and the records around them,
//! read from any form a MISP server or feed emits and written back without losing a key.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod attachment;
pub mod generated;
pub mod normalize;
pub mod validate;
