//! An incremental splitter: finds the elements of one JSON array, at a given path in a document
//! that arrives in chunks, and hands each element's bytes over as soon as it is complete.
//!
//! Memory stays bounded by the largest element (plus a small prefix kept for error messages),
//! whatever the size of the document.

pub use misp_api::ItemsAt;

/// How far the splitter got when the document ended.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum End {
    /// The array was found and closed (or was an empty `[]` where an object was expected).
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
}

#[derive(Debug)]
enum Frame {
    Object {
        key: Option<Vec<u8>>,
        expect_key: bool,
    },
    Array,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    /// Looking for the array, outside any string.
    Search,
    /// Inside a string while searching; `key` when the string is a key being kept.
    SearchString { key: bool, escape: bool },
    /// Between elements of the array.
    Between,
    /// Inside a container element, `depth` levels deep.
    Item {
        depth: u32,
        in_string: bool,
        escape: bool,
    },
    /// Inside a scalar string element.
    ItemString { escape: bool },
    /// Inside a scalar literal element (number, true, false, null).
    ItemLiteral,
    /// The array is done; the rest of the document is ignored.
    Done,
}

const MAX_DEPTH: usize = 512;
const PREFIX_KEEP: usize = 64 * 1024;

/// The splitter's state across chunks.
pub(crate) struct Splitter {
    target: Vec<Vec<u8>>,
    stack: Vec<Frame>,
    state: State,
    key: Vec<u8>,
    item: Vec<u8>,
    max_item: usize,
    offset: u64,
    prefix: Vec<u8>,
    prefix_overflow: bool,
    /// Just opened an array at a strict prefix of the target path: `[]` there means "empty".
    prefix_array_opened: bool,
    found_empty: bool,
    items: u64,
}

fn is_ws(b: u8) -> bool {
    matches!(b, b' ' | b'\n' | b'\r' | b'\t')
}

impl Splitter {
    /// A splitter for the array at `at`, refusing elements larger than `max_item` bytes.
    pub(crate) fn new(at: &ItemsAt, max_item: usize) -> Self {
        Splitter {
            target: at.keys().iter().map(|k| k.as_bytes().to_vec()).collect(),
            stack: Vec::new(),
            state: State::Search,
            key: Vec::new(),
            item: Vec::new(),
            max_item,
            offset: 0,
            prefix: Vec::new(),
            prefix_overflow: false,
            prefix_array_opened: false,
            found_empty: false,
            items: 0,
        }
    }

    /// How many elements have been handed over.
    pub(crate) fn items(&self) -> u64 {
        self.items
    }

    fn err(&self, i: usize, message: impl Into<String>) -> SplitError {
        SplitError {
            offset: self.offset + i as u64,
            message: message.into(),
        }
    }

    /// Does the current stack lead exactly to the target array (`exact`) or to a strict
    /// prefix of it (`!exact`)?
    fn on_path(&self, exact: bool) -> bool {
        let n = self.stack.len();
        if (exact && n != self.target.len()) || (!exact && n >= self.target.len()) {
            return false;
        }
        self.stack.iter().zip(&self.target).all(|(f, t)| match f {
            Frame::Object { key: Some(k), .. } => k == t,
            _ => false,
        })
    }

