//! User settings: list, search, get (by name or id), set, delete (own, or another user's as
//! admin).

use serde_json::{Value, json};

use crate::macros::op;
use crate::records::UserSetting;
use crate::wire::{Body, PathBuilder as P};
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

/// Whose settings [`SearchUserSettings`] looks at.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SettingsOwner {
    /// Every user the key may see (an org admin sees their organisation's, a site admin all).
    #[default]
    All,
    /// The key's own user.
    Me,
    /// The key's organisation's users.
    Org,
    /// One user, by id.
    User(u64),
}

op! {
    /// Searches user settings by name and owner (`POST /userSettings/index`), a page at a
    /// time when `page` is set.
    pub struct SearchUserSettings {
        /// Only this setting (e.g. `publish_alert_filter`).
        pub setting: Option<String>,
        /// Whose settings.
        pub owner: SettingsOwner,
        /// The page (from 1).
        pub page: Option<u64>,
        /// The page size.
        pub limit: Option<u64>,
    }
    POST |s| "/userSettings/index".into() => Vec<UserSetting>: list("UserSetting");
    body |s| {
        let mut body = serde_json::Map::new();
        if let Some(setting) = &s.setting {
            body.insert("setting".into(), json!(setting));
        }
        let owner = match s.owner {
            SettingsOwner::All => json!("all"),
            SettingsOwner::Me => json!("me"),
            SettingsOwner::Org => json!("org"),
            SettingsOwner::User(id) => json!(id),
        };
        body.insert("user_id".into(), owner);
        if let Some(page) = s.page {
            body.insert("page".into(), json!(page));
        }
        if let Some(limit) = s.limit {
            body.insert("limit".into(), json!(limit));
        }
        Body::json(&body)
    };
    idempotency |s| Idempotency::Safe
}

op! {
    /// Fetches one setting by its id, whoever it belongs to (`GET /userSettings/view/{id}`);
    /// a setting the key may not see answers 404.
    pub struct GetUserSettingById(
        /// The setting's numeric id.
        pub setting: u64
    );
    GET |s| P::new("userSettings/view").segment(s.setting).build() => UserSetting: entity("UserSetting")
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
