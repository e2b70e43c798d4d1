//! Every MISP operation as a typed, transport-agnostic request, and the decoding of its response.
//!
//! `misp-api` does no I/O. Each operation is a value implementing [`Endpoint`]: it builds an
//! [`http::Request`] (method, path relative to the MISP root, query, headers, JSON body) and decodes
//! an [`http::Response`] into a typed output or a typed [`ApiError`]. Any HTTP stack can execute
//! these requests; `misp-client` does so over reqwest and tokio.
//!
//! Depend on `misp-api` (with `misp-types`) without `misp-client` to run MISP operations on
//! your own HTTP stack (a blocking client, a proxy, a test harness), or to inspect and test
//! requests without a server. With `misp-client`, its types are what you pass to
//! `Client::send` and `Client::paginate` for operations that have no shortcut. It does no I/O
//! and has no async dependency. Cargo features: none.
//!
//! The request's URI is a path relative to the MISP root URL (for example `/events/view/1`); the
//! executor joins it to the root (which may have a sub-path) and adds the `Authorization` header.
//!
//! ```
//! use misp_api::{Endpoint, events::GetEvent};
//!
//! let op = GetEvent::new(12);
//! let request = op.request().unwrap();
//! assert_eq!(request.method(), http::Method::GET);
//! assert_eq!(request.uri(), "/events/view/12");
//!
//! let response = http::Response::builder()
//!     .status(404)
//!     .body(bytes::Bytes::from_static(br#"{"name":"Invalid event","message":"Invalid event","url":"/events/view/12"}"#))
//!     .unwrap();
//! let error = op.decode(response).unwrap_err();
//! assert!(error.is_not_found());
//! assert_eq!(error.to_string(), "GET /events/view/12: not found (404 Not Found): Invalid event");
//! ```
//!
//! Areas: [`events`], [`event_reports`], [`attributes`], [`proposals`], [`objects`],
//! [`object_templates`], [`analyst_data`], [`sightings`], [`tags`], [`taxonomies`],
//! [`warninglists`], [`noticelists`], [`correlation_exclusions`], [`galaxies`],
//! [`user_settings`], [`decaying_models`], [`delegations`], [`communities`], [`statistics`],
//! [`instance`] and [`search`] (restSearch, the event index, sightings search).
#![forbid(unsafe_code)]
#![warn(missing_docs)]
// No panic reachable from a server's answer: no indexing, slicing, unwrap, expect or panic!
// outside tests (the test allowances are in clippy.toml beside Cargo.toml).
#![warn(
    clippy::indexing_slicing,
    clippy::string_slice,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic
)]

mod endpoint;
mod error;
mod ids;
mod items;
mod macros;
pub mod paged;

pub mod model;
/// The server records operations decode into (from `misp-types`).
pub use misp_types::records;
pub mod wire;

pub mod analyst_data;
pub mod attributes;
pub mod communities;
pub mod correlation_exclusions;
pub mod decaying_models;
pub mod delegations;
pub mod event_reports;
pub mod events;
pub mod galaxies;
pub mod instance;
pub mod noticelists;
pub mod object_templates;
pub mod objects;
pub mod proposals;
pub mod raw;
pub mod samples;
pub mod search;
pub mod sightings;
pub mod statistics;
pub mod tags;
pub mod taxonomies;
pub mod user_settings;
pub mod warninglists;

pub use endpoint::{Endpoint, Idempotency, USER_AGENT};
pub use error::{ApiError, BodyKind, BuildError, FieldError, RequestContext};
#[doc(hidden)]
pub use http as __http;
pub use ids::{AttributeRef, EventRef, IdOrUuid, ObjectRef, ParseIdError};
pub use items::{ItemsAt, Streamable};
pub use paged::{PageSeen, Paged, result_count};
pub use wire::{Ack, RawBody};

use wire::Body;

/// `{}` for a soft delete, `{"hard": 1}` for a hard one (what MISP's delete actions read).
pub(crate) fn delete_body(hard: bool) -> Result<Body, BuildError> {
    if hard {
        Body::json(&serde_json::json!({ "hard": 1 }))
    } else {
        Ok(Body::empty_object())
    }
}

/// `{"<module>": true, ...}`, the body of the enrichment calls.
pub(crate) fn modules_body(modules: &[String]) -> Result<Body, BuildError> {
    if modules.is_empty() {
        return Err(BuildError::invalid(
            "modules",
            "name at least one enrichment module",
        ));
    }
    let map: serde_json::Map<String, serde_json::Value> = modules
        .iter()
        .map(|m| (m.clone(), serde_json::Value::Bool(true)))
        .collect();
    Body::json(&map)
}

/// Safe to repeat when the new entity carries its own UUID.
pub(crate) fn creation<T: model::Identified + ?Sized>(entity: &T) -> Idempotency {
    match entity.entity_uuid() {
        Some(uuid) => Idempotency::SafeWithUuid(uuid),
        None => Idempotency::Unsafe,
    }
}
