//! A compact JSON writer for MISP records: the bytes `serde_json::to_writer` writes, faster.
//!
//! Most of the time spent writing an event goes into strings (values, comments, UUIDs, tag
//! names), and `serde_json` looks at them one byte at a time. This writer looks at eight bytes at
//! a time and copies runs that need no escape whole. Everything else is written as `serde_json`
//! writes it (numbers through the same formatting crates, floats by `serde_json` itself, raw
//! JSON verbatim), so that the output is byte for byte the same.

use std::io::Write;

use serde::ser::{self, Impossible, Serialize};
use serde_json::Error;

/// The struct name `serde_json` gives a [`RawValue`](serde_json::value::RawValue) when it is
/// serialised: its single field is raw JSON, to be written as it is. (serde_json's own
/// serializer recognises the same name; `tests/writer.rs` and the unit tests below fail if it
/// ever changes, as unknown keys would then be written as quoted text.)
const RAW_VALUE: &str = "$serde_json::private::RawValue";

/// How much output is gathered before it is handed to the writer.
const SPILL_AT: usize = 32 << 10;

/// Writes `value` as compact JSON to `out`, in pieces of about [`SPILL_AT`] bytes.
pub(crate) fn to_writer<W: Write, T: Serialize + ?Sized>(out: W, value: &T) -> Result<(), Error> {
    let mut ser = Compact {
        out,
        buf: Vec::with_capacity(SPILL_AT + 4096),
        spill_at: SPILL_AT,
    };
    value.serialize(&mut ser)?;
    ser.out.write_all(&ser.buf).map_err(Error::io)
}

/// `value` as compact JSON bytes.
pub(crate) fn to_vec<T: Serialize + ?Sized>(value: &T) -> Result<Vec<u8>, Error> {
    let mut ser = Compact {
        out: std::io::sink(),
        buf: Vec::with_capacity(128),
        spill_at: usize::MAX,
    };
    value.serialize(&mut ser)?;
    Ok(ser.buf)
}

/// The serializer: output is gathered in `buf` and handed to `out` once it reaches `spill_at`.
struct Compact<W> {
    out: W,
    buf: Vec<u8>,
    spill_at: usize,
}

impl<W: Write> Compact<W> {
    #[inline(always)]
    fn spill(&mut self) -> Result<(), Error> {
        if self.buf.len() >= self.spill_at {
            self.hand_over()
        } else {
            Ok(())
        }
    }

    #[cold]
    #[inline(never)]
    fn hand_over(&mut self) -> Result<(), Error> {
        self.out.write_all(&self.buf).map_err(Error::io)?;
        self.buf.clear();
        Ok(())
    }

    #[inline(always)]
    fn raw(&mut self, bytes: &[u8]) -> Result<(), Error> {
        self.buf.extend_from_slice(bytes);
        self.spill()
    }

    #[inline]
    fn string(&mut self, s: &str) -> Result<(), Error> {
        let bytes = s.as_bytes();
        if any_escape(bytes) {
            write_escaped(&mut self.buf, bytes);
        } else {
            self.buf.reserve(bytes.len() + 2);
            self.buf.push(b'"');
            self.buf.extend_from_slice(bytes);
            self.buf.push(b'"');
        }
        self.spill()
    }

    /// A value whose form is `serde_json`'s to decide (floats, for one).
    fn by_serde_json<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        serde_json::to_writer(&mut self.buf, value)?;
        self.spill()
    }
}

/// True when a byte of `bytes` needs an escape, looked at eight bytes at a time (the last word
/// overlapping the one before it; a string of four to seven bytes as two overlapping halves,
/// a shorter one byte by byte).
#[inline]
fn any_escape(bytes: &[u8]) -> bool {
    let word = |at: usize| {
        let mut eight = [0u8; 8];
        if let Some(word) = bytes.get(at..at + 8) {
            eight.copy_from_slice(word);
        }
        needs_escape(u64::from_le_bytes(eight))
    };
    let half = |at: usize| {
        let mut four = [0u8; 4];
        if let Some(half) = bytes.get(at..at + 4) {
            four.copy_from_slice(half);
        }
        u64::from(u32::from_le_bytes(four))
    };
    let len = bytes.len();
    if len < 8 {
        if len < 4 {
            return bytes.iter().any(|&b| escaped(b));
        }
        return needs_escape(half(0) | half(len - 4) << 32);
    }
    let mut at = 0;
    while at + 8 < len {
        if word(at) {
            return true;
        }
        at += 8;
    }
    word(len - 8)
}

