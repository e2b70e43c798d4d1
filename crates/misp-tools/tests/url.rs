//! `url` objects against PyMISP's URLObject (`generate_all=True`, with pyfaup-rs) on the same
//! URLs.
#![cfg(feature = "url")]

mod common;

use common::*;
use misp_tools::url::{url_object, url_objects_from_lines};
use serde_json::Value;

/// What PyMISP would give were it right, for the URL `theirs` was made from; each change says
/// why misp-tools differs.
fn expected(url: &str, theirs: Obj) -> Obj {
    let mut t = theirs;
    // PyMISP with pyfaup-rs 0.4 stores the text `None` as the tld of every URL (the suffix
    // call returns None and PyMISP formats it), and `None` as the domain of an IP host.
    assert!(t.value("tld").is_none_or(|v| v == "None"), "{url}");
    t = t.without("tld");
    if t.value("domain") == Some("None") {
        t = t.without("domain");
    }
    // An IP host is an `ip` attribute; `host` is a hostname attribute, which an address is not
    // (PyMISP's fallback parser also drops host and domain then).
    if t.value("ip").is_some() {
        t = t.without("host");
    }
    t
}

/// The relations PyMISP's generator never makes with pyfaup-rs, and misp-tools makes from the
/// public suffix list and the URL: tld, domain_without_tld, credential, and the Unicode host as
/// `text` (PyMISP's own fallback parser makes all four).
const EXTRA: &[&str] = &["tld", "domain_without_tld", "credential", "text"];

#[test]
fn urls_match_pymisp() {
    let text = String::from_utf8(input("urls.txt")).unwrap();
    let fixture: Vec<Value> = serde_json::from_str(
        &std::fs::read_to_string(fixtures().join("pymisp/urls.txt.json")).unwrap(),
    )
    .unwrap();
    let urls: Vec<&str> = text.lines().collect();
    assert_eq!(urls.len(), fixture.len());
    for (url, theirs) in urls.iter().zip(&fixture) {
        if theirs.get("error").is_some() {
            // Both refuse a URL without a scheme.
            let err = url_object(url).unwrap_err().to_string();
            assert!(err.contains("no scheme"), "{err}");
            continue;
        }
        let ours = ours(&url_object(url).unwrap().build().unwrap()).remove(0);
        let mut theirs = expected(url, from_fixture(theirs));
        let mut mine = ours.clone();
        for relation in EXTRA {
            mine = mine.without(relation);
        }
        // IDN hosts: pyfaup-rs keeps the Unicode form as host (and derives the subdomain from
        // it); misp-tools writes the IDNA ASCII form, the one DNS, proxies and MISP's
        // correlation see, and keeps the Unicode form as `text`.
        if url.contains("bücher") {
            assert_eq!(theirs.value("host"), Some("bücher.example.de"));
            assert_eq!(ours.value("text"), Some("bücher.example.de"));
            theirs = theirs
                .set("host", &["xn--bcher-kva.example.de"])
                .set("subdomain", &["xn--bcher-kva"]);
        }
        // `localhost` is a public suffix of its own (the list's default rule): it has no
        // registrable domain, which pyfaup-rs reports as the host itself. Nor is it a
        // hostname MISP accepts (one label): misp-tools leaves `host` out and says so.
        if url.contains("localhost") {
            assert_eq!(theirs.value("domain"), Some("localhost"));
            theirs = theirs.without("domain").without("host");
            let warnings = url_object(url).unwrap().warnings().to_vec();
            assert!(
                warnings[0].contains("the host `localhost` is not a hostname MISP accepts"),
                "{warnings:?}"
            );
        }
        assert_same(&mine, &theirs, url);
    }
}

#[test]
fn the_extra_relations() {
    let o = ours(
        &url_object("https://user:pass@sub.domain.co.uk:8443/a/b?c=d")
            .unwrap()
            .build()
            .unwrap(),
    )
    .remove(0);
    assert_eq!(o.value("tld"), Some("co.uk"));
    assert_eq!(o.value("domain_without_tld"), Some("domain"));
    assert_eq!(o.value("credential"), Some("user:pass"));
    assert_eq!(o.value("subdomain"), Some("sub"));
    let o = ours(
        &url_object("http://xn--bcher-kva.example/kaufen")
            .unwrap()
            .build()
            .unwrap(),
    )
    .remove(0);
    assert_eq!(o.value("text"), Some("bücher.example"));
    let o = ours(
        &url_object("http://[2001:db8::1]:8000/index.html")
            .unwrap()
            .build()
            .unwrap(),
    )
    .remove(0);
    assert_eq!(
        (o.value("ip"), o.value("host"), o.value("port")),
        (Some("2001:db8::1"), None, Some("8000"))
    );
    // Written as in the URL, not percent-encoded; a default port written stays.
    let o = ours(
        &url_object("https://bücher.example.de:443/straße?q=ä#teil2")
            .unwrap()
            .build()
            .unwrap(),
    )
    .remove(0);
    assert_eq!(o.value("resource_path"), Some("/straße"));
    assert_eq!(o.value("query_string"), Some("q=ä"));
    assert_eq!(o.value("port"), Some("443"));
}

#[test]
fn a_url_list_reports_bad_lines_by_number() {
    let (objects, errors) =
        url_objects_from_lines("https://a.example/\n\n# comment\nnot a url\nhttp://b.example:1/\n");
    assert_eq!(objects.len(), 2);
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].0, 4);
    assert!(
        errors[0]
            .1
            .to_string()
            .starts_with("`not a url` is not a URL"),
        "{}",
        errors[0].1
    );
    assert!(url_object("   ").unwrap_err().to_string().contains("empty"));
}
