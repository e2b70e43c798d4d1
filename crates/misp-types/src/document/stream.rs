//! Reading an event document in chunks, so that a large file is never held whole beside the
//! events read from it.
//!
//! A structural scanner (not a validator) walks the document. At the event level (the top
//! object of a bare event, the value of `Event` in `{"Event": {...}}`, or of each element of
//! `{"response": [...]}`), the elements of an `Attribute` or `Object` array are read one by
//! one, straight from the chunk they lie in, and the array is written as `[]` into a
//! skeleton: everything else, byte for byte. At the end the skeleton is read as a whole
//! document and the elements are put back in their arrays.
//!
//! The result is the whole-document read's, or nothing: whenever anything is not as expected
//! (an element or the skeleton does not read, the document is not an object, a bare event
//! turns out to be an envelope, ...), [`read`] gives up and the caller reads the whole
//! document, so that errors are the whole-document read's too.
//!
//! Why the two reads agree. The scanner tokenises strings as JSON does, so on a valid document
//! it finds the same arrays a JSON parser would. Each array it takes out is a valid JSON array
//! (every element read, commas and brackets checked), and replacing a valid value by another
//! (`[]`) keeps a document valid or invalid alike: the skeleton reads exactly when the
//! document does. The elements are read by the same code as inside the document, with the
//! records around them counted in ([`DepthGuard`]) and serde_json's nesting limit checked
//! against their place in the document.

use std::io::Read;

use serde::de::DeserializeOwned;

use crate::model::{Attribute, Object};
use crate::wire::DepthGuard;
use crate::{EnvelopeKind, EventDocument};

/// The deepest nesting level serde_json reads (its limit counts 128 levels, the last refused).
const MAX_LEVEL: usize = 127;

/// The streaming read cannot give the whole-document read's result: read the whole document.
#[derive(Debug)]
pub(crate) struct GiveUp;

type Step<T = ()> = Result<T, GiveUp>;

/// Reads the document from `reader` in chunks of `chunk_size` bytes; `None` when the whole
/// document must be read instead.
pub(crate) fn read(reader: impl Read, chunk_size: usize) -> Option<EventDocument> {
    let mut scanner = Scanner {
        input: Input::new(reader, chunk_size.max(1)),
        skeleton: Vec::new(),
        kind: None,
        events: Vec::new(),
        response: None,
        response_index: 0,
    };
    scanner.document().ok()?;
    scanner.finish().ok()
}

/// The chunk buffer: `text[pos..end]` is read and not yet consumed.
///
/// The input is checked as UTF-8 as it comes in, a chunk at a time (much faster than checking
/// each string as it is read), so that elements are read from text. Input that is not UTF-8 is
/// not a MISP document: the whole read reports where.
struct Input<R> {
    reader: R,
    text: String,
    /// Bytes read and not yet in `text`: the start of a character cut at a chunk's end.
    raw: Vec<u8>,
    pos: usize,
    end: usize,
    eof: bool,
    chunk: usize,
}

impl<R: Read> Input<R> {
    fn new(reader: R, chunk: usize) -> Self {
        Input {
            reader,
            text: String::new(),
            raw: Vec::new(),
            pos: 0,
            end: 0,
            eof: false,
            chunk,
        }
    }

    /// Reads more input after what is not yet consumed (moved to the front), at least a chunk
    /// and at least as much as is kept, so that an element spanning many chunks is retried a
    /// logarithmic number of times. False at the end of the input.
    fn fill(&mut self) -> Step<bool> {
        if self.eof {
            return Ok(false);
        }
        let kept = self.end.saturating_sub(self.pos);
        if self.pos > 0 {
            self.text.drain(..self.pos);
            self.pos = 0;
            self.end = kept;
        }
        let want = self.chunk.max(kept);
        let carried = self.raw.len();
        // Read into the buffer's spare room (not zeroed first), up to a chunk.
        self.raw.reserve(want);
        let got = (&mut self.reader)
            .take(want as u64)
            .read_to_end(&mut self.raw)
            .map_err(|_| GiveUp)?;
        if got < want {
            self.eof = true;
        }
        let filled = self.raw.len();
        let valid = match std::str::from_utf8(&self.raw) {
            Ok(text) => {
                self.text.push_str(text);
                self.raw.len()
            }
            // A character cut at the chunk's end: the rest comes with the next chunk.
            Err(e) if e.error_len().is_none() && !self.eof => {
                let valid = e.valid_up_to();
                let head = self.raw.get(..valid).unwrap_or_default();
                self.text
                    .push_str(std::str::from_utf8(head).map_err(|_| GiveUp)?);
                valid
            }
            Err(_) => return Err(GiveUp),
        };
        self.raw.drain(..valid);
        let before = self.end;
        self.end = self.text.len();
        Ok(self.end > before || (!self.eof && filled > carried))
    }

