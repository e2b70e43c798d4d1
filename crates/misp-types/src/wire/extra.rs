//! What a record keeps beyond its typed fields: unknown keys and the order keys came in.

use serde_json::value::RawValue;

/// Marks an order entry for a known field whose value was `null` in the input.
pub const NULL_FLAG: u16 = 0x8000;
/// The only order entry of a record read from an empty JSON list (`[]`, PHP's empty object).
pub const EMPTY_LIST: u16 = 0xFFFF;
/// Marks an order entry for an unknown key (its index in the unknown list is in the low bits).
pub const UNKNOWN_FLAG: u16 = 0x4000;

/// The keys of a record that the model does not know, kept verbatim as raw JSON, and the order in
/// which all keys were read, so that writing a record back gives the keys in their input order.
///
/// A new MISP version adds fields all the time; they survive a read-then-write untouched.
#[derive(Clone, Default)]
pub struct Extra {
    unknown: Vec<(Box<str>, Box<RawValue>)>,
    /// Input order: a known field's index (with [`NULL_FLAG`] when it was `null`), or
    /// [`UNKNOWN_FLAG`] with an index into `unknown`.
    order: Vec<u16>,
}

impl Extra {
    /// The unknown keys and their raw JSON values, in input order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &RawValue)> {
        self.unknown.iter().map(|(k, v)| (&**k, &**v))
    }

    /// The raw JSON value of an unknown key.
    pub fn get(&self, key: &str) -> Option<&RawValue> {
        self.unknown
            .iter()
            .find(|(k, _)| &**k == key)
            .map(|(_, v)| &**v)
    }

    /// Decodes an unknown key's value into `T`.
    pub fn get_as<T: serde::de::DeserializeOwned>(
        &self,
        key: &str,
    ) -> Option<serde_json::Result<T>> {
        self.get(key).map(|raw| serde_json::from_str(raw.get()))
    }

    /// Sets an unknown key (replacing its value if present, else adding it at the end).
    /// Setting a key the record's model knows has no effect on that typed field: use the field.
    pub fn insert(
        &mut self,
        key: impl Into<String>,
        value: &impl serde::Serialize,
    ) -> serde_json::Result<()> {
        let key = key.into();
        let raw = serde_json::value::to_raw_value(value)?;
        match self.unknown.iter_mut().find(|(k, _)| **k == *key) {
            Some(slot) => slot.1 = raw,
            None => self.push_unknown(key.into_boxed_str(), raw),
        }
        Ok(())
    }

    /// Removes an unknown key, returning its raw value.
    pub fn remove(&mut self, key: &str) -> Option<Box<RawValue>> {
        let index = self.unknown.iter().position(|(k, _)| &**k == key)?;
        let (_, value) = self.unknown.remove(index);
        let at = UNKNOWN_FLAG | index as u16;
        self.order.retain(|&o| o != at);
        for o in &mut self.order {
            if *o & UNKNOWN_FLAG != 0 && *o > at {
                *o -= 1;
            }
        }
        Some(value)
    }

    /// The values of typed fields that did not fit their type and were kept verbatim (a uuid
    /// field holding text that is not a UUID), given the record's wire keys
    /// (`Record::WIRE_KEYS`).
    ///
    /// ```
    /// use misp_types::Attribute;
    /// let a: Attribute = serde_json::from_str(r#"{"uuid":"","value":"x"}"#).unwrap();
    /// assert_eq!(a.uuid, None);
    /// let kept: Vec<_> = a.extra.verbatim(Attribute::WIRE_KEYS).map(|(k, v)| (k, v.get())).collect();
    /// assert_eq!(kept, [("uuid", r#""""#)]);
    /// assert_eq!(serde_json::to_string(&a).unwrap(), r#"{"uuid":"","value":"x"}"#);
    /// ```
    pub fn verbatim<'a>(
        &'a self,
        wire_keys: &'a [&'a str],
    ) -> impl Iterator<Item = (&'a str, &'a RawValue)> + 'a {
        self.iter().filter(move |(k, _)| wire_keys.contains(k))
    }

    /// Number of unknown keys.
    pub fn len(&self) -> usize {
        self.unknown.len()
    }

    /// True when there are no unknown keys.
    pub fn is_empty(&self) -> bool {
        self.unknown.is_empty()
    }

    /// Forgets the recorded key order: the record is then written in the model's field order.
    pub fn clear_order(&mut self) {
        self.order = Vec::new();
    }

    /// Adds an unknown key read from the input, recording its place. (Used by [`record!`](crate::record).)
    #[doc(hidden)]
    pub fn push_unknown(&mut self, key: Box<str>, value: Box<RawValue>) {
        let value = minified(value);
        if self.unknown.len() >= (UNKNOWN_FLAG as usize) - 1 {
            // Beyond what the order can index: keep the value, written after the ordered keys.
            self.unknown.push((key, value));
            return;
        }
        self.order.push(UNKNOWN_FLAG | self.unknown.len() as u16);
        self.unknown.push((key, value));
    }

    /// Records that a known field came next in the input. (Used by [`record!`](crate::record).)
    #[doc(hidden)]
    pub fn push_known(&mut self, entry: u16) {
        self.order.push(entry);
    }

    /// The recorded order. (Used by [`record!`](crate::record).)
    #[doc(hidden)]
    pub fn order(&self) -> &[u16] {
        &self.order
    }

    /// True when the record was read from `[]` and nothing has been added since.
    /// (Used by [`record!`](crate::record).)
    #[doc(hidden)]
    pub fn is_empty_list(&self) -> bool {
        self.order == [EMPTY_LIST] && self.unknown.is_empty()
    }

    /// An unknown key and value by index. (Used by [`record!`](crate::record).)
    #[doc(hidden)]
    pub fn unknown_at(&self, index: usize) -> Option<(&str, &RawValue)> {
        self.unknown.get(index).map(|(k, v)| (&**k, &**v))
    }
}

