//! Attribute types and categories as record fields.

#[cfg(feature = "schema")]
use crate::wire::FieldSchema;
use crate::{AttributeType, Category};

crate::__serde_field_value!(AttributeType);
crate::__serde_field_value!(Category);

#[cfg(feature = "schema")]
impl FieldSchema for AttributeType {
    fn field_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "type": "string", "description": "a MISP attribute type (describeTypes)" })
    }
}

#[cfg(feature = "schema")]
impl FieldSchema for Category {
    fn field_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "type": "string", "description": "a MISP attribute category" })
    }
}
