//! Every `misp` command line written in `README.md` and `docs/**/*.md` names commands and flags
//! that exist: each is checked against the command line's own definition (`Cli::command()`).
//!
//! Found: lines of code blocks (fenced or indented) that start with `misp` or `$ misp`,
//! `cargo run ... -p misp-cli -- ARGS`, and inline code spans that start with `misp `. Shell
//! pipes, `&&`, redirections and comments end a command; a second `misp` on a line starts
//! another. Subcommands are followed as far as they go; every `--flag` and `-f` must exist on
//! the command reached (or be global). Positional values are not checked.

use std::path::{Path, PathBuf};

use clap::CommandFactory;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The Markdown files the check reads: the README and everything under `docs/`.
fn pages() -> Vec<PathBuf> {
    let mut found = vec![root().join("README.md")];
    let mut dirs = vec![root().join("docs")];
    while let Some(dir) = dirs.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "md") {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

/// A command found in a page: where, and its words after `misp`.
#[derive(Debug)]
struct Found {
    line: usize,
    words: Vec<String>,
}

/// The `misp` command lines of a Markdown text.
fn commands(text: &str) -> Vec<Found> {
    let mut found = Vec::new();
    let mut fence: Option<bool> = None; // Some(is a shell-like block)
    let mut previous_blank = true;
    let mut console = false;
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        if let Some(info) = trimmed.strip_prefix("```") {
            console =
                fence.is_none() && info.split(',').next().unwrap_or_default().trim() == "console";
            fence = match fence {
                Some(_) => None,
                // `console,fixtures=...`: the kind is the info string's first word.
                None => Some(matches!(
                    info.split(',').next().unwrap_or_default().trim(),
                    "" | "sh" | "bash" | "shell" | "console" | "text" | "zsh"
                )),
            };
            previous_blank = false;
            continue;
        }
        let in_code = match fence {
            Some(shell) => shell,
            // An indented code block: four spaces after a blank line or another code line.
            None => line.starts_with("    ") && previous_blank,
        };
        // A console block's commands are its `$ ` lines; the rest is their output.
        let output_line = console && !trimmed.starts_with("$ ");
        if in_code && !output_line {
            for words in shell_commands(trimmed) {
                found.push(Found { line: i + 1, words });
            }
        } else if fence.is_none() {
            for span in inline_code(line) {
                if span.starts_with("misp ") || span == "misp" {
                    for words in shell_commands(span) {
                        found.push(Found { line: i + 1, words });
                    }
                }
            }
        }
        // An indented block goes on while its lines stay indented.
        previous_blank = line.trim().is_empty() || (fence.is_none() && in_code);
    }
    found
}

/// The contents of `` `...` `` spans of a line.
fn inline_code(line: &str) -> Vec<&str> {
    let mut spans = Vec::new();
    let mut rest = line;
    while let Some(start) = rest.find('`') {
        let after = &rest[start + 1..];
        let Some(end) = after.find('`') else { break };
        spans.push(&after[..end]);
        rest = &after[end + 1..];
    }
    spans
}

/// Splits a shell line into words, honouring quotes; `#` starts a comment.
fn words(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut quote: Option<char> = None;
    let mut in_word = false;
    for c in line.chars() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => word.push(c),
            None if c == '"' || c == '\'' => {
                quote = Some(c);
                in_word = true;
            }
            None if c.is_whitespace() => {
                if in_word {
                    out.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            None if c == '#' && !in_word => break,
            None => {
                word.push(c);
                in_word = true;
            }
        }
    }
    if in_word {
        out.push(word);
    }
    out
}

/// The `misp` invocations of one shell line, each as its words after `misp`.
fn shell_commands(line: &str) -> Vec<Vec<String>> {
    let line = line.strip_prefix("$ ").unwrap_or(line);
    let mut found = Vec::new();
    let mut current: Option<Vec<String>> = None;
    let mut cargo_run: Vec<String> = Vec::new();
    for word in words(line) {
        let ends = matches!(word.as_str(), "|" | "||" | "&&" | ";")
            || word.starts_with('>')
            || word.starts_with("2>")
            || word.starts_with('<');
        if ends {
            if let Some(c) = current.take() {
                found.push(c);
            }
            cargo_run.clear();
            continue;
        }
        if word == "misp" {
            if let Some(c) = current.take() {
                found.push(c);
            }
            current = Some(Vec::new());
            continue;
        }
        // `cargo run -q -p misp-cli -- ARGS`
        if current.is_none() {
            cargo_run.push(word.clone());
            if word == "--"
                && cargo_run.first().map(String::as_str) == Some("cargo")
                && cargo_run.iter().any(|w| w == "misp-cli")
            {
                current = Some(Vec::new());
            }
            continue;
        }
        if let Some(c) = current.as_mut() {
            c.push(word);
        }
    }
    if let Some(c) = current.take() {
        found.push(c);
    }
    found
}

/// Whether a word is a placeholder rather than a value (`ID|UUID`, `[filters]`, `FILE...`).
fn placeholder(word: &str) -> bool {
    word.starts_with('[')
        || word.starts_with('<')
        || word.contains("...")
        || word.contains('…')
        || (word.chars().any(|c| c.is_ascii_uppercase())
            && word
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || "|_-".contains(c)))
}

