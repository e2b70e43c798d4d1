//! Reading what people type or keep in files: `NAME=VALUE` pairs, bulk attribute lists (CSV
//! `type,value[,category,comment,to_ids]` or one value per line), and level names.
//!
//! ```
//! use misp_types::input::{AttributeLines, pair};
//! assert_eq!(pair("ip=203.0.113.7").unwrap(), ("ip", "203.0.113.7"));
//!
//! let text = "type,value,category\nip-dst,203.0.113.7,Network activity\n# a comment\ndomain,evil.example\n";
//! let lines: Vec<_> = AttributeLines::csv(text).collect();
//! assert_eq!(lines.len(), 2);
//! let first = lines[0].as_ref().unwrap();
//! assert_eq!((first.line, first.kind.as_str(), first.value.as_str()), (2, "ip-dst", "203.0.113.7"));
//! assert_eq!(first.category.as_deref(), Some("Network activity"));
//!
//! let plain: Vec<_> = AttributeLines::values(" evil.example \n\nbad.example\n", "domain").collect();
//! assert_eq!(plain[1].as_ref().unwrap().value, "bad.example");
//! ```

#[cfg(feature = "templates")]
use crate::builder::AttributeBuilder;
use crate::{Analysis, Distribution, ThreatLevel};

/// A line of input that cannot be read, with its 1-based line number.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct InputError {
    /// The line (1-based).
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

/// Splits `NAME=VALUE` at the first `=`; the name is trimmed and may not be empty.
pub fn pair(text: &str) -> Result<(&str, &str), String> {
    match text.split_once('=') {
        Some((name, value)) if !name.trim().is_empty() => Ok((name.trim(), value)),
        _ => Err(format!("`{text}`: expected NAME=VALUE")),
    }
}

/// One attribute of a bulk list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AttributeLine {
    /// The line it came from (1-based).
    pub line: usize,
    /// The attribute type.
    pub kind: String,
    /// The value.
    pub value: String,
    /// The category, when given.
    pub category: Option<String>,
    /// The comment, when given.
    pub comment: Option<String>,
    /// The IDS flag, when given.
    pub to_ids: Option<bool>,
}

impl AttributeLine {
    /// A builder for this attribute (type defaults fill what the line leaves out; feature
    /// `templates`).
    #[cfg(feature = "templates")]
    pub fn builder(&self) -> AttributeBuilder {
        let mut b = AttributeBuilder::new(self.kind.as_str(), self.value.clone());
        if let Some(c) = &self.category {
            b = b.category(c.as_str());
        }
        if let Some(c) = &self.comment {
            b = b.comment(c.clone());
        }
        if let Some(ids) = self.to_ids {
            b = b.to_ids(ids);
        }
        b
    }
}

/// The attributes of a bulk list, one result per non-blank, non-comment line.
pub struct AttributeLines<'a> {
    lines: std::iter::Enumerate<std::str::Lines<'a>>,
    kind: Option<&'a str>,
}

impl<'a> AttributeLines<'a> {
    /// CSV rows `type,value[,category,comment,to_ids]` (RFC 4180 quoting; a first row
    /// starting with `type,value` is a header and skipped).
    pub fn csv(text: &'a str) -> Self {
        AttributeLines {
            lines: text.lines().enumerate(),
            kind: None,
        }
    }

    /// One value per line, all of type `kind` (surrounding blanks trimmed).
    pub fn values(text: &'a str, kind: &'a str) -> Self {
        AttributeLines {
            lines: text.lines().enumerate(),
            kind: Some(kind),
        }
    }
}

impl Iterator for AttributeLines<'_> {
    type Item = Result<AttributeLine, InputError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let (index, raw) = self.lines.next()?;
            let line = index + 1;
            let trimmed = raw.trim();
            if trimmed.is_empty() || trimmed.starts_with('#') {
                continue;
            }
            if let Some(kind) = self.kind {
                return Some(Ok(AttributeLine {
                    line,
                    kind: kind.to_owned(),
                    value: trimmed.to_owned(),
                    category: None,
                    comment: None,
                    to_ids: None,
                }));
            }
            let fields = match split_csv(raw) {
                Ok(f) => f,
                Err(message) => return Some(Err(InputError { line, message })),
            };
            let header = |i: usize, name: &str| {
                fields
                    .get(i)
                    .is_some_and(|f| f.trim().eq_ignore_ascii_case(name))
            };
            if line == 1 && header(0, "type") && header(1, "value") {
                continue;
            }
            return Some(row(line, fields));
        }
    }
}

fn row(line: usize, fields: Vec<String>) -> Result<AttributeLine, InputError> {
    let err = |message: String| InputError { line, message };
    if fields.len() < 2 || fields.len() > 5 {
        return Err(err(format!(
            "expected type,value[,category,comment,to_ids], got {} field(s)",
            fields.len()
        )));
    }
    let opt = |i: usize| {
        fields
            .get(i)
            .map(|s| s.trim().to_owned())
            .filter(|s| !s.is_empty())
    };
    let kind = opt(0).unwrap_or_default();
    if kind.is_empty() {
        return Err(err("the type is empty".into()));
    }
    let value = opt(1).unwrap_or_default();
    if value.is_empty() {
        return Err(err("the value is empty".into()));
    }
    let to_ids = match opt(4) {
        None => None,
        Some(s) => Some(
            boolean(&s)
                .ok_or_else(|| err(format!("to_ids `{s}`: expected 1/0, true/false or yes/no")))?,
        ),
    };
    Ok(AttributeLine {
        line,
        kind,
        value,
        category: opt(2),
        comment: fields.get(3).cloned().filter(|s| !s.trim().is_empty()),
        to_ids,
    })
}