/// True when one of the eight bytes is a control character, `"` or `\`.
#[inline]
fn needs_escape(word: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let below_space = word.wrapping_sub(ONES * 0x20) & !word;
    let quote = (word ^ (ONES * b'"' as u64)).wrapping_sub(ONES) & !(word ^ (ONES * b'"' as u64));
    let backslash =
        (word ^ (ONES * b'\\' as u64)).wrapping_sub(ONES) & !(word ^ (ONES * b'\\' as u64));
    (below_space | quote | backslash) & HIGH != 0
}

/// True for the bytes a JSON string escapes: control characters, `"` and `\`.
#[inline]
fn escaped(b: u8) -> bool {
    matches!(b, 0x00..=0x1F | b'"' | b'\\')
}

/// The lower-case hexadecimal digit of `n` (below 16).
fn hex(n: u8) -> u8 {
    if n < 10 { b'0' + n } else { b'a' + n - 10 }
}

/// Writes `bytes` (text) as a JSON string, escaping as `serde_json` does.
fn write_escaped(out: &mut Vec<u8>, bytes: &[u8]) {
    out.push(b'"');
    let mut run_start = 0;
    let mut i = 0;
    loop {
        // Eight bytes at a time while none needs an escape, then byte by byte.
        while let Some(word) = bytes.get(i..i + 8) {
            let mut eight = [0u8; 8];
            eight.copy_from_slice(word);
            if needs_escape(u64::from_le_bytes(eight)) {
                break;
            }
            i += 8;
        }
        while bytes.get(i).is_some_and(|&b| !escaped(b)) {
            i += 1;
        }
        let Some(&byte) = bytes.get(i) else { break };
        let escape: &[u8] = match byte {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            b'\n' => b"\\n",
            b'\r' => b"\\r",
            b'\t' => b"\\t",
            0x08 => b"\\b",
            0x0C => b"\\f",
            _ => &[b'\\', b'u', b'0', b'0', hex(byte >> 4), hex(byte & 0xF)],
        };
        out.extend_from_slice(bytes.get(run_start..i).unwrap_or_default());
        out.extend_from_slice(escape);
        i += 1;
        run_start = i;
    }
    out.extend_from_slice(bytes.get(run_start..).unwrap_or_default());
    out.push(b'"');
}

macro_rules! integer {
    ($($method:ident: $ty:ty),*) => {
        $(
            fn $method(self, v: $ty) -> Result<(), Error> {
                self.raw(itoa::Buffer::new().format(v).as_bytes())
            }
        )*
    };
}

impl<'a, W: Write> ser::Serializer for &'a mut Compact<W> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Seq<'a, W>;
    type SerializeTuple = Seq<'a, W>;
    type SerializeTupleStruct = Seq<'a, W>;
    type SerializeTupleVariant = Seq<'a, W>;
    type SerializeMap = Map<'a, W>;
    type SerializeStruct = Struct<'a, W>;
    type SerializeStructVariant = Map<'a, W>;

    fn serialize_bool(self, v: bool) -> Result<(), Error> {
        self.raw(if v { b"true" } else { b"false" })
    }

    integer!(serialize_i8: i8, serialize_i16: i16, serialize_i32: i32, serialize_i64: i64,
        serialize_i128: i128, serialize_u8: u8, serialize_u16: u16, serialize_u32: u32,
        serialize_u64: u64, serialize_u128: u128);

    fn serialize_f32(self, v: f32) -> Result<(), Error> {
        self.by_serde_json(&v)
    }
    fn serialize_f64(self, v: f64) -> Result<(), Error> {
        self.by_serde_json(&v)
    }
    fn serialize_char(self, v: char) -> Result<(), Error> {
        self.string(v.encode_utf8(&mut [0; 4]))
    }
    fn serialize_str(self, v: &str) -> Result<(), Error> {
        self.string(v)
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<(), Error> {
        self.by_serde_json(v)
    }
    fn serialize_none(self) -> Result<(), Error> {
        self.raw(b"null")
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Error> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Error> {
        self.raw(b"null")
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), Error> {
        self.raw(b"null")
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<(), Error> {
        self.string(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.raw(b"{")?;
        self.string(variant)?;
        self.raw(b":")?;
        value.serialize(&mut *self)?;
        self.raw(b"}")
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Seq<'a, W>, Error> {
        self.raw(b"[")?;
        Ok(Seq {
            ser: self,
            first: true,
            close: b"]",
        })
    }
    fn serialize_tuple(self, len: usize) -> Result<Seq<'a, W>, Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _name: &'static str, len: usize) -> Result<Seq<'a, W>, Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Seq<'a, W>, Error> {
        self.raw(b"{")?;
        self.string(variant)?;
        self.raw(b":[")?;
        Ok(Seq {
            ser: self,
            first: true,
            close: b"]}",
        })
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Map<'a, W>, Error> {
        self.raw(b"{")?;
        Ok(Map {
            ser: self,
            first: true,
            close: b"}",
        })
    }
    fn serialize_struct(self, name: &'static str, len: usize) -> Result<Struct<'a, W>, Error> {
        if name == RAW_VALUE {
            return Ok(Struct::Raw(self));
        }
        self.serialize_map(Some(len)).map(Struct::Map)
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Map<'a, W>, Error> {
        self.raw(b"{")?;
        self.string(variant)?;
        self.raw(b":{")?;
        Ok(Map {
            ser: self,
            first: true,
            close: b"}}",
        })
    }
}

/// A list (or tuple) being written.
struct Seq<'a, W> {
    ser: &'a mut Compact<W>,
    first: bool,
    close: &'static [u8],
}

impl<W: Write> Seq<'_, W> {
    fn element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        if !std::mem::take(&mut self.first) {
            self.ser.raw(b",")?;
        }
        value.serialize(&mut *self.ser)
    }
    fn close(self) -> Result<(), Error> {
        self.ser.raw(self.close)
    }
}

