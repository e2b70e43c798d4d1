//! Writing results to stdout as a table, JSON, JSON Lines or CSV.
//!
//! A command prints a list by declaring its default columns, each a header and a JSON pointer
//! into the serialised item, and handing items to a [`List`]:
//!
//! ```
//! use misp_cli::output::{Format, Output, OutputOptions};
//! let mut out = Output::to_buffer(OutputOptions { format: Some(Format::Csv), ..Default::default() });
//! let mut list = out.list(&[("id", "/id"), ("name", "/name"), ("tags", "/Tag")]);
//! list.item(&serde_json::json!({"id": 1, "name": "ACME", "Tag": [{"name": "tlp:green"}]})).unwrap();
//! list.end().unwrap();
//! assert_eq!(out.buffer().unwrap(), "id,name,tags\n1,ACME,tlp:green\n");
//! ```
//!
//! The same list is a table on a terminal, a JSON array when stdout is a pipe, and follows
//! `--output table|json|jsonl|csv` and `--fields` when given. One record goes through
//! [`Output::record`]; a document that must stay as it is (an event file) through
//! [`Output::value`].
//!
//! # Cells
//!
//! A column's pointer is read with [`serde_json::Value::pointer`] (`/Orgc/name`,
//! `/Attribute/0/value`); a pointer ending in `/#` counts the array it names
//! (`/Attribute/#`). A string is written as it is, a number or boolean as JSON, a missing
//! value or `null` as nothing; a list is joined with `, ` and an object in it (or alone) is
//! shown by its `name` when it has one (tags, organisations, galaxies).
//!
//! # `--fields`
//!
//! A comma-separated list of column headers (of the command's defaults), JSON pointers
//! (`/Orgc/uuid`) or top-level keys (`uuid`, the same as `/uuid`). It picks the table's and
//! CSV's columns, and turns each JSON item into an object of just those fields.

use std::io::{self, IsTerminal, Write};
use std::sync::{Arc, Mutex};

use serde::Serialize;
use serde_json::Value;

/// Columns: `(header, JSON pointer)` pairs; see the [module docs](self#cells).
pub type Columns<'a> = &'a [(&'a str, &'a str)];

/// An output format (`--output`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Aligned columns for people [default for lists on a terminal].
    Table,
    /// JSON: a list is one array [default when stdout is not a terminal, and for records].
    Json,
    /// JSON Lines: one JSON value per line.
    Jsonl,
    /// CSV with a header row.
    Csv,
}

/// What the output flags ask for.
#[derive(Clone, Debug, Default)]
pub struct OutputOptions {
    /// The format asked for; `None` chooses by terminal (see [`Format`]).
    pub format: Option<Format>,
    /// Indent JSON: `Some(true)` always, `Some(false)` never, `None` on a terminal.
    pub pretty: Option<bool>,
    /// The fields chosen with `--fields`.
    pub fields: Option<Vec<String>>,
    /// Whether stdout is a terminal (set by [`Output::stdout`]).
    pub terminal: bool,
}

/// Where results go, and how.
pub struct Output {
    options: OutputOptions,
    out: Redacting,
    buffer: Option<Arc<Mutex<Vec<u8>>>>,
}

/// A writer that replaces the API key (when known) in everything written, a line at a
/// time (and at each flush, which comes only between whole values).
struct Redacting {
    inner: Box<dyn Write + Send>,
    secret: Option<String>,
    pending: Vec<u8>,
}

impl Redacting {
    fn new(inner: Box<dyn Write + Send>) -> Self {
        Redacting {
            inner,
            secret: None,
            pending: Vec::new(),
        }
    }

    fn emit(&mut self, upto: usize) -> io::Result<()> {
        let chunk: Vec<u8> = self.pending.drain(..upto).collect();
        match &self.secret {
            Some(secret) if !secret.is_empty() => {
                let text = String::from_utf8_lossy(&chunk);
                if text.contains(secret.as_str()) {
                    let clean = misp_api::wire::redact(&text, secret);
                    return self.inner.write_all(clean.as_bytes());
                }
                self.inner.write_all(&chunk)
            }
            _ => self.inner.write_all(&chunk),
        }
    }
}

