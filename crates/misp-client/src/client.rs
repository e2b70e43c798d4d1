//! The client: runs `misp-api` endpoints with auth, retries and tracing.

use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use http::header::{AUTHORIZATION, CONTENT_TYPE, RETRY_AFTER, USER_AGENT};
use http::{HeaderMap, HeaderValue, StatusCode};
use misp_api::wire::excerpt;
use misp_api::{ApiError, Endpoint, Idempotency, RequestContext};
use tracing::Instrument;
use url::Url;

use crate::config::ClientBuilder;
use crate::error::{Error, TransportKind};
use crate::limits::{ERROR_BODY_EXCERPT, Limit, Limits, size_text};
use crate::retry::{Failure, RetryPolicy, Verdict, parse_retry_after};

/// The shared, immutable part of a client.
pub(crate) struct Inner {
    pub(crate) http: reqwest::Client,
    pub(crate) root: Url,
    pub(crate) auth: HeaderValue,
    pub(crate) headers: HeaderMap,
    pub(crate) retry: RetryPolicy,
    pub(crate) verify_tls: bool,
    pub(crate) limits: Limits,
}

/// An async MISP client. Cheap to clone: clones share one connection pool.
///
/// Every operation of `misp-api` runs through [`Client::send`]; the per-area methods
/// (`client.events()`, `client.attributes()`, `client.search()` ...) are thin shortcuts over
/// it, and streams ([`Client::stream_items`], [`Client::paginate`]) and bulk helpers
/// ([`Client::bulk`]) build on the same path.
///
/// ```no_run
/// # async fn run() -> Result<(), misp_client::Error> {
/// let client = misp_client::Client::from_env()?;
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
    retry: RetryPolicy,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("root", &self.inner.root.as_str())
            .field("key", &"<redacted>")
            .field("verify_tls", &self.inner.verify_tls)
            .field("retry", &self.retry)
            .finish_non_exhaustive()
    }
}

/// A response whose status and headers have arrived and whose body is still to be read.
pub(crate) struct Opened {
    pub(crate) context: RequestContext,
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Body,
    pub(crate) span: tracing::Span,
}

/// The body of an opened response: still on the wire, or already read.
pub(crate) enum Body {
    Live(LiveBody),
    Read(Option<Bytes>),
}

/// A body still on the wire, read within the request's deadline and the decompressed size
/// limit (reqwest hands over decompressed bytes, so what is counted here is what a gzip bomb
/// expands to).
pub(crate) struct LiveBody {
    response: reqwest::Response,
    read: u64,
    max: u64,
    deadline: Option<Deadline>,
}

/// When a request (or a walk) must be done by, and which limit that is.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Deadline {
    pub(crate) at: tokio::time::Instant,
    pub(crate) limit: Limit,
    pub(crate) after: Duration,
}

impl Deadline {
    pub(crate) fn after(after: Option<Duration>, limit: Limit) -> Option<Deadline> {
        let after = after?;
        Some(Deadline {
            at: tokio::time::Instant::now().checked_add(after)?,
            limit,
            after,
        })
    }

    /// The earlier of two deadlines.
    pub(crate) fn earliest(a: Option<Deadline>, b: Option<Deadline>) -> Option<Deadline> {
        match (a, b) {
            (Some(a), Some(b)) => Some(if b.at < a.at { b } else { a }),
            (a, b) => a.or(b),
        }
    }

    pub(crate) fn error(&self, context: Option<&RequestContext>) -> Error {
        let what = match self.limit {
            Limit::WalkTimeout => "the page walk",
            _ => "the request",
        };
        Error::limit_exceeded(
            self.limit,
            context,
            format!("{what} did not finish within {:?}", self.after),
        )
    }

    /// Runs `fut`, or fails with this deadline's error when it passes first.
    pub(crate) async fn run<T>(
        deadline: Option<Deadline>,
        context: Option<&RequestContext>,
        fut: impl Future<Output = Result<T, Error>>,
    ) -> Result<T, Error> {
        match deadline {
            None => fut.await,
            Some(d) => match tokio::time::timeout_at(d.at, fut).await {
                Ok(r) => r,
                Err(_) => Err(d.error(context)),
            },
        }
    }
}

impl Body {
    pub(crate) fn live(
        response: reqwest::Response,
        limits: &Limits,
        deadline: Option<Deadline>,
    ) -> Self {
        Body::Live(LiveBody {
            response,
            read: 0,
            max: limits.max_decompressed_size,
            deadline,
        })
    }

