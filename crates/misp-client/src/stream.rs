//! Streams: items decoded one by one as a response arrives, pages followed until the last,
//! raw exports written to a writer.

use std::collections::VecDeque;
use std::pin::Pin;

use bytes::Bytes;
use futures_util::{Stream, StreamExt, TryStreamExt, stream};
use http::{HeaderMap, StatusCode};
use misp_api::wire::excerpt;
use misp_api::{ApiError, Endpoint, PageSeen, Paged, RequestContext};
use serde::de::DeserializeOwned;
use tokio::io::{AsyncWrite, AsyncWriteExt};

use crate::client::{Body, Client, Deadline, Opened};
use crate::error::Error;
use crate::limits::{Limit, size_text};
use crate::split::{End, ItemsAt, Splitter};

/// A stream of decoded items; each item is decoded on its own, so one bad item is reported
/// without ending the stream, while transport and structure errors end it.
pub type ItemStream<T> = Pin<Box<dyn Stream<Item = Result<T, Error>> + Send + 'static>>;

/// The largest single item a stream accepts by default (64 MiB): a bound on memory, whatever
/// the size of the whole response.
pub const DEFAULT_MAX_ITEM_BYTES: usize = 64 * 1024 * 1024;

/// Decodes one item's bytes as the buffered decode does, reporting the JSON path of a mismatch.
fn decode_item<T: DeserializeOwned>(bytes: &[u8], unwrap: Option<&str>) -> Result<T, String> {
    misp_api::wire::decode_item(bytes, unwrap, "")
}

/// The body of one opened response, split into items.
struct BodyItems<E, T> {
    endpoint: std::sync::Arc<E>,
    at: ItemsAt,
    context: RequestContext,
    status: StatusCode,
    headers: HeaderMap,
    body: Body,
    splitter: Option<Splitter>,
    pending: VecDeque<Result<T, Error>>,
    done: bool,
    span: tracing::Span,
    first: Option<FirstItem>,
    max_item: usize,
}

/// The raw bytes of a page's first item, kept so that a walk notices a server that answers
/// every page with the same items.
type FirstItem = std::sync::Arc<std::sync::Mutex<Option<Vec<u8>>>>;

fn decode_error(context: &RequestContext, status: StatusCode, message: String) -> Error {
    Error::Api(ApiError::Decode {
        context: context.clone(),
        status,
        message,
    })
}

