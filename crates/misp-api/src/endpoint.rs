//! The seam between building requests and executing them.

use crate::{ApiError, BuildError};

/// The `User-Agent` every request carries: this crate's name and version.
pub const USER_AGENT: &str = concat!("misp-rs/", env!("CARGO_PKG_VERSION"));

/// Whether an operation may be sent again after a failure whose outcome is unknown
/// (a timeout, a reset connection, a 502/503/504).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Idempotency {
    /// Repeating the request has no further effect (reads, and writes that set a state).
    Safe,
    /// Repeating the request could apply it twice (an add without a client-side UUID).
    Unsafe,
    /// A creation carrying a client-side UUID: safe to repeat, because a repeat that finds the
    /// UUID already stored can be answered with the stored entity instead of a duplicate.
    SafeWithUuid(uuid::Uuid),
}

/// One MISP operation: how to build its HTTP request and how to decode the response.
///
/// ```
/// use misp_api::{Endpoint, Idempotency};
/// # struct Version;
/// # impl Endpoint for Version {
/// #     type Output = serde_json::Value;
/// #     fn request(&self) -> Result<http::Request<Vec<u8>>, misp_api::BuildError> {
/// #         Ok(http::Request::get("/servers/getVersion").body(Vec::new()).unwrap())
/// #     }
/// #     fn decode(&self, r: http::Response<bytes::Bytes>) -> Result<Self::Output, misp_api::ApiError> {
/// #         Ok(serde_json::from_slice(r.body()).unwrap())
/// #     }
/// # }
/// let request = Version.request().unwrap();
/// assert_eq!(request.uri().path(), "/servers/getVersion");
/// assert_eq!(Version.idempotency(), Idempotency::Safe);
/// ```
pub trait Endpoint {
    /// What a successful response decodes to.
    type Output;

    /// Builds the request: method, path relative to the MISP root, query, headers and body.
    /// The `Authorization` header is left to the executor.
    fn request(&self) -> Result<http::Request<Vec<u8>>, BuildError>;

    /// Decodes the server's response into the output, or into a typed error that keeps the
    /// status, the server's message and the request's method and path.
    fn decode(&self, response: http::Response<bytes::Bytes>) -> Result<Self::Output, ApiError>;

    /// Whether the request may be repeated after a failure of unknown outcome.
    /// Defaults to [`Idempotency::Safe`]; operations that change state override it.
    fn idempotency(&self) -> Idempotency {
        Idempotency::Safe
    }
}
