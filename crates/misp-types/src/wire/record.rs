//! The `record!` macro: a MISP record with typed fields that keeps every other key.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, Visitor};
use serde::ser::{SerializeMap, SerializeSeq, Serializer};

use super::{
    CheckedRaw, EMPTY_LIST, Extra, Kept, NULL_FLAG, NullOr, OrderBuf, SeenKeys, Slot, UNKNOWN_FLAG,
};

/// A key of a record, as read: one of the model's fields (by index) or an unknown key.
#[doc(hidden)]
pub enum Key {
    Known(u16),
    Unknown(Box<str>),
}

/// Reads a key and looks it up among a record's fields without allocating for known keys.
#[doc(hidden)]
pub struct KeySeed(pub fn(&str) -> Option<u16>);

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Key;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Key, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl Visitor<'_> for KeySeed {
    type Value = Key;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a key")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Key, E> {
        Ok(match (self.0)(v) {
            Some(index) => Key::Known(index),
            None => Key::Unknown(v.into()),
        })
    }
}

/// Reads the value of a record's typed field `index` (wire key `wire`) into `slot`: a value of
/// the field's type, `null` (the slot emptied, and written back as `null`), or a value kept
/// verbatim among the unknown keys because it does not fit. Fails on a repeated key.
/// One function per map and slot type, shared by every record. (Used by [`record!`](crate::record).)
#[doc(hidden)]
#[allow(clippy::too_many_arguments)]
pub fn read_field<'de, A: MapAccess<'de>, T: Slot>(
    map: &mut A,
    slot: &mut T,
    index: u16,
    wire: &'static str,
    seen: &mut SeenKeys,
    order: &mut OrderBuf,
    extra: &mut Extra,
) -> Result<(), A::Error> {
    seen.known::<A::Error>(index, wire)?;
    match map.next_value_seed(NullOr::<T>(PhantomData))? {
        Some(Kept::Value(value)) => {
            *slot = value;
            order.push(index);
        }
        // Not of the field's type, but kept: written back in place.
        Some(Kept::Verbatim(raw)) => extra.push_unknown(order, wire.into(), raw),
        None => {
            *slot = T::default();
            order.push(index | NULL_FLAG);
        }
    }
    Ok(())
}

/// Reads the value of a key a record does not know, kept verbatim (valid JSON only). Fails on
/// a repeated key. (Used by [`record!`](crate::record).)
#[doc(hidden)]
pub fn read_unknown<'de, A: MapAccess<'de>>(
    map: &mut A,
    name: Box<str>,
    seen: &mut SeenKeys,
    order: &mut OrderBuf,
    extra: &mut Extra,
) -> Result<(), A::Error> {
    seen.unknown::<A::Error>(&name, extra)?;
    let raw = map.next_value_seed(CheckedRaw)?;
    extra.push_unknown(order, name, raw);
    Ok(())
}

/// Writes the typed field of a given index into a map (see [`write_record`]).
#[doc(hidden)]
pub type WriteField<'a, M, E> = dyn Fn(usize, &mut M) -> Result<(), E> + 'a;

/// Writes a record: its typed fields and unknown keys in the order they were read (a typed
/// field set since, or kept verbatim and set since, in its place; one read as `null` and
/// still empty as `null`), then the typed fields set that were not read, then the unknown keys
/// added since; an empty record read as `[]` as `[]`. `set` has one bit per typed field that
/// holds something, `names` the wire keys, `lookup` finds a typed field by wire key,
/// `write_when_recorded` says whether an empty field read from the input is written back, and
/// `write_field` writes one typed field. One function per serializer, shared by every record.
/// (Used by [`record!`](crate::record).)
#[doc(hidden)]
#[allow(clippy::too_many_arguments)]
pub fn write_record<S: Serializer>(
    serializer: S,
    extra: &Extra,
    set: u128,
    names: &'static [&'static str],
    lookup: fn(&str) -> Option<u16>,
    write_when_recorded: fn(usize) -> bool,
    write_field: &WriteField<'_, S::SerializeMap, S::Error>,
) -> Result<S::Ok, S::Error> {
    if extra.is_empty_list() && set == 0 {
        return SerializeSeq::end(serializer.serialize_seq(Some(0))?);
    }
    let fields = names.len();
    let mut map = serializer.serialize_map(None)?;
    let mut done: u128 = 0;
    let mut unknown_written = 0usize;
    for &entry in extra.order() {
        if entry & UNKNOWN_FLAG != 0 {
            let index = (entry & !UNKNOWN_FLAG) as usize;
            if let Some((key, value)) = extra.unknown_at(index) {
                unknown_written = unknown_written.max(index + 1);
                // A typed field's value kept verbatim: a value set since replaces it, in place.
                if let Some(known) = lookup(key).filter(|&k| set & (1u128 << k) != 0) {
                    if done & (1u128 << known) == 0 {
                        done |= 1u128 << known;
                        if usize::from(known) < fields {
                            write_field(usize::from(known), &mut map)?;
                        }
                    }
                    continue;
                }
                map.serialize_entry(key, value)?;
            }
            continue;
        }
        if entry == EMPTY_LIST {
            continue;
        }
        let index = (entry & !NULL_FLAG) as usize;
        if index >= fields || done & (1u128 << index) != 0 {
            continue;
        }
        done |= 1u128 << index;
        let was_null = entry & NULL_FLAG != 0;
        if set & (1u128 << index) != 0 || (!was_null && write_when_recorded(index)) {
            write_field(index, &mut map)?;
        } else if was_null && let Some(name) = names.get(index) {
            map.serialize_entry(name, &())?;
        }
    }
    let mut remaining = set & !done;
    while remaining != 0 {
        let index = remaining.trailing_zeros() as usize;
        remaining &= remaining - 1;
        if index < fields {
            write_field(index, &mut map)?;
        }
    }
    let mut index = unknown_written;
    while let Some((key, value)) = extra.unknown_at(index) {
        map.serialize_entry(key, value)?;
        index += 1;
    }
    map.end()
}

