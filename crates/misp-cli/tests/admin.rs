//! The admin commands against wiremock serving recorded MISP 2.5.1 answers with their real
//! statuses and headers: PyMISP's recorded admin calls (`fixtures/api/pymisp/`) and the admin
//! lifecycles and permission errors of `fixtures/live/{native,stringified}/`. Each test
//! checks the exit code, what is printed (snapshots) and what `misp` sent. No run prints the
//! key it was given, nor a key the server issued unless `--show-key` asked for it.

mod admin_support;
mod common;

use admin_support::{ENCODINGS, Exchange, assert_no_key, load, requests, serve, serve_at};
use common::{KEY, Run, misp, run_async, run_online};
use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const PYMISP: &str = "api/pymisp";

fn live(enc: &str) -> String {
    format!("live/{enc}")
}

/// Runs `misp ARGS` against the mock; no key shows on stderr, nor on stdout unless
/// `--show-key` was given.
async fn admin(server: &MockServer, args: &[&str]) -> Run {
    let r = run_online(server, args).await;
    assert_no_key(&r.stderr);
    if !args.contains(&"--show-key") {
        assert_no_key(&r.stdout);
    }
    assert!(!r.stdout.contains(KEY) && !r.stderr.contains(KEY));
    r
}

/// A run as a snapshot: the command, its exit code, stdout and stderr.
fn shown(args: &[&str], r: &Run) -> String {
    format!(
        "$ misp {}\nexit: {}\n{}{}",
        args.join(" "),
        r.code,
        r.stdout,
        if r.stderr.is_empty() {
            String::new()
        } else {
            format!("stderr: {}", r.stderr)
        }
    )
}

/// Runs each command in turn and returns the whole transcript.
async fn transcript(server: &MockServer, runs: &[(&[&str], i32)]) -> String {
    let mut out = String::new();
    for (args, code) in runs {
        let r = admin(server, args).await;
        assert_eq!(r.code, *code, "{}", shown(args, &r));
        out.push_str(&shown(args, &r));
        out.push('\n');
    }
    out
}

fn last_segment(x: &Exchange) -> String {
    x.path.rsplit('/').next().unwrap().to_owned()
}

/// The request sent to `p`, with its method and body.
async fn sent(server: &MockServer, p: &str) -> (String, Value) {
    let all = requests(server).await;
    let (m, _, body) = all
        .into_iter()
        .find(|(_, q, _)| q == p)
        .unwrap_or_else(|| panic!("nothing was sent to {p}"));
    (m, body)
}

// ---------------------------------------------------------------- users

#[tokio::test]
async fn user_list_walks_pages_and_shows_org_role_enabled_last_login() {
    let server = MockServer::start().await;
    let x = load(PYMISP, "031_users_users");
    serve_at(&server, x, "GET", "/admin/users/index/limit:100/page:1").await;
    let x = load(PYMISP, "032_users_users_search");
    serve_at(
        &server,
        x,
        "GET",
        "/admin/users/index/value:rust/limit:100/page:1",
    )
    .await;
    let x = load(PYMISP, "033_users_users_organisation");
    serve_at(
        &server,
        x,
        "GET",
        "/admin/users/index/searchorg:6/limit:100/page:1",
    )
    .await;
    let text = transcript(
        &server,
        &[
            (&["user", "list", "-o", "table"], 0),
            (&["user", "list", "--search", "rust", "-o", "csv"], 0),
            (
                &[
                    "user",
                    "list",
                    "--org",
                    "6",
                    "--json-lines",
                    "--fields",
                    "id,email,org,enabled",
                ],
                0,
            ),
        ],
    )
    .await;
    insta::assert_snapshot!(text);
}

#[tokio::test]
async fn user_list_json_is_the_servers_records_without_keys() {
    let server = MockServer::start().await;
    let x = load(PYMISP, "031_users_users");
    let recorded = x.json();
    serve_at(&server, x, "GET", "/admin/users/index/limit:100/page:1").await;
    let r = admin(&server, &["user", "list", "-o", "json"]).await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    let users: Vec<Value> = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(users.len(), recorded.as_array().unwrap().len());
    for (user, rec) in users.iter().zip(recorded.as_array().unwrap()) {
        assert_eq!(user["email"], rec["User"]["email"]);
        assert_eq!(user["Role"]["name"], rec["Role"]["name"]);
        // Plain JSON carries no display field.
        assert!(user.get("enabled").is_none() && user.get("last_login_utc").is_none());
    }
}

#[tokio::test]
async fn user_get_me_and_unknown() {
    let server = MockServer::start().await;
    serve(&server, PYMISP, "026_users_get_user").await;
    let x = load(PYMISP, "029_users_get_user_unknown");
    serve_at(&server, x, "GET", "/admin/users/view/999999").await;
    let text = transcript(
        &server,
        &[
            (&["user", "get", "me", "-o", "table"], 0),
            (&["user", "get", "999999"], 3),
            (&["user", "get", "nobody"], 2),
        ],
    )
    .await;
    insta::assert_snapshot!(text);
}

