//! The numeric enumerations of the MISP core format.

use std::fmt;

use serde::de::{self, Deserializer, Visitor};
use serde::ser::Serializer;

#[cfg(feature = "schema")]
use crate::wire::FieldSchema;
use crate::wire::FieldValue;

macro_rules! numeric_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident ($what:literal) {
            $( $(#[$vmeta:meta])* $variant:ident = $value:literal => $label:literal, )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $( $(#[$vmeta])* $variant = $value, )*
        }

        impl $name {
            /// Every value, in numeric order.
            pub const ALL: &'static [$name] = &[$($name::$variant),*];

            /// The number MISP uses on the wire.
            pub const fn as_number(self) -> u8 {
                self as u8
            }

            /// The value for a wire number, if it is one.
            pub const fn from_number(value: u64) -> Option<Self> {
                match value {
                    $($value => Some($name::$variant),)*
                    _ => None,
                }
            }

            /// MISP's name for the value, as its UI shows it.
            pub const fn label(self) -> &'static str {
                match self {
                    $($name::$variant => $label,)*
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.label())
            }
        }

        impl TryFrom<u64> for $name {
            type Error = String;
            fn try_from(value: u64) -> Result<Self, String> {
                Self::from_number(value).ok_or_else(|| format!("{value} is not {}", $what))
            }
        }

        impl FieldValue for $name {
            fn read<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                struct V;
                impl Visitor<'_> for V {
                    type Value = $name;
                    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                        f.write_str($what)
                    }
                    fn visit_u64<E: de::Error>(self, v: u64) -> Result<$name, E> {
                        $name::from_number(v).ok_or_else(|| E::invalid_value(de::Unexpected::Unsigned(v), &self))
                    }
                    fn visit_i64<E: de::Error>(self, v: i64) -> Result<$name, E> {
                        u64::try_from(v).ok().and_then($name::from_number)
                            .ok_or_else(|| E::invalid_value(de::Unexpected::Signed(v), &self))
                    }
                    fn visit_str<E: de::Error>(self, v: &str) -> Result<$name, E> {
                        v.trim().parse::<u64>().ok().and_then($name::from_number)
                            .ok_or_else(|| E::invalid_value(de::Unexpected::Str(v), &self))
                    }
                }
                d.deserialize_any(V)
            }
            fn write<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_u8(*self as u8)
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                self.write(s)
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                Self::read(d)
            }
        }

        #[cfg(feature = "schema")]
        impl FieldSchema for $name {
            fn field_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                let values: Vec<serde_json::Value> = [$($value),*]
                    .iter()
                    .flat_map(|v: &u8| [serde_json::json!(v), serde_json::json!(v.to_string())])
                    .collect();
                schemars::json_schema!({ "description": $what, "enum": values })
            }
        }
    };
}

numeric_enum! {
    /// Who may see an event, attribute or object.
    pub enum Distribution ("a distribution (0 to 5)") {
        /// Only the creating organisation.
        YourOrganisationOnly = 0 => "Your organisation only",
        /// Organisations on this instance.
        ThisCommunityOnly = 1 => "This community only",
        /// This instance and the instances it syncs with directly.
        ConnectedCommunities = 2 => "Connected communities",
        /// Everyone, across all sync hops.
        AllCommunities = 3 => "All communities",
        /// The members of the sharing group named by `sharing_group_id`.
        SharingGroup = 4 => "Sharing group",
        /// The parent event's (or object's) distribution.
        Inherit = 5 => "Inherit event",
    }
}

numeric_enum! {
    /// How severe an event's threat is.
    pub enum ThreatLevel ("a threat level (1 to 4)") {
        /// High.
        High = 1 => "High",
        /// Medium.
        Medium = 2 => "Medium",
        /// Low.
        Low = 3 => "Low",
        /// Undefined.
        Undefined = 4 => "Undefined",
    }
}

numeric_enum! {
    /// How far an event's analysis has gone.
    pub enum Analysis ("an analysis state (0 to 2)") {
        /// Initial.
        Initial = 0 => "Initial",
        /// Ongoing.
        Ongoing = 1 => "Ongoing",
        /// Completed.
        Completed = 2 => "Completed",
    }
}

numeric_enum! {
    /// What a sighting reports about a value.
    pub enum SightingType ("a sighting type (0 to 2)") {
        /// The value was seen.
        Sighting = 0 => "Sighting",
        /// The value is a false positive.
        FalsePositive = 1 => "False-positive",
        /// The value has expired.
        Expiration = 2 => "Expiration",
    }
}
