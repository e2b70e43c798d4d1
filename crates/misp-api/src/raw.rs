//! Any request, for endpoints without a typed operation: any method, any path below the
//! MISP root, a JSON (or other) body, and the answer as bytes with its content type. Error
//! statuses still become the typed [`ApiError`]s.
//!
//! ```
//! use misp_api::{Endpoint, raw::RawRequest};
//! let op = RawRequest::new(http::Method::DELETE, "attributes/delete/5");
//! let request = op.request().unwrap();
//! assert_eq!((request.method().as_str(), request.uri().to_string().as_str()), ("DELETE", "/attributes/delete/5"));
//! assert!(RawRequest::new(http::Method::GET, "https://elsewhere/x").request().is_err());
//! ```

use http::Method;

use crate::instance::{refuse_full_url, rooted};
use crate::wire::{Body, Operation, RawBody, Reply};
use crate::{ApiError, BuildError, Idempotency};

/// One request as given.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RawRequest {
    /// The method.
    pub method: Method,
    /// The path relative to the MISP root (`servers/getVersion`, `/events/index/limit:1`),
    /// with its query string if any.
    pub path: String,
    /// The body: JSON text is sent as `application/json`, anything else as `text/plain`.
    pub body: Option<Vec<u8>>,
}

impl RawRequest {
    /// A request without a body.
    pub fn new(method: Method, path: impl Into<String>) -> Self {
        RawRequest {
            method,
            path: path.into(),
            body: None,
        }
    }

    /// Sets the body.
    pub fn body(mut self, body: impl Into<Vec<u8>>) -> Self {
        self.body = Some(body.into());
        self
    }
}

impl Operation for RawRequest {
    type Output = RawBody;
    fn method(&self) -> Method {
        self.method.clone()
    }
    fn path(&self) -> String {
        rooted(&self.path).replace(' ', "%20")
    }
    fn body(&self) -> Result<Body, BuildError> {
        refuse_full_url(&self.path)?;
        Ok(match &self.body {
            None => Body::Empty,
            Some(bytes) if serde_json::from_slice::<serde::de::IgnoredAny>(bytes).is_ok() => {
                Body::Json(bytes.clone())
            }
            Some(bytes) => Body::Raw {
                content_type: "text/plain; charset=utf-8",
                bytes: bytes.clone(),
            },
        })
    }
    fn decode_reply(&self, reply: Reply) -> Result<Self::Output, ApiError> {
        reply.raw()
    }
    fn idempotency_class(&self) -> Idempotency {
        if self.method == Method::GET || self.method == Method::HEAD {
            Idempotency::Safe
        } else {
            Idempotency::Unsafe
        }
    }
}
