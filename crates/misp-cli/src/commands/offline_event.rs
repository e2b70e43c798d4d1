//! `misp event add`, `misp event edit` and the offline `misp event new`.

use std::path::PathBuf;

use clap::Args;
use misp_api::IdOrUuid;
use misp_api::tags::AttachTag;
use misp_types::builder::EventBuilder;
use misp_types::input::{self, pair};
use misp_types::{Analysis, Distribution, Event, EventEnvelope, ThreatLevel};

use super::files::read_document;
use crate::context::Context;
use crate::error::CliError;

fn parse_date(text: &str) -> Result<chrono::NaiveDate, String> {
    chrono::NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map_err(|e| format!("`{text}`: expected YYYY-MM-DD ({e})"))
}

/// The event fields a command sets.
#[derive(Debug, Args)]
pub struct EventFields {
    /// The distribution: 0-5, or org, community, connected, all, sharing-group, inherit.
    #[arg(long, value_name = "LEVEL", value_parser = input::distribution)]
    pub distribution: Option<Distribution>,
    /// The threat level: 1-4, or high, medium, low, undefined.
    #[arg(long, value_name = "LEVEL", value_parser = input::threat_level)]
    pub threat_level: Option<ThreatLevel>,
    /// The analysis state: 0-2, or initial, ongoing, completed.
    #[arg(long, value_name = "STATE", value_parser = input::analysis)]
    pub analysis: Option<Analysis>,
    /// The event date (YYYY-MM-DD) [default: today].
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub date: Option<chrono::NaiveDate>,
    /// A tag (repeatable).
    #[arg(long, value_name = "TAG")]
    pub tag: Vec<String>,
}

impl EventFields {
    fn apply(&self, mut b: EventBuilder) -> EventBuilder {
        if let Some(d) = self.distribution {
            b = b.distribution(d);
        }
        if let Some(t) = self.threat_level {
            b = b.threat_level(t);
        }
        if let Some(a) = self.analysis {
            b = b.analysis(a);
        }
        if let Some(d) = self.date {
            b = b.date(d);
        }
        for t in &self.tag {
            b = b.tag(t.clone());
        }
        b
    }
}

/// `misp event add`.
#[derive(Debug, Args)]
pub struct AddArgs {
    /// The event's title.
    #[arg(long, required_unless_present = "file", conflicts_with = "file")]
    pub info: Option<String>,
    /// The fields.
    #[command(flatten)]
    pub fields: EventFields,
    /// Create the event of this file (`{"Event": ...}`, `-` for stdin), validated first;
    /// the file's UUID makes a rerun return the stored event instead of a copy.
    #[arg(long, value_name = "FILE")]
    pub file: Option<PathBuf>,
}

/// `misp event edit`.
#[derive(Debug, Args)]
pub struct EditArgs {
    /// The event's id or UUID.
    pub event: IdOrUuid,
    /// A new title.
    #[arg(long)]
    pub info: Option<String>,
    /// The fields to change (`--tag` attaches tags).
    #[command(flatten)]
    pub fields: EventFields,
}