impl<E, T> BodyItems<E, T>
where
    E: Endpoint + Send + Sync + 'static,
    T: DeserializeOwned + Send + 'static,
{
    fn new(
        endpoint: std::sync::Arc<E>,
        at: ItemsAt,
        opened: Opened,
        max_item: usize,
        first: Option<FirstItem>,
    ) -> Self {
        BodyItems {
            first,
            max_item,
            splitter: Some(Splitter::new(&at, max_item)),
            endpoint,
            at,
            context: opened.context,
            status: opened.status,
            headers: opened.headers,
            body: opened.body,
            pending: VecDeque::new(),
            done: false,
            span: opened.span,
        }
    }

    /// Reads until at least one item (or the end) is ready.
    async fn fill(&mut self) {
        while self.pending.is_empty() && !self.done {
            let chunk = match self.body.chunk(&self.context).await {
                Ok(c) => c,
                Err(e) => {
                    let items = self.splitter.as_ref().map_or(0, Splitter::items);
                    tracing::debug!(parent: &self.span, items, "MISP response broke off");
                    self.pending.push_back(Err(e));
                    self.done = true;
                    return;
                }
            };
            let Some(splitter) = self.splitter.as_mut() else {
                self.done = true;
                return;
            };
            match chunk {
                Some(bytes) => {
                    let unwrap = self.at.unwrap_key().map(str::to_owned);
                    let base = splitter.items();
                    let mut index = base;
                    let (context, status, at) = (&self.context, self.status, &self.at);
                    let pending = &mut self.pending;
                    let first = self.first.as_ref();
                    let r = splitter.push(&bytes, &mut |item| {
                        index += 1;
                        if let (1, Some(slot)) = (index, first)
                            && let Ok(mut slot) = slot.lock()
                        {
                            *slot = Some(item.to_vec());
                        }
                        pending.push_back(decode_item(item, unwrap.as_deref()).map_err(|m| {
                            decode_error(context, status, format!("item {index} of {at}: {m}"))
                        }));
                    });
                    if let Err(e) = r {
                        let before_items = !splitter.found();
                        let prefix = if before_items {
                            splitter.take_prefix()
                        } else {
                            None
                        };
                        let err = if let Some(prefix) = prefix {
                            // Not JSON of the expected shape before any item: let the endpoint
                            // say what the body is (an HTML page, an error object ...).
                            self.not_found(Some(prefix), Some(&e.message))
                        } else if e.too_large {
                            Error::limit_exceeded(
                                Limit::ItemSize,
                                Some(&self.context),
                                format!(
                                    "item {} of {} is larger than {}",
                                    splitter.items() + 1,
                                    self.at,
                                    size_text(self.max_item as u64)
                                ),
                            )
                        } else {
                            decode_error(
                                &self.context,
                                self.status,
                                format!(
                                    "{} at byte {} (looking for {})",
                                    e.message, e.offset, self.at
                                ),
                            )
                        };
                        self.pending.push_back(Err(err));
                        self.done = true;
                    }
                }
                None => {
                    self.done = true;
                    let Some(splitter) = self.splitter.take() else {
                        return;
                    };
                    let items = splitter.items();
                    tracing::debug!(parent: &self.span, items, "MISP response read");
                    match splitter.finish() {
                        Ok(End::Complete) => {}
                        Err(e) => self.pending.push_back(Err(decode_error(
                            &self.context,
                            self.status,
                            format!("{} at byte {} (reading {})", e.message, e.offset, self.at),
                        ))),
                        Ok(End::Truncated) => self.pending.push_back(Err(decode_error(
                            &self.context,
                            self.status,
                            format!(
                                "the response ended inside {} after {items} items: truncated body",
                                self.at
                            ),
                        ))),
                        Ok(End::NotFound { prefix }) => {
                            let err = self.not_found(prefix, None);
                            self.pending.push_back(Err(err));
                        }
                    }
                }
            }
        }
    }

    /// The items array is not in the body: let the endpoint say what the body is.
    fn not_found(&self, prefix: Option<Vec<u8>>, problem: Option<&str>) -> Error {
        let Some(body) = prefix else {
            return decode_error(
                &self.context,
                self.status,
                format!("no {} array in a large response", self.at),
            );
        };
        let mut response = http::Response::new(Bytes::from(body.clone()));
        *response.status_mut() = self.status;
        *response.headers_mut() = self.headers.clone();
        match self.endpoint.decode(response) {
            Err(e) => Error::Api(e),
            Ok(_) => decode_error(
                &self.context,
                self.status,
                match problem {
                    Some(p) => format!("{p} (looking for {}), in: {}", self.at, excerpt(&body)),
                    None => format!("expected items at {}, got: {}", self.at, excerpt(&body)),
                },
            ),
        }
    }

    fn into_stream(self, client: Client) -> ItemStream<T> {
        Box::pin(stream::unfold(self, move |mut s| {
            let client = client.clone();
            async move {
                s.fill().await;
                let next = s.pending.pop_front()?;
                Some((next.map_err(|e| client.redact(e)), s))
            }
        }))
    }
}

/// A walk over the pages of a [`Paged`] operation (see [`Client::paginate`]).
struct PageWalk<P: Paged> {
    client: Client,
    op: P,
    limit: u32,
    page: u32,
    seen: u64,
    current: Option<Current<P::Item>>,
    /// A hash of each earlier page's first item, and the page it started.
    firsts: std::collections::HashMap<u64, u32>,
    pages: u32,
    deadline: Option<Deadline>,
    started: bool,
    finished: bool,
}

/// The page being read.
struct Current<T> {
    items: ItemStream<T>,
    headers: HeaderMap,
    count: u64,
    failed: bool,
    first: FirstItem,
}

