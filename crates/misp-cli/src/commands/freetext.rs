//! `misp freetext EVENT FILE|-`: the server's free-text import.

use std::path::PathBuf;

use clap::Args;
use misp_api::IdOrUuid;
use misp_api::events::FreeTextImport;

use super::files::read_bytes;
use super::search::ATTRIBUTE_COLUMNS;
use crate::context::Context;
use crate::error::CliError;

/// `misp freetext`.
#[derive(Debug, Args)]
pub struct FreetextArgs {
    /// The event's id or UUID.
    pub event: IdOrUuid,
    /// The text file (`-` for stdin): a report, an e-mail, a list of indicators.
    pub file: PathBuf,
    /// The distribution of the new attributes (0 to 5) [default: the server's].
    #[arg(long, value_name = "LEVEL", value_parser = clap::value_parser!(u8).range(0..=5))]
    pub distribution: Option<u8>,
}

/// Sends the text to the server, which finds the indicators and adds them; prints the
/// attributes it added.
pub async fn run(args: FreetextArgs, ctx: &mut Context) -> Result<(), CliError> {
    let bytes = read_bytes(&args.file)?;
    let text = String::from_utf8(bytes).map_err(|e| {
        CliError::Invalid(format!("`{}` is not UTF-8 text: {e}", args.file.display()))
    })?;
    let mut op = FreeTextImport::new(args.event, text);
    op.distribution = args.distribution;
    let client = ctx.client()?;
    let added = client.send(&op).await?;
    let mut list = ctx.out().list(ATTRIBUTE_COLUMNS);
    for a in &added {
        list.item(a)?;
    }
    let n = list.end()?;
    ctx.note(&format!("{n} attribute(s) added"));
    Ok(())
}