impl Write for Redacting {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.secret.is_none() {
            return self.inner.write(buf);
        }
        self.pending.extend_from_slice(buf);
        if let Some(last) = self.pending.iter().rposition(|b| *b == b'\n') {
            self.emit(last + 1)?;
        }
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        let n = self.pending.len();
        self.emit(n)?;
        self.inner.flush()
    }
}

/// A `Write` into a shared buffer, for [`Output::to_buffer`].
struct Shared(Arc<Mutex<Vec<u8>>>);

impl Write for Shared {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0
            .lock()
            .map_err(|_| io::Error::other("output buffer poisoned"))?
            .extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl Output {
    /// Writes to stdout (buffered; flushed after every list item and record).
    pub fn stdout(mut options: OutputOptions) -> Self {
        options.terminal = io::stdout().is_terminal();
        Output {
            options,
            out: Redacting::new(Box::new(io::BufWriter::new(io::stdout()))),
            buffer: None,
        }
    }

    /// Writes to any writer (a file for `--out`); not a terminal, so lists are JSON unless
    /// `--output` says otherwise.
    pub fn to_writer(options: OutputOptions, writer: impl Write + Send + 'static) -> Self {
        Output {
            options: OutputOptions {
                terminal: false,
                ..options
            },
            out: Redacting::new(Box::new(io::BufWriter::new(writer))),
            buffer: None,
        }
    }

    /// Writes into memory; read it back with [`Output::buffer`] (for tests and embedding).
    pub fn to_buffer(options: OutputOptions) -> Self {
        let buffer = Arc::new(Mutex::new(Vec::new()));
        Output {
            options,
            out: Redacting::new(Box::new(Shared(buffer.clone()))),
            buffer: Some(buffer),
        }
    }

    /// What was written so far, for an output made by [`Output::to_buffer`].
    pub fn buffer(&self) -> Option<String> {
        let buffer = self.buffer.as_ref()?.lock().ok()?;
        Some(String::from_utf8_lossy(&buffer).into_owned())
    }

    /// Replaces `secret` (the API key) wherever it would be printed, even when a server
    /// echoes it.
    pub fn set_secret(&mut self, secret: Option<String>) {
        self.out.flush().ok();
        self.out.secret = secret.filter(|s| !s.is_empty());
    }

    /// The options in force.
    pub fn options(&self) -> &OutputOptions {
        &self.options
    }

    /// The format a list is written in.
    pub fn list_format(&self) -> Format {
        self.options.format.unwrap_or(if self.options.terminal {
            Format::Table
        } else {
            Format::Json
        })
    }

    /// The format a single record is written in (JSON unless asked otherwise).
    pub fn record_format(&self) -> Format {
        self.options.format.unwrap_or(Format::Json)
    }

    fn pretty(&self) -> bool {
        self.options.pretty.unwrap_or(self.options.terminal)
    }

    fn write_json<T: Serialize + ?Sized>(&mut self, value: &T, pretty: bool) -> io::Result<()> {
        json(&mut self.out, value, pretty)
    }

    /// Writes a document as JSON whatever `--output` says (an event file, a schema, a
    /// server's raw answer): indented on a terminal or with `--pretty`.
    pub fn value<T: Serialize + ?Sized>(&mut self, value: &T) -> io::Result<()> {
        let pretty = self.pretty() && self.options.format != Some(Format::Jsonl);
        self.write_json(value, pretty)?;
        self.out.write_all(b"\n")?;
        self.out.flush()
    }

    /// Writes one record: JSON by default, or a two-column table (`--output table`), one CSV
    /// row, one JSON line. `columns` are the fields a table or CSV shows.
    pub fn record<T: Serialize + ?Sized>(&mut self, item: &T, columns: Columns) -> io::Result<()> {
        let format = self.record_format();
        let columns = self.chosen(columns);
        match format {
            Format::Json | Format::Jsonl => {
                if self.options.fields.is_some() {
                    let value = serde_json::to_value(item)?;
                    let picked = pick(&value, &columns);
                    self.write_json(&picked, format == Format::Json && self.pretty())?;
                } else {
                    self.write_json(item, format == Format::Json && self.pretty())?;
                }
                self.out.write_all(b"\n")?;
            }
            Format::Table => {
                let value = serde_json::to_value(item)?;
                let width = columns.iter().map(|c| c.0.chars().count()).max();
                for (header, pointer) in &columns {
                    let cell = cell(&value, pointer);
                    let pad = width.unwrap_or(0) - header.chars().count();
                    writeln!(self.out, "{header}:{:pad$} {cell}", "")?;
                }
            }
            Format::Csv => {
                let value = serde_json::to_value(item)?;
                write_csv_row(&mut self.out, columns.iter().map(|c| c.0.clone()))?;
                write_csv_row(&mut self.out, columns.iter().map(|c| cell(&value, &c.1)))?;
            }
        }
        self.out.flush()
    }

    /// Starts a list with these default columns; write items with [`List::item`] and end
    /// with [`List::end`]. JSON, JSON Lines and CSV stream item by item; a table is written
    /// at the end, when its widths are known.
    pub fn list(&mut self, columns: Columns) -> List<'_> {
        let format = self.list_format();
        let columns = self.chosen(columns);
        List {
            format,
            pretty: self.pretty(),
            columns,
            rows: Vec::new(),
            count: 0,
            output: self,
        }
    }

