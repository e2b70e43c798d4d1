//! `cargo xtask bench`: the project's benchmarks, with short measurement times, plus peak-memory
//! probes that each run in a process of their own.

use std::process::Command;

use anyhow::{Context, Result, bail};

use crate::workspace_root;

/// Runs the criterion benches and the peak-memory probes, printing their figures.
pub fn run(args: &[String]) -> Result<()> {
    let root = workspace_root();
    let quick = ["--", "--warm-up-time", "1", "--measurement-time", "4"];
    let filter: Vec<&str> = args.iter().map(String::as_str).collect();

    // misp-types: parse/serialise, typed model versus serde_json::Value.
    // misp-client: streaming versus whole-body decode (with peak memory), bulk concurrency.
    for (package, bench_target) in [
        ("misp-types", "parse"),
        ("misp-client", "stream"),
        ("misp-client", "bulk"),
    ] {
        let mut bench = vec!["bench", "--package", package, "--bench", bench_target];
        bench.extend(quick);
        bench.extend(&filter);
        cargo(&root, &bench)?;
    }

    // Peak memory: the typed model versus serde_json::Value on the same synthetic event.
    cargo(
        &root,
        &[
            "build",
            "--quiet",
            "--release",
            "--package",
            "misp-types",
            "--examples",
        ],
    )?;
    let dir = root.join("target/bench-data");
    std::fs::create_dir_all(&dir)?;
    let input = dir.join("synthetic-event.json");
    let examples = root.join("target/release/examples");
    run_tool(Command::new(examples.join("synth")).arg(&input))?;
    println!("peak memory, parsing {}:", input.display());
    for mode in ["typed", "value"] {
        run_tool(
            Command::new(examples.join("peak_memory"))
                .arg(mode)
                .arg(&input),
        )?;
    }

    // PyMISP on the same inputs, when it is installed (`pip install pymisp`).
    let python = std::env::var("PYTHON").unwrap_or_else(|_| "python3".into());
    let has_pymisp = Command::new(&python)
        .args(["-c", "import pymisp"])
        .status()
        .is_ok_and(|s| s.success());
    if !has_pymisp {
        println!("note: PyMISP is not installed (pip install pymisp): no PyMISP comparison");
        return Ok(());
    }
    let feed = root.join("../shared/real-events/infoblox-threat-intelligence-misp-feed");
    // One process per input, so that each peak is its own.
    for path in std::iter::once(input.clone()).chain(feed.is_dir().then_some(feed)) {
        let script = root.join("xtask/bench/pymisp_load.py");
        run_tool(Command::new(&python).arg(script).arg(path))?;
    }
    Ok(())
}

fn cargo(root: &std::path::Path, args: &[&str]) -> Result<()> {
    println!("==> cargo {}", args.join(" "));
    run_tool(
        Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
            .args(args)
            .current_dir(root),
    )
}

fn run_tool(command: &mut Command) -> Result<()> {
    let status = command
        .status()
        .with_context(|| format!("cannot run {command:?}"))?;
    if !status.success() {
        bail!("{command:?} failed ({status})");
    }
    Ok(())
}
