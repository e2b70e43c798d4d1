//! The search family: restSearch for events, attributes and objects (typed JSON results or
//! raw exports in any format), the event index, and the sightings search.
//!
//! ```
//! use misp_api::search::{Export, Filter, ReturnFormat, Scope, SearchEvents, SearchQuery, Time};
//! use misp_api::Endpoint;
//!
//! let query = SearchQuery::new().tags(Filter::all(["tlp:amber", "apt"])).last(Time::days(7));
//! let events = SearchEvents::new(query.clone());
//! assert_eq!(events.request().unwrap().uri(), "/events/restSearch");
//!
//! let csv = Export::new(Scope::Attributes, ReturnFormat::Csv, query);
//! assert_eq!(csv.request().unwrap().uri(), "/attributes/restSearch");
//! ```

mod filter;
mod format;
mod index;
mod query;
mod sightings;
mod time;

pub use filter::Filter;
pub use format::{ReturnFormat, Scope, UnknownFormat};
pub use index::{IndexSort, SearchIndex};
pub use query::{DeletedFilter, SearchQuery, accepted_parameters};
pub use sightings::{SearchSightings, SightingsContext};
pub use time::{Time, TimeFilter, Unit};

use http::Method;

use crate::model::{Attribute, Event, Object};
use crate::wire::{Body, Operation, Reply};
use crate::{ApiError, BuildError, Idempotency, RawBody};

/// One page of search results, with the total the server reported in `X-Result-Count`
/// (set when the query had a `limit`).
#[derive(Clone, Debug, PartialEq)]
pub struct Page<T> {
    /// The results.
    pub items: Vec<T>,
    /// The total number of matches, when the server said.
    pub total: Option<u64>,
}

impl<T> IntoIterator for Page<T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

pub(crate) fn result_count(reply: &Reply) -> Option<u64> {
    reply
        .headers()
        .get("x-result-count")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse().ok())
}

fn rest_search_path(scope: Scope) -> String {
    format!("/{}/restSearch", scope.as_str())
}

macro_rules! typed_search {
    ($(#[$m:meta])* $name:ident, $scope:expr, $out:ty, $items_at:expr, |$r:ident| $decode:expr) => {
        $(#[$m])*
        #[derive(Clone, Debug, PartialEq)]
        pub struct $name {
            /// The query.
            pub query: SearchQuery,
        }

        impl $name {
            /// Searches with `query`.
            pub fn new(query: SearchQuery) -> Self {
                $name { query }
            }
        }

        impl Operation for $name {
            type Output = Page<$out>;
            fn method(&self) -> Method {
                Method::POST
            }
            fn path(&self) -> String {
                rest_search_path($scope)
            }
            fn body(&self) -> Result<Body, BuildError> {
                Body::json(&self.query.to_body($scope, ReturnFormat::Json)?)
            }
            fn decode_reply(&self, $r: Reply) -> Result<Self::Output, ApiError> {
                let total = result_count(&$r);
                let items = $decode?;
                Ok(Page { items, total })
            }
            fn idempotency_class(&self) -> Idempotency {
                Idempotency::Safe
            }
        }

        impl crate::Streamable for $name {
            type Item = $out;
            fn items_at(&self) -> crate::ItemsAt {
                $items_at
            }
        }
    };
}

#[derive(serde::Deserialize)]
struct AttributeList {
    #[serde(rename = "Attribute", default)]
    attribute: Vec<Attribute>,
}

typed_search!(
    /// Searches events (`POST /events/restSearch`, JSON); answers full events.
    SearchEvents, Scope::Events, Event,
    crate::ItemsAt::path(["response"]).unwrap("Event"),
    |reply| reply.list("Event")
);
typed_search!(
    /// Searches attributes (`POST /attributes/restSearch`, JSON); each attribute carries a
    /// short `Event`.
    SearchAttributes, Scope::Attributes, Attribute,
    crate::ItemsAt::path(["response", "Attribute"]),
    |reply| reply.response::<AttributeList>().map(|l| l.attribute)
);
typed_search!(
    /// Searches objects (`POST /objects/restSearch`, JSON).
    SearchObjects, Scope::Objects, Object,
    crate::ItemsAt::path(["response"]).unwrap("Object"),
    |reply| reply.list("Object")
);

/// A restSearch in any return format, answered as raw bytes with their content type
/// (CSV, STIX, rules, text ...; JSON too, undecoded).
#[derive(Clone, Debug, PartialEq)]
pub struct Export {
    /// What to search.
    pub scope: Scope,
    /// The format.
    pub format: ReturnFormat,
    /// The query.
    pub query: SearchQuery,
}

impl Export {
    /// Exports what `query` matches in `scope` as `format`.
    pub fn new(scope: Scope, format: ReturnFormat, query: SearchQuery) -> Self {
        Export {
            scope,
            format,
            query,
        }
    }
}

impl Operation for Export {
    type Output = RawBody;
    fn method(&self) -> Method {
        Method::POST
    }
    fn path(&self) -> String {
        rest_search_path(self.scope)
    }
    fn accept(&self) -> &'static str {
        self.format.accept()
    }
    fn body(&self) -> Result<Body, BuildError> {
        Body::json(&self.query.to_body(self.scope, self.format)?)
    }
    fn decode_reply(&self, reply: Reply) -> Result<RawBody, ApiError> {
        reply.raw()
    }
    fn idempotency_class(&self) -> Idempotency {
        Idempotency::Safe
    }
}
