//! Auth keys: list, view, add, edit, delete.

use misp_api::wire::{Body, Operation, PathBuilder as P, Reply};
use misp_api::{Ack, ApiError, BuildError, Idempotency, op};
use misp_types::admin::AuthKey;
use serde_json::{Map, Value, json};

use crate::UserRef;

op! {
    /// Lists auth keys (`GET /auth_keys/index[/{user}]`): all users' keys, or one user's.
    /// Only the first and last four characters of each are shown.
    pub struct ListAuthKeys(
        /// Only this user's keys.
        pub user_id: Option<u64>
    );
    GET |s| {
        let p = P::new("auth_keys/index");
        match s.user_id { Some(u) => p.segment(u).build(), None => p.build() }
    } => Vec<AuthKey>: list("AuthKey")
}

op! {
    /// One auth key (`GET /auth_keys/view/{id}`).
    pub struct GetAuthKey(
        /// The key's id.
        pub key_id: u64
    );
    GET |s| P::new("auth_keys/view").segment(s.key_id).build() => AuthKey: entity("AuthKey")
}

/// The settings of an auth key, for [`AddAuthKey`] and [`EditAuthKey`]; unset fields are not
/// sent.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AuthKeySettings {
    /// A comment.
    pub comment: Option<String>,
    /// When it expires, epoch seconds (0: never).
    pub expiration: Option<u64>,
    /// The IP addresses or CIDR ranges it may be used from.
    pub allowed_ips: Option<Vec<String>>,
    /// Whether it is read-only.
    pub read_only: Option<bool>,
}

impl AuthKeySettings {
    fn to_body(&self) -> Result<Body, BuildError> {
        let mut map = Map::new();
        if let Some(c) = &self.comment {
            map.insert("comment".into(), json!(c));
        }
        if let Some(e) = self.expiration {
            map.insert("expiration".into(), json!(e));
        }
        if let Some(ips) = &self.allowed_ips {
            map.insert("allowed_ips".into(), json!(ips));
        }
        if let Some(r) = self.read_only {
            map.insert("read_only".into(), json!(u8::from(r)));
        }
        Body::json(&Value::Object(map))
    }
}

/// Creates an auth key for a user (`POST /auth_keys/add/{id|me}`). The new key is in the
/// answer's [`AuthKey::raw_key`], as a `SecretString`.
///
/// ```
/// use misp_admin::auth_keys::AddAuthKey;
/// use misp_api::Endpoint;
/// let request = AddAuthKey::new(6).request().unwrap();
/// assert_eq!(request.uri(), "/auth_keys/add/6");
/// assert_eq!(request.body(), b"{}");
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AddAuthKey {
    /// The user the key is for.
    pub user: UserRef,
    /// Its settings.
    pub settings: AuthKeySettings,
}

impl AddAuthKey {
    /// A key for `user`, with the server's defaults.
    pub fn new(user: impl Into<UserRef>) -> Self {
        AddAuthKey {
            user: user.into(),
            settings: AuthKeySettings::default(),
        }
    }

    /// With these settings.
    #[must_use]
    pub fn settings(mut self, settings: AuthKeySettings) -> Self {
        self.settings = settings;
        self
    }
}

impl Operation for AddAuthKey {
    type Output = AuthKey;
    fn method(&self) -> http::Method {
        http::Method::POST
    }
    fn path(&self) -> String {
        P::new("auth_keys/add").segment(self.user).build()
    }
    fn body(&self) -> Result<Body, BuildError> {
        self.settings.to_body()
    }
    fn decode_reply(&self, reply: Reply) -> Result<AuthKey, ApiError> {
        reply.entity("AuthKey")
    }
}

/// Changes an auth key's expiry, allowed IPs, read-only flag or comment
/// (`POST /auth_keys/edit/{id}`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EditAuthKey {
    /// The key's id.
    pub key_id: u64,
    /// What to change.
    pub settings: AuthKeySettings,
}

impl EditAuthKey {
    /// Changes key `key_id` to `settings`.
    pub fn new(key_id: u64, settings: AuthKeySettings) -> Self {
        EditAuthKey { key_id, settings }
    }
}

impl Operation for EditAuthKey {
    type Output = AuthKey;
    fn method(&self) -> http::Method {
        http::Method::POST
    }
    fn path(&self) -> String {
        P::new("auth_keys/edit").segment(self.key_id).build()
    }
    fn body(&self) -> Result<Body, BuildError> {
        self.settings.to_body()
    }
    fn decode_reply(&self, reply: Reply) -> Result<AuthKey, ApiError> {
        reply.entity("AuthKey")
    }
    fn idempotency_class(&self) -> Idempotency {
        Idempotency::Safe
    }
}

op! {
    /// Deletes an auth key (`POST /auth_keys/delete/{id}`).
    pub struct DeleteAuthKey(
        /// The key's id.
        pub key_id: u64
    );
    POST |s| P::new("auth_keys/delete").segment(s.key_id).build() => Ack: ack();
    body |s| Ok(Body::empty_object());
    idempotency |s| Idempotency::Safe
}
