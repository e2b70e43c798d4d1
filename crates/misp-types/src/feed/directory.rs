//! Feed directories: export, in-place update, read back.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use crate::feed::files::{FeedReadOptions, event_file_name, read_confined, read_confined_event};
use crate::feed::form::{FeedOptions, feed_hashes, to_feed_event};
use crate::feed::manifest::{Manifest, manifest_entry, parse_manifest};
use crate::feed::{FeedError, io_error};
use crate::{Event, EventEnvelope};

const MANIFEST: &str = "manifest.json";
const HASHES: &str = "hashes.csv";

/// A MISP feed directory opened for writing: add, replace and remove events, then
/// [`save`](Self::save) the manifest and hashes.
///
/// Event files are written at once by [`put`](Self::put) and deleted by
/// [`remove`](Self::remove); `manifest.json` and `hashes.csv` are rewritten (atomically, via a
/// temporary file) by `save`.
///
/// ```
/// use misp_types::builder::EventBuilder;
/// use misp_types::feed::{FeedDirectory, FeedOptions};
///
/// let dir = std::env::temp_dir().join(format!("misp-feed-dir-doc-{}", uuid::Uuid::new_v4()));
/// let org = uuid::Uuid::new_v4();
/// let mut feed = FeedDirectory::create(&dir)?;
/// let a = EventBuilder::new("first").orgc("ACME", org).build_unchecked();
/// let b = EventBuilder::new("second").orgc("ACME", org).build_unchecked();
/// feed.put(&a, &FeedOptions::default())?;
/// feed.put(&b, &FeedOptions::default())?;
/// feed.save()?;
///
/// let mut feed = FeedDirectory::open(&dir)?;
/// assert!(feed.remove(a.uuid.unwrap())?);
/// feed.save()?;
/// assert_eq!(feed.manifest().len(), 1);
/// # std::fs::remove_dir_all(&dir).ok();
/// # Ok::<(), misp_types::feed::FeedError>(())
/// ```
#[derive(Debug, Clone)]
pub struct FeedDirectory {
    path: PathBuf,
    manifest: Manifest,
    /// Event uuid → MD5s of its attribute values.
    hashes: BTreeMap<String, Vec<String>>,
}

impl FeedDirectory {
    /// Creates the directory (and its parents) if needed, starting an empty feed; an existing
    /// manifest is ignored and will be overwritten by `save`.
    pub fn create(path: impl AsRef<Path>) -> Result<Self, FeedError> {
        let path = path.as_ref().to_path_buf();
        fs::create_dir_all(&path).map_err(io_error(&path))?;
        Ok(FeedDirectory {
            path,
            manifest: Manifest::new(),
            hashes: BTreeMap::new(),
        })
    }

    /// Opens an existing feed directory, reading its manifest and hashes (either may be
    /// missing; hashes of events without lines in `hashes.csv` are recomputed from their files).
    pub fn open(path: impl AsRef<Path>) -> Result<Self, FeedError> {
        let path = path.as_ref().to_path_buf();
        if !path.is_dir() {
            return Err(FeedError::Io {
                source: std::io::Error::new(std::io::ErrorKind::NotFound, "not a directory"),
                path,
            });
        }
        let options = FeedReadOptions::default();
        let manifest = read_manifest(&path, &options)?.unwrap_or_default();
        let mut hashes: BTreeMap<String, Vec<String>> = BTreeMap::new();
        let hashes_path = path.join(HASHES);
        if hashes_path.exists() {
            let bytes = read_confined(&path, HASHES, &options)?;
            let text = String::from_utf8(bytes).map_err(|e| FeedError::Json {
                path: hashes_path.clone(),
                message: format!("not UTF-8 text: {e}"),
            })?;
            for line in text.lines().filter(|l| !l.trim().is_empty()) {
                let Some((md5, uuid)) = line.split_once(',') else {
                    return Err(FeedError::Json {
                        path: hashes_path,
                        message: format!("line `{line}` is not `md5,event-uuid`"),
                    });
                };
                hashes
                    .entry(uuid.trim().to_owned())
                    .or_default()
                    .push(md5.trim().to_owned());
            }
        }
        for uuid in manifest.keys() {
            if !hashes.contains_key(uuid) {
                let name = event_file_name(uuid).map_err(|message| FeedError::Json {
                    path: path.join(MANIFEST),
                    message,
                })?;
                if path.join(&name).exists() {
                    let event = read_event(&path, &name, &options)?;
                    hashes.insert(uuid.clone(), feed_hashes(&event));
                }
            }
        }
        Ok(FeedDirectory {
            path,
            manifest,
            hashes,
        })
    }

