//! `file` objects: [`FileObject`] for bytes in memory, [`FileHasher`] / [`hash_reader`] to hash
//! a stream of any size in one pass.
//!
//! The attributes and their order are PyMISP's `FileObject`'s: filename, size-in-bytes, entropy,
//! md5, sha1, sha256, sha512, malware-sample (when asked), mimetype, ssdeep; then tlsh, which
//! PyMISP's does not compute. An empty file gets filename and size-in-bytes only.
//!
//! ```
//! use misp_tools::file::{FileObject, hash_reader};
//!
//! // A stream: read once, whatever its size.
//! let digest = hash_reader(&b"hello world\n"[..])?;
//! assert_eq!(digest.sha256, "a948904f2f0f479b8f8197694b30184b0d2ed1c1cd2a1ec0fb85d299a192a447");
//!
//! // Bytes in memory, with the sample attached as MISP stores it.
//! let file = FileObject::new("hello.txt", b"hello world\n").malware_sample(true).generate()?;
//! let object = file.build()?.remove(0);
//! let sample = object.attributes.iter().find(|a| a.object_relation.as_deref() == Some("malware-sample")).unwrap();
//! assert_eq!(sample.value.as_deref(), Some("hello.txt|6f5902ac237024bdd0c176cb93063dc4"));
//! # Ok::<(), misp_tools::Error>(())
//! ```

use std::io::{self, Read, Write};
use std::path::Path;

use md5::Md5;
use misp_types::builder::ObjectBuilder;
use sha1::Sha1;
use sha2::{Digest, Sha256, Sha512};

use crate::{Error, Generated, python_float};

/// How many leading bytes the MIME type is guessed from.
const HEAD: usize = 8192;

/// Hashes a stream as it is fed: md5, sha1, sha256, sha512, ssdeep, tlsh, the byte entropy, the
/// size and the MIME type (from the first bytes). Feed it with [`update`](Self::update) or as an
/// [`io::Write`]; [`finish`](Self::finish) gives the [`FileDigest`]. [`hash_reader`] and
/// [`FileDigest::of`] split the work over two threads for large inputs.
pub struct FileHasher {
    size: u64,
    head: Vec<u8>,
    a: HalfA,
    b: HalfB,
}

/// ssdeep, md5 and the entropy: about half the work.
struct HalfA {
    md5: Md5,
    ssdeep: fuzzyhash::FuzzyHash,
    entropy: EntropyCounter,
}

/// tlsh and the SHA family: the other half.
struct HalfB {
    sha1: Sha1,
    sha256: Sha256,
    sha512: Sha512,
    tlsh: tlsh2::TlshDefaultBuilder,
}

impl HalfA {
    fn update(&mut self, data: &[u8]) {
        self.md5.update(data);
        self.ssdeep.update(data);
        self.entropy.update(data);
    }
}

impl HalfB {
    fn update(&mut self, data: &[u8]) {
        self.sha1.update(data);
        self.sha256.update(data);
        self.sha512.update(data);
        self.tlsh.update(data);
    }
}

/// Inputs from this size on are hashed on two threads.
const PARALLEL_FROM: usize = 1 << 20;

impl std::fmt::Debug for FileHasher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FileHasher")
            .field("size", &self.size)
            .finish_non_exhaustive()
    }
}

impl Default for FileHasher {
    fn default() -> Self {
        Self::new()
    }
}

impl FileHasher {
    /// A hasher that has seen nothing.
    pub fn new() -> Self {
        FileHasher {
            size: 0,
            head: Vec::new(),
            a: HalfA {
                md5: Md5::new(),
                ssdeep: fuzzyhash::FuzzyHash::default(),
                entropy: EntropyCounter::default(),
            },
            b: HalfB {
                sha1: Sha1::new(),
                sha256: Sha256::new(),
                sha512: Sha512::new(),
                tlsh: tlsh2::TlshDefaultBuilder::new(),
            },
        }
    }

    /// Feeds the next bytes.
    pub fn update(&mut self, data: &[u8]) {
        self.note(data);
        self.a.update(data);
        self.b.update(data);
    }

