//! The envelopes events come in: `{"Event": {...}}`, a bare event, and `{"response": [...]}`.

use std::io::{Read, Seek, SeekFrom};

use serde::{Serialize, Serializer};

use crate::json::{ReadError, from_slice};
use crate::model::Event;
use crate::{ParseError, record};

mod stream;

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

/// How [`EventDocument::from_reader_with`] reads a document.
///
/// A document of at least [`threshold`](Self::threshold) bytes (1 MiB by default) is read in chunks of
/// [`chunk_size`](Self::chunk_size): the elements of each event's `Attribute` and `Object`
/// arrays are read one by one as the chunks come in, so that memory holds the events and one
/// chunk, not the whole document beside them. A smaller document is read whole, which is
/// faster for it.
///
/// ```
/// use misp_types::StreamOptions;
/// let options = StreamOptions::default();
/// assert_eq!(options.threshold_bytes(), StreamOptions::DEFAULT_THRESHOLD);
/// let always = options.threshold(0).chunk_size(64 << 10);
/// assert_eq!((always.threshold_bytes(), always.chunk_bytes()), (0, 64 << 10));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StreamOptions {
    threshold: u64,
    chunk_size: usize,
}

impl StreamOptions {
    /// The default threshold: 1 MiB. (Measured: below it reading whole is faster, the chunk
    /// buffer costing more than the document; from there on reading in chunks is as fast or
    /// faster, and holds less.)
    pub const DEFAULT_THRESHOLD: u64 = 1 << 20;
    /// The default chunk size: 256 KiB.
    pub const DEFAULT_CHUNK_SIZE: usize = 256 << 10;

    /// Documents of at least `bytes` bytes are read in chunks (0: every document).
    pub fn threshold(mut self, bytes: u64) -> Self {
        self.threshold = bytes;
        self
    }

    /// The size of a chunk (at least 1 byte; an element larger than a chunk is read from a
    /// buffer grown to hold it).
    pub fn chunk_size(mut self, bytes: usize) -> Self {
        self.chunk_size = bytes.max(1);
        self
    }

    /// The threshold, in bytes.
    pub fn threshold_bytes(&self) -> u64 {
        self.threshold
    }

    /// The chunk size, in bytes.
    pub fn chunk_bytes(&self) -> usize {
        self.chunk_size
    }
}

impl Default for StreamOptions {
    fn default() -> Self {
        StreamOptions {
            threshold: Self::DEFAULT_THRESHOLD,
            chunk_size: Self::DEFAULT_CHUNK_SIZE,
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
    ///
    /// A large file (see [`StreamOptions`]) is read in chunks, its attributes and objects one
    /// by one, so that the file is never held whole beside the events: the result, and any
    /// error, are [`from_slice`](Self::from_slice)'s of the whole file.
    pub fn from_path(path: impl AsRef<std::path::Path>) -> Result<Self, ReadError> {
        let mut file = std::fs::File::open(path)?;
        match file.metadata() {
            // Only a regular file can be read again from its start.
            Ok(meta) if meta.is_file() => Self::from_reader(file),
            _ => {
                let mut bytes = Vec::new();
                file.read_to_end(&mut bytes)?;
                Ok(Self::from_slice(&bytes)?)
            }
        }
    }

    /// Reads a document from `reader`, from its current position to its end, with the
    /// default [`StreamOptions`].
    ///
    /// A large document is read in chunks (see [`StreamOptions`]); the result, and any error,
    /// are [`from_slice`](Self::from_slice)'s of the whole document. When a document cannot
    /// be read in chunks (one in an unusual shape, or one with an error), the reader is sought
    /// back to where it started and the document is read whole.
    ///
    /// ```
    /// use misp_types::EventDocument;
    /// let text = r#"{"Event":{"info":"x","Attribute":[{"type":"domain","value":"evil.example"}]}}"#;
    /// let doc = EventDocument::from_reader(std::io::Cursor::new(text)).unwrap();
    /// let event = doc.events().next().unwrap();
    /// assert_eq!(event.attributes[0].value.as_deref(), Some("evil.example"));
    /// assert_eq!(doc.to_json().unwrap(), text);
    /// ```
    pub fn from_reader<R: Read + Seek>(reader: R) -> Result<Self, ReadError> {
        Self::from_reader_with(reader, &StreamOptions::default())
    }

    /// [`from_reader`](Self::from_reader) with the given options.
    ///
    /// ```
    /// use misp_types::{EventDocument, StreamOptions};
    /// let text = r#"{"info":"x","Attribute":[{"value":"a"},{"value":"b"}]}"#;
    /// let chunked = StreamOptions::default().threshold(0).chunk_size(8);
    /// let doc = EventDocument::from_reader_with(std::io::Cursor::new(text), &chunked).unwrap();
    /// assert_eq!(doc, EventDocument::from_slice(text.as_bytes()).unwrap());
    /// // Errors are the whole document's.
    /// let bad = r#"{"info":"x","Attribute":[{"value":"a"},{"to_ids":"maybe"}]}"#;
    /// let err = EventDocument::from_reader_with(std::io::Cursor::new(bad), &chunked).unwrap_err();
    /// assert!(err.to_string().contains("Attribute[1].to_ids"));
    /// ```
    pub fn from_reader_with<R: Read + Seek>(
        mut reader: R,
        options: &StreamOptions,
    ) -> Result<Self, ReadError> {
        let start = reader.stream_position()?;
        let len = reader.seek(SeekFrom::End(0))?.saturating_sub(start);
        reader.seek(SeekFrom::Start(start))?;
        if len >= options.threshold {
            // No larger a buffer than the document needs.
            let chunk = options
                .chunk_size
                .min(usize::try_from(len.saturating_add(1)).unwrap_or(usize::MAX));
            if let Some(doc) = stream::read(&mut reader, chunk) {
                return Ok(doc);
            }
            reader.seek(SeekFrom::Start(start))?;
        }
        let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
        reader.read_to_end(&mut bytes)?;
        Ok(Self::from_slice(&bytes)?)
    }

    /// The chunked read alone, `None` where [`from_reader_with`](Self::from_reader_with)
    /// would read the whole document instead. (For tests: which inputs the chunked read takes.)
    #[doc(hidden)]
    pub fn from_chunks(reader: impl Read, chunk_size: usize) -> Option<Self> {
        stream::read(reader, chunk_size)
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
        only_event(EventDocument::from_slice(bytes)?)
    }
}

/// The document's one event; an error for none or several.
pub(crate) fn only_event(doc: EventDocument) -> Result<Event, ParseError> {
    let mut events = doc.into_events();
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
