//! Writes `docs/benchmarks.md` and its chart `docs/benchmarks.svg` from the runs.

use std::fmt::Write as _;
use std::path::Path;

use anyhow::Result;

use super::runs::{Figures, Results, Row};

/// Writes the page and the chart under `root/docs/`.
pub(crate) fn write(root: &Path, results: &Results) -> Result<()> {
    let docs = root.join("docs");
    std::fs::create_dir_all(&docs)?;
    std::fs::write(docs.join("benchmarks.md"), markdown(results))?;
    std::fs::write(docs.join("benchmarks.svg"), svg(results))?;
    println!("bench: wrote docs/benchmarks.md and docs/benchmarks.svg");
    Ok(())
}

fn secs(s: f64) -> String {
    if s < 0.1 {
        format!("{:.1} ms", s * 1000.0)
    } else if s < 10.0 {
        format!("{s:.2} s")
    } else {
        format!("{s:.1} s")
    }
}

fn time(f: &Option<Figures>) -> String {
    f.as_ref().map_or_else(
        || "–".into(),
        |f| format!("{} ({})", secs(f.seconds), secs(f.wall)),
    )
}

fn peak(f: &Option<Figures>) -> String {
    f.as_ref()
        .map_or_else(|| "–".into(), |f| format!("{:.0} MiB", f.peak_mib))
}

fn ratio(slow: &Option<Figures>, fast: &Option<Figures>, whole: bool) -> String {
    match (slow, fast) {
        (Some(s), Some(f)) => {
            let (a, b) = if whole {
                (s.wall, f.wall)
            } else {
                (s.seconds, f.seconds)
            };
            if b > 0.0 {
                format!("{:.1}x", a / b)
            } else {
                "–".into()
            }
        }
        _ => "–".into(),
    }
}

/// Whether PyMISP does the same work as misp-rs in this row (it has no validation of its own).
fn comparable(row: &Row) -> bool {
    row.op != "validation"
}

