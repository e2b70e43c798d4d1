//! Decoding a response: status classification, envelopes, HTML/empty detection, JSON errors
//! with their path.

use std::collections::HashMap;

use bytes::Bytes;
use http::{HeaderMap, StatusCode, header};
use serde::de::{DeserializeOwned, DeserializeSeed};
use serde_json::value::RawValue;
use serde_json::{Map, Value};

use super::html_unescape;
use crate::{ApiError, BodyKind, FieldError, ItemsAt, RequestContext};

/// A response from the server, with the request it answers, ready to be decoded.
///
/// Every helper first turns error statuses into a typed [`ApiError`] (see [`Reply::error`]),
/// then decodes the body, reporting the JSON path of any mismatch.
#[derive(Clone, Debug)]
pub struct Reply {
    context: RequestContext,
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
}

/// The generic acknowledgement MISP sends for actions: `{"saved": true, "success": true,
/// "name": ..., "message": ..., "url": ..., "id": ...}`, a bare `{"message": ...}`, or a
/// redirect with an empty body.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Ack {
    /// The server's message (`message`, else `name`, else a textual `success`).
    pub message: Option<String>,
    /// The id the server echoed, when it did.
    pub id: Option<String>,
    /// The `Location` of a redirect, when the server answered the action with one.
    pub redirect: Option<String>,
    /// The whole body (`null` for an empty one), for the keys this type does not name.
    pub body: Value,
}

/// A body returned as bytes: exports (CSV, STIX, rules, text ...) and raw documents.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RawBody {
    /// The response's `Content-Type`, when it had one.
    pub content_type: Option<String>,
    /// The body.
    pub bytes: Bytes,
}

impl RawBody {
    /// The body as text (invalid UTF-8 replaced).
    pub fn text(&self) -> std::borrow::Cow<'_, str> {
        String::from_utf8_lossy(&self.bytes)
    }
}

/// The fields of a JSON error body worth keeping.
#[derive(Default)]
struct ErrorBody {
    message: Option<String>,
    saved_false: bool,
    errors: Vec<FieldError>,
    has_errors: bool,
}

impl ErrorBody {
    fn read(value: &Value) -> ErrorBody {
        let Some(object) = value.as_object() else {
            return ErrorBody::default();
        };
        let text = |key: &str| object.get(key).and_then(Value::as_str).map(html_unescape);
        let message = text("message").or_else(|| text("name")).or_else(|| {
            object
                .get("errors")
                .and_then(Value::as_str)
                .map(html_unescape)
        });
        let mut errors = Vec::new();
        if let Some(e) = object.get("errors") {
            flatten_errors("", e, &mut errors);
        }
        ErrorBody {
            message,
            saved_false: object.get("saved") == Some(&Value::Bool(false)),
            has_errors: object.get("errors").is_some_and(|e| !is_empty_json(e)),
            errors,
        }
    }
}

fn is_empty_json(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::String(s) => s.is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
        _ => false,
    }
}

/// Turns MISP's `errors` (a string, a list, or nested maps of lists) into field errors:
/// `{"Event": {"info": ["valueNotEmpty"]}}` becomes `Event.info: valueNotEmpty`.
pub fn flatten_field_errors(value: &Value, out: &mut Vec<FieldError>) {
    flatten_errors("", value, out);
}

fn flatten_errors(prefix: &str, value: &Value, out: &mut Vec<FieldError>) {
    match value {
        Value::String(s) => out.push(FieldError {
            field: prefix.to_owned(),
            message: html_unescape(s),
        }),
        Value::Array(items) => {
            for item in items {
                flatten_errors(prefix, item, out);
            }
        }
        Value::Object(map) => {
            for (key, inner) in map {
                let field = if prefix.is_empty() {
                    key.clone()
                } else {
                    format!("{prefix}.{key}")
                };
                flatten_errors(&field, inner, out);
            }
        }
        Value::Null => {}
        other => out.push(FieldError {
            field: prefix.to_owned(),
            message: other.to_string(),
        }),
    }
}

