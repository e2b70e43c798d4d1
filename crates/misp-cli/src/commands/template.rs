//! `misp template ...`: the object templates (from misp-objects).

use clap::Subcommand;
use misp_types::{object_template, object_templates};
use serde::Serialize;

use crate::context::Context;
use crate::error::CliError;
use crate::output::Columns;

/// The columns of `misp template list`.
pub const TEMPLATE_COLUMNS: Columns<'static> = &[
    ("name", "/name"),
    ("meta-category", "/meta-category"),
    ("description", "/description"),
];

/// `misp template ...`.
#[derive(Debug, Subcommand)]
pub enum TemplateCommand {
    /// List the templates: name, meta-category, description.
    List,
    /// One template with its relations and rules.
    Show {
        /// The template name (`file`, `domain-ip` ...).
        name: String,
    },
}

/// Runs `misp template ...`.
pub fn run(command: TemplateCommand, ctx: &mut Context) -> Result<(), CliError> {
    match command {
        TemplateCommand::List => template_list(ctx),
        TemplateCommand::Show { name } => template_show(ctx, &name),
    }
}

/// An object template, as `misp template` prints it (keys as in misp-objects).
#[derive(Serialize)]
struct TemplateView<'a> {
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    uuid: Option<uuid::Uuid>,
    #[serde(skip_serializing_if = "Option::is_none")]
    version: Option<u32>,
    #[serde(rename = "meta-category")]
    meta_category: &'a str,
    description: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    required: Option<&'a [&'a str]>,
    #[serde(rename = "requiredOneOf", skip_serializing_if = "Option::is_none")]
    required_one_of: Option<&'a [&'a str]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    attributes: Option<Vec<RelationView<'a>>>,
}

/// One relation of a template.
#[derive(Serialize)]
struct RelationView<'a> {
    name: &'a str,
    #[serde(rename = "misp-attribute")]
    misp_attribute: &'a str,
    description: &'a str,
    #[serde(rename = "ui-priority")]
    ui_priority: u32,
    multiple: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    to_ids: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    disable_correlation: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    recommended: Option<bool>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    categories: &'a [&'a str],
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    values_list: &'a [&'a str],
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    sane_default: &'a [&'a str],
}

/// `misp template list`.
fn template_list(ctx: &mut Context) -> Result<(), CliError> {
    let mut list = ctx.out().list(TEMPLATE_COLUMNS);
    for t in object_templates() {
        list.item(&TemplateView {
            name: t.name,
            uuid: None,
            version: None,
            meta_category: t.meta_category,
            description: t.description,
            required: None,
            required_one_of: None,
            attributes: None,
        })?;
    }
    list.end()?;
    Ok(())
}

/// `misp template show NAME`.
fn template_show(ctx: &mut Context, name: &str) -> Result<(), CliError> {
    let t = object_template(name).ok_or_else(|| {
        CliError::NotFound(format!(
            "unknown object template `{name}` (see `misp template list`)"
        ))
    })?;
    let relations = t
        .relations
        .iter()
        .map(|r| RelationView {
            name: r.name,
            misp_attribute: r.misp_attribute,
            description: r.description,
            ui_priority: r.ui_priority,
            multiple: r.multiple,
            to_ids: r.to_ids,
            disable_correlation: r.disable_correlation,
            recommended: r.recommended,
            categories: r.categories,
            values_list: r.values_list,
            sane_default: r.sane_default,
        })
        .collect();
    ctx.out().value(&TemplateView {
        name: t.name,
        uuid: Some(t.uuid),
        version: Some(t.version),
        meta_category: t.meta_category,
        description: t.description,
        required: Some(t.required),
        required_one_of: Some(t.required_one_of),
        attributes: Some(relations),
    })?;
    Ok(())
}
