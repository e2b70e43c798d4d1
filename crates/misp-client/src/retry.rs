//! When and how often a failed request is sent again.

use std::time::{Duration, SystemTime};

use http::StatusCode;

/// How failed requests are retried: exponential backoff with jitter, `Retry-After` honoured.
///
/// A request is repeated only when repeating it is safe:
/// - a connection that could not be opened, and a 429 (the server did not run the request),
///   are retried for every request;
/// - timeouts, broken connections and the retryable statuses (502, 503, 504 by default) leave the
///   outcome unknown, so they are retried only for requests that are safe to repeat
///   ([`Idempotency::Safe`](misp_api::Idempotency::Safe)), or for creations carrying a
///   client-side UUID when the caller gave a way to look that UUID up
///   ([`Client::send_or_find`](crate::Client::send_or_find)).
///
/// ```
/// use std::time::Duration;
/// use misp_client::RetryPolicy;
///
/// let policy = RetryPolicy::default()
///     .max_retries(5)
///     .initial_backoff(Duration::from_millis(100))
///     .max_backoff(Duration::from_secs(5));
/// assert_eq!(policy.max_retries_value(), 5);
/// assert_eq!(RetryPolicy::none().max_retries_value(), 0);
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct RetryPolicy {
    max_retries: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    multiplier: f64,
    jitter: bool,
    max_retry_after: Duration,
    max_retry_time: Duration,
    statuses: Vec<StatusCode>,
}

impl Default for RetryPolicy {
    /// Three retries, backoff from 250 ms doubling up to 10 s with full jitter, `Retry-After`
    /// honoured up to 60 s, no retry started once 2 minutes have passed since the first
    /// attempt, on 502, 503 and 504 (and 429).
    fn default() -> Self {
        RetryPolicy {
            max_retries: 3,
            initial_backoff: Duration::from_millis(250),
            max_backoff: Duration::from_secs(10),
            multiplier: 2.0,
            jitter: true,
            max_retry_after: Duration::from_secs(60),
            max_retry_time: Duration::from_secs(120),
            statuses: vec![
                StatusCode::BAD_GATEWAY,
                StatusCode::SERVICE_UNAVAILABLE,
                StatusCode::GATEWAY_TIMEOUT,
            ],
        }
    }
}

/// Whether a failed attempt may be repeated, and after how long.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Verdict {
    /// Do not repeat.
    Stop,
    /// Repeat after this pause.
    RetryAfter(Duration),
    /// The server asked for a pause longer than the policy allows.
    TooLate(Duration),
}

/// How a failed attempt ended, as far as the retry decision needs to know.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Failure {
    /// The connection was never opened: the server did not see the request.
    NotSent,
    /// The server refused with 429, maybe saying when to come back.
    TooMany(Option<Duration>),
    /// The outcome is unknown (timeout, broken connection, a retryable status).
    Unknown(Option<Duration>),
}

impl RetryPolicy {
    /// A policy that never retries.
    pub fn none() -> Self {
        RetryPolicy {
            max_retries: 0,
            ..RetryPolicy::default()
        }
    }

    /// How many times a request may be repeated after its first attempt (0 turns retries off).
    #[must_use]
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.max_retries = retries;
        self
    }

    /// The pause before the first retry; each further retry multiplies it.
    #[must_use]
    pub fn initial_backoff(mut self, backoff: Duration) -> Self {
        self.initial_backoff = backoff;
        self
    }

    /// The longest pause between two attempts.
    #[must_use]
    pub fn max_backoff(mut self, backoff: Duration) -> Self {
        self.max_backoff = backoff;
        self
    }

    /// The factor between two successive pauses (2.0 by default; values below 1 count as 1).
    #[must_use]
    pub fn multiplier(mut self, multiplier: f64) -> Self {
        self.multiplier = if multiplier.is_finite() {
            multiplier.max(1.0)
        } else {
            1.0
        };
        self
    }

    /// Whether pauses are drawn at random between zero and the backoff ("full jitter", on by
    /// default) so that many clients do not retry in step.
    #[must_use]
    pub fn jitter(mut self, jitter: bool) -> Self {
        self.jitter = jitter;
        self
    }

    /// The longest `Retry-After` the client waits for; a server asking for longer gets the
    /// error back instead.
    #[must_use]
    pub fn max_retry_after(mut self, wait: Duration) -> Self {
        self.max_retry_after = wait;
        self
    }

    /// The longest time spent retrying one request: no retry starts that would begin later
    /// than this after the first attempt began (2 minutes by default).
    #[must_use]
    pub fn max_retry_time(mut self, time: Duration) -> Self {
        self.max_retry_time = time;
        self
    }

    /// The configured `Retry-After` cap.
    pub fn max_retry_after_value(&self) -> Duration {
        self.max_retry_after
    }

    /// The configured cap on the time spent retrying.
    pub fn max_retry_time_value(&self) -> Duration {
        self.max_retry_time
    }

    /// The statuses whose outcome counts as unknown and may be retried for safe requests
    /// (502, 503 and 504 by default; 429 is always handled on its own).
    #[must_use]
    pub fn retry_statuses(mut self, statuses: impl IntoIterator<Item = StatusCode>) -> Self {
        self.statuses = statuses.into_iter().collect();
        self
    }

    /// The configured number of retries.
    pub fn max_retries_value(&self) -> u32 {
        self.max_retries
    }

    /// Whether a response status may be retried for a safe request.
    pub(crate) fn retries_status(&self, status: StatusCode) -> bool {
        self.statuses.contains(&status)
    }

    /// The pause before retry number `retry` (1-based), before jitter.
    pub fn backoff(&self, retry: u32) -> Duration {
        let exp = self.multiplier.powi(retry.saturating_sub(1).min(64) as i32);
        let secs = (self.initial_backoff.as_secs_f64() * exp).min(self.max_backoff.as_secs_f64());
        Duration::try_from_secs_f64(secs).unwrap_or(self.max_backoff)
    }

    /// Decides whether attempt number `attempt` (1-based), which failed as `failure`, is repeated.
    pub(crate) fn decide(&self, attempt: u32, failure: Failure, repeatable: bool) -> Verdict {
        if attempt > self.max_retries {
            return Verdict::Stop;
        }
        let hinted = match failure {
            Failure::NotSent => None,
            Failure::TooMany(hint) => hint,
            Failure::Unknown(hint) if repeatable => hint,
            Failure::Unknown(_) => return Verdict::Stop,
        };
        let backoff = self.backoff(attempt);
        let pause = if self.jitter && !backoff.is_zero() {
            // Jitter needs no cryptographic randomness: fastrand's thread-local generator.
            let nanos = u64::try_from(backoff.as_nanos()).unwrap_or(u64::MAX);
            Duration::from_nanos(fastrand::u64(0..=nanos))
        } else {
            backoff
        };
        match hinted {
            Some(wait) if wait > self.max_retry_after => Verdict::TooLate(wait),
            // Never come back earlier than the server asked.
            Some(wait) => Verdict::RetryAfter(wait.max(pause)),
            None => Verdict::RetryAfter(pause),
        }
    }
}

