//! Reading and writing MISP JSON with errors that name the JSON path.

use serde::de::DeserializeOwned;

use crate::ParseError;

/// Reads `T` from JSON bytes. On failure, the error names the JSON path and what was expected.
///
/// The fast path parses once; only a failing input is parsed a second time to find the path.
/// A UTF-8 byte order mark at the start is skipped.
pub fn from_slice<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ParseError> {
    let bytes = without_bom(bytes);
    match serde_json::from_slice(bytes) {
        Ok(value) => Ok(value),
        Err(first) => {
            let mut de = serde_json::Deserializer::from_slice(bytes);
            match serde_path_to_error::deserialize::<_, T>(&mut de) {
                Err(error) => Err(ParseError::new(error.path().to_string(), error.inner())),
                // The path-tracking parse accepted what the plain one refused: report the first.
                Ok(_) => Err(ParseError::new(String::new(), &first)),
            }
        }
    }
}

/// The bytes without a leading UTF-8 byte order mark.
pub(crate) fn without_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)
}

/// Reads `T` from a JSON string; see [`from_slice`].
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, ParseError> {
    from_slice(text.as_bytes())
}

/// Reads `T` from a reader (read fully first: unknown keys are kept as raw JSON text).
pub fn from_reader<T: DeserializeOwned>(mut reader: impl std::io::Read) -> Result<T, ReadError> {
    let mut bytes = Vec::new();
    reader.read_to_end(&mut bytes)?;
    Ok(from_slice(&bytes)?)
}

/// Reading a file or stream failed.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// The bytes could not be read.
    #[error("cannot read MISP JSON: {0}")]
    Io(#[from] std::io::Error),
    /// The bytes were not valid MISP JSON.
    #[error(transparent)]
    Parse(#[from] ParseError),
}
