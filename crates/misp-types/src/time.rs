//! MISP's two time encodings: epoch-second timestamps and ISO 8601 date-times.

use std::fmt;

use chrono::{DateTime as ChronoDateTime, FixedOffset, NaiveDateTime, TimeZone, Utc};
use serde::de::{self, Deserializer, Visitor};
use serde::ser::Serializer;

use crate::wire::{FieldSchema, FieldValue};

/// Seconds since the Unix epoch, as MISP stores `timestamp`, `publish_timestamp` and
/// `date_sighting`. Read from a number or a string of digits; written as a number.
///
/// ```
/// use misp_types::Timestamp;
/// let t = Timestamp::new(1_715_767_121);
/// assert_eq!(t.to_datetime().unwrap().to_rfc3339(), "2024-05-15T09:58:41+00:00");
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(pub i64);

impl Timestamp {
    /// A timestamp from seconds since the epoch.
    pub const fn new(seconds: i64) -> Self {
        Timestamp(seconds)
    }

    /// The current time.
    pub fn now() -> Self {
        Timestamp(Utc::now().timestamp())
    }

    /// Seconds since the epoch.
    pub const fn seconds(self) -> i64 {
        self.0
    }

    /// As a UTC date-time (`None` when out of chrono's range).
    pub fn to_datetime(self) -> Option<ChronoDateTime<Utc>> {
        Utc.timestamp_opt(self.0, 0).single()
    }
}

impl From<ChronoDateTime<Utc>> for Timestamp {
    fn from(value: ChronoDateTime<Utc>) -> Self {
        Timestamp(value.timestamp())
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl FieldValue for Timestamp {
    fn read<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        i64::read(d).map(Timestamp)
    }
    fn write<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_i64(self.0)
    }
}

impl FieldSchema for Timestamp {
    fn field_schema(g: &mut schemars::SchemaGenerator) -> schemars::Schema {
        i64::field_schema(g)
    }
}

/// A date-time as MISP writes `first_seen`, `last_seen`, `created` and `modified`: ISO 8601, with
/// or without a fraction of a second and a UTC offset (a missing offset means UTC).
///
/// Written back as RFC 3339 with microseconds and an offset, MISP's own form
/// (`2024-05-15T09:58:41.000000+00:00`).
///
/// ```
/// use misp_types::DateTime;
/// let d: DateTime = "2024-05-15 09:58:41".parse().unwrap();
/// assert_eq!(d.to_string(), "2024-05-15T09:58:41.000000+00:00");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DateTime(pub ChronoDateTime<FixedOffset>);

impl DateTime {
    /// The instant as a chrono value.
    pub fn get(self) -> ChronoDateTime<FixedOffset> {
        self.0
    }

    /// The current time, in UTC.
    pub fn now() -> Self {
        DateTime(Utc::now().fixed_offset())
    }
}

impl From<ChronoDateTime<Utc>> for DateTime {
    fn from(value: ChronoDateTime<Utc>) -> Self {
        DateTime(value.fixed_offset())
    }
}

/// The date-time text was not ISO 8601.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not an ISO 8601 date-time (expected e.g. 2024-05-15T09:58:41.000000+00:00)")]
pub struct DateTimeError(String);

impl std::str::FromStr for DateTime {
    type Err = DateTimeError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let text = s.trim();
        if let Ok(dt) = ChronoDateTime::parse_from_rfc3339(text) {
            return Ok(DateTime(dt));
        }
        for format in ["%Y-%m-%dT%H:%M:%S%.f%#z", "%Y-%m-%d %H:%M:%S%.f%#z"] {
            if let Ok(dt) = ChronoDateTime::parse_from_str(text, format) {
                return Ok(DateTime(dt));
            }
        }
        for format in [
            "%Y-%m-%dT%H:%M:%S%.f",
            "%Y-%m-%d %H:%M:%S%.f",
            "%Y-%m-%dT%H:%M",
        ] {
            if let Ok(naive) = NaiveDateTime::parse_from_str(text, format) {
                return Ok(DateTime(naive.and_utc().fixed_offset()));
            }
        }
        if let Ok(date) = chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d") {
            return Ok(DateTime(
                date.and_time(chrono::NaiveTime::MIN)
                    .and_utc()
                    .fixed_offset(),
            ));
        }
        Err(DateTimeError(s.to_owned()))
    }
}

