//! `misp feed ...`: the server's feeds. (Feed directories on disk are `misp feed-dir`; the
//! hidden `misp feed export|read` run those for older scripts.)

use std::path::PathBuf;

use clap::{Args, Subcommand};
use misp_admin::AdminExt;
use misp_admin::feeds::{CacheFeeds, FeedSelection, FetchAllFeeds};

use super::{ack, list, plain, record};
use crate::commands::feed_dir::{self, FeedDirCommand};
use crate::context::Context;
use crate::error::CliError;
use crate::output::Columns;

/// The columns of a feed.
pub const FEED_COLUMNS: Columns<'static> = &[
    ("id", "/id"),
    ("name", "/name"),
    ("provider", "/provider"),
    ("format", "/source_format"),
    ("source", "/input_source"),
    ("enabled", "/enabled"),
    ("caching", "/caching_enabled"),
    ("url", "/url"),
];

/// Which feeds `misp feed cache` caches.
#[derive(Debug, Args)]
#[group(required = true, multiple = false)]
pub struct CacheWhich {
    /// The feed's id.
    pub id: Option<u64>,
    /// Every feed with caching on.
    #[arg(long)]
    pub all: bool,
    /// The freetext and CSV feeds.
    #[arg(long)]
    pub freetext: bool,
    /// The MISP-format feeds.
    #[arg(long)]
    pub misp: bool,
}

/// `misp feed ...`.
#[derive(Debug, Subcommand)]
pub enum FeedCommand {
    /// List the server's feeds.
    List,
    /// Show a feed.
    Get {
        /// The feed's id.
        id: u64,
    },
    /// Enable a feed.
    Enable {
        /// The feed's id.
        id: u64,
    },
    /// Disable a feed.
    Disable {
        /// The feed's id.
        id: u64,
    },
    /// Fetch a feed now, or every enabled one; a failed fetch exits 1 with the server's
    /// message.
    Fetch {
        /// The feed's id.
        #[arg(required_unless_present = "all", conflicts_with = "all")]
        id: Option<u64>,
        /// Every enabled feed.
        #[arg(long)]
        all: bool,
    },
    /// Cache feeds for correlation: one, `--all`, `--freetext` or `--misp`.
    Cache {
        /// Which feeds.
        #[command(flatten)]
        which: CacheWhich,
    },
    /// Delete a feed.
    Delete {
        /// The feed's id.
        id: u64,
    },
    /// `misp feed-dir export` (kept for older scripts).
    #[command(hide = true)]
    Export {
        /// The directory to write.
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// The event files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Keep `distribution` fields.
        #[arg(long)]
        with_distribution: bool,
        /// Keep local tags.
        #[arg(long)]
        with_local_tags: bool,
        /// Leave event reports out.
        #[arg(long)]
        without_event_reports: bool,
    },
    /// `misp feed-dir read` (kept for older scripts).
    #[command(hide = true)]
    Read {
        /// The feed directory.
        dir: PathBuf,
    },
}

/// Runs `misp feed ...`.
pub async fn run(command: FeedCommand, ctx: &mut Context) -> Result<(), CliError> {
    let command = match command {
        FeedCommand::Export {
            out,
            files,
            with_distribution,
            with_local_tags,
            without_event_reports,
        } => {
            return feed_dir::run(
                FeedDirCommand::Export {
                    out,
                    files,
                    with_distribution,
                    with_local_tags,
                    without_event_reports,
                },
                ctx,
            );
        }
        FeedCommand::Read { dir } => return feed_dir::run(FeedDirCommand::Read { dir }, ctx),
        online => online,
    };
    let client = ctx.client()?;
    match command {
        FeedCommand::List => {
            let feeds = client.feeds().list().await?;
            list(ctx, feeds, FEED_COLUMNS, plain)?;
        }
        FeedCommand::Get { id } => {
            let feed = client.feeds().get(id).await?;
            record(ctx, &feed, FEED_COLUMNS, plain, false)?;
        }
        FeedCommand::Enable { id } => ack(ctx, &client.feeds().enable(id).await?)?,
        FeedCommand::Disable { id } => ack(ctx, &client.feeds().disable(id).await?)?,
        FeedCommand::Fetch { id: Some(id), .. } => ack(ctx, &client.feeds().fetch(id).await?)?,
        FeedCommand::Fetch { id: None, .. } => ack(ctx, &client.send(&FetchAllFeeds).await?)?,
        FeedCommand::Cache { which } => {
            let which = match which {
                CacheWhich { id: Some(id), .. } => FeedSelection::One(id),
                CacheWhich { freetext: true, .. } => FeedSelection::Freetext,
                CacheWhich { misp: true, .. } => FeedSelection::Misp,
                _ => FeedSelection::All,
            };
            ack(ctx, &client.send(&CacheFeeds::new(which)).await?)?;
        }
        FeedCommand::Delete { id } => ack(ctx, &client.feeds().delete(id).await?)?,
        FeedCommand::Export { .. } | FeedCommand::Read { .. } => {}
    }
    Ok(())
}
