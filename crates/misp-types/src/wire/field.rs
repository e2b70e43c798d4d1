//! How each kind of field is read from and written to MISP JSON.
//!
//! Reading is tolerant in the ways real servers differ: ids, timestamps and enumerations come as
//! JSON numbers or as strings, booleans as `true`, `1` or `"1"`, lists as a list or a single
//! object. Writing always uses one canonical form (see the crate documentation).

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{SerializeSeq, Serializer};

/// A value that can stand in a field of a MISP record.
///
/// Implemented for the scalars MISP uses (ids, timestamps, booleans, strings, UUIDs, dates) and for
/// every record. Records built with [`record!`](crate::record) use it for their fields.
pub trait FieldValue: Sized {
    /// Reads the value tolerantly (the value is known not to be `null`).
    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error>;
    /// Writes the value in its canonical form.
    fn write<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error>;
    /// Reads the value, or, for a type that keeps what does not fit it (a uuid field holding
    /// text that is not a UUID, as older MISP exports have), that text verbatim.
    fn read_kept<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Kept<Self>, D::Error> {
        Self::read(deserializer).map(Kept::Value)
    }
}

/// A field's value as read: of the field's type, or kept verbatim because it does not fit.
#[doc(hidden)]
pub enum Kept<T> {
    /// A value of the field's type.
    Value(T),
    /// The raw JSON of a value that does not fit the type, to be written back as it was.
    Verbatim(Box<serde_json::value::RawValue>),
}

/// A field slot in a record: `Option<T>` for a scalar or a nested record, `Vec<T>` for a list.
pub trait Slot: Default {
    /// True when the slot holds something worth writing on its own (a value, a non-empty list).
    fn is_set(&self) -> bool;
    /// True when the slot is written even when empty, because its key was present in the input
    /// (an empty list read as `[]` is written back as `[]`).
    const WRITE_WHEN_RECORDED: bool;
    /// Reads a non-null value into the slot.
    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error>;
    /// Writes the slot's value.
    fn write<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error>;
    /// Reads a non-null value into the slot, or keeps it verbatim (see [`FieldValue::read_kept`]).
    fn read_kept<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Kept<Self>, D::Error> {
        Self::read(deserializer).map(Kept::Value)
    }
}

impl<T: FieldValue> Slot for Option<T> {
    fn is_set(&self) -> bool {
        self.is_some()
    }
    const WRITE_WHEN_RECORDED: bool = false;
    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        T::read(deserializer).map(Some)
    }
    fn read_kept<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Kept<Self>, D::Error> {
        Ok(match T::read_kept(deserializer)? {
            Kept::Value(value) => Kept::Value(Some(value)),
            Kept::Verbatim(raw) => Kept::Verbatim(raw),
        })
    }
    fn write<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Some(value) => value.write(serializer),
            None => serializer.serialize_unit(),
        }
    }
}

impl<T: FieldValue> Slot for Vec<T> {
    fn is_set(&self) -> bool {
        !self.is_empty()
    }
    const WRITE_WHEN_RECORDED: bool = true;
    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ListVisitor(std::marker::PhantomData))
    }
    fn write<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(self.len()))?;
        for item in self {
            seq.serialize_element(&Written(item))?;
        }
        seq.end()
    }
}

/// Reads one element of a list through [`FieldValue`].
struct Element<T>(std::marker::PhantomData<T>);

impl<'de, T: FieldValue> DeserializeSeed<'de> for Element<T> {
    type Value = T;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<T, D::Error> {
        T::read(deserializer)
    }
}

struct ListVisitor<T>(std::marker::PhantomData<T>);

impl<'de, T: FieldValue> Visitor<'de> for ListVisitor<T> {
    type Value = Vec<T>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
        let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        while let Some(item) = seq.next_element_seed(Element(std::marker::PhantomData))? {
            out.push(item);
        }
        Ok(out)
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Vec<T>, A::Error> {
        // A single object where a list is expected (as some exports write a one-element list).
        T::read(de::value::MapAccessDeserializer::new(map)).map(|item| vec![item])
    }
}

/// Serialises a [`FieldValue`] through serde.
pub(crate) struct Written<'a, T>(pub &'a T);

impl<T: FieldValue> serde::Serialize for Written<'_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.write(serializer)
    }
}

/// Serialises a [`Slot`] through serde.
#[doc(hidden)]
pub struct WrittenSlot<'a, T>(pub &'a T);

impl<T: Slot> serde::Serialize for WrittenSlot<'_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.write(serializer)
    }
}

/// Reads a slot, telling `null` apart from a value.
#[doc(hidden)]
pub struct NullOr<T>(pub std::marker::PhantomData<T>);

impl<'de, T: Slot> DeserializeSeed<'de> for NullOr<T> {
    type Value = Option<Kept<T>>;
    fn deserialize<D: Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Option<Kept<T>>, D::Error> {
        struct V<T>(std::marker::PhantomData<T>);
        impl<'de, T: Slot> Visitor<'de> for V<T> {
            type Value = Option<Kept<T>>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a value or null")
            }
            fn visit_none<E: de::Error>(self) -> Result<Option<Kept<T>>, E> {
                Ok(None)
            }
            fn visit_unit<E: de::Error>(self) -> Result<Option<Kept<T>>, E> {
                Ok(None)
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Option<Kept<T>>, D::Error> {
                T::read_kept(d).map(Some)
            }
        }
        deserializer.deserialize_option(V(std::marker::PhantomData))
    }
}

