//! The restSearch query: every parameter of the server's whitelist, typed where it matters,
//! checked against the scope when the request is built.

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

use super::{Filter, ReturnFormat, Scope, Time, TimeFilter};
use crate::BuildError;

/// The parameters `/events/restSearch` accepts (the server drops any other silently).
const EVENTS: &[&str] = &[
    "returnFormat",
    "value",
    "type",
    "category",
    "org",
    "tags",
    "searchall",
    "from",
    "to",
    "last",
    "eventid",
    "withAttachments",
    "metadata",
    "uuid",
    "publish_timestamp",
    "timestamp",
    "event_timestamp",
    "event_tags",
    "published",
    "enforceWarninglist",
    "sgReferenceOnly",
    "limit",
    "page",
    "requested_attributes",
    "includeContext",
    "headerless",
    "includeWarninglistHits",
    "attackGalaxy",
    "to_ids",
    "deleted",
    "excludeLocalTags",
    "date",
    "includeSightingdb",
    "tag",
    "object_relation",
    "threat_level_id",
    "eventinfo",
    "sharinggroup",
    "idList",
    "includeAllTags",
    "includeAttachments",
    "event_uuid",
    "distribution",
    "sharing_group_id",
    "disableSiteAdmin",
    "flatten",
    "blockedAttributeTags",
    "eventsExtendingUuid",
    "extended",
    "extensionList",
    "excludeGalaxy",
    "includeAnalystData",
    "includeRelatedTags",
    "includeDecayScore",
    "includeScoresOnEvent",
    "includeFeedCorrelations",
    "includeServerCorrelations",
    "noEventReports",
    "noShadowAttributes",
    "order",
    "protected",
    "includeGranularCorrelations",
    "policy",
    "walled_garden",
    "ns",
    "email",
    "serial",
    "refresh",
    "retry",
    "expiry",
    "minimum_ttl",
    "ttl",
    "org.sector",
    "org.local",
    "org.nationality",
];

/// The parameters `/attributes/restSearch` accepts.
const ATTRIBUTES: &[&str] = &[
    "returnFormat",
    "value",
    "value1",
    "value2",
    "type",
    "category",
    "org",
    "tags",
    "from",
    "to",
    "last",
    "eventid",
    "withAttachments",
    "uuid",
    "publish_timestamp",
    "published",
    "timestamp",
    "enforceWarninglist",
    "to_ids",
    "deleted",
    "includeEventUuid",
    "event_timestamp",
    "threat_level_id",
    "includeEventTags",
    "includeProposals",
    "limit",
    "page",
    "requested_attributes",
    "includeContext",
    "headerless",
    "includeWarninglistHits",
    "attackGalaxy",
    "object_relation",
    "includeSightings",
    "includeCorrelations",
    "includeDecayScore",
    "decayingModel",
    "excludeDecayed",
    "modelOverrides",
    "includeFullModel",
    "score",
    "attribute_timestamp",
    "first_seen",
    "last_seen",
    "eventinfo",
    "sharinggroup",
    "allow_proposal_blocking",
    "flatten",
    "list",
    "event_ids",
    "includeAllTags",
    "includeAttributeUuid",
    "includeGalaxy",
    "order",
    "policy",
    "walled_garden",
    "ns",
    "email",
    "serial",
    "refresh",
    "retry",
    "expiry",
    "minimum_ttl",
    "ttl",
];

/// The parameters `/objects/restSearch` accepts.
const OBJECTS: &[&str] = &[
    "returnFormat",
    "value",
    "type",
    "category",
    "org",
    "tags",
    "first_seen",
    "last_seen",
    "from",
    "to",
    "last",
    "eventid",
    "withAttachments",
    "uuid",
    "publish_timestamp",
    "published",
    "timestamp",
    "enforceWarninglist",
    "to_ids",
    "deleted",
    "includeEventUuid",
    "event_timestamp",
    "threat_level_id",
    "includeEventTags",
    "includeProposals",
    "limit",
    "page",
    "requested_attributes",
    "includeContext",
    "headerless",
    "includeWarninglistHits",
    "attackGalaxy",
    "object_relation",
    "metadata",
    "includeAllTags",
    "object_name",
    "object_template_uuid",
    "object_template_version",
];

/// The server's whitelist for `scope`.
pub fn accepted_parameters(scope: Scope) -> &'static [&'static str] {
    match scope {
        Scope::Events => EVENTS,
        Scope::Attributes => ATTRIBUTES,
        Scope::Objects => OBJECTS,
    }
}

