//! What every record refuses on reading: a duplicate key, an unknown key's value that is not
//! valid JSON (a lone surrogate, a number beyond `f64`, nesting past 128), and records nested
//! deeper than [`MAX_RECORD_DEPTH`].
//!
//! Duplicate keys are refused everywhere, rather than letting the first or the last win:
//! MISP never writes them, and a document that has them means two different things to two
//! different readers.

use std::cell::Cell;
use std::collections::HashSet;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;

use super::Extra;

/// How deep records may nest (an event in an envelope, an attribute in an object in an event,
/// a tag on it, ...). Real MISP documents stay below 10; the limit keeps a hostile document from
/// exhausting the stack (a tokio worker has 2 MiB).
pub const MAX_RECORD_DEPTH: u32 = 24;

thread_local! {
    static DEPTH: Cell<u32> = const { Cell::new(0) };
}

/// Counts one level of record nesting for as long as it lives. (Used by [`record!`](crate::record).)
#[doc(hidden)]
pub struct DepthGuard(());

impl DepthGuard {
    /// Enters one more level, or fails past [`MAX_RECORD_DEPTH`].
    pub fn enter<E: de::Error>() -> Result<DepthGuard, E> {
        let depth = DEPTH.with(|d| {
            let depth = d.get().saturating_add(1);
            d.set(depth);
            depth
        });
        let guard = DepthGuard(());
        if depth > MAX_RECORD_DEPTH {
            return Err(E::custom(format_args!(
                "records nested more than {MAX_RECORD_DEPTH} deep (no MISP document nests so deep)"
            )));
        }
        Ok(guard)
    }
}

impl Drop for DepthGuard {
    fn drop(&mut self) {
        DEPTH.with(|d| d.set(d.get().saturating_sub(1)));
    }
}

/// The keys a record has read so far, to refuse a duplicate. (Used by [`record!`](crate::record).)
#[doc(hidden)]
#[derive(Default)]
pub struct SeenKeys {
    known: u128,
    unknown: HashSet<Box<str>>,
}

impl SeenKeys {
    /// Notes the typed field `index`; fails if it came before.
    pub fn known<E: de::Error>(&mut self, index: u16, name: &str) -> Result<(), E> {
        let bit = 1u128.checked_shl(u32::from(index)).unwrap_or(0);
        if self.known & bit != 0 {
            return Err(duplicate(name));
        }
        self.known |= bit;
        Ok(())
    }

    /// Notes an unknown key; fails if it came before. `kept` holds the unknown keys read so far:
    /// while they are few they are searched directly, with no copy of the name.
    pub fn unknown<E: de::Error>(&mut self, name: &str, kept: &Extra) -> Result<(), E> {
        const DIRECT: usize = 16;
        let repeated = if kept.len() < DIRECT {
            kept.iter().any(|(k, _)| k == name)
        } else {
            if self.unknown.is_empty() {
                self.unknown
                    .extend(kept.iter().map(|(k, _)| Box::<str>::from(k)));
            }
            !self.unknown.insert(name.into())
        };
        if repeated {
            return Err(duplicate(name));
        }
        Ok(())
    }

    /// Notes a key of a map that is not a record; fails if it came before.
    fn key<E: de::Error>(&mut self, name: &str) -> Result<(), E> {
        if !self.unknown.insert(name.into()) {
            return Err(duplicate(name));
        }
        Ok(())
    }
}

/// The error for a key that appears twice in one object.
pub(crate) fn duplicate<E: de::Error>(name: &str) -> E {
    E::custom(format_args!(
        "the key `{name}` appears twice in the same object (keep one)"
    ))
}

/// Reads an unknown key's value as raw JSON, refusing what is not valid JSON.
/// (Used by [`record!`](crate::record).)
#[doc(hidden)]
pub struct CheckedRaw;

impl<'de> DeserializeSeed<'de> for CheckedRaw {
    type Value = Box<RawValue>;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Box<RawValue>, D::Error> {
        let raw: Box<RawValue> = serde::Deserialize::deserialize(deserializer)?;
        check_raw(&raw).map_err(de::Error::custom)?;
        Ok(raw)
    }
}

/// Checks that raw JSON is valid and unambiguous: no lone surrogate, no number out of `f64`'s
/// range, nesting within serde_json's 128 levels, no duplicate key.
pub(crate) fn check_raw(raw: &RawValue) -> Result<(), String> {
    let text = raw.get();
    if is_plainly_valid(text) {
        return Ok(());
    }
    let mut de = serde_json::Deserializer::from_str(text);
    Check
        .deserialize(&mut de)
        .and_then(|()| de.end())
        .map_err(|e| format!("the value is not valid JSON: {e}"))
}

/// A scalar that cannot hide a problem: a string without escapes, a short plain integer,
/// `true`, `false`, `null`.
fn is_plainly_valid(text: &str) -> bool {
    match text.as_bytes().first() {
        Some(b'"') => !text.contains('\\'),
        Some(b't' | b'f' | b'n') => true,
        Some(b'-' | b'0'..=b'9') => {
            text.len() < 16 && text.bytes().all(|b| b.is_ascii_digit() || b == b'-')
        }
        _ => false,
    }
}

/// Visits any JSON value, decoding every string and number, refusing duplicate keys.
struct Check;

impl<'de> DeserializeSeed<'de> for Check {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Check {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<(), E> {
        if v.is_finite() {
            Ok(())
        } else {
            Err(E::custom("number out of range"))
        }
    }
    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element_seed(Check)?.is_some() {}
        Ok(())
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut seen = SeenKeys::default();
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            seen.key(&key)?;
            map.next_value_seed(Check)?;
        }
        Ok(())
    }
}

/// Reads a [`serde_json::Value`] refusing duplicate keys (serde_json's own keeps the last).
pub(crate) struct CheckedValue;

impl<'de> DeserializeSeed<'de> for CheckedValue {
    type Value = serde_json::Value;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<serde_json::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for CheckedValue {
    type Value = serde_json::Value;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<serde_json::Value, E> {
        Ok(v.into())
    }
    fn visit_i64<E>(self, v: i64) -> Result<serde_json::Value, E> {
        Ok(v.into())
    }
    fn visit_u64<E>(self, v: u64) -> Result<serde_json::Value, E> {
        Ok(v.into())
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<serde_json::Value, E> {
        serde_json::Number::from_f64(v)
            .map(serde_json::Value::Number)
            .ok_or_else(|| E::custom("number out of range"))
    }
    fn visit_str<E>(self, v: &str) -> Result<serde_json::Value, E> {
        Ok(v.into())
    }
    fn visit_string<E>(self, v: String) -> Result<serde_json::Value, E> {
        Ok(v.into())
    }
    fn visit_unit<E>(self) -> Result<serde_json::Value, E> {
        Ok(serde_json::Value::Null)
    }
    fn visit_none<E>(self) -> Result<serde_json::Value, E> {
        Ok(serde_json::Value::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<serde_json::Value, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<serde_json::Value, A::Error> {
        let mut out = Vec::new();
        while let Some(v) = seq.next_element_seed(CheckedValue)? {
            out.push(v);
        }
        Ok(out.into())
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<serde_json::Value, A::Error> {
        let mut out = serde_json::Map::new();
        while let Some(key) = map.next_key::<String>()? {
            let value = map.next_value_seed(CheckedValue)?;
            if out.contains_key(&key) {
                return Err(duplicate(&key));
            }
            out.insert(key, value);
        }
        Ok(out.into())
    }
}
