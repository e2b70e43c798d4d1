//! The per-area shortcuts against recorded responses, in both number encodings.

mod common;

use common::*;
use futures::TryStreamExt;
use misp_api::search::{Filter, ReturnFormat, Scope, SearchAttributes, SearchQuery};
use serde_json::{Value, json};
use wiremock::matchers::{body_partial_json, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn serve(recs: &[Recorded]) -> MockServer {
    let server = MockServer::start().await;
    for rec in recs {
        Mock::given(method(rec.method.as_str()))
            .and(path(rec.path.as_str()))
            .respond_with(rec.template())
            .mount(&server)
            .await;
    }
    server
}

fn model<T: serde::de::DeserializeOwned>(v: Value) -> T {
    serde_json::from_value(v).unwrap()
}

#[tokio::test]
async fn events_attributes_sightings_and_publish() {
    for encoding in ["native", "stringified"] {
        let recs: Vec<Recorded> = [
            "19_events_view",
            "24_attributes_add",
            "28_attributes_view",
            "37_sightings_add_by_attribute",
            "49_events_publish",
        ]
        .iter()
        .map(|n| recorded(encoding, n))
        .collect();
        let server = serve(&recs).await;
        let c = client(&server.uri());
        // The ids differ between the two recordings: take them from the recorded paths.
        let id = |i: usize| -> u64 { recs[i].path.rsplit('/').next().unwrap().parse().unwrap() };

        let event = c.events().get(id(0)).await.unwrap();
        let event = serde_json::to_value(&event).unwrap();
        let whole: Value = serde_json::from_slice(&recs[0].body).unwrap();
        assert_eq!(event["uuid"], whole["Event"]["uuid"], "{encoding}");

        let added = c
            .attributes()
            .add(id(1), model(recs[1].request_body.clone()))
            .await
            .unwrap();
        let added = serde_json::to_value(&added).unwrap();
        assert_eq!(added["value"], "http://bad.example.net/x");

        let viewed = c.attributes().get(id(2)).await.unwrap();
        assert_eq!(serde_json::to_value(&viewed).unwrap()["type"], "url");

        let sighting = c
            .sightings()
            .add(id(3), model(recs[3].request_body.clone()))
            .await
            .unwrap();
        assert_eq!(
            serde_json::to_value(&sighting).unwrap()["source"],
            "recorder"
        );

        let ack = c.events().publish(id(4)).await.unwrap();
        assert!(ack.message.unwrap_or_default().contains("published"));
    }
}

#[tokio::test]
async fn search_streams_pages_and_exports() {
    for encoding in ["native", "stringified"] {
        let json_rec = recorded(encoding, "43_attributes_restSearch_json");
        let events_rec = recorded(encoding, "40_events_restSearch_json");
        let csv_rec = recorded(encoding, "44_attributes_restSearch_csv");
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .and(path("/attributes/restSearch"))
            .and(body_partial_json(json!({"returnFormat": "csv"})))
            .respond_with(csv_rec.template())
            .mount(&server)
            .await;
        Mock::given(method("POST"))
            .and(path("/attributes/restSearch"))
            .respond_with(json_rec.template())
            .mount(&server)
            .await;
        Mock::given(method("POST"))
            .and(path("/events/restSearch"))
            .respond_with(events_rec.template())
            .mount(&server)
            .await;
        let c = client(&server.uri());
        let whole: Value = serde_json::from_slice(&json_rec.body).unwrap();
        let n = whole["response"]["Attribute"].as_array().unwrap().len();

        let query = SearchQuery::new().types(Filter::from("ip-dst"));
        let attrs: Vec<_> = c
            .search()
            .attributes(query.clone())
            .try_collect()
            .await
            .unwrap();
        assert_eq!(attrs.len(), n, "{encoding}");

        // Pages larger than the result: one request, stopped by the short page.
        let paged: Vec<_> = c
            .paginate(SearchAttributes::new(query.clone()).page_size(1000))
            .try_collect()
            .await
            .unwrap();
        assert_eq!(paged.len(), n);

        let events = c
            .search()
            .collect_events(SearchQuery::new().value(Filter::from("203.0.113.10")))
            .await
            .unwrap();
        assert!(!events.is_empty());

        let mut csv = Vec::new();
        c.search()
            .export(Scope::Attributes, ReturnFormat::Csv, query, &mut csv)
            .await
            .unwrap();
        assert_eq!(csv, csv_rec.body);
    }
}

#[tokio::test]
async fn bulk_attribute_adds_report_each_result() {
    let server = MockServer::start().await;
    let ok = recorded("native", "24_attributes_add");
    let refused = recorded("native", "26_attributes_add_invalid_type");
    Mock::given(method("POST"))
        .and(body_partial_json(json!({"type": "not-a-type"})))
        .respond_with(refused.template())
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(ok.template())
        .mount(&server)
        .await;
    let c = client(&server.uri());
    let attrs = vec![
        model(json!({"type": "url", "value": "http://a.example/"})),
        model(json!({"type": "not-a-type", "value": "x"})),
        model(json!({"type": "url", "value": "http://b.example/"})),
    ];
    let results = c.attributes().add_many(1u64, attrs, 2).await;
    assert_eq!(results.succeeded(), 2);
    let failures: Vec<_> = results.failures().map(|(i, e)| (i, e.status())).collect();
    assert_eq!(failures, [(1, Some(http::StatusCode::FORBIDDEN))]);
}

#[tokio::test]
async fn unknown_event_is_not_found() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(404).set_body_json(
            json!({"name": "Invalid event", "message": "Invalid event", "url": "/events/view/999"}),
        ))
        .mount(&server)
        .await;
    let err = client(&server.uri())
        .events()
        .get(999u64)
        .await
        .unwrap_err();
    assert!(err.is_not_found(), "{err:?}");
}
