//! The records of a MISP instance's administration: users, roles, auth keys, sync servers,
//! feeds, logs, blocklist entries, server settings and workers.
//!
//! They are declared with [`record!`](crate::record) like every other record: tolerant on
//! read, lossless on write. Keys the server issues ([`User::authkey`], [`AuthKey::authkey_raw`],
//! [`Server::authkey`]) are held as a [`Secret`], which never shows in `Debug` output.
//!
//! ```
//! use misp_types::admin::User;
//! let user: User = serde_json::from_str(
//!     r#"{"id":"9","email":"analyst@example.org","authkey":"0123456789abcdef0123456789abcdef01234567"}"#,
//! ).unwrap();
//! assert_eq!(user.id, Some(9));
//! assert!(!format!("{user:?}").contains("0123456789abcdef"));
//! ```

mod blocklist;
mod feed;
mod log;
mod role;
mod secret;
mod server;
mod setting;
mod user;

pub use blocklist::{BlocklistAddResult, EventBlocklistEntry, OrgBlocklistEntry};
pub use feed::Feed;
pub use log::{AuditLog, Log};
pub use role::{Role, RoleAccess};
pub use secret::Secret;
pub use server::Server;
pub use setting::{ServerDiagnostics, ServerSetting, SettingValue, Worker, WorkerQueue};
pub use user::{AuthKey, User, UserRegistration};
