//! What a record keeps beyond its typed fields: unknown keys and the order keys came in.

use std::sync::Arc;

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
///
/// Kept small, as every record holds one: records read with the same key order (every attribute
/// of a server's answer, say) share one copy of it, and the unknown keys, usually none, take no
/// room until there are some.
#[derive(Clone, Default)]
pub struct Extra {
    unknown: Option<Box<Unknown>>,
    /// Input order: a known field's index (with [`NULL_FLAG`] when it was `null`), or
    /// [`UNKNOWN_FLAG`] with an index into `unknown`.
    order: Option<Arc<[u16]>>,
}

/// Unknown keys and their raw values, in input order.
type Unknown = Vec<(Box<str>, Box<RawValue>)>;

/// The key order of a record being read, before it is shared. (Used by [`record!`](crate::record).)
#[doc(hidden)]
pub struct OrderBuf {
    inline: [u16; ORDER_INLINE],
    len: usize,
    spilled: Vec<u16>,
}

const ORDER_INLINE: usize = 48;

impl Default for OrderBuf {
    fn default() -> Self {
        OrderBuf {
            inline: [0; ORDER_INLINE],
            len: 0,
            spilled: Vec::new(),
        }
    }
}

impl OrderBuf {
    /// Records that a known field (or [`EMPTY_LIST`]) came next in the input.
    #[inline]
    pub fn push(&mut self, entry: u16) {
        if let Some(slot) = self.inline.get_mut(self.len) {
            *slot = entry;
        } else {
            if self.spilled.is_empty() {
                self.spilled.extend_from_slice(&self.inline);
            }
            self.spilled.push(entry);
        }
        self.len += 1;
    }

    fn as_slice(&self) -> &[u16] {
        if self.len <= ORDER_INLINE {
            self.inline.get(..self.len).unwrap_or_default()
        } else {
            &self.spilled
        }
    }
}

/// The last key order each kind of record was read with, per thread, so that records read in the
/// same order share it. (Used by [`record!`](crate::record).)
#[doc(hidden)]
pub type OrderCache = std::cell::RefCell<Option<Arc<[u16]>>>;

impl Extra {
    fn unknown(&self) -> &[(Box<str>, Box<RawValue>)] {
        self.unknown.as_deref().map_or(&[], Vec::as_slice)
    }

    fn unknown_mut(&mut self) -> &mut Unknown {
        self.unknown.get_or_insert_with(Default::default)
    }

    /// Changes the recorded order (a copy of it, when other records share it).
    fn edit_order(&mut self, edit: impl FnOnce(&mut Vec<u16>)) {
        let mut order = self.order.as_deref().unwrap_or_default().to_vec();
        edit(&mut order);
        self.order = (!order.is_empty()).then(|| order.into());
    }

