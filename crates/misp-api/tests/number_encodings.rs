//! The same calls recorded against a server that answers numbers as JSON numbers
//! (`fixtures/api/native`) and one that answers them as strings (`fixtures/api/stringified`)
//! decode to the same typed records.
//!
//! The two recordings come from two runs of the same script against one server, the second after
//! the first. So what the server assigns (ids, UUIDs, timestamps) differs between them, and so
//! does what depends on everything the server holds (correlations, index and search results,
//! usage counts): single entities are compared whole, outside assigned keys; lists are compared
//! on the items of the event each run created (the second run also sees the first run's event,
//! in its later state), matched by a natural key. Everything else, typed fields and
//! unknown keys alike, must be equal once decoded and written back.

mod common;

use common::load;
use misp_api::Endpoint;
use misp_api::attributes::{AddAttribute, AddAttributes, GetAttribute, UpdateAttribute};
use misp_api::events::{AddEvent, GetEvent, ListEvents, UpdateEvent};
use misp_api::galaxies::{GetGalaxy, ListGalaxies};
use misp_api::objects::{AddObject, GetObject};
use misp_api::search::{SearchAttributes, SearchEvents, SearchIndex, SearchQuery, SearchSightings};
use misp_api::sightings::{AddSighting, ListSightings, SightingContext};
use misp_api::tags::{AddTag, GetTag, ListTags};
use misp_api::taxonomies::ListTaxonomies;
use misp_api::warninglists::ListWarninglists;
use misp_types::compare::differences;
use misp_types::{Attribute, Event, Object, Sighting, Tag};
use serde::Serialize;
use std::collections::HashMap;

/// Keys whose values the server assigns on each run, or derives from the other data it holds:
/// they legitimately differ between the two recordings. Any other difference fails the test.
const ASSIGNED: &[&str] = &[
    "id",
    "uuid",
    "timestamp",
    "event_id",
    "object_id",
    "attribute_id",
    "event_uuid",
    "object_uuid",
    "attribute_uuid",
    "referenced_id",
    "referenced_uuid",
    "date_sighting",
    "publish_timestamp",
    "sighting_timestamp",
    "tag_id",
    "RelatedEvent",
    "RelatedAttribute",
];

/// Decodes the named call from both recordings with `op`.
fn both<E: Endpoint>(op: &E, name: &str) -> (E::Output, E::Output)
where
    E::Output: std::fmt::Debug,
{
    let decode = |set: &str| {
        op.decode(load(set, name).response)
            .unwrap_or_else(|e| panic!("{set}/{name} does not decode: {e}"))
    };
    (decode("native"), decode("stringified"))
}

/// The differences between the two decoded outputs, written back in canonical form, outside
/// the keys the server assigns.
fn unexpected_differences<T: Serialize>(
    native: &T,
    stringified: &T,
    also_ignored: &[&str],
) -> Vec<String> {
    let left = serde_json::to_value(native).expect("the output serialises");
    let right = serde_json::to_value(stringified).expect("the output serialises");
    differences(&left, &right)
        .into_iter()
        .filter(|d| {
            let last = d.path.rsplit('.').next().unwrap_or_default();
            let key = last.split('[').next().unwrap_or_default();
            !ASSIGNED.contains(&key) && !also_ignored.contains(&key)
        })
        .map(|d| d.to_string())
        .collect()
}

fn assert_same<T: Serialize>(name: &str, native: &T, stringified: &T) {
    assert_same_except(name, native, stringified, &[]);
}

/// Like [`assert_same`], also ignoring `also_ignored` keys (counts that depend on server state).
fn assert_same_except<T: Serialize>(
    name: &str,
    native: &T,
    stringified: &T,
    also_ignored: &[&str],
) {
    let found = unexpected_differences(native, stringified, also_ignored);
    assert!(
        found.is_empty(),
        "{name}: native and stringified decode differently:\n{}",
        found.join("\n")
    );
}

/// The id of the event the run that recorded `set` created (and viewed in `19_events_view`).
fn run_event(set: &str) -> u64 {
    let path = load(set, "19_events_view").path;
    path.rsplit('/')
        .next()
        .unwrap()
        .parse()
        .expect("an event id")
}

/// The items of each recording that belong to the event its run created.
fn own<'a, T>(
    native: &'a [T],
    stringified: &'a [T],
    event_id: impl Fn(&T) -> Option<u64>,
) -> (Vec<&'a T>, Vec<&'a T>) {
    let keep = |items: &'a [T], set: &str| {
        let id = run_event(set);
        items
            .iter()
            .filter(|item| event_id(item) == Some(id))
            .collect::<Vec<_>>()
    };
    (keep(native, "native"), keep(stringified, "stringified"))
}