    /// The next chunk, `None` at the end.
    pub(crate) async fn chunk(&mut self, context: &RequestContext) -> Result<Option<Bytes>, Error> {
        match self {
            Body::Live(live) => {
                let read = live.response.chunk();
                let chunk = Deadline::run(live.deadline, Some(context), async {
                    read.await.map_err(|e| body_error(e, context))
                })
                .await?;
                if let Some(c) = &chunk {
                    live.read = live.read.saturating_add(c.len() as u64);
                    if live.read > live.max {
                        return Err(Error::limit_exceeded(
                            Limit::DecompressedSize,
                            Some(context),
                            format!(
                                "the answer is larger than {} once decompressed",
                                size_text(live.max)
                            ),
                        ));
                    }
                }
                Ok(chunk)
            }
            Body::Read(b) => Ok(b.take()),
        }
    }

    /// The whole body, refused past `max` bytes (after decompression).
    async fn read_all(mut self, context: &RequestContext, max: u64) -> Result<Bytes, Error> {
        let mut out = bytes::BytesMut::new();
        while let Some(chunk) = self.chunk(context).await? {
            if (out.len() as u64).saturating_add(chunk.len() as u64) > max {
                return Err(Error::limit_exceeded(
                    Limit::BodySize,
                    Some(context),
                    format!(
                        "the answer is larger than {} (counted after decompression)",
                        size_text(max)
                    ),
                ));
            }
            out.extend_from_slice(&chunk);
        }
        Ok(out.freeze())
    }

    /// The start of the body, up to `max` bytes; the rest is not read.
    async fn read_excerpt(mut self, context: &RequestContext, max: usize) -> Result<Bytes, Error> {
        let mut out = bytes::BytesMut::new();
        while out.len() < max {
            let Some(chunk) = self.chunk(context).await? else {
                break;
            };
            let room = max - out.len();
            out.extend_from_slice(chunk.get(..room.min(chunk.len())).unwrap_or_default());
        }
        Ok(out.freeze())
    }
}

fn body_error(err: reqwest::Error, context: &RequestContext) -> Error {
    match Error::from_reqwest(err, context) {
        Error::Transport {
            kind: TransportKind::Request | TransportKind::Connect,
            context,
            source,
        } => Error::Transport {
            kind: TransportKind::Body,
            context,
            source,
        },
        other => other,
    }
}

/// What one attempt came to.
enum Attempt<T> {
    Done(Result<T, Error>),
    Failed(Error, Failure),
}

/// The request's header fields as the attempt left them, for the final error's context.
fn context_of(request: &http::Request<Vec<u8>>) -> RequestContext {
    RequestContext {
        method: request.method().clone(),
        path: request
            .uri()
            .path_and_query()
            .map(|p| p.as_str().to_owned())
            .unwrap_or_else(|| request.uri().to_string()),
    }
}

impl Client {
    /// A builder with safe defaults (TLS verification on, finite timeouts, retries on).
    pub fn builder() -> ClientBuilder {
        ClientBuilder::new()
    }

    /// A client from `MISP_URL`, `MISP_KEY` and friends, over the config file's profile
    /// (see [`ClientBuilder::from_env`]).
    pub fn from_env() -> Result<Client, Error> {
        Ok(ClientBuilder::from_env()?.build()?)
    }

    pub(crate) fn from_inner(inner: Inner) -> Client {
        let retry = inner.retry.clone();
        Client {
            inner: Arc::new(inner),
            retry,
        }
    }

    /// The MISP root URL, always ending with `/`.
    pub fn root(&self) -> &Url {
        &self.inner.root
    }

    /// The retry policy in force.
    pub fn retry_policy(&self) -> &RetryPolicy {
        &self.retry
    }

    /// The limits in force (see [`Limits`]).
    pub fn limits(&self) -> &Limits {
        &self.inner.limits
    }

    pub(crate) fn request_deadline(&self) -> Option<Deadline> {
        Deadline::after(self.inner.limits.total_timeout, Limit::TotalTimeout)
    }

