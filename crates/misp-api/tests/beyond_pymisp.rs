//! Operations MISP has and PyMISP lacks: galaxy delete, import and export, taxonomy export,
//! user-settings search and view by id, warninglist search. PyMISP has no recorded request for
//! them, so each request is checked against what MISP 2.5.1's controller reads (method, path,
//! body keys), and each answer is decoded from the recorded answer of the same controller
//! action or, where none was recorded, from the shape that action's `RestResponse` call
//! produces.

mod common;

use bytes::Bytes;
use common::load;
use misp_api::galaxies::{DeleteGalaxy, ExportGalaxy, GalaxyExportFormat, ImportGalaxyClusters};
use misp_api::model::GalaxyCluster;
use misp_api::taxonomies::ExportTaxonomy;
use misp_api::user_settings::{GetUserSettingById, SearchUserSettings, SettingsOwner};
use misp_api::warninglists::SearchWarninglists;
use misp_api::{ApiError, Endpoint};
use serde_json::{Value, json};

fn answer(status: u16, body: &Value) -> http::Response<Bytes> {
    http::Response::builder()
        .status(status)
        .header("content-type", "application/json; charset=UTF-8")
        .body(Bytes::from(serde_json::to_vec(body).unwrap()))
        .unwrap()
}

fn body_of(request: &http::Request<Vec<u8>>) -> Value {
    serde_json::from_slice(request.body()).expect("a JSON body")
}

#[test]
fn a_galaxy_is_deleted_with_delete_and_a_refusal_is_an_error() {
    let op = DeleteGalaxy::new(12u64);
    let request = op.request().unwrap();
    assert_eq!(request.method(), http::Method::DELETE);
    assert_eq!(request.uri(), "/galaxies/delete/12");
    let ok = json!({"saved": true, "success": true, "name": "Galaxy deleted",
        "message": "Galaxy deleted", "url": "/galaxies/delete"});
    assert!(op.decode(answer(200, &ok)).is_ok());
    let refused = json!({"saved": false, "name": "Could not delete Galaxy.",
        "message": "Could not delete Galaxy.", "url": "/galaxies/delete", "errors": "Could not delete Galaxy."});
    assert!(op.decode(answer(403, &refused)).is_err());
    let missing = json!({"name": "Invalid galaxy.", "message": "Invalid galaxy.", "url": "/galaxies/delete/12"});
    assert!(matches!(
        op.decode(answer(404, &missing)),
        Err(ApiError::NotFound { .. })
    ));
}

#[test]
fn clusters_are_imported_each_under_its_galaxy_cluster_key() {
    let cluster: GalaxyCluster = misp_types::json::from_slice(
        br#"{"uuid":"5d2c3c2c-0000-4000-8000-0000000000aa","type":"threat-actor","value":"Example actor",
            "GalaxyElement":[{"key":"country","value":"ZZ"}]}"#,
    )
    .unwrap();
    let op = ImportGalaxyClusters::new(vec![cluster]);
    let request = op.request().unwrap();
    assert_eq!(request.method(), http::Method::POST);
    assert_eq!(request.uri(), "/galaxies/import");
    let body = body_of(&request);
    assert_eq!(body.as_array().map(Vec::len), Some(1));
    assert_eq!(body[0]["GalaxyCluster"]["type"], "threat-actor");
    assert_eq!(
        body[0]["GalaxyCluster"]["GalaxyElement"][0]["key"],
        "country"
    );
    let ok = json!({"saved": true, "success": true, "name": "Galaxy clusters imported. 1 imported, 0 ignored, 0 failed. ",
        "message": "Galaxy clusters imported. 1 imported, 0 ignored, 0 failed. ", "url": "/galaxies/import"});
    let ack = op.decode(answer(200, &ok)).unwrap();
    assert!(format!("{ack:?}").contains("1 imported"));
    let failed = json!({"saved": false, "name": "Could not import galaxy clusters. 0 imported, 0 ignored, 1 failed. Galaxy not found",
        "message": "Could not import galaxy clusters. 0 imported, 0 ignored, 1 failed. Galaxy not found",
        "url": "/galaxies/import", "errors": "Could not import galaxy clusters. 0 imported, 0 ignored, 1 failed. Galaxy not found"});
    let error = op.decode(answer(403, &failed)).unwrap_err();
    assert!(error.to_string().contains("Galaxy not found"), "{error}");
}