/// 405 answers that mean "no such entity" rather than "wrong verb".
fn means_not_found(message: &str) -> bool {
    let lower = message.to_ascii_lowercase();
    if lower.contains("doesn't exist")
        || lower.contains("does not exist")
        || lower.contains("not found")
    {
        return true;
    }
    const ENTITIES: &[&str] = &[
        "attribute",
        "event",
        "object",
        "tag",
        "proposal",
        "sighting",
        "galaxy",
        "cluster",
        "report",
        "taxonomy",
        "warninglist",
        "noticelist",
        "template",
        "sharing group",
        "organisation",
        "user",
        "feed",
        "server",
        "id",
        "note",
        "opinion",
        "relationship",
        "delegation",
        "community",
    ];
    lower
        .strip_prefix("invalid ")
        .is_some_and(|rest| ENTITIES.iter().any(|e| rest.starts_with(e)))
}

/// The start of a body for an error message: at most 200 characters, whitespace runs
/// collapsed, anything shaped like a key removed.
///
/// ```
/// assert_eq!(misp_api::wire::excerpt(b"  <html>\n  <body>oops</body>"), "<html> <body>oops</body>");
/// assert_eq!(misp_api::wire::excerpt(b""), "");
/// ```
pub fn excerpt(body: &[u8]) -> String {
    let head = body.get(..body.len().min(4 * 200 + 64)).unwrap_or(body);
    let text = String::from_utf8_lossy(head);
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let text = super::scrub_keys(&text).into_owned();
    match text.char_indices().nth(200) {
        Some((cut, _)) => format!("{}…", text.get(..cut).unwrap_or_default()),
        None if head.len() < body.len() => format!("{text}…"),
        None => text,
    }
}

