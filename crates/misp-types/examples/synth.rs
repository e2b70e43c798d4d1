//! Writes the deterministic benchmark event (about 100,000 attributes, 5,000 objects) to a file.
//!
//! `cargo run --release -p misp-types --example synth -- OUT.json`

#[path = "../benches/support/synth.rs"]
mod synth;

fn main() -> std::io::Result<()> {
    let out = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "synthetic-event.json".into());
    let bytes = synth::large_event();
    std::fs::write(&out, &bytes)?;
    eprintln!("{out}: {} bytes", bytes.len());
    Ok(())
}
