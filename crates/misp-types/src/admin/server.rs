//! Sync servers.

use super::Secret;
use crate::{Organisation, record};

record! {
    /// A sync server: a remote MISP this instance pulls from or pushes to (`servers/index`,
    /// `servers/add`). The remote key, which `servers/add` and `servers/edit` echo back, is a
    /// [`Secret`].
    pub struct Server {
        /// The local id.
        "id" => id: Option<u64>,
        /// The name.
        "name" => name: Option<String>,
        /// The remote instance's root URL (the server strips a trailing slash).
        "url" => url: Option<String>,
        /// The key this instance uses on the remote one.
        "authkey" => authkey: Option<Secret>,
        /// The local organisation that owns the link.
        "org_id" => org_id: Option<u64>,
        /// The remote instance's organisation (its local id here).
        "remote_org_id" => remote_org_id: Option<u64>,
        /// Whether events are pushed to the remote.
        "push" => push: Option<bool>,
        /// Whether events are pulled from the remote.
        "pull" => pull: Option<bool>,
        /// Whether sightings are pushed.
        "push_sightings" => push_sightings: Option<bool>,
        /// Whether galaxy clusters are pushed.
        "push_galaxy_clusters" => push_galaxy_clusters: Option<bool>,
        /// Whether galaxy clusters are pulled.
        "pull_galaxy_clusters" => pull_galaxy_clusters: Option<bool>,
        /// Whether analyst data is pushed.
        "push_analyst_data" => push_analyst_data: Option<bool>,
        /// Whether analyst data is pulled.
        "pull_analyst_data" => pull_analyst_data: Option<bool>,
        /// Whether the remote's cached events are used for correlation.
        "caching_enabled" => caching_enabled: Option<bool>,
        /// Whether pulled events are published without e-mail.
        "publish_without_email" => publish_without_email: Option<bool>,
        /// Whether pulled events are unpublished.
        "unpublish_event" => unpublish_event: Option<bool>,
        /// Whether a self-signed certificate is accepted.
        "self_signed" => self_signed: Option<bool>,
        /// Whether the remote is in the same organisation's network.
        "internal" => internal: Option<bool>,
        /// Whether the proxy is bypassed.
        "skip_proxy" => skip_proxy: Option<bool>,
        /// Whether tags removed remotely are removed here.
        "remove_missing_tags" => remove_missing_tags: Option<bool>,
        /// The pull filter rules (JSON text).
        "pull_rules" => pull_rules: Option<String>,
        /// The push filter rules (JSON text).
        "push_rules" => push_rules: Option<String>,
        /// The order among servers.
        "priority" => priority: Option<u64>,
        /// The last event id pulled.
        "lastpulledid" => lastpulledid: Option<u64>,
        /// The last event id pushed.
        "lastpushedid" => lastpushedid: Option<u64>,
        /// The local organisation (in listings).
        "Organisation" => organisation: Option<Organisation>,
        /// The remote organisation (in listings).
        "RemoteOrg" => remote_org: Option<Organisation>,
    }
}
