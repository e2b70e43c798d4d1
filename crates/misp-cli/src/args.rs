//! The command line's global flags and its command tree (clap derive).
//!
//! Each command's own arguments live beside its code in [`crate::commands`]; this module
//! holds what every command shares: how to reach the server, how to print, and the list of
//! commands. To add a command: define its `Args` (or `Subcommand`) type and an
//! `async fn run(args, &mut Context)` in a module of `commands/`, add a variant to
//! [`Command`], and a line to [`crate::commands::run`].

use clap::{Args, Parser, Subcommand};

use crate::commands::{
    api, attribute, completions, config, event, feed_dir, freetext, man, object, sample, schema,
    sighting, tag, template, types,
};
use crate::output::{Format, OutputOptions, parse_fields};

/// The exit codes, shown at the end of `misp --help`.
pub const EXIT_CODES: &str = "\
Exit codes:
  0  success
  1  error (the server refused the request, a file is invalid, validation found errors,
     an item of a bulk add failed)
  2  bad usage or configuration (unknown option, missing URL or key, bad config file)
  3  not found (no such event, attribute, type or template)
  4  authentication failed or permission denied
  5  the server could not be reached (connection refused, timeout)";

/// `misp`: everyday MISP work from the shell: look-ups, recent changes, samples, writing
/// events, offline event files and feeds.
#[derive(Debug, Parser)]
#[command(name = "misp", version, after_help = EXIT_CODES)]
pub struct Cli {
    /// How to reach the server (online commands only).
    #[command(flatten)]
    pub connection: ConnectionArgs,
    /// How to print.
    #[command(flatten)]
    pub output: OutputArgs,
    /// Log each request the client makes (method, path, status, duration) to stderr; the
    /// key is never logged.
    #[arg(short, long, global = true)]
    pub verbose: bool,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// An API key given on the command line; its Debug output is redacted.
#[derive(Clone)]
pub struct Key(pub String);

impl std::fmt::Debug for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Key(<redacted>)")
    }
}

impl std::str::FromStr for Key {
    type Err = std::convert::Infallible;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(Key(s.to_owned()))
    }
}

/// Connection settings; each overrides the environment (`MISP_URL`, `MISP_KEY` ...), which
/// overrides the config file's profile.
#[derive(Debug, Default, Args)]
#[command(next_help_heading = "Connection")]
pub struct ConnectionArgs {
    /// The MISP root URL [default: MISP_URL, else the profile's `url`].
    #[arg(long, global = true, value_name = "URL")]
    pub url: Option<String>,
    /// The API key [default: MISP_KEY, else the profile's `key`]. Prefer the environment or the
    /// config file: other users may see command lines.
    #[arg(long, global = true, value_name = "KEY", hide_env_values = true)]
    pub key: Option<Key>,
    /// The config-file profile [default: MISP_PROFILE, else the file's `default_profile`].
    /// The file is MISP_CONFIG, else ~/.config/misp/config.toml.
    #[arg(long, global = true, value_name = "NAME")]
    pub profile: Option<String>,
    /// Accept any TLS certificate (self-signed test servers only).
    #[arg(long, global = true)]
    pub insecure: bool,
    /// How many times a failed request may be repeated (connection errors, 5xx on safe
    /// requests).
    #[arg(long, global = true, value_name = "N")]
    pub retries: Option<u32>,
    /// The longest one request may take, retries included, in seconds [default: MISP_TIMEOUT,
    /// else the profile's `total_timeout`, else 1800].
    #[arg(long, global = true, value_name = "SECS", value_parser = misp_client::parse_seconds)]
    pub timeout: Option<std::time::Duration>,
    /// The longest a page walk (`--page-size`, lists) may take, in seconds [default:
    /// MISP_WALK_TIMEOUT, else the profile's `walk_timeout`, else 14400].
    #[arg(long, global = true, value_name = "SECS", value_parser = misp_client::parse_seconds)]
    pub walk_timeout: Option<std::time::Duration>,
    /// The most pages a walk reads before it stops with an error [default: MISP_MAX_PAGES, else
    /// the profile's `max_pages`, else 100000].
    #[arg(long, global = true, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub max_pages: Option<u32>,
    /// The largest answer read whole, such as `512MiB` [default: MISP_MAX_BODY_SIZE, else the
    /// profile's `max_body_size`, else 256MiB]. Streamed searches are bounded per item instead.
    #[arg(long, global = true, value_name = "SIZE", value_parser = misp_client::parse_size)]
    pub max_body_size: Option<u64>,
}

