//! `cargo xtask corpus PATH...`: every MISP event in the given files and folders must survive a
//! read-then-write with exactly the same keys and values (see `misp_types::compare`).
//!
//! Plain event files are checked as they are; recorded HTTP exchanges (`{"request", "response"}`)
//! are checked when their response body is an event document. Fails on any loss.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

/// Runs the check over the given paths.
pub fn run(paths: &[String]) -> Result<()> {
    if paths.is_empty() {
        bail!("usage: cargo xtask corpus PATH...");
    }
    let mut files = Vec::new();
    for path in paths {
        collect(Path::new(path), &mut files)?;
    }
    files.sort();
    let (mut checked, mut failed) = (0usize, 0usize);
    for file in &files {
        let bytes = std::fs::read(file).with_context(|| format!("reading {}", file.display()))?;
        let Some(body) = event_body(file, &bytes)? else {
            continue;
        };
        checked += 1;
        match misp_types::compare::roundtrip(&body) {
            Ok(diffs) if diffs.is_empty() => {}
            Ok(diffs) => {
                failed += 1;
                eprintln!("LOSS {}: {} difference(s)", file.display(), diffs.len());
                for d in diffs.iter().take(5) {
                    eprintln!("    {d}");
                }
            }
            Err(error) => {
                failed += 1;
                eprintln!("FAIL {}: {error}", file.display());
            }
        }
    }
    println!("corpus: {checked} event documents checked, {failed} with a difference");
    if checked == 0 {
        bail!("no event document found under {paths:?}");
    }
    if failed > 0 {
        bail!("{failed} of {checked} event documents did not round-trip");
    }
    Ok(())
}

fn collect(path: &Path, files: &mut Vec<PathBuf>) -> Result<()> {
    if path.is_dir() {
        for entry in
            std::fs::read_dir(path).with_context(|| format!("listing {}", path.display()))?
        {
            collect(&entry?.path(), files)?;
        }
    } else if path.extension().is_some_and(|e| e == "json") {
        files.push(path.to_owned());
    }
    Ok(())
}

/// The event document in a file: the file itself, or a recorded exchange's response body.
/// `None` for files holding something else (a manifest, another kind of response).
fn event_body(file: &Path, bytes: &[u8]) -> Result<Option<Vec<u8>>> {
    if file.file_name().is_some_and(|n| n == "manifest.json") {
        return Ok(None);
    }
    let value: serde_json::Value =
        serde_json::from_slice(bytes).with_context(|| format!("{} is not JSON", file.display()))?;
    let body = match (value.get("request"), value.get("response")) {
        (Some(_), Some(response)) => match response.get("body") {
            Some(body) => body.clone(),
            None => return Ok(None),
        },
        _ => value,
    };
    let is_event = |v: &serde_json::Value| v.get("Event").is_some_and(|e| e.is_object());
    let keep = match &body {
        serde_json::Value::Object(map) if is_event(&body) => map.len() == 1,
        serde_json::Value::Object(map) => match map.get("response") {
            Some(serde_json::Value::Array(items)) => {
                map.len() == 1 && !items.is_empty() && items.iter().all(is_event)
            }
            _ => false,
        },
        _ => false,
    };
    Ok(keep.then(|| serde_json::to_vec(&body)).transpose()?)
}
