//! Validation of MISP data: attribute values against their type, and (see the submodules)
//! whole events, attributes and objects with every problem reported at its JSON path.
//!
//! Whole-record validation (`Event::validate` and the like) checks objects against MISP's object
//! templates, so it comes with the `templates` feature (on by default); [`validate_value`] is
//! always there.

pub mod value;

pub use value::{ValueError, validate_value};
#[cfg(feature = "templates")]
mod model;
#[cfg(feature = "templates")]
pub mod problem;

#[cfg(feature = "templates")]
pub use problem::{Problem, ProblemCode, Problems, Severity};
