//! Where the items of a list response sit, for decoding them one by one as they arrive.

use std::fmt;

use serde::de::DeserializeOwned;

use crate::Endpoint;

/// Where the items of a response sit, and how each is wrapped.
///
/// ```
/// use misp_api::ItemsAt;
///
/// // /attributes/restSearch: {"response": {"Attribute": [ {...}, ... ]}}
/// let attributes = ItemsAt::path(["response", "Attribute"]);
/// assert_eq!(attributes.to_string(), "response.Attribute[]");
/// // /events/restSearch: {"response": [ {"Event": {...}}, ... ]}
/// let events = ItemsAt::path(["response"]).unwrap("Event");
/// assert_eq!(events.to_string(), "response[].Event");
/// // /events/index: a bare array
/// assert_eq!(ItemsAt::root().to_string(), "[]");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ItemsAt {
    path: Vec<String>,
    unwrap: Option<String>,
}

impl ItemsAt {
    /// The items are the elements of a top-level array.
    pub fn root() -> Self {
        ItemsAt {
            path: Vec::new(),
            unwrap: None,
        }
    }

    /// The items are the elements of the array under these object keys.
    pub fn path<I, S>(keys: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        ItemsAt {
            path: keys.into_iter().map(Into::into).collect(),
            unwrap: None,
        }
    }

    /// Each element is an object whose member `key` is the item (`{"Event": {...}}`).
    #[must_use]
    pub fn unwrap(mut self, key: impl Into<String>) -> Self {
        self.unwrap = Some(key.into());
        self
    }

    /// The object keys leading to the array.
    pub fn keys(&self) -> &[String] {
        &self.path
    }

    /// The member each element is unwrapped from, if any.
    pub fn unwrap_key(&self) -> Option<&str> {
        self.unwrap.as_deref()
    }
}

impl fmt::Display for ItemsAt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}[]", self.path.join("."))?;
        if let Some(u) = &self.unwrap {
            write!(f, ".{u}")?;
        }
        Ok(())
    }
}

/// An operation whose response is a list that an executor may decode item by item as the body
/// arrives, instead of all at once: it says where the items sit.
///
/// ```
/// use misp_api::Streamable;
/// use misp_api::search::{SearchAttributes, SearchQuery};
/// let op = SearchAttributes::new(SearchQuery::new().value("203.0.113.10"));
/// assert_eq!(op.items_at().to_string(), "response.Attribute[]");
/// ```
pub trait Streamable: Endpoint {
    /// One item of the list.
    type Item: DeserializeOwned;
    /// Where the items sit in the response body.
    fn items_at(&self) -> ItemsAt;
}