#[tokio::test]
async fn user_lifecycle_with_new_keys_shown_only_when_asked() {
    for enc in ENCODINGS {
        let set = live(enc);
        let server = MockServer::start().await;
        let add = load(&set, "a04_admin_users_add");
        let body = add.request_body.clone();
        let (org, role) = (body["org_id"].to_string(), body["role_id"].to_string());
        let email = body["email"].as_str().unwrap().to_owned();
        serve(&server, &set, "a04_admin_users_add").await;
        serve(&server, &set, "a04_admin_users_add").await;
        let edit = serve(&server, &set, "a05_admin_users_edit").await;
        let id = last_segment(&edit);
        serve(&server, &set, "a06_admin_users_view").await;
        serve(&server, &set, "a07_users_resetauthkey").await;
        serve(&server, &set, "a07_users_resetauthkey").await;
        serve(&server, &set, "a08_auth_keys_add").await;
        serve(&server, &set, "a08_auth_keys_add").await;
        serve(&server, &set, "a11_admin_users_delete").await;
        let add_args = [
            "user", "add", "--email", &email, "--org", &org, "--role", &role,
        ];
        let role_id = edit.request_body["role_id"].to_string();

        let table_args = [&add_args[..], &["-o", "table"]].concat();
        let r = admin(&server, &table_args).await;
        assert_eq!(r.code, 0, "{}", r.stderr);
        assert!(r.stderr.contains("--show-key"), "{}", r.stderr);
        let mut text = shown(&table_args, &r);
        let r = admin(
            &server,
            &[&add_args[..], &["--show-key", "-o", "json"]].concat(),
        )
        .await;
        assert_eq!(r.code, 0, "{}", r.stderr);
        let user: Value = serde_json::from_str(&r.stdout).unwrap();
        assert_eq!(user["authkey"], "REDACTED-NEW");
        text += &format!(
            "\n{}",
            transcript(
                &server,
                &[
                    (&["user", "edit", &id, "--role", &role_id, "-o", "table"], 0),
                    (&["user", "get", &id, "-o", "table"], 0),
                    (&["user", "reset-key", &id], 0),
                    (
                        &[
                            "user",
                            "new-key",
                            &id,
                            "--comment",
                            "[rec] second key",
                            "-o",
                            "table"
                        ],
                        0
                    ),
                    (&["user", "delete", &id, "-o", "table"], 0),
                ],
            )
            .await
        );
        let r = admin(&server, &["user", "reset-key", &id, "--show-key"]).await;
        assert_eq!(r.code, 0, "{}", r.stderr);
        let reset: Value = serde_json::from_str(&r.stdout).unwrap();
        assert_eq!(reset["key"], "REDACTED-NEW");
        assert_eq!(r.stdout.matches("REDACTED-NEW").count(), 1);
        let r = admin(
            &server,
            &["user", "new-key", &id, "--show-key", "--comment", "x"],
        )
        .await;
        assert_eq!(r.code, 0, "{}", r.stderr);
        let key: Value = serde_json::from_str(&r.stdout).unwrap();
        assert_eq!(key["key"], "REDACTED-NEW");
        assert!(key.get("authkey_raw").is_none());
        insta::assert_snapshot!(format!("user_lifecycle_{enc}"), text);

        // What was sent: the new user flat, the edit with only what changed.
        let (m, b) = sent(&server, "/admin/users/add").await;
        assert_eq!(
            (m.as_str(), b),
            (
                "POST",
                json!({"email": email, "org_id": body["org_id"].as_u64().or_else(|| body["org_id"].as_str().and_then(|s| s.parse().ok())), "role_id": body["role_id"].as_u64().or_else(|| body["role_id"].as_str().and_then(|s| s.parse().ok()))})
            )
        );
        let (_, b) = sent(&server, &edit.path).await;
        assert_eq!(
            b,
            json!({"role_id": edit.request_body["role_id"].as_u64().or_else(|| edit.request_body["role_id"].as_str().and_then(|s| s.parse().ok()))})
        );
        let (_, b) = sent(&server, &format!("/auth_keys/add/{id}")).await;
        assert_eq!(b["comment"], "[rec] second key");
    }
}

// ---------------------------------------------------------------- permissions