    /// Writes a line of text (a report line).
    pub fn line(&mut self, text: &str) -> io::Result<()> {
        writeln!(self.out, "{text}")?;
        self.out.flush()
    }

    /// Writes raw bytes (an export, a downloaded body).
    pub fn raw(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.out.write_all(bytes)
    }

    /// Flushes what is buffered.
    pub fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }

    /// The columns in force: `--fields` when given, else the defaults.
    fn chosen(&self, defaults: Columns) -> Vec<(String, String)> {
        match &self.options.fields {
            None => defaults
                .iter()
                .map(|(h, p)| ((*h).to_owned(), (*p).to_owned()))
                .collect(),
            Some(fields) => fields
                .iter()
                .map(|f| {
                    if let Some((h, p)) = defaults.iter().find(|(h, _)| h.eq_ignore_ascii_case(f)) {
                        ((*h).to_owned(), (*p).to_owned())
                    } else if f.starts_with('/') {
                        (f.trim_start_matches('/').to_owned(), f.clone())
                    } else {
                        (f.clone(), format!("/{f}"))
                    }
                })
                .collect(),
        }
    }
}

/// Parses `--fields a,b,/c/d`: names separated by commas, blanks ignored.
pub fn parse_fields(text: &str) -> Result<Fields, String> {
    let fields: Vec<String> = text
        .split(',')
        .map(str::trim)
        .filter(|f| !f.is_empty())
        .map(str::to_owned)
        .collect();
    if fields.is_empty() {
        return Err("give at least one field name or JSON pointer".into());
    }
    Ok(Fields(fields))
}

/// The fields of `--fields`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fields(pub Vec<String>);

/// A list being written.
pub struct List<'o> {
    output: &'o mut Output,
    format: Format,
    pretty: bool,
    columns: Vec<(String, String)>,
    rows: Vec<Vec<String>>,
    count: usize,
}

impl List<'_> {
    /// Writes the next item (JSON, JSON Lines and CSV are flushed at once, so a reader sees
    /// each item as it arrives).
    pub fn item<T: Serialize + ?Sized>(&mut self, item: &T) -> io::Result<()> {
        let first = self.count == 0;
        self.count += 1;
        let out = &mut self.output.out;
        match self.format {
            Format::Table => {
                let value = serde_json::to_value(item)?;
                self.rows
                    .push(self.columns.iter().map(|c| cell(&value, &c.1)).collect());
                return Ok(());
            }
            Format::Csv => {
                if first {
                    write_csv_row(out, self.columns.iter().map(|c| c.0.clone()))?;
                }
                let value = serde_json::to_value(item)?;
                write_csv_row(out, self.columns.iter().map(|c| cell(&value, &c.1)))?;
            }
            Format::Jsonl => {
                write_item(
                    out,
                    item,
                    &self.columns,
                    self.output.options.fields.is_some(),
                    false,
                )?;
                out.write_all(b"\n")?;
            }
            Format::Json => {
                let sep: &[u8] = match (self.pretty, first) {
                    (true, true) => b"[\n",
                    (false, true) => b"[",
                    (true, false) => b",\n",
                    (false, false) => b",",
                };
                out.write_all(sep)?;
                let fields = self.output.options.fields.is_some();
                if self.pretty {
                    // Indent the item's lines by two spaces, as a pretty array would.
                    let mut text = Vec::new();
                    write_item(&mut text, item, &self.columns, fields, true)?;
                    let text = String::from_utf8_lossy(&text);
                    for (i, line) in text.lines().enumerate() {
                        if i > 0 {
                            out.write_all(b"\n")?;
                        }
                        write!(out, "  {line}")?;
                    }
                } else {
                    write_item(out, item, &self.columns, fields, false)?;
                }
            }
        }
        out.flush()
    }

    /// Ends the list and returns how many items it had. An empty table prints nothing (a
    /// note goes to stderr); an empty JSON list is `[]`.
    pub fn end(self) -> io::Result<usize> {
        let out = &mut self.output.out;
        match self.format {
            Format::Json => {
                let end: &[u8] = match (self.pretty, self.count) {
                    (_, 0) => b"[]\n",
                    (true, _) => b"\n]\n",
                    (false, _) => b"]\n",
                };
                out.write_all(end)?;
            }
            Format::Table => {
                if self.count == 0 {
                    eprintln!("(no results)");
                } else {
                    write_table(out, &self.columns, &self.rows)?;
                }
            }
            Format::Jsonl | Format::Csv => {}
        }
        out.flush()?;
        Ok(self.count)
    }
}

