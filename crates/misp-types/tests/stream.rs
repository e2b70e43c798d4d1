//! Reading in chunks (`EventDocument::from_reader_with`) gives exactly what reading the whole
//! document gives: the same events, the same bytes written back, the same errors.

#[path = "../benches/support/synth.rs"]
#[allow(dead_code)]
mod synth;

use std::io::Cursor;
use std::path::{Path, PathBuf};

use misp_types::json::ReadError;
use misp_types::{EventDocument, ParseError, StreamOptions};
use proptest::prelude::*;

/// Options that read every document in chunks of `chunk` bytes.
fn chunked(chunk: usize) -> StreamOptions {
    StreamOptions::default().threshold(0).chunk_size(chunk)
}

/// The whole-document read, as written back (or its error).
fn whole(bytes: &[u8]) -> Result<(EventDocument, String), ParseError> {
    let doc = EventDocument::from_slice(bytes)?;
    let json = doc.to_json().unwrap();
    Ok((doc, json))
}

/// Reads `bytes` in chunks of `chunk` bytes and checks the result against the whole read.
fn assert_same(bytes: &[u8], chunk: usize, what: &str) {
    let expected = whole(bytes);
    let got = match EventDocument::from_reader_with(Cursor::new(bytes), &chunked(chunk)) {
        Ok(doc) => {
            let json = doc.to_json().unwrap();
            Ok((doc, json))
        }
        Err(ReadError::Parse(e)) => Err(e),
        Err(ReadError::Io(e)) => panic!("{what}: chunk {chunk}: i/o error {e}"),
    };
    match (&expected, &got) {
        (Ok((a, ja)), Ok((b, jb))) => {
            assert_eq!(a, b, "{what}: chunk {chunk}");
            assert_eq!(ja, jb, "{what}: chunk {chunk}");
        }
        (Err(a), Err(b)) => assert_eq!(a, b, "{what}: chunk {chunk}"),
        _ => panic!("{what}: chunk {chunk}: whole {expected:?}, chunked {got:?}"),
    }
}

/// The chunked read alone takes the document (it did not fall back on the whole read).
fn assert_streamed(bytes: &[u8], chunk: usize, what: &str) {
    assert_streamed_as(bytes, &whole(bytes).unwrap(), chunk, what);
}

fn assert_streamed_as(bytes: &[u8], expected: &(EventDocument, String), chunk: usize, what: &str) {
    let doc = EventDocument::from_chunks(bytes, chunk)
        .unwrap_or_else(|| panic!("{what}: chunk {chunk}: not read in chunks"));
    assert_eq!(doc, expected.0, "{what}: chunk {chunk}");
    assert_eq!(doc.to_json().unwrap(), expected.1, "{what}: chunk {chunk}");
}

fn json_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(json_files(&path));
        } else if path.extension().is_some_and(|e| e == "json") {
            out.push(path);
        }
    }
    out.sort();
    out
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/events")
}

#[test]
fn bundled_events_read_in_chunks_as_whole() {
    let files = json_files(&fixtures());
    assert!(files.len() >= 9, "{files:?}");
    for file in files {
        let bytes = std::fs::read(&file).unwrap();
        let what = file.display().to_string();
        for chunk in [1, 2, 3, 7, 16, 61, 64, 4096, 1 << 20] {
            assert_streamed(&bytes, chunk, &what);
            assert_same(&bytes, chunk, &what);
        }
    }
}

#[test]
fn real_feed_events_read_in_chunks_as_whole() {
    let dir = Path::new("/work/shared/real-events");
    let files: Vec<_> = json_files(dir)
        .into_iter()
        .filter(|f| f.file_name().is_some_and(|n| n != "manifest.json"))
        .collect();
    if files.is_empty() {
        eprintln!("skipped: no real events at {}", dir.display());
        return;
    }
    for file in files {
        let bytes = std::fs::read(&file).unwrap();
        let what = file.display().to_string();
        let expected = whole(&bytes).unwrap();
        let chunks: &[usize] = if bytes.len() < 64 << 10 {
            &[1, 13, 64]
        } else {
            &[61]
        };
        for &chunk in chunks {
            assert_streamed_as(&bytes, &expected, chunk, &what);
        }
        // The public path, reading a file.
        let file_read = EventDocument::from_reader_with(
            std::fs::File::open(&file).unwrap(),
            &chunked(64 << 10),
        )
        .unwrap();
        assert_eq!(file_read, expected.0, "{what}");
        assert_eq!(file_read.to_json().unwrap(), expected.1, "{what}");
    }
}

