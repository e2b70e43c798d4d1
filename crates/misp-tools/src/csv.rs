//! A CSV loader: one object per row, its columns mapped to the relations of an object template
//! (PyMISP's `CSVLoader`), or one attribute per cell, its columns mapped to attribute types.
//!
//! The columns come from the header line, or are given ([`CsvLoader::columns`]); a column named
//! `-` or left empty is skipped. Empty cells are skipped, and so are rows with no value. A row
//! that does not make a valid object (a value that does not fit its type, a template rule) is
//! left out and reported in [`CsvOutput::errors`] with its line number, the others are kept.
//!
//! ```
//! use misp_tools::csv::CsvLoader;
//!
//! let csv = "ip,domain\n203.0.113.10,evil.example\n203.0.113.300,\n";
//! let out = CsvLoader::objects("domain-ip")?.load(csv.as_bytes())?;
//! assert_eq!(out.objects.len(), 1);
//! assert_eq!(out.errors[0].line, 3);
//! assert!(out.errors[0].to_string().starts_with("line 3, column `ip`: `203.0.113.300` is not a valid `ip-dst` value"));
//!
//! let out = CsvLoader::attributes().load("ip-dst,colour\n198.51.100.1,red\n".as_bytes());
//! assert!(out.is_err()); // `colour` is not an attribute type
//! # Ok::<(), misp_tools::Error>(())
//! ```

use std::io::Read;
use std::path::Path;

use misp_types::builder::{AttributeBuilder, ObjectBuilder};
use misp_types::generated::ObjectTemplateInfo;
use misp_types::validate::validate_value;
use misp_types::{Attribute, AttributeType, Object, object_template};

use crate::Error;

/// Reads a CSV file into objects or attributes. See the [module](self) documentation.
#[derive(Debug, Clone)]
#[must_use]
pub struct CsvLoader {
    template: Option<&'static ObjectTemplateInfo>,
    columns: Option<Vec<String>>,
    has_header: Option<bool>,
    delimiter: u8,
    quote: u8,
}

/// What [`CsvLoader::load`] made.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct CsvOutput {
    /// One object per row (template mode), validated.
    pub objects: Vec<Object>,
    /// One attribute per cell (attribute mode), validated.
    pub attributes: Vec<Attribute>,
    /// The rows left out, with why.
    pub errors: Vec<RowError>,
}

/// A row left out, with its line number in the file (from 1).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}{}: {message}", column.as_ref().map(|c| format!(", column `{c}`")).unwrap_or_default())]
#[non_exhaustive]
pub struct RowError {
    /// The line the row starts on.
    pub line: u64,
    /// The column whose value is wrong, if one is.
    pub column: Option<String>,
    /// What is wrong.
    pub message: String,
}

impl CsvLoader {
    /// Rows become objects of the template `template` (e.g. `domain-ip`, `file`), columns its
    /// relations.
    pub fn objects(template: &str) -> Result<Self, Error> {
        let template =
            object_template(template).ok_or_else(|| Error::UnknownTemplate(template.to_owned()))?;
        Ok(CsvLoader {
            template: Some(template),
            ..Self::attributes()
        })
    }

    /// Cells become attributes, columns name their types (`ip-dst`, `domain`, `md5` ...).
    pub fn attributes() -> Self {
        CsvLoader {
            template: None,
            columns: None,
            has_header: None,
            delimiter: b',',
            quote: b'"',
        }
    }

    /// The columns, in order, instead of the header line's (which is then skipped only if
    /// [`has_header`](Self::has_header) says there is one).
    pub fn columns<S: Into<String>>(mut self, columns: impl IntoIterator<Item = S>) -> Self {
        self.columns = Some(
            columns
                .into_iter()
                .map(|c| c.into().trim().to_owned())
                .collect(),
        );
        self
    }

    /// Whether the first line is a header (by default: yes unless columns are given).
    pub fn has_header(mut self, yes: bool) -> Self {
        self.has_header = Some(yes);
        self
    }

    /// The field delimiter (`,` by default).
    pub fn delimiter(mut self, delimiter: u8) -> Self {
        self.delimiter = delimiter;
        self
    }

    /// The quote character (`"` by default).
    pub fn quote(mut self, quote: u8) -> Self {
        self.quote = quote;
        self
    }

    /// Loads the CSV file at `path`.
    pub fn load_path(&self, path: &Path) -> Result<CsvOutput, Error> {
        let file = std::fs::File::open(path).map_err(|source| Error::Io {
            what: path.display().to_string(),
            source,
        })?;
        self.load(std::io::BufReader::new(file))
    }

