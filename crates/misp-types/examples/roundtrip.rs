//! Reads an event file in any envelope and writes it back to stdout, losslessly.
//!
//! `cargo run -p misp-types --example roundtrip -- FILE`
//!
//! The output is `{"Event": {...}}` (or `{"response": [...]}` when that was the input), in the
//! canonical form described in the crate documentation.

use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    let Some(path) = std::env::args_os().nth(1) else {
        eprintln!("usage: roundtrip FILE");
        return ExitCode::from(2);
    };
    let document = match misp_types::EventDocument::from_path(&path) {
        Ok(document) => document,
        Err(error) => {
            eprintln!("{}: {error}", path.to_string_lossy());
            return ExitCode::FAILURE;
        }
    };
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    if let Err(error) = serde_json::to_writer(&mut out, &document)
        .map_err(std::io::Error::from)
        .and_then(|()| writeln!(out))
        .and_then(|()| out.flush())
    {
        eprintln!("cannot write: {error}");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}
