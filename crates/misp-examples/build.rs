//! Turns the Rust blocks of `README.md` and `docs/guide/*.md` into tests (see `src/lib.rs`).

use std::fmt::Write as _;
use std::path::PathBuf;

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let root = manifest.join("../..");
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("set by cargo"));
    let guide = root.join("docs/guide");
    println!("cargo:rerun-if-changed={}", guide.display());
    let mut pages: Vec<PathBuf> = std::fs::read_dir(&guide)
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    pages.retain(|p| p.extension().is_some_and(|e| e == "md"));
    pages.sort();
    pages.insert(0, root.join("README.md"));

    let mut tests = String::new();
    let mut readme_main = None;
    for page in &pages {
        println!("cargo:rerun-if-changed={}", page.display());
        let text = std::fs::read_to_string(page).expect("a docs page is readable");
        let rel = page
            .strip_prefix(&root)
            .unwrap_or(page)
            .display()
            .to_string();
        let stem = ident(page.file_stem().and_then(|s| s.to_str()).unwrap_or("page"));
        for (n, block) in blocks(&text).into_iter().enumerate() {
            if block.attrs[0] == "console" {
                emit_console(&mut tests, &rel, &stem, n, &block);
                continue;
            }
            if block.code.contains("fn main(") {
                if rel == "README.md" && readme_main.is_none() {
                    readme_main = Some(block.code.clone());
                    continue;
                }
                panic!(
                    "{rel}:{}: only the README's first example may be a whole program",
                    block.line
                );
            }
            emit(&mut tests, &rel, &stem, n, &block);
        }
    }
    std::fs::write(out.join("guide_tests.rs"), tests).expect("OUT_DIR is writable");
    let main = readme_main.expect("README.md has a Rust example with `fn main`");
    std::fs::write(out.join("readme_main.rs"), main).expect("OUT_DIR is writable");
}

struct Block {
    line: usize,
    attrs: Vec<String>,
    code: String,
}

/// The fenced blocks whose info string starts with `rust` or `console`.
fn blocks(text: &str) -> Vec<Block> {
    let mut found = Vec::new();
    let mut current: Option<Block> = None;
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        match current.as_mut() {
            None => {
                if let Some(info) = trimmed.strip_prefix("```") {
                    let attrs: Vec<String> = info.split(',').map(|a| a.trim().to_owned()).collect();
                    if matches!(attrs.first().map(String::as_str), Some("rust" | "console")) {
                        current = Some(Block {
                            line: i + 1,
                            attrs,
                            code: String::new(),
                        });
                    } else {
                        current = Some(Block {
                            line: 0,
                            attrs: Vec::new(),
                            code: String::new(),
                        });
                    }
                }
            }
            Some(block) => {
                if trimmed.starts_with("```") {
                    let done = current.take().expect("inside a block");
                    if done.line > 0 {
                        found.push(done);
                    }
                } else if block.line > 0 && block.attrs[0] == "console" {
                    block.code.push_str(line);
                    block.code.push('\n');
                } else if block.line > 0 {
                    // rustdoc's hidden lines: `# code` is compiled, not shown.
                    let code =
                        line.strip_prefix("# ")
                            .unwrap_or(if line == "#" { "" } else { line });
                    block.code.push_str(code);
                    block.code.push('\n');
                }
            }
        }
    }
    found
}

fn emit(out: &mut String, rel: &str, stem: &str, n: usize, block: &Block) {
    let name = format!("{stem}_{}_line_{}", n + 1, block.line);
    let mut fixtures: Vec<String> = Vec::new();
    let mut no_run = false;
    for attr in &block.attrs[1..] {
        if let Some(list) = attr.strip_prefix("fixtures=") {
            fixtures.extend(list.split('+').map(str::to_owned));
        } else if attr == "no_run" {
            no_run = true;
        } else {
            panic!(
                "{rel}:{}: unknown fence attribute `{attr}` (use fixtures=..., no_run)",
                block.line
            );
        }
    }
    let ends_with_ok = block
        .code
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .is_some_and(|l| l.trim_start().starts_with("Ok"));
    let tail = if ends_with_ok {
        ""
    } else {
        "    #[allow(unreachable_code)]\n    Ok(())\n"
    };
    let _ = writeln!(out, "// {rel}:{}", block.line);
    if no_run {
        let _ = writeln!(
            out,
            "#[allow(dead_code, unused_variables, unused_imports, clippy::all)]\nasync fn {name}() -> misp_examples::Result {{\n{}{tail}}}\n",
            block.code
        );
        return;
    }
    let setup = if fixtures.is_empty() {
        String::new()
    } else {
        let list: Vec<String> = fixtures.iter().map(|f| format!("{f:?}")).collect();
        format!(
            "    let server = misp_examples::serve(&[{}]).await;\n    let client = misp_examples::client(&server);\n",
            list.join(", ")
        )
    };
    let _ = writeln!(
        out,
        "#[tokio::test]\n#[allow(unused_variables, unused_imports, clippy::all)]\nasync fn {name}() -> misp_examples::Result {{\n{setup}{}{tail}}}\n",
        block.code
    );
}

/// A console block: its `$ misp ...` lines run against the fixtures, their output checked.
fn emit_console(out: &mut String, rel: &str, stem: &str, n: usize, block: &Block) {
    let name = format!("{stem}_{}_line_{}_console", n + 1, block.line);
    let mut fixtures: Vec<String> = Vec::new();
    let mut files: Vec<String> = Vec::new();
    let mut exit = 0i32;
    for attr in &block.attrs[1..] {
        if let Some(list) = attr.strip_prefix("fixtures=") {
            fixtures.extend(list.split('+').map(str::to_owned));
        } else if let Some(list) = attr.strip_prefix("files=") {
            files.extend(list.split('+').map(str::to_owned));
        } else if let Some(code) = attr.strip_prefix("exit=").and_then(|c| c.parse().ok()) {
            exit = code;
        } else {
            panic!(
                "{rel}:{}: unknown console fence attribute `{attr}` (use fixtures=..., files=..., exit=N)",
                block.line
            );
        }
    }
    let list: Vec<String> = fixtures.iter().map(|f| format!("{f:?}")).collect();
    let files: Vec<String> = files.iter().map(|f| format!("{f:?}")).collect();
    let _ = writeln!(out, "// {rel}:{}", block.line);
    let _ = writeln!(
        out,
        "#[tokio::test]\nasync fn {name}() -> misp_examples::Result {{\n    misp_examples::console::run(env!(\"CARGO_BIN_EXE_misp-guide\"), {rel:?}, {}, &[{}], &[{}], {exit}, {:?}).await\n}}\n",
        block.line,
        list.join(", "),
        files.join(", "),
        block.code
    );
}

fn ident(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect()
}
