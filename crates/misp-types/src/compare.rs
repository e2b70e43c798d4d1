//! Semantic comparison of MISP JSON: the equality a lossless round trip promises.
//!
//! Two documents are equivalent when they have exactly the same keys, in every object, and the
//! same values, where a number equals its string form (`1` and `"1"`), a boolean equals its
//! `0`/`1` forms, two date-times equal when they name the same instant, UUIDs compare
//! without regard to case, and a single object equals a list holding only it (MISP reads both).
//! Key order does not count.
//!
//! ```
//! use serde_json::json;
//! use misp_types::compare::differences;
//! let a = json!({"id": "7", "to_ids": 1, "first_seen": "2024-05-15T09:58:41Z"});
//! let b = json!({"id": 7, "to_ids": true, "first_seen": "2024-05-15T09:58:41.000000+00:00"});
//! assert!(differences(&a, &b).is_empty());
//! assert_eq!(differences(&a, &json!({"id": 8, "to_ids": true}))[0].path, ".first_seen");
//! ```

use serde_json::Value;

use crate::DateTime;

/// One place where two documents differ.
#[derive(Clone, Debug, PartialEq)]
pub struct Difference {
    /// The JSON path (`.Event.Attribute[3].value`).
    pub path: String,
    /// What the left document has there (`None`: the key is missing).
    pub left: Option<Value>,
    /// What the right document has there (`None`: the key is missing).
    pub right: Option<Value>,
}

impl std::fmt::Display for Difference {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let show = |v: &Option<Value>| match v {
            None => "(missing)".to_owned(),
            Some(v) => {
                let text = v.to_string();
                if text.len() > 120 {
                    format!(
                        "{}...",
                        text.get(..text.floor_char_boundary(120))
                            .unwrap_or_default()
                    )
                } else {
                    text
                }
            }
        };
        write!(
            f,
            "{}: {} vs {}",
            self.path,
            show(&self.left),
            show(&self.right)
        )
    }
}

/// Every difference between two documents (at most 100), under the equivalence above.
pub fn differences(left: &Value, right: &Value) -> Vec<Difference> {
    let mut out = Vec::new();
    walk(left, right, &mut String::new(), &mut out);
    out
}

/// True when two scalars are equal under the equivalence above.
pub fn scalars_equivalent(left: &Value, right: &Value) -> bool {
    if left == right {
        return true;
    }
    match (left, right) {
        (Value::Number(a), Value::String(b)) | (Value::String(b), Value::Number(a)) => {
            number_text_equal(a, b)
        }
        (Value::Bool(a), other) | (other, Value::Bool(a)) => match other {
            Value::Number(n) => n.as_u64() == Some(u64::from(*a)),
            Value::String(s) => s == if *a { "1" } else { "0" },
            _ => false,
        },
        (Value::Number(a), Value::Number(b)) => a.as_f64() == b.as_f64(),
        (Value::String(a), Value::String(b)) => {
            if a.len() == 36 && b.len() == 36 && a.eq_ignore_ascii_case(b) {
                return true;
            }
            match (a.parse::<DateTime>(), b.parse::<DateTime>()) {
                // A bare date is its midnight, UTC, once the other side has a time of day.
                (Ok(x), Ok(y)) => x == y && (looks_like_datetime(a) || looks_like_datetime(b)),
                _ => false,
            }
        }
        _ => false,
    }
}

/// A date with a time (`2023-07-14T00:00`, `2022-8-31 00:00:00`), not a bare date.
fn looks_like_datetime(s: &str) -> bool {
    s.len() >= 14 && s.contains(':') && s.contains(['T', ' '])
}

fn number_text_equal(number: &serde_json::Number, text: &str) -> bool {
    let text = text.trim();
    if let (Some(n), Ok(t)) = (number.as_i64(), text.parse::<i64>()) {
        return n == t;
    }
    if let (Some(n), Ok(t)) = (number.as_u64(), text.parse::<u64>()) {
        return n == t;
    }
    matches!((number.as_f64(), text.parse::<f64>()), (Some(n), Ok(t)) if n == t)
}

fn walk(left: &Value, right: &Value, path: &mut String, out: &mut Vec<Difference>) {
    if out.len() >= 100 {
        return;
    }
    match (left, right) {
        (Value::Object(a), Value::Object(b)) => {
            for (key, av) in a {
                let len = path.len();
                path.push('.');
                path.push_str(key);
                match b.get(key) {
                    Some(bv) => walk(av, bv, path, out),
                    None => out.push(Difference {
                        path: path.clone(),
                        left: Some(av.clone()),
                        right: None,
                    }),
                }
                path.truncate(len);
            }
            for (key, bv) in b {
                if !a.contains_key(key) {
                    out.push(Difference {
                        path: format!("{path}.{key}"),
                        left: None,
                        right: Some(bv.clone()),
                    });
                }
            }
        }
        // A single object where a list is expected is read, and written, as a one-element list.
        (Value::Object(_), Value::Array(b)) if b.len() == 1 => {
            if let Some(bv) = b.first() {
                walk(left, bv, path, out);
            }
        }
        (Value::Array(a), Value::Object(_)) if a.len() == 1 => {
            if let Some(av) = a.first() {
                walk(av, right, path, out);
            }
        }
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => {
            for (i, (av, bv)) in a.iter().zip(b).enumerate() {
                let len = path.len();
                path.push_str(&format!("[{i}]"));
                walk(av, bv, path, out);
                path.truncate(len);
            }
        }
        _ => {
            if !scalars_equivalent(left, right) {
                out.push(Difference {
                    path: if path.is_empty() {
                        ".".into()
                    } else {
                        path.clone()
                    },
                    left: Some(left.clone()),
                    right: Some(right.clone()),
                });
            }
        }
    }
}

/// Reads an event document (any envelope), writes it back, and lists how the output differs from
/// the input under the equivalence above: an empty list is a lossless round trip.
///
/// ```
/// let diffs = misp_types::compare::roundtrip(br#"{"Event":{"id":"1","unknown":[1,2]}}"#).unwrap();
/// assert!(diffs.is_empty());
/// ```
pub fn roundtrip(bytes: &[u8]) -> Result<Vec<Difference>, crate::ParseError> {
    let document = crate::EventDocument::from_slice(bytes)?;
    let written =
        serde_json::to_value(&document).map_err(|e| crate::ParseError::new(String::new(), &e))?;
    let original: Value = crate::json::from_slice(bytes)?;
    Ok(match document {
        // A bare event is written inside `{"Event": ...}`.
        crate::EventDocument::Bare(_) => {
            differences(&original, written.get("Event").unwrap_or(&Value::Null))
        }
        _ => differences(&original, &written),
    })
}
