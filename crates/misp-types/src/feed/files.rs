//! Reading a feed's files without leaving its directory: names checked, links and special files
//! refused unless asked, sizes capped.

use std::fs;
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use crate::feed::FeedError;
use crate::json::ReadError;
use crate::{Event, EventDocument, ParseError};

/// How a feed is read: what a feed's content may make the reader do.
///
/// ```
/// use misp_types::feed::FeedReadOptions;
/// let options = FeedReadOptions::default();
/// assert!(!options.follow_symlinks);
/// assert_eq!(options.max_file_size, 256 << 20);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FeedReadOptions {
    /// Read files that are symbolic links (to a regular file). Off by default: a feed from
    /// elsewhere could point a link at any file on the machine, or at `/dev/zero`.
    pub follow_symlinks: bool,
    /// The largest file read, in bytes (256 MiB by default). A larger file is reported, not read.
    pub max_file_size: u64,
}

impl Default for FeedReadOptions {
    fn default() -> Self {
        FeedReadOptions {
            follow_symlinks: false,
            max_file_size: 256 << 20,
        }
    }
}

/// The file name a manifest key stands for, `<key>.json`, when the key is a UUID or a plain file
/// name (letters, digits, `-`, `_`, `.`; not starting with `.`): never a path.
pub(crate) fn event_file_name(key: &str) -> Result<String, String> {
    if uuid::Uuid::try_parse(key).is_ok() {
        return Ok(format!("{key}.json"));
    }
    let plain = !key.is_empty()
        && key.len() <= 200
        && !key.starts_with('.')
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if plain {
        Ok(format!("{key}.json"))
    } else {
        Err(format!(
            "the manifest key {key:?} is not a UUID or a plain file name, so it is not read (a feed names its events `<uuid>.json` in its own directory)"
        ))
    }
}

/// Reads `dir/name`, refusing links (unless asked), anything but a regular file, and files over
/// the size cap (checked before reading, and while reading in case the file grows).
pub(crate) fn read_confined(
    dir: &Path,
    name: &str,
    options: &FeedReadOptions,
) -> Result<Vec<u8>, FeedError> {
    open_confined(dir, name, options)?.read_all()
}

/// Reads the event file `dir/name` as [`read_confined`] does, a large one in chunks (see
/// [`EventDocument::from_reader`]).
pub(crate) fn read_confined_event(
    dir: &Path,
    name: &str,
    options: &FeedReadOptions,
) -> Result<Event, FeedError> {
    let confined = open_confined(dir, name, options)?;
    let json_error = |path: &Path, e: ParseError| FeedError::Json {
        path: path.to_path_buf(),
        message: e.to_string(),
    };
    // `from_reader` reads a small file whole itself; the cap holds either way.
    let mut reader = Capped {
        file: confined.file,
        limit: confined.max,
        pos: 0,
        over: false,
    };
    let read = EventDocument::from_reader(&mut reader);
    match read {
        Ok(doc) => crate::document::only_event(doc).map_err(|e| json_error(&confined.path, e)),
        Err(ReadError::Io(_)) if reader.over => Err(too_big(&confined.path, confined.max)),
        Err(ReadError::Io(source)) => Err(FeedError::Io {
            path: confined.path,
            source,
        }),
        Err(ReadError::Parse(e)) => Err(json_error(&confined.path, e)),
    }
}

/// A feed file opened after its checks.
struct Confined {
    path: PathBuf,
    file: fs::File,
    /// Its size when opened.
    len: u64,
    /// The size cap.
    max: u64,
}

fn refuse(path: &Path, why: String) -> FeedError {
    FeedError::Io {
        path: path.to_path_buf(),
        source: std::io::Error::new(std::io::ErrorKind::InvalidInput, why),
    }
}

fn too_big(path: &Path, max: u64) -> FeedError {
    refuse(
        path,
        format!("it is larger than the {max} bytes allowed (raise FeedReadOptions::max_file_size)"),
    )
}

/// Opens `dir/name`, refusing links (unless asked), anything but a regular file, and files over
/// the size cap.
fn open_confined(dir: &Path, name: &str, options: &FeedReadOptions) -> Result<Confined, FeedError> {
    let path = dir.join(name);
    let link = fs::symlink_metadata(&path).map_err(crate::feed::io_error(&path))?;
    if link.file_type().is_symlink() && !options.follow_symlinks {
        return Err(refuse(
            &path,
            "it is a symbolic link, which a feed is not allowed to use (allow it with FeedReadOptions::follow_symlinks)".into(),
        ));
    }
    let meta = fs::metadata(&path).map_err(crate::feed::io_error(&path))?;
    if !meta.is_file() {
        return Err(refuse(&path, "it is not a regular file".into()));
    }
    if meta.len() > options.max_file_size {
        return Err(too_big(&path, options.max_file_size));
    }
    let file = fs::File::open(&path).map_err(crate::feed::io_error(&path))?;
    Ok(Confined {
        path,
        file,
        len: meta.len(),
        max: options.max_file_size,
    })
}

impl Confined {
    /// The whole file, refused when it has grown past the cap since it was opened.
    fn read_all(self) -> Result<Vec<u8>, FeedError> {
        let mut bytes = Vec::with_capacity(usize::try_from(self.len).unwrap_or(0));
        self.file
            .take(self.max.saturating_add(1))
            .read_to_end(&mut bytes)
            .map_err(crate::feed::io_error(&self.path))?;
        if bytes.len() as u64 > self.max {
            return Err(too_big(&self.path, self.max));
        }
        Ok(bytes)
    }
}

/// A file that refuses to be read past `limit` bytes from its start (a file growing while it
/// is read).
struct Capped {
    file: fs::File,
    limit: u64,
    pos: u64,
    over: bool,
}

impl Read for Capped {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.file.read(buf)?;
        self.pos = self.pos.saturating_add(n as u64);
        if self.pos > self.limit {
            self.over = true;
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                "larger than the size cap",
            ));
        }
        Ok(n)
    }
}

impl Seek for Capped {
    fn seek(&mut self, to: SeekFrom) -> std::io::Result<u64> {
        self.pos = self.file.seek(to)?;
        Ok(self.pos)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manifest_keys_are_names_not_paths() {
        assert!(event_file_name("5b4e7b46-2bd0-4b34-8c3a-4e6b3c0d2f11").is_ok());
        assert!(event_file_name("5B4E7B46-2BD0-4B34-8C3A-4E6B3C0D2F11").is_ok());
        assert!(event_file_name("event_1.v2").is_ok());
        for key in [
            "../x",
            "/etc/passwd",
            "a/b",
            "a\\b",
            "..",
            ".hidden",
            "",
            "x\0y",
            "C:x",
            "é",
        ] {
            assert!(event_file_name(key).is_err(), "{key:?}");
        }
    }
}
