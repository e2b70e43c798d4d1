//! Server settings and background workers.

use crate::record;

record! {
    /// One server setting (`servers/getSetting/{name}`, and each entry of the diagnostics'
    /// `finalSettings`).
    pub struct ServerSetting {
        /// The setting's name (`MISP.baseurl`); `setting` in the diagnostics' list.
        "name" => name: Option<String>,
        /// The setting's name as the diagnostics list it.
        "setting" => setting: Option<String>,
        /// The value, typed by `type`; see [`ServerSetting::typed_value`].
        "value" => value: Option<serde_json::Value>,
        /// `string`, `boolean`, `numeric`, `select` ...
        "type" => kind: Option<String>,
        /// The description.
        "description" => description: Option<String>,
        /// 0 critical, 1 recommended, 2 optional, 3 deprecated.
        "level" => level: Option<u64>,
        /// Why the current value fails its test, if it does.
        "errorMessage" => error_message: Option<String>,
        /// The test the value is checked with (usually its name).
        "test" => test: Option<serde_json::Value>,
        /// Whether the setting may be empty.
        "null" => null: Option<bool>,
        /// The settings tab it belongs to.
        "tab" => tab: Option<String>,
    }
}

/// A setting's value, typed by the setting's `type`.
#[derive(Clone, Debug, PartialEq)]
pub enum SettingValue {
    /// A `boolean` setting.
    Boolean(bool),
    /// A `numeric` setting.
    Numeric(i64),
    /// A `string` (or `select`, or other textual) setting.
    Text(String),
    /// Anything else, as sent.
    Other(serde_json::Value),
}

impl ServerSetting {
    /// The value, typed by `type` where the value matches it.
    ///
    /// ```
    /// use misp_types::admin::{ServerSetting, SettingValue};
    /// let s: ServerSetting = serde_json::from_str(r#"{"name":"MISP.disable_emailing","type":"boolean","value":"1"}"#).unwrap();
    /// assert_eq!(s.typed_value(), Some(SettingValue::Boolean(true)));
    /// ```
    pub fn typed_value(&self) -> Option<SettingValue> {
        use serde_json::Value;
        let value = self.value.as_ref()?;
        Some(match (self.kind.as_deref(), value) {
            (Some("boolean"), Value::Bool(b)) => SettingValue::Boolean(*b),
            (Some("boolean"), Value::Number(n)) if n.as_u64() == Some(0) => {
                SettingValue::Boolean(false)
            }
            (Some("boolean"), Value::Number(n)) if n.as_u64() == Some(1) => {
                SettingValue::Boolean(true)
            }
            (Some("boolean"), Value::String(s)) if matches!(s.as_str(), "0" | "1" | "") => {
                SettingValue::Boolean(s == "1")
            }
            (Some("numeric"), Value::Number(n)) if n.as_i64().is_some() => {
                SettingValue::Numeric(n.as_i64().unwrap_or_default())
            }
            (Some("numeric"), Value::String(s)) if s.parse::<i64>().is_ok() => {
                SettingValue::Numeric(s.parse().unwrap_or_default())
            }
            (_, Value::String(s)) => SettingValue::Text(s.clone()),
            (_, other) => SettingValue::Other(other.clone()),
        })
    }
}

record! {
    /// One background worker process.
    pub struct Worker {
        /// The process id.
        "pid" => pid: Option<u64>,
        /// The queue it serves.
        "queue" => queue: Option<String>,
        /// Whether it is alive.
        "alive" => alive: Option<bool>,
        /// The user it runs as.
        "user" => user: Option<String>,
        /// Whether it is healthy.
        "ok" => ok: Option<bool>,
    }
}

record! {
    /// One worker queue as `servers/getWorkers` lists it.
    pub struct WorkerQueue {
        /// Whether the queue has a healthy worker.
        "ok" => ok: Option<bool>,
        /// The jobs waiting.
        "jobCount" => job_count: Option<u64>,
        /// Its workers.
        "workers" => workers: Vec<Worker>,
    }
}

record! {
    /// The instance's diagnostics (`servers/serverSettings`): versions, PHP and database
    /// checks, worker state and every setting with its value.
    pub struct ServerDiagnostics {
        /// The running and newest versions.
        "version" => version: Option<serde_json::Value>,
        /// PHP's settings against the recommended ones.
        "phpSettings" => php_settings: Option<serde_json::Value>,
        /// The database checks.
        "dbDiagnostics" => db_diagnostics: Option<serde_json::Value>,
        /// The database schema check.
        "dbSchemaDiagnostics" => db_schema_diagnostics: Option<serde_json::Value>,
        /// The worker queues.
        "workers" => workers: Option<serde_json::Value>,
        /// Every setting with its value and the result of its test.
        "finalSettings" => settings: Vec<ServerSetting>,
    }
}
