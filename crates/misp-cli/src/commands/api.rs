//! `misp api METHOD PATH [BODY|-]`: any endpoint, for what has no command.

use std::path::PathBuf;

use clap::Args;
use misp_api::raw::RawRequest;

use super::files::read_bytes;
use crate::context::Context;
use crate::error::CliError;

/// `misp api`.
#[derive(Debug, Args)]
pub struct ApiArgs {
    /// The HTTP method (GET, POST, PUT, DELETE ...).
    pub method: String,
    /// The path below the MISP root (`servers/getVersion`, `/events/index/limit:5`).
    pub path: String,
    /// The body: inline JSON (or text), `-` for stdin, or `@FILE`.
    pub body: Option<String>,
}

fn body_bytes(body: &str) -> Result<Vec<u8>, CliError> {
    if body == "-" {
        read_bytes(&PathBuf::from("-"))
    } else if let Some(file) = body.strip_prefix('@') {
        read_bytes(&PathBuf::from(file))
    } else {
        Ok(body.as_bytes().to_vec())
    }
}

/// Sends the request and prints the server's JSON (per `--pretty`/`--compact`), or its raw
/// body when it is not JSON.
pub async fn run(args: ApiArgs, ctx: &mut Context) -> Result<(), CliError> {
    let method = http::Method::from_bytes(args.method.to_ascii_uppercase().as_bytes())
        .map_err(|_| CliError::Usage(format!("`{}` is not an HTTP method", args.method)))?;
    let mut op = RawRequest::new(method, args.path);
    if let Some(b) = &args.body {
        op = op.body(body_bytes(b)?);
    }
    let client = ctx.client()?;
    let answer = client.send(&op).await?;
    let json = answer
        .content_type
        .as_deref()
        .is_some_and(|c| c.contains("json"));
    match serde_json::from_slice::<serde_json::Value>(&answer.bytes) {
        Ok(value) if json || !answer.bytes.is_empty() => ctx.out().value(&value)?,
        _ => {
            ctx.out().raw(&answer.bytes)?;
            ctx.out().flush()?;
        }
    }
    Ok(())
}
