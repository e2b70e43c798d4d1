//! Galaxies and clusters: list, search, get, update, delete, import and export; clusters: search, get, add, update,
//! publish, fork, delete, attach to events and attributes; cluster relations.

use serde_json::json;

use crate::macros::op;
use crate::model::{Galaxy, GalaxyCluster, GalaxyClusterRelation};
use crate::wire::{Body, PathBuilder as P};
use crate::{Ack, BuildError, IdOrUuid, Idempotency, creation, delete_body};

op! {
    /// Lists the galaxies (`GET /galaxies/index`).
    pub struct ListGalaxies;
    GET |s| "/galaxies/index".into() => Vec<Galaxy>: list("Galaxy")
}

op! {
    /// Searches galaxies by name, namespace, description or UUID (`POST /galaxies`).
    pub struct SearchGalaxies(
        /// The text to look for.
        pub value: String
    );
    POST |s| "/galaxies".into() => Vec<Galaxy>: list("Galaxy");
    body |s| Body::json(&json!({ "value": s.value }));
    idempotency |s| Idempotency::Safe
}

op! {
    /// Fetches a galaxy with its clusters (`GET /galaxies/view/{id}`); the clusters are kept
    /// under the galaxy's `GalaxyCluster` key.
    pub struct GetGalaxy(
        /// The galaxy.
        pub galaxy: IdOrUuid
    );
    GET |s| P::new("galaxies/view").segment(s.galaxy).build() => Galaxy: entity("Galaxy")
}

op! {
    /// Updates the galaxies from the repository shipped with MISP (`POST /galaxies/update`).
    pub struct UpdateGalaxies;
    POST |s| "/galaxies/update".into() => Ack: ack();
    idempotency |s| Idempotency::Safe
}

op! {
    /// Deletes a galaxy with its clusters (`DELETE /galaxies/delete/{id}`).
    pub struct DeleteGalaxy(
        /// The galaxy.
        pub galaxy: IdOrUuid
    );
    DELETE |s| P::new("galaxies/delete").segment(s.galaxy).build() => Ack: ack();
    idempotency |s| Idempotency::Safe
}

op! {
    /// Imports galaxy clusters, creating their galaxies when the clusters carry them
    /// (`POST /galaxies/import`): the list [`ExportGalaxy`] returns in the `misp` format, each
    /// cluster under its `GalaxyCluster` key. The server's message counts the clusters
    /// imported, ignored and failed; a failed import is an error.
    pub struct ImportGalaxyClusters(
        /// The clusters, with their elements and, optionally, their galaxy.
        pub clusters: Vec<GalaxyCluster>
    );
    POST |s| "/galaxies/import".into() => Ack: ack();
    body |s| {
        let wrapped: Vec<_> = s.clusters.iter().map(|c| json!({ "GalaxyCluster": c })).collect();
        Body::json(&wrapped)
    }
}

/// The form [`ExportGalaxy`] writes clusters in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum GalaxyExportFormat {
    /// MISP's own: a list of `{"GalaxyCluster": ...}`, which [`ImportGalaxyClusters`] reads.
    #[default]
    Misp,
    /// The misp-galaxy repository's layout (a galaxy file and a cluster file).
    MispGalaxy,
}

impl GalaxyExportFormat {
    fn as_str(self) -> &'static str {
        match self {
            GalaxyExportFormat::Misp => "misp",
            GalaxyExportFormat::MispGalaxy => "misp-galaxy",
        }
    }
}

op! {
    /// Exports a galaxy's clusters (`POST /galaxies/export/{id}`), chosen by origin (the
    /// clusters shipped with MISP, custom ones, or both) and distribution, as JSON.
    pub struct ExportGalaxy {
        /// The galaxy's numeric id.
        pub galaxy: u64,
        /// Include the clusters shipped with MISP.
        pub default: bool,
        /// Include custom clusters.
        pub custom: bool,
        /// The distribution levels to include (0 to 4; 4 is every sharing group).
        pub distribution: Vec<u8>,
        /// The output form.
        pub format: GalaxyExportFormat,
    }
    POST |s| P::new("galaxies/export").segment(s.galaxy).build() => serde_json::Value: json();
    body |s| Body::json(&json!({ "Galaxy": {
        "default": s.default,
        "custom": s.custom,
        "distribution": s.distribution,
        "format": s.format.as_str(),
        "download": "raw",
    }}));
    idempotency |s| Idempotency::Safe
}