fn accepted(scope: Scope, key: &str) -> bool {
    accepted_parameters(scope).contains(&key)
        || (scope == Scope::Events && key.starts_with("galaxy."))
}

/// Which soft-deleted entries a search returns.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DeletedFilter {
    /// Only live ones (the server's default).
    Live,
    /// Only soft-deleted ones.
    Deleted,
    /// Both.
    Both,
}

/// A restSearch query, built by chaining; it is checked against the scope and the return
/// format when an operation builds its request, because the server silently ignores what it
/// does not know.
///
/// ```
/// use misp_api::search::{Filter, SearchAttributes, SearchQuery, Time, TimeFilter};
/// use misp_api::Endpoint;
///
/// let query = SearchQuery::new()
///     .value("8.8.8.8")
///     .types(["ip-dst", "ip-src"])
///     .tags(Filter::any(["tlp:white"]).not("tlp:red"))
///     .timestamp(TimeFilter::between(Time::days(14), Time::days(7)))
///     .to_ids(true)
///     .limit(10)
///     .page(2);
/// let request = SearchAttributes::new(query.clone()).request().unwrap();
/// assert_eq!(request.uri(), "/attributes/restSearch");
///
/// // `searchall` exists for events only: refused for attributes.
/// let error = SearchAttributes::new(query.searchall("apt")).request().unwrap_err();
/// assert!(error.to_string().contains("searchall"));
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SearchQuery {
    filters: BTreeMap<&'static str, Filter>,
    times: BTreeMap<&'static str, TimeFilter>,
    dates: BTreeMap<&'static str, Time>,
    flags: BTreeMap<&'static str, bool>,
    published: Option<bool>,
    to_ids: Option<bool>,
    deleted: Option<DeletedFilter>,
    searchall: Option<String>,
    requested_attributes: Vec<String>,
    order: Option<String>,
    limit: Option<u32>,
    page: Option<u32>,
    extra: Map<String, Value>,
}