    /// What the retry policy said, as the pause before the next attempt or the error to return.
    fn next_pause(
        &self,
        verdict: Verdict,
        err: Error,
        attempt: u32,
        started: Instant,
        context: &RequestContext,
    ) -> Result<(Duration, Error), Error> {
        match verdict {
            Verdict::Stop => Err(wrap(err, attempt, started)),
            Verdict::TooLate(asked) => Err(Error::Limit {
                limit: Limit::RetryAfter,
                context: Some(context.clone()),
                detail: format!(
                    "the server asked to retry after {asked:?}, longer than {:?}",
                    self.retry.max_retry_after_value()
                ),
                last: Some(Box::new(wrap(err, attempt, started))),
            }),
            Verdict::RetryAfter(wait) => {
                let cap = self.retry.max_retry_time_value();
                if started.elapsed().saturating_add(wait) > cap {
                    return Err(Error::Limit {
                        limit: Limit::RetryTime,
                        context: Some(context.clone()),
                        detail: format!(
                            "a retry after {:?} would go past {cap:?} of retrying",
                            started.elapsed().saturating_add(wait)
                        ),
                        last: Some(Box::new(wrap(err, attempt, started))),
                    });
                }
                Ok((wait, err))
            }
        }
    }

    /// A client sharing this one's connections with another retry policy, for one call or a
    /// few: `client.with_retry(RetryPolicy::none()).send(&op)`.
    #[must_use]
    pub fn with_retry(&self, policy: RetryPolicy) -> Client {
        Client {
            inner: Arc::clone(&self.inner),
            retry: policy,
        }
    }

    /// The absolute URL for a path relative to the MISP root, keeping the root's sub-path.
    fn url_for(&self, request: &http::Request<Vec<u8>>) -> Url {
        let mut url = self.inner.root.clone();
        let rel = request.uri().path().trim_start_matches('/');
        let path = format!("{}{}", url.path(), rel);
        url.set_path(&path);
        url.set_query(request.uri().query());
        url
    }

    /// Turns a `misp-api` request into a reqwest one: the URL, the request's own headers
    /// (`Accept`, `Content-Type` ...), the extra headers configured, and the key. The
    /// configured `User-Agent` (reqwest's default header) takes the place of misp-api's default.
    fn prepare(&self, request: http::Request<Vec<u8>>) -> reqwest::Request {
        let url = self.url_for(&request);
        let (parts, body) = request.into_parts();
        let mut out = reqwest::Request::new(parts.method, url);
        let headers = out.headers_mut();
        for (name, value) in &self.inner.headers {
            headers.append(name, value.clone());
        }
        for (name, value) in &parts.headers {
            if name != USER_AGENT {
                headers.insert(name, value.clone());
            }
        }
        headers.insert(AUTHORIZATION, self.inner.auth.clone());
        *out.body_mut() = Some(reqwest::Body::from(body));
        out
    }

    /// The error with the key removed from every text it holds (a server may echo it).
    pub(crate) fn redact(&self, err: Error) -> Error {
        match err {
            Error::Api(e) => Error::Api(e.redacted(self.inner.auth.to_str().unwrap_or_default())),
            other => other,
        }
    }

    /// Whether the client may repeat a request that got this status (the answer itself is
    /// still decoded by the endpoint, whether or not a repeat follows).
    fn retryable(&self, status: StatusCode, headers: &HeaderMap) -> Option<Failure> {
        let hint = headers.get(RETRY_AFTER).and_then(parse_retry_after);
        if status == StatusCode::TOO_MANY_REQUESTS {
            Some(Failure::TooMany(hint))
        } else if self.retry.retries_status(status) {
            Some(Failure::Unknown(hint))
        } else {
            None
        }
    }

    /// Runs an endpoint: sends its request, retrying as the policy allows, and decodes the
    /// response.
    ///
    /// A creation marked [`Idempotency::SafeWithUuid`] is not repeated after a failure of
    /// unknown outcome by this method; use [`Client::send_or_find`] for that.
    pub async fn send<E: Endpoint>(&self, endpoint: &E) -> Result<E::Output, Error> {
        self.run(endpoint, None::<fn(uuid::Uuid) -> NoLookup<E::Output>>)
            .await
            .map(|(out, _)| out)
    }

    /// Like [`Client::send`], also returning the response headers (for `X-Result-Count` ...).
    pub async fn send_with_headers<E: Endpoint>(
        &self,
        endpoint: &E,
    ) -> Result<(E::Output, HeaderMap), Error> {
        self.run(endpoint, None::<fn(uuid::Uuid) -> NoLookup<E::Output>>)
            .await
    }