/// `1/0`, `true/false`, `yes/no` (any case).
pub fn boolean(text: &str) -> Option<bool> {
    match text.trim().to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "y" => Some(true),
        "0" | "false" | "no" | "n" => Some(false),
        _ => None,
    }
}

/// Splits one CSV line (RFC 4180 quotes; a quoted field cannot span lines here).
fn split_csv(line: &str) -> Result<Vec<String>, String> {
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut chars = line.chars().peekable();
    let mut quoted = false;
    let mut was_quoted = false;
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') if field.trim().is_empty() && !was_quoted => {
                field.clear();
                quoted = true;
                was_quoted = true;
            }
            (false, ',') => {
                fields.push(std::mem::take(&mut field));
                was_quoted = false;
            }
            (false, c) => {
                if was_quoted && !c.is_whitespace() {
                    return Err(format!(
                        "text after a closing quote in field {}",
                        fields.len() + 1
                    ));
                }
                field.push(c);
            }
        }
    }
    if quoted {
        return Err(format!("field {} has no closing quote", fields.len() + 1));
    }
    fields.push(field);
    Ok(fields)
}

/// A distribution by number (`0`..`5`) or name (`org`, `community`, `connected`, `all`,
/// `sharing-group`, `inherit`, or the label MISP shows).
pub fn distribution(text: &str) -> Result<Distribution, String> {
    let t = text.trim().to_ascii_lowercase();
    let n = match t.as_str() {
        "org" | "organisation" | "your-org" => 0,
        "community" => 1,
        "connected" => 2,
        "all" => 3,
        "sharing-group" | "sg" => 4,
        "inherit" => 5,
        _ => return level(text, 0..=5, Distribution::from_number, Distribution::label),
    };
    Distribution::from_number(n).ok_or_else(|| format!("{n}"))
}

/// A threat level by number (`1`..`4`) or name (`high`, `medium`, `low`, `undefined`).
pub fn threat_level(text: &str) -> Result<ThreatLevel, String> {
    level(text, 1..=4, ThreatLevel::from_number, ThreatLevel::label)
}

/// An analysis state by number (`0`..`2`) or name (`initial`, `ongoing`, `completed`).
pub fn analysis(text: &str) -> Result<Analysis, String> {
    level(text, 0..=2, Analysis::from_number, Analysis::label)
}

fn level<T: Copy>(
    text: &str,
    range: std::ops::RangeInclusive<u64>,
    from_number: fn(u64) -> Option<T>,
    label: fn(T) -> &'static str,
) -> Result<T, String> {
    let t = text.trim();
    if let Ok(n) = t.parse::<u64>() {
        return from_number(n)
            .ok_or_else(|| format!("`{t}`: expected {} to {}", range.start(), range.end()));
    }
    let all: Vec<(u64, T)> = range
        .filter_map(|n| from_number(n).map(|v| (n, v)))
        .collect();
    all.iter()
        .find(|(_, v)| label(*v).eq_ignore_ascii_case(t))
        .map(|(_, v)| *v)
        .ok_or_else(|| {
            let names: Vec<String> = all
                .iter()
                .map(|(n, v)| format!("{} ({n})", label(*v).to_ascii_lowercase()))
                .collect();
            format!("`{t}`: expected one of {}", names.join(", "))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_rows_quotes_and_errors() {
        let text = "ip-dst,\"203.0.113.7\",,\"a, \"\"quoted\"\" comment\",1\nmd5\n\"open,x\n";
        let rows: Vec<_> = AttributeLines::csv(text).collect();
        let first = rows[0].as_ref().unwrap();
        assert_eq!(first.comment.as_deref(), Some("a, \"quoted\" comment"));
        assert_eq!(first.to_ids, Some(true));
        assert_eq!(first.category, None);
        assert_eq!(
            rows[1].as_ref().unwrap_err().to_string(),
            "line 2: expected type,value[,category,comment,to_ids], got 1 field(s)"
        );
        assert_eq!(
            rows[2].as_ref().unwrap_err().to_string(),
            "line 3: field 1 has no closing quote"
        );
        let bad_ids: Vec<_> = AttributeLines::csv("ip-dst,1.2.3.4,,,maybe").collect();
        assert!(
            bad_ids[0]
                .as_ref()
                .unwrap_err()
                .message
                .contains("to_ids `maybe`")
        );
    }

    #[test]
    fn pairs_and_levels() {
        assert_eq!(pair("a=b=c").unwrap(), ("a", "b=c"));
        assert!(pair("=x").is_err() && pair("novalue").is_err());
        assert_eq!(distribution("all").unwrap(), Distribution::AllCommunities);
        assert_eq!(
            distribution("0").unwrap(),
            Distribution::YourOrganisationOnly
        );
        assert_eq!(threat_level("High").unwrap(), ThreatLevel::High);
        assert!(threat_level("0").unwrap_err().contains("expected 1 to 4"));
        assert_eq!(analysis("ongoing").unwrap(), Analysis::Ongoing);
        assert!(
            analysis("done")
                .unwrap_err()
                .contains("initial (0), ongoing (1), completed (2)")
        );
    }
}