fn write_item<T: Serialize + ?Sized>(
    out: &mut dyn Write,
    item: &T,
    columns: &[(String, String)],
    fields: bool,
    pretty: bool,
) -> io::Result<()> {
    if fields {
        let value = serde_json::to_value(item)?;
        json(out, &pick(&value, columns), pretty)
    } else {
        json(out, item, pretty)
    }
}

fn json<T: Serialize + ?Sized>(out: &mut dyn Write, value: &T, pretty: bool) -> io::Result<()> {
    if pretty {
        serde_json::to_writer_pretty(out, value)?;
    } else {
        misp_types::json::to_writer(out, value)?;
    }
    Ok(())
}

/// The chosen fields of an item, in the order they were asked for.
struct Picked(Vec<(String, Value)>);

impl Serialize for Picked {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

/// The object of the chosen fields of `value`, for JSON output with `--fields`.
fn pick(value: &Value, columns: &[(String, String)]) -> Picked {
    Picked(
        columns
            .iter()
            .map(|(header, pointer)| {
                let v = match pointer.strip_suffix("/#") {
                    Some(array) => Value::from(count(value, array)),
                    None => value.pointer(pointer).cloned().unwrap_or(Value::Null),
                };
                (header.clone(), v)
            })
            .collect(),
    )
}

fn count(value: &Value, pointer: &str) -> usize {
    match value.pointer(pointer) {
        Some(Value::Array(a)) => a.len(),
        Some(Value::Object(o)) => o.len(),
        _ => 0,
    }
}

/// The text of one cell: see the [module docs](self#cells).
pub fn cell(value: &Value, pointer: &str) -> String {
    if let Some(array) = pointer.strip_suffix("/#") {
        return count(value, array).to_string();
    }
    value.pointer(pointer).map(text).unwrap_or_default()
}

fn text(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Bool(_) | Value::Number(_) => v.to_string(),
        Value::Array(items) => items.iter().map(text).collect::<Vec<_>>().join(", "),
        Value::Object(map) => match map.get("name").or_else(|| map.get("Tag")) {
            Some(inner) => text(inner),
            None => v.to_string(),
        },
    }
}

/// The widest a table cell gets before it is cut with `…`.
const MAX_CELL: usize = 60;

fn write_table(
    out: &mut dyn Write,
    columns: &[(String, String)],
    rows: &[Vec<String>],
) -> io::Result<()> {
    let clean = |s: &str| -> String {
        let one_line: String = s
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        if one_line.chars().count() > MAX_CELL {
            let cut: String = one_line.chars().take(MAX_CELL - 1).collect();
            format!("{cut}…")
        } else {
            one_line
        }
    };
    let header: Vec<String> = columns.iter().map(|c| c.0.to_uppercase()).collect();
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|r| r.iter().map(|c| clean(c)).collect())
        .collect();
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in &rows {
        for (w, c) in widths.iter_mut().zip(row) {
            *w = (*w).max(c.chars().count());
        }
    }
    for row in std::iter::once(&header).chain(&rows) {
        let mut line = String::new();
        for (i, (c, w)) in row.iter().zip(&widths).enumerate() {
            if i + 1 == row.len() {
                line.push_str(c);
            } else {
                line.push_str(c);
                line.push_str(&" ".repeat(w - c.chars().count() + 2));
            }
        }
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(())
}

