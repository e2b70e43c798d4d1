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

/// One page of search results, with the total number of matches when the server's answer
/// gives it (see [`crate::paged`] for what `X-Result-Count` means on each endpoint).
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

fn rest_search_path(scope: Scope) -> String {
    format!("/{}/restSearch", scope.as_str())
}

/// What `X-Result-Count` says about the total of a restSearch, by scope: on events it is the
/// total; on attributes only without a `limit` (with one it is the page's count, plus one when
/// the page is full); on objects, the page's count.
fn search_total(scope: Scope, query: &SearchQuery, reply: &Reply) -> Option<u64> {
    let count = crate::result_count(reply.headers());
    match scope {
        Scope::Events => count,
        Scope::Attributes if query.get_limit().is_none() => count,
        _ => None,
    }
}

macro_rules! typed_search {
    ($(#[$m:meta])* $name:ident, $scope:expr, $out:ty, $items_at:expr, $more:path) => {
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

            /// Asks for pages of `size` results (the query's `limit`), for
            /// `misp_client::Client::paginate` to walk.
            #[must_use]
            pub fn page_size(mut self, size: u32) -> Self {
                self.query = self.query.limit(size);
                self
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
            fn decode_reply(&self, reply: Reply) -> Result<Self::Output, ApiError> {
                let total = search_total($scope, &self.query, &reply);
                let items = reply.items(&$items_at)?;
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

        impl crate::Paged for $name {
            fn requested_page_size(&self) -> Option<u32> {
                self.query.get_limit()
            }
            fn requested_page(&self) -> Option<u32> {
                self.query.get_page()
            }
            fn for_page(&self, page: u32, limit: u32) -> Self {
                $name::new(self.query.clone().limit(limit).page(page))
            }
            fn more_after(&self, page: &crate::PageSeen<'_>) -> bool {
                $more(page)
            }
        }
    };
}

typed_search!(
    /// Searches events (`POST /events/restSearch`, JSON); answers full events. With a
    /// `limit`, `X-Result-Count` is the total of matching events, on every page.
    SearchEvents, Scope::Events, Event,
    crate::ItemsAt::path(["response"]).unwrap("Event"),
    crate::paged::more_after_total
);
typed_search!(
    /// Searches attributes (`POST /attributes/restSearch`, JSON); each attribute carries a
    /// short `Event`. With a `limit`, `X-Result-Count` is not a total (MISP 2.5.1 sends the
    /// page's count plus one on a full page, and 1 past the end): only a short page is the last.
    SearchAttributes, Scope::Attributes, Attribute,
    crate::ItemsAt::path(["response", "Attribute"]),
    crate::paged::more_after_full_page
);
typed_search!(
    /// Searches objects (`POST /objects/restSearch`, JSON). `X-Result-Count` is the page's own
    /// count: only a short page is the last.
    SearchObjects, Scope::Objects, Object,
    crate::ItemsAt::path(["response"]).unwrap("Object"),
    crate::paged::more_after_full_page
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