    /// The next byte, not consumed; `None` at the end of the input.
    fn peek(&mut self) -> Step<Option<u8>> {
        while self.pos >= self.end {
            if !self.fill()? {
                return Ok(None);
            }
        }
        Ok(self.text.as_bytes().get(self.pos).copied())
    }

    /// The bytes read and not consumed.
    fn available(&self) -> &[u8] {
        self.text
            .as_bytes()
            .get(self.pos..self.end)
            .unwrap_or_default()
    }

    /// The text read and not consumed (`pos` is always at a character boundary: after a JSON
    /// token or white space).
    fn available_text(&self) -> Step<&str> {
        self.text.get(self.pos..self.end).ok_or(GiveUp)
    }
}

fn is_ws(b: u8) -> bool {
    matches!(b, b' ' | b'\n' | b'\r' | b'\t')
}

/// What an object is, for the keys that matter in it.
#[derive(Clone, Copy)]
enum Role {
    /// The document's object: its first key tells the envelope.
    Top,
    /// An event.
    Event,
    /// An element of `response`: `{"Event": {...}}`.
    Envelope,
}

/// What to do with a value.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Action {
    Copy,
    Attributes,
    Objects,
    Event,
    Response,
}

/// A key among those that matter, by its exact bytes (a key written with escapes is copied).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Key {
    Event,
    Response,
    Attribute,
    Object,
    Other,
}

/// The elements read for one event.
struct Streamed {
    /// Its place in `response` (0 otherwise).
    at: usize,
    attributes: Option<Vec<Attribute>>,
    objects: Option<Vec<Object>>,
}

struct Scanner<R> {
    input: Input<R>,
    skeleton: Vec<u8>,
    /// The envelope, from the first key.
    kind: Option<EnvelopeKind>,
    events: Vec<Streamed>,
    /// How many elements the `response` array had, when it was walked.
    response: Option<usize>,
    response_index: usize,
}

impl<R: Read> Scanner<R> {
    fn document(&mut self) -> Step {
        // A UTF-8 byte order mark: the whole-document read skips it too.
        while self.input.available().len() < 3 && self.input.fill()? {}
        if self.input.available().starts_with(b"\xEF\xBB\xBF") {
            self.input.pos = self.input.pos.saturating_add(3);
        }
        self.copy_ws()?;
        if self.input.peek()? != Some(b'{') {
            return Err(GiveUp);
        }
        self.copy_byte();
        self.members(1, Role::Top)?;
        self.copy_ws()?;
        match self.input.peek()? {
            None => Ok(()),
            Some(_) => Err(GiveUp),
        }
    }

    /// Reads the skeleton and puts the elements back; the document must be the envelope its
    /// first key announced.
    fn finish(self) -> Step<EventDocument> {
        let Scanner {
            skeleton,
            kind,
            events,
            response,
            ..
        } = self;
        let mut doc = EventDocument::from_slice(&skeleton).map_err(|_| GiveUp)?;
        drop(skeleton);
        match (&doc, kind.unwrap_or(EnvelopeKind::Bare)) {
            (EventDocument::Wrapped(_), EnvelopeKind::Wrapped)
            | (EventDocument::Bare(_), EnvelopeKind::Bare) => {}
            (EventDocument::Response(r), EnvelopeKind::Response) => {
                if response.is_some_and(|n| n != r.response.len()) {
                    return Err(GiveUp);
                }
            }
            _ => return Err(GiveUp),
        }
        for streamed in events {
            let event = match &mut doc {
                EventDocument::Wrapped(w) => w.event.as_mut(),
                EventDocument::Bare(e) => Some(e),
                EventDocument::Response(r) => r
                    .response
                    .get_mut(streamed.at)
                    .and_then(|w| w.event.as_mut()),
            }
            .ok_or(GiveUp)?;
            if let Some(attributes) = streamed.attributes {
                if !event.attributes.is_empty() {
                    return Err(GiveUp);
                }
                event.attributes = attributes;
            }
            if let Some(objects) = streamed.objects {
                if !event.objects.is_empty() {
                    return Err(GiveUp);
                }
                event.objects = objects;
            }
        }
        Ok(doc)
    }

