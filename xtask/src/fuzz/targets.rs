//! The targets of misp-types: event parsing, feed reading, sample decoding, value checks.

use std::path::{Path, PathBuf};

use misp_types::attachment::{MalwareSample, SampleLimits, decode_data, md5_hex};
use misp_types::feed::{FeedDirectory, FeedOptions, read_feed, to_feed_event};
use misp_types::normalize::{NormalizeOptions, normalize_value};
use misp_types::validate::validate_value;
use misp_types::{EventDocument, compare};

use super::Target;

fn json_files(files: &[PathBuf]) -> impl Iterator<Item = (&PathBuf, Vec<u8>)> {
    files
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .filter_map(|p| std::fs::read(p).ok().map(|bytes| (p, bytes)))
}

/// Parse, write, re-parse, write again: the two writes are equal, nothing read is lost, and
/// validation, summaries and the feed form do not panic.
pub struct EventRoundTrip;

impl Target for EventRoundTrip {
    fn name(&self) -> &'static str {
        "event"
    }
    fn about(&self) -> &'static str {
        "EventDocument: parse, write, re-parse, compare; validate, summary, feed form"
    }
    fn seeds(&self, files: &[PathBuf]) -> Vec<Vec<u8>> {
        json_files(files).map(|(_, bytes)| bytes).collect()
    }
    fn run(&self, input: &[u8]) -> Result<bool, String> {
        let Ok(doc) = EventDocument::from_slice(input) else {
            return Ok(false);
        };
        let written = doc
            .to_json()
            .map_err(|e| format!("a document that was read cannot be written: {e}"))?;
        let again = EventDocument::from_slice(written.as_bytes())
            .map_err(|e| format!("the written document does not read back: {e}\n{written}"))?;
        let rewritten = again.to_json().map_err(|e| e.to_string())?;
        if rewritten != written {
            return Err(format!("writing is not stable:\n{written}\n{rewritten}"));
        }
        if !doc.events().eq(again.events()) {
            return Err(format!(
                "the events read back differ from those read:\n{written}"
            ));
        }
        match compare::roundtrip(input) {
            Ok(differences) if !differences.is_empty() => {
                let list: Vec<String> = differences.iter().map(ToString::to_string).collect();
                return Err(format!(
                    "the round trip changed the data: {}",
                    list.join("; ")
                ));
            }
            _ => {}
        }
        for event in doc.events() {
            let _ = event.validate();
            let _ = event.summary();
            if let Ok(feed) = to_feed_event(event, &FeedOptions::default()) {
                let _ = misp_types::feed::feed_hashes(&feed);
            }
        }
        Ok(true)
    }
}

/// A feed directory made from the input (its manifest, and an event file for each key that is
/// a UUID), beside a file outside it: reading never panics and never reaches that file.
pub struct FeedRead;

const SEPARATOR: &[u8] = b"\n----\n";
const OUTSIDE: &str = "outside the feed";

impl FeedRead {
    fn dir() -> PathBuf {
        std::env::temp_dir().join(format!("misp-fuzz-feed-{}", std::process::id()))
    }
}

