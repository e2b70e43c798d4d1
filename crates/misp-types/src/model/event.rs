//! Events.

use crate::model::{
    Analysis, Attribute, Distribution, EventReport, Galaxy, Note, Object, Opinion, Organisation,
    Relationship, ShadowAttribute, SharingGroup, Sighting, Tag, ThreatLevel,
};
use crate::record;
use crate::time::Timestamp;

record! {
    /// An event: the unit of sharing in MISP, holding attributes, objects, tags, galaxies and
    /// reports about one incident, campaign or report.
    ///
    /// ```
    /// use misp_types::Event;
    /// let json = r#"{"info":"Phishing wave","threat_level_id":"2","published":0,"Attribute":[]}"#;
    /// let event: Event = serde_json::from_str(json).unwrap();
    /// assert_eq!(event.threat_level, Some(misp_types::ThreatLevel::Medium));
    /// // Written back in canonical form, in the input's key order:
    /// assert_eq!(
    ///     serde_json::to_string(&event).unwrap(),
    ///     r#"{"info":"Phishing wave","threat_level_id":2,"published":false,"Attribute":[]}"#
    /// );
    /// ```
    pub struct Event {
        /// Local id.
        "id" => id: Option<u64>,
        /// Creating organisation's id.
        "orgc_id" => orgc_id: Option<u64>,
        /// Owning organisation's id.
        "org_id" => org_id: Option<u64>,
        /// The date of the event.
        "date" => date: Option<chrono::NaiveDate>,
        /// Threat level.
        "threat_level_id" => threat_level: Option<ThreatLevel>,
        /// Title.
        "info" => info: Option<String>,
        /// Whether it is published.
        "published" => published: Option<bool>,
        /// UUID.
        "uuid" => uuid: Option<uuid::Uuid>,
        /// Number of attributes (server-side count).
        "attribute_count" => attribute_count: Option<u64>,
        /// Analysis state.
        "analysis" => analysis: Option<Analysis>,
        /// Last modification.
        "timestamp" => timestamp: Option<Timestamp>,
        /// Distribution.
        "distribution" => distribution: Option<Distribution>,
        /// Whether proposals send an email.
        "proposal_email_lock" => proposal_email_lock: Option<bool>,
        /// Whether it is locked against sync edits.
        "locked" => locked: Option<bool>,
        /// When it was last published.
        "publish_timestamp" => publish_timestamp: Option<Timestamp>,
        /// When it was last sighted (restSearch).
        "sighting_timestamp" => sighting_timestamp: Option<Timestamp>,
        /// Sharing group id (distribution 4).
        "sharing_group_id" => sharing_group_id: Option<u64>,
        /// Whether correlation is disabled.
        "disable_correlation" => disable_correlation: Option<bool>,
        /// UUID of the event it extends (empty when none).
        "extends_uuid" => extends_uuid: Option<String>,
        /// Whether it is a protected (signed) event.
        "protected" => protected: Option<bool>,
        /// The creator's email (when the server shows it).
        "event_creator_email" => event_creator_email: Option<String>,
        /// Owning organisation.
        "Org" => org: Option<Organisation>,
        /// Creating organisation.
        "Orgc" => orgc: Option<Organisation>,
        /// Sharing group (distribution 4).
        "SharingGroup" => sharing_group: Option<SharingGroup>,
        /// Attributes outside objects.
        "Attribute" => attributes: Vec<Attribute>,
        /// Proposals on the event.
        "ShadowAttribute" => shadow_attributes: Vec<ShadowAttribute>,
        /// Correlated events.
        "RelatedEvent" => related_events: Vec<RelatedEvent>,
        /// Galaxies whose clusters are attached.
        "Galaxy" => galaxies: Vec<Galaxy>,
        /// Objects.
        "Object" => objects: Vec<Object>,
        /// Event reports.
        "EventReport" => reports: Vec<EventReport>,
        /// Tags.
        "Tag" => tags: Vec<Tag>,
        /// Sightings.
        "Sighting" => sightings: Vec<Sighting>,
        /// Analyst notes.
        "Note" => notes: Vec<Note>,
        /// Analyst opinions.
        "Opinion" => opinions: Vec<Opinion>,
        /// Analyst relationships.
        "Relationship" => relationships: Vec<Relationship>,
    }
}

record! {
    /// An event correlated with this one (`RelatedEvent` entries: `{"Event": {...}}`).
    pub struct RelatedEvent {
        /// The related event's summary (no attributes).
        "Event" => event: Option<Event>,
    }
}