    /// How many records enclose an event's elements (the depth guard's count).
    fn records(&self) -> usize {
        match self.kind {
            Some(EnvelopeKind::Wrapped) => 2,
            Some(EnvelopeKind::Response) => 3,
            _ => 1,
        }
    }

    fn action(&mut self, role: Role, key: Key, index: usize) -> Action {
        match role {
            Role::Top => {
                if index == 0 {
                    let kind = match key {
                        Key::Event => EnvelopeKind::Wrapped,
                        Key::Response => EnvelopeKind::Response,
                        _ => EnvelopeKind::Bare,
                    };
                    self.kind = Some(kind);
                    if kind == EnvelopeKind::Bare {
                        self.events.push(Streamed {
                            at: 0,
                            attributes: None,
                            objects: None,
                        });
                    }
                }
                match self.kind {
                    Some(EnvelopeKind::Wrapped) if index == 0 => Action::Event,
                    Some(EnvelopeKind::Response) if index == 0 => Action::Response,
                    Some(EnvelopeKind::Bare) => Self::event_action(key),
                    _ => Action::Copy,
                }
            }
            Role::Event => Self::event_action(key),
            Role::Envelope if key == Key::Event => Action::Event,
            Role::Envelope => Action::Copy,
        }
    }

    fn event_action(key: Key) -> Action {
        match key {
            Key::Attribute => Action::Attributes,
            Key::Object => Action::Objects,
            _ => Action::Copy,
        }
    }

    /// The members of an object whose `{` was copied, up to its `}`; `depth` counts the
    /// containers open, this one included.
    fn members(&mut self, depth: usize, role: Role) -> Step {
        let mut index = 0;
        loop {
            self.copy_ws()?;
            match self.input.peek()? {
                Some(b'}') => {
                    self.copy_byte();
                    return Ok(());
                }
                Some(b',') => self.copy_byte(),
                Some(b'"') => {
                    let key = self.copy_key()?;
                    self.copy_ws()?;
                    if self.input.peek()? != Some(b':') {
                        return Err(GiveUp);
                    }
                    self.copy_byte();
                    self.copy_ws()?;
                    let action = self.action(role, key, index);
                    index += 1;
                    self.value(depth, action)?;
                }
                _ => return Err(GiveUp),
            }
        }
    }

    fn value(&mut self, depth: usize, action: Action) -> Step {
        match (action, self.input.peek()?) {
            (Action::Attributes, Some(b'[')) => {
                let elements = self.elements::<Attribute>(depth + 1)?;
                let event = self.events.last_mut().ok_or(GiveUp)?;
                if event.attributes.replace(elements).is_some() {
                    return Err(GiveUp);
                }
                Ok(())
            }
            (Action::Objects, Some(b'[')) => {
                let elements = self.elements::<Object>(depth + 1)?;
                let event = self.events.last_mut().ok_or(GiveUp)?;
                if event.objects.replace(elements).is_some() {
                    return Err(GiveUp);
                }
                Ok(())
            }
            (Action::Event, Some(b'{')) => {
                self.copy_byte();
                self.events.push(Streamed {
                    at: self.response_index,
                    attributes: None,
                    objects: None,
                });
                self.members(depth + 1, Role::Event)
            }
            (Action::Response, Some(b'[')) => {
                self.copy_byte();
                self.response_elements(depth + 1)
            }
            _ => self.copy_value(),
        }
    }