/// A raw value without the white space between its tokens, so that compact output stays on one
/// line whatever the input's layout. Values that have none (the usual case) are kept as they are.
fn minified(raw: Box<RawValue>) -> Box<RawValue> {
    let text = raw.get();
    if !text.contains(['\n', '\r', '\t', ' ']) {
        return raw;
    }
    let mut out = String::with_capacity(text.len());
    let (mut in_string, mut escaped) = (false, false);
    for c in text.chars() {
        if in_string {
            out.push(c);
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
        } else if c == '"' {
            in_string = true;
            out.push(c);
        } else if !matches!(c, ' ' | '\n' | '\r' | '\t') {
            out.push(c);
        }
    }
    RawValue::from_string(out).unwrap_or(raw)
}

impl std::fmt::Debug for Extra {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_map()
            .entries(self.iter().map(|(k, v)| (k, v.get())))
            .finish()
    }
}

/// Two `Extra`s are equal when they hold the same unknown keys with the same raw JSON;
/// the recorded key order does not count.
impl PartialEq for Extra {
    fn eq(&self, other: &Self) -> bool {
        self.unknown.len() == other.unknown.len()
            && self
                .unknown
                .iter()
                .zip(&other.unknown)
                .all(|(a, b)| a.0 == b.0 && a.1.get() == b.1.get())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_values_lose_white_space_between_tokens_only() {
        let text = "{ \"a b\" : [1,\n 2],\t\"c\": \"x \\\" y\\n\" }";
        let raw = RawValue::from_string(text.to_owned()).unwrap();
        let compact = minified(raw);
        assert_eq!(compact.get(), r#"{"a b":[1,2],"c":"x \" y\n"}"#);
        let a: serde_json::Value = serde_json::from_str(text).unwrap();
        let b: serde_json::Value = serde_json::from_str(compact.get()).unwrap();
        assert_eq!(a, b);
    }
}