impl ExportGalaxy {
    /// Every cluster of the galaxy (shipped and custom, every distribution), in MISP's form.
    pub fn all(galaxy: u64) -> Self {
        ExportGalaxy {
            galaxy,
            default: true,
            custom: true,
            distribution: vec![0, 1, 2, 3, 4],
            format: GalaxyExportFormat::Misp,
        }
    }
}

/// Which clusters of a galaxy a cluster search looks at.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ClusterContext {
    /// All clusters.
    #[default]
    All,
    /// The clusters shipped with MISP.
    Default,
    /// Custom clusters.
    Custom,
    /// Clusters owned by the user's organisation.
    Org,
    /// Clusters created by the user's organisation.
    Orgc,
    /// Deleted clusters.
    Deleted,
}

impl ClusterContext {
    /// The name MISP uses.
    pub fn as_str(self) -> &'static str {
        match self {
            ClusterContext::All => "all",
            ClusterContext::Default => "default",
            ClusterContext::Custom => "custom",
            ClusterContext::Org => "org",
            ClusterContext::Orgc => "orgc",
            ClusterContext::Deleted => "deleted",
        }
    }
}

op! {
    /// Searches the clusters of a galaxy (`POST /galaxy_clusters/index/{galaxy}`).
    pub struct SearchGalaxyClusters {
        /// The galaxy.
        pub galaxy: IdOrUuid,
        /// Which clusters.
        pub context: ClusterContext,
        /// Text to match in the clusters.
        pub searchall: Option<String>,
    }
    POST |s| P::new("galaxy_clusters/index").segment(s.galaxy).build() => Vec<GalaxyCluster>: list("GalaxyCluster");
    body |s| {
        let mut body = json!({ "context": s.context.as_str() });
        if let Some(text) = &s.searchall
            && let Some(o) = body.as_object_mut() {
            o.insert("searchall".into(), json!(text));
        }
        Body::json(&body)
    };
    idempotency |s| Idempotency::Safe
}

impl SearchGalaxyClusters {
    /// All clusters of `galaxy`.
    pub fn new(galaxy: impl Into<IdOrUuid>) -> Self {
        SearchGalaxyClusters {
            galaxy: galaxy.into(),
            context: ClusterContext::All,
            searchall: None,
        }
    }
}

op! {
    /// Fetches one cluster (`GET /galaxy_clusters/view/{id}`).
    pub struct GetGalaxyCluster(
        /// The cluster.
        pub cluster: IdOrUuid
    );
    GET |s| P::new("galaxy_clusters/view").segment(s.cluster).build() => GalaxyCluster: entity("GalaxyCluster")
}

op! {
    /// Adds a custom cluster to a galaxy (`POST /galaxy_clusters/add/{galaxy}`), sent flat.
    pub struct AddGalaxyCluster {
        /// The galaxy.
        pub galaxy: IdOrUuid,
        /// The cluster (`value`, `description`, `GalaxyElement` ...).
        pub cluster: GalaxyCluster,
    }
    POST |s| P::new("galaxy_clusters/add").segment(s.galaxy).build() => GalaxyCluster: entity("GalaxyCluster");
    body |s| Body::json(&s.cluster);
    idempotency |s| creation(&s.cluster)
}

op! {
    /// Updates a custom cluster (`POST /galaxy_clusters/edit/{id}`).
    pub struct UpdateGalaxyCluster {
        /// The cluster to update.
        pub target: IdOrUuid,
        /// Its new content.
        pub cluster: GalaxyCluster,
    }
    POST |s| P::new("galaxy_clusters/edit").segment(s.target).build() => GalaxyCluster: entity("GalaxyCluster");
    body |s| Body::json(&s.cluster);
    idempotency |s| Idempotency::Safe
}

op! {
    /// Publishes a custom cluster (`POST /galaxy_clusters/publish/{id}`).
    pub struct PublishGalaxyCluster(
        /// The cluster.
        pub cluster: IdOrUuid
    );
    POST |s| P::new("galaxy_clusters/publish").segment(s.cluster).build() => Ack: ack();
    idempotency |s| Idempotency::Safe
}

op! {
    /// Forks a cluster into a new custom one
    /// (`POST /galaxy_clusters/add/{galaxy}/forkUUID:{uuid}`); the body is the new cluster
    /// (set its `extends_uuid`/`extends_version` to the original's).
    pub struct ForkGalaxyCluster {
        /// The galaxy.
        pub galaxy: IdOrUuid,
        /// The UUID of the cluster forked.
        pub source: uuid::Uuid,
        /// The new cluster.
        pub cluster: GalaxyCluster,
    }
    POST |s| P::new("galaxy_clusters/add").segment(s.galaxy).named("forkUUID", s.source).build() => GalaxyCluster: entity("GalaxyCluster");
    body |s| Body::json(&s.cluster)
}

