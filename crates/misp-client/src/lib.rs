//! An async MISP client on reqwest and tokio: it executes `misp-api` requests with retries,
//! pagination streams and streaming decode.
//!
//! - [`Client::send`] runs any [`misp_api::Endpoint`]: it joins the request's path onto the
//!   root URL (keeping a sub-path), adds the key, retries what is safe to retry
//!   ([`RetryPolicy`]) and hands the final response, whatever its status, to the endpoint,
//!   which decodes it into its output or a typed [`Error`]. The key, and anything shaped like a
//!   MISP key, is removed from every error.
//! - [`Client::stream_items`] decodes a response of any size item by item as it arrives;
//!   [`Client::paginate`] walks every page of any [`Paged`] operation, stopping where that
//!   endpoint's own rule says the last page is; [`Client::export_to`] copies raw
//!   exports (CSV, STIX ...) to a writer.
//! - [`Client::bulk`] runs many requests with bounded concurrency and a result per item.
//! - Configuration: [`ClientBuilder`], [`ClientBuilder::from_env`], [`ConfigFile`] profiles.
//!
//! Depend on `misp-client` (with `misp-api` for the operations and queries) to talk to a MISP
//! server from async Rust on tokio. It is the crate most programs start from: see the guide in
//! `docs/guide/` (connecting, recent changes, look-ups, writing, errors). Administration
//! operations come with `misp-admin`'s extension trait. TLS is rustls on ring, with the
//! operating system's certificate store and the bundled web roots.
//!
//! Cargo features: `http2` (off by default) lets the client speak HTTP/2 with a server that
//! offers it through ALPN; MISP answers over HTTP/1.1, which is all the client needs, and the
//! feature adds `h2` and hyper's HTTP/2 client to the build. The `misp` command line turns it
//! on.
//!
//! ```
//! # async fn run() -> Result<(), misp_client::Error> {
//! let client = misp_client::Client::builder()
//!     .url("https://misp.example.org")
//!     .key("0123456789abcdef0123456789abcdef01234567")
//!     .build()?; // or Client::from_env()?: MISP_URL, MISP_KEY, profiles
//! assert_eq!(client.root().as_str(), "https://misp.example.org/");
//! # Ok(()) }
//! ```
//!
//! Every request runs in a `misp_request` tracing span with its method, path, attempt, status
//! and duration; the key is never recorded.
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

mod areas;
mod bulk;
mod client;
mod config;
mod error;
mod limits;
mod profile;
mod retry;
mod split;
mod stream;

pub use areas::{Attributes, Events, Objects, Search, Sightings, Tags};
pub use bulk::BulkResults;
pub use client::Client;
pub use config::{
    ClientBuilder, DEFAULT_CONNECT_TIMEOUT, DEFAULT_READ_TIMEOUT, DEFAULT_USER_AGENT, env,
};
pub use error::{BoxError, ConfigError, Error, TransportKind};
pub use limits::{ERROR_BODY_EXCERPT, Limit, Limits, parse_seconds, parse_size};
pub use misp_api::{ApiError, BuildError, Endpoint, Idempotency, RequestContext};
pub use misp_api::{PageSeen, Paged, result_count};
pub use profile::{ConfigFile, Profile};
pub use retry::RetryPolicy;
pub use split::ItemsAt;
#[doc(hidden)]
pub use split::stream_decode;
pub use stream::{DEFAULT_MAX_ITEM_BYTES, ItemStream};
