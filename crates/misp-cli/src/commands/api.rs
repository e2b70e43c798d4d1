//! `misp api METHOD PATH [BODY|-]`: any endpoint, for what has no command.

use std::path::PathBuf;

use clap::Args;
use misp_api::instance::DirectCall;

use super::files::read_bytes;
use crate::context::Context;
use crate::error::CliError;

/// `misp api`.
#[derive(Debug, Args)]
pub struct ApiArgs {
    /// The HTTP method (GET, POST ...).
    pub method: String,
    /// The path below the MISP root (`servers/getVersion`, `/events/index`).
    pub path: String,
    /// The JSON body, inline, or `-` for stdin, or `@FILE`.
    pub body: Option<String>,
}

fn body_text(body: &str) -> Result<Vec<u8>, CliError> {
    if body == "-" {
        read_bytes(&PathBuf::from("-"))
    } else if let Some(file) = body.strip_prefix('@') {
        read_bytes(&PathBuf::from(file))
    } else {
        Ok(body.as_bytes().to_vec())
    }
}

/// Sends the request and prints the server's JSON.
pub async fn run(args: ApiArgs, ctx: &mut Context) -> Result<(), CliError> {
    let body = match &args.body {
        Some(b) => {
            let bytes = body_text(b)?;
            Some(
                serde_json::from_slice::<serde_json::Value>(&bytes)
                    .map_err(|e| CliError::Usage(format!("the body is not JSON: {e}")))?,
            )
        }
        None => None,
    };
    let op = match (args.method.to_ascii_uppercase().as_str(), body) {
        ("GET", None) => DirectCall::get(args.path),
        ("POST", body) => DirectCall::post(args.path, body.unwrap_or(serde_json::json!({}))),
        (m, _) => {
            return Err(CliError::Usage(format!(
                "method `{m}`: give GET (without a body) or POST"
            )));
        }
    };
    let client = ctx.client()?;
    let answer = client.send(&op).await?;
    ctx.out().value(&answer)?;
    Ok(())
}
