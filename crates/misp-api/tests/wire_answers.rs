//! What the recorded answers mean, decided here once: conflicts, refusals, redirects, the stop
//! rule of each paginated endpoint, keys kept out of errors.

mod common;

use bytes::Bytes;
use misp_api::attributes::{AddAttribute, RestoreAttribute};
use misp_api::events::{AddEvent, DeleteEvent, Deleted, GetEvent, ListEventsPage, PublishEvent};
use misp_api::model::Event;
use misp_api::search::{SearchAttributes, SearchEvents, SearchIndex, SearchObjects, SearchQuery};
use misp_api::{ApiError, Endpoint, PageSeen, Paged};
use serde_json::{Value, json};

fn recorded(dir: &str, set: &str, name: &str) -> http::Response<Bytes> {
    let path = common::fixtures_dir()
        .join(dir)
        .join(set)
        .join(format!("{name}.json"));
    let record: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let response = &record["response"];
    let mut builder = http::Response::builder().status(response["status"].as_u64().unwrap() as u16);
    for (k, v) in response["headers"].as_object().unwrap() {
        builder = builder.header(k.as_str(), v.as_str().unwrap());
    }
    let body = if response["body_is_json"] == json!(true) {
        serde_json::to_vec(&response["body"]).unwrap()
    } else {
        response["body"].as_str().unwrap_or("").as_bytes().to_vec()
    };
    builder.body(Bytes::from(body)).unwrap()
}

fn live(set: &str, name: &str) -> http::Response<Bytes> {
    recorded("../live", set, name)
}

fn event() -> Event {
    serde_json::from_value(json!({"info": "dup", "uuid": "35ec5522-10de-43c8-a274-d1d5dfb955e5"}))
        .unwrap()
}

#[test]
fn adding_an_existing_uuid_is_a_conflict_with_the_stored_id() {
    let response = recorded("pymisp", "", "069_events_add_event_duplicate_uuid");
    let e = AddEvent::new(event()).decode(response).unwrap_err();
    assert!(e.is_conflict(), "{e}");
    assert!(!e.is_not_found());
    assert_eq!(e.existing_id(), Some("10"));
    assert_eq!(e.status(), 404);
    assert!(e.to_string().contains("already exists"), "{e}");
}

#[test]
fn a_repeated_attribute_is_a_duplicate_and_an_invalid_one_is_not() {
    let attribute = || -> misp_api::model::Attribute {
        serde_json::from_value(json!({"type": "ip-dst", "value": "203.0.113.7"})).unwrap()
    };
    let repeated = recorded("pymisp", "", "080_attributes_add_attribute_duplicate");
    let e = AddAttribute::new(10, attribute())
        .decode(repeated)
        .unwrap_err();
    assert!(e.is_validation() && e.is_duplicate(), "{e}");
    let invalid = recorded("pymisp", "", "083_attributes_add_attribute_invalid_type");
    let e = AddAttribute::new(10, attribute())
        .decode(invalid)
        .unwrap_err();
    assert!(e.is_validation() && !e.is_duplicate(), "{e}");
}

#[test]
fn refusals_for_lack_of_rights_are_permission_errors() {
    for set in ["native", "stringified"] {
        for name in [
            "e01_user_admin_users_index",
            "e03_user_events_publish_invisible_event",
            "e04_user_events_publish_visible_event",
            "z05_events_delete_again",
        ] {
            let e = PublishEvent::new(1).decode(live(set, name)).unwrap_err();
            assert!(e.is_permission(), "{set}/{name}: {e}");
        }
    }
    for name in [
        "381_events_delete_event_again",
        "382_events_delete_event_unknown",
    ] {
        let response = recorded("pymisp", "", name);
        let e = DeleteEvent::new(1).decode(response).unwrap_err();
        assert!(e.is_permission(), "{name}: {e}");
        assert!(e.message().starts_with("Could not delete Event"), "{e}");
    }
    // A refusal of the data stays a validation error.
    let response = recorded("pymisp", "", "068_events_add_event_no_info");
    assert!(
        AddEvent::new(event())
            .decode(response)
            .unwrap_err()
            .is_validation()
    );
}