    /// The directory.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The manifest as it stands (saved or not).
    pub fn manifest(&self) -> &Manifest {
        &self.manifest
    }

    /// The `hashes.csv` lines as they stand: `(md5, event uuid)`, in file order.
    pub fn hashes(&self) -> Vec<(&str, &str)> {
        self.hashes
            .iter()
            .flat_map(|(uuid, md5s)| md5s.iter().map(move |m| (m.as_str(), uuid.as_str())))
            .collect()
    }

    /// Adds the event, or replaces the event with the same uuid: writes `<uuid>.json` in feed
    /// form and updates the manifest and hashes (in memory until [`save`](Self::save)).
    pub fn put(&mut self, event: &Event, options: &FeedOptions) -> Result<uuid::Uuid, FeedError> {
        self.put_feed_form(to_feed_event(event, options)?)
    }

    /// [`put`](Self::put) for an event already in feed form.
    fn put_feed_form(&mut self, feed_event: Event) -> Result<uuid::Uuid, FeedError> {
        let uuid = feed_event.uuid.unwrap_or_default();
        let file = self.path.join(format!("{uuid}.json"));
        let envelope = EventEnvelope::from(feed_event);
        let json = crate::json::to_vec(&envelope).map_err(|e| FeedError::Json {
            path: file.clone(),
            message: e.to_string(),
        })?;
        let feed_event = envelope.event.unwrap_or_default();
        write_atomically(&file, &json)?;
        self.manifest
            .insert(uuid.to_string(), manifest_entry(&feed_event));
        self.hashes
            .insert(uuid.to_string(), feed_hashes(&feed_event));
        Ok(uuid)
    }

    /// Removes the event `uuid`: deletes its file and its manifest and hash entries. Returns
    /// whether the feed had it.
    pub fn remove(&mut self, uuid: uuid::Uuid) -> Result<bool, FeedError> {
        let key = uuid.to_string();
        let file = self.path.join(format!("{key}.json"));
        let had_file = file.exists();
        if had_file {
            fs::remove_file(&file).map_err(io_error(&file))?;
        }
        let in_manifest = self.manifest.remove(&key).is_some();
        self.hashes.remove(&key);
        Ok(had_file || in_manifest)
    }

    /// Writes `manifest.json` and `hashes.csv`.
    pub fn save(&self) -> Result<(), FeedError> {
        let manifest_path = self.path.join(MANIFEST);
        let json = serde_json::to_vec_pretty(&self.manifest).map_err(|e| FeedError::Json {
            path: manifest_path.clone(),
            message: e.to_string(),
        })?;
        write_atomically(&manifest_path, &json)?;
        let mut csv = String::new();
        for (md5, uuid) in self.hashes() {
            csv.push_str(md5);
            csv.push(',');
            csv.push_str(uuid);
            csv.push('\n');
        }
        write_atomically(&self.path.join(HASHES), csv.as_bytes())
    }
}