#[test]
fn an_export_sends_what_the_controller_reads_under_galaxy() {
    let op = ExportGalaxy {
        custom: false,
        format: GalaxyExportFormat::MispGalaxy,
        ..ExportGalaxy::all(7)
    };
    let request = op.request().unwrap();
    assert_eq!(request.method(), http::Method::POST);
    assert_eq!(request.uri(), "/galaxies/export/7");
    assert_eq!(
        body_of(&request),
        json!({"Galaxy": {"default": true, "custom": false, "distribution": [0, 1, 2, 3, 4],
            "format": "misp-galaxy", "download": "raw"}})
    );
    let exported = json!([{"GalaxyCluster": {"uuid": "5d2c3c2c-0000-4000-8000-0000000000aa", "value": "Example actor"}}]);
    assert_eq!(op.decode(answer(200, &exported)).unwrap(), exported);
}

#[test]
fn a_taxonomy_exports_as_its_machinetag_file() {
    let op = ExportTaxonomy::new(3u64);
    let request = op.request().unwrap();
    assert_eq!(request.method(), http::Method::GET);
    assert_eq!(request.uri(), "/taxonomies/export/3");
    let file = json!({"namespace": "tlp", "description": "Traffic Light Protocol", "version": 10,
        "predicates": [{"value": "clear"}, {"value": "red"}]});
    assert_eq!(op.decode(answer(200, &file)).unwrap(), file);
    let unknown = load("pymisp", "182_taxonomies_get_taxonomy_unknown");
    assert!(matches!(
        op.decode(unknown.response),
        Err(ApiError::NotFound { .. })
    ));
}

#[test]
fn user_settings_are_searched_by_owner_and_read_from_the_recorded_index() {
    let op = SearchUserSettings {
        setting: Some("homepage".into()),
        owner: SettingsOwner::User(6),
        page: Some(2),
        limit: Some(50),
    };
    let request = op.request().unwrap();
    assert_eq!(request.method(), http::Method::POST);
    assert_eq!(request.uri(), "/userSettings/index");
    assert_eq!(
        body_of(&request),
        json!({"setting": "homepage", "user_id": 6, "page": 2, "limit": 50})
    );
    for (owner, sent) in [
        (SettingsOwner::All, "all"),
        (SettingsOwner::Me, "me"),
        (SettingsOwner::Org, "org"),
    ] {
        let request = SearchUserSettings {
            setting: None,
            owner,
            page: None,
            limit: None,
        }
        .request()
        .unwrap();
        assert_eq!(body_of(&request), json!({"user_id": sent}));
    }
    // The index answers a search with the same list as the plain index.
    let recorded = load("pymisp", "051_user_settings_user_settings");
    let settings = op.decode(recorded.response).unwrap();
    assert_eq!(settings.len(), 2);
    assert_eq!(settings[1].user_id, Some(6));
}

#[test]
fn a_user_setting_is_read_by_id() {
    let op = GetUserSettingById::new(5u64);
    let request = op.request().unwrap();
    assert_eq!(request.method(), http::Method::GET);
    assert_eq!(request.uri(), "/userSettings/view/5");
    let stored = json!({"UserSetting": {"id": "5", "setting": "homepage",
        "value": {"path": "/events/index"}, "user_id": "1", "timestamp": "1796049556"}});
    let setting = op.decode(answer(200, &stored)).unwrap();
    assert_eq!(setting.id, Some(5));
    let hidden = json!({"name": "Invalid user setting.", "message": "Invalid user setting.", "url": "/userSettings/view/5"});
    assert!(matches!(
        op.decode(answer(404, &hidden)),
        Err(ApiError::NotFound { .. })
    ));
}

#[test]
fn warninglists_are_searched_and_read_from_the_recorded_index() {
    let op = SearchWarninglists {
        value: Some("zscaler".into()),
        enabled: Some(false),
    };
    let request = op.request().unwrap();
    assert_eq!(request.method(), http::Method::POST);
    assert_eq!(request.uri(), "/warninglists/index");
    assert_eq!(
        body_of(&request),
        json!({"value": "zscaler", "enabled": false})
    );
    let recorded = load("pymisp", "183_warninglists_warninglists");
    let lists = op.decode(recorded.response).unwrap();
    assert!(!lists.is_empty());
    assert!(
        lists
            .iter()
            .any(|l| l.name.as_deref().is_some_and(|n| n.contains("Zscaler")))
    );
}