impl<W: Write> ser::SerializeSeq for Seq<'_, W> {
    type Ok = ();
    type Error = Error;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.element(value)
    }
    fn end(self) -> Result<(), Error> {
        self.close()
    }
}

impl<W: Write> ser::SerializeTuple for Seq<'_, W> {
    type Ok = ();
    type Error = Error;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.element(value)
    }
    fn end(self) -> Result<(), Error> {
        self.close()
    }
}

impl<W: Write> ser::SerializeTupleStruct for Seq<'_, W> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.element(value)
    }
    fn end(self) -> Result<(), Error> {
        self.close()
    }
}

impl<W: Write> ser::SerializeTupleVariant for Seq<'_, W> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.element(value)
    }
    fn end(self) -> Result<(), Error> {
        self.close()
    }
}

/// An object being written.
struct Map<'a, W> {
    ser: &'a mut Compact<W>,
    first: bool,
    close: &'static [u8],
}

impl<W: Write> Map<'_, W> {
    fn field(&mut self, key: &str) -> Result<(), Error> {
        if !std::mem::take(&mut self.first) {
            self.ser.raw(b",")?;
        }
        self.ser.string(key)?;
        self.ser.raw(b":")
    }
}

impl<W: Write> ser::SerializeMap for Map<'_, W> {
    type Ok = ();
    type Error = Error;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Error> {
        if !std::mem::take(&mut self.first) {
            self.ser.raw(b",")?;
        }
        key.serialize(MapKey(&mut *self.ser))?;
        self.ser.raw(b":")
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        value.serialize(&mut *self.ser)
    }
    fn end(self) -> Result<(), Error> {
        self.ser.raw(self.close)
    }
}

impl<W: Write> ser::SerializeStructVariant for Map<'_, W> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.field(key)?;
        value.serialize(&mut *self.ser)
    }
    fn end(self) -> Result<(), Error> {
        self.ser.raw(self.close)
    }
}

/// A struct being written: an object, or raw JSON (a `RawValue`).
enum Struct<'a, W> {
    Map(Map<'a, W>),
    Raw(&'a mut Compact<W>),
}

impl<W: Write> ser::SerializeStruct for Struct<'_, W> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        match self {
            Struct::Map(map) => {
                map.field(key)?;
                value.serialize(&mut *map.ser)
            }
            Struct::Raw(ser) => value.serialize(RawJson(&mut **ser)),
        }
    }
    fn end(self) -> Result<(), Error> {
        match self {
            Struct::Map(map) => map.ser.raw(map.close),
            Struct::Raw(_) => Ok(()),
        }
    }
}

/// The field of a `RawValue`: its JSON text, written as it is.
struct RawJson<'a, W>(&'a mut Compact<W>);

/// An object key: text, or a number or boolean written as text (as `serde_json` does).
struct MapKey<'a, W>(&'a mut Compact<W>);

