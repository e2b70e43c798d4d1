//! The feed form of an event.

use crate::attachment::md5_hex;
use crate::feed::FeedError;
use crate::{
    Analysis, Attribute, Event, EventReport, Galaxy, GalaxyCluster, Object, ObjectReference,
    Organisation, Tag, ThreatLevel, Timestamp,
};

/// Options for [`to_feed_event`] and the feed writers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct FeedOptions {
    /// Keep `distribution` on the event, attributes, objects and reports (MISP feeds usually
    /// leave it out: the subscribing server decides).
    pub with_distribution: bool,
    /// Keep tags marked `local` (they are meant to stay on one server, so off by default).
    pub with_local_tags: bool,
    /// Leave event reports out.
    pub without_event_reports: bool,
}

impl FeedOptions {
    /// Keep `distribution` fields.
    pub fn with_distribution(mut self) -> Self {
        self.with_distribution = true;
        self
    }

    /// Keep local tags.
    pub fn with_local_tags(mut self) -> Self {
        self.with_local_tags = true;
        self
    }

    /// Leave event reports out.
    pub fn without_event_reports(mut self) -> Self {
        self.without_event_reports = true;
        self
    }
}

/// The event in feed form: what a MISP feed's `<uuid>.json` holds (inside `{"Event": ...}`).
///
/// Kept: the event's uuid, info, date, threat level, analysis, published flag, timestamps,
/// `extends_uuid`, `protected`, the creator organisation as name and uuid, exportable tags,
/// attributes, objects with their references, event reports and galaxies. Removed: local ids
/// (`id`, `event_id`, `object_id`, `org_id`, `orgc_id`, `sharing_group_id` ...), `Org`,
/// sightings, proposals, related events, analyst data, unknown keys, tags with
/// `exportable: false` and (unless asked) local tags. Filled in when missing, as feeds need
/// them: `timestamp` (now), `date` (from the timestamp), `analysis` (completed), `threat_level_id`
/// (undefined), `published` (true).
///
/// Fails when the event has no uuid, info line or creator organisation.
///
/// ```
/// use misp_types::builder::EventBuilder;
/// use misp_types::feed::{to_feed_event, FeedOptions};
/// let mut event = EventBuilder::new("x")
///     .orgc("ACME", uuid::Uuid::new_v4())
///     .local_tag("workflow:todo")
///     .tag("tlp:green")
///     .build_unchecked();
/// event.id = Some(42);
/// let feed = to_feed_event(&event, &FeedOptions::default())?;
/// assert_eq!(feed.id, None);
/// assert_eq!(feed.tags.len(), 1);
/// # Ok::<(), misp_types::feed::FeedError>(())
/// ```
pub fn to_feed_event(event: &Event, options: &FeedOptions) -> Result<Event, FeedError> {
    let label = event
        .uuid
        .map(|u| u.to_string())
        .or_else(|| event.info.clone())
        .unwrap_or_else(|| "(no uuid)".to_owned());
    let missing = |field, hint| FeedError::MissingField {
        event: label.clone(),
        field,
        hint,
    };
    let uuid = event
        .uuid
        .ok_or_else(|| missing("uuid", "feed files are named by it"))?;
    if event.info.as_deref().is_none_or(|i| i.trim().is_empty()) {
        return Err(missing("info", "give the event an info line"));
    }
    let orgc = event
        .orgc
        .as_ref()
        .filter(|o| o.name.is_some() || o.uuid.is_some())
        .ok_or_else(|| missing("Orgc", "set the creator organisation's name and uuid"))?;
    let timestamp = event.timestamp.unwrap_or_else(Timestamp::now);
    Ok(Event {
        uuid: Some(uuid),
        info: event.info.clone(),
        date: event
            .date
            .or_else(|| timestamp.to_datetime().map(|t| t.date_naive())),
        threat_level: Some(event.threat_level.unwrap_or(ThreatLevel::Undefined)),
        analysis: Some(event.analysis.unwrap_or(Analysis::Completed)),
        published: Some(event.published.unwrap_or(true)),
        timestamp: Some(timestamp),
        publish_timestamp: event.publish_timestamp,
        extends_uuid: event.extends_uuid.clone().filter(|u| !u.is_empty()),
        protected: event.protected,
        distribution: event.distribution.filter(|_| options.with_distribution),
        orgc: Some(Organisation {
            name: orgc.name.clone(),
            uuid: orgc.uuid.clone(),
            ..Organisation::default()
        }),
        tags: feed_tags(&event.tags, options),
        attributes: event
            .attributes
            .iter()
            .map(|a| feed_attribute(a, options))
            .collect(),
        objects: event
            .objects
            .iter()
            .map(|o| feed_object(o, options))
            .collect(),
        reports: if options.without_event_reports {
            Vec::new()
        } else {
            event
                .reports
                .iter()
                .map(|r| feed_report(r, options))
                .collect()
        },
        galaxies: event.galaxies.iter().map(feed_galaxy).collect(),
        ..Event::default()
    })
}

