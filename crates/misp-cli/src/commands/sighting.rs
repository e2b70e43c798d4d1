//! `misp sighting add`.

use clap::{ArgGroup, Subcommand, ValueEnum};
use misp_api::IdOrUuid;
use misp_api::sightings::AddSighting;
use misp_types::{Sighting, SightingType};

use crate::context::Context;
use crate::error::CliError;

/// What a sighting says.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum SightingKind {
    /// The value was seen.
    Sighting,
    /// The value is a false positive.
    FalsePositive,
    /// The value expired.
    Expiration,
}

/// `misp sighting ...`.
#[derive(Debug, Subcommand)]
pub enum SightingCommand {
    /// Add a sighting on every attribute with a value, or on one attribute.
    #[command(group(ArgGroup::new("target").required(true).args(["value", "attribute"])))]
    Add {
        /// The value seen (every attribute with this value gets the sighting).
        value: Option<String>,
        /// The attribute's id or UUID.
        #[arg(long, value_name = "ID")]
        attribute: Option<IdOrUuid>,
        /// Where it was seen.
        #[arg(long)]
        source: Option<String>,
        /// What kind of sighting.
        #[arg(long = "type", value_enum, default_value_t = SightingKind::Sighting)]
        kind: SightingKind,
    },
}

/// Runs `misp sighting ...`.
pub async fn run(command: SightingCommand, ctx: &mut Context) -> Result<(), CliError> {
    let SightingCommand::Add {
        value,
        attribute,
        source,
        kind,
    } = command;
    let sighting = Sighting {
        value,
        source,
        kind: Some(match kind {
            SightingKind::Sighting => SightingType::Sighting,
            SightingKind::FalsePositive => SightingType::FalsePositive,
            SightingKind::Expiration => SightingType::Expiration,
        }),
        ..Sighting::default()
    };
    let client = ctx.client()?;
    let added = client
        .send(&AddSighting {
            attribute,
            sighting,
        })
        .await?;
    ctx.out().record(
        &added,
        &[
            ("id", "/id"),
            ("attribute", "/attribute_id"),
            ("event", "/event_id"),
            ("type", "/type"),
            ("source", "/source"),
        ],
    )?;
    Ok(())
}
