//! The normalisation a MISP server applies to attribute values when it saves them, as a pure
//! function, so a client can match what the server will store (for de-duplication, look-ups and
//! correlation) before sending anything.
//!
//! What [`normalize_value`] does, per type:
//!
//! | types | change |
//! |---|---|
//! | every type | surrounding whitespace trimmed |
//! | digests (`md5`, `sha*`, `imphash`, `tlsh`, `ja3-fingerprint-md5`, ...), `onion-address`, e-mail addresses | lower-cased |
//! | `x509-fingerprint-*` | `:` separators removed, lower-cased |
//! | `filename\|<digest>` | the digest part lower-cased |
//! | `domain`, `hostname` | lower-cased, trailing dot removed, internationalised names to punycode (`bücher.de` → `xn--bcher-kva.de`) |
//! | `ip-src`, `ip-dst` | brackets removed, IPv6 in canonical compressed form, `/32` and `/128` prefixes dropped |
//! | `ip-*\|port`, `hostname\|port` | `host:port` and `[v6]:port` written as `host\|port`, the address part normalised |
//! | `domain\|ip` | both parts normalised |
//! | `AS` | `AS` prefix removed, asdot (`1.10`) converted to a plain number |
//! | `mac-address`, `mac-eui-64` | lower-cased pairs separated by `:` |
//! | `vulnerability`, `weakness` | upper-cased, en dashes turned into `-` |
//! | `http-method`, `hex` | upper-cased |
//! | `iban`, `bic` | spaces removed, upper-cased |
//! | `cc-number`, `bin` | digits only |
//! | `datetime` | ISO 8601 with microseconds and offset, as MISP stores it |
//!
//! Refanging (`hxxp://example[.]com` → `http://example.com`) is not something the server does on
//! save; it is applied only when asked for with [`NormalizeOptions::refang`].

use std::net::IpAddr;

use crate::validate::value::{parse_as_number, parse_datetime, parse_ip};

/// Options for [`normalize_value`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct NormalizeOptions {
    /// Also refang defanged indicators (`hxxp`, `[.]`, `[at]` ...) in network and e-mail
    /// types before normalising them.
    pub refang: bool,
}

impl NormalizeOptions {
    /// Options that also refang indicators.
    pub fn with_refang() -> Self {
        NormalizeOptions { refang: true }
    }
}

const LOWERCASE_TYPES: &[&str] = &[
    "md5",
    "sha1",
    "sha224",
    "sha256",
    "sha384",
    "sha512",
    "sha512/224",
    "sha512/256",
    "sha3-224",
    "sha3-256",
    "sha3-384",
    "sha3-512",
    "imphash",
    "authentihash",
    "telfhash",
    "pehash",
    "tlsh",
    "cdhash",
    "git-commit-id",
    "ja3-fingerprint-md5",
    "jarm-fingerprint",
    "hassh-md5",
    "hasshserver-md5",
    "dom-hash",
    "onion-address",
    "email",
    "email-src",
    "email-dst",
    "eppn",
    "target-email",
    "whois-registrant-email",
    "dns-soa-email",
];

/// Types whose values may carry defanged indicators worth refanging.
const REFANG_TYPES: &[&str] = &[
    "url",
    "uri",
    "link",
    "domain",
    "hostname",
    "ip-src",
    "ip-dst",
    "ip-src|port",
    "ip-dst|port",
    "hostname|port",
    "domain|ip",
    "email",
    "email-src",
    "email-dst",
    "eppn",
    "target-email",
    "whois-registrant-email",
    "dns-soa-email",
    "email-reply-to",
    "onion-address",
];

