//! Server records beyond the event model: instance info, taxonomies, warninglists,
//! noticelists, object templates, user settings, decaying models, delegations, communities,
//! correlation exclusions and statistics.
//!
//! They are declared with [`record!`](crate::record), like the core model: numbers are read from
//! JSON numbers or strings, booleans from `true`, `1` or `"1"`, keys this crate does not name are
//! kept verbatim in `extra` (with the order keys came in), so a record survives a round trip.
//!
//! ```
//! use misp_types::records::Taxonomy;
//! let t: Taxonomy = serde_json::from_str(r#"{"id":"3","namespace":"tlp","enabled":"1","entries":[]}"#).unwrap();
//! assert_eq!((t.id, t.enabled), (Some(3), Some(true)));
//! assert_eq!(
//!     serde_json::to_string(&t).unwrap(),
//!     r#"{"id":3,"namespace":"tlp","enabled":true,"entries":[]}"#
//! );
//! ```

use std::collections::BTreeMap;
use std::fmt;

use crate::record;
#[cfg(feature = "schema")]
use crate::wire::FieldSchema;
use crate::wire::FieldValue;
#[cfg(feature = "schema")]
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::de::{self, DeserializeOwned, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use serde_json::Value;

record! {
    /// The answer to `GET /servers/getVersion`: the server's version and the key's main rights.
    pub struct VersionInfo {
        /// The MISP version, such as `2.5.1`.
        "version" => version: Option<String>,
        /// The PyMISP version the server recommends.
        "pymisp_recommended_version" => pymisp_recommended_version: Option<String>,
        /// Whether the key may sync.
        "perm_sync" => perm_sync: Option<bool>,
        /// Whether the key may add sightings.
        "perm_sighting" => perm_sighting: Option<bool>,
        /// Whether the key may edit galaxies.
        "perm_galaxy_editor" => perm_galaxy_editor: Option<bool>,
        /// Whether the key may write analyst data.
        "perm_analyst_data" => perm_analyst_data: Option<bool>,
        /// The instance UUID (`-` when unset).
        "uuid" => uuid: Option<String>,
        /// The request body encodings the server accepts (`gzip`, `br`).
        "request_encoding" => request_encoding: Vec<String>,
        /// Whether sightings are filtered by the sighting policy.
        "filter_sightings" => filter_sightings: Option<bool>,
    }
}

record! {
    /// The answer to `GET /servers/getPyMISPVersion.json`.
    pub struct RecommendedVersion {
        /// The recommended PyMISP version.
        "version" => version: Option<String>,
    }
}

record! {
    /// The default category and IDS flag of one attribute type.
    pub struct SaneDefault {
        /// The default category.
        "default_category" => default_category: Option<String>,
        /// Whether attributes of this type are IDS by default.
        "to_ids" => to_ids: Option<bool>,
    }
}

record! {
    /// The server's attribute types and categories (`GET /attributes/describeTypes.json`).
    pub struct DescribeTypes {
        /// Per type, its default category and IDS flag.
        "sane_defaults" => sane_defaults: Option<Table<SaneDefault>>,
        /// Every attribute type.
        "types" => types: Vec<String>,
        /// Every category.
        "categories" => categories: Vec<String>,
        /// Per category, the types it allows.
        "category_type_mappings" => category_type_mappings: Option<Table<Vec<String>>>,
    }
}

record! {
    /// A taxonomy (its tags are in `extra["entries"]` when fetched one by one).
    pub struct Taxonomy {
        /// The local id.
        "id" => id: Option<u64>,
        /// The namespace (`tlp`, `admiralty-scale` ...).
        "namespace" => namespace: Option<String>,
        /// The description.
        "description" => description: Option<String>,
        /// The version.
        "version" => version: Option<u64>,
        /// Whether it is enabled.
        "enabled" => enabled: Option<bool>,
        /// Whether its predicates are mutually exclusive.
        "exclusive" => exclusive: Option<bool>,
        /// Whether a tag from it is required to publish.
        "required" => required: Option<bool>,
        /// Whether it is highlighted.
        "highlighted" => highlighted: Option<bool>,
        /// How many tags it defines (index only).
        "total_count" => total_count: Option<u64>,
        /// How many of them exist as tags (index only).
        "current_count" => current_count: Option<u64>,
    }
}

record! {
    /// A warninglist.
    pub struct Warninglist {
        /// The local id.
        "id" => id: Option<u64>,
        /// The name.
        "name" => name: Option<String>,
        /// The matching type (`cidr`, `string`, `hostname`, `substring`, `regex`).
        "type" => kind: Option<String>,
        /// The description.
        "description" => description: Option<String>,
        /// The version.
        "version" => version: Option<u64>,
        /// Whether it is enabled.
        "enabled" => enabled: Option<bool>,
        /// Whether it ships with MISP.
        "default" => default: Option<bool>,
        /// `false_positive` or `known`.
        "category" => category: Option<String>,
        /// The number of entries.
        "warninglist_entry_count" => warninglist_entry_count: Option<u64>,
        /// The attribute types it applies to, as the server writes them (`"ip-src, ip-dst"`);
        /// see [`Warninglist::valid_attribute_types`].
        "valid_attributes" => valid_attributes: Option<String>,
    }
}

impl Warninglist {
    /// The attribute types the list applies to, split out of `valid_attributes`.
    ///
    /// ```
    /// let list = misp_types::records::Warninglist {
    ///     valid_attributes: Some("ip-src, ip-dst".into()),
    ///     ..Default::default()
    /// };
    /// assert_eq!(list.valid_attribute_types(), ["ip-src", "ip-dst"]);
    /// ```
    pub fn valid_attribute_types(&self) -> Vec<&str> {
        self.valid_attributes
            .as_deref()
            .unwrap_or_default()
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect()
    }
}

record! {
    /// A warninglist a checked value matched (`POST /warninglists/checkValue`).
    pub struct WarninglistHit {
        /// The warninglist id.
        "id" => id: Option<u64>,
        /// The warninglist name.
        "name" => name: Option<String>,
        /// The entry that matched.
        "matched" => matched: Option<String>,
    }
}

record! {
    /// A noticelist.
    pub struct Noticelist {
        /// The local id.
        "id" => id: Option<u64>,
        /// The short name.
        "name" => name: Option<String>,
        /// The full name.
        "expanded_name" => expanded_name: Option<String>,
        /// References.
        "ref" => references: Vec<String>,
        /// Where it applies.
        "geographical_area" => geographical_area: Vec<String>,
        /// The version.
        "version" => version: Option<u64>,
        /// Whether it is enabled.
        "enabled" => enabled: Option<bool>,
    }
}

record! {
    /// An object template as the server lists it.
    pub struct ObjectTemplate {
        /// The local id.
        "id" => id: Option<u64>,
        /// The template UUID.
        "uuid" => uuid: Option<uuid::Uuid>,
        /// The name (`file`, `domain-ip` ...).
        "name" => name: Option<String>,
        /// The meta-category.
        "meta-category" => meta_category: Option<String>,
        /// The description.
        "description" => description: Option<String>,
        /// The version.
        "version" => version: Option<u64>,
        /// Whether it is active.
        "active" => active: Option<bool>,
        /// Whether it is fixed.
        "fixed" => fixed: Option<bool>,
    }
}

record! {
    /// A user setting.
    pub struct UserSetting {
        /// The id.
        "id" => id: Option<u64>,
        /// The setting's name.
        "setting" => setting: Option<String>,
        /// The value (any JSON).
        "value" => value: Option<Value>,
        /// The user it belongs to.
        "user_id" => user_id: Option<u64>,
        /// When it was last set.
        "timestamp" => timestamp: Option<u64>,
    }
}

record! {
    /// A decaying model.
    pub struct DecayingModel {
        /// The id.
        "id" => id: Option<u64>,
        /// The UUID.
        "uuid" => uuid: Option<uuid::Uuid>,
        /// The name.
        "name" => name: Option<String>,
        /// The description.
        "description" => description: Option<String>,
        /// Whether it is enabled.
        "enabled" => enabled: Option<bool>,
    }
}

record! {
    /// A request to hand an event over to another organisation.
    pub struct EventDelegation {
        /// The id.
        "id" => id: Option<u64>,
        /// The organisation asked to take the event.
        "org_id" => org_id: Option<u64>,
        /// The organisation asking.
        "requester_org_id" => requester_org_id: Option<u64>,
        /// The event.
        "event_id" => event_id: Option<u64>,
        /// The message to the recipient.
        "message" => message: Option<String>,
        /// The distribution the event gets (-1: the recipient decides).
        "distribution" => distribution: Option<i64>,
        /// The sharing group, for distribution 4.
        "sharing_group_id" => sharing_group_id: Option<u64>,
    }
}

record! {
    /// A sharing community listed by the server.
    pub struct Community {
        /// The id.
        "id" => id: Option<u64>,
        /// The UUID.
        "uuid" => uuid: Option<String>,
        /// The name.
        "name" => name: Option<String>,
        /// The hosting organisation's name.
        "org_name" => org_name: Option<String>,
        /// The hosting organisation's UUID.
        "org_uuid" => org_uuid: Option<String>,
        /// The description.
        "description" => description: Option<String>,
        /// The web address.
        "url" => url: Option<String>,
        /// The contact address.
        "email" => email: Option<String>,
    }
}

record! {
    /// A value excluded from correlation.
    pub struct CorrelationExclusion {
        /// The id.
        "id" => id: Option<u64>,
        /// The excluded value (`%` and `*` wildcards allowed).
        "value" => value: Option<String>,
        /// Whether it came from the JSON file shipped with MISP.
        "from_json" => from_json: Option<bool>,
        /// The comment.
        "comment" => comment: Option<String>,
    }
}

record! {
    /// One attribute the free-text parser suggests (`returnMetaAttributes`).
    pub struct FreetextCandidate {
        /// The value as it will be stored.
        "value" => value: Option<String>,
        /// The value as found in the text.
        "original_value" => original_value: Option<String>,
        /// The type the parser chose.
        "default_type" => default_type: Option<String>,
        /// The types that would fit.
        "types" => types: Option<Table<String>>,
        /// Whether it would be IDS.
        "to_ids" => to_ids: Option<bool>,
    }
}

record! {
    /// Tag usage counts (`GET /tags/tagStatistics`).
    pub struct TagStatistics {
        /// Per tag name, its count (or percentage).
        "tags" => tags: Option<Table<Number>>,
        /// Per taxonomy, its statistics.
        "taxonomies" => taxonomies: Option<Value>,
    }
}

/// A JSON object read into a map by key (MISP, in PHP, writes an empty one as `[]`).
///
/// Values are read with their own serde implementations, so records keep their tolerance. A key
/// given twice is refused, as in every record.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Table<T>(pub BTreeMap<String, T>);

impl<T> std::ops::Deref for Table<T> {
    type Target = BTreeMap<String, T>;
    fn deref(&self) -> &Self::Target {
        &self.0
    }
}

impl<T> std::ops::DerefMut for Table<T> {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.0
    }
}

