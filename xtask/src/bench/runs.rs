//! The comparison runs: each job of misp-rs, `serde_json::Value` and PyMISP in a fresh process,
//! timed from outside (the whole process) and from inside (the job alone), with its peak memory.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Instant;

use anyhow::{Context, Result, bail};
use serde::Deserialize;

use super::{Options, cargo, run_tool};

/// One job's figures.
#[derive(Clone, Debug, Deserialize)]
pub(crate) struct Figures {
    /// The job alone, timed inside the process.
    pub seconds: f64,
    /// Peak resident memory of the process, MiB.
    pub peak_mib: f64,
    /// Attributes handled.
    pub items: u64,
    /// The whole process, start to exit (set by the caller).
    #[serde(default)]
    pub wall: f64,
}

/// One job on one input, by each tool.
pub(crate) struct Row {
    pub input: String,
    pub op: &'static str,
    pub rust: Option<Figures>,
    pub value: Option<Figures>,
    pub pymisp: Option<Figures>,
}

/// A streamed or whole search against the mock.
pub(crate) struct SearchRow {
    pub tool: &'static str,
    pub bytes: u64,
    pub figures: Figures,
}

/// Everything the page shows.
pub(crate) struct Results {
    pub rows: Vec<Row>,
    pub search: Vec<SearchRow>,
    pub inputs: Vec<(String, u64)>,
    pub machine: String,
    pub load_before: String,
    pub load_after: String,
    pub versions: String,
    pub runs: usize,
}

struct Tools {
    probe: PathBuf,
    stream: PathBuf,
    python: Option<PathBuf>,
}

