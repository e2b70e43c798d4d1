//! Sightings: list for an event or attribute, add (by value or on an attribute), delete.
//! The sightings restSearch is [`crate::search::SearchSightings`].

use serde_json::json;

use crate::macros::op;
use crate::model::Sighting;
use crate::wire::{Body, PathBuilder as P};
use crate::{Ack, AttributeRef, Idempotency};

/// What a sightings listing is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SightingContext {
    /// The sightings of every attribute of an event (numeric id).
    Event(u64),
    /// The sightings of one attribute (numeric id).
    Attribute(u64),
}

op! {
    /// Lists the sightings of an event or attribute (`POST /sightings/listSightings`), optionally
    /// only one organisation's; each sighting keeps its `Organisation`.
    pub struct ListSightings {
        /// The event or attribute.
        pub context: SightingContext,
        /// Only this organisation's sightings.
        pub org_id: Option<u64>,
    }
    POST |s| "/sightings/listSightings".into() => Vec<Sighting>: list("Sighting");
    body |s| {
        let (context, id) = match s.context {
            SightingContext::Event(id) => ("event", id),
            SightingContext::Attribute(id) => ("attribute", id),
        };
        let mut body = json!({ "context": context, "id": id });
        if let Some(org) = s.org_id
            && let Some(o) = body.as_object_mut() {
            o.insert("org_id".into(), json!(org));
        }
        Body::json(&body)
    };
    idempotency |s| Idempotency::Safe
}

impl ListSightings {
    /// Lists the sightings of `context`.
    pub fn new(context: SightingContext) -> Self {
        ListSightings {
            context,
            org_id: None,
        }
    }
}

op! {
    /// Adds a sighting (`POST /sightings/add[/{attribute}]`): on one attribute, or on every
    /// attribute matching `value`/`values`/`uuid` in the body. The body carries `source`,
    /// `type` (0 sighting, 1 false positive, 2 expiration) and `timestamp`. A 200 answer
    /// without a sighting ("Could not add the Sighting ...") is a validation error.
    pub struct AddSighting {
        /// The attribute, when the sighting is for one attribute.
        pub attribute: Option<AttributeRef>,
        /// The sighting.
        pub sighting: Sighting,
    }
    POST |s| match s.attribute {
        Some(a) => P::new("sightings/add").segment(a).build(),
        None => "/sightings/add".into(),
    } => Sighting: entity("Sighting");
    body |s| Body::json(&s.sighting)
}

op! {
    /// Deletes a sighting (`POST /sightings/delete/{id}`).
    pub struct DeleteSighting(
        /// The sighting's id.
        pub sighting: u64
    );
    POST |s| P::new("sightings/delete").segment(s.sighting).build() => Ack: ack();
    idempotency |s| Idempotency::Safe
}

op! {
    /// Lists the sightings of an event's attributes (`GET /sightings/index/{event}`).
    pub struct ListEventSightings(
        /// The event.
        pub event: crate::EventRef
    );
    GET |s| P::new("sightings/index").segment(s.event).build() => Vec<Sighting>: list("Sighting")
}
