//! Checks that an attribute value fits its type, one rule per MISP attribute type.
//!
//! The rules follow what a MISP server accepts on save (its `AttributeValidationTool`), made
//! stricter where MISP lets obvious mistakes through (empty labels in a domain, a port of 0, a
//! CIDR prefix longer than the address). Composite types (`filename|md5`, `ip-dst|port`,
//! `domain|ip`, ...) are split on `|` and each side is checked against its own rule, so an error
//! names the side that is wrong.
//!
//! Values are checked as the server would store them: run them through
//! [`normalize_value`](crate::normalize::normalize_value) first when they may carry surrounding
//! whitespace, upper-case hashes or defanged notation.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// Why a value does not fit its attribute type.
///
/// The `Display` text is written for a person: it quotes the value, says what the type expects
/// and, where it helps, what to do instead.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ValueError {
    /// The value is empty or only whitespace.
    #[error("the `{attr_type}` value is empty: give a value, or remove the attribute")]
    Empty {
        /// The attribute type that was checked.
        attr_type: String,
    },
    /// The value does not match what the type expects.
    #[error("`{value}` is not a valid `{attr_type}` value: expected {expected}")]
    Invalid {
        /// The attribute type that was checked.
        attr_type: String,
        /// The offending value (or composite part).
        value: String,
        /// What the type expects, in words.
        expected: String,
    },
    /// A composite value does not have the two `|`-separated parts its type needs.
    #[error(
        "`{value}` is not a valid `{attr_type}` value: expected two parts separated by `|` ({left}|{right}), found {found} part(s)"
    )]
    CompositeShape {
        /// The composite attribute type, e.g. `filename|md5`.
        attr_type: String,
        /// The whole value.
        value: String,
        /// The name of the left-hand part.
        left: String,
        /// The name of the right-hand part.
        right: String,
        /// How many parts the value split into.
        found: usize,
    },
    /// One side of a composite value is wrong.
    #[error("the {side} part of the `{attr_type}` value is wrong: {source}")]
    CompositePart {
        /// The composite attribute type, e.g. `filename|md5`.
        attr_type: String,
        /// `left` or `right`.
        side: &'static str,
        /// What is wrong with that side.
        source: Box<ValueError>,
    },
}

impl ValueError {
    fn invalid(attr_type: &str, value: &str, expected: impl Into<String>) -> Self {
        ValueError::Invalid {
            attr_type: attr_type.to_owned(),
            value: value.to_owned(),
            expected: expected.into(),
        }
    }
}

