//! The admin commands, over `misp-admin`: `misp user`, `org`, `role`, `sharing-group`,
//! `server`, `feed`, `setting`, `worker` and `log`, one module each.
//!
//! Lists and records go through the shared output layer, so every command prints a table,
//! JSON, JSON Lines or CSV and takes `--fields`. Tables show what an admin looks for (names,
//! e-mails, organisation, role, enabled, last login ...): a few display fields are added to
//! each item for them (`enabled`, `last_login` as a UTC date ...), never to plain JSON.
//!
//! Keys a server issues (a new user's key, a reset key, a new auth key, the remote key a sync
//! server echoes) are removed from every output unless `--show-key` is given to the command
//! that made them; the key `misp` runs with is never printed.
//!
//! ```
//! use clap::Parser;
//! use misp_cli::Cli;
//! use misp_cli::admin::AdminCommand;
//! use misp_cli::args::Command;
//! let cli = Cli::try_parse_from(["misp", "org", "list", "--scope", "all"]).unwrap();
//! assert!(matches!(cli.command, Command::Admin(AdminCommand::Org(_))));
//! ```

pub mod feed;
pub mod log;
pub mod org;
pub mod role;
pub mod server;
pub mod setting;
pub mod sharing_group;
pub mod user;
pub mod worker;

use clap::Subcommand;
use misp_api::Ack;
use serde::Serialize;
use serde_json::{Map, Value};

use crate::commands::{ACK_COLUMNS, ack_json};
use crate::context::Context;
use crate::error::CliError;
use crate::output::{Columns, Format};

/// The admin commands (they sit beside the others in `misp --help`).
#[derive(Debug, Subcommand)]
pub enum AdminCommand {
    /// Users: list, get (`me`), add, edit, delete, reset-key, new-key.
    #[command(subcommand)]
    User(user::UserCommand),
    /// Organisations: list (local, external, all), get, add, edit, delete.
    #[command(subcommand)]
    Org(org::OrgCommand),
    /// Roles: list, add, edit (permissions kept), delete, set-default.
    #[command(subcommand)]
    Role(role::RoleCommand),
    /// Sharing groups: list, get, add, edit, delete, their organisations and servers.
    #[command(subcommand)]
    SharingGroup(sharing_group::SharingGroupCommand),
    /// Sync servers: list, add, edit, delete, test, pull, push.
    #[command(subcommand)]
    Server(server::ServerCommand),
    /// The server's feeds: list, get, enable, disable, fetch, cache, delete (feed
    /// directories on disk are `misp feed-dir`).
    #[command(subcommand)]
    Feed(feed::FeedCommand),
    /// Server settings: list, get, set.
    #[command(subcommand)]
    Setting(setting::SettingCommand),
    /// Background workers: list, start, stop, restart, restart-dead, kill-all.
    #[command(subcommand)]
    Worker(worker::WorkerCommand),
    /// The admin log (or `--audit`: the audit log), filtered, every page walked.
    Log(log::LogArgs),
}

/// Runs an admin command.
pub async fn run(command: AdminCommand, ctx: &mut Context) -> Result<(), CliError> {
    match command {
        AdminCommand::User(c) => user::run(c, ctx).await,
        AdminCommand::Org(c) => org::run(c, ctx).await,
        AdminCommand::Role(c) => role::run(c, ctx).await,
        AdminCommand::SharingGroup(c) => sharing_group::run(c, ctx).await,
        AdminCommand::Server(c) => server::run(c, ctx).await,
        AdminCommand::Feed(c) => feed::run(c, ctx).await,
        AdminCommand::Setting(c) => setting::run(c, ctx).await,
        AdminCommand::Worker(c) => worker::run(c, ctx).await,
        AdminCommand::Log(a) => log::run(a, ctx).await,
    }
}

/// The JSON keys that hold a key the server issued or echoed.
const SECRET_KEYS: [&str; 2] = ["authkey", "authkey_raw"];

/// Removes every key the server issued from `value`, at any depth.
pub fn redact(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for key in SECRET_KEYS {
                map.remove(key);
            }
            map.values_mut().for_each(redact);
        }
        Value::Array(items) => items.iter_mut().for_each(redact),
        _ => {}
    }
}

/// Adds display fields to an item (for tables, CSV and `--fields`).
pub type Display = fn(&mut Map<String, Value>);

