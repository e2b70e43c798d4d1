//! `misp event search`, `misp attribute search`: restSearch with every look-up filter, page
//! walks, and raw exports in any return format.

use std::path::PathBuf;

use clap::Args;
use futures_util::TryStreamExt;
use misp_api::search::{
    DeletedFilter, Filter, ReturnFormat, Scope, SearchAttributes, SearchEvents, SearchQuery, Time,
    TimeFilter,
};
use misp_client::ItemStream;
use misp_types::EventEnvelope;
use serde::Serialize;

use crate::context::Context;
use crate::error::CliError;
use crate::output::Columns;

/// The columns an event list shows by default.
pub const EVENT_COLUMNS: Columns<'static> = &[
    ("id", "/id"),
    ("date", "/date"),
    ("org", "/Orgc/name"),
    ("info", "/info"),
    ("tags", "/Tag"),
    ("attributes", "/Attribute/#"),
    ("published", "/published"),
];

/// The columns an attribute list shows by default.
pub const ATTRIBUTE_COLUMNS: Columns<'static> = &[
    ("id", "/id"),
    ("event", "/event_id"),
    ("type", "/type"),
    ("category", "/category"),
    ("value", "/value"),
    ("ids", "/to_ids"),
    ("tags", "/Tag"),
];

/// The filter of a `--...-since` flag and its `--...-until`: a time, or a range when both are
/// given.
pub fn time_range(since: &Option<Time>, until: &Option<Time>) -> Option<TimeFilter> {
    match (since, until) {
        (Some(from), Some(to)) => Some(TimeFilter::between(from.clone(), to.clone())),
        (Some(from), None) => Some(TimeFilter::since(from.clone())),
        (None, _) => None,
    }
}

/// Parses a time flag.
pub fn parse_time(text: &str) -> Result<Time, String> {
    Time::parse(text)
}

fn parse_format(text: &str) -> Result<ReturnFormat, String> {
    text.parse::<ReturnFormat>().map_err(|e| {
        let known: Vec<&str> = ReturnFormat::ALL.iter().map(|f| f.as_str()).collect();
        format!("{e} (known: {})", known.join(", "))
    })
}

