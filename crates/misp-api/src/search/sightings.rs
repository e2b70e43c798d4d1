//! The sightings restSearch (`POST /sightings/restSearch[/{event|attribute}]`).

use http::Method;
use serde_json::{Map, json};

use super::{Time, TimeFilter};
use crate::model::Sighting;
use crate::wire::{Body, Operation, Reply};
use crate::{ApiError, BuildError, Idempotency};

/// What the sightings search is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SightingsContext {
    /// An event's attributes, by numeric id.
    Event(u64),
    /// One attribute, by numeric id.
    Attribute(u64),
}

/// Searches sightings. Without `from`/`to`/`last` the server looks at the last 30 days.
///
/// Ids go as JSON integers (the server answers 400 "Invalid ID" to numeric strings), and
/// `last` is sent as given (PyMISP sends its `publish_timestamp` argument as `last` and
/// never sends its `last` argument).
///
/// ```
/// use misp_api::search::{SearchSightings, SightingsContext, Time};
/// use misp_api::Endpoint;
/// let op = SearchSightings::new()
///     .context(SightingsContext::Event(10))
///     .include_attribute(true)
///     .last(Time::days(7));
/// let request = op.request().unwrap();
/// assert_eq!(request.uri(), "/sightings/restSearch/event");
/// assert_eq!(request.body(), br#"{"id":10,"includeAttribute":true,"last":"7d","returnFormat":"json"}"#);
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SearchSightings {
    context: Option<SightingsContext>,
    body: Map<String, serde_json::Value>,
}

impl SearchSightings {
    /// All sightings of the last 30 days (narrow with the setters).
    pub fn new() -> Self {
        SearchSightings::default()
    }

    /// Only the sightings of an event or attribute.
    pub fn context(mut self, context: SightingsContext) -> Self {
        self.context = Some(context);
        self
    }

    /// The sighting type: 0 sighting, 1 false positive, 2 expiration.
    pub fn kind(mut self, kind: u8) -> Self {
        self.body.insert("type".into(), json!(kind.to_string()));
        self
    }

    /// Only this source.
    pub fn source(mut self, source: impl Into<String>) -> Self {
        self.body.insert("source".into(), json!(source.into()));
        self
    }

    /// Only this organisation's (id or UUID).
    pub fn org(mut self, org: impl Into<String>) -> Self {
        self.body.insert("org_id".into(), json!(org.into()));
        self
    }

    /// From this time.
    pub fn from(mut self, time: Time) -> Self {
        self.body.insert("from".into(), json!(time));
        self
    }

    /// Up to this time.
    pub fn to(mut self, time: Time) -> Self {
        self.body.insert("to".into(), json!(time));
        self
    }

    /// Sighted since (`last`).
    pub fn last(mut self, time: impl Into<TimeFilter>) -> Self {
        self.body.insert("last".into(), json!(time.into()));
        self
    }

    /// Only the sightings of the entity with this UUID.
    pub fn uuid(mut self, uuid: uuid::Uuid) -> Self {
        self.body.insert("uuid".into(), json!(uuid));
        self
    }

    /// Add each sighting's attribute.
    pub fn include_attribute(mut self, on: bool) -> Self {
        self.body.insert("includeAttribute".into(), json!(on));
        self
    }

    /// Add each sighting's event metadata.
    pub fn include_event(mut self, on: bool) -> Self {
        self.body.insert("includeEvent".into(), json!(on));
        self
    }

    /// Add the attribute and event UUIDs.
    pub fn include_uuid(mut self, on: bool) -> Self {
        self.body.insert("includeUuid".into(), json!(on));
        self
    }
}

impl Operation for SearchSightings {
    type Output = Vec<Sighting>;
    fn method(&self) -> Method {
        Method::POST
    }
    fn path(&self) -> String {
        match self.context {
            Some(SightingsContext::Event(_)) => "/sightings/restSearch/event".into(),
            Some(SightingsContext::Attribute(_)) => "/sightings/restSearch/attribute".into(),
            None => "/sightings/restSearch".into(),
        }
    }
    fn body(&self) -> Result<Body, BuildError> {
        let mut body = self.body.clone();
        body.insert("returnFormat".into(), json!("json"));
        match self.context {
            Some(SightingsContext::Event(id) | SightingsContext::Attribute(id)) => {
                body.insert("id".into(), json!(id));
            }
            None => {}
        }
        if let Some(kind) = body.get("type").and_then(|v| v.as_str())
            && !matches!(kind, "0" | "1" | "2")
        {
            return Err(BuildError::invalid(
                "type",
                format!(
                    "{kind} is not a sighting type (0 sighting, 1 false positive, 2 expiration)"
                ),
            ));
        }
        Body::json(&body)
    }
    fn decode_reply(&self, reply: Reply) -> Result<Self::Output, ApiError> {
        reply.list("Sighting")
    }
    fn idempotency_class(&self) -> Idempotency {
        Idempotency::Safe
    }
}
