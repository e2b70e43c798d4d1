//! One entry point for command lines and scripts: [`Input`] says what an artefact is and where,
//! [`objects_from`] makes its objects, validated, with what was left out in
//! [`Made::warnings`].
//!
//! ```
//! use misp_tools::input::{Input, objects_from};
//! use misp_types::builder::EventBuilder;
//!
//! let made = objects_from(&Input::parse("url", "https://evil.example.com:8443/login", None)?)?;
//! assert_eq!(made.objects[0].name.as_deref(), Some("url"));
//! let event = made.add_to(EventBuilder::new("Phishing page")).build().unwrap();
//! assert_eq!(event.objects.len(), 1);
//! # Ok::<(), misp_tools::Error>(())
//! ```

use std::path::{Path, PathBuf};

use misp_types::builder::EventBuilder;
use misp_types::{Object, ObjectReference};

use crate::Error;

/// An artefact to turn into objects.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Input {
    /// A sample: its `file` object, with its PE / ELF / Mach-O objects when it parses as one
    /// (feature `executable`), and the sample itself when `malware_sample`.
    File {
        /// Where the sample is.
        path: PathBuf,
        /// Whether to attach it as a `malware-sample`.
        malware_sample: bool,
    },
    /// An `.eml` message: its `email` object and a `file` object per attachment.
    Eml(PathBuf),
    /// A URL: its `url` object.
    Url(String),
    /// A CSV file: one object of `template` per row.
    Csv {
        /// Where the CSV file is.
        path: PathBuf,
        /// The object template the columns are relations of.
        template: String,
    },
}

/// The kinds [`Input::parse`] knows, for usage messages.
pub const KINDS: &[&str] = &["file", "eml", "url", "csv"];

impl Input {
    /// The input of kind `kind` (`file`, `eml` (or `email`), `url`, `csv`) at `value` (a path,
    /// or the URL); `template` is required for `csv` and refused for the others. A `file` gets
    /// its malware-sample.
    pub fn parse(kind: &str, value: &str, template: Option<&str>) -> Result<Input, Error> {
        let input = match kind {
            "file" => Input::File {
                path: value.into(),
                malware_sample: true,
            },
            "eml" | "email" => Input::Eml(value.into()),
            "url" => Input::Url(value.to_owned()),
            "csv" => Input::Csv {
                path: value.into(),
                template: template
                    .ok_or_else(|| Error::Unreadable {
                        what: format!("the CSV input `{value}`"),
                        expected: "an input with a template",
                        reason: "give the object template its columns belong to (--template NAME)"
                            .into(),
                    })?
                    .to_owned(),
            },
            other => {
                return Err(Error::Unreadable {
                    what: format!("`{other}`"),
                    expected: "a kind of input",
                    reason: format!("use one of {}", KINDS.join(", ")),
                });
            }
        };
        if template.is_some() && !matches!(input, Input::Csv { .. }) {
            return Err(Error::Unreadable {
                what: "--template".into(),
                expected: "an option of this input",
                reason: "a template applies to CSV input only".into(),
            });
        }
        Ok(input)
    }
}

/// The objects made from one input.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct Made {
    /// The objects, each validated against its template; the main one first.
    pub objects: Vec<Object>,
    /// What was left out and why (a CSV row by line number, a file that looks like an
    /// executable but does not parse ...). Worth showing the user.
    pub warnings: Vec<String>,
}

impl Made {
    /// For adding to an event on a server one call at a time, as PyMISP does: the objects
    /// without their references (`POST objects/add/{event}` each), then the references
    /// (`POST objectReferences/add` each, once every object they link exists). Each reference
    /// keeps `object_uuid` and `referenced_uuid`, the UUIDs the objects are created with.
    pub fn split_references(self) -> (Vec<Object>, Vec<ObjectReference>) {
        let mut references = Vec::new();
        let objects = self
            .objects
            .into_iter()
            .map(|mut object| {
                references.append(&mut object.references);
                object
            })
            .collect();
        (objects, references)
    }

    /// Adds the objects to `event`.
    pub fn add_to(self, event: EventBuilder) -> EventBuilder {
        self.objects
            .into_iter()
            .fold(event, |event, object| event.object(object))
    }
}

/// Makes the objects of `input`. An input whose kind's cargo feature is off is an error saying
/// which feature.
pub fn objects_from(input: &Input) -> Result<Made, Error> {
    match input {
        Input::File {
            path,
            malware_sample,
        } => file(path, *malware_sample),
        Input::Eml(path) => eml(path),
        Input::Url(url) => url_input(url),
        Input::Csv { path, template } => csv(path, template),
    }
}

#[allow(dead_code)]
fn read(path: &Path) -> Result<Vec<u8>, Error> {
    std::fs::read(path).map_err(|source| Error::Io {
        what: path.display().to_string(),
        source,
    })
}

#[allow(dead_code)]
fn made(generated: crate::Generated) -> Result<Made, Error> {
    let warnings = generated.warnings().to_vec();
    Ok(Made {
        objects: generated.build()?,
        warnings,
    })
}

#[allow(dead_code)]
fn disabled(feature: &'static str) -> Error {
    Error::Unreadable {
        what: "this input".into(),
        expected: "an input this build reads",
        reason: format!("misp-tools was built without its `{feature}` feature"),
    }
}

fn file(path: &Path, malware_sample: bool) -> Result<Made, Error> {
    #[cfg(feature = "executable")]
    {
        let data = read(path)?;
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| path.display().to_string());
        made(crate::executable::binary_objects(
            &name,
            &data,
            malware_sample,
        )?)
    }
    #[cfg(all(feature = "file", not(feature = "executable")))]
    {
        if malware_sample {
            let data = read(path)?;
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| path.display().to_string());
            made(
                crate::file::FileObject::new(&name, &data)
                    .malware_sample(true)
                    .generate()?,
            )
        } else {
            made(crate::file::file_object_from_path(path)?)
        }
    }
    #[cfg(not(feature = "file"))]
    {
        let _ = (path, malware_sample);
        Err(disabled("file"))
    }
}

fn eml(path: &Path) -> Result<Made, Error> {
    #[cfg(feature = "email")]
    {
        made(crate::email::email_objects(&read(path)?)?)
    }
    #[cfg(not(feature = "email"))]
    {
        let _ = path;
        Err(disabled("email"))
    }
}

fn url_input(url: &str) -> Result<Made, Error> {
    #[cfg(feature = "url")]
    {
        made(crate::url::url_object(url)?)
    }
    #[cfg(not(feature = "url"))]
    {
        let _ = url;
        Err(disabled("url"))
    }
}

fn csv(path: &Path, template: &str) -> Result<Made, Error> {
    #[cfg(feature = "csv")]
    {
        let out = crate::csv::CsvLoader::objects(template)?.load_path(path)?;
        Ok(Made {
            objects: out.objects,
            warnings: out
                .errors
                .iter()
                .map(|e| format!("{}: {e}", path.display()))
                .collect(),
        })
    }
    #[cfg(not(feature = "csv"))]
    {
        let _ = (path, template);
        Err(disabled("csv"))
    }
}