/// Reads a `Retry-After` header: delay seconds or an HTTP date.
pub(crate) fn parse_retry_after(value: &http::HeaderValue) -> Option<Duration> {
    let text = value.to_str().ok()?.trim();
    if let Ok(secs) = text.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let when = httpdate::parse_http_date(text).ok()?;
    Some(
        when.duration_since(SystemTime::now())
            .unwrap_or(Duration::ZERO),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_and_is_capped() {
        let p = RetryPolicy::default()
            .initial_backoff(Duration::from_millis(100))
            .max_backoff(Duration::from_millis(1000));
        assert_eq!(p.backoff(1), Duration::from_millis(100));
        assert_eq!(p.backoff(2), Duration::from_millis(200));
        assert_eq!(p.backoff(3), Duration::from_millis(400));
        assert_eq!(p.backoff(5), Duration::from_millis(1000));
        assert_eq!(p.backoff(500), Duration::from_millis(1000));
    }

    #[test]
    fn jitter_stays_within_the_backoff() {
        let p = RetryPolicy::default()
            .max_retries(10)
            .initial_backoff(Duration::from_millis(100));
        for _ in 0..200 {
            match p.decide(2, Failure::NotSent, false) {
                Verdict::RetryAfter(d) => assert!(d <= Duration::from_millis(200), "{d:?}"),
                other => panic!("should retry, got {other:?}"),
            }
        }
    }

    #[test]
    fn unknown_outcomes_are_retried_only_when_repeatable() {
        let p = RetryPolicy::default().jitter(false);
        assert_eq!(p.decide(1, Failure::Unknown(None), false), Verdict::Stop);
        assert_eq!(
            p.decide(1, Failure::Unknown(None), true),
            Verdict::RetryAfter(Duration::from_millis(250))
        );
        assert_eq!(
            p.decide(1, Failure::NotSent, false),
            Verdict::RetryAfter(Duration::from_millis(250))
        );
        assert_eq!(p.decide(4, Failure::NotSent, true), Verdict::Stop);
        assert_eq!(
            RetryPolicy::none().decide(1, Failure::NotSent, true),
            Verdict::Stop
        );
    }

    #[test]
    fn retry_after_is_a_floor_and_has_a_cap() {
        let p = RetryPolicy::default()
            .jitter(false)
            .max_retry_after(Duration::from_secs(5));
        assert_eq!(
            p.decide(1, Failure::TooMany(Some(Duration::from_secs(2))), false),
            Verdict::RetryAfter(Duration::from_secs(2))
        );
        assert_eq!(
            p.decide(1, Failure::TooMany(Some(Duration::from_secs(50))), false),
            Verdict::TooLate(Duration::from_secs(50))
        );
    }

    #[test]
    fn retry_after_parses_seconds_and_dates() {
        let v = http::HeaderValue::from_static("7");
        assert_eq!(parse_retry_after(&v), Some(Duration::from_secs(7)));
        let past = http::HeaderValue::from_static("Wed, 21 Oct 2015 07:28:00 GMT");
        assert_eq!(parse_retry_after(&past), Some(Duration::ZERO));
        let future = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(120));
        let got = parse_retry_after(&http::HeaderValue::from_str(&future).unwrap()).unwrap();
        assert!(got > Duration::from_secs(100) && got <= Duration::from_secs(120));
        assert_eq!(
            parse_retry_after(&http::HeaderValue::from_static("soon")),
            None
        );
    }
}
