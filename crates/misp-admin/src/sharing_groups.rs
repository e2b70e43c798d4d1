//! Sharing groups: list, get, exists, add, edit, delete, their organisations and servers, and
//! moving an event or attribute into one.

use misp_api::model::{Attribute, Event};
use misp_api::wire::{Body, Operation, PathBuilder as P, Reply};
use misp_api::{Ack, ApiError, BuildError, IdOrUuid, Idempotency, op};
use misp_types::{Distribution, SharingGroup};
use serde_json::json;

op! {
    /// Lists the sharing groups the key can see (`GET /sharingGroups/index`).
    pub struct ListSharingGroups;
    GET |s| "/sharingGroups/index".into() => Vec<SharingGroup>: list("SharingGroup")
}

op! {
    /// One sharing group with its organisations and servers (`GET /sharing_groups/view/{id}`).
    pub struct GetSharingGroup(
        /// The sharing group.
        pub sharing_group: IdOrUuid
    );
    GET |s| P::new("sharing_groups/view").segment(s.sharing_group).build() => SharingGroup: entity("SharingGroup")
}

op! {
    /// Whether a sharing group exists (`HEAD /sharing_groups/view/{id}`).
    pub struct SharingGroupExists(
        /// The sharing group.
        pub sharing_group: IdOrUuid
    );
    HEAD |s| P::new("sharing_groups/view").segment(s.sharing_group).build() => bool: exists()
}

op! {
    /// Creates a sharing group (`POST /sharingGroups/add`, flat). Organisations given in
    /// `SharingGroupOrg` are the only members: the creator's organisation is not added. A
    /// name already taken gets a random suffix.
    pub struct AddSharingGroup(
        /// The new sharing group (at least `name` and `releasability`).
        pub sharing_group: SharingGroup
    );
    POST |s| "/sharingGroups/add".into() => SharingGroup: entity("SharingGroup");
    body |s| Body::json(&s.sharing_group)
}

op! {
    /// Edits a sharing group (`POST /sharing_groups/edit/{id}`).
    pub struct UpdateSharingGroup {
        /// The sharing group.
        pub target: IdOrUuid,
        /// The fields to change (without `modified`, or the server keeps its copy).
        pub sharing_group: SharingGroup,
    }
    POST |s| P::new("sharing_groups/edit").segment(s.target).build() => SharingGroup: entity("SharingGroup");
    body |s| Body::json(&s.sharing_group);
    idempotency |s| Idempotency::Safe
}

impl UpdateSharingGroup {
    /// Changes `sharing_group`'s fields on `target`.
    pub fn new(target: impl Into<IdOrUuid>, sharing_group: SharingGroup) -> Self {
        UpdateSharingGroup {
            target: target.into(),
            sharing_group,
        }
    }
}

op! {
    /// Deletes a sharing group (`POST /sharingGroups/delete/{id}`); refused while data uses it.
    pub struct DeleteSharingGroup(
        /// The sharing group.
        pub sharing_group: IdOrUuid
    );
    POST |s| P::new("sharingGroups/delete").segment(s.sharing_group).build() => Ack: ack();
    idempotency |s| Idempotency::Safe
}

op! {
    /// Adds an organisation to a sharing group (`POST /sharingGroups/addOrg`,
    /// `{sg_id, org_id, extend}`); adding one already there is refused.
    pub struct AddOrgToSharingGroup {
        /// The sharing group.
        pub sharing_group: IdOrUuid,
        /// The organisation (id or UUID).
        pub organisation: IdOrUuid,
        /// Whether the organisation may extend the group.
        pub extend: bool,
    }
    POST |s| "/sharingGroups/addOrg".into() => Ack: ack();
    body |s| Body::json(&json!({"sg_id": s.sharing_group, "org_id": s.organisation, "extend": s.extend}));
    idempotency |s| Idempotency::Safe
}

op! {
    /// Removes an organisation from a sharing group (`POST /sharingGroups/removeOrg`).
    pub struct RemoveOrgFromSharingGroup {
        /// The sharing group.
        pub sharing_group: IdOrUuid,
        /// The organisation.
        pub organisation: IdOrUuid,
    }
    POST |s| "/sharingGroups/removeOrg".into() => Ack: ack();
    body |s| Body::json(&json!({"sg_id": s.sharing_group, "org_id": s.organisation}));
    idempotency |s| Idempotency::Safe
}

