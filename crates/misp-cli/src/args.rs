//! The command line's arguments, parsed by clap.

use std::path::PathBuf;

use clap::{ArgGroup, Args, Parser, Subcommand, ValueEnum};
use misp_api::IdOrUuid;
use misp_api::search::ReturnFormat;

/// The exit codes, shown at the end of `misp --help`.
pub const EXIT_CODES: &str = "\
Exit codes:
  0  success
  1  error (the server refused the request, a file is invalid, validation found errors)
  2  bad usage or configuration (unknown option, missing URL or key, bad config file)
  3  not found (no such event, attribute, type or template)
  4  authentication failed or permission denied
  5  the server could not be reached (connection refused, timeout)";

/// `misp`: read, check and convert MISP events offline; search and change a MISP server.
#[derive(Debug, Parser)]
#[command(name = "misp", version, after_help = EXIT_CODES)]
pub struct Cli {
    /// How to reach the server (online commands only).
    #[command(flatten)]
    pub connection: ConnectionArgs,
    /// How to write JSON.
    #[command(flatten)]
    pub output: OutputArgs,
    /// Log each request (method, path, status, duration) to stderr; the key is never logged.
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
#[derive(Debug, Args)]
#[command(next_help_heading = "Connection")]
pub struct ConnectionArgs {
    /// The MISP root URL [default: MISP_URL, else the profile's `url`].
    #[arg(long, global = true, value_name = "URL")]
    pub url: Option<String>,
    /// The API key [default: MISP_KEY, else the profile's `key`]. Prefer the environment or the
    /// config file: other users may see command lines.
    #[arg(long, global = true, value_name = "KEY")]
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
}

/// How JSON is written.
#[derive(Debug, Args)]
#[command(next_help_heading = "Output")]
pub struct OutputArgs {
    /// Indented JSON [default when stdout is a terminal].
    #[arg(long, global = true, conflicts_with_all = ["compact", "json_lines"])]
    pub pretty: bool,
    /// JSON on one line [default when stdout is not a terminal].
    #[arg(long, global = true, conflicts_with = "json_lines")]
    pub compact: bool,
    /// Lists as one JSON value per line (JSON Lines) rather than one array.
    #[arg(long, global = true)]
    pub json_lines: bool,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Events: read, validate and summarise files; get, search, publish and delete on a server.
    #[command(subcommand)]
    Event(EventCommand),
    /// Attributes on a server: search, add.
    #[command(subcommand)]
    Attribute(AttributeCommand),
    /// MISP feeds (a directory of events with manifest.json and hashes.csv): export, read.
    #[command(subcommand)]
    Feed(FeedCommand),
    /// The attribute types MISP knows, with their default category and IDS flag.
    Types(TypesArgs),
    /// The object templates (from misp-objects).
    #[command(subcommand)]
    Template(TemplateCommand),
    /// Sightings on a server.
    #[command(subcommand)]
    Sighting(SightingCommand),
    /// Tags on a server.
    #[command(subcommand)]
    Tag(TagCommand),
    /// The server's version and the key's main rights (a connection and key check).
    Version,
}

/// `misp event ...`.
#[derive(Debug, Subcommand)]
pub enum EventCommand {
    /// Rewrite an event file in canonical form, keeping its envelope (offline).
    ///
    /// Reads `{"Event": ...}`, a bare event or `{"response": [...]}`, with numbers and
    /// booleans in any encoding a server writes, and writes it back with every key kept.
    Read {
        /// The file (`-` for stdin).
        file: PathBuf,
    },
    /// Check event files and print every problem with its path (offline); exit 1 on errors.
    Validate {
        /// The files (`-` for stdin).
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Count what an event file holds: attributes by type, objects by name, tags (offline).
    Summary {
        /// The file (`-` for stdin).
        file: PathBuf,
    },
    /// Fetch an event with its attributes, objects, tags and galaxies.
    Get {
        /// The event's id or UUID.
        event: IdOrUuid,
    },
    /// Search events (restSearch); JSON results are streamed as they arrive.
    Search(Box<EventSearchArgs>),
    /// Publish an event (without e-mail alert).
    Publish {
        /// The event's id or UUID.
        event: IdOrUuid,
    },
    /// Delete an event.
    Delete {
        /// The event's id or UUID.
        event: IdOrUuid,
    },
}

/// `misp attribute ...`.
#[derive(Debug, Subcommand)]
pub enum AttributeCommand {
    /// Search attributes (restSearch); JSON results are streamed as they arrive, other
    /// formats are copied to stdout as they arrive.
    Search(AttributeSearchArgs),
    /// Add an attribute to an event; category and IDS flag default to the type's.
    ///
    /// The attribute is validated before it is sent.
    Add {
        /// The event's id or UUID.
        event: IdOrUuid,
        /// The attribute type (`ip-dst`, `domain`, `md5` ...; see `misp types`).
        #[arg(value_name = "TYPE")]
        kind: String,
        /// The value.
        value: String,
        /// The category [default: the type's].
        #[arg(long)]
        category: Option<String>,
        /// A comment.
        #[arg(long)]
        comment: Option<String>,
        /// Mark it for IDS export [default: the type's].
        #[arg(long, conflicts_with = "no_to_ids")]
        to_ids: bool,
        /// Do not mark it for IDS export.
        #[arg(long)]
        no_to_ids: bool,
    },
}

/// Filters both restSearch scopes accept.
#[derive(Debug, Args)]
pub struct SearchFilters {
    /// A value (repeat for any of several; `%` is a wildcard).
    #[arg(long)]
    pub value: Vec<String>,
    /// An attribute type (repeatable).
    #[arg(long = "type", value_name = "TYPE")]
    pub kind: Vec<String>,
    /// A category (repeatable).
    #[arg(long)]
    pub category: Vec<String>,
    /// A tag (repeatable: any of them).
    #[arg(long)]
    pub tag: Vec<String>,
    /// A tag the results must not have (repeatable).
    #[arg(long, value_name = "TAG")]
    pub not_tag: Vec<String>,
    /// An organisation by id, name or UUID (repeatable).
    #[arg(long)]
    pub org: Vec<String>,
    /// An event by id or UUID (repeatable).
    #[arg(long)]
    pub event: Vec<String>,
    /// An entity UUID (repeatable).
    #[arg(long)]
    pub uuid: Vec<String>,
    /// Published within this time: `7d`, `12h`, `30m`, a Unix timestamp or YYYY-MM-DD.
    #[arg(long, value_name = "TIME", value_parser = parse_time)]
    pub last: Option<misp_api::search::Time>,
    /// Changed since this time (`timestamp`): `7d`, `12h`, a Unix timestamp or YYYY-MM-DD.
    #[arg(long, value_name = "TIME", value_parser = parse_time)]
    pub since: Option<misp_api::search::Time>,
    /// Only attributes marked for IDS export.
    #[arg(long, conflicts_with = "no_to_ids")]
    pub to_ids: bool,
    /// Only attributes not marked for IDS export.
    #[arg(long)]
    pub no_to_ids: bool,
    /// Only published events.
    #[arg(long, conflicts_with = "unpublished")]
    pub published: bool,
    /// Only unpublished events.
    #[arg(long)]
    pub unpublished: bool,
    /// At most N results (one request).
    #[arg(long, value_name = "N", conflicts_with = "page_size")]
    pub limit: Option<u32>,
    /// The page of `--limit` results (1-based).
    #[arg(long, value_name = "N")]
    pub page: Option<u32>,
    /// Walk every page of N results (JSON only), for large results.
    #[arg(long, value_name = "N")]
    pub page_size: Option<u32>,
    /// The return format: json (decoded and re-written), or a raw export copied as it
    /// arrives: csv, text, stix, stix2, suricata, snort, yara, rpz, hashes, hosts, count ...
    #[arg(long, value_name = "FORMAT", default_value = "json", value_parser = parse_format)]
    pub format: ReturnFormat,
}

fn parse_time(text: &str) -> Result<misp_api::search::Time, String> {
    misp_api::search::Time::parse(text)
}

fn parse_format(text: &str) -> Result<ReturnFormat, String> {
    text.parse::<ReturnFormat>().map_err(|e| e.to_string())
}

/// `misp event search`.
#[derive(Debug, Args)]
pub struct EventSearchArgs {
    /// The filters.
    #[command(flatten)]
    pub filters: SearchFilters,
    /// Event info text (`%` is a wildcard).
    #[arg(long)]
    pub info: Option<String>,
    /// Substring search across info, values, comments and tags.
    #[arg(long, value_name = "TEXT")]
    pub searchall: Option<String>,
    /// Event dates from (YYYY-MM-DD or Unix timestamp).
    #[arg(long, value_name = "DATE", value_parser = parse_time)]
    pub from: Option<misp_api::search::Time>,
    /// Event dates up to (YYYY-MM-DD or Unix timestamp).
    #[arg(long, value_name = "DATE", value_parser = parse_time)]
    pub to: Option<misp_api::search::Time>,
    /// Events without their attributes and objects.
    #[arg(long)]
    pub metadata: bool,
}

/// `misp attribute search`.
#[derive(Debug, Args)]
pub struct AttributeSearchArgs {
    /// The filters.
    #[command(flatten)]
    pub filters: SearchFilters,
    /// Add the event UUID to each attribute.
    #[arg(long)]
    pub include_event_uuid: bool,
    /// CSV: add event context columns.
    #[arg(long)]
    pub include_context: bool,
}

/// `misp feed ...`.
#[derive(Debug, Subcommand)]
pub enum FeedCommand {
    /// Write event files as a new MISP feed directory (events in feed form, manifest.json,
    /// hashes.csv); prints the manifest.
    Export {
        /// The directory to write (created when missing).
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// The event files (any envelope; a `{"response": [...]}` file adds all its events).
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Keep `distribution` fields (feeds usually leave them out).
        #[arg(long)]
        with_distribution: bool,
        /// Keep local tags.
        #[arg(long)]
        with_local_tags: bool,
        /// Leave event reports out.
        #[arg(long)]
        without_event_reports: bool,
    },
    /// Read a feed directory: list its events (summarised) and report what is odd on stderr.
    Read {
        /// The feed directory (with manifest.json).
        dir: PathBuf,
    },
}

/// `misp types [--category C] [show TYPE]`.
#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct TypesArgs {
    /// Only the types of this category (`Network activity`, `Payload delivery` ...).
    #[arg(long)]
    pub category: Option<String>,
    /// Show one type.
    #[command(subcommand)]
    pub command: Option<TypesCommand>,
}

/// `misp types show`.
#[derive(Debug, Subcommand)]
pub enum TypesCommand {
    /// One type: its default category, IDS flag and allowed categories.
    Show {
        /// The type (`ip-dst`, `filename|md5` ...).
        #[arg(value_name = "TYPE")]
        kind: String,
    },
}

/// `misp template ...`.
#[derive(Debug, Subcommand)]
pub enum TemplateCommand {
    /// List the templates: name, meta-category, description.
    List,
    /// One template with its relations and rules.
    Show {
        /// The template name (`file`, `domain-ip` ...).
        name: String,
    },
}

/// What a sighting says.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum SightingKind {
    /// The value was seen.
    Sighting,
    /// The value is a false positive.
    FalsePositive,
    /// The value expired.
    Expiration,
}

/// `misp sighting ...`.
#[derive(Debug, Subcommand)]
pub enum SightingCommand {
    /// Add a sighting on every attribute with a value, or on one attribute.
    #[command(group(ArgGroup::new("target").required(true).args(["value", "attribute"])))]
    Add {
        /// The value seen (every attribute with this value gets the sighting).
        value: Option<String>,
        /// The attribute's id or UUID.
        #[arg(long, value_name = "ID")]
        attribute: Option<IdOrUuid>,
        /// Where it was seen.
        #[arg(long)]
        source: Option<String>,
        /// What kind of sighting.
        #[arg(long = "type", value_enum, default_value_t = SightingKind::Sighting)]
        kind: SightingKind,
    },
}

/// `misp tag ...`.
#[derive(Debug, Subcommand)]
pub enum TagCommand {
    /// List the server's tags.
    List {
        /// Only tags whose name matches (`%` is a wildcard).
        #[arg(long, value_name = "TEXT")]
        search: Option<String>,
    },
}
