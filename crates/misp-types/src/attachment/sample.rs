//! Malware-sample archives: the ZipCrypto zip (password `infected`) MISP keeps a sample in.

use std::io::{Cursor, Read, Write};

use zip::unstable::write::FileOptionsExt as _;
use zip::write::SimpleFileOptions;

use super::{
    AttachmentError, FILENAME_ENTRY_SUFFIX, MALWARE_SAMPLE_PASSWORD, decode_data, encode_data,
    md5_hex, safe_file_name,
};

/// How much a malware-sample archive may expand when read: a small archive can hold a huge
/// member (a "zip bomb"), so the size is checked while decompressing, not after.
///
/// ```
/// use misp_types::attachment::{AttachmentError, MalwareSample, SampleLimits};
/// let sample = MalwareSample::from_bytes("zeros.bin", &vec![0u8; 100_000])?;
/// let tight = SampleLimits { max_content_size: 1000 };
/// let err = MalwareSample::from_zip_with(sample.archive(), &tight).unwrap_err();
/// assert!(matches!(err, AttachmentError::TooLarge { limit: 1000, .. }));
/// # Ok::<(), AttachmentError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SampleLimits {
    /// The largest sample content, in bytes, once decompressed (256 MiB by default).
    pub max_content_size: u64,
}

impl Default for SampleLimits {
    fn default() -> Self {
        SampleLimits {
            max_content_size: 256 << 20,
        }
    }
}

/// The longest file-name entry read from an archive.
const MAX_FILENAME_ENTRY: u64 = 4096;

/// A malware sample: the original file, its name and MD5, and the encrypted archive MISP stores.
#[derive(Clone, PartialEq, Eq)]
pub struct MalwareSample {
    filename: String,
    md5: String,
    content: Vec<u8>,
    archive: Vec<u8>,
}

impl std::fmt::Debug for MalwareSample {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MalwareSample")
            .field("filename", &self.filename)
            .field("md5", &self.md5)
            .field("content_len", &self.content.len())
            .field("archive_len", &self.archive.len())
            .finish()
    }
}

impl MalwareSample {
    /// Builds the sample MISP would store for the file `filename` with the given content: a
    /// ZipCrypto archive (password `infected`) holding `<md5>` and `<md5>.filename.txt`.
    pub fn from_bytes(filename: &str, content: &[u8]) -> Result<Self, AttachmentError> {
        let filename = filename.trim();
        if filename.is_empty() || filename.contains(['|', '\n', '\r']) {
            return Err(AttachmentError::BadFilename(filename.to_owned()));
        }
        let md5 = md5_hex(content);
        let archive = build_archive(&md5, filename, content)?;
        Ok(MalwareSample {
            filename: filename.to_owned(),
            md5,
            content: content.to_vec(),
            archive,
        })
    }

    /// Reads a malware-sample archive back: decrypts both entries, checks the MD5, within the
    /// default [`SampleLimits`]. The file name is reduced to a safe base name
    /// ([`safe_file_name`]): an archive from elsewhere may name its sample `../../x`.
    pub fn from_zip(archive: &[u8]) -> Result<Self, AttachmentError> {
        Self::from_zip_with(archive, &SampleLimits::default())
    }

