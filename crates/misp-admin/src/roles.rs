//! Roles: list, add, edit (the whole role), set default, delete.

use misp_api::wire::{Body, PathBuilder as P};
use misp_api::{Ack, Idempotency, op};
use misp_types::admin::Role;

op! {
    /// Lists the roles (`GET /roles/index`).
    pub struct ListRoles;
    GET |s| "/roles/index".into() => Vec<Role>: list("Role")
}

op! {
    /// Creates a role (`POST /admin/roles/add`, flat).
    pub struct AddRole(
        /// The new role (at least `name`).
        pub role: Role
    );
    POST |s| "/admin/roles/add".into() => Role: entity("Role");
    body |s| Body::json(&s.role)
}

op! {
    /// Replaces a role (`POST /admin/roles/edit/{id}`).
    ///
    /// The server's edit is not partial: every permission left out falls back to its
    /// default (`permission` to read-only, the `perm_*` flags to false). Send the whole role:
    /// read it first (the client's `roles().edit(id, change)` does).
    pub struct UpdateRole {
        /// The role's id.
        pub role_id: u64,
        /// The whole role, as it should be.
        pub role: Role,
    }
    POST |s| P::new("admin/roles/edit").segment(s.role_id).build() => Role: entity("Role");
    body |s| Body::json(&s.role);
    idempotency |s| Idempotency::Safe
}

impl UpdateRole {
    /// Replaces role `role_id` with `role`.
    pub fn new(role_id: u64, role: Role) -> Self {
        UpdateRole { role_id, role }
    }
}

op! {
    /// Makes a role the one new users get (`POST /admin/roles/set_default/{id}`).
    pub struct SetDefaultRole(
        /// The role's id.
        pub role_id: u64
    );
    POST |s| P::new("admin/roles/set_default").segment(s.role_id).build() => Ack: ack();
    idempotency |s| Idempotency::Safe
}

op! {
    /// Deletes a role (`POST /admin/roles/delete/{id}`).
    pub struct DeleteRole(
        /// The role's id.
        pub role_id: u64
    );
    POST |s| P::new("admin/roles/delete").segment(s.role_id).build() => Ack: ack();
    idempotency |s| Idempotency::Safe
}

/// The names of a role's permission flags (`perm_add` ... `perm_skip_otp`), as the server
/// spells them.
pub const PERMISSIONS: &[&str] = &[
    "perm_add",
    "perm_modify",
    "perm_modify_org",
    "perm_publish",
    "perm_delegate",
    "perm_sync",
    "perm_admin",
    "perm_audit",
    "perm_auth",
    "perm_site_admin",
    "perm_regexp_access",
    "perm_tagger",
    "perm_template",
    "perm_sharing_group",
    "perm_tag_editor",
    "perm_sighting",
    "perm_object_template",
    "perm_publish_zmq",
    "perm_publish_kafka",
    "perm_decaying",
    "perm_galaxy_editor",
    "perm_warninglist",
    "perm_view_feed_correlations",
    "perm_analyst_data",
    "perm_skip_otp",
];

/// Sets the permission flag `name` (`tagger` or `perm_tagger`) of `role` to `on`; `false`
/// when there is no such permission.
///
/// ```
/// use misp_admin::roles::set_permission;
/// use misp_types::admin::Role;
/// let mut role = Role::default();
/// assert!(set_permission(&mut role, "tagger", true));
/// assert!(set_permission(&mut role, "perm_sync", false));
/// assert_eq!((role.perm_tagger, role.perm_sync), (Some(true), Some(false)));
/// assert!(!set_permission(&mut role, "fly", true));
/// ```
pub fn set_permission(role: &mut Role, name: &str, on: bool) -> bool {
    let name = name.strip_prefix("perm_").unwrap_or(name);
    let flag = match name {
        "add" => &mut role.perm_add,
        "modify" => &mut role.perm_modify,
        "modify_org" => &mut role.perm_modify_org,
        "publish" => &mut role.perm_publish,
        "delegate" => &mut role.perm_delegate,
        "sync" => &mut role.perm_sync,
        "admin" => &mut role.perm_admin,
        "audit" => &mut role.perm_audit,
        "auth" => &mut role.perm_auth,
        "site_admin" => &mut role.perm_site_admin,
        "regexp_access" => &mut role.perm_regexp_access,
        "tagger" => &mut role.perm_tagger,
        "template" => &mut role.perm_template,
        "sharing_group" => &mut role.perm_sharing_group,
        "tag_editor" => &mut role.perm_tag_editor,
        "sighting" => &mut role.perm_sighting,
        "object_template" => &mut role.perm_object_template,
        "publish_zmq" => &mut role.perm_publish_zmq,
        "publish_kafka" => &mut role.perm_publish_kafka,
        "decaying" => &mut role.perm_decaying,
        "galaxy_editor" => &mut role.perm_galaxy_editor,
        "warninglist" => &mut role.perm_warninglist,
        "view_feed_correlations" => &mut role.perm_view_feed_correlations,
        "analyst_data" => &mut role.perm_analyst_data,
        "skip_otp" => &mut role.perm_skip_otp,
        _ => return false,
    };
    *flag = Some(on);
    true
}