/// How results are printed.
#[derive(Debug, Default, Args)]
#[command(next_help_heading = "Output")]
pub struct OutputArgs {
    /// The output format [default: table for lists on a terminal, else JSON].
    #[arg(short, long, global = true, value_enum, value_name = "FORMAT")]
    pub output: Option<Format>,
    /// The columns (table, CSV) or fields (JSON) to show, comma-separated: column names,
    /// JSON pointers (`/Orgc/uuid`) or keys (`uuid`).
    #[arg(long, global = true, value_name = "LIST", value_parser = parse_fields)]
    pub fields: Option<crate::output::Fields>,
    /// Indented JSON [default when stdout is a terminal].
    #[arg(long, global = true, conflicts_with_all = ["compact", "json_lines"])]
    pub pretty: bool,
    /// JSON on one line [default when stdout is not a terminal].
    #[arg(long, global = true, conflicts_with = "json_lines")]
    pub compact: bool,
    /// The same as `--output jsonl`.
    #[arg(long, global = true, conflicts_with = "output")]
    pub json_lines: bool,
    /// No progress bars and no notes on stderr (errors and warnings still go there).
    #[arg(short, long, global = true)]
    pub quiet: bool,
}

impl OutputArgs {
    /// The output options these flags ask for (the terminal test is made by
    /// [`crate::output::Output::stdout`]).
    pub fn options(&self) -> OutputOptions {
        OutputOptions {
            format: if self.json_lines {
                Some(Format::Jsonl)
            } else {
                self.output
            },
            pretty: if self.pretty {
                Some(true)
            } else if self.compact {
                Some(false)
            } else {
                None
            },
            fields: self.fields.clone().map(|f| f.0),
            terminal: false,
        }
    }
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Events: index, search, get, add, edit, publish, delete on a server; new, read,
    /// validate, summary of files.
    #[command(subcommand)]
    Event(event::EventCommand),
    /// Attributes on a server: search, add (one or many).
    #[command(subcommand)]
    Attribute(attribute::AttributeCommand),
    /// Objects: add to an event on a server (from a template, or made from samples, e-mails,
    /// URLs, CSV files); print the objects of an artefact (`new`, offline).
    #[command(subcommand)]
    Object(object::ObjectCommand),
    /// Tags: list the server's, attach to and detach from events and attributes.
    #[command(subcommand)]
    Tag(tag::TagCommand),
    /// Sightings on a server.
    #[command(subcommand)]
    Sighting(sighting::SightingCommand),
    /// Malware samples: upload into an event, download the original file.
    #[command(subcommand)]
    Sample(sample::SampleCommand),
    /// Import the indicators found in free text into an event.
    Freetext(freetext::FreetextArgs),
    /// Feed directories on disk (manifest.json, hashes.csv, events): export, read.
    #[command(subcommand)]
    FeedDir(feed_dir::FeedDirCommand),
    /// The attribute types MISP knows, with their default category and IDS flag.
    Types(types::TypesArgs),
    /// The object templates (from misp-objects).
    #[command(subcommand)]
    Template(template::TemplateCommand),
    /// Print the JSON Schema of MISP event files.
    Schema(schema::SchemaArgs),
    /// Call any endpoint and print the server's answer (for what has no command).
    Api(api::ApiArgs),
    /// The connection settings: show them (key masked), add a profile.
    #[command(subcommand)]
    Config(config::ConfigCommand),
    /// The server's version and the key's main rights (a connection and key check).
    Version,
    /// Print a shell completion script.
    Completions(completions::CompletionsArgs),
    /// Print the man page (roff).
    Man(man::ManArgs),
    /// The admin commands: user, org, role, sharing-group, server, feed, setting, worker, log.
    #[command(flatten)]
    Admin(crate::admin::AdminCommand),
}
