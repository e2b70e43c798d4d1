//! [`Generated`].

use misp_types::Object;
use misp_types::builder::{EventBuilder, ObjectBuilder};

use crate::Error;

/// The objects a generator made from one input: the main one first (the `file`, `email` or
/// `url` object), then the objects it references (executable headers, sections, attachments).
#[derive(Debug, Clone)]
#[must_use]
pub struct Generated {
    main: ObjectBuilder,
    related: Vec<ObjectBuilder>,
    warnings: Vec<String>,
}

impl Generated {
    /// A set holding `main` alone.
    pub fn new(main: ObjectBuilder) -> Self {
        Generated {
            main,
            related: Vec::new(),
            warnings: Vec::new(),
        }
    }

    /// The main object (the first).
    pub fn main(&self) -> &ObjectBuilder {
        &self.main
    }

    /// Changes the main object in place (to add a comment, a reference, a distribution ...).
    pub fn map_main(mut self, f: impl FnOnce(ObjectBuilder) -> ObjectBuilder) -> Self {
        self.main = f(self.main);
        self
    }

    /// The objects the main one references, in order.
    pub fn related(&self) -> &[ObjectBuilder] {
        &self.related
    }

    /// Every object, the main one first.
    pub fn builders(&self) -> impl Iterator<Item = &ObjectBuilder> {
        std::iter::once(&self.main).chain(&self.related)
    }

    /// Adds an object after the others.
    pub fn push(&mut self, object: ObjectBuilder) {
        self.related.push(object);
    }

    /// Adds the objects of `other` after these (its main object included).
    pub fn extend(&mut self, other: Generated) {
        self.related.push(other.main);
        self.related.extend(other.related);
        self.warnings.extend(other.warnings);
    }

    /// What the generator could not read and left out, in the user's words (a part of an
    /// e-mail it could not decode, a file that looks like an executable but does not parse).
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }

    /// Records something left out (see [`warnings`](Self::warnings)).
    pub fn warn(&mut self, warning: impl Into<String>) {
        self.warnings.push(warning.into());
    }

    /// The number of objects, the main one included.
    pub fn len(&self) -> usize {
        1 + self.related.len()
    }

    /// Always false: there is at least the main object.
    pub fn is_empty(&self) -> bool {
        false
    }

    fn into_iter(self) -> impl Iterator<Item = ObjectBuilder> {
        std::iter::once(self.main).chain(self.related)
    }

    /// The objects, each validated against its template (every problem of the first that fails
    /// is in the error), with timestamps set.
    pub fn build(self) -> Result<Vec<Object>, Error> {
        self.into_iter()
            .map(|builder| {
                let name = builder.clone().build_unchecked().name.unwrap_or_default();
                builder.build().map_err(|problems| Error::Invalid {
                    object: name,
                    problems,
                })
            })
            .collect()
    }

    /// The objects without validation or timestamps.
    pub fn build_unchecked(self) -> Vec<Object> {
        self.into_iter()
            .map(ObjectBuilder::build_unchecked)
            .collect()
    }

    /// Adds every object to `event` (validated when the event is built).
    pub fn add_to(self, event: EventBuilder) -> EventBuilder {
        self.into_iter()
            .fold(event, |event, object| event.object(object))
    }
}
