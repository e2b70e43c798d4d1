//! Organisations and sharing groups.

use crate::record;

record! {
    /// An organisation (`Org`, `Orgc`, `Organisation`): the owner or creator of data.
    pub struct Organisation {
        /// Local id.
        "id" => id: Option<u64>,
        /// Name.
        "name" => name: Option<String>,
        /// UUID, the same on every instance. Text, not a typed UUID: MISP's built-in
        /// organisation (owner of the default galaxy clusters) has the uuid `"0"`.
        "uuid" => uuid: Option<String>,
        /// Whether the organisation is local to this instance.
        "local" => local: Option<bool>,
        /// Free-text description.
        "description" => description: Option<String>,
        /// Type of organisation (e.g. CSIRT).
        "type" => kind: Option<String>,
        /// Nationality.
        "nationality" => nationality: Option<String>,
        /// Sector.
        "sector" => sector: Option<String>,
    }
}

record! {
    /// A sharing group: a named set of organisations and servers that data may be shared with.
    pub struct SharingGroup {
        /// Local id.
        "id" => id: Option<u64>,
        /// UUID.
        "uuid" => uuid: Option<uuid::Uuid>,
        /// Name.
        "name" => name: Option<String>,
        /// Description.
        "description" => description: Option<String>,
        /// Releasability statement.
        "releasability" => releasability: Option<String>,
        /// Whether the group is local.
        "local" => local: Option<bool>,
        /// Whether the group is active.
        "active" => active: Option<bool>,
        /// Whether the group is roaming (not bound to servers).
        "roaming" => roaming: Option<bool>,
        /// Id of the owning organisation.
        "org_id" => org_id: Option<u64>,
        /// UUID of the owning organisation.
        "organisation_uuid" => organisation_uuid: Option<uuid::Uuid>,
        /// The owning organisation.
        "Organisation" => organisation: Option<Organisation>,
        /// The member organisations.
        "SharingGroupOrg" => orgs: Vec<SharingGroupOrg>,
        /// The member servers.
        "SharingGroupServer" => servers: Vec<SharingGroupServer>,
    }
}

record! {
    /// An organisation's membership of a sharing group.
    pub struct SharingGroupOrg {
        /// Local id.
        "id" => id: Option<u64>,
        /// The sharing group's id.
        "sharing_group_id" => sharing_group_id: Option<u64>,
        /// The organisation's id.
        "org_id" => org_id: Option<u64>,
        /// Whether the organisation may extend the group.
        "extend" => extend: Option<bool>,
        /// The organisation.
        "Organisation" => organisation: Option<Organisation>,
    }
}

record! {
    /// A server's membership of a sharing group.
    pub struct SharingGroupServer {
        /// Local id.
        "id" => id: Option<u64>,
        /// The sharing group's id.
        "sharing_group_id" => sharing_group_id: Option<u64>,
        /// The server's id (0 for the local instance).
        "server_id" => server_id: Option<u64>,
        /// Whether every organisation on the server is a member.
        "all_orgs" => all_orgs: Option<bool>,
    }
}
