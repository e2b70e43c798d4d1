//! `cargo xtask docs [--check]`: write `docs/guide/migrating-from-pymisp.md`, the table from
//! each PyMISP method to its misp-rs operation, from `docs/parity.json` and the client
//! shortcuts found in `misp-client`'s and `misp-admin`'s sources; with `--check`, fail if the
//! committed page differs from what would be written now.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use anyhow::{Context, bail};
use serde::Deserialize;

const USAGE: &str = "usage: cargo xtask docs [--check]";
const PAGE: &str = "docs/guide/migrating-from-pymisp.md";

/// Runs the task.
pub fn run(args: &[String]) -> anyhow::Result<()> {
    let mut check = false;
    for arg in args {
        match arg.as_str() {
            "--check" => check = true,
            other => bail!("docs: unknown argument `{other}` ({USAGE})"),
        }
    }
    let root = crate::workspace_root();
    let page = render(&root)?;
    let path = root.join(PAGE);
    if check {
        let current = std::fs::read_to_string(&path).unwrap_or_default();
        if current != page {
            bail!("{PAGE} is stale: run `cargo xtask docs` and commit the result");
        }
        println!("{PAGE} is up to date");
    } else {
        std::fs::write(&path, page).with_context(|| format!("writing {}", path.display()))?;
        println!("wrote {PAGE}");
    }
    Ok(())
}

#[derive(Deserialize)]
struct Parity {
    entries: Vec<Entry>,
    beyond_pymisp: Vec<Beyond>,
}

#[derive(Deserialize)]
struct Entry {
    area: String,
    pymisp: String,
    operation: Option<String>,
    #[serde(default)]
    note: String,
}

#[derive(Deserialize)]
struct Beyond {
    operation: String,
    #[serde(default)]
    note: String,
}

/// The `misp` commands, by the operation they run (` / ` separates two commands of one
/// operation). Every command named here
/// is checked against the command line's definition by `misp-cli`'s `tests/docs_commands.rs`.
const CLI: &[(&str, &str)] = &[
    ("instance::GetVersion", "misp version"),
    ("instance::DirectCall", "misp api"),
    ("events::ListEvents", "misp event index"),
    ("search::SearchIndex", "misp event index"),
    ("events::GetEvent", "misp event get"),
    ("events::AddEvent", "misp event add"),
    ("events::UpdateEvent", "misp event edit"),
    ("events::PublishEvent", "misp event publish"),
    ("events::UnpublishEvent", "misp event unpublish"),
    ("events::DeleteEvent", "misp event delete"),
    ("events::FreeTextImport", "misp freetext"),
    ("search::SearchEvents", "misp event search"),
    ("search::SearchAttributes", "misp attribute search"),
    ("attributes::AddAttribute", "misp attribute add"),
    ("objects::AddObject", "misp object add"),
    ("sightings::AddSighting", "misp sighting add"),
    ("tags::ListTags", "misp tag list"),
    ("tags::SearchTags", "misp tag list --search"),
    ("tags::AttachTag", "misp tag attach"),
    ("tags::RemoveTag", "misp tag detach"),
    ("samples::UploadSample", "misp sample upload"),
    ("samples::DownloadAttachment", "misp sample download"),
    (
        "object_templates::ListObjectTemplates",
        "misp template list",
    ),
    ("misp_admin::users::ListUsers", "misp user list"),
    ("misp_admin::users::GetUser", "misp user get"),
    ("misp_admin::users::AddUser", "misp user add"),
    ("misp_admin::users::UpdateUser", "misp user edit"),
    ("misp_admin::users::DeleteUser", "misp user delete"),
    ("misp_admin::auth_keys::AddAuthKey", "misp user new-key"),
    (
        "misp_admin::organisations::ListOrganisations",
        "misp org list",
    ),
    ("misp_admin::organisations::GetOrganisation", "misp org get"),
    ("misp_admin::organisations::AddOrganisation", "misp org add"),
    (
        "misp_admin::organisations::UpdateOrganisation",
        "misp org edit",
    ),
    (
        "misp_admin::organisations::DeleteOrganisation",
        "misp org delete",
    ),
    ("misp_admin::roles::ListRoles", "misp role list"),
    ("misp_admin::roles::AddRole", "misp role add"),
    ("misp_admin::roles::UpdateRole", "misp role edit"),
    ("misp_admin::roles::DeleteRole", "misp role delete"),
    ("misp_admin::roles::SetDefaultRole", "misp role set-default"),
    (
        "misp_admin::sharing_groups::ListSharingGroups",
        "misp sharing-group list",
    ),
    (
        "misp_admin::sharing_groups::GetSharingGroup",
        "misp sharing-group get",
    ),
    (
        "misp_admin::sharing_groups::AddSharingGroup",
        "misp sharing-group add",
    ),
    (
        "misp_admin::sharing_groups::UpdateSharingGroup",
        "misp sharing-group edit",
    ),
    (
        "misp_admin::sharing_groups::DeleteSharingGroup",
        "misp sharing-group delete",
    ),
    (
        "misp_admin::sharing_groups::AddOrgToSharingGroup",
        "misp sharing-group add-org",
    ),
    (
        "misp_admin::sharing_groups::RemoveOrgFromSharingGroup",
        "misp sharing-group remove-org",
    ),
    (
        "misp_admin::sharing_groups::AddServerToSharingGroup",
        "misp sharing-group add-server",
    ),
    (
        "misp_admin::sharing_groups::RemoveServerFromSharingGroup",
        "misp sharing-group remove-server",
    ),
    ("misp_admin::servers::ListServers", "misp server list"),
    ("misp_admin::servers::AddServer", "misp server add"),
    ("misp_admin::servers::UpdateServer", "misp server edit"),
    ("misp_admin::servers::DeleteServer", "misp server delete"),
    ("misp_admin::servers::TestServer", "misp server test"),
    ("misp_admin::servers::PullServer", "misp server pull"),
    ("misp_admin::servers::PushServer", "misp server push"),
    ("misp_admin::feeds::ListFeeds", "misp feed list"),
    ("misp_admin::feeds::GetFeed", "misp feed get"),
    (
        "misp_admin::feeds::SetFeedEnabled",
        "misp feed enable / misp feed disable",
    ),
    ("misp_admin::feeds::FetchFeed", "misp feed fetch"),
    ("misp_admin::feeds::FetchAllFeeds", "misp feed fetch --all"),
    ("misp_admin::feeds::CacheFeeds", "misp feed cache"),
    ("misp_admin::feeds::DeleteFeed", "misp feed delete"),
    (
        "misp_admin::settings::GetServerSettings",
        "misp setting list",
    ),
    ("misp_admin::settings::GetServerSetting", "misp setting get"),
    ("misp_admin::settings::SetServerSetting", "misp setting set"),
    ("misp_admin::workers::GetWorkers", "misp worker list"),
    ("misp_admin::workers::StartWorker", "misp worker start"),
    ("misp_admin::workers::StopWorker", "misp worker stop"),
    ("misp_admin::workers::RestartWorkers", "misp worker restart"),
    (
        "misp_admin::workers::RestartDeadWorkers",
        "misp worker restart-dead",
    ),
    (
        "misp_admin::workers::KillAllWorkers",
        "misp worker kill-all",
    ),
    ("misp_admin::logs::SearchLogs", "misp log"),
];

