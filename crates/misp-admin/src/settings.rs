//! Server settings: the diagnostics with every setting, one setting, and setting one.

use misp_api::wire::{Body, PathBuilder as P};
use misp_api::{Ack, Idempotency, op};
use misp_types::admin::{ServerDiagnostics, ServerSetting};
use serde_json::{Value, json};

op! {
    /// The instance's diagnostics with every setting (`GET /servers/serverSettings`).
    pub struct GetServerSettings;
    GET |s| "/servers/serverSettings".into() => ServerDiagnostics: json()
}

op! {
    /// One setting with its value, type and description (`GET /servers/getSetting/{name}`).
    pub struct GetServerSetting(
        /// The setting's name, such as `MISP.baseurl`.
        pub name: String
    );
    GET |s| P::new("servers/getSetting").segment(&s.name).build() => ServerSetting: json()
}

op! {
    /// Sets a setting (`POST /servers/serverSettingsEdit/{name}`, `{"value", "force"}`);
    /// `force` saves a value that fails the setting's test.
    ///
    /// ```
    /// use misp_admin::settings::SetServerSetting;
    /// use misp_api::Endpoint;
    /// let request = SetServerSetting::new("MISP.welcome_text_top", "Welcome").request().unwrap();
    /// assert_eq!(request.uri(), "/servers/serverSettingsEdit/MISP.welcome_text_top");
    /// let body: serde_json::Value = serde_json::from_slice(request.body()).unwrap();
    /// assert_eq!(body, serde_json::json!({"value": "Welcome", "force": false}));
    /// ```
    pub struct SetServerSetting {
        /// The setting's name.
        pub name: String,
        /// The new value (text, number or boolean).
        pub value: Value,
        /// Save even if the value fails the setting's test.
        pub force: bool,
    }
    POST |s| P::new("servers/serverSettingsEdit").segment(&s.name).build() => Ack: ack();
    body |s| Body::json(&json!({"value": s.value, "force": s.force}));
    idempotency |s| Idempotency::Safe
}

impl SetServerSetting {
    /// Sets `name` to `value`, without forcing.
    pub fn new(name: impl Into<String>, value: impl Into<Value>) -> Self {
        SetServerSetting {
            name: name.into(),
            value: value.into(),
            force: false,
        }
    }

    /// Saves even a value that fails the setting's test.
    #[must_use]
    pub fn force(mut self, force: bool) -> Self {
        self.force = force;
        self
    }
}

/// The value to send for `text` given on a command line, typed by the setting's `type`:
/// a `boolean` setting takes `true`/`false`/`1`/`0`/`yes`/`no`, a `numeric` one an integer,
/// the others the text as it is. The error says what the setting expects.
///
/// ```
/// use misp_admin::settings::typed_input;
/// use misp_types::admin::ServerSetting;
/// let flag = ServerSetting { name: Some("MISP.disable_emailing".into()), kind: Some("boolean".into()), ..Default::default() };
/// assert_eq!(typed_input(&flag, "yes").unwrap(), serde_json::json!(true));
/// assert!(typed_input(&flag, "maybe").is_err());
/// let text = ServerSetting { kind: Some("string".into()), ..Default::default() };
/// assert_eq!(typed_input(&text, "1").unwrap(), serde_json::json!("1"));
/// ```
pub fn typed_input(setting: &ServerSetting, text: &str) -> Result<Value, String> {
    let name = setting
        .name
        .as_deref()
        .or(setting.setting.as_deref())
        .unwrap_or("the setting");
    match setting.kind.as_deref() {
        Some("boolean") => match text.trim().to_ascii_lowercase().as_str() {
            "true" | "1" | "yes" | "on" => Ok(Value::Bool(true)),
            "false" | "0" | "no" | "off" => Ok(Value::Bool(false)),
            _ => Err(format!(
                "{name} is a boolean setting: give true or false, not `{text}`"
            )),
        },
        Some("numeric") => text
            .trim()
            .parse::<i64>()
            .map(Value::from)
            .map_err(|_| format!("{name} is a numeric setting: give an integer, not `{text}`")),
        _ => Ok(Value::String(text.to_owned())),
    }
}
