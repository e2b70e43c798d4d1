//! One operation of `cargo xtask bench`, in a process of its own, printed as one JSON line:
//! `{"op": ..., "seconds": ..., "peak_mib": ..., "items": ...}`.
//!
//! `cargo run --release -p misp-types --example bench_probe -- OP ARGS...`
//!
//! | OP | what is timed |
//! |---|---|
//! | `load PATH` | reading and parsing the event file (or every event of a feed directory) |
//! | `dump PATH OUT` | writing the parsed events back (parse not timed) |
//! | `roundtrip PATH OUT` | read, parse and write back: the whole job |
//! | `value-load PATH`, `value-roundtrip PATH OUT` | the same with `serde_json::Value` |
//! | `validate PATH` | `Event::validate` of every event (parse not timed) |
//! | `build N` | an event of N attributes through the builders (5% of them in `domain-ip` objects) |
//! | `feed-export PATH OUT_DIR` | `misp_types::feed::export` of the events (parse not timed) |
//!
//! `peak_mib` is the process's peak resident memory at the end (Linux: `/proc/self/status`).

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use misp_types::EventDocument;
use misp_types::builder::{EventBuilder, ObjectBuilder};

fn peak_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse::<f64>().ok())
        })
        .map_or(0.0, |kib| kib / 1024.0)
}

/// The event files at `path`: the file itself, or a feed directory's events (not its manifest).
fn files(path: &Path) -> std::io::Result<Vec<PathBuf>> {
    if !path.is_dir() {
        return Ok(vec![path.to_path_buf()]);
    }
    let mut out: Vec<PathBuf> = std::fs::read_dir(path)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.extension().is_some_and(|e| e == "json")
                && p.file_name().is_some_and(|n| n != "manifest.json")
        })
        .collect();
    out.sort();
    Ok(out)
}

fn load(path: &Path) -> Result<Vec<EventDocument>, String> {
    files(path)
        .map_err(|e| format!("{}: {e}", path.display()))?
        .iter()
        .map(|f| EventDocument::from_path(f).map_err(|e| format!("{}: {e}", f.display())))
        .collect()
}

fn attributes(docs: &[EventDocument]) -> usize {
    docs.iter()
        .flat_map(|d| d.events())
        .map(|e| e.attributes.len() + e.objects.iter().map(|o| o.attributes.len()).sum::<usize>())
        .sum()
}

/// Writes every document to `out` (one file; a feed's events one after the other).
fn write(docs: &[EventDocument], out: &Path) -> Result<(), String> {
    let mut file = std::fs::File::create(out).map_err(|e| format!("{}: {e}", out.display()))?;
    // The writer gathers its output in pieces of its own: no buffer needed.
    for doc in docs {
        misp_types::json::to_writer(&mut file, doc).map_err(|e| e.to_string())?;
    }
    Ok(())
}

fn value_roundtrip(path: &Path, out: Option<&Path>) -> Result<usize, String> {
    let mut n = 0;
    let mut sink = match out {
        Some(out) => Some(std::io::BufWriter::with_capacity(
            1 << 16,
            std::fs::File::create(out).map_err(|e| e.to_string())?,
        )),
        None => None,
    };
    // Every event is held at once, as `load` holds every document.
    let mut values = Vec::new();
    for f in files(path).map_err(|e| e.to_string())? {
        let bytes = std::fs::read(&f).map_err(|e| e.to_string())?;
        let v: serde_json::Value = serde_json::from_slice(&bytes).map_err(|e| e.to_string())?;
        drop(bytes);
        n += v["Event"]["Attribute"].as_array().map_or(0, Vec::len);
        values.push(v);
    }
    if let Some(w) = sink.as_mut() {
        for v in &values {
            serde_json::to_writer(&mut *w, v).map_err(|e| e.to_string())?;
        }
    }
    if let Some(w) = sink.as_mut() {
        std::io::Write::flush(w).map_err(|e| e.to_string())?;
    }
    Ok(n)
}

