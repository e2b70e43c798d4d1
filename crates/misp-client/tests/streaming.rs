//! Recorded responses served by wiremock in both number encodings, through real misp-api
//! operations: streaming decode and raw export.

mod common;

use std::time::Duration;

use common::*;
use futures::{StreamExt, TryStreamExt};
use misp_api::events::{GetEvent, ListEvents};
use misp_api::objects::GetObject;
use misp_api::search::{Export, ReturnFormat, Scope, SearchAttributes, SearchEvents, SearchQuery};
use misp_client::ItemsAt;
use serde::Deserialize;
use serde_json::Value;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Accepts a number or a numeric string, as MISP sends either.
fn lenient<'de, D: serde::Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
    match Value::deserialize(d)? {
        Value::Number(n) => n
            .as_u64()
            .ok_or_else(|| serde::de::Error::custom("not a u64")),
        Value::String(s) => s.parse().map_err(serde::de::Error::custom),
        other => Err(serde::de::Error::custom(format!(
            "expected an id, got {other}"
        ))),
    }
}

#[derive(Debug, Deserialize, PartialEq)]
struct Attr {
    #[serde(deserialize_with = "lenient")]
    id: u64,
    #[serde(rename = "type")]
    kind: String,
    value: String,
    uuid: String,
}

#[derive(Debug, Deserialize)]
struct Ev {
    #[serde(deserialize_with = "lenient")]
    id: u64,
    info: String,
    #[serde(rename = "Attribute", default)]
    attributes: Vec<Attr>,
}

fn attr_search() -> SearchAttributes {
    SearchAttributes::new(SearchQuery::new().value("203.0.113.10"))
}

fn csv_export() -> Export {
    Export::new(
        Scope::Attributes,
        ReturnFormat::Csv,
        SearchQuery::new().value("203.0.113.10"),
    )
}

fn event_search() -> SearchEvents {
    SearchEvents::new(SearchQuery::new().value("203.0.113.10"))
}

async fn serve(rec: &Recorded) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method(rec.method.as_str()))
        .and(path(rec.path.as_str()))
        .respond_with(rec.template())
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn recorded_attribute_search_streams_in_both_encodings() {
    for encoding in ["native", "stringified"] {
        let rec = recorded(encoding, "43_attributes_restSearch_json");
        let whole: Value = serde_json::from_slice(&rec.body).unwrap();
        let expected = whole["response"]["Attribute"].as_array().unwrap().clone();
        let server = serve(&rec).await;
        let c = client(&server.uri());
        let got: Vec<Attr> = c
            .stream_items(attr_search(), ItemsAt::path(["response", "Attribute"]))
            .try_collect()
            .await
            .unwrap();
        assert_eq!(got.len(), expected.len(), "{encoding}");
        for (a, e) in got.iter().zip(&expected) {
            assert_eq!(a.uuid, e["uuid"].as_str().unwrap());
            assert_eq!(a.value, e["value"].as_str().unwrap());
            assert_eq!(a.id.to_string(), e["id"].to_string().trim_matches('"'));
        }
    }
}

#[tokio::test]
async fn recorded_event_search_unwraps_each_event() {
    for encoding in ["native", "stringified"] {
        let rec = recorded(encoding, "40_events_restSearch_json");
        let server = serve(&rec).await;
        let events: Vec<Ev> = client(&server.uri())
            .stream_items(event_search(), ItemsAt::path(["response"]).unwrap("Event"))
            .try_collect()
            .await
            .unwrap();
        let whole: Value = serde_json::from_slice(&rec.body).unwrap();
        let expected = whole["response"].as_array().unwrap();
        assert_eq!(events.len(), expected.len(), "{encoding}");
        for (e, x) in events.iter().zip(expected) {
            assert_eq!(e.info, x["Event"]["info"].as_str().unwrap());
            assert_eq!(
                e.id.to_string(),
                x["Event"]["id"].to_string().trim_matches('"')
            );
            assert_eq!(
                e.attributes.len(),
                x["Event"]["Attribute"].as_array().unwrap().len()
            );
        }
        assert!(
            events
                .iter()
                .any(|e| e.attributes.iter().any(|a| a.value == "203.0.113.10"))
        );
    }
}

