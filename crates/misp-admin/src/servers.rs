//! Sync servers: list, add, edit, delete, test, pull, push, sync configuration, cache and
//! the instance UUID.

use misp_api::wire::{Body, Operation, PathBuilder as P, Reply};
use misp_api::{Ack, ApiError, Idempotency, op};
use misp_types::admin::Server;
use serde_json::Value;

op! {
    /// Lists the sync servers (`GET /servers/index`); the remote keys are not shown.
    pub struct ListServers;
    GET |s| "/servers/index".into() => Vec<Server>: list("Server")
}

op! {
    /// Adds a sync server (`POST /servers/add`, flat: `name`, `url`, `authkey`,
    /// `remote_org_id`, `push`, `pull` ...). The server strips a trailing slash from `url` and
    /// echoes the key, which the answer keeps as a `Secret`.
    pub struct AddServer(
        /// The new server.
        pub server: Server
    );
    POST |s| "/servers/add".into() => Server: entity("Server");
    body |s| Body::json(&s.server)
}

op! {
    /// Edits a sync server (`POST /servers/edit/{id}`).
    pub struct UpdateServer {
        /// The server's id.
        pub server_id: u64,
        /// The fields to change.
        pub server: Server,
    }
    POST |s| P::new("servers/edit").segment(s.server_id).build() => Server: entity("Server");
    body |s| Body::json(&s.server);
    idempotency |s| Idempotency::Safe
}

impl UpdateServer {
    /// Changes `server`'s fields on server `server_id`.
    pub fn new(server_id: u64, server: Server) -> Self {
        UpdateServer { server_id, server }
    }
}

op! {
    /// Deletes a sync server (`POST /servers/delete/{id}`). MISP answers with
    /// `"id": "Server deleted"`, so the answer's id means nothing.
    pub struct DeleteServer(
        /// The server's id.
        pub server_id: u64
    );
    POST |s| P::new("servers/delete").segment(s.server_id).build() => Ack: ack();
    idempotency |s| Idempotency::Safe
}

/// How a connection test went: MISP answers 200 in every case, with a status code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConnectionStatus {
    /// `1`: the remote answered and accepted the key.
    Ok,
    /// `2`: the remote could not be reached.
    Unreachable,
    /// `3`: the remote answered something unexpected.
    UnexpectedResponse,
    /// `4`: the remote refused the key.
    AuthenticationFailed,
    /// `5`: the remote user must change its password.
    PasswordChangeRequired,
    /// `6`: the remote user has not accepted the terms.
    TermsNotAccepted,
    /// `7`: the remote user is not a sync user.
    NotSyncUser,
    /// Another code.
    Other(u64),
}

impl ConnectionStatus {
    /// A short name for the status (`ok`, `unreachable`, `authentication_failed` ...).
    ///
    /// ```
    /// use misp_admin::servers::ConnectionStatus;
    /// assert_eq!(ConnectionStatus::from_code(2).name(), "unreachable");
    /// assert_eq!(ConnectionStatus::from_code(2).to_string(), "the remote could not be reached");
    /// ```
    pub fn name(self) -> &'static str {
        match self {
            ConnectionStatus::Ok => "ok",
            ConnectionStatus::Unreachable => "unreachable",
            ConnectionStatus::UnexpectedResponse => "unexpected_response",
            ConnectionStatus::AuthenticationFailed => "authentication_failed",
            ConnectionStatus::PasswordChangeRequired => "password_change_required",
            ConnectionStatus::TermsNotAccepted => "terms_not_accepted",
            ConnectionStatus::NotSyncUser => "not_sync_user",
            ConnectionStatus::Other(_) => "other",
        }
    }

    /// The status for MISP's code.
    pub fn from_code(code: u64) -> Self {
        match code {
            1 => ConnectionStatus::Ok,
            2 => ConnectionStatus::Unreachable,
            3 => ConnectionStatus::UnexpectedResponse,
            4 => ConnectionStatus::AuthenticationFailed,
            5 => ConnectionStatus::PasswordChangeRequired,
            6 => ConnectionStatus::TermsNotAccepted,
            7 => ConnectionStatus::NotSyncUser,
            other => ConnectionStatus::Other(other),
        }
    }
}

impl std::fmt::Display for ConnectionStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ConnectionStatus::Ok => f.write_str("the remote answered and accepted the key"),
            ConnectionStatus::Unreachable => f.write_str("the remote could not be reached"),
            ConnectionStatus::UnexpectedResponse => {
                f.write_str("the remote answered something unexpected")
            }
            ConnectionStatus::AuthenticationFailed => f.write_str("the remote refused the key"),
            ConnectionStatus::PasswordChangeRequired => {
                f.write_str("the remote user must change its password")
            }
            ConnectionStatus::TermsNotAccepted => {
                f.write_str("the remote user has not accepted the terms")
            }
            ConnectionStatus::NotSyncUser => f.write_str("the remote user is not a sync user"),
            ConnectionStatus::Other(code) => write!(f, "the server gave the unknown status {code}"),
        }
    }
}

