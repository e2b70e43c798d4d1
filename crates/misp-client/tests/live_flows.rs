//! The flows of `cargo xtask live`, replayed over what a MISP 2.5.1 really answered to them
//! (fixtures/live, both number encodings), through the client's real operations: create an
//! event, add attributes and objects, sight an attribute, walk the event's attributes page by
//! page, delete the event, and delete it again (a refusal).

mod common;

use common::*;
use futures::TryStreamExt;
use misp_api::attributes::AddAttributes;
use misp_api::model::{Attribute, Event, Object, Sighting};
use misp_api::search::{SearchAttributes, SearchQuery};
use wiremock::matchers::{body_partial_json, method, path};
use wiremock::{Mock, MockServer};

/// Serves a recorded exchange once, for a request with the recorded method, path and the
/// recorded body's text fields (the client sends an event or object bare, which MISP reads
/// like the `{"Event": {...}}` the recorder sent).
async fn replay(server: &MockServer, rec: &Recorded) {
    let mut mock = Mock::given(method(rec.method.as_str())).and(path(rec.path.as_str()));
    let body = &rec.request_body;
    let wanted = ["Event", "Object"]
        .iter()
        .find_map(|k| {
            body.get(*k)
                .filter(|_| body.as_object().is_some_and(|o| o.len() == 1))
        })
        .unwrap_or(body);
    // The text fields (numbers are written in one canonical form, whatever the recorder sent).
    let text: serde_json::Map<String, serde_json::Value> = wanted
        .as_object()
        .into_iter()
        .flatten()
        .filter(|(_, v)| v.as_str().is_some_and(|s| s.parse::<f64>().is_err()))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    if !text.is_empty() {
        mock = mock.and(body_partial_json(serde_json::Value::Object(text)));
    }
    mock.respond_with(rec.template())
        .up_to_n_times(1)
        .expect(1)
        .mount(server)
        .await;
}

#[tokio::test]
async fn the_live_flows_over_the_recorded_answers() {
    for set in ["native", "stringified"] {
        let server = MockServer::start().await;
        let names = [
            "p01_events_add_paging",
            "p02_attributes_add_three",
            "p03_objects_add_domain_ip",
            "p04_objects_add_file",
            "p32_sightings_add_1",
            "p06_attributes_restSearch_limit3_page1",
            "p07_attributes_restSearch_limit3_page2",
            "p08_attributes_restSearch_limit3_page3",
            "z01_events_delete_paging",
            "z05_events_delete_again",
        ];
        let recs: Vec<Recorded> = names.iter().map(|n| live(set, n)).collect();
        for rec in &recs {
            replay(&server, rec).await;
        }
        let c = client(&server.uri()).with_retry(misp_client::RetryPolicy::none());

        // Create the event, as recorded.
        let event: Event = serde_json::from_value(recs[0].request_body["Event"].clone()).unwrap();
        let event = c.events().add(event).await.unwrap();
        let id = event.id.unwrap();
        assert_eq!(event.info.as_deref(), Some("[rec] paging"), "{set}");

        // Three loose attributes in one request.
        let attributes: Vec<Attribute> =
            serde_json::from_value(recs[1].request_body.clone()).unwrap();
        let added = c.send(&AddAttributes::new(id, attributes)).await.unwrap();
        assert_eq!(added.attributes.len(), 3, "{set}");
        assert!(added.errors.is_empty());

        // Two objects of two attributes each.
        for rec in &recs[2..4] {
            let object: Object =
                serde_json::from_value(rec.request_body["Object"].clone()).unwrap();
            let object = c.objects().add(id, object).await.unwrap();
            assert_eq!(object.attributes.len(), 2, "{set}");
        }

        // A sighting on the first attribute.
        let first = added.attributes[0].id.unwrap();
        let sighting: Sighting = serde_json::from_value(recs[4].request_body.clone()).unwrap();
        let sighting = c.sightings().add(first, sighting).await.unwrap();
        assert_eq!(sighting.source.as_deref(), Some("rec-1"));

        // Every attribute of the event, three per page: the 3 loose and the 4 in objects.
        let walked: Vec<Attribute> = c
            .paginate(SearchAttributes::new(SearchQuery::new().event_ids(id)).page_size(3))
            .try_collect()
            .await
            .unwrap();
        assert_eq!(walked.len(), 7, "{set}");
        assert_eq!(walked.iter().filter(|a| a.object_id != Some(0)).count(), 4);

        // Delete, then delete again: the second is refused.
        let ack = c.events().delete(id).await.unwrap();
        assert_eq!(ack.message.as_deref(), Some("Event deleted."));
        let err = c.events().delete(id).await.unwrap_err();
        assert!(err.api().is_some_and(|e| e.is_permission()), "{set}: {err}");
        server.verify().await;
    }
}
