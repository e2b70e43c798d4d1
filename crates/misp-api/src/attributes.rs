//! Attributes: list, get, exists, add (one or many), update, delete, restore, enrich.

use crate::macros::op;
use crate::model::Attribute;
use crate::wire::{Body, Operation, PathBuilder as P, Reply};
use crate::{
    Ack, ApiError, AttributeRef, BuildError, EventRef, FieldError, Idempotency, creation,
    delete_body, modules_body,
};

op! {
    /// Lists attributes (`GET /attributes/index`, paginated by the server at 60 by default);
    /// prefer [`SearchAttributes`](crate::search::SearchAttributes) for anything filtered.
    pub struct ListAttributes;
    GET |s| "/attributes/index".into() => Vec<Attribute>: list("Attribute")
}

op! {
    /// Fetches one attribute (`GET /attributes/view/{id}`).
    pub struct GetAttribute(
        /// The attribute.
        pub attribute: AttributeRef
    );
    GET |s| P::new("attributes/view").segment(s.attribute).build() => Attribute: entity("Attribute")
}

op! {
    /// Whether an attribute exists (`HEAD /attributes/view/{id}`).
    pub struct AttributeExists(
        /// The attribute.
        pub attribute: AttributeRef
    );
    HEAD |s| P::new("attributes/view").segment(s.attribute).build() => bool: exists()
}

fn add_path(event: EventRef, break_on_duplicate: Option<bool>) -> String {
    let p = P::new("attributes/add").segment(event);
    match break_on_duplicate {
        Some(b) => p.named("breakOnDuplicate", u8::from(b)).build(),
        None => p.build(),
    }
}

op! {
    /// Adds one attribute to an event (`POST /attributes/add/{event}`), sent flat.
    pub struct AddAttribute {
        /// The event.
        pub event: EventRef,
        /// The attribute.
        pub attribute: Attribute,
        /// `Some(false)` lets the server store a duplicate value (`/breakOnDuplicate:0`).
        pub break_on_duplicate: Option<bool>,
    }
    POST |s| add_path(s.event, s.break_on_duplicate) => Attribute: entity("Attribute");
    body |s| Body::json(&s.attribute);
    idempotency |s| creation(&s.attribute)
}

impl AddAttribute {
    /// Adds `attribute` to `event`.
    pub fn new(event: impl Into<EventRef>, attribute: Attribute) -> Self {
        AddAttribute {
            event: event.into(),
            attribute,
            break_on_duplicate: None,
        }
    }
}

/// The outcome of a bulk add: what was saved, and what the server refused, per attribute
/// (`attribute_2.value` ...).
#[derive(Clone, Debug, PartialEq)]
pub struct AddedAttributes {
    /// The attributes saved.
    pub attributes: Vec<Attribute>,
    /// The refusals, field by field.
    pub errors: Vec<FieldError>,
}

/// Adds several attributes to an event in one request (`POST /attributes/add/{event}` with a
/// JSON array). The server saves what it can and reports the rest.
#[derive(Clone, Debug, PartialEq)]
pub struct AddAttributes {
    /// The event.
    pub event: EventRef,
    /// The attributes.
    pub attributes: Vec<Attribute>,
    /// `Some(false)` lets the server store duplicate values.
    pub break_on_duplicate: Option<bool>,
}

impl AddAttributes {
    /// Adds `attributes` to `event`.
    pub fn new(event: impl Into<EventRef>, attributes: Vec<Attribute>) -> Self {
        AddAttributes {
            event: event.into(),
            attributes,
            break_on_duplicate: None,
        }
    }
}

misp_types::record! {
    /// The answer to a bulk add: the attributes saved (a list, or one object when there was one)
    /// and the errors of those refused.
    struct BulkReply {
        /// The attributes saved.
        "Attribute" => attributes: Vec<Attribute>,
        /// Why the others were refused.
        "errors" => errors: Option<serde_json::Value>,
    }
}

impl Operation for AddAttributes {
    type Output = AddedAttributes;
    fn method(&self) -> http::Method {
        http::Method::POST
    }
    fn path(&self) -> String {
        add_path(self.event, self.break_on_duplicate)
    }
    fn body(&self) -> Result<Body, BuildError> {
        if self.attributes.is_empty() {
            return Err(BuildError::invalid(
                "attributes",
                "give at least one attribute",
            ));
        }
        Body::json(&self.attributes)
    }
    fn decode_reply(&self, reply: Reply) -> Result<AddedAttributes, ApiError> {
        let context = reply.context().clone();
        let status = reply.status();
        let bulk: BulkReply = reply.json()?;
        let mut errors = Vec::new();
        if let Some(refused) = &bulk.errors {
            crate::wire::flatten_field_errors(refused, &mut errors);
        }
        if bulk.attributes.is_empty() {
            return Err(ApiError::Validation {
                context,
                status,
                message: "no attribute was saved".into(),
                errors,
            });
        }
        let attributes = bulk.attributes;
        Ok(AddedAttributes { attributes, errors })
    }
    fn idempotency_class(&self) -> Idempotency {
        if self
            .attributes
            .iter()
            .all(|a| crate::model::Identified::entity_uuid(a).is_some())
        {
            Idempotency::Safe
        } else {
            Idempotency::Unsafe
        }
    }
}

op! {
    /// Updates an attribute (`POST /attributes/edit/{id}`).
    pub struct UpdateAttribute {
        /// The attribute to update.
        pub target: AttributeRef,
        /// Its new content.
        pub attribute: Attribute,
    }
    POST |s| P::new("attributes/edit").segment(s.target).build() => Attribute: entity("Attribute");
    body |s| Body::json(&s.attribute);
    idempotency |s| Idempotency::Safe
}

op! {
    /// Deletes an attribute, softly or for good (`POST /attributes/delete/{id}`).
    pub struct DeleteAttribute {
        /// The attribute.
        pub attribute: AttributeRef,
        /// Delete for good instead of marking deleted.
        pub hard: bool,
    }
    POST |s| P::new("attributes/delete").segment(s.attribute).build() => Ack: ack();
    body |s| delete_body(s.hard);
    idempotency |s| Idempotency::Safe
}

op! {
    /// Restores a soft-deleted attribute (`POST /attributes/restore/{id}`).
    pub struct RestoreAttribute(
        /// The attribute.
        pub attribute: AttributeRef
    );
    POST |s| P::new("attributes/restore").segment(s.attribute).build() => Ack: ack();
    idempotency |s| Idempotency::Safe
}

op! {
    /// Runs enrichment modules on an attribute (`POST /attributes/enrich/{id}`).
    pub struct EnrichAttribute {
        /// The attribute.
        pub attribute: AttributeRef,
        /// The modules to run (at least one).
        pub modules: Vec<String>,
    }
    POST |s| P::new("attributes/enrich").segment(s.attribute).build() => Ack: ack();
    body |s| modules_body(&s.modules)
}
