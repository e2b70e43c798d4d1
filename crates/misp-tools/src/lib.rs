//! MISP objects from real artefacts, offline: what PyMISP's `pymisp.tools` generators make, built
//! with misp-types' [`ObjectBuilder`](misp_types::builder::ObjectBuilder) and checked against MISP's object templates.
//!
//! | generator | cargo feature | objects |
//! |---|---|---|
//! | [`file::FileObject`], [`file::FileHasher`] | `file` | `file`: filename, size-in-bytes, entropy, md5, sha1, sha256, sha512, ssdeep, tlsh, mimetype, malware-sample |
//! | [`executable::binary_objects`] | `executable` | `file` + `pe` / `elf` / `macho` and one `pe-section` / `elf-section` / `macho-section` per section |
//! | [`email::email_objects`] | `email` | `email` + one `file` object per attachment |
//! | [`url::url_object`] | `url` | `url`: scheme, host, domain, subdomain, tld, port, path, query, fragment, credential |
//! | [`csv::CsvLoader`] | `csv` | one object (or attribute) per CSV row, bad rows reported by line |
//!
//! [`input::objects_from`] is the one call a command line needs: `misp event new --file SAMPLE`,
//! `--eml MAIL`, `--url URL`, `--csv FILE --template NAME` and `misp object new KIND INPUT` are
//! an [`input::Input`] each.
//!
//! Every generator returns [`Generated`]: the main object first, then the objects it references,
//! each still an [`ObjectBuilder`](misp_types::builder::ObjectBuilder) so callers can add references, comments or a distribution
//! before [`Generated::build`] validates them all.
//!
//! ```
//! # #[cfg(feature = "file")] {
//! use misp_tools::file::FileObject;
//! use misp_types::builder::EventBuilder;
//!
//! let generated = FileObject::new("note.txt", b"hello world\n").generate()?;
//! let event = generated.add_to(EventBuilder::new("A note")).build().unwrap();
//! let file = &event.objects[0];
//! let md5 = file.attributes.iter().find(|a| a.object_relation.as_deref() == Some("md5")).unwrap();
//! assert_eq!(md5.value.as_deref(), Some("6f5902ac237024bdd0c176cb93063dc4"));
//! # }
//! # Ok::<(), misp_tools::Error>(())
//! ```
#![forbid(unsafe_code)]
#![warn(
    clippy::indexing_slicing,
    clippy::string_slice,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic
)]
#![warn(missing_docs)]

mod error;
mod generated;
pub mod input;

#[cfg(feature = "csv")]
pub mod csv;
#[cfg(feature = "email")]
pub mod email;
#[cfg(feature = "executable")]
pub mod executable;
#[cfg(feature = "file")]
pub mod file;
#[cfg(feature = "url")]
pub mod url;

pub use error::Error;
pub use generated::Generated;

/// Formats a float the way Python's `repr` does for the values generators emit (`3.0`, not `3`),
/// so values match PyMISP's exactly.
#[cfg_attr(not(feature = "file"), allow(dead_code))]
pub(crate) fn python_float(value: f64) -> String {
    if value.is_finite() && value.fract() == 0.0 && value.abs() < 1e16 {
        format!("{value:.1}")
    } else {
        format!("{value}")
    }
}

/// The attribute `ObjectBuilder::attribute` would add for `relation` (type, category, `to_ids`
/// and `disable_correlation` from the template), to adjust before adding it.
pub(crate) fn relation_attribute(
    object: &misp_types::builder::ObjectBuilder,
    relation: &str,
    value: &str,
) -> misp_types::builder::AttributeBuilder {
    object.relation_builder(relation, value.to_owned())
}
