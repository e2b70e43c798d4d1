//! The shared wire layer: building requests ([`PathBuilder`], [`Body`], [`Operation`]) and
//! decoding responses ([`Reply`]), used by every operation in this crate and open to crates
//! that define more operations (misp-admin).

mod html;
mod member;
mod path;
mod reply;
mod secrets;

pub use member::Member;
pub use path::PathBuilder;
pub use reply::{Ack, RawBody, Reply, decode_item, excerpt, flatten_field_errors};
pub use secrets::{REDACTED, redact, scrub_keys};

pub(crate) use html::unescape as html_unescape;

use crate::{ApiError, BuildError, Endpoint, Idempotency, USER_AGENT};
use http::{Method, header};
use serde::Serialize;

/// `application/json`, the Accept and Content-Type of almost every request.
pub const JSON: &str = "application/json";

/// The body of a request.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Body {
    /// No body.
    #[default]
    Empty,
    /// A JSON body (sent with `Content-Type: application/json`).
    Json(Vec<u8>),
    /// Raw bytes with their content type (STIX uploads).
    Raw {
        /// The `Content-Type`.
        content_type: &'static str,
        /// The bytes.
        bytes: Vec<u8>,
    },
}

impl Body {
    /// Serialises `value` as a JSON body (the bytes `serde_json::to_vec` gives, through
    /// misp-types' writer, whose code for every record is compiled once, in misp-types).
    pub fn json<T: Serialize + ?Sized>(value: &T) -> Result<Body, BuildError> {
        Ok(Body::Json(misp_types::json::to_vec(value)?))
    }

    /// The empty JSON object `{}` (what MISP expects from soft deletes and key creation).
    pub fn empty_object() -> Body {
        Body::Json(b"{}".to_vec())
    }
}

/// A MISP operation described by its parts; every `Operation` is an [`Endpoint`].
///
/// This is the short way to define an endpoint: give the method, the path, the body and how to
/// decode the [`Reply`], and the blanket implementation assembles the request (headers
/// included) and classifies error statuses.
///
/// ```
/// use misp_api::wire::{Operation, Reply};
/// use misp_api::{ApiError, Endpoint};
///
/// struct Heartbeat;
/// impl Operation for Heartbeat {
///     type Output = misp_api::wire::Ack;
///     fn method(&self) -> http::Method { http::Method::GET }
///     fn path(&self) -> String { "/users/heartbeat".into() }
///     fn decode_reply(&self, reply: Reply) -> Result<Self::Output, ApiError> { reply.ack() }
/// }
/// let request = Heartbeat.request().unwrap();
/// assert_eq!(request.uri(), "/users/heartbeat");
/// assert_eq!(request.headers()["accept"], "application/json");
/// ```
pub trait Operation {
    /// What a successful response decodes to.
    type Output;
    /// The HTTP method.
    fn method(&self) -> Method;
    /// The path relative to the MISP root, starting with `/`, with any query.
    fn path(&self) -> String;
    /// The request body; none by default.
    fn body(&self) -> Result<Body, BuildError> {
        Ok(Body::Empty)
    }
    /// The `Accept` header; `application/json` by default.
    fn accept(&self) -> &'static str {
        JSON
    }
    /// Decodes the reply (any status: the [`Reply`] helpers classify errors).
    fn decode_reply(&self, reply: Reply) -> Result<Self::Output, ApiError>;
    /// Whether the operation may be repeated; by default GET and HEAD are safe, others unsafe.
    fn idempotency_class(&self) -> Idempotency {
        let method = self.method();
        if method == Method::GET || method == Method::HEAD {
            Idempotency::Safe
        } else {
            Idempotency::Unsafe
        }
    }
}

impl<T: Operation> Endpoint for T {
    type Output = T::Output;

    fn request(&self) -> Result<http::Request<Vec<u8>>, BuildError> {
        build_request(self.method(), &self.path(), self.accept(), self.body()?)
    }

    fn decode(&self, response: http::Response<bytes::Bytes>) -> Result<Self::Output, ApiError> {
        let context = crate::RequestContext::new(self.method(), self.path());
        self.decode_reply(Reply::new(context, response))
            .map_err(|e| e.redacted(""))
    }

    fn idempotency(&self) -> Idempotency {
        self.idempotency_class()
    }
}

/// Assembles a request with the headers every MISP call carries (`Accept`, the default
/// `User-Agent` [`USER_AGENT`], and `Content-Type` when there is a body). `Authorization` is
/// left to the executor, which may also put its own `User-Agent` in place of the default.
pub fn build_request(
    method: Method,
    path: &str,
    accept: &str,
    body: Body,
) -> Result<http::Request<Vec<u8>>, BuildError> {
    let builder = http::Request::builder()
        .method(method)
        .uri(path)
        .header(header::ACCEPT, accept)
        .header(header::USER_AGENT, USER_AGENT);
    let request = match body {
        Body::Empty => builder.body(Vec::new())?,
        Body::Json(bytes) => builder.header(header::CONTENT_TYPE, JSON).body(bytes)?,
        Body::Raw {
            content_type,
            bytes,
        } => builder
            .header(header::CONTENT_TYPE, content_type)
            .body(bytes)?,
    };
    Ok(request)
}
