//! Bounds on what a server can make the client hold or wait for.

use std::fmt;
use std::time::Duration;

/// The limits a [`Client`](crate::Client) enforces on every answer, whatever the server sends.
///
/// Each has a safe default and can be raised (or lowered) from the builder, the config-file
/// profile and the environment; an answer that goes past one ends in
/// [`Error::Limit`](crate::Error::Limit), naming the limit and how to raise it.
///
/// ```
/// use std::time::Duration;
/// use misp_client::Limits;
///
/// let limits = Limits::default();
/// assert_eq!(limits.max_body_size, 256 * 1024 * 1024);
/// assert_eq!(limits.total_timeout, Some(Duration::from_secs(30 * 60)));
/// let client = misp_client::Client::builder()
///     .url("https://misp.example.org")
///     .key("k")
///     .max_body_size(1 << 20)
///     .max_pages(50)
///     .build()
///     .unwrap();
/// assert_eq!(client.limits().max_pages, 50);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Limits {
    /// The largest answer read whole (every operation that is not streamed), counted after
    /// decompression: 256 MiB.
    pub max_body_size: u64,
    /// The most bytes one answer may bring after decompression, streamed answers and exports
    /// included (a gzip bomb ends here): 8 GiB.
    pub max_decompressed_size: u64,
    /// The largest single item of a streamed list: 64 MiB.
    pub max_item_size: usize,
    /// The time one request may take, from the first attempt to the last byte of the answer,
    /// retries included: 30 minutes (`None`: no limit).
    pub total_timeout: Option<Duration>,
    /// The time a page walk ([`Client::paginate`](crate::Client::paginate)) may take in all:
    /// 4 hours (`None`: no limit).
    pub walk_timeout: Option<Duration>,
    /// The most pages one walk may read: 100 000.
    pub max_pages: u32,
}

/// How much of an error or HTML answer is read: enough for the server's message; the rest is
/// not read.
pub const ERROR_BODY_EXCERPT: usize = 64 * 1024;

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_body_size: 256 * 1024 * 1024,
            max_decompressed_size: 8 * 1024 * 1024 * 1024,
            max_item_size: crate::stream::DEFAULT_MAX_ITEM_BYTES,
            total_timeout: Some(Duration::from_secs(30 * 60)),
            walk_timeout: Some(Duration::from_secs(4 * 3600)),
            max_pages: 100_000,
        }
    }
}

/// Which limit an answer went past.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Limit {
    /// [`Limits::max_body_size`].
    BodySize,
    /// [`Limits::max_decompressed_size`].
    DecompressedSize,
    /// [`Limits::max_item_size`].
    ItemSize,
    /// [`Limits::total_timeout`].
    TotalTimeout,
    /// [`Limits::walk_timeout`].
    WalkTimeout,
    /// [`Limits::max_pages`].
    Pages,
    /// The server asked to come back later than
    /// [`RetryPolicy::max_retry_after`](crate::RetryPolicy::max_retry_after) allows.
    RetryAfter,
    /// Retrying would go past [`RetryPolicy::max_retry_time`](crate::RetryPolicy::max_retry_time).
    RetryTime,
    /// A page of a walk repeats an earlier one: the server ignores `page`. This is not a
    /// setting: walking on would repeat the same items for ever.
    RepeatedPage,
}

impl Limit {
    /// The limit's name, as in the config file.
    pub fn config_key(self) -> Option<&'static str> {
        Some(match self {
            Limit::BodySize => "max_body_size",
            Limit::DecompressedSize => "max_decompressed_size",
            Limit::ItemSize => "max_item_size",
            Limit::TotalTimeout => "total_timeout",
            Limit::WalkTimeout => "walk_timeout",
            Limit::Pages => "max_pages",
            Limit::RetryAfter => "max_retry_after",
            Limit::RetryTime => "max_retry_time",
            Limit::RepeatedPage => return None,
        })
    }

    /// The environment variable that sets it.
    pub fn env_var(self) -> Option<&'static str> {
        use crate::config::env;
        Some(match self {
            Limit::BodySize => env::MAX_BODY_SIZE,
            Limit::DecompressedSize => env::MAX_DECOMPRESSED_SIZE,
            Limit::ItemSize => env::MAX_ITEM_SIZE,
            Limit::TotalTimeout => env::TIMEOUT,
            Limit::WalkTimeout => env::WALK_TIMEOUT,
            Limit::Pages => env::MAX_PAGES,
            Limit::RetryAfter => env::MAX_RETRY_AFTER,
            Limit::RetryTime => env::MAX_RETRY_TIME,
            Limit::RepeatedPage => return None,
        })
    }

    /// The [`ClientBuilder`](crate::ClientBuilder) method that sets it.
    pub fn builder_method(self) -> Option<&'static str> {
        Some(match self {
            Limit::BodySize => "ClientBuilder::max_body_size",
            Limit::DecompressedSize => "ClientBuilder::max_decompressed_size",
            Limit::ItemSize => "ClientBuilder::max_item_size",
            Limit::TotalTimeout => "ClientBuilder::total_timeout",
            Limit::WalkTimeout => "ClientBuilder::walk_timeout",
            Limit::Pages => "ClientBuilder::max_pages",
            Limit::RetryAfter => "RetryPolicy::max_retry_after",
            Limit::RetryTime => "RetryPolicy::max_retry_time",
            Limit::RepeatedPage => return None,
        })
    }

    /// How to raise the limit, in a sentence.
    pub fn how_to_raise(self) -> String {
        match (self.builder_method(), self.config_key(), self.env_var()) {
            (Some(m), Some(k), Some(v)) => {
                format!("raise it with {m}, `{k}` in the config profile, or {v}")
            }
            _ => "the walk cannot go on: ask for the items without paging, or narrow the query"
                .to_owned(),
        }
    }
}