/// The id at the end of a `Location` such as `http://misp/events/10` or `/events/view/10`.
fn id_in_location(location: &str) -> Option<String> {
    let last = location.trim_end_matches('/').rsplit('/').next()?;
    (!last.is_empty() && last.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'))
        .then(|| last.to_owned())
}

/// The message followed by the server's details, when it gave any beyond the message.
fn with_details(message: String, errors: &[FieldError]) -> String {
    let details: Vec<String> = errors
        .iter()
        .filter(|e| e.message != message)
        .map(ToString::to_string)
        .collect();
    if details.is_empty() {
        message
    } else {
        format!("{message}: {}", details.join("; "))
    }
}

/// A 403 that refuses for lack of rights on the entity or the function rather than for the
/// data: "You do not have permission ...", and "Could not delete Event" (MISP's answer when the
/// user may not delete the event, or cannot see it).
fn is_refusal(message: &str, errors: &[FieldError]) -> bool {
    let permission = |t: &str| {
        let t = t.to_ascii_lowercase();
        t.contains("permission") || t.contains("not authorised") || t.contains("not authorized")
    };
    permission(message)
        || message.eq_ignore_ascii_case("could not delete event")
        || errors.iter().any(|e| permission(&e.message))
}

fn looks_like_html(body: &[u8], content_type: Option<&str>) -> bool {
    if content_type.is_some_and(|c| c.contains("html")) {
        return true;
    }
    let start = body
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .and_then(|i| body.get(i..body.len().min(i + 15)))
        .unwrap_or_default();
    let start = String::from_utf8_lossy(start).to_ascii_lowercase();
    start.starts_with("<!doctype") || start.starts_with("<html")
}

fn is_login_page(body: &[u8]) -> bool {
    let text = String::from_utf8_lossy(body).to_ascii_lowercase();
    text.contains("users/login") || (text.contains("login") && text.contains("password"))
}

fn or_root(path: &str) -> &str {
    if path.is_empty() { "." } else { path }
}

impl Reply {
    /// Wraps a response to the request described by `context`.
    pub fn new(context: RequestContext, response: http::Response<Bytes>) -> Self {
        let (parts, body) = response.into_parts();
        Reply {
            context,
            status: parts.status,
            headers: parts.headers,
            body,
        }
    }

    /// The request this reply answers.
    pub fn context(&self) -> &RequestContext {
        &self.context
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The raw body.
    pub fn body(&self) -> &Bytes {
        &self.body
    }

    fn content_type(&self) -> Option<&str> {
        self.headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
    }

    fn location(&self) -> Option<String> {
        self.headers
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    }

    /// The typed error for this reply's status, or `None` for a 2xx (and for a 3xx that does
    /// not lead to the login page, which some actions answer with).
    pub fn error(&self) -> Option<ApiError> {
        let status = self.status;
        if status.is_success() {
            return None;
        }
        let context = self.context.clone();
        if status.is_redirection() {
            let location = self.location().unwrap_or_default();
            if location.contains("/users/login") {
                return Some(ApiError::Auth {
                    context,
                    status,
                    message: format!(
                        "redirected to the login page ({location}); send `Accept: application/json` and a valid key"
                    ),
                });
            }
            return None;
        }
        let parsed: Option<Value> = serde_json::from_slice(&self.body).ok();
        let info = parsed.as_ref().map(ErrorBody::read).unwrap_or_default();
        let message = info.message.clone().unwrap_or_else(|| {
            if self.body.iter().all(u8::is_ascii_whitespace) {
                status.canonical_reason().unwrap_or("no message").to_owned()
            } else {
                excerpt(&self.body)
            }
        });
        let lower = message.to_ascii_lowercase();
        if lower.contains("already exists")
            && let Some(location) = self.location()
        {
            return Some(ApiError::Conflict {
                context,
                status,
                message,
                existing: id_in_location(&location),
            });
        }
        Some(match status.as_u16() {
            401 => ApiError::Auth {
                context,
                status,
                message,
            },
            403 if lower.starts_with("authentication failed")
                || lower.contains("auth key")
                || lower.contains("authkey")
                || lower.contains("api key") =>
            {
                ApiError::Auth {
                    context,
                    status,
                    message,
                }
            }
            403 if is_refusal(&message, &info.errors) => ApiError::Permission {
                context,
                status,
                message: with_details(message, &info.errors),
            },
            403 if info.saved_false || info.has_errors => ApiError::Validation {
                context,
                status,
                message,
                errors: info.errors,
            },
            403 => ApiError::Permission {
                context,
                status,
                message,
            },
            404 => ApiError::NotFound {
                context,
                status,
                message,
            },
            405 if means_not_found(&message) => ApiError::NotFound {
                context,
                status,
                message,
            },
            405 => ApiError::MethodNotAllowed { context, message },
            429 => ApiError::RateLimited {
                retry_after: ["retry-after", "x-rate-limit-reset"].iter().find_map(|h| {
                    self.headers
                        .get(*h)
                        .and_then(|v| v.to_str().ok())
                        .and_then(|v| v.trim().parse().ok())
                }),
                context,
                message,
            },
            500..=599 => ApiError::Server {
                context,
                status,
                message,
            },
            _ => ApiError::Status {
                context,
                status,
                message,
            },
        })
    }

    fn check(&self) -> Result<(), ApiError> {
        match self.error() {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }

    fn decode_error(&self, message: String) -> ApiError {
        ApiError::Decode {
            context: self.context.clone(),
            status: self.status,
            message,
        }
    }

    /// Checks the status, then that the body is JSON (not empty, not HTML, not text).
    fn json_body(&self) -> Result<&[u8], ApiError> {
        self.check()?;
        if self.status.is_redirection() {
            return Err(self.unexpected_redirect());
        }
        let body = &self.body[..];
        let first = body.iter().find(|b| !b.is_ascii_whitespace());
        match first {
            Some(b'{' | b'[' | b'"') => Ok(body),
            Some(b) if b.is_ascii_digit() || matches!(b, b'-' | b't' | b'f' | b'n') => Ok(body),
            None => Err(self.unexpected(BodyKind::Empty)),
            Some(_) if looks_like_html(body, self.content_type()) => {
                if is_login_page(body) {
                    Err(self.login_page())
                } else {
                    Err(self.unexpected(BodyKind::Html))
                }
            }
            Some(_) => Err(self.unexpected(BodyKind::Text)),
        }
    }

    fn login_page(&self) -> ApiError {
        ApiError::Auth {
            context: self.context.clone(),
            status: self.status,
            message: "the server answered with its HTML login page: the key was refused, or a \
                      proxy dropped the Authorization or Accept header"
                .into(),
        }
    }

    /// A redirect where content was expected: most often a root URL that is not MISP's
    /// (http rather than https, a missing sub-path).
    fn unexpected_redirect(&self) -> ApiError {
        let to = self.location().unwrap_or_else(|| "<no Location>".into());
        ApiError::Status {
            context: self.context.clone(),
            status: self.status,
            message: format!(
                "redirected to {to}: check the root URL (https rather than http? a sub-path?)"
            ),
        }
    }

    fn unexpected(&self, kind: BodyKind) -> ApiError {
        ApiError::UnexpectedBody {
            context: self.context.clone(),
            status: self.status,
            kind,
            excerpt: excerpt(&self.body),
        }
    }

    /// Parses `bytes` as `T`, reporting the JSON path of a mismatch (prefixed by `prefix`).
    fn parse<T: DeserializeOwned>(&self, bytes: &[u8], prefix: &str) -> Result<T, ApiError> {
        match parse_at(bytes, prefix) {
            Ok(value) => Ok(value),
            Err(message) => Err(self.decode_error(message)),
        }
    }

    /// A 200 whose body says the operation failed (`saved: false`, `errors` without the
    /// expected content, or only a message where an entity was expected).
    fn rejected_in_success(&self, object: &Map<String, Value>) -> ApiError {
        let info = ErrorBody::read(&Value::Object(object.clone()));
        ApiError::Validation {
            context: self.context.clone(),
            status: self.status,
            message: info
                .message
                .unwrap_or_else(|| "the server did not save the change".into()),
            errors: info.errors,
        }
    }

    /// Decodes the whole body as `T`.
    pub fn json<T: DeserializeOwned>(self) -> Result<T, ApiError> {
        let body = self.json_body()?;
        self.parse(body, "")
    }

    /// Decodes `{"response": T}` (or a bare `T`).
    pub fn response<T: DeserializeOwned>(self) -> Result<T, ApiError> {
        let body = self.json_body()?;
        if body.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{') {
            let top: HashMap<String, Box<RawValue>> = self.parse(body, "")?;
            if let Some(inner) = top.get("response") {
                return self.parse(inner.get().as_bytes(), "response");
            }
            self.reject_if_failure(&top)?;
        }
        self.parse(body, "")
    }

    /// Fails when a top-level object reports a failure instead of content.
    fn reject_if_failure(&self, top: &HashMap<String, Box<RawValue>>) -> Result<(), ApiError> {
        let saved_false = top.get("saved").is_some_and(|v| v.get().trim() == "false");
        let errors = top.contains_key("errors");
        if saved_false || errors {
            let object: Map<String, Value> = self.parse(&self.body, "")?;
            return Err(self.rejected_in_success(&object));
        }
        Ok(())
    }

    /// Decodes an entity wrapped in `{"<key>": {...}}`; a bare entity is accepted too, and keys
    /// beside the wrapper (`GalaxyCluster` beside `Galaxy`, `entries` beside `Taxonomy`) are
    /// merged into the entity so nothing is lost.
    /// A body that carries `saved: false`, or `errors` or only a message instead of the key,
    /// becomes [`ApiError::Validation`].
    ///
    /// The usual answer, `{"<key>": {...}}` alone, is decoded in one pass over the body.
    pub fn entity<T: DeserializeOwned>(self, key: &str) -> Result<T, ApiError> {
        let body = self.json_body()?;
        if let Some(entity) = member_alone(body, key) {
            return Ok(entity);
        }
        match self.entity_at(body, key)? {
            EntityAt::Inner(inner) => self.parse(inner.get().as_bytes(), key),
            EntityAt::WithSiblings => self.unwrap_item(body, key, ""),
            EntityAt::Bare => self.parse(body, ""),
        }
    }

    /// Where [`Reply::entity`] finds the entity when the fast path did not read it (the code
    /// that does not depend on the entity's type, compiled once).
    fn entity_at(&self, body: &[u8], key: &str) -> Result<EntityAt, ApiError> {
        let mut top: HashMap<String, Box<RawValue>> = self.parse(body, "")?;
        if top.len() == 1
            && let Some(inner) = top.remove(key)
        {
            return Ok(EntityAt::Inner(inner));
        }
        if top.contains_key(key) {
            return Ok(EntityAt::WithSiblings);
        }
        self.reject_if_failure(&top)?;
        let message_only = !top.is_empty()
            && top
                .keys()
                .all(|k| matches!(k.as_str(), "message" | "name" | "url" | "success"));
        if message_only {
            let object: Map<String, Value> = self.parse(body, "")?;
            return Err(self.rejected_in_success(&object));
        }
        Ok(EntityAt::Bare)
    }

    /// Decodes a list whose items are `{"<key>": {...}, siblings...}` or bare entities, found
    /// bare, or under `response`, `<key>` (`{"Tag": [...]}`) or `<key>s`
    /// (`{"Warninglists": [...]}`): those places and no other, in that order. Keys beside the wrapper (such as `total_count` beside `Taxonomy`)
    /// are merged into the entity, so nothing is lost. For a list elsewhere, use
    /// [`Reply::items`].
    pub fn list<T: DeserializeOwned>(self, key: &str) -> Result<Vec<T>, ApiError> {
        let (items, at) = self.list_items(key)?;
        self.unwrap_items(&items, Some(key), &at)
    }

    /// The elements [`Reply::list`] decodes, and the place they were found.
    fn list_items(&self, key: &str) -> Result<Found, ApiError> {
        let body = self.json_body()?;
        if body.iter().find(|b| !b.is_ascii_whitespace()) != Some(&b'{') {
            return Ok((self.parse(body, "")?, String::new()));
        }
        let top: HashMap<String, Box<RawValue>> = self.parse(body, "")?;
        let plural = format!("{key}s");
        for outer in ["response", key, &plural] {
            if let Some(v) = top.get(outer)
                && v.get().trim_start().starts_with('[')
            {
                return Ok((self.parse(v.get().as_bytes(), outer)?, outer.to_owned()));
            }
        }
        self.reject_if_failure(&top)?;
        let mut keys: Vec<&String> = top.keys().collect();
        keys.sort();
        Err(self.decode_error(format!(
            "expected a list of `{key}` (bare, or under `response`, `{key}` or `{plural}`), got an object with keys {keys:?}"
        )))
    }

    /// Decodes the list found at `at` (the same place a streaming executor reads it from, see
    /// [`crate::Streamable`]), unwrapping each element as `at` says. An empty `[]` or `{}`
    /// where the path goes on means no items.
    ///
    /// ```
    /// use misp_api::{ItemsAt, RequestContext, wire::Reply};
    /// let response = http::Response::new(bytes::Bytes::from_static(
    ///     br#"{"response": [{"Event": {"id": "1"}}, {"Event": {"id": "2"}}]}"#,
    /// ));
    /// let reply = Reply::new(RequestContext::new(http::Method::POST, "/events/restSearch"), response);
    /// let ids: Vec<serde_json::Value> = reply.items(&ItemsAt::path(["response"]).unwrap("Event")).unwrap();
    /// assert_eq!(ids, [serde_json::json!({"id": "1"}), serde_json::json!({"id": "2"})]);
    /// ```
    pub fn items<T: DeserializeOwned>(self, at: &ItemsAt) -> Result<Vec<T>, ApiError> {
        match self.items_found(at)? {
            Some((items, path)) => self.unwrap_items(&items, at.unwrap_key(), &path),
            None => Ok(Vec::new()),
        }
    }

    /// The elements [`Reply::items`] decodes and their place, `None` for an empty container on
    /// the way.
    fn items_found(&self, at: &ItemsAt) -> Result<Option<Found>, ApiError> {
        let body = self.json_body()?;
        let mut text: &str = std::str::from_utf8(body)
            .map_err(|e| self.decode_error(format!("the body is not UTF-8: {e}")))?;
        let mut path = String::new();
        for key in at.keys() {
            if is_empty_container(text) {
                return Ok(None);
            }
            let level: Level<'_> = serde_json::from_str(text).map_err(|e| {
                self.decode_error(format!("expected an object at `{}`: {e}", or_root(&path)))
            })?;
            match level.get(key.as_str()) {
                Some(inner) => text = inner.get(),
                None => {
                    if path.is_empty() {
                        let top: HashMap<String, Box<RawValue>> = self.parse(body, "")?;
                        self.reject_if_failure(&top)?;
                    }
                    let mut keys: Vec<&str> = level.keys().collect();
                    keys.sort_unstable();
                    return Err(self.decode_error(format!(
                        "expected the items at `{at}`, but `{}` has keys {keys:?}",
                        or_root(&path)
                    )));
                }
            }
            if !path.is_empty() {
                path.push('.');
            }
            path.push_str(key);
        }
        let items: Vec<Box<RawValue>> = self.parse(text.as_bytes(), &path)?;
        Ok(Some((items, path)))
    }

    fn unwrap_items<T: DeserializeOwned>(
        &self,
        items: &[Box<RawValue>],
        key: Option<&str>,
        prefix: &str,
    ) -> Result<Vec<T>, ApiError> {
        items
            .iter()
            .enumerate()
            .map(|(i, item)| {
                let at = format!("{prefix}[{i}]");
                match key {
                    Some(key) => self.unwrap_item(item.get().as_bytes(), key, &at),
                    None => self.parse(item.get().as_bytes(), &at),
                }
            })
            .collect()
    }

    fn unwrap_item<T: DeserializeOwned>(
        &self,
        item: &[u8],
        key: &str,
        at: &str,
    ) -> Result<T, ApiError> {
        match unwrap_item(item, key, at) {
            Ok(value) => Ok(value),
            Err(message) => Err(self.decode_error(message)),
        }
    }

    /// Decodes the generic acknowledgement of an action. `saved: false` or an `errors` key
    /// becomes [`ApiError::Validation`]; a redirect (not to the login page) and an empty 2xx
    /// body are accepted as success.
    pub fn ack(self) -> Result<Ack, ApiError> {
        self.check()?;
        if self.status.is_redirection() || self.body.iter().all(u8::is_ascii_whitespace) {
            return Ok(Ack {
                message: None,
                id: None,
                redirect: self.location(),
                body: Value::Null,
            });
        }
        let body = self.json_body()?;
        let value: Value = self.parse(body, "")?;
        self.ack_from(value)
    }

    /// Like [`Reply::ack`], for the endpoints that send their JSON HTML-escaped in a
    /// `text/html` body (galaxy cluster relations).
    pub fn escaped_ack(self) -> Result<Ack, ApiError> {
        let value: Value = self.escaped_json()?;
        self.ack_from(value)
    }

    fn ack_from(&self, value: Value) -> Result<Ack, ApiError> {
        let Value::Object(object) = &value else {
            return Ok(Ack {
                message: value.as_str().map(str::to_owned),
                id: None,
                redirect: None,
                body: value,
            });
        };
        let info = ErrorBody::read(&value);
        if info.saved_false || info.has_errors {
            return Err(self.rejected_in_success(object));
        }
        let text = |k: &str| object.get(k).and_then(Value::as_str).map(html_unescape);
        let message = text("message")
            .or_else(|| text("name"))
            .or_else(|| text("success"))
            .or_else(|| text("result"));
        let id = object.get("id").and_then(|v| match v {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        });
        Ok(Ack {
            message,
            id,
            redirect: None,
            body: value,
        })
    }

    /// The answer to a `HEAD` existence check: 200 is `true`, 404 is `false`, anything else an
    /// error.
    pub fn exists(self) -> Result<bool, ApiError> {
        match self.status {
            StatusCode::NOT_FOUND => Ok(false),
            s if s.is_success() => Ok(true),
            _ => Err(self.error().unwrap_or_else(|| ApiError::Status {
                context: self.context.clone(),
                status: self.status,
                message: "unexpected answer to an existence check".into(),
            })),
        }
    }

    /// The body as bytes with its content type (status still checked).
    pub fn raw(self) -> Result<RawBody, ApiError> {
        self.check()?;
        if self.status.is_redirection() {
            return Err(self.unexpected_redirect());
        }
        if looks_like_html(&self.body, self.content_type()) && is_login_page(&self.body) {
            return Err(self.login_page());
        }
        Ok(RawBody {
            content_type: self.content_type().map(str::to_owned),
            bytes: self.body,
        })
    }

    /// Decodes a JSON document that the server sent HTML-escaped inside a `text/html` body
    /// (the galaxy cluster relation endpoints do this).
    pub fn escaped_json<T: DeserializeOwned>(&self) -> Result<T, ApiError> {
        self.check()?;
        let text = String::from_utf8_lossy(&self.body);
        let text = text.trim();
        let unescaped = if text.contains("&quot;") {
            html_unescape(text)
        } else {
            text.to_owned()
        };
        let value: Value = self.parse(unescaped.as_bytes(), "")?;
        if let Value::Object(object) = &value {
            let info = ErrorBody::read(&value);
            if info.saved_false || info.has_errors {
                return Err(self.rejected_in_success(object));
            }
        }
        // Decoded again from the text rather than from `value`: one decoding of `T`, from
        // bytes, serves every answer.
        self.parse(unescaped.as_bytes(), "")
    }
}

/// `T` read from `{"<key>": T}` when that is all `bytes` hold, in one pass; `None` for
/// anything else (another shape, an error, bytes that are not UTF-8), which the caller reads
/// the long way.
///
/// Text is read as text: the same parser as `misp_types::json::from_slice`'s, so that the
/// decoding of every record is compiled once, in misp-types.
fn member_alone<T: DeserializeOwned>(bytes: &[u8], key: &str) -> Option<T> {
    let text = std::str::from_utf8(bytes).ok()?;
    let mut de = serde_json::Deserializer::from_str(text);
    super::Member::<T>::alone(key)
        .deserialize(&mut de)
        .and_then(|v| de.end().map(|()| v))
        .ok()
        .flatten()
}

/// Parses `bytes` as `T`, reporting the JSON path of a mismatch (prefixed by `prefix`).
fn parse_at<T: DeserializeOwned>(bytes: &[u8], prefix: &str) -> Result<T, String> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let value = match serde_path_to_error::deserialize(&mut de) {
        Ok(value) => value,
        Err(e) => return Err(mismatch_at(e, prefix)),
    };
    // Nothing but whitespace may follow the value.
    match de.end() {
        Ok(()) => Ok(value),
        Err(e) => Err(format!("at `{}`: {e}", or_root(prefix))),
    }
}

