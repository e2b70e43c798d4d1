//! An incremental splitter: finds the elements of one JSON array, at a given path in a document
//! that arrives in chunks, and hands each element's bytes over as soon as it is complete.
//!
//! Memory stays bounded by the largest element (plus a small prefix kept for error messages),
//! whatever the size of the document.
//!
//! The splitter reads the document as the buffered decode (`misp_api::wire::Reply::items`)
//! does, so that both give the same result on every input: the whole document must be one
//! valid JSON value (nothing but whitespace after it, UTF-8 throughout, strings and numbers
//! well formed, commas and colons where they belong); a key given twice in an object on the
//! path to the items is refused; an empty `[]` or `{}` where the path goes on means no items.
//! Each element is checked in full when it is decoded.

use std::collections::HashSet;

pub use misp_api::ItemsAt;

/// How far the splitter got when the document ended.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum End {
    /// The array was found and the document is complete (or an empty `[]`/`{}` stood where
    /// the path goes on).
    Complete,
    /// The array was never found; `prefix` is the whole document when it was small enough to
    /// keep, so the endpoint can decode it as an error.
    NotFound { prefix: Option<Vec<u8>> },
    /// The document ended inside the array.
    Truncated,
}

/// A structural problem in the document.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct SplitError {
    pub(crate) offset: u64,
    pub(crate) message: String,
    /// The error is an item over the size limit.
    pub(crate) too_large: bool,
}

