//! MISP's two time encodings: epoch-second timestamps and ISO 8601 date-times.

use std::fmt;

use chrono::{DateTime as ChronoDateTime, FixedOffset, NaiveDateTime, TimeZone, Utc};
use serde::de::{self, Deserializer, Visitor};
use serde::ser::Serializer;

#[cfg(feature = "schema")]
use crate::wire::FieldSchema;
use crate::wire::FieldValue;

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

#[cfg(feature = "schema")]
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

/// The date-time text was not ISO 8601, or not one that can be written back exactly.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "`{0}` is not an ISO 8601 date-time with a four-digit year (expected e.g. 2024-05-15T09:58:41.000000+00:00)"
)]
pub struct DateTimeError(String);

/// Why a date-time cannot be written in MISP's form.
const YEAR_OUT_OF_RANGE: &str =
    "a date-time outside the years 0000 to 9999 cannot be written in MISP's form";

impl std::str::FromStr for DateTime {
    type Err = DateTimeError;
    /// Reads ISO 8601 with a four-digit year (`22-05-15` is refused, not read as year 22), with
    /// or without a fraction (nanoseconds and a leap second `:60` are kept) and an offset in
    /// whole minutes (none means UTC).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let text = s.trim();
        let four_digit_year = text.len() > 4
            && text.bytes().take(4).all(|b| b.is_ascii_digit())
            && text.as_bytes().get(4) == Some(&b'-');
        let parsed = if four_digit_year { parse(text) } else { None };
        match parsed {
            Some(dt) if dt.offset().local_minus_utc() % 60 == 0 => Ok(DateTime(dt)),
            _ => Err(DateTimeError(s.to_owned())),
        }
    }
}

fn parse(text: &str) -> Option<ChronoDateTime<FixedOffset>> {
    if let Ok(dt) = ChronoDateTime::parse_from_rfc3339(text) {
        return Some(dt);
    }
    for format in ["%Y-%m-%dT%H:%M:%S%.f%#z", "%Y-%m-%d %H:%M:%S%.f%#z"] {
        if let Ok(dt) = ChronoDateTime::parse_from_str(text, format) {
            return Some(dt);
        }
    }
    for format in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
    ] {
        if let Ok(naive) = NaiveDateTime::parse_from_str(text, format) {
            return Some(naive.and_utc().fixed_offset());
        }
    }
    chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .ok()
        .map(|date| {
            date.and_time(chrono::NaiveTime::MIN)
                .and_utc()
                .fixed_offset()
        })
}

/// The longest canonical text: nine fraction digits.
const ENCODED_MAX: usize = 35;

impl DateTime {
    /// The canonical text, `YYYY-MM-DDTHH:MM:SS.ffffff+HH:MM`, into a stack buffer; nine
    /// fraction digits when the value has nanoseconds, `:60` for a leap second. `None` outside
    /// the years 0000 to 9999.
    fn encode(&self, buf: &mut [u8; ENCODED_MAX]) -> Option<usize> {
        use chrono::{Datelike, Timelike};
        // Written out by hand: going through `fmt` machinery (or chrono's format strings) costs
        // more than the rest of an attribute's serialisation, and events carry tens of thousands.
        fn put(buf: &mut [u8], mut value: u32, width: usize) {
            for slot in buf.iter_mut().take(width).rev() {
                *slot = b'0' + (value % 10) as u8;
                value /= 10;
            }
        }
        let dt = self.0;
        let local = dt.naive_local();
        let year = u32::try_from(local.year()).ok().filter(|y| *y <= 9999)?;
        let offset = dt.offset().local_minus_utc();
        let (sign, offset) = if offset < 0 {
            (b'-', offset.unsigned_abs())
        } else {
            (b'+', offset.unsigned_abs())
        };
        // chrono keeps a leap second as a second of 59 with 1_000_000_000 nanoseconds more.
        let (second, nanos) = match local.nanosecond() {
            n if n >= 1_000_000_000 => (60, n - 1_000_000_000),
            n => (local.second(), n),
        };
        let (fraction, digits) = if nanos % 1000 == 0 {
            (nanos / 1000, 6)
        } else {
            (nanos, 9)
        };
        let head: &[u8; 20] = b"0000-00-00T00:00:00.";
        let (date_time, rest) = buf.split_at_mut(20);
        date_time.copy_from_slice(head);
        put(date_time, year, 4);
        put(date_time.get_mut(5..)?, local.month(), 2);
        put(date_time.get_mut(8..)?, local.day(), 2);
        put(date_time.get_mut(11..)?, local.hour(), 2);
        put(date_time.get_mut(14..)?, local.minute(), 2);
        put(date_time.get_mut(17..)?, second, 2);
        put(rest, fraction, digits);
        let zone = rest.get_mut(digits..digits + 6)?;
        zone.copy_from_slice(b"+00:00");
        *zone.first_mut()? = sign;
        put(zone.get_mut(1..)?, offset / 3600, 2);
        put(zone.get_mut(4..)?, offset % 3600 / 60, 2);
        Some(20 + digits + 6)
    }
}

