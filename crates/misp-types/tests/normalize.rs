//! Server-side normalisation of attribute values.

use misp_types::normalize::{NormalizeOptions, normalize_value, refang};
use misp_types::validate::validate_value;

const PLAIN: NormalizeOptions = NormalizeOptions { refang: false };

#[test]
fn normalises_like_the_server() {
    let cases: &[(&str, &str, &str)] = &[
        (
            "md5",
            "  D41D8CD98F00B204E9800998ECF8427E\n",
            "d41d8cd98f00b204e9800998ecf8427e",
        ),
        (
            "sha256",
            "E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855",
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        ),
        (
            "filename|md5",
            "Invoice.EXE|D41D8CD98F00B204E9800998ECF8427E",
            "Invoice.EXE|d41d8cd98f00b204e9800998ecf8427e",
        ),
        (
            "filename|ssdeep",
            "A.exe|3:AXGBicFlgVNhBGcL6wCrFQEv:AXGHsNhxLsr2C",
            "A.exe|3:AXGBicFlgVNhBGcL6wCrFQEv:AXGHsNhxLsr2C",
        ),
        (
            "ssdeep",
            "3:AXGBicFlgVNhBGcL6wCrFQEv:AXGHsNhxLsr2C",
            "3:AXGBicFlgVNhBGcL6wCrFQEv:AXGHsNhxLsr2C",
        ),
        (
            "x509-fingerprint-sha1",
            "DA:39:A3:EE:5E:6B:4B:0D:32:55:BF:EF:95:60:18:90:AF:D8:07:09",
            "da39a3ee5e6b4b0d3255bfef95601890afd80709",
        ),
        (
            "ip-dst",
            "2001:0DB8:0000:0000:0000:0000:0000:0001",
            "2001:db8::1",
        ),
        ("ip-dst", "[2001:db8::1]", "2001:db8::1"),
        ("ip-src", "192.0.2.1/32", "192.0.2.1"),
        ("ip-src", "2001:db8::1/128", "2001:db8::1"),
        ("ip-src", "2001:DB8:0:0::/32", "2001:db8::/32"),
        ("ip-src", "198.51.100.0/24", "198.51.100.0/24"),
        ("ip-src", "not an ip", "not an ip"),
        ("ip-dst|port", "192.0.2.1:8080", "192.0.2.1|8080"),
        ("ip-dst|port", "[2001:DB8::1]:443", "2001:db8::1|443"),
        ("ip-src|port", "2001:0db8::1|22", "2001:db8::1|22"),
        (
            "hostname|port",
            "WWW.Example.COM:8443",
            "www.example.com|8443",
        ),
        ("domain", "Example.COM.", "example.com"),
        ("domain", "Bücher.de", "xn--bcher-kva.de"),
        ("hostname", "MAIL.example.org", "mail.example.org"),
        (
            "domain|ip",
            "Example.com|2001:DB8::0:1",
            "example.com|2001:db8::1",
        ),
        ("email-src", "John.Doe@Example.COM", "john.doe@example.com"),
        ("AS", "AS13335", "13335"),
        ("AS", "as1.10", "65546"),
        ("mac-address", "00-1A-2B-3C-4D-5E", "00:1a:2b:3c:4d:5e"),
        ("mac-address", "001A2B3C4D5E", "00:1a:2b:3c:4d:5e"),
        (
            "vulnerability",
            "cve\u{2013}2021\u{2013}44228",
            "CVE-2021-44228",
        ),
        ("weakness", "cwe-79", "CWE-79"),
        ("http-method", "post", "POST"),
        (
            "iban",
            "de89 3704 0044 0532 0130 00",
            "DE89370400440532013000",
        ),
        ("cc-number", "4111 1111-1111 1111", "4111111111111111"),
        (
            "datetime",
            "2024-05-15 10:30:00",
            "2024-05-15T10:30:00.000000+0000",
        ),
        (
            "datetime",
            "2024-05-15T10:30:00.5+02:00",
            "2024-05-15T10:30:00.500000+0200",
        ),
        (
            "onion-address",
            "ExpYuzz4wqqyqhjn.ONION",
            "expyuzz4wqqyqhjn.onion",
        ),
        ("text", "  Keep Case  ", "Keep Case"),
        ("url", "hxxp://evil[.]example/x", "hxxp://evil[.]example/x"),
    ];
    for (t, input, expected) in cases {
        assert_eq!(normalize_value(t, input, PLAIN), *expected, "{t} {input:?}");
    }
}

#[test]
fn refangs_only_when_asked() {
    let opts = NormalizeOptions::with_refang();
    let cases: &[(&str, &str, &str)] = &[
        (
            "url",
            "hxxps://evil[.]example/path",
            "https://evil.example/path",
        ),
        (
            "url",
            "hXXp://bad(dot)example[.]com[/]x",
            "http://bad.example.com/x",
        ),
        ("url", "meow://cats[.]example", "http://cats.example"),
        (
            "link",
            "h[tt]ps://report[.]example",
            "https://report.example",
        ),
        ("domain", "Evil[.]Example[.]COM", "evil.example.com"),
        ("ip-dst", "192[.]0[.]2[.]1", "192.0.2.1"),
        ("ip-dst|port", "192[.]0[.]2[.]1[:]443", "192.0.2.1|443"),
        (
            "email-src",
            "Bad.Guy[at]Evil[.]example",
            "bad.guy@evil.example",
        ),
        ("email-dst", "victim[@]example(.)org", "victim@example.org"),
        // Free-text types keep their brackets even with refang on.
        ("text", "see evil[.]example", "see evil[.]example"),
    ];
    for (t, input, expected) in cases {
        assert_eq!(normalize_value(t, input, opts), *expected, "{t} {input:?}");
    }
}

