//! `misp sharing-group ...`: sharing groups, their organisations and servers.

use clap::Subcommand;
use misp_admin::AdminExt;
use misp_admin::sharing_groups::{
    AddServerToSharingGroup, ListSharingGroups, RemoveServerFromSharingGroup, UpdateSharingGroup,
};
use misp_api::IdOrUuid;
use misp_types::SharingGroup;
use serde_json::{Map, Value};

use super::{ack, list, parse_bool, record};
use crate::context::Context;
use crate::error::CliError;
use crate::output::Columns;

/// The columns of a sharing group.
pub const SHARING_GROUP_COLUMNS: Columns<'static> = &[
    ("id", "/id"),
    ("name", "/name"),
    ("owner", "/Organisation/name"),
    ("releasability", "/releasability"),
    ("active", "/active"),
    ("orgs", "/org_names"),
    ("servers", "/server_ids"),
];

fn sg_display(map: &mut Map<String, Value>) {
    let orgs: Vec<Value> = map
        .get("SharingGroupOrg")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(|m| {
            m.pointer("/Organisation/name")
                .or_else(|| m.get("org_id"))
                .cloned()
                .unwrap_or(Value::Null)
        })
        .collect();
    let servers: Vec<Value> = map
        .get("SharingGroupServer")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(|s| match s.get("server_id") {
            Some(id) if id == 0 || id == "0" => Value::from("local"),
            Some(id) => id.clone(),
            None => Value::Null,
        })
        .collect();
    map.insert("org_names".into(), orgs.into());
    map.insert("server_ids".into(), servers.into());
}

/// `misp sharing-group ...`.
#[derive(Debug, Subcommand)]
pub enum SharingGroupCommand {
    /// List the sharing groups the key can see.
    List,
    /// Show a sharing group with its organisations and servers.
    Get {
        /// The sharing group's id or UUID.
        sharing_group: IdOrUuid,
    },
    /// Create a sharing group (add its organisations with `add-org`).
    Add {
        /// The name.
        #[arg(long)]
        name: String,
        /// The releasability statement.
        #[arg(long)]
        releasability: String,
        /// A description.
        #[arg(long)]
        description: Option<String>,
        /// Create it inactive.
        #[arg(long)]
        inactive: bool,
    },
    /// Change a sharing group (only what is given changes).
    Edit {
        /// The sharing group's id or UUID.
        sharing_group: IdOrUuid,
        /// The new name.
        #[arg(long)]
        name: Option<String>,
        /// The new releasability statement.
        #[arg(long)]
        releasability: Option<String>,
        /// The new description.
        #[arg(long)]
        description: Option<String>,
        /// Active or not (`--active false`).
        #[arg(long, value_name = "BOOL", value_parser = parse_bool)]
        active: Option<bool>,
    },
    /// Delete a sharing group (refused while data uses it).
    Delete {
        /// The sharing group's id or UUID.
        sharing_group: IdOrUuid,
    },
    /// Add an organisation to a sharing group.
    AddOrg {
        /// The sharing group's id or UUID.
        sharing_group: IdOrUuid,
        /// The organisation's id or UUID.
        org: IdOrUuid,
        /// The organisation may extend the group.
        #[arg(long)]
        extend: bool,
    },
    /// Remove an organisation from a sharing group.
    RemoveOrg {
        /// The sharing group's id or UUID.
        sharing_group: IdOrUuid,
        /// The organisation's id or UUID.
        org: IdOrUuid,
    },
    /// Add a sync server to a sharing group.
    AddServer {
        /// The sharing group's id or UUID.
        sharing_group: IdOrUuid,
        /// The server's id (0: this instance).
        server: u64,
        /// Every organisation of the server is a member.
        #[arg(long)]
        all_orgs: bool,
    },
    /// Remove a sync server from a sharing group.
    RemoveServer {
        /// The sharing group's id or UUID.
        sharing_group: IdOrUuid,
        /// The server's id.
        server: u64,
    },
}

/// Runs `misp sharing-group ...`.
pub async fn run(command: SharingGroupCommand, ctx: &mut Context) -> Result<(), CliError> {
    let client = ctx.client()?;
    match command {
        SharingGroupCommand::List => {
            let groups = client.send(&ListSharingGroups).await?;
            list(ctx, groups, SHARING_GROUP_COLUMNS, sg_display)?;
        }
        SharingGroupCommand::Get { sharing_group } => {
            let group = client.sharing_groups().get(sharing_group).await?;
            record(ctx, &group, SHARING_GROUP_COLUMNS, sg_display, false)?;
        }
        SharingGroupCommand::Add {
            name,
            releasability,
            description,
            inactive,
        } => {
            let group = SharingGroup {
                name: Some(name),
                releasability: Some(releasability),
                description,
                active: Some(!inactive),
                ..Default::default()
            };
            let group = client.sharing_groups().add(group).await?;
            record(ctx, &group, SHARING_GROUP_COLUMNS, sg_display, false)?;
        }
        SharingGroupCommand::Edit {
            sharing_group,
            name,
            releasability,
            description,
            active,
        } => {
            let change = SharingGroup {
                name,
                releasability,
                description,
                active,
                ..Default::default()
            };
            if change == SharingGroup::default() {
                return Err(CliError::Usage(
                    "nothing to change: give --name, --releasability, --description or --active"
                        .into(),
                ));
            }
            let group = client
                .send(&UpdateSharingGroup::new(sharing_group, change))
                .await?;
            record(ctx, &group, SHARING_GROUP_COLUMNS, sg_display, false)?;
        }
        SharingGroupCommand::Delete { sharing_group } => {
            let done = client.sharing_groups().delete(sharing_group).await?;
            ack(ctx, &done)?;
        }
        SharingGroupCommand::AddOrg {
            sharing_group,
            org,
            extend,
        } => {
            let done = client
                .sharing_groups()
                .add_org(sharing_group, org, extend)
                .await?;
            ack(ctx, &done)?;
        }
        SharingGroupCommand::RemoveOrg { sharing_group, org } => {
            let done = client
                .sharing_groups()
                .remove_org(sharing_group, org)
                .await?;
            ack(ctx, &done)?;
        }
        SharingGroupCommand::AddServer {
            sharing_group,
            server,
            all_orgs,
        } => {
            let op = AddServerToSharingGroup {
                sharing_group,
                server,
                all_orgs,
            };
            ack(ctx, &client.send(&op).await?)?;
        }
        SharingGroupCommand::RemoveServer {
            sharing_group,
            server,
        } => {
            let op = RemoveServerFromSharingGroup {
                sharing_group,
                server,
            };
            ack(ctx, &client.send(&op).await?)?;
        }
    }
    Ok(())
}
