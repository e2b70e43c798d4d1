//! Every MISP operation as a typed, transport-agnostic request, and the decoding of its response.
//!
//! `misp-api` does no I/O. Each operation is a value implementing [`Endpoint`]: it builds an
//! [`http::Request`] (method, path relative to the MISP root, query, headers, JSON body) and decodes
//! an [`http::Response`] into a typed output or a typed [`ApiError`]. Any HTTP stack can execute
//! these requests; `misp-client` does so over reqwest and tokio.
//!
//! The request's URI is a path relative to the MISP root URL (for example `/events/view/1`); the
//! executor joins it to the root (which may have a sub-path) and adds the `Authorization` header.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod endpoint;
mod error;

pub use endpoint::{Endpoint, Idempotency, USER_AGENT};
pub use error::{ApiError, BuildError, FieldError, RequestContext};
