//! Objects from artefacts on the command line (feature `tools`): `misp event new --file/--eml/
//! --url-object/--csv`, `misp object new`, and `misp object add EVENT --file` against wiremock
//! serving PyMISP's recorded `objects/add` and `objectReferences/add` exchanges.
#![cfg(feature = "tools")]

mod common;

use std::collections::HashSet;

use common::{run, run_online, serve_live};
use serde_json::Value;
use wiremock::matchers::path;
use wiremock::{Mock, MockServer};

const INPUTS: &str = "fixtures/tools/inputs";

fn input(name: &str) -> String {
    format!("{INPUTS}/{name}")
}

/// Runs `misp event new --info T ARGS --out FILE`, checks `misp event validate FILE` accepts it,
/// and returns the event.
fn event_new(args: &[&str]) -> (Value, String) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("e.json");
    let out_arg = out.to_str().unwrap();
    let mut all = vec!["event", "new", "--info", "From artefacts"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--out", out_arg]);
    let r = run(&all);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v = run(&["event", "validate", out_arg]);
    assert_eq!(v.code, 0, "validate: {}{}", v.stdout, v.stderr);
    assert!(
        v.stderr.contains("0 error(s), 0 warning(s)"),
        "{}",
        v.stderr
    );
    let event: Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
    (event["Event"].clone(), r.stderr)
}

fn objects(event: &Value) -> &Vec<Value> {
    event["Object"].as_array().expect("objects")
}

fn names(objects: &[Value]) -> Vec<&str> {
    objects
        .iter()
        .map(|o| o["name"].as_str().unwrap())
        .collect()
}

/// The values of `relation` in `object`.
fn values<'a>(object: &'a Value, relation: &str) -> Vec<&'a str> {
    object["Attribute"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["object_relation"] == relation)
        .map(|a| a["value"].as_str().unwrap())
        .collect()
}

/// Every reference points at an object of the list, and `from` references `to` with `includes`.
fn assert_linked(objects: &[Value], from: &str, to: &str) {
    let uuids: HashSet<&str> = objects
        .iter()
        .map(|o| o["uuid"].as_str().unwrap())
        .collect();
    for o in objects {
        for r in o["ObjectReference"].as_array().into_iter().flatten() {
            assert!(
                uuids.contains(r["referenced_uuid"].as_str().unwrap()),
                "{r}"
            );
        }
    }
    let source = objects.iter().find(|o| o["name"] == from).unwrap();
    let target = objects.iter().find(|o| o["name"] == to).unwrap();
    assert!(
        source["ObjectReference"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["referenced_uuid"] == target["uuid"] && r["relationship_type"] == "includes"),
        "{from} does not include {to}"
    );
}

#[test]
fn event_new_file_elf_makes_file_elf_and_sections_with_the_sample() {
    let (event, _) = event_new(&["--file", &input("hello.elf")]);
    let objects = objects(&event);
    let names = names(objects);
    assert_eq!(names[0], "file");
    assert_eq!(names[1], "elf");
    assert!(names[2..].iter().all(|n| *n == "elf-section"), "{names:?}");
    assert!(names.len() > 3, "{names:?}");
    let file = &objects[0];
    assert_eq!(values(file, "filename"), ["hello.elf"]);
    assert_eq!(values(file, "size-in-bytes"), ["16056"]);
    assert_eq!(values(file, "malware-sample").len(), 1);
    let md5 = values(file, "md5")[0];
    let bytes = std::fs::read(common::root().join(input("hello.elf"))).unwrap();
    assert_eq!(md5, misp_types::attachment::md5_hex(&bytes));
    assert_linked(objects, "file", "elf");
    assert_linked(objects, "elf", "elf-section");
}

#[test]
fn event_new_file_pe_makes_file_pe_and_sections() {
    let (event, _) = event_new(&["--file", &input("cli-32.exe")]);
    let objects = objects(&event);
    let names = names(objects);
    assert_eq!(&names[..2], ["file", "pe"]);
    assert!(names[2..].iter().all(|n| *n == "pe-section") && names.len() > 2);
    assert_eq!(values(&objects[0], "size-in-bytes"), ["65536"]);
    assert_linked(objects, "file", "pe");
    assert_linked(objects, "pe", "pe-section");
}