fn markdown(r: &Results) -> String {
    let mut s = String::new();
    let date = chrono_like_now();
    let _ = writeln!(
        s,
        "# Benchmarks\n\n\
         <!-- Written by `cargo xtask bench`; rerun it rather than editing. -->\n\n\
         Measured by `cargo xtask bench` on {date}: {}. Load average {} at the start, {} at the \
         end (the machine was shared: compare figures of the same run, not across runs). {}.\n\n\
         misp-rs is built with the release profile (LTO, one codegen unit), as the `misp` binary \
         is. Every job runs in a process of its own. The first figure is the job alone, timed inside \
         the process; the one in brackets is the whole process, start to exit (for PyMISP that \
         includes starting Python and importing PyMISP: what a script pays). misp-rs figures are \
         the median of {} runs, PyMISP's of one. Ratios divide the job times, except for the round \
         trip where they divide whole processes. Peak is the process's peak resident memory \
         (the input file included).\n\n\
         ![misp-rs against PyMISP and serde_json::Value](benchmarks.svg)\n",
        r.machine, r.load_before, r.load_after, r.versions, r.runs
    );
    let _ = writeln!(s, "## Inputs\n\n| input | size |\n|---|---|");
    for (name, size) in &r.inputs {
        let _ = writeln!(s, "| {name} | {:.1} MB |", *size as f64 / 1e6);
    }
    let _ = writeln!(
        s,
        "\nThe events are written by `crates/misp-types/benches/support/synth.rs` (deterministic, \
         shaped like `/events/view` of a MISP 2.5 server with its stringified numbers); the feed \
         is the real Infoblox feed in `../shared/real-events/`.\n"
    );
    let _ = writeln!(
        s,
        "## Reading, writing, checking, building\n\n\
         | input | job | attributes | misp-rs | `serde_json::Value` | PyMISP | PyMISP / misp-rs | Value / misp-rs | misp-rs peak | Value peak | PyMISP peak |\n\
         |---|---|---|---|---|---|---|---|---|---|---|"
    );
    for row in &r.rows {
        let whole = row.op == "round trip";
        let items = row
            .rust
            .as_ref()
            .map_or_else(|| "–".into(), |f| f.items.to_string());
        let _ = writeln!(
            s,
            "| {} | {} | {items} | {} | {} | {} | {} | {} | {} | {} | {} |",
            row.input,
            row.op,
            time(&row.rust),
            time(&row.value),
            time(&row.pymisp),
            if comparable(row) {
                ratio(&row.pymisp, &row.rust, whole)
            } else {
                "not the same work".into()
            },
            ratio(&row.value, &row.rust, whole),
            peak(&row.rust),
            peak(&row.value),
            peak(&row.pymisp),
        );
    }
    let _ = writeln!(
        s,
        "\nWhat each job is:\n\n\
         - **load**: read and parse the file (every event file of the feed). misp-rs: \
         `EventDocument::from_path`; Value: `serde_json::from_slice::<Value>`; PyMISP: \
         `MISPEvent().load_file`.\n\
         - **dump**: write the parsed events back as JSON (parse not timed). misp-rs: \
         `misp_types::json::to_writer` of the document (the bytes `serde_json::to_writer` writes); PyMISP: `to_json`.\n\
         - **round trip**: read, parse and write back, losslessly for misp-rs and Value.\n\
         - **validation** (parse not timed): misp-rs runs `Event::validate` (every value against \
         its type, categories, object templates, references, timestamps); PyMISP has no \
         validation of a loaded event beyond what loading checks, so its figure is the \
         strict-object check (`MISPObject._validate`: `required`, `requiredOneOf`, `multiple`) on \
         every object with a known template. The two do not do the same work.\n\
         - **feed export** (parse not timed): misp-rs `misp_types::feed::export` (events, \
         `manifest.json`, `hashes.csv`); PyMISP `to_feed(with_meta=True)` written with the \
         manifest and hashes as its feed generator does.\n\
         - **building**: an event of 100,000 attributes, 95% through `EventBuilder::add_attribute` \
         and 5% in `domain-ip` objects through `ObjectBuilder` (template checked), then \
         `build()` (validated); PyMISP: `MISPEvent.add_attribute` and `MISPObject('domain-ip', \
         strict=True)` checked as strict objects are.\n"
    );
    let _ = writeln!(
        s,
        "## Streaming search\n\n\
         `POST /attributes/restSearch` against a local mock (`xtask/bench/mock_search.py`) that \
         generates the answer while sending it, so the mock holds one block of attributes, not \
         the body. misp-client streams items one by one (`Client::stream`); PyMISP's `search` \
         reads the whole answer.\n\n\
         | answer | reader | attributes | time (process) | attributes/s | peak |\n|---|---|---|---|---|---|"
    );
    for row in &r.search {
        let f = &row.figures;
        let _ = writeln!(
            s,
            "| {:.0} MB | {} | {} | {} ({}) | {:.0} | {:.0} MiB |",
            row.bytes as f64 / 1e6,
            row.tool,
            f.items,
            secs(f.seconds),
            secs(f.wall),
            f.items as f64 / f.seconds.max(1e-9),
            f.peak_mib
        );
    }
    let _ = writeln!(
        s,
        "\nRerun: `cargo xtask bench` (criterion benches, then this page), or \
         `cargo xtask bench --no-criterion` for the page alone; `cargo xtask bench --help` for \
         the options. Build cost: `cargo xtask bench --build-cost` (see the README)."
    );
    s
}

/// Today's date, UTC, from the system clock (no date crate in xtask).
fn chrono_like_now() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs()) as i64;
    let days = secs.div_euclid(86_400);
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

