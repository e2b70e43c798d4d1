//! `misp event ...`: the index, searches and changes on a server; event files offline.

use std::path::PathBuf;

use clap::{Args, Subcommand};
use misp_api::IdOrUuid;
use misp_api::events::{PublishEvent, UnpublishEvent};
use misp_api::search::{SearchIndex, Time, TimeFilter};

use super::files::read_document;
use super::search::{self, EventSearchArgs, org_filter, parse_time, tag_filter};
use super::{ack_json, offline_event};
use crate::context::Context;
use crate::error::CliError;
use crate::output::Columns;

/// The columns of `misp event index`.
pub const INDEX_COLUMNS: Columns<'static> = &[
    ("id", "/id"),
    ("date", "/date"),
    ("org", "/Orgc/name"),
    ("info", "/info"),
    ("tags", "/EventTag"),
    ("attributes", "/attribute_count"),
    ("published", "/published"),
];

/// `misp event ...`.
#[derive(Debug, Subcommand)]
pub enum EventCommand {
    /// The events index: metadata only (id, date, org, info, tags, attribute count), in id
    /// order unless `--sort` says otherwise.
    Index(Box<IndexArgs>),
    /// Search events (restSearch) with their attributes; JSON results are streamed.
    Search(Box<EventSearchArgs>),
    /// Fetch an event with its attributes, objects, tags and galaxies.
    Get {
        /// The event's id or UUID.
        event: IdOrUuid,
    },
    /// Create an event from flags, or from an event file (`--file`).
    Add(Box<offline_event::AddArgs>),
    /// Change an event's info, distribution, threat level, analysis or date; attach tags.
    Edit(Box<offline_event::EditArgs>),
    /// Publish an event (without e-mail alert, unless `--alert`).
    Publish {
        /// The event's id or UUID.
        event: IdOrUuid,
        /// Send the e-mail alert too.
        #[arg(long)]
        alert: bool,
    },
    /// Unpublish an event.
    Unpublish {
        /// The event's id or UUID.
        event: IdOrUuid,
    },
    /// Delete an event.
    Delete {
        /// The event's id or UUID.
        event: IdOrUuid,
    },
    /// Build a new event file without a server (offline), validated.
    #[command(
        after_help = "No server is reached, so `--url URL` here makes a url object of URL (as `--url-object` does)."
    )]
    New(Box<offline_event::NewArgs>),
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
}

/// `misp event index`.
#[derive(Debug, Args)]
pub struct IndexArgs {
    /// Changed since (`timestamp`): `1h`, `1d`, `7d`, a Unix timestamp or YYYY-MM-DD.
    #[arg(long, value_name = "TIME", value_parser = parse_time)]
    pub since: Option<Time>,
    /// Published since (`publish_timestamp`): `1h`, `1d`, `7d`, a Unix timestamp or
    /// YYYY-MM-DD.
    #[arg(long, value_name = "TIME", value_parser = parse_time)]
    pub published_since: Option<Time>,
    /// Published until (`publish_timestamp`), with `--published-since`: the two make a range.
    #[arg(long, value_name = "TIME", value_parser = parse_time, requires = "published_since")]
    pub published_until: Option<Time>,
    /// An organisation by id, name or UUID (repeatable); `!ORG` excludes one.
    #[arg(long, allow_hyphen_values = true)]
    pub org: Vec<String>,
    /// A tag (repeatable: any of them).
    #[arg(long)]
    pub tag: Vec<String>,
    /// A tag every event must have (repeatable: all of them).
    #[arg(long, value_name = "TAG")]
    pub all_tags: Vec<String>,
    /// A tag no event may have (repeatable).
    #[arg(long, value_name = "TAG")]
    pub not_tag: Vec<String>,
    /// Event info text (`%` is a wildcard: `%phishing%`).
    #[arg(long)]
    pub info: Option<String>,
    /// Text searched in info, values, comments, tags (a substring match).
    #[arg(long, value_name = "TEXT")]
    pub all: Option<String>,
    /// Only published events.
    #[arg(long, conflicts_with = "unpublished")]
    pub published: bool,
    /// Only unpublished events.
    #[arg(long)]
    pub unpublished: bool,
    /// Event dates from (YYYY-MM-DD).
    #[arg(long, value_name = "DATE", value_parser = parse_time)]
    pub from: Option<Time>,
    /// Event dates up to (YYYY-MM-DD).
    #[arg(long, value_name = "DATE", value_parser = parse_time)]
    pub to: Option<Time>,
    /// At most N events (one request).
    #[arg(long, value_name = "N", conflicts_with = "page_size")]
    pub limit: Option<u32>,
    /// The page of `--limit` events (1-based).
    #[arg(long, value_name = "N", requires = "limit")]
    pub page: Option<u32>,
    /// Walk every page of N events for you.
    #[arg(long, value_name = "N")]
    pub page_size: Option<u32>,
    /// Sort by this column (`timestamp`, `date`, `id`, `publish_timestamp` ...).
    #[arg(long, value_name = "COLUMN")]
    pub sort: Option<String>,
    /// Sort descending (newest first).
    #[arg(long, requires = "sort")]
    pub desc: bool,
}