const HEADER: &str = "\
# Migrating from PyMISP

<!-- Generated by `cargo xtask docs` from docs/parity.json and the client sources; do not edit.
     CI runs `cargo xtask docs --check`. -->

Every PyMISP 2.5 method has a misp-rs operation: a value in `misp_api` (or `misp_admin` for
the administration areas) that `client.send(&op)` runs. The common ones also have a shortcut
on the client (`client.events().get(12)`); the admin shortcuts come with
`use misp_admin::AdminExt`. The guide's pages show each family at work.

## Idioms

| PyMISP | misp-rs |
|---|---|
| `PyMISP(url, key, ssl=False)` | `Client::builder().url(url).key(key).danger_accept_invalid_certs(true).build()?`, or `Client::from_env()?` ([connecting](connecting.md)) |
| `ssl='ca.pem'`, `cert=('c.pem', 'k.pem')`, `proxies={...}`, `timeout=` | `.ca_cert_file(..)`, `.client_identity_file(..)` (one PEM with both), `.proxy(..)`, `.connect_timeout(..)` / `.read_timeout(..)` |
| `pythonify=True` | always: answers decode to `misp_types` records; unknown keys are kept |
| `search(controller='attributes', ...)` | `client.search().attributes(SearchQuery::new()...)`, streamed ([look-ups](lookups-and-exports.md)) |
| `search(..., limit=, page=)` in a loop | `client.paginate(SearchAttributes::new(query).page_size(n))` |
| `search(return_format='csv')` | `client.search().export(Scope::Attributes, ReturnFormat::Csv, query, &mut writer)` |
| `build_complex_query(or_parameters=, and_parameters=, not_parameters=)` | `Filter::any([..])`, `Filter::all([..])`, `Filter::none([..])`, `.or(..)`, `.and(..)`, `.not(..)` |
| `search_index(...)` | `client.send(&SearchIndex::new()...)` ([recent changes](recent-changes.md)) |
| `MISPEvent()`, `add_attribute(...)`, `add_tag(...)` | `EventBuilder::new(info).add_attribute(type, value).tag(name).build()?` ([writing](writing.md)) |
| `MISPObject('file')`, `add_attribute(relation, value)` | `ObjectBuilder::new(\"file\").attribute(relation, value).build()?` |
| `MISPEvent.load_file(path)`, `to_json()` | `EventDocument::from_path(path)?`, `doc.to_json()?` ([offline](offline.md)) |
| `direct_call(path, data)` | `client.send(&DirectCall::post(path, data))` |
| a dict with `errors` in it | `Err(misp_client::Error)`: typed, with `is_not_found()`, `api()` ... ([errors](errors.md)) |