/// The items of two lists that have the same natural key (unique in each list); at least one.
fn matched<'a, T: 'a, K: Eq + std::hash::Hash>(
    name: &str,
    native: impl IntoIterator<Item = &'a T>,
    stringified: impl IntoIterator<Item = &'a T>,
    key: impl Fn(&T) -> K,
) -> Vec<(&'a T, &'a T)> {
    let index = |items: &mut dyn Iterator<Item = &'a T>| {
        let mut map: HashMap<K, Option<&'a T>> = HashMap::new();
        for item in items {
            map.entry(key(item))
                .and_modify(|slot| *slot = None)
                .or_insert(Some(item));
        }
        map
    };
    let right = index(&mut stringified.into_iter());
    let pairs: Vec<_> = index(&mut native.into_iter())
        .into_iter()
        .filter_map(|(k, n)| Some((n?, (*right.get(&k)?)?)))
        .collect();
    assert!(!pairs.is_empty(), "{name}: no item is in both recordings");
    pairs
}

/// The typed fields of an attribute that must not depend on the server's number encoding.
fn attribute_fields(a: &Attribute) -> impl PartialEq + std::fmt::Debug + '_ {
    (
        &a.value,
        &a.kind,
        &a.category,
        a.distribution,
        a.to_ids,
        a.deleted,
        a.disable_correlation,
        &a.comment,
        &a.object_relation,
        &a.first_seen,
        a.tags.iter().map(|t| &t.name).collect::<Vec<_>>(),
    )
}

fn assert_attributes(name: &str, native: &[Attribute], stringified: &[Attribute]) {
    assert!(!native.is_empty(), "{name}: no attributes decoded");
    assert_eq!(native.len(), stringified.len(), "{name}");
    for (n, s) in native.iter().zip(stringified) {
        assert!(n.kind.is_some() && n.value.is_some(), "{name}: {n:?}");
        assert_eq!(attribute_fields(n), attribute_fields(s), "{name}");
        assert!(
            n.id.is_some() && s.id.is_some(),
            "{name}: ids read from both encodings"
        );
    }
}

fn assert_event(name: &str, n: &Event, s: &Event) {
    assert_eq!(
        (
            &n.info,
            n.distribution,
            n.threat_level,
            n.analysis,
            n.published,
            &n.date
        ),
        (
            &s.info,
            s.distribution,
            s.threat_level,
            s.analysis,
            s.published,
            &s.date
        ),
        "{name}"
    );
    assert!(
        n.info.is_some() && n.distribution.is_some(),
        "{name}: {n:?}"
    );
    assert_eq!(
        n.orgc.as_ref().map(|o| &o.name),
        s.orgc.as_ref().map(|o| &o.name)
    );
    assert_eq!(
        n.tags
            .iter()
            .map(|t| (&t.name, t.local))
            .collect::<Vec<_>>(),
        s.tags
            .iter()
            .map(|t| (&t.name, t.local))
            .collect::<Vec<_>>(),
        "{name}"
    );
    if !n.attributes.is_empty() {
        assert_attributes(name, &n.attributes, &s.attributes);
    }
    assert_eq!(n.objects.len(), s.objects.len(), "{name}");
    for (no, so) in n.objects.iter().zip(&s.objects) {
        assert_object(name, no, so);
    }
    assert_same(name, n, s);
}

fn assert_object(name: &str, n: &Object, s: &Object) {
    assert_eq!(
        (
            &n.name,
            &n.meta_category,
            n.distribution,
            n.template_version
        ),
        (
            &s.name,
            &s.meta_category,
            s.distribution,
            s.template_version
        ),
        "{name}"
    );
    assert!(n.name.is_some(), "{name}");
    assert_attributes(name, &n.attributes, &s.attributes);
    assert_same(name, n, s);
}

fn assert_sightings(name: &str, n: &[Sighting], s: &[Sighting]) {
    assert!(!n.is_empty(), "{name}: no sightings decoded");
    assert_eq!(n.len(), s.len(), "{name}");
    for (n, s) in n.iter().zip(s) {
        assert_eq!((n.kind, &n.source), (s.kind, &s.source), "{name}");
        assert!(n.attribute_id.is_some(), "{name}: {n:?}");
    }
    assert_same(name, &n.to_vec(), &s.to_vec());
}

fn assert_tags(name: &str, n: &[Tag], s: &[Tag]) {
    assert_tags_except(name, n, s, &[]);
}