/// The message of a decoding error at its path under `prefix` (out of [`parse_at`], which is
/// compiled once per decoded type).
fn mismatch_at(e: serde_path_to_error::Error<serde_json::Error>, prefix: &str) -> String {
    let path = e.path().to_string();
    let at = match (prefix.is_empty(), path == ".") {
        (true, _) => path,
        (false, true) => prefix.to_owned(),
        (false, false) => format!("{prefix}.{path}"),
    };
    format!("at `{at}`: {}", e.into_inner())
}

/// `[]` or `{}`, whitespace allowed inside and around (PHP encodes an empty map as `[]`).
fn is_empty_container(text: &str) -> bool {
    let t = text.trim_matches(|c| matches!(c, ' ' | '\t' | '\n' | '\r'));
    let inner = t
        .strip_prefix('[')
        .and_then(|r| r.strip_suffix(']'))
        .or_else(|| t.strip_prefix('{').and_then(|r| r.strip_suffix('}')));
    inner.is_some_and(|i| i.bytes().all(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r')))
}

/// The elements of a list answer, undecoded, and their place in the answer (for messages).
type Found = (Vec<Box<RawValue>>, String);

/// Where [`Reply::entity`] reads the entity from when the fast path did not.
enum EntityAt {
    /// `{"<key>": {...}}` alone: the inner value.
    Inner(Box<RawValue>),
    /// The key with siblings beside it, merged into the entity.
    WithSiblings,
    /// No such key: the body is the entity.
    Bare,
}

/// The members of one JSON object, in order, a key given twice refused (as records refuse it).
struct Level<'a>(Vec<(std::borrow::Cow<'a, str>, &'a RawValue)>);

impl<'a> Level<'a> {
    fn get(&self, key: &str) -> Option<&'a RawValue> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| *v)
    }

    fn keys(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(|(k, _)| k.as_ref())
    }

    fn len(&self) -> usize {
        self.0.len()
    }
}

impl<'de: 'a, 'a> serde::Deserialize<'de> for Level<'a> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<'a>(std::marker::PhantomData<&'a ()>);
        impl<'de: 'a, 'a> serde::de::Visitor<'de> for V<'a> {
            type Value = Level<'a>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Level<'a>, A::Error> {
                let mut out: Vec<(std::borrow::Cow<'a, str>, &'a RawValue)> = Vec::new();
                let mut seen = std::collections::HashSet::new();
                while let Some(k) = map.next_key::<std::borrow::Cow<'de, str>>()? {
                    if !seen.insert(k.clone()) {
                        return Err(serde::de::Error::custom(format!(
                            "the key `{k}` is given twice"
                        )));
                    }
                    let v: &'de RawValue = map.next_value()?;
                    out.push((k, v));
                }
                Ok(Level(out))
            }
        }
        d.deserialize_map(V(std::marker::PhantomData))
    }
}

