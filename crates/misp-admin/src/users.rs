//! Users: list, get, add, edit, delete, password, keys, heartbeat and registrations.
//!
//! The admin path (`admin/users/...`) and the self-service path (`users/...`) are separate
//! operations: pick the one you mean ([`UpdateUser`] or [`UpdateOwnUser`]); nothing switches
//! between them by the caller's role.

use misp_api::wire::{Body, Operation, PathBuilder as P, Reply};
use misp_api::{Ack, ApiError, BuildError, Idempotency, op};
use misp_types::admin::{User, UserRegistration};
use secrecy::{ExposeSecret, SecretString};
use serde_json::{Value, json};

use crate::UserRef;

/// Lists users (`GET /admin/users/index`), optionally filtered and paged.
///
/// ```
/// use misp_admin::users::ListUsers;
/// use misp_api::Endpoint;
/// let op = ListUsers::new().search("rust").organisation(6);
/// assert_eq!(op.request().unwrap().uri(), "/admin/users/index/value:rust/searchorg:6");
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ListUsers {
    /// A text to find in the users' fields (`value:`).
    pub search: Option<String>,
    /// Only the users of this organisation (`searchorg:`).
    pub organisation: Option<u64>,
    /// The page size (`limit:`).
    pub limit: Option<u32>,
    /// The 1-based page (`page:`).
    pub page: Option<u32>,
}

impl ListUsers {
    /// Every user.
    pub fn new() -> Self {
        ListUsers::default()
    }

    /// Only users matching `text`.
    #[must_use]
    pub fn search(mut self, text: impl Into<String>) -> Self {
        self.search = Some(text.into());
        self
    }

    /// Only the users of organisation `org`.
    #[must_use]
    pub fn organisation(mut self, org: u64) -> Self {
        self.organisation = Some(org);
        self
    }
}

impl Operation for ListUsers {
    type Output = Vec<User>;
    fn method(&self) -> http::Method {
        http::Method::GET
    }
    fn path(&self) -> String {
        let mut p = P::new("admin/users/index");
        if let Some(s) = &self.search {
            p = p.named("value", s);
        }
        if let Some(o) = self.organisation {
            p = p.named("searchorg", o);
        }
        if let Some(l) = self.limit {
            p = p.named("limit", l);
        }
        if let Some(n) = self.page {
            p = p.named("page", n);
        }
        p.build()
    }
    fn decode_reply(&self, reply: Reply) -> Result<Vec<User>, ApiError> {
        reply.list("User")
    }
}

crate::paging::paged_list!(ListUsers, UserRow);

/// One element of the users index as [`ListUsers`] streams it: `{"User": {...}, "Role": {...},
/// "Organisation": {...}}`, read as the user with its role and organisation kept (the index
/// sends them beside the user, not inside it).
///
/// ```
/// use misp_admin::users::UserRow;
/// let row: UserRow = serde_json::from_str(
///     r#"{"User": {"id": "6", "email": "a@b.test"}, "Role": {"id": "3", "name": "User"}, "Organisation": {"id": "6", "name": "B"}}"#,
/// ).unwrap();
/// assert_eq!(row.0.role.and_then(|r| r.name).as_deref(), Some("User"));
/// assert_eq!(row.0.organisation.and_then(|o| o.name).as_deref(), Some("B"));
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct UserRow(pub User);

impl<'de> serde::Deserialize<'de> for UserRow {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        let mut row = serde_json::Map::<String, Value>::deserialize(deserializer)?;
        let user = match row.remove("User") {
            Some(Value::Object(mut user)) => {
                for (k, v) in row {
                    user.entry(k).or_insert(v);
                }
                Value::Object(user)
            }
            Some(other) => {
                return Err(D::Error::custom(format!(
                    "at `User`: expected the user object, got {other}"
                )));
            }
            None => Value::Object(row),
        };
        serde_json::from_value(user)
            .map(UserRow)
            .map_err(D::Error::custom)
    }
}

op! {
    /// A user as the user sees it (`GET /users/view/{id|me}`); `UserRef::Me` is the key's own
    /// account.
    pub struct GetUser(
        /// The user.
        pub user: UserRef
    );
    GET |s| P::new("users/view").segment(s.user).build() => User: entity("User")
}

