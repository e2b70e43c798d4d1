//! Object templates: list, get, get the raw template, update from the shipped repository.

use crate::macros::op;
use crate::records::ObjectTemplate;
use crate::wire::PathBuilder as P;
use crate::{Ack, IdOrUuid, Idempotency};

op! {
    /// Lists the object templates (`GET /objectTemplates/index`).
    pub struct ListObjectTemplates;
    GET |s| "/objectTemplates/index".into() => Vec<ObjectTemplate>: list("ObjectTemplate")
}

op! {
    /// Fetches one template with its elements (`GET /objectTemplates/view/{id}`).
    pub struct GetObjectTemplate(
        /// The template, by id or UUID.
        pub template: IdOrUuid
    );
    GET |s| P::new("objectTemplates/view").segment(s.template).build() => ObjectTemplate: entity("ObjectTemplate")
}

op! {
    /// Fetches a template as its `definition.json` (`GET /objectTemplates/getRaw/{name|uuid}`).
    pub struct GetRawObjectTemplate(
        /// The template's name or UUID.
        pub template: String
    );
    GET |s| P::new("objectTemplates/getRaw").segment(&s.template).build() => serde_json::Value: json()
}

op! {
    /// Updates the templates from the repository shipped with MISP (`POST /objectTemplates/update`).
    pub struct UpdateObjectTemplates;
    POST |s| "/objectTemplates/update".into() => Ack: ack();
    idempotency |s| Idempotency::Safe
}
