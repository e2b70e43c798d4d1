//! Reading event files, and the offline `event validate` / `event summary`.

use std::io::Read;
use std::path::{Path, PathBuf};

use misp_types::EventDocument;
use misp_types::json::ReadError;
use serde_json::json;

use crate::context::Context;
use crate::error::CliError;
use crate::output::Format;

/// The columns of an event summary.
pub const SUMMARY_COLUMNS: crate::output::Columns<'static> = &[
    ("uuid", "/uuid"),
    ("date", "/date"),
    ("info", "/info"),
    ("attributes", "/attributes"),
    ("objects", "/objects"),
    ("published", "/published"),
];

/// Reads a file, or stdin for `-`.
pub fn read_bytes(path: &Path) -> Result<Vec<u8>, CliError> {
    let read = || -> std::io::Result<Vec<u8>> {
        if path == Path::new("-") {
            let mut buf = Vec::new();
            std::io::stdin().read_to_end(&mut buf)?;
            Ok(buf)
        } else {
            std::fs::read(path)
        }
    };
    read().map_err(|source| CliError::Read {
        path: path.to_owned(),
        source,
    })
}

/// Reads an event document from a file (a large one in chunks, see
/// `EventDocument::from_path`), or stdin for `-`.
pub fn read_document(path: &Path) -> Result<EventDocument, CliError> {
    let read = if path == Path::new("-") {
        EventDocument::from_slice(&read_bytes(path)?).map_err(ReadError::Parse)
    } else {
        EventDocument::from_path(path)
    };
    read.map_err(|error| match error {
        ReadError::Io(source) => CliError::Read {
            path: path.to_owned(),
            source,
        },
        ReadError::Parse(source) => CliError::Parse {
            path: path.to_owned(),
            source,
        },
    })
}

/// `misp event summary FILE`: one summary, or a list for a multi-event document.
pub fn event_summary(ctx: &mut Context, file: &Path) -> Result<(), CliError> {
    let doc = read_document(file)?;
    let summaries: Vec<_> = doc.events().map(|e| e.summary()).collect();
    if let (EventDocument::Wrapped(_) | EventDocument::Bare(_), [one]) = (&doc, &summaries[..]) {
        ctx.out().record(one, SUMMARY_COLUMNS)?;
    } else {
        let mut list = ctx.out().list(SUMMARY_COLUMNS);
        for s in &summaries {
            list.item(s)?;
        }
        list.end()?;
    }
    Ok(())
}

/// `misp event validate FILE...`: prints every problem; fails when any is an error.
pub fn event_validate(ctx: &mut Context, files: &[PathBuf]) -> Result<(), CliError> {
    let (mut errors, mut warnings, mut unreadable) = (0usize, 0usize, 0usize);
    let structured = matches!(
        ctx.out().options().format,
        Some(Format::Jsonl | Format::Json | Format::Csv)
    );
    let mut problems_out = Vec::new();
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
                if structured {
                    problems_out.push(json!({
                        "file": file.display().to_string(),
                        "event": index,
                        "path": problem.path,
                        "severity": if problem.is_error() { "error" } else { "warning" },
                        "message": problem.message,
                    }));
                } else {
                    ctx.out().line(&format!("{name}: {problem}"))?;
                }
            }
        }
    }
    if structured {
        let mut list = ctx.out().list(&[
            ("file", "/file"),
            ("event", "/event"),
            ("path", "/path"),
            ("severity", "/severity"),
            ("message", "/message"),
        ]);
        for p in &problems_out {
            list.item(p)?;
        }
        list.end()?;
    }
    ctx.out().flush()?;
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
    ctx.note(&summary);
    Ok(())
}
