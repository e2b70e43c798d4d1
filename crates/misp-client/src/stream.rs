//! Streams: items decoded one by one as a response arrives, pages followed until the last,
//! raw exports written to a writer.

use std::collections::VecDeque;
use std::marker::PhantomData;
use std::pin::Pin;

use bytes::Bytes;
use futures::{Stream, StreamExt, TryStreamExt, stream};
use http::{HeaderMap, StatusCode};
use misp_api::{ApiError, Endpoint, RequestContext};
use serde::de::{DeserializeOwned, DeserializeSeed, IgnoredAny, MapAccess, Visitor};
use tokio::io::{AsyncWrite, AsyncWriteExt};

use crate::client::{Body, Client, Opened, snippet};
use crate::error::Error;
use crate::split::{End, ItemsAt, Splitter};

/// A stream of decoded items; each item is decoded on its own, so one bad item is reported
/// without ending the stream, while transport and structure errors end it.
pub type ItemStream<T> = Pin<Box<dyn Stream<Item = Result<T, Error>> + Send + 'static>>;

/// The largest single item a stream accepts by default (64 MiB): a bound on memory, whatever
/// the size of the whole response.
pub const DEFAULT_MAX_ITEM_BYTES: usize = 64 * 1024 * 1024;

/// The `X-Result-Count` header: how many results the server says match.
pub fn result_count(headers: &HeaderMap) -> Option<u64> {
    headers
        .get("x-result-count")?
        .to_str()
        .ok()?
        .trim()
        .parse()
        .ok()
}

/// Decodes one item's bytes, reporting the JSON path of a mismatch.
fn decode_item<T: DeserializeOwned>(bytes: &[u8], unwrap: Option<&str>) -> Result<T, String> {
    // The fast path; path tracking costs time, so it is only paid to explain a failure.
    let fast = match unwrap {
        None => serde_json::from_slice::<T>(bytes).ok(),
        Some(key) => {
            let mut de = serde_json::Deserializer::from_slice(bytes);
            Unwrap::<T> {
                key,
                _t: PhantomData,
            }
            .deserialize(&mut de)
            .and_then(|v| de.end().map(|_| v))
            .ok()
        }
    };
    if let Some(v) = fast {
        return Ok(v);
    }
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let mut track = serde_path_to_error::Track::new();
    let result = {
        let tracked = serde_path_to_error::Deserializer::new(&mut de, &mut track);
        match unwrap {
            None => T::deserialize(tracked),
            Some(key) => Unwrap::<T> {
                key,
                _t: PhantomData,
            }
            .deserialize(tracked),
        }
    };
    match result.and_then(|v| de.end().map(|_| v)) {
        Ok(v) => Ok(v),
        Err(e) => {
            let path = track.path().to_string();
            if path == "." || path.is_empty() {
                Err(e.to_string())
            } else {
                Err(format!("at `{path}`: {e}"))
            }
        }
    }
}

/// Takes the member `key` of an object as the item.
struct Unwrap<'k, T> {
    key: &'k str,
    _t: PhantomData<T>,
}

impl<'de, T: DeserializeOwned> DeserializeSeed<'de> for Unwrap<'_, T> {
    type Value = T;
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<T, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de, T: DeserializeOwned> Visitor<'de> for Unwrap<'_, T> {
    type Value = T;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        write!(f, "an object with a `{}` member", self.key)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
        let mut found = None;
        while let Some(k) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            if k == self.key && found.is_none() {
                found = Some(map.next_value::<T>()?);
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        found.ok_or_else(|| {
            <A::Error as serde::de::Error>::custom(format_args!("missing field `{}`", self.key))
        })
    }
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
}

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
    fn new(endpoint: std::sync::Arc<E>, at: ItemsAt, opened: Opened, max_item: usize) -> Self {
        BodyItems {
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
                    let r = splitter.push(&bytes, |item| {
                        index += 1;
                        pending.push_back(decode_item(item, unwrap.as_deref()).map_err(|m| {
                            decode_error(context, status, format!("item {index} of {at}: {m}"))
                        }));
                    });
                    if let Err(e) = r {
                        self.pending.push_back(Err(decode_error(
                            &self.context,
                            self.status,
                            format!(
                                "{} at byte {} (looking for {})",
                                e.message, e.offset, self.at
                            ),
                        )));
                        self.done = true;
                    }
                }
                None => {
                    self.done = true;
                    let splitter = self.splitter.take().expect("checked above");
                    let items = splitter.items();
                    tracing::debug!(parent: &self.span, items, "MISP response read");
                    match splitter.finish() {
                        End::Complete => {}
                        End::Truncated => self.pending.push_back(Err(decode_error(
                            &self.context,
                            self.status,
                            format!(
                                "the response ended inside {} after {items} items: truncated body",
                                self.at
                            ),
                        ))),
                        End::NotFound { prefix } => {
                            let err = self.not_found(prefix);
                            self.pending.push_back(Err(err));
                        }
                    }
                }
            }
        }
    }

    /// The items array is not in the body: let the endpoint say what the body is.
    fn not_found(&self, prefix: Option<Vec<u8>>) -> Error {
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
                format!("expected items at {}, got: {}", self.at, snippet(&body)),
            ),
        }
    }

    fn into_stream(self) -> ItemStream<T> {
        Box::pin(stream::unfold(self, |mut s| async move {
            s.fill().await;
            let next = s.pending.pop_front()?;
            Some((next, s))
        }))
    }
}