impl DateTime {
    /// The canonical text, `YYYY-MM-DDTHH:MM:SS.ffffff+HH:MM`, into a stack buffer.
    fn encode(&self, buf: &mut [u8; 32]) -> usize {
        use chrono::{Datelike, Timelike};
        // Written out by hand: going through `fmt` machinery (or chrono's format strings) costs
        // more than the rest of an attribute's serialisation, and events carry tens of thousands.
        fn put(buf: &mut [u8], mut value: u32, width: usize) {
            for slot in buf[..width].iter_mut().rev() {
                *slot = b'0' + (value % 10) as u8;
                value /= 10;
            }
        }
        let dt = self.0;
        let local = dt.naive_local();
        let year = local.year();
        if !(0..=9999).contains(&year) {
            // Outside four digits: let chrono write it (rare enough not to matter).
            let text = dt.format("%Y-%m-%dT%H:%M:%S%.6f%:z").to_string();
            let n = text.len().min(buf.len());
            buf[..n].copy_from_slice(&text.as_bytes()[..n]);
            return n;
        }
        let offset = dt.offset().local_minus_utc();
        let (sign, offset) = if offset < 0 {
            (b'-', -offset)
        } else {
            (b'+', offset)
        };
        *buf = *b"0000-00-00T00:00:00.000000+00:00";
        put(&mut buf[0..], year as u32, 4);
        put(&mut buf[5..], local.month(), 2);
        put(&mut buf[8..], local.day(), 2);
        put(&mut buf[11..], local.hour(), 2);
        put(&mut buf[14..], local.minute(), 2);
        put(&mut buf[17..], local.second(), 2);
        put(&mut buf[20..], local.nanosecond() % 1_000_000_000 / 1000, 6);
        buf[26] = sign;
        put(&mut buf[27..], offset as u32 / 3600, 2);
        put(&mut buf[30..], offset as u32 % 3600 / 60, 2);
        32
    }
}

impl fmt::Display for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut buf = [0u8; 32];
        let n = self.encode(&mut buf);
        f.write_str(std::str::from_utf8(&buf[..n]).map_err(|_| fmt::Error)?)
    }
}

impl FieldValue for DateTime {
    fn read<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = DateTime;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an ISO 8601 date-time")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<DateTime, E> {
                v.parse()
                    .map_err(|_| E::invalid_value(de::Unexpected::Str(v), &self))
            }
        }
        d.deserialize_str(V)
    }
    fn write<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut buf = [0u8; 32];
        let n = self.encode(&mut buf);
        s.serialize_str(std::str::from_utf8(&buf[..n]).map_err(serde::ser::Error::custom)?)
    }
}

impl FieldSchema for DateTime {
    fn field_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "type": "string", "description": "ISO 8601 date-time" })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn written_like_chrono_would() {
        for text in [
            "2024-05-15T09:58:41Z",
            "2024-05-15T09:58:41.123456+02:00",
            "1999-12-31T23:59:59.999999-05:30",
            "2024-02-29 00:00:00",
            "0987-01-02T03:04:05.5+14:00",
        ] {
            let d: DateTime = text.parse().unwrap();
            assert_eq!(
                d.to_string(),
                d.0.format("%Y-%m-%dT%H:%M:%S%.6f%:z").to_string(),
                "{text}"
            );
            assert_eq!(d.to_string().parse::<DateTime>().unwrap(), d);
        }
    }
}
