//! The commands that talk to a MISP server.

use std::io::Write;

use futures_util::TryStreamExt;
use misp_api::instance::GetVersion;
use misp_api::search::{
    Filter, ReturnFormat, Scope, SearchAttributes, SearchEvents, SearchQuery, TimeFilter,
};
use misp_api::sightings::AddSighting;
use misp_api::tags::ListTags;
use misp_api::{Ack, IdOrUuid};
use misp_client::{Client, ClientBuilder, ItemStream, RetryPolicy, env};
use misp_types::builder::AttributeBuilder;
use misp_types::{EventEnvelope, Sighting, SightingType};
use serde::Serialize;
use serde_json::json;

use crate::args::{
    AttributeSearchArgs, ConnectionArgs, EventSearchArgs, SearchFilters, SightingKind,
};
use crate::error::CliError;
use crate::output::Output;

/// The client from the flags, over the environment, over the config file's profile.
pub fn client(args: &ConnectionArgs) -> Result<Client, CliError> {
    let mut builder = ClientBuilder::from_vars(|name| {
        if name == env::PROFILE
            && let Some(profile) = &args.profile
        {
            return Some(profile.clone());
        }
        std::env::var(name).ok()
    })?;
    if let Some(url) = &args.url {
        builder = builder.url(url.clone());
    }
    if let Some(key) = &args.key {
        builder = builder.key(key.0.clone());
    }
    if args.insecure {
        builder = builder.danger_accept_invalid_certs(true);
    }
    if let Some(retries) = args.retries {
        builder = builder.retry(RetryPolicy::default().max_retries(retries));
    }
    Ok(builder.build()?)
}

/// What an acknowledgement prints: the server's body, or its message and id.
fn ack_json(ack: &Ack) -> serde_json::Value {
    if ack.body.is_null() {
        json!({ "message": ack.message, "id": ack.id })
    } else {
        ack.body.clone()
    }
}

/// `misp version`.
pub async fn version<W: Write>(client: &Client, out: &mut Output<W>) -> Result<(), CliError> {
    out.value(&client.send(&GetVersion).await?)?;
    Ok(())
}

/// `misp event get`.
pub async fn event_get<W: Write>(
    client: &Client,
    out: &mut Output<W>,
    event: IdOrUuid,
) -> Result<(), CliError> {
    let event = client.events().get(event).await?;
    out.value(&EventEnvelope::from(event))?;
    Ok(())
}

/// `misp event publish`.
pub async fn event_publish<W: Write>(
    client: &Client,
    out: &mut Output<W>,
    event: IdOrUuid,
) -> Result<(), CliError> {
    out.value(&ack_json(&client.events().publish(event).await?))?;
    Ok(())
}

/// `misp event delete`.
pub async fn event_delete<W: Write>(
    client: &Client,
    out: &mut Output<W>,
    event: IdOrUuid,
) -> Result<(), CliError> {
    out.value(&ack_json(&client.events().delete(event).await?))?;
    Ok(())
}

fn any(values: &[String]) -> Option<Filter> {
    (!values.is_empty()).then(|| Filter::any(values.iter().cloned()))
}

/// The query the shared filters describe.
fn query(f: &SearchFilters) -> SearchQuery {
    let mut q = SearchQuery::new();
    if let Some(v) = any(&f.value) {
        q = q.value(v);
    }
    if let Some(v) = any(&f.kind) {
        q = q.types(v);
    }
    if let Some(v) = any(&f.category) {
        q = q.categories(v);
    }
    if !f.tag.is_empty() || !f.not_tag.is_empty() {
        let mut tags = Filter::any(f.tag.iter().cloned());
        for t in &f.not_tag {
            tags = tags.not(t.clone());
        }
        q = q.tags(tags);
    }
    if let Some(v) = any(&f.org) {
        q = q.orgs(v);
    }
    if let Some(v) = any(&f.event) {
        q = q.event_ids(v);
    }
    if let Some(v) = any(&f.uuid) {
        q = q.uuids(v);
    }
    if let Some(t) = &f.last {
        q = q.last(TimeFilter::since(t.clone()));
    }
    if let Some(t) = &f.since {
        q = q.timestamp(TimeFilter::since(t.clone()));
    }
    if f.to_ids || f.no_to_ids {
        q = q.to_ids(f.to_ids);
    }
    if f.published || f.unpublished {
        q = q.published(f.published);
    }
    if let Some(n) = f.limit {
        q = q.limit(n);
    }
    if let Some(n) = f.page {
        q = q.page(n);
    }
    q
}

/// Writes a stream of items as a list, one item as it is decoded.
async fn write_stream<T, U: Serialize, W: Write>(
    out: &mut Output<W>,
    mut stream: ItemStream<T>,
    map: impl Fn(T) -> U,
) -> Result<(), CliError> {
    let mut list = out.list();
    while let Some(item) = stream.try_next().await? {
        list.item(&map(item))?;
    }
    list.end()?;
    Ok(())
}

