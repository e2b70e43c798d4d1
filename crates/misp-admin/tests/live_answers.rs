//! Every recorded admin answer and permission error from the live MISP 2.5.1
//! (`fixtures/live/{native,stringified}/a*`, `e*`) decoded by its operation to the expected
//! outcome, in both number encodings.

mod common;

use std::fmt::Debug;

use bytes::Bytes;
use common::load;
use misp_admin::UserRef;
use misp_admin::auth_keys::*;
use misp_admin::blocklists::*;
use misp_admin::feeds::*;
use misp_admin::logs::*;
use misp_admin::organisations::*;
use misp_admin::roles::*;
use misp_admin::servers::*;
use misp_admin::settings::*;
use misp_admin::sharing_groups::*;
use misp_admin::users::*;
use misp_admin::workers::*;
use misp_api::{ApiError, Endpoint};

trait Decode {
    fn outcome(&self, response: http::Response<Bytes>) -> String;
}

impl<T: Endpoint> Decode for T
where
    T::Output: Debug,
{
    fn outcome(&self, response: http::Response<Bytes>) -> String {
        match self.decode(response) {
            Ok(_) => "ok".into(),
            Err(e) => match e {
                ApiError::Auth { .. } => "auth",
                ApiError::Permission { .. } => "permission",
                ApiError::NotFound { .. } => "not_found",
                ApiError::Validation { .. } => "validation",
                ApiError::Server { .. } => "server",
                other => return format!("other: {other}"),
            }
            .into(),
        }
    }
}

