//! Writes the deterministic benchmark event (about 100,000 attributes, 5,000 objects) to a file.
//!
//! `cargo run --release -p misp-types --example synth -- OUT.json [ATTRIBUTES OBJECTS]`
//!
//! With ATTRIBUTES and OBJECTS, an event of that many standalone attributes and two-attribute
//! objects instead (`4750 250` gives the 3 MB event, a twentieth of the large one).

#[path = "../benches/support/synth.rs"]
mod synth;

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let out = args
        .first()
        .cloned()
        .unwrap_or_else(|| "synthetic-event.json".into());
    let bytes = match (args.get(1), args.get(2)) {
        (Some(a), Some(o)) => match (a.parse(), o.parse()) {
            (Ok(a), Ok(o)) => synth::event_json(a, o),
            _ => {
                eprintln!("usage: synth OUT.json [ATTRIBUTES OBJECTS]");
                std::process::exit(2);
            }
        },
        _ => synth::large_event(),
    };
    std::fs::write(&out, &bytes)?;
    eprintln!("{out}: {} bytes", bytes.len());
    Ok(())
}
