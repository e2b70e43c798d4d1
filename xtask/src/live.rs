//! `cargo xtask live`: runs the client's main flows against a real MISP named by `MISP_URL` and
//! `MISP_KEY` (and the other `MISP_*` settings `misp-client` reads). It fails, never passes,
//! when they are not set.
//!
//! The flows: check the key; create an event with attributes (client-side UUIDs); add an
//! object, a tag and a sighting; search by value, type, tag and event UUID, and page through
//! the event's attributes one per page; update; publish; delete. The event it creates is
//! deleted at the end, also when a step fails.
//!
//! The same kinds of exchange, as a MISP 2.5.1 really answered them in both number encodings
//! (`fixtures/live/`), are replayed through the client by `crates/misp-client/tests/live_flows.rs`
//! and `tests/paging.rs`, so the flows are checked without a server too.

use anyhow::{Context, bail, ensure};
use futures::TryStreamExt;
use misp_api::search::{Filter, SearchAttributes, SearchQuery};
use misp_client::Client;
use serde_json::{Value, json};

const USAGE: &str = "cargo xtask live: needs MISP_URL and MISP_KEY naming a MISP instance whose \
key may create and delete events (MISP_VERIFY_TLS=false for a self-signed test server). \
Nothing was tested.";

/// Entry point for `cargo xtask live`.
pub fn run(_args: &[String]) -> anyhow::Result<()> {
    let set = |n: &str| std::env::var(n).is_ok_and(|v| !v.trim().is_empty());
    if !set("MISP_URL") || !(set("MISP_KEY") || set("MISP_API_KEY")) {
        bail!("{USAGE}");
    }
    let client = Client::from_env().context("cannot configure the client from MISP_*")?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    runtime.block_on(flows(&client))
}

/// Reads a model value as JSON, whatever type the model uses.
fn as_json<T: serde::Serialize>(value: &T) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}

/// Builds a model value from JSON.
fn from_json<T: serde::de::DeserializeOwned>(value: Value) -> anyhow::Result<T> {
    serde_json::from_value(value).context("cannot build the model value")
}

/// An id the server sent as a number or a string.
fn id_of(value: &Value) -> anyhow::Result<u64> {
    match value.get("id") {
        Some(Value::Number(n)) => n.as_u64(),
        Some(Value::String(s)) => s.parse().ok(),
        _ => None,
    }
    .with_context(|| format!("no id in {value}"))
}

fn step(name: &str) {
    println!("live: {name}");
}

async fn flows(client: &Client) -> anyhow::Result<()> {
    step("server version");
    let version = client.send(&misp_api::instance::GetVersion).await?;
    println!("live:   {}", as_json(&version));

    let event_uuid = uuid::Uuid::new_v4();
    let marker = format!("misp-rs-live-{}", &event_uuid.simple().to_string()[..12]);
    let ip = format!("198.51.100.{}", 1 + event_uuid.as_bytes()[0] % 250);
    step("create an event with attributes");
    let event = from_json(json!({
        "uuid": event_uuid,
        "info": format!("misp-rs live test {marker}"),
        "distribution": 0,
        "threat_level_id": 4,
        "analysis": 0,
        "Attribute": [
            {"uuid": uuid::Uuid::new_v4(), "type": "ip-dst", "category": "Network activity", "value": ip, "to_ids": true},
            {"uuid": uuid::Uuid::new_v4(), "type": "domain", "category": "Network activity", "value": format!("{marker}.example")},
            {"uuid": uuid::Uuid::new_v4(), "type": "comment", "category": "Other", "value": marker},
        ]
    }))?;
    let created = as_json(&client.events().add(event).await?);
    let event_id = id_of(&created)?;
    let outcome = checks(client, event_id, event_uuid, &marker, &ip).await;

    step("delete the event");
    let deleted = client.events().delete(event_id).await;
    let gone = !client.events().exists(event_id).await.unwrap_or(true);
    outcome?;
    deleted?;
    ensure!(gone, "event {event_id} still exists after delete");
    println!("live: all flows passed");
    Ok(())
}