/// How a type's values are checked.
#[derive(Debug, Clone, Copy)]
enum Rule {
    /// Hexadecimal digest of one of the given lengths; the name is used in messages.
    Hex(&'static [usize], &'static str),
    /// Hexadecimal string of at least this many characters.
    HexAtLeast(usize, &'static str),
    /// Any even or odd length run of hexadecimal characters (the `hex` type).
    HexString,
    /// TLSH digest: at least 35 hex characters, optionally prefixed by `T1`.
    Tlsh,
    /// ssdeep `blocksize:hash:hash`.
    Ssdeep,
    /// impfuzzy `imports:hash:hash`.
    Impfuzzy,
    /// IPv4 or IPv6 address, with an optional CIDR prefix.
    IpOrCidr,
    /// IPv4 or IPv6 address, no prefix.
    Ip,
    /// TCP/UDP port 1–65535.
    Port,
    /// Domain or host name.
    Domain,
    /// An e-mail address.
    Email,
    /// A URL, with or without scheme.
    Url,
    /// A URL with a scheme and host (the `link` type).
    Link,
    /// Free text on a single line.
    SingleLine,
    /// Free text; any line breaks allowed.
    Text,
    /// Autonomous system number, `AS` prefix and asdot allowed.
    AsNumber,
    /// Bitcoin address (base58 or bech32).
    Btc,
    /// MAC-48 address.
    Mac48,
    /// EUI-64 address.
    Eui64,
    /// Vulnerability identifier (CVE and the other schemes MISP knows).
    Vulnerability,
    /// Weakness identifier `CWE-n`.
    Weakness,
    /// A decimal number.
    Float,
    /// A whole number ≥ 0.
    Count,
    /// A whole number (may be negative).
    Integer,
    /// A date and time (ISO 8601 / RFC 3339, or `YYYY-MM-DD HH:MM:SS`).
    Datetime,
    /// A UUID.
    Uuid,
    /// `0`, `1`, `true` or `false`.
    Boolean,
    /// Tor onion address (v2 or v3).
    Onion,
    /// HTTP method name.
    HttpMethod,
    /// Windows service name: at most 256 characters, no `/` or `\`.
    WindowsService,
    /// Letters and digits only (IBAN, BIC, ...).
    Alnum(&'static str),
    /// Malware sample: `filename` or `filename|md5`.
    MalwareSample,
    /// Two typed parts separated by `|`.
    Composite(&'static str, &'static str),
    /// `regkey|value`: the key, then anything (split at the first `|`).
    RegkeyValue,
    /// JSON text (the `cortex` type).
    Json,
}

/// The rule for each attribute type with a checked format. Types not listed are free text on
/// which only "not empty" is checked.
const RULES: &[(&str, Rule)] = &[
    // Digests.
    ("md5", Rule::Hex(&[32], "MD5 digest")),
    ("sha1", Rule::Hex(&[40], "SHA-1 digest")),
    ("sha224", Rule::Hex(&[56], "SHA-224 digest")),
    ("sha256", Rule::Hex(&[64], "SHA-256 digest")),
    ("sha384", Rule::Hex(&[96], "SHA-384 digest")),
    ("sha512", Rule::Hex(&[128], "SHA-512 digest")),
    ("sha512/224", Rule::Hex(&[56], "SHA-512/224 digest")),
    ("sha512/256", Rule::Hex(&[64], "SHA-512/256 digest")),
    ("sha3-224", Rule::Hex(&[56], "SHA3-224 digest")),
    ("sha3-256", Rule::Hex(&[64], "SHA3-256 digest")),
    ("sha3-384", Rule::Hex(&[96], "SHA3-384 digest")),
    ("sha3-512", Rule::Hex(&[128], "SHA3-512 digest")),
    ("imphash", Rule::Hex(&[32], "import hash (MD5)")),
    (
        "authentihash",
        Rule::Hex(&[64], "Authenticode hash (SHA-256)"),
    ),
    ("telfhash", Rule::Hex(&[70, 72], "telfhash")),
    ("pehash", Rule::Hex(&[40], "PEhash")),
    ("git-commit-id", Rule::Hex(&[40], "git commit id")),
    (
        "ja3-fingerprint-md5",
        Rule::Hex(&[32], "JA3 fingerprint (MD5)"),
    ),
    ("jarm-fingerprint", Rule::Hex(&[62], "JARM fingerprint")),
    ("hassh-md5", Rule::Hex(&[32], "HASSH fingerprint (MD5)")),
    (
        "hasshserver-md5",
        Rule::Hex(&[32], "HASSHServer fingerprint (MD5)"),
    ),
    (
        "x509-fingerprint-md5",
        Rule::Hex(&[32], "X.509 MD5 fingerprint"),
    ),
    (
        "x509-fingerprint-sha1",
        Rule::Hex(&[40], "X.509 SHA-1 fingerprint"),
    ),
    (
        "x509-fingerprint-sha256",
        Rule::Hex(&[64], "X.509 SHA-256 fingerprint"),
    ),
    ("dom-hash", Rule::Hex(&[32], "DOM hash (MD5)")),
    ("cdhash", Rule::HexAtLeast(40, "code directory hash")),
    ("hex", Rule::HexString),
    ("tlsh", Rule::Tlsh),
    ("ssdeep", Rule::Ssdeep),
    ("impfuzzy", Rule::Impfuzzy),
    // Composites with a file name.
    ("filename|md5", Rule::Composite("filename", "md5")),
    ("filename|sha1", Rule::Composite("filename", "sha1")),
    ("filename|sha224", Rule::Composite("filename", "sha224")),
    ("filename|sha256", Rule::Composite("filename", "sha256")),
    ("filename|sha384", Rule::Composite("filename", "sha384")),
    ("filename|sha512", Rule::Composite("filename", "sha512")),
    (
        "filename|sha512/224",
        Rule::Composite("filename", "sha512/224"),
    ),
    (
        "filename|sha512/256",
        Rule::Composite("filename", "sha512/256"),
    ),
    ("filename|sha3-224", Rule::Composite("filename", "sha3-224")),
    ("filename|sha3-256", Rule::Composite("filename", "sha3-256")),
    ("filename|sha3-384", Rule::Composite("filename", "sha3-384")),
    ("filename|sha3-512", Rule::Composite("filename", "sha3-512")),
    ("filename|imphash", Rule::Composite("filename", "imphash")),
    (
        "filename|authentihash",
        Rule::Composite("filename", "authentihash"),
    ),
    ("filename|pehash", Rule::Composite("filename", "pehash")),
    ("filename|ssdeep", Rule::Composite("filename", "ssdeep")),
    ("filename|tlsh", Rule::Composite("filename", "tlsh")),
    ("filename|impfuzzy", Rule::Composite("filename", "impfuzzy")),
    ("filename|vhash", Rule::Composite("filename", "vhash")),
    ("malware-sample", Rule::MalwareSample),
    // Network.
    ("ip-src", Rule::IpOrCidr),
    ("ip-dst", Rule::IpOrCidr),
    ("ip-src|port", Rule::Composite("ip", "port")),
    ("ip-dst|port", Rule::Composite("ip", "port")),
    ("hostname|port", Rule::Composite("hostname", "port")),
    ("domain|ip", Rule::Composite("domain", "ip")),
    ("port", Rule::Port),
    ("domain", Rule::Domain),
    ("hostname", Rule::Domain),
    ("url", Rule::Url),
    ("uri", Rule::SingleLine),
    ("link", Rule::Link),
    ("user-agent", Rule::SingleLine),
    ("http-method", Rule::HttpMethod),
    ("AS", Rule::AsNumber),
    ("mac-address", Rule::Mac48),
    ("mac-eui-64", Rule::Eui64),
    ("onion-address", Rule::Onion),
    // E-mail addresses.
    ("email", Rule::Email),
    ("email-src", Rule::Email),
    ("email-dst", Rule::Email),
    ("eppn", Rule::Email),
    ("target-email", Rule::Email),
    ("whois-registrant-email", Rule::Email),
    ("dns-soa-email", Rule::Email),
    ("jabber-id", Rule::Email),
    ("email-subject", Rule::SingleLine),
    ("email-message-id", Rule::SingleLine),
    ("email-x-mailer", Rule::SingleLine),
    ("email-mime-boundary", Rule::SingleLine),
    ("email-thread-index", Rule::SingleLine),
    ("email-src-display-name", Rule::SingleLine),
    ("email-dst-display-name", Rule::SingleLine),
    ("email-attachment", Rule::SingleLine),
    // Vulnerabilities.
    ("vulnerability", Rule::Vulnerability),
    ("weakness", Rule::Weakness),
    // Numbers and scalars.
    ("float", Rule::Float),
    ("counter", Rule::Count),
    ("size-in-bytes", Rule::Count),
    ("integer", Rule::Integer),
    ("datetime", Rule::Datetime),
    ("uuid", Rule::Uuid),
    ("boolean", Rule::Boolean),
    // Finance.
    ("btc", Rule::Btc),
    ("xmr", Rule::Alnum("Monero address")),
    ("dash", Rule::Alnum("Dash address")),
    ("iban", Rule::Alnum("IBAN")),
    ("bic", Rule::Alnum("BIC")),
    // Host artefacts.
    ("filename", Rule::SingleLine),
    ("pdb", Rule::SingleLine),
    ("regkey", Rule::SingleLine),
    ("regkey|value", Rule::RegkeyValue),
    ("mutex", Rule::SingleLine),
    ("named pipe", Rule::SingleLine),
    ("windows-scheduled-task", Rule::SingleLine),
    ("windows-service-name", Rule::WindowsService),
    ("windows-service-displayname", Rule::WindowsService),
    ("mime-type", Rule::SingleLine),
    // Attribution and targeting.
    ("threat-actor", Rule::SingleLine),
    ("campaign-name", Rule::SingleLine),
    ("campaign-id", Rule::SingleLine),
    ("malware-type", Rule::SingleLine),
    ("target-user", Rule::SingleLine),
    ("target-machine", Rule::SingleLine),
    ("target-org", Rule::SingleLine),
    ("target-location", Rule::SingleLine),
    ("target-external", Rule::SingleLine),
    ("whois-registrant-name", Rule::SingleLine),
    ("whois-registrant-org", Rule::SingleLine),
    ("whois-registrant-phone", Rule::SingleLine),
    ("whois-registrar", Rule::SingleLine),
    ("cortex", Rule::Json),
    ("text", Rule::Text),
    ("comment", Rule::Text),
    ("other", Rule::Text),
];

/// The names of composite parts that are not attribute types themselves.
fn part_rule(name: &str) -> Option<Rule> {
    match name {
        "ip" => Some(Rule::Ip),
        // vhash has no fixed format; the part must just be present on one line.
        "vhash" => Some(Rule::SingleLine),
        _ => rule_for(name),
    }
}

fn rule_for(attr_type: &str) -> Option<Rule> {
    RULES
        .iter()
        .find(|(name, _)| *name == attr_type)
        .map(|(_, rule)| *rule)
}

/// Whether `attr_type` has a format rule beyond "not empty".
///
/// ```
/// assert!(misp_types::validate::value::has_format_rule("ip-dst"));
/// assert!(!misp_types::validate::value::has_format_rule("pattern-in-file"));
/// ```
pub fn has_format_rule(attr_type: &str) -> bool {
    matches!(rule_for(attr_type), Some(rule) if !matches!(rule, Rule::Text))
}

/// Checks that `value` fits the attribute type `attr_type`.
///
/// Every type needs a non-empty value. Types with a known format (hashes, addresses, ports,
/// numbers, dates, identifiers, composites ...) are checked against it; other types are free
/// text. A type this function does not know is accepted as free text: whether the type exists
/// is checked elsewhere (it depends on the server's `describeTypes`).
///
/// ```
/// use misp_types::validate::value::validate_value;
///
/// assert!(validate_value("ip-dst", "198.51.100.0/24").is_ok());
/// assert!(validate_value("filename|md5", "a.exe|d41d8cd98f00b204e9800998ecf8427e").is_ok());
///
/// let err = validate_value("md5", "d41d8cd98f00").unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     "`d41d8cd98f00` is not a valid `md5` value: expected an MD5 digest of 32 hexadecimal \
///      characters, found 12 characters (check for a truncated value, or use type `other`)"
/// );
/// ```
pub fn validate_value(attr_type: &str, value: &str) -> Result<(), ValueError> {
    if value.trim().is_empty() {
        return Err(ValueError::Empty {
            attr_type: attr_type.to_owned(),
        });
    }
    match rule_for(attr_type) {
        Some(rule) => check(attr_type, rule, value),
        None => Ok(()),
    }
}

fn check(attr_type: &str, rule: Rule, value: &str) -> Result<(), ValueError> {
    let invalid = |expected: &str| Err(ValueError::invalid(attr_type, value, expected));
    match rule {
        Rule::Hex(lengths, name) => {
            if lengths.contains(&value.len()) && is_hex(value) {
                return Ok(());
            }
            let wanted = lengths
                .iter()
                .map(usize::to_string)
                .collect::<Vec<_>>()
                .join(" or ");
            let article = if name.starts_with(['A', 'E', 'I', 'M', 'X', 'i']) {
                "an"
            } else {
                "a"
            };
            if !is_hex(value) {
                invalid(&format!(
                    "{article} {name} of {wanted} hexadecimal characters (0-9, a-f); it contains other characters (use type `other` if this is not a digest)"
                ))
            } else {
                invalid(&format!(
                    "{article} {name} of {wanted} hexadecimal characters, found {} characters (check for a truncated value, or use type `other`)",
                    value.len()
                ))
            }
        }
        Rule::HexAtLeast(min, name) => {
            if value.len() >= min && is_hex(value) {
                Ok(())
            } else {
                invalid(&format!(
                    "a {name} of at least {min} hexadecimal characters"
                ))
            }
        }
        Rule::HexString => {
            if is_hex(value) {
                Ok(())
            } else {
                invalid("hexadecimal characters only (0-9, a-f, A-F), without spaces or `0x`")
            }
        }
        Rule::Tlsh => {
            let body = value
                .strip_prefix("T1")
                .or_else(|| value.strip_prefix("t1"))
                .unwrap_or(value);
            if body.len() >= 35 && is_hex(body) {
                Ok(())
            } else {
                invalid(
                    "a TLSH digest: at least 35 hexadecimal characters, optionally prefixed by `T1`",
                )
            }
        }
        Rule::Ssdeep => {
            if is_fuzzy_hash(value) {
                Ok(())
            } else {
                invalid(
                    "an ssdeep hash `blocksize:hash:hash`, e.g. `3:AXGBicFlgVNhBGcL6wCrFQEv:AXGHsNhxLsr2C`",
                )
            }
        }
        Rule::Impfuzzy => {
            if is_fuzzy_hash(value) {
                Ok(())
            } else {
                invalid("an impfuzzy hash `imports:hash:hash`")
            }
        }
        Rule::IpOrCidr => check_ip(attr_type, value, true),
        Rule::Ip => check_ip(attr_type, value, false),
        Rule::Port => match value.parse::<u32>() {
            Ok(port) if (1..=65535).contains(&port) => Ok(()),
            _ => invalid("a port number between 1 and 65535"),
        },
        Rule::Domain => check_domain(attr_type, value),
        Rule::Email => {
            if is_email(value) {
                Ok(())
            } else {
                invalid(
                    "an e-mail address like `user@example.com`, without spaces or a display name",
                )
            }
        }
        Rule::Url => {
            if value.contains(['\n', '\r']) {
                return invalid("a URL on a single line");
            }
            if value.chars().any(char::is_whitespace) {
                return invalid("a URL without spaces (encode them as %20)");
            }
            if let Some((scheme, rest)) = value.split_once("://") {
                if !is_scheme(scheme) {
                    return invalid(
                        "a URL whose scheme (before `://`) is made of letters, digits, `+`, `-` or `.`, like `https`",
                    );
                }
                if rest.is_empty() || rest.starts_with('/') {
                    return invalid("a URL with a host after `://`");
                }
            }
            Ok(())
        }
        Rule::Link => {
            let ok = value.split_once("://").is_some_and(|(scheme, rest)| {
                is_scheme(scheme) && !rest.is_empty() && !rest.starts_with('/')
            }) && !value.chars().any(char::is_whitespace);
            if ok {
                Ok(())
            } else {
                invalid("a full URL with a scheme and a host, like `https://example.com/report`")
            }
        }
        Rule::SingleLine => {
            if value.contains(['\n', '\r']) {
                invalid("a single line of text (remove the line breaks, or use type `text`)")
            } else {
                Ok(())
            }
        }
        Rule::Text => Ok(()),
        Rule::AsNumber => {
            if parse_as_number(value).is_some() {
                Ok(())
            } else {
                invalid(
                    "an AS number between 0 and 4294967295, like `64496` or `AS64496` (asdot `1.10` is also accepted)",
                )
            }
        }
        Rule::Btc => {
            if is_btc(value) {
                Ok(())
            } else {
                invalid(
                    "a Bitcoin address: base58 starting with `1` or `3` (26-35 characters), or bech32 starting with `bc1`",
                )
            }
        }
        Rule::Mac48 => {
            if is_mac(value, 6) {
                Ok(())
            } else {
                invalid("a MAC address of 6 hexadecimal byte pairs, like `00:1a:2b:3c:4d:5e`")
            }
        }
        Rule::Eui64 => {
            if is_mac(value, 8) {
                Ok(())
            } else {
                invalid(
                    "an EUI-64 address of 8 hexadecimal byte pairs, like `00:1a:2b:ff:fe:3c:4d:5e`",
                )
            }
        }
        Rule::Vulnerability => {
            if is_vulnerability_id(value) {
                Ok(())
            } else {
                invalid(
                    "a vulnerability id like `CVE-2024-3094` (GCVE-, GHSA-, PYSEC-, GSD-, OSV ids and vendor advisories are accepted too)",
                )
            }
        }
        Rule::Weakness => {
            let ok = value
                .split_at_checked(4)
                .is_some_and(|(p, rest)| p.eq_ignore_ascii_case("CWE-") && is_digits(rest));
            if ok {
                Ok(())
            } else {
                invalid("a weakness id like `CWE-79`")
            }
        }
        Rule::Float => {
            if is_decimal(value) {
                Ok(())
            } else {
                invalid("a decimal number like `3.14` or `-2e5`")
            }
        }
        Rule::Count => {
            if is_digits(value) {
                Ok(())
            } else {
                invalid("a whole number greater than or equal to 0, digits only")
            }
        }
        Rule::Integer => {
            let digits = value.strip_prefix(['-', '+']).unwrap_or(value);
            if is_digits(digits) {
                Ok(())
            } else {
                invalid("a whole number, like `42` or `-7`")
            }
        }
        Rule::Datetime => {
            if parse_datetime(value).is_some() {
                Ok(())
            } else {
                invalid(
                    "a date and time like `2024-05-15T10:30:00Z`, `2024-05-15 10:30:00` or `2024-05-15`",
                )
            }
        }
        Rule::Uuid => {
            if uuid::Uuid::try_parse(value).is_ok() {
                Ok(())
            } else {
                invalid("a UUID like `6f2a5b9e-1b7e-4c7a-9d5e-2c1b9a4e8f00`")
            }
        }
        Rule::Boolean => {
            if matches!(
                value.to_ascii_lowercase().as_str(),
                "0" | "1" | "true" | "false"
            ) {
                Ok(())
            } else {
                invalid("`true`, `false`, `1` or `0`")
            }
        }
        Rule::Onion => {
            let lower = value.to_ascii_lowercase();
            let ok = lower.strip_suffix(".onion").is_some_and(|host| {
                let label = host.rsplit('.').next().unwrap_or(host);
                (label.len() == 16 || label.len() == 56)
                    && label
                        .bytes()
                        .all(|b| b.is_ascii_lowercase() || (b'2'..=b'7').contains(&b))
            });
            if ok {
                Ok(())
            } else {
                invalid(
                    "an onion address: 16 (v2) or 56 (v3) base32 characters followed by `.onion`",
                )
            }
        }
        Rule::HttpMethod => {
            const METHODS: &[&str] = &[
                "OPTIONS",
                "GET",
                "HEAD",
                "POST",
                "PUT",
                "DELETE",
                "TRACE",
                "CONNECT",
                "PROPFIND",
                "PROPPATCH",
                "MKCOL",
                "COPY",
                "MOVE",
                "LOCK",
                "UNLOCK",
                "VERSION-CONTROL",
                "REPORT",
                "CHECKOUT",
                "CHECKIN",
                "UNCHECKOUT",
                "MKWORKSPACE",
                "UPDATE",
                "LABEL",
                "MERGE",
                "BASELINE-CONTROL",
                "MKACTIVITY",
                "ORDERPATCH",
                "ACL",
                "PATCH",
                "SEARCH",
            ];
            if METHODS.iter().any(|m| m.eq_ignore_ascii_case(value)) {
                Ok(())
            } else {
                invalid("an HTTP method name such as GET, POST, PUT, DELETE, HEAD or PATCH")
            }
        }
        Rule::WindowsService => {
            if value.chars().count() > 256 {
                invalid("a Windows service name of at most 256 characters")
            } else if value.contains(['/', '\\']) {
                invalid("a Windows service name without `/` or `\\`")
            } else if value.contains(['\n', '\r']) {
                invalid("a Windows service name on a single line")
            } else {
                Ok(())
            }
        }
        Rule::Alnum(name) => {
            if value.bytes().all(|b| b.is_ascii_alphanumeric()) {
                Ok(())
            } else {
                invalid(&format!(
                    "a {name}: letters and digits only, without spaces"
                ))
            }
        }
        Rule::MalwareSample => {
            if value.contains('|') {
                check_composite(attr_type, value, "filename", "md5")
            } else {
                check(attr_type, Rule::SingleLine, value)
            }
        }
        Rule::Composite(left, right) => check_composite(attr_type, value, left, right),
        Rule::RegkeyValue => {
            let (key, _) = value.split_once('|').unwrap_or((value, ""));
            if key.trim().is_empty() {
                return Err(ValueError::CompositePart {
                    attr_type: attr_type.to_owned(),
                    side: "left",
                    source: Box::new(ValueError::Empty {
                        attr_type: "regkey".to_owned(),
                    }),
                });
            }
            check("regkey", Rule::SingleLine, key).map_err(|e| ValueError::CompositePart {
                attr_type: attr_type.to_owned(),
                side: "left",
                source: Box::new(e),
            })
        }
        Rule::Json => {
            if serde_json::from_str::<serde_json::Value>(value).is_ok() {
                Ok(())
            } else {
                invalid("a JSON document")
            }
        }
    }
}

fn check_composite(
    attr_type: &str,
    value: &str,
    left: &'static str,
    right: &'static str,
) -> Result<(), ValueError> {
    let parts: Vec<&str> = value.split('|').collect();
    let [first, second] = parts.as_slice() else {
        return Err(ValueError::CompositeShape {
            attr_type: attr_type.to_owned(),
            value: value.to_owned(),
            left: left.to_owned(),
            right: right.to_owned(),
            found: parts.len(),
        });
    };
    for (side, name, part) in [("left", left, *first), ("right", right, *second)] {
        let wrap = |source: ValueError| ValueError::CompositePart {
            attr_type: attr_type.to_owned(),
            side,
            source: Box::new(source),
        };
        if part.trim().is_empty() {
            return Err(wrap(ValueError::Empty {
                attr_type: name.to_owned(),
            }));
        }
        if let Some(rule) = part_rule(name) {
            check(name, rule, part).map_err(wrap)?;
        }
    }
    Ok(())
}

fn check_ip(attr_type: &str, value: &str, allow_cidr: bool) -> Result<(), ValueError> {
    let (addr, prefix) = match value.split_once('/') {
        Some((addr, prefix)) => (addr, Some(prefix)),
        None => (value, None),
    };
    let expected = if allow_cidr {
        "an IPv4 or IPv6 address, optionally with a /prefix (e.g. `192.0.2.1`, `198.51.100.0/24`, `2001:db8::/32`)"
    } else {
        "an IPv4 or IPv6 address without a prefix (e.g. `192.0.2.1` or `2001:db8::1`)"
    };
    let Some(ip) = parse_ip(addr) else {
        return Err(ValueError::invalid(attr_type, value, expected));
    };
    match prefix {
        None => Ok(()),
        Some(_) if !allow_cidr => Err(ValueError::invalid(attr_type, value, expected)),
        Some(prefix) => {
            let max = if ip.is_ipv4() { 32 } else { 128 };
            match prefix.parse::<u8>() {
                Ok(bits) if is_digits(prefix) && bits <= max => Ok(()),
                _ => Err(ValueError::invalid(
                    attr_type,
                    value,
                    format!("a CIDR prefix length between 0 and {max} after `/`"),
                )),
            }
        }
    }
}

/// Parses an IP address, accepting an IPv6 address in `[...]` brackets.
pub(crate) fn parse_ip(value: &str) -> Option<IpAddr> {
    let inner = value
        .strip_prefix('[')
        .and_then(|v| v.strip_suffix(']'))
        .unwrap_or(value);
    if let Ok(v4) = inner.parse::<Ipv4Addr>() {
        return Some(IpAddr::V4(v4));
    }
    inner.parse::<Ipv6Addr>().ok().map(IpAddr::V6)
}

fn check_domain(attr_type: &str, value: &str) -> Result<(), ValueError> {
    let invalid = |expected: &str| Err(ValueError::invalid(attr_type, value, expected));
    let name = value.strip_suffix('.').unwrap_or(value);
    if parse_ip(name).is_some() {
        return invalid("a name, not an IP address (use type `ip-dst` or `ip-src`)");
    }
    if name.contains("://") || name.contains('/') {
        return invalid("a bare name without scheme or path (use type `url` for a full URL)");
    }
    if name.len() > 253 {
        return invalid("a name of at most 253 characters");
    }
    let labels: Vec<&str> = name.split('.').collect();
    if labels.len() < 2 {
        return invalid("a name with at least two labels, like `example.com`");
    }
    for label in &labels {
        if label.is_empty() {
            return invalid("a name without empty labels (no leading, trailing or doubled dots)");
        }
        if label.len() > 63 {
            return invalid("labels of at most 63 characters between the dots");
        }
        if !label
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
        {
            return invalid("a name made of letters, digits, `-` and `_` separated by dots");
        }
    }
    let Some(&tld) = labels.last() else {
        return invalid("a domain name like `example.com`");
    };
    if tld.chars().count() < 2 || tld.contains('_') {
        return invalid("a top-level label of at least two letters or digits, like `.com`");
    }
    Ok(())
}

fn is_hex(value: &str) -> bool {
    !value.is_empty() && value.bytes().all(|b| b.is_ascii_hexdigit())
}

fn is_digits(value: &str) -> bool {
    !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit())
}

fn is_scheme(scheme: &str) -> bool {
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

fn is_fuzzy_hash(value: &str) -> bool {
    let parts: Vec<&str> = value.split(':').collect();
    let [block, first, second] = parts.as_slice() else {
        return false;
    };
    is_digits(block)
        && [first, second].iter().all(|p| {
            !p.is_empty()
                && p.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'/' || b == b'+')
        })
}

fn is_email(value: &str) -> bool {
    let Some((local, domain)) = value.rsplit_once('@') else {
        return false;
    };
    !local.is_empty()
        && !value.chars().any(char::is_whitespace)
        && !local.contains(['<', '>'])
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains("..")
        && !domain.contains(['<', '>', '@'])
}

fn is_decimal(value: &str) -> bool {
    let first = value.chars().next();
    let looks_numeric = first.is_some_and(|c| c.is_ascii_digit() || matches!(c, '-' | '+' | '.'));
    looks_numeric
        && !value
            .chars()
            .any(|c| c.is_alphabetic() && c != 'e' && c != 'E')
        && value.parse::<f64>().is_ok_and(f64::is_finite)
}

/// Parses an AS number in plain (`64496`), prefixed (`AS64496`) or asdot (`1.10`) form.
pub(crate) fn parse_as_number(value: &str) -> Option<u32> {
    let digits = value
        .split_at_checked(2)
        .filter(|(p, _)| p.eq_ignore_ascii_case("AS"))
        .map_or(value, |(_, rest)| rest);
    if let Some((high, low)) = digits.split_once('.') {
        if !is_digits(high) || !is_digits(low) {
            return None;
        }
        let high: u16 = high.parse().ok()?;
        let low: u16 = low.parse().ok()?;
        return Some((u32::from(high) << 16) | u32::from(low));
    }
    if !is_digits(digits) {
        return None;
    }
    digits.parse().ok()
}

fn is_btc(value: &str) -> bool {
    const BASE58: &str = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    const BECH32: &str = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
    if let Some(rest) = value
        .strip_prefix("bc1")
        .or_else(|| value.strip_prefix("BC1"))
    {
        let lower = rest.to_ascii_lowercase();
        let same_case = rest == lower || rest == rest.to_ascii_uppercase();
        return same_case
            && (11..=87).contains(&rest.len())
            && lower.chars().all(|c| BECH32.contains(c));
    }
    (value.starts_with('1') || value.starts_with('3'))
        && (26..=35).contains(&value.len())
        && value.chars().all(|c| BASE58.contains(c))
}

/// `bytes` pairs of hex digits, separated by `:` or `-`, or all together. Works on characters:
/// a value with multibyte characters is simply not a MAC address.
fn is_mac(value: &str, bytes: usize) -> bool {
    let is_pair = |p: &str| p.len() == 2 && is_hex(p);
    if value.contains(':') {
        value.split(':').count() == bytes && value.split(':').all(is_pair)
    } else if value.contains('-') {
        value.split('-').count() == bytes && value.split('-').all(is_pair)
    } else {
        value.len() == bytes * 2 && is_hex(value)
    }
}

fn is_vulnerability_id(value: &str) -> bool {
    let upper = value.to_ascii_uppercase();
    if let Some(rest) = upper.strip_prefix("CVE-") {
        return match rest.split_once('-') {
            Some((year, number)) => {
                year.len() == 4 && is_digits(year) && number.len() >= 4 && is_digits(number)
            }
            None => false,
        };
    }
    // Other identifier schemes MISP accepts: a known prefix, then a non-empty id of
    // letters, digits and `-`, `_`, `:`, `.`.
    const PREFIXES: &[&str] = &[
        "GCVE-",
        "GHSA-",
        "PYSEC-",
        "GSD-",
        "MAL-",
        "OSV-",
        "RUSTSEC-",
        "GO-",
        "RHSA-",
        "RHBA-",
        "ICSA-",
        "ICSMA-",
        "CISCO-SA-",
        "JVNDB-",
        "CNVD-",
        "CNNVD-",
        "CERTFR-",
        "BDU:",
        "MSRC-",
        "MS",
        "KB",
        "ZDI-",
        "TALOS-",
        "USN-",
        "DSA-",
        "DLA-",
        "ALAS-",
        "ELSA-",
        "SUSE-",
        "OPENSUSE-",
        "EUVD-",
        "WID-SEC-",
        "VDE-",
        "SSA-",
        "NCSC-",
    ];
    PREFIXES.iter().any(|prefix| {
        upper.strip_prefix(prefix).is_some_and(|id| {
            !id.is_empty()
                && id.chars().any(|c| c.is_ascii_digit())
                && id
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.'))
        })
    })
}

/// Parses the date-time forms MISP accepts for the `datetime` type.
pub(crate) fn parse_datetime(value: &str) -> Option<chrono::DateTime<chrono::FixedOffset>> {
    use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Utc};
    if let Ok(dt) = DateTime::parse_from_rfc3339(value) {
        return Some(dt);
    }
    for format in ["%Y-%m-%dT%H:%M:%S%.f%z", "%Y-%m-%d %H:%M:%S%.f%z"] {
        if let Ok(dt) = DateTime::parse_from_str(value, format) {
            return Some(dt);
        }
    }
    for format in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M",
    ] {
        if let Ok(naive) = NaiveDateTime::parse_from_str(value, format) {
            return Some(Utc.from_utc_datetime(&naive).fixed_offset());
        }
    }
    NaiveDate::parse_from_str(value, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|naive| Utc.from_utc_datetime(&naive).fixed_offset())
}
