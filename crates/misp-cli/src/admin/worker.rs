//! `misp worker ...`: background workers.

use clap::Subcommand;
use misp_admin::AdminExt;
use misp_admin::workers::{
    KillAllWorkers, RestartDeadWorkers, RestartWorkers, StartWorker, StopWorker, Workers,
};
use serde_json::json;

use super::{ack, list, plain};
use crate::context::Context;
use crate::error::CliError;
use crate::output::Columns;

/// The columns of `misp worker list`: one row per worker (a queue without workers has one
/// row with no pid).
pub const WORKER_COLUMNS: Columns<'static> = &[
    ("queue", "/queue"),
    ("pid", "/pid"),
    ("alive", "/alive"),
    ("ok", "/ok"),
    ("user", "/user"),
    ("jobs", "/jobs"),
];

/// `misp worker ...`.
#[derive(Debug, Subcommand)]
pub enum WorkerCommand {
    /// List the worker queues and their workers (or that background jobs are off).
    List,
    /// Start a worker on a queue (default, email, prio, cache, update, scheduler).
    Start {
        /// The queue.
        queue: String,
    },
    /// Stop the worker with this process id.
    Stop {
        /// The process id.
        pid: u64,
    },
    /// Restart every worker.
    Restart,
    /// Restart the workers that died.
    RestartDead,
    /// Kill every worker.
    KillAll,
}

/// Runs `misp worker ...`.
pub async fn run(command: WorkerCommand, ctx: &mut Context) -> Result<(), CliError> {
    let client = ctx.client()?;
    match command {
        WorkerCommand::List => match client.workers().list().await? {
            Workers::NotEnabled(message) => {
                ctx.out().record(
                    &json!({ "background_jobs": false, "message": message }),
                    &[
                        ("background_jobs", "/background_jobs"),
                        ("message", "/message"),
                    ],
                )?;
            }
            Workers::Queues { queues, .. } => {
                let mut rows = Vec::new();
                for (name, queue) in queues {
                    let jobs = queue.job_count;
                    if queue.workers.is_empty() {
                        rows.push(json!({ "queue": name, "ok": queue.ok, "jobs": jobs }));
                    }
                    for w in queue.workers {
                        rows.push(json!({
                            "queue": name, "pid": w.pid, "alive": w.alive, "ok": w.ok,
                            "user": w.user, "jobs": jobs,
                        }));
                    }
                }
                list(ctx, rows, WORKER_COLUMNS, plain)?;
            }
        },
        WorkerCommand::Start { queue } => ack(ctx, &client.send(&StartWorker::new(queue)).await?)?,
        WorkerCommand::Stop { pid } => ack(ctx, &client.send(&StopWorker::new(pid)).await?)?,
        WorkerCommand::Restart => ack(ctx, &client.send(&RestartWorkers).await?)?,
        WorkerCommand::RestartDead => ack(ctx, &client.send(&RestartDeadWorkers).await?)?,
        WorkerCommand::KillAll => ack(ctx, &client.send(&KillAllWorkers).await?)?,
    }
    Ok(())
}
