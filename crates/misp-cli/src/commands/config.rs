//! `misp config ...`: the connection settings in force, and adding a profile.

use std::io::{BufRead, Write};
use std::path::PathBuf;

use clap::Subcommand;
use misp_client::{ConfigFile, env};
use secrecy::ExposeSecret;
use serde_json::json;

use crate::context::Context;
use crate::error::CliError;

/// What `misp config show` prints instead of a key.
pub const MASK: &str = "********";

/// `misp config ...`.
#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// The settings in force and where each comes from (flag, environment, profile); the
    /// key is masked.
    Show,
    /// Add a profile to the config file (created with mode 0600 when missing). The URL and
    /// key come from `--url` and `--key`, or `--key-stdin`.
    AddProfile {
        /// The profile's name.
        name: String,
        /// Read the key from the first line of stdin (keeps it off the command line).
        #[arg(long)]
        key_stdin: bool,
        /// Make it the default profile.
        #[arg(long)]
        default: bool,
    },
}

fn config_path() -> Option<PathBuf> {
    std::env::var_os(env::CONFIG)
        .map(PathBuf::from)
        .or_else(ConfigFile::default_path)
}

/// Runs `misp config ...`.
pub fn run(command: ConfigCommand, ctx: &mut Context) -> Result<(), CliError> {
    match command {
        ConfigCommand::Show => show(ctx),
        ConfigCommand::AddProfile {
            name,
            key_stdin,
            default,
        } => add_profile(ctx, &name, key_stdin, default),
    }
}

fn show(ctx: &mut Context) -> Result<(), CliError> {
    let path = config_path();
    let file = match &path {
        Some(p) if p.exists() => Some(ConfigFile::load(p)?),
        _ => None,
    };
    let args = ctx.connection();
    let profile_name = args
        .profile
        .clone()
        .or_else(|| std::env::var(env::PROFILE).ok());
    let profile = file
        .as_ref()
        .and_then(|f| f.profile(profile_name.as_deref()).ok());
    let env_key = std::env::var(env::KEY)
        .or_else(|_| std::env::var(env::API_KEY))
        .ok();
    let (url, url_from) = if let Some(u) = &args.url {
        (Some(u.clone()), "flag")
    } else if let Ok(u) = std::env::var(env::URL) {
        (Some(u), "environment")
    } else if let Some(u) = profile.and_then(|p| p.url.clone()) {
        (Some(u), "profile")
    } else {
        (None, "unset")
    };
    let key_from = if args.key.is_some() {
        "flag"
    } else if env_key.is_some() {
        "environment"
    } else if profile.is_some_and(|p| {
        p.key
            .as_ref()
            .is_some_and(|k| !k.expose_secret().is_empty())
    }) {
        "profile"
    } else {
        "unset"
    };
    let shown = json!({
        "url": url,
        "url_from": url_from,
        "key": if key_from == "unset" { None } else { Some(MASK) },
        "key_from": key_from,
        "profile": profile_name,
        "profiles": file.as_ref().map(|f| f.profile_names().map(str::to_owned).collect::<Vec<_>>()),
        "config_file": path.as_ref().map(|p| p.display().to_string()),
        "config_file_exists": path.as_ref().is_some_and(|p| p.exists()),
        "verify_tls": !args.insecure && profile.and_then(|p| p.verify_tls).unwrap_or(true),
        "warnings": file.as_ref().map(|f| f.warnings().to_vec()).unwrap_or_default(),
    });
    ctx.out().record(
        &shown,
        &[
            ("url", "/url"),
            ("url from", "/url_from"),
            ("key", "/key"),
            ("key from", "/key_from"),
            ("profile", "/profile"),
            ("profiles", "/profiles"),
            ("config file", "/config_file"),
            ("verify tls", "/verify_tls"),
        ],
    )?;
    Ok(())
}

/// A TOML string literal.
fn toml_string(s: &str) -> String {
    toml::Value::String(s.to_owned()).to_string()
}

fn add_profile(
    ctx: &mut Context,
    name: &str,
    key_stdin: bool,
    default: bool,
) -> Result<(), CliError> {
    if name.is_empty()
        || !name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return Err(CliError::Usage(format!(
            "profile name `{name}`: use letters, digits, `-` and `_`"
        )));
    }
    let path = config_path()
        .ok_or_else(|| CliError::Usage("no config file path: set MISP_CONFIG or HOME".into()))?;
    let args = ctx.connection();
    let url = args
        .url
        .clone()
        .ok_or_else(|| CliError::Usage("give the profile's URL with --url".into()))?;
    let key = if key_stdin {
        let mut line = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .map_err(|source| CliError::Read {
                path: "-".into(),
                source,
            })?;
        Some(line.trim().to_owned())
    } else {
        args.key.as_ref().map(|k| k.0.clone())
    };
    let insecure = args.insecure;
    let existing = if path.exists() {
        std::fs::read_to_string(&path).map_err(|source| CliError::Read {
            path: path.clone(),
            source,
        })?
    } else {
        String::new()
    };
    if !existing.is_empty() {
        let file = ConfigFile::parse(&existing, &path)?;
        if file.profile_names().any(|n| n == name) {
            return Err(CliError::Usage(format!(
                "profile `{name}` already exists in {}",
                path.display()
            )));
        }
    }
    let mut text = String::new();
    if default {
        if existing
            .lines()
            .any(|l| l.trim_start().starts_with("default_profile"))
        {
            return Err(CliError::Usage(format!(
                "{} already names a default profile; edit it by hand",
                path.display()
            )));
        }
        text.push_str(&format!("default_profile = {}\n", toml_string(name)));
    }
    text.push_str(&existing);
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    text.push_str(&format!(
        "\n[profiles.{name}]\nurl = {}\n",
        toml_string(&url)
    ));
    if let Some(key) = &key {
        text.push_str(&format!("key = {}\n", toml_string(key)));
    }
    if insecure {
        text.push_str("verify_tls = false\n");
    }
    // The result must read back.
    ConfigFile::parse(&text, &path)?;
    write_private(&path, text.as_bytes())?;
    ctx.note(&format!("added profile `{name}` to {}", path.display()));
    Ok(())
}

/// Writes a file readable by its owner only (on Unix).
fn write_private(path: &std::path::Path, bytes: &[u8]) -> Result<(), CliError> {
    let err = |source| CliError::Write {
        path: path.to_owned(),
        source,
    };
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(err)?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path).map_err(err)?;
    file.write_all(bytes).map_err(err)?;
    Ok(())
}