/// Declares a MISP record: a struct whose typed fields map to MISP's wire keys, and which keeps
/// every key it does not know (verbatim, as raw JSON) and the order keys came in.
///
/// Each field is `"wire-key" => name: Type`, where `Type` is `Option<T>` for a scalar or nested
/// record and `Vec<T>` for a list, `T` being any [`FieldValue`](crate::wire::FieldValue).
/// The macro adds a public `extra: Extra` field and implements `Default`, `Clone`, `Debug`,
/// `PartialEq`, serde's `Serialize`/`Deserialize`, `FieldValue`, and (with the `schema` feature)
/// `FieldSchema` and `JsonSchema`.
///
/// ```
/// misp_types::record! {
///     /// A thing a newer MISP returns.
///     pub struct Widget {
///         /// Its id.
///         "id" => id: Option<u64>,
///         /// Its name.
///         "name" => name: Option<String>,
///     }
/// }
/// let w: Widget = serde_json::from_str(r#"{"name":"x","id":"7","new_key":[1]}"#).unwrap();
/// assert_eq!(w.id, Some(7));
/// assert_eq!(serde_json::to_string(&w).unwrap(), r#"{"name":"x","id":7,"new_key":[1]}"#);
/// ```
#[macro_export]
macro_rules! record {
    (
        $(#[$meta:meta])*
        $vis:vis struct $name:ident {
            $(
                $(#[$fmeta:meta])*
                $wire:literal => $field:ident : $ty:ty
            ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, Default, PartialEq)]
        $vis struct $name {
            $( $(#[$fmeta])* pub $field: $ty, )*
            /// The keys this model does not know, kept verbatim, and the order keys were read in.
            pub extra: $crate::wire::Extra,
        }

        const _: () = {
            use $crate::__private::serde as __serde;
            use $crate::wire as __wire;

            #[allow(non_camel_case_types, clippy::upper_case_acronyms)]
            #[derive(Clone, Copy)]
            enum __F { $($field),* }
            const __ALL: &[__F] = &[$(__F::$field),*];
            const __NAMES: &[&str] = &[$($wire),*];
            const _: () = assert!(__ALL.len() <= 128, "a record has at most 128 typed fields");

            ::std::thread_local! {
                // The key order the last record of this kind was read in, shared with the next
                // ones read in the same order.
                static __ORDER: __wire::OrderCache = const { ::std::cell::RefCell::new(None) };
            }

            fn __lookup(key: &str) -> Option<u16> {
                match key {
                    $($wire => Some(__F::$field as u16),)*
                    _ => None,
                }
            }

            impl $name {
                /// The wire keys of this record's typed fields, in declaration order.
                pub const WIRE_KEYS: &'static [&'static str] = __NAMES;

                /// One bit per typed field that holds something (straight-line code, no dispatch).
                fn __set_mask(&self) -> u128 {
                    0u128 $(| ((__wire::Slot::is_set(&self.$field) as u128) << (__F::$field as u32)))*
                }

                fn __write_when_recorded(f: __F) -> bool {
                    match f { $(__F::$field => <$ty as __wire::Slot>::WRITE_WHEN_RECORDED,)* }
                }

                fn __write_field<M: __serde::ser::SerializeMap>(&self, f: __F, map: &mut M) -> Result<(), M::Error> {
                    match f {
                        $(__F::$field => map.serialize_entry($wire, &__wire::WrittenSlot(&self.$field)),)*
                    }
                }
            }

            impl<'de> __serde::Deserialize<'de> for $name {
                fn deserialize<D: __serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    struct V;
                    impl<'de> __serde::de::Visitor<'de> for V {
                        type Value = $name;
                        fn expecting(&self, f: &mut ::std::fmt::Formatter) -> ::std::fmt::Result {
                            f.write_str(concat!("a MISP ", stringify!($name), " object"))
                        }
                        fn visit_map<A: __serde::de::MapAccess<'de>>(self, mut map: A) -> Result<$name, A::Error> {
                            let _depth = __wire::DepthGuard::enter::<A::Error>()?;
                            let mut out = $name::default();
                            let mut seen = __wire::SeenKeys::default();
                            let mut order = __wire::OrderBuf::default();
                            while let Some(key) = map.next_key_seed(__wire::KeySeed(__lookup))? {
                                match key {
                                    __wire::Key::Known(index) => {
                                        let Some(&f) = __ALL.get(index as usize) else {
                                            map.next_value::<__serde::de::IgnoredAny>()?;
                                            continue;
                                        };
                                        match f {
                                            $(__F::$field => __wire::read_field(
                                                &mut map,
                                                &mut out.$field,
                                                index,
                                                $wire,
                                                &mut seen,
                                                &mut order,
                                                &mut out.extra,
                                            )?,)*
                                        }
                                    }
                                    __wire::Key::Unknown(name) => {
                                        __wire::read_unknown(&mut map, name, &mut seen, &mut order, &mut out.extra)?;
                                    }
                                }
                            }
                            out.extra.set_order(&order, &__ORDER);
                            Ok(out)
                        }
                        // MISP (PHP) writes an empty object as `[]`.
                        fn visit_seq<A: __serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<$name, A::Error> {
                            match seq.next_element::<__serde::de::IgnoredAny>()? {
                                None => {
                                    let mut out = $name::default();
                                    let mut order = __wire::OrderBuf::default();
                                    order.push(__wire::EMPTY_LIST);
                                    out.extra.set_order(&order, &__ORDER);
                                    Ok(out)
                                }
                                Some(_) => Err(__serde::de::Error::invalid_type(
                                    __serde::de::Unexpected::Seq,
                                    &self,
                                )),
                            }
                        }
                    }
                    deserializer.deserialize_any(V)
                }
            }

            impl __serde::Serialize for $name {
                fn serialize<S: __serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                    __wire::write_record(
                        serializer,
                        &self.extra,
                        self.__set_mask(),
                        __NAMES,
                        __lookup,
                        |index| __ALL.get(index).is_some_and(|&f| Self::__write_when_recorded(f)),
                        &|index, map| match __ALL.get(index) {
                            Some(&f) => self.__write_field(f, map),
                            None => Ok(()),
                        },
                    )
                }
            }

            impl __wire::FieldValue for $name {
                fn read<'de, D: __serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                    <$name as __serde::Deserialize>::deserialize(d)
                }
                fn write<S: __serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                    <$name as __serde::Serialize>::serialize(self, s)
                }
            }

            $crate::__record_schema!($name { $($wire => $ty),* });
        };
    };
}