impl Target for FeedRead {
    fn name(&self) -> &'static str {
        "feed"
    }
    fn about(&self) -> &'static str {
        "read_feed and FeedDirectory::open on a crafted manifest and event file"
    }
    fn seeds(&self, files: &[PathBuf]) -> Vec<Vec<u8>> {
        let mut seeds = Vec::new();
        for (path, manifest) in json_files(files) {
            if path.file_name().is_none_or(|n| n != "manifest.json") {
                continue;
            }
            let dir = path.parent().unwrap_or(Path::new("."));
            let keys: Vec<String> = serde_json::from_slice::<serde_json::Map<_, _>>(&manifest)
                .map(|m| m.keys().cloned().collect())
                .unwrap_or_default();
            for key in keys.iter().take(8) {
                if let Ok(event) = std::fs::read(dir.join(format!("{key}.json"))) {
                    let mut seed = manifest.clone();
                    seed.extend_from_slice(SEPARATOR);
                    seed.extend_from_slice(&event);
                    seeds.push(seed);
                }
            }
        }
        seeds.push(
            br#"{"../outside":{"info":"x"},"/etc/passwd":{},"5b4e7b46-2bd0-4b34-8c3a-4e6b3c0d2f11":{"timestamp":"1"}}"#
                .to_vec(),
        );
        seeds
    }
    fn run(&self, input: &[u8]) -> Result<bool, String> {
        let root = Self::dir();
        let dir = root.join("feed");
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
        let outside = format!(r#"{{"Event":{{"info":"{OUTSIDE}"}}}}"#);
        std::fs::write(root.join("outside.json"), &outside).map_err(|e| e.to_string())?;
        let (manifest, event) = match input.windows(SEPARATOR.len()).position(|w| w == SEPARATOR) {
            Some(at) => (
                input.get(..at).unwrap_or_default(),
                input.get(at + SEPARATOR.len()..).unwrap_or_default(),
            ),
            None => (input, &b""[..]),
        };
        std::fs::write(dir.join("manifest.json"), manifest).map_err(|e| e.to_string())?;
        // Event files only under names this harness chose: never a path from the input.
        if let Ok(map) =
            serde_json::from_slice::<serde_json::Map<String, serde_json::Value>>(manifest)
        {
            for key in map
                .keys()
                .filter(|k| uuid::Uuid::try_parse(k).is_ok())
                .take(4)
            {
                let _ = std::fs::write(dir.join(format!("{key}.json")), event);
            }
        }
        #[cfg(unix)]
        let _ = std::os::unix::fs::symlink(
            root.join("outside.json"),
            dir.join("5b4e7b46-2bd0-4b34-8c3a-4e6b3c0d2f12.json"),
        );
        let reached = |events: &[misp_types::Event]| {
            events.iter().any(|e| e.info.as_deref() == Some(OUTSIDE))
        };
        let contents = read_feed(&dir);
        if let Ok(contents) = &contents
            && reached(&contents.events)
        {
            return Err("read_feed read a file outside the feed directory".into());
        }
        let _ = FeedDirectory::open(&dir);
        Ok(contents.is_ok())
    }
}

/// Malware-sample archives: decoding stays within its size limit, names are safe base names,
/// the content matches its MD5.
pub struct SampleDecode;

const SAMPLE_LIMIT: u64 = 1 << 20;

impl Target for SampleDecode {
    fn name(&self) -> &'static str {
        "sample"
    }
    fn about(&self) -> &'static str {
        "MalwareSample::from_zip_with and decode_data on crafted archives"
    }
    fn seeds(&self, files: &[PathBuf]) -> Vec<Vec<u8>> {
        let mut seeds = Vec::new();
        for (i, (_, bytes)) in json_files(files).take(16).enumerate() {
            let name = ["a.exe", "../../x", "dir\\b.dll", "é.bin"]
                .get(i % 4)
                .copied()
                .unwrap_or("a");
            let content = bytes.get(..bytes.len().min(4096)).unwrap_or_default();
            if let Ok(sample) = MalwareSample::from_bytes(name, content) {
                seeds.push(sample.archive().to_vec());
            }
        }
        if let Ok(sample) = MalwareSample::from_bytes("zeros", &vec![0u8; 2 << 20]) {
            seeds.push(sample.archive().to_vec());
        }
        seeds
    }
    fn dictionary(&self) -> &[&[u8]] {
        &[
            b"PK\x03\x04",
            b"PK\x01\x02",
            b"PK\x05\x06",
            b"\xff\xff\xff\xff",
            b"\0\0\0\0",
            b".filename.txt",
            b"../",
        ]
    }
    fn run(&self, input: &[u8]) -> Result<bool, String> {
        let _ = decode_data(&String::from_utf8_lossy(input));
        let limits = SampleLimits {
            max_content_size: SAMPLE_LIMIT,
        };
        let Ok(sample) = MalwareSample::from_zip_with(input, &limits) else {
            return Ok(false);
        };
        let name = sample.filename();
        if name.contains(['/', '\\']) || name == ".." || name == "." || name.is_empty() {
            return Err(format!("unsafe sample name {name:?}"));
        }
        if sample.content().len() as u64 > SAMPLE_LIMIT {
            return Err(format!(
                "content of {} bytes passed the limit",
                sample.content().len()
            ));
        }
        if md5_hex(sample.content()) != sample.md5() {
            return Err("content does not match its MD5".into());
        }
        Ok(true)
    }
}

