//! `misp setting ...`: server settings.

use clap::Subcommand;
use misp_admin::AdminExt;
use misp_admin::settings::{SetServerSetting, typed_input};
use serde_json::{Map, Value};

use super::{ack, list, record};
use crate::context::Context;
use crate::error::CliError;
use crate::output::Columns;

/// The columns of a setting.
pub const SETTING_COLUMNS: Columns<'static> = &[
    ("name", "/name"),
    ("value", "/value"),
    ("type", "/type"),
    ("level", "/level_name"),
    ("error", "/errorMessage"),
];

fn setting_display(map: &mut Map<String, Value>) {
    if !map.contains_key("name")
        && let Some(name) = map.get("setting").cloned()
    {
        map.insert("name".into(), name);
    }
    let level = match map.get("level") {
        Some(Value::Number(n)) => n.as_u64(),
        Some(Value::String(s)) => s.parse().ok(),
        _ => None,
    };
    let name = level.map(|l| match l {
        0 => "critical".to_owned(),
        1 => "recommended".to_owned(),
        2 => "optional".to_owned(),
        3 => "deprecated".to_owned(),
        other => other.to_string(),
    });
    map.insert("level_name".into(), name.into());
}

/// `misp setting ...`.
#[derive(Debug, Subcommand)]
pub enum SettingCommand {
    /// List every setting with its value (secrets are masked by the server).
    List {
        /// Only settings whose name holds this text (case-insensitive).
        #[arg(long, value_name = "TEXT")]
        search: Option<String>,
    },
    /// Show one setting: value, type, description, level.
    Get {
        /// The setting's name (`MISP.baseurl`).
        name: String,
    },
    /// Set a setting; the value is typed by the setting's type (true/false for a boolean,
    /// an integer for a numeric one).
    Set {
        /// The setting's name.
        name: String,
        /// The new value.
        #[arg(allow_hyphen_values = true)]
        value: String,
        /// Save even a value that fails the setting's test.
        #[arg(long)]
        force: bool,
    },
}

/// Runs `misp setting ...`.
pub async fn run(command: SettingCommand, ctx: &mut Context) -> Result<(), CliError> {
    let client = ctx.client()?;
    match command {
        SettingCommand::List { search } => {
            let all = client.settings().all().await?;
            let needle = search.map(|s| s.to_lowercase());
            let settings = all.settings.into_iter().filter(|s| {
                needle.as_deref().is_none_or(|n| {
                    s.setting
                        .as_deref()
                        .or(s.name.as_deref())
                        .is_some_and(|name| name.to_lowercase().contains(n))
                })
            });
            list(ctx, settings, SETTING_COLUMNS, setting_display)?;
        }
        SettingCommand::Get { name } => {
            let setting = client.settings().get(&name).await?;
            let mut columns = SETTING_COLUMNS.to_vec();
            columns.insert(4, ("description", "/description"));
            record(ctx, &setting, &columns, setting_display, false)?;
        }
        SettingCommand::Set { name, value, force } => {
            let setting = client.settings().get(&name).await?;
            let value = typed_input(&setting, &value).map_err(CliError::Usage)?;
            let done = client
                .send(&SetServerSetting::new(name, value).force(force))
                .await?;
            ack(ctx, &done)?;
        }
    }
    Ok(())
}
