//! `cargo xtask schema [--check]`: write the JSON Schemas of the MISP core format
//! (`misp_types::schema`) to `docs/schema/`; with `--check`, fail if the committed files are
//! stale or missing, or if `docs/schema/` holds a schema the crate no longer produces.

use std::collections::BTreeSet;
use std::path::Path;

use anyhow::{Context, bail};

const USAGE: &str = "usage: cargo xtask schema [--check]";

/// Runs the task.
pub fn run(args: &[String]) -> anyhow::Result<()> {
    let mut check = false;
    for arg in args {
        match arg.as_str() {
            "--check" => check = true,
            other => bail!("schema: unknown argument `{other}` ({USAGE})"),
        }
    }
    let dir = crate::workspace_root().join("docs").join("schema");
    let files = misp_types::schema::rendered_schemas();
    if check {
        check_files(&dir, &files)
    } else {
        std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
        for (name, text) in &files {
            let path = dir.join(name);
            std::fs::write(&path, text).with_context(|| format!("writing {}", path.display()))?;
        }
        println!("wrote {} schemas to {}", files.len(), dir.display());
        Ok(())
    }
}

fn check_files(dir: &Path, files: &[(&'static str, String)]) -> anyhow::Result<()> {
    let mut stale = Vec::new();
    for (name, text) in files {
        let path = dir.join(name);
        match std::fs::read_to_string(&path) {
            Ok(current) if current == *text => {}
            Ok(_) => stale.push(format!("{name} (out of date)")),
            Err(_) => stale.push(format!("{name} (missing)")),
        }
    }
    let expected: BTreeSet<&str> = files.iter().map(|(name, _)| *name).collect();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.ends_with(".schema.json") && !expected.contains(name.as_str()) {
                stale.push(format!("{name} (no longer produced)"));
            }
        }
    }
    if stale.is_empty() {
        println!("docs/schema/ is up to date ({} schemas)", files.len());
        Ok(())
    } else {
        bail!(
            "docs/schema/ is stale: {}; run `cargo xtask schema` and commit the result",
            stale.join(", ")
        )
    }
}