/// Builds the probes, prepares inputs and PyMISP, runs every job.
pub(crate) fn measure(root: &Path, options: &Options) -> Result<Results> {
    let load_before = load_average();
    cargo(
        root,
        &[
            "build",
            "--quiet",
            // The release profile (LTO, one codegen unit): how the `misp` binary is built.
            "--release",
            "--package",
            "misp-types",
            "--example",
            "bench_probe",
            "--example",
            "synth",
            "--package",
            "misp-client",
            "--example",
            "stream_probe",
        ],
    )?;
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"));
    let examples = target.join("release/examples");
    let data = target.join("bench-data");
    std::fs::create_dir_all(&data)?;
    let tools = Tools {
        probe: examples.join("bench_probe"),
        stream: examples.join("stream_probe"),
        python: if options.pymisp {
            Some(pymisp_venv(&data, &options.python)?)
        } else {
            None
        },
    };

    let large = data.join("synthetic-event.json");
    let server = data.join("server-event.json");
    if !large.is_file() {
        run_tool(Command::new(examples.join("synth")).arg(&large))?;
    }
    if !server.is_file() {
        run_tool(
            Command::new(examples.join("synth"))
                .arg(&server)
                .args(["4750", "250"]),
        )?;
    }
    let mut inputs = vec![
        ("server event (3 MB)".to_owned(), server),
        ("large event (62 MB)".to_owned(), large),
    ];
    let feed = root.join("../shared/real-events/infoblox-threat-intelligence-misp-feed");
    if feed.is_dir() {
        inputs.push(("real feed (41 events, 15 MB)".to_owned(), feed));
    }

    let out = data.join("out");
    let mut rows = Vec::new();
    for (name, path) in &inputs {
        let p = path.display().to_string();
        let o = out.display().to_string();
        let jobs: [(&'static str, Vec<&str>, bool); 5] = [
            ("load", vec!["load", &p], true),
            ("dump", vec!["dump", &p, &o], true),
            ("round trip", vec!["roundtrip", &p, &o], true),
            ("validation", vec!["validate", &p], false),
            ("feed export", vec!["feed-export", &p, &o], false),
        ];
        for (op, args, with_value) in jobs {
            println!("bench: {op}, {name}");
            clean(&out);
            let rust = Some(median(options.runs, || probe(&tools.probe, &args))?);
            let value = if with_value && op != "dump" {
                let mut value_args = args.clone();
                value_args[0] = if op == "load" {
                    "value-load"
                } else {
                    "value-roundtrip"
                };
                Some(median(options.runs, || probe(&tools.probe, &value_args))?)
            } else {
                None
            };
            clean(&out);
            let pymisp = match &tools.python {
                Some(python) => Some(pymisp(root, python, &args)?),
                None => None,
            };
            rows.push(Row {
                input: name.clone(),
                op,
                rust,
                value,
                pymisp,
            });
        }
    }
    println!("bench: building 100,000 attributes");
    rows.push(Row {
        input: "100,000 attributes (5% in objects)".into(),
        op: "building",
        rust: Some(median(options.runs, || {
            probe(&tools.probe, &["build", "100000"])
        })?),
        value: None,
        pymisp: match &tools.python {
            Some(python) => Some(pymisp(root, python, &["build", "100000"])?),
            None => None,
        },
    });
    clean(&out);

    let search = search(root, &tools, options.search_bytes)?;
    let input_sizes = inputs
        .iter()
        .map(|(name, path)| (name.clone(), size_of(path)))
        .collect();
    Ok(Results {
        rows,
        search,
        inputs: input_sizes,
        machine: machine(),
        load_before,
        load_after: load_average(),
        versions: versions(&tools),
        runs: options.runs,
    })
}

/// The streamed search: misp-rs over the full size; misp-rs (streamed and whole) and PyMISP over
/// a size PyMISP can hold in memory.
fn search(root: &Path, tools: &Tools, bytes: u64) -> Result<Vec<SearchRow>> {
    let python = tools
        .python
        .clone()
        .unwrap_or_else(|| PathBuf::from("python3"));
    let small = bytes.min(64_000_000);
    let mut rows = Vec::new();
    for (size, jobs) in [
        (bytes, &["stream"][..]),
        (small, &["stream", "whole", "pymisp"][..]),
    ] {
        let mut mock = Mock::start(root, &python, size)?;
        for &job in jobs {
            if job == "pymisp" && tools.python.is_none() {
                continue;
            }
            println!("bench: search, {job}, {size} bytes");
            let figures = match job {
                "stream" => timed(Command::new(&tools.stream).arg(&mock.url))?,
                "whole" => timed(Command::new(&tools.stream).arg(&mock.url).arg("whole"))?,
                _ => timed(
                    Command::new(&python)
                        .arg(root.join("xtask/bench/pymisp_bench.py"))
                        .args(["search", &mock.url, &mock.items.to_string()]),
                )?,
            };
            if figures.items != mock.items {
                bail!(
                    "search ({job}): {} items read, the mock sent {}",
                    figures.items,
                    mock.items
                );
            }
            rows.push(SearchRow {
                tool: match job {
                    "stream" => "misp-client, streamed",
                    "whole" => "misp-client, whole answer",
                    _ => "PyMISP search",
                },
                bytes: mock.bytes,
                figures,
            });
        }
        mock.stop();
    }
    Ok(rows)
}

struct Mock {
    child: Child,
    url: String,
    items: u64,
    bytes: u64,
}

impl Mock {
    fn start(root: &Path, python: &Path, bytes: u64) -> Result<Mock> {
        let mut child = Command::new(python)
            .arg(root.join("xtask/bench/mock_search.py"))
            .arg(bytes.to_string())
            .stdout(Stdio::piped())
            .spawn()
            .context("cannot start the mock server (xtask/bench/mock_search.py)")?;
        let mut line = String::new();
        BufReader::new(child.stdout.take().context("mock stdout")?).read_line(&mut line)?;
        let mut words = line.split_whitespace();
        let (Some(port), Some(items)) = (words.next(), words.next()) else {
            let _ = child.kill();
            bail!("the mock server did not say its port: `{line}`");
        };
        let items: u64 = items.parse().context("the mock's item count")?;
        Ok(Mock {
            child,
            url: format!("http://127.0.0.1:{port}"),
            items,
            bytes,
        })
    }

    fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Mock {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Removes the output of the last job, a file or a feed directory.
fn clean(out: &Path) {
    let _ = std::fs::remove_file(out);
    let _ = std::fs::remove_dir_all(out);
}

fn probe(probe: &Path, args: &[&str]) -> Result<Figures> {
    timed(Command::new(probe).args(args))
}

fn pymisp(root: &Path, python: &Path, args: &[&str]) -> Result<Figures> {
    timed(
        Command::new(python)
            .arg(root.join("xtask/bench/pymisp_bench.py"))
            .args(args),
    )
}

/// Runs the command, times the whole process and reads its JSON line.
fn timed(command: &mut Command) -> Result<Figures> {
    let start = Instant::now();
    let output = command
        .stderr(Stdio::inherit())
        .output()
        .with_context(|| format!("cannot run {command:?}"))?;
    let wall = start.elapsed().as_secs_f64();
    if !output.status.success() {
        bail!("{command:?} failed ({})", output.status);
    }
    let text = String::from_utf8_lossy(&output.stdout);
    let line = text.lines().last().unwrap_or_default();
    let mut figures: Figures = serde_json::from_str(line)
        .with_context(|| format!("{command:?} printed `{line}`, not its figures"))?;
    figures.wall = wall;
    Ok(figures)
}

/// The run with the median whole-process time of `runs`.
fn median(runs: usize, mut f: impl FnMut() -> Result<Figures>) -> Result<Figures> {
    let mut all = (0..runs).map(|_| f()).collect::<Result<Vec<_>>>()?;
    all.sort_by(|a, b| a.wall.total_cmp(&b.wall));
    Ok(all.swap_remove(all.len() / 2))
}

/// A virtual environment with PyMISP under `data`, created on first use.
fn pymisp_venv(data: &Path, python: &str) -> Result<PathBuf> {
    let venv = data.join("pymisp-venv");
    let bin = venv.join("bin/python");
    let has_pymisp = |p: &Path| {
        Command::new(p)
            .args(["-c", "import pymisp"])
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    };
    if bin.is_file() && has_pymisp(&bin) {
        return Ok(bin);
    }
    println!("bench: creating {} with PyMISP", venv.display());
    run_tool(Command::new(python).args(["-m", "venv"]).arg(&venv))
        .context("cannot create the virtual environment (is python3-venv installed?)")?;
    run_tool(Command::new(&bin).args(["-m", "pip", "install", "--quiet", "pymisp"]))
        .context("cannot install PyMISP into the virtual environment")?;
    Ok(bin)
}

fn size_of(path: &Path) -> u64 {
    if path.is_dir() {
        std::fs::read_dir(path)
            .map(|d| {
                d.filter_map(Result::ok)
                    .filter_map(|e| e.metadata().ok())
                    .map(|m| m.len())
                    .sum()
            })
            .unwrap_or(0)
    } else {
        std::fs::metadata(path).map_or(0, |m| m.len())
    }
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "unknown".into())
}

fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|m| m.trim().to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let memory = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("MemTotal:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse::<u64>().ok())
        })
        .map_or_else(String::new, |kib| {
            format!(", {:.0} GiB RAM", kib as f64 / 1048576.0)
        });
    format!("{cores} cores of {cpu}{memory}, {}", std::env::consts::OS)
}

fn versions(tools: &Tools) -> String {
    let output = |c: &mut Command| {
        c.output()
            .ok()
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
            .unwrap_or_default()
    };
    let rustc = output(Command::new("rustc").arg("--version"));
    let py = tools
        .python
        .as_ref()
        .map(|p| {
            output(Command::new(p).args([
                "-c",
                "import sys, pymisp; print(f'Python {sys.version.split()[0]}, PyMISP {pymisp.__version__}')",
            ]))
        })
        .unwrap_or_else(|| "PyMISP not run".into());
    format!("{rustc}; {py}")
}