async fn checks(
    client: &Client,
    event_id: u64,
    event_uuid: uuid::Uuid,
    marker: &str,
    ip: &str,
) -> anyhow::Result<()> {
    let event = as_json(&client.events().get(event_id).await?);
    ensure!(
        event["uuid"] == json!(event_uuid.to_string()),
        "the event came back with another uuid: {}",
        event["uuid"]
    );
    let attributes = event["Attribute"].as_array().map_or(0, Vec::len);
    ensure!(attributes == 3, "expected 3 attributes, got {attributes}");

    step("add an object");
    let template = misp_types::object_template("domain-ip").context("no domain-ip template")?;
    let object = from_json(json!({
        "uuid": uuid::Uuid::new_v4(),
        "name": template.name,
        "meta-category": template.meta_category,
        "description": template.description,
        "template_uuid": template.uuid,
        "template_version": template.version,
        "distribution": 5,
        "Attribute": [
            {"type": "domain", "object_relation": "domain", "category": "Network activity", "value": format!("obj.{marker}.example")},
            {"type": "ip-dst", "object_relation": "ip", "category": "Network activity", "value": "192.0.2.77"},
        ]
    }))?;
    let object = as_json(&client.objects().add(event_id, object).await?);
    id_of(&object)?;

    step("tag the event");
    let tag_name = "misp-rs:live-test";
    client
        .send(&misp_api::tags::AddTag::new(from_json::<
            misp_api::model::Tag,
        >(
            json!({"name": tag_name, "colour": "#336699"}),
        )?))
        .await?;
    client.tags().attach(event_uuid, tag_name).await?;

    step("add a sighting");
    let ip_attribute = event["Attribute"]
        .as_array()
        .and_then(|a| a.iter().find(|x| x["value"] == json!(ip)))
        .context("the ip-dst attribute is missing")?;
    client
        .sightings()
        .add(
            id_of(ip_attribute)?,
            from_json(json!({"source": "misp-rs live"}))?,
        )
        .await?;

    step("search by value, type, tag and event uuid");
    let by_value: Vec<_> = client
        .search()
        .attributes(SearchQuery::new().value(Filter::from(ip)))
        .try_collect()
        .await?;
    ensure!(!by_value.is_empty(), "no attribute found by value {ip}");
    let by_type: Vec<_> = client
        .search()
        .attributes(
            SearchQuery::new()
                .types(Filter::from("domain"))
                .event_ids(Filter::from(event_id)),
        )
        .try_collect()
        .await?;
    ensure!(
        by_type.len() == 2,
        "expected 2 domains (one in the object), got {}",
        by_type.len()
    );
    let by_tag: Vec<_> = client
        .search()
        .events(SearchQuery::new().tags(Filter::from(tag_name)))
        .try_collect()
        .await?;
    ensure!(
        by_tag
            .iter()
            .any(|e| as_json(e)["uuid"] == json!(event_uuid.to_string())),
        "the event is not found by its tag"
    );
    let by_uuid: Vec<_> = client
        .search()
        .events(SearchQuery::new().uuids(Filter::from(event_uuid)))
        .try_collect()
        .await?;
    ensure!(
        by_uuid.len() == 1,
        "expected the event by uuid, got {}",
        by_uuid.len()
    );

    step("page through the event's attributes, one per page");
    let query = SearchQuery::new().event_ids(Filter::from(event_id));
    let paged: Vec<_> = client
        .paginate(SearchAttributes::new(query).page_size(1))
        .try_collect()
        .await?;
    ensure!(
        paged.len() == 5,
        "expected 5 attributes over 5 pages, got {}",
        paged.len()
    );

    step("update the event");
    let info = format!("misp-rs live test {marker} (edited)");
    client
        .events()
        .update(event_id, from_json(json!({"info": info}))?)
        .await?;
    let again = as_json(&client.events().get(event_id).await?);
    ensure!(
        again["info"] == json!(info),
        "update not applied: {}",
        again["info"]
    );

    step("publish the event");
    client.events().publish(event_id).await?;
    Ok(())
}
