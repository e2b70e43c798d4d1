//! The guide's console blocks: each `$ misp ...` line is run, and what it prints is compared with
//! the lines under it.
//!
//! A block runs in a fresh directory holding nothing but the files that the block's recorded
//! uploads sent (so `misp sample upload 39 x.exe` finds the `x.exe` that was uploaded) and the
//! fixture files its fence names with `files=` (under their own names), with no
//! MISP settings but `MISP_URL` (the wiremock server answering with the fence's fixtures) and
//! `MISP_KEY`, and no config file. The expected text is what the command wrote to stdout,
//! then to stderr. In it, a line `...` stands for any number of lines, and `[..]` for any
//! text within a line (a path, a time). Every command must succeed, except the block's last
//! when the fence says `exit=N`: that one must exit with `N`. The key never appears in what a
//! command prints.

use std::path::Path;
use std::process::Command;

use base64::Engine;

/// A block that does not run as the page says; its `Debug` is the message itself, so a failed
/// test shows the two texts as they are.
pub struct Mismatch(String);

impl std::fmt::Debug for Mismatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::fmt::Display for Mismatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Mismatch {}

/// One `$ misp ...` line of a block and the lines under it.
#[derive(Debug)]
struct Step {
    /// The words after `$ misp`.
    args: Vec<String>,
    /// The lines under it, up to the next command.
    expected: Vec<String>,
    /// Its line in the page.
    line: usize,
}

/// Runs a console block of `page` (its fence at `line`) against `fixtures`, in a directory
/// holding copies of `files` (paths under `fixtures/`); `exit` is the exit code the last
/// command must have. `bin` is the `misp` binary.
///
/// # Errors
///
/// When the block is malformed or a command cannot be started.
///
/// # Panics
///
/// When a command's output or exit code is not the block's: the message names the page and
/// line, and shows both texts, for every command of the block.
pub async fn run(
    bin: &str,
    page: &str,
    line: usize,
    fixtures: &[&str],
    files: &[&str],
    exit: i32,
    block: &str,
) -> crate::Result {
    let steps = parse(page, line, block)?;
    let server = if fixtures.is_empty() {
        None
    } else {
        Some(crate::serve(fixtures).await)
    };
    let dir = tempfile::tempdir()?;
    for name in fixtures {
        write_uploaded_files(&crate::recorded(name), dir.path())?;
    }
    for file in files {
        let from = crate::fixtures_dir().join(file);
        let name = Path::new(file)
            .file_name()
            .ok_or("a files= entry names a file")?;
        std::fs::copy(&from, dir.path().join(name))
            .map_err(|e| format!("{page}:{line}: files={file}: {e}"))?;
    }
    let mut mismatches = Vec::new();
    let last = steps.len() - 1;
    for (i, step) in steps.iter().enumerate() {
        let mut cmd = Command::new(bin);
        #[cfg(unix)]
        std::os::unix::process::CommandExt::arg0(&mut cmd, "misp");
        cmd.args(&step.args)
            .env_clear()
            .env("HOME", dir.path())
            .env("XDG_CONFIG_HOME", dir.path())
            .env("MISP_KEY", crate::KEY)
            .current_dir(dir.path());
        if let Some(server) = &server {
            cmd.env("MISP_URL", server.uri());
        }
        let output = tokio::task::spawn_blocking(move || cmd.output()).await??;
        let mut shown = String::from_utf8_lossy(&output.stdout).into_owned();
        shown.push_str(&String::from_utf8_lossy(&output.stderr));
        let code = output.status.code().unwrap_or(-1);
        let want_code = if i == last { exit } else { 0 };
        let at = format!("{page}:{}: `misp {}`", step.line, step.args.join(" "));
        if shown.contains(crate::KEY) {
            mismatches.push(format!("{at} printed the API key"));
        }
        if code != want_code {
            mismatches.push(format!(
                "{at} exited with {code}, the page says {want_code}; it printed:\n{shown}"
            ));
            continue;
        }
        let mut actual: Vec<&str> = shown.lines().map(str::trim_end).collect();
        while actual.last().is_some_and(|l| l.is_empty()) {
            actual.pop();
        }
        if !lines_match(&step.expected, &actual) {
            mismatches.push(format!(
                "{at} printed:\n{}\n--- the page shows:\n{}",
                actual.join("\n"),
                step.expected.join("\n")
            ));
        }
    }
    if !mismatches.is_empty() {
        // A panic, while the server is alive: its check of what was asked for (on drop) then
        // does not hide the mismatch.
        panic!("{}", Mismatch(mismatches.join("\n\n")));
    }
    Ok(())
}

