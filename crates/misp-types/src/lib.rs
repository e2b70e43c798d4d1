//! The MISP core format: events, attributes, objects, tags, galaxies and the records around them,
//! read from any form a MISP server or feed emits and written back without losing a key.
//!
//! Depend on `misp-types` alone for everything that needs no server: converters, feed
//! publishers and readers ([`feed`]), CI checks of event files ([`validate`]), building events
//! and objects from MISP's own types and templates ([`builder`], [`object_templates`]),
//! malware-sample archives ([`attachment`]), the value normalisation the server applies
//! ([`normalize`]) and the JSON Schema ([`schema`]). It does no network I/O and pulls in no async
//! runtime. The administration records (users, roles, servers, feeds, settings) are in
//! [`admin`], for `misp-admin`.
//!
//! Cargo features, all on by default: `templates` (the object-template table generated from
//! misp-objects, and what needs it: `Event::validate`, the builders), `schema` (the JSON
//! Schemas, through `schemars` without its derive), `samples` (malware-sample archives,
//! [`attachment::MalwareSample`], through `zip` and `md-5`) and `feed` (MISP feed
//! directories, [`feed`]). Reading, writing, value checks (`validate_value`), normalisation and
//! the attachment helpers are always built; a crate that only reads and writes MISP JSON (as
//! misp-api and misp-client do) turns all four off.
//!
//! # Reading
//!
//! Real servers differ: ids, timestamps and enumerations come as JSON numbers or as strings
//! (depending on the server's database driver), booleans as `true`, `1` or `"1"`, lists may be
//! absent, `null` or a single object, and `first_seen` comes with or without a fraction and an
//! offset. Every record reads all of these. A key the model does not know is kept verbatim (in
//! [`wire::Extra`]), as is the order keys came in.
//!
//! # Writing: the canonical form
//!
//! Records are written with their keys in the order they were read (new keys after them), and
//! with one form per kind of value:
//!
//! | value | written as |
//! |---|---|
//! | ids, counts, timestamps, distribution, threat level, analysis | JSON numbers |
//! | booleans | `true` / `false` |
//! | UUIDs | lower-case, hyphenated |
//! | `first_seen`, `last_seen`, `created`, `modified` | RFC 3339 with microseconds: `2024-05-15T09:58:41.000000+00:00` |
//! | `date` | `YYYY-MM-DD` |
//! | a key that was `null` | `null` |
//! | a list that was `[]` | `[]` (a list that was absent and is empty stays absent) |
//! | unknown keys | exactly as read |
//!
//! MISP accepts this form on every endpoint. Reading then writing any event therefore yields the
//! same keys with the same values, where a number equals its string form, a boolean its `0`/`1`
//! forms, and a date-time any other notation of the same instant; [`compare`] checks exactly that.
//!
//! ```
//! use misp_types::{EventDocument, ThreatLevel};
//! let doc = EventDocument::from_slice(br#"{"Event":{"info":"x","threat_level_id":"1","timestamp":"1700000000","published":"0","custom":{"a":1}}}"#).unwrap();
//! let event = doc.events().next().unwrap();
//! assert_eq!(event.threat_level, Some(ThreatLevel::High));
//! assert_eq!(doc.to_json().unwrap(), r#"{"Event":{"info":"x","threat_level_id":1,"timestamp":1700000000,"published":false,"custom":{"a":1}}}"#);
//! ```
#![forbid(unsafe_code)]
// No panic reachable from input: no indexing that can go out of bounds, no unwrap or expect
// outside tests (the limits are in clippy.toml beside Cargo.toml).
#![warn(
    clippy::indexing_slicing,
    clippy::string_slice,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic
)]
#![warn(missing_docs)]

pub mod admin;
pub mod compare;
mod document;
mod error;
pub mod generated;
pub mod json;
mod model;
pub mod records;
mod time;
pub mod wire;

pub use document::{EnvelopeKind, EventDocument, EventEnvelope, ResponseEnvelope, StreamOptions};
pub use error::ParseError;
pub use generated::{
    AttributeType, Category, RelationshipType, relationship_type, relationship_types,
};
#[cfg(feature = "templates")]
pub use generated::{ObjectTemplateInfo, TemplateRelation, object_template, object_templates};
pub use model::*;
pub use time::{DateTime, DateTimeError, Timestamp};

#[doc(hidden)]
pub mod __private {
    #[cfg(feature = "schema")]
    pub use schemars;
    pub use serde;
    pub use serde_json;
    pub use serde_json::value::RawValue;
}

pub mod attachment;
#[cfg(feature = "templates")]
pub mod builder;
#[cfg(feature = "feed")]
pub mod feed;
pub mod input;
pub mod normalize;
#[cfg(feature = "schema")]
pub mod schema;
pub mod summary;
pub mod validate;
