//! `cargo xtask ci`: everything CI checks, in order, stopping at the first failure.

use std::path::Path;
use std::process::Command;

use anyhow::{Context, Result, bail};

use crate::workspace_root;

/// Runs formatting, lints, tests (with doctests), the minimal feature sets, documentation,
/// generated-code, schema and migration-page freshness, the corpus check, and a minute and a
/// half of fuzzing (15 seconds for each target).
pub fn run(args: &[String]) -> Result<()> {
    if let Some(arg) = args.first() {
        bail!("`cargo xtask ci` takes no argument, got `{arg}`");
    }
    let root = workspace_root();
    cargo(&root, &["fmt", "--all", "--", "--check"])?;
    cargo(
        &root,
        &[
            "clippy",
            "--workspace",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ],
    )?;
    cargo(&root, &["test", "--workspace"])?;
    // The minimal feature sets compile: misp-types without templates or schema, and the
    // libraries a client that only searches builds (they leave misp-types' features off).
    cargo(
        &root,
        &[
            "check",
            "--quiet",
            "--package",
            "misp-types",
            "--no-default-features",
        ],
    )?;
    cargo(
        &root,
        &[
            "check",
            "--quiet",
            "--package",
            "misp-client",
            "--package",
            "misp-admin",
        ],
    )?;
    // Crates that declare their own misp-types features, each alone: the CLI without its
    // default extras, the tools, and the examples. Then misp-types' optional parts one at a
    // time, and misp-client with its optional HTTP/2.
    for args in [
        &["--package", "misp-cli", "--no-default-features"][..],
        &["--package", "misp-tools"],
        &["--package", "misp-examples", "--all-targets"],
        &[
            "--package",
            "misp-types",
            "--no-default-features",
            "--features",
            "samples",
        ],
        &[
            "--package",
            "misp-types",
            "--no-default-features",
            "--features",
            "feed",
        ],
        &["--package", "misp-client", "--all-features"],
    ] {
        let mut command = vec!["check", "--quiet"];
        command.extend_from_slice(args);
        cargo(&root, &command)?;
    }
    // The benchmarks build (clippy --all-targets above) and their command answers.
    cargo(
        &root,
        &[
            "run",
            "--quiet",
            "--package",
            "xtask",
            "--",
            "bench",
            "--help",
        ],
    )?;
    // Documentation builds without a broken link or a warning.
    cargo_with_env(
        &root,
        &["doc", "--workspace", "--no-deps", "--quiet"],
        &[("RUSTDOCFLAGS", "-D warnings")],
    )?;
    // Generated code, schemas and the migration page must match what their generators write now.
    for task in ["codegen", "schema", "docs"] {
        let args = [
            "run",
            "--quiet",
            "--package",
            "xtask",
            "--",
            task,
            "--check",
        ];
        cargo(&root, &args)?;
    }
    let shared = root.join("../shared");
    let corpus: Vec<String> = ["real-events", "recorded"]
        .iter()
        .map(|p| shared.join(p))
        .filter(|p| p.is_dir())
        .map(|p| p.display().to_string())
        .collect();
    let corpus = if corpus.is_empty() {
        eprintln!(
            "note: ../shared/ is not beside the repository: checking the corpus in fixtures/ only"
        );
        vec![root.join("fixtures").display().to_string()]
    } else {
        corpus
    };
    let mut args = vec!["run", "--quiet", "--package", "xtask", "--", "corpus"];
    args.extend(corpus.iter().map(String::as_str));
    cargo(&root, &args)?;
    cargo(
        &root,
        &[
            "run",
            "--quiet",
            "--package",
            "xtask",
            "--",
            "fuzz",
            "--seconds",
            "90",
        ],
    )?;
    println!("ci: all checks passed");
    Ok(())
}

fn cargo(root: &Path, args: &[&str]) -> Result<()> {
    cargo_with_env(root, args, &[])
}

fn cargo_with_env(root: &Path, args: &[&str], env: &[(&str, &str)]) -> Result<()> {
    println!("==> cargo {}", args.join(" "));
    let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(args)
        .envs(env.iter().copied())
        .current_dir(root)
        .status()
        .with_context(|| format!("cannot run cargo {}", args.join(" ")))?;
    if !status.success() {
        bail!("`cargo {}` failed ({status})", args.join(" "));
    }
    Ok(())
}
