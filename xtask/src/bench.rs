//! `cargo xtask bench`: the project's benchmarks. Criterion benches with short measurement
//! times, then the comparison page: misp-rs and PyMISP (in a virtual environment this command
//! creates) doing the same jobs on the same inputs, each in a process of its own, written to
//! `docs/benchmarks.md` with a chart beside it (`docs/benchmarks.svg`).

mod page;
mod runs;

use std::path::Path;
use std::process::Command;

use anyhow::{Context, Result, bail};

use crate::workspace_root;

const HELP: &str = "\
usage: cargo xtask bench [options] [FILTER]

Runs the criterion benches (FILTER selects benches by name), then measures misp-rs beside
PyMISP and serde_json::Value on the same inputs, one process per job, and writes
docs/benchmarks.md and docs/benchmarks.svg.

options:
  --no-criterion     skip the criterion benches (only the comparison page)
  --no-page          only the criterion benches
  --no-pymisp        leave PyMISP out of the page (no virtual environment)
  --python PATH      the Python that creates the virtual environment (default: python3)
  --runs N           runs of each misp-rs job, the median kept (default: 3; PyMISP runs once)
  --search-bytes N   size of the streamed search answer, in bytes (default: 1 GB)
  --build-cost ...   instead: the build-cost measurement (xtask/bench/build-cost.sh; --help there)
  -h, --help         this help

Inputs: the deterministic large event (crates/misp-types/benches/support/synth.rs), a twentieth
of it (a 3 MB server event), and the real feed in ../shared/real-events/ when it is there.
Scratch files go to target/bench-data/.
";

/// Options of `cargo xtask bench`.
pub(crate) struct Options {
    criterion: bool,
    page: bool,
    pub(crate) pymisp: bool,
    pub(crate) python: String,
    pub(crate) runs: usize,
    pub(crate) search_bytes: u64,
    filter: Vec<String>,
}

fn parse(args: &[String]) -> Result<Option<Options>> {
    let mut o = Options {
        criterion: true,
        page: true,
        pymisp: true,
        python: "python3".into(),
        runs: 3,
        search_bytes: 1_000_000_000,
        filter: Vec::new(),
    };
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let mut value = |name: &str| {
            args.next()
                .with_context(|| format!("`{name}` needs a value (see --help)"))
        };
        match arg.as_str() {
            "-h" | "--help" => {
                print!("{HELP}");
                return Ok(None);
            }
            "--no-criterion" => o.criterion = false,
            "--no-page" => o.page = false,
            "--no-pymisp" => o.pymisp = false,
            "--python" => o.python = value("--python")?.clone(),
            "--runs" => {
                o.runs = value("--runs")?
                    .parse()
                    .context("`--runs` takes a number")?
            }
            "--search-bytes" => {
                o.search_bytes = value("--search-bytes")?
                    .parse()
                    .context("`--search-bytes` takes a number of bytes")?
            }
            flag if flag.starts_with("--") => bail!("unknown option `{flag}` (see --help)"),
            filter => o.filter.push(filter.to_owned()),
        }
    }
    o.runs = o.runs.max(1);
    Ok(Some(o))
}

/// Runs the benchmarks `args` ask for (see `cargo xtask bench --help`).
pub fn run(args: &[String]) -> Result<()> {
    let root = workspace_root();
    if args.first().is_some_and(|a| a == "--build-cost") {
        let script = root.join("xtask/bench/build-cost.sh");
        return run_tool(Command::new("bash").arg(script).args(&args[1..]));
    }
    let Some(options) = parse(args)? else {
        return Ok(());
    };
    if options.criterion {
        criterion(&root, &options.filter)?;
    }
    if options.page {
        let results = runs::measure(&root, &options)?;
        page::write(&root, &results)?;
    }
    Ok(())
}

fn criterion(root: &Path, filter: &[String]) -> Result<()> {
    let quick = ["--", "--warm-up-time", "1", "--measurement-time", "4"];
    // misp-types: parse/serialise, typed model versus serde_json::Value.
    // misp-client: streaming versus whole-body decode (with peak memory), bulk concurrency.
    for (package, bench_target) in [
        ("misp-types", "parse"),
        ("misp-client", "stream"),
        ("misp-client", "bulk"),
    ] {
        let mut bench = vec!["bench", "--package", package, "--bench", bench_target];
        bench.extend(quick);
        bench.extend(filter.iter().map(String::as_str));
        cargo(root, &bench)?;
    }
    Ok(())
}

pub(crate) fn cargo(root: &Path, args: &[&str]) -> Result<()> {
    println!("==> cargo {}", args.join(" "));
    run_tool(
        Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
            .args(args)
            .current_dir(root),
    )
}

pub(crate) fn run_tool(command: &mut Command) -> Result<()> {
    let status = command
        .status()
        .with_context(|| format!("cannot run {command:?}"))?;
    if !status.success() {
        bail!("{command:?} failed ({status})");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(a: &[&str]) -> Vec<String> {
        a.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn options_are_read() {
        let o = parse(&args(&["--no-criterion", "--runs", "5", "parse"]))
            .unwrap()
            .unwrap();
        assert!(!o.criterion && o.page && o.pymisp);
        assert_eq!(
            (o.runs, o.filter.as_slice()),
            (5, &["parse".to_owned()][..])
        );
        assert!(parse(&args(&["--help"])).unwrap().is_none());
    }

    #[test]
    fn bad_options_are_named() {
        let e = parse(&args(&["--runs", "many"])).err().unwrap();
        assert!(format!("{e:#}").contains("`--runs` takes a number"));
        let e = parse(&args(&["--fast"])).err().unwrap();
        assert!(e.to_string().contains("unknown option `--fast`"));
        let e = parse(&args(&["--python"])).err().unwrap();
        assert!(e.to_string().contains("`--python` needs a value"));
    }
}
