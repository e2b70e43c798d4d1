//! AND/OR/NOT trees for restSearch filters.

use serde::ser::{Serialize, SerializeMap, Serializer};

/// A filter on one restSearch parameter: values any of which may match (OR), all of which
/// must match (AND, tags only) and none of which may match (NOT). `%` at either end of a value
/// is a wildcard.
///
/// A filter with one OR value is sent as a scalar, with only OR values as a list, and
/// otherwise as `{"AND": [...], "OR": [...], "NOT": [...]}` (empty parts left out).
///
/// ```
/// use misp_api::search::Filter;
/// let tags = Filter::any(["tlp:white", "tlp:green"]).not("tlp:red");
/// assert_eq!(
///     serde_json::to_string(&tags).unwrap(),
///     r#"{"OR":["tlp:white","tlp:green"],"NOT":["tlp:red"]}"#
/// );
/// assert_eq!(serde_json::to_string(&Filter::from("8.8.8.8")).unwrap(), r#""8.8.8.8""#);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filter {
    /// Values any of which may match.
    pub or: Vec<String>,
    /// Values all of which must match.
    pub and: Vec<String>,
    /// Values none of which may match.
    pub not: Vec<String>,
}

impl Filter {
    /// Matches `value` (wildcards with `%`).
    pub fn eq(value: impl Into<String>) -> Self {
        Filter {
            or: vec![value.into()],
            ..Filter::default()
        }
    }

    /// Matches any of `values`.
    pub fn any<I: IntoIterator<Item = S>, S: Into<String>>(values: I) -> Self {
        Filter {
            or: values.into_iter().map(Into::into).collect(),
            ..Filter::default()
        }
    }

    /// Matches only when all of `values` match (the server applies AND to tags only).
    pub fn all<I: IntoIterator<Item = S>, S: Into<String>>(values: I) -> Self {
        Filter {
            and: values.into_iter().map(Into::into).collect(),
            ..Filter::default()
        }
    }

    /// Matches when none of `values` match.
    pub fn none<I: IntoIterator<Item = S>, S: Into<String>>(values: I) -> Self {
        Filter {
            not: values.into_iter().map(Into::into).collect(),
            ..Filter::default()
        }
    }

    /// Adds a value any of which may match.
    pub fn or(mut self, value: impl Into<String>) -> Self {
        self.or.push(value.into());
        self
    }

    /// Adds a value that must match.
    pub fn and(mut self, value: impl Into<String>) -> Self {
        self.and.push(value.into());
        self
    }

    /// Adds a value that must not match.
    pub fn not(mut self, value: impl Into<String>) -> Self {
        self.not.push(value.into());
        self
    }

    /// True when the filter names no value.
    pub fn is_empty(&self) -> bool {
        self.or.is_empty() && self.and.is_empty() && self.not.is_empty()
    }

    /// Checks the filter for `parameter`: not empty, no empty value, and AND only where the
    /// server applies it.
    pub(crate) fn check(&self, parameter: &'static str, and_allowed: bool) -> Result<(), String> {
        if self.is_empty() {
            return Err(format!("the `{parameter}` filter names no value"));
        }
        if self
            .or
            .iter()
            .chain(&self.and)
            .chain(&self.not)
            .any(|v| v.trim().is_empty())
        {
            return Err(format!("the `{parameter}` filter has an empty value"));
        }
        if !and_allowed && !self.and.is_empty() {
            return Err(format!(
                "the server applies AND only to tags; `{parameter}` accepts OR and NOT values"
            ));
        }
        Ok(())
    }
}

impl From<&str> for Filter {
    fn from(value: &str) -> Self {
        Filter::eq(value)
    }
}

impl From<String> for Filter {
    fn from(value: String) -> Self {
        Filter::eq(value)
    }
}

impl From<u64> for Filter {
    fn from(value: u64) -> Self {
        Filter::eq(value.to_string())
    }
}

impl From<uuid::Uuid> for Filter {
    fn from(value: uuid::Uuid) -> Self {
        Filter::eq(value.to_string())
    }
}

impl<S: Into<String>> From<Vec<S>> for Filter {
    fn from(values: Vec<S>) -> Self {
        Filter::any(values)
    }
}

impl<S: Into<String>, const N: usize> From<[S; N]> for Filter {
    fn from(values: [S; N]) -> Self {
        Filter::any(values)
    }
}

impl Serialize for Filter {
    fn serialize<Z: Serializer>(&self, s: Z) -> Result<Z::Ok, Z::Error> {
        if self.and.is_empty() && self.not.is_empty() {
            if let [only] = self.or.as_slice() {
                return s.serialize_str(only);
            }
            return self.or.serialize(s);
        }
        let mut map = s.serialize_map(None)?;
        if !self.and.is_empty() {
            map.serialize_entry("AND", &self.and)?;
        }
        if !self.or.is_empty() {
            map.serialize_entry("OR", &self.or)?;
        }
        if !self.not.is_empty() {
            map.serialize_entry("NOT", &self.not)?;
        }
        map.end()
    }
}
