//! Points in time and time ranges for restSearch filters.

use std::fmt;

use serde::ser::{Serialize, SerializeSeq, Serializer};

/// The unit of a relative time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    /// Days (`d`).
    Days,
    /// Hours (`h`).
    Hours,
    /// Minutes (`m`).
    Minutes,
    /// Seconds (`s`).
    Seconds,
}

/// A point in time as MISP's time filters read it.
///
/// ```
/// use misp_api::search::Time;
/// assert_eq!(Time::parse("12h").unwrap(), Time::hours(12));
/// assert_eq!(Time::parse("2024-01-31").unwrap().to_string(), "2024-01-31");
/// assert_eq!(Time::parse("1700000000").unwrap(), Time::Timestamp(1_700_000_000));
/// assert!(Time::parse("2w").is_err());
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Time {
    /// A Unix timestamp in seconds.
    Timestamp(i64),
    /// A time before now: `1d`, `12h`, `30m`, `10s`.
    Ago(u32, Unit),
    /// A calendar date, `YYYY-MM-DD`.
    Date {
        /// The year.
        year: u16,
        /// The month (1 to 12).
        month: u8,
        /// The day (1 to 31).
        day: u8,
    },
}

impl Time {
    /// `n` days ago.
    pub fn days(n: u32) -> Self {
        Time::Ago(n, Unit::Days)
    }

    /// `n` hours ago.
    pub fn hours(n: u32) -> Self {
        Time::Ago(n, Unit::Hours)
    }

    /// `n` minutes ago.
    pub fn minutes(n: u32) -> Self {
        Time::Ago(n, Unit::Minutes)
    }

    /// `n` seconds ago.
    pub fn seconds(n: u32) -> Self {
        Time::Ago(n, Unit::Seconds)
    }

    /// A calendar date; fails on an impossible one.
    pub fn date(year: u16, month: u8, day: u8) -> Result<Self, String> {
        let days_in_month = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if (year.is_multiple_of(4) && !year.is_multiple_of(100))
                || year.is_multiple_of(400) =>
            {
                29
            }
            2 => 28,
            _ => return Err(format!("{month} is not a month")),
        };
        if day == 0 || day > days_in_month {
            return Err(format!("{year:04}-{month:02} has no day {day}"));
        }
        Ok(Time::Date { year, month, day })
    }

    /// Reads `1d`/`12h`/`30m`/`10s`, a Unix timestamp, or a `YYYY-MM-DD` date.
    pub fn parse(text: &str) -> Result<Self, String> {
        let text = text.trim();
        if let Ok(ts) = text.parse::<i64>() {
            return Ok(Time::Timestamp(ts));
        }
        if let Some(last) = text.chars().last() {
            let unit = match last.to_ascii_lowercase() {
                'd' => Some(Unit::Days),
                'h' => Some(Unit::Hours),
                'm' => Some(Unit::Minutes),
                's' => Some(Unit::Seconds),
                _ => None,
            };
            if let (Some(unit), Ok(n)) = (
                unit,
                text.get(..text.len() - 1)
                    .unwrap_or_default()
                    .parse::<u32>(),
            ) {
                return Ok(Time::Ago(n, unit));
            }
        }
        let parts: Vec<&str> = text.split('-').collect();
        if let [y, m, d] = parts[..]
            && y.len() == 4
            && m.len() == 2
            && d.len() == 2
            && let (Ok(y), Ok(m), Ok(d)) = (y.parse(), m.parse(), d.parse())
        {
            return Time::date(y, m, d);
        }
        Err(format!(
            "`{text}` is not a time: use 1d, 12h, 30m, 10s, a Unix timestamp or YYYY-MM-DD"
        ))
    }

    /// True for a relative time (`1d` ...).
    pub fn is_relative(&self) -> bool {
        matches!(self, Time::Ago(..))
    }
}

impl fmt::Display for Time {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Time::Timestamp(ts) => write!(f, "{ts}"),
            Time::Ago(n, unit) => write!(
                f,
                "{n}{}",
                match unit {
                    Unit::Days => 'd',
                    Unit::Hours => 'h',
                    Unit::Minutes => 'm',
                    Unit::Seconds => 's',
                }
            ),
            Time::Date { year, month, day } => write!(f, "{year:04}-{month:02}-{day:02}"),
        }
    }
}

impl From<i64> for Time {
    fn from(ts: i64) -> Self {
        Time::Timestamp(ts)
    }
}

impl Serialize for Time {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Time::Timestamp(ts) => s.serialize_i64(*ts),
            other => s.collect_str(other),
        }
    }
}

/// A time filter: since a point in time, or between two.
///
/// ```
/// use misp_api::search::{Time, TimeFilter};
/// let f = TimeFilter::between(Time::days(14), Time::days(7));
/// assert_eq!(serde_json::to_string(&f).unwrap(), r#"["14d","7d"]"#);
/// assert_eq!(serde_json::to_string(&TimeFilter::since(Time::hours(12))).unwrap(), r#""12h""#);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TimeFilter {
    /// At or after this time.
    Since(Time),
    /// Between these times (the server swaps them if needed).
    Between(Time, Time),
}

impl TimeFilter {
    /// At or after `time`.
    pub fn since(time: impl Into<Time>) -> Self {
        TimeFilter::Since(time.into())
    }

    /// Between `from` and `to`.
    pub fn between(from: impl Into<Time>, to: impl Into<Time>) -> Self {
        TimeFilter::Between(from.into(), to.into())
    }
}

impl From<Time> for TimeFilter {
    fn from(time: Time) -> Self {
        TimeFilter::Since(time)
    }
}

impl Serialize for TimeFilter {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            TimeFilter::Since(t) => t.serialize(s),
            TimeFilter::Between(a, b) => {
                let mut seq = s.serialize_seq(Some(2))?;
                seq.serialize_element(a)?;
                seq.serialize_element(b)?;
                seq.end()
            }
        }
    }
}
