//! The `misp` command line: a thin layer over `misp-types`, `misp-api` and `misp-client`.
//!
//! Install it with `cargo install --path crates/misp-cli`; the library part exists for the
//! binary and its tests (the logic lives in the library crates, so depend on those instead).
//! Cargo features: `tools` (default), objects made from artefacts with misp-tools: `misp event
//! new --file/--eml/--url-object/--csv`, `misp object new`, `misp object add EVENT --file ...`.
//!
//! # Offline (no server)
//!
//! | command | does |
//! |---|---|
//! | `misp event read FILE` | rewrites an event file (`-`: stdin) in canonical form, keeping its envelope |
//! | `misp event validate FILE...` | prints every problem with its path and severity; exit 1 on errors |
//! | `misp object new KIND INPUT` | the objects of a sample, e-mail, URL or CSV file (`tools`) |
//! | `misp event summary FILE` | info, UUID, counts of attributes by type, objects by name, tags |
//! | `misp feed-dir export --out DIR FILE...` | writes a MISP feed (events, `manifest.json`, `hashes.csv`) |
//! | `misp feed-dir read DIR` | lists a feed's events; what is odd goes to stderr |
//! | `misp types [--category C]`, `misp types show TYPE` | attribute types: default category, IDS flag, categories |
//! | `misp template list`, `misp template show NAME` | object templates and their relations |
//!
//! # Online
//!
//! | command | does |
//! |---|---|
//! | `misp version` | the server's version and the key's rights |
//! | `misp event get ID\|UUID` | an event, as `{"Event": ...}` |
//! | `misp event search [filters]` | restSearch on events, streamed |
//! | `misp event publish ID`, `misp event delete ID` | as named |
//! | `misp attribute search [filters] [--format F]` | restSearch on attributes: JSON streamed, or a raw export (CSV, text, STIX ...) copied to stdout |
//! | `misp attribute add EVENT TYPE VALUE` | validated, then added |
//! | `misp sighting add VALUE` / `--attribute ID` | a sighting on every attribute with the value, or on one |
//! | `misp tag list [--search TEXT]` | the server's tags |
//!
//! The server and key come from `--url`/`--key`/`--profile`/`--insecure`, else the environment
//! (`MISP_URL`, `MISP_KEY`, `MISP_PROFILE` ...), else the config file's profile
//! (`MISP_CONFIG`, else `~/.config/misp/config.toml`; see [`misp_client::ConfigFile`]).
//!
//! # Output and errors
//!
//! JSON on stdout: indented on a terminal, one line otherwise (`--pretty`, `--compact`),
//! lists as an array streamed item by item or, with `--json-lines`, one item per line.
//! Errors are one line on stderr, `error: ...`, naming the endpoint and giving the server's
//! message. The API key never appears in any output, error or log (`--verbose`).
//!
//! Exit codes: 0 success, 1 error, 2 bad usage or configuration, 3 not found, 4
//! authentication or permission refused, 5 server unreachable.
//!
//! ```
//! use clap::Parser;
//! use misp_cli::{Cli, args::Command, commands::types::TypesCommand};
//! let cli = Cli::try_parse_from(["misp", "types", "show", "ip-dst"]).unwrap();
//! assert!(matches!(cli.command, Command::Types(t) if matches!(&t.command, Some(TypesCommand::Show { kind }) if kind == "ip-dst")));
//! assert!(Cli::try_parse_from(["misp", "event", "validate"]).is_err());
//! ```
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod admin;
pub mod args;
pub mod commands;
pub mod connect;
pub mod context;
pub mod error;
pub mod output;
pub mod progress;

use std::process::ExitCode;

use clap::Parser;

pub use args::Cli;
pub use context::Context;
pub use error::CliError;
use output::Output;

/// Parses the process's arguments, runs the command, prints errors; returns the exit code.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    if cli.verbose {
        init_request_log();
    }
    let out = Output::stdout(cli.output.options());
    let mut ctx = Context::new(out, cli.connection, cli.output.quiet);
    let result = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(CliError::from)
        .and_then(|runtime| runtime.block_on(commands::run(cli.command, &mut ctx)));
    let _ = ctx.out().flush();
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.is_broken_pipe() => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(e.exit_code())
        }
    }
}

/// `--verbose`: the client's own request log (`misp_client` and `misp_api` events at debug
/// level) on stderr; nothing from the HTTP stack underneath.
fn init_request_log() {
    use tracing_subscriber::filter::{LevelFilter, Targets};
    use tracing_subscriber::layer::SubscriberExt;
    use tracing_subscriber::util::SubscriberInitExt;
    let targets = Targets::new()
        .with_target("misp_client", LevelFilter::DEBUG)
        .with_target("misp_api", LevelFilter::DEBUG)
        .with_target("misp_admin", LevelFilter::DEBUG);
    let _ = tracing_subscriber::registry()
        .with(tracing_subscriber::fmt::layer().with_writer(std::io::stderr))
        .with(targets)
        .try_init();
}
