//! Builders for the smaller records: galaxy clusters, sightings, event reports, analyst data.

use crate::validate::Problems;
use crate::{
    DateTime, Distribution, EventReport, Galaxy, GalaxyCluster, Note, Opinion, Sighting,
    SightingType, Tag, Timestamp,
};

/// Builds a [`GalaxyCluster`] to attach to an event or attribute.
///
/// MISP attaches a cluster through its tag, `misp-galaxy:<type>="<value>"`; attaching adds both
/// the cluster (under a [`Galaxy`] of its type) and that tag.
///
/// ```
/// use misp_types::builder::{EventBuilder, GalaxyClusterBuilder};
/// let event = EventBuilder::new("APT activity")
///     .galaxy_cluster(GalaxyClusterBuilder::new("threat-actor", "Sofacy"))
///     .build_unchecked();
/// assert_eq!(event.tags[0].name.as_deref(), Some("misp-galaxy:threat-actor=\"Sofacy\""));
/// assert_eq!(event.galaxies[0].clusters[0].value.as_deref(), Some("Sofacy"));
/// ```
#[derive(Debug, Clone)]
#[must_use]
pub struct GalaxyClusterBuilder {
    cluster: GalaxyCluster,
}

impl GalaxyClusterBuilder {
    /// A cluster of the galaxy type `galaxy_type` (e.g. `threat-actor`, `mitre-attack-pattern`)
    /// named `value`.
    pub fn new(galaxy_type: impl Into<String>, value: impl Into<String>) -> Self {
        let galaxy_type = galaxy_type.into();
        let value = value.into();
        GalaxyClusterBuilder {
            cluster: GalaxyCluster {
                uuid: Some(uuid::Uuid::new_v4()),
                tag_name: Some(format!("misp-galaxy:{galaxy_type}=\"{value}\"")),
                kind: Some(galaxy_type),
                value: Some(value),
                ..GalaxyCluster::default()
            },
        }
    }

    /// Uses the cluster's published UUID (from the galaxy's cluster list).
    pub fn with_uuid(mut self, uuid: uuid::Uuid) -> Self {
        self.cluster.uuid = Some(uuid);
        self
    }

    /// Sets the description.
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.cluster.description = Some(description.into());
        self
    }

    /// The cluster.
    pub fn build(self) -> GalaxyCluster {
        self.cluster
    }
}

pub(crate) fn attach_cluster(
    galaxies: &mut Vec<Galaxy>,
    tags: &mut Vec<Tag>,
    cluster: GalaxyClusterBuilder,
) {
    let cluster = cluster.build();
    if let Some(tag_name) = &cluster.tag_name
        && !tags.iter().any(|t| t.name.as_ref() == Some(tag_name))
    {
        tags.push(Tag::named(tag_name.clone()));
    }
    let kind = cluster.kind.clone();
    match galaxies.iter_mut().find(|g| g.kind == kind) {
        Some(galaxy) => galaxy.clusters.push(cluster),
        None => galaxies.push(Galaxy {
            name: kind.clone(),
            kind,
            clusters: vec![cluster],
            ..Galaxy::default()
        }),
    }
}

/// Builds a [`Sighting`] of an attribute: seen (type 0), a false positive (1) or an
/// expiration (2).
///
/// ```
/// use misp_types::builder::{AttributeBuilder, SightingBuilder};
/// let a = AttributeBuilder::new("ip-dst", "203.0.113.7")
///     .sighting(SightingBuilder::new().source("honeypot-3"))
///     .build_unchecked();
/// assert_eq!(a.sightings[0].attribute_uuid, a.uuid);
/// assert_eq!(a.sightings[0].kind, Some(misp_types::SightingType::Sighting));
/// ```
#[derive(Debug, Clone)]
#[must_use]
pub struct SightingBuilder {
    sighting: Sighting,
}

impl Default for SightingBuilder {
    fn default() -> Self {
        Self::new()
    }
}

impl SightingBuilder {
    /// A sighting (type 0), dated now.
    pub fn new() -> Self {
        SightingBuilder {
            sighting: Sighting {
                uuid: Some(uuid::Uuid::new_v4()),
                kind: Some(SightingType::Sighting),
                date_sighting: Some(Timestamp::now()),
                ..Sighting::default()
            },
        }
    }

    /// Makes it a false-positive report (type 1).
    pub fn false_positive(mut self) -> Self {
        self.sighting.kind = Some(SightingType::FalsePositive);
        self
    }

    /// Makes it an expiration (type 2).
    pub fn expiration(mut self) -> Self {
        self.sighting.kind = Some(SightingType::Expiration);
        self
    }

    /// Sets the source (sensor, feed, tool ...).
    pub fn source(mut self, source: impl Into<String>) -> Self {
        self.sighting.source = Some(source.into());
        self
    }

    /// Sets when it was seen.
    pub fn date(mut self, at: Timestamp) -> Self {
        self.sighting.date_sighting = Some(at);
        self
    }