/// Value checks and normalisation: no panic on any text, normalising twice equals once, and a
/// value that validates still validates once normalised.
pub struct ValueCheck;

impl Target for ValueCheck {
    fn name(&self) -> &'static str {
        "value"
    }
    fn about(&self) -> &'static str {
        "validate_value and normalize_value on `type\\0value` inputs"
    }
    fn seeds(&self, files: &[PathBuf]) -> Vec<Vec<u8>> {
        let mut seeds = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for (_, bytes) in json_files(files) {
            let Ok(doc) = EventDocument::from_slice(&bytes) else {
                continue;
            };
            for event in doc.events() {
                let objects = event.objects.iter().flat_map(|o| o.attributes.iter());
                for attribute in event.attributes.iter().chain(objects) {
                    let (Some(kind), Some(value)) = (&attribute.kind, &attribute.value) else {
                        continue;
                    };
                    if seen.insert(kind.as_str().to_owned()) || seeds.len() < 512 {
                        seeds.push(format!("{}\0{value}", kind.as_str()).into_bytes());
                    }
                }
            }
        }
        // Every type with values of the usual shapes, so that each check is reached.
        const SHAPES: &[&str] = &[
            "x",
            "00:1a:2b:3c:4d:5e",
            "001a2b3c4d5e",
            "00-1a-2b-ff-fe-3c-4d-5e",
            "203.0.113.7",
            "2001:db8::1",
            "203.0.113.7|443",
            "[2001:db8::1]:443",
            "evil.example",
            "evil.example|203.0.113.7",
            "https://evil.example/a?b=c",
            "user@evil.example",
            "d41d8cd98f00b204e9800998ecf8427e",
            "a.exe|d41d8cd98f00b204e9800998ecf8427e",
            "3:AXGBicFlgVNhBGcL6wCrFQEv:AXGHsNhxLsr2C",
            "CVE-2024-3094",
            "CWE-79",
            "AS64496",
            "1.10",
            "2024-05-15T09:58:41.000000+00:00",
            "4111 1111 1111 1111",
            "1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2",
            "-2e5",
        ];
        for kind in misp_types::AttributeType::ALL {
            for shape in SHAPES {
                seeds.push(format!("{}\0{shape}", kind.as_str()).into_bytes());
            }
        }
        seeds
    }
    fn run(&self, input: &[u8]) -> Result<bool, String> {
        let text = String::from_utf8_lossy(input);
        let (kind, value) = text.split_once('\0').unwrap_or(("text", &text));
        let valid = validate_value(kind, value).is_ok();
        for refang in [false, true] {
            let options = NormalizeOptions { refang };
            let once = normalize_value(kind, value, options);
            let twice = normalize_value(kind, &once, options);
            if twice != once {
                return Err(format!(
                    "normalising {kind} {value:?} twice gives {twice:?}, once {once:?}"
                ));
            }
            if valid && !refang && validate_value(kind, &once).is_err() {
                return Err(format!(
                    "{kind} {value:?} validates but its normal form {once:?} does not"
                ));
            }
        }
        Ok(valid)
    }
}
