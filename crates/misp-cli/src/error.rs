//! The command line's errors and their exit codes.

use std::path::PathBuf;

use misp_client::ConfigError;
use misp_types::ParseError;
use misp_types::feed::FeedError;

/// Exit code: success.
pub const SUCCESS: u8 = 0;
/// Exit code: an error (server refusal, invalid file, validation errors).
pub const FAILURE: u8 = 1;
/// Exit code: bad usage or configuration.
pub const USAGE: u8 = 2;
/// Exit code: what was asked for does not exist.
pub const NOT_FOUND: u8 = 3;
/// Exit code: authentication failed or permission denied.
pub const AUTH: u8 = 4;
/// Exit code: the server could not be reached.
pub const UNREACHABLE: u8 = 5;

/// Everything a command can fail with.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// A request failed; the message names the endpoint and gives the server's message.
    #[error(transparent)]
    Client(#[from] misp_client::Error),
    /// The connection settings cannot be used.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// An input file could not be read.
    #[error("cannot read `{}`: {source}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// An output file or directory could not be written.
    #[error("cannot write `{}`: {source}", path.display())]
    Write {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// An input file is not MISP JSON.
    #[error("`{}`: {source}", path.display())]
    Parse {
        /// The file.
        path: PathBuf,
        /// Where and why.
        source: ParseError,
    },
    /// A feed could not be written or read.
    #[error(transparent)]
    Feed(#[from] FeedError),
    /// The data failed validation.
    #[error("{0}")]
    Invalid(String),
    /// A type, category or template that does not exist.
    #[error("{0}")]
    NotFound(String),
    /// Arguments that cannot work together.
    #[error("{0}")]
    Usage(String),
    /// Writing to stdout failed.
    #[error("cannot write the output: {0}")]
    Output(#[from] std::io::Error),
}

impl CliError {
    /// The exit code for this error (see [`crate::args::EXIT_CODES`]).
    pub fn exit_code(&self) -> u8 {
        match self {
            CliError::Client(e) => {
                if e.is_not_found() {
                    NOT_FOUND
                } else if e.is_auth() || e.api().is_some_and(misp_client::ApiError::is_permission) {
                    AUTH
                } else if e.is_connect() || e.is_timeout() {
                    UNREACHABLE
                } else if matches!(e.last(), misp_client::Error::Build(_)) {
                    USAGE
                } else if let misp_client::Error::Config(_) = e.last() {
                    USAGE
                } else {
                    FAILURE
                }
            }
            CliError::Config(_) | CliError::Usage(_) => USAGE,
            CliError::NotFound(_) => NOT_FOUND,
            CliError::Read { .. }
            | CliError::Parse { .. }
            | CliError::Write { .. }
            | CliError::Feed(_)
            | CliError::Invalid(_)
            | CliError::Output(_) => FAILURE,
        }
    }

    /// True when stdout was closed by its reader (`misp ... | head`): not worth a message.
    pub fn is_broken_pipe(&self) -> bool {
        match self {
            CliError::Output(e) => e.kind() == std::io::ErrorKind::BrokenPipe,
            CliError::Client(misp_client::Error::Write { source, .. }) => {
                source.kind() == std::io::ErrorKind::BrokenPipe
            }
            _ => false,
        }
    }
}

impl From<serde_json::Error> for CliError {
    fn from(e: serde_json::Error) -> Self {
        CliError::Output(e.into())
    }
}