    /// The sighting.
    pub fn build(self) -> Sighting {
        self.sighting
    }
}

/// Builds an [`EventReport`]: a named Markdown document inside an event.
///
/// ```
/// use misp_types::builder::EventReportBuilder;
/// let r = EventReportBuilder::new("Summary", "# What happened\n...").build()?;
/// assert_eq!(r.name.as_deref(), Some("Summary"));
/// # Ok::<(), misp_types::validate::Problems>(())
/// ```
#[derive(Debug, Clone)]
#[must_use]
pub struct EventReportBuilder {
    report: EventReport,
}

impl EventReportBuilder {
    /// A report named `name` with Markdown `content`.
    pub fn new(name: impl Into<String>, content: impl Into<String>) -> Self {
        EventReportBuilder {
            report: EventReport {
                uuid: Some(uuid::Uuid::new_v4()),
                name: Some(name.into()),
                content: Some(content.into()),
                ..EventReport::default()
            },
        }
    }

    /// Sets the distribution.
    pub fn distribution(mut self, distribution: Distribution) -> Self {
        self.report.distribution = Some(distribution);
        self
    }

    /// Shares with the sharing group `id` (distribution 4).
    pub fn sharing_group(mut self, id: u64) -> Self {
        self.report.distribution = Some(Distribution::SharingGroup);
        self.report.sharing_group_id = Some(id);
        self
    }

    /// The report, if [`EventReport::validate`] finds no error.
    pub fn build(self) -> Result<EventReport, Problems> {
        let mut report = self.report;
        report.timestamp.get_or_insert_with(Timestamp::now);
        report.validate().into_result().map(|_| report)
    }
}

impl From<EventReportBuilder> for EventReport {
    fn from(builder: EventReportBuilder) -> EventReport {
        builder.report
    }
}

/// Builds an analyst [`Note`] about an event, attribute, object or report; the builder of the
/// thing it is about sets `object_uuid` and `object_type`.
///
/// ```
/// use misp_types::builder::{EventBuilder, NoteBuilder};
/// let e = EventBuilder::new("x").note(NoteBuilder::new("Likely a test").language("en")).build_unchecked();
/// assert_eq!(e.notes[0].object_uuid, e.uuid);
/// assert_eq!(e.notes[0].object_type.as_deref(), Some("Event"));
/// ```
#[derive(Debug, Clone)]
#[must_use]
pub struct NoteBuilder {
    note: Note,
}

impl NoteBuilder {
    /// A note with the text `note`, created now.
    pub fn new(note: impl Into<String>) -> Self {
        let now = DateTime::now();
        NoteBuilder {
            note: Note {
                uuid: Some(uuid::Uuid::new_v4()),
                note: Some(note.into()),
                created: Some(now),
                modified: Some(now),
                ..Note::default()
            },
        }
    }

    /// Sets the language (e.g. `en`).
    pub fn language(mut self, language: impl Into<String>) -> Self {
        self.note.language = Some(language.into());
        self
    }

    /// Sets the authors.
    pub fn authors(mut self, authors: impl Into<String>) -> Self {
        self.note.authors = Some(authors.into());
        self
    }

    /// Sets the distribution.
    pub fn distribution(mut self, distribution: Distribution) -> Self {
        self.note.distribution = Some(distribution);
        self
    }

    /// The note, about the entity `uuid` of type `object_type` (`Event`, `Attribute`, ...).
    pub fn about(mut self, uuid: uuid::Uuid, object_type: &str) -> Note {
        self.note.object_uuid = Some(uuid);
        self.note.object_type = Some(object_type.to_owned());
        self.note
    }
}

/// Builds an analyst [`Opinion`]: a score from 0 (disagree) to 100 (agree) with a comment.
#[derive(Debug, Clone)]
#[must_use]
pub struct OpinionBuilder {
    opinion: Opinion,
}

impl OpinionBuilder {
    /// An opinion scored `opinion` (0 to 100) with a comment.
    pub fn new(opinion: u8, comment: impl Into<String>) -> Self {
        let now = DateTime::now();
        OpinionBuilder {
            opinion: Opinion {
                uuid: Some(uuid::Uuid::new_v4()),
                opinion: Some(u64::from(opinion)),
                comment: Some(comment.into()),
                created: Some(now),
                modified: Some(now),
                ..Opinion::default()
            },
        }
    }

    /// Sets the authors.
    pub fn authors(mut self, authors: impl Into<String>) -> Self {
        self.opinion.authors = Some(authors.into());
        self
    }

    /// The opinion, about the entity `uuid` of type `object_type`.
    pub fn about(mut self, uuid: uuid::Uuid, object_type: &str) -> Opinion {
        self.opinion.object_uuid = Some(uuid);
        self.opinion.object_type = Some(object_type.to_owned());
        self.opinion
    }
}
