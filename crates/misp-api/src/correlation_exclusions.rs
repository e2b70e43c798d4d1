//! Correlation exclusions: list, get, add, delete, and clean the correlations they exclude.

use serde_json::json;

use crate::macros::op;
use crate::records::CorrelationExclusion;
use crate::wire::{Body, PathBuilder as P};
use crate::{Ack, Idempotency};

op! {
    /// Lists the exclusions (`GET /correlation_exclusions`).
    pub struct ListCorrelationExclusions;
    GET |s| "/correlation_exclusions".into() => Vec<CorrelationExclusion>: list("CorrelationExclusion")
}

op! {
    /// Fetches one exclusion (`GET /correlation_exclusions/view/{id}`).
    pub struct GetCorrelationExclusion(
        /// The exclusion's id.
        pub exclusion: u64
    );
    GET |s| P::new("correlation_exclusions/view").segment(s.exclusion).build() => CorrelationExclusion: entity("CorrelationExclusion")
}

op! {
    /// Excludes a value from correlation (`POST /correlation_exclusions/add`).
    pub struct AddCorrelationExclusion {
        /// The value (`%`/`*` wildcards allowed).
        pub value: String,
        /// A comment.
        pub comment: Option<String>,
    }
    POST |s| "/correlation_exclusions/add".into() => CorrelationExclusion: entity("CorrelationExclusion");
    body |s| {
        let mut body = json!({ "value": s.value });
        if let Some(c) = &s.comment
            && let Some(o) = body.as_object_mut() {
            o.insert("comment".into(), json!(c));
        }
        Body::json(&body)
    }
}

op! {
    /// Deletes an exclusion (`POST /correlation_exclusions/delete/{id}`).
    pub struct DeleteCorrelationExclusion(
        /// The exclusion's id.
        pub exclusion: u64
    );
    POST |s| P::new("correlation_exclusions/delete").segment(s.exclusion).build() => Ack: ack();
    idempotency |s| Idempotency::Safe
}

op! {
    /// Removes the correlations the exclusions now forbid (`POST /correlation_exclusions/clean`).
    pub struct CleanCorrelationExclusions;
    POST |s| "/correlation_exclusions/clean".into() => Ack: ack();
    idempotency |s| Idempotency::Safe
}
