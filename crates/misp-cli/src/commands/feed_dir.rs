//! `misp feed-dir ...`: MISP feed directories on disk (no server).

use std::path::PathBuf;

use clap::Subcommand;
use misp_types::feed::{self, FeedOptions};

use super::files::{SUMMARY_COLUMNS, read_document};
use crate::context::Context;
use crate::error::CliError;

/// `misp feed-dir ...`.
#[derive(Debug, Subcommand)]
pub enum FeedDirCommand {
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

/// Runs `misp feed-dir ...`.
pub fn run(command: FeedDirCommand, ctx: &mut Context) -> Result<(), CliError> {
    match command {
        FeedDirCommand::Export {
            out: dir,
            files,
            with_distribution,
            with_local_tags,
            without_event_reports,
        } => {
            let mut options = FeedOptions::default();
            if with_distribution {
                options = options.with_distribution();
            }
            if with_local_tags {
                options = options.with_local_tags();
            }
            if without_event_reports {
                options = options.without_event_reports();
            }
            let mut events = Vec::new();
            for file in &files {
                events.extend(read_document(file)?.into_events());
            }
            let written = feed::export(&dir, &events, &options)?;
            ctx.out().value(written.manifest())?;
            Ok(())
        }
        FeedDirCommand::Read { dir } => {
            let contents = feed::read_feed(&dir)?;
            let mut list = ctx.out().list(SUMMARY_COLUMNS);
            for event in &contents.events {
                list.item(&event.summary())?;
            }
            list.end()?;
            for issue in &contents.issues {
                eprintln!("warning: {issue}");
            }
            Ok(())
        }
    }
}