    /// Counts `data` and keeps the head for the MIME type.
    fn note(&mut self, data: &[u8]) {
        self.size += data.len() as u64;
        if self.head.len() < HEAD {
            let take = (HEAD - self.head.len()).min(data.len());
            self.head.extend(data.iter().take(take));
        }
    }

    /// Feeds `data` with the two halves of the work on two threads.
    fn update_parallel(&mut self, data: &[u8]) {
        self.note(data);
        let (a, b) = (&mut self.a, &mut self.b);
        std::thread::scope(|scope| {
            scope.spawn(|| a.update(data));
            b.update(data);
        });
    }

    /// The digest of everything fed.
    pub fn finish(self) -> FileDigest {
        let mut ssdeep = self.a.ssdeep;
        ssdeep.finalize();
        FileDigest {
            size: self.size,
            md5: hex(&self.a.md5.finalize()),
            sha1: hex(&self.b.sha1.finalize()),
            sha256: hex(&self.b.sha256.finalize()),
            sha512: hex(&self.b.sha512.finalize()),
            ssdeep: ssdeep.to_string(),
            tlsh: self
                .b
                .tlsh
                .build()
                .map(|t| String::from_utf8_lossy(&t.hash()).into_owned()),
            entropy: self.a.entropy.entropy(),
            mimetype: mime_type(&self.head),
        }
    }
}

impl Write for FileHasher {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.update(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Hashes everything `reader` gives, in one pass: the reader is read in 1 MiB chunks, and each
/// chunk is hashed by two threads (each computing half of the hashes) while the next is read.
pub fn hash_reader<R: Read>(mut reader: R) -> Result<FileDigest, Error> {
    use std::sync::Arc;
    use std::sync::mpsc::sync_channel;

    const CHUNK: usize = 1 << 20;
    let FileHasher {
        mut size,
        mut head,
        mut a,
        mut b,
    } = FileHasher::new();
    let (to_a, from_main_a) = sync_channel::<Arc<Vec<u8>>>(2);
    let (to_b, from_main_b) = sync_channel::<Arc<Vec<u8>>>(2);
    let read = std::thread::scope(|scope| {
        let worker_a = scope.spawn(move || {
            for chunk in from_main_a {
                a.update(&chunk);
            }
            a
        });
        let worker_b = scope.spawn(move || {
            for chunk in from_main_b {
                b.update(&chunk);
            }
            b
        });
        let result = loop {
            let mut chunk = vec![0u8; CHUNK];
            let mut filled = 0;
            let mut done = false;
            let mut failed = None;
            while filled < CHUNK {
                match reader.read(chunk.get_mut(filled..).unwrap_or_default()) {
                    Ok(0) => {
                        done = true;
                        break;
                    }
                    Ok(n) => filled += n,
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                    Err(source) => {
                        failed = Some(source);
                        break;
                    }
                }
            }
            if let Some(source) = failed {
                break Err(source);
            }
            chunk.truncate(filled);
            size += filled as u64;
            if head.len() < HEAD {
                let take = (HEAD - head.len()).min(chunk.len());
                head.extend(chunk.iter().take(take));
            }
            if !chunk.is_empty() {
                let chunk = Arc::new(chunk);
                // A worker only stops when its channel closes, so sending cannot fail.
                let _ = to_a.send(Arc::clone(&chunk));
                let _ = to_b.send(chunk);
            }
            if done {
                break Ok(());
            }
        };
        drop((to_a, to_b));
        let halves = worker_a.join().ok().zip(worker_b.join().ok());
        result.map(|()| halves)
    });
    match read {
        Ok(Some((a, b))) => Ok(FileHasher { size, head, a, b }.finish()),
        Ok(None) => Err(Error::Io {
            what: "the input stream".into(),
            source: io::Error::other("a hashing thread stopped"),
        }),
        Err(source) => Err(Error::Io {
            what: "the input stream".into(),
            source,
        }),
    }
}

/// What [`FileHasher`] computed.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct FileDigest {
    /// Size in bytes.
    pub size: u64,
    /// Lower-case hex MD5.
    pub md5: String,
    /// Lower-case hex SHA-1.
    pub sha1: String,
    /// Lower-case hex SHA-256.
    pub sha256: String,
    /// Lower-case hex SHA-512.
    pub sha512: String,
    /// ssdeep (context-triggered piecewise hash), as `ssdeep`/`pydeep` print it.
    pub ssdeep: String,
    /// TLSH (128 buckets, 1-byte checksum, `T1` prefix), for inputs of 50 bytes or more with
    /// enough variety.
    pub tlsh: Option<String>,
    /// Shannon entropy of the bytes, in bits per byte (0 to 8).
    pub entropy: f64,
    /// The MIME type guessed from the first bytes.
    pub mimetype: Option<String>,
}

impl FileDigest {
    /// The digest of `data`.
    pub fn of(data: &[u8]) -> FileDigest {
        let mut hasher = FileHasher::new();
        if data.len() >= PARALLEL_FROM {
            hasher.update_parallel(data);
        } else {
            hasher.update(data);
        }
        hasher.finish()
    }