#[test]
fn a_generated_server_event_reads_in_chunks_as_whole() {
    let bytes = synth::event_json(300, 40);
    for chunk in [1, 5, 64, 333, 4096, 1 << 20] {
        assert_streamed(&bytes, chunk, "synth");
    }
    let pretty =
        serde_json::to_vec_pretty(&serde_json::from_slice::<serde_json::Value>(&bytes).unwrap())
            .unwrap();
    for chunk in [1, 64, 4096] {
        assert_streamed(&pretty, chunk, "synth, pretty");
    }
}

#[test]
fn from_path_reads_as_from_slice() {
    for file in json_files(&fixtures()) {
        let bytes = std::fs::read(&file).unwrap();
        let doc = EventDocument::from_path(&file).unwrap();
        assert_eq!(doc.to_json().unwrap(), whole(&bytes).unwrap().1);
    }
    let missing = EventDocument::from_path(fixtures().join("no-such-file.json")).unwrap_err();
    assert!(matches!(missing, ReadError::Io(ref e) if e.kind() == std::io::ErrorKind::NotFound));
}

#[test]
fn a_reader_is_read_from_where_it_stands() {
    let text = br#"garbage{"Event":{"info":"x","Attribute":[{"value":"a"}]}}"#;
    let mut cursor = Cursor::new(&text[..]);
    cursor.set_position(7);
    let doc = EventDocument::from_reader_with(&mut cursor, &chunked(4)).unwrap();
    assert_eq!(
        doc.to_json().unwrap(),
        std::str::from_utf8(&text[7..]).unwrap()
    );
    // And on an error, read again from there: the whole read's error.
    let text = br#"garbage{"Event":{"info":"x","Attribute":[{"value":"a"},{"value":[]}]}}"#;
    let mut cursor = Cursor::new(&text[..]);
    cursor.set_position(7);
    let Err(ReadError::Parse(e)) = EventDocument::from_reader_with(&mut cursor, &chunked(4)) else {
        panic!("expected a parse error");
    };
    assert_eq!(e, EventDocument::from_slice(&text[7..]).unwrap_err());
    assert_eq!(e.path, "Event.Attribute[1].value");
}

// ---- shapes the chunked read takes, or leaves to the whole read -----------------------------

const SHAPES: &[&str] = &[
    r#"{"info":"bare","Attribute":[{"value":"a"},{"value":"b"}],"Object":[{"name":"file","Attribute":[{"value":"c"}]}]}"#,
    r#"{"Attribute":[{"value":"a"}],"info":"bare, Attribute first"}"#,
    r#"{"Event":{"info":"x","Attribute":[],"Object":[]}}"#,
    r#"{"Event":{"Attribute":[[],{"value":"a"},[]],"Object":[[]]},"extra":[1,{"Attribute":[{}]}]}"#,
    r#"{"Event":{"info":"x","Org":[],"Tag":[{"name":"tlp:clear"}],"Attribute":[{"value":"a","Tag":[]}]},"tail":"kept"}"#,
    "\u{feff}{\"Event\":{\"Attribute\":[{\"value\":\"after a byte order mark\"}]}}",
    " \n\t{ \"Event\" :\r\n { \"Attribute\" : [ { \"value\" : \"a\" } ,\n { \"value\" : \"b\" } ] , \"info\" : \"x\" } } \n",
    r#"{"Event":{"info":"escapes \" \\ \u00e9 [ { ","Attribute":[{"value":"\"]},{\\","comment":"\ud83d\ude00"}]}}"#,
    r#"{"Event":{"Attr\u0069bute":[{"value":"an escaped key is read with the skeleton"}]}}"#,
    r#"{"response":[{"Event":{"info":"a","Attribute":[{"value":"1"}]}},{"Event":{"info":"b","Object":[{"name":"n","Attribute":[{"value":"2"}]}]}}]}"#,
    r#"{"response":[[],{"x":1},{"Event":{"Attribute":[{"value":"3"}]},"y":2}],"count":3}"#,
    r#"{"response":{"Event":{"Attribute":[{"value":"a single envelope"}]}}}"#,
    r#"{"response":[]}"#,
    r#"{"Event":null}"#,
    r#"{"Event":[]}"#,
    r#"{"Event":{"Attribute":{"value":"a single attribute, not a list"}}}"#,
    r#"{"Event":{"Attribute":null,"Object":[]}}"#,
    r#"{}"#,
    r#"{"info":"x"}"#,
    r#"{"Event":{"Attribute":[{"id":1,"value":"numbers at a chunk's end","new":[-1.5e3,0.25,-7]}]}}"#,
];

