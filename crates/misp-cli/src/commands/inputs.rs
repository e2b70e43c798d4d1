//! Objects from artefacts (cargo feature `tools`, over misp-tools): the `--file`, `--eml`,
//! `--url-object`, `--csv --template` flags of `misp event new` and `misp object add`, and
//! `misp object new KIND INPUT`.

use std::path::PathBuf;

use clap::Args;
use misp_tools::input::{Input, Made, objects_from};

use crate::error::CliError;

/// The artefacts to make objects of; each flag is repeatable.
#[derive(Debug, Default, Args)]
pub struct InputArgs {
    /// A sample: its `file` object, with `pe` / `elf` / `macho` objects and their sections
    /// when it parses as one, and the sample itself (malware-sample) (repeatable).
    #[arg(long, value_name = "SAMPLE")]
    pub file: Vec<PathBuf>,
    /// An `.eml` message: its `email` object and a `file` object per attachment
    /// (repeatable).
    #[arg(long, value_name = "MAIL")]
    pub eml: Vec<PathBuf>,
    /// A URL: its `url` object (repeatable). Named so because `--url` is the server's.
    #[arg(long, value_name = "URL")]
    pub url_object: Vec<String>,
    /// A CSV file: one object of `--template` per row, the header naming relations
    /// (repeatable).
    #[arg(long, value_name = "FILE", requires = "csv_template")]
    pub csv: Vec<PathBuf>,
    /// The object template of the `--csv` columns (`domain-ip`, `ip-port` ...).
    #[arg(
        long = "template",
        id = "csv_template",
        value_name = "NAME",
        requires = "csv"
    )]
    pub template: Option<String>,
}

impl InputArgs {
    /// Whether any artefact was given.
    pub fn is_empty(&self) -> bool {
        self.file.is_empty()
            && self.eml.is_empty()
            && self.url_object.is_empty()
            && self.csv.is_empty()
    }

    /// The inputs, in the order of the flags' kinds: files, e-mails, URLs, CSV files.
    pub fn inputs(&self) -> Result<Vec<Input>, CliError> {
        let path = |p: &PathBuf| p.display().to_string();
        let mut inputs = Vec::new();
        for p in &self.file {
            inputs.push(parse("file", &path(p), None, "--file")?);
        }
        for p in &self.eml {
            inputs.push(parse("eml", &path(p), None, "--eml")?);
        }
        for u in &self.url_object {
            inputs.push(parse("url", u, None, "--url-object")?);
        }
        for p in &self.csv {
            inputs.push(parse("csv", &path(p), self.template.as_deref(), "--csv")?);
        }
        Ok(inputs)
    }

    /// The objects of every input, validated; what a generator left out goes to stderr.
    pub fn made(&self) -> Result<Vec<Made>, CliError> {
        self.inputs()?.iter().map(make).collect()
    }
}

/// The input of kind `kind` at `value`, its errors worded for the flag `flag`.
pub fn parse(
    kind: &str,
    value: &str,
    template: Option<&str>,
    flag: &str,
) -> Result<Input, CliError> {
    Input::parse(kind, value, template).map_err(|e| CliError::Usage(format!("{flag}: {e}")))
}

/// The objects of one input; its warnings are printed on stderr (`warning: ...`).
pub fn make(input: &Input) -> Result<Made, CliError> {
    let made = objects_from(input).map_err(tool_error)?;
    for w in &made.warnings {
        eprintln!("warning: {w}");
    }
    Ok(made)
}

/// A generator's error as the command line's: an unknown template is "not found" (exit 3),
/// the rest invalid input (exit 1).
pub fn tool_error(e: misp_tools::Error) -> CliError {
    match e {
        misp_tools::Error::UnknownTemplate(_) => CliError::NotFound(e.to_string()),
        other => CliError::Invalid(other.to_string()),
    }
}
