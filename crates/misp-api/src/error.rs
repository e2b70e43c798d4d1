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

impl RequestContext {
    /// A context for `method` on `path`.
    pub fn new(method: http::Method, path: impl Into<String>) -> Self {
        RequestContext {
            method,
            path: path.into(),
        }
    }
}

impl fmt::Display for RequestContext {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.method, self.path)
    }
}

/// A validation message the server attached to one field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    /// The field, as the server names it (`value`, `type`, `Event.info`, `attribute_1.value` ...);
    /// empty when the server gave a message that names no field.
    pub field: String,
    /// What the server said about it.
    pub message: String,
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.field.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.field, self.message)
        }
    }
}

/// Renders a list of field errors as ` [a: x; b: y]`, or nothing when the list is empty.
fn fields(errors: &[FieldError]) -> String {
    if errors.is_empty() {
        return String::new();
    }
    let parts: Vec<String> = errors.iter().map(ToString::to_string).collect();
    format!(" [{}]", parts.join("; "))
}

/// What kind of unexpected body came back where JSON was expected.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BodyKind {
    /// An empty body.
    Empty,
    /// An HTML page (often the login page of a misconfigured proxy or server).
    Html,
    /// Some other text that is not JSON.
    Text,
}

impl fmt::Display for BodyKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            BodyKind::Empty => "an empty body",
            BodyKind::Html => "an HTML page",
            BodyKind::Text => "a non-JSON body",
        })
    }
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

impl BuildError {
    /// An [`BuildError::InvalidArgument`] for `argument`.
    pub fn invalid(argument: &'static str, message: impl Into<String>) -> Self {
        BuildError::InvalidArgument {
            argument,
            message: message.into(),
        }
    }
}

