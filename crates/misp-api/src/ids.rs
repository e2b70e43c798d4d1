//! How operations name the entity they act on: a numeric id or a UUID.

use std::fmt;
use std::str::FromStr;

use crate::BuildError;

/// An entity named by its numeric id or its UUID; MISP accepts both in most paths.
///
/// ```
/// use misp_api::IdOrUuid;
/// let by_id: IdOrUuid = 12.into();
/// let by_uuid: IdOrUuid = "93c351ac-14d9-4e91-a82d-dcef1e86ce24".parse().unwrap();
/// assert_eq!(by_id.to_string(), "12");
/// assert_eq!(by_uuid.to_string(), "93c351ac-14d9-4e91-a82d-dcef1e86ce24");
/// assert!("not an id".parse::<IdOrUuid>().is_err());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum IdOrUuid {
    /// The numeric id (local to one MISP instance).
    Id(u64),
    /// The UUID (the same on every instance).
    Uuid(uuid::Uuid),
}

/// An event, by id or UUID.
pub type EventRef = IdOrUuid;
/// An attribute, by id or UUID.
pub type AttributeRef = IdOrUuid;
/// An object, by id or UUID.
pub type ObjectRef = IdOrUuid;

impl IdOrUuid {
    /// The numeric id, when this is one.
    pub fn id(&self) -> Option<u64> {
        match self {
            IdOrUuid::Id(id) => Some(*id),
            IdOrUuid::Uuid(_) => None,
        }
    }

    /// The UUID, when this is one.
    pub fn uuid(&self) -> Option<uuid::Uuid> {
        match self {
            IdOrUuid::Uuid(uuid) => Some(*uuid),
            IdOrUuid::Id(_) => None,
        }
    }

    /// The numeric id, or an error naming `argument` for endpoints that accept only ids.
    pub(crate) fn require_id(&self, argument: &'static str) -> Result<u64, BuildError> {
        self.id().ok_or_else(|| {
            BuildError::invalid(argument, "this endpoint needs the numeric id, not a UUID")
        })
    }
}

impl fmt::Display for IdOrUuid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IdOrUuid::Id(id) => write!(f, "{id}"),
            IdOrUuid::Uuid(uuid) => write!(f, "{uuid}"),
        }
    }
}

impl From<u64> for IdOrUuid {
    fn from(id: u64) -> Self {
        IdOrUuid::Id(id)
    }
}

impl From<uuid::Uuid> for IdOrUuid {
    fn from(uuid: uuid::Uuid) -> Self {
        IdOrUuid::Uuid(uuid)
    }
}

/// The text was neither a number nor a UUID.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is neither a numeric id nor a UUID")]
pub struct ParseIdError(pub String);

impl FromStr for IdOrUuid {
    type Err = ParseIdError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        if let Ok(id) = s.parse::<u64>() {
            return Ok(IdOrUuid::Id(id));
        }
        uuid::Uuid::parse_str(s)
            .map(IdOrUuid::Uuid)
            .map_err(|_| ParseIdError(s.to_owned()))
    }
}

impl TryFrom<&str> for IdOrUuid {
    type Error = ParseIdError;

    fn try_from(s: &str) -> Result<Self, Self::Error> {
        s.parse()
    }
}

impl serde::Serialize for IdOrUuid {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            IdOrUuid::Id(id) => s.serialize_u64(*id),
            IdOrUuid::Uuid(uuid) => uuid.serialize(s),
        }
    }
}