fn assert_tags_except(name: &str, n: &[Tag], s: &[Tag], also_ignored: &[&str]) {
    assert!(!n.is_empty(), "{name}: no tags decoded");
    assert_eq!(n.len(), s.len(), "{name}");
    for (n, s) in n.iter().zip(s) {
        assert_eq!(
            (&n.name, &n.colour, n.exportable, n.hide_tag, n.is_galaxy),
            (&s.name, &s.colour, s.exportable, s.hide_tag, s.is_galaxy),
            "{name}"
        );
        assert!(n.exportable.is_some(), "{name}: {n:?}");
    }
    assert_same_except(name, &n.to_vec(), &s.to_vec(), also_ignored);
}

#[test]
fn events_decode_alike() {
    for name in ["18_events_add", "19_events_view", "20_events_view_by_uuid"] {
        let (n, s) = both(&GetEvent::new(1), name);
        assert_event(name, &n, &s);
        assert!(!n.attributes.is_empty(), "{name}: the event has attributes");
    }
    let (n, s) = both(&AddEvent::new(Event::default()), "18_events_add");
    assert_event("18_events_add", &n, &s);
    let update = UpdateEvent {
        target: 1.into(),
        event: Event::default(),
        metadata: false,
    };
    let (n, s) = both(&update, "23_events_edit");
    assert_event("23_events_edit", &n, &s);
    for name in ["40_events_restSearch_json", "41_events_restSearch_tags"] {
        let (n, s) = both(&SearchEvents::new(SearchQuery::new()), name);
        let (n, s) = own(&n.items, &s.items, |e| e.id);
        for (n, s) in matched(name, n, s, |e| e.info.clone()) {
            assert_event(name, n, s);
        }
    }
}

#[test]
fn event_indexes_decode_alike() {
    let name = "21_events_index";
    let (n, s) = both(&ListEvents, name);
    let (n, s) = own(&n, &s, |e| e.id);
    for (n, s) in matched(name, n, s, |e| e.info.clone()) {
        assert_eq!(
            (n.distribution, n.threat_level, n.analysis, n.published),
            (s.distribution, s.threat_level, s.analysis, s.published),
            "{name}"
        );
        assert!(n.distribution.is_some() && n.published.is_some(), "{name}");
        assert_same(name, n, s);
    }
    let name = "73_events_index_minimal";
    let (n, s) = both(&SearchIndex::new(), name);
    let (n, s) = own(&n.items, &s.items, |e| e.id);
    for (n, s) in matched(name, n, s, |e| e.info.clone()) {
        assert_same(name, n, s);
    }
}

#[test]
fn attributes_decode_alike() {
    let (n, s) = both(
        &AddAttribute::new(1, Attribute::default()),
        "24_attributes_add",
    );
    assert_attributes(
        "24_attributes_add",
        std::slice::from_ref(&n),
        std::slice::from_ref(&s),
    );
    assert_same("24_attributes_add", &n, &s);
    let (n, s) = both(&GetAttribute::new(4), "28_attributes_view");
    assert_attributes(
        "28_attributes_view",
        std::slice::from_ref(&n),
        std::slice::from_ref(&s),
    );
    assert_same("28_attributes_view", &n, &s);
    let update = UpdateAttribute {
        target: 4.into(),
        attribute: Attribute::default(),
    };
    let (n, s) = both(&update, "29_attributes_edit");
    assert_attributes(
        "29_attributes_edit",
        std::slice::from_ref(&n),
        std::slice::from_ref(&s),
    );
    assert_same("29_attributes_edit", &n, &s);

    let (n, s) = both(
        &AddAttributes::new(1, vec![Attribute::default()]),
        "25_attributes_add_multiple",
    );
    assert_attributes("25_attributes_add_multiple", &n.attributes, &s.attributes);
    assert_eq!(n.errors, s.errors);
    assert_same("25_attributes_add_multiple", &n.attributes, &s.attributes);

    for name in [
        "43_attributes_restSearch_json",
        "46_attributes_restSearch_paginated",
        "71_attributes_restSearch_json_value_wildcard",
    ] {
        let (n, s) = both(&SearchAttributes::new(SearchQuery::new()), name);
        let key = |a: &Attribute| (a.kind.clone(), a.value.clone(), a.comment.clone());
        let (n, s) = own(&n.items, &s.items, |a| a.event_id);
        for (n, s) in matched(name, n, s, key) {
            assert_attributes(name, std::slice::from_ref(n), std::slice::from_ref(s));
            assert_same(name, n, s);
        }
    }
}