/// How a paginated listing is walked.
///
/// ```
/// use misp_client::Pager;
/// let pager = Pager::new(500).max_pages(10);
/// assert_eq!(pager.limit_value(), 500);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pager {
    limit: u32,
    first_page: u32,
    max_pages: Option<u32>,
    count_is_total: bool,
}

impl Pager {
    /// Pages of `limit` items (at least 1), from page 1, following pages until a short one,
    /// or until `X-Result-Count` items have come when the server sends that header.
    pub fn new(limit: u32) -> Self {
        Pager {
            limit: limit.max(1),
            first_page: 1,
            max_pages: None,
            count_is_total: true,
        }
    }

    /// The first page to ask for (1-based).
    #[must_use]
    pub fn first_page(mut self, page: u32) -> Self {
        self.first_page = page.max(1);
        self
    }

    /// Stops after this many pages.
    #[must_use]
    pub fn max_pages(mut self, pages: u32) -> Self {
        self.max_pages = Some(pages);
        self
    }

    /// Whether `X-Result-Count` is the total of matching items (true, as on event and attribute
    /// searches and the event index) or something else to ignore (object searches send the
    /// page's own count).
    #[must_use]
    pub fn result_count_is_total(mut self, total: bool) -> Self {
        self.count_is_total = total;
        self
    }

    /// The page size.
    pub fn limit_value(&self) -> u32 {
        self.limit
    }
}

/// One page to fetch: its 1-based number and size.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PageRequest {
    /// The 1-based page number.
    pub page: u32,
    /// The page size.
    pub limit: u32,
}

type PageFuture<T> =
    Pin<Box<dyn std::future::Future<Output = Result<(Option<u64>, ItemStream<T>), Error>> + Send>>;

struct PageWalk<T> {
    pager: Pager,
    fetch: Box<dyn FnMut(PageRequest) -> PageFuture<T> + Send>,
    page: u32,
    pages_done: u32,
    seen: u64,
    current: Option<(ItemStream<T>, u64, Option<u64>)>,
    failed: bool,
    finished: bool,
}

