//! The client's error type: a request that could not be built, a server that answered with an
//! error, a transport failure, or retries that ran out.

use std::time::Duration;

pub use misp_api::{ApiError, BuildError, RequestContext};

use crate::limits::Limit;

/// A boxed error kept as the source of a transport or I/O failure.
pub type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// What went wrong below HTTP.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum TransportKind {
    /// The connection could not be opened (refused, DNS, TLS handshake, proxy).
    Connect,
    /// The TLS handshake got an answer that is not TLS: the server speaks plain HTTP on that
    /// port (an `https://` URL for an `http://` server).
    NotTls,
    /// The connect or read timeout passed.
    Timeout,
    /// The connection broke while the response body was being read (reset, short body).
    Body,
    /// Any other failure while sending the request.
    Request,
}

impl std::fmt::Display for TransportKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            TransportKind::Connect => "cannot connect",
            TransportKind::NotTls => {
                "cannot connect: the server does not speak TLS: http:// rather than https://?"
            }
            TransportKind::Timeout => "timed out",
            TransportKind::Body => "connection broke while reading the response",
            TransportKind::Request => "request failed",
        })
    }
}

/// A client configuration that cannot be used.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigError {
    /// A required setting is missing; the message says where it can be given
    /// ("no URL: pass --url or set MISP_URL ...").
    #[error("no {setting}: {hint}")]
    Missing {
        /// The setting's name.
        setting: &'static str,
        /// Where the setting can be given.
        hint: &'static str,
    },
    /// A setting has a value that cannot be used.
    #[error("invalid setting `{setting}`: {message}")]
    Invalid {
        /// The setting's name (as in the config file or the environment).
        setting: String,
        /// What is wrong with it.
        message: String,
    },
    /// A file named by the configuration could not be read.
    #[error("cannot read {what} `{path}`: {source}")]
    File {
        /// What the file was for (config file, CA bundle, client certificate).
        what: &'static str,
        /// The file's path.
        path: std::path::PathBuf,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// The config file is not valid TOML or does not have the expected shape.
    #[error("cannot parse config file `{path}`: {message}")]
    Parse {
        /// The file's path.
        path: std::path::PathBuf,
        /// The parser's message, with line and column.
        message: String,
    },
    /// The profile asked for does not exist in the config file.
    #[error("no profile `{name}` in config file `{path}` (it has: {available})")]
    UnknownProfile {
        /// The profile asked for.
        name: String,
        /// The config file.
        path: std::path::PathBuf,
        /// The profiles the file does have, comma separated.
        available: String,
    },
    /// The HTTP client could not be built from the settings (bad certificate, proxy ...).
    #[error("cannot build the HTTP client: {0}")]
    Http(#[source] reqwest::Error),
}

/// Everything that can go wrong when running a request.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The request could not be built from the arguments.
    #[error(transparent)]
    Build(#[from] BuildError),
    /// The server answered with an error, or with a body that could not be decoded.
    #[error(transparent)]
    Api(#[from] ApiError),
    /// The request did not get a complete response.
    #[error("{context}: {kind}{}", source.as_ref().map(|s| format!(": {}", error_chain(s.as_ref()))).unwrap_or_default())]
    Transport {
        /// What went wrong.
        kind: TransportKind,
        /// The request.
        context: RequestContext,
        /// The underlying error.
        #[source]
        source: Option<BoxError>,
    },
    /// The request failed on every attempt the retry policy allowed; `last` is the final failure.
    #[error("gave up after {attempts} attempts in {elapsed:?}: {last}")]
    RetriesExhausted {
        /// How many times the request was sent.
        attempts: u32,
        /// Time from the first attempt to giving up.
        elapsed: Duration,
        /// The last attempt's error.
        last: Box<Error>,
    },
    /// The client's configuration cannot be used.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// An answer went past one of the client's [`Limits`](crate::Limits) (or its
    /// [`RetryPolicy`](crate::RetryPolicy)'s): the message names the limit and how to raise it.
    #[error("{}", limit_message(*limit, context.as_ref(), detail, last.as_deref()))]
    Limit {
        /// The limit.
        limit: Limit,
        /// The request, when the limit stopped one.
        context: Option<RequestContext>,
        /// What went past it ("the answer is larger than 256 MiB").
        detail: String,
        /// The failure that was not retried, for [`Limit::RetryAfter`] and [`Limit::RetryTime`].
        last: Option<Box<Error>>,
    },
    /// Writing an export to the caller's writer failed.
    #[error("{context}: cannot write the response to the output: {source}")]
    Write {
        /// The request.
        context: RequestContext,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
}

fn limit_message(
    limit: Limit,
    context: Option<&RequestContext>,
    detail: &str,
    last: Option<&Error>,
) -> String {
    let mut text = match context {
        Some(c) => format!("{c}: {detail}"),
        None => detail.to_owned(),
    };
    text.push_str(&format!(" (the {limit}; {})", limit.how_to_raise()));
    if let Some(last) = last {
        text.push_str(&format!(": {last}"));
    }
    text
}

fn error_chain(err: &(dyn std::error::Error + 'static)) -> String {
    let mut text = err.to_string();
    let mut cur = err.source();
    while let Some(next) = cur {
        let s = next.to_string();
        if !text.contains(&s) {
            text.push_str(": ");
            text.push_str(&s);
        }
        cur = next.source();
    }
    text
}

impl Error {
    /// The final error, looking through [`Error::RetriesExhausted`] and through a retry limit
    /// ([`Error::Limit`] with the failure it did not retry).
    pub fn last(&self) -> &Error {
        match self {
            Error::RetriesExhausted { last, .. }
            | Error::Limit {
                last: Some(last), ..
            } => last.last(),
            other => other,
        }
    }

    /// The limit this error went past, if any (see [`Error::Limit`]).
    pub fn limit(&self) -> Option<Limit> {
        match self {
            Error::Limit { limit, .. } => Some(*limit),
            Error::RetriesExhausted { last, .. } => last.limit(),
            _ => None,
        }
    }

    pub(crate) fn limit_exceeded(
        limit: Limit,
        context: Option<&RequestContext>,
        detail: impl Into<String>,
    ) -> Self {
        Error::Limit {
            limit,
            context: context.cloned(),
            detail: detail.into(),
            last: None,
        }
    }

    /// The server's error, when the server answered with one.
    pub fn api(&self) -> Option<&ApiError> {
        match self.last() {
            Error::Api(e) => Some(e),
            _ => None,
        }
    }

    /// The HTTP status, when the server answered.
    pub fn status(&self) -> Option<http::StatusCode> {
        self.api().map(ApiError::status)
    }

    /// The transport failure's kind, when the request got no complete response.
    pub fn transport_kind(&self) -> Option<TransportKind> {
        match self.last() {
            Error::Transport { kind, .. } => Some(*kind),
            _ => None,
        }
    }

    /// True when the entity does not exist.
    pub fn is_not_found(&self) -> bool {
        self.api().is_some_and(ApiError::is_not_found)
    }

    /// True when the key was refused.
    pub fn is_auth(&self) -> bool {
        self.api().is_some_and(ApiError::is_auth)
    }

    /// True when a connect or read timeout, or a total time limit, passed.
    pub fn is_timeout(&self) -> bool {
        self.transport_kind() == Some(TransportKind::Timeout)
            || matches!(self.limit(), Some(Limit::TotalTimeout | Limit::WalkTimeout))
    }

    /// True when the connection could not be opened.
    pub fn is_connect(&self) -> bool {
        matches!(
            self.transport_kind(),
            Some(TransportKind::Connect | TransportKind::NotTls)
        )
    }

    /// How many times the request was sent (1 unless it was retried).
    pub fn attempts(&self) -> u32 {
        match self {
            Error::RetriesExhausted { attempts, .. } => *attempts,
            Error::Limit {
                last: Some(last), ..
            } => last.attempts(),
            _ => 1,
        }
    }

    /// The request this error is about, when it got as far as being built.
    pub fn context(&self) -> Option<&RequestContext> {
        match self.last() {
            Error::Api(e) => Some(e.context()),
            Error::Transport { context, .. } | Error::Write { context, .. } => Some(context),
            Error::Limit { context, .. } => context.as_ref(),
            _ => None,
        }
    }

    pub(crate) fn transport(
        kind: TransportKind,
        context: &RequestContext,
        source: impl Into<BoxError>,
    ) -> Self {
        Error::Transport {
            kind,
            context: context.clone(),
            source: Some(source.into()),
        }
    }

    /// Classifies a reqwest error.
    pub(crate) fn from_reqwest(err: reqwest::Error, context: &RequestContext) -> Self {
        let kind = if err.is_timeout() {
            TransportKind::Timeout
        } else if answered_without_tls(&err) {
            TransportKind::NotTls
        } else if err.is_connect() {
            TransportKind::Connect
        } else if err.is_body() || err.is_decode() {
            TransportKind::Body
        } else if err.is_request() && has_io_source(&err) {
            // A reset on an idle pooled connection surfaces as a request error.
            TransportKind::Body
        } else {
            TransportKind::Request
        };
        // The URL reqwest keeps holds no secret (the key travels in a header), but drop it
        // anyway so messages stay relative to the MISP root like the rest of the errors.
        Error::transport(kind, context, err.without_url())
    }
}

/// A TLS handshake whose answer was not TLS (rustls reports the plain-HTTP reply as a record
/// of an invalid content type).
fn answered_without_tls(err: &(dyn std::error::Error + 'static)) -> bool {
    let mut cur = err.source();
    while let Some(e) = cur {
        let text = e.to_string();
        if text.contains("InvalidContentType") || text.contains("corrupt message") {
            return true;
        }
        cur = e.source();
    }
    false
}

fn has_io_source(err: &(dyn std::error::Error + 'static)) -> bool {
    let mut cur = err.source();
    while let Some(e) = cur {
        if e.is::<std::io::Error>() {
            return true;
        }
        cur = e.source();
    }
    false
}
