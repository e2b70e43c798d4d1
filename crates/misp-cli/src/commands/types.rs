//! `misp types`: the attribute types MISP knows.

use clap::{Args, Subcommand};
use misp_types::{AttributeType, Category};
use serde::Serialize;

use crate::context::Context;
use crate::error::CliError;
use crate::output::Columns;

/// The columns of `misp types`.
pub const TYPE_COLUMNS: Columns<'static> = &[
    ("type", "/type"),
    ("category", "/default_category"),
    ("ids", "/to_ids"),
];

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

/// Runs `misp types`.
pub fn run(args: TypesArgs, ctx: &mut Context) -> Result<(), CliError> {
    match args.command {
        Some(TypesCommand::Show { kind }) => types_show(ctx, &kind),
        None => types_list(ctx, args.category.as_deref()),
    }
}

/// An attribute type, as `misp types` prints it.
#[derive(Serialize)]
struct TypeInfo {
    #[serde(rename = "type")]
    name: String,
    default_category: Option<String>,
    to_ids: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    composite: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    categories: Option<Vec<String>>,
}

fn type_info(t: &AttributeType, detailed: bool) -> TypeInfo {
    TypeInfo {
        name: t.as_str().to_owned(),
        default_category: t.default_category().map(|c| c.as_str().to_owned()),
        to_ids: t.default_to_ids(),
        composite: detailed.then(|| t.is_composite()),
        categories: detailed.then(|| {
            t.categories()
                .iter()
                .map(|c| c.as_str().to_owned())
                .collect()
        }),
    }
}

/// `misp types [--category C]`.
fn types_list(ctx: &mut Context, category: Option<&str>) -> Result<(), CliError> {
    let types: &[AttributeType] = match category {
        None => AttributeType::ALL,
        Some(name) => match Category::from_known(name) {
            Some(c) => c.types(),
            None => {
                let known: Vec<&str> = Category::ALL.iter().map(|c| c.as_str()).collect();
                return Err(CliError::NotFound(format!(
                    "unknown category `{name}` (known: {})",
                    known.join(", ")
                )));
            }
        },
    };
    let mut list = ctx.out().list(TYPE_COLUMNS);
    for t in types {
        list.item(&type_info(t, false))?;
    }
    list.end()?;
    Ok(())
}

/// `misp types show TYPE`.
fn types_show(ctx: &mut Context, name: &str) -> Result<(), CliError> {
    let t = AttributeType::from_known(name).ok_or_else(|| {
        CliError::NotFound(format!(
            "unknown attribute type `{name}` (see `misp types`)"
        ))
    })?;
    ctx.out().record(&type_info(&t, true), TYPE_COLUMNS)?;
    Ok(())
}