#[derive(Debug)]
enum Frame {
    /// An object on the path to the items, `level` keys down: its keys are checked for
    /// duplicates (by hash), and the value of the key that leads on is followed.
    PathObject {
        level: usize,
        keys: HashSet<u64>,
        leads_on: bool,
    },
    Object,
    Array,
    /// The items array.
    Items,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Esc {
    No,
    Backslash,
    Hex(u8),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Num {
    Minus,
    Zero,
    Int,
    Dot,
    Frac,
    E,
    ESign,
    Exp,
}

impl Num {
    fn complete(self) -> bool {
        matches!(self, Num::Zero | Num::Int | Num::Frac | Num::Exp)
    }

    /// The state after `b`, `None` when `b` does not continue the number.
    fn next(self, b: u8) -> Option<Num> {
        Some(match (self, b) {
            (Num::Minus, b'0') => Num::Zero,
            (Num::Minus, b'1'..=b'9') => Num::Int,
            (Num::Int, b'0'..=b'9') => Num::Int,
            (Num::Zero | Num::Int, b'.') => Num::Dot,
            (Num::Dot | Num::Frac, b'0'..=b'9') => Num::Frac,
            (Num::Zero | Num::Int | Num::Frac, b'e' | b'E') => Num::E,
            (Num::E, b'+' | b'-') => Num::ESign,
            (Num::E | Num::ESign | Num::Exp, b'0'..=b'9') => Num::Exp,
            _ => return None,
        })
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    /// A value is expected; `on_path` is the level it sits at when it is on the path.
    Value,
    /// Just after `[`: a value or `]`.
    ArrayFirst,
    /// Just after `{`: a key or `}`.
    ObjectFirst,
    /// After `,` in an object: a key.
    Key,
    /// After a key: `:`.
    Colon,
    /// After a value: `,`, the end of the container, or the end of the document.
    After,
    /// Inside a string (a key when `key`).
    Str { key: bool, esc: Esc },
    /// Inside `true`, `false` or `null`: `at` bytes of `word` read.
    Lit { word: &'static [u8], at: usize },
    /// Inside a number.
    Number(Num),
    /// After `[` where the path goes on: only `]` (no items) may follow.
    EmptyArray,
    /// After the items' `[`: an item or `]`.
    ItemsFirst,
    /// After an item: `,` or `]`.
    ItemsNext,
    /// After `,` between items: an item.
    ItemsComma,
    /// Inside a container item, `depth` levels deep.
    Item {
        depth: u32,
        in_string: bool,
        escape: bool,
    },
    /// Inside a string item.
    ItemString { escape: bool },
    /// Inside a number or literal item.
    ItemLiteral,
    /// The document's value is complete: only whitespace may follow.
    End,
}

/// The deepest nesting read outside items (serde_json's own limit).
const MAX_DEPTH: usize = 128;
const PREFIX_KEEP: usize = 64 * 1024;
/// The longest key kept, in an object on the path.
const MAX_KEY: usize = 1 << 20;
/// The most keys an object on the path may have.
const MAX_KEYS: usize = 1 << 20;

/// The splitter's state across chunks.
pub(crate) struct Splitter {
    target: Vec<Vec<u8>>,
    stack: Vec<Frame>,
    state: State,
    /// The level of the value expected in [`State::Value`], when it is on the path.
    on_path: Option<usize>,
    key: Vec<u8>,
    key_escaped: bool,
    item: Vec<u8>,
    max_item: usize,
    offset: u64,
    prefix: Vec<u8>,
    prefix_overflow: bool,
    found: bool,
    found_empty: bool,
    items: u64,
    /// The end of the previous chunk when it stopped inside a UTF-8 character.
    utf8_tail: Vec<u8>,
}

fn is_ws(b: u8) -> bool {
    matches!(b, b' ' | b'\n' | b'\r' | b'\t')
}

fn hash_of(bytes: &[u8]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    bytes.hash(&mut h);
    h.finish()
}

impl Splitter {
    /// A splitter for the array at `at`, refusing elements larger than `max_item` bytes.
    pub(crate) fn new(at: &ItemsAt, max_item: usize) -> Self {
        Splitter {
            target: at.keys().iter().map(|k| k.as_bytes().to_vec()).collect(),
            stack: Vec::new(),
            state: State::Value,
            on_path: Some(0),
            key: Vec::new(),
            key_escaped: false,
            item: Vec::new(),
            max_item,
            offset: 0,
            prefix: Vec::new(),
            prefix_overflow: false,
            found: false,
            found_empty: false,
            items: 0,
            utf8_tail: Vec::new(),
        }
    }

    /// How many elements have been handed over.
    pub(crate) fn items(&self) -> u64 {
        self.items
    }

    /// Whether the items array has been found (errors before it are the endpoint's to explain).
    pub(crate) fn found(&self) -> bool {
        self.found || self.found_empty
    }

    /// The document so far, when it is still small enough to be kept and no item was found.
    pub(crate) fn take_prefix(&mut self) -> Option<Vec<u8>> {
        (!self.prefix_overflow && !self.found()).then(|| std::mem::take(&mut self.prefix))
    }

    fn err(&self, i: usize, message: impl Into<String>) -> SplitError {
        SplitError {
            offset: self.offset + i as u64,
            message: message.into(),
            too_large: false,
        }
    }

    fn check_utf8(&mut self, chunk: &[u8]) -> Result<(), SplitError> {
        let mut rest = chunk;
        if let Some(&lead) = self.utf8_tail.first() {
            // Complete the character the previous chunk stopped in.
            let width: usize = match lead {
                0xE0..=0xEF => 3,
                0xF0..=0xF7 => 4,
                _ => 2,
            };
            let take = width.saturating_sub(self.utf8_tail.len()).min(rest.len());
            let mut joined = std::mem::take(&mut self.utf8_tail);
            joined.extend_from_slice(rest.get(..take).unwrap_or_default());
            rest = rest.get(take..).unwrap_or_default();
            match std::str::from_utf8(&joined) {
                Ok(_) => {}
                Err(e) if e.error_len().is_none() && rest.is_empty() => {
                    self.utf8_tail = joined;
                    return Ok(());
                }
                Err(_) => return Err(self.err(0, "the body is not valid UTF-8")),
            }
        }
        match std::str::from_utf8(rest) {
            Ok(_) => Ok(()),
            Err(e) if e.error_len().is_none() => {
                self.utf8_tail = rest.get(e.valid_up_to()..).unwrap_or_default().to_vec();
                Ok(())
            }
            Err(e) => Err(self.err(
                chunk.len() - rest.len() + e.valid_up_to(),
                "the body is not valid UTF-8",
            )),
        }
    }

    /// Opens a value that starts with `b` at `i`; `item_start` is set for an item.
    fn open_value(&mut self, b: u8, i: usize) -> Result<(), SplitError> {
        let on = self.on_path.take();
        match b {
            b'{' => {
                if self.stack.len() >= MAX_DEPTH {
                    return Err(self.err(i, "JSON nested too deeply"));
                }
                let frame = match on {
                    Some(level) if level < self.target.len() => Frame::PathObject {
                        level,
                        keys: HashSet::new(),
                        leads_on: false,
                    },
                    _ => Frame::Object,
                };
                self.stack.push(frame);
                self.state = State::ObjectFirst;
            }
            b'[' => match on {
                Some(level) if level == self.target.len() => {
                    self.stack.push(Frame::Items);
                    self.state = State::ItemsFirst;
                    self.found = true;
                    self.prefix = Vec::new();
                    self.prefix_overflow = true;
                }
                Some(_) => self.state = State::EmptyArray,
                None => {
                    if self.stack.len() >= MAX_DEPTH {
                        return Err(self.err(i, "JSON nested too deeply"));
                    }
                    self.stack.push(Frame::Array);
                    self.state = State::ArrayFirst;
                }
            },
            b'"' => {
                self.state = State::Str {
                    key: false,
                    esc: Esc::No,
                }
            }
            b't' => {
                self.state = State::Lit {
                    word: b"true",
                    at: 1,
                }
            }
            b'f' => {
                self.state = State::Lit {
                    word: b"false",
                    at: 1,
                }
            }
            b'n' => {
                self.state = State::Lit {
                    word: b"null",
                    at: 1,
                }
            }
            b'-' => self.state = State::Number(Num::Minus),
            b'0' => self.state = State::Number(Num::Zero),
            b'1'..=b'9' => self.state = State::Number(Num::Int),
            _ => return Err(self.err(i, format!("expected a JSON value, found {}", shown(b)))),
        }
        Ok(())
    }

    /// A value is complete: what follows is the container's or the document's.
    fn value_done(&mut self) {
        self.state = if self.stack.is_empty() {
            State::End
        } else {
            State::After
        };
    }

    /// Closes the container on top with `b` (`}` or `]`).
    fn close(&mut self, b: u8, i: usize) -> Result<(), SplitError> {
        match (self.stack.pop(), b) {
            (Some(Frame::Object | Frame::PathObject { .. }), b'}')
            | (Some(Frame::Array | Frame::Items), b']') => {
                self.value_done();
                Ok(())
            }
            _ => Err(self.err(i, format!("unexpected {}", shown(b)))),
        }
    }

    /// A key of the object on top is complete.
    fn key_done(&mut self, i: usize) -> Result<(), SplitError> {
        let raw = std::mem::take(&mut self.key);
        let escaped = std::mem::replace(&mut self.key_escaped, false);
        let target = &self.target;
        let Some(Frame::PathObject {
            level,
            keys,
            leads_on,
        }) = self.stack.last_mut()
        else {
            return Ok(());
        };
        let decoded = if escaped {
            let mut quoted = Vec::with_capacity(raw.len() + 2);
            quoted.push(b'"');
            quoted.extend_from_slice(&raw);
            quoted.push(b'"');
            match serde_json::from_slice::<String>(&quoted) {
                Ok(k) => k.into_bytes(),
                Err(e) => {
                    return Err(SplitError {
                        offset: self.offset + i as u64,
                        message: format!("invalid key: {e}"),
                        too_large: false,
                    });
                }
            }
        } else {
            raw
        };
        if keys.len() >= MAX_KEYS || !keys.insert(hash_of(&decoded)) {
            let message = if keys.len() >= MAX_KEYS {
                format!("more than {MAX_KEYS} keys in one object")
            } else {
                format!(
                    "the key `{}` is given twice",
                    String::from_utf8_lossy(&decoded)
                )
            };
            return Err(SplitError {
                offset: self.offset + i as u64,
                message,
                too_large: false,
            });
        }
        *leads_on = target.get(*level).is_some_and(|t| *t == decoded);
        Ok(())
    }

    /// Feeds the next chunk; `emit` gets each complete element's bytes. (A `dyn` callback: the
    /// splitter is compiled once rather than once per caller; it is called once per element.)
    pub(crate) fn push(
        &mut self,
        chunk: &[u8],
        emit: &mut dyn FnMut(&[u8]),
    ) -> Result<(), SplitError> {
        if !self.prefix_overflow {
            if self.prefix.len() + chunk.len() <= PREFIX_KEEP {
                self.prefix.extend_from_slice(chunk);
            } else {
                self.prefix_overflow = true;
                self.prefix = Vec::new();
            }
        }
        self.check_utf8(chunk)?;
        let mut i = 0;
        // Where the current element starts in this chunk, when it started in this chunk or
        // continues into it.
        let mut item_start: Option<usize> = match self.state {
            State::Item { .. } | State::ItemString { .. } | State::ItemLiteral => Some(0),
            _ => None,
        };
        let n = chunk.len();
        while let Some(&b) = chunk.get(i) {
            match self.state {
                State::Value => {
                    if !is_ws(b) {
                        self.open_value(b, i)?;
                    }
                }
                State::ArrayFirst => match b {
                    b']' => self.close(b, i)?,
                    b if is_ws(b) => {}
                    b => self.open_value(b, i)?,
                },
                State::ObjectFirst => match b {
                    b'}' => {
                        if let Some(Frame::PathObject { keys, .. }) = self.stack.last()
                            && keys.is_empty()
                        {
                            self.found_empty = true;
                        }
                        self.close(b, i)?;
                    }
                    b'"' => {
                        self.key.clear();
                        self.state = State::Str {
                            key: true,
                            esc: Esc::No,
                        };
                    }
                    b if is_ws(b) => {}
                    b => return Err(self.err(i, format!("expected a key, found {}", shown(b)))),
                },
                State::Key => match b {
                    b'"' => {
                        self.key.clear();
                        self.state = State::Str {
                            key: true,
                            esc: Esc::No,
                        };
                    }
                    b if is_ws(b) => {}
                    b => return Err(self.err(i, format!("expected a key, found {}", shown(b)))),
                },
                State::Colon => match b {
                    b':' => {
                        self.on_path = match self.stack.last() {
                            Some(Frame::PathObject {
                                level,
                                leads_on: true,
                                ..
                            }) => Some(level + 1),
                            _ => None,
                        };
                        self.state = State::Value;
                    }
                    b if is_ws(b) => {}
                    b => return Err(self.err(i, format!("expected `:`, found {}", shown(b)))),
                },
                State::After => match (b, self.stack.last()) {
                    (b',', Some(Frame::Object | Frame::PathObject { .. })) => {
                        self.state = State::Key;
                    }
                    (b',', Some(Frame::Array)) => self.state = State::Value,
                    (b'}' | b']', _) => self.close(b, i)?,
                    (b, _) if is_ws(b) => {}
                    (b, _) => {
                        return Err(self.err(
                            i,
                            format!("expected `,` or the end of a container, found {}", shown(b)),
                        ));
                    }
                },
                State::End => {
                    if !is_ws(b) {
                        return Err(self.err(
                            i,
                            format!("{} after the end of the JSON document", shown(b)),
                        ));
                    }
                }
                State::Str { key, esc } => {
                    let keep = key && matches!(self.stack.last(), Some(Frame::PathObject { .. }));
                    let next = match esc {
                        Esc::No => match b {
                            b'"' => None,
                            b'\\' => Some(Esc::Backslash),
                            c if c < 0x20 => {
                                return Err(self.err(i, "a control character inside a string"));
                            }
                            _ => Some(Esc::No),
                        },
                        Esc::Backslash => match b {
                            b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't' => Some(Esc::No),
                            b'u' => Some(Esc::Hex(0)),
                            _ => return Err(self.err(i, "an invalid escape inside a string")),
                        },
                        Esc::Hex(k) => {
                            if !b.is_ascii_hexdigit() {
                                return Err(self.err(i, "an invalid \\u escape inside a string"));
                            }
                            Some(if k == 3 { Esc::No } else { Esc::Hex(k + 1) })
                        }
                    };
                    match next {
                        None => {
                            if key {
                                self.key_done(i)?;
                                self.state = State::Colon;
                            } else {
                                self.value_done();
                            }
                        }
                        Some(esc) => {
                            if keep {
                                if self.key.len() >= MAX_KEY {
                                    return Err(self.err(i, "a key longer than 1 MiB"));
                                }
                                self.key.push(b);
                                self.key_escaped |= esc != Esc::No;
                            }
                            self.state = State::Str { key, esc };
                        }
                    }
                }
                State::Lit { word, at } => {
                    if word.get(at) != Some(&b) {
                        return Err(self.err(i, format!("invalid literal, found {}", shown(b))));
                    }
                    if at + 1 == word.len() {
                        self.value_done();
                    } else {
                        self.state = State::Lit { word, at: at + 1 };
                    }
                }
                State::Number(num) => match num.next(b) {
                    Some(next) => self.state = State::Number(next),
                    None if num.complete() => {
                        self.value_done();
                        // Let the next state see this byte.
                        continue;
                    }
                    None => return Err(self.err(i, format!("invalid number, found {}", shown(b)))),
                },
                State::EmptyArray => match b {
                    b']' => {
                        self.found_empty = true;
                        self.value_done();
                    }
                    b if is_ws(b) => {}
                    _ => {
                        return Err(self.err(
                            i,
                            "expected an object on the path to the items, found a list",
                        ));
                    }
                },
                State::ItemsFirst | State::ItemsNext | State::ItemsComma => match b {
                    b if is_ws(b) => {}
                    b']' if self.state != State::ItemsComma => self.close(b, i)?,
                    b',' if self.state == State::ItemsNext => self.state = State::ItemsComma,
                    _ if self.state == State::ItemsNext => {
                        return Err(self.err(
                            i,
                            format!("expected `,` or `]` after an item, found {}", shown(b)),
                        ));
                    }
                    b'{' | b'[' => {
                        item_start = Some(i);
                        self.state = State::Item {
                            depth: 1,
                            in_string: false,
                            escape: false,
                        };
                    }
                    b'"' => {
                        item_start = Some(i);
                        self.state = State::ItemString { escape: false };
                    }
                    b'-' | b'0'..=b'9' | b'a'..=b'z' => {
                        item_start = Some(i);
                        self.state = State::ItemLiteral;
                    }
                    b => return Err(self.err(i, format!("expected an item, found {}", shown(b)))),
                },
                State::Item {
                    depth,
                    in_string,
                    escape,
                } => {
                    if in_string {
                        // Skip to the next quote quickly.
                        let mut j = i;
                        let mut esc = escape;
                        let mut closed = false;
                        while let Some(&c) = chunk.get(j) {
                            if esc {
                                esc = false;
                            } else if c == b'\\' {
                                esc = true;
                            } else if c == b'"' {
                                closed = true;
                                break;
                            }
                            j += 1;
                        }
                        self.state = State::Item {
                            depth,
                            in_string: !closed,
                            escape: esc,
                        };
                        i = j + 1;
                        continue;
                    }
                    match b {
                        b'"' => {
                            self.state = State::Item {
                                depth,
                                in_string: true,
                                escape: false,
                            }
                        }
                        b'{' | b'[' => {
                            self.state = State::Item {
                                depth: depth.saturating_add(1),
                                in_string: false,
                                escape: false,
                            }
                        }
                        b'}' | b']' => {
                            if depth == 1 {
                                let start = item_start.take().unwrap_or(0);
                                let tail = chunk.get(start..=i).unwrap_or_default();
                                self.state = State::ItemsNext;
                                self.complete(tail, emit)?;
                            } else {
                                self.state = State::Item {
                                    depth: depth - 1,
                                    in_string: false,
                                    escape: false,
                                };
                            }
                        }
                        _ => {}
                    }
                }
                State::ItemString { escape } => {
                    if escape {
                        self.state = State::ItemString { escape: false };
                    } else if b == b'\\' {
                        self.state = State::ItemString { escape: true };
                    } else if b == b'"' {
                        let start = item_start.take().unwrap_or(0);
                        let tail = chunk.get(start..=i).unwrap_or_default();
                        self.state = State::ItemsNext;
                        self.complete(tail, emit)?;
                    }
                }
                State::ItemLiteral => {
                    if b == b',' || b == b']' || is_ws(b) {
                        let start = item_start.take().unwrap_or(0);
                        let tail = chunk.get(start..i).unwrap_or_default();
                        self.state = State::ItemsNext;
                        self.complete(tail, emit)?;
                        // Let `ItemsNext` see the terminator.
                        continue;
                    }
                }
            }
            i += 1;
        }
        if let Some(start) = item_start
            && matches!(
                self.state,
                State::Item { .. } | State::ItemString { .. } | State::ItemLiteral
            )
        {
            self.item
                .extend_from_slice(chunk.get(start..).unwrap_or_default());
            if self.item.len() > self.max_item {
                return Err(SplitError {
                    too_large: true,
                    ..self.err(
                        n,
                        format!(
                            "item {} is larger than the {} byte limit",
                            self.items + 1,
                            self.max_item
                        ),
                    )
                });
            }
        }
        self.offset += n as u64;
        Ok(())
    }

    /// The element that ends with `tail` is complete: hand it over.
    fn complete(&mut self, tail: &[u8], emit: &mut dyn FnMut(&[u8])) -> Result<(), SplitError> {
        self.items += 1;
        if self.item.is_empty() {
            emit(tail);
        } else {
            self.item.extend_from_slice(tail);
            if self.item.len() > self.max_item {
                return Err(SplitError {
                    too_large: true,
                    offset: self.offset,
                    message: format!(
                        "item {} is larger than the {} byte limit",
                        self.items, self.max_item
                    ),
                });
            }
            emit(&self.item);
            self.item.clear();
        }
        Ok(())
    }

    /// The document has ended: whether it held the items, or is incomplete or invalid.
    pub(crate) fn finish(self) -> Result<End, SplitError> {
        let complete = matches!(self.state, State::End)
            || matches!(self.state, State::Number(n) if n.complete() && self.stack.is_empty());
        let in_items = self.stack.iter().any(|f| matches!(f, Frame::Items));
        if !self.utf8_tail.is_empty() {
            return Err(SplitError {
                offset: self.offset,
                message: "the body ends inside a UTF-8 character".into(),
                too_large: false,
            });
        }
        if in_items {
            return Ok(End::Truncated);
        }
        if !self.found() {
            return Ok(End::NotFound {
                prefix: (!self.prefix_overflow).then_some(self.prefix),
            });
        }
        if complete {
            Ok(End::Complete)
        } else {
            Err(SplitError {
                offset: self.offset,
                message: "the response ended before the JSON document was complete".into(),
                too_large: false,
            })
        }
    }
}

/// A byte as shown in an error message.
fn shown(b: u8) -> String {
    if b.is_ascii_graphic() {
        format!("`{}`", char::from(b))
    } else {
        format!("byte 0x{b:02x}")
    }
}

/// What the streaming client makes of `doc` when it arrives in chunks of `chunk_sizes` (cycled):
/// every item decoded as the stream decodes it, or the first error. For holding the splitter to
/// the buffered decode (`misp_api::wire::Reply::items`) in tests and fuzzing.
#[doc(hidden)]
pub fn stream_decode(
    doc: &[u8],
    at: &ItemsAt,
    chunk_sizes: &[usize],
) -> Result<Vec<serde_json::Value>, String> {
    let mut splitter = Splitter::new(at, usize::MAX);
    let mut items = Vec::new();
    let mut first_error: Option<String> = None;
    let mut rest = doc;
    let mut sizes = chunk_sizes.iter().cycle();
    let buffered_verdict = |body: Vec<u8>| -> String {
        // Where the stream finds no items, it asks the endpoint, which decodes as the
        // buffered path does; any success there is still an error for the stream.
        let reply = misp_api::wire::Reply::new(
            misp_api::RequestContext::new(http::Method::POST, "/"),
            http::Response::new(bytes::Bytes::from(body)),
        );
        match reply.items::<serde_json::Value>(at) {
            Err(e) => e.to_string(),
            Ok(_) => format!("expected items at {at}"),
        }
    };
    while !rest.is_empty() {
        let n = sizes
            .next()
            .copied()
            .unwrap_or(rest.len())
            .clamp(1, rest.len());
        let (chunk, tail) = rest.split_at(n);
        rest = tail;
        let unwrap = at.unwrap_key();
        let pushed = splitter.push(chunk, &mut |item| match misp_api::wire::decode_item::<
            serde_json::Value,
        >(item, unwrap, "")
        {
            Ok(v) => items.push(v),
            Err(e) => {
                first_error.get_or_insert(e);
            }
        });
        if let Some(e) = first_error {
            return Err(e);
        }
        if let Err(e) = pushed {
            return Err(match splitter.take_prefix() {
                Some(prefix) => buffered_verdict(prefix),
                None => e.message,
            });
        }
    }
    match splitter.finish() {
        Ok(End::Complete) => Ok(items),
        Ok(End::Truncated) => Err("truncated".into()),
        Ok(End::NotFound { prefix: Some(p) }) => Err(buffered_verdict(p)),
        Ok(End::NotFound { prefix: None }) => Err("not found".into()),
        Err(e) => Err(e.message),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// What the buffered decode makes of `doc`.
    fn buffered(doc: &[u8], at: &ItemsAt) -> Result<Vec<serde_json::Value>, String> {
        let reply = misp_api::wire::Reply::new(
            misp_api::RequestContext::new(http::Method::POST, "/"),
            http::Response::new(bytes::Bytes::copy_from_slice(doc)),
        );
        reply.items(at).map_err(|e| e.to_string())
    }

    fn agree(doc: &[u8], at: &ItemsAt, chunks: &[usize]) -> Result<(), TestCaseError> {
        let streamed = stream_decode(doc, at, chunks);
        let whole = buffered(doc, at);
        prop_assert_eq!(
            streamed.is_ok(),
            whole.is_ok(),
            "{} at {} in chunks {:?}: streamed {:?}, buffered {:?}",
            String::from_utf8_lossy(doc),
            at,
            chunks,
            streamed,
            whole
        );
        if let (Ok(a), Ok(b)) = (&streamed, &whole) {
            prop_assert_eq!(a, b, "{}", String::from_utf8_lossy(doc));
        }
        Ok(())
    }

    fn json_value() -> impl Strategy<Value = serde_json::Value> {
        let leaf = prop_oneof![
            Just(serde_json::Value::Null),
            any::<bool>().prop_map(serde_json::Value::from),
            any::<i64>().prop_map(serde_json::Value::from),
            (-1e6f64..1e6).prop_map(serde_json::Value::from),
            "[a-z\\\"\u{e9}\u{1d54f} ]{0,6}".prop_map(serde_json::Value::from),
        ];
        leaf.prop_recursive(3, 12, 4, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4).prop_map(serde_json::Value::from),
                prop::collection::btree_map("[a-zE]{1,3}", inner, 0..4)
                    .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
            ]
        })
    }

    /// Whitespace JSON allows, and some it does not.
    fn ws() -> impl Strategy<Value = String> {
        prop_oneof![
            8 => Just(String::new()),
            4 => Just(" ".to_owned()),
            2 => Just("\n\t ".to_owned()),
            1 => Just("\u{c}".to_owned()),
        ]
    }

    /// One item: bare, or wrapped as `{"Event": ...}` with siblings or a second wrapper.
    fn item() -> impl Strategy<Value = String> {
        (json_value(), 0..4u8, json_value()).prop_map(|(v, shape, other)| {
            let v = serde_json::to_string(&v).unwrap_or_default();
            let o = serde_json::to_string(&other).unwrap_or_default();
            match shape {
                0 => v,
                1 => format!("{{\"Event\": {v}}}"),
                2 => format!("{{\"Event\": {v}, \"Org\": {o}}}"),
                _ => format!("{{\"Event\": {v}, \"Event\": {o}}}"),
            }
        })
    }

    /// A document around an items array, with keys beside it, maybe a key twice, maybe broken.
    fn document() -> impl Strategy<Value = String> {
        (
            prop::collection::vec((item(), ws()), 0..4),
            prop::collection::vec(("[a-z]{1,2}|response|Attribute", json_value()), 0..3),
            0..7u8,
            ws(),
        )
            .prop_map(|(items, siblings, shape, w)| {
                let list: Vec<String> = items.iter().map(|(i, w)| format!("{w}{i}{w}")).collect();
                let array = format!("[{}]", list.join(","));
                let sib: String = siblings
                    .iter()
                    .map(|(k, v)| {
                        format!(
                            ",{w}\"{k}\":{}",
                            serde_json::to_string(v).unwrap_or_default()
                        )
                    })
                    .collect();
                match shape {
                    0 => format!("{w}{{\"response\": {{\"Attribute\": {array}{sib}}}}}{w}"),
                    1 => format!("{{\"response\": {{\"Attribute\": {array}}}{sib}}}"),
                    2 => format!("{{\"response\": {array}{sib}}}"),
                    3 => format!("{w}{array}{w}"),
                    4 => format!("{{\"response\": [ ]{sib}}}"),
                    5 => format!("{{\"response\": {{ }}{sib}}}"),
                    _ => format!("{{\"respon\\u0073e\": {{\"Attribute\": {array}}}}}"),
                }
            })
    }

    /// A few byte edits of the kind that break JSON: deletions, JSON punctuation, garbage.
    fn mutated() -> impl Strategy<Value = Vec<u8>> {
        (
            document(),
            prop::collection::vec((any::<prop::sample::Index>(), 0..10u8), 0..3),
        )
            .prop_map(|(doc, edits)| {
                let mut bytes = doc.into_bytes();
                for (at, what) in edits {
                    if bytes.is_empty() {
                        break;
                    }
                    let i = at.index(bytes.len());
                    let tokens: [&[u8]; 9] =
                        [b",", b":", b"\"", b"}", b"]", b"{", b"x", b"\xc3", b"\\"];
                    match tokens.get(usize::from(what)) {
                        Some(t) => {
                            bytes.splice(i..i, t.iter().copied());
                        }
                        None => {
                            bytes.remove(i);
                        }
                    }
                }
                bytes
            })
    }

    fn places() -> impl Strategy<Value = ItemsAt> {
        prop_oneof![
            Just(ItemsAt::path(["response", "Attribute"])),
            Just(ItemsAt::path(["response"]).unwrap("Event")),
            Just(ItemsAt::path(["response"])),
            Just(ItemsAt::root()),
            Just(ItemsAt::root().unwrap("Event")),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1000))]

        /// The streaming splitter and the buffered decode agree on every document, valid or
        /// not, whatever the chunk sizes: the same items, or an error from both.
        #[test]
        fn the_two_decoders_agree(
            doc in mutated(),
            at in places(),
            chunks in prop::collection::vec(1usize..9, 1..5),
        ) {
            agree(&doc, &at, &chunks)?;
        }
    }

