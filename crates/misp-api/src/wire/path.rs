//! Building request paths: segments, CakePHP named parameters and query strings.

use std::fmt::{self, Write as _};

/// A request path relative to the MISP root, built segment by segment.
///
/// Segments are percent-encoded (a space becomes `+`, as CakePHP expects); named parameters
/// are appended as `/key:value` segments.
///
/// ```
/// use misp_api::wire::PathBuilder;
/// let path = PathBuilder::new("tags/index").named("searchall", "tlp %").build();
/// assert_eq!(path, "/tags/index/searchall:tlp+%25");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PathBuilder {
    path: String,
}

impl PathBuilder {
    /// Starts from `base`, a literal path such as `events/view` (a leading `/` is optional).
    pub fn new(base: &str) -> Self {
        let mut path = String::with_capacity(base.len() + 40);
        if !base.starts_with('/') {
            path.push('/');
        }
        path.push_str(base);
        PathBuilder { path }
    }

    /// Appends one segment, percent-encoded.
    pub fn segment(mut self, value: impl fmt::Display) -> Self {
        self.path.push('/');
        encode_into(&mut self.path, &value.to_string());
        self
    }

    /// Appends a CakePHP named parameter `key:value`.
    pub fn named(mut self, key: &str, value: impl fmt::Display) -> Self {
        self.path.push('/');
        encode_into(&mut self.path, key);
        self.path.push(':');
        encode_into(&mut self.path, &value.to_string());
        self
    }

    /// Appends a literal suffix without encoding (`.json`, a trailing `/`).
    pub fn literal(mut self, suffix: &str) -> Self {
        self.path.push_str(suffix);
        self
    }

    /// The finished path.
    pub fn build(self) -> String {
        self.path
    }
}

/// Percent-encodes `value` for one path segment.
fn encode_into(out: &mut String, value: &str) {
    for byte in value.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'@' | b'!' => {
                out.push(byte as char)
            }
            b' ' => out.push('+'),
            _ => {
                let _ = write!(out, "%{byte:02X}");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_segments_and_named_params() {
        let p = PathBuilder::new("/taxonomies/view")
            .segment("a b/c")
            .named("local", 1)
            .build();
        assert_eq!(p, "/taxonomies/view/a+b%2Fc/local:1");
    }
}