/// The steps of a block; an error for a line before the first command or a command that is
/// not `misp`.
fn parse(page: &str, line: usize, block: &str) -> Result<Vec<Step>, Box<dyn std::error::Error>> {
    let mut steps: Vec<Step> = Vec::new();
    for (n, text) in block.lines().enumerate() {
        let at = line + 1 + n;
        if let Some(command) = text.strip_prefix("$ ") {
            let words = words(command);
            if words.first().map(String::as_str) != Some("misp") {
                return Err(
                    format!("{page}:{at}: a console block runs `misp` commands only").into(),
                );
            }
            if words
                .iter()
                .any(|w| matches!(w.as_str(), "|" | "&&" | ";" | ">"))
            {
                return Err(format!(
                    "{page}:{at}: a console block's command has no pipes or redirections"
                )
                .into());
            }
            steps.push(Step {
                args: words[1..].to_vec(),
                expected: Vec::new(),
                line: at,
            });
        } else {
            match steps.last_mut() {
                Some(step) => step.expected.push(text.trim_end().to_owned()),
                None if text.trim().is_empty() => {}
                None => {
                    return Err(
                        format!("{page}:{at}: a console block starts with `$ misp ...`").into(),
                    );
                }
            }
        }
    }
    for step in &mut steps {
        while step.expected.last().is_some_and(|l| l.is_empty()) {
            step.expected.pop();
        }
    }
    if steps.is_empty() {
        return Err(format!("{page}:{line}: a console block without a `$ misp ...` line").into());
    }
    Ok(steps)
}

/// A shell line's words, honouring single and double quotes.
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

/// Whether `actual` is what `expected` describes (`...` lines, `[..]` within a line).
fn lines_match(expected: &[String], actual: &[&str]) -> bool {
    match expected.split_first() {
        None => actual.is_empty(),
        Some((first, rest)) if first.trim() == "..." => {
            (0..=actual.len()).any(|skip| lines_match(rest, &actual[skip..]))
        }
        Some((first, rest)) => actual
            .split_first()
            .is_some_and(|(line, more)| line_matches(first, line) && lines_match(rest, more)),
    }
}

/// Whether a line is `pattern`, where `[..]` stands for any text.
fn line_matches(pattern: &str, line: &str) -> bool {
    let mut parts = pattern.split("[..]");
    let first = parts.next().unwrap_or_default();
    let Some(mut rest) = line.strip_prefix(first) else {
        return false;
    };
    let parts: Vec<&str> = parts.collect();
    for (i, part) in parts.iter().enumerate() {
        if i == parts.len() - 1 {
            return rest.ends_with(part);
        }
        match rest.find(part) {
            Some(at) => rest = &rest[at + part.len()..],
            None => return false,
        }
    }
    rest.is_empty()
}

/// Writes the files a recorded `events/upload_sample` sent into `dir`, under their names.
fn write_uploaded_files(rec: &crate::Recorded, dir: &Path) -> crate::Result {
    let files = rec.request_body["request"]["files"].as_array();
    for file in files.into_iter().flatten() {
        let (Some(name), Some(data)) = (file["filename"].as_str(), file["data"].as_str()) else {
            continue;
        };
        let name = Path::new(name)
            .file_name()
            .ok_or_else(|| format!("fixture {}: an uploaded file without a name", rec.name))?;
        let bytes = base64::engine::general_purpose::STANDARD.decode(data)?;
        std::fs::write(dir.join(name), bytes)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ellipsis_lines_and_spans() {
        let expected: Vec<String> = ["a", "...", "x [..] z"].map(String::from).to_vec();
        assert!(lines_match(&expected, &["a", "b", "c", "x y z"]));
        assert!(lines_match(&expected, &["a", "x  z"]));
        assert!(!lines_match(&expected, &["a", "b"]));
        assert!(!lines_match(&expected, &["b", "x y z"]));
        assert!(line_matches("[..]", "anything"));
        assert!(!line_matches("a[..]b", "ac"));
    }

    #[test]
    fn a_block_is_commands_and_their_output() {
        let steps = parse(
            "p.md",
            10,
            "$ misp version\n2.5.1\n\n$ misp tag list -o csv\nid\n",
        )
        .unwrap();
        assert_eq!(steps.len(), 2);
        assert_eq!(steps[0].expected, ["2.5.1"]);
        assert_eq!(steps[1].args, ["tag", "list", "-o", "csv"]);
        assert_eq!(steps[1].line, 14);
        assert!(parse("p.md", 1, "output first\n$ misp version").is_err());
        assert!(parse("p.md", 1, "$ curl x").is_err());
    }
}
