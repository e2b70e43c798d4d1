//! `misp org ...`: organisations.

use clap::{Args, Subcommand, ValueEnum};
use misp_admin::AdminExt;
use misp_admin::organisations::{ListOrganisations, OrgScope};
use misp_api::IdOrUuid;
use misp_types::Organisation;

use super::{ack, list, plain, record};
use crate::context::Context;
use crate::error::CliError;
use crate::output::Columns;

/// The columns of an organisation.
pub const ORG_COLUMNS: Columns<'static> = &[
    ("id", "/id"),
    ("name", "/name"),
    ("uuid", "/uuid"),
    ("local", "/local"),
    ("type", "/type"),
    ("sector", "/sector"),
    ("nationality", "/nationality"),
    ("users", "/user_count"),
];

/// Which organisations `misp org list` lists.
#[derive(Clone, Copy, Debug, Default, ValueEnum)]
pub enum Scope {
    /// The organisations with users on this instance.
    #[default]
    Local,
    /// The others, known from synchronised data.
    External,
    /// Both.
    All,
}

/// The fields of an organisation that `add` and `edit` set.
#[derive(Debug, Args)]
pub struct OrgFields {
    /// A description.
    #[arg(long)]
    pub description: Option<String>,
    /// The kind of organisation (CSIRT, ISAC ...).
    #[arg(long = "type", value_name = "TYPE")]
    pub kind: Option<String>,
    /// The nationality.
    #[arg(long)]
    pub nationality: Option<String>,
    /// The sector.
    #[arg(long)]
    pub sector: Option<String>,
}

impl OrgFields {
    fn apply(self, org: &mut Organisation) {
        org.description = self.description;
        org.kind = self.kind;
        org.nationality = self.nationality;
        org.sector = self.sector;
    }
}

/// `misp org ...`.
#[derive(Debug, Subcommand)]
pub enum OrgCommand {
    /// List organisations.
    List {
        /// Local (with users here), external, or all.
        #[arg(long, value_enum, default_value = "local")]
        scope: Scope,
        /// Only organisations with this text in their fields.
        #[arg(long, value_name = "TEXT")]
        search: Option<String>,
    },
    /// Show an organisation.
    Get {
        /// The organisation's id or UUID.
        org: IdOrUuid,
    },
    /// Create a local organisation.
    Add {
        /// The name.
        #[arg(long)]
        name: String,
        /// The UUID to give it (else the server makes one).
        #[arg(long)]
        uuid: Option<uuid::Uuid>,
        /// The other fields.
        #[command(flatten)]
        fields: OrgFields,
    },
    /// Change an organisation (only what is given changes).
    Edit {
        /// The organisation's id or UUID.
        org: IdOrUuid,
        /// The new name.
        #[arg(long)]
        name: Option<String>,
        /// The other fields.
        #[command(flatten)]
        fields: OrgFields,
    },
    /// Delete an organisation (refused while it has users).
    Delete {
        /// The organisation's id or UUID.
        org: IdOrUuid,
    },
}

/// Runs `misp org ...`.
pub async fn run(command: OrgCommand, ctx: &mut Context) -> Result<(), CliError> {
    let client = ctx.client()?;
    match command {
        OrgCommand::List { scope, search } => {
            let scope = match scope {
                Scope::Local => OrgScope::Local,
                Scope::External => OrgScope::External,
                Scope::All => OrgScope::All,
            };
            let op = ListOrganisations { scope, search };
            let orgs = client.send(&op).await?;
            list(ctx, orgs, ORG_COLUMNS, plain)?;
        }
        OrgCommand::Get { org } => {
            let org = client.organisations().get(org).await?;
            record(ctx, &org, ORG_COLUMNS, plain, false)?;
        }
        OrgCommand::Add { name, uuid, fields } => {
            let mut org = Organisation {
                name: Some(name),
                uuid: uuid.map(|u| u.to_string()),
                ..Default::default()
            };
            fields.apply(&mut org);
            let org = client.organisations().add(org).await?;
            record(ctx, &org, ORG_COLUMNS, plain, false)?;
        }
        OrgCommand::Edit { org, name, fields } => {
            let mut change = Organisation {
                name,
                ..Default::default()
            };
            fields.apply(&mut change);
            if change == Organisation::default() {
                return Err(CliError::Usage(
                    "nothing to change: give --name, --description, --type, --nationality or --sector"
                        .into(),
                ));
            }
            let org = client.organisations().update(org, change).await?;
            record(ctx, &org, ORG_COLUMNS, plain, false)?;
        }
        OrgCommand::Delete { org } => {
            let done = client.organisations().delete(org).await?;
            ack(ctx, &done)?;
        }
    }
    Ok(())
}