op! {
    /// A user with its role, organisation and settings, as an admin sees it
    /// (`GET /admin/users/view/{id}`).
    pub struct AdminGetUser(
        /// The user's id.
        pub user_id: u64
    );
    GET |s| P::new("admin/users/view").segment(s.user_id).build() => User: entity("User")
}

op! {
    /// Creates a user (`POST /admin/users/add`, the user flat). The answer carries the new
    /// user's key in clear, as [`User::authkey`], a [`misp_types::admin::Secret`].
    pub struct AddUser(
        /// The new user (at least `email`, `org_id` and `role_id`).
        pub user: User
    );
    POST |s| "/admin/users/add".into() => User: entity("User");
    body |s| Body::json(&s.user)
}

op! {
    /// Edits a user as an admin (`POST /admin/users/edit/{id}`): only the fields given change.
    pub struct UpdateUser {
        /// The user's id.
        pub user_id: u64,
        /// The fields to change.
        pub user: User,
    }
    POST |s| P::new("admin/users/edit").segment(s.user_id).build() => User: entity("User");
    body |s| Body::json(&s.user);
    idempotency |s| Idempotency::Safe
}

impl UpdateUser {
    /// Changes `user`'s fields on user `user_id`.
    pub fn new(user_id: u64, user: User) -> Self {
        UpdateUser { user_id, user }
    }
}

op! {
    /// Edits the key's own account through the self-service path (`POST /users/edit/{id}`).
    pub struct UpdateOwnUser {
        /// The user's id (the key's own).
        pub user_id: u64,
        /// The fields to change.
        pub user: User,
    }
    POST |s| P::new("users/edit").segment(s.user_id).build() => User: entity("User");
    body |s| Body::json(&s.user);
    idempotency |s| Idempotency::Safe
}

op! {
    /// Deletes a user (`POST /admin/users/delete/{id}`). Its auth keys stay in
    /// `auth_keys/index`.
    pub struct DeleteUser(
        /// The user's id.
        pub user_id: u64
    );
    POST |s| P::new("admin/users/delete").segment(s.user_id).build() => Ack: ack();
    idempotency |s| Idempotency::Safe
}

/// Changes the key's own password (`POST /users/change_pw`, `{"password": ...}`). The
/// password is a secret: it never shows in `Debug` output.
///
/// ```
/// use misp_admin::users::ChangePassword;
/// let op = ChangePassword::new("correct horse battery staple");
/// assert!(!format!("{op:?}").contains("horse"));
/// ```
#[derive(Clone, Debug)]
pub struct ChangePassword {
    /// The new password.
    pub password: SecretString,
}

impl ChangePassword {
    /// Sets the password to `password`.
    pub fn new(password: impl Into<String>) -> Self {
        ChangePassword {
            password: SecretString::from(password.into()),
        }
    }
}

impl Operation for ChangePassword {
    type Output = Ack;
    fn method(&self) -> http::Method {
        http::Method::POST
    }
    fn path(&self) -> String {
        "/users/change_pw".into()
    }
    fn body(&self) -> Result<Body, BuildError> {
        Body::json(&json!({ "password": self.password.expose_secret() }))
    }
    fn decode_reply(&self, reply: Reply) -> Result<Ack, ApiError> {
        reply.ack()
    }
}

/// The answer to [`ResetAuthKey`]: the new key. The old one gets an expiration rather than
/// being deleted.
#[derive(Clone, Debug)]
pub struct NewAuthKey {
    /// The new key.
    pub key: SecretString,
    /// The user it belongs to, as the server echoed it.
    pub user_id: Option<String>,
}

op! {
    /// Gives a user a new key (`POST /users/resetauthkey/{id|me}`). The server answers
    /// `"Authkey updated: <key>"`; the key comes back as a [`SecretString`] and the message is
    /// not kept.
    pub struct ResetAuthKey(
        /// The user.
        pub user: UserRef
    );
    POST |s| P::new("users/resetauthkey").segment(s.user).build() => NewAuthKey: json_key();
    body |s| Ok(Body::empty_object())
}

