//! Objects and object references: get, exists, add, update, delete.

use crate::macros::op;
use crate::model::{Object, ObjectReference};
use crate::wire::{Body, PathBuilder as P};
use crate::{Ack, EventRef, IdOrUuid, Idempotency, ObjectRef, creation, delete_body};

op! {
    /// Fetches one object with its attributes (`GET /objects/view/{id}`).
    pub struct GetObject(
        /// The object.
        pub object: ObjectRef
    );
    GET |s| P::new("objects/view").segment(s.object).build() => Object: entity("Object")
}

op! {
    /// Whether an object exists (`HEAD /objects/view/{id}`).
    pub struct ObjectExists(
        /// The object.
        pub object: ObjectRef
    );
    HEAD |s| P::new("objects/view").segment(s.object).build() => bool: exists()
}

op! {
    /// Adds an object to an event (`POST /objects/add/{event}`), sent flat.
    pub struct AddObject {
        /// The event.
        pub event: EventRef,
        /// The object, with its attributes.
        pub object: Object,
        /// Refuse an object identical to one already in the event (`/breakOnDuplicate:1`).
        pub break_on_duplicate: bool,
    }
    POST |s| {
        let p = P::new("objects/add").segment(s.event);
        if s.break_on_duplicate { p.named("breakOnDuplicate", 1).build() } else { p.build() }
    } => Object: entity("Object");
    body |s| Body::json(&s.object);
    idempotency |s| creation(&s.object)
}

impl AddObject {
    /// Adds `object` to `event`.
    pub fn new(event: impl Into<EventRef>, object: Object) -> Self {
        AddObject {
            event: event.into(),
            object,
            break_on_duplicate: false,
        }
    }
}

op! {
    /// Updates an object (`POST /objects/edit/{id}`).
    pub struct UpdateObject {
        /// The object to update.
        pub target: ObjectRef,
        /// Its new content.
        pub object: Object,
    }
    POST |s| P::new("objects/edit").segment(s.target).build() => Object: entity("Object");
    body |s| Body::json(&s.object);
    idempotency |s| Idempotency::Safe
}

op! {
    /// Deletes an object, softly or for good (`POST /objects/delete/{id}`).
    pub struct DeleteObject {
        /// The object.
        pub object: ObjectRef,
        /// Delete for good instead of marking deleted.
        pub hard: bool,
    }
    POST |s| P::new("objects/delete").segment(s.object).build() => Ack: ack();
    body |s| delete_body(s.hard);
    idempotency |s| Idempotency::Safe
}

op! {
    /// Adds a reference from an object to an object or attribute (`POST /objectReferences/add`),
    /// with `object_uuid`, `referenced_uuid` and `relationship_type`.
    pub struct AddObjectReference(
        /// The reference.
        pub reference: ObjectReference
    );
    POST |s| "/objectReferences/add".into() => ObjectReference: entity("ObjectReference");
    body |s| Body::json(&s.reference);
    idempotency |s| creation(&s.reference)
}

op! {
    /// Deletes a reference, softly or for good (`POST /objectReferences/delete/{id}[/true]`).
    pub struct DeleteObjectReference {
        /// The reference.
        pub reference: IdOrUuid,
        /// Delete for good.
        pub hard: bool,
    }
    POST |s| {
        let p = P::new("objectReferences/delete").segment(s.reference);
        if s.hard { p.segment("true").build() } else { p.build() }
    } => Ack: ack();
    idempotency |s| Idempotency::Safe
}