impl fmt::Display for DateTime {
    /// MISP's form; outside the years 0000 to 9999, chrono's (`+10000-01-01T...`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut buf = [0u8; ENCODED_MAX];
        match self.encode(&mut buf) {
            Some(n) => f.write_str(
                buf.get(..n)
                    .and_then(|b| std::str::from_utf8(b).ok())
                    .ok_or(fmt::Error)?,
            ),
            None => write!(f, "{}", self.0.format("%Y-%m-%dT%H:%M:%S%.6f%:z")),
        }
    }
}

impl FieldValue for DateTime {
    fn read<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = DateTime;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an ISO 8601 date-time with a four-digit year")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<DateTime, E> {
                v.parse()
                    .map_err(|_| E::invalid_value(de::Unexpected::Str(v), &self))
            }
        }
        d.deserialize_str(V)
    }
    /// Refuses a year outside 0000 to 9999 (it could not be read back).
    fn write<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::Error as _;
        let mut buf = [0u8; ENCODED_MAX];
        let n = self
            .encode(&mut buf)
            .ok_or_else(|| S::Error::custom(YEAR_OUT_OF_RANGE))?;
        let text = buf
            .get(..n)
            .and_then(|b| std::str::from_utf8(b).ok())
            .ok_or_else(|| S::Error::custom("date-time encoding"))?;
        s.serialize_str(text)
    }
}

#[cfg(feature = "schema")]
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

    #[test]
    fn written_exactly_as_read() {
        for (text, written) in [
            ("2016-12-31T23:59:60Z", "2016-12-31T23:59:60.000000+00:00"),
            (
                "2016-12-31T23:59:60.5+00:00",
                "2016-12-31T23:59:60.500000+00:00",
            ),
            (
                "2024-05-15T09:58:41.123456789+02:00",
                "2024-05-15T09:58:41.123456789+02:00",
            ),
            ("0000-01-01T00:00:00Z", "0000-01-01T00:00:00.000000+00:00"),
            ("9999-12-31T23:59:59Z", "9999-12-31T23:59:59.000000+00:00"),
        ] {
            let d: DateTime = text.parse().unwrap();
            assert_eq!(d.to_string(), written, "{text}");
            assert_eq!(written.parse::<DateTime>().unwrap(), d, "{text}");
        }
    }

    #[test]
    fn years_that_cannot_be_written_back_are_refused() {
        for text in [
            "22-05-15 09:58:41",
            "22-05-15",
            "+10000-01-01T00:00:00Z",
            "10000-01-01T00:00:00",
            "-0001-01-01T00:00:00Z",
            "2024-05-15T09:58:41+05:30:15",
        ] {
            assert!(text.parse::<DateTime>().is_err(), "{text}");
        }
        let far = DateTime(
            chrono::NaiveDate::from_ymd_opt(10000, 1, 1)
                .unwrap()
                .and_time(chrono::NaiveTime::MIN)
                .and_utc()
                .fixed_offset(),
        );
        let err = serde_json::to_string(&crate::wire::WrittenSlot(&Some(far))).unwrap_err();
        assert!(err.to_string().contains("0000 to 9999"), "{err}");
    }
}
