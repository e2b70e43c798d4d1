//! `misp attribute ...`: search, add one, add many.

use clap::{Args, Subcommand};
use misp_api::IdOrUuid;
use misp_types::builder::AttributeBuilder;

use super::search::{self, ATTRIBUTE_COLUMNS, AttributeSearchArgs};
use crate::context::Context;
use crate::error::CliError;

/// `misp attribute ...`.
#[derive(Debug, Subcommand)]
pub enum AttributeCommand {
    /// Search attributes (restSearch): JSON results are streamed as they arrive, other
    /// formats are copied to stdout (or `--out FILE`) as they arrive.
    Search(Box<AttributeSearchArgs>),
    /// Add an attribute to an event (`EVENT TYPE VALUE`), or many (`EVENT --from FILE`);
    /// category and IDS flag default to the type's. Each attribute is validated before it
    /// is sent.
    Add(Box<AddArgs>),
}

/// `misp attribute add`.
#[derive(Debug, Args)]
pub struct AddArgs {
    /// The event's id or UUID.
    pub event: IdOrUuid,
    /// The attribute type (`ip-dst`, `domain`, `md5` ...; see `misp types`).
    #[arg(value_name = "TYPE", required_unless_present = "from")]
    pub kind: Option<String>,
    /// The value.
    #[arg(required_unless_present = "from")]
    pub value: Option<String>,
    /// The category [default: the type's].
    #[arg(long)]
    pub category: Option<String>,
    /// A comment.
    #[arg(long)]
    pub comment: Option<String>,
    /// Mark it for IDS export [default: the type's].
    #[arg(long, conflicts_with = "no_to_ids")]
    pub to_ids: bool,
    /// Do not mark it for IDS export.
    #[arg(long)]
    pub no_to_ids: bool,
}

/// Runs `misp attribute ...`.
pub async fn run(command: AttributeCommand, ctx: &mut Context) -> Result<(), CliError> {
    match command {
        AttributeCommand::Search(args) => search::attribute_search(&args, ctx).await,
        AttributeCommand::Add(args) => add_one(*args, ctx).await,
    }
}

async fn add_one(args: AddArgs, ctx: &mut Context) -> Result<(), CliError> {
    let (Some(kind), Some(value)) = (args.kind, args.value) else {
        return Err(CliError::Usage(
            "give TYPE and VALUE, or --from FILE".into(),
        ));
    };
    let mut builder = AttributeBuilder::new(kind.as_str(), value);
    if let Some(c) = args.category {
        builder = builder.category(c.as_str());
    }
    if let Some(c) = args.comment {
        builder = builder.comment(c);
    }
    if args.to_ids || args.no_to_ids {
        builder = builder.to_ids(args.to_ids);
    }
    let attribute = builder
        .build()
        .map_err(|problems| CliError::Invalid(format!("attribute not sent: {problems}")))?;
    let client = ctx.client()?;
    let added = client.attributes().add(args.event, attribute).await?;
    ctx.out().record(&added, ATTRIBUTE_COLUMNS)?;
    Ok(())
}