    /// Runs a creation that carries a client-side UUID, repeating it after failures of unknown
    /// outcome; before each repeat (and when a repeat is refused) `lookup(uuid)` asks the server
    /// whether the first attempt did store it, and the stored entity is returned instead of a
    /// duplicate. When the server answers that the UUID already exists
    /// ([`ApiError::Conflict`]), the stored entity is returned too. For endpoints of any other
    /// idempotency this is [`Client::send`].
    pub async fn send_or_find<E, L>(
        &self,
        endpoint: &E,
        lookup: impl Fn(uuid::Uuid) -> L,
    ) -> Result<E::Output, Error>
    where
        E: Endpoint,
        L: Endpoint<Output = E::Output>,
    {
        let find = |uuid| {
            let op = lookup(uuid);
            async move {
                match self.send(&op).await {
                    Ok(found) => Ok(Some(found)),
                    Err(e) if e.is_not_found() => Ok(None),
                    Err(e) => Err(e),
                }
            }
        };
        self.run(endpoint, Some(find)).await.map(|(out, _)| out)
    }

    /// The retry loop shared by every way of sending, within the request's total time.
    async fn run<E, F, Fut>(
        &self,
        endpoint: &E,
        find: Option<F>,
    ) -> Result<(E::Output, HeaderMap), Error>
    where
        E: Endpoint,
        F: Fn(uuid::Uuid) -> Fut,
        Fut: Future<Output = Result<Option<E::Output>, Error>>,
    {
        let template = endpoint.request()?;
        let context = context_of(&template);
        let deadline = self.request_deadline();
        Deadline::run(
            deadline,
            Some(&context),
            self.run_attempts(endpoint, find, template, &context),
        )
        .await
    }

    async fn run_attempts<E, F, Fut>(
        &self,
        endpoint: &E,
        find: Option<F>,
        template: http::Request<Vec<u8>>,
        context: &RequestContext,
    ) -> Result<(E::Output, HeaderMap), Error>
    where
        E: Endpoint,
        F: Fn(uuid::Uuid) -> Fut,
        Fut: Future<Output = Result<Option<E::Output>, Error>>,
    {
        let context = context.clone();
        let idempotency = endpoint.idempotency();
        let uuid = match idempotency {
            Idempotency::SafeWithUuid(u) if find.is_some() => Some(u),
            _ => None,
        };
        let repeatable = matches!(idempotency, Idempotency::Safe) || uuid.is_some();
        let started = Instant::now();
        let mut attempt = 0u32;
        loop {
            attempt += 1;
            let request = clone_request(&template);
            let span = request_span(&context, attempt);
            let outcome = async {
                let t0 = Instant::now();
                let r = self.attempt(endpoint, request, &context).await;
                record(&tracing::Span::current(), &r, t0.elapsed());
                r
            }
            .instrument(span)
            .await;
            let (err, failure) = match outcome {
                Attempt::Done(Ok(out)) => return Ok(out),
                Attempt::Done(Err(err)) => {
                    // The UUID is already stored (the server says so), or a repeated creation
                    // is refused because an earlier attempt whose answer was lost stored it.
                    let stored = err
                        .api()
                        .is_some_and(|e| e.is_conflict() || (attempt > 1 && e.is_validation()));
                    if let (Some(u), Some(find), true) = (uuid, &find, stored)
                        && let Ok(Some(found)) = find(u).await
                    {
                        tracing::info!(%u, "the creation was already stored");
                        return Ok((found, HeaderMap::new()));
                    }
                    return Err(wrap(err, attempt, started));
                }
                Attempt::Failed(err, failure) => (err, failure),
            };
            let verdict = self.retry.decide(attempt, failure, repeatable);
            let (wait, err) = self.next_pause(verdict, err, attempt, started, &context)?;
            pause_before_retry(&context, attempt, wait, &err).await;
            if let (Some(u), Some(find)) = (uuid, &find) {
                match find(u).await {
                    Ok(Some(found)) => {
                        tracing::info!(%u, "creation was stored before the failure");
                        return Ok((found, HeaderMap::new()));
                    }
                    Ok(None) => {}
                    Err(e) => tracing::warn!(%u, error = %e, "lookup by uuid failed"),
                }
            }
        }
    }

