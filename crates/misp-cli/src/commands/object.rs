//! `misp object add EVENT TEMPLATE --set relation=value ...`, `misp object add EVENT --file
//! SAMPLE ...` and the offline `misp object new KIND INPUT`.

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
    /// Add objects to an event: one built from a template (see `misp template show NAME`),
    /// its rules (required relations, one-of, multiple, known relations, value formats)
    /// checked before anything is sent; or those made from artefacts (`--file`, `--eml`,
    /// `--url-object`, `--csv --template`), each object then each of its references sent,
    /// one result line per object, exit 1 if any failed.
    Add(Box<ObjectAddArgs>),
    /// Print the objects made from an artefact, as a JSON list (offline): `file SAMPLE`
    /// (with `pe`/`elf`/`macho` objects when it parses), `eml MAIL`, `url URL`,
    /// `csv FILE --template NAME`.
    #[cfg(feature = "tools")]
    New(ObjectNewArgs),
}

/// `misp object add`.
#[derive(Debug, Args)]
pub struct ObjectAddArgs {
    /// The event's id or UUID.
    pub event: IdOrUuid,
    /// The template name (`domain-ip`, `file`, `url` ...), with `--set`.
    #[arg(requires = "set")]
    pub template: Option<String>,
    /// A relation and its value (repeatable; repeat a relation for several values).
    #[arg(long = "set", value_name = "RELATION=VALUE", requires = "template")]
    pub set: Vec<String>,
    /// A comment on the object (on each object made from artefacts).
    #[arg(long)]
    pub comment: Option<String>,
    /// Objects made from artefacts.
    #[cfg(feature = "tools")]
    #[command(flatten)]
    pub inputs: super::inputs::InputArgs,
}

/// `misp object new`.
#[cfg(feature = "tools")]
#[derive(Debug, Args)]
pub struct ObjectNewArgs {
    /// What the input is: file, eml, url, csv.
    #[arg(value_parser = ["file", "eml", "email", "url", "csv"])]
    pub kind: String,
    /// The file's path, or the URL.
    pub input: String,
    /// The object template of a CSV file's columns.
    #[arg(long, value_name = "NAME")]
    pub template: Option<String>,
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
    match command {
        ObjectCommand::Add(args) => add(*args, ctx).await,
        #[cfg(feature = "tools")]
        ObjectCommand::New(args) => {
            let input = super::inputs::parse(
                &args.kind,
                &args.input,
                args.template.as_deref(),
                "misp object new",
            )?;
            let made = super::inputs::make(&input)?;
            let mut list = ctx.out().list(OBJECT_COLUMNS);
            for object in &made.objects {
                list.item(object)?;
            }
            list.end()?;
            Ok(())
        }
    }
}

async fn add(args: ObjectAddArgs, ctx: &mut Context) -> Result<(), CliError> {
    #[cfg(feature = "tools")]
    if !args.inputs.is_empty() {
        if args.template.is_some() {
            return Err(CliError::Usage(
                "give a TEMPLATE with --set, or artefacts (--file, --eml, --url-object, --csv), not both"
                    .into(),
            ));
        }
        return add_made(args, ctx).await;
    }
    let Some(template) = &args.template else {
        return Err(CliError::Usage(if cfg!(feature = "tools") {
            "give a TEMPLATE and --set RELATION=VALUE, or --file, --eml, --url-object, --csv".into()
        } else {
            "give a TEMPLATE and --set RELATION=VALUE".into()
        }));
    };
    let mut object = build(template, &args.set)?;
    if let Some(c) = args.comment {
        object.comment = Some(c);
    }
    let client = ctx.client()?;
    let added = client.objects().add(args.event, object).await?;
    ctx.out().record(&added, OBJECT_COLUMNS)?;
    Ok(())
}

/// The columns of `misp object add EVENT --file ...`: one line per object.
#[cfg(feature = "tools")]
pub const ADDED_COLUMNS: Columns<'static> = &[
    ("input", "/input"),
    ("object", "/object"),
    ("uuid", "/uuid"),
    ("result", "/result"),
    ("id", "/id"),
    ("references", "/references"),
    ("error", "/error"),
];

/// `misp object add EVENT --file ...`: every artefact's objects are made (and checked) before
/// anything is sent; then, per artefact, each object (`objects/add/{event}`), then each
/// reference whose two ends were added (`objectReferences/add`).
#[cfg(feature = "tools")]
async fn add_made(args: ObjectAddArgs, ctx: &mut Context) -> Result<(), CliError> {
    use misp_api::objects::AddObjectReference;
    use serde_json::json;

    let inputs = args.inputs.inputs()?;
    let mut made = Vec::with_capacity(inputs.len());
    for input in &inputs {
        made.push((input_name(input), super::inputs::make(input)?));
    }
    let client = ctx.client()?;
    let mut lines = Vec::new();
    let (mut failed, mut total) = (0usize, 0usize);
    for (name, m) in made {
        let (objects, references) = m.split_references();
        let first = lines.len();
        let mut added = std::collections::HashSet::new();
        for mut object in objects {
            total += 1;
            if let Some(c) = &args.comment {
                object.comment = Some(c.clone());
            }
            let uuid = object.uuid;
            let kind = object.name.clone();
            let line = match client.objects().add(args.event, object).await {
                Ok(stored) => {
                    added.extend(uuid);
                    json!({"input": name, "object": kind, "uuid": uuid, "result": "added",
                           "id": stored.id, "references": 0, "error": null})
                }
                Err(e) => {
                    failed += 1;
                    json!({"input": name, "object": kind, "uuid": uuid, "result": "failed",
                           "id": null, "references": 0, "error": e.to_string()})
                }
            };
            lines.push(line);
        }
        for reference in references {
            let source = reference.object_uuid;
            let Some(line) = lines.get_mut(first..).and_then(|ls| {
                ls.iter_mut()
                    .find(|l| source.is_some_and(|s| l["uuid"] == json!(s)))
            }) else {
                continue;
            };
            let ends_added = source.is_some_and(|s| added.contains(&s))
                && reference
                    .referenced_uuid
                    .is_some_and(|t| added.contains(&t));
            if !ends_added {
                // The source failed already; a failed target leaves this one out.
                if line["result"] == "added" {
                    line["result"] = json!("failed");
                    line["error"] = json!(format!(
                        "reference `{}` not sent: its target object was not added",
                        reference.relationship_type.as_deref().unwrap_or_default()
                    ));
                    failed += 1;
                }
                continue;
            }
            let relationship = reference.relationship_type.clone().unwrap_or_default();
            match client.send(&AddObjectReference::new(reference)).await {
                Ok(_) => {
                    line["references"] = json!(line["references"].as_u64().unwrap_or(0) + 1);
                }
                Err(e) => {
                    if line["result"] == "added" {
                        failed += 1;
                    }
                    line["result"] = json!("failed");
                    line["error"] = json!(format!("reference `{relationship}`: {e}"));
                }
            }
        }
    }
    let mut list = ctx.out().list(ADDED_COLUMNS);
    for line in &lines {
        list.item(line)?;
    }
    list.end()?;
    if failed > 0 {
        return Err(CliError::Invalid(format!(
            "{failed} of {total} object(s) not added in full"
        )));
    }
    Ok(())
}

/// How a result line names its input: the path, or the URL.
#[cfg(feature = "tools")]
fn input_name(input: &misp_tools::input::Input) -> String {
    use misp_tools::input::Input;
    match input {
        Input::File { path, .. } | Input::Eml(path) | Input::Csv { path, .. } => {
            path.display().to_string()
        }
        Input::Url(url) => url.clone(),
        _ => String::new(),
    }
}
