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