macro_rules! filter_setters {
    ($($(#[$m:meta])* $name:ident => $key:literal;)*) => {
        $(
            $(#[$m])*
            pub fn $name(mut self, filter: impl Into<Filter>) -> Self {
                self.filters.insert($key, filter.into());
                self
            }
        )*
    };
}

macro_rules! time_setters {
    ($($(#[$m:meta])* $name:ident => $key:literal;)*) => {
        $(
            $(#[$m])*
            pub fn $name(mut self, time: impl Into<TimeFilter>) -> Self {
                self.times.insert($key, time.into());
                self
            }
        )*
    };
}

macro_rules! flag_setters {
    ($($(#[$m:meta])* $name:ident => $key:literal;)*) => {
        $(
            $(#[$m])*
            pub fn $name(mut self, on: bool) -> Self {
                self.flags.insert($key, on);
                self
            }
        )*
    };
}

impl SearchQuery {
    /// An empty query (give it at least one filter, or a `limit`).
    pub fn new() -> Self {
        SearchQuery::default()
    }

    filter_setters! {
        /// Attribute values (`value`); `%` wildcards.
        value => "value";
        /// Attribute types (`type`).
        types => "type";
        /// Categories (`category`).
        categories => "category";
        /// Organisations by id, name or UUID (`org`).
        orgs => "org";
        /// Tags on the event or the attribute (`tags`); the only filter with AND.
        tags => "tags";
        /// Tags on the event only (`event_tags`, events).
        event_tags => "event_tags";
        /// Events by id or UUID (`eventid`).
        event_ids => "eventid";
        /// Entities by UUID (`uuid`).
        uuids => "uuid";
        /// Event info text (`eventinfo`); `%` wildcards.
        event_info => "eventinfo";
        /// Object names (`object_name`, objects).
        object_names => "object_name";
        /// Object relations of attributes (`object_relation`).
        object_relations => "object_relation";
        /// Sharing groups by id (`sharinggroup`).
        sharing_groups => "sharinggroup";
        /// Threat levels 1 to 4 (`threat_level_id`).
        threat_levels => "threat_level_id";
    }

    time_setters! {
        /// The entity's own timestamp (`timestamp`: event, attribute or object).
        timestamp => "timestamp";
        /// The event's publication time (`publish_timestamp`).
        publish_timestamp => "publish_timestamp";
        /// The event's timestamp (`event_timestamp`).
        event_timestamp => "event_timestamp";
        /// The attribute's timestamp (`attribute_timestamp`, attributes).
        attribute_timestamp => "attribute_timestamp";
        /// Published since (`last`).
        last => "last";
        /// The event's date (`date`, events; relative times work here).
        date => "date";
        /// First seen at or after (`first_seen`, attributes and objects).
        first_seen => "first_seen";
        /// Last seen at or before (`last_seen`, attributes and objects).
        last_seen => "last_seen";
    }

    flag_setters! {
        /// Include attachment contents as base64 (`withAttachments`).
        with_attachments => "withAttachments";
        /// Events without attributes and objects (`metadata`).
        metadata => "metadata";
        /// Leave out values on warninglists (`enforceWarninglist`).
        enforce_warninglist => "enforceWarninglist";
        /// Mark values on warninglists (`includeWarninglistHits`).
        include_warninglist_hits => "includeWarninglistHits";
        /// Add the event UUID to attributes (`includeEventUuid`).
        include_event_uuid => "includeEventUuid";
        /// Add the event's tags to attributes (`includeEventTags`).
        include_event_tags => "includeEventTags";
        /// Sharing groups by reference only (`sgReferenceOnly`).
        sg_reference_only => "sgReferenceOnly";
        /// Add event context columns to CSV (`includeContext`).
        include_context => "includeContext";
        /// CSV without a header line (`headerless`).
        headerless => "headerless";
        /// Include sightings (`includeSightings`).
        include_sightings => "includeSightings";
        /// Include decay scores (`includeDecayScore`).
        include_decay_score => "includeDecayScore";
        /// Leave out decayed attributes (`excludeDecayed`).
        exclude_decayed => "excludeDecayed";
        /// Include correlations (`includeCorrelations`).
        include_correlations => "includeCorrelations";
        /// Include proposals (`includeProposals`).
        include_proposals => "includeProposals";
        /// Include every tag, even non-exportable ones (`includeAllTags`).
        include_all_tags => "includeAllTags";
        /// Include galaxies (`includeGalaxy`, attributes).
        include_galaxy => "includeGalaxy";
        /// Include analyst data (`includeAnalystData`, events).
        include_analyst_data => "includeAnalystData";
        /// Leave out local tags (`excludeLocalTags`, events).
        exclude_local_tags => "excludeLocalTags";
        /// Leave out event reports (`noEventReports`, events).
        no_event_reports => "noEventReports";
        /// Leave out proposals (`noShadowAttributes`, events).
        no_shadow_attributes => "noShadowAttributes";
        /// Include the events extending the matches (`extended`, events).
        extended => "extended";
    }

    /// Event dates from (`from`): a date or a timestamp (relative times do not work here).
    pub fn date_from(mut self, time: Time) -> Self {
        self.dates.insert("from", time);
        self
    }

    /// Event dates up to (`to`): a date or a timestamp.
    pub fn date_to(mut self, time: Time) -> Self {
        self.dates.insert("to", time);
        self
    }

    /// Only published (`true`) or unpublished (`false`) events.
    pub fn published(mut self, published: bool) -> Self {
        self.published = Some(published);
        self
    }

    /// Only IDS (`true`) or non-IDS (`false`) attributes.
    pub fn to_ids(mut self, to_ids: bool) -> Self {
        self.to_ids = Some(to_ids);
        self
    }

    /// Which soft-deleted entries to return.
    pub fn deleted(mut self, deleted: DeletedFilter) -> Self {
        self.deleted = Some(deleted);
        self
    }

    /// Substring search across event info, values, comments and tags (`searchall`, events).
    pub fn searchall(mut self, text: impl Into<String>) -> Self {
        self.searchall = Some(text.into());
        self
    }

    /// The CSV columns (`requested_attributes`, CSV only).
    pub fn requested_attributes<I: IntoIterator<Item = S>, S: Into<String>>(
        mut self,
        columns: I,
    ) -> Self {
        self.requested_attributes = columns.into_iter().map(Into::into).collect();
        self
    }

    /// The order (`order`), such as `Event.timestamp desc`.
    pub fn order(mut self, order: impl Into<String>) -> Self {
        self.order = Some(order.into());
        self
    }

    /// At most `limit` results per page.
    pub fn limit(mut self, limit: u32) -> Self {
        self.limit = Some(limit);
        self
    }

    /// The page (1-based; needs a limit).
    pub fn page(mut self, page: u32) -> Self {
        self.page = Some(page);
        self
    }

    /// The limit, when set.
    pub fn get_limit(&self) -> Option<u32> {
        self.limit
    }

    /// The page, when set.
    pub fn get_page(&self) -> Option<u32> {
        self.page
    }

    /// Any other whitelisted parameter (`includeFeedCorrelations`, `galaxy.synonyms`,
    /// `decayingModel` ...); still checked against the scope's whitelist.
    pub fn param(mut self, key: impl Into<String>, value: impl Into<Value>) -> Self {
        self.extra.insert(key.into(), value.into());
        self
    }

    /// Builds the JSON body for `scope` and `format`, refusing what the server would ignore.
    pub fn to_body(
        &self,
        scope: Scope,
        format: ReturnFormat,
    ) -> Result<Map<String, Value>, BuildError> {
        let invalid = |message: String| BuildError::invalid("query", message);
        if !format.available_in(scope) {
            return Err(invalid(format!(
                "the {scope} restSearch has no `{format}` format{}",
                if scope == Scope::Objects {
                    " (objects offer json only)"
                } else {
                    ""
                }
            )));
        }
        let mut body = Map::new();
        body.insert("returnFormat".into(), json!(format.as_str()));
        for (key, filter) in &self.filters {
            filter
                .check(key, matches!(*key, "tags" | "event_tags"))
                .map_err(invalid)?;
            body.insert((*key).into(), serde_json::to_value(filter)?);
        }
        for (key, time) in &self.dates {
            if time.is_relative() {
                return Err(invalid(format!(
                    "`{key}` compares event dates and ignores relative times like `{time}`; give a date or a timestamp, or use `timestamp`/`last` for relative filters"
                )));
            }
            body.insert((*key).into(), serde_json::to_value(time)?);
        }
        for (key, time) in &self.times {
            if *key == "date" && scope != Scope::Events {
                return Err(invalid("`date` filters events only".into()));
            }
            if let TimeFilter::Between(a, b) = time
                && a == b
            {
                return Err(invalid(format!(
                    "the `{key}` range starts and ends at `{a}`"
                )));
            }
            body.insert((*key).into(), serde_json::to_value(time)?);
        }
        for (key, on) in &self.flags {
            body.insert((*key).into(), json!(u8::from(*on)));
        }
        if let Some(p) = self.published {
            body.insert("published".into(), json!(p));
        }
        if let Some(t) = self.to_ids {
            body.insert("to_ids".into(), json!(t));
        }
        match self.deleted {
            Some(DeletedFilter::Live) => {
                body.insert("deleted".into(), json!(0));
            }
            Some(DeletedFilter::Deleted) => {
                body.insert("deleted".into(), json!(1));
            }
            Some(DeletedFilter::Both) => {
                body.insert("deleted".into(), json!([0, 1]));
            }
            None => {}
        }
        if let Some(text) = &self.searchall {
            if text.trim().is_empty() {
                return Err(invalid("`searchall` is empty".into()));
            }
            body.insert("searchall".into(), json!(text));
        }
        if !self.requested_attributes.is_empty() {
            body.insert(
                "requested_attributes".into(),
                json!(self.requested_attributes),
            );
        }
        if format != ReturnFormat::Csv {
            for key in ["requested_attributes", "headerless"] {
                if body.contains_key(key) {
                    return Err(invalid(format!("`{key}` applies to the csv format only")));
                }
            }
        }
        if let Some(order) = &self.order {
            body.insert("order".into(), json!(order));
        }
        match (self.limit, self.page) {
            (Some(0), _) => return Err(invalid("`limit` must be at least 1".into())),
            (_, Some(0)) => return Err(invalid("`page` is 1-based".into())),
            (None, Some(_)) => {
                return Err(invalid(
                    "`page` needs a `limit`; without one the server returns everything".into(),
                ));
            }
            _ => {}
        }
        if let Some(limit) = self.limit {
            body.insert("limit".into(), json!(limit));
        }
        if let Some(page) = self.page {
            body.insert("page".into(), json!(page));
        }
        for (key, value) in &self.extra {
            if body.contains_key(key) {
                return Err(invalid(format!("`{key}` is set twice")));
            }
            body.insert(key.clone(), value.clone());
        }
        if let Some(key) = body.keys().find(|k| !accepted(scope, k)) {
            return Err(invalid(format!(
                "`{key}` is not a parameter of the {scope} restSearch; the server would silently ignore it"
            )));
        }
        if body.len() == 1 {
            return Err(invalid(
                "the query has no filter and no limit; the server would return everything (add a filter or a limit)".into(),
            ));
        }
        Ok(body)
    }
}
