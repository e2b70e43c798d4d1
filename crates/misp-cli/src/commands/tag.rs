//! `misp tag ...`: the server's tags; attaching and detaching them.

use clap::Subcommand;
use misp_api::tags::{AttachTag, ListTags};

use super::{ACK_COLUMNS, ack_json};
use crate::context::Context;
use crate::error::CliError;
use crate::output::Columns;

/// The columns of `misp tag list`.
pub const TAG_COLUMNS: Columns<'static> = &[
    ("id", "/id"),
    ("name", "/name"),
    ("colour", "/colour"),
    ("exportable", "/exportable"),
    ("galaxy", "/is_galaxy"),
];

/// `misp tag ...`.
#[derive(Debug, Subcommand)]
pub enum TagCommand {
    /// List the server's tags.
    List {
        /// Only tags whose name matches (`%` is a wildcard).
        #[arg(long, value_name = "TEXT")]
        search: Option<String>,
    },
    /// Attach a tag to an event, attribute or object by its UUID (the tag is created when
    /// the key may).
    Attach {
        /// The UUID of the event, attribute or object.
        uuid: uuid::Uuid,
        /// The tag (`tlp:amber`, `misp-galaxy:...`).
        tag: String,
        /// A local tag (not shared with other instances).
        #[arg(long)]
        local: bool,
    },
    /// Detach a tag from an event, attribute or object by its UUID.
    Detach {
        /// The UUID of the event, attribute or object.
        uuid: uuid::Uuid,
        /// The tag.
        tag: String,
    },
}

/// Runs `misp tag ...`.
pub async fn run(command: TagCommand, ctx: &mut Context) -> Result<(), CliError> {
    let client = ctx.client()?;
    match command {
        TagCommand::List { search } => {
            let op = match search {
                Some(s) => ListTags::matching(s),
                None => ListTags::all(),
            };
            let tags = client.send(&op).await?;
            let mut list = ctx.out().list(TAG_COLUMNS);
            for tag in &tags {
                list.item(tag)?;
            }
            list.end()?;
        }
        TagCommand::Attach { uuid, tag, local } => {
            let ack = client.send(&AttachTag::new(uuid, tag).local(local)).await?;
            ctx.out().record(&ack_json(&ack), ACK_COLUMNS)?;
        }
        TagCommand::Detach { uuid, tag } => {
            let ack = client.tags().remove(uuid, &tag).await?;
            ctx.out().record(&ack_json(&ack), ACK_COLUMNS)?;
        }
    }
    Ok(())
}
