//! Project automation, run as `cargo xtask <task>`.
//!
//! Each task lives in its own module; this file only dispatches.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::bail;

mod bench;
mod ci;
mod codegen;
mod corpus;
mod docs;
mod fixtures;
mod fuzz;
mod live;
mod schema;

const USAGE: &str = "\
usage: cargo xtask <task> [options]

tasks:
  codegen [--check]   generate crates/misp-types/src/generated/ from the vendored MISP data;
                      with --check, fail if the committed files are stale
  schema [--check]    write the JSON Schemas of the MISP core format to docs/schema/;
                      with --check, fail if the committed files are stale
  docs [--check]      write docs/guide/migrating-from-pymisp.md from docs/parity.json;
                      with --check, fail if the committed page is stale
  corpus PATH...      check that every MISP event under PATH round-trips without loss
  ci                  everything CI checks: fmt, clippy, tests, codegen, schema and docs --check, corpus
  fixtures [--writes] [--out DIR]  record redacted exchanges with MISP_URL into fixtures/recorded/
  live                the main flows against a real MISP named by MISP_URL and MISP_KEY
  bench [FILTER]      criterion benchmarks (short runs), then misp-rs beside PyMISP and
                      serde_json::Value on the same inputs, written to docs/benchmarks.md;
                      --build-cost measures compile times; see bench --help
  fuzz [--seconds N] [--list] [TARGET...]
                      mutation fuzzing of the readers of untrusted input (60 s in all by
                      default); see docs/fuzzing.md
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
        "bench" => bench::run(rest),
        "ci" => ci::run(rest),
        "codegen" => codegen::run(rest),
        "corpus" => corpus::run(rest),
        "docs" => docs::run(rest),
        "schema" => schema::run(rest),
        "fixtures" => fixtures::run(rest),
        "fuzz" => fuzz::run(rest),
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