/// A horizontal bar chart of the speed-ups, on a log scale.
fn svg(r: &Results) -> String {
    struct Bar {
        label: String,
        over_pymisp: Option<f64>,
        over_value: Option<f64>,
    }
    let speedup = |slow: &Option<Figures>, fast: &Option<Figures>, whole: bool| match (slow, fast) {
        (Some(s), Some(f)) if f.seconds > 0.0 && f.wall > 0.0 => Some(if whole {
            s.wall / f.wall
        } else {
            s.seconds / f.seconds
        }),
        _ => None,
    };
    let bars: Vec<Bar> = r
        .rows
        .iter()
        .map(|row| {
            let whole = row.op == "round trip";
            Bar {
                label: format!("{}, {}", row.op, row.input),
                over_pymisp: if comparable(row) {
                    speedup(&row.pymisp, &row.rust, whole)
                } else {
                    None
                },
                over_value: speedup(&row.value, &row.rust, whole),
            }
        })
        .filter(|b| b.over_pymisp.is_some() || b.over_value.is_some())
        .collect();
    let (left, width, row_h) = (330.0, 420.0, 34.0);
    let max = bars
        .iter()
        .flat_map(|b| [b.over_pymisp, b.over_value])
        .flatten()
        .fold(10.0_f64, f64::max);
    let decades = max.log10().ceil().max(1.0);
    let x = |v: f64| left + width * (v.max(1.0).log10() / decades);
    let height = 60.0 + row_h * bars.len() as f64 + 40.0;
    let mut s = String::new();
    let _ = writeln!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{height}" viewBox="0 0 {w} {height}" font-family="sans-serif" font-size="12">"#,
        w = left + width + 80.0
    );
    let _ = writeln!(
        s,
        r#"<rect width="100%" height="100%" fill="white"/><text x="10" y="20" font-size="14" font-weight="bold">misp-rs speed-up (times faster, log scale)</text>"#
    );
    let _ = writeln!(
        s,
        r##"<rect x="{left}" y="30" width="12" height="12" fill="#3b6ea8"/><text x="{}" y="40">over PyMISP</text><rect x="{}" y="30" width="12" height="12" fill="#e08a2c"/><text x="{}" y="40">over serde_json::Value</text>"##,
        left + 16.0,
        left + 110.0,
        left + 126.0
    );
    let top = 55.0;
    let bottom = top + row_h * bars.len() as f64;
    for d in 0..=(decades as i32) {
        let v = 10f64.powi(d);
        let _ = writeln!(
            s,
            r##"<line x1="{0}" y1="{top}" x2="{0}" y2="{bottom}" stroke="#ccc"/><text x="{0}" y="{1}" text-anchor="middle">{2}x</text>"##,
            x(v),
            bottom + 15.0,
            v
        );
    }
    for (i, bar) in bars.iter().enumerate() {
        let y = top + row_h * i as f64;
        let _ = writeln!(
            s,
            r#"<text x="{}" y="{}" text-anchor="end">{}</text>"#,
            left - 6.0,
            y + 20.0,
            escape(&bar.label)
        );
        for (k, (value, colour)) in [(bar.over_pymisp, "#3b6ea8"), (bar.over_value, "#e08a2c")]
            .into_iter()
            .enumerate()
        {
            let Some(v) = value else { continue };
            let by = y + 4.0 + 13.0 * k as f64;
            let _ = writeln!(
                s,
                r#"<rect x="{left}" y="{by}" width="{:.1}" height="12" fill="{colour}"/><text x="{:.1}" y="{}">{:.1}x</text>"#,
                (x(v) - left).max(1.0),
                x(v) + 4.0,
                by + 10.0,
                v
            );
        }
    }
    s.push_str("</svg>\n");
    s
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bench::runs::SearchRow;

    fn figures(seconds: f64, wall: f64) -> Option<Figures> {
        Some(Figures {
            seconds,
            peak_mib: 100.0,
            items: 7,
            wall,
        })
    }

    fn results() -> Results {
        Results {
            rows: vec![Row {
                input: "large <event>".into(),
                op: "round trip",
                rust: figures(0.5, 0.6),
                value: figures(1.5, 1.8),
                pymisp: figures(20.0, 30.0),
            }],
            search: vec![SearchRow {
                tool: "misp-client, streamed",
                bytes: 1_000_000_000,
                figures: Figures {
                    seconds: 4.0,
                    peak_mib: 12.0,
                    items: 2_000_000,
                    wall: 4.1,
                },
            }],
            inputs: vec![("large <event>".into(), 62_000_000)],
            machine: "2 cores".into(),
            load_before: "1.0".into(),
            load_after: "2.0".into(),
            versions: "rustc".into(),
            runs: 3,
        }
    }

    #[test]
    fn the_page_shows_times_ratios_and_peaks() {
        let page = markdown(&results());
        // A round trip is compared as whole processes: 30 / 0.6 and 1.8 / 0.6.
        assert!(page.contains(
            "| large <event> | round trip | 7 | 0.50 s (0.60 s) | 1.50 s (1.80 s) | 20.0 s (30.0 s) | 50.0x | 3.0x | 100 MiB |"
        ));
        assert!(page.contains(
            "| 1000 MB | misp-client, streamed | 2000000 | 4.00 s (4.10 s) | 500000 | 12 MiB |"
        ));
        assert!(page.contains("median of 3 runs"));
        let mut r = results();
        r.rows[0].op = "validation";
        assert!(markdown(&r).contains("| not the same work |"));
        assert!(!svg(&r).contains(">50.0x<"));
    }

    #[test]
    fn the_chart_has_a_bar_per_comparison() {
        let chart = svg(&results());
        assert!(chart.starts_with("<svg"));
        assert!(chart.contains("round trip, large &lt;event&gt;"));
        assert!(chart.contains(">50.0x<") && chart.contains(">3.0x<"));
    }

    #[test]
    fn dates_are_civil() {
        let today = chrono_like_now();
        assert_eq!(today.len(), 10);
        assert!(today.starts_with("20"));
    }
}