## Methods

The CLI column lists the `misp` command that runs the operation (`misp api METHOD PATH` calls any other endpoint).
";

/// The page, as `cargo xtask docs` writes it.
fn render(root: &Path) -> anyhow::Result<String> {
    let parity_path = root.join("docs/parity.json");
    let text = std::fs::read_to_string(&parity_path)
        .with_context(|| format!("reading {}", parity_path.display()))?;
    let parity: Parity = serde_json::from_str(&text)
        .with_context(|| format!("parsing {}", parity_path.display()))?;
    let mut shortcuts = shortcuts(&read(root, "crates/misp-client/src/areas.rs")?);
    shortcuts.extend(shortcuts_of_admin(&read(
        root,
        "crates/misp-admin/src/client.rs",
    )?));
    let cli: BTreeMap<&str, &str> = CLI.iter().copied().collect();

    let mut out = String::from(HEADER);
    let mut area = "";
    for entry in &parity.entries {
        if entry.area != area {
            area = &entry.area;
            let _ = write!(
                out,
                "\n### {area}\n\n| PyMISP | misp-rs operation | client shortcut | CLI | notes |\n|---|---|---|---|---|\n"
            );
        }
        let (operation, shortcut, command) = match &entry.operation {
            Some(op) => {
                let name = op.rsplit("::").next().unwrap_or(op);
                (
                    format!("`{}`", full_path(op)),
                    shortcuts
                        .get(name)
                        .map(|s| format!("`{s}`"))
                        .unwrap_or_default(),
                    cli.get(op.as_str())
                        .map(|c| {
                            c.split(" / ")
                                .map(|c| format!("`{c}`"))
                                .collect::<Vec<_>>()
                                .join(" / ")
                        })
                        .unwrap_or_default(),
                )
            }
            None => ("none".to_owned(), String::new(), String::new()),
        };
        let _ = writeln!(
            out,
            "| `{}` | {operation} | {shortcut} | {command} | {} |",
            entry.pymisp,
            cell(&entry.note)
        );
    }
    let _ = write!(
        out,
        "\n## Beyond PyMISP\n\nOperations MISP has and PyMISP lacks.\n\n| misp-rs operation | client shortcut | notes |\n|---|---|---|\n"
    );
    for b in &parity.beyond_pymisp {
        let name = b.operation.rsplit("::").next().unwrap_or(&b.operation);
        let shortcut = shortcuts
            .get(name)
            .map(|s| format!("`{s}`"))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "| `{}` | {shortcut} | {} |",
            full_path(&b.operation),
            cell(&b.note)
        );
    }
    Ok(out)
}

fn read(root: &Path, rel: &str) -> anyhow::Result<String> {
    let path = root.join(rel);
    std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))
}

/// `events::GetEvent` is under `misp_api`; admin operations are written in full.
fn full_path(op: &str) -> String {
    if op.starts_with("misp_") {
        op.to_owned()
    } else {
        format!("misp_api::{op}")
    }
}

/// A note as a table cell: one line, pipes escaped.
fn cell(note: &str) -> String {
    note.replace('\n', " ").replace('|', "\\|")
}

/// The shortcuts of `misp-client`: `fn events(&self) -> Events<'_>` names the handle of an
/// area, and each `pub fn` of `impl Events<'_>` is a shortcut for the first operation its body
/// names. Returns operation name -> `client.events().get(..)`.
fn shortcuts(src: &str) -> BTreeMap<String, String> {
    let mut handles = BTreeMap::new();
    for line in src.lines() {
        let line = line.trim();
        if let Some(rest) = line.strip_prefix("pub fn ")
            && let Some((name, tail)) = rest.split_once("(&self) -> ")
            && let Some(ty) = tail.strip_suffix("<'_> {")
        {
            handles.insert(ty.to_owned(), name.to_owned());
        }
    }
    methods(src, &handles)
}

/// The same for `misp-admin`, whose handles are declared as `users => Users,` in `areas!`.
fn shortcuts_of_admin(src: &str) -> BTreeMap<String, String> {
    let mut handles = BTreeMap::new();
    if let Some(start) = src.find("areas! {") {
        for line in src[start..].lines().skip(1) {
            let line = line.trim();
            if line == "}" {
                break;
            }
            if let Some((method, ty)) = line.trim_end_matches(',').split_once(" => ") {
                handles.insert(ty.trim().to_owned(), method.trim().to_owned());
            }
        }
    }
    methods(src, &handles)
}

