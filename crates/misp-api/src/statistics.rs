//! Statistics: attribute counts per type or category, tag usage, instance-wide statistics.

use std::collections::BTreeMap;

use crate::macros::op;
use crate::records::{Number, TagStatistics};
use crate::wire::PathBuilder as P;

/// How attribute statistics are grouped.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum AttributeStatisticsBy {
    /// Per attribute type.
    #[default]
    Type,
    /// Per category.
    Category,
}

op! {
    /// Counts attributes per type or category, or gives their share in percent
    /// (`GET /attributes/attributeStatistics/{type|category}[/true]`).
    pub struct AttributeStatistics {
        /// The grouping.
        pub by: AttributeStatisticsBy,
        /// Percentages instead of counts.
        pub percentage: bool,
    }
    GET |s| {
        let p = P::new("attributes/attributeStatistics").segment(match s.by {
            AttributeStatisticsBy::Type => "type",
            AttributeStatisticsBy::Category => "category",
        });
        if s.percentage { p.segment("true").build() } else { p.build() }
    } => BTreeMap<String, Number>: json()
}

op! {
    /// Counts tag usage (`GET /tags/tagStatistics/{percentage}/{name_sort}`).
    pub struct TagUsage {
        /// Percentages instead of counts.
        pub percentage: bool,
        /// Sort by name instead of count.
        pub name_sort: bool,
    }
    GET |s| P::new("tags/tagStatistics").segment(s.percentage).segment(s.name_sort).build() => TagStatistics: json()
}

/// Which instance statistics [`UsersStatistics`] fetches.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum StatisticsContext {
    /// Counts of events, attributes, users, organisations ...
    #[default]
    Data,
    /// Organisations.
    Orgs,
    /// Users over time.
    Users,
    /// Tags.
    Tags,
    /// Attribute types over time.
    AttributeHistogram,
    /// Sightings.
    Sightings,
    /// The galaxy matrix.
    GalaxyMatrix,
}

impl StatisticsContext {
    /// The name MISP uses.
    pub fn as_str(self) -> &'static str {
        match self {
            StatisticsContext::Data => "data",
            StatisticsContext::Orgs => "orgs",
            StatisticsContext::Users => "users",
            StatisticsContext::Tags => "tags",
            StatisticsContext::AttributeHistogram => "attributehistogram",
            StatisticsContext::Sightings => "sightings",
            StatisticsContext::GalaxyMatrix => "galaxyMatrix",
        }
    }
}

op! {
    /// Instance-wide statistics (`GET /users/statistics/{context}`); the shape depends on the
    /// context, so the JSON is returned as is.
    pub struct UsersStatistics(
        /// Which statistics.
        pub context: StatisticsContext
    );
    GET |s| P::new("users/statistics").segment(s.context.as_str()).build() => serde_json::Value: json()
}