    #[test]
    fn the_decoders_agree_on_the_cases_that_once_differed() {
        let attrs = ItemsAt::path(["response", "Attribute"]);
        let events = ItemsAt::path(["response"]).unwrap("Event");
        for (doc, at) in [
            // A key given twice on the path: refused by both.
            (
                &br#"{"response": {"Attribute": [1]}, "response": {"Attribute": [2]}}"#[..],
                &attrs,
            ),
            (
                br#"{"response": {"Attribute": [1], "Attribute": [2]}}"#,
                &attrs,
            ),
            // Missing commas and colons, garbage around the array.
            (br#"{"response": {"Attribute": [1 2]}}"#, &attrs),
            (br#"{"response" {"Attribute": [1]}}"#, &attrs),
            (br#"x{"response": {"Attribute": [1]}}"#, &attrs),
            (br#"{"response": {"Attribute": [1]}}x"#, &attrs),
            (br#"{"response": {"Attribute": [1]}"#, &attrs),
            (br#"{"response": {"Attribute": [1,]}}"#, &attrs),
            (b"[]]", &ItemsAt::root()),
            // Keys beside the wrapper are merged in by both.
            (
                br#"{"response": [{"Event": {"id": "1"}, "Org": {"id": "2"}}]}"#,
                &events,
            ),
            (
                br#"{"response": [{"Event": {"id": "1"}, "Event": {"id": "2"}}]}"#,
                &events,
            ),
            // Empty containers where the path goes on, spaced or not.
            (br#"{"response": [ ]}"#, &attrs),
            (br#"{"response": { }}"#, &attrs),
            (b"{}", &attrs),
            (br#"{"response": {"Attribute": [3]}}"#, &attrs),
        ] {
            for chunk in [1, 2, 3, 7, 64] {
                agree(doc, at, &[chunk]).unwrap();
            }
        }
    }

    fn split_all(doc: &[u8], at: &ItemsAt, chunk: usize) -> (Vec<String>, End) {
        let mut s = Splitter::new(at, 1 << 20);
        let mut out = Vec::new();
        for c in doc.chunks(chunk.max(1)) {
            s.push(c, &mut |item| {
                out.push(String::from_utf8(item.to_vec()).unwrap())
            })
            .unwrap();
        }
        (out, s.finish().unwrap())
    }

    const ATTRS: &str = r#" {"response": {"Attribute": [ {"id": 1, "value": "a]}\"[{", "Tag": [{"n": "x"}]}, {"id":"2","value":"b"} ], "after": 1}} "#;

    #[test]
    fn finds_nested_arrays_at_every_chunk_size() {
        let at = ItemsAt::path(["response", "Attribute"]);
        for size in 1..ATTRS.len() + 1 {
            let (items, end) = split_all(ATTRS.as_bytes(), &at, size);
            assert_eq!(end, End::Complete, "chunk {size}");
            assert_eq!(
                items,
                [
                    r#"{"id": 1, "value": "a]}\"[{", "Tag": [{"n": "x"}]}"#,
                    r#"{"id":"2","value":"b"}"#
                ],
                "chunk {size}"
            );
        }
    }

    #[test]
    fn ignores_same_names_elsewhere() {
        let doc = r#"{"Attribute": [9], "x": {"response": {"Attribute": [8]}}, "response": {"Event": {"Attribute": [7]}, "Attribute": [1, 2.5, "s", null, true]}}"#;
        let (items, end) = split_all(doc.as_bytes(), &ItemsAt::path(["response", "Attribute"]), 3);
        assert_eq!(end, End::Complete);
        assert_eq!(items, ["1", "2.5", "\"s\"", "null", "true"]);
    }

    #[test]
    fn bare_arrays_and_empty_shapes() {
        let (items, end) = split_all(b"[{\"a\":1},{\"a\":2}]", &ItemsAt::root(), 2);
        assert_eq!((items.len(), end), (2, End::Complete));
        let at = ItemsAt::path(["response", "Attribute"]);
        // PHP encodes an empty map as [].
        let (items, end) = split_all(b"{\"response\": [ ]}", &at, 1);
        assert_eq!((items.len(), end), (0, End::Complete));
        let (items, end) = split_all(b"{\"response\": {\"Attribute\": []}}", &at, 5);
        assert_eq!((items.len(), end), (0, End::Complete));
    }

    #[test]
    fn reports_truncation_and_absence() {
        let at = ItemsAt::path(["response", "Attribute"]);
        let cut = &ATTRS.as_bytes()[..40];
        let (items, end) = split_all(cut, &at, 7);
        assert_eq!((items.len(), end), (0, End::Truncated));
        let cut = &ATTRS.as_bytes()[..ATTRS.find("{\"id\":\"2\"").unwrap() + 3];
        let (items, end) = split_all(cut, &at, 7);
        assert_eq!((items.len(), end), (1, End::Truncated));
        let (_, end) = split_all(b"{\"saved\": false, \"errors\": \"x\"}", &at, 4);
        assert_eq!(
            end,
            End::NotFound {
                prefix: Some(b"{\"saved\": false, \"errors\": \"x\"}".to_vec())
            }
        );
        let (_, end) = split_all(b"", &at, 4);
        assert_eq!(
            end,
            End::NotFound {
                prefix: Some(vec![])
            }
        );
    }

    #[test]
    fn rejects_broken_structure_and_huge_items() {
        let mut s = Splitter::new(&ItemsAt::root(), 1 << 20);
        assert!(s.push(b"{]", &mut |_| {}).is_err());
        let mut s = Splitter::new(&ItemsAt::root(), 10);
        let r = s.push(b"[{\"a\": \"0123456789abcdef\"", &mut |_| {});
        assert!(r.unwrap_err().message.contains("byte limit"));
        // Deep nesting outside the items is refused as the buffered decode refuses it; inside
        // an item it is the item's decoder that refuses it.
        let mut s = Splitter::new(&ItemsAt::path(["x"]), 1 << 20);
        let deep = format!("{{\"y\": {}", "[".repeat(MAX_DEPTH + 10));
        let r = s.push(deep.as_bytes(), &mut |_| {});
        assert!(r.unwrap_err().message.contains("nested too deeply"));
    }
}
