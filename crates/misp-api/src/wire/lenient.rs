//! Lenient readers for the records this crate defines: MISP sends numbers as numbers or strings
//! (depending on the server's database config) and booleans as `true`, `1` or `"1"`.
//!
//! Use them with `#[serde(default, deserialize_with = "...")]` on `Option` fields.

use serde::Deserialize;
use serde::de::{self, Deserializer, Unexpected};
use serde_json::Value;

fn number_from(value: &Value) -> Option<f64> {
    match value {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// Reads an unsigned integer from a number or a numeric string; `null` and `""` read as `None`.
pub fn de_opt_u64<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
    match Value::deserialize(d)? {
        Value::Null => Ok(None),
        Value::String(s) if s.is_empty() => Ok(None),
        Value::Number(n) if n.as_u64().is_some() => Ok(n.as_u64()),
        Value::String(s) => s
            .trim()
            .parse()
            .map(Some)
            .map_err(|_| de::Error::invalid_value(Unexpected::Str(&s), &"an unsigned integer")),
        other => Err(de::Error::invalid_type(
            unexpected(&other),
            &"an unsigned integer or a numeric string",
        )),
    }
}

/// Reads a signed integer from a number or a numeric string; `null` and `""` read as `None`.
pub fn de_opt_i64<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    match Value::deserialize(d)? {
        Value::Null => Ok(None),
        Value::String(s) if s.is_empty() => Ok(None),
        Value::Number(n) if n.as_i64().is_some() => Ok(n.as_i64()),
        Value::String(s) => s
            .trim()
            .parse()
            .map(Some)
            .map_err(|_| de::Error::invalid_value(Unexpected::Str(&s), &"an integer")),
        other => Err(de::Error::invalid_type(
            unexpected(&other),
            &"an integer or a numeric string",
        )),
    }
}

/// Reads a float from a number or a numeric string (`"12.5%"` loses its `%`).
pub fn de_opt_f64<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
    let value = Value::deserialize(d)?;
    if value.is_null() || value.as_str() == Some("") {
        return Ok(None);
    }
    if let Some(s) = value.as_str() {
        if let Ok(n) = s.trim().trim_end_matches('%').parse() {
            return Ok(Some(n));
        }
    }
    number_from(&value)
        .map(Some)
        .ok_or_else(|| de::Error::invalid_type(unexpected(&value), &"a number"))
}

/// Reads a boolean from `true`/`false`, `0`/`1` or `"0"`/`"1"`/`"true"`/`"false"`.
pub fn de_opt_bool<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    match Value::deserialize(d)? {
        Value::Null => Ok(None),
        Value::Bool(b) => Ok(Some(b)),
        Value::Number(n) => Ok(Some(n.as_f64().unwrap_or(0.0) != 0.0)),
        Value::String(s) => match s.trim() {
            "" => Ok(None),
            "1" | "true" | "True" => Ok(Some(true)),
            "0" | "false" | "False" => Ok(Some(false)),
            other => Err(de::Error::invalid_value(
                Unexpected::Str(other),
                &"a boolean, 0/1 or \"0\"/\"1\"",
            )),
        },
        other => Err(de::Error::invalid_type(unexpected(&other), &"a boolean")),
    }
}

/// Reads a string from a string or a number (MISP sends some names as numbers).
pub fn de_opt_string<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    match Value::deserialize(d)? {
        Value::Null => Ok(None),
        Value::String(s) => Ok(Some(s)),
        Value::Number(n) => Ok(Some(n.to_string())),
        Value::Bool(b) => Ok(Some(b.to_string())),
        other => Err(de::Error::invalid_type(unexpected(&other), &"a string")),
    }
}

/// Reads a list of strings from a list, a single string, or a comma-separated string.
pub fn de_string_or_list<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    match Value::deserialize(d)? {
        Value::Null => Ok(Vec::new()),
        Value::String(s) => Ok(s
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect()),
        Value::Array(items) => items
            .into_iter()
            .map(|v| match v {
                Value::String(s) => Ok(s),
                Value::Number(n) => Ok(n.to_string()),
                other => Err(de::Error::invalid_type(unexpected(&other), &"a string")),
            })
            .collect(),
        other => Err(de::Error::invalid_type(
            unexpected(&other),
            &"a string or a list of strings",
        )),
    }
}

fn unexpected(value: &Value) -> Unexpected<'_> {
    match value {
        Value::Null => Unexpected::Unit,
        Value::Bool(b) => Unexpected::Bool(*b),
        Value::Number(_) => Unexpected::Other("a number"),
        Value::String(s) => Unexpected::Str(s),
        Value::Array(_) => Unexpected::Seq,
        Value::Object(_) => Unexpected::Map,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize)]
    struct Probe {
        #[serde(default, deserialize_with = "de_opt_u64")]
        id: Option<u64>,
        #[serde(default, deserialize_with = "de_opt_bool")]
        flag: Option<bool>,
        #[serde(default, deserialize_with = "de_opt_f64")]
        share: Option<f64>,
    }

    #[test]
    fn reads_both_number_encodings() {
        for text in [
            r#"{"id": 12, "flag": true, "share": 1.5}"#,
            r#"{"id": "12", "flag": "1", "share": "1.5%"}"#,
            r#"{"id": "12", "flag": 1, "share": "1.5"}"#,
        ] {
            let p: Probe = serde_json::from_str(text).unwrap();
            assert_eq!((p.id, p.flag, p.share), (Some(12), Some(true), Some(1.5)));
        }
        let p: Probe = serde_json::from_str(r#"{"id": ""}"#).unwrap();
        assert_eq!((p.id, p.flag), (None, None));
        assert!(serde_json::from_str::<Probe>(r#"{"id": "x"}"#).is_err());
    }
}