#[test]
fn objects_decode_alike() {
    let add = AddObject {
        event: 1.into(),
        object: Object::default(),
        break_on_duplicate: false,
    };
    let (n, s) = both(&add, "33_objects_add");
    assert_object("33_objects_add", &n, &s);
    let (n, s) = both(&GetObject::new(1), "34_objects_view");
    assert_object("34_objects_view", &n, &s);
}

#[test]
fn sightings_decode_alike() {
    for name in ["36_sightings_add_by_value", "37_sightings_add_by_attribute"] {
        let add = AddSighting {
            attribute: None,
            sighting: Sighting::default(),
        };
        let (n, s) = both(&add, name);
        assert_sightings(name, &[n], &[s]);
    }
    let (n, s) = both(
        &ListSightings::new(SightingContext::Event(1)),
        "38_sightings_index_event",
    );
    assert_sightings("38_sightings_index_event", &n, &s);
    // The second run searched with the first run's event id, which the server refused.
    let name = "39_sightings_restSearch_event";
    let native = SearchSightings::new()
        .decode(load("native", name).response)
        .expect("the native answer decodes");
    assert!(
        native
            .iter()
            .all(|s| s.kind.is_some() && s.attribute_id.is_some())
    );
    assert!(!native.is_empty());
    let refused = SearchSightings::new().decode(load("stringified", name).response);
    assert!(refused.is_err(), "{refused:?}");
}

#[test]
fn tags_decode_alike() {
    let (n, s) = both(&AddTag::new(Tag::named("x")), "08_tags_add");
    assert_tags("08_tags_add", &[n], &[s]);
    let (n, s) = both(&GetTag::new(75u64), "12_tags_view");
    assert_tags("12_tags_view", &[n], &[s]);
    let list = ListTags {
        search: None,
        favourites_only: false,
    };
    let name = "10_tags_index";
    let (n, s) = both(&list, name);
    let (n, s): (Vec<Tag>, Vec<Tag>) = matched(name, &n, &s, |t| t.name.clone())
        .into_iter()
        .map(|(n, s)| (n.clone(), s.clone()))
        .unzip();
    // Usage counts depend on what the server holds.
    assert_tags_except(name, &n, &s, &["count", "attribute_count", "favourite"]);
}

#[test]
fn galaxies_taxonomies_and_warninglists_decode_alike() {
    let (n, s) = both(&ListGalaxies, "15_galaxies_index");
    assert!(!n.is_empty());
    assert_eq!(
        n.iter()
            .map(|g| (&g.name, &g.kind, g.enabled))
            .collect::<Vec<_>>(),
        s.iter()
            .map(|g| (&g.name, &g.kind, g.enabled))
            .collect::<Vec<_>>()
    );
    assert_same("15_galaxies_index", &n, &s);

    let (n, s) = both(&GetGalaxy::new(1), "72_galaxies_view");
    assert!(!n.clusters.is_empty(), "the galaxy view lists clusters");
    assert_eq!(
        n.clusters
            .iter()
            .map(|c| (&c.value, c.distribution, c.default))
            .collect::<Vec<_>>(),
        s.clusters
            .iter()
            .map(|c| (&c.value, c.distribution, c.default))
            .collect::<Vec<_>>()
    );
    assert_same("72_galaxies_view", &n, &s);

    let (n, s) = both(&ListTaxonomies, "13_taxonomies_index");
    assert!(!n.is_empty());
    assert_eq!(
        n.iter()
            .map(|t| (&t.namespace, t.version, t.enabled, t.total_count))
            .collect::<Vec<_>>(),
        s.iter()
            .map(|t| (&t.namespace, t.version, t.enabled, t.total_count))
            .collect::<Vec<_>>()
    );
    assert!(n.iter().all(|t| t.version.is_some() && t.enabled.is_some()));
    // How many of a taxonomy's tags exist depends on what the server holds.
    assert_same_except("13_taxonomies_index", &n, &s, &["current_count"]);

    let (n, s) = both(&ListWarninglists, "14_warninglists_index");
    assert!(!n.is_empty());
    assert_eq!(
        n.iter()
            .map(|w| (
                &w.name,
                w.version,
                w.enabled,
                w.warninglist_entry_count,
                w.valid_attribute_types()
            ))
            .collect::<Vec<_>>(),
        s.iter()
            .map(|w| (
                &w.name,
                w.version,
                w.enabled,
                w.warninglist_entry_count,
                w.valid_attribute_types()
            ))
            .collect::<Vec<_>>()
    );
    assert!(n.iter().any(|w| !w.valid_attribute_types().is_empty()));
    assert_same("14_warninglists_index", &n, &s);
}
