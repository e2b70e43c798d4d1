//! `misp log`: the admin log and the audit log.

use clap::Args;
use misp_admin::AdminExt;
use misp_admin::logs::{SearchAuditLogs, SearchLogs};

use super::{plain, stream};
use crate::context::Context;
use crate::error::CliError;
use crate::output::Columns;

/// The columns of the admin log.
pub const LOG_COLUMNS: Columns<'static> = &[
    ("id", "/id"),
    ("created", "/created"),
    ("user", "/email"),
    ("org", "/org"),
    ("action", "/action"),
    ("model", "/model"),
    ("model_id", "/model_id"),
    ("title", "/title"),
];

/// The columns of the audit log.
pub const AUDIT_COLUMNS: Columns<'static> = &[
    ("id", "/id"),
    ("created", "/created"),
    ("user", "/user_id"),
    ("org", "/org_id"),
    ("action", "/action"),
    ("model", "/model"),
    ("model_id", "/model_id"),
    ("title", "/model_title"),
];

fn parse_date(text: &str) -> Result<String, String> {
    let ok = text.len() >= 10
        && text.as_bytes()[..10].iter().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                *b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    if ok {
        Ok(text.to_owned())
    } else {
        Err(format!(
            "expected a date as YYYY-MM-DD (or YYYY-MM-DD hh:mm:ss), not `{text}`"
        ))
    }
}

/// `misp log [filters]`.
#[derive(Debug, Args)]
pub struct LogArgs {
    /// The audit log (`MISP.log_new_audit`) instead of the admin log.
    #[arg(long)]
    pub audit: bool,
    /// The model acted on (`Event`, `User` ...).
    #[arg(long)]
    pub model: Option<String>,
    /// The action (`add`, `edit`, `delete`, `login` ...).
    #[arg(long)]
    pub action: Option<String>,
    /// The acting user's organisation: its name (admin log) or id (audit log).
    #[arg(long)]
    pub org: Option<String>,
    /// The acting user's id.
    #[arg(long, value_name = "USER_ID")]
    pub user: Option<u64>,
    /// The acting user's e-mail (admin log; `%` is a wildcard).
    #[arg(long, conflicts_with = "audit")]
    pub email: Option<String>,
    /// Words of the title (admin log; `%` is a wildcard).
    #[arg(long, conflicts_with = "audit")]
    pub title: Option<String>,
    /// Entries from this date (YYYY-MM-DD or "YYYY-MM-DD hh:mm:ss").
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub from: Option<String>,
    /// Entries up to this date, inclusive (YYYY-MM-DD or "YYYY-MM-DD hh:mm:ss").
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub to: Option<String>,
    /// At most N entries.
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,
    /// The page size the walk uses [default: 100].
    #[arg(long, value_name = "N")]
    pub page_size: Option<u32>,
}

/// Runs `misp log`.
pub async fn run(args: LogArgs, ctx: &mut Context) -> Result<(), CliError> {
    let client = ctx.client()?;
    // A short --limit needs no bigger pages than itself.
    let page_size = args.page_size.or_else(|| {
        args.limit
            .filter(|&l| l > 0 && l < 100)
            .and_then(|l| u32::try_from(l).ok())
    });
    if args.audit {
        let org_id = match &args.org {
            Some(org) => Some(org.parse::<u64>().map_err(|_| {
                CliError::Usage(format!(
                    "--org with --audit takes the organisation's id, not `{org}`"
                ))
            })?),
            None => None,
        };
        let filter = SearchAuditLogs {
            limit: page_size,
            model: args.model,
            action: args.action,
            user_id: args.user,
            org_id,
            created_from: args.from,
            created_to: args.to,
            ..SearchAuditLogs::new()
        };
        let entries = client.logs().audit(filter);
        stream(ctx, entries, AUDIT_COLUMNS, plain, args.limit, "audit log").await?;
    } else {
        let filter = SearchLogs {
            limit: page_size,
            model: args.model,
            action: args.action,
            org: args.org,
            user_id: args.user,
            email: args.email,
            title: args.title,
            ..SearchLogs::new()
        };
        let entries = client.logs().search_between(filter, args.from, args.to);
        stream(ctx, entries, LOG_COLUMNS, plain, args.limit, "log").await?;
    }
    Ok(())
}