op! {
    /// Adds a sync server to a sharing group (`POST /sharingGroups/addServer`).
    pub struct AddServerToSharingGroup {
        /// The sharing group.
        pub sharing_group: IdOrUuid,
        /// The server.
        pub server: u64,
        /// Whether every organisation of the server is included.
        pub all_orgs: bool,
    }
    POST |s| "/sharingGroups/addServer".into() => Ack: ack();
    body |s| Body::json(&json!({"sg_id": s.sharing_group, "server_id": s.server, "all_orgs": s.all_orgs}));
    idempotency |s| Idempotency::Safe
}

op! {
    /// Removes a sync server from a sharing group (`POST /sharingGroups/removeServer`).
    pub struct RemoveServerFromSharingGroup {
        /// The sharing group.
        pub sharing_group: IdOrUuid,
        /// The server.
        pub server: u64,
    }
    POST |s| "/sharingGroups/removeServer".into() => Ack: ack();
    body |s| Body::json(&json!({"sg_id": s.sharing_group, "server_id": s.server}));
    idempotency |s| Idempotency::Safe
}

/// An entity whose sharing group [`ChangeSharingGroup`] changes.
#[derive(Clone, Debug, PartialEq)]
pub enum SharedEntity {
    /// An event (sent to `events/edit`).
    Event(Box<Event>),
    /// An attribute (sent to `attributes/edit`).
    Attribute(Box<Attribute>),
}

/// Moves an event or an attribute into a sharing group: the entity is sent back with
/// distribution 4 ("sharing group") and the group's id, without its embedded `SharingGroup`
/// (`POST /events/edit/{uuid}` or `/attributes/edit/{uuid}`).
#[derive(Clone, Debug, PartialEq)]
pub struct ChangeSharingGroup {
    /// The entity, as read from the server.
    pub entity: SharedEntity,
    /// The sharing group's id.
    pub sharing_group_id: u64,
}

impl ChangeSharingGroup {
    /// Moves `entity` into sharing group `sharing_group_id`.
    pub fn new(entity: SharedEntity, sharing_group_id: u64) -> Self {
        ChangeSharingGroup {
            entity,
            sharing_group_id,
        }
    }

    fn target(&self) -> Result<(&'static str, String), BuildError> {
        let (base, uuid, id) = match &self.entity {
            SharedEntity::Event(e) => ("events/edit", e.uuid, e.id),
            SharedEntity::Attribute(a) => ("attributes/edit", a.uuid, a.id),
        };
        match (uuid, id) {
            (Some(u), _) => Ok((base, u.to_string())),
            (None, Some(i)) => Ok((base, i.to_string())),
            (None, None) => Err(BuildError::invalid(
                "entity",
                "the entity has neither a UUID nor an id",
            )),
        }
    }
}

/// What [`ChangeSharingGroup`] answers: the entity as stored.
#[derive(Clone, Debug, PartialEq)]
pub enum SharedEntityStored {
    /// The event.
    Event(Box<Event>),
    /// The attribute.
    Attribute(Box<Attribute>),
}

impl Operation for ChangeSharingGroup {
    type Output = SharedEntityStored;
    fn method(&self) -> http::Method {
        http::Method::POST
    }
    fn path(&self) -> String {
        match self.target() {
            Ok((base, id)) => P::new(base).segment(id).build(),
            Err(_) => String::new(),
        }
    }
    fn body(&self) -> Result<Body, BuildError> {
        self.target()?;
        let sg = Some(self.sharing_group_id);
        match &self.entity {
            SharedEntity::Event(e) => {
                let mut e = (**e).clone();
                e.distribution = Some(Distribution::SharingGroup);
                e.sharing_group_id = sg;
                e.sharing_group = None;
                Body::json(&e)
            }
            SharedEntity::Attribute(a) => {
                let mut a = (**a).clone();
                a.distribution = Some(Distribution::SharingGroup);
                a.sharing_group_id = sg;
                a.extra.remove("SharingGroup");
                Body::json(&a)
            }
        }
    }
    fn decode_reply(&self, reply: Reply) -> Result<SharedEntityStored, ApiError> {
        Ok(match self.entity {
            SharedEntity::Event(_) => SharedEntityStored::Event(Box::new(reply.entity("Event")?)),
            SharedEntity::Attribute(_) => {
                SharedEntityStored::Attribute(Box::new(reply.entity("Attribute")?))
            }
        })
    }
    fn idempotency_class(&self) -> Idempotency {
        Idempotency::Safe
    }
}