/// `misp event new`.
#[derive(Debug, Args)]
pub struct NewArgs {
    /// The event's title.
    #[arg(long)]
    pub info: String,
    /// The fields.
    #[command(flatten)]
    pub fields: EventFields,
    /// An attribute `TYPE=VALUE` (repeatable; category and IDS flag are the type's).
    #[arg(long, value_name = "TYPE=VALUE")]
    pub attribute: Vec<String>,
    /// An object from this template, with the `--set` values.
    #[arg(long, value_name = "TEMPLATE", requires = "set")]
    pub object: Option<String>,
    /// A relation of the `--object` and its value (repeatable).
    #[arg(long = "set", value_name = "RELATION=VALUE", requires = "object")]
    pub set: Vec<String>,
    /// The creator organisation `NAME=UUID` (a feed needs one: `misp feed-dir export`).
    #[arg(long, value_name = "NAME=UUID", value_parser = parse_orgc)]
    pub orgc: Option<(String, uuid::Uuid)>,
    /// Objects made from artefacts.
    #[cfg(feature = "tools")]
    #[command(flatten)]
    pub inputs: super::inputs::InputArgs,
    /// Write the file here instead of stdout.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

/// Parses `--orgc NAME=UUID` (the name may hold `=`; the UUID is after the last one).
pub fn parse_orgc(text: &str) -> Result<(String, uuid::Uuid), String> {
    let (name, uuid) = text
        .rsplit_once('=')
        .ok_or_else(|| format!("`{text}`: expected NAME=UUID"))?;
    let name = name.trim();
    if name.is_empty() {
        return Err(format!("`{text}`: the organisation name is empty"));
    }
    let uuid = uuid
        .trim()
        .parse()
        .map_err(|e| format!("`{text}`: `{uuid}` is not a UUID ({e})"))?;
    Ok((name.to_owned(), uuid))
}

fn checked(event: Event, what: &str) -> Result<Event, CliError> {
    let problems = event.validate();
    if problems.errors().next().is_some() {
        return Err(CliError::Invalid(format!("{what} not sent: {problems}")));
    }
    Ok(event)
}

/// `misp event add`.
pub async fn add(args: AddArgs, ctx: &mut Context) -> Result<(), CliError> {
    let event = match (&args.file, &args.info) {
        (Some(path), _) => {
            let mut events = read_document(path)?.into_events();
            if events.len() != 1 {
                return Err(CliError::Usage(format!(
                    "`{}` holds {} events; give a file with one",
                    path.display(),
                    events.len()
                )));
            }
            checked(events.remove(0), "event")?
        }
        (None, Some(info)) => args
            .fields
            .apply(EventBuilder::new(info.clone()))
            .build()
            .map_err(|p| CliError::Invalid(format!("event not sent: {p}")))?,
        (None, None) => return Err(CliError::Usage("give --info TEXT or --file FILE".into())),
    };
    let client = ctx.client()?;
    let added = client.events().add(event).await?;
    super::search::event_record(ctx, added)?;
    Ok(())
}

/// `misp event edit`: fetches the event, changes the given fields, sends it back; tags
/// are attached.
pub async fn edit(args: EditArgs, ctx: &mut Context) -> Result<(), CliError> {
    let f = &args.fields;
    let changes = args.info.is_some()
        || f.distribution.is_some()
        || f.threat_level.is_some()
        || f.analysis.is_some()
        || f.date.is_some();
    if !changes && f.tag.is_empty() {
        return Err(CliError::Usage(
            "nothing to change: give --info, --distribution, --threat-level, --analysis, --date or --tag".into(),
        ));
    }
    let client = ctx.client()?;
    let mut event = client.events().get(args.event).await?;
    if changes {
        if let Some(i) = &args.info {
            event.info = Some(i.clone());
        }
        if let Some(d) = f.distribution {
            event.distribution = Some(d);
        }
        if let Some(t) = f.threat_level {
            event.threat_level = Some(t);
        }
        if let Some(a) = f.analysis {
            event.analysis = Some(a);
        }
        if let Some(d) = f.date {
            event.date = Some(d);
        }
        // Let the server set the new timestamp.
        event.timestamp = None;
        event = client.events().update(args.event, event).await?;
    }
    if !f.tag.is_empty() {
        let uuid = event.uuid.ok_or_else(|| {
            CliError::Invalid("the server's event has no UUID to attach tags to".into())
        })?;
        for t in &f.tag {
            client.send(&AttachTag::new(uuid, t.clone())).await?;
        }
        event = client.events().get(args.event).await?;
    }
    super::search::event_record(ctx, event)?;
    Ok(())
}

/// `misp event new`: an event file, validated, without a server.
pub fn new(args: NewArgs, ctx: &mut Context) -> Result<(), CliError> {
    let mut b = args.fields.apply(EventBuilder::new(args.info.clone()));
    for a in &args.attribute {
        let (kind, value) = pair(a).map_err(|e| CliError::Usage(format!("--attribute {e}")))?;
        b = b.add_attribute(kind, value);
    }
    if let Some(template) = &args.object {
        b = b.object(super::object::build(template, &args.set)?);
    }
    if let Some((name, uuid)) = &args.orgc {
        b = b.orgc(name.clone(), *uuid);
    }
    #[cfg(feature = "tools")]
    {
        let mut made = args.inputs.made()?;
        // No server is reached here, so the global `--url URL` names a URL to make an object
        // of, as `--url-object` does.
        if let Some(url) = &ctx.connection().url {
            made.push(super::inputs::make(&super::inputs::parse(
                "url", url, None, "--url",
            )?)?);
        }
        for made in made {
            b = made.add_to(b);
        }
    }
    #[cfg(not(feature = "tools"))]
    if ctx.connection().url.is_some() {
        return Err(CliError::Usage(
            "`misp event new --url URL` makes a url object: this misp was built without its `tools` feature".into(),
        ));
    }
    let event = b
        .build()
        .map_err(|p| CliError::Invalid(format!("event not written: {p}")))?;
    let envelope = EventEnvelope::from(event);
    match &args.out {
        None => ctx.out().value(&envelope)?,
        Some(path) => {
            let mut text = serde_json::to_vec_pretty(&envelope)?;
            text.push(b'\n');
            std::fs::write(path, text).map_err(|source| CliError::Write {
                path: path.clone(),
                source,
            })?;
            ctx.note(&format!("wrote {}", path.display()));
        }
    }
    Ok(())
}