/// The look-ups both restSearch scopes accept.
#[derive(Debug, Args)]
pub struct SearchFilters {
    /// A value (repeat for any of several; `%` is a wildcard: `%.example.com`).
    #[arg(long)]
    pub value: Vec<String>,
    /// An attribute type (repeatable: any of them).
    #[arg(long = "type", value_name = "TYPE")]
    pub kind: Vec<String>,
    /// A category (repeatable: any of them).
    #[arg(long)]
    pub category: Vec<String>,
    /// A tag (repeatable: any of them).
    #[arg(long)]
    pub tag: Vec<String>,
    /// A tag every result must have (repeatable: all of them).
    #[arg(long, value_name = "TAG")]
    pub all_tags: Vec<String>,
    /// A tag no result may have (repeatable: none of them).
    #[arg(long, value_name = "TAG")]
    pub not_tag: Vec<String>,
    /// An organisation by id, name or UUID (repeatable); `!ORG` excludes one.
    #[arg(long, allow_hyphen_values = true)]
    pub org: Vec<String>,
    /// An event by id or UUID (repeatable).
    #[arg(long)]
    pub event: Vec<String>,
    /// An entity UUID (repeatable).
    #[arg(long)]
    pub uuid: Vec<String>,
    /// Event dates from (YYYY-MM-DD, a Unix timestamp, or `7d`).
    #[arg(long, value_name = "DATE", value_parser = parse_time)]
    pub from: Option<Time>,
    /// Event dates up to (YYYY-MM-DD, a Unix timestamp, or `1d`).
    #[arg(long, value_name = "DATE", value_parser = parse_time)]
    pub to: Option<Time>,
    /// Changed since (`timestamp`): `1h`, `1d`, `7d`, a Unix timestamp or YYYY-MM-DD.
    #[arg(long, value_name = "TIME", value_parser = parse_time)]
    pub since: Option<Time>,
    /// Published since (`publish_timestamp`): `1h`, `1d`, `7d`, a Unix timestamp or
    /// YYYY-MM-DD.
    #[arg(long, value_name = "TIME", value_parser = parse_time)]
    pub published_since: Option<Time>,
    /// Published until (`publish_timestamp`), with `--published-since`: the two make a range.
    #[arg(long, value_name = "TIME", value_parser = parse_time, requires = "published_since")]
    pub published_until: Option<Time>,
    /// Published within this time (`last`): `7d`, `12h`, `30m`.
    #[arg(long, value_name = "TIME", value_parser = parse_time)]
    pub last: Option<Time>,
    /// Only attributes marked for IDS export.
    #[arg(long, conflicts_with = "no_to_ids")]
    pub to_ids: bool,
    /// Only attributes not marked for IDS export.
    #[arg(long)]
    pub no_to_ids: bool,
    /// Only published events.
    #[arg(long, conflicts_with = "unpublished")]
    pub published: bool,
    /// Only unpublished events.
    #[arg(long)]
    pub unpublished: bool,
    /// Leave out attributes whose value is on an enabled warninglist.
    #[arg(long)]
    pub enforce_warninglist: bool,
    /// Include attachments and samples (base64 in `data`).
    #[arg(long)]
    pub with_attachments: bool,
    /// Text searched in values, comments, event info and tags; an exact match unless it
    /// holds `%` (`%word%` is a substring match).
    #[arg(long, value_name = "TEXT")]
    pub searchall: Option<String>,
    /// CSV exports: add event context columns.
    #[arg(long)]
    pub include_context: bool,
    /// Soft-deleted entries only (`--deleted both` for live and deleted).
    #[arg(long, value_name = "WHICH", num_args = 0..=1, default_missing_value = "only",
          value_parser = ["only", "both"])]
    pub deleted: Option<String>,
    /// Events without their attributes and objects (event search); attributes without
    /// event data.
    #[arg(long)]
    pub metadata: bool,
    /// At most N results (one request).
    #[arg(long, value_name = "N", conflicts_with = "page_size")]
    pub limit: Option<u32>,
    /// The page of `--limit` results (1-based).
    #[arg(long, value_name = "N", requires = "limit")]
    pub page: Option<u32>,
    /// Walk every page of N results for you (JSON only), for large results.
    #[arg(long, value_name = "N")]
    pub page_size: Option<u32>,
    /// The return format: json (decoded and printed per --output), or a raw export
    /// streamed as it arrives: csv, text, stix, stix2, suricata, snort, yara, rpz, hashes,
    /// hosts, count, xml, openioc ...
    #[arg(long, alias = "format", value_name = "FORMAT", default_value = "json",
          value_parser = parse_format)]
    pub return_format: ReturnFormat,
    /// Write to FILE instead of stdout.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

fn any(values: &[String]) -> Option<Filter> {
    (!values.is_empty()).then(|| Filter::any(values.iter().cloned()))
}

impl SearchFilters {
    /// The restSearch query these flags describe.
    pub fn query(&self) -> SearchQuery {
        let mut q = SearchQuery::new();
        if let Some(v) = any(&self.value) {
            q = q.value(v);
        }
        if let Some(v) = any(&self.kind) {
            q = q.types(v);
        }
        if let Some(v) = any(&self.category) {
            q = q.categories(v);
        }
        if let Some(tags) = tag_filter(&self.tag, &self.all_tags, &self.not_tag) {
            q = q.tags(tags);
        }
        if let Some(orgs) = org_filter(&self.org) {
            q = q.orgs(orgs);
        }
        if let Some(v) = any(&self.event) {
            q = q.event_ids(v);
        }
        if let Some(v) = any(&self.uuid) {
            q = q.uuids(v);
        }
        if let Some(t) = &self.from {
            q = q.date_from(t.clone());
        }
        if let Some(t) = &self.to {
            q = q.date_to(t.clone());
        }
        if let Some(t) = &self.since {
            q = q.timestamp(TimeFilter::since(t.clone()));
        }
        if let Some(t) = time_range(&self.published_since, &self.published_until) {
            q = q.publish_timestamp(t);
        }
        if let Some(t) = &self.last {
            q = q.last(TimeFilter::since(t.clone()));
        }
        if self.to_ids || self.no_to_ids {
            q = q.to_ids(self.to_ids);
        }
        if self.published || self.unpublished {
            q = q.published(self.published);
        }
        if self.enforce_warninglist {
            q = q.enforce_warninglist(true);
        }
        if self.with_attachments {
            q = q.with_attachments(true);
        }
        if let Some(text) = &self.searchall {
            q = q.searchall(text.clone());
        }
        if self.include_context {
            q = q.include_context(true);
        }
        match self.deleted.as_deref() {
            Some("both") => q = q.deleted(DeletedFilter::Both),
            Some(_) => q = q.deleted(DeletedFilter::Deleted),
            None => {}
        }
        if self.metadata {
            q = q.metadata(true);
        }
        if let Some(n) = self.limit {
            q = q.limit(n);
        }
        if let Some(n) = self.page {
            q = q.page(n);
        }
        q
    }
}

