//! The event index with filters (`POST /events/index`): event metadata, no attributes.

use http::Method;
use serde_json::{Map, Value, json};

use super::{Filter, Page, Time, TimeFilter};
use crate::model::Event;
use crate::wire::{Body, Operation, Reply};
use crate::{ApiError, BuildError, Idempotency, ItemsAt, PageSeen, Paged, Streamable};

/// How the index is sorted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IndexSort {
    /// An event column (`timestamp`, `date`, `id`, `info` ...).
    pub column: String,
    /// Descending.
    pub descending: bool,
}

/// Lists event metadata with filters (`POST /events/index`). Criteria are AND-ed; list values
/// OR-ed; a leading `!` negates a value. With a `limit`, the server reports the total in
/// `X-Result-Count`, on every page; it answers in id-ascending order unless sorted.
///
/// ```
/// use misp_api::search::{SearchIndex, Time};
/// use misp_api::Endpoint;
/// let op = SearchIndex::new().event_info("Rust corpus").published(true).limit(10);
/// let request = op.request().unwrap();
/// assert_eq!(request.uri(), "/events/index");
/// assert_eq!(request.body(), br#"{"eventinfo":"Rust corpus","limit":10,"published":true}"#);
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SearchIndex {
    body: Map<String, Value>,
    filters: Vec<(&'static str, Filter)>,
    sort: Option<IndexSort>,
    limit: Option<u32>,
    page: Option<u32>,
}

impl SearchIndex {
    /// The whole index (add filters to narrow it).
    pub fn new() -> Self {
        SearchIndex::default()
    }

    fn set(mut self, key: &str, value: Value) -> Self {
        self.body.insert(key.into(), value);
        self
    }

    /// Substring search everywhere (`all`; `%` wildcards).
    pub fn all(self, text: impl Into<String>) -> Self {
        self.set("all", json!(text.into()))
    }

    /// Events with an attribute value (`attribute`).
    pub fn attribute(self, value: impl Into<String>) -> Self {
        self.set("attribute", json!(value.into()))
    }

    /// Events created by users whose e-mail matches (`email`, admins).
    pub fn email(self, email: impl Into<String>) -> Self {
        self.set("email", json!(email.into()))
    }

    /// Published or not.
    pub fn published(self, published: bool) -> Self {
        self.set("published", json!(published))
    }

    /// Events with proposals.
    pub fn has_proposal(self, has: bool) -> Self {
        self.set("hasproposal", json!(has))
    }

    /// Events by id or UUID.
    pub fn event_ids(mut self, ids: impl Into<Filter>) -> Self {
        self.filters.push(("eventid", ids.into()));
        self
    }

    /// Events by tag.
    pub fn tags(mut self, tags: impl Into<Filter>) -> Self {
        self.filters.push(("tags", tags.into()));
        self
    }

    /// Events by organisation (id, name or UUID).
    pub fn orgs(mut self, orgs: impl Into<Filter>) -> Self {
        self.filters.push(("org", orgs.into()));
        self
    }

    /// Event dates from (`datefrom`).
    pub fn date_from(self, date: Time) -> Self {
        self.set("datefrom", json!(date.to_string()))
    }

    /// Event dates until (`dateuntil`).
    pub fn date_until(self, date: Time) -> Self {
        self.set("dateuntil", json!(date.to_string()))
    }

    /// Event info text (`eventinfo`).
    pub fn event_info(self, info: impl Into<String>) -> Self {
        self.set("eventinfo", json!(info.into()))
    }

    /// Threat levels 1 to 4.
    pub fn threat_levels(self, levels: &[u8]) -> Self {
        self.set("threatlevel", json!(levels))
    }

    /// Distributions 0 to 5.
    pub fn distributions(self, levels: &[u8]) -> Self {
        self.set("distribution", json!(levels))
    }

    /// Analysis levels 0 to 2.
    pub fn analysis(self, levels: &[u8]) -> Self {
        self.set("analysis", json!(levels))
    }

    /// Sharing groups by id (sent as `"1|2"`).
    pub fn sharing_groups(self, ids: &[u64]) -> Self {
        let joined: Vec<String> = ids.iter().map(ToString::to_string).collect();
        self.set("sharinggroup", json!(joined.join("|")))
    }

    /// The event timestamp.
    pub fn timestamp(self, time: impl Into<TimeFilter>) -> Self {
        let time = time.into();
        self.set(
            "timestamp",
            serde_json::to_value(time).unwrap_or(Value::Null),
        )
    }

    /// The publication timestamp.
    pub fn publish_timestamp(self, time: impl Into<TimeFilter>) -> Self {
        let time = time.into();
        self.set(
            "publish_timestamp",
            serde_json::to_value(time).unwrap_or(Value::Null),
        )
    }

    /// Only id, uuid, timestamp, sighting_timestamp and published per event.
    pub fn minimal(self, minimal: bool) -> Self {
        self.set("minimal", json!(minimal))
    }

    /// Sorts by `column`.
    pub fn sort(mut self, column: impl Into<String>, descending: bool) -> Self {
        self.sort = Some(IndexSort {
            column: column.into(),
            descending,
        });
        self
    }

    /// At most `limit` events per page.
    pub fn limit(mut self, limit: u32) -> Self {
        self.limit = Some(limit);
        self
    }

    /// The page (1-based; needs a limit).
    pub fn page(mut self, page: u32) -> Self {
        self.page = Some(page);
        self
    }

    /// Asks for pages of `size` events, for `misp_client::Client::paginate` to walk.
    #[must_use]
    pub fn page_size(self, size: u32) -> Self {
        self.limit(size)
    }
}

fn check_levels(body: &Map<String, Value>, key: &'static str, max: u64) -> Result<(), BuildError> {
    if let Some(Value::Array(levels)) = body.get(key)
        && let Some(bad) = levels.iter().find(|v| v.as_u64().is_none_or(|n| n > max))
    {
        return Err(BuildError::invalid(
            key,
            format!("{bad} is not a level from 0 to {max}"),
        ));
    }
    Ok(())
}

impl Operation for SearchIndex {
    type Output = Page<Event>;
    fn method(&self) -> Method {
        Method::POST
    }
    fn path(&self) -> String {
        "/events/index".into()
    }
    fn body(&self) -> Result<Body, BuildError> {
        let mut body = self.body.clone();
        for (key, filter) in &self.filters {
            filter
                .check(key, *key == "tags")
                .map_err(|m| BuildError::invalid(key, m))?;
            body.insert((*key).into(), serde_json::to_value(filter)?);
        }
        check_levels(&body, "threatlevel", 4)?;
        check_levels(&body, "distribution", 5)?;
        check_levels(&body, "analysis", 2)?;
        if let Some(Value::Array(levels)) = body.get("threatlevel")
            && levels.iter().any(|v| v.as_u64() == Some(0))
        {
            return Err(BuildError::invalid(
                "threatlevel",
                "threat levels go from 1 to 4",
            ));
        }
        if let Some(sort) = &self.sort {
            body.insert("sort".into(), json!(sort.column));
            body.insert(
                "direction".into(),
                json!(if sort.descending { "desc" } else { "asc" }),
            );
        }
        match (self.limit, self.page) {
            (Some(0), _) => return Err(BuildError::invalid("limit", "must be at least 1")),
            (_, Some(0)) => return Err(BuildError::invalid("page", "pages are 1-based")),
            (None, Some(_)) => {
                return Err(BuildError::invalid("page", "a page needs a limit"));
            }
            _ => {}
        }
        if let Some(limit) = self.limit {
            body.insert("limit".into(), json!(limit));
        }
        if let Some(page) = self.page {
            body.insert("page".into(), json!(page));
        }
        Body::json(&body)
    }
    fn decode_reply(&self, reply: Reply) -> Result<Self::Output, ApiError> {
        let total = crate::result_count(reply.headers());
        Ok(Page {
            items: reply.items(&ItemsAt::root())?,
            total,
        })
    }
    fn idempotency_class(&self) -> Idempotency {
        Idempotency::Safe
    }
}

impl Streamable for SearchIndex {
    type Item = Event;
    fn items_at(&self) -> ItemsAt {
        ItemsAt::root()
    }
}

impl Paged for SearchIndex {
    fn requested_page_size(&self) -> Option<u32> {
        self.limit
    }
    fn requested_page(&self) -> Option<u32> {
        self.page
    }
    fn for_page(&self, page: u32, limit: u32) -> Self {
        self.clone().limit(limit).page(page)
    }
    fn more_after(&self, page: &PageSeen<'_>) -> bool {
        crate::paged::more_after_total(page)
    }
}