    /// Adds the digest's attributes to a `file` object (everything but filename and sample).
    fn add_to(
        &self,
        object: ObjectBuilder,
        sample: Option<(&str, &[u8])>,
    ) -> Result<ObjectBuilder, Error> {
        let mut object = object.attribute("size-in-bytes", self.size.to_string());
        if self.size == 0 {
            return Ok(object);
        }
        object = object
            .attribute("entropy", python_float(self.entropy))
            .attribute("md5", &self.md5)
            .attribute("sha1", &self.sha1)
            .attribute("sha256", &self.sha256)
            .attribute("sha512", &self.sha512);
        if let Some((filename, content)) = sample {
            object = object
                .malware_sample("malware-sample", filename, content)
                .map_err(|source| Error::Sample {
                    filename: filename.to_owned(),
                    source,
                })?;
        }
        if let Some(mime) = &self.mimetype {
            object = object.attribute("mimetype", mime);
        }
        if !empty_ssdeep(&self.ssdeep) {
            object = object.attribute("ssdeep", &self.ssdeep);
        }
        if let Some(tlsh) = &self.tlsh {
            object = object.attribute("tlsh", tlsh);
        }
        Ok(object)
    }
}

/// A `file` object made from bytes in memory.
#[derive(Debug, Clone)]
#[must_use]
pub struct FileObject<'a> {
    filename: String,
    content: &'a [u8],
    malware_sample: bool,
}

impl<'a> FileObject<'a> {
    /// The file `content`, called `filename` (a path is cut to its last component).
    pub fn new(filename: &str, content: &'a [u8]) -> Self {
        FileObject {
            filename: base_name(filename),
            content,
            malware_sample: false,
        }
    }

    /// Also attaches the file as a `malware-sample` (zipped with the password `infected`, as
    /// MISP stores samples). Off by default.
    pub fn malware_sample(mut self, yes: bool) -> Self {
        self.malware_sample = yes;
        self
    }

    /// The `file` object alone.
    pub fn generate(self) -> Result<Generated, Error> {
        Ok(Generated::new(self.builder()?))
    }

    /// The `file` object as a builder.
    pub fn builder(&self) -> Result<ObjectBuilder, Error> {
        let digest = FileDigest::of(self.content);
        let sample = self
            .malware_sample
            .then_some((self.filename.as_str(), self.content));
        digest.add_to(
            ObjectBuilder::new("file").attribute("filename", &self.filename),
            sample,
        )
    }
}

/// A `file` object from an already computed digest (no sample: that needs the content).
pub fn object_from_digest(filename: &str, digest: &FileDigest) -> Result<ObjectBuilder, Error> {
    digest.add_to(
        ObjectBuilder::new("file").attribute("filename", base_name(filename)),
        None,
    )
}

/// A `file` object for the file at `path`, read once as a stream (so any size works), named by
/// the path's last component.
pub fn file_object_from_path(path: &Path) -> Result<Generated, Error> {
    let what = || path.display().to_string();
    let file = std::fs::File::open(path).map_err(|source| Error::Io {
        what: what(),
        source,
    })?;
    let digest = hash_reader(io::BufReader::new(file)).map_err(|e| match e {
        Error::Io { source, .. } => Error::Io {
            what: what(),
            source,
        },
        other => other,
    })?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(what);
    Ok(Generated::new(object_from_digest(&name, &digest)?))
}