impl<'de, T: DeserializeOwned> Deserialize<'de> for Table<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(std::marker::PhantomData<T>);
        impl<'de, T: DeserializeOwned> Visitor<'de> for V<T> {
            type Value = Table<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Table<T>, A::Error> {
                let mut out = BTreeMap::new();
                while let Some((key, value)) = map.next_entry::<String, T>()? {
                    if out.contains_key(&key) {
                        return Err(crate::wire::duplicate(&key));
                    }
                    out.insert(key, value);
                }
                Ok(Table(out))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Table<T>, A::Error> {
                match seq.next_element::<de::IgnoredAny>()? {
                    None => Ok(Table(BTreeMap::new())),
                    Some(_) => Err(de::Error::invalid_type(de::Unexpected::Seq, &self)),
                }
            }
        }
        d.deserialize_any(V(std::marker::PhantomData))
    }
}

impl<T: Serialize> Serialize for Table<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(s)
    }
}

impl<T: DeserializeOwned + Serialize> FieldValue for Table<T> {
    fn read<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Self::deserialize(d)
    }
    fn write<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.serialize(s)
    }
}

#[cfg(feature = "schema")]
impl<T: JsonSchema> FieldSchema for Table<T> {
    fn field_schema(generator: &mut SchemaGenerator) -> Schema {
        let values = generator.subschema_for::<T>();
        json_schema!({
            "anyOf": [
                { "type": "object", "additionalProperties": values },
                { "type": "array", "maxItems": 0 }
            ]
        })
    }
}