impl<W: Write> MapKey<'_, W> {
    fn float<T: Serialize>(self, finite: bool, v: &T) -> Result<(), Error> {
        if !finite {
            return Err(ser::Error::custom(
                "float key must be finite (got NaN or +/-inf)",
            ));
        }
        self.0.raw(b"\"")?;
        self.0.by_serde_json(v)?;
        self.0.raw(b"\"")
    }
}

fn key_must_be_a_string() -> Error {
    ser::Error::custom("key must be a string")
}

macro_rules! refused {
    ($err:expr; $($method:ident($($arg:ty),*)),*) => {
        $(
            fn $method(self, $(_: $arg),*) -> Result<(), Error> {
                Err($err)
            }
        )*
    };
}

macro_rules! compound_refused {
    ($err:expr) => {
        type SerializeSeq = Impossible<(), Error>;
        type SerializeTuple = Impossible<(), Error>;
        type SerializeTupleStruct = Impossible<(), Error>;
        type SerializeTupleVariant = Impossible<(), Error>;
        type SerializeMap = Impossible<(), Error>;
        type SerializeStruct = Impossible<(), Error>;
        type SerializeStructVariant = Impossible<(), Error>;

        fn serialize_some<T: Serialize + ?Sized>(self, _: &T) -> Result<(), Error> {
            Err($err)
        }
        fn serialize_newtype_variant<T: Serialize + ?Sized>(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
            _: &T,
        ) -> Result<(), Error> {
            Err($err)
        }
        fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, Error> {
            Err($err)
        }
        fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, Error> {
            Err($err)
        }
        fn serialize_tuple_struct(
            self,
            _: &'static str,
            _: usize,
        ) -> Result<Self::SerializeTupleStruct, Error> {
            Err($err)
        }
        fn serialize_tuple_variant(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
            _: usize,
        ) -> Result<Self::SerializeTupleVariant, Error> {
            Err($err)
        }
        fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, Error> {
            Err($err)
        }
        fn serialize_struct(
            self,
            _: &'static str,
            _: usize,
        ) -> Result<Self::SerializeStruct, Error> {
            Err($err)
        }
        fn serialize_struct_variant(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
            _: usize,
        ) -> Result<Self::SerializeStructVariant, Error> {
            Err($err)
        }
    };
}

macro_rules! quoted_integer {
    ($($method:ident: $ty:ty),*) => {
        $(
            fn $method(self, v: $ty) -> Result<(), Error> {
                self.0.raw(b"\"")?;
                self.0.raw(itoa::Buffer::new().format(v).as_bytes())?;
                self.0.raw(b"\"")
            }
        )*
    };
}

