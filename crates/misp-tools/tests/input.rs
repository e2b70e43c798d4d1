//! The one entry point a command line uses: every kind of input into an event.
#![cfg(all(
    feature = "executable",
    feature = "email",
    feature = "url",
    feature = "csv"
))]

mod common;

use common::*;
use misp_tools::input::{Input, objects_from};
use misp_types::builder::EventBuilder;

#[test]
fn every_kind_of_input_goes_into_one_valid_event() {
    let dir = fixtures().join("inputs");
    let inputs = [
        Input::parse("file", dir.join("cli-32.exe").to_str().unwrap(), None).unwrap(),
        Input::parse("eml", dir.join("invoice.eml").to_str().unwrap(), None).unwrap(),
        Input::parse("url", "https://evil.example.com/x", None).unwrap(),
        Input::parse(
            "csv",
            dir.join("domain-ip.csv").to_str().unwrap(),
            Some("domain-ip"),
        )
        .unwrap(),
    ];
    let mut event = EventBuilder::new("From artefacts");
    let mut names = Vec::new();
    for input in &inputs {
        let made = objects_from(input).unwrap();
        assert!(made.warnings.is_empty(), "{:?}", made.warnings);
        names.extend(made.objects.iter().map(|o| o.name.clone().unwrap()));
        event = made.add_to(event);
    }
    let event = event.build().unwrap();
    assert_eq!(
        names,
        [
            "file",
            "pe",
            "pe-section",
            "pe-section",
            "pe-section",
            "email",
            "file",
            "file",
            "url",
            "domain-ip",
            "domain-ip",
            "domain-ip"
        ]
    );
    assert_eq!(event.objects.len(), names.len());
    // The sample is attached for `file` input.
    assert!(
        event.objects[0]
            .attributes
            .iter()
            .any(|a| a.object_relation.as_deref() == Some("malware-sample") && a.data.is_some())
    );
    assert!(event.validate().errors().next().is_none());
}

#[test]
fn bad_kinds_templates_and_paths_are_named() {
    let err = Input::parse("pdf", "x", None).unwrap_err().to_string();
    assert_eq!(
        err,
        "`pdf` is not a kind of input: use one of file, eml, url, csv"
    );
    let err = Input::parse("csv", "x.csv", None).unwrap_err().to_string();
    assert!(err.contains("--template NAME"), "{err}");
    let err = Input::parse("url", "https://a.example/", Some("url"))
        .unwrap_err()
        .to_string();
    assert!(err.contains("CSV input only"), "{err}");
    let err = objects_from(&Input::parse("eml", "/no/such/mail.eml", None).unwrap())
        .unwrap_err()
        .to_string();
    assert!(err.starts_with("could not read /no/such/mail.eml"), "{err}");
    let err = objects_from(
        &Input::parse(
            "csv",
            fixtures().join("inputs/domain-ip.csv").to_str().unwrap(),
            Some("nope"),
        )
        .unwrap(),
    )
    .unwrap_err()
    .to_string();
    assert!(
        err.contains("`nope` is not a MISP object template"),
        "{err}"
    );
}

#[test]
fn csv_bad_rows_become_warnings_with_the_file_and_line() {
    let dir = std::env::temp_dir().join(format!("misp-tools-input-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("bad.csv");
    std::fs::write(&path, "ip\n203.0.113.1\nnot-an-ip\n").unwrap();
    let made = objects_from(&Input::Csv {
        path: path.clone(),
        template: "domain-ip".into(),
    })
    .unwrap();
    assert_eq!(made.objects.len(), 1);
    assert_eq!(made.warnings.len(), 1);
    assert!(
        made.warnings[0].starts_with(&format!("{}: line 3, column `ip`:", path.display())),
        "{}",
        made.warnings[0]
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn objects_and_references_split_for_one_call_each() {
    let path = fixtures().join("inputs/hello.elf");
    let made = objects_from(&Input::File {
        path,
        malware_sample: false,
    })
    .unwrap();
    let uuids: Vec<_> = made.objects.iter().map(|o| o.uuid.unwrap()).collect();
    let count: usize = made.objects.iter().map(|o| o.references.len()).sum();
    let (objects, references) = made.split_references();
    assert!(objects.iter().all(|o| o.references.is_empty()));
    assert_eq!(references.len(), count);
    // file includes elf, elf includes each section: every end is one of the objects.
    assert_eq!(references[0].object_uuid, Some(uuids[0]));
    assert_eq!(references[0].referenced_uuid, Some(uuids[1]));
    assert!(
        references
            .iter()
            .all(|r| uuids.contains(&r.object_uuid.unwrap())
                && uuids.contains(&r.referenced_uuid.unwrap()))
    );
    assert_eq!(references.len(), objects.len() - 1);
}
