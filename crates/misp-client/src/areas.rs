//! Per-area shortcuts over [`Client::send`]: `client.events().get(12)`,
//! `client.attributes().add(event, attribute)`, `client.search().attributes(query)`.
//!
//! The choice: one small handle per MISP area, borrowed from the client, with methods named
//! after MISP's own actions (`get`, `add`, `update`, `publish`, `delete`). Each method is a
//! line or two over a `misp-api` operation, so the client holds no paths; anything without a
//! shortcut runs through [`Client::send`] with the operation itself. Creations that carry a
//! client-side UUID go through [`Client::send_or_find`], so a retried add returns the stored
//! entity rather than a duplicate.

use futures_util::TryStreamExt;
use misp_api::attributes::{AddAttribute, DeleteAttribute, GetAttribute, UpdateAttribute};
use misp_api::events::{AddEvent, DeleteEvent, EventExists, GetEvent, PublishEvent, UpdateEvent};
use misp_api::model::{Attribute, Event, Object, Sighting};
use misp_api::objects::{AddObject, DeleteObject, GetObject};
use misp_api::search::{
    Export, Page, ReturnFormat, Scope, SearchAttributes, SearchEvents, SearchObjects, SearchQuery,
};
use misp_api::sightings::AddSighting;
use misp_api::tags::{AttachTag, RemoveTag};
use misp_api::{Ack, AttributeRef, EventRef, ObjectRef};
use tokio::io::AsyncWrite;

use crate::bulk::BulkResults;
use crate::client::Client;
use crate::error::Error;
use crate::stream::ItemStream;

impl Client {
    /// Events: get, add, update, publish, delete.
    pub fn events(&self) -> Events<'_> {
        Events { client: self }
    }

    /// Attributes: get, add (one or many), update, delete.
    pub fn attributes(&self) -> Attributes<'_> {
        Attributes { client: self }
    }

    /// Objects: get, add, delete.
    pub fn objects(&self) -> Objects<'_> {
        Objects { client: self }
    }

    /// Tags on events, attributes and other entities.
    pub fn tags(&self) -> Tags<'_> {
        Tags { client: self }
    }

    /// Sightings.
    pub fn sightings(&self) -> Sightings<'_> {
        Sightings { client: self }
    }

    /// restSearch: streamed, paged, or exported raw.
    pub fn search(&self) -> Search<'_> {
        Search { client: self }
    }
}

/// Event operations; see [`Client::events`].
#[derive(Clone, Copy, Debug)]
pub struct Events<'c> {
    client: &'c Client,
}

impl Events<'_> {
    /// The event with its attributes, objects, tags and galaxies.
    pub async fn get(&self, event: impl Into<EventRef>) -> Result<Event, Error> {
        self.client.send(&GetEvent::new(event)).await
    }

    /// Whether the event exists.
    pub async fn exists(&self, event: impl Into<EventRef>) -> Result<bool, Error> {
        self.client.send(&EventExists::new(event)).await
    }

    /// Creates an event; with a UUID set, a retried add returns the stored event.
    pub async fn add(&self, event: Event) -> Result<Event, Error> {
        self.client
            .send_or_find(&AddEvent::new(event), GetEvent::new)
            .await
    }

    /// Updates an event.
    pub async fn update(&self, target: impl Into<EventRef>, event: Event) -> Result<Event, Error> {
        self.client.send(&UpdateEvent::new(target, event)).await
    }

    /// Publishes an event (without e-mail alert).
    pub async fn publish(&self, event: impl Into<EventRef>) -> Result<Ack, Error> {
        self.client.send(&PublishEvent::new(event)).await
    }

    /// Deletes an event.
    pub async fn delete(&self, event: impl Into<EventRef>) -> Result<Ack, Error> {
        self.client.send(&DeleteEvent::new(event)).await
    }

    /// Creates many events, at most `concurrency` at a time, with a result per event.
    pub async fn add_many(&self, events: Vec<Event>, concurrency: usize) -> BulkResults<Event> {
        self.client
            .bulk_with(events, concurrency, |client, event| async move {
                client.events().add(event).await
            })
            .await
    }

    /// Fetches many events, at most `concurrency` at a time, with a result per event.
    pub async fn get_many<R: Into<EventRef>>(
        &self,
        events: impl IntoIterator<Item = R>,
        concurrency: usize,
    ) -> BulkResults<Event> {
        self.client
            .bulk(events, concurrency, |e| GetEvent::new(e))
            .await
    }
}

