//! Tags.

use crate::record;

record! {
    /// A tag, on an event, attribute or galaxy cluster relation, or in the tag index.
    pub struct Tag {
        /// Local id.
        "id" => id: Option<u64>,
        /// Name, often a machine tag (`tlp:amber`, `misp-galaxy:threat-actor="APT 28"`).
        "name" => name: Option<String>,
        /// Colour, as `#rrggbb`.
        "colour" => colour: Option<String>,
        /// Whether the tag is exported to other instances and feeds.
        "exportable" => exportable: Option<bool>,
        /// Id of the organisation the tag is restricted to (0: none).
        "org_id" => org_id: Option<u64>,
        /// Id of the user the tag is restricted to (0: none).
        "user_id" => user_id: Option<u64>,
        /// Whether the tag is hidden in the UI.
        "hide_tag" => hide_tag: Option<bool>,
        /// The numerical value of a taxonomy tag.
        "numerical_value" => numerical_value: Option<i64>,
        /// Whether the tag is a galaxy cluster's tag.
        "is_galaxy" => is_galaxy: Option<bool>,
        /// Whether the tag is a custom galaxy cluster's tag.
        "is_custom_galaxy" => is_custom_galaxy: Option<bool>,
        /// Whether the tag may only be attached locally.
        "local_only" => local_only: Option<bool>,
        /// Whether this attachment is local (not synchronised).
        "local" => local: Option<bool>,
        /// The relationship this attachment expresses (MISP 2.4.170+).
        "relationship_type" => relationship_type: Option<String>,
        /// Whether an attribute inherits the tag from its event (search results).
        "inherited" => inherited: Option<bool>,
    }
}

impl Tag {
    /// A tag with just a name, as one adds it to new data.
    ///
    /// ```
    /// let tag = misp_types::Tag::named("tlp:green");
    /// assert_eq!(serde_json::to_string(&tag).unwrap(), r#"{"name":"tlp:green"}"#);
    /// ```
    pub fn named(name: impl Into<String>) -> Self {
        Tag {
            name: Some(name.into()),
            ..Tag::default()
        }
    }
}
