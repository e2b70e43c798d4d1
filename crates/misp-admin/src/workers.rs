//! Background workers: list, start, stop, restart, restart dead ones, kill all.

use std::collections::BTreeMap;

use misp_api::wire::{Operation, PathBuilder as P, Reply};
use misp_api::{Ack, ApiError, Idempotency, op};
use misp_types::admin::WorkerQueue;
use serde_json::Value;

/// The answer to [`GetWorkers`].
#[derive(Clone, Debug, PartialEq)]
pub enum Workers {
    /// The instance runs without background jobs (`["Background jobs not enabled"]`): a
    /// state, not a failure.
    NotEnabled(String),
    /// The worker queues by name, and any other key of the answer as sent.
    Queues {
        /// The queues (`default`, `email`, `prio`, `cache`, `update`, `scheduler` ...).
        queues: BTreeMap<String, WorkerQueue>,
        /// The keys that are not queues.
        other: BTreeMap<String, Value>,
    },
}

/// The worker queues and their processes (`GET /servers/getWorkers`).
///
/// ```
/// use misp_admin::workers::{GetWorkers, Workers};
/// use misp_api::Endpoint;
/// let answer = http::Response::builder().status(200)
///     .body(bytes::Bytes::from_static(br#"["Background jobs not enabled"]"#)).unwrap();
/// assert_eq!(GetWorkers.decode(answer).unwrap(), Workers::NotEnabled("Background jobs not enabled".into()));
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct GetWorkers;

impl Operation for GetWorkers {
    type Output = Workers;
    fn method(&self) -> http::Method {
        http::Method::GET
    }
    fn path(&self) -> String {
        "/servers/getWorkers".into()
    }
    fn decode_reply(&self, reply: Reply) -> Result<Workers, ApiError> {
        let context = reply.context().clone();
        let status = reply.status();
        let value: Value = reply.json()?;
        match value {
            Value::Array(items) => {
                let text: Vec<String> = items
                    .iter()
                    .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_owned))
                    .collect();
                Ok(Workers::NotEnabled(text.join("; ")))
            }
            Value::Object(map) => {
                let mut queues = BTreeMap::new();
                let mut other = BTreeMap::new();
                for (name, v) in map {
                    let queue = v
                        .get("workers")
                        .is_some()
                        .then(|| serde_json::from_value::<WorkerQueue>(v.clone()).ok())
                        .flatten();
                    match queue {
                        Some(q) => {
                            queues.insert(name, q);
                        }
                        None => {
                            other.insert(name, v);
                        }
                    }
                }
                Ok(Workers::Queues { queues, other })
            }
            other => Err(ApiError::Decode {
                context,
                status,
                message: format!("expected the worker queues, got {other}"),
            }),
        }
    }
}

op! {
    /// Starts a worker on a queue (`POST /servers/startWorker/{queue}`).
    pub struct StartWorker(
        /// `default`, `email`, `scheduler`, `cache`, `prio` or `update`.
        pub queue: String
    );
    POST |s| P::new("servers/startWorker").segment(&s.queue).build() => Ack: ack()
}

op! {
    /// Stops the worker with this process id (`POST /servers/stopWorker/{pid}`).
    pub struct StopWorker(
        /// The process id.
        pub pid: u64
    );
    POST |s| P::new("servers/stopWorker").segment(s.pid).build() => Ack: ack();
    idempotency |s| Idempotency::Safe
}

op! {
    /// Restarts every worker (`POST /servers/restartWorkers`).
    pub struct RestartWorkers;
    POST |s| "/servers/restartWorkers".into() => Ack: ack()
}

op! {
    /// Restarts the workers that died (`POST /servers/restartDeadWorkers`).
    pub struct RestartDeadWorkers;
    POST |s| "/servers/restartDeadWorkers".into() => Ack: ack();
    idempotency |s| Idempotency::Safe
}

op! {
    /// Kills every worker (`POST /servers/killAllWorkers`).
    pub struct KillAllWorkers;
    POST |s| "/servers/killAllWorkers".into() => Ack: ack();
    idempotency |s| Idempotency::Safe
}