#[test]
fn refang_handles_every_notation() {
    assert_eq!(
        refang("a[.]b(.)c{.}d[dot]e(DOT)f{dot}g\\.h"),
        "a.b.c.d.e.f.g.h"
    );
    assert_eq!(refang("x[at]y(AT)z[@]w(@)v"), "x@y@z@w@v");
    assert_eq!(refang("hxxp[://]host[:]80[/]p"), "http://host:80/p");
    assert_eq!(refang("hxtps://a"), "https://a");
    assert_eq!(refang("htxp://a"), "http://a");
    assert_eq!(refang("h**p://a"), "http://a");
    // Not a scheme: left alone.
    assert_eq!(refang("hxxpfoo"), "hxxpfoo");
}

#[test]
fn normalised_values_validate() {
    let opts = NormalizeOptions::with_refang();
    for (t, v) in [
        ("md5", " D41D8CD98F00B204E9800998ECF8427E "),
        ("ip-dst|port", "[2001:db8::1]:443"),
        ("hostname|port", "www.example.com:8443"),
        ("domain", "evil[.]example[.]com"),
        ("url", "hxxps://evil[.]example/a"),
        ("AS", "AS1.10"),
        ("mac-address", "001A2B3C4D5E"),
        ("datetime", "2024-05-15 10:30:00"),
    ] {
        let normalised = normalize_value(t, v, opts);
        assert_eq!(
            validate_value(t, &normalised),
            Ok(()),
            "{t} {v:?} -> {normalised:?}"
        );
    }
}

#[test]
fn normalisation_is_idempotent() {
    for (t, v) in [
        ("ip-src", "2001:DB8::/32"),
        ("datetime", "2024-05-15T10:30:00Z"),
        ("domain", "Bücher.de."),
        ("AS", "AS65546"),
        ("mac-eui-64", "00-1A-2B-FF-FE-3C-4D-5E"),
        ("url", "hxxp://a[.]b"),
    ] {
        let once = normalize_value(t, v, NormalizeOptions::with_refang());
        assert_eq!(
            normalize_value(t, &once, NormalizeOptions::with_refang()),
            once,
            "{t}"
        );
    }
}

mod idempotent {
    use misp_types::AttributeType;
    use misp_types::normalize::{NormalizeOptions, normalize_value};
    use proptest::prelude::*;

    fn kind() -> impl Strategy<Value = String> {
        proptest::sample::select(AttributeType::ALL).prop_map(|t| t.as_str().to_owned())
    }

    /// Text made of what normalisation reacts to: separators, brackets, defanging, case, space.
    fn value() -> impl Strategy<Value = String> {
        prop_oneof![
            "[0-9a-fA-F:.|/\\[\\]() @hxtpsHXTPS\\-]{0,40}",
            "(hxxps?|https?|h\\[tt\\]ps?)\\[?:\\]?//[a-zA-Z0-9.\\[\\]()-]{0,20}(:[0-9 ]{1,5})?",
            "[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}[:|] ?[0-9]{1,5}",
            "\\PC{0,24}",
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        #[test]
        fn normalising_twice_equals_once(kind in kind(), value in value(), refang in any::<bool>()) {
            let options = NormalizeOptions { refang };
            let once = normalize_value(&kind, &value, options);
            let twice = normalize_value(&kind, &once, options);
            prop_assert_eq!(&twice, &once, "type {} value {:?}", kind, value);
        }
    }

    #[test]
    fn a_port_after_a_space_normalises_at_once() {
        let plain = NormalizeOptions { refang: false };
        assert_eq!(
            normalize_value("ip-dst|port", "1.2.3.4: 80", plain),
            "1.2.3.4|80"
        );
        assert_eq!(
            normalize_value("hostname|port", "Example.COM :443", plain),
            "example.com|443"
        );
    }
}

/// Inputs the value fuzz target found (saved in fuzz/regressions/value/ too).
#[test]
fn fuzz_findings_normalise_once_and_for_all() {
    let refang = NormalizeOptions::with_refang();
    for (kind, value, options, normal) in [
        ("bin", "x", PLAIN, "x"),
        (
            "cc-number",
            "4111 1111-1111 1111",
            PLAIN,
            "4111111111111111",
        ),
        ("cc-number", "\"value\":x", PLAIN, "\"value\":x"),
        ("domain", "aaaaa556.\u{feff}", PLAIN, "aaaaa556"),
        (
            "domain",
            "fßull.softz.\u{feff}",
            PLAIN,
            "xn--full-vna.softz",
        ),
        ("domain", "vstsof .", PLAIN, "vstsof"),
        ("domain", "bad\\\\.example", refang, "bad.example"),
        ("domain", "bad[[.]]example", refang, "bad.example"),
        ("domain", "\u{130}1.10", PLAIN, "\u{130}1.10"),
    ] {
        let once = normalize_value(kind, value, options);
        assert_eq!(once, normal, "{kind} {value:?}");
        assert_eq!(
            normalize_value(kind, &once, options),
            once,
            "{kind} {value:?}"
        );
    }
    assert_eq!(
        validate_value("bin", &normalize_value("bin", "x", PLAIN)).is_ok(),
        validate_value("bin", "x").is_ok()
    );
    // A name that validates still validates once normalised.
    let dotted = "\u{130}1.10";
    assert_eq!(
        validate_value("domain", &normalize_value("domain", dotted, PLAIN)).is_ok(),
        validate_value("domain", dotted).is_ok()
    );
}