    /// The elements of `response`, whose `[` was copied.
    fn response_elements(&mut self, depth: usize) -> Step {
        loop {
            self.copy_ws()?;
            match self.input.peek()? {
                Some(b']') => {
                    self.copy_byte();
                    self.response = Some(self.response_index);
                    return Ok(());
                }
                Some(b',') => self.copy_byte(),
                Some(b'{') => {
                    self.copy_byte();
                    self.members(depth + 1, Role::Envelope)?;
                    self.response_index += 1;
                }
                Some(_) => {
                    self.copy_value()?;
                    self.response_index += 1;
                }
                None => return Err(GiveUp),
            }
        }
    }

    /// Reads the elements of the array at the input, `level` deep in the document, one by
    /// one, and writes `[]` in the skeleton.
    fn elements<T: DeserializeOwned>(&mut self, level: usize) -> Step<Vec<T>> {
        self.input.pos = self.input.pos.saturating_add(1); // `[`
        self.skeleton.extend_from_slice(b"[]");
        // The records around the elements, as when the document is read whole.
        let _guards = (0..self.records())
            .map(|_| DepthGuard::enter::<serde_json::Error>())
            .collect::<Result<Vec<_>, _>>()
            .map_err(|_| GiveUp)?;
        let mut out = Vec::new();
        self.skip_ws()?;
        if self.input.peek()? == Some(b']') {
            self.input.pos = self.input.pos.saturating_add(1);
            return Ok(out);
        }
        loop {
            self.skip_ws()?;
            if !matches!(self.input.peek()?, Some(b'{' | b'[')) {
                return Err(GiveUp);
            }
            out.push(self.element(level)?);
            self.skip_ws()?;
            match self.input.peek()? {
                Some(b',') => self.input.pos = self.input.pos.saturating_add(1),
                Some(b']') => {
                    self.input.pos = self.input.pos.saturating_add(1);
                    return Ok(out);
                }
                _ => return Err(GiveUp),
            }
        }
    }

    /// One element, read where it lies in the buffer; one that runs past the buffer's end is
    /// read again once more input is in (serde_json says so with an end-of-input error, or,
    /// for a number cut short, with an error at the end of what it was given).
    fn element<T: DeserializeOwned>(&mut self, level: usize) -> Step<T> {
        loop {
            let read = {
                let text = self.input.available_text()?;
                let bytes = text.as_bytes();
                let mut stream = serde_json::Deserializer::from_str(text).into_iter::<T>();
                match stream.next() {
                    Some(Ok(value)) => {
                        let used = stream.byte_offset();
                        let element = bytes.get(..used).unwrap_or_default();
                        if too_deep(element, level) {
                            return Err(GiveUp);
                        }
                        Ok((value, used))
                    }
                    Some(Err(e)) => Err(e.is_eof() || at_end(&e, bytes)),
                    None => Err(false),
                }
            };
            match read {
                Ok((value, used)) => {
                    self.input.pos = self.input.pos.saturating_add(used);
                    return Ok(value);
                }
                Err(true) if self.input.fill()? => {}
                Err(_) => return Err(GiveUp),
            }
        }
    }

    fn copy_byte(&mut self) {
        if let Some(&b) = self.input.text.as_bytes().get(self.input.pos) {
            self.skeleton.push(b);
            self.input.pos = self.input.pos.saturating_add(1);
        }
    }

    fn copy_ws(&mut self) -> Step {
        while let Some(b) = self.input.peek()? {
            if !is_ws(b) {
                break;
            }
            self.copy_byte();
        }
        Ok(())
    }

    fn skip_ws(&mut self) -> Step {
        while let Some(b) = self.input.peek()? {
            if !is_ws(b) {
                break;
            }
            self.input.pos = self.input.pos.saturating_add(1);
        }
        Ok(())
    }

    /// Copies the string at the input (its `"` included).
    fn copy_string(&mut self) -> Step {
        self.copy_byte();
        loop {
            if self.input.pos >= self.input.end && !self.input.fill()? {
                return Err(GiveUp);
            }
            let bytes = self.input.available();
            match memchr::memchr2(b'"', b'\\', bytes) {
                Some(i) => {
                    let quote = bytes.get(i) == Some(&b'"');
                    self.skeleton
                        .extend_from_slice(bytes.get(..=i).unwrap_or_default());
                    self.input.pos = self.input.pos.saturating_add(i + 1);
                    if quote {
                        return Ok(());
                    }
                    // The escaped byte (`"`, `\` or the letter of an escape).
                    if self.input.peek()?.is_none() {
                        return Err(GiveUp);
                    }
                    self.copy_byte();
                }
                None => {
                    self.skeleton.extend_from_slice(bytes);
                    self.input.pos = self.input.end;
                }
            }
        }
    }

