//! The admin log and the audit log.

use crate::record;

record! {
    /// An entry of the admin log (`admin/logs/index`).
    pub struct Log {
        /// The local id.
        "id" => id: Option<u64>,
        /// The title (`Event (12): ...`).
        "title" => title: Option<String>,
        /// When, as the server writes it (`YYYY-MM-DD hh:mm:ss`).
        "created" => created: Option<String>,
        /// The model acted on (`Event`, `User` ...).
        "model" => model: Option<String>,
        /// The id of the entity acted on.
        "model_id" => model_id: Option<u64>,
        /// The action (`add`, `edit`, `delete`, `login` ...).
        "action" => action: Option<String>,
        /// Who acted.
        "user_id" => user_id: Option<u64>,
        /// What changed.
        "change" => change: Option<String>,
        /// The acting user's e-mail.
        "email" => email: Option<String>,
        /// The acting user's organisation.
        "org" => org: Option<String>,
        /// A description.
        "description" => description: Option<String>,
        /// The IP address the action came from.
        "ip" => ip: Option<String>,
    }
}

record! {
    /// An entry of the audit log (`admin/audit_logs/index`, when `MISP.log_new_audit` is on).
    pub struct AuditLog {
        /// The local id.
        "id" => id: Option<u64>,
        /// When, as the server writes it.
        "created" => created: Option<String>,
        /// Who acted.
        "user_id" => user_id: Option<u64>,
        /// The acting user's organisation.
        "org_id" => org_id: Option<u64>,
        /// The IP address the action came from.
        "ip" => ip: Option<String>,
        /// The auth key used.
        "authkey_id" => authkey_id: Option<u64>,
        /// The action (`add`, `edit`, `delete` ...).
        "action" => action: Option<String>,
        /// The model acted on.
        "model" => model: Option<String>,
        /// The id of the entity acted on.
        "model_id" => model_id: Option<u64>,
        /// The entity's title.
        "model_title" => model_title: Option<String>,
        /// The event the entity belongs to.
        "event_id" => event_id: Option<u64>,
        /// What changed (JSON).
        "change" => change: Option<serde_json::Value>,
    }
}