    /// [`from_zip`](Self::from_zip) within the given limits.
    pub fn from_zip_with(archive: &[u8], limits: &SampleLimits) -> Result<Self, AttachmentError> {
        let mut zip = zip::ZipArchive::new(Cursor::new(archive))?;
        let names: Vec<String> = zip.file_names().map(str::to_owned).collect();
        let Some(name_entry) = names.iter().find(|n| n.ends_with(FILENAME_ENTRY_SUFFIX)) else {
            return Err(AttachmentError::Layout {
                reason: format!("no `*{FILENAME_ENTRY_SUFFIX}` entry among {names:?}"),
            });
        };
        let md5_name = name_entry
            .trim_end_matches(FILENAME_ENTRY_SUFFIX)
            .to_owned();
        if !names.contains(&md5_name) {
            return Err(AttachmentError::Layout {
                reason: format!("`{name_entry}` is there but the sample entry `{md5_name}` is not"),
            });
        }
        if names.len() != 2 {
            return Err(AttachmentError::Layout {
                reason: format!(
                    "expected exactly 2 entries, found {}: {names:?}",
                    names.len()
                ),
            });
        }
        let filename_bytes = read_entry(&mut zip, name_entry, MAX_FILENAME_ENTRY)?;
        let content = read_entry(&mut zip, &md5_name, limits.max_content_size)?;
        let actual = md5_hex(&content);
        if !actual.eq_ignore_ascii_case(&md5_name) {
            return Err(AttachmentError::Md5Mismatch {
                expected: md5_name,
                actual,
            });
        }
        let filename = safe_file_name(&String::from_utf8_lossy(&filename_bytes), &actual);
        Ok(MalwareSample {
            filename,
            md5: actual,
            content,
            archive: archive.to_vec(),
        })
    }

    /// Reads a malware sample from an attribute's base64 `data` field.
    pub fn from_base64(data: &str) -> Result<Self, AttachmentError> {
        Self::from_zip(&decode_data(data)?)
    }

    /// [`from_base64`](Self::from_base64) within the given limits.
    pub fn from_base64_with(data: &str, limits: &SampleLimits) -> Result<Self, AttachmentError> {
        Self::from_zip_with(&decode_data(data)?, limits)
    }

    /// The original file name.
    pub fn filename(&self) -> &str {
        &self.filename
    }

    /// The lower-case hex MD5 of the content.
    pub fn md5(&self) -> &str {
        &self.md5
    }

    /// The original file content.
    pub fn content(&self) -> &[u8] {
        &self.content
    }

    /// The encrypted zip archive, as MISP stores it.
    pub fn archive(&self) -> &[u8] {
        &self.archive
    }

    /// The attribute value MISP gives a malware sample: `filename|md5`.
    pub fn value(&self) -> String {
        format!("{}|{}", self.filename, self.md5)
    }

    /// The archive as base64, for the attribute's `data` field.
    pub fn to_base64(&self) -> String {
        encode_data(&self.archive)
    }

    /// Consumes the sample, returning the original content.
    pub fn into_content(self) -> Vec<u8> {
        self.content
    }
}

fn build_archive(md5: &str, filename: &str, content: &[u8]) -> Result<Vec<u8>, AttachmentError> {
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .with_deprecated_encryption(MALWARE_SAMPLE_PASSWORD.as_bytes());
    let name_entry = format!("{md5}{FILENAME_ENTRY_SUFFIX}");
    for (entry, bytes) in [(md5, content), (name_entry.as_str(), filename.as_bytes())] {
        writer.start_file(entry, options)?;
        writer
            .write_all(bytes)
            .map_err(|source| AttachmentError::Entry {
                entry: entry.to_owned(),
                source,
            })?;
    }
    Ok(writer.finish()?.into_inner())
}

/// Decrypts and decompresses one entry, stopping as soon as it passes `limit` bytes (the size
/// the archive declares is not trusted).
fn read_entry(
    zip: &mut zip::ZipArchive<Cursor<&[u8]>>,
    name: &str,
    limit: u64,
) -> Result<Vec<u8>, AttachmentError> {
    let too_large = || AttachmentError::TooLarge {
        entry: name.to_owned(),
        limit,
    };
    let file = zip.by_name_decrypt(name, MALWARE_SAMPLE_PASSWORD.as_bytes())?;
    if file.size() > limit {
        return Err(too_large());
    }
    let mut out = Vec::with_capacity(usize::try_from(file.size()).unwrap_or(0));
    file.take(limit.saturating_add(1))
        .read_to_end(&mut out)
        .map_err(|source| AttachmentError::Entry {
            entry: name.to_owned(),
            source,
        })?;
    if out.len() as u64 > limit {
        return Err(too_large());
    }
    Ok(out)
}
