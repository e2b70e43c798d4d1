//! A table of valid and invalid values for each attribute type with a format rule.

use misp_types::validate::value::{ValueError, has_format_rule, validate_value};

/// `(type, valid values, invalid values)`.
const TABLE: &[(&str, &[&str], &[&str])] = &[
    (
        "md5",
        &[
            "d41d8cd98f00b204e9800998ecf8427e",
            "D41D8CD98F00B204E9800998ECF8427E",
        ],
        &[
            "d41d8cd98f00b204e9800998ecf8427",
            "d41d8cd98f00b204e9800998ecf8427g",
            "0x41d8cd98f00b204e9800998ecf8427e",
        ],
    ),
    (
        "sha1",
        &["da39a3ee5e6b4b0d3255bfef95601890afd80709"],
        &[
            "da39a3ee5e6b4b0d3255bfef95601890afd8070",
            "d41d8cd98f00b204e9800998ecf8427e",
        ],
    ),
    (
        "sha224",
        &["d14a028c2a3a2bc9476102bb288234c415a2b01f828ea62ac5b3e42f"],
        &["d14a028c2a3a2bc9476102bb288234c415a2b01f828ea62ac5b3e42"],
    ),
    (
        "sha256",
        &["e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"],
        &[
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b85",
            "da39a3ee5e6b4b0d3255bfef95601890afd80709",
        ],
    ),
    (
        "sha384",
        &[
            "38b060a751ac96384cd9327eb1b1e36a21fdb71114be07434c0cc7bf63f6e1da274edebfe76f65fbd51ad2f14898b95b",
        ],
        &[
            "38b060a751ac96384cd9327eb1b1e36a21fdb71114be07434c0cc7bf63f6e1da274edebfe76f65fbd51ad2f14898b95",
        ],
    ),
    (
        "sha512",
        &[
            "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e",
        ],
        &[
            "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3",
        ],
    ),
    (
        "ssdeep",
        &[
            "3:AXGBicFlgVNhBGcL6wCrFQEv:AXGHsNhxLsr2C",
            "96:s4Ud1Lj96tHHlZDrwciQmA+4uy1I0G4HYuL8N3TzS8QsO/wqWXLcMSx:sF1LjEtHHlZDrJzrhuyZvHYm8tKp/RWO",
        ],
        &[
            "AXGBicFlgVNhBGcL6wCrFQEv:AXGHsNhxLsr2C",
            "3:AXGBicFlgVNhBGcL6wCrFQEv",
            "x:a:b",
            "3:a b:c",
        ],
    ),
    (
        "tlsh",
        &[
            "T1A0B12345C6D7E8F90123456789ABCDEF0123456789ABCDEF0123456789ABCDEF012345",
            "a0b12345c6d7e8f90123456789abcdef0123456789abcdef0123456789abcdef012345",
        ],
        &[
            "T1A0B1",
            "zz0b12345c6d7e8f90123456789abcdef0123456789abcdef0123456789abcdef012345",
        ],
    ),
    (
        "imphash",
        &["f34d5f2d4577ed6d9ceec516c1f5a744"],
        &["f34d5f2d4577ed6d9ceec516c1f5a74"],
    ),
    (
        "filename|md5",
        &[
            "invoice.pdf.exe|d41d8cd98f00b204e9800998ecf8427e",
            "C:\\Temp\\a b.dll|d41d8cd98f00b204e9800998ecf8427e",
        ],
        &[
            "invoice.pdf.exe",
            "invoice.pdf.exe|d41d8cd98f00b204e9800998ecf8427",
            "|d41d8cd98f00b204e9800998ecf8427e",
            "a|b|d41d8cd98f00b204e9800998ecf8427e",
        ],
    ),
    (
        "filename|sha256",
        &["a.exe|e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"],
        &["a.exe|d41d8cd98f00b204e9800998ecf8427e"],
    ),
    (
        "filename|ssdeep",
        &["a.exe|3:AXGBicFlgVNhBGcL6wCrFQEv:AXGHsNhxLsr2C"],
        &["a.exe|3:nope"],
    ),
    (
        "ip-src",
        &[
            "192.0.2.1",
            "198.51.100.0/24",
            "0.0.0.0/0",
            "2001:db8::1",
            "2001:db8::/32",
            "::ffff:192.0.2.1",
            "[2001:db8::1]",
        ],
        &[
            "192.0.2.256",
            "192.0.2",
            "192.0.2.1/33",
            "2001:db8::/129",
            "192.0.2.1/",
            "192.0.2.1/x",
            "example.com",
            "2001:db8:::1",
            "192.0.2.1:80",
        ],
    ),
    (
        "ip-dst",
        &["203.0.113.77", "fe80::1"],
        &["203.0.113.77 ", "1.2.3.4.5"],
    ),
    (
        "ip-dst|port",
        &["203.0.113.77|443", "2001:db8::1|8080"],
        &[
            "203.0.113.77:443",
            "203.0.113.77|0",
            "203.0.113.77|65536",
            "203.0.113.0/24|80",
            "example.com|80",
            "203.0.113.77|",
        ],
    ),
    ("ip-src|port", &["192.0.2.1|22"], &["192.0.2.1|ssh"]),
    (
        "domain",
        &[
            "example.com",
            "sub.example.co.uk",
            "xn--bcher-kva.de",
            "bücher.de",
            "_dmarc.example.com",
            "a-b.example",
            "example.com.",
        ],
        &[
            "example",
            "exa mple.com",
            "example..com",
            ".example.com",
            "http://example.com",
            "example.com/path",
            "192.0.2.1",
            "example.c",
            "-",
        ],
    ),
    (
        "hostname",
        &["www.example.com", "mail-01.corp.example.net"],
        &["www_example", "www.example.com:80"],
    ),
    (
        "hostname|port",
        &["www.example.com|8443"],
        &["www.example.com|99999", "www.example.com"],
    ),
    (
        "domain|ip",
        &["example.com|192.0.2.1", "example.com|2001:db8::1"],
        &["example.com|not-an-ip", "example.com"],
    ),
    (
        "url",
        &[
            "https://example.com/path?q=1",
            "http://192.0.2.1:8080/x",
            "example.com/path",
            "ftp://files.example.org/a.bin",
        ],
        &[
            "https://example.com/a b",
            "https://",
            "http:///path",
            "https://example.com/\nsecond",
            "1http://example.com",
        ],
    ),
    ("uri", &["/wp-admin/admin-ajax.php?action=x"], &["/a\n/b"]),
    (
        "link",
        &[
            "https://www.misp-project.org/",
            "http://example.com/report.html",
        ],
        &["www.misp-project.org", "https:///x"],
    ),
    (
        "email-src",
        &["user@example.com", "first.last+tag@sub.example.org"],
        &[
            "user@",
            "@example.com",
            "user@example",
            "John <john@example.com>",
            "user@@example.com x",
        ],
    ),
    (
        "email-dst",
        &["victim@example.org"],
        &["victim.example.org"],
    ),
    ("email", &["a@example.com"], &["a@.com"]),
    (
        "AS",
        &["64496", "AS64496", "as13335", "1.10", "4294967295", "0"],
        &["AS", "4294967296", "AS-1", "64496a", "1.65536", "1.2.3"],
    ),
    (
        "port",
        &["1", "80", "65535"],
        &["0", "65536", "-1", "80/tcp", "eighty"],
    ),
    (
        "btc",
        &[
            "1BoatSLRHtKNngkdXEeobR76b53LETtpyT",
            "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy",
            "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq",
        ],
        &[
            "0BoatSLRHtKNngkdXEeobR76b53LETtpyT",
            "1BoatSLRHtKNngkdXEeobR76b53LETtpyO",
            "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdb",
            "1abc",
        ],
    ),
    (
        "mac-address",
        &["00:1a:2b:3c:4d:5e", "00-1A-2B-3C-4D-5E", "001a2b3c4d5e"],
        &["00:1a:2b:3c:4d", "00:1a:2b:3c:4d:5g", "001a2b3c4d5e6f"],
    ),
    (
        "mac-eui-64",
        &["00:1a:2b:ff:fe:3c:4d:5e"],
        &["00:1a:2b:3c:4d:5e"],
    ),
    (
        "vulnerability",
        &[
            "CVE-2024-3094",
            "cve-2021-44228",
            "CVE-2014-0160",
            "GHSA-jfh8-c2jp-5v3q",
            "GCVE-1-2025-0001",
            "PYSEC-2021-1",
        ],
        &[
            "CVE-2024-309",
            "CVE-24-3094",
            "Log4Shell",
            "CVE 2021 44228",
            "GHSA-",
        ],
    ),
    (
        "weakness",
        &["CWE-79", "cwe-89"],
        &["CWE-", "CWE-abc", "79"],
    ),
    (
        "float",
        &["3.14", "-2", "1e10", ".5", "+1.0"],
        &["pi", "inf", "NaN", "1,5", "1.2.3"],
    ),
    (
        "counter",
        &["0", "42", "18446744073709551616"],
        &["-1", "1.5", "many"],
    ),
    ("size-in-bytes", &["0", "1048576"], &["1 MB", "-4"]),
    ("integer", &["-7", "42"], &["4.2", "x"]),
    (
        "datetime",
        &[
            "2024-05-15T10:30:00Z",
            "2024-05-15T10:30:00.123456+02:00",
            "2024-05-15 10:30:00",
            "2024-05-15",
            "2024-05-15T10:30:00+0000",
        ],
        &[
            "15/05/2024",
            "2024-13-01",
            "yesterday",
            "2024-05-15T25:00:00Z",
        ],
    ),
    (
        "uuid",
        &["6f2a5b9e-1b7e-4c7a-9d5e-2c1b9a4e8f00"],
        &["6f2a5b9e-1b7e-4c7a-9d5e"],
    ),
    ("boolean", &["0", "1", "true", "False"], &["yes", "2"]),
    (
        "onion-address",
        &[
            "expyuzz4wqqyqhjn.onion",
            "2gzyxa5ihm7nsggfxnu52rck2vv4rvmdlkiu3zzui5du4xyclen53wid.onion",
        ],
        &[
            "expyuzz4wqqyqhjn.com",
            "short.onion",
            "expyuzz4wqqyqhj1.onion",
        ],
    ),
    (
        "http-method",
        &["GET", "post", "PROPFIND"],
        &["FETCH", "GET /"],
    ),
    ("hex", &["deadBEEF", "0"], &["0xdead", "de ad"]),
    (
        "x509-fingerprint-sha1",
        &["da39a3ee5e6b4b0d3255bfef95601890afd80709"],
        &["da:39:a3"],
    ),
    (
        "jarm-fingerprint",
        &["27d40d40d29d40d1dc42d43d00041d4689ee210389f4f6b4b5b1b93f92252d"],
        &["27d40d40d29d40d1dc42d43d00041d"],
    ),
    (
        "windows-service-name",
        &["Spooler", "My Service"],
        &["C:\\svc", "a/b"],
    ),
    (
        "filename",
        &["report.docx", "name with spaces.txt"],
        &["two\nlines"],
    ),
    (
        "regkey|value",
        &["HKLM\\Software\\Run|evil.exe", "HKLM\\Software\\Run|a|b"],
        &["|evil.exe"],
    ),
    (
        "malware-sample",
        &["a.exe|d41d8cd98f00b204e9800998ecf8427e", "a.exe"],
        &["a.exe|nothex"],
    ),
    ("cortex", &["{\"summary\": 1}"], &["{not json"]),
    (
        "iban",
        &["DE89370400440532013000"],
        &["DE89 3704 0044 0532 0130 00"],
    ),
    ("text", &["anything\nat all"], &["", "   "]),
];

