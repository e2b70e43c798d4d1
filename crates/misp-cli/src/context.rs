//! What every command gets: the output, the connected client, progress bars.
//!
//! A command is an `async fn(args, &mut Context) -> Result<(), CliError>`. It asks the
//! context for the client only when it needs the server (so offline commands work without a
//! URL or key), and prints through [`Context::out`]:
//!
//! ```no_run
//! use misp_cli::{CliError, context::Context};
//!
//! async fn org_list(ctx: &mut Context) -> Result<(), CliError> {
//!     let client = ctx.client()?; // built once from flags, environment and config file
//!     let orgs: serde_json::Value = client
//!         .send(&misp_api::instance::DirectCall::get("organisations/index"))
//!         .await?;
//!     let mut list = ctx.out().list(&[("id", "/Organisation/id"), ("name", "/Organisation/name")]);
//!     for org in orgs.as_array().into_iter().flatten() {
//!         list.item(org)?;
//!     }
//!     list.end()?;
//!     Ok(())
//! }
//! ```

use misp_client::Client;

use crate::args::ConnectionArgs;
use crate::error::CliError;
use crate::output::Output;
use crate::progress::Progress;

/// The shared state of one run of `misp`.
pub struct Context {
    out: Output,
    connection: ConnectionArgs,
    client: Option<Client>,
    progress: Progress,
    quiet: bool,
}

impl Context {
    /// A context writing to `out`, connecting with `connection` when asked.
    pub fn new(out: Output, connection: ConnectionArgs, quiet: bool) -> Self {
        Context {
            out,
            connection,
            client: None,
            progress: Progress::new(quiet),
            quiet,
        }
    }

    /// A context over an existing client (for embedding and tests).
    pub fn with_client(out: Output, client: Client) -> Self {
        Context {
            out,
            connection: ConnectionArgs::default(),
            client: Some(client),
            progress: Progress::hidden(),
            quiet: true,
        }
    }

    /// Where results go.
    pub fn out(&mut self) -> &mut Output {
        &mut self.out
    }

    /// The client, made on first use from `--url`/`--key`/`--profile`, the environment and
    /// the config file. It is cheap to clone and can be held across `await`s while
    /// [`Context::out`] is used.
    pub fn client(&mut self) -> Result<Client, CliError> {
        if let Some(c) = &self.client {
            return Ok(c.clone());
        }
        let client = crate::connect::client(&self.connection)?;
        self.out
            .set_secret(crate::connect::known_key(&self.connection));
        self.client = Some(client.clone());
        Ok(client)
    }

    /// The connection flags as given (for `misp config show`).
    pub fn connection(&self) -> &ConnectionArgs {
        &self.connection
    }

    /// Progress bars on stderr (hidden with `--quiet` or when stderr is not a terminal).
    pub fn progress(&self) -> Progress {
        self.progress
    }

    /// Whether `--quiet` was given.
    pub fn quiet(&self) -> bool {
        self.quiet
    }

    /// A note for people on stderr (not with `--quiet`).
    pub fn note(&self, text: &str) {
        if !self.quiet {
            eprintln!("{text}");
        }
    }
}
