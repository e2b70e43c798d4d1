//! Roles and their permissions.

use crate::record;

record! {
    /// A role: a named set of permissions (`roles/index`, `admin/roles/add`).
    ///
    /// `admin/roles/edit` is not partial: every permission left out falls back to its
    /// default, so an edit sends the whole role.
    pub struct Role {
        /// The local id.
        "id" => id: Option<u64>,
        /// The name.
        "name" => name: Option<String>,
        /// The access level over events, `0` to `3`; see [`Role::access`].
        "permission" => permission: Option<u64>,
        /// Add events.
        "perm_add" => perm_add: Option<bool>,
        /// Modify the user's own events.
        "perm_modify" => perm_modify: Option<bool>,
        /// Modify the organisation's events.
        "perm_modify_org" => perm_modify_org: Option<bool>,
        /// Publish events.
        "perm_publish" => perm_publish: Option<bool>,
        /// Delegate events.
        "perm_delegate" => perm_delegate: Option<bool>,
        /// Synchronise with other instances.
        "perm_sync" => perm_sync: Option<bool>,
        /// Administer the organisation.
        "perm_admin" => perm_admin: Option<bool>,
        /// Read the audit log.
        "perm_audit" => perm_audit: Option<bool>,
        /// Use the API.
        "perm_auth" => perm_auth: Option<bool>,
        /// Administer the instance.
        "perm_site_admin" => perm_site_admin: Option<bool>,
        /// Manage regular expressions.
        "perm_regexp_access" => perm_regexp_access: Option<bool>,
        /// Tag events and attributes.
        "perm_tagger" => perm_tagger: Option<bool>,
        /// Manage templates.
        "perm_template" => perm_template: Option<bool>,
        /// Manage sharing groups.
        "perm_sharing_group" => perm_sharing_group: Option<bool>,
        /// Create and edit tags.
        "perm_tag_editor" => perm_tag_editor: Option<bool>,
        /// Add sightings.
        "perm_sighting" => perm_sighting: Option<bool>,
        /// Manage object templates.
        "perm_object_template" => perm_object_template: Option<bool>,
        /// Publish to ZMQ.
        "perm_publish_zmq" => perm_publish_zmq: Option<bool>,
        /// Publish to Kafka.
        "perm_publish_kafka" => perm_publish_kafka: Option<bool>,
        /// Manage decaying models.
        "perm_decaying" => perm_decaying: Option<bool>,
        /// Edit galaxies.
        "perm_galaxy_editor" => perm_galaxy_editor: Option<bool>,
        /// Manage warninglists.
        "perm_warninglist" => perm_warninglist: Option<bool>,
        /// See feed correlations.
        "perm_view_feed_correlations" => perm_view_feed_correlations: Option<bool>,
        /// Write analyst data.
        "perm_analyst_data" => perm_analyst_data: Option<bool>,
        /// Log in without a second factor.
        "perm_skip_otp" => perm_skip_otp: Option<bool>,
        /// Whether it is the role new users get.
        "default_role" => default_role: Option<bool>,
        /// Whether only site admins may give it.
        "restricted_to_site_admin" => restricted_to_site_admin: Option<bool>,
        /// Whether API calls are rate limited.
        "enforce_rate_limit" => enforce_rate_limit: Option<bool>,
        /// The rate limit (calls per 15 minutes).
        "rate_limit_count" => rate_limit_count: Option<u64>,
        /// PHP's memory limit for the role's searches.
        "memory_limit" => memory_limit: Option<String>,
        /// PHP's time limit for the role's searches.
        "max_execution_time" => max_execution_time: Option<String>,
        /// When it was created, as the server writes it.
        "created" => created: Option<String>,
        /// When it was last changed, as the server writes it.
        "modified" => modified: Option<String>,
    }
}

/// What a role may do with events: MISP's `permission` column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RoleAccess {
    /// `0`: read only.
    ReadOnly,
    /// `1`: manage the user's own events.
    ManageOwn,
    /// `2`: manage the organisation's events.
    ManageOrg,
    /// `3`: manage and publish.
    Publish,
}

impl RoleAccess {
    /// The value of the `permission` column.
    pub fn code(self) -> u64 {
        match self {
            RoleAccess::ReadOnly => 0,
            RoleAccess::ManageOwn => 1,
            RoleAccess::ManageOrg => 2,
            RoleAccess::Publish => 3,
        }
    }
}

impl Role {
    /// The access level over events, when `permission` holds one of MISP's four values.
    ///
    /// ```
    /// use misp_types::admin::{Role, RoleAccess};
    /// let role = Role { permission: Some(3), ..Default::default() };
    /// assert_eq!(role.access(), Some(RoleAccess::Publish));
    /// ```
    pub fn access(&self) -> Option<RoleAccess> {
        match self.permission? {
            0 => Some(RoleAccess::ReadOnly),
            1 => Some(RoleAccess::ManageOwn),
            2 => Some(RoleAccess::ManageOrg),
            3 => Some(RoleAccess::Publish),
            _ => None,
        }
    }

    /// Sets `permission` to `access`.
    #[must_use]
    pub fn with_access(mut self, access: RoleAccess) -> Self {
        self.permission = Some(access.code());
        self
    }
}
