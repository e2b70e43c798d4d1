//! `misp user ...`: users and their keys.

use clap::Subcommand;
use misp_admin::auth_keys::AuthKeySettings;
use misp_admin::users::ListUsers;
use misp_admin::{AdminExt, UserRef};
use misp_types::admin::User;
use secrecy::ExposeSecret;
use serde_json::{Map, Value, json};

use super::{ack, date, record, stream};
use crate::context::Context;
use crate::error::CliError;
use crate::output::Columns;

/// The columns of a user.
pub const USER_COLUMNS: Columns<'static> = &[
    ("id", "/id"),
    ("email", "/email"),
    ("org", "/Organisation/name"),
    ("role", "/Role/name"),
    ("enabled", "/enabled"),
    ("last_login", "/last_login_utc"),
    ("last_api_access", "/last_api_access_utc"),
];

/// The columns of a new auth key.
pub const AUTH_KEY_COLUMNS: Columns<'static> = &[
    ("id", "/id"),
    ("user", "/user_id"),
    ("key", "/key"),
    ("expires", "/expiration_utc"),
    ("read_only", "/read_only"),
    ("comment", "/comment"),
];

fn user_display(map: &mut Map<String, Value>) {
    let disabled = map.get("disabled").and_then(Value::as_bool);
    map.insert("enabled".into(), disabled.map(|d| !d).into());
    map.insert("last_login_utc".into(), date(map, "last_login"));
    map.insert("last_api_access_utc".into(), date(map, "last_api_access"));
}

fn key_display(map: &mut Map<String, Value>) {
    if !map.contains_key("key") {
        let start = map.get("authkey_start").and_then(Value::as_str);
        let end = map.get("authkey_end").and_then(Value::as_str);
        if let (Some(s), Some(e)) = (start, end) {
            map.insert("key".into(), format!("{s}…{e}").into());
        }
    }
    map.insert("expiration_utc".into(), date(map, "expiration"));
}

/// Parses a user: an id, or `me` for the key's own account.
pub fn parse_user(text: &str) -> Result<UserRef, String> {
    if text.eq_ignore_ascii_case("me") {
        return Ok(UserRef::Me);
    }
    text.parse::<u64>()
        .map(UserRef::Id)
        .map_err(|_| format!("expected a user id or `me`, not `{text}`"))
}

/// `misp user ...`.
#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// List users (every page walked).
    List {
        /// Only users with this text in their fields (e-mail ...).
        #[arg(long, value_name = "TEXT")]
        search: Option<String>,
        /// Only the users of this organisation (id).
        #[arg(long, value_name = "ORG_ID")]
        org: Option<u64>,
    },
    /// Show a user, or your own account with `me`.
    Get {
        /// The user id, or `me`.
        #[arg(value_parser = parse_user)]
        user: UserRef,
    },
    /// Create a user (the server issues its key: shown only with `--show-key`).
    Add {
        /// The e-mail address (the login).
        #[arg(long)]
        email: String,
        /// The organisation's id.
        #[arg(long, value_name = "ORG_ID")]
        org: u64,
        /// The role's id.
        #[arg(long, value_name = "ROLE_ID")]
        role: u64,
        /// Create the account disabled.
        #[arg(long)]
        disabled: bool,
        /// Print the key the server issued for the new user.
        #[arg(long)]
        show_key: bool,
    },
    /// Change a user's e-mail, organisation, role or state (only what is given changes).
    Edit {
        /// The user id.
        id: u64,
        /// The new e-mail address.
        #[arg(long)]
        email: Option<String>,
        /// The new organisation's id.
        #[arg(long, value_name = "ORG_ID")]
        org: Option<u64>,
        /// The new role's id.
        #[arg(long, value_name = "ROLE_ID")]
        role: Option<u64>,
        /// Disable the account.
        #[arg(long, conflicts_with = "enable")]
        disable: bool,
        /// Enable the account.
        #[arg(long)]
        enable: bool,
    },
    /// Delete a user (its auth keys stay listed by the server).
    Delete {
        /// The user id.
        id: u64,
    },
    /// Give a user (or `me`) a new key; the old one expires. The key is printed only with
    /// `--show-key`.
    ResetKey {
        /// The user id, or `me`.
        #[arg(value_parser = parse_user)]
        user: UserRef,
        /// Print the new key.
        #[arg(long)]
        show_key: bool,
    },
    /// Add an auth key for a user (or `me`); the key is printed only with `--show-key`.
    NewKey {
        /// The user id, or `me`.
        #[arg(value_parser = parse_user)]
        user: UserRef,
        /// A comment on the key.
        #[arg(long)]
        comment: Option<String>,
        /// A read-only key.
        #[arg(long)]
        read_only: bool,
        /// An address or CIDR range the key may be used from (repeatable).
        #[arg(long = "allowed-ip", value_name = "IP")]
        allowed_ips: Vec<String>,
        /// Print the new key.
        #[arg(long)]
        show_key: bool,
    },
}