    /// One attempt: send, read the whole body, classify, decode.
    async fn attempt<E: Endpoint>(
        &self,
        endpoint: &E,
        request: http::Request<Vec<u8>>,
        context: &RequestContext,
    ) -> Attempt<(E::Output, HeaderMap)> {
        let response = match self.inner.http.execute(self.prepare(request)).await {
            Ok(r) => r,
            Err(e) => return transport_failure(e, context),
        };
        let status = response.status();
        tracing::Span::current().record("status", status.as_u16());
        let headers = response.headers().clone();
        let limits = &self.inner.limits;
        // An error answer only needs its message: read its start, never the whole of it.
        let read = if status.is_success() {
            Body::live(response, limits, None)
                .read_all(context, limits.max_body_size)
                .await
        } else {
            Body::live(response, limits, None)
                .read_excerpt(context, ERROR_BODY_EXCERPT)
                .await
        };
        let body = match read {
            Ok(b) => b,
            Err(e @ Error::Limit { .. }) => return Attempt::Done(Err(e)),
            Err(e) => return Attempt::Failed(e, Failure::Unknown(None)),
        };
        let retry = self.retryable(status, &headers);
        let mut response = http::Response::new(body);
        *response.status_mut() = status;
        *response.headers_mut() = headers.clone();
        match (endpoint.decode(response), retry) {
            (Ok(out), _) => Attempt::Done(Ok((out, headers))),
            (Err(e), Some(failure)) => Attempt::Failed(self.redact(Error::Api(e)), failure),
            (Err(e), None) => Attempt::Done(Err(self.redact(Error::Api(e)))),
        }
    }

    /// Sends a request and waits for its status and headers, retrying like [`Client::send`]
    /// until a success status arrives; the body is left to the caller. An error status is read
    /// and decoded by the endpoint into its typed error.
    pub(crate) async fn open<E: Endpoint>(
        &self,
        endpoint: &E,
        walk: Option<Deadline>,
    ) -> Result<Opened, Error> {
        let template = endpoint.request()?;
        let context = context_of(&template);
        let deadline = Deadline::earliest(self.request_deadline(), walk);
        let mut opened = Deadline::run(
            deadline,
            Some(&context),
            self.open_attempts(endpoint, template, &context, deadline),
        )
        .await?;
        if let Body::Live(live) = &mut opened.body {
            live.deadline = deadline;
        }
        Ok(opened)
    }

    async fn open_attempts<E: Endpoint>(
        &self,
        endpoint: &E,
        template: http::Request<Vec<u8>>,
        context: &RequestContext,
        deadline: Option<Deadline>,
    ) -> Result<Opened, Error> {
        let context = context.clone();
        let repeatable = matches!(endpoint.idempotency(), Idempotency::Safe);
        let started = Instant::now();
        let mut attempt = 0u32;
        loop {
            attempt += 1;
            let span = request_span(&context, attempt);
            let t0 = Instant::now();
            let outcome = self
                .open_once(endpoint, clone_request(&template), &context, deadline)
                .instrument(span.clone())
                .await;
            let (err, failure) = match outcome {
                Attempt::Done(Ok(mut opened)) => {
                    span.record("status", opened.status.as_u16());
                    span.record("headers_ms", t0.elapsed().as_millis() as u64);
                    opened.span = span;
                    return Ok(opened);
                }
                Attempt::Done(Err(e)) => {
                    record_failed(&span, &e, t0.elapsed());
                    return Err(wrap(e, attempt, started));
                }
                Attempt::Failed(e, f) => (e, f),
            };
            record_failed(&span, &err, t0.elapsed());
            let verdict = self.retry.decide(attempt, failure, repeatable);
            let (wait, err) = self.next_pause(verdict, err, attempt, started, &context)?;
            pause_before_retry(&context, attempt, wait, &err).await;
        }
    }

