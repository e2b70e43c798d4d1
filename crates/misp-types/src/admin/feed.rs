//! Feeds.

use crate::record;

record! {
    /// A feed: a source of events or indicators the instance fetches (`feeds/index`,
    /// `feeds/add`).
    pub struct Feed {
        /// The local id.
        "id" => id: Option<u64>,
        /// The name.
        "name" => name: Option<String>,
        /// Who publishes it.
        "provider" => provider: Option<String>,
        /// Where it is fetched from (a URL, or a path for `input_source` `local`).
        "url" => url: Option<String>,
        /// `misp`, `freetext` or `csv`.
        "source_format" => source_format: Option<String>,
        /// `network` or `local`.
        "input_source" => input_source: Option<String>,
        /// Whether it is fetched.
        "enabled" => enabled: Option<bool>,
        /// Whether it is cached for correlation.
        "caching_enabled" => caching_enabled: Option<bool>,
        /// Whether it ships with MISP.
        "default" => default: Option<bool>,
        /// The distribution of the events it creates.
        "distribution" => distribution: Option<u64>,
        /// The sharing group of the events it creates.
        "sharing_group_id" => sharing_group_id: Option<u64>,
        /// The tag put on the events it creates.
        "tag_id" => tag_id: Option<u64>,
        /// Whether freetext/CSV feeds go into one fixed event.
        "fixed_event" => fixed_event: Option<bool>,
        /// Whether only the differences are merged into the fixed event.
        "delta_merge" => delta_merge: Option<bool>,
        /// The fixed event's id.
        "event_id" => event_id: Option<u64>,
        /// Whether the events it creates are published.
        "publish" => publish: Option<bool>,
        /// Whether the IDS flag is cleared.
        "override_ids" => override_ids: Option<bool>,
        /// Whether the IDS flag is set.
        "force_to_ids" => force_to_ids: Option<bool>,
        /// Whether a local file is deleted after it is read.
        "delete_local_file" => delete_local_file: Option<bool>,
        /// Whether correlations with it are shown to every user.
        "lookup_visible" => lookup_visible: Option<bool>,
        /// The filter rules (JSON text).
        "rules" => rules: Option<String>,
        /// The CSV or freetext settings (JSON text).
        "settings" => settings: Option<String>,
        /// Extra HTTP headers sent when fetching.
        "headers" => headers: Option<String>,
        /// The creator organisation of the events it creates.
        "orgc_id" => orgc_id: Option<u64>,
    }
}
