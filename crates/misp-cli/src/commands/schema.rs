//! `misp schema`: the JSON Schemas of the MISP core format.

use clap::Args;

use crate::context::Context;
use crate::error::CliError;

/// `misp schema [NAME]`.
#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// Which schema (`event`, `event-bare`, `attribute`, `object` ..., with or without
    /// `.schema.json`) [default: event, the `{"Event": ...}` document].
    pub name: Option<String>,
    /// List the schema names.
    #[arg(long, conflicts_with = "name")]
    pub list: bool,
}

/// Prints a JSON Schema (draft 2020-12).
pub fn run(args: SchemaArgs, ctx: &mut Context) -> Result<(), CliError> {
    let schemas = misp_types::schema::schemas();
    if args.list {
        let mut list = ctx.out().list(&[("name", "/name")]);
        for (name, _) in &schemas {
            list.item(&serde_json::json!({ "name": name.trim_end_matches(".schema.json") }))?;
        }
        list.end()?;
        return Ok(());
    }
    let wanted = args.name.as_deref().unwrap_or("event");
    let wanted = wanted.trim_end_matches(".schema.json");
    let Some((_, schema)) = schemas
        .iter()
        .find(|(name, _)| name.trim_end_matches(".schema.json") == wanted)
    else {
        let names: Vec<&str> = schemas
            .iter()
            .map(|(n, _)| n.trim_end_matches(".schema.json"))
            .collect();
        return Err(CliError::NotFound(format!(
            "no schema named `{wanted}` (known: {})",
            names.join(", ")
        )));
    };
    ctx.out().value(schema)?;
    Ok(())
}