impl<P> PageWalk<P>
where
    P: Paged + Send + Sync + 'static,
    P::Item: Send + 'static,
{
    fn into_stream(self) -> ItemStream<P::Item> {
        Box::pin(stream::unfold(self, |mut w| async move {
            loop {
                if let Some(current) = w.current.as_mut() {
                    match current.items.next().await {
                        Some(item) => {
                            if current.count == 0
                                && let Some(err) = w.repeated_page()
                            {
                                w.finished = true;
                                w.current = None;
                                return Some((Err(err), w));
                            }
                            if let Some(current) = w.current.as_mut() {
                                current.count += 1;
                                current.failed |= item.is_err();
                            }
                            w.seen += 1;
                            return Some((item, w));
                        }
                        None => w.end_page(),
                    }
                }
                if w.finished {
                    return None;
                }
                if !w.started {
                    w.started = true;
                    w.deadline =
                        Deadline::after(w.client.limits().walk_timeout, Limit::WalkTimeout);
                }
                let op = std::sync::Arc::new(w.op.for_page(w.page, w.limit));
                let max_pages = w.client.limits().max_pages;
                if w.pages >= max_pages {
                    w.finished = true;
                    let context = context_of(op.as_ref());
                    let err = Error::limit_exceeded(
                        Limit::Pages,
                        Some(&context),
                        format!(
                            "the walk read {max_pages} pages ({} items) and the server says more \
                             follow",
                            w.seen
                        ),
                    );
                    return Some((Err(err), w));
                }
                w.pages += 1;
                let first = FirstItem::default();
                let max_item = w.client.limits().max_item_size;
                match w
                    .client
                    .open_items(op, max_item, Some(first.clone()), w.deadline)
                    .await
                {
                    Ok((headers, items)) => {
                        w.current = Some(Current {
                            items,
                            headers,
                            count: 0,
                            failed: false,
                            first,
                        });
                    }
                    Err(e) => {
                        w.finished = true;
                        return Some((Err(e), w));
                    }
                }
            }
        }))
    }

    /// After a page: the operation decides whether another can follow.
    fn end_page(&mut self) {
        let Some(current) = self.current.take() else {
            return;
        };
        let seen = PageSeen {
            page: self.page,
            limit: self.limit,
            items: current.count,
            seen: self.seen,
            headers: &current.headers,
        };
        if current.failed || !self.op.more_after(&seen) || self.page == u32::MAX {
            self.finished = true;
        }
        if let Some(first) = current.first.lock().ok().and_then(|mut f| f.take()) {
            self.firsts.entry(hash_of(&first)).or_insert(self.page);
        }
        self.page += 1;
    }

    /// A page whose first item started an earlier page: the server ignores `page` (or cycles
    /// through the same pages), and walking on would repeat the same items for ever.
    fn repeated_page(&self) -> Option<Error> {
        let current = self.current.as_ref()?;
        let first = current.first.lock().ok()?;
        let earlier = *self.firsts.get(&hash_of(first.as_ref()?))?;
        let context = context_of(&self.op.for_page(self.page, self.limit));
        Some(Error::limit_exceeded(
            Limit::RepeatedPage,
            Some(&context),
            format!(
                "page {} starts with the same item as page {earlier}: the server ignores `page`, \
                 so the walk stops here (the {} items before are complete pages)",
                self.page, self.seen
            ),
        ))
    }
}

fn hash_of(bytes: &[u8]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    bytes.hash(&mut h);
    h.finish()
}

/// The method and path of an operation's request, for an error about it.
fn context_of<E: Endpoint>(op: &E) -> RequestContext {
    op.request()
        .map(|r| RequestContext::new(r.method().clone(), r.uri().to_string()))
        .unwrap_or_else(|_| RequestContext::new(http::Method::POST, "?"))
}