#[tokio::test]
async fn an_ordinary_users_refusals_exit_4() {
    for enc in ENCODINGS {
        let set = live(enc);
        let server = MockServer::start().await;
        let x = load(&set, "e01_user_admin_users_index");
        serve_at(&server, x, "GET", "/admin/users/index/limit:100/page:1").await;
        serve(&server, &set, "e02_user_admin_organisations_add").await;
        serve(&server, &set, "e05_user_servers_add").await;
        let text = transcript(
            &server,
            &[
                (&["user", "list"], 4),
                (&["org", "add", "--name", "x"], 4),
                (
                    &[
                        "server",
                        "add",
                        "x",
                        "http://127.0.0.1:9",
                        "--remote-org",
                        "2",
                    ],
                    4,
                ),
            ],
        )
        .await;
        insta::assert_snapshot!(format!("refusals_{enc}"), text);
    }
}

#[tokio::test]
async fn a_bad_key_exits_4() {
    for enc in ENCODINGS {
        let server = MockServer::start().await;
        let x = load(&live(enc), "e06_badkey_events_index_json");
        serve_at(&server, x, "GET", "/admin/users/index/limit:100/page:1").await;
        let r = admin(&server, &["user", "list"]).await;
        assert_eq!(r.code, 4, "{}", r.stderr);
        assert!(r.stderr.contains("Authentication failed"), "{}", r.stderr);
    }
}

// ---------------------------------------------------------------- organisations

#[tokio::test]
async fn org_lifecycle() {
    for enc in ENCODINGS {
        let set = live(enc);
        let server = MockServer::start().await;
        let add = serve(&server, &set, "a01_admin_organisations_add").await;
        let view = serve(&server, &set, "a02_organisations_view").await;
        let id = last_segment(&view);
        let edit = serve(&server, &set, "a03_admin_organisations_edit").await;
        serve(&server, &set, "a12_admin_organisations_delete").await;
        let name = add.request_body["name"].as_str().unwrap();
        let text = transcript(
            &server,
            &[
                (
                    &[
                        "org",
                        "add",
                        "--name",
                        name,
                        "--description",
                        "[rec] org",
                        "--type",
                        "CSIRT",
                        "--nationality",
                        "Luxembourg",
                        "--sector",
                        "Research",
                        "-o",
                        "table",
                    ],
                    0,
                ),
                (&["org", "get", &id, "-o", "table"], 0),
                (
                    &[
                        "org",
                        "edit",
                        &id,
                        "--description",
                        "[rec] org edited",
                        "--sector",
                        "Finance",
                        "-o",
                        "table",
                    ],
                    0,
                ),
                (&["org", "delete", &id, "-o", "table"], 0),
                (&["org", "edit", &id], 2),
            ],
        )
        .await;
        insta::assert_snapshot!(format!("org_lifecycle_{enc}"), text);
        let (_, body) = sent(&server, "/admin/organisations/add").await;
        let mut expected = add.request_body.clone();
        expected.as_object_mut().unwrap().remove("local");
        assert_eq!(body, expected);
        let (_, body) = sent(&server, &edit.path).await;
        assert_eq!(body, edit.request_body);
    }
}

#[tokio::test]
async fn org_list_scopes_search_and_refused_duplicate() {
    let server = MockServer::start().await;
    serve(&server, PYMISP, "016_organisations_organisations").await;
    serve(&server, PYMISP, "017_organisations_organisations_all").await;
    serve(&server, PYMISP, "018_organisations_organisations_search").await;
    serve(
        &server,
        PYMISP,
        "012_organisations_get_organisation_unknown",
    )
    .await;
    serve(
        &server,
        PYMISP,
        "009_organisations_add_organisation_duplicate",
    )
    .await;
    let text = transcript(
        &server,
        &[
            (&["org", "list", "-o", "table"], 0),
            (&["org", "list", "--scope", "all", "-o", "csv"], 0),
            (&["org", "list", "--search", "Rust", "-o", "table"], 0),
            (&["org", "get", "999999"], 3),
            // A duplicate name is refused with 403, but not for lack of rights: exit 1.
            (&["org", "add", "--name", "Rust Test Org B"], 1),
        ],
    )
    .await;
    insta::assert_snapshot!(text);
}

// ---------------------------------------------------------------- roles

