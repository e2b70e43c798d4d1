//! Event delegations: list, delegate an event, accept, discard.

use serde_json::json;

use crate::macros::op;
use crate::records::EventDelegation;
use crate::wire::{Body, PathBuilder as P};
use crate::{Ack, BuildError, Idempotency};

op! {
    /// Lists the pending delegations (`GET /eventDelegations`).
    pub struct ListEventDelegations;
    GET |s| "/eventDelegations".into() => Vec<EventDelegation>: list("EventDelegation")
}

op! {
    /// Accepts a delegation (`POST /eventDelegations/acceptDelegation/{id}`).
    pub struct AcceptEventDelegation(
        /// The delegation's id.
        pub delegation: u64
    );
    POST |s| P::new("eventDelegations/acceptDelegation").segment(s.delegation).build() => Ack: ack();
    idempotency |s| Idempotency::Safe
}

op! {
    /// Discards a delegation (`POST /eventDelegations/deleteDelegation/{id}`).
    pub struct DiscardEventDelegation(
        /// The delegation's id.
        pub delegation: u64
    );
    POST |s| P::new("eventDelegations/deleteDelegation").segment(s.delegation).build() => Ack: ack();
    idempotency |s| Idempotency::Safe
}

op! {
    /// Asks another organisation to take over an event
    /// (`POST /eventDelegations/delegateEvent/{event}`). The server only delegates events whose
    /// distribution is "your organisation only".
    pub struct DelegateEvent {
        /// The event's numeric id.
        pub event: u64,
        /// The organisation asked to take it.
        pub org_id: u64,
        /// The distribution it gets (0 to 4), or -1 to let the recipient decide.
        pub distribution: i8,
        /// The sharing group, for distribution 4.
        pub sharing_group_id: Option<u64>,
        /// A message for the recipient.
        pub message: String,
    }
    POST |s| P::new("eventDelegations/delegateEvent").segment(s.event).build() => EventDelegation: entity("EventDelegation");
    body |s| {
        if !(-1..=4).contains(&s.distribution) {
            return Err(BuildError::invalid("distribution", format!("{} is not -1 (recipient decides) or 0 to 4", s.distribution)));
        }
        if s.distribution == 4 && s.sharing_group_id.is_none() {
            return Err(BuildError::invalid("sharing_group_id", "distribution 4 needs a sharing group"));
        }
        let mut body = json!({
            "event_id": s.event,
            "org_id": s.org_id,
            "distribution": s.distribution,
            "message": s.message,
        });
        if let Some(sg) = s.sharing_group_id
            && let Some(o) = body.as_object_mut() {
            o.insert("sharing_group_id".into(), json!(sg));
        }
        Body::json(&body)
    }
}