impl Client {
    /// Runs a list operation (a JSON restSearch ...) and decodes its items one by one as the
    /// response arrives: memory stays bounded by the largest item, whatever the size of the
    /// response. The operation says where its items sit ([`misp_api::Streamable`]).
    ///
    /// The request is retried like [`Client::send`] until its status arrives; a failure after
    /// items have started to flow ends the stream with an error (it is not retried, so no item
    /// comes twice).
    ///
    /// ```no_run
    /// # async fn run(client: misp_client::Client) -> Result<(), misp_client::Error> {
    /// use futures::TryStreamExt;
    /// use misp_api::search::{SearchAttributes, SearchQuery, Time};
    ///
    /// let query = SearchQuery::new().types("ip-dst").last(Time::days(1));
    /// let mut attributes = client.stream(SearchAttributes::new(query));
    /// while let Some(attribute) = attributes.try_next().await? {
    ///     println!("{:?}", attribute.value);
    /// }
    /// # Ok(()) }
    /// ```
    pub fn stream<E>(&self, endpoint: E) -> ItemStream<E::Item>
    where
        E: misp_api::Streamable + Send + Sync + 'static,
        E::Item: Send + 'static,
    {
        let at = endpoint.items_at();
        self.stream_items(endpoint, at)
    }

    /// Streams the items found at `at` in the response to any endpoint (see [`ItemsAt`]),
    /// decoded one by one as the body arrives.
    pub fn stream_items<E, T>(&self, endpoint: E, at: ItemsAt) -> ItemStream<T>
    where
        E: Endpoint + Send + Sync + 'static,
        T: DeserializeOwned + Send + 'static,
    {
        let max_item = self.limits().max_item_size;
        self.stream_items_with_limit(endpoint, at, max_item)
    }

    /// Like [`Client::stream_items`], with another bound on the size of one item.
    pub fn stream_items_with_limit<E, T>(
        &self,
        endpoint: E,
        at: ItemsAt,
        max_item_bytes: usize,
    ) -> ItemStream<T>
    where
        E: Endpoint + Send + Sync + 'static,
        T: DeserializeOwned + Send + 'static,
    {
        let client = self.clone();
        let fut = async move {
            let (_, items) = client
                .open_items_at(
                    std::sync::Arc::new(endpoint),
                    at,
                    max_item_bytes,
                    None,
                    None,
                )
                .await?;
            Ok::<_, Error>(items)
        };
        Box::pin(stream::once(fut).try_flatten())
    }

    async fn open_items_at<E, T>(
        &self,
        endpoint: std::sync::Arc<E>,
        at: ItemsAt,
        max_item_bytes: usize,
        first: Option<FirstItem>,
        walk: Option<Deadline>,
    ) -> Result<(HeaderMap, ItemStream<T>), Error>
    where
        E: Endpoint + Send + Sync + 'static,
        T: DeserializeOwned + Send + 'static,
    {
        let opened = self.open(endpoint.as_ref(), walk).await?;
        let headers = opened.headers.clone();
        let items = BodyItems::new(endpoint, at, opened, max_item_bytes, first);
        Ok((headers, items.into_stream(self.clone())))
    }

    async fn open_items<P>(
        &self,
        op: std::sync::Arc<P>,
        max_item_bytes: usize,
        first: Option<FirstItem>,
        walk: Option<Deadline>,
    ) -> Result<(HeaderMap, ItemStream<P::Item>), Error>
    where
        P: misp_api::Streamable + Send + Sync + 'static,
        P::Item: Send + 'static,
    {
        let at = op.items_at();
        self.open_items_at(op, at, max_item_bytes, first, walk)
            .await
    }

    /// Walks every page of a paginated operation ([`Paged`]: a search, the event index ...),
    /// streaming each page's items as they arrive, from the operation's page (or 1) until the
    /// operation says no page can follow. The stop rule is the endpoint's own, in misp-api
    /// (MISP's `X-Result-Count` means something else on each endpoint), so no item is lost and
    /// none comes twice. An operation without a page size is sent once, whole.
    ///
    /// The first error ends the walk; a server that answers every page with the same items
    /// (it ignores `page`) ends it with an error instead of repeating them.
    ///
    /// ```no_run
    /// # async fn run(client: misp_client::Client) -> Result<(), misp_client::Error> {
    /// use futures::TryStreamExt;
    /// use misp_api::search::{SearchAttributes, SearchQuery, Time};
    ///
    /// let query = SearchQuery::new().last(Time::days(7));
    /// let attributes: Vec<_> = client
    ///     .paginate(SearchAttributes::new(query).page_size(500))
    ///     .try_collect()
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub fn paginate<P>(&self, op: P) -> ItemStream<P::Item>
    where
        P: Paged + Send + Sync + 'static,
        P::Item: Send + 'static,
    {
        let Some(limit) = op.requested_page_size() else {
            return self.stream(op);
        };
        PageWalk {
            client: self.clone(),
            page: op.requested_page().unwrap_or(1).max(1),
            limit: limit.max(1),
            op,
            seen: 0,
            current: None,
            firsts: std::collections::HashMap::new(),
            pages: 0,
            deadline: None,
            started: false,
            finished: false,
        }
        .into_stream()
    }