    fn copy_key(&mut self) -> Step<Key> {
        let start = self.skeleton.len();
        self.copy_string()?;
        Ok(match self.skeleton.get(start..).unwrap_or_default() {
            b"\"Event\"" => Key::Event,
            b"\"response\"" => Key::Response,
            b"\"Attribute\"" => Key::Attribute,
            b"\"Object\"" => Key::Object,
            _ => Key::Other,
        })
    }

    /// Copies one value: a string, a container up to its end, or a scalar up to the next
    /// delimiter. (Whether it is valid JSON is for the skeleton's read to say.)
    fn copy_value(&mut self) -> Step {
        // No value starts with these: a document damaged there (`[}`, `{"a"::1}`) is the whole
        // read's to refuse, and nothing is consumed, so the callers' loops would not move on.
        if matches!(
            self.input.peek()?,
            None | Some(b'}' | b']' | b',' | b':' | b' ' | b'\n' | b'\r' | b'\t')
        ) {
            return Err(GiveUp);
        }
        let mut depth = 0usize;
        while let Some(b) = self.input.peek()? {
            match b {
                b'"' => {
                    self.copy_string()?;
                    if depth == 0 {
                        return Ok(());
                    }
                }
                b'{' | b'[' => {
                    self.copy_byte();
                    depth += 1;
                }
                b'}' | b']' => {
                    if depth == 0 {
                        return Ok(());
                    }
                    self.copy_byte();
                    depth -= 1;
                    if depth == 0 {
                        return Ok(());
                    }
                }
                b',' | b':' | b' ' | b'\n' | b'\r' | b'\t' if depth == 0 => return Ok(()),
                _ => self.copy_byte(),
            }
        }
        if depth == 0 { Ok(()) } else { Err(GiveUp) }
    }
}

/// True when serde_json's error is at the very end of `bytes` (where a number cut short, `-`
/// or `1.`, is refused as invalid rather than as unfinished).
fn at_end(error: &serde_json::Error, bytes: &[u8]) -> bool {
    let start_of_line = memchr::memrchr(b'\n', bytes).map_or(0, |p| p + 1);
    error.column() == bytes.len().saturating_sub(start_of_line)
        && error.line() == 1 + memchr::memchr_iter(b'\n', bytes).count()
}

/// True when serde_json would refuse `element` at `level` in the whole document although it
/// read it alone: its nesting plus the levels around it pass serde_json's limit.
fn too_deep(element: &[u8], level: usize) -> bool {
    // Each level opens with a bracket: few brackets, no deep nesting.
    let brackets = memchr::memchr2_iter(b'{', b'[', element).count();
    if level.saturating_add(brackets) <= MAX_LEVEL {
        return false;
    }
    level.saturating_add(nesting(element)) > MAX_LEVEL
}

/// The deepest nesting of brackets outside strings.
fn nesting(bytes: &[u8]) -> usize {
    let (mut depth, mut deepest) = (0usize, 0usize);
    let (mut in_string, mut escaped) = (false, false);
    for &b in bytes {
        if in_string {
            if escaped {
                escaped = false;
            } else if b == b'\\' {
                escaped = true;
            } else if b == b'"' {
                in_string = false;
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'{' | b'[' => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            b'}' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    deepest
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nesting_ignores_brackets_in_strings() {
        assert_eq!(nesting(br#"{"a":[{"b":"[[[{{"}]}"#), 3);
        assert_eq!(nesting(br#"{"a":"\"[[","b":[]}"#), 2);
    }

    #[test]
    fn deep_elements_are_left_to_the_whole_read() {
        let deep = format!("{}{}", "[".repeat(125), "]".repeat(125));
        assert!(!too_deep(deep.as_bytes(), 2));
        assert!(too_deep(deep.as_bytes(), 3));
        let shallow = format!(r#"{{"v":"{}"}}"#, "[".repeat(200));
        assert!(!too_deep(shallow.as_bytes(), 5));
    }
}