#[test]
fn event_new_eml_url_csv_and_attributes_together() {
    let (event, stderr) = event_new(&[
        "--eml",
        &input("invoice.eml"),
        "--url-object",
        "https://user:pass@sub.domain.co.uk:8443/a/b?c=d",
        "--csv",
        &input("domain-ip.csv"),
        "--template",
        "domain-ip",
        "--attribute",
        "ip-dst=203.0.113.7",
    ]);
    assert!(!stderr.contains("warning"), "{stderr}");
    let objects = objects(&event);
    let names = names(objects);
    // The e-mail and its two attachments, the URL, one domain-ip per non-empty row.
    assert_eq!(
        names,
        [
            "email",
            "file",
            "file",
            "url",
            "domain-ip",
            "domain-ip",
            "domain-ip"
        ]
    );
    assert_linked(&objects[..3], "email", "file");
    let url = &objects[3];
    assert_eq!(values(url, "host"), ["sub.domain.co.uk"]);
    assert_eq!(values(url, "port"), ["8443"]);
    assert_eq!(values(url, "tld"), ["co.uk"]);
    assert_eq!(values(&objects[4], "ip"), ["203.0.113.10"]);
    assert_eq!(values(&objects[4], "domain"), ["evil.example"]);
    assert_eq!(values(&objects[5], "domain"), ["c2.example.net"]);
    assert_eq!(event["Attribute"][0]["value"], "203.0.113.7");
}

#[test]
fn event_new_url_as_the_issue_spells_it_makes_a_url_object() {
    // `misp event new` reaches no server, so the global `--url` is the URL to describe.
    let (event, _) = event_new(&["--url", "http://203.0.113.9:8080/gate.php?id=1"]);
    let made = objects(&event);
    assert_eq!(names(made), ["url"]);
    assert_eq!(values(&made[0], "ip"), ["203.0.113.9"]);
    assert_eq!(values(&made[0], "port"), ["8080"]);
    assert_eq!(values(&made[0], "resource_path"), ["/gate.php"]);
    // Beside --url-object, both are kept.
    let (event, _) = event_new(&[
        "--url",
        "https://a.example/",
        "--url-object",
        "https://b.example/",
    ]);
    assert_eq!(names(objects(&event)), ["url", "url"]);
}

#[test]
fn a_bad_csv_row_is_a_warning_with_its_line_and_the_rest_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("rows.csv");
    std::fs::write(
        &csv,
        "ip,domain\n203.0.113.10,evil.example\nnot-an-ip,bad.example\n",
    )
    .unwrap();
    let (event, stderr) = event_new(&["--csv", csv.to_str().unwrap(), "--template", "domain-ip"]);
    assert_eq!(names(objects(&event)), ["domain-ip"]);
    assert!(stderr.contains("warning: "), "{stderr}");
    assert!(
        stderr.contains("line 3") && stderr.contains("not-an-ip"),
        "{stderr}"
    );
}

#[test]
fn bad_artefact_flags_fail_clearly() {
    // --csv needs --template, and the other way round (usage, exit 2).
    let r = run(&[
        "event",
        "new",
        "--info",
        "x",
        "--csv",
        &input("domain-ip.csv"),
    ]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("--template"), "{}", r.stderr);
    // An unknown template is "not found".
    let r = run(&[
        "event",
        "new",
        "--info",
        "x",
        "--csv",
        &input("domain-ip.csv"),
        "--template",
        "no-such",
    ]);
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert!(r.stderr.contains("`no-such`"), "{}", r.stderr);
    // A missing sample names the file; nothing is written to stdout.
    let r = run(&[
        "event",
        "new",
        "--info",
        "x",
        "--file",
        "no/such/sample.exe",
    ]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("no/such/sample.exe"), "{}", r.stderr);
    assert!(r.stdout.is_empty());
}

