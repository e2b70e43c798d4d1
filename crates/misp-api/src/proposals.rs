//! Attribute proposals (shadow attributes): list, get, propose an addition, a change or a
//! deletion, accept, discard.

use crate::macros::op;
use crate::model::{Attribute, ShadowAttribute};
use crate::wire::{Body, PathBuilder as P};
use crate::{Ack, AttributeRef, EventRef, Idempotency};

op! {
    /// Lists proposals, of one event or of all (`GET /shadowAttributes/index[/{event}]`).
    pub struct ListAttributeProposals(
        /// Only this event's proposals.
        pub event: Option<EventRef>
    );
    GET |s| match s.event {
        Some(e) => P::new("shadowAttributes/index").segment(e).build(),
        None => "/shadowAttributes/index".into(),
    } => Vec<ShadowAttribute>: list("ShadowAttribute")
}

op! {
    /// Fetches one proposal by its numeric id (`GET /shadowAttributes/view/{id}`).
    pub struct GetAttributeProposal(
        /// The proposal's id.
        pub proposal: u64
    );
    GET |s| P::new("shadowAttributes/view").segment(s.proposal).build() => ShadowAttribute: entity("ShadowAttribute")
}

op! {
    /// Proposes a new attribute for an event (`POST /shadowAttributes/add/{event}`).
    pub struct AddAttributeProposal {
        /// The event.
        pub event: EventRef,
        /// The proposed attribute.
        pub attribute: Attribute,
    }
    POST |s| P::new("shadowAttributes/add").segment(s.event).build() => ShadowAttribute: entity("ShadowAttribute");
    body |s| Body::json(&s.attribute)
}

op! {
    /// Proposes a change to an attribute (`POST /shadowAttributes/edit/{attribute}`).
    pub struct UpdateAttributeProposal {
        /// The attribute to change.
        pub attribute: AttributeRef,
        /// The proposed fields.
        pub changes: Attribute,
    }
    POST |s| P::new("shadowAttributes/edit").segment(s.attribute).build() => ShadowAttribute: entity("ShadowAttribute");
    body |s| Body::json(&s.changes)
}

op! {
    /// Proposes the deletion of an attribute (`POST /shadowAttributes/delete/{attribute}`).
    pub struct DeleteAttributeProposal(
        /// The attribute.
        pub attribute: AttributeRef
    );
    POST |s| P::new("shadowAttributes/delete").segment(s.attribute).build() => Ack: ack()
}

op! {
    /// Accepts a proposal (`POST /shadowAttributes/accept/{id}`).
    pub struct AcceptAttributeProposal(
        /// The proposal's id.
        pub proposal: u64
    );
    POST |s| P::new("shadowAttributes/accept").segment(s.proposal).build() => Ack: ack();
    idempotency |s| Idempotency::Safe
}

op! {
    /// Discards a proposal (`POST /shadowAttributes/discard/{id}`).
    pub struct DiscardAttributeProposal(
        /// The proposal's id.
        pub proposal: u64
    );
    POST |s| P::new("shadowAttributes/discard").segment(s.proposal).build() => Ack: ack();
    idempotency |s| Idempotency::Safe
}
