//! The admin lifecycles recorded against a real MISP 2.5.1 (`fixtures/live/`), replayed by
//! wiremock through the client extension, in both number encodings: each step sends the
//! operation's request and decodes the recorded answer. Where the recording used another
//! spelling of the same action (`/sharing_groups/add` for PyMISP's `/sharingGroups/add`, a GET
//! where PyMISP POSTs), the answer is served at the path and method the operation uses.
//! No key the server issued shows in any result's or error's `Debug` or `Display`.

mod common;

use std::time::Duration;

use common::{Exchange, load};
use futures::TryStreamExt;
use misp_admin::AdminExt;
use misp_admin::auth_keys::AuthKeySettings;
use misp_admin::blocklists::AddEventBlocklist;
use misp_admin::logs::SearchLogs;
use misp_admin::roles::{AddRole, DeleteRole};
use misp_admin::servers::ConnectionStatus;
use misp_admin::settings::SetServerSetting;
use misp_admin::workers::Workers;
use misp_api::ApiError;
use misp_client::{Client, RetryPolicy};
use misp_types::admin::{Feed, Role, Server, User};
use misp_types::{Organisation, SharingGroup};
use secrecy::ExposeSecret;
use serde_json::{Value, json};
use wiremock::matchers::{body_partial_json, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const ENCODINGS: [&str; 2] = ["native", "stringified"];
const ISSUED: [&str; 2] = ["REDACTED-NEW", "REDACTED-SERVER"];

fn client(url: &str) -> Client {
    Client::builder()
        .url(url)
        .key("test-key-0123456789abcdef0123456789abcdef")
        .connect_timeout(Duration::from_secs(2))
        .read_timeout(Duration::from_secs(5))
        .no_system_proxy()
        .retry(RetryPolicy::none())
        .build()
        .unwrap()
}

fn template(x: &Exchange) -> ResponseTemplate {
    let mut t = ResponseTemplate::new(x.status);
    let mut content_type = "application/json".to_owned();
    for (k, v) in &x.headers {
        if k.eq_ignore_ascii_case("content-type") {
            content_type = v.clone();
        } else if !k.eq_ignore_ascii_case("content-length")
            && !k.eq_ignore_ascii_case("transfer-encoding")
        {
            t = t.insert_header(k.as_str(), v.as_str());
        }
    }
    t.set_body_raw(x.raw_body.clone(), &content_type)
}

/// Serves the recorded answer `name` once, at its own method and path.
async fn step(server: &MockServer, encoding: &str, name: &str) -> Exchange {
    let x = load(&format!("live/{encoding}"), name);
    let (m, p) = (x.method.clone(), x.path.clone());
    serve_at(server, x, &m, &p).await
}

/// Serves the recorded answer `name` once, at `m` and `p`.
async fn serve_at(server: &MockServer, x: Exchange, m: &str, p: &str) -> Exchange {
    Mock::given(method(m))
        .and(path(p))
        .respond_with(template(&x))
        .up_to_n_times(1)
        .expect(1)
        .named(x.name.clone())
        .mount(server)
        .await;
    x
}

/// Serves `name` at the same path with `from` replaced by `to`, and method `m`.
async fn step_as(server: &MockServer, encoding: &str, name: &str, m: &str, from: &str, to: &str) {
    let x = load(&format!("live/{encoding}"), name);
    let p = x.path.replacen(from, to, 1);
    serve_at(server, x, m, &p).await;
}

fn id_in(x: &Exchange) -> u64 {
    x.path.rsplit('/').next().unwrap().parse().unwrap()
}

/// Nothing issued by the server shows in `text`.
fn assert_no_key(text: &str) {
    for key in ISSUED {
        assert!(!text.contains(key), "a key shows in: {text}");
    }
}

fn api(e: misp_client::Error) -> ApiError {
    match e {
        misp_client::Error::Api(a) => a,
        other => panic!("expected an API error, got {other}"),
    }
}

#[tokio::test]
async fn organisation_with_a_user_and_a_new_auth_key() {
    for enc in ENCODINGS {
        let server = MockServer::start().await;
        let c = client(&server.uri());
        let org_add = step(&server, enc, "a01_admin_organisations_add").await;
        let org = c
            .organisations()
            .add(Organisation {
                name: Some("rec-org".into()),
                ..Default::default()
            })
            .await
            .unwrap();
        let org_id = org.id.unwrap();
        let recorded: Value = serde_json::from_slice(&org_add.raw_body).unwrap();
        assert_eq!(
            org.name.as_deref(),
            recorded["Organisation"]["name"].as_str()
        );
        step(&server, enc, "a02_organisations_view").await;
        assert_eq!(
            c.organisations().get(org_id).await.unwrap().id,
            Some(org_id)
        );
        step(&server, enc, "a03_admin_organisations_edit").await;
        let edited = c
            .organisations()
            .update(
                org_id,
                Organisation {
                    sector: Some("Research".into()),
                    ..Default::default()
                },
            )
            .await
            .unwrap();
        assert_eq!(edited.id, Some(org_id));

        step(&server, enc, "a04_admin_users_add").await;
        let user = c
            .users()
            .add(User {
                email: Some("rec@example.org".into()),
                org_id: Some(org_id),
                role_id: Some(3),
                ..Default::default()
            })
            .await
            .unwrap();
        let user_id = user.id.unwrap();
        assert_eq!(user.org_id, Some(org_id));
        let key = user.authkey.as_ref().expect("the new user's key");
        assert_eq!(key.as_secret().expose_secret(), "REDACTED-NEW");
        assert_no_key(&format!("{user:?}"));

        step(&server, enc, "a05_admin_users_edit").await;
        let edited = c
            .users()
            .update(
                user_id,
                User {
                    role_id: Some(4),
                    autoalert: Some(true),
                    ..Default::default()
                },
            )
            .await
            .unwrap();
        assert_eq!((edited.role_id, edited.autoalert), (Some(4), Some(true)));
        assert!(edited.authkey.is_none());

        step(&server, enc, "a06_admin_users_view").await;
        let viewed = c.users().get(user_id).await.unwrap();
        assert_eq!(viewed.role.as_ref().and_then(|r| r.id), Some(4));
        assert_eq!(
            viewed.organisation.as_ref().and_then(|o| o.id),
            Some(org_id)
        );

        step(&server, enc, "a07_users_resetauthkey").await;
        let reset = c.users().reset_key(user_id).await.unwrap();
        assert_eq!(reset.key.expose_secret(), "REDACTED-NEW");
        assert_no_key(&format!("{reset:?}"));

        step(&server, enc, "a08_auth_keys_add").await;
        let settings = AuthKeySettings {
            comment: Some("[rec] second key".into()),
            read_only: Some(false),
            ..Default::default()
        };
        let new_key = c.auth_keys().add(user_id, settings).await.unwrap();
        assert_eq!(new_key.raw_key().unwrap().expose_secret(), "REDACTED-NEW");
        assert_eq!(new_key.user_id, Some(user_id));
        assert_no_key(&format!("{new_key:?}"));

        step(&server, enc, "a10_auth_keys_index_user").await;
        let keys = c.auth_keys().list(Some(user_id)).await.unwrap();
        assert_eq!(keys.len(), 3, "users/add, resetauthkey, auth_keys/add");
        assert!(keys.iter().all(|k| k.user_id == Some(user_id)));
        assert!(keys.iter().all(|k| k.authkey_raw.is_none()));

        step(&server, enc, "a11_admin_users_delete").await;
        assert_eq!(
            c.users().delete(user_id).await.unwrap().message.as_deref(),
            Some("User deleted.")
        );
        step(&server, enc, "a12_admin_organisations_delete").await;
        assert_eq!(
            c.organisations()
                .delete(org_id)
                .await
                .unwrap()
                .message
                .as_deref(),
            Some("Organisation deleted")
        );
        server.verify().await;
    }
}

#[tokio::test]
async fn a_role_is_added_edited_whole_and_deleted() {
    for enc in ENCODINGS {
        let server = MockServer::start().await;
        let c = client(&server.uri());
        step(&server, enc, "a13_admin_roles_add").await;
        let role = c
            .send(&AddRole::new(Role {
                name: Some("rec-role".into()),
                permission: Some(1),
                ..Default::default()
            }))
            .await
            .unwrap();
        assert_eq!((role.perm_add, role.perm_modify), (Some(true), Some(true)));
        let role_id = role.id.unwrap();

        // The edit reads the role from the index and sends it whole, so the permissions it
        // does not change survive (the server's edit is not partial).
        let index = ResponseTemplate::new(200).set_body_json(json!([{ "Role": role }]));
        Mock::given(method("GET"))
            .and(path("/roles/index"))
            .respond_with(index)
            .expect(2)
            .mount(&server)
            .await;
        let x = load(&format!("live/{enc}"), "a14_admin_roles_edit");
        Mock::given(method("POST"))
            .and(path(x.path.as_str()))
            .and(body_partial_json(
                json!({"name": "rec-role-edited", "permission": 1, "perm_add": true, "perm_modify": true, "perm_sighting": true}),
            ))
            .respond_with(template(&x))
            .expect(1)
            .mount(&server)
            .await;
        let edited = c
            .roles()
            .edit(role_id, |r| {
                r.name = Some("rec-role-edited".into());
                r.perm_sighting = Some(true);
            })
            .await
            .unwrap();
        assert_eq!(edited.perm_sighting, Some(true));
        // A role the index does not list is not found, and nothing is sent.
        let missing = c.roles().edit(999_999, |_| {}).await.unwrap_err();
        assert!(api(missing).is_not_found());

        step(&server, enc, "a15_admin_roles_delete").await;
        let ack = c.send(&DeleteRole::new(role_id)).await.unwrap();
        assert_eq!(ack.message.as_deref(), Some("Role deleted."));
        server.verify().await;
    }
}

#[tokio::test]
async fn a_sharing_group_with_an_organisation() {
    for enc in ENCODINGS {
        let server = MockServer::start().await;
        let c = client(&server.uri());
        step(&server, enc, "a16_admin_organisations_add_for_sg").await;
        let org = c
            .organisations()
            .add(Organisation {
                name: Some("rec-sg-org".into()),
                local: Some(true),
                ..Default::default()
            })
            .await
            .unwrap();
        let org_id = org.id.unwrap();

        step_as(
            &server,
            enc,
            "a17_sharing_groups_add",
            "POST",
            "/sharing_groups/add",
            "/sharingGroups/add",
        )
        .await;
        let sg = c
            .sharing_groups()
            .add(SharingGroup {
                name: Some("rec-sg".into()),
                releasability: Some("rec only".into()),
                ..Default::default()
            })
            .await
            .unwrap();
        let sg_id = sg.id.unwrap();
        assert_eq!(sg.orgs.len(), 1, "only the org given, not the creator's");

        let add_org = load(&format!("live/{enc}"), "a18_sharing_groups_addOrg");
        serve_at(&server, add_org, "POST", "/sharingGroups/addOrg").await;
        let ack = c
            .sharing_groups()
            .add_org(sg_id, org_id, false)
            .await
            .unwrap();
        assert_eq!(
            ack.message.as_deref(),
            Some("Organisation added to the sharing group.")
        );

        let again = load(&format!("live/{enc}"), "a19_sharing_groups_addOrg_again");
        serve_at(&server, again, "POST", "/sharingGroups/addOrg").await;
        let error = api(c
            .sharing_groups()
            .add_org(sg_id, org_id, false)
            .await
            .unwrap_err());
        assert!(error.is_validation(), "{error}");
        assert!(
            error.to_string().contains("already in the sharing group"),
            "{error}"
        );

        let remove = load(&format!("live/{enc}"), "a20_sharing_groups_removeOrg");
        serve_at(&server, remove, "POST", "/sharingGroups/removeOrg").await;
        c.sharing_groups().remove_org(sg_id, org_id).await.unwrap();

        step(&server, enc, "a21_sharing_groups_view").await;
        let viewed = c.sharing_groups().get(sg_id).await.unwrap();
        assert_eq!(viewed.id, Some(sg_id));
        assert!(viewed.organisation.is_some());

        step_as(
            &server,
            enc,
            "a22_sharing_groups_delete",
            "POST",
            "/sharing_groups/",
            "/sharingGroups/",
        )
        .await;
        c.sharing_groups().delete(sg_id).await.unwrap();
        step(&server, enc, "a23_admin_organisations_delete_sg_org").await;
        c.organisations().delete(org_id).await.unwrap();
        server.verify().await;
    }
}

#[tokio::test]
async fn a_sync_server_added_tested_edited_deleted() {
    for enc in ENCODINGS {
        let server = MockServer::start().await;
        let c = client(&server.uri());
        step(&server, enc, "a24_servers_add").await;
        let added = c
            .servers()
            .add(Server {
                name: Some("rec-sync".into()),
                url: Some("http://127.0.0.1:9/".into()),
                authkey: Some("0123456789012345678901234567890123456789".into()),
                remote_org_id: Some(2),
                ..Default::default()
            })
            .await
            .unwrap();
        let server_id = added.id.unwrap();
        assert_eq!(added.url.as_deref(), Some("http://127.0.0.1:9"));
        assert_eq!(
            added.authkey.as_ref().unwrap().as_secret().expose_secret(),
            "REDACTED-SERVER"
        );
        assert_no_key(&format!("{added:?}"));

        step(&server, enc, "a25_servers_index").await;
        let listed = c.servers().list().await.unwrap();
        let ours = listed.iter().find(|s| s.id == Some(server_id)).unwrap();
        assert!(ours.authkey.is_none());
        assert!(ours.organisation.is_some());

        step_as(&server, enc, "a26_servers_testConnection", "POST", "", "").await;
        let test = c.servers().test(server_id).await.unwrap();
        assert_eq!(test.status, ConnectionStatus::Unreachable);
        assert!(!test.is_ok());

        step(&server, enc, "a27_servers_edit").await;
        let edited = c
            .servers()
            .update(
                server_id,
                Server {
                    name: Some("rec-sync-edited".into()),
                    self_signed: Some(true),
                    ..Default::default()
                },
            )
            .await
            .unwrap();
        assert_eq!(edited.self_signed, Some(true));
        assert_no_key(&format!("{edited:?}"));

        step(&server, enc, "a28_servers_delete").await;
        let ack = c.servers().delete(server_id).await.unwrap();
        assert_eq!(ack.message.as_deref(), Some("Server deleted"));
        server.verify().await;
    }
}

#[tokio::test]
async fn a_feed_added_enabled_fetched_failing_and_deleted() {
    for enc in ENCODINGS {
        let server = MockServer::start().await;
        let c = client(&server.uri());
        step(&server, enc, "a29_feeds_add").await;
        let feed = c
            .feeds()
            .add(Feed {
                name: Some("rec-feed".into()),
                provider: Some("rec".into()),
                url: Some("http://127.0.0.1:9/feed/".into()),
                ..Default::default()
            })
            .await
            .unwrap();
        let feed_id = feed.id.unwrap();
        step(&server, enc, "a30_feeds_index").await;
        assert!(
            c.feeds()
                .list()
                .await
                .unwrap()
                .iter()
                .any(|f| f.id == Some(feed_id))
        );
        step(&server, enc, "a31_feeds_enable").await;
        assert_eq!(
            c.feeds().enable(feed_id).await.unwrap().message.as_deref(),
            Some("Feed enabled.")
        );
        step_as(
            &server,
            enc,
            "a32_feeds_fetchFromFeed_enabled",
            "POST",
            "",
            "",
        )
        .await;
        let failed = api(c.feeds().fetch(feed_id).await.unwrap_err());
        assert!(failed.is_validation());
        assert_eq!(failed.status(), http::StatusCode::OK);
        assert!(
            failed.to_string().contains("Fetching the feed has failed."),
            "{failed}"
        );
        step(&server, enc, "a33_feeds_disable").await;
        c.feeds().disable(feed_id).await.unwrap();
        step_as(
            &server,
            enc,
            "a34_feeds_fetchFromFeed_disabled",
            "POST",
            "",
            "",
        )
        .await;
        let disabled = api(c.feeds().fetch(feed_id).await.unwrap_err());
        assert!(disabled.to_string().contains("not enabled"), "{disabled}");
        step(&server, enc, "a35_feeds_delete").await;
        c.feeds().delete(feed_id).await.unwrap();
        server.verify().await;
    }
}

#[tokio::test]
async fn a_blocklist_entry_is_read_back_from_the_index() {
    for enc in ENCODINGS {
        let server = MockServer::start().await;
        let c = client(&server.uri());
        step(&server, enc, "a45_eventBlocklists_index").await;
        let before = c.blocklists().events().await.unwrap();
        let add = step(&server, enc, "a46_eventBlocklists_add").await;
        step(&server, enc, "a47_eventBlocklists_index_after_add").await;
        let uuid: uuid::Uuid = add.body.as_ref().unwrap()["uuids"][0]
            .as_str()
            .unwrap()
            .parse()
            .unwrap();
        let entry = c
            .blocklists()
            .block_event(AddEventBlocklist {
                comment: Some("[rec] blocklist entry".into()),
                ..AddEventBlocklist::new([uuid])
            })
            .await
            .unwrap();
        assert_eq!(entry.event_uuid, Some(uuid));
        assert!(before.iter().all(|e| e.event_uuid != Some(uuid)));
        let delete = step(&server, enc, "a48_eventBlocklists_delete").await;
        assert_eq!(entry.id, Some(id_in(&delete)));
        let ack = c
            .blocklists()
            .unblock_event(entry.id.unwrap())
            .await
            .unwrap();
        assert_eq!(ack.message.as_deref(), Some("Blocklist entry removed"));
        step(&server, enc, "a49_orgBlocklists_index").await;
        let orgs = c.blocklists().organisations().await.unwrap();
        assert_eq!(orgs.len(), 2);
        server.verify().await;
    }
}

#[tokio::test]
async fn settings_workers_and_logs() {
    for enc in ENCODINGS {
        let server = MockServer::start().await;
        let c = client(&server.uri());
        step(&server, enc, "a36_servers_serverSettings").await;
        let all = c.settings().all().await.unwrap();
        assert_eq!(all.settings.len(), 367);
        step(&server, enc, "a37_servers_getSetting_baseurl").await;
        let baseurl = c.settings().get("MISP.baseurl").await.unwrap();
        assert_eq!(baseurl.kind.as_deref(), Some("string"));
        assert!(matches!(
            baseurl.typed_value(),
            Some(misp_types::admin::SettingValue::Text(_))
        ));
        let set = step(
            &server,
            enc,
            "a39_servers_serverSettingsEdit_welcome_text_top",
        )
        .await;
        let ack = c
            .send(&SetServerSetting::new(
                "MISP.welcome_text_top",
                set.body.unwrap()["value"].clone(),
            ))
            .await
            .unwrap();
        assert_eq!(ack.message.as_deref(), Some("Field updated"));
        step(&server, enc, "a41_servers_getWorkers").await;
        assert_eq!(
            c.workers().list().await.unwrap(),
            Workers::NotEnabled("Background jobs not enabled".into())
        );
        step(&server, enc, "a42_admin_logs_index_limit3").await;
        let logs: Vec<_> = c
            .logs()
            .search(SearchLogs::new())
            .try_collect()
            .await
            .unwrap();
        assert_eq!(logs.len(), 3);
        assert!(logs.windows(2).all(|w| w[0].id < w[1].id), "oldest first");
        step(&server, enc, "a43_admin_audit_logs_index_limit3").await;
        let audit = c
            .send(&misp_admin::logs::SearchAuditLogs::new())
            .await
            .unwrap();
        assert!(audit.is_empty());
        server.verify().await;
    }
}

#[tokio::test]
async fn an_ordinary_users_403s_are_permission_errors() {
    for enc in ENCODINGS {
        let server = MockServer::start().await;
        let c = client(&server.uri());
        step(&server, enc, "e01_user_admin_users_index").await;
        let mut users = c.users().list();
        // The paged list asks with limit/page named parameters; serve the recording there too.
        let e01 = load(&format!("live/{enc}"), "e01_user_admin_users_index");
        serve_at(&server, e01, "GET", "/admin/users/index/limit:100/page:1").await;
        let error = api(users.try_next().await.unwrap_err());
        assert!(error.is_permission(), "{error}");
        assert!(error.to_string().contains("You do not have permission"));
        // Served the first one by a direct call.
        let direct = c
            .send(&misp_admin::users::ListUsers::new())
            .await
            .unwrap_err();
        assert!(api(direct).is_permission());

        step(&server, enc, "e02_user_admin_organisations_add").await;
        let error = api(c
            .organisations()
            .add(Organisation {
                name: Some("x".into()),
                ..Default::default()
            })
            .await
            .unwrap_err());
        assert!(error.is_permission(), "{error}");
        step(&server, enc, "e05_user_servers_add").await;
        let error = api(c.servers().add(Server::default()).await.unwrap_err());
        assert!(error.is_permission(), "{error}");
        server.verify().await;
    }
}

#[test]
fn issued_keys_never_show_in_debug_or_errors() {
    for enc in ENCODINGS {
        for name in [
            "a04_admin_users_add",
            "a07_users_resetauthkey",
            "a08_auth_keys_add",
            "a24_servers_add",
        ] {
            let x = load(&format!("live/{enc}"), name);
            let text = String::from_utf8_lossy(&x.raw_body).into_owned();
            assert!(
                ISSUED.iter().any(|k| text.contains(k)),
                "{name} holds a key"
            );
            let debug = match name {
                "a04_admin_users_add" => format!(
                    "{:?}",
                    misp_api::Endpoint::decode(
                        &misp_admin::users::AddUser::new(User::default()),
                        x.response
                    )
                ),
                "a07_users_resetauthkey" => format!(
                    "{:?}",
                    misp_api::Endpoint::decode(
                        &misp_admin::users::ResetAuthKey::new(9),
                        x.response
                    )
                ),
                "a08_auth_keys_add" => format!(
                    "{:?}",
                    misp_api::Endpoint::decode(
                        &misp_admin::auth_keys::AddAuthKey::new(9),
                        x.response
                    )
                ),
                _ => format!(
                    "{:?}",
                    misp_api::Endpoint::decode(
                        &misp_admin::servers::AddServer::new(Server::default()),
                        x.response
                    )
                ),
            };
            assert!(debug.starts_with("Ok("), "{name}: {debug}");
            assert_no_key(&debug);
        }
    }
    // A resetauthkey answer without the expected message fails without echoing the body.
    let odd = http::Response::builder()
        .status(200)
        .body(bytes::Bytes::from_static(
            br#"{"saved":true,"message":"REDACTED-NEW"}"#,
        ))
        .unwrap();
    let error =
        misp_api::Endpoint::decode(&misp_admin::users::ResetAuthKey::new(9), odd).unwrap_err();
    assert_no_key(&format!("{error:?} {error}"));
}

#[tokio::test]
async fn the_user_list_streams_page_by_page() {
    let server = MockServer::start().await;
    let c = client(&server.uri());
    let x = load("api/pymisp", "031_users_users");
    let recorded: Value = serde_json::from_slice(&x.raw_body).unwrap();
    serve_at(&server, x, "GET", "/admin/users/index/limit:100/page:1").await;
    let users: Vec<User> = c.users().list().try_collect().await.unwrap();
    assert_eq!(users.len(), recorded.as_array().unwrap().len());
    assert!(users.iter().all(|u| u.email.is_some()));
    // A full page asks for the next one.
    let server = MockServer::start().await;
    let c = client(&server.uri());
    let full: Vec<Value> = (1..=100)
        .map(|i| json!({"User": {"id": i, "email": format!("u{i}@example.org")}}))
        .collect();
    Mock::given(method("GET"))
        .and(path("/admin/users/index/limit:100/page:1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(full))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/admin/users/index/limit:100/page:2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([{"User": {"id": 101}}])))
        .expect(1)
        .mount(&server)
        .await;
    let users: Vec<User> = c.users().list().try_collect().await.unwrap();
    assert_eq!(users.len(), 101);
    assert_eq!(users.last().unwrap().id, Some(101));
    server.verify().await;
}