/// The Shannon entropy of `data` in bits per byte, computed as PyMISP (and pefile) do, so the
/// value is the same to the last digit.
pub fn entropy(data: &[u8]) -> f64 {
    let mut counter = EntropyCounter::default();
    counter.update(data);
    counter.entropy()
}

/// Byte counts, and the order in which each byte value first appeared (Python's `Counter`
/// iterates in that order, and the sum of floats depends on it).
#[derive(Clone)]
struct EntropyCounter {
    counts: [u64; 256],
    order: Vec<u8>,
    total: u64,
}

impl Default for EntropyCounter {
    fn default() -> Self {
        EntropyCounter {
            counts: [0; 256],
            order: Vec::with_capacity(256),
            total: 0,
        }
    }
}

impl EntropyCounter {
    fn update(&mut self, data: &[u8]) {
        for &b in data {
            if let Some(count) = self.counts.get_mut(usize::from(b)) {
                if *count == 0 {
                    self.order.push(b);
                }
                *count += 1;
            }
        }
        self.total += data.len() as u64;
    }

    fn entropy(&self) -> f64 {
        if self.total == 0 {
            return 0.0;
        }
        let total = self.total as f64;
        let mut entropy = 0.0;
        for &b in &self.order {
            let p = self.counts.get(usize::from(b)).copied().unwrap_or(0) as f64 / total;
            entropy -= p * (p.ln() / 2f64.ln());
        }
        entropy
    }
}

/// The MIME type of content starting with `head`: the magic numbers `infer` knows, else
/// `text/plain` for text, else `application/octet-stream`.
pub fn mime_type(head: &[u8]) -> Option<String> {
    if head.is_empty() {
        return None;
    }
    if let Some(kind) = infer::get(head) {
        return Some(kind.mime_type().to_owned());
    }
    let text = match std::str::from_utf8(head) {
        Ok(s) => Some(s),
        // A multi-byte character cut at the end of the head is still text.
        Err(e) if e.error_len().is_none() => {
            std::str::from_utf8(head.get(..e.valid_up_to()).unwrap_or_default()).ok()
        }
        Err(_) => None,
    };
    let is_text = text.is_some_and(|s| {
        s.chars()
            .all(|c| !c.is_control() || matches!(c, '\n' | '\r' | '\t' | '\x0c'))
    });
    Some(
        if is_text {
            "text/plain"
        } else {
            "application/octet-stream"
        }
        .to_owned(),
    )
}

/// Whether an ssdeep hash has empty parts (`3::`), as it has for content with too little variety.
pub(crate) fn empty_ssdeep(ssdeep: &str) -> bool {
    ssdeep.ends_with("::") || ssdeep.ends_with(':')
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}

#[cfg_attr(not(feature = "executable"), allow(dead_code))]
pub(crate) fn md5_hex(data: &[u8]) -> String {
    hex(&Md5::digest(data))
}

/// Hashes of a part of a file (an executable's section): md5, sha1, sha256, sha512, ssdeep.
#[cfg_attr(not(feature = "executable"), allow(dead_code))]
pub(crate) struct PartHashes {
    pub md5: String,
    pub sha1: String,
    pub sha256: String,
    pub sha512: String,
    pub ssdeep: String,
}

#[cfg_attr(not(feature = "executable"), allow(dead_code))]
pub(crate) fn part_hashes(data: &[u8]) -> PartHashes {
    PartHashes {
        md5: md5_hex(data),
        sha1: hex(&Sha1::digest(data)),
        sha256: hex(&Sha256::digest(data)),
        sha512: hex(&Sha512::digest(data)),
        ssdeep: fuzzyhash::FuzzyHash::new(data).to_string(),
    }
}

fn base_name(name: &str) -> String {
    name.rsplit(['/', '\\'])
        .next()
        .filter(|n| !n.is_empty())
        .unwrap_or(name)
        .to_owned()
}