    /// Runs an endpoint whose response is raw (CSV, text, STIX, XML ...) and yields the body
    /// chunk by chunk as it arrives.
    pub fn bytes_stream<E>(
        &self,
        endpoint: E,
    ) -> Pin<Box<dyn Stream<Item = Result<Bytes, Error>> + Send>>
    where
        E: Endpoint + Send + Sync + 'static,
    {
        let client = self.clone();
        let fut = async move {
            let opened = client.open(&endpoint, None).await?;
            let context = opened.context.clone();
            let chunks = stream::unfold(Some((opened.body, context)), |state| async move {
                let (mut body, context) = state?;
                match body.chunk(&context).await {
                    Ok(Some(c)) => Some((Ok(c), Some((body, context)))),
                    Ok(None) => None,
                    Err(e) => Some((Err(e), None)),
                }
            });
            Ok::<_, Error>(chunks)
        };
        Box::pin(stream::once(fut).try_flatten())
    }

    /// Runs an endpoint whose response is raw (CSV, text, STIX, XML ...) and copies the body to
    /// `writer` as it arrives, without holding it in memory. Returns the number of bytes written.
    pub async fn export_to<E, W>(&self, endpoint: &E, writer: &mut W) -> Result<u64, Error>
    where
        E: Endpoint,
        W: AsyncWrite + Unpin + ?Sized,
    {
        let mut opened = self.open(endpoint, None).await?;
        let mut written = 0u64;
        while let Some(chunk) = opened.body.chunk(&opened.context).await? {
            writer
                .write_all(&chunk)
                .await
                .map_err(|source| Error::Write {
                    context: opened.context.clone(),
                    source,
                })?;
            written += chunk.len() as u64;
        }
        writer.flush().await.map_err(|source| Error::Write {
            context: opened.context.clone(),
            source,
        })?;
        tracing::debug!(parent: &opened.span, bytes = written, "MISP export written");
        Ok(written)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize, Debug, PartialEq)]
    struct Ev {
        id: u32,
    }

    #[test]
    fn items_decode_with_paths_in_errors() {
        assert_eq!(decode_item::<Ev>(br#"{"id": 3}"#, None), Ok(Ev { id: 3 }));
        assert_eq!(
            decode_item::<Ev>(br#"{"x": 1, "Event": {"id": 4}}"#, Some("Event")),
            Ok(Ev { id: 4 })
        );
        let e = decode_item::<Ev>(br#"{"Event": {"id": "x"}}"#, Some("Event")).unwrap_err();
        assert!(e.contains("Event.id"), "{e}");
        // An element without the wrapper is read as the entity itself, as the buffered decode does.
        let e = decode_item::<Ev>(br#"{"Other": {}}"#, Some("Event")).unwrap_err();
        assert!(e.contains("missing field `id`"), "{e}");
        // Keys beside the wrapper are merged in, a wrapper given twice is refused.
        assert_eq!(
            decode_item::<serde_json::Value>(br#"{"Event": {"id": 4}, "x": 1}"#, Some("Event")),
            Ok(serde_json::json!({"id": 4, "x": 1}))
        );
        let e = decode_item::<Ev>(
            br#"{"Event": {"id": 4}, "Event": {"id": 5}}"#,
            Some("Event"),
        )
        .unwrap_err();
        assert!(e.contains("twice"), "{e}");
    }
}