/// Operation name -> shortcut call, from the `impl Handle<'_>` blocks of `src`.
fn methods(src: &str, handles: &BTreeMap<String, String>) -> BTreeMap<String, String> {
    let mut found: BTreeMap<String, String> = BTreeMap::new();
    let mut handle: Option<&str> = None;
    let mut current: Option<(String, bool, String)> = None; // (method, has args, body)
    let mut finish = |current: &mut Option<(String, bool, String)>, handle: Option<&str>| {
        if let (Some((method, args, body)), Some(h)) = (current.take(), handle) {
            if method.ends_with("_many") {
                return;
            }
            if let Some(op) = first_operation(&body) {
                let call = format!("client.{h}().{method}({})", if args { ".." } else { "" });
                found.entry(op).or_insert(call);
            }
        }
    };
    for line in src.lines() {
        let trimmed = line.trim();
        if let Some(rest) = trimmed.strip_prefix("impl ")
            && let Some(ty) = rest.strip_suffix("<'_> {")
        {
            finish(&mut current, handle);
            handle = handles.get(ty).map(String::as_str);
            continue;
        }
        if line.starts_with('}') {
            finish(&mut current, handle);
            handle = None;
            continue;
        }
        let signature = trimmed
            .strip_prefix("pub async fn ")
            .or_else(|| trimmed.strip_prefix("pub fn "));
        if let Some(sig) = signature {
            finish(&mut current, handle);
            let name: String = sig
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            let after_self = sig.split_once("&self").map(|(_, t)| t).unwrap_or("");
            let args = !after_self.trim_start().starts_with(')');
            current = Some((name, args, String::new()));
            continue;
        }
        if let Some((_, _, body)) = current.as_mut() {
            body.push_str(line);
            body.push('\n');
        }
    }
    finish(&mut current, handle);
    found
}

/// The first `CamelCase` identifier used as `Name::new`, `Name {` or `&Name` in a body.
fn first_operation(body: &str) -> Option<String> {
    let bytes = body.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i] as char;
        let starts_word =
            i == 0 || !(bytes[i - 1] as char).is_alphanumeric() && bytes[i - 1] != b'_';
        if starts_word && c.is_ascii_uppercase() {
            let end = body[i..]
                .find(|ch: char| !(ch.is_alphanumeric() || ch == '_'))
                .map_or(body.len(), |n| i + n);
            let word = &body[i..end];
            let rest = &body[end..];
            let before = body[..i].trim_end();
            let used_as_op = rest.starts_with("::new")
                || rest.starts_with(" {")
                || rest.starts_with("::")
                || before.ends_with('&')
                || before.ends_with("(&");
            let skip = matches!(
                word,
                "Some"
                    | "None"
                    | "Ok"
                    | "Err"
                    | "Self"
                    | "Vec"
                    | "String"
                    | "Value"
                    | "ApiError"
                    | "RequestContext"
                    | "Error"
                    | "Option"
                    | "Result"
                    | "IdOrUuid"
                    | "UserRef"
                    | "SearchQuery"
                    | "OrgScope"
                    | "Box"
            );
            if used_as_op && !skip && word.len() > 2 {
                return Some(word.to_owned());
            }
            i = end;
        } else {
            i += 1;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_shortcut_is_found_for_the_operation_its_body_sends() {
        let src = "\
impl Client {
    pub fn events(&self) -> Events<'_> {
        Events { client: self }
    }
}

impl Events<'_> {
    /// One event.
    pub async fn get(&self, event: impl Into<EventRef>) -> Result<Event, Error> {
        self.client.send(&GetEvent::new(event)).await
    }

    pub async fn add_many(&self, events: Vec<Event>) -> BulkResults<Event> {
        self.client.bulk(events, |e| AddEvent::new(e)).await
    }
}
";
        let found = shortcuts(src);
        assert_eq!(
            found.get("GetEvent").map(String::as_str),
            Some("client.events().get(..)")
        );
        assert!(
            !found.contains_key("AddEvent"),
            "bulk helpers are not the shortcut: {found:?}"
        );
    }

    #[test]
    fn the_page_lists_every_parity_entry_and_the_known_shortcuts() {
        let root = crate::workspace_root();
        let page = render(&root).unwrap();
        let parity: Parity =
            serde_json::from_str(&std::fs::read_to_string(root.join("docs/parity.json")).unwrap())
                .unwrap();
        for entry in &parity.entries {
            assert!(
                page.contains(&format!("| `{}` |", entry.pymisp)),
                "{}",
                entry.pymisp
            );
        }
        assert!(page.contains("| `get_event` | `misp_api::events::GetEvent` | `client.events().get(..)` | `misp event get` |"));
        assert!(page.contains("`client.users().list()`"));
    }
}