/// Reads the key out of resetauthkey's message without keeping the message anywhere.
trait KeyFromMessage {
    fn json_key(self) -> Result<NewAuthKey, ApiError>;
}

impl KeyFromMessage for Reply {
    fn json_key(self) -> Result<NewAuthKey, ApiError> {
        let context = self.context().clone();
        let status = self.status();
        let value: Value = self.json()?;
        let text = |k: &str| value.get(k).and_then(Value::as_str);
        let key = [text("message"), text("name")]
            .into_iter()
            .flatten()
            .find_map(|m| m.split_once(':').map(|(_, key)| key.trim()))
            .filter(|key| !key.is_empty());
        match key {
            Some(key) => Ok(NewAuthKey {
                key: SecretString::from(key.to_owned()),
                user_id: value.get("id").map(|v| match v {
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                }),
            }),
            None => Err(ApiError::Decode {
                context,
                status,
                message: "the answer carries no `Authkey updated: <key>` message".into(),
            }),
        }
    }
}

op! {
    /// Tells the server the key's user is active (`GET /users/heartbeat`).
    pub struct Heartbeat;
    GET |s| "/users/heartbeat".into() => Ack: ack()
}

op! {
    /// The self-registrations waiting for an admin (`GET /users/registrations/index`).
    pub struct ListRegistrations;
    GET |s| "/users/registrations/index".into() => Vec<UserRegistration>: list("Inbox")
}

/// Accepts a registration (`POST /users/acceptRegistrations/{id}`), creating the user in
/// `org_id` with `role_id`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AcceptRegistration {
    /// The registration.
    pub registration: u64,
    /// The organisation of the new user (`None` leaves the server to refuse it).
    pub org_id: Option<u64>,
    /// The role of the new user.
    pub role_id: u64,
    /// Whether the new user may sync.
    pub perm_sync: bool,
    /// Whether the new user may publish.
    pub perm_publish: bool,
    /// Whether the new user administers the organisation.
    pub perm_admin: bool,
}

impl AcceptRegistration {
    /// Accepts `registration` into `org_id` with `role_id`, no extra permission.
    pub fn new(registration: u64, org_id: impl Into<Option<u64>>, role_id: u64) -> Self {
        AcceptRegistration {
            registration,
            org_id: org_id.into(),
            role_id,
            perm_sync: false,
            perm_publish: false,
            perm_admin: false,
        }
    }
}

impl Operation for AcceptRegistration {
    type Output = Ack;
    fn method(&self) -> http::Method {
        http::Method::POST
    }
    fn path(&self) -> String {
        P::new("users/acceptRegistrations")
            .segment(self.registration)
            .build()
    }
    fn body(&self) -> Result<Body, BuildError> {
        Body::json(&json!({ "User": {
            "org_id": self.org_id,
            "role_id": self.role_id,
            "perm_sync": self.perm_sync,
            "perm_publish": self.perm_publish,
            "perm_admin": self.perm_admin,
        }}))
    }
    fn decode_reply(&self, reply: Reply) -> Result<Ack, ApiError> {
        reply.ack()
    }
}

op! {
    /// Discards a registration (`POST /users/discardRegistrations/{id}`).
    pub struct DiscardRegistration(
        /// The registration.
        pub registration: u64
    );
    POST |s| P::new("users/discardRegistrations").segment(s.registration).build() => Ack: ack();
    idempotency |s| Idempotency::Safe
}

op! {
    /// Sends a user a password-reset e-mail (`POST /users/initiatePasswordReset/{id}`).
    pub struct InitiatePasswordReset(
        /// The user's id.
        pub user_id: u64
    );
    POST |s| P::new("users/initiatePasswordReset").segment(s.user_id).build() => Ack: ack();
    body |s| Ok(Body::empty_object())
}

op! {
    /// Removes a user's TOTP second factor (`POST /users/totp_delete/{id}`).
    pub struct DeleteTotp(
        /// The user's id.
        pub user_id: u64
    );
    POST |s| P::new("users/totp_delete").segment(s.user_id).build() => Ack: ack();
    body |s| Ok(Body::empty_object());
    idempotency |s| Idempotency::Safe
}
