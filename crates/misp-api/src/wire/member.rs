//! Reading the entity out of its envelope (`{"Event": {...}}`) in one pass over the bytes.

use std::marker::PhantomData;

use serde::de::{DeserializeOwned, DeserializeSeed, IgnoredAny, MapAccess, Visitor};

/// A serde seed that reads the member `key` of a JSON object as `T` without building the rest:
/// the way MISP wraps each entity (`{"Event": {...}}`, `{"Attribute": {...}}`). It gives
/// `None` when the member is missing, and, made with [`Member::alone`], also when the object
/// has other members (which a caller may want to keep).
///
/// ```
/// use serde::de::DeserializeSeed;
/// use misp_api::wire::Member;
///
/// let mut de = serde_json::Deserializer::from_str(r#"{"x": [1, 2], "Event": {"id": 4}}"#);
/// let event: Option<serde_json::Value> = Member::new("Event").deserialize(&mut de).unwrap();
/// assert_eq!(event, Some(serde_json::json!({"id": 4})));
///
/// let mut de = serde_json::Deserializer::from_str(r#"{"Event": {"id": 4}, "x": 1}"#);
/// let alone: Option<serde_json::Value> = Member::alone("Event").deserialize(&mut de).unwrap_or(None);
/// assert_eq!(alone, None);
/// ```
pub struct Member<'k, T> {
    key: &'k str,
    alone: bool,
    _t: PhantomData<fn() -> T>,
}

impl<'k, T> Member<'k, T> {
    /// Reads the member `key`, skipping any others.
    pub fn new(key: &'k str) -> Self {
        Member {
            key,
            alone: false,
            _t: PhantomData,
        }
    }

    /// Reads the member `key` when it is the object's only member.
    pub fn alone(key: &'k str) -> Self {
        Member {
            key,
            alone: true,
            _t: PhantomData,
        }
    }
}

impl<'de, T: DeserializeOwned> DeserializeSeed<'de> for Member<'_, T> {
    type Value = Option<T>;
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Option<T>, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de, T: DeserializeOwned> Visitor<'de> for Member<'_, T> {
    type Value = Option<T>;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        write!(f, "an object with a `{}` member", self.key)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Option<T>, A::Error> {
        let mut found = None;
        while let Some(k) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            if k == self.key && found.is_none() {
                found = Some(map.next_value::<T>()?);
            } else if self.alone {
                return Ok(None);
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(found)
    }
}