/// An event of `n` attributes: 95% standalone, 5% in `domain-ip` objects of two.
fn build(n: usize) -> Result<usize, String> {
    let objects = n / 40;
    let standalone = n - 2 * objects;
    let mut event = EventBuilder::new("built for the benchmark").tag("tlp:clear");
    for i in 0..standalone {
        event = match i % 5 {
            0 => event.add_attribute("ip-dst", format!("198.51.{}.{}", (i / 256) % 256, i % 256)),
            1 => event.add_attribute("domain", format!("host-{i}.example.net")),
            2 => event.add_attribute("url", format!("https://host-{i}.example.net/p/{i}")),
            3 => event.add_attribute("md5", format!("{:032x}", i as u128 * 2654435761)),
            _ => event.add_attribute("sha256", format!("{:064x}", i as u128 * 2654435761)),
        };
    }
    for i in 0..objects {
        let object = ObjectBuilder::new("domain-ip")
            .attribute("ip", format!("203.0.{}.{}", (i / 256) % 256, i % 256))
            .attribute("domain", format!("obj-{i}.example.org"))
            .build()
            .map_err(|p| p.to_string())?;
        event = event.object(object);
    }
    let event = event.build().map_err(|p| p.to_string())?;
    Ok(event.attributes.len()
        + event
            .objects
            .iter()
            .map(|o| o.attributes.len())
            .sum::<usize>())
}

fn run(args: &[String]) -> Result<(String, f64, usize), String> {
    let arg = |i: usize| -> Result<&Path, String> {
        args.get(i)
            .map(Path::new)
            .ok_or_else(|| format!("`{}` needs more arguments", args[0]))
    };
    let op = args.first().cloned().unwrap_or_default();
    let start = Instant::now();
    let (seconds, items) = match op.as_str() {
        "load" => {
            let docs = load(arg(1)?)?;
            (start.elapsed().as_secs_f64(), attributes(&docs))
        }
        "roundtrip" => {
            let docs = load(arg(1)?)?;
            write(&docs, arg(2)?)?;
            (start.elapsed().as_secs_f64(), attributes(&docs))
        }
        "dump" => {
            let docs = load(arg(1)?)?;
            let start = Instant::now();
            write(&docs, arg(2)?)?;
            (start.elapsed().as_secs_f64(), attributes(&docs))
        }
        "value-load" => {
            let n = value_roundtrip(arg(1)?, None)?;
            (start.elapsed().as_secs_f64(), n)
        }
        "value-roundtrip" => {
            let n = value_roundtrip(arg(1)?, Some(arg(2)?))?;
            (start.elapsed().as_secs_f64(), n)
        }
        "validate" => {
            let docs = load(arg(1)?)?;
            let start = Instant::now();
            let problems: usize = docs
                .iter()
                .flat_map(|d| d.events())
                .map(|e| e.validate().len())
                .sum();
            let seconds = start.elapsed().as_secs_f64();
            eprintln!("validate: {problems} problems");
            (seconds, attributes(&docs))
        }
        "build" => {
            let n: usize = args
                .get(1)
                .and_then(|v| v.parse().ok())
                .ok_or("`build` needs a number of attributes")?;
            let items = build(n)?;
            (start.elapsed().as_secs_f64(), items)
        }
        "feed-export" => {
            let docs = load(arg(1)?)?;
            let out = arg(2)?;
            let start = Instant::now();
            let events: Vec<_> = docs.iter().flat_map(|d| d.events()).collect();
            misp_types::feed::export(out, events, &misp_types::feed::FeedOptions::default())
                .map_err(|e| e.to_string())?;
            (start.elapsed().as_secs_f64(), attributes(&docs))
        }
        other => return Err(format!("unknown operation `{other}`")),
    };
    Ok((op, seconds, items))
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.is_empty() {
        eprintln!("usage: bench_probe OP ARGS... (see the file's documentation)");
        return ExitCode::from(2);
    }
    match run(&args) {
        Ok((op, seconds, items)) => {
            println!(
                r#"{{"op":"{op}","seconds":{seconds:.4},"peak_mib":{:.1},"items":{items}}}"#,
                peak_mib()
            );
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("bench_probe: {error}");
            ExitCode::FAILURE
        }
    }
}