/// Writes a new feed to `path`: every event in feed form, `manifest.json` and `hashes.csv`.
///
/// All or nothing: every event is put in feed form first (one that cannot go into a feed stops
/// the export before anything is written), the feed is written in a directory beside `path`,
/// then moved into place. On any failure `path` is left as it was. A `path` that exists must be
/// a feed (it has a `manifest.json`) or empty: it is replaced whole.
pub fn export<'a>(
    path: impl AsRef<Path>,
    events: impl IntoIterator<Item = &'a Event>,
    options: &FeedOptions,
) -> Result<FeedDirectory, FeedError> {
    let path = path.as_ref();
    let feed_events = events
        .into_iter()
        .map(|event| to_feed_event(event, options))
        .collect::<Result<Vec<_>, _>>()?;
    let refuse = |why: &str| FeedError::Io {
        path: path.to_path_buf(),
        source: std::io::Error::new(std::io::ErrorKind::InvalidInput, why.to_owned()),
    };
    let replaces = path.exists();
    if replaces {
        let empty = fs::read_dir(path).map_err(io_error(path))?.next().is_none();
        if !empty && !path.join(MANIFEST).is_file() {
            return Err(refuse(
                "the directory is not empty and is not a feed (no manifest.json): choose a new or empty directory",
            ));
        }
    }
    let name = path
        .file_name()
        .ok_or_else(|| refuse("a feed needs a directory name"))?
        .to_string_lossy()
        .into_owned();
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    fs::create_dir_all(&parent).map_err(io_error(&parent))?;
    let tag = format!("{}-{}", std::process::id(), uuid::Uuid::new_v4().simple());
    let staging = parent.join(format!(".{name}.export-{tag}"));
    let written = (|| {
        let mut feed = FeedDirectory::create(&staging)?;
        for event in feed_events {
            feed.put_feed_form(event)?;
        }
        feed.save()?;
        Ok(feed)
    })();
    let mut feed = match written {
        Ok(feed) => feed,
        Err(e) => {
            let _ = fs::remove_dir_all(&staging);
            return Err(e);
        }
    };
    if replaces {
        let previous = parent.join(format!(".{name}.previous-{tag}"));
        fs::rename(path, &previous).map_err(|e| {
            let _ = fs::remove_dir_all(&staging);
            io_error(path)(e)
        })?;
        if let Err(e) = fs::rename(&staging, path) {
            let _ = fs::rename(&previous, path);
            let _ = fs::remove_dir_all(&staging);
            return Err(io_error(path)(e));
        }
        fs::remove_dir_all(&previous).map_err(io_error(&previous))?;
    } else {
        fs::rename(&staging, path).map_err(|e| {
            let _ = fs::remove_dir_all(&staging);
            io_error(path)(e)
        })?;
    }
    feed.path = path.to_path_buf();
    Ok(feed)
}

/// Something odd in a feed that did not stop it from being read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FeedIssue {
    /// The manifest lists an event whose file is not there.
    MissingEventFile {
        /// The event's uuid.
        uuid: String,
    },
    /// An event file is not listed in the manifest (it was read anyway).
    NotInManifest {
        /// The event's uuid (the file name without `.json`).
        uuid: String,
    },
    /// A manifest key or a file name is not a plain name (`../x`, an absolute path): nothing
    /// is read for it.
    UnsafeName {
        /// The key or name.
        name: String,
    },
    /// An event file could not be read (the event is left out).
    UnreadableEvent {
        /// The event's uuid.
        uuid: String,
        /// Why.
        message: String,
    },
    /// The manifest's timestamp differs from the event's (MISP then fetches it again on each
    /// pull, or never).
    TimestampMismatch {
        /// The event's uuid.
        uuid: String,
        /// The manifest's timestamp.
        manifest: Option<i64>,
        /// The event's timestamp.
        event: Option<i64>,
    },
}

impl std::fmt::Display for FeedIssue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FeedIssue::MissingEventFile { uuid } => {
                write!(
                    f,
                    "the manifest lists event {uuid}, but {uuid}.json is missing"
                )
            }
            FeedIssue::NotInManifest { uuid } => {
                write!(
                    f,
                    "{uuid}.json is not listed in manifest.json (MISP will not fetch it)"
                )
            }
            FeedIssue::UnsafeName { name } => write!(
                f,
                "{name:?} is not a UUID or a plain file name, so it was not read (a feed keeps its events as `<uuid>.json` in its own directory)"
            ),
            FeedIssue::UnreadableEvent { uuid, message } => {
                write!(f, "{uuid}.json cannot be read: {message}")
            }
            FeedIssue::TimestampMismatch {
                uuid,
                manifest,
                event,
            } => write!(
                f,
                "event {uuid} has timestamp {event:?} but the manifest says {manifest:?}"
            ),
        }
    }
}

