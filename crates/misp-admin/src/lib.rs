//! MISP administration: users, auth keys, organisations, roles, sharing groups, sync servers,
//! feeds, server settings, workers, logs, blocklists and maintenance, as operations on
//! `misp-api`'s [`Endpoint`](misp_api::Endpoint) seam and a client extension ([`AdminExt`]).
//!
//! Depend on `misp-admin` (with `misp-client`) for site or organisation administration:
//! provisioning users and keys, organisations, sync servers and feeds, settings. Programs that
//! only read and write threat data do not need it. Cargo features: none.
//!
//! Each operation is a value: it builds its request without I/O and decodes the answer into a
//! typed record from [`misp_types::admin`] or a typed error. The same operation runs through
//! `misp-client` or any other HTTP stack.
//!
//! ```
//! use misp_admin::users::AddUser;
//! use misp_api::Endpoint;
//! use misp_types::admin::User;
//!
//! let user = User { email: Some("analyst@example.org".into()), org_id: Some(2), role_id: Some(3), ..Default::default() };
//! let request = AddUser::new(user).request().unwrap();
//! assert_eq!(request.uri(), "/admin/users/add");
//! assert_eq!(request.body(), br#"{"email":"analyst@example.org","org_id":2,"role_id":3}"#);
//! ```
//!
//! With a client:
//!
//! ```no_run
//! # async fn run() -> Result<(), misp_client::Error> {
//! use futures::TryStreamExt;
//! use misp_admin::AdminExt;
//!
//! let client = misp_client::Client::from_env()?;
//! let users: Vec<_> = client.users().list().try_collect().await?;
//! let test = client.servers().test(3).await?;
//! println!("{} users; server 3: {:?}", users.len(), test.status);
//! # Ok(()) }
//! ```
#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod client;
mod ids;
mod paging;

pub mod auth_keys;
pub mod blocklists;
pub mod feeds;
pub mod logs;
pub mod maintenance;
pub mod organisations;
pub mod roles;
pub mod servers;
pub mod settings;
pub mod sharing_groups;
pub mod users;
pub mod workers;

pub use client::{
    AdminExt, AuthKeys, Blocklists, Feeds, Logs, Organisations, Roles, Servers, Settings,
    SharingGroups, Users, Workers,
};
pub use ids::UserRef;
pub use misp_api::Paged;
