//! Paginated operations: how to ask for a page, and when a walk has reached the last one.
//!
//! MISP's `X-Result-Count` means something else on each paginated endpoint (measured on 2.5.1):
//!
//! | endpoint | `X-Result-Count` with a `limit` |
//! |---|---|
//! | `attributes/restSearch` | the page's items **plus one** when the page is full; 1 on an empty page |
//! | `objects/restSearch` | the page's own count |
//! | `events/restSearch`, `events/index` | the total number of matches, on every page |
//!
//! So each operation says for itself whether another page can follow ([`Paged::more_after`]);
//! an executor only walks (`misp_client::Client::paginate`).

use http::HeaderMap;

use crate::Streamable;

/// What one page of a walk brought, for [`Paged::more_after`] to decide on.
#[derive(Clone, Copy, Debug)]
pub struct PageSeen<'a> {
    /// The page's 1-based number.
    pub page: u32,
    /// The page size asked for.
    pub limit: u32,
    /// The items this page held.
    pub items: u64,
    /// The items of the whole walk so far, this page included.
    pub seen: u64,
    /// The page's response headers.
    pub headers: &'a HeaderMap,
}

impl PageSeen<'_> {
    /// True when the page held as many items as asked for (so another may follow).
    pub fn is_full(&self) -> bool {
        self.items >= u64::from(self.limit)
    }

    /// `X-Result-Count`, when the server sent it.
    pub fn result_count(&self) -> Option<u64> {
        result_count(self.headers)
    }
}

/// The `X-Result-Count` header, when present and a number. What it counts depends on the
/// endpoint (see the [module documentation](self)).
///
/// ```
/// let mut headers = http::HeaderMap::new();
/// assert_eq!(misp_api::result_count(&headers), None);
/// headers.insert("X-Result-Count", "42".parse().unwrap());
/// assert_eq!(misp_api::result_count(&headers), Some(42));
/// ```
pub fn result_count(headers: &HeaderMap) -> Option<u64> {
    headers
        .get("x-result-count")?
        .to_str()
        .ok()?
        .trim()
        .parse()
        .ok()
}

/// An operation whose results come in pages: it can be re-made for any page, and it decides
/// from a page (its item count, the limit and its headers) whether another page can exist.
///
/// Implement it for an operation of another crate as for the ones here: `requested_page_size` and
/// `requested_page` read what the caller set, `for_page` returns a copy asking for one page, and
/// `more_after` holds the endpoint's stop rule. An operation with no page size set is sent once,
/// whole.
///
/// ```
/// use misp_api::{Paged, PageSeen};
/// use misp_api::search::{SearchAttributes, SearchQuery};
///
/// let op = SearchAttributes::new(SearchQuery::new().event_ids(37)).page_size(3);
/// assert_eq!(op.requested_page_size(), Some(3));
/// let page2 = op.for_page(2, 3);
/// assert_eq!(page2.requested_page(), Some(2));
///
/// // attributes/restSearch: a full page says 4 ("+1"), and only a short page is the last.
/// let mut headers = http::HeaderMap::new();
/// headers.insert("X-Result-Count", "4".parse().unwrap());
/// let full = PageSeen { page: 1, limit: 3, items: 3, seen: 3, headers: &headers };
/// assert!(op.more_after(&full));
/// let short = PageSeen { page: 3, limit: 3, items: 1, seen: 7, headers: &headers };
/// assert!(!op.more_after(&short));
/// ```
pub trait Paged: Streamable + Sized {
    /// The page size the operation asks for, when set.
    fn requested_page_size(&self) -> Option<u32>;
    /// The page it asks for (1-based), when set.
    fn requested_page(&self) -> Option<u32>;
    /// The same operation for page `page` (1-based) of `limit` items.
    fn for_page(&self, page: u32, limit: u32) -> Self;
    /// Whether another page can follow the one just read.
    fn more_after(&self, page: &PageSeen<'_>) -> bool;
}

/// The stop rule of endpoints whose count header cannot be trusted: a page that is not full is
/// the last.
pub fn more_after_full_page(page: &PageSeen<'_>) -> bool {
    page.is_full()
}

/// The stop rule of endpoints whose `X-Result-Count` is the total of matches: a short page, or
/// having seen the total, ends the walk.
pub fn more_after_total(page: &PageSeen<'_>) -> bool {
    page.is_full() && page.result_count().is_none_or(|total| page.seen < total)
}
