//! JSON Schema for fields as MISP really writes them (numbers or strings, `[]` for `{}` ...).

use schemars::{Schema, SchemaGenerator, json_schema};

/// The JSON Schema of a field as it may appear on the wire (tolerant, like the reader).
pub trait FieldSchema {
    /// The schema of a value of this field (not counting `null`, which every field accepts).
    fn field_schema(generator: &mut SchemaGenerator) -> Schema;
}

impl<T: FieldSchema> FieldSchema for Option<T> {
    fn field_schema(generator: &mut SchemaGenerator) -> Schema {
        let inner = T::field_schema(generator);
        json_schema!({ "anyOf": [inner, { "type": "null" }] })
    }
}

impl<T: FieldSchema> FieldSchema for Vec<T> {
    fn field_schema(generator: &mut SchemaGenerator) -> Schema {
        let inner = T::field_schema(generator);
        json_schema!({ "anyOf": [{ "type": "array", "items": inner }, inner, { "type": "null" }] })
    }
}

impl<T: FieldSchema> FieldSchema for Box<T> {
    fn field_schema(generator: &mut SchemaGenerator) -> Schema {
        T::field_schema(generator)
    }
}

/// An integer, as a JSON number or a string of digits.
fn integer() -> Schema {
    json_schema!({ "anyOf": [{ "type": "integer" }, { "type": "string", "pattern": "^\\s*-?[0-9]+\\s*$" }] })
}

impl FieldSchema for u64 {
    fn field_schema(_: &mut SchemaGenerator) -> Schema {
        integer()
    }
}
impl FieldSchema for i64 {
    fn field_schema(_: &mut SchemaGenerator) -> Schema {
        integer()
    }
}
impl FieldSchema for u32 {
    fn field_schema(_: &mut SchemaGenerator) -> Schema {
        integer()
    }
}
impl FieldSchema for bool {
    fn field_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "anyOf": [{ "type": "boolean" }, { "enum": [0, 1, "0", "1", "true", "false", "True", "False", ""] }] })
    }
}
impl FieldSchema for String {
    fn field_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": ["string", "number"] })
    }
}
impl FieldSchema for uuid::Uuid {
    fn field_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": "string", "format": "uuid" })
    }
}
impl FieldSchema for chrono::NaiveDate {
    fn field_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": "string", "format": "date" })
    }
}
impl FieldSchema for serde_json::Value {
    fn field_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!(true)
    }
}

/// The schema of a record: its typed properties, any other key allowed (kept verbatim), and the
/// empty list MISP writes for an empty object.
#[doc(hidden)]
pub fn record_schema(name: &str, properties: serde_json::Map<String, serde_json::Value>) -> Schema {
    json_schema!({
        "title": name,
        "anyOf": [
            { "type": "object", "properties": properties, "additionalProperties": true },
            { "type": "array", "maxItems": 0 }
        ]
    })
}