#[test]
fn a_redirect_on_success_is_an_ack_and_a_redirect_elsewhere_says_where() {
    let response = recorded("pymisp", "", "095_attributes_restore_attribute");
    let ack = RestoreAttribute::new(73).decode(response).unwrap();
    assert_eq!(
        ack.redirect.as_deref(),
        Some("http://127.0.0.1:8080/attributes/view/73")
    );

    let moved = http::Response::builder()
        .status(301)
        .header("Location", "https://misp.example.org/events/view/1")
        .body(Bytes::new())
        .unwrap();
    let e = GetEvent::new(1).decode(moved).unwrap_err();
    assert_eq!(e.status(), 301);
    assert!(
        e.message()
            .contains("https://misp.example.org/events/view/1"),
        "{e}"
    );
    assert!(e.message().contains("https rather than http"), "{e}");

    for set in ["native", "stringified"] {
        let e = GetEvent::new(1)
            .decode(live(set, "e07_badkey_events_index_no_accept"))
            .unwrap_err();
        assert!(e.is_auth(), "{e}");
    }
}

#[test]
fn rate_limits_and_server_faults_are_typed_with_the_server_message() {
    let limited = http::Response::builder()
        .status(429)
        .header("Retry-After", "7")
        .body(Bytes::from_static(br#"{"message":"Rate limit exceeded."}"#))
        .unwrap();
    match GetEvent::new(1).decode(limited).unwrap_err() {
        ApiError::RateLimited {
            retry_after,
            message,
            ..
        } => {
            assert_eq!(retry_after, Some(7));
            assert_eq!(message, "Rate limit exceeded.");
        }
        other => panic!("{other}"),
    }
    let down = http::Response::builder()
        .status(503)
        .body(Bytes::from_static(
            br#"{"name":"Maintenance","message":"Down for maintenance"}"#,
        ))
        .unwrap();
    let e = GetEvent::new(1).decode(down).unwrap_err();
    assert!(e.is_server_error(), "{e}");
    assert_eq!(e.message(), "Down for maintenance");
}

#[test]
fn deleted_only_asks_for_deleted_only() {
    let body = |d| -> Value {
        let request = GetEvent::new(1).deleted(d).request().unwrap();
        serde_json::from_slice(request.body()).unwrap()
    };
    // events/view: 0 live only, 1 live and deleted, anything else deleted only.
    assert_eq!(body(Deleted::Only), json!({"deleted": 2}));
    assert_eq!(body(Deleted::Both), json!({"deleted": 1}));
}

#[test]
fn a_key_echoed_by_the_server_never_reaches_the_error() {
    let key = "Xq7Lm2Rt9vWz8bNc3dFg6hJk1sYa5eUi0oPq2rTy";
    assert_eq!(key.len(), 40);
    let echo = format!(
        "<html><body><h1>500</h1><pre>Authorization: {key}\nAccept: application/json</pre></body></html>"
    );
    let response = http::Response::builder()
        .status(500)
        .header("Content-Type", "text/html")
        .body(Bytes::from(echo))
        .unwrap();
    let e = GetEvent::new(1).decode(response).unwrap_err();
    assert!(e.is_server_error());
    let shown = format!("{e} {e:?}");
    assert!(!shown.contains(key), "{shown}");
    assert!(shown.contains("<redacted key>"), "{shown}");
    // The executor removes the exact key it sent, whatever its shape.
    let short = http::Response::builder()
        .status(500)
        .body(Bytes::from_static(br#"{"message":"bad header: test-key"}"#))
        .unwrap();
    let e = GetEvent::new(1)
        .decode(short)
        .unwrap_err()
        .redacted("test-key");
    assert_eq!(e.message(), "bad header: <redacted key>");
}

fn seen<'a>(
    headers: &'a http::HeaderMap,
    page: u32,
    limit: u32,
    items: u64,
    seen: u64,
) -> PageSeen<'a> {
    PageSeen {
        page,
        limit,
        items,
        seen,
        headers,
    }
}

/// Walks the recorded pages with an operation's own stop rule; returns the ids seen and the
/// pages read.
fn walk<P: Paged>(
    op: &P,
    set: &str,
    pages: &[&str],
    key: &[&str],
    id: &str,
) -> (Vec<String>, usize) {
    let mut ids = Vec::new();
    let limit = op.requested_page_size().unwrap();
    for (i, name) in pages.iter().enumerate() {
        let response = live(set, name);
        let headers = response.headers().clone();
        let body: Value = serde_json::from_slice(response.body()).unwrap();
        let mut items = &body;
        for k in key {
            items = &items[*k];
        }
        let items = items.as_array().cloned().unwrap_or_default();
        for item in &items {
            let item = if id == "Event.id" {
                &item["Event"]["id"]
            } else {
                &item["id"]
            };
            ids.push(item.to_string().trim_matches('"').to_owned());
        }
        let page = seen(
            &headers,
            i as u32 + 1,
            limit,
            items.len() as u64,
            ids.len() as u64,
        );
        if !op.more_after(&page) {
            return (ids, i + 1);
        }
    }
    panic!("the walk over {pages:?} did not stop");
}

#[test]
fn each_paginated_endpoint_stops_by_its_own_rule() {
    for set in ["native", "stringified"] {
        // attributes, limit 3 over 7: the header says 4, 4, 1; the short third page is the last.
        let attrs = SearchAttributes::new(SearchQuery::new().event_ids(37)).page_size(3);
        let pages = [
            "p06_attributes_restSearch_limit3_page1",
            "p07_attributes_restSearch_limit3_page2",
            "p08_attributes_restSearch_limit3_page3",
        ];
        let (ids, read) = walk(&attrs, set, &pages, &["response", "Attribute"], "id");
        assert_eq!((ids.len(), read), (7, 3), "{set}");
        // limit 7: one full page (header 8), then the empty page past the end (header 1).
        let attrs = attrs.clone().page_size(7);
        let pages = [
            "p10_attributes_restSearch_limit7_page1",
            "p11_attributes_restSearch_limit7_page2",
        ];
        let (ids, read) = walk(&attrs, set, &pages, &["response", "Attribute"], "id");
        assert_eq!((ids.len(), read), (7, 2), "{set}");
        // events, limit 1 over 2: the header's total stops the walk without an empty page.
        let events = SearchEvents::new(SearchQuery::new().event_info("[rec]%")).page_size(1);
        let pages = [
            "p14_events_restSearch_limit1_page1",
            "p15_events_restSearch_limit1_page2",
            "p16_events_restSearch_limit1_page3",
        ];
        let (ids, read) = walk(&events, set, &pages, &["response"], "Event.id");
        assert_eq!((ids.len(), read), (2, 2), "{set}");
        // the index: a total of 7 on every page.
        let index = SearchIndex::new().page_size(1);
        let h = live(set, "p22_events_index_limit1_page1").headers().clone();
        assert!(index.more_after(&seen(&h, 1, 1, 1, 1)));
        assert!(!index.more_after(&seen(&h, 7, 1, 1, 7)));
        let h = live(set, "p27_events_index_limit1_page999")
            .headers()
            .clone();
        assert!(!index.more_after(&seen(&h, 999, 1, 0, 7)));
        assert!(!ListEventsPage::new(1).more_after(&seen(&h, 8, 1, 0, 7)));
        // objects: a full page may be followed by another, a short one is the last.
        let objects = SearchObjects::new(SearchQuery::new().event_ids(37)).page_size(2);
        let none = http::HeaderMap::new();
        assert!(objects.more_after(&seen(&none, 1, 2, 2, 2)));
        assert!(!objects.more_after(&seen(&none, 2, 2, 1, 3)));
    }
}

#[test]
fn pages_decode_whole_at_the_same_place_a_stream_reads() {
    for set in ["native", "stringified"] {
        let attrs = SearchAttributes::new(SearchQuery::new().event_ids(37)).page_size(3);
        let page = attrs
            .decode(live(set, "p06_attributes_restSearch_limit3_page1"))
            .unwrap();
        assert_eq!(page.items.len(), 3);
        // With a limit the header is not a total (4 here, of 7): it is not reported as one.
        assert_eq!(page.total, None);
        let empty = attrs
            .decode(live(set, "p09_attributes_restSearch_limit3_page4"))
            .unwrap();
        assert!(empty.items.is_empty());
        let all = SearchAttributes::new(SearchQuery::new().event_ids(37))
            .decode(live(set, "p12_attributes_restSearch_nolimit"))
            .unwrap();
        assert_eq!((all.items.len(), all.total), (7, Some(7)));

        let events = SearchEvents::new(SearchQuery::new().event_info("[rec]%")).page_size(1);
        let page = events
            .decode(live(set, "p14_events_restSearch_limit1_page1"))
            .unwrap();
        assert_eq!((page.items.len(), page.total), (1, Some(2)));
        let past = events
            .decode(live(set, "p16_events_restSearch_limit1_page3"))
            .unwrap();
        assert!(past.items.is_empty());

        let named = ListEventsPage::new(1).page(2);
        assert_eq!(
            named.request().unwrap().uri(),
            "/events/index/limit:1/page:2"
        );
        let page = named
            .decode(live(set, "p25_events_index_named_limit1_page2"))
            .unwrap();
        assert_eq!((page.items.len(), page.total), (1, Some(7)));
        let index = SearchIndex::new().page_size(1).page(1);
        let page = index
            .decode(live(set, "p22_events_index_limit1_page1"))
            .unwrap();
        assert_eq!((page.items.len(), page.total), (1, Some(7)));
    }
}

#[test]
fn a_list_is_read_from_its_named_place_only() {
    let reply = |body: &'static str| {
        misp_api::wire::Reply::new(
            misp_api::RequestContext::new(http::Method::GET, "/tags/index"),
            http::Response::new(Bytes::from_static(body.as_bytes())),
        )
    };
    // Two arrays beside each other: `response`, then the key, then its plural, whatever the
    // order of the keys in the body (a map's order used to decide).
    for body in [
        r#"{"Others": [{"id": 9}], "response": [{"Tag": {"id": 1}}]}"#,
        r#"{"response": [{"Tag": {"id": 1}}], "Others": [{"id": 9}]}"#,
    ] {
        let tags: Vec<Value> = reply(body).list("Tag").unwrap();
        assert_eq!(tags, [json!({"id": 1})], "{body}");
    }
    let tags: Vec<Value> = reply(r#"{"Extra": [1], "Tags": [{"id": 2}]}"#)
        .list("Tag")
        .unwrap();
    assert_eq!(tags, [json!({"id": 2})]);
    // An array under any other name is not taken for the list.
    let e = reply(r#"{"Others": [{"id": 9}]}"#)
        .list::<Value>("Tag")
        .unwrap_err();
    assert!(e.is_decode(), "{e}");
    assert!(e.message().contains("`response`, `Tag` or `Tags`"), "{e}");
}

#[test]
fn keys_beside_the_wrapper_are_merged_exactly_and_in_order() {
    use misp_api::wire::decode_item;
    // The entity's own keys first, in their order, then the siblings; numbers as written.
    let item = br#"{"Galaxy": {"name": "g", "id": "3", "f": 1.50}, "GalaxyCluster": [{"v": 12345678901234567890123}], "name": "beside"}"#;
    let merged: Box<serde_json::value::RawValue> =
        decode_item(item, Some("Galaxy"), "response[0]").unwrap();
    assert_eq!(
        merged.get(),
        r#"{"name":"g","id":"3","f":1.50,"GalaxyCluster":[{"v": 12345678901234567890123}]}"#
    );
    // A typed record reads the merged keys as its own, its unknown ones kept.
    let galaxy: misp_api::model::Galaxy = decode_item(item, Some("Galaxy"), "response[0]").unwrap();
    assert_eq!(galaxy.name.as_deref(), Some("g"));
    // A mismatch names its place in the answer; a key the entity gives twice is refused.
    let e = decode_item::<misp_api::model::Galaxy>(
        br#"{"Galaxy": {"id": []}, "x": 1}"#,
        Some("Galaxy"),
        "response[0]",
    )
    .unwrap_err();
    assert!(e.starts_with("at `response[0].Galaxy.id`"), "{e}");
    let e = decode_item::<Value>(
        br#"{"Galaxy": {"id": 1, "id": 2}, "x": 1}"#,
        Some("Galaxy"),
        "response[0]",
    )
    .unwrap_err();
    assert!(e.contains("twice"), "{e}");
}