/// A number MISP sends as a number, a numeric string or a percentage (`"12.5%"`); written as a
/// JSON number.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
#[serde(transparent)]
pub struct Number(pub f64);

impl<'de> Deserialize<'de> for Number {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Number;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a number, a numeric string or a percentage")
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Number, E> {
                Ok(Number(v as f64))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Number, E> {
                Ok(Number(v as f64))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Number, E> {
                Ok(Number(v))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Number, E> {
                v.trim()
                    .trim_end_matches('%')
                    .trim()
                    .parse()
                    .map(Number)
                    .map_err(|_| E::invalid_value(de::Unexpected::Str(v), &self))
            }
        }
        d.deserialize_any(V)
    }
}

#[cfg(feature = "schema")]
impl JsonSchema for Number {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Number".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "anyOf": [{ "type": "number" }, { "type": "string", "pattern": "^\\s*-?[0-9.]+\\s*%?\\s*$" }] })
    }
}

impl FieldValue for Number {
    fn read<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Self::deserialize(d)
    }
    fn write<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.serialize(s)
    }
}

#[cfg(feature = "schema")]
impl FieldSchema for Number {
    fn field_schema(generator: &mut SchemaGenerator) -> Schema {
        generator.subschema_for::<Number>()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_both_number_encodings_and_keeps_unknown_keys() {
        for text in [
            r#"{"id":7,"org_id":2,"requester_org_id":1,"event_id":12,"distribution":-1,"x":[1]}"#,
            r#"{"id":"7","org_id":"2","requester_org_id":"1","event_id":"12","distribution":"-1","x":[1]}"#,
        ] {
            let d: EventDelegation = serde_json::from_str(text).unwrap();
            assert_eq!(
                (d.id, d.event_id, d.distribution),
                (Some(7), Some(12), Some(-1))
            );
            assert_eq!(
                serde_json::to_string(&d).unwrap(),
                r#"{"id":7,"org_id":2,"requester_org_id":1,"event_id":12,"distribution":-1,"x":[1]}"#
            );
        }
        assert!(serde_json::from_str::<EventDelegation>(r#"{"id":"x"}"#).is_err());
    }

    #[test]
    fn tables_and_percentages() {
        let s: TagStatistics =
            serde_json::from_str(r#"{"tags":{"tlp:green":"12.5%","tlp:red":3},"taxonomies":[]}"#)
                .unwrap();
        let tags = s.tags.as_ref().unwrap();
        assert_eq!(tags["tlp:green"], Number(12.5));
        assert_eq!(tags["tlp:red"], Number(3.0));
        let empty: TagStatistics = serde_json::from_str(r#"{"tags":[]}"#).unwrap();
        assert!(empty.tags.unwrap().is_empty());
        let d: DescribeTypes = serde_json::from_str(
            r#"{"sane_defaults":{"md5":{"default_category":"Payload delivery","to_ids":"1"}},"category_type_mappings":{"Network activity":["ip-src"]}}"#,
        )
        .unwrap();
        assert_eq!(d.sane_defaults.unwrap()["md5"].to_ids, Some(true));
        assert_eq!(
            d.category_type_mappings.unwrap()["Network activity"],
            ["ip-src"]
        );
    }
}
