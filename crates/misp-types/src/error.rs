//! Errors from reading MISP JSON.

/// MISP JSON could not be read: what was expected, and where.
///
/// ```
/// let err = misp_types::json::from_str::<misp_types::Event>(
///     r#"{"Attribute":[{"value":"x"},{"to_ids":"maybe"}]}"#,
/// ).unwrap_err();
/// assert_eq!(err.path, "Attribute[1].to_ids");
/// assert!(err.to_string().contains("a boolean"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid MISP JSON at `{path}` (line {line}, column {column}): {message}")]
pub struct ParseError {
    /// Where the problem is, as a JSON path (`Event.Attribute[3].timestamp`; `.` for the root).
    pub path: String,
    /// What was found and what was expected.
    pub message: String,
    /// Line of the input (1-based; 0 when not known).
    pub line: usize,
    /// Column of the input (1-based; 0 when not known).
    pub column: usize,
}

impl ParseError {
    pub(crate) fn new(path: String, error: &serde_json::Error) -> Self {
        let text = error.to_string();
        // serde_json appends " at line L column C"; keep the message without it.
        let message = match text.rsplit_once(" at line ") {
            Some((message, _)) => message.to_owned(),
            None => text,
        };
        ParseError {
            path: if path.is_empty() {
                ".".to_owned()
            } else {
                path
            },
            message,
            line: error.line(),
            column: error.column(),
        }
    }
}
