//! Parses a file once and prints the process's peak resident memory, for `cargo xtask bench`.
//!
//! `cargo run --release -p misp-types --example peak_memory -- typed|value FILE`
//!
//! Each mode runs in its own process so that the peaks do not mix. Linux only (reads
//! `/proc/self/status`).

fn peak_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1).and_then(|v| v.parse().ok()))
        })
        .unwrap_or(0)
}

fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(mode), Some(path)) = (args.next(), args.next()) else {
        eprintln!("usage: peak_memory typed|value FILE");
        std::process::exit(2);
    };
    let bytes = std::fs::read(&path).expect("reading the input");
    let before = peak_kib();
    let items = match mode.as_str() {
        "typed" => {
            let doc = misp_types::EventDocument::from_slice(&bytes).expect("typed parse");
            doc.events().map(|e| e.attributes.len()).sum::<usize>()
        }
        "value" => {
            let v: serde_json::Value = serde_json::from_slice(&bytes).expect("Value parse");
            v["Event"]["Attribute"].as_array().map_or(0, Vec::len)
        }
        other => panic!("unknown mode {other}"),
    };
    let after = peak_kib();
    println!(
        "{mode}: input {} MB, peak RSS {} MB, of which {} MB above the input ({} attributes)",
        bytes.len() / 1_000_000,
        after / 1000,
        after.saturating_sub(before) / 1000,
        items
    );
}
