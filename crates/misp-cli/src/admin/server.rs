//! `misp server ...`: sync servers.

use clap::{Args, Subcommand};
use misp_admin::AdminExt;
use misp_admin::servers::{PullServer, PushServer};
use misp_types::admin::{Secret, Server};
use serde_json::json;

use super::{ack, list, parse_bool, plain, record};
use crate::context::Context;
use crate::error::CliError;
use crate::output::Columns;

/// The columns of a sync server.
pub const SERVER_COLUMNS: Columns<'static> = &[
    ("id", "/id"),
    ("name", "/name"),
    ("url", "/url"),
    ("remote_org", "/RemoteOrg/name"),
    ("push", "/push"),
    ("pull", "/pull"),
    ("caching", "/caching_enabled"),
    ("self_signed", "/self_signed"),
    ("priority", "/priority"),
];

/// The fields of a sync server that `add` and `edit` set.
#[derive(Debug, Args)]
pub struct ServerFields {
    /// The id (here) of the remote instance's organisation.
    #[arg(long, value_name = "ORG_ID")]
    pub remote_org: Option<u64>,
    /// The key of the sync user on the remote instance (`-` reads it from stdin; other users
    /// may see command lines).
    #[arg(long, value_name = "KEY")]
    pub remote_key: Option<String>,
    /// Push events to the remote.
    #[arg(long, value_name = "BOOL", num_args = 0..=1, default_missing_value = "true", value_parser = parse_bool)]
    pub push: Option<bool>,
    /// Pull events from the remote.
    #[arg(long, value_name = "BOOL", num_args = 0..=1, default_missing_value = "true", value_parser = parse_bool)]
    pub pull: Option<bool>,
    /// Cache the remote's events for correlation.
    #[arg(long, value_name = "BOOL", num_args = 0..=1, default_missing_value = "true", value_parser = parse_bool)]
    pub caching: Option<bool>,
    /// Accept the remote's self-signed certificate.
    #[arg(long, value_name = "BOOL", num_args = 0..=1, default_missing_value = "true", value_parser = parse_bool)]
    pub self_signed: Option<bool>,
}

impl ServerFields {
    fn apply(self, server: &mut Server) -> Result<(), CliError> {
        server.remote_org_id = self.remote_org;
        server.push = self.push;
        server.pull = self.pull;
        server.caching_enabled = self.caching;
        server.self_signed = self.self_signed;
        if let Some(key) = self.remote_key {
            let key = if key == "-" {
                let mut line = String::new();
                std::io::stdin()
                    .read_line(&mut line)
                    .map_err(|source| CliError::Read {
                        path: "-".into(),
                        source,
                    })?;
                line.trim().to_owned()
            } else {
                key
            };
            if key.is_empty() {
                return Err(CliError::Usage("--remote-key: the key is empty".into()));
            }
            server.authkey = Some(Secret::from(key));
        }
        Ok(())
    }
}

/// `misp server ...`.
#[derive(Debug, Subcommand)]
pub enum ServerCommand {
    /// List the sync servers.
    List,
    /// Add a sync server (the key it echoes back is not printed unless `--show-key`).
    Add {
        /// The name.
        name: String,
        /// The remote instance's root URL.
        #[arg(value_name = "URL")]
        remote_url: String,
        /// The other fields.
        #[command(flatten)]
        fields: ServerFields,
        /// Print the remote key the server echoes back.
        #[arg(long)]
        show_key: bool,
    },
    /// Change a sync server (only what is given changes).
    Edit {
        /// The server's id.
        id: u64,
        /// The new name.
        #[arg(long)]
        name: Option<String>,
        /// The new URL of the remote instance.
        #[arg(long, value_name = "URL")]
        remote_url: Option<String>,
        /// The other fields.
        #[command(flatten)]
        fields: ServerFields,
    },
    /// Delete a sync server.
    Delete {
        /// The server's id.
        id: u64,
    },
    /// Test the connection to a sync server; exit 1 when it fails.
    Test {
        /// The server's id.
        id: u64,
    },
    /// Pull from a sync server: everything, or one event.
    Pull {
        /// The server's id.
        id: u64,
        /// Only this remote event (id).
        #[arg(long, value_name = "ID")]
        event: Option<u64>,
    },
    /// Push to a sync server: everything, or one event.
    Push {
        /// The server's id.
        id: u64,
        /// Only this local event (id).
        #[arg(long, value_name = "ID")]
        event: Option<u64>,
    },
}

/// Runs `misp server ...`.
pub async fn run(command: ServerCommand, ctx: &mut Context) -> Result<(), CliError> {
    let client = ctx.client()?;
    match command {
        ServerCommand::List => {
            let servers = client.servers().list().await?;
            list(ctx, servers, SERVER_COLUMNS, plain)?;
        }
        ServerCommand::Add {
            name,
            remote_url,
            fields,
            show_key,
        } => {
            let mut server = Server {
                name: Some(name),
                url: Some(remote_url),
                ..Default::default()
            };
            fields.apply(&mut server)?;
            let added = client.servers().add(server).await?;
            record(ctx, &added, SERVER_COLUMNS, plain, show_key)?;
        }
        ServerCommand::Edit {
            id,
            name,
            remote_url,
            fields,
        } => {
            let mut change = Server {
                name,
                url: remote_url,
                ..Default::default()
            };
            fields.apply(&mut change)?;
            if change == Server::default() {
                return Err(CliError::Usage(
                    "nothing to change: give --name, --remote-url, --remote-org, --remote-key, --push, --pull, --caching or --self-signed".into(),
                ));
            }
            let server = client.servers().update(id, change).await?;
            record(ctx, &server, SERVER_COLUMNS, plain, false)?;
        }
        ServerCommand::Delete { id } => {
            let mut done = client.servers().delete(id).await?;
            // MISP answers `"id": "Server deleted"`: the id asked for is the meaningful one.
            done.id = Some(id.to_string());
            if let Some(body) = done.body.as_object_mut() {
                body.insert("id".into(), json!(id));
            }
            ack(ctx, &done)?;
        }
        ServerCommand::Test { id } => {
            let test = client.servers().test(id).await?;
            let mut shown = test.body.clone();
            super::redact(&mut shown);
            if let Some(map) = shown.as_object_mut() {
                map.insert("server".into(), json!(id));
                map.insert("result".into(), json!(test.status.name()));
            }
            let columns: Columns = &[
                ("server", "/server"),
                ("result", "/result"),
                ("status", "/status"),
                ("remote_version", "/version"),
            ];
            ctx.out().record(&shown, columns)?;
            if !test.is_ok() {
                return Err(CliError::Invalid(format!(
                    "server {id}: the connection test failed: {} (status {})",
                    test.status,
                    test.body
                        .get("status")
                        .map_or_else(String::new, |s| s.to_string())
                )));
            }
        }
        ServerCommand::Pull { id, event } => {
            let op = match event {
                Some(e) => PullServer::event(id, e),
                None => PullServer::new(id),
            };
            ack(ctx, &client.send(&op).await?)?;
        }
        ServerCommand::Push { id, event } => {
            let op = match event {
                Some(e) => PushServer::event(id, e),
                None => PushServer::new(id),
            };
            ack(ctx, &client.send(&op).await?)?;
        }
    }
    Ok(())
}
