//! Validation of MISP data: attribute values against their type, and (see the submodules)
//! whole events, attributes and objects with every problem reported at its JSON path.

pub mod value;

pub use value::{ValueError, validate_value};
mod model;
pub mod problem;

pub use problem::{Problem, ProblemCode, Problems, Severity};