#[tokio::test]
async fn role_lifecycle_keeps_the_permissions_an_edit_does_not_name() {
    for enc in ENCODINGS {
        let set = live(enc);
        let server = MockServer::start().await;
        let add = serve(&server, &set, "a13_admin_roles_add").await;
        // The edit reads the role from the index: serve the role as the add answered it.
        let role = add.json()["Role"].clone();
        Mock::given(method("GET"))
            .and(path("/roles/index"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!([{ "Role": role }])))
            .expect(1)
            .mount(&server)
            .await;
        let edit = serve(&server, &set, "a14_admin_roles_edit").await;
        let id = last_segment(&edit);
        serve(&server, &set, "a15_admin_roles_delete").await;
        let name = add.request_body["name"].as_str().unwrap();
        let new_name = edit.request_body["name"].as_str().unwrap();
        let text = transcript(
            &server,
            &[
                (
                    &[
                        "role",
                        "add",
                        name,
                        "--access",
                        "manage-own",
                        "--perm",
                        "add,modify",
                        "--perm",
                        "tagger",
                        "-o",
                        "table",
                    ],
                    0,
                ),
                (
                    &[
                        "role", "edit", &id, "--name", new_name, "--perm", "sighting", "-o",
                        "table",
                    ],
                    0,
                ),
                (&["role", "delete", &id, "-o", "table"], 0),
                (&["role", "add", "x", "--perm", "fly"], 2),
            ],
        )
        .await;
        // (The recorded edit answer shows `read-only`: the recording sent a partial role, which
        // the server completed with defaults. What `misp` sends is the whole role, below.)
        insta::assert_snapshot!(format!("role_lifecycle_{enc}"), text);
        let (_, body) = sent(&server, "/admin/roles/add").await;
        assert_eq!(
            body,
            json!({"name": name, "permission": 1, "perm_add": true, "perm_modify": true, "perm_tagger": true})
        );
        let (_, body) = sent(&server, &edit.path).await;
        for (k, v) in [
            ("perm_add", true),
            ("perm_modify", true),
            ("perm_tagger", true),
            ("perm_sighting", true),
            ("perm_site_admin", false),
        ] {
            assert_eq!(body[k], json!(v), "{k} in {body}");
        }
        assert_eq!(body["name"], new_name);
        assert_eq!(body["permission"].to_string().trim_matches('"'), "1");
    }
}

#[tokio::test]
async fn role_list_and_set_default() {
    let server = MockServer::start().await;
    serve(&server, PYMISP, "020_roles_roles").await;
    serve(&server, PYMISP, "023_roles_set_default_role").await;
    serve(&server, PYMISP, "389_roles_delete_role_unknown").await;
    let text = transcript(
        &server,
        &[
            (&["role", "list", "-o", "table"], 0),
            (&["role", "set-default", "3", "-o", "table"], 0),
            (&["role", "delete", "999999"], 3),
        ],
    )
    .await;
    insta::assert_snapshot!(text);
}

// ---------------------------------------------------------------- sharing groups

#[tokio::test]
async fn sharing_group_lifecycle() {
    for enc in ENCODINGS {
        let set = live(enc);
        let server = MockServer::start().await;
        let add = load(&set, "a17_sharing_groups_add");
        let rb = add.request_body.clone();
        serve_at(&server, add, "POST", "/sharingGroups/add").await;
        let add_org = load(&set, "a18_sharing_groups_addOrg");
        let mut parts = add_org.path.rsplit('/');
        let (org, sg) = (
            parts.next().unwrap().to_owned(),
            parts.next().unwrap().to_owned(),
        );
        serve_at(&server, add_org, "POST", "/sharingGroups/addOrg").await;
        let again = load(&set, "a19_sharing_groups_addOrg_again");
        serve_at(&server, again, "POST", "/sharingGroups/addOrg").await;
        let remove = load(&set, "a20_sharing_groups_removeOrg");
        serve_at(&server, remove, "POST", "/sharingGroups/removeOrg").await;
        serve(&server, &set, "a21_sharing_groups_view").await;
        let delete = load(&set, "a22_sharing_groups_delete");
        serve_at(
            &server,
            delete,
            "POST",
            &format!("/sharingGroups/delete/{sg}"),
        )
        .await;
        let text = transcript(
            &server,
            &[
                (
                    &[
                        "sharing-group",
                        "add",
                        "--name",
                        rb["name"].as_str().unwrap(),
                        "--releasability",
                        rb["releasability"].as_str().unwrap(),
                        "--description",
                        rb["description"].as_str().unwrap(),
                        "-o",
                        "table",
                    ],
                    0,
                ),
                (&["sharing-group", "add-org", &sg, &org, "-o", "table"], 0),
                // Already a member: refused with 403, not for lack of rights.
                (&["sharing-group", "add-org", &sg, &org], 1),
                (
                    &["sharing-group", "remove-org", &sg, &org, "-o", "table"],
                    0,
                ),
                (&["sharing-group", "get", &sg, "-o", "table"], 0),
                (&["sharing-group", "delete", &sg, "-o", "table"], 0),
            ],
        )
        .await;
        insta::assert_snapshot!(format!("sharing_group_lifecycle_{enc}"), text);
        let all = requests(&server).await;
        let add_org_bodies: Vec<&Value> = all
            .iter()
            .filter(|(_, p, _)| p == "/sharingGroups/addOrg")
            .map(|(_, _, b)| b)
            .collect();
        assert_eq!(add_org_bodies.len(), 2);
        assert_eq!(
            add_org_bodies[0],
            &json!({"sg_id": sg.parse::<u64>().unwrap(), "org_id": org.parse::<u64>().unwrap(), "extend": false})
        );
    }
}

