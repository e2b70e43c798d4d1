//! A key the server issued, kept out of `Debug` output.

use std::fmt;

#[cfg(feature = "schema")]
use schemars::{Schema, SchemaGenerator, json_schema};
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserializer, Serializer};

#[cfg(feature = "schema")]
use crate::wire::FieldSchema;
use crate::wire::FieldValue;

/// A secret value in a record (an API key the server issued or echoed back).
///
/// It reads from a JSON string, is written back as that string (so a record still round-trips
/// and can be sent), and shows as `[REDACTED]` in `Debug` output.
///
/// ```
/// use misp_types::admin::Secret;
/// use secrecy::ExposeSecret;
/// let key = Secret::from("0123456789abcdef0123456789abcdef01234567");
/// assert_eq!(format!("{key:?}"), "[REDACTED]");
/// assert_eq!(key.as_secret().expose_secret().len(), 40);
/// ```
#[derive(Clone)]
pub struct Secret(SecretString);

impl Secret {
    /// The value as a [`SecretString`].
    pub fn as_secret(&self) -> &SecretString {
        &self.0
    }

    /// The value as a [`SecretString`], consuming `self`.
    pub fn into_secret(self) -> SecretString {
        self.0
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Secret(SecretString::from(value))
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Secret(SecretString::from(value))
    }
}

impl From<SecretString> for Secret {
    fn from(value: SecretString) -> Self {
        Secret(value)
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[REDACTED]")
    }
}

/// Two secrets are equal when they hold the same text.
impl PartialEq for Secret {
    fn eq(&self, other: &Self) -> bool {
        self.0.expose_secret() == other.0.expose_secret()
    }
}

impl FieldValue for Secret {
    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::read(deserializer).map(Secret::from)
    }
    fn write<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.0.expose_secret())
    }
}

#[cfg(feature = "schema")]
impl FieldSchema for Secret {
    fn field_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": "string" })
    }
}
