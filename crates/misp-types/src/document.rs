//! The envelopes events come in: `{"Event": {...}}`, a bare event, and `{"response": [...]}`.

use serde::{Serialize, Serializer};

use crate::json::{ReadError, from_slice};
use crate::model::Event;
use crate::{ParseError, record};

record! {
    /// `{"Event": {...}}`: one event, as the server's event views and feed files write it.
    pub struct EventEnvelope {
        /// The event.
        "Event" => event: Option<Event>,
    }
}

record! {
    /// `{"response": [{"Event": {...}}, ...]}`: events, as restSearch writes them.
    pub struct ResponseEnvelope {
        /// The events, each in its envelope.
        "response" => response: Vec<EventEnvelope>,
    }
}

impl From<Event> for EventEnvelope {
    /// Wraps an event as `{"Event": {...}}`.
    fn from(event: Event) -> Self {
        EventEnvelope {
            event: Some(event),
            ..EventEnvelope::default()
        }
    }
}

/// An event file or response body in any of the three envelopes MISP uses.
///
/// Reading keeps the envelope, so that writing gives back the same shape; a bare event is
/// written in the `{"Event": {...}}` form.
///
/// ```
/// use misp_types::EventDocument;
/// let doc = EventDocument::from_slice(br#"{"info":"bare","uuid":"5b4e7b46-2bd0-4b34-8c3a-4e6b3c0d2f11"}"#).unwrap();
/// assert_eq!(doc.events().next().unwrap().info.as_deref(), Some("bare"));
/// assert!(doc.to_json().unwrap().starts_with(r#"{"Event":{"info":"bare""#));
/// ```
#[derive(Clone, Debug, PartialEq)]
pub enum EventDocument {
    /// `{"Event": {...}}`.
    Wrapped(EventEnvelope),
    /// A bare event object.
    Bare(Event),
    /// `{"response": [...]}`.
    Response(ResponseEnvelope),
}

/// Which envelope a JSON document uses, from its first key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EnvelopeKind {
    /// The first key is `Event`.
    Wrapped,
    /// The first key is anything else (or the object is empty).
    Bare,
    /// The first key is `response`.
    Response,
}

impl EnvelopeKind {
    /// Looks at the first key of a JSON object, without parsing the rest.
    pub fn detect(bytes: &[u8]) -> EnvelopeKind {
        // Skip a UTF-8 byte order mark and white space, then `{` and white space.
        let skip_ws =
            |s: &[u8]| -> usize { s.iter().take_while(|b| b.is_ascii_whitespace()).count() };
        let rest = crate::json::without_bom(bytes);
        let rest = rest.get(skip_ws(rest)..).unwrap_or_default();
        let Some(rest) = rest.strip_prefix(b"{") else {
            return EnvelopeKind::Bare;
        };
        let rest = rest.get(skip_ws(rest)..).unwrap_or_default();
        if rest.starts_with(b"\"Event\"") {
            EnvelopeKind::Wrapped
        } else if rest.starts_with(b"\"response\"") {
            EnvelopeKind::Response
        } else {
            EnvelopeKind::Bare
        }
    }
}

impl EventDocument {
    /// Reads a document in any of the three envelopes.
    ///
    /// Keys beside `Event` (or `response`) are kept in the envelope and written back in place,
    /// wherever they stand: `{"Object": {...}, "Event": {...}}` is an envelope, not a bare event.
    ///
    /// ```
    /// use misp_types::EventDocument;
    /// let text = r#"{"Object":{"name":"file"},"Event":{"info":"x"}}"#;
    /// let doc = EventDocument::from_slice(text.as_bytes()).unwrap();
    /// assert_eq!(doc.events().next().unwrap().info.as_deref(), Some("x"));
    /// assert_eq!(doc.to_json().unwrap(), text);
    /// ```
    pub fn from_slice(bytes: &[u8]) -> Result<Self, ParseError> {
        Ok(match EnvelopeKind::detect(bytes) {
            EnvelopeKind::Wrapped => EventDocument::Wrapped(from_slice(bytes)?),
            EnvelopeKind::Response => EventDocument::Response(from_slice(bytes)?),
            EnvelopeKind::Bare => {
                let event: Event = from_slice(bytes)?;
                // An envelope whose first key is another one: read it as the envelope it is.
                if event.extra.get("response").is_some() {
                    EventDocument::Response(from_slice(bytes)?)
                } else if event.extra.get("Event").is_some() {
                    EventDocument::Wrapped(from_slice(bytes)?)
                } else {
                    EventDocument::Bare(event)
                }
            }
        })
    }

    /// Reads a document from a file.
    pub fn from_path(path: impl AsRef<std::path::Path>) -> Result<Self, ReadError> {
        let bytes = std::fs::read(path)?;
        Ok(Self::from_slice(&bytes)?)
    }

    /// The events in the document.
    pub fn events(&self) -> Box<dyn Iterator<Item = &Event> + '_> {
        match self {
            EventDocument::Wrapped(w) => Box::new(w.event.iter()),
            EventDocument::Bare(e) => Box::new(std::iter::once(e)),
            EventDocument::Response(r) => {
                Box::new(r.response.iter().filter_map(|w| w.event.as_ref()))
            }
        }
    }

    /// The events in the document, by value.
    pub fn into_events(self) -> Vec<Event> {
        match self {
            EventDocument::Wrapped(w) => w.event.into_iter().collect(),
            EventDocument::Bare(e) => vec![e],
            EventDocument::Response(r) => r.response.into_iter().filter_map(|w| w.event).collect(),
        }
    }

    /// The document as compact JSON (see [`Serialize`](#impl-Serialize-for-EventDocument)).
    pub fn to_json(&self) -> serde_json::Result<String> {
        crate::json::to_string(self)
    }
}

impl Serialize for EventDocument {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            EventDocument::Wrapped(w) => w.serialize(serializer),
            EventDocument::Bare(e) => {
                use serde::ser::SerializeMap;
                let mut map = serializer.serialize_map(Some(1))?;
                map.serialize_entry("Event", e)?;
                map.end()
            }
            EventDocument::Response(r) => r.serialize(serializer),
        }
    }
}

impl Event {
    /// Reads one event from JSON in any envelope (`{"Event": ...}`, bare, or a one-event
    /// `{"response": [...]}`).
    pub fn from_json(bytes: &[u8]) -> Result<Event, ParseError> {
        let mut events = EventDocument::from_slice(bytes)?.into_events();
        match events.len() {
            1 => Ok(events.remove(0)),
            n => Err(ParseError {
                path: ".".into(),
                message: format!("expected one event, found {n}"),
                line: 0,
                column: 0,
            }),
        }
    }
}
