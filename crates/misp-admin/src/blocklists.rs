//! Event and organisation blocklists: list, add, edit, delete.

use misp_api::wire::{Body, Operation, PathBuilder as P, Reply};
use misp_api::{Ack, ApiError, BuildError, IdOrUuid, Idempotency, op};
use misp_types::admin::{BlocklistAddResult, EventBlocklistEntry, OrgBlocklistEntry};
use serde_json::{Map, Value, json};

op! {
    /// Lists the event blocklist (`GET /eventBlocklists/index`, a flat list).
    pub struct ListEventBlocklist;
    GET |s| "/eventBlocklists/index".into() => Vec<EventBlocklistEntry>: list("EventBlocklist")
}

op! {
    /// Lists the organisation blocklist (`GET /orgBlocklists/index`, a flat list).
    pub struct ListOrgBlocklist;
    GET |s| "/orgBlocklists/index".into() => Vec<OrgBlocklistEntry>: list("OrgBlocklist")
}

fn add_body(uuids: &[uuid::Uuid], fields: &[(&str, &Option<String>)]) -> Result<Body, BuildError> {
    if uuids.is_empty() {
        return Err(BuildError::invalid(
            "uuids",
            "give at least one UUID to block",
        ));
    }
    let mut map = Map::new();
    map.insert("uuids".into(), json!(uuids));
    for (key, value) in fields {
        if let Some(v) = value.as_deref().filter(|v| !v.is_empty()) {
            map.insert((*key).into(), json!(v));
        }
    }
    Body::json(&Value::Object(map))
}

/// Blocks events by UUID (`POST /eventBlocklists/add`). The answer lists the UUIDs added and
/// refused but carries no id: find the entry in [`ListEventBlocklist`] (the client's
/// `blocklists().block_event(...)` does).
///
/// ```
/// use misp_admin::blocklists::AddEventBlocklist;
/// use misp_api::Endpoint;
/// let uuid = uuid::Uuid::parse_str("a8b1c2d3-0000-4000-8000-00000000beef").unwrap();
/// let op = AddEventBlocklist { comment: Some("spam".into()), ..AddEventBlocklist::new([uuid]) };
/// let body: serde_json::Value = serde_json::from_slice(op.request().unwrap().body()).unwrap();
/// assert_eq!(body, serde_json::json!({"uuids": ["a8b1c2d3-0000-4000-8000-00000000beef"], "comment": "spam"}));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AddEventBlocklist {
    /// The events' UUIDs.
    pub uuids: Vec<uuid::Uuid>,
    /// A comment.
    pub comment: Option<String>,
    /// The events' title.
    pub event_info: Option<String>,
    /// The events' creator organisation.
    pub event_orgc: Option<String>,
}

impl AddEventBlocklist {
    /// Blocks `uuids`.
    pub fn new(uuids: impl IntoIterator<Item = uuid::Uuid>) -> Self {
        AddEventBlocklist {
            uuids: uuids.into_iter().collect(),
            ..Default::default()
        }
    }
}

impl Operation for AddEventBlocklist {
    type Output = BlocklistAddResult;
    fn method(&self) -> http::Method {
        http::Method::POST
    }
    fn path(&self) -> String {
        "/eventBlocklists/add".into()
    }
    fn body(&self) -> Result<Body, BuildError> {
        add_body(
            &self.uuids,
            &[
                ("comment", &self.comment),
                ("event_info", &self.event_info),
                ("event_orgc", &self.event_orgc),
            ],
        )
    }
    fn decode_reply(&self, reply: Reply) -> Result<BlocklistAddResult, ApiError> {
        reply.entity("result")
    }
    fn idempotency_class(&self) -> Idempotency {
        Idempotency::Safe
    }
}

/// Blocks organisations by UUID (`POST /orgBlocklists/add`); like [`AddEventBlocklist`], the
/// answer carries no id.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AddOrgBlocklist {
    /// The organisations' UUIDs.
    pub uuids: Vec<uuid::Uuid>,
    /// A comment.
    pub comment: Option<String>,
    /// The organisations' name.
    pub org_name: Option<String>,
}

impl AddOrgBlocklist {
    /// Blocks `uuids`.
    pub fn new(uuids: impl IntoIterator<Item = uuid::Uuid>) -> Self {
        AddOrgBlocklist {
            uuids: uuids.into_iter().collect(),
            ..Default::default()
        }
    }
}

impl Operation for AddOrgBlocklist {
    type Output = BlocklistAddResult;
    fn method(&self) -> http::Method {
        http::Method::POST
    }
    fn path(&self) -> String {
        "/orgBlocklists/add".into()
    }
    fn body(&self) -> Result<Body, BuildError> {
        add_body(
            &self.uuids,
            &[("comment", &self.comment), ("org_name", &self.org_name)],
        )
    }
    fn decode_reply(&self, reply: Reply) -> Result<BlocklistAddResult, ApiError> {
        reply.entity("result")
    }
    fn idempotency_class(&self) -> Idempotency {
        Idempotency::Safe
    }
}

op! {
    /// Edits an event blocklist entry (`POST /eventBlocklists/edit/{event_uuid}`, flat).
    pub struct UpdateEventBlocklist(
        /// The entry (its `event_uuid` names it).
        pub entry: EventBlocklistEntry
    );
    POST |s| {
        let p = P::new("eventBlocklists/edit");
        match (s.entry.event_uuid, s.entry.id) {
            (Some(u), _) => p.segment(u).build(),
            (None, Some(id)) => p.segment(id).build(),
            (None, None) => p.build(),
        }
    } => EventBlocklistEntry: entity("EventBlocklist");
    body |s| Body::json(&s.entry);
    idempotency |s| Idempotency::Safe
}

op! {
    /// Edits an organisation blocklist entry (`POST /orgBlocklists/edit/{org_uuid}`, flat).
    pub struct UpdateOrgBlocklist(
        /// The entry (its `org_uuid` names it).
        pub entry: OrgBlocklistEntry
    );
    POST |s| {
        let p = P::new("orgBlocklists/edit");
        match (s.entry.org_uuid, s.entry.id) {
            (Some(u), _) => p.segment(u).build(),
            (None, Some(id)) => p.segment(id).build(),
            (None, None) => p.build(),
        }
    } => OrgBlocklistEntry: entity("OrgBlocklist");
    body |s| Body::json(&s.entry);
    idempotency |s| Idempotency::Safe
}

op! {
    /// Removes an event blocklist entry (`POST /eventBlocklists/delete/{id|event_uuid}`).
    pub struct DeleteEventBlocklist(
        /// The entry's id, or the blocked event's UUID.
        pub entry: IdOrUuid
    );
    POST |s| P::new("eventBlocklists/delete").segment(s.entry).build() => Ack: ack();
    idempotency |s| Idempotency::Safe
}

op! {
    /// Removes an organisation blocklist entry (`POST /orgBlocklists/delete/{id|org_uuid}`).
    pub struct DeleteOrgBlocklist(
        /// The entry's id, or the blocked organisation's UUID.
        pub entry: IdOrUuid
    );
    POST |s| P::new("orgBlocklists/delete").segment(s.entry).build() => Ack: ack();
    idempotency |s| Idempotency::Safe
}
