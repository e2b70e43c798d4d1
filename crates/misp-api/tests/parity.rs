//! `docs/parity.json` maps PyMISP's 228 public methods to operations. The operations are read
//! from the code (the source files of misp-api and misp-admin), not from a hand-kept list:
//! every entry must name an operation that exists, and every operation must be named by an
//! entry, an entry's note, or `beyond_pymisp`.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// PyMISP 2.5.34's public members.
const PYMISP_METHODS: usize = 228;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The public module an item of `file` is reached through: the first folder or file under
/// `src` (`search/index.rs` is re-exported as `search::...`).
fn module(src: &Path, file: &Path) -> Option<String> {
    let relative = file.strip_prefix(src).unwrap();
    let first = relative.components().next()?.as_os_str().to_str()?;
    let name = first.strip_suffix(".rs").unwrap_or(first);
    (!matches!(
        name,
        "lib" | "macros" | "wire" | "endpoint" | "client" | "paging"
    ))
    .then(|| name.to_owned())
}

/// The operations declared in `text`: structs given to `op!`, structs with their own
/// `impl Operation for` / `impl Endpoint for`, and the bare type names passed to a macro of
/// the file that implements `Operation` (`analyst_kind!`, `typed_search!` ...), leaving out the
/// names the file imports (the records those macros also take).
fn declared(text: &str) -> Vec<String> {
    let ident = |s: &str| -> String {
        s.chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect()
    };
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect();
    let mut names = Vec::new();
    let mut imported = BTreeSet::new();
    let mut op_macros = Vec::new();
    let mut in_op = false;
    let mut current_macro: Option<(String, bool)> = None;
    for raw in &lines {
        let line = raw.trim();
        if line.starts_with("use ") {
            for word in line.split(|c: char| !(c.is_alphanumeric() || c == '_')) {
                imported.insert(word.to_owned());
            }
        }
        if let Some(rest) = line.strip_prefix("macro_rules! ") {
            current_macro = Some((ident(rest), false));
        } else if let Some((name, implements)) = current_macro.as_mut() {
            if line.contains("Operation for") || line.contains("op!") {
                *implements = true;
            }
            if *raw == "}" {
                if *implements {
                    op_macros.push(name.clone());
                }
                current_macro = None;
            }
            continue;
        }
        if line == "op! {" {
            in_op = true;
        } else if in_op && let Some(rest) = line.strip_prefix("pub struct ") {
            names.push(ident(rest));
            in_op = false;
        } else if line.starts_with("impl")
            && let Some((_, rest)) = line
                .split_once("Operation for ")
                .or_else(|| line.split_once("Endpoint for "))
        {
            names.push(ident(rest));
        }
    }
    let code = lines.join("\n");
    for mac in op_macros {
        let call = format!("{mac}!(");
        let mut rest = code.as_str();
        while let Some(at) = rest.find(&call) {
            let args = &rest[at + call.len()..];
            let (mut depth, mut arg, mut end) = (0i32, String::new(), args.len());
            let mut bare = Vec::new();
            for (i, c) in args.char_indices() {
                match c {
                    '(' | '[' | '{' => depth += 1,
                    ')' | ']' | '}' if depth == 0 => {
                        end = i;
                        break;
                    }
                    ')' | ']' | '}' => depth -= 1,
                    ',' if depth == 0 => {
                        bare.push(std::mem::take(&mut arg));
                        continue;
                    }
                    _ => {}
                }
                arg.push(c);
            }
            bare.push(arg);
            for a in bare {
                let a = a.trim();
                let is_type = a.chars().next().is_some_and(char::is_uppercase) && ident(a) == a;
                if is_type && !imported.contains(a) {
                    names.push(a.to_owned());
                }
            }
            rest = &args[end..];
        }
    }
    names
}

/// Every operation, as `misp_api::module::Name` or `misp_admin::module::Name`.
fn operations() -> BTreeSet<String> {
    let mut all = BTreeSet::new();
    for krate in ["misp-api", "misp-admin"] {
        let src = root().join("crates").join(krate).join("src");
        let mut files = Vec::new();
        rust_files(&src, &mut files);
        for file in files {
            let Some(module) = module(&src, &file) else {
                continue;
            };
            let text = std::fs::read_to_string(&file).unwrap();
            for name in declared(&text) {
                all.insert(format!("{}::{module}::{name}", krate.replace('-', "_")));
            }
        }
    }
    all
}

fn full(op: &str) -> String {
    if op.starts_with("misp_admin::") {
        op.to_owned()
    } else {
        format!("misp_api::{op}")
    }
}

#[test]
fn the_scan_finds_the_operations_of_both_crates() {
    let ops = operations();
    for known in [
        "misp_api::events::GetEvent",
        "misp_api::search::SearchIndex",
        "misp_api::galaxies::AttachGalaxyCluster",
        "misp_admin::users::AddUser",
        "misp_admin::servers::PullServer",
        "misp_admin::workers::GetWorkers",
    ] {
        assert!(ops.contains(known), "{known} not found by the scan");
    }
    assert!(ops.len() > 200, "only {} operations found", ops.len());
}

#[test]
fn every_parity_entry_names_an_operation_and_every_operation_is_listed() {
    let path = root().join("docs/parity.json");
    let doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let known = operations();
    // Not operations, but named by entries: the query builder behind build_complex_query.
    let helpers = ["misp_api::search::Filter".to_owned()];
    let mut listed = BTreeSet::new();
    let mut methods = BTreeSet::new();
    let mut dangling = Vec::new();
    let mut notes = String::new();
    let entries = doc["entries"].as_array().unwrap();
    for entry in entries {
        let method = entry["pymisp"].as_str().unwrap();
        assert!(
            methods.insert(method.to_owned()),
            "`{method}` is listed twice"
        );
        let note = entry["note"].as_str().unwrap_or("");
        notes.push_str(note);
        notes.push('\n');
        match entry["operation"].as_str() {
            Some(op) => {
                let op = full(op);
                if !known.contains(&op) && !helpers.contains(&op) {
                    dangling.push(format!("{method} -> {op}"));
                }
                listed.insert(op);
            }
            None => assert!(!note.is_empty(), "`{method}` has no operation and no note"),
        }
    }
    for extra in doc["beyond_pymisp"].as_array().unwrap() {
        let op = full(extra["operation"].as_str().unwrap());
        if !known.contains(&op) {
            dangling.push(format!("beyond_pymisp -> {op}"));
        }
        listed.insert(op);
    }
    assert_eq!(methods.len(), PYMISP_METHODS, "PyMISP methods listed");
    assert!(
        dangling.is_empty(),
        "entries naming no operation: {dangling:?}"
    );
    // An operation named only in a note (by its short name or `module::Name`) counts as listed.
    let unlisted: Vec<&String> = known
        .iter()
        .filter(|op| !listed.contains(*op))
        .filter(|op| {
            let short = op.rsplit("::").next().unwrap();
            !notes
                .split(|c: char| !(c.is_alphanumeric() || c == '_'))
                .any(|w| w == short)
        })
        .collect();
    assert!(
        unlisted.is_empty(),
        "operations missing from docs/parity.json: {unlisted:?}"
    );
}
