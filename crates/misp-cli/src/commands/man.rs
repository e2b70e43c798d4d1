//! `misp man`: the man page (clap_mangen), from the same definition as `--help`.

use std::path::PathBuf;

use clap::{Args, CommandFactory};

use crate::args::Cli;
use crate::context::Context;
use crate::error::CliError;

/// `misp man [--out DIR]`.
#[derive(Debug, Args)]
pub struct ManArgs {
    /// Write `misp.1` and one page per command (`misp-event.1` ...) into DIR instead of
    /// printing `misp.1`.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

/// The roff text of `misp.1`.
pub fn render() -> std::io::Result<Vec<u8>> {
    let mut buffer = Vec::new();
    clap_mangen::Man::new(Cli::command()).render(&mut buffer)?;
    Ok(buffer)
}

/// Prints `misp.1`, or writes every page into a directory.
pub fn run(args: ManArgs, ctx: &mut Context) -> Result<(), CliError> {
    match args.out {
        None => {
            ctx.out().raw(&render()?)?;
            ctx.out().flush()?;
        }
        Some(dir) => {
            std::fs::create_dir_all(&dir).map_err(|source| CliError::Write {
                path: dir.clone(),
                source,
            })?;
            clap_mangen::generate_to(Cli::command(), &dir).map_err(|source| CliError::Write {
                path: dir.clone(),
                source,
            })?;
            ctx.note(&format!("wrote the man pages to {}", dir.display()));
        }
    }
    Ok(())
}
