//! The command tree and the new commands, against wiremock serving recorded MISP 2.5.1
//! answers (`fixtures/live/`) with their real statuses and headers.

mod common;

use clap::CommandFactory;
use common::{KEY, misp, run, run_async, run_online, serve_live};
use serde_json::{Value, json};
use wiremock::MockServer;

fn lines(stdout: &str) -> Vec<Value> {
    stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

async fn request_body(server: &MockServer, index: usize) -> Value {
    let requests = server.received_requests().await.unwrap();
    serde_json::from_slice(&requests[index].body).unwrap()
}

#[test]
fn the_command_tree_is_consistent() {
    misp_cli::Cli::command().debug_assert();
}

/// The subcommands `misp --help` lists (without `help`).
fn help_commands() -> Vec<String> {
    let r = run(&["--help"]);
    assert_eq!(r.code, 0);
    let mut in_list = false;
    let mut names = Vec::new();
    for line in r.stdout.lines() {
        if line == "Commands:" {
            in_list = true;
            continue;
        }
        if in_list {
            if !line.starts_with("  ") {
                break;
            }
            let name = line.split_whitespace().next().unwrap().to_owned();
            if name != "help" {
                names.push(name);
            }
        }
    }
    names.sort();
    names
}

#[test]
fn the_readme_and_help_list_the_same_commands() {
    let readme = std::fs::read_to_string(common::root().join("README.md")).unwrap();
    let start = readme.find("## The command line").unwrap();
    let section = &readme[start..];
    let section = &section[..section[3..].find("\n## ").map_or(section.len(), |i| i + 3)];
    let mut named: Vec<String> = section
        .split("misp ")
        .skip(1)
        .filter_map(|rest| rest.split_whitespace().next())
        .filter(|w| w.chars().all(|c| c.is_ascii_lowercase() || c == '-'))
        .map(str::to_owned)
        .collect();
    named.sort();
    named.dedup();
    let help = help_commands();
    assert_eq!(named, help, "README's CLI section vs `misp --help`");
    // And every subcommand of each is shown there too (hidden ones are kept for old scripts).
    for command in misp_cli::Cli::command().get_subcommands() {
        for sub in command.get_subcommands().filter(|s| !s.is_hide_set()) {
            let phrase = format!("misp {} {}", command.get_name(), sub.get_name());
            assert!(section.contains(&phrase), "README lacks `{phrase}`");
        }
    }
}

#[test]
fn completions_and_man_page_come_from_the_definition() {
    let r = run(&["completions", "bash"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("sample__download") || r.stdout.contains("sample,download"));
    let r = run(&["man"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.starts_with(".ie") || r.stdout.contains(".TH misp"));
    assert!(r.stdout.contains("feed\\-dir"));
    // A closed pipe ends quietly.
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("misp"))
        .args(["completions", "zsh"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"));
}

#[test]
fn event_new_builds_a_valid_file_offline() {
    let r = run(&[
        "event",
        "new",
        "--info",
        "Lab",
        "--threat-level",
        "high",
        "--tag",
        "tlp:green",
        "--attribute",
        "ip-dst=203.0.113.7",
        "--object",
        "domain-ip",
        "--set",
        "domain=evil.example",
        "--set",
        "ip=203.0.113.8",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["Event"]["threat_level_id"], 1);
    assert_eq!(v["Event"]["Attribute"][0]["category"], "Network activity");
    assert_eq!(v["Event"]["Object"][0]["Attribute"][1]["type"], "ip-dst");
    assert_eq!(v["Event"]["Tag"][0]["name"], "tlp:green");
    let mut validate = misp();
    validate
        .args(["event", "validate", "-"])
        .write_stdin(r.stdout);
    let out = validate.output().unwrap();
    assert!(out.status.success());

    let bad = run(&[
        "event",
        "new",
        "--info",
        "x",
        "--object",
        "domain-ip",
        "--set",
        "colour=red",
    ]);
    assert_eq!(bad.code, 1);
    assert!(
        bad.stderr
            .contains("`colour` is not a relation of the `domain-ip` template")
    );
    let bad = run(&["event", "new", "--info", "x", "--attribute", "ip-dst"]);
    assert_eq!(bad.code, 2);
    assert!(
        bad.stderr
            .contains("--attribute `ip-dst`: expected NAME=VALUE"),
        "{}",
        bad.stderr
    );
}

#[test]
fn output_formats_for_lists() {
    let csv = run(&[
        "types",
        "--category",
        "Network activity",
        "-o",
        "csv",
        "--fields",
        "type,ids",
    ]);
    assert_eq!(csv.code, 0, "{}", csv.stderr);
    let mut rows = csv.stdout.lines();
    assert_eq!(rows.next(), Some("type,ids"));
    assert!(rows.any(|r| r == "ip-dst,true"));
    let table = run(&["template", "list", "-o", "table", "--fields", "name"]);
    assert_eq!(table.stdout.lines().next(), Some("NAME"));
    let jsonl = run(&["types", "--json-lines", "--fields", "type"]);
    assert_eq!(lines(&jsonl.stdout)[0], json!({"type": "md5"}));
}

#[tokio::test]
async fn event_index_walks_pages_with_the_recorded_counts() {
    let server = MockServer::start().await;
    // The index in one request, with X-Result-Count 7.
    serve_live(&server, "live/native/p26_events_index_nolimit", 0).await;
    let rec = common::live("live/native/p26_events_index_nolimit");
    wiremock::Mock::given(wiremock::matchers::method("POST"))
        .and(wiremock::matchers::path("/events/index"))
        .respond_with(rec.response())
        .expect(1)
        .mount(&server)
        .await;
    let r = run_online(
        &server,
        &[
            "event",
            "index",
            "--since",
            "1d",
            "--org",
            "!OtherOrg",
            "--tag",
            "tlp:green",
            "--published",
            "--all",
            "Emotet",
            "-o",
            "csv",
        ],
    )
    .await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    let mut rows = r.stdout.lines();
    assert_eq!(
        rows.next(),
        Some("id,date,org,info,tags,attributes,published")
    );
    let first = rows.next().unwrap();
    assert!(
        first.starts_with("9,2026-12-02,AdminOrg,[seed] Phishing wave"),
        "{first}"
    );
    assert!(first.contains("tlp:green"), "{first}");
    assert_eq!(r.stdout.lines().count(), 8);
    let body = request_body(&server, 0).await;
    assert_eq!(body["timestamp"], "1d");
    assert_eq!(body["published"], json!(true));
    assert_eq!(body["all"], "Emotet");
    assert_eq!(body["org"], json!({"NOT": ["OtherOrg"]}));
}

#[tokio::test]
async fn event_index_published_range() {
    let server = MockServer::start().await;
    let rec = common::live("live/native/p26_events_index_nolimit");
    wiremock::Mock::given(wiremock::matchers::method("POST"))
        .and(wiremock::matchers::path("/events/index"))
        .respond_with(rec.response())
        .expect(1)
        .mount(&server)
        .await;
    let r = run_online(
        &server,
        &[
            "event",
            "index",
            "--published-since",
            "7d",
            "--published-until",
            "2026-12-01",
            "-o",
            "csv",
        ],
    )
    .await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    let body = request_body(&server, 0).await;
    assert_eq!(body["publish_timestamp"], json!(["7d", "2026-12-01"]));
}

#[tokio::test]
async fn attribute_search_walks_every_page() {
    let server = MockServer::start().await;
    for (page, name) in [(1, "p06"), (2, "p07"), (3, "p08")] {
        let file = match name {
            "p06" => "live/native/p06_attributes_restSearch_limit3_page1",
            "p07" => "live/native/p07_attributes_restSearch_limit3_page2",
            _ => "live/native/p08_attributes_restSearch_limit3_page3",
        };
        let rec = common::live(file);
        wiremock::Mock::given(wiremock::matchers::path("/attributes/restSearch"))
            .and(wiremock::matchers::body_partial_json(json!({"page": page})))
            .respond_with(rec.response())
            .expect(1)
            .mount(&server)
            .await;
    }
    let r = run_online(
        &server,
        &[
            "attribute",
            "search",
            "--event",
            "37",
            "--all-tags",
            "a",
            "--all-tags",
            "b",
            "--enforce-warninglist",
            "--page-size",
            "3",
            "--json-lines",
        ],
    )
    .await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(lines(&r.stdout).len(), 7);
    let body = request_body(&server, 0).await;
    assert_eq!(body["tags"], json!({"AND": ["a", "b"]}));
    assert!(matches!(&body["enforceWarninglist"], v if *v == json!(1) || *v == json!(true)));
    assert_eq!(body["limit"], 3);
}

#[tokio::test]
async fn attribute_search_export_goes_to_a_file() {
    let server = MockServer::start().await;
    let rec = serve_live(
        &server,
        "live/native/p28_attributes_restSearch_csv_limit3_page1",
        1,
    )
    .await;
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("iocs.csv");
    let r = run_online(
        &server,
        &[
            "attribute",
            "search",
            "--return-format",
            "csv",
            "--limit",
            "3",
            "--page",
            "1",
            "--out",
            out.to_str().unwrap(),
        ],
    )
    .await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stdout, "");
    assert_eq!(std::fs::read(&out).unwrap(), rec.body);
    assert_eq!(request_body(&server, 0).await["returnFormat"], "csv");
}

#[tokio::test]
async fn sample_upload_sends_the_files_and_prints_the_event() {
    let server = MockServer::start().await;
    let rec = serve_live(&server, "live/native/s02_events_upload_sample_advanced0", 1).await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("x.exe");
    let sent = &rec.request_body["request"]["files"][0]["data"];
    use base64::Engine;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(sent.as_str().unwrap())
        .unwrap();
    std::fs::write(&file, &bytes).unwrap();
    let r = run_online(
        &server,
        &[
            "sample",
            "upload",
            "39",
            file.to_str().unwrap(),
            "--comment",
            "rec upload advanced 0",
        ],
    )
    .await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["event_id"], 39);
    assert_eq!(v["message"], "Success, saved all attributes.");
    assert_eq!(request_body(&server, 0).await, rec.request_body);
}

#[tokio::test]
async fn sample_download_writes_the_original_file_or_the_zip() {
    let server = MockServer::start().await;
    serve_live(
        &server,
        "live/native/s08_attributes_download_malware_sample",
        2,
    )
    .await;
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().to_str().unwrap();
    let r = run_online(
        &server,
        &["sample", "download", "--attribute", "225", "--out", out],
    )
    .await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    let written = std::fs::read(dir.path().join("x.exe")).unwrap();
    assert!(written.starts_with(b"MZ"), "the original file, not the zip");
    let r = run_online(
        &server,
        &[
            "sample",
            "download",
            "--attribute",
            "225",
            "--zip",
            "--out",
            out,
        ],
    )
    .await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    let zip = std::fs::read(dir.path().join("x.exe.zip")).unwrap();
    assert!(zip.starts_with(b"PK"));
}

#[tokio::test]
async fn downloading_something_that_is_no_sample_exits_3() {
    let server = MockServer::start().await;
    serve_live(
        &server,
        "live/native/s13_attributes_download_not_an_attachment",
        1,
    )
    .await;
    let dir = tempfile::tempdir().unwrap();
    let r = run_online(
        &server,
        &[
            "sample",
            "download",
            "--attribute",
            "217",
            "--out",
            dir.path().to_str().unwrap(),
        ],
    )
    .await;
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert!(
        r.stderr.contains("Attribute does not exist"),
        "{}",
        r.stderr
    );
}

#[tokio::test]
async fn malware_sample_attribute_add_points_to_sample_upload() {
    let server = MockServer::start().await;
    let r = run_online(
        &server,
        &["attribute", "add", "15", "malware-sample", "x.exe"],
    )
    .await;
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("misp sample upload 15 x.exe"),
        "{}",
        r.stderr
    );
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn object_add_checks_the_template_then_sends() {
    let server = MockServer::start().await;
    let rec = serve_live(&server, "live/native/p03_objects_add_domain_ip", 1).await;
    let r = run_online(
        &server,
        &[
            "object",
            "add",
            "37",
            "domain-ip",
            "--set",
            "domain=obj.rec-paging.example.net",
            "--set",
            "ip=198.51.100.77",
            "--comment",
            "rec object 1",
        ],
    )
    .await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["name"], "domain-ip", "{}", r.stdout);
    let body = request_body(&server, 0).await;
    let sent = body.get("Object").unwrap_or(&body);
    assert_eq!(sent["name"], rec.request_body["Object"]["name"]);
    assert_eq!(sent["Attribute"][0]["object_relation"], "domain");
    assert_eq!(sent["Attribute"][1]["type"], "ip-dst");
    let bad = run_online(
        &server,
        &["object", "add", "37", "domain-ip", "--set", "port=x"],
    )
    .await;
    assert_eq!(bad.code, 1);
    assert!(
        bad.stderr.contains("needs at least one of"),
        "{}",
        bad.stderr
    );
}

#[tokio::test]
async fn a_refusal_for_lack_of_rights_exits_4() {
    let server = MockServer::start().await;
    serve_live(
        &server,
        "live/native/e04_user_events_publish_visible_event",
        1,
    )
    .await;
    let r = run_online(&server, &["event", "publish", "38"]).await;
    assert_eq!(r.code, 4, "{}", r.stderr);
    assert!(
        r.stderr.contains("You do not have permission"),
        "{}",
        r.stderr
    );
}

#[tokio::test]
async fn bulk_add_reports_each_line_and_fails_when_one_fails() {
    let server = MockServer::start().await;
    // The event holds nothing yet; each add answers with the recorded attribute.
    wiremock::Mock::given(wiremock::matchers::path("/attributes/restSearch"))
        .respond_with(common::live("live/native/p11_attributes_restSearch_limit7_page2").response())
        .mount(&server)
        .await;
    serve(&server, "24_attributes_add", 2).await;
    let input = "type,value,category\nip-dst,203.0.113.7\ndomain,evil.example,Network activity\nip-dst,not-an-ip\n";
    let mut cmd = misp();
    cmd.args(["--url", &server.uri(), "--key", KEY, "--retries", "0"])
        .args(["attribute", "add", "1", "--from", "-", "--json-lines"])
        .write_stdin(input);
    let r = run_async(cmd).await;
    assert_eq!(r.code, 1, "{}", r.stderr);
    let out = lines(&r.stdout);
    assert_eq!(out.len(), 3);
    assert_eq!(out[0]["line"], 2);
    assert_eq!(out[0]["result"], "added", "{}", r.stdout);
    assert_eq!(out[1]["result"], "added");
    assert_eq!(out[2]["result"], "invalid");
    assert!(r.stderr.contains("1 of 3 attribute(s) not added"));
}

use common::serve;

#[tokio::test]
async fn no_command_prints_the_key_even_when_the_server_echoes_it() {
    let server = MockServer::start().await;
    let echo = json!({"message": format!("bad key {KEY}"), "name": KEY, "url": "/x"});
    wiremock::Mock::given(wiremock::matchers::any())
        .respond_with(wiremock::ResponseTemplate::new(200).set_body_json(&echo))
        .mount(&server)
        .await;
    let commands: &[&[&str]] = &[
        &["config", "show"],
        &["api", "GET", "servers/getVersion"],
        &["event", "publish", "1"],
        &[
            "tag",
            "attach",
            "35ec5522-10de-43c8-a274-d1d5dfb955e5",
            "tlp:green",
        ],
        &["version"],
        &["event", "index", "-o", "table"],
    ];
    for args in commands {
        for verbose in [false, true] {
            let mut all: Vec<&str> = args.to_vec();
            if verbose {
                all.push("--verbose");
            }
            let r = run_online(&server, &all).await;
            assert!(
                !r.stdout.contains(KEY),
                "{args:?}: stdout shows the key:\n{}",
                r.stdout
            );
            assert!(
                !r.stderr.contains(KEY),
                "{args:?}: stderr shows the key:\n{}",
                r.stderr
            );
        }
    }
    let r = run_online(&server, &["config", "show"]).await;
    let v: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["key"], "********");
    assert_eq!(v["key_from"], "flag");
}

#[tokio::test]
async fn verbose_shows_the_clients_request_log() {
    let server = MockServer::start().await;
    serve_live(&server, "live/native/p30_tags_index", 1).await;
    let r = run_online(&server, &["tag", "list", "--verbose", "-o", "csv"]).await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("misp_request"), "{}", r.stderr);
    assert!(r.stderr.contains("/tags/index"), "{}", r.stderr);
    assert!(!r.stderr.contains("hyper"), "{}", r.stderr);
    assert!(r.stdout.starts_with("id,name,colour,exportable,galaxy\n"));
}