/// `--tag` (any of), `--all-tags` (every one of), `--not-tag` (none of) as one filter.
pub fn tag_filter(any_of: &[String], all_of: &[String], none_of: &[String]) -> Option<Filter> {
    if any_of.is_empty() && all_of.is_empty() && none_of.is_empty() {
        return None;
    }
    let mut f = Filter::any(any_of.iter().cloned());
    for t in all_of {
        f = f.and(t.clone());
    }
    for t in none_of {
        f = f.not(t.clone());
    }
    Some(f)
}

/// `--org A --org !B`: any of the plain ones, none of the `!` ones.
pub fn org_filter(orgs: &[String]) -> Option<Filter> {
    if orgs.is_empty() {
        return None;
    }
    let mut f = Filter::any(orgs.iter().filter(|o| !o.starts_with('!')).cloned());
    for o in orgs.iter().filter_map(|o| o.strip_prefix('!')) {
        f = f.not(o.to_owned());
    }
    Some(f)
}

/// `misp event search`.
#[derive(Debug, Args)]
pub struct EventSearchArgs {
    /// The look-ups.
    #[command(flatten)]
    pub filters: SearchFilters,
    /// Event info text (`%` is a wildcard: `%phishing%`).
    #[arg(long)]
    pub info: Option<String>,
}

/// `misp attribute search`.
#[derive(Debug, Args)]
pub struct AttributeSearchArgs {
    /// The look-ups.
    #[command(flatten)]
    pub filters: SearchFilters,
    /// Event info text of the attributes' events (`%` is a wildcard).
    #[arg(long)]
    pub info: Option<String>,
    /// Add the event UUID to each attribute.
    #[arg(long)]
    pub include_event_uuid: bool,
}

/// Writes a stream of items as a list, each item as soon as it is decoded.
pub async fn write_stream<T, U: Serialize>(
    ctx: &mut Context,
    mut stream: ItemStream<T>,
    columns: Columns<'_>,
    map: impl Fn(T) -> U,
) -> Result<usize, CliError> {
    let bar = ctx.progress().bar(None, "results");
    let mut list = ctx.out().list(columns);
    while let Some(item) = stream.try_next().await? {
        list.item(&map(item))?;
        bar.inc(1);
    }
    bar.finish_and_clear();
    Ok(list.end()?)
}

/// Copies a raw export to `--out FILE` or stdout as it arrives.
async fn export(
    ctx: &mut Context,
    scope: Scope,
    format: ReturnFormat,
    query: SearchQuery,
    out: Option<&PathBuf>,
) -> Result<(), CliError> {
    let client = ctx.client()?;
    ctx.out().flush()?;
    match out {
        Some(path) => {
            let mut file =
                tokio::fs::File::create(path)
                    .await
                    .map_err(|source| CliError::Write {
                        path: path.clone(),
                        source,
                    })?;
            let written = client
                .search()
                .export(scope, format, query, &mut file)
                .await?;
            tokio::io::AsyncWriteExt::flush(&mut file).await?;
            ctx.note(&format!("wrote {written} bytes to {}", path.display()));
        }
        None => {
            let mut stdout = tokio::io::stdout();
            client
                .search()
                .export(scope, format, query, &mut stdout)
                .await?;
            tokio::io::AsyncWriteExt::flush(&mut stdout).await?;
        }
    }
    Ok(())
}