/// An element `{"<key>": {...}, siblings...}` unwrapped as [`Reply::list`] and [`Reply::items`]
/// do: keys beside the wrapper merged into the entity; a bare element, or one without `key`,
/// read as the entity itself; a key given twice refused.
fn unwrap_item<T: DeserializeOwned>(text: &[u8], key: &str, at: &str) -> Result<T, String> {
    let (source, at) = unwrapped(text, key, at)?;
    parse_at(&source, &at)
}

/// The text [`unwrap_item`] decodes the entity from, and its place for messages (the code that
/// does not depend on the entity's type, compiled once).
fn unwrapped<'a>(
    text: &'a [u8],
    key: &str,
    at: &str,
) -> Result<(std::borrow::Cow<'a, [u8]>, String), String> {
    use std::borrow::Cow;
    if text.iter().find(|b| !b.is_ascii_whitespace()) != Some(&b'{') {
        return Ok((Cow::Borrowed(text), at.to_owned()));
    }
    let str_text = std::str::from_utf8(text).map_err(|e| format!("at `{at}`: {e}"))?;
    let fields: Level<'_> =
        serde_json::from_str(str_text).map_err(|e| format!("at `{at}`: {e}"))?;
    let Some(inner) = fields.get(key) else {
        return Ok((Cow::Borrowed(text), at.to_owned()));
    };
    let at = if at.is_empty() {
        key.to_owned()
    } else {
        format!("{at}.{key}")
    };
    if fields.len() == 1 {
        return Ok((Cow::Borrowed(inner.get().as_bytes()), at));
    }
    let merged = merge_siblings(inner, &fields, key).map_err(|e| format!("at `{at}`: {e}"))?;
    Ok((Cow::Owned(merged.into_bytes()), at))
}

