//! Every error shape the server uses, from real recordings (`fixtures/api/native`,
//! `fixtures/api/stringified`) and from constructed responses for the shapes a healthy
//! server did not produce (429, HTML and empty 200s, failures inside a 200).

mod common;

use bytes::Bytes;
use common::load;
use misp_api::attributes::{AddAttribute, DeleteAttribute, GetAttribute};
use misp_api::events::{AddEvent, DeleteEvent, GetEvent, ListEvents};
use misp_api::objects::GetObject;
use misp_api::search::{Export, ReturnFormat, Scope, SearchQuery};
use misp_api::tags::AttachTag;
use misp_api::{ApiError, BodyKind, Endpoint, FieldError, wire::Operation};
use serde_json::json;

fn decode_recorded<E: Endpoint>(op: &E, set: &str, name: &str) -> Result<E::Output, ApiError> {
    op.decode(load(set, name).response)
}

/// Reads a model record from JSON written in a test, as a server would send it.
fn model<T: serde::de::DeserializeOwned>(value: serde_json::Value) -> T {
    misp_types::json::from_slice(value.to_string().as_bytes()).expect("the test's JSON reads")
}

fn field(field: &str, message: &str) -> FieldError {
    FieldError {
        field: field.into(),
        message: message.into(),
    }
}

#[test]
fn bad_or_missing_key_is_auth() {
    for set in ["native", "stringified"] {
        for name in ["52_error_bad_key", "53_error_no_key"] {
            let e = decode_recorded(&ListEvents, set, name).unwrap_err();
            assert!(e.is_auth(), "{set}/{name}: {e}");
            assert_eq!(e.status(), 403);
            assert!(e.message().starts_with("Authentication failed"), "{e}");
            assert_eq!(e.context().to_string(), "GET /events/index");
        }
    }
}

#[test]
fn redirect_to_login_is_auth() {
    let e = decode_recorded(&ListEvents, "native", "54_error_bad_key_html").unwrap_err();
    assert!(e.is_auth(), "{e}");
    assert_eq!(e.status(), 302);
    assert!(e.message().contains("/users/login"), "{e}");
}

#[test]
fn unknown_ids_are_not_found() {
    for set in ["native", "stringified"] {
        let e =
            decode_recorded(&GetEvent::new(999_999), set, "55_error_unknown_event").unwrap_err();
        assert!(e.is_not_found());
        assert_eq!(e.message(), "Invalid event");
        assert_eq!(
            e.to_string(),
            "GET /events/view/999999: not found (404 Not Found): Invalid event"
        );
        let uuid: uuid::Uuid = "00000000-0000-4000-8000-000000000000".parse().unwrap();
        assert!(
            decode_recorded(&GetEvent::new(uuid), set, "56_error_unknown_event_uuid")
                .unwrap_err()
                .is_not_found()
        );
        assert!(
            decode_recorded(&GetObject::new(999_999), set, "35_objects_view_unknown")
                .unwrap_err()
                .is_not_found()
        );
    }
}

#[test]
fn validation_errors_become_field_errors() {
    for set in ["native", "stringified"] {
        let op = AddAttribute::new(1, model(json!({"type": "not-a-type", "value": "x"})));
        let e = decode_recorded(&op, set, "26_attributes_add_invalid_type").unwrap_err();
        assert!(e.is_validation(), "{e}");
        assert_eq!(e.status(), 403);
        assert_eq!(e.message(), "Could not add Attribute");
        assert_eq!(e.field_errors(), &[field("type", "Invalid type.")]);
        assert!(e.to_string().ends_with("[type: Invalid type.]"), "{e}");

        let e = decode_recorded(&op, set, "27_attributes_add_invalid_value").unwrap_err();
        assert_eq!(e.field_errors()[0].field, "value");

        let e = decode_recorded(
            &AddEvent::new(model(json!({}))),
            set,
            "63_error_events_add_missing_info",
        )
        .unwrap_err();
        assert_eq!(e.field_errors(), &[field("Event.info", "valueNotEmpty")]);

        // "Could not delete Event" is MISP's refusal when the user may not delete the event
        // (or cannot see it): a permission error, keeping the plain-string `errors`.
        let e = decode_recorded(&DeleteEvent::new(2), set, "67_events_delete_again").unwrap_err();
        assert!(e.is_permission(), "{e}");
        assert_eq!(
            e.message(),
            "Could not delete Event: Event was not deleted."
        );
    }
}

#[test]
fn method_not_allowed_and_not_found_405s() {
    for set in ["native", "stringified"] {
        let e = decode_recorded(
            &AttachTag::new(uuid::Uuid::nil(), "x"),
            set,
            "59_error_method_not_allowed_attach_tag_get",
        )
        .unwrap_err();
        assert!(matches!(e, ApiError::MethodNotAllowed { .. }), "{e}");
        assert_eq!(e.status(), 405);
        let e = decode_recorded(
            &AddEvent::new(model(json!({}))),
            set,
            "64_error_malformed_json",
        )
        .unwrap_err();
        assert!(matches!(e, ApiError::MethodNotAllowed { .. }));
        assert!(e.message().starts_with("Invalid JSON input"), "{e}");
    }
    // 405 "Invalid attribute" for an unknown id is a not-found.
    let e = GetAttribute::new(999_999)
        .decode(load("pymisp", "086_attributes_get_attribute_unknown").response)
        .unwrap_err();
    assert!(e.is_not_found());
    assert_eq!(e.status(), 405);
    // HTML entities in messages are decoded.
    let e = misp_api::delegations::DelegateEvent {
        event: 11,
        org_id: 6,
        distribution: 1,
        sharing_group_id: None,
        message: String::new(),
    }
    .decode(load("pymisp", "345_delegations_delegate_event").response)
    .unwrap_err();
    assert!(e.message().contains("\"Your Organisation Only\""), "{e}");
}