/// Attribute operations; see [`Client::attributes`].
#[derive(Clone, Copy, Debug)]
pub struct Attributes<'c> {
    client: &'c Client,
}

impl Attributes<'_> {
    /// One attribute.
    pub async fn get(&self, attribute: impl Into<AttributeRef>) -> Result<Attribute, Error> {
        self.client.send(&GetAttribute::new(attribute)).await
    }

    /// Adds an attribute to an event; with a UUID set, a retried add returns the stored one.
    pub async fn add(
        &self,
        event: impl Into<EventRef>,
        attribute: Attribute,
    ) -> Result<Attribute, Error> {
        self.client
            .send_or_find(&AddAttribute::new(event, attribute), GetAttribute::new)
            .await
    }

    /// Adds attributes to an event one request each, at most `concurrency` at a time, with a
    /// result per attribute (one refused value does not stop the others).
    pub async fn add_many(
        &self,
        event: impl Into<EventRef>,
        attributes: Vec<Attribute>,
        concurrency: usize,
    ) -> BulkResults<Attribute> {
        let event = event.into();
        self.client
            .bulk_with(attributes, concurrency, |client, attribute| async move {
                client.attributes().add(event, attribute).await
            })
            .await
    }

    /// Updates an attribute.
    pub async fn update(
        &self,
        target: impl Into<AttributeRef>,
        attribute: Attribute,
    ) -> Result<Attribute, Error> {
        self.client
            .send(&UpdateAttribute {
                target: target.into(),
                attribute,
            })
            .await
    }

    /// Deletes an attribute: marks it deleted, or with `hard` removes it for good.
    pub async fn delete(
        &self,
        attribute: impl Into<AttributeRef>,
        hard: bool,
    ) -> Result<Ack, Error> {
        self.client
            .send(&DeleteAttribute {
                attribute: attribute.into(),
                hard,
            })
            .await
    }
}

/// Object operations; see [`Client::objects`].
#[derive(Clone, Copy, Debug)]
pub struct Objects<'c> {
    client: &'c Client,
}

impl Objects<'_> {
    /// One object with its attributes.
    pub async fn get(&self, object: impl Into<ObjectRef>) -> Result<Object, Error> {
        self.client.send(&GetObject::new(object)).await
    }

    /// Adds an object to an event; with a UUID set, a retried add returns the stored one.
    pub async fn add(&self, event: impl Into<EventRef>, object: Object) -> Result<Object, Error> {
        self.client
            .send_or_find(&AddObject::new(event, object), GetObject::new)
            .await
    }

    /// Deletes an object: marks it deleted, or with `hard` removes it for good.
    pub async fn delete(&self, object: impl Into<ObjectRef>, hard: bool) -> Result<Ack, Error> {
        self.client
            .send(&DeleteObject {
                object: object.into(),
                hard,
            })
            .await
    }
}

/// Tagging; see [`Client::tags`].
#[derive(Clone, Copy, Debug)]
pub struct Tags<'c> {
    client: &'c Client,
}

impl Tags<'_> {
    /// Attaches a tag (by name) to the entity with this UUID (event, attribute, ...).
    pub async fn attach(&self, target: uuid::Uuid, tag: &str) -> Result<Ack, Error> {
        self.client.send(&AttachTag::new(target, tag)).await
    }

    /// Removes a tag (by name) from the entity with this UUID.
    pub async fn remove(&self, target: uuid::Uuid, tag: &str) -> Result<Ack, Error> {
        self.client
            .send(&RemoveTag {
                target,
                tag: tag.to_owned(),
            })
            .await
    }
}

