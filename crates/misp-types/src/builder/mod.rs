//! Fluent builders for MISP data made offline: events, attributes, objects (from a template, by
//! relation name), references, tags, galaxy clusters, sightings, event reports and analyst data.
//!
//! Builders generate UUIDs (v4) on the client, fill in what MISP would (the attribute
//! category and `to_ids` from `describeTypes`, the object attribute's type, category and
//! `to_ids` from the template relation, the template's uuid, version and meta-category,
//! timestamps) and validate on `build()`, reporting every problem at its path.
//!
//! ```
//! use misp_types::builder::{AttributeBuilder, EventBuilder, ObjectBuilder};
//! use misp_types::{Distribution, ThreatLevel};
//!
//! let c2 = ObjectBuilder::new("domain-ip")
//!     .attribute("domain", "evil.example")
//!     .attribute("ip", "203.0.113.7");
//! let dropper = ObjectBuilder::new("file")
//!     .attribute("filename", "invoice.pdf.exe")
//!     .attribute("md5", "d41d8cd98f00b204e9800998ecf8427e")
//!     .reference(c2.uuid(), "communicates-with");
//! let event = EventBuilder::new("Phishing wave with invoice lures")
//!     .distribution(Distribution::ThisCommunityOnly)
//!     .threat_level(ThreatLevel::High)
//!     .tag("tlp:amber")
//!     .add_attribute("url", "https://evil.example/invoice")
//!     .attribute(AttributeBuilder::new("email-src", "billing@evil.example").comment("sender"))
//!     .object(c2)
//!     .object(dropper)
//!     .build()?;
//!
//! assert_eq!(event.attributes[0].category.as_ref().unwrap().as_str(), "Network activity");
//! assert_eq!(event.attributes[0].to_ids, Some(true));
//! assert_eq!(event.objects[1].attributes[1].kind.as_ref().unwrap().as_str(), "md5");
//! # Ok::<(), misp_types::validate::Problems>(())
//! ```

mod attribute;
mod event;
mod extras;
mod object;

pub use attribute::AttributeBuilder;
pub use event::EventBuilder;
pub use extras::{
    EventReportBuilder, GalaxyClusterBuilder, NoteBuilder, OpinionBuilder, SightingBuilder,
};
pub use object::ObjectBuilder;