#[tokio::test]
async fn api_sends_any_method_and_prints_the_answer() {
    let server = MockServer::start().await;
    serve_live(&server, "live/native/p30_tags_index", 1).await;
    let r = run_online(&server, &["api", "get", "/tags/index"]).await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["Tag"].as_array().unwrap().len(), 10);
}

#[test]
fn config_add_profile_writes_a_private_file_that_reads_back() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    let r = misp()
        .env("MISP_CONFIG", &path)
        .args([
            "config",
            "add-profile",
            "lab",
            "--url",
            "https://misp.lab.test",
            "--key-stdin",
            "--default",
        ])
        .write_stdin(format!("{KEY}\n"))
        .output()
        .unwrap();
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let file = misp_client::ConfigFile::load(&path).unwrap();
    assert_eq!(
        file.profile(None).unwrap().url.as_deref(),
        Some("https://misp.lab.test")
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }
    let show = misp()
        .env("MISP_CONFIG", &path)
        .args(["config", "show"])
        .output()
        .unwrap();
    let text = String::from_utf8(show.stdout).unwrap();
    assert!(!text.contains(KEY));
    let v: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["key_from"], "profile");
    let again = misp()
        .env("MISP_CONFIG", &path)
        .args(["config", "add-profile", "lab", "--url", "https://x"])
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(2));
}