    /// Loads CSV from `reader`. Errors only for a header or column list that does not fit the
    /// template (or name attribute types), or for unreadable input; bad rows are in
    /// [`CsvOutput::errors`].
    pub fn load(&self, reader: impl Read) -> Result<CsvOutput, Error> {
        let mut csv = ::csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(self.delimiter)
            .quote(self.quote)
            .from_reader(reader);
        let mut records = csv.records();
        let has_header = self.has_header.unwrap_or(self.columns.is_none());
        let header = if has_header {
            match records.next() {
                Some(record) => Some(record.map_err(|e| csv_error(&e))?),
                None => None,
            }
        } else {
            None
        };
        let columns: Vec<String> = match (&self.columns, &header) {
            (Some(columns), _) => columns.clone(),
            (None, Some(header)) => header.iter().map(|c| c.trim().to_owned()).collect(),
            (None, None) => {
                return Err(unreadable(
                    "there are no column names: give them, or put a header line first".into(),
                ));
            }
        };
        let kinds = self.column_kinds(&columns)?;
        let mut out = CsvOutput::default();
        for record in records {
            let record = match record {
                Ok(record) => record,
                Err(e) => {
                    out.errors.push(RowError {
                        line: e.position().map_or(0, |p| p.line()),
                        column: None,
                        message: e.to_string(),
                    });
                    continue;
                }
            };
            let line = record.position().map_or(0, |p| p.line());
            if record.len() > columns.len()
                && record
                    .iter()
                    .skip(columns.len())
                    .any(|v| !v.trim().is_empty())
            {
                out.errors.push(RowError {
                    line,
                    column: None,
                    message: format!(
                        "{} values for {} columns: the row does not fit the columns",
                        record.len(),
                        columns.len()
                    ),
                });
                continue;
            }
            self.row(line, &columns, &kinds, &record, &mut out);
        }
        Ok(out)
    }

    /// The attribute type of each column (`None`: skipped), checked against the template.
    fn column_kinds(&self, columns: &[String]) -> Result<Vec<Option<AttributeType>>, Error> {
        columns
            .iter()
            .enumerate()
            .map(|(i, column)| {
                if column.is_empty() || column == "-" {
                    return Ok(None);
                }
                match self.template {
                    Some(template) => template
                        .relation(column)
                        .map(|r| Some(r.attribute_type()))
                        .ok_or_else(|| {
                            let names: Vec<_> = template.relations.iter().map(|r| r.name).collect();
                            unreadable(format!(
                                "column {} `{column}` is not a relation of the `{}` template (its relations: {})",
                                i + 1,
                                template.name,
                                names.join(", ")
                            ))
                        }),
                    None => {
                        let kind = AttributeType::from_wire(column);
                        if kind.is_known() {
                            Ok(Some(kind))
                        } else {
                            Err(unreadable(format!(
                                "column {} `{column}` is not a MISP attribute type (see `misp types`)",
                                i + 1
                            )))
                        }
                    }
                }
            })
            .collect()
    }

    fn row(
        &self,
        line: u64,
        columns: &[String],
        kinds: &[Option<AttributeType>],
        record: &::csv::StringRecord,
        out: &mut CsvOutput,
    ) {
        let cells: Vec<(&str, &AttributeType, &str)> = columns
            .iter()
            .zip(kinds)
            .zip(record.iter())
            .filter_map(|((column, kind), value)| {
                let kind = kind.as_ref()?;
                let value = value.trim();
                (!value.is_empty()).then_some((column.as_str(), kind, value))
            })
            .collect();
        if cells.is_empty() {
            return;
        }
        for (column, kind, value) in &cells {
            if let Err(e) = validate_value(kind.as_str(), value) {
                out.errors.push(RowError {
                    line,
                    column: Some((*column).to_owned()),
                    message: e.to_string(),
                });
                return;
            }
        }
        match self.template {
            Some(template) => {
                let object = cells.iter().fold(
                    ObjectBuilder::new(template.name),
                    |o, (column, _, value)| o.attribute(column, *value),
                );
                match object.build() {
                    Ok(object) => out.objects.push(object),
                    Err(problems) => out.errors.push(RowError {
                        line,
                        column: None,
                        message: problems
                            .errors()
                            .map(|p| p.message.clone())
                            .collect::<Vec<_>>()
                            .join("; "),
                    }),
                }
            }
            None => {
                let mut built = Vec::new();
                for (column, kind, value) in &cells {
                    match AttributeBuilder::new((*kind).clone(), *value).build() {
                        Ok(attribute) => built.push(attribute),
                        Err(problems) => {
                            out.errors.push(RowError {
                                line,
                                column: Some((*column).to_owned()),
                                message: problems
                                    .errors()
                                    .map(|p| p.message.clone())
                                    .collect::<Vec<_>>()
                                    .join("; "),
                            });
                            return;
                        }
                    }
                }
                out.attributes.extend(built);
            }
        }
    }
}

fn unreadable(reason: String) -> Error {
    Error::Unreadable {
        what: "the CSV header".into(),
        expected: "a list of columns this loader can map",
        reason,
    }
}

fn csv_error(e: &::csv::Error) -> Error {
    Error::Unreadable {
        what: format!(
            "the CSV input{}",
            e.position()
                .map(|p| format!(" at line {}", p.line()))
                .unwrap_or_default()
        ),
        expected: "CSV",
        reason: e.to_string(),
    }
}