op! {
    /// Deletes a cluster, softly or for good (`POST /galaxy_clusters/delete/{id}`).
    pub struct DeleteGalaxyCluster {
        /// The cluster.
        pub cluster: IdOrUuid,
        /// Delete for good (and blocklist it).
        pub hard: bool,
    }
    POST |s| P::new("galaxy_clusters/delete").segment(s.cluster).build() => Ack: ack();
    body |s| delete_body(s.hard);
    idempotency |s| Idempotency::Safe
}

op! {
    /// Adds a relation between clusters (`POST /galaxy_cluster_relations/add/`), with
    /// `galaxy_cluster_uuid`, `referenced_galaxy_cluster_uuid`, `referenced_galaxy_cluster_type`
    /// and `distribution`. The server answers with HTML-escaped JSON in a `text/html` body,
    /// which is decoded here (PyMISP reports it as an unexpected response).
    pub struct AddGalaxyClusterRelation(
        /// The relation.
        pub relation: GalaxyClusterRelation
    );
    POST |s| "/galaxy_cluster_relations/add/".into() => Ack: escaped_ack();
    body |s| Body::json(&s.relation)
}

op! {
    /// Updates a cluster relation (`POST /galaxy_cluster_relations/edit/{id}`); decoded like
    /// [`AddGalaxyClusterRelation`].
    pub struct UpdateGalaxyClusterRelation {
        /// The relation's id.
        pub target: u64,
        /// Its new content.
        pub relation: GalaxyClusterRelation,
    }
    POST |s| P::new("galaxy_cluster_relations/edit").segment(s.target).build() => Ack: escaped_ack();
    body |s| Body::json(&s.relation);
    idempotency |s| Idempotency::Safe
}

op! {
    /// Deletes a cluster relation (`POST /galaxy_cluster_relations/delete/{id}`).
    pub struct DeleteGalaxyClusterRelation(
        /// The relation's id.
        pub relation: u64
    );
    POST |s| P::new("galaxy_cluster_relations/delete").segment(s.relation).build() => Ack: ack();
    idempotency |s| Idempotency::Safe
}

/// What a cluster is attached to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ClusterTarget {
    /// An event, by numeric id.
    Event(u64),
    /// An attribute, by numeric id.
    Attribute(u64),
    /// A tag collection, by numeric id.
    TagCollection(u64),
}

/// Attaches a cluster to an event, attribute or tag collection
/// (`POST /galaxies/attachCluster/{target}/{event|attribute|tag_collection}/local:{0|1}`).
/// The server needs the cluster's numeric id (a UUID answers 404 "Invalid Galaxy cluster"),
/// so a UUID is refused when the request is built.
#[derive(Clone, Debug, PartialEq)]
pub struct AttachGalaxyCluster {
    /// The entity.
    pub target: ClusterTarget,
    /// The cluster's numeric id.
    pub cluster: IdOrUuid,
    /// Attach as a local (not synchronised) tag.
    pub local: bool,
}

impl AttachGalaxyCluster {
    /// Attaches `cluster` to `target`, globally.
    pub fn new(target: ClusterTarget, cluster: impl Into<IdOrUuid>) -> Self {
        AttachGalaxyCluster {
            target,
            cluster: cluster.into(),
            local: false,
        }
    }
}

impl crate::wire::Operation for AttachGalaxyCluster {
    type Output = Ack;
    fn method(&self) -> http::Method {
        http::Method::POST
    }
    fn path(&self) -> String {
        let (id, kind) = match self.target {
            ClusterTarget::Event(id) => (id, "event"),
            ClusterTarget::Attribute(id) => (id, "attribute"),
            ClusterTarget::TagCollection(id) => (id, "tag_collection"),
        };
        P::new("galaxies/attachCluster")
            .segment(id)
            .segment(kind)
            .named("local", u8::from(self.local))
            .build()
    }
    fn body(&self) -> Result<Body, BuildError> {
        let cluster = self.cluster.require_id("cluster")?;
        Body::json(&json!({ "Galaxy": { "target_id": cluster } }))
    }
    fn decode_reply(&self, reply: crate::wire::Reply) -> Result<Ack, crate::ApiError> {
        reply.ack()
    }
    fn idempotency_class(&self) -> Idempotency {
        Idempotency::Safe
    }
}