/// A feed as read by [`read_feed`].
#[derive(Debug, Clone, Default)]
pub struct FeedContents {
    /// The manifest.
    pub manifest: Manifest,
    /// The events that could be read, in manifest (uuid) order, then unlisted ones.
    pub events: Vec<Event>,
    /// What was odd.
    pub issues: Vec<FeedIssue>,
}

/// Reads a MISP feed directory: `manifest.json` (required) and every event file, with the
/// default [`FeedReadOptions`] (no symbolic links, files up to 256 MiB).
///
/// Missing or unreadable event files, unlisted files, names that are not plain file names and
/// timestamp mismatches are reported in [`FeedContents::issues`], not as errors. Nothing outside
/// the directory is read.
pub fn read_feed(path: impl AsRef<Path>) -> Result<FeedContents, FeedError> {
    read_feed_with(path, &FeedReadOptions::default())
}

/// [`read_feed`] with the given options.
pub fn read_feed_with(
    path: impl AsRef<Path>,
    options: &FeedReadOptions,
) -> Result<FeedContents, FeedError> {
    let path = path.as_ref();
    let manifest = read_manifest(path, options)?.ok_or_else(|| FeedError::Io {
        path: path.join(MANIFEST),
        source: std::io::Error::new(
            std::io::ErrorKind::NotFound,
            "a MISP feed needs a manifest.json",
        ),
    })?;
    let mut contents = FeedContents::default();
    for (uuid, entry) in &manifest {
        let Ok(name) = event_file_name(uuid) else {
            contents
                .issues
                .push(FeedIssue::UnsafeName { name: uuid.clone() });
            continue;
        };
        if fs::symlink_metadata(path.join(&name)).is_err() {
            contents
                .issues
                .push(FeedIssue::MissingEventFile { uuid: uuid.clone() });
            continue;
        }
        match read_event(path, &name, options) {
            Ok(event) => {
                if event.timestamp != entry.timestamp {
                    contents.issues.push(FeedIssue::TimestampMismatch {
                        uuid: uuid.clone(),
                        manifest: entry.timestamp.map(|t| t.seconds()),
                        event: event.timestamp.map(|t| t.seconds()),
                    });
                }
                contents.events.push(event);
            }
            Err(e) => contents.issues.push(FeedIssue::UnreadableEvent {
                uuid: uuid.clone(),
                message: e.to_string(),
            }),
        }
    }
    let mut unlisted: Vec<String> = fs::read_dir(path)
        .map_err(io_error(path))?
        .filter_map(Result::ok)
        .filter_map(|entry| entry.file_name().into_string().ok())
        .filter_map(|name| name.strip_suffix(".json").map(str::to_owned))
        .filter(|stem| stem != "manifest" && !manifest.contains_key(stem))
        .collect();
    unlisted.sort();
    for uuid in unlisted {
        contents
            .issues
            .push(FeedIssue::NotInManifest { uuid: uuid.clone() });
        let Ok(name) = event_file_name(&uuid) else {
            contents.issues.push(FeedIssue::UnsafeName { name: uuid });
            continue;
        };
        match read_event(path, &name, options) {
            Ok(event) => contents.events.push(event),
            Err(e) => contents.issues.push(FeedIssue::UnreadableEvent {
                uuid,
                message: e.to_string(),
            }),
        }
    }
    contents.manifest = manifest;
    Ok(contents)
}

fn read_manifest(dir: &Path, options: &FeedReadOptions) -> Result<Option<Manifest>, FeedError> {
    let path = dir.join(MANIFEST);
    if fs::symlink_metadata(&path).is_err() {
        return Ok(None);
    }
    let bytes = read_confined(dir, MANIFEST, options)?;
    parse_manifest(&bytes)
        .map(Some)
        .map_err(|e| FeedError::Json {
            message: format!("at {}: {}", e.path, e.message),
            path,
        })
}

fn read_event(dir: &Path, name: &str, options: &FeedReadOptions) -> Result<Event, FeedError> {
    read_confined_event(dir, name, options)
}

fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), FeedError> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = path.with_file_name(format!(".{name}.tmp"));
    fs::write(&tmp, bytes).map_err(io_error(&tmp))?;
    fs::rename(&tmp, path).map_err(io_error(path))
}
