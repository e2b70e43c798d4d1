//! Galaxies and their clusters.

use crate::model::{Distribution, Organisation, Tag};
use crate::record;

record! {
    /// A galaxy: a family of clusters (threat actors, malware, ATT&CK techniques ...).
    pub struct Galaxy {
        /// Local id.
        "id" => id: Option<u64>,
        /// UUID.
        "uuid" => uuid: Option<uuid::Uuid>,
        /// Name.
        "name" => name: Option<String>,
        /// Type, shared by its clusters.
        "type" => kind: Option<String>,
        /// Description.
        "description" => description: Option<String>,
        /// Version.
        "version" => version: Option<String>,
        /// Icon name.
        "icon" => icon: Option<String>,
        /// Namespace.
        "namespace" => namespace: Option<String>,
        /// Whether the galaxy is enabled.
        "enabled" => enabled: Option<bool>,
        /// Whether its clusters may only be attached locally.
        "local_only" => local_only: Option<bool>,
        /// Whether the galaxy is one of MISP's default galaxies.
        "default" => default: Option<bool>,
        /// Distribution (custom galaxies).
        "distribution" => distribution: Option<Distribution>,
        /// Owning organisation's id.
        "org_id" => org_id: Option<u64>,
        /// Creating organisation's id.
        "orgc_id" => orgc_id: Option<u64>,
        /// The clusters (those attached, or all of them in a galaxy view).
        "GalaxyCluster" => clusters: Vec<GalaxyCluster>,
    }
}

record! {
    /// A galaxy cluster: one threat actor, malware family, technique ...
    ///
    /// An attached cluster's `relationship_type` (text, or `false` for none) is kept among the
    /// unknown keys: `cluster.extra.get_as::<serde_json::Value>("relationship_type")`.
    pub struct GalaxyCluster {
        /// Local id.
        "id" => id: Option<u64>,
        /// UUID.
        "uuid" => uuid: Option<uuid::Uuid>,
        /// UUID of the cluster collection it came from.
        "collection_uuid" => collection_uuid: Option<String>,
        /// Type (the galaxy's).
        "type" => kind: Option<String>,
        /// Value: the cluster's name.
        "value" => value: Option<String>,
        /// The tag that attaches it (`misp-galaxy:TYPE="VALUE"`).
        "tag_name" => tag_name: Option<String>,
        /// Description.
        "description" => description: Option<String>,
        /// The galaxy's id.
        "galaxy_id" => galaxy_id: Option<u64>,
        /// Source.
        "source" => source: Option<String>,
        /// Authors.
        "authors" => authors: Vec<String>,
        /// Version.
        "version" => version: Option<u64>,
        /// Distribution.
        "distribution" => distribution: Option<Distribution>,
        /// Sharing group id (distribution 4).
        "sharing_group_id" => sharing_group_id: Option<u64>,
        /// Owning organisation's id.
        "org_id" => org_id: Option<u64>,
        /// Creating organisation's id.
        "orgc_id" => orgc_id: Option<u64>,
        /// Whether the cluster is one of MISP's defaults.
        "default" => default: Option<bool>,
        /// Whether the cluster is locked.
        "locked" => locked: Option<bool>,
        /// UUID of the cluster it extends.
        "extends_uuid" => extends_uuid: Option<String>,
        /// Version of the cluster it extends.
        "extends_version" => extends_version: Option<u64>,
        /// Whether the cluster is published.
        "published" => published: Option<bool>,
        /// Whether the cluster is deleted.
        "deleted" => deleted: Option<bool>,
        /// The tag's id.
        "tag_id" => tag_id: Option<u64>,
        /// Whether the attachment is local.
        "local" => local: Option<bool>,
        /// Free-form metadata (`synonyms`, `refs`, `country` ...), as the galaxy defines it.
        "meta" => meta: Option<serde_json::Value>,
        /// The galaxy it belongs to.
        "Galaxy" => galaxy: Option<Galaxy>,
        /// Its elements (the meta, as key/value rows).
        "GalaxyElement" => elements: Vec<GalaxyElement>,
        /// Its relations to other clusters.
        "GalaxyClusterRelation" => relations: Vec<GalaxyClusterRelation>,
        /// Owning organisation.
        "Org" => org: Option<Organisation>,
        /// Creating organisation.
        "Orgc" => orgc: Option<Organisation>,
    }
}

record! {
    /// One key/value row of a cluster's metadata.
    pub struct GalaxyElement {
        /// Local id.
        "id" => id: Option<u64>,
        /// The cluster's id.
        "galaxy_cluster_id" => galaxy_cluster_id: Option<u64>,
        /// Key (e.g. `synonyms`).
        "key" => key: Option<String>,
        /// Value.
        "value" => value: Option<String>,
    }
}

record! {
    /// A relation from one cluster to another.
    pub struct GalaxyClusterRelation {
        /// Local id.
        "id" => id: Option<u64>,
        /// The source cluster's id.
        "galaxy_cluster_id" => galaxy_cluster_id: Option<u64>,
        /// The source cluster's UUID.
        "galaxy_cluster_uuid" => galaxy_cluster_uuid: Option<uuid::Uuid>,
        /// The target cluster's id.
        "referenced_galaxy_cluster_id" => referenced_galaxy_cluster_id: Option<u64>,
        /// The target cluster's UUID.
        "referenced_galaxy_cluster_uuid" => referenced_galaxy_cluster_uuid: Option<uuid::Uuid>,
        /// The relation (e.g. `similar`, `uses`).
        "referenced_galaxy_cluster_type" => referenced_galaxy_cluster_type: Option<String>,
        /// Distribution.
        "distribution" => distribution: Option<Distribution>,
        /// Sharing group id (distribution 4).
        "sharing_group_id" => sharing_group_id: Option<u64>,
        /// Whether the relation is a default one.
        "default" => default: Option<bool>,
        /// Tags on the relation.
        "Tag" => tags: Vec<Tag>,
    }
}