/// The JSON Schema half of [`record!`](crate::record), with the `schema` feature.
#[cfg(feature = "schema")]
#[doc(hidden)]
#[macro_export]
macro_rules! __record_schema {
    ($name:ident { $($wire:literal => $ty:ty),* }) => {
        impl $crate::wire::FieldSchema for $name {
            fn field_schema(generator: &mut $crate::__private::schemars::SchemaGenerator) -> $crate::__private::schemars::Schema {
                generator.subschema_for::<$name>()
            }
        }

        impl $crate::__private::schemars::JsonSchema for $name {
            fn schema_name() -> ::std::borrow::Cow<'static, str> {
                ::std::borrow::Cow::Borrowed(stringify!($name))
            }
            fn json_schema(generator: &mut $crate::__private::schemars::SchemaGenerator) -> $crate::__private::schemars::Schema {
                let mut properties = $crate::__private::serde_json::Map::new();
                $(
                    properties.insert(
                        $wire.to_owned(),
                        <$ty as $crate::wire::FieldSchema>::field_schema(generator).to_value(),
                    );
                )*
                $crate::wire::record_schema(stringify!($name), properties)
            }
        }
    };
}

/// The JSON Schema half of [`record!`](crate::record): nothing without the `schema` feature.
#[cfg(not(feature = "schema"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __record_schema {
    ($name:ident { $($wire:literal => $ty:ty),* }) => {};
}