/// The entity `inner` with the members of `fields` beside `key` that it lacks appended, as
/// JSON text: its own members first, in their order, then the siblings, in theirs. Built from
/// the raw text, so the values are kept exactly and the entity is then decoded from bytes like
/// any other. An `inner` that is not an object is returned as it is; one that gives a key
/// twice is refused.
fn merge_siblings(
    inner: &RawValue,
    fields: &Level<'_>,
    key: &str,
) -> Result<String, serde_json::Error> {
    let text = inner.get();
    if !text.trim_start().starts_with('{') {
        return Ok(text.to_owned());
    }
    let own: Level<'_> = serde_json::from_str(text)?;
    let mut out = String::with_capacity(
        text.len()
            + fields
                .0
                .iter()
                .map(|(k, v)| k.len() + v.get().len() + 4)
                .sum::<usize>(),
    );
    out.push('{');
    let mut first = true;
    let mut member = |name: &str, value: &str| -> Result<(), serde_json::Error> {
        if !first {
            out.push(',');
        }
        first = false;
        out.push_str(&serde_json::to_string(name)?);
        out.push(':');
        out.push_str(value);
        Ok(())
    };
    let mut present = std::collections::HashSet::with_capacity(own.len());
    for (k, v) in &own.0 {
        present.insert(k.as_ref());
        member(k, v.get())?;
    }
    for (k, v) in &fields.0 {
        if k != key && !present.contains(k.as_ref()) {
            member(k, v.get())?;
        }
    }
    out.push('}');
    Ok(out)
}