/// Returns `value` as a MISP server stores it for an attribute of type `attr_type`.
///
/// Values that do not parse as their type are left as they are (after trimming), so that
/// [`validate_value`](crate::validate::validate_value) can report them.
///
/// ```
/// use misp_types::normalize::{normalize_value, NormalizeOptions};
///
/// let opts = NormalizeOptions::default();
/// assert_eq!(normalize_value("md5", " D41D8CD98F00B204E9800998ECF8427E ", opts),
///            "d41d8cd98f00b204e9800998ecf8427e");
/// assert_eq!(normalize_value("ip-dst", "2001:0DB8:0000:0000:0000:0000:0000:0001", opts),
///            "2001:db8::1");
/// assert_eq!(normalize_value("ip-dst|port", "[2001:db8::1]:443", opts), "2001:db8::1|443");
/// assert_eq!(normalize_value("url", "hxxps://evil[.]example/a", NormalizeOptions::with_refang()),
///            "https://evil.example/a");
/// ```
pub fn normalize_value(attr_type: &str, value: &str, options: NormalizeOptions) -> String {
    let mut value = value.trim().to_owned();
    if options.refang && REFANG_TYPES.contains(&attr_type) {
        value = refang(&value);
    }
    if LOWERCASE_TYPES.contains(&attr_type) {
        return value.to_lowercase();
    }
    if let Some(hash) = attr_type.strip_prefix("filename|") {
        if LOWERCASE_TYPES.contains(&hash)
            && let Some((name, digest)) = value.rsplit_once('|')
        {
            return format!("{name}|{}", digest.trim().to_lowercase());
        }
        return value;
    }
    match attr_type {
        "x509-fingerprint-md5" | "x509-fingerprint-sha1" | "x509-fingerprint-sha256" => {
            value.replace(':', "").to_lowercase()
        }
        "domain" | "hostname" => normalize_domain(&value),
        "ip-src" | "ip-dst" => normalize_ip(&value),
        "ip-src|port" | "ip-dst|port" => match split_host_port(&value) {
            Some((ip, port)) => format!("{}|{port}", normalize_ip(ip)),
            None => value,
        },
        "hostname|port" => match split_host_port(&value) {
            Some((host, port)) => format!("{}|{port}", normalize_domain(host)),
            None => value.to_lowercase(),
        },
        "domain|ip" => match value.split_once('|') {
            Some((domain, ip)) => format!("{}|{}", normalize_domain(domain), normalize_ip(ip)),
            None => value,
        },
        "AS" => parse_as_number(&value).map_or(value, |n| n.to_string()),
        "mac-address" | "mac-eui-64" => normalize_mac(&value),
        "vulnerability" | "weakness" => value.replace('\u{2013}', "-").to_uppercase(),
        "http-method" | "hex" => value.to_uppercase(),
        "iban" | "bic" => value.replace(' ', "").to_uppercase(),
        // Digits with spaces or dashes between them lose the separators; anything else is
        // left for validation to report.
        "cc-number" | "bin"
            if value.chars().any(|c| c.is_ascii_digit())
                && value
                    .chars()
                    .all(|c| c.is_ascii_digit() || c == ' ' || c == '-') =>
        {
            value.chars().filter(char::is_ascii_digit).collect()
        }
        "datetime" => match parse_datetime(&value) {
            Some(dt) => dt.format("%Y-%m-%dT%H:%M:%S%.6f%z").to_string(),
            None => value,
        },
        _ => value,
    }
}

/// Turns defanged notation back into the indicator it hides.
///
/// Handles the usual forms: `hxxp`, `hxxps`, `hXXp`, `hxtp`, `htxp`, `h**p`, `meow` and `h[tt]p`
/// schemes; `[.]`, `(.)`, `{.}`, `[dot]`, `(dot)`, `{dot}` and `\.` for dots; `[@]`, `(@)`, `[at]`,
/// `(at)` for `@`; `[:]` for `:`, `[://]` for `://` and `[/]` for `/`.
///
/// ```
/// assert_eq!(misp_types::normalize::refang("hxxp://bad[.]example(dot)com[/]x"),
///            "http://bad.example.com/x");
/// assert_eq!(misp_types::normalize::refang("user[at]example[.]org"), "user@example.org");
/// ```
///
/// Refanging what is already refanged changes nothing: nested notations (`[[.]]`, `\\.`) are
/// undone to the end.
pub fn refang(value: &str) -> String {
    let mut out = value.to_owned();
    // Each pass only shortens the text or leaves it: a few passes reach the end.
    for _ in 0..16 {
        let next = refang_once(&out);
        if next == out {
            break;
        }
        out = next;
    }
    out
}

