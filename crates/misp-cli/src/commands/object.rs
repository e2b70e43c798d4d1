//! `misp object add EVENT TEMPLATE --set relation=value ...`.

use clap::{Args, Subcommand};
use misp_api::IdOrUuid;
use misp_types::builder::ObjectBuilder;
use misp_types::input::pair;

use crate::context::Context;
use crate::error::CliError;
use crate::output::Columns;

/// The columns of an object.
pub const OBJECT_COLUMNS: Columns<'static> = &[
    ("id", "/id"),
    ("name", "/name"),
    ("uuid", "/uuid"),
    ("event", "/event_id"),
    ("attributes", "/Attribute/#"),
];

/// `misp object ...`.
#[derive(Debug, Subcommand)]
pub enum ObjectCommand {
    /// Add an object built from a template (see `misp template show NAME`); the template's
    /// rules (required relations, one-of, multiple, known relations, value formats) are
    /// checked before anything is sent.
    Add(ObjectAddArgs),
}

/// `misp object add`.
#[derive(Debug, Args)]
pub struct ObjectAddArgs {
    /// The event's id or UUID.
    pub event: IdOrUuid,
    /// The template name (`domain-ip`, `file`, `url` ...).
    pub template: String,
    /// A relation and its value (repeatable; repeat a relation for several values).
    #[arg(long = "set", value_name = "RELATION=VALUE", required = true)]
    pub set: Vec<String>,
    /// A comment on the object.
    #[arg(long)]
    pub comment: Option<String>,
}

/// Builds an object from a template and `relation=value` pairs, checking the template's
/// rules.
pub fn build(template: &str, set: &[String]) -> Result<misp_types::Object, CliError> {
    if misp_types::object_template(template).is_none() {
        return Err(CliError::NotFound(format!(
            "unknown object template `{template}` (see `misp template list`)"
        )));
    }
    let mut builder = ObjectBuilder::new(template);
    for item in set {
        let (relation, value) = pair(item).map_err(|e| CliError::Usage(format!("--set {e}")))?;
        builder = builder.attribute(relation, value);
    }
    builder
        .build()
        .map_err(|problems| CliError::Invalid(format!("object not sent: {problems}")))
}

/// Runs `misp object ...`.
pub async fn run(command: ObjectCommand, ctx: &mut Context) -> Result<(), CliError> {
    let ObjectCommand::Add(args) = command;
    let mut object = build(&args.template, &args.set)?;
    if let Some(c) = args.comment {
        object.comment = Some(c);
    }
    let client = ctx.client()?;
    let added = client.objects().add(args.event, object).await?;
    ctx.out().record(&added, OBJECT_COLUMNS)?;
    Ok(())
}