/// The server's answer was an error, or could not be decoded.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ApiError {
    /// The key was refused: a 401/403 naming the key, or a redirect to the login page.
    /// Check the key, that its user is enabled and allowed to use the API, and its IP allow list.
    #[error("{context}: authentication failed ({status}): {message}")]
    Auth {
        /// The request.
        context: RequestContext,
        /// The HTTP status.
        status: http::StatusCode,
        /// The server's message.
        message: String,
    },
    /// The key is valid but its role may not do this, or the user may not touch this entity:
    /// 403 "You do not have permission to use this functionality.", "Could not delete Event" ...
    #[error("{context}: permission denied ({status}): {message}")]
    Permission {
        /// The request.
        context: RequestContext,
        /// The HTTP status.
        status: http::StatusCode,
        /// The server's message.
        message: String,
    },
    /// The server said the entity does not exist: a 404, or one of the 405 "Invalid attribute"
    /// style answers MISP gives for unknown ids on some endpoints.
    #[error("{context}: not found ({status}): {message}")]
    NotFound {
        /// The request.
        context: RequestContext,
        /// The HTTP status (404, or 405 on the endpoints that answer unknown ids that way).
        status: http::StatusCode,
        /// The server's message.
        message: String,
    },
    /// The entity already exists: adding an event whose UUID is stored answers 404 "Event
    /// already exists" with the stored event's URL in `Location`.
    #[error("{context}: already exists ({status}): {message}{}", existing.as_ref().map(|id| format!(" (stored as {id})")).unwrap_or_default())]
    Conflict {
        /// The request.
        context: RequestContext,
        /// The HTTP status (404 on `events/add`).
        status: http::StatusCode,
        /// The server's message.
        message: String,
        /// The stored entity's id, from `Location`, when given.
        existing: Option<String>,
    },
    /// The server refused the data, with a message per field where it gave them: a 403 with
    /// `saved: false`, or a 200 whose body carries `errors` or `saved: false`.
    #[error("{context}: rejected ({status}): {message}{}", fields(errors))]
    Validation {
        /// The request.
        context: RequestContext,
        /// The HTTP status (403, or 200 for failures reported inside a success).
        status: http::StatusCode,
        /// The server's message.
        message: String,
        /// Field by field, what was wrong.
        errors: Vec<FieldError>,
    },
    /// 405: MISP uses it for a wrong verb, and also for invalid input ("Invalid JSON input",
    /// "Invalid type.", rule violations).
    #[error("{context}: method not allowed or invalid input (405): {message}")]
    MethodNotAllowed {
        /// The request.
        context: RequestContext,
        /// The server's message.
        message: String,
    },
    /// 429: the role's rate limit was reached.
    #[error("{context}: rate limited (429): {message}")]
    RateLimited {
        /// The request.
        context: RequestContext,
        /// Seconds to wait, from `Retry-After` or `X-Rate-Limit-Reset`, when given.
        retry_after: Option<u64>,
        /// The server's message.
        message: String,
    },
    /// A 5xx: the server failed (often a missing optional component: workers, modules, converters).
    #[error("{context}: server error ({status}): {message}")]
    Server {
        /// The request.
        context: RequestContext,
        /// The HTTP status.
        status: http::StatusCode,
        /// The server's message, or the start of its body.
        message: String,
    },
    /// Any other error status from the server (400, unexpected 3xx ...).
    #[error("{context}: server answered {status}: {message}")]
    Status {
        /// The request.
        context: RequestContext,
        /// The HTTP status.
        status: http::StatusCode,
        /// The server's message, or the start of its body.
        message: String,
    },
    /// A success status, but the body was HTML, empty or other text where JSON was expected.
    #[error("{context}: expected JSON but got {kind} ({status}): {excerpt:?}")]
    UnexpectedBody {
        /// The request.
        context: RequestContext,
        /// The HTTP status.
        status: http::StatusCode,
        /// What came.
        kind: BodyKind,
        /// The start of the body.
        excerpt: String,
    },
    /// The body was JSON of another shape than the operation returns.
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
            | ApiError::Permission { context, .. }
            | ApiError::NotFound { context, .. }
            | ApiError::Conflict { context, .. }
            | ApiError::Validation { context, .. }
            | ApiError::MethodNotAllowed { context, .. }
            | ApiError::RateLimited { context, .. }
            | ApiError::Server { context, .. }
            | ApiError::Status { context, .. }
            | ApiError::UnexpectedBody { context, .. }
            | ApiError::Decode { context, .. } => context,
        }
    }

    /// The HTTP status of the response.
    pub fn status(&self) -> http::StatusCode {
        match self {
            ApiError::MethodNotAllowed { .. } => http::StatusCode::METHOD_NOT_ALLOWED,
            ApiError::RateLimited { .. } => http::StatusCode::TOO_MANY_REQUESTS,
            ApiError::Auth { status, .. }
            | ApiError::Permission { status, .. }
            | ApiError::NotFound { status, .. }
            | ApiError::Conflict { status, .. }
            | ApiError::Validation { status, .. }
            | ApiError::Server { status, .. }
            | ApiError::Status { status, .. }
            | ApiError::UnexpectedBody { status, .. }
            | ApiError::Decode { status, .. } => *status,
        }
    }

    /// The server's message (HTML entities decoded), or what the decoder found wrong.
    pub fn message(&self) -> &str {
        match self {
            ApiError::Auth { message, .. }
            | ApiError::Permission { message, .. }
            | ApiError::NotFound { message, .. }
            | ApiError::Conflict { message, .. }
            | ApiError::Validation { message, .. }
            | ApiError::MethodNotAllowed { message, .. }
            | ApiError::RateLimited { message, .. }
            | ApiError::Server { message, .. }
            | ApiError::Status { message, .. }
            | ApiError::Decode { message, .. } => message,
            ApiError::UnexpectedBody { excerpt, .. } => excerpt,
        }
    }

    fn message_mut(&mut self) -> &mut String {
        match self {
            ApiError::Auth { message, .. }
            | ApiError::Permission { message, .. }
            | ApiError::NotFound { message, .. }
            | ApiError::Conflict { message, .. }
            | ApiError::Validation { message, .. }
            | ApiError::MethodNotAllowed { message, .. }
            | ApiError::RateLimited { message, .. }
            | ApiError::Server { message, .. }
            | ApiError::Status { message, .. }
            | ApiError::Decode { message, .. } => message,
            ApiError::UnexpectedBody { excerpt, .. } => excerpt,
        }
    }

    /// The same error with `secret` (the key the request was sent with) and anything shaped
    /// like a MISP key removed from every text it holds (see [`crate::wire::redact`]). Errors
    /// from [`crate::Endpoint::decode`] are already free of key-shaped text; an executor adds
    /// the exact key it sent.
    #[must_use]
    pub fn redacted(mut self, secret: &str) -> Self {
        let message = self.message_mut();
        *message = crate::wire::redact(message, secret);
        if let ApiError::Validation { errors, .. } = &mut self {
            for e in errors {
                e.field = crate::wire::redact(&e.field, secret);
                e.message = crate::wire::redact(&e.message, secret);
            }
        }
        self
    }

    /// The field errors of a validation failure (empty for other errors).
    pub fn field_errors(&self) -> &[FieldError] {
        match self {
            ApiError::Validation { errors, .. } => errors,
            _ => &[],
        }
    }

    /// True when the entity does not exist.
    pub fn is_not_found(&self) -> bool {
        matches!(self, ApiError::NotFound { .. })
    }

    /// True when the entity already exists (an event added with a stored UUID).
    pub fn is_conflict(&self) -> bool {
        matches!(self, ApiError::Conflict { .. })
    }

    /// The id of the stored entity a [`ApiError::Conflict`] points to, when the server gave it.
    pub fn existing_id(&self) -> Option<&str> {
        match self {
            ApiError::Conflict { existing, .. } => existing.as_deref(),
            _ => None,
        }
    }

    /// True when the key was refused.
    pub fn is_auth(&self) -> bool {
        matches!(self, ApiError::Auth { .. })
    }

    /// True when the key is valid but not allowed to do this.
    pub fn is_permission(&self) -> bool {
        matches!(self, ApiError::Permission { .. })
    }

    /// True when the server refused the data because an equal record is stored already:
    /// MISP 2.5.1 answers a repeated attribute with a 403 validation failure whose field
    /// errors say "A similar attribute already exists for this event." and "The UUID provided
    /// is not unique". Adding it again is then a no-op, which makes bulk work safe to rerun.
    pub fn is_duplicate(&self) -> bool {
        self.field_errors().iter().any(|f| {
            let message = f.message.to_ascii_lowercase();
            message.contains("already exists") || message.contains("not unique")
        })
    }

    /// True when the server refused the data.
    pub fn is_validation(&self) -> bool {
        matches!(self, ApiError::Validation { .. })
    }

    /// True for a 5xx.
    pub fn is_server_error(&self) -> bool {
        matches!(self, ApiError::Server { .. })
    }

    /// True when the rate limit was reached.
    pub fn is_rate_limited(&self) -> bool {
        matches!(self, ApiError::RateLimited { .. })
    }

    /// True when the answer could not be decoded (unexpected body or JSON shape).
    pub fn is_decode(&self) -> bool {
        matches!(
            self,
            ApiError::Decode { .. } | ApiError::UnexpectedBody { .. }
        )
    }
}