#[tokio::test]
async fn recorded_no_match_and_error_bodies() {
    for encoding in ["native", "stringified"] {
        let rec = recorded(encoding, "47_attributes_restSearch_no_match");
        let server = serve(&rec).await;
        let got: Vec<Attr> = client(&server.uri())
            .stream_items(attr_search(), ItemsAt::path(["response", "Attribute"]))
            .try_collect()
            .await
            .unwrap();
        assert!(got.is_empty());

        // A refused key on a stream is the endpoint's typed error.
        let rec = recorded(encoding, "52_error_bad_key");
        let server = serve(&rec).await;
        let err = client(&server.uri())
            .stream_items::<_, Attr>(ListEvents, ItemsAt::root())
            .try_collect::<Vec<_>>()
            .await
            .unwrap_err();
        assert!(err.is_auth(), "{err:?}");

        let rec = recorded(encoding, "35_objects_view_unknown");
        let server = serve(&rec).await;
        let err = client(&server.uri())
            .send(&GetObject::new(999999))
            .await
            .unwrap_err();
        assert!(err.is_not_found(), "{err:?}");
        assert!(err.to_string().contains("Invalid object."), "{err}");
    }
}

#[tokio::test]
async fn recorded_view_and_index_decode_through_send() {
    for encoding in ["native", "stringified"] {
        let rec = recorded(encoding, "19_events_view");
        let server = serve(&rec).await;
        let id: u64 = rec.path.rsplit('/').next().unwrap().parse().unwrap();
        let out = client(&server.uri())
            .send(&GetEvent::new(id))
            .await
            .unwrap();
        let whole: Value = serde_json::from_slice(&rec.body).unwrap();
        assert_eq!(
            out.uuid.map(|u| u.to_string()).as_deref(),
            whole["Event"]["uuid"].as_str()
        );
        assert!(!out.attributes.is_empty());

        let rec = recorded(encoding, "21_events_index");
        let server = serve(&rec).await;
        assert_eq!(rec.path, "/events/index");
        let (out, headers) = client(&server.uri())
            .send_with_headers(&ListEvents)
            .await
            .unwrap();
        let whole: Vec<Value> = serde_json::from_slice(&rec.body).unwrap();
        assert_eq!(out.len(), whole.len());
        for (e, w) in out.iter().zip(&whole) {
            assert_eq!(e.info.as_deref(), w["info"].as_str());
        }
        assert_eq!(misp_api::result_count(&headers), Some(whole.len() as u64));
    }
}

#[tokio::test]
async fn bad_items_are_reported_with_their_path_and_the_stream_goes_on() {
    let server = MockServer::start().await;
    let body = r#"{"response": {"Attribute": [
        {"id": "1", "type": "ip-dst", "value": "1.2.3.4", "uuid": "u1"},
        {"id": "x", "type": "ip-dst", "value": "5.6.7.8", "uuid": "u2"},
        {"id": 3, "type": "domain", "value": "a.example", "uuid": "u3"}]}}"#;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(body, "application/json"))
        .mount(&server)
        .await;
    let results: Vec<_> = client(&server.uri())
        .stream_items::<_, Attr>(attr_search(), ItemsAt::path(["response", "Attribute"]))
        .collect()
        .await;
    assert_eq!(results.len(), 3);
    assert!(results[0].is_ok() && results[2].is_ok());
    let msg = results[1].as_ref().unwrap_err().to_string();
    assert!(
        msg.contains("item 2 of response.Attribute[]") && msg.contains("`id`"),
        "{msg}"
    );
    assert!(msg.contains("POST /attributes/restSearch"), "{msg}");
}

#[tokio::test]
async fn truncated_stream_ends_with_a_typed_error_after_the_complete_items() {
    let server = MockServer::start().await;
    let body = r#"{"response": {"Attribute": [{"id": 1, "type": "a", "value": "v", "uuid": "u"}, {"id": 2, "ty"#;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(body, "application/json"))
        .mount(&server)
        .await;
    let results: Vec<Result<Attr, _>> = client(&server.uri())
        .stream_items(attr_search(), ItemsAt::path(["response", "Attribute"]))
        .collect()
        .await;
    assert_eq!(results.len(), 2);
    assert_eq!(results[0].as_ref().unwrap().id, 1);
    let msg = results[1].as_ref().unwrap_err().to_string();
    assert!(
        msg.contains("truncated") && msg.contains("after 1 items"),
        "{msg}"
    );
}