// ---- scalars -------------------------------------------------------------------------------

/// Reads an integer given as a JSON number or a string of digits.
struct IntVisitor<T>(&'static str, std::marker::PhantomData<T>);

impl<T: TryFrom<u64> + TryFrom<i64> + std::str::FromStr> Visitor<'_> for IntVisitor<T> {
    type Value = T;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "{} (a number, or a string of digits)", self.0)
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<T, E> {
        T::try_from(v).map_err(|_| E::invalid_value(de::Unexpected::Unsigned(v), &self))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<T, E> {
        T::try_from(v).map_err(|_| E::invalid_value(de::Unexpected::Signed(v), &self))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<T, E> {
        if v.fract() == 0.0 && v.abs() < 9.0e15 {
            self.visit_i64(v as i64)
        } else {
            Err(E::invalid_value(de::Unexpected::Float(v), &self))
        }
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
        v.trim()
            .parse()
            .map_err(|_| E::invalid_value(de::Unexpected::Str(v), &self))
    }
}

macro_rules! int_field {
    ($ty:ty, $what:literal, $ser:ident) => {
        impl FieldValue for $ty {
            fn read<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                d.deserialize_any(IntVisitor::<$ty>($what, std::marker::PhantomData))
            }
            fn write<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.$ser(*self)
            }
        }
    };
}
int_field!(u64, "an id or count", serialize_u64);
int_field!(i64, "an integer", serialize_i64);
int_field!(u32, "an integer", serialize_u32);

impl FieldValue for bool {
    fn read<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = bool;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a boolean (true/false, 1/0, \"1\"/\"0\")")
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<bool, E> {
                Ok(v)
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<bool, E> {
                match v {
                    0 => Ok(false),
                    1 => Ok(true),
                    _ => Err(E::invalid_value(de::Unexpected::Unsigned(v), &self)),
                }
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<bool, E> {
                match v {
                    0 => Ok(false),
                    1 => Ok(true),
                    _ => Err(E::invalid_value(de::Unexpected::Signed(v), &self)),
                }
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<bool, E> {
                match v {
                    "1" | "true" | "True" => Ok(true),
                    "0" | "false" | "False" | "" => Ok(false),
                    _ => Err(E::invalid_value(de::Unexpected::Str(v), &self)),
                }
            }
        }
        d.deserialize_any(V)
    }
    fn write<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_bool(*self)
    }
}

impl FieldValue for String {
    fn read<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = String;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
                Ok(v.to_owned())
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<String, E> {
                Ok(v)
            }
            // Numbers where text is expected (an attribute value sent as a number) become text.
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<String, E> {
                Ok(v.to_string())
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<String, E> {
                Ok(v.to_string())
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<String, E> {
                Ok(v.to_string())
            }
        }
        d.deserialize_any(V)
    }
    fn write<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self)
    }
}

impl FieldValue for uuid::Uuid {
    fn read<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = uuid::Uuid;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a UUID")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<uuid::Uuid, E> {
                uuid::Uuid::try_parse(v)
                    .map_err(|_| E::invalid_value(de::Unexpected::Str(v), &self))
            }
        }
        d.deserialize_str(V)
    }
    /// Older MISP exports carry uuid fields that are not UUIDs (an empty string in galaxy
    /// clusters, a placeholder in objects): such text is kept verbatim and written back as it
    /// was; `validate()` reports it. A value that is not text is still refused.
    fn read_kept<'de, D: Deserializer<'de>>(d: D) -> Result<Kept<Self>, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Kept<uuid::Uuid>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a UUID")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Kept<uuid::Uuid>, E> {
                match uuid::Uuid::try_parse(v) {
                    Ok(uuid) => Ok(Kept::Value(uuid)),
                    Err(_) => serde_json::value::to_raw_value(v)
                        .map(Kept::Verbatim)
                        .map_err(E::custom),
                }
            }
        }
        d.deserialize_str(V)
    }
    fn write<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut buf = uuid::Uuid::encode_buffer();
        s.serialize_str(self.hyphenated().encode_lower(&mut buf))
    }
}

impl FieldValue for chrono::NaiveDate {
    fn read<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = chrono::NaiveDate;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a date as YYYY-MM-DD")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<chrono::NaiveDate, E> {
                chrono::NaiveDate::parse_from_str(v, "%Y-%m-%d")
                    .map_err(|_| E::invalid_value(de::Unexpected::Str(v), &self))
            }
        }
        d.deserialize_str(V)
    }
    fn write<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&self.format("%Y-%m-%d"))
    }
}

/// A boxed value (for records that nest their own kind, like an attribute's short event).
impl<T: FieldValue> FieldValue for Box<T> {
    fn read<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        T::read(d).map(Box::new)
    }
    fn write<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        (**self).write(s)
    }
}

impl FieldValue for serde_json::Value {
    /// Any JSON value, refusing duplicate keys (as every record does).
    fn read<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        super::strict::CheckedValue.deserialize(d)
    }
    fn write<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        serde::Serialize::serialize(self, s)
    }
}

/// Implements [`FieldValue`] for a type through its own serde implementations.
#[macro_export]
#[doc(hidden)]
macro_rules! __serde_field_value {
    ($ty:ty) => {
        impl $crate::wire::FieldValue for $ty {
            fn read<'de, D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                ::serde::Deserialize::deserialize(d)
            }
            fn write<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                ::serde::Serialize::serialize(self, s)
            }
        }
    };
}
