//! `misp completions SHELL`: shell completion scripts (clap_complete).

use clap::{Args, CommandFactory};
use clap_complete::Shell;

use crate::args::Cli;
use crate::context::Context;
use crate::error::CliError;

/// `misp completions SHELL`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell: bash, zsh, fish, elvish, powershell.
    #[arg(value_enum)]
    pub shell: Shell,
}

/// Writes the script through the output, so a closed pipe ends quietly rather than in a
/// panic.
pub fn run(args: CompletionsArgs, ctx: &mut Context) -> Result<(), CliError> {
    let mut buffer = Vec::new();
    clap_complete::generate(args.shell, &mut Cli::command(), "misp", &mut buffer);
    ctx.out().raw(&buffer)?;
    ctx.out().flush()?;
    Ok(())
}
