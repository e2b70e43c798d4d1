//! The machinery behind every record: tolerant reading, canonical writing, unknown keys kept.
//!
//! Most users never touch this module; it is public so that other crates can declare MISP
//! records of their own with [`record!`](crate::record).

mod extra;
mod field;
mod record;
#[cfg(feature = "schema")]
mod schema;
mod strict;
mod write;

pub use extra::{EMPTY_LIST, Extra, NULL_FLAG, UNKNOWN_FLAG};
#[doc(hidden)]
pub use extra::{OrderBuf, OrderCache};
pub use field::{FieldValue, Slot};
#[doc(hidden)]
pub use field::{Kept, NullOr, WrittenSlot};
#[doc(hidden)]
pub use record::{Key, KeySeed, read_field, read_unknown, write_record};
#[cfg(feature = "schema")]
pub use schema::FieldSchema;
#[cfg(feature = "schema")]
#[doc(hidden)]
pub use schema::record_schema;
pub use strict::MAX_RECORD_DEPTH;
pub(crate) use strict::duplicate;
#[doc(hidden)]
pub use strict::{CheckedRaw, DepthGuard, SeenKeys};
pub(crate) use write::{to_vec, to_writer};

/// `deserialize_with` helpers for serde structs that meet MISP's number and boolean encodings.
///
/// ```
/// #[derive(serde::Deserialize)]
/// struct Row {
///     #[serde(deserialize_with = "misp_types::wire::lenient::u64")]
///     id: u64,
///     #[serde(deserialize_with = "misp_types::wire::lenient::bool")]
///     enabled: bool,
/// }
/// let row: Row = serde_json::from_str(r#"{"id":"12","enabled":"1"}"#).unwrap();
/// assert_eq!((row.id, row.enabled), (12, true));
/// ```
pub mod lenient {
    use super::FieldValue;
    use serde::Deserializer;

    /// An id or count, as a number or a string of digits.
    pub fn u64<'de, D: Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
        <u64 as FieldValue>::read(d)
    }
    /// An integer, as a number or a string of digits.
    pub fn i64<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
        <i64 as FieldValue>::read(d)
    }
    /// A boolean, as `true`/`false`, `1`/`0` or `"1"`/`"0"`.
    pub fn bool<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
        <bool as FieldValue>::read(d)
    }
    /// Text, also accepting a number.
    pub fn string<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
        <String as FieldValue>::read(d)
    }
    /// An optional id or count (`null` or absent is `None`).
    pub fn opt_u64<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
        serde::Deserialize::deserialize(d).and_then(|v: Option<serde_json::Value>| match v {
            None => Ok(None),
            Some(v) => <u64 as FieldValue>::read(v)
                .map(Some)
                .map_err(serde::de::Error::custom),
        })
    }
}