    /// The unknown keys and their raw JSON values, in input order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &RawValue)> {
        self.unknown().iter().map(|(k, v)| (&**k, &**v))
    }

    /// The raw JSON value of an unknown key.
    pub fn get(&self, key: &str) -> Option<&RawValue> {
        self.unknown()
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
        match self.unknown_mut().iter_mut().find(|(k, _)| **k == *key) {
            Some(slot) => slot.1 = raw,
            None => {
                let entry = self.next_unknown_entry();
                self.unknown_mut()
                    .push((key.into_boxed_str(), minified(raw)));
                if let Some(entry) = entry {
                    self.edit_order(|order| order.push(entry));
                }
            }
        }
        Ok(())
    }

    /// Removes an unknown key, returning its raw value.
    pub fn remove(&mut self, key: &str) -> Option<Box<RawValue>> {
        let index = self.unknown().iter().position(|(k, _)| &**k == key)?;
        let (_, value) = self.unknown_mut().remove(index);
        if self.unknown().is_empty() {
            self.unknown = None;
        }
        let at = UNKNOWN_FLAG | index as u16;
        self.edit_order(|order| {
            order.retain(|&o| o != at);
            for o in order.iter_mut() {
                if *o & UNKNOWN_FLAG != 0 && *o != EMPTY_LIST && *o > at {
                    *o -= 1;
                }
            }
        });
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
        self.unknown().len()
    }

    /// True when there are no unknown keys.
    pub fn is_empty(&self) -> bool {
        self.unknown().is_empty()
    }

    /// Forgets the recorded key order: the record is then written in the model's field order.
    pub fn clear_order(&mut self) {
        self.order = None;
    }

    /// The order entry for the next unknown key, `None` past what the order can index (such
    /// keys are written after the ordered ones).
    fn next_unknown_entry(&self) -> Option<u16> {
        let n = self.unknown().len();
        (n < (UNKNOWN_FLAG as usize) - 1).then_some(UNKNOWN_FLAG | n as u16)
    }

    /// Adds an unknown key read from the input, recording its place in `order`.
    /// (Used by [`record!`](crate::record).)
    #[doc(hidden)]
    pub fn push_unknown(&mut self, order: &mut OrderBuf, key: Box<str>, value: Box<RawValue>) {
        if let Some(entry) = self.next_unknown_entry() {
            order.push(entry);
        }
        self.unknown_mut().push((key, minified(value)));
    }

    /// Keeps the order a record was read in, sharing the copy `cache` holds when it is the same.
    /// (Used by [`record!`](crate::record).)
    #[doc(hidden)]
    pub fn set_order(
        &mut self,
        order: &OrderBuf,
        cache: &'static std::thread::LocalKey<OrderCache>,
    ) {
        let order = order.as_slice();
        if order.is_empty() {
            self.order = None;
            return;
        }
        self.order = Some(cache.with(|cache| {
            let mut cache = cache.borrow_mut();
            match cache.as_ref() {
                Some(shared) if **shared == *order => Arc::clone(shared),
                _ => {
                    let shared: Arc<[u16]> = order.into();
                    *cache = Some(Arc::clone(&shared));
                    shared
                }
            }
        }));
    }

    /// The recorded order. (Used by [`record!`](crate::record).)
    #[doc(hidden)]
    pub fn order(&self) -> &[u16] {
        self.order.as_deref().unwrap_or_default()
    }

    /// True when the record was read from `[]` and nothing has been added since.
    /// (Used by [`record!`](crate::record).)
    #[doc(hidden)]
    pub fn is_empty_list(&self) -> bool {
        self.order() == [EMPTY_LIST] && self.unknown().is_empty()
    }

    /// An unknown key and value by index. (Used by [`record!`](crate::record).)
    #[doc(hidden)]
    pub fn unknown_at(&self, index: usize) -> Option<(&str, &RawValue)> {
        self.unknown().get(index).map(|(k, v)| (&**k, &**v))
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
        self.unknown().len() == other.unknown().len()
            && self
                .unknown()
                .iter()
                .zip(other.unknown())
                .all(|(a, b)| a.0 == b.0 && a.1.get() == b.1.get())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Attribute, Tag};

    #[test]
    fn records_read_in_one_order_share_it_and_change_apart() {
        let text = r#"[{"value":"a","x":1,"id":"1"},{"value":"b","x":2,"id":"2"}]"#;
        let mut read: Vec<Attribute> = serde_json::from_str(text).unwrap();
        let (a, b) = (&read[0].extra, &read[1].extra);
        assert!(matches!((&a.order, &b.order), (Some(x), Some(y)) if Arc::ptr_eq(x, y)));
        read[0].extra.insert("y", &true).unwrap();
        read[1].extra.remove("x");
        assert_eq!(
            serde_json::to_string(&read).unwrap(),
            r#"[{"value":"a","x":1,"id":1,"y":true},{"value":"b","id":2}]"#
        );
        read[1].extra.clear_order();
        read[1].kind = None;
        assert_eq!(
            serde_json::to_string(&read[1]).unwrap(),
            r#"{"id":2,"value":"b"}"#
        );
    }

    #[test]
    fn a_record_read_from_an_empty_list_takes_keys_and_gives_them_back() {
        let mut tag: Tag = serde_json::from_str("[]").unwrap();
        assert_eq!(serde_json::to_string(&tag).unwrap(), "[]");
        tag.extra.insert("k", &1).unwrap();
        assert_eq!(serde_json::to_string(&tag).unwrap(), r#"{"k":1}"#);
        assert!(tag.extra.remove("k").is_some());
        assert_eq!(serde_json::to_string(&tag).unwrap(), "[]");
        assert!(tag.extra.unknown.is_none());
    }

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