/// Shapes left to the whole read: an envelope whose first key is another, a list.
const WHOLE_SHAPES: &[&str] = &[
    r#"{"Object":{"name":"file"},"Event":{"info":"x","Attribute":[{"value":"a"}]}}"#,
    r#"{"Attribute":[{"value":"a"}],"Event":{"info":"x"}}"#,
    r#"{"Attribute":[{"value":"a"}],"response":[]}"#,
    "[]",
];

#[test]
fn every_envelope_reads_in_chunks_as_whole() {
    for shape in SHAPES.iter().chain(WHOLE_SHAPES) {
        for chunk in 1..=24 {
            assert_same(shape.as_bytes(), chunk, shape);
        }
        assert_same(shape.as_bytes(), 1 << 20, shape);
    }
}

#[test]
fn the_usual_envelopes_are_read_in_chunks() {
    for shape in SHAPES {
        for chunk in [1, 3, 8, 1 << 20] {
            assert_streamed(shape.as_bytes(), chunk, shape);
        }
    }
}

// ---- errors -------------------------------------------------------------------------------

/// Reads `text` in chunks and checks it fails with the whole read's error.
fn assert_same_error(text: &[u8], what: &str) {
    assert!(
        EventDocument::from_slice(text).is_err(),
        "{what}: expected an error"
    );
    for chunk in [1, 2, 5, 16, 64, 1 << 20] {
        assert_same(text, chunk, what);
    }
}

