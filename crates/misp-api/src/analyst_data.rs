//! Analyst data: notes, opinions and relationships attached to any entity by UUID.
//!
//! Every call names the kind (`Note`, `Opinion`, `Relationship`) in the path. PyMISP uses the
//! kind `all` when given a bare id, which the server refuses (405 "Invalid type."); here the
//! kind always comes from the operation's type.

use crate::macros::op;
use crate::model::{Note, Opinion, Relationship};
use crate::wire::{Body, PathBuilder as P};
use crate::{Ack, IdOrUuid, Idempotency, creation};

/// The kind of entity analyst data is attached to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TargetType {
    /// An event.
    Event,
    /// An attribute.
    Attribute,
    /// An object.
    Object,
    /// An event report.
    EventReport,
    /// A galaxy cluster.
    GalaxyCluster,
    /// A note.
    Note,
    /// An opinion.
    Opinion,
    /// A relationship.
    Relationship,
    /// An organisation.
    Organisation,
    /// A sighting.
    Sighting,
}

impl TargetType {
    /// The name MISP uses.
    pub fn as_str(self) -> &'static str {
        match self {
            TargetType::Event => "Event",
            TargetType::Attribute => "Attribute",
            TargetType::Object => "Object",
            TargetType::EventReport => "EventReport",
            TargetType::GalaxyCluster => "GalaxyCluster",
            TargetType::Note => "Note",
            TargetType::Opinion => "Opinion",
            TargetType::Relationship => "Relationship",
            TargetType::Organisation => "Organisation",
            TargetType::Sighting => "Sighting",
        }
    }
}

macro_rules! analyst_kind {
    ($kind:literal, $record:ty, $get:ident, $add:ident, $update:ident, $delete:ident) => {
        op! {
            #[doc = concat!("Fetches one ", $kind, " (`GET /analyst_data/view/", $kind, "/{id}`).")]
            pub struct $get(
                #[doc = concat!("The ", $kind, ", by id or UUID.")]
                pub id: IdOrUuid
            );
            GET |s| P::new("analyst_data/view").segment($kind).segment(s.id).build() => $record: entity($kind)
        }

        op! {
            #[doc = concat!("Attaches a ", $kind, " to an entity (`POST /analyst_data/add/", $kind, "/{uuid}/{type}`), sent flat.")]
            pub struct $add {
                /// The UUID of the entity it is about.
                pub target: uuid::Uuid,
                /// The kind of that entity.
                pub target_type: TargetType,
                #[doc = concat!("The ", $kind, ".")]
                pub data: $record,
            }
            POST |s| P::new("analyst_data/add").segment($kind).segment(s.target).segment(s.target_type.as_str()).build() => $record: entity($kind);
            body |s| Body::json(&s.data);
            idempotency |s| creation(&s.data)
        }

        op! {
            #[doc = concat!("Updates a ", $kind, " (`POST /analyst_data/edit/", $kind, "/{id}`).")]
            pub struct $update {
                #[doc = concat!("The ", $kind, " to update.")]
                pub target: IdOrUuid,
                /// Its new content.
                pub data: $record,
            }
            POST |s| P::new("analyst_data/edit").segment($kind).segment(s.target).build() => $record: entity($kind);
            body |s| Body::json(&s.data);
            idempotency |s| Idempotency::Safe
        }

        op! {
            #[doc = concat!("Deletes a ", $kind, " (`POST /analyst_data/delete/", $kind, "/{id}`).")]
            pub struct $delete(
                #[doc = concat!("The ", $kind, ", by id or UUID.")]
                pub id: IdOrUuid
            );
            POST |s| P::new("analyst_data/delete").segment($kind).segment(s.id).build() => Ack: ack();
            idempotency |s| Idempotency::Safe
        }
    };
}

analyst_kind!("Note", Note, GetNote, AddNote, UpdateNote, DeleteNote);
analyst_kind!(
    "Opinion",
    Opinion,
    GetOpinion,
    AddOpinion,
    UpdateOpinion,
    DeleteOpinion
);
analyst_kind!(
    "Relationship",
    Relationship,
    GetRelationship,
    AddRelationship,
    UpdateRelationship,
    DeleteRelationship
);
