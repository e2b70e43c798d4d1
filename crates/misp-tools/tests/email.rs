//! `email` objects against PyMISP's EMailObject (with one FileObject per attachment) on the
//! same messages.
#![cfg(feature = "email")]

mod common;

use common::*;
use misp_tools::email::EmailObject;

fn generate(name: &str) -> (Vec<Obj>, Vec<Obj>, Vec<misp_types::Object>) {
    let raw = input(name);
    let generated = EmailObject::new(&raw).generate().unwrap();
    assert!(
        generated.warnings().is_empty(),
        "{:?}",
        generated.warnings()
    );
    let objects = generated.build().unwrap();
    (ours(&objects), pymisp(name), objects)
}

/// The `header` attribute: the same header lines in the same order. PyMISP re-renders some
/// values through Python's e-mail policy (decoding RFC 2047 words, re-quoting parameters);
/// misp-tools keeps each header as it came, unfolded.
fn assert_same_headers(ours: &Obj, theirs: &Obj) {
    let o: Vec<&str> = ours.value("header").unwrap().lines().collect();
    let t: Vec<&str> = theirs.value("header").unwrap().lines().collect();
    assert_eq!(o.len(), t.len());
    for (o, t) in o.iter().zip(&t) {
        assert_eq!(o.split_once(':').unwrap().0, t.split_once(':').unwrap().0);
        if !o.contains("=?") && !o.starts_with("Content-Type") && !o.starts_with("From:") {
            assert_eq!(o, t);
        }
    }
}

#[test]
fn multipart_phishing_mail_matches_pymisp() {
    let (ours, theirs, objects) = generate("invoice.eml");
    assert_eq!(ours.len(), 3, "the e-mail and two attachments");
    assert_same_headers(&ours[0], &theirs[0]);
    let mut t = theirs[0].clone().without("header");
    // PyMISP's IPv6 pattern stops at `::`, so it never finds a compressed address such as
    // 2a00:1450:4864:20::42f (the first Received header); misp-tools parses it.
    assert!(
        t.values("received-header-ip")
            .iter()
            .all(|ip| !ip.contains(':'))
    );
    let mut ips: Vec<&str> = t.values("received-header-ip");
    ips.push("2a00:1450:4864:20::42f");
    let ips: Vec<String> = ips.iter().map(|s| s.to_string()).collect();
    t = t.set(
        "received-header-ip",
        &ips.iter().map(String::as_str).collect::<Vec<_>>(),
    );
    assert_same(&ours[0].clone().without("header"), &t, "email");
    // Same comments on the addresses and bodies.
    for relation in [
        "to",
        "to-display-name",
        "from-display-name",
        "cc",
        "email-body",
    ] {
        let o: Vec<_> = ours[0]
            .attributes
            .iter()
            .filter(|a| a.0 == relation)
            .map(|a| (&a.1, &a.2))
            .collect();
        let th: Vec<_> = theirs[0]
            .attributes
            .iter()
            .filter(|a| a.0 == relation)
            .map(|a| (&a.1, &a.2))
            .collect();
        assert_eq!(o, th, "{relation}");
    }
    // Attachments: same references, and file objects equal to PyMISP's FileObject's.
    assert_eq!(ours[0].references, theirs[0].references);
    for i in 1..3 {
        assert_same(
            &ours[i],
            &expected_file(&theirs[i], &ours[i]),
            &format!("attachment {i}"),
        );
    }
    // The original message is attached, byte for byte.
    let eml = objects[0]
        .attributes
        .iter()
        .find(|a| a.object_relation.as_deref() == Some("eml"))
        .unwrap();
    assert_eq!(
        misp_types::attachment::decode_data(eml.data.as_deref().unwrap()).unwrap(),
        input("invoice.eml")
    );
}

#[test]
fn encoded_headers_and_an_empty_group_match_pymisp() {
    let (ours, theirs, _) = generate("encoded.eml");
    assert_eq!(ours.len(), 1);
    assert_same_headers(&ours[0], &theirs[0]);
    assert_same(
        &ours[0].clone().without("header"),
        &theirs[0].clone().without("header"),
        "email",
    );
    assert_eq!(ours[0].value("subject"), Some("Rechnung überfällig"));
    assert_eq!(ours[0].value("from-display-name"), Some("Jürgen Müller"));
}

#[test]
fn options_and_bad_input() {
    let raw = input("invoice.eml");
    let generated = EmailObject::new(&raw)
        .attach_original(false)
        .attachment_samples(false)
        .generate()
        .unwrap();
    let objects = ours(&generated.build().unwrap());
    assert!(objects[0].value("eml").is_none());
    assert!(objects[1].value("malware-sample").is_none());
    let err = EmailObject::new(b"").generate().unwrap_err().to_string();
    assert!(
        err.starts_with("the message is not an e-mail message (.eml)"),
        "{err}"
    );
}

#[test]
fn received_headers_private_addresses_are_skipped_and_values_kept_once() {
    let eml = b"Received: from a.example.org (b.example.org [10.1.2.3]) by c; Mon, 1 Jan 2024 00:00:00 +0000\r\nReceived: from a.example.org (a.example.org [8.8.4.4]) by d\r\nReceived: from x (y [192.168.1.1]) by z; 1 Jan 2024\r\nSubject: s\r\n\r\nbody\r\n";
    let generated = EmailObject::new(eml).generate().unwrap();
    let o = ours(&generated.build().unwrap()).remove(0);
    assert_eq!(o.values("received-header-ip"), ["8.8.4.4"]);
    assert_eq!(
        o.values("received-header-hostname"),
        ["a.example.org", "b.example.org"]
    );
}