/// Checks one command line against the definition; the problem, if any.
fn check(cli: &clap::Command, words: &[String]) -> Result<(), String> {
    let mut path: Vec<&clap::Command> = vec![cli];
    let mut positional_seen = false;
    let mut i = 0;
    while i < words.len() {
        let word = &words[i];
        i += 1;
        let cmd = *path.last().expect("the root is always there");
        let here = || {
            path.iter()
                .map(|c| c.get_name())
                .collect::<Vec<_>>()
                .join(" ")
        };
        if word == "--" {
            break;
        }
        if let Some(flag) = word.strip_prefix("--") {
            let name = flag.split('=').next().unwrap_or(flag);
            let arg = path.iter().rev().flat_map(|c| c.get_arguments()).find(|a| {
                a.get_long() == Some(name) || a.get_all_aliases().is_some_and(|v| v.contains(&name))
            });
            let Some(arg) = arg else {
                return Err(format!("`{}` has no flag `--{name}`", here()));
            };
            if !flag.contains('=')
                && arg.get_action().takes_values()
                && !placeholder_value_is_flag(words.get(i))
            {
                i += 1;
            }
            continue;
        }
        if let Some(shorts) = word
            .strip_prefix('-')
            .filter(|s| !s.is_empty() && !s.starts_with(|c: char| c.is_ascii_digit()))
        {
            for s in shorts.chars() {
                let arg = path
                    .iter()
                    .rev()
                    .flat_map(|c| c.get_arguments())
                    .find(|a| a.get_short() == Some(s));
                let Some(arg) = arg else {
                    return Err(format!("`{}` has no flag `-{s}`", here()));
                };
                if arg.get_action().takes_values() {
                    i += 1;
                    break;
                }
            }
            continue;
        }
        if positional_seen {
            continue;
        }
        if let Some(sub) = cmd.find_subcommand(word) {
            path.push(sub);
            continue;
        }
        let has_subcommands = cmd.get_subcommands().next().is_some();
        let takes_positionals = cmd.get_positionals().next().is_some();
        if has_subcommands && !takes_positionals && !placeholder(word) {
            let names: Vec<&str> = cmd.get_subcommands().map(|c| c.get_name()).collect();
            return Err(format!(
                "`{}` has no command `{word}` (it has: {})",
                here(),
                names.join(", ")
            ));
        }
        positional_seen = true;
    }
    Ok(())
}

/// A flag's value is the next word, unless that word is itself a flag.
fn placeholder_value_is_flag(next: Option<&String>) -> bool {
    next.is_some_and(|w| w.starts_with("--"))
}

fn definition() -> clap::Command {
    let mut cli = misp_cli::Cli::command();
    cli.build();
    cli
}

#[test]
fn every_misp_command_in_the_docs_exists() {
    let cli = definition();
    let mut problems = Vec::new();
    let mut checked = 0;
    for page in pages() {
        let text = std::fs::read_to_string(&page).unwrap();
        let rel = page
            .strip_prefix(root())
            .unwrap_or(&page)
            .display()
            .to_string();
        for found in commands(&text) {
            checked += 1;
            if let Err(problem) = check(&cli, &found.words) {
                problems.push(format!(
                    "{rel}:{}: `misp {}`: {problem}",
                    found.line,
                    found.words.join(" ")
                ));
            }
        }
    }
    assert!(
        checked > 10,
        "only {checked} commands found: is the parser reading the pages?"
    );
    assert!(
        problems.is_empty(),
        "commands that do not exist:\n{}",
        problems.join("\n")
    );
}

#[test]
fn the_check_finds_commands_in_every_form_the_docs_use() {
    let text = "\
Run `misp event get 12` or `misp_client::Client` (not a command).

```sh
$ misp event search --tag tlp:clear --last 7d | jq .
cargo run -q -p misp-cli -- event validate a.json && cargo run -q -p misp-cli -- event summary a.json
```

    misp types --category \"Network activity\"     misp types show ip-dst

```rust
let misp = 1; // not shell
```
";
    let found: Vec<String> = commands(text).iter().map(|f| f.words.join(" ")).collect();
    assert_eq!(
        found,
        [
            "event get 12",
            "event search --tag tlp:clear --last 7d",
            "event validate a.json",
            "event summary a.json",
            "types --category Network activity",
            "types show ip-dst",
        ]
    );
}

#[test]
fn the_check_refuses_what_does_not_exist() {
    let cli = definition();
    let words = |s: &str| s.split_whitespace().map(str::to_owned).collect::<Vec<_>>();
    assert!(check(&cli, &words("event get 12")).is_ok());
    assert!(check(&cli, &words("event get ID|UUID")).is_ok());
    assert!(
        check(
            &cli,
            &words("attribute search --type ip-dst --to-ids --limit 100")
        )
        .is_ok()
    );
    assert!(check(&cli, &words("--verbose event publish 12")).is_ok());
    let unknown_command = check(&cli, &words("event frobnicate 12")).unwrap_err();
    assert!(
        unknown_command.contains("no command `frobnicate`"),
        "{unknown_command}"
    );
    let unknown_flag = check(&cli, &words("event search --no-such-flag x")).unwrap_err();
    assert!(unknown_flag.contains("--no-such-flag"), "{unknown_flag}");
    assert!(check(&cli, &words("nosuchcommand")).is_err());
}
