//! The CSV loader against PyMISP's CSVLoader on the same export.
#![cfg(feature = "csv")]

mod common;

use common::*;
use misp_tools::csv::CsvLoader;

#[test]
fn a_csv_export_matches_pymisp() {
    let path = fixtures().join("inputs/domain-ip.csv");
    let out = CsvLoader::objects("domain-ip")
        .unwrap()
        .load_path(&path)
        .unwrap();
    assert!(out.errors.is_empty(), "{:?}", out.errors);
    let ours = ours(&out.objects);
    let theirs = pymisp("domain-ip.csv");
    // The empty row gives no object, in both.
    assert_eq!(ours.len(), 3);
    assert_eq!(ours.len(), theirs.len());
    for (i, (o, t)) in ours.iter().zip(&theirs).enumerate() {
        // PyMISP parses datetime cells with dateutil and writes them back in ISO form, so the
        // date `2024-05-15` becomes the naive `2024-05-15T00:00:00`; misp-tools keeps the value
        // as written (MISP reads both).
        let t = match t.value("first-seen") {
            Some("2024-05-15T00:00:00") => t.clone().set("first-seen", &["2024-05-15"]),
            _ => t.clone(),
        };
        assert_same(o, &t, &format!("row {i}"));
    }
}

#[test]
fn given_columns_skip_and_the_header_can_be_skipped() {
    let csv = "a,b,c\nevil.example,ignored,203.0.113.1\n";
    let out = CsvLoader::objects("domain-ip")
        .unwrap()
        .columns(["domain", "-", "ip"])
        .has_header(true)
        .load(csv.as_bytes())
        .unwrap();
    let o = &ours(&out.objects)[0];
    assert_eq!(o.value("domain"), Some("evil.example"));
    assert_eq!(o.value("ip"), Some("203.0.113.1"));
    assert_eq!(o.attributes.len(), 2);
    // Without a header: every line is data.
    let out = CsvLoader::objects("domain-ip")
        .unwrap()
        .columns(["domain"])
        .delimiter(b';')
        .load("a.example;\nb.example\n".as_bytes())
        .unwrap();
    assert_eq!(out.objects.len(), 2);
}

#[test]
fn bad_rows_are_reported_with_their_line_and_the_rest_kept() {
    let csv = "ip,domain,port\n203.0.113.1,ok.example,443\n203.0.113.999,,\n\"198.51.100.7\",x.example,1,extra\n198.51.100.8,,99999\n,,80\n192.0.2.1,,\n";
    let out = CsvLoader::objects("domain-ip")
        .unwrap()
        .load(csv.as_bytes())
        .unwrap();
    let lines: Vec<_> = out
        .errors
        .iter()
        .map(|e| (e.line, e.column.clone()))
        .collect();
    assert_eq!(
        lines,
        [
            (3, Some("ip".to_owned())),
            (4, None),
            (5, Some("port".to_owned())),
            (6, None)
        ],
        "{:#?}",
        out.errors
    );
    assert!(out.errors[1].to_string().contains("4 values for 3 columns"));
    // domain-ip needs a domain or an ip: a port alone is refused by the template rule.
    assert!(
        out.errors[3].message.contains("at least one of"),
        "{}",
        out.errors[3]
    );
    assert_eq!(out.objects.len(), 2);
}

#[test]
fn columns_must_fit_the_template_or_name_types() {
    let err = CsvLoader::objects("domain-ip")
        .unwrap()
        .load("ip,colour\n".as_bytes())
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("column 2 `colour` is not a relation of the `domain-ip` template"),
        "{err}"
    );
    assert!(
        CsvLoader::objects("no-such-template")
            .unwrap_err()
            .to_string()
            .contains("`no-such-template` is not a MISP object template")
    );
    let out = CsvLoader::attributes()
        .load("ip-dst,domain\n203.0.113.5,evil.example\n,b.example\n".as_bytes())
        .unwrap();
    assert_eq!(out.attributes.len(), 3);
    assert_eq!(out.attributes[0].kind.as_ref().unwrap().as_str(), "ip-dst");
    assert_eq!(
        out.attributes[0].category.as_ref().unwrap().as_str(),
        "Network activity"
    );
    let err = CsvLoader::attributes()
        .load("".as_bytes())
        .unwrap_err()
        .to_string();
    assert!(err.contains("no column names"), "{err}");
}
