//! The admin log and the audit log, filtered and paged.

use misp_api::wire::{Body, Operation, PathBuilder as P, Reply};
use misp_api::{ApiError, BuildError, Idempotency};
use misp_types::admin::{AuditLog, Log};
use serde::Serialize;

/// Searches the admin log (`POST /admin/logs/index`). Substring filters take `%` wildcards.
/// The server returns the oldest entries first.
///
/// ```
/// use misp_admin::logs::SearchLogs;
/// use misp_api::Endpoint;
/// let op = SearchLogs { model: Some("Event".into()), action: Some("add".into()), ..SearchLogs::new() };
/// assert_eq!(op.request().unwrap().body(), br#"{"model":"Event","action":"add"}"#);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct SearchLogs {
    /// The page size.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    /// The 1-based page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    /// One entry by id.
    #[serde(rename = "id", skip_serializing_if = "Option::is_none")]
    pub log_id: Option<u64>,
    /// The title.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The date, as the server writes it, or an epoch.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created: Option<serde_json::Value>,
    /// The model acted on (`Event`, `User` ...).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    /// The action (`add`, `edit`, `delete`, `login` ...).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub action: Option<String>,
    /// Who acted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_id: Option<u64>,
    /// What changed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub change: Option<String>,
    /// The acting user's e-mail.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// The acting user's organisation.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub org: Option<String>,
    /// The description.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The IP address.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ip: Option<String>,
}

impl SearchLogs {
    /// No filter.
    pub fn new() -> Self {
        SearchLogs::default()
    }
}

impl Operation for SearchLogs {
    type Output = Vec<Log>;
    fn method(&self) -> http::Method {
        http::Method::POST
    }
    fn path(&self) -> String {
        "/admin/logs/index".into()
    }
    fn body(&self) -> Result<Body, BuildError> {
        Body::json(self)
    }
    fn decode_reply(&self, reply: Reply) -> Result<Vec<Log>, ApiError> {
        reply.list("Log")
    }
    fn idempotency_class(&self) -> Idempotency {
        Idempotency::Safe
    }
}

crate::paging::paged_list!(SearchLogs, Log, "Log");

/// Searches the audit log (`POST /admin/audit_logs/index`; there is no path without the
/// `admin` prefix). Empty unless `MISP.log_new_audit` is on.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct SearchAuditLogs {
    /// The page size.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    /// The 1-based page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    /// The model acted on.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    /// The id of the entity acted on.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub model_id: Option<u64>,
    /// The action.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub action: Option<String>,
    /// Who acted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_id: Option<u64>,
    /// The acting user's organisation.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub org_id: Option<u64>,
    /// The event the entity belongs to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub event_id: Option<u64>,
    /// From this date (`YYYY-MM-DD`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_from: Option<String>,
    /// Up to this date (`YYYY-MM-DD`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_to: Option<String>,
}

impl SearchAuditLogs {
    /// No filter.
    pub fn new() -> Self {
        SearchAuditLogs::default()
    }
}

impl Operation for SearchAuditLogs {
    type Output = Vec<AuditLog>;
    fn method(&self) -> http::Method {
        http::Method::POST
    }
    fn path(&self) -> String {
        P::new("admin/audit_logs/index").build()
    }
    fn body(&self) -> Result<Body, BuildError> {
        Body::json(self)
    }
    fn decode_reply(&self, reply: Reply) -> Result<Vec<AuditLog>, ApiError> {
        reply.list("AuditLog")
    }
    fn idempotency_class(&self) -> Idempotency {
        Idempotency::Safe
    }
}

crate::paging::paged_list!(SearchAuditLogs, AuditLog, "AuditLog");
