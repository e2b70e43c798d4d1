//! Warninglists: list, search, get, enable/disable/toggle, check values, update.

use std::collections::BTreeMap;

use serde_json::json;

use crate::macros::op;
use crate::records::{Warninglist, WarninglistHit};
use crate::wire::{Body, PathBuilder as P};
use crate::{Ack, BuildError, Idempotency};

op! {
    /// Lists the warninglists (`GET /warninglists/index`, unwrapped from `Warninglists`).
    pub struct ListWarninglists;
    GET |s| "/warninglists/index".into() => Vec<Warninglist>: list("Warninglist")
}

op! {
    /// Searches warninglists (`POST /warninglists/index`): `value` matches part of the name
    /// or description (case-insensitive) or the whole type; `enabled` keeps only enabled or
    /// disabled lists.
    pub struct SearchWarninglists {
        /// Text in the name or description, or the list's type.
        pub value: Option<String>,
        /// Only enabled (`true`) or disabled (`false`) lists.
        pub enabled: Option<bool>,
    }
    POST |s| "/warninglists/index".into() => Vec<Warninglist>: list("Warninglist");
    body |s| {
        let mut body = serde_json::Map::new();
        if let Some(value) = &s.value {
            body.insert("value".into(), json!(value));
        }
        if let Some(enabled) = s.enabled {
            body.insert("enabled".into(), json!(enabled));
        }
        Body::json(&body)
    };
    idempotency |s| Idempotency::Safe
}

op! {
    /// Fetches one warninglist with its entries (`GET /warninglists/view/{id}`).
    pub struct GetWarninglist(
        /// The warninglist's id.
        pub warninglist: u64
    );
    GET |s| P::new("warninglists/view").segment(s.warninglist).build() => Warninglist: entity("Warninglist")
}

op! {
    /// Enables, disables or toggles warninglists by id and/or name
    /// (`POST /warninglists/toggleEnable`). At least one id or name is required.
    pub struct ToggleWarninglists {
        /// The warninglists' ids.
        pub ids: Vec<u64>,
        /// The warninglists' names.
        pub names: Vec<String>,
        /// `Some(true)` enables, `Some(false)` disables, `None` toggles.
        pub enabled: Option<bool>,
    }
    POST |s| "/warninglists/toggleEnable".into() => Ack: ack();
    body |s| {
        if s.ids.is_empty() && s.names.is_empty() {
            return Err(BuildError::invalid("ids/names", "name at least one warninglist by id or name"));
        }
        let mut body = serde_json::Map::new();
        if !s.ids.is_empty() {
            // The server compares ids as text.
            let ids: Vec<String> = s.ids.iter().map(ToString::to_string).collect();
            body.insert("id".into(), json!(ids));
        }
        if !s.names.is_empty() {
            body.insert("name".into(), json!(s.names));
        }
        if let Some(enabled) = s.enabled {
            body.insert("enabled".into(), json!(enabled));
        }
        Body::json(&body)
    };
    idempotency |s| if s.enabled.is_some() { Idempotency::Safe } else { Idempotency::Unsafe }
}

impl ToggleWarninglists {
    /// Enables (`true`) or disables (`false`) the warninglist `id`.
    pub fn set(id: u64, enabled: bool) -> Self {
        ToggleWarninglists {
            ids: vec![id],
            names: Vec::new(),
            enabled: Some(enabled),
        }
    }
}

op! {
    /// Checks values against the enabled warninglists (`POST /warninglists/checkValue`);
    /// answers, per value that matched, the lists it is on.
    pub struct CheckWarninglistValues(
        /// The values.
        pub values: Vec<String>
    );
    POST |s| "/warninglists/checkValue".into() => BTreeMap<String, Vec<WarninglistHit>>: json();
    body |s| Body::json(&s.values);
    idempotency |s| Idempotency::Safe
}

op! {
    /// Updates the warninglists from the repository shipped with MISP (`POST /warninglists/update`).
    pub struct UpdateWarninglists;
    POST |s| "/warninglists/update".into() => Ack: ack();
    idempotency |s| Idempotency::Safe
}
