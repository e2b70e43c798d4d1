//! Rust names for MISP wire names.

/// The enum variant name for a MISP type or category name.
///
/// The name is split into words at `-`, `|`, `/`, `_` and spaces; each word is lowercased and
/// capitalised, and the words are joined. When one word ends with a digit and the next starts
/// with one, an `_` keeps them apart:
///
/// | wire name | variant |
/// |---|---|
/// | `ip-dst` | `IpDst` |
/// | `filename\|md5` | `FilenameMd5` |
/// | `sha512/256` | `Sha512_256` |
/// | `filename\|sha3-224` | `FilenameSha3_224` |
/// | `AS` | `As` |
/// | `named pipe` | `NamedPipe` |
/// | `Network activity` | `NetworkActivity` |
pub(crate) fn variant_name(wire: &str) -> String {
    let mut out = String::new();
    for word in wire
        .split(['-', '|', '/', '_', ' '])
        .filter(|w| !w.is_empty())
    {
        let lower = word.to_lowercase();
        let mut chars = lower.chars();
        let Some(first) = chars.next() else { continue };
        if out.ends_with(|c: char| c.is_ascii_digit()) && first.is_ascii_digit() {
            out.push('_');
        }
        out.extend(first.to_uppercase());
        out.push_str(chars.as_str());
    }
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, 'T');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variant_names() {
        assert_eq!(variant_name("ip-dst"), "IpDst");
        assert_eq!(variant_name("filename|md5"), "FilenameMd5");
        assert_eq!(variant_name("sha512/256"), "Sha512_256");
        assert_eq!(variant_name("filename|sha3-224"), "FilenameSha3_224");
        assert_eq!(variant_name("AS"), "As");
        assert_eq!(variant_name("named pipe"), "NamedPipe");
        assert_eq!(variant_name("Network activity"), "NetworkActivity");
        assert_eq!(variant_name("x509-fingerprint-sha1"), "X509FingerprintSha1");
    }
}