/// Decodes one element of a list exactly as [`Reply::items`] decodes each element found at
/// an [`ItemsAt`]: `unwrap` is [`ItemsAt::unwrap_key`], `at` names the element in messages. A
/// streaming executor, which finds the elements itself as the body arrives, decodes each with
/// this, so that both ways give the same result.
///
/// ```
/// let event: serde_json::Value = misp_api::wire::decode_item(
///     br#"{"Event": {"id": "1"}, "Org": {"name": "x"}}"#,
///     Some("Event"),
///     "response[0]",
/// )
/// .unwrap();
/// assert_eq!(event, serde_json::json!({"id": "1", "Org": {"name": "x"}}));
/// let e = misp_api::wire::decode_item::<serde_json::Value>(br#"{"Event": {}, "Event": {}}"#, Some("Event"), "response[0]");
/// assert!(e.unwrap_err().contains("twice"));
/// ```
pub fn decode_item<T: DeserializeOwned>(
    item: &[u8],
    unwrap: Option<&str>,
    at: &str,
) -> Result<T, String> {
    // The fast path, as text: `{"<key>": {...}}` alone, or a bare element. Anything else
    // (bytes that are not UTF-8 among it) goes the long way, which says where it fails.
    let fast = match unwrap {
        None => std::str::from_utf8(item)
            .ok()
            .and_then(|text| serde_json::from_str::<T>(text).ok()),
        Some(key) => member_alone(item, key),
    };
    if let Some(v) = fast {
        return Ok(v);
    }
    match unwrap {
        None => parse_at(item, at),
        Some(key) => unwrap_item(item, key, at),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_that_are_not_utf8_are_refused_with_their_place() {
        for (item, unwrap) in [
            (&b"{\"Event\": {\"info\": \"\xff\"}}"[..], Some("Event")),
            (&b"{\"info\": \"\xff\"}"[..], None),
        ] {
            let error = decode_item::<misp_types::Event>(item, unwrap, "response[3]").unwrap_err();
            assert!(
                error.contains("response[3]")
                    && (error.contains("utf-8") || error.contains("unicode")),
                "{error}"
            );
        }
        let event: misp_types::Event =
            decode_item(br#"{"Event": {"info": "x"}}"#, Some("Event"), "response[0]").unwrap();
        assert_eq!(event.info.as_deref(), Some("x"));
    }
}