    async fn open_once<E: Endpoint>(
        &self,
        endpoint: &E,
        request: http::Request<Vec<u8>>,
        context: &RequestContext,
        deadline: Option<Deadline>,
    ) -> Attempt<Opened> {
        let response = match self.inner.http.execute(self.prepare(request)).await {
            Ok(r) => r,
            Err(e) => return transport_failure(e, context),
        };
        let status = response.status();
        tracing::Span::current().record("status", status.as_u16());
        let headers = response.headers().clone();
        let html = headers
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|ct| ct.to_ascii_lowercase().starts_with("text/html"));
        let limits = &self.inner.limits;
        if status.is_success() && !html {
            return Attempt::Done(Ok(Opened {
                context: context.clone(),
                status,
                headers,
                body: Body::live(response, limits, deadline),
                span: tracing::Span::none(),
            }));
        }
        // Error statuses and HTML pages: their start is enough for the endpoint to say what
        // they mean; the rest is never read.
        let body = match Body::live(response, limits, deadline)
            .read_excerpt(context, ERROR_BODY_EXCERPT)
            .await
        {
            Ok(b) => b,
            Err(e @ Error::Limit { .. }) => return Attempt::Done(Err(e)),
            Err(e) => return Attempt::Failed(e, Failure::Unknown(None)),
        };
        let retry = self.retryable(status, &headers);
        let mut response = http::Response::new(body.clone());
        *response.status_mut() = status;
        *response.headers_mut() = headers.clone();
        let err = match (endpoint.decode(response), retry) {
            (Err(e), Some(failure)) => return Attempt::Failed(self.redact(Error::Api(e)), failure),
            (Err(e), None) => e,
            (Ok(_), _) if status.is_success() => {
                return Attempt::Done(Ok(Opened {
                    context: context.clone(),
                    status,
                    headers,
                    body: Body::Read(Some(body)),
                    span: tracing::Span::none(),
                }));
            }
            (Ok(_), _) => ApiError::Status {
                context: context.clone(),
                status,
                message: format!("expected content, got: {}", excerpt(&body)),
            },
        };
        Attempt::Done(Err(self.redact(Error::Api(err))))
    }
}

/// The lookup type of [`Client::send`], which has none.
type NoLookup<T> = std::future::Ready<Result<Option<T>, Error>>;

fn clone_request(template: &http::Request<Vec<u8>>) -> http::Request<Vec<u8>> {
    let mut r = http::Request::new(template.body().clone());
    *r.method_mut() = template.method().clone();
    *r.uri_mut() = template.uri().clone();
    *r.headers_mut() = template.headers().clone();
    *r.version_mut() = template.version();
    r
}

fn transport_failure<T>(err: reqwest::Error, context: &RequestContext) -> Attempt<T> {
    // A connection that was never opened means the server never saw the request.
    let failure = if err.is_connect() {
        Failure::NotSent
    } else {
        Failure::Unknown(None)
    };
    let mut error = Error::from_reqwest(err, context);
    if let (Failure::NotSent, Error::Transport { kind, .. }) = (failure, &mut error)
        && !matches!(*kind, TransportKind::Timeout | TransportKind::NotTls)
    {
        *kind = TransportKind::Connect;
    }
    Attempt::Failed(error, failure)
}

/// Logs why a request is about to be repeated, then waits as the retry policy said.
async fn pause_before_retry(context: &RequestContext, attempt: u32, wait: Duration, err: &Error) {
    tracing::warn!(
        method = %context.method,
        path = %context.path,
        attempt,
        wait_ms = wait.as_millis() as u64,
        error = %err,
        "retrying MISP request"
    );
    tokio::time::sleep(wait).await;
}

fn wrap(err: Error, attempts: u32, started: Instant) -> Error {
    if attempts <= 1 {
        err
    } else {
        Error::RetriesExhausted {
            attempts,
            elapsed: started.elapsed(),
            last: Box::new(err),
        }
    }
}

fn request_span(context: &RequestContext, attempt: u32) -> tracing::Span {
    tracing::info_span!(
        "misp_request",
        method = %context.method,
        path = %context.path,
        attempt,
        status = tracing::field::Empty,
        duration_ms = tracing::field::Empty,
        headers_ms = tracing::field::Empty,
        error = tracing::field::Empty,
    )
}

fn record<T>(span: &tracing::Span, outcome: &Attempt<T>, elapsed: Duration) {
    span.record("duration_ms", elapsed.as_millis() as u64);
    let err = match outcome {
        Attempt::Done(Ok(_)) => {
            tracing::debug!(parent: span, "MISP request done");
            return;
        }
        Attempt::Done(Err(e)) | Attempt::Failed(e, _) => e,
    };
    record_failed(span, err, elapsed);
}

fn record_failed(span: &tracing::Span, err: &Error, elapsed: Duration) {
    span.record("duration_ms", elapsed.as_millis() as u64);
    if let Some(status) = err.status() {
        span.record("status", status.as_u16());
    }
    span.record("error", tracing::field::display(err));
    tracing::debug!(parent: span, "MISP request failed");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_unicode_host_is_requested_in_punycode() {
        let client = Client::builder()
            .url("https://bücher.example/misp")
            .key("k")
            .build()
            .unwrap();
        let request = http::Request::get("/events/view/1?a=b")
            .body(Vec::new())
            .unwrap();
        let out = client.prepare(request);
        assert_eq!(
            out.url().as_str(),
            "https://xn--bcher-kva.example/misp/events/view/1?a=b"
        );
    }
}