#[tokio::test]
async fn bulk_add_rerun_skips_what_the_event_has() {
    let server = MockServer::start().await;
    wiremock::Mock::given(wiremock::matchers::path("/attributes/restSearch"))
        .respond_with(common::live("live/native/p12_attributes_restSearch_nolimit").response())
        .expect(1)
        .mount(&server)
        .await;
    serve(&server, "24_attributes_add", 1).await;
    let mut cmd = misp();
    cmd.args(["--url", &server.uri(), "--key", KEY, "--retries", "0"])
        .args([
            "attribute",
            "add",
            "1",
            "--from",
            "-",
            "--type",
            "ip-dst",
            "-o",
            "csv",
        ])
        .write_stdin("198.51.100.21\n\n203.0.113.99\n");
    let r = run_async(cmd).await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    let rows: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(rows[0], "line,type,value,result,id,error");
    assert_eq!(rows[1], "1,ip-dst,198.51.100.21,exists,,");
    assert!(
        rows[2].starts_with("3,ip-dst,203.0.113.99,added,"),
        "{}",
        rows[2]
    );
    assert_eq!(
        r.stderr, "",
        "no progress bar or note when stderr is not a terminal"
    );
    server.verify().await;
    let requests = server.received_requests().await.unwrap();
    let search: Value = serde_json::from_slice(&requests[0].body).unwrap();
    assert_eq!(search["eventid"], "1");
}