    /// Feeds the next chunk; `emit` gets each complete element's bytes.
    pub(crate) fn push(
        &mut self,
        chunk: &[u8],
        mut emit: impl FnMut(&[u8]),
    ) -> Result<(), SplitError> {
        if matches!(self.state, State::Search | State::SearchString { .. }) && !self.prefix_overflow
        {
            if self.prefix.len() + chunk.len() <= PREFIX_KEEP {
                self.prefix.extend_from_slice(chunk);
            } else {
                self.prefix_overflow = true;
                self.prefix = Vec::new();
            }
        }
        let mut i = 0;
        // Where the current element starts in this chunk, when it started in this chunk or
        // continues into it.
        let mut item_start: Option<usize> = match self.state {
            State::Item { .. } | State::ItemString { .. } | State::ItemLiteral => Some(0),
            _ => None,
        };
        let n = chunk.len();
        while i < n {
            let b = chunk[i];
            match self.state {
                State::Done => break,
                State::Search => {
                    if self.prefix_array_opened && !is_ws(b) {
                        self.prefix_array_opened = false;
                        if b == b']' {
                            self.found_empty = true;
                            self.state = State::Done;
                            self.prefix = Vec::new();
                            break;
                        }
                    }
                    match b {
                        b'"' => {
                            let key = matches!(
                                self.stack.last(),
                                Some(Frame::Object {
                                    expect_key: true,
                                    ..
                                })
                            ) && self.stack.len() <= self.target.len();
                            self.key.clear();
                            self.state = State::SearchString { key, escape: false };
                        }
                        b'{' => {
                            if self.stack.len() >= MAX_DEPTH {
                                return Err(self.err(i, "JSON nested too deeply"));
                            }
                            self.stack.push(Frame::Object {
                                key: None,
                                expect_key: true,
                            });
                        }
                        b'[' => {
                            if self.on_path(true) {
                                self.state = State::Between;
                                self.prefix = Vec::new();
                                self.prefix_overflow = true;
                            } else {
                                if self.on_path(false) {
                                    self.prefix_array_opened = true;
                                }
                                if self.stack.len() >= MAX_DEPTH {
                                    return Err(self.err(i, "JSON nested too deeply"));
                                }
                                self.stack.push(Frame::Array);
                            }
                        }
                        b'}' => match self.stack.pop() {
                            Some(Frame::Object { .. }) => {}
                            _ => return Err(self.err(i, "unexpected `}`")),
                        },
                        b']' => match self.stack.pop() {
                            Some(Frame::Array) => {}
                            _ => return Err(self.err(i, "unexpected `]`")),
                        },
                        b',' => {
                            if let Some(Frame::Object { key, expect_key }) = self.stack.last_mut() {
                                *key = None;
                                *expect_key = true;
                            }
                        }
                        _ => {}
                    }
                }
                State::SearchString { key, escape } => {
                    if escape {
                        if key {
                            self.key.push(b);
                        }
                        self.state = State::SearchString { key, escape: false };
                    } else if b == b'\\' {
                        if key {
                            self.key.push(b);
                        }
                        self.state = State::SearchString { key, escape: true };
                    } else if b == b'"' {
                        if key {
                            let k = std::mem::take(&mut self.key);
                            if let Some(Frame::Object { key, expect_key }) = self.stack.last_mut() {
                                *key = Some(k);
                                *expect_key = false;
                            }
                        }
                        self.state = State::Search;
                    } else if key {
                        if self.key.len() > 4096 {
                            // Not one of ours: stop keeping it.
                            self.state = State::SearchString { key: false, escape };
                        } else {
                            self.key.push(b);
                        }
                    }
                }
                State::Between => match b {
                    b']' => {
                        self.state = State::Done;
                        break;
                    }
                    b',' => {}
                    b if is_ws(b) => {}
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
                    _ => {
                        item_start = Some(i);
                        self.state = State::ItemLiteral;
                    }
                },
                State::Item {
                    depth,
                    in_string,
                    escape,
                } => {
                    if in_string {
                        // Skip to the next quote or backslash quickly.
                        let mut j = i;
                        let mut esc = escape;
                        let mut closed = false;
                        while j < n {
                            let c = chunk[j];
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
                            if depth as usize + self.stack.len() >= MAX_DEPTH {
                                return Err(self.err(i, "JSON nested too deeply"));
                            }
                            self.state = State::Item {
                                depth: depth + 1,
                                in_string: false,
                                escape: false,
                            }
                        }
                        b'}' | b']' => {
                            if depth == 1 {
                                let start = item_start.take().unwrap_or(0);
                                self.complete(&chunk[start..=i], &mut emit)?;
                                self.state = State::Between;
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
                        self.state = State::Between;
                        self.complete(&chunk[start..=i], &mut emit)?;
                    }
                }
                State::ItemLiteral => {
                    if b == b',' || b == b']' || is_ws(b) {
                        let start = item_start.take().unwrap_or(0);
                        self.state = State::Between;
                        self.complete(&chunk[start..i], &mut emit)?;
                        // Let `Between` see the terminator.
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
            self.item.extend_from_slice(&chunk[start..]);
            if self.item.len() > self.max_item {
                return Err(self.err(
                    n,
                    format!(
                        "item {} is larger than the {} byte limit",
                        self.items + 1,
                        self.max_item
                    ),
                ));
            }
        }
        self.offset += n as u64;
        Ok(())
    }

    /// The element that ends with `tail` is complete: hand it over.
    fn complete(&mut self, tail: &[u8], emit: &mut impl FnMut(&[u8])) -> Result<(), SplitError> {
        self.items += 1;
        if self.item.is_empty() {
            emit(tail);
        } else {
            self.item.extend_from_slice(tail);
            if self.item.len() > self.max_item {
                return Err(SplitError {
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

    /// The document has ended.
    pub(crate) fn finish(self) -> End {
        match self.state {
            State::Done => End::Complete,
            State::Search | State::SearchString { .. } if self.found_empty => End::Complete,
            State::Search | State::SearchString { .. } => End::NotFound {
                prefix: (!self.prefix_overflow).then_some(self.prefix),
            },
            State::Between | State::Item { .. } | State::ItemString { .. } | State::ItemLiteral => {
                End::Truncated
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split_all(doc: &[u8], at: &ItemsAt, chunk: usize) -> (Vec<String>, End) {
        let mut s = Splitter::new(at, 1 << 20);
        let mut out = Vec::new();
        for c in doc.chunks(chunk.max(1)) {
            s.push(c, |item| {
                out.push(String::from_utf8(item.to_vec()).unwrap())
            })
            .unwrap();
        }
        (out, s.finish())
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
        assert!(s.push(b"{]", |_| {}).is_err());
        let mut s = Splitter::new(&ItemsAt::root(), 10);
        let r = s.push(b"[{\"a\": \"0123456789abcdef\"", |_| {});
        assert!(r.unwrap_err().message.contains("byte limit"));
        let mut s = Splitter::new(&ItemsAt::root(), 1 << 20);
        let deep = "[".repeat(MAX_DEPTH + 10);
        let mut count = 0;
        let r = s.push(deep.as_bytes(), |_| count += 1);
        assert!(r.is_err());
    }
}
