//! Events: list, get, exists, add, update, delete, publish, contact the reporter, enrich,
//! free-text import, STIX upload and ZMQ push.

use http::Method;
use serde_json::json;

use crate::macros::op;
use crate::model::{Attribute, Event};
use crate::records::FreetextCandidate;
use crate::wire::{Body, Operation, PathBuilder as P, Reply};
use crate::{Ack, ApiError, BuildError, EventRef, Idempotency, creation, modules_body};

op! {
    /// Lists every event's metadata (`GET /events/index`); see
    /// [`crate::search::SearchIndex`] for the filtered, paginated form.
    pub struct ListEvents;
    GET |s| "/events/index".into() => Vec<Event>: list("Event")
}

/// One page of the event index in its named-parameter form
/// (`GET /events/index/limit:{limit}/page:{page}`), for walking every event's metadata with
/// `misp_client::Client::paginate`. `X-Result-Count` is the number of events visible, on
/// every page; the order is id ascending.
///
/// ```
/// use misp_api::{Endpoint, Paged, events::ListEventsPage};
/// let op = ListEventsPage::new(100);
/// assert_eq!(op.request().unwrap().uri(), "/events/index/limit:100/page:1");
/// assert_eq!(op.for_page(2, 100).request().unwrap().uri(), "/events/index/limit:100/page:2");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ListEventsPage {
    /// Events per page (at least 1).
    pub limit: u32,
    /// The 1-based page.
    pub page: u32,
}

impl ListEventsPage {
    /// The first page of `limit` events.
    pub fn new(limit: u32) -> Self {
        ListEventsPage {
            limit: limit.max(1),
            page: 1,
        }
    }

    /// Another page.
    #[must_use]
    pub fn page(mut self, page: u32) -> Self {
        self.page = page.max(1);
        self
    }
}

impl Operation for ListEventsPage {
    type Output = crate::search::Page<Event>;
    fn method(&self) -> Method {
        Method::GET
    }
    fn path(&self) -> String {
        P::new("events/index")
            .named("limit", self.limit)
            .named("page", self.page)
            .build()
    }
    fn decode_reply(&self, reply: Reply) -> Result<Self::Output, ApiError> {
        let total = crate::result_count(reply.headers());
        Ok(crate::search::Page {
            items: reply.items(&crate::ItemsAt::root())?,
            total,
        })
    }
}

impl crate::Streamable for ListEventsPage {
    type Item = Event;
    fn items_at(&self) -> crate::ItemsAt {
        crate::ItemsAt::root()
    }
}

impl crate::Paged for ListEventsPage {
    fn requested_page_size(&self) -> Option<u32> {
        Some(self.limit)
    }
    fn requested_page(&self) -> Option<u32> {
        Some(self.page)
    }
    fn for_page(&self, page: u32, limit: u32) -> Self {
        ListEventsPage { limit, page }
    }
    fn more_after(&self, page: &crate::PageSeen<'_>) -> bool {
        crate::paged::more_after_total(page)
    }
}

/// Which soft-deleted content [`GetEvent`] includes.
///
/// `events/view` reads `deleted` as: `0` live only (the default), `1` live **and** deleted,
/// anything else deleted only; so `Only` sends `2` and `Both` sends `1`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Deleted {
    /// Only soft-deleted attributes and objects (`deleted: 2`).
    Only,
    /// Live and soft-deleted ones (`deleted: 1`).
    Both,
}

/// Fetches one event with its attributes, objects, tags, galaxies and reports
/// (`GET /events/view/{id}`, or `POST` with `deleted`/`extended`).
///
/// ```
/// use misp_api::{Endpoint, events::GetEvent};
/// let request = GetEvent::new(10).extended(true).request().unwrap();
/// assert_eq!(request.method(), http::Method::POST);
/// assert_eq!(request.body(), br#"{"extended":true}"#);
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct GetEvent {
    /// The event.
    pub event: EventRef,
    /// Include soft-deleted content.
    pub deleted: Option<Deleted>,
    /// Include the events that extend this one.
    pub extended: bool,
    /// Leave out sightings.
    pub no_sightings: bool,
}

impl GetEvent {
    /// Fetches `event` (an id or a UUID).
    pub fn new(event: impl Into<EventRef>) -> Self {
        GetEvent {
            event: event.into(),
            deleted: None,
            extended: false,
            no_sightings: false,
        }
    }

    /// Includes soft-deleted attributes and objects.
    pub fn deleted(mut self, deleted: Deleted) -> Self {
        self.deleted = Some(deleted);
        self
    }

    /// Includes the events that extend this one.
    pub fn extended(mut self, extended: bool) -> Self {
        self.extended = extended;
        self
    }

    /// Leaves out sightings.
    pub fn no_sightings(mut self, no_sightings: bool) -> Self {
        self.no_sightings = no_sightings;
        self
    }
}

