//! MISP feeds: a directory of `<uuid>.json` events in feed form, a `manifest.json` index and
//! a `hashes.csv` of attribute value hashes, as MISP servers fetch them.
//!
//! * [`to_feed_event`] turns an event into its feed form (local ids, `Org`, sightings,
//!   proposals and server-only fields removed; only exportable tags kept).
//! * [`export`] writes a whole feed; [`FeedDirectory`] opens an existing one and adds, replaces
//!   or removes events in place, keeping manifest and hashes consistent.
//! * [`read_feed`] reads a feed back, tolerating what real feeds contain (numbers as strings or
//!   numbers, manifest entries whose file is missing) and reporting it as [`FeedIssue`]s.
//!
//! ```
//! use misp_types::builder::EventBuilder;
//! use misp_types::feed::{self, FeedOptions};
//!
//! let dir = std::env::temp_dir().join(format!("misp-feed-doc-{}", uuid::Uuid::new_v4()));
//! let event = EventBuilder::new("Feed example")
//!     .orgc("CIRCL", "55f6ea5e-2c60-40e5-964f-47a8950d210f".parse().unwrap())
//!     .tag("tlp:clear")
//!     .add_attribute("domain", "evil.example")
//!     .build()?;
//! feed::export(&dir, [&event], &FeedOptions::default())?;
//!
//! let read = feed::read_feed(&dir)?;
//! assert!(read.issues.is_empty());
//! assert_eq!(read.events[0].attributes[0].value.as_deref(), Some("evil.example"));
//! # std::fs::remove_dir_all(&dir).ok();
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod directory;
mod files;
mod form;
mod manifest;

pub use directory::{FeedContents, FeedDirectory, FeedIssue, export, read_feed, read_feed_with};
pub use files::FeedReadOptions;
pub use form::{FeedOptions, feed_hashes, to_feed_event};
pub use manifest::{Manifest, ManifestEntry, manifest_entry};

use std::path::PathBuf;

/// What went wrong while writing or reading a feed.
#[derive(Debug, thiserror::Error)]
pub enum FeedError {
    /// A file could not be read or written.
    #[error("cannot access feed file `{path}`: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// A file is not the JSON expected.
    #[error("feed file `{path}` is not valid: {message}")]
    Json {
        /// The file.
        path: PathBuf,
        /// What is wrong, with its JSON path.
        message: String,
    },
    /// The event lacks something every feed event needs.
    #[error("event {event} cannot go into a feed: it has no {field} ({hint})")]
    MissingField {
        /// The event's UUID or info line.
        event: String,
        /// The missing field.
        field: &'static str,
        /// What to do.
        hint: &'static str,
    },
}

pub(crate) fn io_error(path: impl Into<PathBuf>) -> impl FnOnce(std::io::Error) -> FeedError {
    let path = path.into();
    move |source| FeedError::Io { path, source }
}
