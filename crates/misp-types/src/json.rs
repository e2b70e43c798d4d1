//! Reading and writing MISP JSON with errors that name the JSON path.

use serde::de::DeserializeOwned;

use crate::ParseError;

/// Reads `T` from JSON bytes. On failure, the error names the JSON path and what was expected.
///
/// The fast path parses once; only a failing input is parsed a second time to find the path.
/// A UTF-8 byte order mark at the start is skipped.
pub fn from_slice<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ParseError> {
    let bytes = without_bom(bytes);
    // Checking the UTF-8 of the whole input at once is much faster than checking each string as
    // it is read, and lets the parser take the strings as they are. Input that is not UTF-8 is
    // read as bytes, by the path-tracking parse alone: it gives the same value or the same
    // error as a plain parse of the bytes, and each type is then compiled for two parsers
    // instead of three.
    let first = match std::str::from_utf8(bytes) {
        Ok(text) => match serde_json::from_str(text) {
            Ok(value) => return Ok(value),
            Err(first) => Some(first),
        },
        Err(_) => None,
    };
    let mut de = serde_json::Deserializer::from_slice(bytes);
    match (serde_path_to_error::deserialize::<_, T>(&mut de), first) {
        (Err(error), _) => Err(ParseError::new(error.path().to_string(), error.inner())),
        // The path-tracking parse accepted what the plain one refused: report the first.
        (Ok(_), Some(first)) => Err(ParseError::new(String::new(), &first)),
        // What a plain parse checks after the value (trailing characters).
        (Ok(value), None) => match de.end() {
            Ok(()) => Ok(value),
            Err(error) => Err(ParseError::new(String::new(), &error)),
        },
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

/// Writes `value` as compact JSON: the same bytes as `serde_json::to_writer`, written faster
/// (strings, most of a MISP document, are scanned eight bytes at a time). The output is gathered
/// and handed to `writer` in pieces of about 32 KiB, so it needs no buffer of its own (and is not
/// flushed).
///
/// ```
/// let doc = misp_types::EventDocument::from_slice(br#"{"Event":{"info":"x \"quoted\"","id":"7"}}"#).unwrap();
/// let mut out = Vec::new();
/// misp_types::json::to_writer(&mut out, &doc).unwrap();
/// assert_eq!(out, serde_json::to_vec(&doc).unwrap());
/// assert_eq!(out, br#"{"Event":{"info":"x \"quoted\"","id":7}}"#);
/// ```
pub fn to_writer<W: std::io::Write, T: serde::Serialize + ?Sized>(
    writer: W,
    value: &T,
) -> serde_json::Result<()> {
    crate::wire::to_writer(writer, value)
}

/// `value` as compact JSON bytes; see [`to_writer`].
pub fn to_vec<T: serde::Serialize + ?Sized>(value: &T) -> serde_json::Result<Vec<u8>> {
    crate::wire::to_vec(value)
}

/// `value` as compact JSON text; see [`to_writer`].
pub fn to_string<T: serde::Serialize + ?Sized>(value: &T) -> serde_json::Result<String> {
    String::from_utf8(to_vec(value)?).map_err(serde::ser::Error::custom)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Event;

    /// A plain parse of the bytes, then the path-tracking one for the error.
    fn reference(bytes: &[u8]) -> Result<Event, ParseError> {
        match serde_json::from_slice(bytes) {
            Ok(value) => Ok(value),
            Err(first) => {
                let mut de = serde_json::Deserializer::from_slice(bytes);
                match serde_path_to_error::deserialize::<_, Event>(&mut de) {
                    Err(error) => Err(ParseError::new(error.path().to_string(), error.inner())),
                    Ok(_) => Err(ParseError::new(String::new(), &first)),
                }
            }
        }
    }

    #[test]
    fn bytes_that_are_not_utf8_read_as_a_plain_parse_would() {
        let inputs: &[&[u8]] = &[
            b"{\"Event\":{\"info\":\"\xff\"}}",
            b"{\"Event\":{\"info\":\"x\",\"custom\":\"\xc3\"}}",
            b"{\"Event\":{\"info\":\"x\",\"\xfe\":1}}",
            b"{\"Event\":{\"info\":\"x\"}} \xff",
            b"{\"Event\":{\"info\":\"x\"}}\xff",
            b"{\"Event\":{\"Attribute\":[{\"to_ids\":\"maybe\",\"value\":\"\xff\"}]}}",
            b"{\"Event\":{\"info\":\"x\"}} {}",
            b"{\"info\":\"\xff\"}",
            b"{\"info\":\"x\",\"timestamp\":\"\xff\"}",
            b"{\"info\":\"x\",\"Tag\":[{\"name\":\"\xe2\x82\"}]}",
            b"\xff",
        ];
        for bytes in inputs {
            let text = String::from_utf8_lossy(bytes);
            assert_eq!(
                from_slice::<Event>(bytes).map_err(|e| e.to_string()),
                reference(bytes).map_err(|e| e.to_string()),
                "{text}"
            );
        }
    }
}