impl Operation for GetEvent {
    type Output = Event;
    fn method(&self) -> Method {
        if self.deleted.is_some() || self.extended {
            Method::POST
        } else {
            Method::GET
        }
    }
    fn path(&self) -> String {
        let p = P::new("events/view").segment(self.event);
        if self.no_sightings {
            p.named("noSightings", 1).build()
        } else {
            p.build()
        }
    }
    fn body(&self) -> Result<Body, BuildError> {
        if self.method() == Method::GET {
            return Ok(Body::Empty);
        }
        let mut body = serde_json::Map::new();
        match self.deleted {
            Some(Deleted::Only) => {
                body.insert("deleted".into(), json!(2));
            }
            Some(Deleted::Both) => {
                body.insert("deleted".into(), json!(1));
            }
            None => {}
        }
        if self.extended {
            body.insert("extended".into(), json!(true));
        }
        Body::json(&body)
    }
    fn decode_reply(&self, reply: Reply) -> Result<Event, ApiError> {
        reply.entity("Event")
    }
    fn idempotency_class(&self) -> Idempotency {
        Idempotency::Safe
    }
}

op! {
    /// Whether an event exists (`HEAD /events/view/{id}`).
    pub struct EventExists(
        /// The event.
        pub event: EventRef
    );
    HEAD |s| P::new("events/view").segment(s.event).build() => bool: exists()
}

op! {
    /// Creates an event with its attributes, objects and tags (`POST /events/add`).
    /// The event goes flat, without an `Event` wrapper, as PyMISP sends it.
    pub struct AddEvent {
        /// The new event.
        pub event: Event,
        /// Answer with the event's metadata only (`/metadata:1`).
        pub metadata: bool,
    }
    POST |s| {
        let p = P::new("events/add");
        if s.metadata { p.named("metadata", 1).build() } else { p.build() }
    } => Event: entity("Event");
    body |s| Body::json(&s.event);
    idempotency |s| creation(&s.event)
}

impl AddEvent {
    /// Creates `event`.
    pub fn new(event: Event) -> Self {
        AddEvent {
            event,
            metadata: false,
        }
    }
}

op! {
    /// Updates an event (`POST /events/edit/{id}`); send it without `timestamp` (or with a
    /// newer one), or the server keeps its copy.
    pub struct UpdateEvent {
        /// The event to update.
        pub target: EventRef,
        /// Its new content (flat).
        pub event: Event,
        /// Answer with the event's metadata only (`/metadata:1`).
        pub metadata: bool,
    }
    POST |s| {
        let p = P::new("events/edit").segment(s.target);
        if s.metadata { p.named("metadata", 1).build() } else { p.build() }
    } => Event: entity("Event");
    body |s| Body::json(&s.event);
    idempotency |s| Idempotency::Safe
}

impl UpdateEvent {
    /// Updates `target` with `event`.
    pub fn new(target: impl Into<EventRef>, event: Event) -> Self {
        UpdateEvent {
            target: target.into(),
            event,
            metadata: false,
        }
    }
}

op! {
    /// Deletes an event (`POST /events/delete/{id}`); MISP also blocklists its UUID.
    pub struct DeleteEvent(
        /// The event.
        pub event: EventRef
    );
    POST |s| P::new("events/delete").segment(s.event).build() => Ack: ack();
    idempotency |s| Idempotency::Safe
}

op! {
    /// Publishes an event (`POST /events/publish/{id}`), or with `alert` also e-mails the
    /// participants (`POST /events/alert/{id}`).
    pub struct PublishEvent {
        /// The event.
        pub event: EventRef,
        /// Send the e-mail alert.
        pub alert: bool,
    }
    POST |s| P::new(if s.alert { "events/alert" } else { "events/publish" }).segment(s.event).build() => Ack: ack();
    idempotency |s| Idempotency::Safe
}

impl PublishEvent {
    /// Publishes `event` without alert.
    pub fn new(event: impl Into<EventRef>) -> Self {
        PublishEvent {
            event: event.into(),
            alert: false,
        }
    }
}

op! {
    /// Unpublishes an event (`POST /events/unpublish/{id}`).
    pub struct UnpublishEvent(
        /// The event.
        pub event: EventRef
    );
    POST |s| P::new("events/unpublish").segment(s.event).build() => Ack: ack();
    idempotency |s| Idempotency::Safe
}

op! {
    /// E-mails the event's reporter (`POST /events/contact/{id}`).
    pub struct ContactEventReporter {
        /// The event.
        pub event: EventRef,
        /// The message.
        pub message: String,
    }
    POST |s| P::new("events/contact").segment(s.event).build() => Ack: ack();
    body |s| Body::json(&json!({ "message": s.message }))
}

op! {
    /// Runs enrichment modules on an event (`POST /events/enrichEvent/{id}`).
    pub struct EnrichEvent {
        /// The event.
        pub event: EventRef,
        /// The modules to run (at least one).
        pub modules: Vec<String>,
    }
    POST |s| P::new("events/enrichEvent").segment(s.event).build() => serde_json::Value: json();
    body |s| modules_body(&s.modules)
}