/// No display field.
pub fn plain(_: &mut Map<String, Value>) {}

/// Whether items are printed as the server's records (JSON without `--fields`) rather than
/// through columns.
fn as_records(ctx: &mut Context, format: Format) -> bool {
    matches!(format, Format::Json | Format::Jsonl) && ctx.out().options().fields.is_none()
}

/// The item as printed: secrets removed (unless `show_key`), display fields added when
/// columns are shown.
fn shown<T: Serialize>(
    item: &T,
    columns: bool,
    show_key: bool,
    display: Display,
) -> Result<Value, CliError> {
    let mut value = serde_json::to_value(item)?;
    if !show_key {
        redact(&mut value);
    }
    if columns && let Value::Object(map) = &mut value {
        display(map);
    }
    Ok(value)
}

/// Prints one record (secrets removed unless `show_key`).
pub fn record<T: Serialize>(
    ctx: &mut Context,
    item: &T,
    columns: Columns<'_>,
    display: Display,
    show_key: bool,
) -> Result<(), CliError> {
    let format = ctx.out().record_format();
    let value = shown(item, !as_records(ctx, format), show_key, display)?;
    ctx.out().record(&value, columns)?;
    Ok(())
}

/// Prints a list of records (secrets removed).
pub fn list<T: Serialize>(
    ctx: &mut Context,
    items: impl IntoIterator<Item = T>,
    columns: Columns<'_>,
    display: Display,
) -> Result<usize, CliError> {
    let format = ctx.out().list_format();
    let with_columns = !as_records(ctx, format);
    let mut list = ctx.out().list(columns);
    for item in items {
        list.item(&shown(&item, with_columns, false, display)?)?;
    }
    Ok(list.end()?)
}

/// Prints a stream of records as they arrive (secrets removed), with a counter on stderr;
/// `limit` stops after that many.
pub async fn stream<T: Serialize>(
    ctx: &mut Context,
    mut items: misp_client::ItemStream<T>,
    columns: Columns<'_>,
    display: Display,
    limit: Option<usize>,
    what: &str,
) -> Result<usize, CliError> {
    use futures_util::TryStreamExt;
    let format = ctx.out().list_format();
    let with_columns = !as_records(ctx, format);
    let bar = ctx.progress().bar(None, what);
    let mut list = ctx.out().list(columns);
    let mut n = 0usize;
    while limit.is_none_or(|l| n < l) {
        let Some(item) = items.try_next().await? else {
            break;
        };
        list.item(&shown(&item, with_columns, false, display)?)?;
        bar.inc(1);
        n += 1;
    }
    bar.finish_and_clear();
    Ok(list.end()?)
}

/// Prints an acknowledgement.
pub fn ack(ctx: &mut Context, ack: &Ack) -> Result<(), CliError> {
    let mut value = if ack.body.is_null() && ack.message.is_none() {
        // An empty answer (a redirect): the action was done.
        match &ack.id {
            Some(id) => serde_json::json!({ "message": "done", "id": id }),
            None => serde_json::json!({ "message": "done" }),
        }
    } else {
        ack_json(ack)
    };
    redact(&mut value);
    ctx.out().record(&value, ACK_COLUMNS)?;
    Ok(())
}

/// An epoch-seconds field as a UTC date (`never` for 0), for tables.
fn date(map: &Map<String, Value>, key: &str) -> Value {
    let seconds = match map.get(key) {
        Some(Value::Number(n)) => n.as_i64(),
        Some(Value::String(s)) => s.parse().ok(),
        _ => None,
    };
    match seconds {
        None => Value::Null,
        Some(0) => Value::from("never"),
        Some(s) => misp_types::Timestamp::new(s)
            .to_datetime()
            .map_or(Value::Null, |d| {
                Value::from(d.format("%Y-%m-%d %H:%M").to_string())
            }),
    }
}

/// Parses `true`/`false`/`yes`/`no`/`1`/`0` (a flag given alone means true).
pub fn parse_bool(text: &str) -> Result<bool, String> {
    match text.to_ascii_lowercase().as_str() {
        "true" | "yes" | "1" | "on" => Ok(true),
        "false" | "no" | "0" | "off" => Ok(false),
        _ => Err(format!("expected true or false, not `{text}`")),
    }
}