impl<T: Send + 'static> PageWalk<T> {
    fn new(pager: Pager, fetch: Box<dyn FnMut(PageRequest) -> PageFuture<T> + Send>) -> Self {
        PageWalk {
            pager,
            fetch,
            page: pager.first_page,
            pages_done: 0,
            seen: 0,
            current: None,
            failed: false,
            finished: false,
        }
    }

    fn into_stream(self) -> ItemStream<T> {
        Box::pin(stream::unfold(self, |mut w| async move {
            loop {
                if let Some((items, count, total)) = w.current.as_mut() {
                    match items.next().await {
                        Some(item) => {
                            *count += 1;
                            w.seen += 1;
                            if item.is_err() {
                                w.failed = true;
                            }
                            return Some((item, w));
                        }
                        None => {
                            let (count, total) = (*count, *total);
                            w.current = None;
                            w.pages_done += 1;
                            let short = count < u64::from(w.pager.limit);
                            let all_seen = total.is_some_and(|t| w.seen >= t);
                            let capped = w.pager.max_pages.is_some_and(|m| w.pages_done >= m);
                            if short || all_seen || capped || w.failed {
                                w.finished = true;
                            }
                            w.page = w.page.saturating_add(1);
                        }
                    }
                }
                if w.finished {
                    return None;
                }
                let request = PageRequest {
                    page: w.page,
                    limit: w.pager.limit,
                };
                match (w.fetch)(request).await {
                    Ok((total, items)) => {
                        let total = if w.pager.count_is_total { total } else { None };
                        w.current = Some((items, 0, total));
                    }
                    Err(e) => {
                        w.finished = true;
                        return Some((Err(e), w));
                    }
                }
            }
        }))
    }
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
        self.stream_items_with_limit(endpoint, at, DEFAULT_MAX_ITEM_BYTES)
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
                .open_items(std::sync::Arc::new(endpoint), at, max_item_bytes)
                .await?;
            Ok::<_, Error>(items)
        };
        Box::pin(stream::once(fut).try_flatten())
    }

    async fn open_items<E, T>(
        &self,
        endpoint: std::sync::Arc<E>,
        at: ItemsAt,
        max_item_bytes: usize,
    ) -> Result<(HeaderMap, ItemStream<T>), Error>
    where
        E: Endpoint + Send + Sync + 'static,
        T: DeserializeOwned + Send + 'static,
    {
        let opened = self.open(endpoint.as_ref()).await?;
        let headers = opened.headers.clone();
        Ok((
            headers,
            BodyItems::new(endpoint, at, opened, max_item_bytes).into_stream(),
        ))
    }

    /// Walks a paginated search or index, streaming each page's items as they arrive:
    /// `page(request)` builds the endpoint for one page. Pages are followed until one comes
    /// back short (or empty), until `X-Result-Count` items have come when the server sends it,
    /// or until [`Pager::max_pages`]; the first error ends the walk.
    ///
    /// ```no_run
    /// # async fn run(client: misp_client::Client) -> Result<(), misp_client::Error> {
    /// # #[derive(Clone)] struct Search; impl Search { fn page(self, p: u32, l: u32) -> Self { self } }
    /// # impl misp_api::Endpoint for Search { type Output = (); fn request(&self) -> Result<http::Request<Vec<u8>>, misp_api::BuildError> { unimplemented!() } fn decode(&self, _: http::Response<bytes::Bytes>) -> Result<(), misp_api::ApiError> { Ok(()) } }
    /// use futures::TryStreamExt;
    /// use misp_client::{ItemsAt, Pager};
    ///
    /// let query = Search;
    /// let all: Vec<serde_json::Value> = client
    ///     .paginate(Pager::new(1000), ItemsAt::path(["response", "Attribute"]), move |p| {
    ///         query.clone().page(p.page, p.limit)
    ///     })
    ///     .try_collect()
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub fn paginate<E, T, F>(&self, pager: Pager, at: ItemsAt, mut page: F) -> ItemStream<T>
    where
        E: Endpoint + Send + Sync + 'static,
        T: DeserializeOwned + Send + 'static,
        F: FnMut(PageRequest) -> E + Send + 'static,
    {
        let client = self.clone();
        let fetch = move |request: PageRequest| -> PageFuture<T> {
            let endpoint = std::sync::Arc::new(page(request));
            let client = client.clone();
            let at = at.clone();
            Box::pin(async move {
                let (headers, items) = client
                    .open_items(endpoint, at, DEFAULT_MAX_ITEM_BYTES)
                    .await?;
                Ok((result_count(&headers), items))
            })
        };
        PageWalk::new(pager, Box::new(fetch)).into_stream()
    }

    /// Walks a paginated listing whose endpoint decodes each page whole (into anything that
    /// iterates over items), with the same stopping rules as [`Client::paginate`]. Memory is
    /// bounded by one page.
    pub fn paginate_decoded<E, F>(
        &self,
        pager: Pager,
        mut page: F,
    ) -> ItemStream<<E::Output as IntoIterator>::Item>
    where
        E: Endpoint + Send + Sync + 'static,
        E::Output: IntoIterator + Send,
        <E::Output as IntoIterator>::Item: Send + 'static,
        <E::Output as IntoIterator>::IntoIter: Send + 'static,
        F: FnMut(PageRequest) -> E + Send + 'static,
    {
        let client = self.clone();
        let fetch = move |request: PageRequest| -> PageFuture<_> {
            let endpoint = page(request);
            let client = client.clone();
            Box::pin(async move {
                let (output, headers) = client.send_with_headers(&endpoint).await?;
                let items: ItemStream<_> = Box::pin(stream::iter(output.into_iter().map(Ok)));
                Ok((result_count(&headers), items))
            })
        };
        PageWalk::new(pager, Box::new(fetch)).into_stream()
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
            let opened = client.open(&endpoint).await?;
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
        let mut opened = self.open(endpoint).await?;
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
        let e = decode_item::<Ev>(br#"{"Other": {}}"#, Some("Event")).unwrap_err();
        assert!(e.contains("missing field `Event`"), "{e}");
    }

    #[test]
    fn result_count_reads_the_header() {
        let mut h = HeaderMap::new();
        assert_eq!(result_count(&h), None);
        h.insert("X-Result-Count", "42".parse().unwrap());
        assert_eq!(result_count(&h), Some(42));
    }
}