fn feed_tags(tags: &[Tag], options: &FeedOptions) -> Vec<Tag> {
    tags.iter()
        .filter(|t| t.exportable != Some(false))
        .filter(|t| options.with_local_tags || t.local != Some(true))
        .map(|t| Tag {
            name: t.name.clone(),
            colour: t.colour.clone(),
            relationship_type: t.relationship_type.clone(),
            local: t.local,
            ..Tag::default()
        })
        .collect()
}

fn feed_attribute(a: &Attribute, options: &FeedOptions) -> Attribute {
    Attribute {
        uuid: a.uuid,
        object_relation: a.object_relation.clone(),
        category: a.category.clone(),
        kind: a.kind.clone(),
        value: a.value.clone(),
        to_ids: a.to_ids,
        timestamp: a.timestamp,
        distribution: a.distribution.filter(|_| options.with_distribution),
        comment: a.comment.clone(),
        deleted: a.deleted,
        disable_correlation: a.disable_correlation,
        first_seen: a.first_seen,
        last_seen: a.last_seen,
        data: a.data.clone(),
        tags: feed_tags(&a.tags, options),
        galaxies: a.galaxies.iter().map(feed_galaxy).collect(),
        ..Attribute::default()
    }
}

fn feed_object(o: &Object, options: &FeedOptions) -> Object {
    Object {
        name: o.name.clone(),
        meta_category: o.meta_category.clone(),
        description: o.description.clone(),
        template_uuid: o.template_uuid,
        template_version: o.template_version,
        uuid: o.uuid,
        timestamp: o.timestamp,
        distribution: o.distribution.filter(|_| options.with_distribution),
        comment: o.comment.clone(),
        deleted: o.deleted,
        first_seen: o.first_seen,
        last_seen: o.last_seen,
        attributes: o
            .attributes
            .iter()
            .map(|a| feed_attribute(a, options))
            .collect(),
        references: o
            .references
            .iter()
            .map(|r| ObjectReference {
                uuid: r.uuid,
                timestamp: r.timestamp,
                object_uuid: r.object_uuid.or(o.uuid),
                referenced_uuid: r.referenced_uuid,
                relationship_type: r.relationship_type.clone(),
                comment: r.comment.clone(),
                deleted: r.deleted,
                ..ObjectReference::default()
            })
            .collect(),
        ..Object::default()
    }
}

fn feed_report(r: &EventReport, options: &FeedOptions) -> EventReport {
    EventReport {
        uuid: r.uuid,
        name: r.name.clone(),
        content: r.content.clone(),
        timestamp: r.timestamp,
        deleted: r.deleted,
        distribution: r.distribution.filter(|_| options.with_distribution),
        ..EventReport::default()
    }
}

fn feed_galaxy(g: &Galaxy) -> Galaxy {
    Galaxy {
        uuid: g.uuid,
        name: g.name.clone(),
        kind: g.kind.clone(),
        description: g.description.clone(),
        version: g.version.clone(),
        icon: g.icon.clone(),
        namespace: g.namespace.clone(),
        clusters: g.clusters.iter().map(feed_cluster).collect(),
        ..Galaxy::default()
    }
}

fn feed_cluster(c: &GalaxyCluster) -> GalaxyCluster {
    GalaxyCluster {
        uuid: c.uuid,
        collection_uuid: c.collection_uuid.clone(),
        kind: c.kind.clone(),
        value: c.value.clone(),
        tag_name: c.tag_name.clone(),
        description: c.description.clone(),
        source: c.source.clone(),
        authors: c.authors.clone(),
        version: c.version,
        meta: c.meta.clone(),
        ..GalaxyCluster::default()
    }
}

/// The `hashes.csv` hashes of an event: the MD5 of every attribute value (in objects too),
/// composite values (`a|b`, and `filename|md5` malware samples) hashed part by part.
///
/// ```
/// use misp_types::builder::EventBuilder;
/// let e = EventBuilder::new("x").add_attribute("domain|ip", "a.example|192.0.2.1").build_unchecked();
/// assert_eq!(misp_types::feed::feed_hashes(&e).len(), 2);
/// ```
pub fn feed_hashes(event: &Event) -> Vec<String> {
    let object_attributes = event.objects.iter().flat_map(|o| o.attributes.iter());
    let mut out = Vec::new();
    for attribute in event.attributes.iter().chain(object_attributes) {
        let Some(value) = &attribute.value else {
            continue;
        };
        let split = attribute
            .kind
            .as_ref()
            .is_some_and(|k| k.is_composite() || k.as_str() == "malware-sample");
        if split {
            out.extend(value.split('|').map(|part| md5_hex(part.as_bytes())));
        } else {
            out.push(md5_hex(value.as_bytes()));
        }
    }
    out
}