impl IndexArgs {
    fn query(&self) -> SearchIndex {
        let mut q = SearchIndex::new();
        if let Some(t) = &self.since {
            q = q.timestamp(TimeFilter::since(t.clone()));
        }
        if let Some(t) = search::time_range(&self.published_since, &self.published_until) {
            q = q.publish_timestamp(t);
        }
        if let Some(orgs) = org_filter(&self.org) {
            q = q.orgs(orgs);
        }
        if let Some(tags) = tag_filter(&self.tag, &self.all_tags, &self.not_tag) {
            q = q.tags(tags);
        }
        if let Some(info) = &self.info {
            q = q.event_info(info.clone());
        }
        if let Some(all) = &self.all {
            q = q.all(all.clone());
        }
        if self.published || self.unpublished {
            q = q.published(self.published);
        }
        if let Some(t) = &self.from {
            q = q.date_from(t.clone());
        }
        if let Some(t) = &self.to {
            q = q.date_until(t.clone());
        }
        if let Some(column) = &self.sort {
            q = q.sort(column.clone(), self.desc);
        }
        if let Some(n) = self.limit {
            q = q.limit(n);
        }
        if let Some(n) = self.page {
            q = q.page(n);
        }
        q
    }
}

/// Runs `misp event ...`.
pub async fn run(command: EventCommand, ctx: &mut Context) -> Result<(), CliError> {
    match command {
        EventCommand::Index(args) => {
            let client = ctx.client()?;
            let q = args.query();
            let stream = match args.page_size {
                Some(size) => client.paginate(q.page_size(size)),
                None => client.stream(q),
            };
            search::write_stream(ctx, stream, INDEX_COLUMNS, |e| e).await?;
            Ok(())
        }
        EventCommand::Search(args) => search::event_search(&args, ctx).await,
        EventCommand::Get { event } => {
            let client = ctx.client()?;
            let event = client.events().get(event).await?;
            super::search::event_record(ctx, event)?;
            Ok(())
        }
        EventCommand::Add(args) => offline_event::add(*args, ctx).await,
        EventCommand::Edit(args) => offline_event::edit(*args, ctx).await,
        EventCommand::New(args) => offline_event::new(*args, ctx),
        EventCommand::Publish { event, alert } => {
            let client = ctx.client()?;
            let ack = client.send(&PublishEvent { event, alert }).await?;
            ctx.out().record(&ack_json(&ack), super::ACK_COLUMNS)?;
            Ok(())
        }
        EventCommand::Unpublish { event } => {
            let client = ctx.client()?;
            let ack = client.send(&UnpublishEvent::new(event)).await?;
            ctx.out().record(&ack_json(&ack), super::ACK_COLUMNS)?;
            Ok(())
        }
        EventCommand::Delete { event } => {
            let client = ctx.client()?;
            let ack = client.events().delete(event).await?;
            ctx.out().record(&ack_json(&ack), super::ACK_COLUMNS)?;
            Ok(())
        }
        EventCommand::Read { file } => {
            let doc = read_document(&file)?;
            ctx.out().value(&doc)?;
            Ok(())
        }
        EventCommand::Validate { files } => super::files::event_validate(ctx, &files),
        EventCommand::Summary { file } => super::files::event_summary(ctx, &file),
    }
}
