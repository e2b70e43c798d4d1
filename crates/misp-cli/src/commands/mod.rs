//! The commands, one module each; [`run`] sends a parsed command to its module.

pub mod api;
pub mod attribute;
pub mod completions;
pub mod config;
pub mod event;
pub mod feed_dir;
pub mod files;
pub mod freetext;
#[cfg(feature = "tools")]
pub mod inputs;
pub mod man;
pub mod object;
pub mod offline_event;
pub mod sample;
pub mod schema;
pub mod search;
pub mod sighting;
pub mod tag;
pub mod template;
pub mod types;

use misp_api::Ack;
use misp_api::instance::GetVersion;
use serde_json::json;

use crate::args::Command;
use crate::context::Context;
use crate::error::CliError;
use crate::output::Columns;

/// The columns of an acknowledgement (publish, delete, tag attach ...).
pub const ACK_COLUMNS: Columns<'static> =
    &[("name", "/name"), ("message", "/message"), ("id", "/id")];

/// What an acknowledgement prints: the server's body, or its message and id.
pub fn ack_json(ack: &Ack) -> serde_json::Value {
    if ack.body.is_null() {
        json!({ "message": ack.message, "id": ack.id })
    } else {
        ack.body.clone()
    }
}

/// Runs one command.
pub async fn run(command: Command, ctx: &mut Context) -> Result<(), CliError> {
    match command {
        Command::Event(c) => event::run(c, ctx).await,
        Command::Attribute(c) => attribute::run(c, ctx).await,
        Command::Object(c) => object::run(c, ctx).await,
        Command::Tag(c) => tag::run(c, ctx).await,
        Command::Sighting(c) => sighting::run(c, ctx).await,
        Command::Sample(c) => sample::run(c, ctx).await,
        Command::Freetext(a) => freetext::run(a, ctx).await,
        Command::FeedDir(c) => feed_dir::run(c, ctx),
        Command::Types(a) => types::run(a, ctx),
        Command::Template(c) => template::run(c, ctx),
        Command::Schema(a) => schema::run(a, ctx),
        Command::Api(a) => api::run(a, ctx).await,
        Command::Config(c) => config::run(c, ctx),
        Command::Version => {
            let client = ctx.client()?;
            let version = client.send(&GetVersion).await?;
            ctx.out().record(
                &version,
                &[
                    ("version", "/version"),
                    ("perm_sync", "/perm_sync"),
                    ("perm_sighting", "/perm_sighting"),
                ],
            )?;
            Ok(())
        }
        Command::Completions(a) => completions::run(a, ctx),
        Command::Man(a) => man::run(a, ctx),
        Command::Admin(c) => crate::admin::run(c, ctx).await,
    }
}
