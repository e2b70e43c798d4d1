//! Taxonomies: list, get, enable/disable, their tags, required flag, update.

use std::fmt;

use serde_json::json;

use crate::macros::op;
use crate::records::Taxonomy;
use crate::wire::{Body, PathBuilder as P};
use crate::{Ack, Idempotency};

/// A taxonomy, by numeric id or by namespace.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TaxonomyRef {
    /// The numeric id.
    Id(u64),
    /// The namespace (`tlp`, `admiralty-scale` ...).
    Namespace(String),
}

impl fmt::Display for TaxonomyRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TaxonomyRef::Id(id) => write!(f, "{id}"),
            TaxonomyRef::Namespace(ns) => f.write_str(ns),
        }
    }
}

impl From<u64> for TaxonomyRef {
    fn from(id: u64) -> Self {
        TaxonomyRef::Id(id)
    }
}

impl From<&str> for TaxonomyRef {
    fn from(ns: &str) -> Self {
        match ns.parse() {
            Ok(id) => TaxonomyRef::Id(id),
            Err(_) => TaxonomyRef::Namespace(ns.to_owned()),
        }
    }
}

op! {
    /// Lists the taxonomies with their tag counts (`GET /taxonomies/index`).
    pub struct ListTaxonomies;
    GET |s| "/taxonomies/index".into() => Vec<Taxonomy>: list("Taxonomy")
}

op! {
    /// Fetches one taxonomy with its entries (`GET /taxonomies/view/{id|namespace}`).
    pub struct GetTaxonomy(
        /// The taxonomy.
        pub taxonomy: TaxonomyRef
    );
    GET |s| P::new("taxonomies/view").segment(&s.taxonomy).build() => Taxonomy: entity("Taxonomy")
}

op! {
    /// Exports a taxonomy in the misp-taxonomies `machinetag.json` form
    /// (`GET /taxonomies/export/{id}`): namespace, predicates and values.
    pub struct ExportTaxonomy(
        /// The taxonomy's id.
        pub taxonomy: u64
    );
    GET |s| P::new("taxonomies/export").segment(s.taxonomy).build() => serde_json::Value: json()
}

op! {
    /// Enables a taxonomy (`POST /taxonomies/enable/{id}`).
    pub struct EnableTaxonomy(
        /// The taxonomy's id.
        pub taxonomy: u64
    );
    POST |s| P::new("taxonomies/enable").segment(s.taxonomy).build() => Ack: ack();
    idempotency |s| Idempotency::Safe
}

op! {
    /// Disables a taxonomy (`POST /taxonomies/disable/{id}`). PyMISP's `disable_taxonomy`
    /// first sends [`DisableTaxonomyTags`].
    pub struct DisableTaxonomy(
        /// The taxonomy's id.
        pub taxonomy: u64
    );
    POST |s| P::new("taxonomies/disable").segment(s.taxonomy).build() => Ack: ack();
    idempotency |s| Idempotency::Safe
}

op! {
    /// Hides the tags of a taxonomy (`POST /taxonomies/disableTag/{id}`).
    pub struct DisableTaxonomyTags(
        /// The taxonomy's id.
        pub taxonomy: u64
    );
    POST |s| P::new("taxonomies/disableTag").segment(s.taxonomy).build() => Ack: ack();
    idempotency |s| Idempotency::Safe
}

op! {
    /// Creates the tags of an enabled taxonomy (`POST /taxonomies/addTag/{id}`).
    pub struct EnableTaxonomyTags(
        /// The taxonomy's id.
        pub taxonomy: u64
    );
    POST |s| P::new("taxonomies/addTag").segment(s.taxonomy).build() => Ack: ack();
    idempotency |s| Idempotency::Safe
}

op! {
    /// Updates the taxonomies from the repository shipped with MISP (`POST /taxonomies/update`).
    pub struct UpdateTaxonomies;
    POST |s| "/taxonomies/update".into() => Ack: ack();
    idempotency |s| Idempotency::Safe
}

op! {
    /// Makes a taxonomy required (or not) to publish (`POST /taxonomies/toggleRequired/{id}`).
    pub struct SetTaxonomyRequired {
        /// The taxonomy's id.
        pub taxonomy: u64,
        /// Required or not.
        pub required: bool,
    }
    POST |s| P::new("taxonomies/toggleRequired").segment(s.taxonomy).build() => Ack: ack();
    body |s| Body::json(&json!({ "Taxonomy": { "required": s.required } }));
    idempotency |s| Idempotency::Safe
}