const HIDDEN_NOTE: &str =
    "note: the key the server issued is not shown (add --show-key to print it)";

/// Runs `misp user ...`.
pub async fn run(command: UserCommand, ctx: &mut Context) -> Result<(), CliError> {
    let client = ctx.client()?;
    match command {
        UserCommand::List { search, org } => {
            let mut filter = ListUsers::new();
            filter.search = search;
            filter.organisation = org;
            let users = client.users().list_where(filter);
            stream(ctx, users, USER_COLUMNS, user_display, None, "users").await?;
        }
        UserCommand::Get { user } => {
            let user = match user {
                UserRef::Me => client.users().me().await?,
                UserRef::Id(id) => client.users().get(id).await?,
            };
            record(ctx, &user, USER_COLUMNS, user_display, false)?;
        }
        UserCommand::Add {
            email,
            org,
            role,
            disabled,
            show_key,
        } => {
            let user = User {
                email: Some(email),
                org_id: Some(org),
                role_id: Some(role),
                disabled: disabled.then_some(true),
                ..Default::default()
            };
            let added = client.users().add(user).await?;
            record(ctx, &added, USER_COLUMNS, user_display, show_key)?;
            if !show_key && added.authkey.is_some() {
                ctx.note(HIDDEN_NOTE);
            }
        }
        UserCommand::Edit {
            id,
            email,
            org,
            role,
            disable,
            enable,
        } => {
            let change = User {
                email,
                org_id: org,
                role_id: role,
                disabled: (disable || enable).then_some(disable),
                ..Default::default()
            };
            if change == User::default() {
                return Err(CliError::Usage(
                    "nothing to change: give --email, --org, --role, --disable or --enable".into(),
                ));
            }
            let user = client.users().update(id, change).await?;
            record(ctx, &user, USER_COLUMNS, user_display, false)?;
        }
        UserCommand::Delete { id } => {
            let done = client.users().delete(id).await?;
            ack(ctx, &done)?;
        }
        UserCommand::ResetKey { user, show_key } => {
            let new = client.users().reset_key(user).await?;
            let mut shown =
                json!({ "user_id": new.user_id.clone().unwrap_or_else(|| user.to_string()) });
            if show_key {
                shown["key"] = Value::from(new.key.expose_secret());
            } else {
                ctx.note(HIDDEN_NOTE);
            }
            let columns: Columns = &[("user", "/user_id"), ("key", "/key")];
            ctx.out().record(&shown, columns)?;
        }
        UserCommand::NewKey {
            user,
            comment,
            read_only,
            allowed_ips,
            show_key,
        } => {
            let settings = AuthKeySettings {
                comment,
                expiration: None,
                allowed_ips: (!allowed_ips.is_empty()).then_some(allowed_ips),
                read_only: read_only.then_some(true),
            };
            let key = client.auth_keys().add(user, settings).await?;
            let mut value = serde_json::to_value(&key)?;
            super::redact(&mut value);
            if show_key && let Some(raw) = key.raw_key() {
                value["key"] = Value::from(raw.expose_secret());
            } else if !show_key {
                ctx.note(HIDDEN_NOTE);
            }
            record(ctx, &value, AUTH_KEY_COLUMNS, key_display, true)?;
        }
    }
    Ok(())
}
