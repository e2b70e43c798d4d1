//! `cargo xtask fuzz [--seconds N] [TARGET...]`: a mutation fuzzer on stable Rust.
//!
//! Each [`Target`] takes bytes, runs code that reads input from elsewhere, and checks a property
//! (for event parsing: what was read is written, read back and written again identically). The
//! engine starts from seed inputs (the real events in `../shared/real-events`, the repository's
//! fixtures and regressions), mutates them (byte edits, splices, JSON tokens MISP data rarely
//! holds), and reports every input that panics or breaks the property. Findings are saved under
//! `target/fuzz/findings/<target>/`; once fixed, copy one into `fuzz/regressions/<target>/`, where
//! `cargo test -p xtask` replays it for good.
//!
//! `--seconds N` is the whole budget, shared evenly by the targets run (60 by default).
//! `--seed N` chooses the mutations (a fixed seed by default, so a run is repeatable: a
//! shorter run tries a prefix of what a longer one with the same seed tries); give other seeds
//! for long runs.

mod client;
mod engine;
mod targets;

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, Result, bail};

pub use engine::Target;

use crate::workspace_root;

/// Every target, by name. Another crate's targets go here too (one line each).
pub fn targets() -> Vec<Box<dyn Target>> {
    vec![
        Box::new(targets::EventRoundTrip),
        Box::new(targets::FeedRead),
        Box::new(targets::SampleDecode),
        Box::new(targets::ValueCheck),
        Box::new(client::OperationDecode),
        Box::new(client::SplitAgainstBuffered),
    ]
}

/// The seed of the mutations when `--seed` is not given.
const DEFAULT_SEED: u64 = 0x9e37_79b9_7f4a_7c15;

/// Runs the fuzzer.
pub fn run(args: &[String]) -> Result<()> {
    let mut seconds = 60u64;
    let mut seed = DEFAULT_SEED;
    let mut wanted: Vec<String> = Vec::new();
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--seed" => {
                let value = args.next().context("--seed needs a number")?;
                seed = value
                    .parse()
                    .with_context(|| format!("--seed takes a whole number, got `{value}`"))?;
            }
            "--seconds" => {
                let value = args.next().context("--seconds needs a number")?;
                seconds = value
                    .parse()
                    .with_context(|| format!("--seconds takes whole seconds, got `{value}`"))?;
            }
            "--list" => {
                for target in targets() {
                    println!("{:<8} {}", target.name(), target.about());
                }
                return Ok(());
            }
            flag if flag.starts_with('-') => bail!(
                "unknown option `{flag}`: usage is `cargo xtask fuzz [--seconds N] [--seed N] [--list] [TARGET...]`"
            ),
            name => wanted.push(name.to_owned()),
        }
    }
    let all = targets();
    let chosen: Vec<&dyn Target> = if wanted.is_empty() {
        all.iter().map(AsRef::as_ref).collect()
    } else {
        let mut chosen = Vec::new();
        for name in &wanted {
            let Some(target) = all.iter().find(|t| t.name() == name) else {
                let names: Vec<_> = all.iter().map(|t| t.name()).collect();
                bail!(
                    "no fuzz target `{name}`: the targets are {}",
                    names.join(", ")
                );
            };
            chosen.push(target.as_ref());
        }
        chosen
    };
    let root = workspace_root();
    let budget = Duration::from_secs(seconds) / u32::try_from(chosen.len().max(1)).unwrap_or(1);
    let findings_dir = root.join("target/fuzz/findings");
    let mut found = 0usize;
    for target in chosen {
        let seeds = seeds_for(target, &root);
        let report = engine::fuzz(
            target,
            &seeds,
            budget,
            seed,
            &findings_dir.join(target.name()),
        );
        println!(
            "fuzz {:<8} {:>8} inputs in {:>4.1}s from {} seeds: {} finding(s)",
            target.name(),
            report.runs,
            report.elapsed.as_secs_f64(),
            seeds.len(),
            report.findings.len()
        );
        for finding in &report.findings {
            println!("  {}: {}", finding.path.display(), finding.message);
        }
        found += report.findings.len();
    }
    if found > 0 {
        bail!("{found} finding(s): each input is saved beside its message above");
    }
    Ok(())
}

/// The target's seeds, its saved regressions, and the files under the shared corpus.
fn seeds_for(target: &dyn Target, root: &Path) -> Vec<Vec<u8>> {
    let mut files = Vec::new();
    for dir in corpus_dirs(root) {
        collect(&dir, &mut files);
    }
    let mut seeds = target.seeds(&files);
    let regressions = root.join("fuzz/regressions").join(target.name());
    let mut saved = Vec::new();
    collect(&regressions, &mut saved);
    seeds.extend(saved.iter().filter_map(|p| std::fs::read(p).ok()));
    if seeds.is_empty() {
        seeds.push(b"{}".to_vec());
    }
    seeds
}

/// Where seed inputs come from: the shared real events (when beside the repository) and the
/// repository's fixtures.
pub fn corpus_dirs(root: &Path) -> Vec<PathBuf> {
    [
        root.join("../shared/real-events"),
        root.join("fixtures/events"),
        root.join("fixtures/types"),
    ]
    .into_iter()
    .filter(|p| p.is_dir())
    .collect()
}

/// Files under `dir`, recursively, up to 256 KiB each (larger ones mutate too slowly to help).
pub(crate) fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            collect(&path, out);
        } else if path.metadata().is_ok_and(|m| m.len() <= 256 << 10) {
            out.push(path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every input once found and fixed still passes its target.
    #[test]
    fn saved_regressions_pass() {
        let root = workspace_root();
        let mut replayed = 0;
        for target in targets() {
            let mut files = Vec::new();
            collect(
                &root.join("fuzz/regressions").join(target.name()),
                &mut files,
            );
            for file in files {
                let input = std::fs::read(&file).unwrap();
                if let Err(message) = engine::run_caught(target.as_ref(), &input) {
                    panic!("{}: {message}", file.display());
                }
                replayed += 1;
            }
        }
        assert!(replayed > 0, "no regression inputs under fuzz/regressions/");
    }

    /// The engine reports a target that panics, and keeps going.
    #[test]
    fn a_panicking_target_is_reported() {
        struct Panics;
        impl Target for Panics {
            fn name(&self) -> &'static str {
                "panics"
            }
            fn about(&self) -> &'static str {
                "panics on a byte 0x00"
            }
            fn seeds(&self, _: &[PathBuf]) -> Vec<Vec<u8>> {
                vec![b"abcdefgh".to_vec()]
            }
            fn run(&self, input: &[u8]) -> Result<bool, String> {
                assert!(!input.contains(&0), "a zero byte");
                Ok(true)
            }
        }
        let dir = tempfile::tempdir().unwrap();
        let report = engine::fuzz(
            &Panics,
            &Panics.seeds(&[]),
            Duration::from_millis(500),
            DEFAULT_SEED,
            dir.path(),
        );
        assert!(report.runs > 10);
        let finding = report
            .findings
            .first()
            .expect("a zero byte is easy to find");
        assert!(
            finding.message.contains("a zero byte"),
            "{}",
            finding.message
        );
        assert!(std::fs::read(&finding.path).unwrap().contains(&0));
    }
}
