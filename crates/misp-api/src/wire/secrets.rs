//! Keeping API keys out of every text that reaches a user: error messages, excerpts, logs.
//!
//! A MISP auth key is 40 characters from `[A-Za-z0-9]`. Any such run in a server's text (a 500
//! that echoes the request headers, a message quoting an issued key) is replaced; runs of hex
//! digits only (SHA-1 values) are left, since a random key almost always has other letters.
//! The executor also removes the exact key it sends ([`redact`]), whatever its shape.

use std::borrow::Cow;

/// What a removed key is replaced with.
pub const REDACTED: &str = "<redacted key>";

const KEY_LEN: usize = 40;

/// Replaces every run that looks like a MISP auth key with [`REDACTED`].
///
/// ```
/// use misp_api::wire::scrub_keys;
/// let text = "Authorization: 7Xp2qLm9Rt4vWz8bNc3dFg6hJk1sYa5eUi0oPq2r, sha1 da39a3ee5e6b4b0d3255bfef95601890afd80709";
/// assert_eq!(
///     scrub_keys(text),
///     "Authorization: <redacted key>, sha1 da39a3ee5e6b4b0d3255bfef95601890afd80709"
/// );
/// ```
pub fn scrub_keys(text: &str) -> Cow<'_, str> {
    let bytes = text.as_bytes();
    let mut out: Option<String> = None;
    let mut copied = 0;
    let mut i = 0;
    let alnum = |i: usize| bytes.get(i).is_some_and(u8::is_ascii_alphanumeric);
    while i < bytes.len() {
        if !alnum(i) {
            i += 1;
            continue;
        }
        let start = i;
        while alnum(i) {
            i += 1;
        }
        let run = bytes.get(start..i).unwrap_or_default();
        if run.len() == KEY_LEN && !run.iter().all(u8::is_ascii_hexdigit) {
            let o = out.get_or_insert_with(|| String::with_capacity(text.len()));
            // Runs of ASCII alphanumerics start and end on character boundaries.
            o.push_str(text.get(copied..start).unwrap_or_default());
            o.push_str(REDACTED);
            copied = i;
        }
    }
    match out {
        None => Cow::Borrowed(text),
        Some(mut o) => {
            o.push_str(text.get(copied..).unwrap_or_default());
            Cow::Owned(o)
        }
    }
}

/// Replaces every occurrence of `secret` (when not empty) with [`REDACTED`], then any other
/// key-shaped run ([`scrub_keys`]).
///
/// ```
/// use misp_api::wire::redact;
/// assert_eq!(redact("key=test-key-1 echoed", "test-key-1"), "key=<redacted key> echoed");
/// ```
pub fn redact(text: &str, secret: &str) -> String {
    let text = if secret.is_empty() {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(text.replace(secret, REDACTED))
    };
    scrub_keys(&text).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_key_shaped_runs_go() {
        let key = "a".repeat(39) + "Z";
        assert_eq!(scrub_keys(&format!("[{key}]")), format!("[{REDACTED}]"));
        // 41 characters is not a key; neither is a SHA-1.
        let long = "b".repeat(40) + "Z";
        assert_eq!(scrub_keys(&long), long);
        let sha1 = "0123456789abcdef0123456789abcdef01234567";
        assert_eq!(scrub_keys(sha1), sha1);
        assert_eq!(scrub_keys("héllo"), "héllo");
        assert!(matches!(scrub_keys("plain"), Cow::Borrowed(_)));
    }
}