fn cases() -> Vec<(&'static str, Box<dyn Decode>, &'static str)> {
    let sg = || 3u64.into();
    vec![
        (
            "a01_admin_organisations_add",
            Box::new(AddOrganisation::new(misp_types::Organisation::default())),
            "ok",
        ),
        (
            "a02_organisations_view",
            Box::new(GetOrganisation::new(11u64)),
            "ok",
        ),
        (
            "a03_admin_organisations_edit",
            Box::new(UpdateOrganisation::new(11u64, Default::default())),
            "ok",
        ),
        (
            "a04_admin_users_add",
            Box::new(AddUser::new(misp_types::admin::User::default())),
            "ok",
        ),
        (
            "a05_admin_users_edit",
            Box::new(UpdateUser::new(9, Default::default())),
            "ok",
        ),
        (
            "a06_admin_users_view",
            Box::new(AdminGetUser::new(9u64)),
            "ok",
        ),
        (
            "a07_users_resetauthkey",
            Box::new(ResetAuthKey::new(UserRef::Id(9))),
            "ok",
        ),
        ("a08_auth_keys_add", Box::new(AddAuthKey::new(9)), "ok"),
        (
            "a09_auth_keys_index",
            Box::new(ListAuthKeys::new(None)),
            "ok",
        ),
        (
            "a10_auth_keys_index_user",
            Box::new(ListAuthKeys::new(Some(9))),
            "ok",
        ),
        (
            "a11_admin_users_delete",
            Box::new(DeleteUser::new(9u64)),
            "ok",
        ),
        (
            "a12_admin_organisations_delete",
            Box::new(DeleteOrganisation::new(11u64)),
            "ok",
        ),
        (
            "a13_admin_roles_add",
            Box::new(AddRole::new(misp_types::admin::Role::default())),
            "ok",
        ),
        (
            "a14_admin_roles_edit",
            Box::new(UpdateRole::new(9, Default::default())),
            "ok",
        ),
        (
            "a15_admin_roles_delete",
            Box::new(DeleteRole::new(9u64)),
            "ok",
        ),
        (
            "a16_admin_organisations_add_for_sg",
            Box::new(AddOrganisation::new(misp_types::Organisation::default())),
            "ok",
        ),
        (
            "a17_sharing_groups_add",
            Box::new(AddSharingGroup::new(misp_types::SharingGroup::default())),
            "ok",
        ),
        (
            "a18_sharing_groups_addOrg",
            Box::new(AddOrgToSharingGroup {
                sharing_group: sg(),
                organisation: 12u64.into(),
                extend: false,
            }),
            "ok",
        ),
        (
            "a19_sharing_groups_addOrg_again",
            Box::new(AddOrgToSharingGroup {
                sharing_group: sg(),
                organisation: 12u64.into(),
                extend: false,
            }),
            "validation",
        ),
        (
            "a20_sharing_groups_removeOrg",
            Box::new(RemoveOrgFromSharingGroup {
                sharing_group: sg(),
                organisation: 12u64.into(),
            }),
            "ok",
        ),
        (
            "a21_sharing_groups_view",
            Box::new(GetSharingGroup::new(3u64)),
            "ok",
        ),
        (
            "a22_sharing_groups_delete",
            Box::new(DeleteSharingGroup::new(3u64)),
            "ok",
        ),
        (
            "a23_admin_organisations_delete_sg_org",
            Box::new(DeleteOrganisation::new(12u64)),
            "ok",
        ),
        (
            "a24_servers_add",
            Box::new(AddServer::new(misp_types::admin::Server::default())),
            "ok",
        ),
        ("a25_servers_index", Box::new(ListServers), "ok"),
        (
            "a26_servers_testConnection",
            Box::new(TestServer::new(3u64)),
            "ok",
        ),
        (
            "a27_servers_edit",
            Box::new(UpdateServer::new(3, Default::default())),
            "ok",
        ),
        (
            "a28_servers_delete",
            Box::new(DeleteServer::new(3u64)),
            "ok",
        ),
        (
            "a29_feeds_add",
            Box::new(AddFeed::new(misp_types::admin::Feed::default())),
            "ok",
        ),
        ("a30_feeds_index", Box::new(ListFeeds), "ok"),
        ("a31_feeds_enable", Box::new(EnableFeed::new(5u64)), "ok"),
        (
            "a32_feeds_fetchFromFeed_enabled",
            Box::new(FetchFeed::new(5)),
            "validation",
        ),
        ("a33_feeds_disable", Box::new(DisableFeed::new(5u64)), "ok"),
        (
            "a34_feeds_fetchFromFeed_disabled",
            Box::new(FetchFeed::new(5)),
            "validation",
        ),
        ("a35_feeds_delete", Box::new(DeleteFeed::new(5u64)), "ok"),
        (
            "a36_servers_serverSettings",
            Box::new(GetServerSettings),
            "ok",
        ),
        (
            "a37_servers_getSetting_baseurl",
            Box::new(GetServerSetting::new("MISP.baseurl")),
            "ok",
        ),
        (
            "a38_servers_getSetting_welcome_text_top",
            Box::new(GetServerSetting::new("MISP.welcome_text_top")),
            "ok",
        ),
        (
            "a39_servers_serverSettingsEdit_welcome_text_top",
            Box::new(SetServerSetting::new("MISP.welcome_text_top", "x")),
            "ok",
        ),
        (
            "a40_servers_serverSettingsEdit_welcome_text_top_restore",
            Box::new(SetServerSetting::new("MISP.welcome_text_top", "")),
            "ok",
        ),
        ("a41_servers_getWorkers", Box::new(GetWorkers), "ok"),
        (
            "a42_admin_logs_index_limit3",
            Box::new(SearchLogs::new()),
            "ok",
        ),
        (
            "a43_admin_audit_logs_index_limit3",
            Box::new(SearchAuditLogs::new()),
            "ok",
        ),
        (
            "a44_audit_logs_index_limit3",
            Box::new(SearchAuditLogs::new()),
            "not_found",
        ),
        (
            "a45_eventBlocklists_index",
            Box::new(ListEventBlocklist),
            "ok",
        ),
        (
            "a46_eventBlocklists_add",
            Box::new(AddEventBlocklist::new([uuid::Uuid::nil()])),
            "ok",
        ),
        (
            "a47_eventBlocklists_index_after_add",
            Box::new(ListEventBlocklist),
            "ok",
        ),
        (
            "a48_eventBlocklists_delete",
            Box::new(DeleteEventBlocklist::new(34u64)),
            "ok",
        ),
        ("a49_orgBlocklists_index", Box::new(ListOrgBlocklist), "ok"),
        (
            "e01_user_admin_users_index",
            Box::new(ListUsers::new()),
            "permission",
        ),
        (
            "e02_user_admin_organisations_add",
            Box::new(AddOrganisation::new(misp_types::Organisation::default())),
            "permission",
        ),
        (
            "e03_user_events_publish_invisible_event",
            Box::new(misp_api::events::PublishEvent {
                event: 1u64.into(),
                alert: false,
            }),
            "permission",
        ),
        (
            "e04_user_events_publish_visible_event",
            Box::new(misp_api::events::PublishEvent {
                event: 1u64.into(),
                alert: false,
            }),
            "permission",
        ),
        (
            "e05_user_servers_add",
            Box::new(AddServer::new(misp_types::admin::Server::default())),
            "permission",
        ),
        (
            "e06_badkey_events_index_json",
            Box::new(misp_api::events::ListEvents),
            "auth",
        ),
        (
            "e07_badkey_events_index_no_accept",
            Box::new(misp_api::events::ListEvents),
            "auth",
        ),
    ]
}

#[test]
fn every_recorded_admin_answer_decodes_to_its_outcome_in_both_encodings() {
    let mut failures = Vec::new();
    let mut count = 0;
    for encoding in ["native", "stringified"] {
        for (name, op, expected) in cases() {
            let exchange = load(&format!("live/{encoding}"), name);
            let outcome = op.outcome(exchange.response);
            count += 1;
            if outcome != expected {
                failures.push(format!(
                    "{encoding}/{name}: `{outcome}`, expected `{expected}`"
                ));
            }
        }
    }
    assert_eq!(count, 2 * 56);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