/// Sightings; see [`Client::sightings`].
#[derive(Clone, Copy, Debug)]
pub struct Sightings<'c> {
    client: &'c Client,
}

impl Sightings<'_> {
    /// Adds a sighting on one attribute.
    pub async fn add(
        &self,
        attribute: impl Into<AttributeRef>,
        sighting: Sighting,
    ) -> Result<Sighting, Error> {
        self.client
            .send(&AddSighting {
                attribute: Some(attribute.into()),
                sighting,
            })
            .await
    }

    /// Adds many sightings on attributes, at most `concurrency` at a time, with a result each.
    pub async fn add_many<R: Into<AttributeRef>>(
        &self,
        sightings: impl IntoIterator<Item = (R, Sighting)>,
        concurrency: usize,
    ) -> BulkResults<Sighting> {
        self.client
            .bulk(sightings, concurrency, |(attribute, sighting)| {
                AddSighting {
                    attribute: Some(attribute.into()),
                    sighting,
                }
            })
            .await
    }
}

/// restSearch; see [`Client::search`].
///
/// - `attributes(query)` / `events(query)` / `objects(query)` stream the results of one
///   request item by item (the whole result, or the one page the query names);
/// - every page of a search: [`Client::paginate`] with the operation and its page size,
///   `client.paginate(SearchAttributes::new(query).page_size(500))`;
/// - `*_page(query)` decode one page whole, with the server's total;
/// - `export(..)` copies a raw format (CSV, STIX, text ...) to a writer.
#[derive(Clone, Copy, Debug)]
pub struct Search<'c> {
    client: &'c Client,
}

impl Search<'_> {
    /// Streams the attributes `query` matches, decoded one by one as they arrive.
    pub fn attributes(&self, query: SearchQuery) -> ItemStream<Attribute> {
        self.client.stream(SearchAttributes::new(query))
    }

    /// Streams the events `query` matches, decoded one by one as they arrive.
    pub fn events(&self, query: SearchQuery) -> ItemStream<Event> {
        self.client.stream(SearchEvents::new(query))
    }

    /// Streams the objects `query` matches, decoded one by one as they arrive.
    pub fn objects(&self, query: SearchQuery) -> ItemStream<Object> {
        self.client.stream(SearchObjects::new(query))
    }

    /// One page of attributes, decoded whole (with the total when the query has no limit).
    pub async fn attributes_page(&self, query: SearchQuery) -> Result<Page<Attribute>, Error> {
        self.client.send(&SearchAttributes::new(query)).await
    }

    /// One page of events, decoded whole, with the server's total.
    pub async fn events_page(&self, query: SearchQuery) -> Result<Page<Event>, Error> {
        self.client.send(&SearchEvents::new(query)).await
    }

    /// Collects every attribute `query` matches (for small results; prefer the stream).
    pub async fn collect_attributes(&self, query: SearchQuery) -> Result<Vec<Attribute>, Error> {
        self.attributes(query).try_collect().await
    }

    /// Collects every event `query` matches (for small results; prefer the stream).
    pub async fn collect_events(&self, query: SearchQuery) -> Result<Vec<Event>, Error> {
        self.events(query).try_collect().await
    }

    /// Exports what `query` matches in `scope` as `format` to `writer`, as it arrives.
    /// Returns the number of bytes written.
    pub async fn export<W: AsyncWrite + Unpin + ?Sized>(
        &self,
        scope: Scope,
        format: ReturnFormat,
        query: SearchQuery,
        writer: &mut W,
    ) -> Result<u64, Error> {
        self.client
            .export_to(&Export::new(scope, format, query), writer)
            .await
    }
}