fn refang_once(value: &str) -> String {
    let mut out = value.to_owned();
    for (from, to) in [
        ("[://]", "://"),
        ("[:]", ":"),
        ("[/]", "/"),
        ("[.]", "."),
        ("(.)", "."),
        ("{.}", "."),
        ("\\.", "."),
        ("[@]", "@"),
        ("(@)", "@"),
        ("{@}", "@"),
    ] {
        out = out.replace(from, to);
    }
    for (from, to) in [
        ("[dot]", "."),
        ("(dot)", "."),
        ("{dot}", "."),
        ("[at]", "@"),
        ("(at)", "@"),
        ("{at}", "@"),
    ] {
        out = replace_ignore_ascii_case(&out, from, to);
    }
    refang_scheme(&out)
}

fn refang_scheme(value: &str) -> String {
    const DEFANGED: &[&str] = &["hxxp", "hxtp", "htxp", "h**p", "h[tt]p", "meow"];
    let lower = value.to_ascii_lowercase();
    for defanged in DEFANGED {
        if lower.starts_with(defanged) {
            let rest = value.get(defanged.len()..).unwrap_or_default();
            if rest.starts_with("://") || rest.starts_with("s://") {
                return format!("http{rest}");
            }
        }
    }
    value.to_owned()
}

fn replace_ignore_ascii_case(haystack: &str, needle: &str, replacement: &str) -> String {
    let lower = haystack.to_ascii_lowercase();
    let mut out = String::with_capacity(haystack.len());
    let mut last = 0;
    for (start, _) in lower.match_indices(needle) {
        // ASCII lower-casing keeps every byte offset, so these are character boundaries.
        out.push_str(haystack.get(last..start).unwrap_or_default());
        out.push_str(replacement);
        last = start + needle.len();
    }
    out.push_str(haystack.get(last..).unwrap_or_default());
    out
}

fn normalize_domain(value: &str) -> String {
    let trim = |v: &str| -> String {
        v.trim_start()
            .trim_end_matches(|c: char| c == '.' || c.is_whitespace())
            .to_owned()
    };
    let trimmed = trim(value);
    if trimmed.is_ascii() {
        return trimmed.to_ascii_lowercase();
    }
    // IDNA maps case itself (a plain lowercase can make a valid name invalid: `İ` becomes
    // `i` and a combining dot); it also drops invisible characters, which may uncover a
    // trailing dot. A name IDNA refuses is left as it was.
    match url::Host::parse(&trimmed) {
        Ok(url::Host::Domain(ascii)) => trim(&ascii),
        _ => trimmed,
    }
}

fn normalize_ip(value: &str) -> String {
    let value = value.trim();
    let (addr, prefix) = match value.split_once('/') {
        Some((addr, prefix)) => (addr, Some(prefix)),
        None => (value, None),
    };
    let Some(ip) = parse_ip(addr) else {
        return value.to_owned();
    };
    match (ip, prefix) {
        (_, None) | (IpAddr::V4(_), Some("32")) | (IpAddr::V6(_), Some("128")) => ip.to_string(),
        (_, Some(prefix)) => format!("{ip}/{prefix}"),
    }
}

/// Splits `host|port`, `host:port` or `[v6]:port`.
/// Both parts are trimmed, so that `1.2.3.4: 80` and `1.2.3.4|80` normalise alike.
fn split_host_port(value: &str) -> Option<(&str, &str)> {
    let (host, port) = if let Some(split) = value.rsplit_once('|') {
        split
    } else if let Some(rest) = value.strip_prefix('[') {
        rest.split_once("]:")?
    } else if value.matches(':').count() == 1 {
        // A single `:` separates host and port; more means a bare IPv6 address without a port.
        value.split_once(':')?
    } else {
        return None;
    };
    Some((host.trim(), port.trim()))
}

fn normalize_mac(value: &str) -> String {
    let hex: String = value
        .chars()
        .filter(|c| !matches!(c, ':' | '-' | '.' | ' '))
        .collect();
    if !hex.len().is_multiple_of(2) || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
        return value.to_lowercase();
    }
    hex.to_lowercase()
        .as_bytes()
        .chunks(2)
        .map(|pair| String::from_utf8_lossy(pair).into_owned())
        .collect::<Vec<_>>()
        .join(":")
}