/// Writes one CSV row (RFC 4180: fields with a comma, quote or line break are quoted).
fn write_csv_row(out: &mut dyn Write, fields: impl Iterator<Item = String>) -> io::Result<()> {
    let mut first = true;
    for f in fields {
        if !first {
            out.write_all(b",")?;
        }
        first = false;
        if f.contains([',', '"', '\n', '\r']) {
            write!(out, "\"{}\"", f.replace('"', "\"\""))?;
        } else {
            out.write_all(f.as_bytes())?;
        }
    }
    out.write_all(b"\n")
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn render(format: Format, pretty: bool, fields: Option<&str>, items: &[Value]) -> String {
        let mut out = Output::to_buffer(OutputOptions {
            format: Some(format),
            pretty: Some(pretty),
            fields: fields.map(|f| parse_fields(f).unwrap().0),
            terminal: false,
        });
        let mut list = out.list(&[("id", "/id"), ("org", "/Orgc/name"), ("tags", "/Tag")]);
        for item in items {
            list.item(item).unwrap();
        }
        list.end().unwrap();
        out.buffer().unwrap()
    }

    fn items() -> Vec<Value> {
        vec![
            json!({"id": 1, "Orgc": {"name": "ACME, Inc."}, "Tag": [{"name": "a"}, {"name": "b"}]}),
            json!({"id": "22", "Orgc": {"name": "Q\"uote"}, "Tag": []}),
        ]
    }

    #[test]
    fn json_lists_match_serde_json() {
        let items = items();
        let array = Value::Array(items.clone());
        assert_eq!(
            render(Format::Json, true, None, &items),
            serde_json::to_string_pretty(&array).unwrap() + "\n"
        );
        assert_eq!(
            render(Format::Json, false, None, &items),
            serde_json::to_string(&array).unwrap() + "\n"
        );
        assert_eq!(render(Format::Json, true, None, &[]), "[]\n");
        assert_eq!(render(Format::Jsonl, false, None, &[]), "");
        assert_eq!(
            render(Format::Jsonl, false, Some("id,/Orgc/name,#x"), &items[..1]),
            "{\"id\":1,\"Orgc/name\":\"ACME, Inc.\",\"#x\":null}\n"
        );
    }

    #[test]
    fn csv_quotes_and_joins() {
        assert_eq!(
            render(Format::Csv, false, None, &items()),
            "id,org,tags\n1,\"ACME, Inc.\",\"a, b\"\n22,\"Q\"\"uote\",\n"
        );
        assert_eq!(
            render(Format::Csv, false, Some("TAGS,/Tag/#"), &items()),
            "tags,Tag/#\n\"a, b\",2\n,0\n"
        );
    }

    #[test]
    fn table_aligns_and_cuts() {
        let long = "x".repeat(80);
        let table = render(
            Format::Table,
            false,
            None,
            &[items()[0].clone(), json!({"id": 3, "Orgc": {"name": long}})],
        );
        let lines: Vec<&str> = table.lines().collect();
        assert_eq!(
            lines[0],
            "ID  ORG                                                           TAGS"
        );
        assert_eq!(
            lines[1],
            "1   ACME, Inc.                                                    a, b"
        );
        assert!(lines[2].ends_with('…') && lines[2].chars().count() == 4 + MAX_CELL);
    }

    #[test]
    fn records_follow_the_format() {
        let mut out = Output::to_buffer(OutputOptions {
            format: Some(Format::Table),
            ..Default::default()
        });
        out.record(
            &items()[0],
            &[("id", "/id"), ("organisation", "/Orgc/name")],
        )
        .unwrap();
        assert_eq!(
            out.buffer().unwrap(),
            "id:           1\norganisation: ACME, Inc.\n"
        );
        let mut out = Output::to_buffer(OutputOptions::default());
        out.record(&json!({"a": 1}), &[]).unwrap();
        assert_eq!(out.buffer().unwrap(), "{\"a\":1}\n");
    }
}