/// The answer to [`TestServer`].
#[derive(Clone, Debug, PartialEq)]
pub struct ConnectionTest {
    /// How it went.
    pub status: ConnectionStatus,
    /// The whole answer (versions, sync permissions ... when the remote answered).
    pub body: Value,
}

impl ConnectionTest {
    /// Whether the remote answered and accepted the key.
    pub fn is_ok(&self) -> bool {
        self.status == ConnectionStatus::Ok
    }
}

op! {
    /// Tests the connection to a sync server (`POST /servers/testConnection/{id}`). A failure
    /// comes back as a [`ConnectionTest`] with its status, not as an error: the server answers
    /// 200 with `{"status": 2}` for an unreachable remote.
    ///
    /// ```
    /// use misp_admin::servers::{ConnectionStatus, TestServer};
    /// use misp_api::Endpoint;
    /// let answer = http::Response::builder().status(200)
    ///     .body(bytes::Bytes::from_static(br#"{"status":2,"client_certificate":null}"#)).unwrap();
    /// let test = TestServer::new(3u64).decode(answer).unwrap();
    /// assert_eq!(test.status, ConnectionStatus::Unreachable);
    /// ```
    pub struct TestServer(
        /// The server's id.
        pub server_id: u64
    );
    POST |s| P::new("servers/testConnection").segment(s.server_id).build() => ConnectionTest: connection_test();
    idempotency |s| Idempotency::Safe
}

trait ConnectionTestReply {
    fn connection_test(self) -> Result<ConnectionTest, ApiError>;
}

impl ConnectionTestReply for Reply {
    fn connection_test(self) -> Result<ConnectionTest, ApiError> {
        let context = self.context().clone();
        let status = self.status();
        let body: Value = self.json()?;
        let code = match body.get("status") {
            Some(Value::Number(n)) => n.as_u64(),
            Some(Value::String(s)) => s.parse().ok(),
            _ => None,
        };
        match code {
            Some(code) => Ok(ConnectionTest {
                status: ConnectionStatus::from_code(code),
                body,
            }),
            None => Err(ApiError::Decode {
                context,
                status,
                message: "at `status`: expected the connection test's status code".into(),
            }),
        }
    }
}

/// Pulls from a sync server (`POST /servers/pull/{id}[/{event}]`): everything, or one event.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PullServer {
    /// The server's id.
    pub server_id: u64,
    /// Only this remote event.
    pub event: Option<u64>,
}

/// Pushes to a sync server (`POST /servers/push/{id}[/{event}]`): everything, or one event.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PushServer {
    /// The server's id.
    pub server_id: u64,
    /// Only this local event.
    pub event: Option<u64>,
}

macro_rules! sync_op {
    ($name:ident, $base:literal) => {
        impl $name {
            /// Everything.
            pub fn new(server_id: u64) -> Self {
                $name {
                    server_id,
                    event: None,
                }
            }

            /// Only `event`.
            pub fn event(server_id: u64, event: u64) -> Self {
                $name {
                    server_id,
                    event: Some(event),
                }
            }
        }

        impl Operation for $name {
            type Output = Ack;
            fn method(&self) -> http::Method {
                http::Method::POST
            }
            fn path(&self) -> String {
                let p = P::new($base).segment(self.server_id);
                match self.event {
                    Some(e) => p.segment(e).build(),
                    None => p.build(),
                }
            }
            fn decode_reply(&self, reply: Reply) -> Result<Ack, ApiError> {
                reply.ack()
            }
            fn idempotency_class(&self) -> Idempotency {
                Idempotency::Safe
            }
        }
    };
}
sync_op!(PullServer, "servers/pull");
sync_op!(PushServer, "servers/push");

op! {
    /// The sync configuration another instance imports to sync with this one, as the key's
    /// sync user (`GET /servers/createSync`); site admins are refused.
    pub struct GetSyncConfig;
    GET |s| "/servers/createSync".into() => Server: entity("Server")
}

op! {
    /// Adds a sync server from a configuration made by [`GetSyncConfig`] on the remote
    /// (`POST /servers/import`).
    pub struct ImportServer(
        /// The configuration (`url`, `uuid`, `authkey`, `Organisation`).
        pub server: Server
    );
    POST |s| "/servers/import".into() => Server: entity("Server");
    body |s| Body::json(&s.server)
}

op! {
    /// Caches a sync server's events for correlation (`POST /servers/cache/{id}`), or every
    /// server's with `None` (`/servers/cache/all`).
    pub struct CacheServer(
        /// The server's id; `None` for all.
        pub server_id: Option<u64>
    );
    POST |s| match s.server_id {
        Some(id) => P::new("servers/cache").segment(id).build(),
        None => "/servers/cache/all".into(),
    } => Ack: ack();
    idempotency |s| Idempotency::Safe
}

op! {
    /// The instance's UUID (`GET /servers/getInstanceUUID`), in the answer's `message` or
    /// `body["uuid"]`.
    pub struct GetInstanceUuid;
    GET |s| "/servers/getInstanceUUID".into() => Ack: ack()
}