#[test]
fn malformed_documents_fail_as_whole() {
    let cases: &[(&str, &str)] = &[
        ("empty", ""),
        ("white space", " \n "),
        ("a list", "[1]"),
        ("a string", r#""Event""#),
        (
            "a brace where a response element stands",
            r#"{"response":[}"#,
        ),
        (
            "a colon where a response element stands",
            r#"{"response":[:]}"#,
        ),
        ("a brace where a value stands", r#"{"Event":{"info":}}"#),
        (
            "a comma where a value stands",
            r#"{"Event":{"info":,"Attribute":[]}}"#,
        ),
        (
            "trailing garbage",
            r#"{"Event":{"Attribute":[{"value":"a"}]}} x"#,
        ),
        ("a second document", r#"{"Event":{"Attribute":[]}}{}"#),
        (
            "an extra brace",
            r#"{"Event":{"Attribute":[{"value":"a"}]}}}"#,
        ),
        (
            "duplicate Attribute",
            r#"{"Event":{"Attribute":[{"value":"a"}],"Attribute":[{"value":"b"}]}}"#,
        ),
        (
            "duplicate Attribute, one escaped",
            r#"{"Event":{"Attribute":[{"value":"a"}],"Attr\u0069bute":[]}}"#,
        ),
        (
            "duplicate Object",
            r#"{"info":"x","Object":[],"Object":[{"name":"file"}]}"#,
        ),
        (
            "duplicate Event",
            r#"{"Event":{"Attribute":[]},"Event":{"Attribute":[]}}"#,
        ),
        (
            "duplicate Event in a response",
            r#"{"response":[{"Event":{"Attribute":[]},"Event":{}}]}"#,
        ),
        (
            "bad element",
            r#"{"Event":{"info":"x","Attribute":[{"value":"a"},{"to_ids":"maybe"}]}}"#,
        ),
        (
            "bad element in an object",
            r#"{"Event":{"Object":[{"name":"file","Attribute":[{"uuid":7}]}]}}"#,
        ),
        (
            "bad element, bare",
            "{\"info\":\"x\",\n\"Attribute\":[\n{\"value\":\"a\"},\n{\"timestamp\":\"yesterday\"}]}",
        ),
        (
            "bad element in a response",
            r#"{"response":[{"Event":{}},{"Event":{"Attribute":[{"distribution":9}]}}]}"#,
        ),
        (
            "an element of the wrong type",
            r#"{"Event":{"Attribute":[1]}}"#,
        ),
        ("a null element", r#"{"Event":{"Attribute":[null]}}"#),
        ("a string element", r#"{"Event":{"Attribute":["a"]}}"#),
        ("a list element", r#"{"Event":{"Attribute":[[1]]}}"#),
        (
            "a number after an element",
            r#"{"Event":{"Attribute":[{},2]}}"#,
        ),
        (
            "a trailing comma",
            r#"{"Event":{"Attribute":[{"value":"a"},]}}"#,
        ),
        (
            "a leading comma",
            r#"{"Event":{"Attribute":[,{"value":"a"}]}}"#,
        ),
        (
            "no comma",
            r#"{"Event":{"Attribute":[{"value":"a"} {"value":"b"}]}}"#,
        ),
        (
            "an unclosed list",
            r#"{"Event":{"Attribute":[{"value":"a"}}}"#,
        ),
        (
            "a bad key in an element",
            r#"{"Event":{"Attribute":[{value:"a"}]}}"#,
        ),
        (
            "a duplicate key in an element",
            r#"{"Event":{"Attribute":[{"value":"a","value":"b"}]}}"#,
        ),
        (
            "bad skeleton before the list",
            r#"{"Event":{"info":x,"Attribute":[{"value":"a"}]}}"#,
        ),
        (
            "bad skeleton after the list",
            r#"{"Event":{"Attribute":[{"value":"a"}],"info":1.2.3}}"#,
        ),
        (
            "a bad event field",
            r#"{"Event":{"Attribute":[{"value":"a"}],"published":"perhaps"}}"#,
        ),
        (
            "a missing colon",
            r#"{"Event":{"Attribute" [{"value":"a"}]}}"#,
        ),
        (
            "not UTF-8 in an element",
            "{\"Event\":{\"Attribute\":[{\"value\":\"\u{1}\"}]}}",
        ),
        (
            "a control character in the skeleton",
            "{\"Event\":{\"info\":\"a\tb\",\"Attribute\":[]}}",
        ),
        (
            "form feed is not white space",
            "{\"Event\":{\"Attribute\":[\u{c}{\"value\":\"a\"}]}}",
        ),
        (
            "a lone surrogate in an unknown key",
            r#"{"Event":{"Attribute":[{"new":"\ud800"}]}}"#,
        ),
    ];
    for (what, text) in cases {
        assert_same_error(text.as_bytes(), what);
    }
    // Bytes that are not UTF-8, in an element and in the skeleton.
    assert_same_error(
        b"{\"Event\":{\"Attribute\":[{\"value\":\"\xff\"}]}}",
        "not UTF-8 in an element",
    );
    assert_same_error(
        b"{\"Event\":{\"info\":\"\xc3\",\"Attribute\":[]}}",
        "not UTF-8 in the skeleton",
    );
    assert_same_error(b"\xEF\xBB{\"Event\":{}}", "half a byte order mark");
}

#[test]
fn truncated_documents_fail_as_whole() {
    let mut texts: Vec<Vec<u8>> = SHAPES
        .iter()
        .chain(WHOLE_SHAPES)
        .map(|s| s.as_bytes().to_vec())
        .collect();
    texts.push(std::fs::read(fixtures().join("native-events-restsearch.json")).unwrap());
    for text in &texts {
        // Every cut of the small ones, a hundred and fifty of the larger.
        let step = (text.len() / 150).max(1);
        for cut in (0..text.len()).step_by(step) {
            let part = &text[..cut];
            for chunk in [1, 7, 1 << 20] {
                assert_same(
                    part,
                    chunk,
                    &format!("{:?} cut at {cut}", String::from_utf8_lossy(part)),
                );
            }
        }
    }
}

/// An attribute whose galaxy cluster's `meta` nests `levels` lists.
fn deep_meta_attribute(levels: usize) -> String {
    format!(
        r#"{{"value":"a","Galaxy":[{{"GalaxyCluster":[{{"meta":{{"refs":{}1{}}}}}]}}]}}"#,
        "[".repeat(levels),
        "]".repeat(levels)
    )
}

/// An attribute nesting `levels` short events, each with an attribute.
fn deep_record_attribute(levels: usize) -> String {
    let mut a = r#"{"value":"x"}"#.to_owned();
    for _ in 0..levels {
        a = format!(r#"{{"value":"x","Event":{{"info":"i","Attribute":[{a}]}}}}"#);
    }
    a
}

#[test]
fn nesting_limits_are_those_of_the_whole_document() {
    let envelopes: [fn(&str) -> String; 4] = [
        |a| format!(r#"{{"info":"bare","Attribute":[{a}]}}"#),
        |a| format!(r#"{{"Event":{{"Attribute":[{{"value":"first"}},{a}]}}}}"#),
        |a| format!(r#"{{"Event":{{"Object":[{{"name":"o","Attribute":[{a}]}}]}}}}"#),
        |a| format!(r#"{{"response":[{{"Event":{{"Attribute":[{a}]}}}}]}}"#),
    ];
    for wrap in envelopes {
        let (mut read, mut refused) = (0, 0);
        for levels in 110..=128 {
            let text = wrap(&deep_meta_attribute(levels));
            match EventDocument::from_slice(text.as_bytes()) {
                Ok(_) => read += 1,
                Err(_) => refused += 1,
            }
            for chunk in [1, 64, 1 << 20] {
                assert_same(text.as_bytes(), chunk, &format!("meta nested {levels}"));
            }
        }
        assert!(read > 0 && refused > 0, "the limit lies in the range tried");
        let (mut read, mut refused) = (0, 0);
        for levels in 4..=14 {
            let text = wrap(&deep_record_attribute(levels));
            match EventDocument::from_slice(text.as_bytes()) {
                Ok(_) => read += 1,
                Err(_) => refused += 1,
            }
            for chunk in [1, 64, 1 << 20] {
                assert_same(text.as_bytes(), chunk, &format!("records nested {levels}"));
            }
        }
        assert!(
            read > 0 && refused > 0,
            "the record limit lies in the range tried"
        );
    }
}

#[test]
fn large_elements_grow_the_buffer() {
    let big = "x".repeat(100_000);
    let text = format!(
        r#"{{"Event":{{"Attribute":[{{"value":"a"}},{{"data":"{big}"}},{{"value":"b"}}],"Object":[{{"name":"file","comment":"{big}"}}]}}}}"#
    );
    for chunk in [1, 100, 4096] {
        assert_streamed(text.as_bytes(), chunk, "large elements");
    }
}

// ---- generated documents ------------------------------------------------------------------

/// A JSON value whose objects keep their key order.
#[derive(Clone, Debug)]
enum J {
    Null,
    Bool(bool),
    Num(String),
    Str(String),
    Arr(Vec<J>),
    Obj(Vec<(String, J)>),
}

/// Writes `j`, with white space from `ws` (cycled) between tokens.
fn write(j: &J, ws: &[&str], at: &mut usize, out: &mut String) {
    fn space(ws: &[&str], at: &mut usize, out: &mut String) {
        if !ws.is_empty() {
            out.push_str(ws[*at % ws.len()]);
            *at += 1;
        }
    }
    match j {
        J::Null => out.push_str("null"),
        J::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        J::Num(n) => out.push_str(n),
        J::Str(s) => out.push_str(&serde_json::to_string(s).unwrap()),
        J::Arr(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                space(ws, at, out);
                write(item, ws, at, out);
                space(ws, at, out);
            }
            out.push(']');
        }
        J::Obj(members) => {
            out.push('{');
            for (i, (k, v)) in members.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                space(ws, at, out);
                out.push_str(&serde_json::to_string(k).unwrap());
                space(ws, at, out);
                out.push(':');
                space(ws, at, out);
                write(v, ws, at, out);
                space(ws, at, out);
            }
            out.push('}');
        }
    }
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z0-9 .:/-]{0,12}",
        "[\\[\\]{}\",:\\\\ ]{0,6}",
        "\\PC{0,4}",
        Just("\u{e9}\u{1F600}\n\t".to_owned()),
    ]
}

fn scalar() -> impl Strategy<Value = J> {
    prop_oneof![
        Just(J::Null),
        any::<bool>().prop_map(J::Bool),
        (0u64..100_000).prop_map(|n| J::Num(n.to_string())),
        Just(J::Num("-1.5e3".into())),
        text().prop_map(J::Str),
    ]
}

/// Any JSON, for unknown keys.
fn any_json() -> impl Strategy<Value = J> {
    scalar().prop_recursive(3, 12, 4, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(J::Arr),
            proptest::collection::vec(("[a-zA-Z_]{1,6}", inner), 0..4).prop_map(|m| {
                // Distinct keys: a repeated key is refused, which other tests cover.
                let mut seen = std::collections::HashSet::new();
                J::Obj(
                    m.into_iter()
                        .filter(|(k, _)| seen.insert(k.clone()))
                        .collect(),
                )
            }),
        ]
    })
}

/// A value for a typed key, in either number encoding, sometimes null.
fn id() -> impl Strategy<Value = J> {
    prop_oneof![
        (0u64..10_000).prop_map(|n| J::Num(n.to_string())),
        (0u64..10_000).prop_map(|n| J::Str(n.to_string())),
        Just(J::Null),
    ]
}

fn flag() -> impl Strategy<Value = J> {
    prop_oneof![
        any::<bool>().prop_map(J::Bool),
        Just(J::Str("1".into())),
        Just(J::Num("0".into())),
    ]
}

fn uuid() -> impl Strategy<Value = J> {
    any::<u128>().prop_map(|n| J::Str(uuid::Uuid::from_u128(n).to_string()))
}

/// An object of the given members, some left out, unknown keys added, in a shuffled order;
/// or `[]` (PHP's empty object) now and then.
fn record(members: Vec<(&'static str, BoxedStrategy<J>)>) -> impl Strategy<Value = J> {
    let known: Vec<_> = members
        .into_iter()
        .map(|(k, v)| {
            proptest::option::weighted(0.7, v).prop_map(move |v| v.map(|v| (k.to_owned(), v)))
        })
        .collect();
    let unknown = proptest::collection::vec(("new_[a-z]{1,4}", any_json()), 0..3);
    let members = (known, unknown)
        .prop_map(|(known, unknown)| {
            let mut members: Vec<(String, J)> = known.into_iter().flatten().collect();
            for (k, v) in unknown {
                if !members.iter().any(|(m, _)| *m == k) {
                    members.push((k, v));
                }
            }
            members
        })
        .prop_shuffle();
    (members, proptest::bool::weighted(0.6)).prop_map(|(members, as_list)| {
        if members.is_empty() && as_list {
            J::Arr(Vec::new())
        } else {
            J::Obj(members)
        }
    })
}

fn tag() -> impl Strategy<Value = J> {
    record(vec![
        ("id", id().boxed()),
        ("name", text().prop_map(J::Str).boxed()),
        ("colour", Just(J::Str("#ffffff".into())).boxed()),
        ("local", flag().boxed()),
    ])
}

fn attribute() -> impl Strategy<Value = J> {
    record(vec![
        ("id", id().boxed()),
        ("event_id", id().boxed()),
        (
            "type",
            prop_oneof![Just("ip-dst"), Just("domain"), Just("md5"), Just("x-new")]
                .prop_map(|s| J::Str(s.into()))
                .boxed(),
        ),
        ("category", Just(J::Str("Network activity".into())).boxed()),
        ("value", text().prop_map(J::Str).boxed()),
        ("to_ids", flag().boxed()),
        (
            "uuid",
            prop_oneof![uuid(), Just(J::Str(String::new()))].boxed(),
        ),
        ("timestamp", id().boxed()),
        ("comment", text().prop_map(J::Str).boxed()),
        (
            "first_seen",
            prop_oneof![
                Just(J::Null),
                Just(J::Str("2024-05-15T09:58:41.000000+00:00".into()))
            ]
            .boxed(),
        ),
        (
            "Tag",
            proptest::collection::vec(tag(), 0..3)
                .prop_map(J::Arr)
                .boxed(),
        ),
        ("ShadowAttribute", Just(J::Arr(Vec::new())).boxed()),
    ])
}

fn object() -> impl Strategy<Value = J> {
    record(vec![
        ("id", id().boxed()),
        ("name", Just(J::Str("domain-ip".into())).boxed()),
        ("meta-category", Just(J::Str("network".into())).boxed()),
        ("uuid", uuid().boxed()),
        ("comment", text().prop_map(J::Str).boxed()),
        (
            "Attribute",
            proptest::collection::vec(attribute(), 0..3)
                .prop_map(J::Arr)
                .boxed(),
        ),
        (
            "ObjectReference",
            proptest::collection::vec(
                record(vec![
                    ("relationship_type", text().prop_map(J::Str).boxed()),
                    ("referenced_uuid", uuid().boxed()),
                ]),
                0..2,
            )
            .prop_map(J::Arr)
            .boxed(),
        ),
    ])
}

fn event() -> impl Strategy<Value = J> {
    record(vec![
        ("id", id().boxed()),
        ("info", text().prop_map(J::Str).boxed()),
        ("uuid", uuid().boxed()),
        ("published", flag().boxed()),
        (
            "threat_level_id",
            prop_oneof![Just(J::Str("2".into())), Just(J::Num("4".into()))].boxed(),
        ),
        (
            "Orgc",
            record(vec![
                ("name", text().prop_map(J::Str).boxed()),
                ("uuid", uuid().boxed()),
            ])
            .boxed(),
        ),
        (
            "Attribute",
            proptest::collection::vec(attribute(), 0..6)
                .prop_map(J::Arr)
                .boxed(),
        ),
        (
            "Object",
            proptest::collection::vec(object(), 0..4)
                .prop_map(J::Arr)
                .boxed(),
        ),
        (
            "Tag",
            proptest::collection::vec(tag(), 0..3)
                .prop_map(J::Arr)
                .boxed(),
        ),
        ("Galaxy", Just(J::Arr(Vec::new())).boxed()),
    ])
}

/// An event in one of the envelopes, sometimes with keys beside it.
fn document() -> impl Strategy<Value = J> {
    let beside = || proptest::collection::vec(("[a-z]{1,5}", any_json()), 0..2);
    prop_oneof![
        event(),
        (event(), beside()).prop_map(|(e, beside)| {
            let mut members = vec![("Event".to_owned(), e)];
            members.extend(beside);
            J::Obj(members)
        }),
        (proptest::collection::vec(event(), 0..3), beside()).prop_map(|(events, beside)| {
            let envelopes = events
                .into_iter()
                .map(|e| J::Obj(vec![("Event".to_owned(), e)]))
                .collect();
            let mut members = vec![("response".to_owned(), J::Arr(envelopes))];
            members.extend(beside);
            J::Obj(members)
        }),
    ]
}

fn white_space() -> impl Strategy<Value = Vec<&'static str>> {
    proptest::collection::vec(
        prop_oneof![
            Just(""),
            Just(""),
            Just(" "),
            Just("\n"),
            Just("\t "),
            Just("\r\n  ")
        ],
        0..6,
    )
}

fn generated(doc: &J, ws: &[&str]) -> Vec<u8> {
    let mut out = String::new();
    let mut at = 0;
    write(doc, ws, &mut at, &mut out);
    out.into_bytes()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 160, ..ProptestConfig::default() })]

    #[test]
    fn generated_documents_read_in_chunks_as_whole(
        doc in document(),
        ws in white_space(),
        chunk in 1usize..64,
    ) {
        let bytes = generated(&doc, &ws);
        assert_same(&bytes, chunk, &String::from_utf8_lossy(&bytes));
        // Whatever the whole read takes in these envelopes, the chunked read takes too.
        if bytes.first() == Some(&b'{') && EventDocument::from_slice(&bytes).is_ok() {
            assert_streamed(&bytes, chunk, &String::from_utf8_lossy(&bytes));
        }
    }

    #[test]
    fn damaged_documents_fail_as_whole(
        doc in document(),
        ws in white_space(),
        chunk in 1usize..64,
        at in any::<proptest::sample::Index>(),
        damage in prop_oneof![
            Just(None),
            proptest::sample::select(&b"{}[],:\"\\ x0-"[..]).prop_map(Some),
        ],
    ) {
        let mut bytes = generated(&doc, &ws);
        let at = at.index(bytes.len() + 1);
        match damage {
            None => bytes.truncate(at),
            Some(b) => bytes.insert(at, b),
        }
        assert_same(&bytes, chunk, &String::from_utf8_lossy(&bytes));
    }
}

// ---- feeds --------------------------------------------------------------------------------

/// A feed event past the threshold for reading in chunks: attributes carrying samples.
fn large_feed_event(uuid: &str, last: &str) -> Vec<u8> {
    let data = "TVqQAAMAAAAEAAAA".repeat(6_500);
    // About 100 kB each.
    let count = StreamOptions::DEFAULT_THRESHOLD / 100_000 + 2;
    let mut attributes: Vec<String> = (0..count)
        .map(|i| {
            format!(
                r#"{{"type":"malware-sample","category":"Payload delivery","value":"s{i}.exe|{i:032x}","to_ids":true,"data":"{data}"}}"#
            )
        })
        .collect();
    attributes.push(last.to_owned());
    let text = format!(
        r#"{{"Event":{{"uuid":"{uuid}","info":"large","timestamp":"1715000000","Attribute":[{}],"Object":[{{"name":"file","Attribute":[{{"type":"filename","value":"s.exe"}}]}}]}}}}"#,
        attributes.join(",")
    );
    assert!(text.len() as u64 > StreamOptions::DEFAULT_THRESHOLD);
    text.into_bytes()
}

#[test]
fn a_large_feed_event_reads_as_whole() {
    let dir = tempfile::tempdir().unwrap();
    let (good, bad) = (
        "5b4e7b46-2bd0-4b34-8c3a-4e6b3c0d2f11",
        "6c1c6c4f-5cde-474f-bb69-8e5b8b041f81",
    );
    std::fs::write(
        dir.path().join("manifest.json"),
        format!(
            r#"{{"{good}":{{"info":"large","timestamp":1715000000}},"{bad}":{{"info":"large","timestamp":1715000000}}}}"#
        ),
    )
    .unwrap();
    let good_bytes = large_feed_event(good, r#"{"type":"domain","value":"evil.example"}"#);
    let bad_bytes = large_feed_event(bad, r#"{"type":"domain","to_ids":"maybe"}"#);
    std::fs::write(dir.path().join(format!("{good}.json")), &good_bytes).unwrap();
    std::fs::write(dir.path().join(format!("{bad}.json")), &bad_bytes).unwrap();

    let read = misp_types::feed::read_feed(dir.path()).unwrap();
    assert_eq!(read.events.len(), 1);
    let expected = misp_types::Event::from_json(&good_bytes).unwrap();
    assert_eq!(read.events[0], expected);
    let count = StreamOptions::DEFAULT_THRESHOLD / 100_000 + 2;
    assert_eq!(read.events[0].attributes.len() as u64, count + 1);
    let error = misp_types::Event::from_json(&bad_bytes).unwrap_err();
    assert_eq!(error.path, format!("Event.Attribute[{count}].to_ids"));
    assert!(
        matches!(&read.issues[..], [misp_types::feed::FeedIssue::UnreadableEvent { uuid, message }]
            if uuid == bad && message.ends_with(&error.to_string())),
        "{:?}",
        read.issues
    );
    // From the file itself, as the command line reads it.
    let path = dir.path().join(format!("{good}.json"));
    assert_eq!(
        EventDocument::from_path(&path).unwrap(),
        EventDocument::from_slice(&good_bytes).unwrap()
    );
    let Err(ReadError::Parse(e)) = EventDocument::from_path(dir.path().join(format!("{bad}.json")))
    else {
        panic!("expected a parse error");
    };
    assert_eq!(e, error);
}
