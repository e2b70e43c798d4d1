//! The commands that need no server: event files, feeds, types, templates.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use misp_types::feed::{self, FeedOptions};
use misp_types::{AttributeType, Category, EventDocument, object_template, object_templates};
use serde::Serialize;
use serde_json::json;

use crate::error::CliError;
use crate::output::{Mode, Output};

/// Reads an event document from a file, or stdin for `-`.
fn read_document(path: &Path) -> Result<EventDocument, CliError> {
    let bytes = if path == Path::new("-") {
        let mut buf = Vec::new();
        std::io::stdin()
            .read_to_end(&mut buf)
            .map_err(|source| CliError::Read {
                path: path.to_owned(),
                source,
            })?;
        buf
    } else {
        std::fs::read(path).map_err(|source| CliError::Read {
            path: path.to_owned(),
            source,
        })?
    };
    EventDocument::from_slice(&bytes).map_err(|source| CliError::Parse {
        path: path.to_owned(),
        source,
    })
}

/// `misp event read FILE`.
pub fn event_read<W: Write>(out: &mut Output<W>, file: &Path) -> Result<(), CliError> {
    let doc = read_document(file)?;
    out.value(&doc)?;
    Ok(())
}

/// `misp event summary FILE`: one summary, or a list for a multi-event document.
pub fn event_summary<W: Write>(out: &mut Output<W>, file: &Path) -> Result<(), CliError> {
    let doc = read_document(file)?;
    let summaries: Vec<_> = doc.events().map(|e| e.summary()).collect();
    if let (EventDocument::Wrapped(_) | EventDocument::Bare(_), [one]) = (&doc, &summaries[..]) {
        out.value(one)?;
    } else {
        let mut list = out.list();
        for s in &summaries {
            list.item(s)?;
        }
        list.end()?;
    }
    Ok(())
}

/// `misp event validate FILE...`: prints every problem; fails when any is an error.
pub fn event_validate<W: Write>(out: &mut Output<W>, files: &[PathBuf]) -> Result<(), CliError> {
    let (mut errors, mut warnings, mut unreadable) = (0usize, 0usize, 0usize);
    for file in files {
        let doc = match read_document(file) {
            Ok(doc) => doc,
            Err(e) => {
                // One unreadable file does not stop the others.
                eprintln!("error: {e}");
                unreadable += 1;
                continue;
            }
        };
        let many = doc.events().count() > 1;
        for (index, event) in doc.events().enumerate() {
            let problems = event.validate();
            errors += problems.errors().count();
            warnings += problems.warnings().count();
            let name = if many {
                format!("{} (event {})", file.display(), index + 1)
            } else {
                file.display().to_string()
            };
            for problem in &problems {
                if out.mode() == Mode::Lines {
                    out.value(&json!({
                        "file": file.display().to_string(),
                        "event": index,
                        "path": problem.path,
                        "severity": if problem.is_error() { "error" } else { "warning" },
                        "message": problem.message,
                    }))?;
                } else {
                    out.line(&format!("{name}: {problem}"))?;
                }
            }
        }
    }
    out.flush()?;
    let summary = format!(
        "{errors} error(s), {warnings} warning(s) in {} file(s)",
        files.len()
    );
    if errors > 0 || unreadable > 0 {
        let unread = if unreadable > 0 {
            format!(", {unreadable} unreadable")
        } else {
            String::new()
        };
        return Err(CliError::Invalid(format!(
            "validation failed: {summary}{unread}"
        )));
    }
    eprintln!("{summary}");
    Ok(())
}

/// `misp feed export --out DIR FILE...`: writes the feed, prints its manifest.
pub fn feed_export<W: Write>(
    out: &mut Output<W>,
    dir: &Path,
    files: &[PathBuf],
    options: &FeedOptions,
) -> Result<(), CliError> {
    let mut events = Vec::new();
    for file in files {
        events.extend(read_document(file)?.into_events());
    }
    let written = feed::export(dir, &events, options)?;
    out.value(written.manifest())?;
    Ok(())
}

/// `misp feed read DIR`: lists the events' summaries; issues go to stderr as warnings.
pub fn feed_read<W: Write>(out: &mut Output<W>, dir: &Path) -> Result<(), CliError> {
    let contents = feed::read_feed(dir)?;
    let mut list = out.list();
    for event in &contents.events {
        list.item(&event.summary())?;
    }
    list.end()?;
    for issue in &contents.issues {
        eprintln!("warning: {issue}");
    }
    Ok(())
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
pub fn types_list<W: Write>(out: &mut Output<W>, category: Option<&str>) -> Result<(), CliError> {
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
    let mut list = out.list();
    for t in types {
        list.item(&type_info(t, false))?;
    }
    list.end()?;
    Ok(())
}

/// `misp types show TYPE`.
pub fn types_show<W: Write>(out: &mut Output<W>, name: &str) -> Result<(), CliError> {
    let t = AttributeType::from_known(name).ok_or_else(|| {
        CliError::NotFound(format!(
            "unknown attribute type `{name}` (see `misp types`)"
        ))
    })?;
    out.value(&type_info(&t, true))?;
    Ok(())
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
pub fn template_list<W: Write>(out: &mut Output<W>) -> Result<(), CliError> {
    let mut list = out.list();
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
pub fn template_show<W: Write>(out: &mut Output<W>, name: &str) -> Result<(), CliError> {
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
    out.value(&TemplateView {
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
