//! Project automation, run as `cargo xtask <task>`.
//!
//! Each task lives in its own module; this file only dispatches.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::bail;

mod ci;
mod codegen;
mod corpus;
mod live;

const USAGE: &str = "\
usage: cargo xtask <task> [options]

tasks:
  codegen [--check]   generate crates/misp-types/src/generated/ from the vendored MISP data;
                      with --check, fail if the committed files are stale
";

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            // `{:#}` prints the context chain on one line, without a backtrace.
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((task, rest)) = args.split_first() else {
        print!("{USAGE}");
        return Ok(());
    };
    match task.as_str() {
        "ci" => ci::run(rest),
        "codegen" => codegen::run(rest),
        "corpus" => corpus::run(rest),
        "live" => live::run(rest),
        "help" | "-h" | "--help" => {
            print!("{USAGE}");
            Ok(())
        }
        other => bail!("unknown task `{other}`\n\n{USAGE}"),
    }
}

/// The workspace root (the parent of the `xtask` directory).
pub(crate) fn workspace_root() -> PathBuf {
    let manifest_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest_dir
        .parent()
        .map(PathBuf::from)
        .unwrap_or(manifest_dir)
}
