//! Errors from building requests and decoding responses.

use std::fmt;

/// The method and path of the request a response answered, kept in every error.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequestContext {
    /// The HTTP method.
    pub method: http::Method,
    /// The path relative to the MISP root, with its query.
    pub path: String,
}

impl fmt::Display for RequestContext {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.method, self.path)
    }
}

/// A validation message the server attached to one field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    /// The field, as the server names it (`value`, `type`, `Attribute.0.value` ...).
    pub field: String,
    /// What the server said about it.
    pub message: String,
}

/// A request could not be built from the given arguments.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum BuildError {
    /// An argument is invalid; the message names the argument and what is expected.
    #[error("invalid argument `{argument}`: {message}")]
    InvalidArgument {
        /// The argument's name.
        argument: &'static str,
        /// What is wrong and what is expected.
        message: String,
    },
    /// The body could not be serialised.
    #[error("cannot serialise the request body: {0}")]
    Body(#[from] serde_json::Error),
    /// The HTTP request could not be assembled (an invalid path or header).
    #[error("cannot build the HTTP request: {0}")]
    Http(#[from] http::Error),
}

/// The server's answer was an error, or could not be decoded.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ApiError {
    /// The key was refused (a 403 for a bad or missing key, or a redirect to the login page).
    #[error("{context}: authentication failed ({status}): {message}")]
    Auth {
        /// The request.
        context: RequestContext,
        /// The HTTP status.
        status: http::StatusCode,
        /// The server's message.
        message: String,
    },
    /// The server said the entity does not exist (404).
    #[error("{context}: not found: {message}")]
    NotFound {
        /// The request.
        context: RequestContext,
        /// The server's message.
        message: String,
    },
    /// The server refused the data, with a message per field where it gave them.
    #[error("{context}: rejected ({status}): {message}")]
    Validation {
        /// The request.
        context: RequestContext,
        /// The HTTP status (403 or 200 with `saved: false`).
        status: http::StatusCode,
        /// The server's message.
        message: String,
        /// Field by field, what was wrong.
        errors: Vec<FieldError>,
    },
    /// Any other error status from the server.
    #[error("{context}: server answered {status}: {message}")]
    Status {
        /// The request.
        context: RequestContext,
        /// The HTTP status.
        status: http::StatusCode,
        /// The server's message, or the start of its body.
        message: String,
    },
    /// The body was not what the operation returns (HTML, empty, or JSON of another shape).
    #[error("{context}: cannot decode the response ({status}): {message}")]
    Decode {
        /// The request.
        context: RequestContext,
        /// The HTTP status.
        status: http::StatusCode,
        /// What was expected and what came, with the JSON path where known.
        message: String,
    },
}

impl ApiError {
    /// The request this error answers.
    pub fn context(&self) -> &RequestContext {
        match self {
            ApiError::Auth { context, .. }
            | ApiError::NotFound { context, .. }
            | ApiError::Validation { context, .. }
            | ApiError::Status { context, .. }
            | ApiError::Decode { context, .. } => context,
        }
    }

    /// The HTTP status of the response.
    pub fn status(&self) -> http::StatusCode {
        match self {
            ApiError::NotFound { .. } => http::StatusCode::NOT_FOUND,
            ApiError::Auth { status, .. }
            | ApiError::Validation { status, .. }
            | ApiError::Status { status, .. }
            | ApiError::Decode { status, .. } => *status,
        }
    }

    /// True when the entity does not exist.
    pub fn is_not_found(&self) -> bool {
        matches!(self, ApiError::NotFound { .. })
    }

    /// True when the key was refused.
    pub fn is_auth(&self) -> bool {
        matches!(self, ApiError::Auth { .. })
    }

    /// True when the server refused the data.
    pub fn is_validation(&self) -> bool {
        matches!(self, ApiError::Validation { .. })
    }
}
