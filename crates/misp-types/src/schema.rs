//! JSON Schemas (draft 2020-12) of the MISP core format as this crate reads it: tolerant like
//! the reader (numbers as numbers or strings, booleans as `true`/`1`/`"1"`, unknown keys
//! allowed), so every event a real server or feed emits validates.
//!
//! `cargo xtask schema` writes them to `docs/schema/` (and `--check` fails when they are
//! stale).
//!
//! ```
//! let schemas = misp_types::schema::schemas();
//! let (name, event) = &schemas[0];
//! assert_eq!(*name, "event.schema.json");
//! assert_eq!(event.get("title").and_then(|t| t.as_str()), Some("MISP event document"));
//! ```

use schemars::generate::SchemaSettings;
use schemars::{JsonSchema, Schema};

#[cfg(feature = "feed")]
use crate::feed::Manifest;
use crate::{
    Attribute, Event, EventEnvelope, EventReport, GalaxyCluster, Object, ObjectReference, Sighting,
    Tag,
};

fn schema_of<T: JsonSchema>(title: &str, description: &str) -> Schema {
    let mut schema = SchemaSettings::draft2020_12()
        .into_generator()
        .into_root_schema_for::<T>();
    schema.insert("title".to_owned(), title.into());
    schema.insert("description".to_owned(), description.into());
    schema
}

/// The schema of an event document: `{"Event": {...}}`, as in feed files and
/// `/events/view` responses.
pub fn event_document_schema() -> Schema {
    schema_of::<EventEnvelope>(
        "MISP event document",
        "An event wrapped as {\"Event\": {...}}: a MISP feed's <uuid>.json, or the body of GET /events/view.",
    )
}

/// Every schema, with the file name `cargo xtask schema` gives it, event document first.
pub fn schemas() -> Vec<(&'static str, Schema)> {
    vec![
        ("event.schema.json", event_document_schema()),
        (
            "event-bare.schema.json",
            schema_of::<Event>("MISP event", "A bare MISP event object (no envelope)."),
        ),
        (
            "attribute.schema.json",
            schema_of::<Attribute>(
                "MISP attribute",
                "One attribute (indicator) of an event or object.",
            ),
        ),
        (
            "object.schema.json",
            schema_of::<Object>(
                "MISP object",
                "An object: attributes grouped by an object template.",
            ),
        ),
        (
            "object-reference.schema.json",
            schema_of::<ObjectReference>(
                "MISP object reference",
                "A typed link from an object to an attribute or object.",
            ),
        ),
        (
            "event-report.schema.json",
            schema_of::<EventReport>(
                "MISP event report",
                "A named Markdown report inside an event.",
            ),
        ),
        (
            "tag.schema.json",
            schema_of::<Tag>("MISP tag", "A tag on an event or attribute."),
        ),
        (
            "galaxy-cluster.schema.json",
            schema_of::<GalaxyCluster>(
                "MISP galaxy cluster",
                "A galaxy cluster (threat actor, attack pattern ...).",
            ),
        ),
        (
            "sighting.schema.json",
            schema_of::<Sighting>("MISP sighting", "A sighting of an attribute."),
        ),
        #[cfg(feature = "feed")]
        (
            "feed-manifest.schema.json",
            schema_of::<Manifest>(
                "MISP feed manifest",
                "A MISP feed's manifest.json: event uuid to summary.",
            ),
        ),
    ]
}

/// The schemas as the pretty-printed JSON text written to `docs/schema/`, each ending with a
/// newline.
pub fn rendered_schemas() -> Vec<(&'static str, String)> {
    schemas()
        .into_iter()
        .map(|(name, schema)| {
            let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
            text.push('\n');
            (name, text)
        })
        .collect()
}
