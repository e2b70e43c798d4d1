//! User settings: list, get, set, delete (own, or another user's as admin).

use serde_json::{Value, json};

use crate::macros::op;
use crate::records::UserSetting;
use crate::wire::Body;
use crate::{Ack, Idempotency};

fn with_user(mut body: Value, user: Option<u64>) -> Value {
    if let Some(user) = user
        && let Some(o) = body.as_object_mut()
    {
        o.insert("user_id".into(), json!(user));
    }
    body
}

op! {
    /// Lists the user settings visible to the key (`GET /userSettings/index`).
    pub struct ListUserSettings;
    GET |s| "/userSettings/index".into() => Vec<UserSetting>: list("UserSetting")
}

op! {
    /// Fetches one setting (`POST /userSettings/getSetting`).
    pub struct GetUserSetting {
        /// The setting's name.
        pub setting: String,
        /// Another user's (admins only).
        pub user_id: Option<u64>,
    }
    POST |s| "/userSettings/getSetting".into() => UserSetting: entity("UserSetting");
    body |s| Body::json(&with_user(json!({ "setting": s.setting }), s.user_id));
    idempotency |s| Idempotency::Safe
}

op! {
    /// Sets a setting (`POST /userSettings/setSetting`). Objects and lists go as JSON text,
    /// as the server stores them.
    pub struct SetUserSetting {
        /// The setting's name.
        pub setting: String,
        /// The value.
        pub value: Value,
        /// Another user's (admins only).
        pub user_id: Option<u64>,
    }
    POST |s| "/userSettings/setSetting".into() => UserSetting: entity("UserSetting");
    body |s| {
        let value = match &s.value {
            v @ (Value::Object(_) | Value::Array(_)) => Value::String(v.to_string()),
            v => v.clone(),
        };
        Body::json(&with_user(json!({ "setting": s.setting, "value": value }), s.user_id))
    };
    idempotency |s| Idempotency::Safe
}

op! {
    /// Deletes a setting (`POST /userSettings/delete`).
    pub struct DeleteUserSetting {
        /// The setting's name.
        pub setting: String,
        /// Another user's (admins only).
        pub user_id: Option<u64>,
    }
    POST |s| "/userSettings/delete".into() => Ack: ack();
    body |s| Body::json(&with_user(json!({ "setting": s.setting }), s.user_id));
    idempotency |s| Idempotency::Safe
}