impl fmt::Display for Limit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Limit::BodySize => "body size limit",
            Limit::DecompressedSize => "decompressed size limit",
            Limit::ItemSize => "item size limit",
            Limit::TotalTimeout => "total time limit",
            Limit::WalkTimeout => "page walk time limit",
            Limit::Pages => "page limit",
            Limit::RetryAfter => "Retry-After limit",
            Limit::RetryTime => "retry time limit",
            Limit::RepeatedPage => "repeated page check",
        })
    }
}

/// A size in bytes, for messages: `256 MiB`, `1500 bytes`.
pub(crate) fn size_text(bytes: u64) -> String {
    const UNITS: [(u64, &str); 3] = [(1 << 30, "GiB"), (1 << 20, "MiB"), (1 << 10, "KiB")];
    for (unit, name) in UNITS {
        if bytes >= unit && bytes.is_multiple_of(unit) {
            return format!("{} {name}", bytes / unit);
        }
    }
    format!("{bytes} bytes")
}

/// Reads a size: a whole number of bytes, or one with a unit (`64KiB`, `256MiB`, `8GiB`, also
/// `K`/`M`/`G`, `KB`/`MB`/`GB` meaning the binary units), as the config file and the
/// environment give them.
///
/// ```
/// assert_eq!(misp_client::parse_size("64MiB"), Ok(64 << 20));
/// assert!(misp_client::parse_size("0").is_err());
/// ```
pub fn parse_size(text: &str) -> Result<u64, String> {
    let t = text.trim();
    let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (digits, unit) = t.split_at(split);
    let n: u64 = digits.parse().map_err(|_| {
        format!("expected a size in bytes (such as 1048576 or 64MiB), got `{text}`")
    })?;
    let factor: u64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kb" | "kib" => 1 << 10,
        "m" | "mb" | "mib" => 1 << 20,
        "g" | "gb" | "gib" => 1 << 30,
        "t" | "tb" | "tib" => 1 << 40,
        other => {
            return Err(format!(
                "unknown size unit `{other}` in `{text}` (use KiB, MiB or GiB)"
            ));
        }
    };
    let bytes = n
        .checked_mul(factor)
        .ok_or_else(|| format!("`{text}` is too large"))?;
    if bytes == 0 {
        return Err(format!(
            "a size limit must be at least one byte, got `{text}`"
        ));
    }
    Ok(bytes)
}

/// Reads a positive, finite number of seconds (`30`, `0.5`); `inf`, `1e300`, `NaN`, zero and
/// negative values are refused with a message.
pub(crate) fn parse_secs_f64(seconds: f64) -> Result<Duration, String> {
    if !seconds.is_finite() || seconds <= 0.0 {
        return Err(format!(
            "expected a positive, finite number of seconds, got `{seconds}`"
        ));
    }
    Duration::try_from_secs_f64(seconds)
        .map_err(|_| format!("`{seconds}` seconds is too long"))
        .and_then(|d| {
            if d.is_zero() {
                Err(format!("`{seconds}` seconds is too short"))
            } else {
                Ok(d)
            }
        })
}

/// Reads a positive, finite number of seconds from text (`30`, `0.5`), as the config file and
/// the environment give them; `inf`, `1e300`, `NaN`, zero and negative values are refused.
///
/// ```
/// assert_eq!(misp_client::parse_seconds("1.5"), Ok(std::time::Duration::from_millis(1500)));
/// assert!(misp_client::parse_seconds("inf").is_err());
/// ```
pub fn parse_seconds(text: &str) -> Result<Duration, String> {
    let seconds = text
        .trim()
        .parse::<f64>()
        .map_err(|_| format!("expected a positive number of seconds, got `{text}`"))?;
    parse_secs_f64(seconds)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_parse_with_units_and_refuse_nonsense() {
        assert_eq!(parse_size("1048576"), Ok(1 << 20));
        assert_eq!(parse_size("64MiB"), Ok(64 << 20));
        assert_eq!(parse_size(" 8 GiB "), Ok(8 << 30));
        assert_eq!(parse_size("4k"), Ok(4096));
        for bad in [
            "",
            "-1",
            "1.5MiB",
            "inf",
            "1e300",
            "12 parsecs",
            "0",
            "99999999999999TiB",
        ] {
            assert!(parse_size(bad).is_err(), "{bad}");
        }
        assert_eq!(size_text(256 << 20), "256 MiB");
        assert_eq!(size_text(1500), "1500 bytes");
    }

    #[test]
    fn seconds_must_be_positive_and_finite() {
        assert_eq!(parse_secs_f64(1.5), Ok(Duration::from_millis(1500)));
        for bad in [f64::INFINITY, f64::NAN, 1e300, -1.0, 0.0, 1e-12] {
            assert!(parse_secs_f64(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn every_setting_limit_says_how_to_raise_it() {
        let hint = Limit::BodySize.how_to_raise();
        assert!(hint.contains("ClientBuilder::max_body_size"), "{hint}");
        assert!(hint.contains("`max_body_size`") && hint.contains("MISP_MAX_BODY_SIZE"));
        assert!(Limit::RepeatedPage.config_key().is_none());
    }
}