#[tokio::test]
async fn sharing_group_edit_sends_only_what_changes() {
    let server = MockServer::start().await;
    let x = serve(&server, PYMISP, "255_sharing_groups_update_sharing_group").await;
    let b = &x.request_body;
    let args = [
        "sharing-group",
        "edit",
        "5",
        "--name",
        b["name"].as_str().unwrap(),
        "--releasability",
        b["releasability"].as_str().unwrap(),
        "--description",
        b["description"].as_str().unwrap(),
        "-o",
        "table",
    ];
    let text = transcript(&server, &[(&args, 0), (&["sharing-group", "edit", "5"], 2)]).await;
    insta::assert_snapshot!(text);
    let (m, body) = sent(&server, "/sharing_groups/edit/5").await;
    assert_eq!((m.as_str(), &body), ("POST", b));
}

#[tokio::test]
async fn sharing_group_list_and_servers() {
    let server = MockServer::start().await;
    serve(&server, PYMISP, "261_sharing_groups_sharing_groups").await;
    serve(
        &server,
        PYMISP,
        "258_sharing_groups_add_server_to_sharing_group",
    )
    .await;
    serve(
        &server,
        PYMISP,
        "259_sharing_groups_remove_server_from_sharing_group",
    )
    .await;
    let text = transcript(
        &server,
        &[
            (&["sharing-group", "list", "-o", "table"], 0),
            (&["sharing-group", "add-server", "5", "3", "-o", "table"], 0),
            (&["sharing-group", "remove-server", "5", "3"], 1),
        ],
    )
    .await;
    insta::assert_snapshot!(text);
    let (_, body) = sent(&server, "/sharingGroups/addServer").await;
    assert_eq!(body, json!({"sg_id": 5, "server_id": 3, "all_orgs": false}));
}

// ---------------------------------------------------------------- servers

#[tokio::test]
async fn server_lifecycle_never_prints_the_echoed_remote_key() {
    for enc in ENCODINGS {
        let set = live(enc);
        let server = MockServer::start().await;
        let add = serve(&server, &set, "a24_servers_add").await;
        serve(&server, &set, "a24_servers_add").await;
        serve(&server, &set, "a25_servers_index").await;
        let test = load(&set, "a26_servers_testConnection");
        let id = last_segment(&test);
        let p = test.path.clone();
        serve_at(&server, test, "POST", &p).await;
        let edit = serve(&server, &set, "a27_servers_edit").await;
        serve(&server, &set, "a28_servers_delete").await;
        let rb = &add.request_body;
        let remote_org = rb["remote_org_id"].to_string();

        // The remote key read from stdin; the echo is not printed, even when asked for
        // by --fields.
        let mut cmd = misp();
        cmd.args(["--url", &server.uri(), "--key", KEY, "--retries", "0"])
            .args([
                "server",
                "add",
                rb["name"].as_str().unwrap(),
                rb["url"].as_str().unwrap(),
                "--remote-org",
                &remote_org,
                "--remote-key",
                "-",
                "--push",
                "false",
                "--pull",
                "false",
                "--fields",
                "id,name,url,authkey",
            ])
            .write_stdin("REDACTED-SERVER\n");
        let r = run_async(cmd).await;
        assert_eq!(r.code, 0, "{}", r.stderr);
        assert_no_key(&r.stdout);
        assert_no_key(&r.stderr);
        let mut text = format!(
            "$ misp server add ... --remote-key - --fields id,name,url,authkey\nexit: 0\n{}\n",
            r.stdout
        );
        let (_, body) = sent(&server, "/servers/add").await;
        assert_eq!(&body, rb);
        let r = admin(
            &server,
            &["server", "add", "n", "u", "--remote-key", "-", "--show-key"],
        )
        .await;
        // `-` with nothing on stdin is refused before anything is sent.
        assert_eq!(r.code, 2, "{}", r.stderr);
        let mut cmd = misp();
        cmd.args(["--url", &server.uri(), "--key", KEY, "--retries", "0"])
            .args([
                "server",
                "add",
                "n",
                "u",
                "--remote-key",
                "-",
                "--show-key",
                "-o",
                "json",
            ])
            .write_stdin("REDACTED-SERVER\n");
        let r = run_async(cmd).await;
        assert_eq!(r.code, 0, "{}", r.stderr);
        let shown_key: Value = serde_json::from_str(&r.stdout).unwrap();
        assert_eq!(shown_key["authkey"], "REDACTED-SERVER");

        text += &transcript(
            &server,
            &[
                (&["server", "list", "-o", "table"], 0),
                // The server answers 200 with a status code: a failed test exits 1.
                (&["server", "test", &id, "-o", "table"], 1),
                (
                    &[
                        "server",
                        "edit",
                        &id,
                        "--name",
                        edit.request_body["name"].as_str().unwrap(),
                        "--self-signed",
                        "-o",
                        "table",
                    ],
                    0,
                ),
                (&["server", "delete", &id, "-o", "table"], 0),
            ],
        )
        .await;
        insta::assert_snapshot!(format!("server_lifecycle_{enc}"), text);
        let (_, body) = sent(&server, &edit.path).await;
        assert_eq!(body, edit.request_body);
    }
}