#[tokio::test]
async fn html_and_empty_bodies_on_a_stream_are_typed_errors() {
    let html = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            "<html><form action=\"/misp/users/login\"></form></html>",
            "text/html",
        ))
        .mount(&html)
        .await;
    let empty = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&empty)
        .await;
    let err = client(&html.uri())
        .stream(attr_search())
        .try_collect::<Vec<_>>()
        .await
        .unwrap_err();
    assert!(err.is_auth(), "{err:?}");
    // A raw export too: the login page is not the export.
    let mut out = Vec::new();
    let err = client(&html.uri())
        .export_to(&csv_export(), &mut out)
        .await
        .unwrap_err();
    assert!(err.is_auth(), "{err:?}");
    let err = client(&empty.uri())
        .stream(attr_search())
        .try_collect::<Vec<_>>()
        .await
        .unwrap_err();
    assert!(err.api().is_some_and(|e| e.is_decode()), "{err:?}");
}

#[tokio::test]
async fn items_arrive_before_the_response_ends() {
    // The server sends the first item, then waits until the client has decoded it before
    // sending the rest: only an incremental decoder can get past the first await.
    let (tx, rx) = tokio::sync::oneshot::channel();
    let url = raw_server(vec![Script::Chunks(
        vec![
            br#"{"response": {"Attribute": [{"id": 1, "type": "a", "value": "first", "uuid": "u1"}"#
                .to_vec(),
            br#", {"id": 2, "type": "a", "value": "second", "uuid": "u2"}]}}"#.to_vec(),
        ],
        Some(rx),
    )])
    .await;
    let mut items = client(&url)
        .stream_items::<_, Attr>(attr_search(), ItemsAt::path(["response", "Attribute"]));
    let first = tokio::time::timeout(Duration::from_secs(5), items.next())
        .await
        .expect("the first item must come before the body ends")
        .unwrap()
        .unwrap();
    assert_eq!(first.value, "first");
    tx.send(()).unwrap();
    let second = items.next().await.unwrap().unwrap();
    assert_eq!(second.value, "second");
    assert!(items.next().await.is_none());
}

#[tokio::test]
async fn raw_export_is_copied_to_a_writer() {
    for encoding in ["native", "stringified"] {
        let rec = recorded(encoding, "44_attributes_restSearch_csv");
        let server = serve(&rec).await;
        let mut out = Vec::new();
        let n = client(&server.uri())
            .export_to(&csv_export(), &mut out)
            .await
            .unwrap();
        assert_eq!(n as usize, rec.body.len());
        assert_eq!(out, rec.body);
        assert!(out.starts_with(b"uuid,event_id,category"));

        let chunks: Vec<bytes::Bytes> = client(&server.uri())
            .bytes_stream(csv_export())
            .try_collect()
            .await
            .unwrap();
        assert_eq!(chunks.concat(), rec.body);
    }
}

#[tokio::test]
async fn recorded_searches_stream_into_the_typed_model_in_both_encodings() {
    let mut seen = Vec::new();
    for encoding in ["native", "stringified"] {
        let rec = recorded(encoding, "43_attributes_restSearch_json");
        let whole: Value = serde_json::from_slice(&rec.body).unwrap();
        let server = serve(&rec).await;
        let attrs: Vec<misp_types::Attribute> = client(&server.uri())
            .stream_items(attr_search(), ItemsAt::path(["response", "Attribute"]))
            .try_collect()
            .await
            .unwrap();
        let expected = whole["response"]["Attribute"].as_array().unwrap();
        assert_eq!(attrs.len(), expected.len());
        for (a, e) in attrs.iter().zip(expected) {
            // Numbers and numeric strings read the same.
            assert_eq!(
                a.id.unwrap().to_string(),
                e["id"].to_string().trim_matches('"')
            );
            assert_eq!(a.value.as_deref(), e["value"].as_str());
        }
        seen.push(attrs.iter().map(|a| a.uuid.unwrap()).collect::<Vec<_>>());

        let rec = recorded(encoding, "40_events_restSearch_json");
        let server = serve(&rec).await;
        let events: Vec<misp_types::Event> = client(&server.uri())
            .stream_items(event_search(), ItemsAt::path(["response"]).unwrap("Event"))
            .try_collect()
            .await
            .unwrap();
        assert!(!events.is_empty());
        assert!(events.iter().all(|e| e.id.is_some() && e.info.is_some()));
    }
    assert!(seen.iter().all(|uuids| !uuids.is_empty()));
}
