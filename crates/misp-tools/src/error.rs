//! [`Error`].

use misp_types::validate::Problems;

/// What went wrong while generating objects. Each variant names the input and what in it.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Reading the input failed.
    #[error("could not read {what}: {source}")]
    Io {
        /// The input (a file name, "the CSV file" ...).
        what: String,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The malware-sample archive could not be made.
    #[error("could not make the malware-sample of `{filename}`: {source}")]
    Sample {
        /// The sample's file name.
        filename: String,
        /// The underlying error.
        source: misp_types::attachment::AttachmentError,
    },
    /// The input is not what the generator reads.
    #[error("{what} is not {expected}: {reason}")]
    Unreadable {
        /// The input.
        what: String,
        /// What the generator expected (an e-mail message, a URL ...).
        expected: &'static str,
        /// Why it could not be read.
        reason: String,
    },
    /// The template asked for is not one of MISP's object templates.
    #[error("`{0}` is not a MISP object template (see `misp template list`)")]
    UnknownTemplate(String),
    /// A generated object does not validate against its template.
    #[error("the generated `{object}` object does not validate: {problems}")]
    Invalid {
        /// The object's template name.
        object: String,
        /// Every problem found.
        problems: Problems,
    },
}
