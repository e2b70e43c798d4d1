//! Feeds: list, get, add, edit, delete, enable/disable, caching, fetch, cache, compare,
//! defaults and cache search.

use misp_api::wire::{Body, Operation, PathBuilder as P, Reply};
use misp_api::{Ack, ApiError, Idempotency, op};
use misp_types::admin::Feed;
use serde_json::{Value, json};

op! {
    /// Lists the feeds (`GET /feeds/index`).
    pub struct ListFeeds;
    GET |s| "/feeds/index".into() => Vec<Feed>: list("Feed")
}

op! {
    /// One feed (`GET /feeds/view/{id}`).
    pub struct GetFeed(
        /// The feed's id.
        pub feed_id: u64
    );
    GET |s| P::new("feeds/view").segment(s.feed_id).build() => Feed: entity("Feed")
}

op! {
    /// Adds a feed (`POST /feeds/add`, wrapped in `{"Feed": ...}` as the server requires).
    pub struct AddFeed(
        /// The new feed (at least `name`, `provider` and `url`).
        pub feed: Feed
    );
    POST |s| "/feeds/add".into() => Feed: entity("Feed");
    body |s| Body::json(&json!({ "Feed": s.feed }))
}

op! {
    /// Edits a feed (`POST /feeds/edit/{id}`, wrapped).
    pub struct UpdateFeed {
        /// The feed's id.
        pub feed_id: u64,
        /// The fields to change.
        pub feed: Feed,
    }
    POST |s| P::new("feeds/edit").segment(s.feed_id).build() => Feed: entity("Feed");
    body |s| Body::json(&json!({ "Feed": s.feed }));
    idempotency |s| Idempotency::Safe
}

impl UpdateFeed {
    /// Changes `feed`'s fields on feed `feed_id`.
    pub fn new(feed_id: u64, feed: Feed) -> Self {
        UpdateFeed { feed_id, feed }
    }
}

op! {
    /// Turns a feed on or off through an edit (`POST /feeds/edit/{id}` with
    /// `{"Feed": {"id", "enabled"}}`), answering the feed.
    pub struct SetFeedEnabled {
        /// The feed's id.
        pub feed_id: u64,
        /// On or off.
        pub enabled: bool,
    }
    POST |s| P::new("feeds/edit").segment(s.feed_id).build() => Feed: entity("Feed");
    body |s| Body::json(&json!({"Feed": {"id": s.feed_id, "enabled": s.enabled}}));
    idempotency |s| Idempotency::Safe
}

op! {
    /// Turns a feed's caching on or off (`POST /feeds/edit/{id}` with
    /// `{"Feed": {"id", "caching_enabled"}}`).
    pub struct SetFeedCaching {
        /// The feed's id.
        pub feed_id: u64,
        /// On or off.
        pub enabled: bool,
    }
    POST |s| P::new("feeds/edit").segment(s.feed_id).build() => Feed: entity("Feed");
    body |s| Body::json(&json!({"Feed": {"id": s.feed_id, "caching_enabled": s.enabled}}));
    idempotency |s| Idempotency::Safe
}

op! {
    /// Enables a feed with MISP's own action (`POST /feeds/enable/{id}`).
    pub struct EnableFeed(
        /// The feed's id.
        pub feed_id: u64
    );
    POST |s| P::new("feeds/enable").segment(s.feed_id).build() => Ack: ack();
    body |s| Ok(Body::empty_object());
    idempotency |s| Idempotency::Safe
}

op! {
    /// Disables a feed with MISP's own action (`POST /feeds/disable/{id}`).
    pub struct DisableFeed(
        /// The feed's id.
        pub feed_id: u64
    );
    POST |s| P::new("feeds/disable").segment(s.feed_id).build() => Ack: ack();
    body |s| Ok(Body::empty_object());
    idempotency |s| Idempotency::Safe
}

op! {
    /// Deletes a feed (`POST /feeds/delete/{id}`).
    pub struct DeleteFeed(
        /// The feed's id.
        pub feed_id: u64
    );
    POST |s| P::new("feeds/delete").segment(s.feed_id).build() => Ack: ack();
    idempotency |s| Idempotency::Safe
}