#[tokio::test]
async fn server_pull_and_push_all_or_one_event() {
    let server = MockServer::start().await;
    serve(&server, PYMISP, "246_servers_server_pull").await;
    serve(&server, PYMISP, "247_servers_server_pull_event").await;
    serve(&server, PYMISP, "248_servers_server_push").await;
    serve(&server, PYMISP, "249_servers_server_push_event").await;
    // The remote is down: MISP answers 403 "Could not pull Server" with curl's error,
    // which is not a refusal for lack of rights: exit 1, with the server's reason.
    let text = transcript(
        &server,
        &[
            (&["server", "pull", "3"], 1),
            (&["server", "pull", "3", "--event", "10"], 1),
            (&["server", "push", "3"], 1),
            (&["server", "push", "3", "--event", "10"], 1),
        ],
    )
    .await;
    insta::assert_snapshot!(text);
    let methods: Vec<String> = requests(&server)
        .await
        .into_iter()
        .map(|(m, p, _)| format!("{m} {p}"))
        .collect();
    assert_eq!(
        methods,
        [
            "POST /servers/pull/3",
            "POST /servers/pull/3/10",
            "POST /servers/push/3",
            "POST /servers/push/3/10"
        ]
    );
}

// ---------------------------------------------------------------- feeds

#[tokio::test]
async fn feed_lifecycle_with_failed_fetches() {
    for enc in ENCODINGS {
        let set = live(enc);
        let server = MockServer::start().await;
        serve(&server, &set, "a30_feeds_index").await;
        let enable = serve(&server, &set, "a31_feeds_enable").await;
        let id = last_segment(&enable);
        let fetch = load(&set, "a32_feeds_fetchFromFeed_enabled");
        let p = fetch.path.clone();
        serve_at(&server, fetch, "POST", &p).await;
        serve(&server, &set, "a33_feeds_disable").await;
        let fetch = load(&set, "a34_feeds_fetchFromFeed_disabled");
        serve_at(&server, fetch, "POST", &p).await;
        serve(&server, &set, "a35_feeds_delete").await;
        let text = transcript(
            &server,
            &[
                (&["feed", "list", "-o", "table"], 0),
                (&["feed", "enable", &id, "-o", "table"], 0),
                // "Fetching the feed has failed." arrives with 200: it is an error.
                (&["feed", "fetch", &id], 1),
                (&["feed", "disable", &id, "-o", "table"], 0),
                (&["feed", "fetch", &id], 1),
                (&["feed", "delete", &id, "-o", "table"], 0),
            ],
        )
        .await;
        insta::assert_snapshot!(format!("feed_lifecycle_{enc}"), text);
    }
}

#[tokio::test]
async fn feed_get_fetch_all_and_cache() {
    let server = MockServer::start().await;
    serve(&server, PYMISP, "222_feeds_get_feed").await;
    serve(&server, PYMISP, "238_feeds_get_feed_unknown").await;
    serve(&server, PYMISP, "233_feeds_fetch_all_feeds").await;
    serve(&server, PYMISP, "228_feeds_cache_feed").await;
    serve(&server, PYMISP, "229_feeds_cache_all_feeds").await;
    serve(&server, PYMISP, "230_feeds_cache_misp_feeds").await;
    serve(&server, PYMISP, "231_feeds_cache_freetext_feeds").await;
    let text = transcript(
        &server,
        &[
            (&["feed", "get", "1", "-o", "table"], 0),
            (&["feed", "get", "999999"], 3),
            (&["feed", "fetch", "--all"], 0),
            // A redirect answers the cache: it was done.
            (&["feed", "cache", "89"], 0),
            (&["feed", "cache", "--all"], 0),
            (&["feed", "cache", "--misp"], 0),
            (&["feed", "cache", "--freetext", "-o", "table"], 0),
            (&["feed", "cache"], 2),
            (&["feed", "cache", "1", "--all"], 2),
        ],
    )
    .await;
    insta::assert_snapshot!(text);
}