impl<W: Write> ser::Serializer for MapKey<'_, W> {
    type Ok = ();
    type Error = Error;
    compound_refused!(key_must_be_a_string());

    fn serialize_str(self, v: &str) -> Result<(), Error> {
        self.0.string(v)
    }
    fn serialize_char(self, v: char) -> Result<(), Error> {
        self.0.string(v.encode_utf8(&mut [0; 4]))
    }
    fn serialize_bool(self, v: bool) -> Result<(), Error> {
        self.0.raw(if v { b"\"true\"" } else { b"\"false\"" })
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<(), Error> {
        self.0.string(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        value.serialize(self)
    }
    fn serialize_f32(self, v: f32) -> Result<(), Error> {
        self.float(v.is_finite(), &v)
    }
    fn serialize_f64(self, v: f64) -> Result<(), Error> {
        self.float(v.is_finite(), &v)
    }
    quoted_integer!(serialize_i8: i8, serialize_i16: i16, serialize_i32: i32, serialize_i64: i64,
        serialize_i128: i128, serialize_u8: u8, serialize_u16: u16, serialize_u32: u32,
        serialize_u64: u64, serialize_u128: u128);
    refused!(key_must_be_a_string(); serialize_bytes(&[u8]), serialize_none(), serialize_unit(),
        serialize_unit_struct(&'static str));
}

fn raw_expected() -> Error {
    ser::Error::custom("expected raw JSON text")
}

impl<W: Write> ser::Serializer for RawJson<'_, W> {
    type Ok = ();
    type Error = Error;
    compound_refused!(raw_expected());

    fn serialize_str(self, v: &str) -> Result<(), Error> {
        self.0.raw(v.as_bytes())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        value.serialize(self)
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, _: &'static str) -> Result<(), Error> {
        Err(raw_expected())
    }
    refused!(raw_expected(); serialize_bool(bool), serialize_i8(i8), serialize_i16(i16),
        serialize_i32(i32), serialize_i64(i64), serialize_i128(i128), serialize_u8(u8),
        serialize_u16(u16), serialize_u32(u32), serialize_u64(u64), serialize_u128(u128),
        serialize_f32(f32), serialize_f64(f64), serialize_char(char), serialize_bytes(&[u8]),
        serialize_none(), serialize_unit(), serialize_unit_struct(&'static str));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ours<T: Serialize>(value: &T) -> String {
        let mut out = Vec::new();
        to_writer(&mut out, value).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(
            to_vec(value).unwrap(),
            text.as_bytes(),
            "to_vec and to_writer differ"
        );
        text
    }

    /// A writer that keeps the size of every piece it is given, and can refuse them.
    struct Pieces {
        bytes: Vec<u8>,
        sizes: Vec<usize>,
        refuse: bool,
    }

    impl Write for Pieces {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            if self.refuse {
                return Err(std::io::Error::other("disk full"));
            }
            self.bytes.extend_from_slice(buf);
            self.sizes.push(buf.len());
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn large_output_reaches_the_writer_in_pieces_and_whole() {
        let items: Vec<String> = (0..20_000).map(|i| format!("item {i} \"q\"")).collect();
        let mut out = Pieces {
            bytes: Vec::new(),
            sizes: Vec::new(),
            refuse: false,
        };
        to_writer(&mut out, &items).unwrap();
        assert_eq!(out.bytes, serde_json::to_vec(&items).unwrap());
        assert!(out.sizes.len() > 5, "{:?}", out.sizes);
        assert!(
            out.sizes.iter().all(|&n| n < 2 * SPILL_AT),
            "{:?}",
            out.sizes
        );
        let mut refusing = Pieces {
            bytes: Vec::new(),
            sizes: Vec::new(),
            refuse: true,
        };
        let error = to_writer(&mut refusing, &items).unwrap_err();
        assert!(
            error.is_io() && error.to_string().contains("disk full"),
            "{error}"
        );
        // A small value is written once, at the end, and a refusal is still reported.
        assert!(to_writer(&mut refusing, "x").unwrap_err().is_io());
    }

    #[test]
    fn strings_are_escaped_as_serde_json_escapes_them() {
        let mut samples: Vec<String> = (0u8..=0x7F).map(|b| char::from(b).to_string()).collect();
        samples.extend(
            [
                "",
                "plain ascii text that is longer than eight bytes",
                "quote \" in the middle, \\ backslash, \u{7f} delete",
                "é中文🦀 and \u{1} \u{1f} \n\r\t\u{8}\u{c}",
                "12345678\"",
                "1234567\\8",
                "\"\"\"\"\"\"\"\"\"",
                "1234567\u{1}",
                "123456789abcdef\"",
                "123456789abcdefg",
            ]
            .map(String::from),
        );
        // Every length around the word sizes, with a byte to escape at every place.
        for len in 0..20 {
            samples.push("a".repeat(len));
            for at in 0..len {
                for special in ['"', '\\', '\u{1f}', '\n'] {
                    let mut text: Vec<char> = "abcdefghijklmnopqrstu".chars().take(len).collect();
                    text[at] = special;
                    samples.push(text.into_iter().collect());
                }
            }
        }
        for s in &samples {
            assert_eq!(ours(s), serde_json::to_string(s).unwrap(), "{s:?}");
        }
    }

    #[test]
    fn any_value_is_written_as_serde_json_writes_it() {
        let value: serde_json::Value = serde_json::from_str(
            r#"{"a":[1,-2,3.5,1e300,0.1,true,false,null,"x\"y"],"b":{"c":{}},"d":[],"e":18446744073709551615,"f":-9223372036854775808}"#,
        )
        .unwrap();
        assert_eq!(ours(&value), serde_json::to_string(&value).unwrap());
        let raw = serde_json::value::RawValue::from_string(r#"{"kept":[1, 2]}"#.into()).unwrap();
        assert_eq!(ours(&raw), serde_json::to_string(&raw).unwrap());
        let keyed = std::collections::BTreeMap::from([(7u64, "seven"), (8, "eight")]);
        assert_eq!(ours(&keyed), serde_json::to_string(&keyed).unwrap());
        assert_eq!(
            ours(&('c', Some(1u8), ())),
            serde_json::to_string(&('c', Some(1u8), ())).unwrap()
        );
    }
}