#[test]
fn object_new_url_prints_the_url_object() {
    let r = run(&[
        "object",
        "new",
        "url",
        "https://www.evil.example.com:8443/path/to/page.php?id=1&x=y#frag",
        "--compact",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let list: Vec<Value> = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(list.len(), 1);
    let url = &list[0];
    assert_eq!(url["name"], "url");
    assert!(url["uuid"].is_string());
    assert_eq!(
        values(url, "url"),
        ["https://www.evil.example.com:8443/path/to/page.php?id=1&x=y#frag"]
    );
    assert_eq!(values(url, "scheme"), ["https"]);
    assert_eq!(values(url, "host"), ["www.evil.example.com"]);
    assert_eq!(values(url, "domain"), ["example.com"]);
    assert_eq!(values(url, "subdomain"), ["www.evil"]);
    assert_eq!(values(url, "port"), ["8443"]);
    assert_eq!(values(url, "query_string"), ["id=1&x=y"]);
    assert_eq!(values(url, "fragment"), ["frag"]);
}

#[test]
fn object_new_file_and_csv() {
    let r = run(&["object", "new", "file", &input("tiny.macho"), "--compact"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let list: Vec<Value> = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(names(&list), ["file", "macho", "macho-section"]);
    assert_linked(&list, "macho", "macho-section");
    let r = run(&[
        "object",
        "new",
        "csv",
        &input("domain-ip.csv"),
        "--template",
        "domain-ip",
        "--json-lines",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stdout.lines().count(), 3);
    // A template on a URL is refused as usage.
    let r = run(&[
        "object",
        "new",
        "url",
        "https://a.example/",
        "--template",
        "url",
    ]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("CSV"), "{}", r.stderr);
}

/// The requests the mock received on `path`, as JSON bodies.
async fn bodies(server: &MockServer, path: &str) -> Vec<Value> {
    server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .filter(|r| r.url.path() == path)
        .inspect(|r| assert_eq!(r.method.as_str(), "POST"))
        .map(|r| serde_json::from_slice(&r.body).unwrap())
        .collect()
}

#[tokio::test]
async fn object_add_file_sends_each_object_then_each_reference() {
    let server = MockServer::start().await;
    serve_live(&server, "api/pymisp/110_objects_add_object", 3).await;
    serve_live(&server, "api/pymisp/117_objects_add_object_reference", 2).await;
    let r = run_online(
        &server,
        &[
            "object",
            "add",
            "10",
            "--file",
            &input("tiny.macho"),
            "--json-lines",
        ],
    )
    .await;
    assert_eq!(r.code, 0, "{}", r.stderr);

    let sent = bodies(&server, "/objects/add/10").await;
    assert_eq!(names(&sent), ["file", "macho", "macho-section"]);
    // Objects go flat, without their references (sent afterwards, once both ends exist).
    assert!(
        sent.iter().all(|o| o.get("ObjectReference").is_none()),
        "{sent:?}"
    );
    assert_eq!(values(&sent[0], "filename"), ["tiny.macho"]);
    assert_eq!(values(&sent[0], "malware-sample").len(), 1);
    let uuid = |i: usize| sent[i]["uuid"].as_str().unwrap().to_owned();

    let references = bodies(&server, "/objectReferences/add").await;
    assert_eq!(references.len(), 2);
    let pairs: Vec<(String, String, String)> = references
        .iter()
        .map(|r| {
            (
                r["object_uuid"].as_str().unwrap().to_owned(),
                r["referenced_uuid"].as_str().unwrap().to_owned(),
                r["relationship_type"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        pairs,
        [
            (uuid(0), uuid(1), "includes".to_owned()),
            (uuid(1), uuid(2), "includes".to_owned()),
        ]
    );

    // One result line per object, with the server's id (a number) and its references.
    let lines: Vec<Value> = r
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3);
    for (i, line) in lines.iter().enumerate() {
        assert_eq!(line["result"], "added", "{line}");
        assert_eq!(line["id"], 11);
        assert_eq!(line["uuid"], sent[i]["uuid"]);
        assert_eq!(line["input"], input("tiny.macho"));
    }
    assert_eq!(lines[0]["references"], 1);
    assert_eq!(lines[2]["references"], 0);
}

#[tokio::test]
async fn object_add_refused_objects_exit_1_and_send_no_reference() {
    let server = MockServer::start().await;
    // The server's refusal of an object (403, "Could not add object"), recorded on
    // `objects/add/10/breakOnDuplicate:1`, served here for `objects/add/10`.
    let refused = common::live("api/pymisp/111_objects_add_object_break_on_duplicate");
    assert_eq!(refused.status, 403);
    Mock::given(path("/objects/add/10"))
        .respond_with(refused.response())
        .expect(3)
        .mount(&server)
        .await;
    let r = run_online(
        &server,
        &[
            "object",
            "add",
            "10",
            "--file",
            &input("tiny.macho"),
            "--json-lines",
        ],
    )
    .await;
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("3 of 3 object(s)"), "{}", r.stderr);
    assert!(bodies(&server, "/objectReferences/add").await.is_empty());
    let lines: Vec<Value> = r
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3);
    for line in &lines {
        assert_eq!(line["result"], "failed");
        assert!(
            line["error"]
                .as_str()
                .unwrap()
                .contains("Could not add object"),
            "{line}"
        );
    }
}

#[tokio::test]
async fn object_add_with_a_template_and_artefacts_is_usage() {
    let server = MockServer::start().await;
    let r = run_online(
        &server,
        &[
            "object",
            "add",
            "10",
            "domain-ip",
            "--set",
            "ip=203.0.113.7",
            "--url-object",
            "https://a.example/",
        ],
    )
    .await;
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(server.received_requests().await.unwrap().is_empty());
}