op! {
    /// Pushes an event to the ZMQ feed (`POST /events/pushEventToZMQ/{id}.json`).
    pub struct PushEventToZmq(
        /// The event.
        pub event: EventRef
    );
    POST |s| P::new("events/pushEventToZMQ").segment(s.event).literal(".json").build() => Ack: ack();
    idempotency |s| Idempotency::Safe
}

/// How the free-text import treats values on warninglists.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum WarninglistPolicy {
    /// Import them anyway.
    #[default]
    Ignore,
    /// Drop them.
    Enforce,
    /// Import them without the IDS flag.
    Soft,
}

impl WarninglistPolicy {
    fn to_json(self) -> serde_json::Value {
        match self {
            WarninglistPolicy::Ignore => json!(false),
            WarninglistPolicy::Enforce => json!(true),
            WarninglistPolicy::Soft => json!("soft"),
        }
    }
}

/// The body the free-text import reads.
fn freetext_body(
    text: &str,
    policy: WarninglistPolicy,
    distribution: Option<u8>,
    meta: bool,
) -> Result<Body, BuildError> {
    if let Some(d) = distribution.filter(|d| *d > 5) {
        return Err(BuildError::invalid(
            "distribution",
            format!("{d} is not a distribution level (0 to 5)"),
        ));
    }
    let mut body = serde_json::Map::new();
    body.insert("value".into(), json!(text));
    body.insert("adhereToWarninglists".into(), policy.to_json());
    if let Some(d) = distribution {
        body.insert("distribution".into(), json!(d));
    }
    if meta {
        body.insert("returnMetaAttributes".into(), json!(true));
    }
    Body::json(&body)
}

op! {
    /// Imports the indicators found in a text into an event
    /// (`POST /events/freeTextImport/{id}`); answers with the attributes created.
    pub struct FreeTextImport {
        /// The event.
        pub event: EventRef,
        /// The text to parse.
        pub text: String,
        /// What to do with values on warninglists.
        pub warninglists: WarninglistPolicy,
        /// The distribution of the new attributes (0 to 5).
        pub distribution: Option<u8>,
    }
    POST |s| P::new("events/freeTextImport").segment(s.event).build() => Vec<Attribute>: list("Attribute");
    body |s| freetext_body(&s.text, s.warninglists, s.distribution, false)
}

impl FreeTextImport {
    /// Imports the indicators of `text` into `event`.
    pub fn new(event: impl Into<EventRef>, text: impl Into<String>) -> Self {
        FreeTextImport {
            event: event.into(),
            text: text.into(),
            warninglists: WarninglistPolicy::default(),
            distribution: None,
        }
    }
}

op! {
    /// Parses a text and answers with the attributes the import would create, without creating
    /// them (`POST /events/freeTextImport/{id}` with `returnMetaAttributes`).
    pub struct FreeTextSuggest {
        /// The event.
        pub event: EventRef,
        /// The text to parse.
        pub text: String,
        /// What to do with values on warninglists.
        pub warninglists: WarninglistPolicy,
    }
    POST |s| P::new("events/freeTextImport").segment(s.event).build() => Vec<FreetextCandidate>: json();
    body |s| freetext_body(&s.text, s.warninglists, None, true);
    idempotency |s| Idempotency::Safe
}

/// The STIX version of an upload.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum StixVersion {
    /// STIX 1 (XML).
    V1,
    /// STIX 2 (JSON).
    #[default]
    V2,
}

/// Imports a STIX document as a new event (`POST /events/upload_stix/2`, or
/// `/events/upload_stix` for STIX 1). The document goes as is, with its own content type
/// (PyMISP sends a `str` document as a quoted JSON string instead).
#[derive(Clone, Debug, PartialEq)]
pub struct UploadStix {
    /// The STIX version.
    pub version: StixVersion,
    /// The document's bytes.
    pub document: Vec<u8>,
}

impl UploadStix {
    /// Uploads a STIX 2 bundle.
    pub fn stix2(document: impl Into<Vec<u8>>) -> Self {
        UploadStix {
            version: StixVersion::V2,
            document: document.into(),
        }
    }

    /// Uploads a STIX 1 XML package.
    pub fn stix1(document: impl Into<Vec<u8>>) -> Self {
        UploadStix {
            version: StixVersion::V1,
            document: document.into(),
        }
    }
}

impl Operation for UploadStix {
    type Output = serde_json::Value;
    fn method(&self) -> Method {
        Method::POST
    }
    fn path(&self) -> String {
        match self.version {
            StixVersion::V1 => "/events/upload_stix".into(),
            StixVersion::V2 => "/events/upload_stix/2".into(),
        }
    }
    fn body(&self) -> Result<Body, BuildError> {
        if self.document.is_empty() {
            return Err(BuildError::invalid(
                "document",
                "the STIX document is empty",
            ));
        }
        Ok(Body::Raw {
            content_type: match self.version {
                StixVersion::V1 => "application/xml",
                StixVersion::V2 => crate::wire::JSON,
            },
            bytes: self.document.clone(),
        })
    }
    fn decode_reply(&self, reply: Reply) -> Result<Self::Output, ApiError> {
        reply.json()
    }
}
