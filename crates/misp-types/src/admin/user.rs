//! Users, their auth keys and the registrations waiting for an admin.

use super::{Role, Secret};
use crate::{Organisation, record};

record! {
    /// A user account (`admin/users/view`, `users/view/me`, `admin/users/index`).
    ///
    /// Fetched one by one, the answer's `Role`, `Organisation` and `UserSetting` are kept here
    /// too. The clear key that `admin/users/add` answers with is in `authkey`, as a [`Secret`].
    pub struct User {
        /// The local id.
        "id" => id: Option<u64>,
        /// The e-mail address, which is also the login.
        "email" => email: Option<String>,
        /// The organisation's id.
        "org_id" => org_id: Option<u64>,
        /// The role's id.
        "role_id" => role_id: Option<u64>,
        /// The key, in clear only in the answer to `admin/users/add` (then a [`Secret`]).
        "authkey" => authkey: Option<Secret>,
        /// The sync server the account belongs to (0: none).
        "server_id" => server_id: Option<u64>,
        /// Whether the user receives an e-mail for each published event.
        "autoalert" => autoalert: Option<bool>,
        /// Whether the user may be contacted about events.
        "contactalert" => contactalert: Option<bool>,
        /// Whether the account is disabled.
        "disabled" => disabled: Option<bool>,
        /// Whether the user must change the password at the next login.
        "change_pw" => change_pw: Option<bool>,
        /// Whether the terms were accepted.
        "termsaccepted" => termsaccepted: Option<bool>,
        /// The id of the user who created this one.
        "invited_by" => invited_by: Option<u64>,
        /// The PGP public key.
        "gpgkey" => gpgkey: Option<String>,
        /// The S/MIME certificate.
        "certif_public" => certif_public: Option<String>,
        /// The NIDS SID offset.
        "nids_sid" => nids_sid: Option<u64>,
        /// When the account expires (text, as the server writes it).
        "expiration" => expiration: Option<String>,
        /// The last login, epoch seconds.
        "last_login" => last_login: Option<u64>,
        /// The last API access, epoch seconds.
        "last_api_access" => last_api_access: Option<u64>,
        /// When the account was created, epoch seconds.
        "date_created" => date_created: Option<u64>,
        /// When the account was last changed, epoch seconds.
        "date_modified" => date_modified: Option<u64>,
        /// Whether TOTP is set up.
        "totp_is_set" => totp_is_set: Option<bool>,
        /// The daily notification.
        "notification_daily" => notification_daily: Option<bool>,
        /// The weekly notification.
        "notification_weekly" => notification_weekly: Option<bool>,
        /// The monthly notification.
        "notification_monthly" => notification_monthly: Option<bool>,
        /// The role (when the user is fetched one by one).
        "Role" => role: Option<Role>,
        /// The organisation (when the user is fetched one by one or listed).
        "Organisation" => organisation: Option<Organisation>,
    }
}

record! {
    /// An auth key (`auth_keys/index`, `auth_keys/view`, `auth_keys/add`).
    ///
    /// Only its first and last four characters are shown, except in the answer to
    /// `auth_keys/add`, where `authkey_raw` holds the whole new key as a [`Secret`].
    pub struct AuthKey {
        /// The local id.
        "id" => id: Option<u64>,
        /// The key's UUID.
        "uuid" => uuid: Option<uuid::Uuid>,
        /// The first four characters.
        "authkey_start" => authkey_start: Option<String>,
        /// The last four characters.
        "authkey_end" => authkey_end: Option<String>,
        /// The whole new key, only in the answer to `auth_keys/add`.
        "authkey_raw" => authkey_raw: Option<Secret>,
        /// The key's hash as stored (listed by some versions).
        "authkey" => authkey: Option<Secret>,
        /// When it was created, epoch seconds.
        "created" => created: Option<u64>,
        /// When it expires, epoch seconds (0: never).
        "expiration" => expiration: Option<u64>,
        /// Whether it is read-only.
        "read_only" => read_only: Option<bool>,
        /// The user it belongs to.
        "user_id" => user_id: Option<u64>,
        /// A comment.
        "comment" => comment: Option<String>,
        /// The IP addresses or ranges it may be used from.
        "allowed_ips" => allowed_ips: Vec<String>,
        /// The IP addresses it was used from.
        "unique_ips" => unique_ips: Vec<String>,
        /// Its user (in listings).
        "User" => user: Option<User>,
    }
}

impl AuthKey {
    /// The new key in clear, as the answer to `auth_keys/add` gives it.
    pub fn raw_key(&self) -> Option<&secrecy::SecretString> {
        self.authkey_raw.as_ref().map(Secret::as_secret)
    }
}

record! {
    /// A self-registration waiting for an admin (`users/registrations/index`, MISP's inbox).
    pub struct UserRegistration {
        /// The local id.
        "id" => id: Option<u64>,
        /// The UUID.
        "uuid" => uuid: Option<uuid::Uuid>,
        /// The kind of request (`register`).
        "type" => kind: Option<String>,
        /// The title.
        "title" => title: Option<String>,
        /// The IP address it came from.
        "ip" => ip: Option<String>,
        /// The user agent it came with.
        "user_agent" => user_agent: Option<String>,
        /// When it arrived, epoch seconds.
        "timestamp" => timestamp: Option<u64>,
        /// What the requester sent (e-mail, organisation, message ...).
        "data" => data: Option<serde_json::Value>,
        /// A comment.
        "comment" => comment: Option<String>,
    }
}