#[test]
fn server_errors_and_unknown_routes() {
    for set in ["native", "stringified"] {
        let e = decode_recorded(&DeleteEvent::new(1), set, "61_error_events_delete_get_500")
            .unwrap_err();
        assert!(e.is_server_error(), "{e}");
        assert_eq!(e.status(), 500);
        let e = decode_recorded(&ListEvents, set, "62_error_unknown_controller").unwrap_err();
        assert!(e.is_not_found());
        let e = decode_recorded(
            &DeleteAttribute {
                attribute: 4.into(),
                hard: false,
            },
            set,
            "58_error_method_not_allowed_attributes_delete_get",
        )
        .unwrap_err();
        assert!(e.is_not_found());
        let export = Export::new(
            Scope::Events,
            ReturnFormat::Json,
            SearchQuery::new().limit(1),
        );
        let e = decode_recorded(&export, set, "48_events_restSearch_bad_format").unwrap_err();
        assert_eq!(e.message(), "Invalid output format.");
    }
}

fn response(status: u16, headers: &[(&str, &str)], body: &'static [u8]) -> http::Response<Bytes> {
    let mut b = http::Response::builder().status(status);
    for (k, v) in headers {
        b = b.header(*k, *v);
    }
    b.body(Bytes::from_static(body)).unwrap()
}

#[test]
fn rate_limit_keeps_retry_after() {
    let e = ListEvents
        .decode(response(
            429,
            &[("Retry-After", "30"), ("Content-Type", "application/json")],
            br#"{"name":"Rate limit exceeded.","message":"Rate limit exceeded.","url":"/events/index"}"#,
        ))
        .unwrap_err();
    assert!(e.is_rate_limited());
    assert!(matches!(
        e,
        ApiError::RateLimited {
            retry_after: Some(30),
            ..
        }
    ));
}

#[test]
fn html_and_empty_bodies_where_json_was_expected() {
    let e = ListEvents
        .decode(response(
            200,
            &[("Content-Type", "text/html")],
            b"<!DOCTYPE html><html><body>Maintenance</body></html>",
        ))
        .unwrap_err();
    assert!(
        matches!(
            e,
            ApiError::UnexpectedBody {
                kind: BodyKind::Html,
                ..
            }
        ),
        "{e}"
    );
    let e = ListEvents
        .decode(response(
            200,
            &[("Content-Type", "text/html")],
            b"<html><form action=\"/users/login\"><input name=\"password\"></form></html>",
        ))
        .unwrap_err();
    assert!(e.is_auth(), "{e}");
    let e = GetEvent::new(1)
        .decode(response(200, &[], b""))
        .unwrap_err();
    assert!(
        matches!(
            e,
            ApiError::UnexpectedBody {
                kind: BodyKind::Empty,
                ..
            }
        ),
        "{e}"
    );
    let e = GetEvent::new(1)
        .decode(response(200, &[], b"Fatal error"))
        .unwrap_err();
    assert!(
        matches!(
            e,
            ApiError::UnexpectedBody {
                kind: BodyKind::Text,
                ..
            }
        ),
        "{e}"
    );
    // 5xx without JSON keeps the start of the body.
    let e = ListEvents
        .decode(response(502, &[], b"<html>Bad Gateway</html>"))
        .unwrap_err();
    assert!(e.is_server_error());
    assert_eq!(e.message(), "<html>Bad Gateway</html>");
}

#[test]
fn failures_inside_a_200() {
    // Legacy tag endpoints: 200 with saved false.
    let e = DeleteEvent::new(1)
        .decode(response(
            200,
            &[],
            br#"{"saved":false,"errors":"Invalid Tag."}"#,
        ))
        .unwrap_err();
    assert!(e.is_validation());
    assert_eq!(e.status(), 200);
    assert_eq!(e.message(), "Invalid Tag.");
    // Sightings: a message instead of the sighting.
    let e = misp_api::sightings::AddSighting {
        attribute: None,
        sighting: model(json!({"value": "x"})),
    }
    .decode(load("pymisp", "162_sightings_add_sighting_no_match").response)
    .unwrap_err();
    assert!(e.is_validation());
    assert!(e.message().starts_with("Could not add the Sighting"), "{e}");
}

#[test]
fn json_of_another_shape_names_the_path() {
    let e = misp_api::instance::GetVersion
        .decode(response(
            200,
            &[],
            br#"{"version": "2.5.1", "perm_sync": "maybe"}"#,
        ))
        .unwrap_err();
    assert!(e.is_decode());
    assert!(e.message().contains("at `perm_sync`"), "{e}");
    let e = misp_api::taxonomies::ListTaxonomies
        .decode(response(
            200,
            &[],
            br#"[{"Taxonomy": {"id": "1"}}, {"Taxonomy": {"id": "x"}}]"#,
        ))
        .unwrap_err();
    assert!(e.message().contains("at `[1].Taxonomy.id`"), "{e}");
}

#[test]
fn errors_keep_method_and_path_but_never_a_key() {
    let op = ListEvents;
    let request = op.request().unwrap();
    assert!(request.headers().get("authorization").is_none());
    let e = op
        .decode(load("native", "52_error_bad_key").response)
        .unwrap_err();
    assert_eq!(e.context().method, http::Method::GET);
    assert_eq!(e.context().path, op.path());
    assert!(!format!("{e:?}").contains("REDACTED"));
}
