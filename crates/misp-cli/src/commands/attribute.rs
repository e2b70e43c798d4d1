//! `misp attribute ...`: search, add one, add many.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};
use futures_util::{StreamExt, TryStreamExt};
use misp_api::IdOrUuid;
use misp_api::search::{Filter, SearchQuery};
use misp_types::builder::AttributeBuilder;
use misp_types::input::{AttributeLine, AttributeLines};
use serde_json::json;

use super::files::read_bytes;

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
    /// Add every attribute of a file (`-` for stdin): CSV rows
    /// `type,value[,category,comment,to_ids]`, or one value per line with `--type`.
    /// Prints one result per input line; exits 1 if any failed. Values the event already
    /// has are skipped, so a rerun adds only what is missing.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["kind", "value"])]
    pub from: Option<PathBuf>,
    /// With `--from`: every line is one value of this type.
    #[arg(long = "type", value_name = "TYPE", requires = "from")]
    pub from_type: Option<String>,
    /// With `--from`: how many requests run at once.
    #[arg(long, value_name = "N", default_value_t = 4,
          value_parser = clap::value_parser!(u16).range(1..=64))]
    pub concurrency: u16,
}

/// Runs `misp attribute ...`.
pub async fn run(command: AttributeCommand, ctx: &mut Context) -> Result<(), CliError> {
    match command {
        AttributeCommand::Search(args) => search::attribute_search(&args, ctx).await,
        AttributeCommand::Add(args) if args.from.is_some() => add_many(*args, ctx).await,
        AttributeCommand::Add(args) => add_one(*args, ctx).await,
    }
}

async fn add_one(args: AddArgs, ctx: &mut Context) -> Result<(), CliError> {
    let (Some(kind), Some(value)) = (args.kind, args.value) else {
        return Err(CliError::Usage(
            "give TYPE and VALUE, or --from FILE".into(),
        ));
    };
    let mut builder = match kind.as_str() {
        "malware-sample" => {
            return Err(CliError::Usage(format!(
                "a malware-sample is uploaded as a file: `misp sample upload {} {value}` (the \
                 server computes the hashes and makes a file object; `--advanced` adds PE/ELF \
                 objects when it can)",
                args.event
            )));
        }
        "attachment" if Path::new(&value).is_file() => {
            let path = Path::new(&value);
            let content = read_bytes(path)?;
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| value.clone());
            AttributeBuilder::attachment(name, &content)
        }
        _ => AttributeBuilder::new(kind.as_str(), value),
    };
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

/// The columns of a bulk add's report.
pub const BULK_COLUMNS: crate::output::Columns<'static> = &[
    ("line", "/line"),
    ("type", "/type"),
    ("value", "/value"),
    ("result", "/result"),
    ("id", "/id"),
    ("error", "/error"),
];

/// What happened to one input line.
fn report(
    line: &AttributeLine,
    result: &str,
    id: Option<String>,
    error: Option<String>,
) -> serde_json::Value {
    json!({
        "line": line.line,
        "type": line.kind,
        "value": line.value,
        "result": result,
        "id": id,
        "error": error,
    })
}

/// True when the server refused an attribute because the event has it already.
fn is_duplicate(e: &misp_client::Error) -> bool {
    e.api().is_some_and(misp_api::ApiError::is_duplicate)
}

async fn add_many(args: AddArgs, ctx: &mut Context) -> Result<(), CliError> {
    let Some(path) = &args.from else {
        return Err(CliError::Usage("--from FILE is missing".into()));
    };
    let bytes = read_bytes(path)?;
    let text = String::from_utf8(bytes)
        .map_err(|e| CliError::Invalid(format!("`{}` is not UTF-8 text: {e}", path.display())))?;
    let lines: Vec<_> = match &args.from_type {
        Some(kind) => AttributeLines::values(&text, kind).collect(),
        None => AttributeLines::csv(&text).collect(),
    };
    let client = ctx.client()?;
    // What the event already holds, so a rerun skips it.
    let existing: HashSet<(String, String)> = client
        .search()
        .attributes(SearchQuery::new().event_ids(Filter::eq(args.event.to_string())))
        .map_ok(|a| {
            (
                a.kind
                    .as_ref()
                    .map(|k| k.as_str().to_owned())
                    .unwrap_or_default(),
                a.value.clone().unwrap_or_default(),
            )
        })
        .try_collect()
        .await?;
    let total = lines.len();
    let bar = ctx.progress().bar(Some(total as u64), "adding");
    let event = args.event;
    let defaults = (
        args.category.clone(),
        args.comment.clone(),
        (args.to_ids || args.no_to_ids).then_some(args.to_ids),
    );
    let results =
        futures_util::stream::iter(lines.into_iter().enumerate().map(|(index, parsed)| {
            let client = client.clone();
            let existing = &existing;
            let defaults = &defaults;
            async move {
                let mut line = match parsed {
                    Ok(line) => line,
                    Err(e) => {
                        let value = json!({
                            "line": e.line, "type": null, "value": null,
                            "result": "invalid", "id": null, "error": e.message,
                        });
                        return (false, value);
                    }
                };
                let _ = index;
                line.category = line.category.or(defaults.0.clone());
                line.comment = line.comment.or(defaults.1.clone());
                line.to_ids = line.to_ids.or(defaults.2);
                if existing.contains(&(line.kind.clone(), line.value.clone())) {
                    return (true, report(&line, "exists", None, None));
                }
                if line.kind == "malware-sample" {
                    return (
                        false,
                        report(
                            &line,
                            "invalid",
                            None,
                            Some("upload samples with `misp sample upload`".into()),
                        ),
                    );
                }
                let attribute = match line.builder().build() {
                    Ok(a) => a,
                    Err(problems) => {
                        return (
                            false,
                            report(&line, "invalid", None, Some(problems.to_string())),
                        );
                    }
                };
                match client.attributes().add(event, attribute).await {
                    Ok(added) => (
                        true,
                        report(&line, "added", added.id.map(|i| i.to_string()), None),
                    ),
                    Err(e) if is_duplicate(&e) => (true, report(&line, "exists", None, None)),
                    Err(e) => (false, report(&line, "failed", None, Some(e.to_string()))),
                }
            }
        }))
        .buffered(usize::from(args.concurrency));
    futures_util::pin_mut!(results);
    let mut failed = 0usize;
    let mut list = ctx.out().list(BULK_COLUMNS);
    while let Some((ok, value)) = results.next().await {
        if !ok {
            failed += 1;
        }
        list.item(&value)?;
        bar.inc(1);
    }
    list.end()?;
    bar.finish_and_clear();
    if failed > 0 {
        return Err(CliError::Invalid(format!(
            "{failed} of {total} attribute(s) not added"
        )));
    }
    Ok(())
}
