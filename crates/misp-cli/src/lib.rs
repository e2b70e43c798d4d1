//! The `misp` command line: a thin layer over `misp-types`, `misp-api` and `misp-client`.
//!
//! Install it with `cargo install --path crates/misp-cli`; the library part exists for the
//! binary and its tests (the logic lives in the library crates, so depend on those instead).
//! Cargo features: none.
//!
//! # Offline (no server)
//!
//! | command | does |
//! |---|---|
//! | `misp event read FILE` | rewrites an event file (`-`: stdin) in canonical form, keeping its envelope |
//! | `misp event validate FILE...` | prints every problem with its path and severity; exit 1 on errors |
//! | `misp event summary FILE` | info, UUID, counts of attributes by type, objects by name, tags |
//! | `misp feed export --out DIR FILE...` | writes a MISP feed (events, `manifest.json`, `hashes.csv`) |
//! | `misp feed read DIR` | lists a feed's events; what is odd goes to stderr |
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
//! use misp_cli::{Cli, args::{Command, TypesCommand}};
//! let cli = Cli::try_parse_from(["misp", "types", "show", "ip-dst"]).unwrap();
//! assert!(matches!(cli.command, Command::Types(t) if matches!(&t.command, Some(TypesCommand::Show { kind }) if kind == "ip-dst")));
//! assert!(Cli::try_parse_from(["misp", "event", "validate"]).is_err());
//! ```
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod args;
pub mod error;
pub mod offline;
pub mod online;
pub mod output;

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;
use misp_types::feed::FeedOptions;

pub use args::Cli;
use args::{
    AttributeCommand, Command, EventCommand, FeedCommand, SightingCommand, TagCommand,
    TemplateCommand, TypesCommand,
};
pub use error::CliError;
use output::{Mode, Output};

/// Parses the process's arguments, runs the command, prints errors; returns the exit code.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    if cli.verbose {
        tracing_subscriber::fmt()
            .with_writer(std::io::stderr)
            .with_max_level(tracing_subscriber::filter::LevelFilter::DEBUG)
            .init();
    }
    // Not a locked handle: raw exports write to stdout from tokio's blocking pool, which
    // would wait for the lock forever.
    let stdout = std::io::BufWriter::new(std::io::stdout());
    let mut out = Output::new(Mode::from_args(&cli.output), stdout);
    match run(cli, &mut out) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.is_broken_pipe() => ExitCode::SUCCESS,
        Err(e) => {
            let _ = out.flush();
            eprintln!("error: {e}");
            ExitCode::from(e.exit_code())
        }
    }
}

/// Runs a parsed command line, writing results to `out`.
pub fn run<W: Write>(cli: Cli, out: &mut Output<W>) -> Result<(), CliError> {
    match cli.command {
        Command::Event(EventCommand::Read { file }) => offline::event_read(out, &file),
        Command::Event(EventCommand::Validate { files }) => offline::event_validate(out, &files),
        Command::Event(EventCommand::Summary { file }) => offline::event_summary(out, &file),
        Command::Feed(FeedCommand::Export {
            out: dir,
            files,
            with_distribution,
            with_local_tags,
            without_event_reports,
        }) => {
            let mut options = FeedOptions::default();
            if with_distribution {
                options = options.with_distribution();
            }
            if with_local_tags {
                options = options.with_local_tags();
            }
            if without_event_reports {
                options = options.without_event_reports();
            }
            offline::feed_export(out, &dir, &files, &options)
        }
        Command::Feed(FeedCommand::Read { dir }) => offline::feed_read(out, &dir),
        Command::Types(t) => match t.command {
            Some(TypesCommand::Show { kind }) => offline::types_show(out, &kind),
            None => offline::types_list(out, t.category.as_deref()),
        },
        Command::Template(TemplateCommand::List) => offline::template_list(out),
        Command::Template(TemplateCommand::Show { name }) => offline::template_show(out, &name),
        command => {
            let client = online::client(&cli.connection)?;
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()?;
            runtime.block_on(run_online(&client, command, out))
        }
    }
}

async fn run_online<W: Write>(
    client: &misp_client::Client,
    command: Command,
    out: &mut Output<W>,
) -> Result<(), CliError> {
    match command {
        Command::Version => online::version(client, out).await,
        Command::Event(EventCommand::Get { event }) => online::event_get(client, out, event).await,
        Command::Event(EventCommand::Search(args)) => {
            online::event_search(client, out, &args).await
        }
        Command::Event(EventCommand::Publish { event }) => {
            online::event_publish(client, out, event).await
        }
        Command::Event(EventCommand::Delete { event }) => {
            online::event_delete(client, out, event).await
        }
        Command::Attribute(AttributeCommand::Search(args)) => {
            online::attribute_search(client, out, &args).await
        }
        Command::Attribute(AttributeCommand::Add {
            event,
            kind,
            value,
            category,
            comment,
            to_ids,
            no_to_ids,
        }) => {
            let new = online::NewAttribute {
                kind: &kind,
                value: &value,
                category: category.as_deref(),
                comment: comment.as_deref(),
                to_ids: (to_ids || no_to_ids).then_some(to_ids),
            };
            online::attribute_add(client, out, event, new).await
        }
        Command::Sighting(SightingCommand::Add {
            value,
            attribute,
            source,
            kind,
        }) => {
            online::sighting_add(
                client,
                out,
                value.as_deref(),
                attribute,
                source.as_deref(),
                kind,
            )
            .await
        }
        Command::Tag(TagCommand::List { search }) => {
            online::tag_list(client, out, search.as_deref()).await
        }
        Command::Event(EventCommand::Read { .. } | EventCommand::Validate { .. })
        | Command::Event(EventCommand::Summary { .. })
        | Command::Feed(_)
        | Command::Types(_)
        | Command::Template(_) => unreachable!("offline commands run without a client"),
    }
}
