//! How a user is named in a path: by id, or `me` for the key's own account.

use std::fmt;

/// A user in a path: an id, or the key's own account (`me`).
///
/// ```
/// use misp_admin::UserRef;
/// assert_eq!(UserRef::from(9).to_string(), "9");
/// assert_eq!(UserRef::Me.to_string(), "me");
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum UserRef {
    /// The account the key belongs to.
    #[default]
    Me,
    /// A user id.
    Id(u64),
}

impl From<u64> for UserRef {
    fn from(id: u64) -> Self {
        UserRef::Id(id)
    }
}

impl fmt::Display for UserRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UserRef::Me => f.write_str("me"),
            UserRef::Id(id) => write!(f, "{id}"),
        }
    }
}