#[test]
fn feed_export_and_read_still_run_the_feed_directory_commands() {
    let old = common::run(&[
        "feed",
        "read",
        "--json-lines",
        "fixtures/types/infoblox-feed",
    ]);
    let new = common::run(&[
        "feed-dir",
        "read",
        "--json-lines",
        "fixtures/types/infoblox-feed",
    ]);
    assert_eq!(old.code, 0, "{}", old.stderr);
    assert!(!old.stdout.is_empty());
    assert_eq!((old.stdout, old.stderr), (new.stdout, new.stderr));
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("feed");
    let event = "fixtures/events/feed-6c1c6c4f-5cde-474f-bb69-8e5b8b041f81.json";
    let r = common::run(&["feed", "export", "--out", out.to_str().unwrap(), event]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(out.join("manifest.json").is_file());
    // Hidden from help: `misp feed --help` lists only the server's feed commands.
    let help = common::run(&["feed", "--help"]);
    assert!(
        !help.stdout.contains("export") && !help.stdout.contains("  read"),
        "{}",
        help.stdout
    );
}

// ---------------------------------------------------------------- settings

#[tokio::test]
async fn settings_list_get_and_set_typed() {
    for enc in ENCODINGS {
        let set = live(enc);
        let server = MockServer::start().await;
        serve(&server, &set, "a36_servers_serverSettings").await;
        serve(&server, &set, "a37_servers_getSetting_baseurl").await;
        serve(&server, &set, "a38_servers_getSetting_welcome_text_top").await;
        let edit = serve(
            &server,
            &set,
            "a39_servers_serverSettingsEdit_welcome_text_top",
        )
        .await;
        let value = edit.request_body["value"].as_str().unwrap().to_owned();
        let text = transcript(
            &server,
            &[
                (
                    &["setting", "list", "--search", "welcome_text", "-o", "table"],
                    0,
                ),
                (&["setting", "get", "MISP.baseurl", "-o", "table"], 0),
                (
                    &[
                        "setting",
                        "set",
                        "MISP.welcome_text_top",
                        &value,
                        "-o",
                        "table",
                    ],
                    0,
                ),
            ],
        )
        .await;
        insta::assert_snapshot!(format!("settings_{enc}"), text);
        let (m, body) = sent(&server, &edit.path).await;
        assert_eq!(
            (m.as_str(), body),
            ("POST", json!({"value": value, "force": false}))
        );
    }
}

#[tokio::test]
async fn setting_unknown_is_not_found_and_nothing_is_set() {
    let server = MockServer::start().await;
    serve(&server, PYMISP, "353_admin_get_server_setting_unknown").await;
    let r = admin(&server, &["setting", "set", "MISP.no_such_setting", "1"]).await;
    assert_eq!(r.code, 3, "{}", r.stderr);
    insta::assert_snapshot!(r.stderr);
    assert_eq!(requests(&server).await.len(), 1);
}

// ---------------------------------------------------------------- workers

#[tokio::test]
async fn workers_without_background_jobs_is_a_state() {
    for enc in ENCODINGS {
        let server = MockServer::start().await;
        serve(&server, &live(enc), "a41_servers_getWorkers").await;
        serve(&server, &live(enc), "a41_servers_getWorkers").await;
        let text = transcript(
            &server,
            &[
                (&["worker", "list", "-o", "table"], 0),
                (&["worker", "list"], 0),
            ],
        )
        .await;
        insta::assert_snapshot!(format!("workers_{enc}"), text);
    }
}

#[tokio::test]
async fn worker_actions() {
    let server = MockServer::start().await;
    serve(&server, PYMISP, "356_admin_restart_workers").await;
    serve(&server, PYMISP, "357_admin_restart_dead_workers").await;
    serve(&server, PYMISP, "358_admin_start_worker").await;
    serve(&server, PYMISP, "359_admin_stop_worker_by_pid").await;
    serve(&server, PYMISP, "360_admin_kill_all_workers").await;
    let text = transcript(
        &server,
        &[
            (&["worker", "restart", "-o", "table"], 0),
            (&["worker", "restart-dead", "-o", "table"], 0),
            // Without background jobs the server fails these with 500.
            (&["worker", "start", "default"], 1),
            (&["worker", "stop", "999999"], 1),
            (&["worker", "kill-all"], 1),
        ],
    )
    .await;
    insta::assert_snapshot!(text);
}

// ---------------------------------------------------------------- logs

#[tokio::test]
async fn log_filters_and_paging() {
    for enc in ENCODINGS {
        let set = live(enc);
        let server = MockServer::start().await;
        serve(&server, &set, "a42_admin_logs_index_limit3").await;
        serve(&server, &set, "a43_admin_audit_logs_index_limit3").await;
        let text = transcript(
            &server,
            &[
                (&["log", "--limit", "3", "-o", "table"], 0),
                (
                    &[
                        "log",
                        "--audit",
                        "--limit",
                        "3",
                        "--from",
                        "2026-12-01",
                        "-o",
                        "json",
                    ],
                    0,
                ),
            ],
        )
        .await;
        insta::assert_snapshot!(format!("log_{enc}"), text);
        let all = requests(&server).await;
        assert_eq!(all[0].2, json!({"limit": 3, "page": 1}));
        assert_eq!(all[1].1, "/admin/audit_logs/index");
        assert_eq!(
            all[1].2,
            json!({"limit": 3, "page": 1, "created_from": "2026-12-01"})
        );
    }
}

#[tokio::test]
async fn log_model_action_and_date_range() {
    let server = MockServer::start().await;
    let x = load(PYMISP, "323_search_search_logs_model_action");
    Mock::given(method("POST"))
        .and(path("/admin/logs/index"))
        .and(wiremock::matchers::body_json(&x.request_body))
        .respond_with(x.response())
        .expect(2)
        .mount(&server)
        .await;
    let x = load(PYMISP, "322_search_search_logs");
    Mock::given(method("POST"))
        .and(path("/admin/logs/index"))
        .and(wiremock::matchers::body_json(
            json!({"limit": 5, "page": 1}),
        ))
        .respond_with(x.response())
        .expect(2)
        .mount(&server)
        .await;
    let text = transcript(
        &server,
        &[
            (
                &[
                    "log",
                    "--model",
                    "Event",
                    "--action",
                    "add",
                    "--limit",
                    "3",
                    "--json-lines",
                    "--fields",
                    "id,created,model,action,user",
                ],
                0,
            ),
            // The admin log has no date filter: entries are walked oldest first, those
            // before --from skipped, the walk stopped at the first after --to.
            (
                &[
                    "log",
                    "--page-size",
                    "5",
                    "--limit",
                    "5",
                    "--from",
                    "2026-11-30",
                    "--to",
                    "2026-11-30",
                    "-o",
                    "csv",
                    "--fields",
                    "id,created",
                ],
                0,
            ),
            (
                &[
                    "log",
                    "--page-size",
                    "5",
                    "--to",
                    "2026-11-29",
                    "-o",
                    "json",
                ],
                0,
            ),
            (
                &[
                    "log",
                    "--model",
                    "Event",
                    "--action",
                    "add",
                    "--page-size",
                    "3",
                    "--limit",
                    "2",
                    "--from",
                    "2026-11-30 14:19:13",
                    "-o",
                    "csv",
                    "--fields",
                    "id,created",
                ],
                0,
            ),
            (&["log", "--from", "yesterday"], 2),
            (&["log", "--audit", "--org", "ORGNAME"], 2),
        ],
    )
    .await;
    insta::assert_snapshot!(text);
    let (_, body) = sent(&server, "/admin/logs/index").await;
    assert_eq!(
        body,
        json!({"limit": 3, "page": 1, "model": "Event", "action": "add"})
    );
}

// ---------------------------------------------------------------- the key

#[tokio::test]
async fn no_admin_command_prints_the_key_even_verbose() {
    let server = MockServer::start().await;
    let me = load(PYMISP, "026_users_get_user");
    Mock::given(path("/users/view/me"))
        .respond_with(me.response())
        .mount(&server)
        .await;
    let keys = load(PYMISP, "034_users_get_new_authkey");
    Mock::given(path("/auth_keys/add/6"))
        .respond_with(keys.response())
        .mount(&server)
        .await;
    for args in [
        &["-v", "user", "get", "me"][..],
        &[
            "-v",
            "user",
            "get",
            "me",
            "-o",
            "table",
            "--fields",
            "authkey,/authkey",
        ],
        &["-v", "user", "new-key", "6"],
        &[
            "-v",
            "user",
            "new-key",
            "6",
            "-o",
            "csv",
            "--fields",
            "key,authkey_raw",
        ],
    ] {
        let r = admin(&server, args).await;
        assert_eq!(r.code, 0, "{}", r.stderr);
        assert!(!r.stdout.contains("REDACTED-USER-KEY"), "{}", r.stdout);
    }
}

// ---------------------------------------------------------------- the command tree

#[test]
fn the_admin_command_tree_is_consistent_and_listed_in_help() {
    use clap::Subcommand;
    let tree = misp_cli::admin::AdminCommand::augment_subcommands(clap::Command::new("misp"));
    tree.debug_assert();
    let help = common::run(&["--help"]);
    assert_eq!(help.code, 0);
    for name in [
        "user",
        "org",
        "role",
        "sharing-group",
        "server",
        "feed",
        "setting",
        "worker",
        "log",
    ] {
        assert!(
            help.stdout
                .lines()
                .any(|l| l.trim_start().starts_with(&format!("{name} "))),
            "`misp --help` does not list {name}:\n{}",
            help.stdout
        );
    }
}
