//! A problem found by validation: where it is, how bad it is, and what to do.

use std::fmt;

/// How bad a [`Problem`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Severity {
    /// MISP would refuse the data, or store something other than what was meant.
    Error,
    /// Legal, but probably not what was meant, or not checkable (e.g. an object template this
    /// crate does not know).
    Warning,
}

/// What kind of problem was found; the [`Problem::message`] gives the details.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ProblemCode {
    /// A field MISP requires is missing or empty.
    MissingField,
    /// The attribute type is not one of MISP's types.
    UnknownType,
    /// The category is not one of MISP's categories.
    UnknownCategory,
    /// The category exists but is not allowed for the attribute type.
    CategoryNotAllowed,
    /// The value does not fit the attribute type.
    InvalidValue,
    /// The value has leading or trailing whitespace, which MISP trims on save.
    SurroundingWhitespace,
    /// The `data` field is not valid base64, or not what the type needs.
    InvalidData,
    /// The distribution is not allowed at this level.
    DistributionOutOfRange,
    /// Distribution 4 (sharing group) without a sharing group.
    SharingGroupMissing,
    /// `first_seen` is after `last_seen`.
    SeenOrder,
    /// Two entities of the event share a UUID.
    DuplicateUuid,
    /// The object template is not known, so its rules could not be checked.
    UnknownTemplate,
    /// The object's template UUID or version differs from the known template.
    TemplateMismatch,
    /// An object attribute's relation is not in the object's template.
    UnknownRelation,
    /// An object attribute's type differs from the type its template relation holds.
    RelationTypeMismatch,
    /// An object attribute's value is not in its relation's closed list of values.
    ValueNotInList,
    /// A relation the template requires is missing.
    RequiredRelationMissing,
    /// None of the relations of which the template requires at least one is present.
    RequiredOneOfMissing,
    /// A relation that may occur once occurs more than once.
    RelationRepeated,
    /// An object reference points at nothing in the event.
    DanglingReference,
    /// A number is outside the range MISP accepts (e.g. an opinion above 100).
    OutOfRange,
    /// A field holds a value not of its type, kept verbatim when read (a uuid field that is not
    /// a UUID, as older exports have).
    NotOfItsType,
}

/// One problem found by validation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Where: a JSON-path-like location such as `Event.Object[3].Attribute[1].value`.
    pub path: String,
    /// How bad it is.
    pub severity: Severity,
    /// What kind of problem it is.
    pub code: ProblemCode,
    /// What is wrong and what to do, for a person.
    pub message: String,
}

impl Problem {
    pub(crate) fn error(
        path: impl Into<String>,
        code: ProblemCode,
        message: impl Into<String>,
    ) -> Self {
        Problem {
            path: path.into(),
            severity: Severity::Error,
            code,
            message: message.into(),
        }
    }

    pub(crate) fn warning(
        path: impl Into<String>,
        code: ProblemCode,
        message: impl Into<String>,
    ) -> Self {
        Problem {
            path: path.into(),
            severity: Severity::Warning,
            code,
            message: message.into(),
        }
    }

    /// Whether this is an [`Severity::Error`].
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{level}: {}: {}", self.path, self.message)
    }
}

/// Every problem validation found, in the order of the data.
///
/// Implements [`std::error::Error`], so [`Problems::into_result`] fits `?`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Problems(pub Vec<Problem>);

impl Problems {
    /// Whether no error was found (warnings allowed).
    pub fn is_valid(&self) -> bool {
        !self.0.iter().any(Problem::is_error)
    }

    /// Whether nothing at all was found.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// How many problems were found.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// All problems.
    pub fn iter(&self) -> std::slice::Iter<'_, Problem> {
        self.0.iter()
    }

    /// Only the errors.
    pub fn errors(&self) -> impl Iterator<Item = &Problem> {
        self.0.iter().filter(|p| p.is_error())
    }

    /// Only the warnings.
    pub fn warnings(&self) -> impl Iterator<Item = &Problem> {
        self.0.iter().filter(|p| !p.is_error())
    }

    /// `Ok` with the warnings when there is no error, `Err` with everything otherwise.
    pub fn into_result(self) -> Result<Problems, Problems> {
        if self.is_valid() { Ok(self) } else { Err(self) }
    }

    pub(crate) fn push(&mut self, problem: Problem) {
        self.0.push(problem);
    }
}

impl IntoIterator for Problems {
    type Item = Problem;
    type IntoIter = std::vec::IntoIter<Problem>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<'a> IntoIterator for &'a Problems {
    type Item = &'a Problem;
    type IntoIter = std::slice::Iter<'a, Problem>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl fmt::Display for Problems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let errors = self.errors().count();
        let warnings = self.len() - errors;
        write!(f, "{errors} error(s), {warnings} warning(s)")?;
        for problem in &self.0 {
            write!(f, "\n  {problem}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Problems {}