/// Copies a raw export to stdout as it arrives.
async fn export(
    client: &Client,
    scope: Scope,
    format: ReturnFormat,
    query: SearchQuery,
) -> Result<(), CliError> {
    let mut stdout = tokio::io::stdout();
    client
        .search()
        .export(scope, format, query, &mut stdout)
        .await?;
    tokio::io::AsyncWriteExt::flush(&mut stdout).await?;
    Ok(())
}

/// `misp event search`.
pub async fn event_search<W: Write>(
    client: &Client,
    out: &mut Output<W>,
    args: &EventSearchArgs,
) -> Result<(), CliError> {
    let mut q = query(&args.filters);
    if let Some(info) = &args.info {
        q = q.event_info(info.as_str());
    }
    if let Some(text) = &args.searchall {
        q = q.searchall(text.clone());
    }
    if let Some(t) = &args.from {
        q = q.date_from(t.clone());
    }
    if let Some(t) = &args.to {
        q = q.date_to(t.clone());
    }
    if args.metadata {
        q = q.metadata(true);
    }
    let format = args.filters.format;
    if format != ReturnFormat::Json {
        if args.filters.page_size.is_some() {
            return Err(CliError::Usage(
                "--page-size works with --format json only".into(),
            ));
        }
        return export(client, Scope::Events, format, q).await;
    }
    let stream = match args.filters.page_size {
        Some(size) => client.paginate(SearchEvents::new(q).page_size(size)),
        None => client.search().events(q),
    };
    write_stream(out, stream, EventEnvelope::from).await
}

/// `misp attribute search`.
pub async fn attribute_search<W: Write>(
    client: &Client,
    out: &mut Output<W>,
    args: &AttributeSearchArgs,
) -> Result<(), CliError> {
    let mut q = query(&args.filters);
    if args.include_event_uuid {
        q = q.include_event_uuid(true);
    }
    if args.include_context {
        q = q.include_context(true);
    }
    let format = args.filters.format;
    if format != ReturnFormat::Json {
        if args.filters.page_size.is_some() {
            return Err(CliError::Usage(
                "--page-size works with --format json only".into(),
            ));
        }
        return export(client, Scope::Attributes, format, q).await;
    }
    let stream = match args.filters.page_size {
        Some(size) => client.paginate(SearchAttributes::new(q).page_size(size)),
        None => client.search().attributes(q),
    };
    write_stream(out, stream, |a| a).await
}

/// What `misp attribute add` sends.
pub struct NewAttribute<'a> {
    /// The type.
    pub kind: &'a str,
    /// The value.
    pub value: &'a str,
    /// The category, when not the type's default.
    pub category: Option<&'a str>,
    /// The comment.
    pub comment: Option<&'a str>,
    /// The IDS flag, when not the type's default.
    pub to_ids: Option<bool>,
}

/// `misp attribute add`: validated before it is sent.
pub async fn attribute_add<W: Write>(
    client: &Client,
    out: &mut Output<W>,
    event: IdOrUuid,
    new: NewAttribute<'_>,
) -> Result<(), CliError> {
    let mut builder = AttributeBuilder::new(new.kind, new.value);
    if let Some(c) = new.category {
        builder = builder.category(c);
    }
    if let Some(c) = new.comment {
        builder = builder.comment(c);
    }
    if let Some(ids) = new.to_ids {
        builder = builder.to_ids(ids);
    }
    let attribute = builder
        .build()
        .map_err(|problems| CliError::Invalid(format!("attribute not sent: {problems}")))?;
    out.value(&client.attributes().add(event, attribute).await?)?;
    Ok(())
}

/// `misp sighting add`.
pub async fn sighting_add<W: Write>(
    client: &Client,
    out: &mut Output<W>,
    value: Option<&str>,
    attribute: Option<IdOrUuid>,
    source: Option<&str>,
    kind: SightingKind,
) -> Result<(), CliError> {
    let sighting = Sighting {
        value: value.map(str::to_owned),
        source: source.map(str::to_owned),
        kind: Some(match kind {
            SightingKind::Sighting => SightingType::Sighting,
            SightingKind::FalsePositive => SightingType::FalsePositive,
            SightingKind::Expiration => SightingType::Expiration,
        }),
        ..Sighting::default()
    };
    let added = client
        .send(&AddSighting {
            attribute,
            sighting,
        })
        .await?;
    out.value(&added)?;
    Ok(())
}

/// `misp tag list`.
pub async fn tag_list<W: Write>(
    client: &Client,
    out: &mut Output<W>,
    search: Option<&str>,
) -> Result<(), CliError> {
    let op = match search {
        Some(s) => ListTags::matching(s),
        None => ListTags::all(),
    };
    let tags = client.send(&op).await?;
    let mut list = out.list();
    for tag in &tags {
        list.item(tag)?;
    }
    list.end()?;
    Ok(())
}