/// Fetches one feed now (`POST /feeds/fetchFromFeed/{id}`).
///
/// The server answers 200 in every case, with `{"result": ...}`. "Fetching the feed has
/// failed." and "Feed is currently not enabled..." become [`ApiError::Validation`] carrying
/// that message; a fetch that ran or was queued is an [`Ack`].
///
/// ```
/// use misp_admin::feeds::FetchFeed;
/// use misp_api::Endpoint;
/// let answer = http::Response::builder().status(200)
///     .body(bytes::Bytes::from_static(br#"{"result":"Fetching the feed has failed."}"#)).unwrap();
/// let error = FetchFeed::new(5u64).decode(answer).unwrap_err();
/// assert!(error.is_validation());
/// assert!(error.to_string().contains("Fetching the feed has failed."));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FetchFeed {
    /// The feed's id.
    pub feed_id: u64,
}

impl FetchFeed {
    /// Fetches feed `feed_id`.
    pub fn new(feed_id: u64) -> Self {
        FetchFeed { feed_id }
    }
}

/// The `result` texts of `feeds/fetchFromFeed` that mean it did not run.
fn fetch_failed(result: &str) -> bool {
    let lower = result.to_ascii_lowercase();
    lower.contains("failed") || lower.contains("not enabled") || lower.contains("invalid feed")
}

impl Operation for FetchFeed {
    type Output = Ack;
    fn method(&self) -> http::Method {
        http::Method::POST
    }
    fn path(&self) -> String {
        P::new("feeds/fetchFromFeed").segment(self.feed_id).build()
    }
    fn decode_reply(&self, reply: Reply) -> Result<Ack, ApiError> {
        let context = reply.context().clone();
        let status = reply.status();
        let ack = reply.ack()?;
        match ack.body.get("result").and_then(Value::as_str) {
            Some(result) if fetch_failed(result) => Err(ApiError::Validation {
                context,
                status,
                message: result.to_owned(),
                errors: Vec::new(),
            }),
            _ => Ok(ack),
        }
    }
    fn idempotency_class(&self) -> Idempotency {
        Idempotency::Safe
    }
}

op! {
    /// Fetches every enabled feed (`GET /feeds/fetchFromAllFeeds`).
    pub struct FetchAllFeeds;
    GET |s| "/feeds/fetchFromAllFeeds".into() => Ack: ack()
}

/// Which feeds [`CacheFeeds`] caches.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FeedSelection {
    /// One feed.
    One(u64),
    /// Every feed with caching on.
    All,
    /// The freetext and CSV feeds.
    Freetext,
    /// The MISP-format feeds.
    Misp,
}

op! {
    /// Caches feeds for correlation (`POST /feeds/cacheFeeds/{id|all|freetext|misp}`); the
    /// server may answer with a redirect, which is a success.
    pub struct CacheFeeds(
        /// Which feeds.
        pub which: FeedSelection
    );
    POST |s| {
        let p = P::new("feeds/cacheFeeds");
        match s.which {
            FeedSelection::One(id) => p.segment(id).build(),
            FeedSelection::All => p.segment("all").build(),
            FeedSelection::Freetext => p.segment("freetext").build(),
            FeedSelection::Misp => p.segment("misp").build(),
        }
    } => Ack: ack();
    idempotency |s| Idempotency::Safe
}

op! {
    /// The overlap between the cached feeds (`GET /feeds/compareFeeds`).
    pub struct CompareFeeds;
    GET |s| "/feeds/compareFeeds".into() => Vec<Feed>: list("Feed")
}

op! {
    /// Loads MISP's default feed list (`POST /feeds/loadDefaultFeeds`).
    pub struct LoadDefaultFeeds;
    POST |s| "/feeds/loadDefaultFeeds".into() => Ack: ack();
    idempotency |s| Idempotency::Safe
}

op! {
    /// Searches the feed caches for a value (`POST /feeds/searchCaches`, `{"value": ...}`);
    /// the answer lists the feeds that hold it.
    pub struct SearchFeedCaches(
        /// A value, a list of values, or a complex query.
        pub value: Value
    );
    POST |s| "/feeds/searchCaches".into() => Vec<Feed>: list("Feed");
    body |s| Body::json(&json!({ "value": s.value }));
    idempotency |s| Idempotency::Safe
}
