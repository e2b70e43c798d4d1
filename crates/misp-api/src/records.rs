//! Records returned by operations whose shape the core model does not cover: instance info,
//! taxonomies, warninglists, noticelists, object templates, user settings, decaying models,
//! delegations, communities, correlation exclusions and statistics.
//!
//! Numbers are read from JSON numbers or strings, booleans from `true`, `1` or `"1"`; keys this
//! crate does not name are kept in `extra`, so a record survives a round trip.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::wire::{de_opt_bool, de_opt_f64, de_opt_string, de_opt_u64, de_string_or_list};

/// The answer to `GET /servers/getVersion`: the server's version and the key's main rights.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct VersionInfo {
    /// The MISP version, such as `2.5.1`.
    #[serde(default, deserialize_with = "de_opt_string")]
    pub version: Option<String>,
    /// The PyMISP version the server recommends.
    #[serde(default, deserialize_with = "de_opt_string")]
    pub pymisp_recommended_version: Option<String>,
    /// Whether the key may sync.
    #[serde(default, deserialize_with = "de_opt_bool")]
    pub perm_sync: Option<bool>,
    /// Whether the key may add sightings.
    #[serde(default, deserialize_with = "de_opt_bool")]
    pub perm_sighting: Option<bool>,
    /// Whether the key may edit galaxies.
    #[serde(default, deserialize_with = "de_opt_bool")]
    pub perm_galaxy_editor: Option<bool>,
    /// Whether the key may write analyst data.
    #[serde(default, deserialize_with = "de_opt_bool")]
    pub perm_analyst_data: Option<bool>,
    /// The instance UUID (`-` when unset).
    #[serde(default, deserialize_with = "de_opt_string")]
    pub uuid: Option<String>,
    /// The request body encodings the server accepts (`gzip`, `br`).
    #[serde(default)]
    pub request_encoding: Vec<String>,
    /// Whether sightings are filtered by the sighting policy.
    #[serde(default, deserialize_with = "de_opt_bool")]
    pub filter_sightings: Option<bool>,
    /// Keys not named above.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The answer to `GET /servers/getPyMISPVersion.json`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RecommendedVersion {
    /// The recommended PyMISP version.
    #[serde(default, deserialize_with = "de_opt_string")]
    pub version: Option<String>,
    /// Keys not named above.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The default category and IDS flag of one attribute type.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SaneDefault {
    /// The default category.
    #[serde(default)]
    pub default_category: Option<String>,
    /// Whether attributes of this type are IDS by default.
    #[serde(default, deserialize_with = "de_opt_bool")]
    pub to_ids: Option<bool>,
    /// Keys not named above.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The server's attribute types and categories (`GET /attributes/describeTypes.json`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DescribeTypes {
    /// Per type, its default category and IDS flag.
    #[serde(default)]
    pub sane_defaults: BTreeMap<String, SaneDefault>,
    /// Every attribute type.
    #[serde(default)]
    pub types: Vec<String>,
    /// Every category.
    #[serde(default)]
    pub categories: Vec<String>,
    /// Per category, the types it allows.
    #[serde(default)]
    pub category_type_mappings: BTreeMap<String, Vec<String>>,
    /// Keys not named above.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A taxonomy (its tags are in `extra["entries"]` when fetched one by one).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Taxonomy {
    /// The local id.
    #[serde(default, deserialize_with = "de_opt_u64")]
    pub id: Option<u64>,
    /// The namespace (`tlp`, `admiralty-scale` ...).
    #[serde(default)]
    pub namespace: Option<String>,
    /// The description.
    #[serde(default)]
    pub description: Option<String>,
    /// The version.
    #[serde(default, deserialize_with = "de_opt_u64")]
    pub version: Option<u64>,
    /// Whether it is enabled.
    #[serde(default, deserialize_with = "de_opt_bool")]
    pub enabled: Option<bool>,
    /// Whether its predicates are mutually exclusive.
    #[serde(default, deserialize_with = "de_opt_bool")]
    pub exclusive: Option<bool>,
    /// Whether a tag from it is required to publish.
    #[serde(default, deserialize_with = "de_opt_bool")]
    pub required: Option<bool>,
    /// Whether it is highlighted.
    #[serde(default, deserialize_with = "de_opt_bool")]
    pub highlighted: Option<bool>,
    /// How many tags it defines (index only).
    #[serde(default, deserialize_with = "de_opt_u64")]
    pub total_count: Option<u64>,
    /// How many of them exist as tags (index only).
    #[serde(default, deserialize_with = "de_opt_u64")]
    pub current_count: Option<u64>,
    /// Keys not named above (`entries` ...).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A warninglist.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Warninglist {
    /// The local id.
    #[serde(default, deserialize_with = "de_opt_u64")]
    pub id: Option<u64>,
    /// The name.
    #[serde(default)]
    pub name: Option<String>,
    /// The matching type (`cidr`, `string`, `hostname`, `substring`, `regex`).
    #[serde(default, rename = "type")]
    pub kind: Option<String>,
    /// The description.
    #[serde(default)]
    pub description: Option<String>,
    /// The version.
    #[serde(default, deserialize_with = "de_opt_u64")]
    pub version: Option<u64>,
    /// Whether it is enabled.
    #[serde(default, deserialize_with = "de_opt_bool")]
    pub enabled: Option<bool>,
    /// Whether it ships with MISP.
    #[serde(default, deserialize_with = "de_opt_bool")]
    pub default: Option<bool>,
    /// `false_positive` or `known`.
    #[serde(default)]
    pub category: Option<String>,
    /// The number of entries.
    #[serde(default, deserialize_with = "de_opt_u64")]
    pub warninglist_entry_count: Option<u64>,
    /// The attribute types it applies to.
    #[serde(default, deserialize_with = "de_string_or_list")]
    pub valid_attributes: Vec<String>,
    /// Keys not named above (`WarninglistEntry`, `WarninglistType` ...).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A warninglist a checked value matched (`POST /warninglists/checkValue`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct WarninglistHit {
    /// The warninglist id.
    #[serde(default, deserialize_with = "de_opt_u64")]
    pub id: Option<u64>,
    /// The warninglist name.
    #[serde(default)]
    pub name: Option<String>,
    /// The entry that matched.
    #[serde(default, deserialize_with = "de_opt_string")]
    pub matched: Option<String>,
    /// Keys not named above.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A noticelist.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Noticelist {
    /// The local id.
    #[serde(default, deserialize_with = "de_opt_u64")]
    pub id: Option<u64>,
    /// The short name.
    #[serde(default)]
    pub name: Option<String>,
    /// The full name.
    #[serde(default)]
    pub expanded_name: Option<String>,
    /// References.
    #[serde(default, rename = "ref", deserialize_with = "de_string_or_list")]
    pub references: Vec<String>,
    /// Where it applies.
    #[serde(default, deserialize_with = "de_string_or_list")]
    pub geographical_area: Vec<String>,
    /// The version.
    #[serde(default, deserialize_with = "de_opt_u64")]
    pub version: Option<u64>,
    /// Whether it is enabled.
    #[serde(default, deserialize_with = "de_opt_bool")]
    pub enabled: Option<bool>,
    /// Keys not named above (`NoticelistEntry` ...).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// An object template as the server lists it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ObjectTemplate {
    /// The local id.
    #[serde(default, deserialize_with = "de_opt_u64")]
    pub id: Option<u64>,
    /// The template UUID.
    #[serde(default)]
    pub uuid: Option<uuid::Uuid>,
    /// The name (`file`, `domain-ip` ...).
    #[serde(default)]
    pub name: Option<String>,
    /// The meta-category.
    #[serde(default, rename = "meta-category")]
    pub meta_category: Option<String>,
    /// The description.
    #[serde(default)]
    pub description: Option<String>,
    /// The version.
    #[serde(default, deserialize_with = "de_opt_u64")]
    pub version: Option<u64>,
    /// Whether it is active.
    #[serde(default, deserialize_with = "de_opt_bool")]
    pub active: Option<bool>,
    /// Whether it is fixed.
    #[serde(default, deserialize_with = "de_opt_bool")]
    pub fixed: Option<bool>,
    /// Keys not named above (`requirements`, `ObjectTemplateElement`, `Organisation` ...).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A user setting.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct UserSetting {
    /// The id.
    #[serde(default, deserialize_with = "de_opt_u64")]
    pub id: Option<u64>,
    /// The setting's name.
    #[serde(default)]
    pub setting: Option<String>,
    /// The value (any JSON).
    #[serde(default)]
    pub value: Value,
    /// The user it belongs to.
    #[serde(default, deserialize_with = "de_opt_u64")]
    pub user_id: Option<u64>,
    /// When it was last set.
    #[serde(default, deserialize_with = "de_opt_u64")]
    pub timestamp: Option<u64>,
    /// Keys not named above.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A decaying model.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DecayingModel {
    /// The id.
    #[serde(default, deserialize_with = "de_opt_u64")]
    pub id: Option<u64>,
    /// The UUID.
    #[serde(default)]
    pub uuid: Option<uuid::Uuid>,
    /// The name.
    #[serde(default)]
    pub name: Option<String>,
    /// The description.
    #[serde(default)]
    pub description: Option<String>,
    /// Whether it is enabled.
    #[serde(default, deserialize_with = "de_opt_bool")]
    pub enabled: Option<bool>,
    /// Keys not named above (`parameters`, `attribute_types` ...).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A request to hand an event over to another organisation.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct EventDelegation {
    /// The id.
    #[serde(default, deserialize_with = "de_opt_u64")]
    pub id: Option<u64>,
    /// The organisation asked to take the event.
    #[serde(default, deserialize_with = "de_opt_u64")]
    pub org_id: Option<u64>,
    /// The organisation asking.
    #[serde(default, deserialize_with = "de_opt_u64")]
    pub requester_org_id: Option<u64>,
    /// The event.
    #[serde(default, deserialize_with = "de_opt_u64")]
    pub event_id: Option<u64>,
    /// The message to the recipient.
    #[serde(default)]
    pub message: Option<String>,
    /// The distribution the event gets (-1: the recipient decides).
    #[serde(default, deserialize_with = "crate::wire::de_opt_i64")]
    pub distribution: Option<i64>,
    /// The sharing group, for distribution 4.
    #[serde(default, deserialize_with = "de_opt_u64")]
    pub sharing_group_id: Option<u64>,
    /// Keys not named above.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A sharing community listed by the server.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Community {
    /// The id.
    #[serde(default, deserialize_with = "de_opt_u64")]
    pub id: Option<u64>,
    /// The UUID.
    #[serde(default)]
    pub uuid: Option<String>,
    /// The name.
    #[serde(default)]
    pub name: Option<String>,
    /// The hosting organisation's name.
    #[serde(default)]
    pub org_name: Option<String>,
    /// The hosting organisation's UUID.
    #[serde(default)]
    pub org_uuid: Option<String>,
    /// The description.
    #[serde(default)]
    pub description: Option<String>,
    /// The web address.
    #[serde(default)]
    pub url: Option<String>,
    /// The contact address.
    #[serde(default)]
    pub email: Option<String>,
    /// Keys not named above.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A value excluded from correlation.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CorrelationExclusion {
    /// The id.
    #[serde(default, deserialize_with = "de_opt_u64")]
    pub id: Option<u64>,
    /// The excluded value (`%` and `*` wildcards allowed).
    #[serde(default)]
    pub value: Option<String>,
    /// Whether it came from the JSON file shipped with MISP.
    #[serde(default, deserialize_with = "de_opt_bool")]
    pub from_json: Option<bool>,
    /// The comment.
    #[serde(default)]
    pub comment: Option<String>,
    /// Keys not named above.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// One attribute the free-text parser suggests (`returnMetaAttributes`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct FreetextCandidate {
    /// The value as it will be stored.
    #[serde(default, deserialize_with = "de_opt_string")]
    pub value: Option<String>,
    /// The value as found in the text.
    #[serde(default, deserialize_with = "de_opt_string")]
    pub original_value: Option<String>,
    /// The type the parser chose.
    #[serde(default)]
    pub default_type: Option<String>,
    /// The types that would fit.
    #[serde(default)]
    pub types: BTreeMap<String, String>,
    /// Whether it would be IDS.
    #[serde(default, deserialize_with = "de_opt_bool")]
    pub to_ids: Option<bool>,
    /// Keys not named above.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A number MISP sends as a number, a numeric string or a percentage (`"12.5%"`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Number(#[serde(deserialize_with = "de_number")] pub f64);

fn de_number<'de, D: serde::Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
    Ok(de_opt_f64(d)?.unwrap_or(0.0))
}

/// Tag usage counts (`GET /tags/tagStatistics`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TagStatistics {
    /// Per tag name, its count (or percentage).
    #[serde(default)]
    pub tags: BTreeMap<String, Number>,
    /// Per taxonomy, its statistics.
    #[serde(default)]
    pub taxonomies: Value,
    /// Keys not named above.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}