#[tokio::test]
async fn sample_download_by_hash_finds_the_sample_then_writes_the_file() {
    let server = MockServer::start().await;
    // What restSearch answers for type malware-sample and this md5: the recorded answer's
    // entry with that value.
    let mut found =
        common::live("live/native/s11_attributes_restSearch_malware_sample_withAttachments");
    let mut body: Value = serde_json::from_slice(&found.body).unwrap();
    body["response"]["Attribute"]
        .as_array_mut()
        .unwrap()
        .retain(|a| {
            a["value"]
                .as_str()
                .unwrap()
                .ends_with("|b16fe766995bb413a16b0cb6a1663128")
        });
    found.body = serde_json::to_vec(&body).unwrap();
    found
        .headers
        .retain(|(k, _)| !k.eq_ignore_ascii_case("x-result-count"));
    wiremock::Mock::given(wiremock::matchers::path("/attributes/restSearch"))
        .respond_with(found.response())
        .expect(1)
        .mount(&server)
        .await;
    serve_live(
        &server,
        "live/native/s08_attributes_download_malware_sample",
        2,
    )
    .await;
    let dir = tempfile::tempdir().unwrap();
    let r = run_online(
        &server,
        &[
            "sample",
            "download",
            "B16FE766995BB413A16B0CB6A1663128",
            "--out",
            dir.path().to_str().unwrap(),
            "--json-lines",
        ],
    )
    .await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    let report = lines(&r.stdout);
    assert_eq!(report.len(), 1);
    assert_eq!(report[0]["attribute"], 225);
    assert_eq!(report[0]["md5"], "b16fe766995bb413a16b0cb6a1663128");
    let search = request_body(&server, 0).await;
    assert_eq!(search["type"], "malware-sample");
    assert_eq!(search["value"], "b16fe766995bb413a16b0cb6a1663128");
    // A second run does not overwrite the file.
    let again = run_online(
        &server,
        &[
            "sample",
            "download",
            "--attribute",
            "225",
            "--out",
            dir.path().to_str().unwrap(),
        ],
    )
    .await;
    assert_eq!(again.code, 2);
    assert!(again.stderr.contains("--force"), "{}", again.stderr);
}