#[test]
fn every_valid_value_passes() {
    let mut failures = Vec::new();
    for (attr_type, valid, _) in TABLE {
        for value in *valid {
            if let Err(e) = validate_value(attr_type, value) {
                failures.push(format!("{attr_type} {value:?}: {e}"));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "valid values rejected:\n{}",
        failures.join("\n")
    );
}

#[test]
fn every_invalid_value_fails_with_a_message() {
    let mut failures = Vec::new();
    for (attr_type, _, invalid) in TABLE {
        for value in *invalid {
            match validate_value(attr_type, value) {
                Ok(()) => failures.push(format!("{attr_type} {value:?} was accepted")),
                Err(e) => {
                    let message = e.to_string();
                    // Every message names the type it checked.
                    if !message.contains('`') || message.len() < 30 {
                        failures.push(format!(
                            "{attr_type} {value:?}: unhelpful message {message:?}"
                        ));
                    }
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn table_covers_every_type_with_a_rule_that_the_issue_lists() {
    for t in [
        "ip-src",
        "ip-dst",
        "ip-src|port",
        "ip-dst|port",
        "domain",
        "hostname",
        "url",
        "uri",
        "email-src",
        "email-dst",
        "md5",
        "sha1",
        "sha224",
        "sha256",
        "sha384",
        "sha512",
        "ssdeep",
        "tlsh",
        "imphash",
        "filename|md5",
        "AS",
        "port",
        "btc",
        "mac-address",
        "vulnerability",
        "float",
        "counter",
        "datetime",
        "size-in-bytes",
    ] {
        assert!(has_format_rule(t), "{t} has no rule");
        assert!(
            TABLE.iter().any(|(name, _, _)| *name == t),
            "{t} is not in the table"
        );
    }
}

#[test]
fn empty_values_fail_for_every_type() {
    for t in ["md5", "text", "comment", "some-future-type"] {
        assert!(
            matches!(validate_value(t, ""), Err(ValueError::Empty { .. })),
            "{t}"
        );
        assert!(
            matches!(validate_value(t, " \t"), Err(ValueError::Empty { .. })),
            "{t}"
        );
    }
}

#[test]
fn unknown_types_are_free_text() {
    assert_eq!(
        validate_value("some-future-type", "anything | at all"),
        Ok(())
    );
}

#[test]
fn composite_errors_name_the_wrong_side() {
    let err = validate_value("filename|md5", "a.exe|1234").unwrap_err();
    assert_eq!(
        err.to_string(),
        "the right part of the `filename|md5` value is wrong: `1234` is not a valid `md5` value: \
         expected an MD5 digest of 32 hexadecimal characters, found 4 characters (check for a \
         truncated value, or use type `other`)"
    );
    let err = validate_value("domain|ip", "exa mple.com|192.0.2.1").unwrap_err();
    assert!(
        matches!(&err, ValueError::CompositePart { side: "left", .. }),
        "{err}"
    );

    let err = validate_value("ip-dst|port", "192.0.2.1:80").unwrap_err();
    assert_eq!(
        err.to_string(),
        "`192.0.2.1:80` is not a valid `ip-dst|port` value: expected two parts separated by `|` \
         (ip|port), found 1 part(s)"
    );
}

#[test]
fn messages_say_what_to_do() {
    let cases = [
        (
            "ip-dst",
            "192.0.2.1/40",
            "a CIDR prefix length between 0 and 32 after `/`",
        ),
        (
            "domain",
            "https://example.com",
            "use type `url` for a full URL",
        ),
        ("domain", "192.0.2.1", "use type `ip-dst` or `ip-src`"),
        ("port", "0", "a port number between 1 and 65535"),
        ("sha256", "xyz", "it contains other characters"),
        (
            "email-src",
            "John <j@example.com>",
            "without spaces or a display name",
        ),
        ("filename", "a\nb", "use type `text`"),
    ];
    for (t, v, needle) in cases {
        let message = validate_value(t, v).unwrap_err().to_string();
        assert!(message.contains(needle), "{t} {v:?}: {message}");
    }
}

/// Value checks work on characters: multibyte text never panics, it is just not valid.
#[test]
fn multibyte_text_is_invalid_not_a_panic() {
    for (kind, value) in [
        ("mac-address", "aéééééa"),
        ("mac-address", "ééééééé"),
        ("mac-address", "é:bb:cc:dd:ee:ff"),
        ("mac-eui-64", "aéééééééaa"),
        ("mac-eui-64", "00-1a-2b-ff-fe-3c-4d-é"),
        ("weakness", "CWé-79"),
        ("weakness", "CWEé"),
        ("AS", "Aé12"),
        ("ssdeep", "é:é:é"),
        ("domain", "é."),
        ("ip-dst|port", "é|é"),
    ] {
        assert!(
            misp_types::validate::validate_value(kind, value).is_err(),
            "{kind} {value:?}"
        );
    }
    assert!(misp_types::validate::validate_value("mac-address", "001A2B3C4D5E").is_ok());
    assert!(misp_types::validate::validate_value("mac-eui-64", "00:1a:2b:ff:fe:3c:4d:5e").is_ok());
}
