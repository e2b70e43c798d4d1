//! Page walks over the pages MISP 2.5.1 really sent (fixtures/live, both number encodings),
//! with their exact statuses and headers, through the real operations: every item arrives
//! exactly once, and the walk stops where the endpoint's own rule says.

mod common;

use std::collections::HashSet;

use common::*;
use futures::{StreamExt, TryStreamExt};
use misp_api::events::ListEventsPage;
use misp_api::search::{SearchAttributes, SearchEvents, SearchIndex, SearchQuery};
use serde_json::{Value, json};
use wiremock::matchers::{body_partial_json, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const SETS: [&str; 2] = ["native", "stringified"];

/// Serves a recorded page for requests whose body holds `page` (and the recorded limit);
/// `times` is how often the walk must ask for it.
async fn mount_page(server: &MockServer, rec: &Recorded, times: u64) {
    let mut wanted = json!({});
    for key in ["page", "limit"] {
        if let Some(v) = rec.request_body.get(key) {
            wanted[key] = v.clone();
        }
    }
    Mock::given(method(rec.method.as_str()))
        .and(path(rec.path.as_str()))
        .and(body_partial_json(wanted))
        .respond_with(rec.template())
        .expect(times)
        .mount(server)
        .await;
}

fn ids(values: impl IntoIterator<Item = Option<u64>>) -> Vec<u64> {
    values.into_iter().map(|id| id.expect("an id")).collect()
}

fn assert_once(ids: &[u64], expected: usize, what: &str) {
    assert_eq!(ids.len(), expected, "{what}: {ids:?}");
    let unique: HashSet<_> = ids.iter().collect();
    assert_eq!(
        unique.len(),
        ids.len(),
        "{what}: an item came twice: {ids:?}"
    );
}

/// The event id of the "[rec] paging" event in each encoding (the attribute walks search it).
fn paging_event(set: &str) -> u64 {
    let rec = live(set, "p06_attributes_restSearch_limit3_page1");
    rec.request_body["eventid"].as_u64().unwrap()
}

/// The attribute walks recorded over the 7 attributes: the page size, the pages the walk must
/// read, and the page it must never need.
const ATTRIBUTE_WALKS: &[(u32, &[&str], Option<&str>)] = &[
    // X-Result-Count says 4, 4, 1 (the page's count + 1 when full): never a total. The empty
    // page past the end (X-Result-Count 1) is never needed.
    (
        3,
        &[
            "p06_attributes_restSearch_limit3_page1",
            "p07_attributes_restSearch_limit3_page2",
            "p08_attributes_restSearch_limit3_page3",
        ],
        Some("p09_attributes_restSearch_limit3_page4"),
    ),
    // Exactly one full page (X-Result-Count 8), then the empty page past the end.
    (
        7,
        &[
            "p10_attributes_restSearch_limit7_page1",
            "p11_attributes_restSearch_limit7_page2",
        ],
        None,
    ),
];

#[tokio::test]
async fn attribute_walks_read_every_page_whatever_the_count_header_says() {
    for set in SETS {
        for (limit, pages, unused) in ATTRIBUTE_WALKS {
            let server = MockServer::start().await;
            for name in *pages {
                mount_page(&server, &live(set, name), 1).await;
            }
            if let Some(name) = unused {
                mount_page(&server, &live(set, name), 0).await;
            }
            let query = SearchQuery::new().event_ids(paging_event(set));
            let got: Vec<_> = client(&server.uri())
                .paginate(SearchAttributes::new(query).page_size(*limit))
                .try_collect()
                .await
                .unwrap();
            assert_once(
                &ids(got.iter().map(|a| a.id)),
                7,
                &format!("{set} limit {limit}"),
            );
            server.verify().await;
        }
    }
}

#[tokio::test]
async fn events_stop_at_the_total_the_server_gives() {
    for set in SETS {
        for (pages, metadata) in [
            (
                [
                    "p14_events_restSearch_limit1_page1",
                    "p15_events_restSearch_limit1_page2",
                    "p16_events_restSearch_limit1_page3",
                ],
                false,
            ),
            (
                [
                    "p17_events_restSearch_metadata_limit1_page1",
                    "p18_events_restSearch_metadata_limit1_page2",
                    "p19_events_restSearch_metadata_limit1_page3",
                ],
                true,
            ),
        ] {
            let server = MockServer::start().await;
            // X-Result-Count 2 on every page: two pages, no third request.
            mount_page(&server, &live(set, pages[0]), 1).await;
            mount_page(&server, &live(set, pages[1]), 1).await;
            mount_page(&server, &live(set, pages[2]), 0).await;
            let query = SearchQuery::new().event_info("[rec]%").metadata(metadata);
            let got: Vec<_> = client(&server.uri())
                .paginate(SearchEvents::new(query).page_size(1))
                .try_collect()
                .await
                .unwrap();
            assert_once(&ids(got.iter().map(|e| e.id)), 2, set);
            server.verify().await;
        }
    }
}

/// The index pages beyond the three recorded ones: page `n` holds the `n`-th event of the
/// recorded unpaginated index (p26, id ascending like the recorded pages), with the recorded
/// pages' headers (X-Result-Count 7).
fn index_page(set: &str, n: usize) -> ResponseTemplate {
    let all = live(set, "p26_events_index_nolimit");
    let events: Vec<Value> = serde_json::from_slice(&all.body).unwrap();
    let headers = live(set, "p22_events_index_limit1_page1");
    let mut t = ResponseTemplate::new(200);
    for (k, v) in &headers.headers {
        if !k.eq_ignore_ascii_case("content-type") {
            t = t.insert_header(k.as_str(), v.as_str());
        }
    }
    let page: Vec<&Value> = events.iter().skip(n - 1).take(1).collect();
    t.set_body_raw(
        serde_json::to_vec(&page).unwrap(),
        "application/json; charset=UTF-8",
    )
}

#[tokio::test]
async fn the_event_index_walks_every_event_in_both_forms() {
    for set in SETS {
        let all: Vec<Value> =
            serde_json::from_slice(&live(set, "p26_events_index_nolimit").body).unwrap();
        assert_eq!(all.len(), 7);

        // POST /events/index with limit and page: pages 1-3 as recorded, 4-7 from p26.
        let server = MockServer::start().await;
        for name in [
            "p22_events_index_limit1_page1",
            "p23_events_index_limit1_page2",
            "p24_events_index_limit1_page3",
        ] {
            mount_page(&server, &live(set, name), 1).await;
        }
        for n in 4..=7 {
            Mock::given(method("POST"))
                .and(path("/events/index"))
                .and(body_partial_json(json!({"page": n, "limit": 1})))
                .respond_with(index_page(set, n))
                .expect(1)
                .mount(&server)
                .await;
        }
        // Page 8 is never asked for: the total is reached.
        mount_page(&server, &live(set, "p27_events_index_limit1_page999"), 0).await;
        let got: Vec<_> = client(&server.uri())
            .paginate(SearchIndex::new().page_size(1))
            .try_collect()
            .await
            .unwrap();
        assert_once(&ids(got.iter().map(|e| e.id)), 7, set);
        server.verify().await;

        // GET /events/index/limit:1/page:N: page 2 as recorded (p25), the others from p26.
        let server = MockServer::start().await;
        let p25 = live(set, "p25_events_index_named_limit1_page2");
        Mock::given(method("GET"))
            .and(path(p25.path.as_str()))
            .respond_with(p25.template())
            .expect(1)
            .mount(&server)
            .await;
        for n in [1, 3, 4, 5, 6, 7] {
            Mock::given(method("GET"))
                .and(path(format!("/events/index/limit:1/page:{n}")))
                .respond_with(index_page(set, n))
                .expect(1)
                .mount(&server)
                .await;
        }
        let got: Vec<_> = client(&server.uri())
            .paginate(ListEventsPage::new(1))
            .try_collect()
            .await
            .unwrap();
        let got = ids(got.iter().map(|e| e.id));
        assert_once(&got, 7, set);
        let expected: Vec<u64> = all
            .iter()
            .map(|e| e["id"].to_string().trim_matches('"').parse().unwrap())
            .collect();
        assert_eq!(got, expected, "{set}: id ascending, as recorded");
        server.verify().await;
    }
}

#[tokio::test]
async fn a_server_that_ignores_page_ends_the_walk_with_an_error_not_a_loop() {
    for set in SETS {
        // Every page answered with the same full page (what sightings/restSearch does).
        let rec = live(set, "p10_attributes_restSearch_limit7_page1");
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .and(path("/attributes/restSearch"))
            .respond_with(rec.template())
            .expect(2)
            .mount(&server)
            .await;
        let query = SearchQuery::new().event_ids(paging_event(set));
        let results: Vec<_> = client(&server.uri())
            .paginate(SearchAttributes::new(query).page_size(7))
            .collect()
            .await;
        assert_eq!(results.len(), 8, "{set}: the 7 items once, then the error");
        assert!(results[..7].iter().all(Result::is_ok));
        let err = results[7].as_ref().unwrap_err().to_string();
        assert!(err.contains("ignores `page`"), "{err}");
        server.verify().await;
    }
}

#[tokio::test]
async fn an_operation_without_a_page_size_is_sent_once() {
    for set in SETS {
        let rec = live(set, "p12_attributes_restSearch_nolimit");
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .and(path("/attributes/restSearch"))
            .respond_with(rec.template())
            .expect(1)
            .mount(&server)
            .await;
        let query = SearchQuery::new().event_ids(paging_event(set));
        let got: Vec<_> = client(&server.uri())
            .paginate(SearchAttributes::new(query))
            .try_collect()
            .await
            .unwrap();
        assert_once(&ids(got.iter().map(|a| a.id)), 7, set);
    }
}
