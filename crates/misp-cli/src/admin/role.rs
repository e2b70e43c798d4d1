//! `misp role ...`: roles and their permissions.

use clap::{Args, Subcommand, ValueEnum};
use misp_admin::AdminExt;
use misp_admin::roles::{PERMISSIONS, SetDefaultRole, set_permission};
use misp_types::admin::{Role, RoleAccess};
use serde_json::{Map, Value};

use super::{ack, list, record};
use crate::context::Context;
use crate::error::CliError;
use crate::output::Columns;

/// The columns of a role.
pub const ROLE_COLUMNS: Columns<'static> = &[
    ("id", "/id"),
    ("name", "/name"),
    ("access", "/access"),
    ("default", "/default_role"),
    ("site_admin", "/perm_site_admin"),
    ("org_admin", "/perm_admin"),
    ("sync", "/perm_sync"),
    ("publish", "/perm_publish"),
    ("tagger", "/perm_tagger"),
    ("api", "/perm_auth"),
];

fn role_display(map: &mut Map<String, Value>) {
    let code = match map.get("permission") {
        Some(Value::Number(n)) => n.as_u64(),
        Some(Value::String(s)) => s.parse().ok(),
        _ => None,
    };
    let access = Role {
        permission: code,
        ..Default::default()
    }
    .access()
    .map(|a| Access::from(a).name());
    map.insert("access".into(), access.into());
}

/// What a role may do with events.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum Access {
    /// Read only.
    ReadOnly,
    /// Manage the user's own events.
    ManageOwn,
    /// Manage the organisation's events.
    ManageOrg,
    /// Manage and publish.
    Publish,
}

impl Access {
    fn name(self) -> &'static str {
        match self {
            Access::ReadOnly => "read-only",
            Access::ManageOwn => "manage-own",
            Access::ManageOrg => "manage-org",
            Access::Publish => "publish",
        }
    }
}

impl From<RoleAccess> for Access {
    fn from(a: RoleAccess) -> Self {
        match a {
            RoleAccess::ReadOnly => Access::ReadOnly,
            RoleAccess::ManageOwn => Access::ManageOwn,
            RoleAccess::ManageOrg => Access::ManageOrg,
            RoleAccess::Publish => Access::Publish,
        }
    }
}

impl From<Access> for RoleAccess {
    fn from(a: Access) -> Self {
        match a {
            Access::ReadOnly => RoleAccess::ReadOnly,
            Access::ManageOwn => RoleAccess::ManageOwn,
            Access::ManageOrg => RoleAccess::ManageOrg,
            Access::Publish => RoleAccess::Publish,
        }
    }
}

fn parse_permission(text: &str) -> Result<String, String> {
    let mut probe = Role::default();
    if set_permission(&mut probe, text, true) {
        Ok(text.to_owned())
    } else {
        let names: Vec<&str> = PERMISSIONS
            .iter()
            .map(|p| p.trim_start_matches("perm_"))
            .collect();
        Err(format!(
            "no permission `{text}` (known: {})",
            names.join(", ")
        ))
    }
}

/// The permissions `add` and `edit` change.
#[derive(Debug, Args)]
pub struct Permissions {
    /// What the role may do with events.
    #[arg(long, value_enum)]
    pub access: Option<Access>,
    /// A permission to grant: add, modify, publish, sync, admin, site_admin, tagger, auth,
    /// sighting ... (repeatable, or comma-separated).
    #[arg(long = "perm", value_name = "PERM", value_delimiter = ',', value_parser = parse_permission)]
    pub grant: Vec<String>,
    /// A permission to take away (repeatable, or comma-separated).
    #[arg(long = "no-perm", value_name = "PERM", value_delimiter = ',', value_parser = parse_permission)]
    pub revoke: Vec<String>,
}

impl Permissions {
    fn apply(&self, role: &mut Role) {
        if let Some(a) = self.access {
            role.permission = Some(RoleAccess::from(a).code());
        }
        for p in &self.grant {
            set_permission(role, p, true);
        }
        for p in &self.revoke {
            set_permission(role, p, false);
        }
    }

    fn is_empty(&self) -> bool {
        self.access.is_none() && self.grant.is_empty() && self.revoke.is_empty()
    }
}

/// `misp role ...`.
#[derive(Debug, Subcommand)]
pub enum RoleCommand {
    /// List the roles.
    List,
    /// Create a role.
    Add {
        /// The name.
        name: String,
        /// The permissions.
        #[command(flatten)]
        permissions: Permissions,
    },
    /// Change a role: the role is read and sent whole, so the permissions not named keep
    /// their value (the server's edit is not partial).
    Edit {
        /// The role's id.
        id: u64,
        /// The new name.
        #[arg(long)]
        name: Option<String>,
        /// The permissions to change.
        #[command(flatten)]
        permissions: Permissions,
    },
    /// Delete a role.
    Delete {
        /// The role's id.
        id: u64,
    },
    /// Make a role the one new users get.
    SetDefault {
        /// The role's id.
        id: u64,
    },
}

/// Runs `misp role ...`.
pub async fn run(command: RoleCommand, ctx: &mut Context) -> Result<(), CliError> {
    let client = ctx.client()?;
    match command {
        RoleCommand::List => {
            let roles = client.roles().list().await?;
            list(ctx, roles, ROLE_COLUMNS, role_display)?;
        }
        RoleCommand::Add { name, permissions } => {
            let mut role = Role {
                name: Some(name),
                ..Default::default()
            };
            permissions.apply(&mut role);
            let role = client.roles().add(role).await?;
            record(ctx, &role, ROLE_COLUMNS, role_display, false)?;
        }
        RoleCommand::Edit {
            id,
            name,
            permissions,
        } => {
            if name.is_none() && permissions.is_empty() {
                return Err(CliError::Usage(
                    "nothing to change: give --name, --access, --perm or --no-perm".into(),
                ));
            }
            let role = client
                .roles()
                .edit(id, |role| {
                    if let Some(n) = name {
                        role.name = Some(n);
                    }
                    permissions.apply(role);
                })
                .await?;
            record(ctx, &role, ROLE_COLUMNS, role_display, false)?;
        }
        RoleCommand::Delete { id } => {
            let done = client.roles().delete(id).await?;
            ack(ctx, &done)?;
        }
        RoleCommand::SetDefault { id } => {
            let done = client.send(&SetDefaultRole::new(id)).await?;
            ack(ctx, &done)?;
        }
    }
    Ok(())
}