fn json_to_file_first(f: &SearchFilters) -> Result<(), CliError> {
    if f.return_format != ReturnFormat::Json && f.page_size.is_some() {
        return Err(CliError::Usage(
            "--page-size walks JSON results only; give --limit/--page for an export".into(),
        ));
    }
    Ok(())
}

/// Runs a JSON search into `--out FILE`: the list goes there in the chosen output format.
async fn to_file<F>(ctx: &mut Context, path: &PathBuf, body: F) -> Result<(), CliError>
where
    F: AsyncFnOnce(&mut Context) -> Result<usize, CliError>,
{
    let file = std::fs::File::create(path).map_err(|source| CliError::Write {
        path: path.clone(),
        source,
    })?;
    let options = ctx.out().options().clone();
    let previous = std::mem::replace(ctx.out(), crate::output::Output::to_writer(options, file));
    let result = body(ctx).await;
    let mut file_out = std::mem::replace(ctx.out(), previous);
    file_out.flush()?;
    let n = result?;
    ctx.note(&format!("wrote {n} result(s) to {}", path.display()));
    Ok(())
}

/// `misp event search`.
pub async fn event_search(args: &EventSearchArgs, ctx: &mut Context) -> Result<(), CliError> {
    let f = &args.filters;
    json_to_file_first(f)?;
    let mut q = f.query();
    if let Some(info) = &args.info {
        q = q.event_info(info.as_str());
    }
    if f.return_format != ReturnFormat::Json {
        return export(ctx, Scope::Events, f.return_format, q, f.out.as_ref()).await;
    }
    let client = ctx.client()?;
    let stream = match f.page_size {
        Some(size) => client.paginate(SearchEvents::new(q).page_size(size)),
        None => client.search().events(q),
    };
    let run = async |ctx: &mut Context| {
        if matches!(
            ctx.out().list_format(),
            crate::output::Format::Json | crate::output::Format::Jsonl
        ) && ctx.out().options().fields.is_none()
        {
            // JSON keeps each event in its `{"Event": ...}` envelope, as event files have it.
            write_stream(ctx, stream, EVENT_COLUMNS, EventEnvelope::from).await
        } else {
            write_stream(ctx, stream, EVENT_COLUMNS, |e| e).await
        }
    };
    match &f.out {
        Some(path) => to_file(ctx, path, run).await,
        None => run(ctx).await.map(|_| ()),
    }
}

/// `misp attribute search`.
pub async fn attribute_search(
    args: &AttributeSearchArgs,
    ctx: &mut Context,
) -> Result<(), CliError> {
    let f = &args.filters;
    json_to_file_first(f)?;
    let mut q = f.query();
    if let Some(info) = &args.info {
        q = q.event_info(info.as_str());
    }
    if args.include_event_uuid {
        q = q.include_event_uuid(true);
    }
    if f.return_format != ReturnFormat::Json {
        return export(ctx, Scope::Attributes, f.return_format, q, f.out.as_ref()).await;
    }
    let client = ctx.client()?;
    let stream = match f.page_size {
        Some(size) => client.paginate(SearchAttributes::new(q).page_size(size)),
        None => client.search().attributes(q),
    };
    let run = async |ctx: &mut Context| write_stream(ctx, stream, ATTRIBUTE_COLUMNS, |a| a).await;
    match &f.out {
        Some(path) => to_file(ctx, path, run).await,
        None => run(ctx).await.map(|_| ()),
    }
}

/// Prints one event: `{"Event": ...}` as JSON (an event file), the bare event's
/// [`EVENT_COLUMNS`] in a table or CSV (or with `--fields`).
pub fn event_record(ctx: &mut Context, event: misp_types::Event) -> Result<(), CliError> {
    let out = ctx.out();
    let json = matches!(
        out.record_format(),
        crate::output::Format::Json | crate::output::Format::Jsonl
    ) && out.options().fields.is_none();
    if json {
        out.record(&EventEnvelope::from(event), EVENT_COLUMNS)?;
    } else {
        out.record(&event, EVENT_COLUMNS)?;
    }
    Ok(())
}
