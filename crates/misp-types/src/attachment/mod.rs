//! Attachments and malware samples: the `data` field of `attachment` and `malware-sample`
//! attributes.
//!
//! An `attachment` carries its file as plain base64. A `malware-sample` is stored by MISP as a
//! zip archive encrypted with the legacy ZipCrypto scheme and the password `infected`, holding
//! two entries:
//!
//! * `<md5>`: the sample itself, named by the lower-case hex MD5 of its content;
//! * `<md5>.filename.txt`: the sample's original file name.
//!
//! The attribute's value is then `filename|md5`. [`MalwareSample::from_bytes`] builds that
//! archive from the raw file, and [`MalwareSample::from_zip`] / [`MalwareSample::from_base64`]
//! read one back to the original bytes.
//!
//! ```
//! use misp_types::attachment::MalwareSample;
//!
//! let sample = MalwareSample::from_bytes("dropper.exe", b"MZ\x90\x00 not really a PE")?;
//! assert_eq!(sample.value(), format!("dropper.exe|{}", sample.md5()));
//!
//! // What goes into the attribute's `data` field, and back.
//! let data = sample.to_base64();
//! let back = MalwareSample::from_base64(&data)?;
//! assert_eq!(back.filename(), "dropper.exe");
//! assert_eq!(back.content(), b"MZ\x90\x00 not really a PE");
//! # Ok::<(), misp_types::attachment::AttachmentError>(())
//! ```

//!
//! [`MalwareSample`] and [`SampleLimits`] come with the `samples` feature (on by default), which
//! brings the zip and MD5 implementations; [`md5_hex`] with `samples` or `feed`. The base64
//! helpers, [`safe_file_name`] and the error type are always there.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

#[cfg(feature = "samples")]
mod sample;
#[cfg(feature = "samples")]
pub use sample::{MalwareSample, SampleLimits};

/// The password MISP uses for malware-sample archives.
pub const MALWARE_SAMPLE_PASSWORD: &str = "infected";

/// The suffix of the archive entry that holds the sample's original file name.
pub const FILENAME_ENTRY_SUFFIX: &str = ".filename.txt";

/// What went wrong while encoding or decoding attachment data.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum AttachmentError {
    /// The `data` field is not valid base64.
    #[error("attachment `data` is not valid base64: {0}")]
    Base64(#[from] base64::DecodeError),
    /// The malware-sample data is not a readable zip archive.
    #[cfg(feature = "samples")]
    #[error("malware-sample `data` is not a readable zip archive: {0}")]
    Zip(#[from] zip::result::ZipError),
    /// Reading or writing inside the archive failed.
    #[error("malware-sample archive entry `{entry}` could not be read: {source}")]
    Entry {
        /// The archive entry.
        entry: String,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The archive does not have the layout MISP gives malware samples.
    #[error(
        "malware-sample archive has an unexpected layout: {reason} (MISP stores `<md5>` and `<md5>.filename.txt`, encrypted with the password `infected`)"
    )]
    Layout {
        /// What is missing or extra.
        reason: String,
    },
    /// The sample's content does not hash to the MD5 its entry is named by.
    #[error(
        "malware-sample content does not match its name: the entry is `{expected}`, but the content's MD5 is `{actual}`"
    )]
    Md5Mismatch {
        /// The MD5 from the entry name.
        expected: String,
        /// The MD5 of the decrypted content.
        actual: String,
    },
    /// An entry expands past the size allowed.
    #[error(
        "malware-sample archive entry `{entry}` expands past {limit} bytes (raise SampleLimits::max_content_size to read it)"
    )]
    TooLarge {
        /// The archive entry.
        entry: String,
        /// The limit, in bytes.
        limit: u64,
    },
    /// The sample needs a file name.
    #[error("a malware sample needs a non-empty file name without `|` or line breaks, got `{0}`")]
    BadFilename(String),
}

/// Encodes raw bytes as the base64 text of an attribute's `data` field.
///
/// ```
/// assert_eq!(misp_types::attachment::encode_data(b"hello"), "aGVsbG8=");
/// ```
pub fn encode_data(bytes: &[u8]) -> String {
    STANDARD.encode(bytes)
}

/// Decodes an attribute's `data` field (base64, line breaks and surrounding spaces allowed).
///
/// ```
/// assert_eq!(misp_types::attachment::decode_data("aGVs\nbG8=")?, b"hello");
/// # Ok::<(), misp_types::attachment::AttachmentError>(())
/// ```
pub fn decode_data(data: &str) -> Result<Vec<u8>, AttachmentError> {
    let compact: String = data.chars().filter(|c| !c.is_ascii_whitespace()).collect();
    Ok(STANDARD.decode(compact)?)
}

/// The lower-case hex MD5 of `bytes`.
///
/// ```
/// assert_eq!(misp_types::attachment::md5_hex(b""), "d41d8cd98f00b204e9800998ecf8427e");
/// ```
#[cfg(any(feature = "samples", feature = "feed"))]
pub fn md5_hex(bytes: &[u8]) -> String {
    use md5::{Digest, Md5};
    let digest = Md5::digest(bytes);
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Reduces a file name from a sample or attachment to a name that is safe to create in a
/// directory: its last path component (`/` and `\` both separate), without control characters,
/// never empty, `.` or `..` (then `fallback` is used).
///
/// ```
/// use misp_types::attachment::safe_file_name;
/// assert_eq!(safe_file_name("../../etc/passwd", "x"), "passwd");
/// assert_eq!(safe_file_name("C:\\Users\\a\\evil.exe", "x"), "evil.exe");
/// assert_eq!(safe_file_name("..", "d41d8cd98f00b204e9800998ecf8427e"), "d41d8cd98f00b204e9800998ecf8427e");
/// assert_eq!(safe_file_name("a\u{0}b\nc.txt", "x"), "abc.txt");
/// ```
pub fn safe_file_name(name: &str, fallback: &str) -> String {
    let base = name
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or_default()
        .chars()
        .filter(|c| !c.is_control())
        .collect::<String>();
    let base = base.trim();
    if base.is_empty() || base == "." || base == ".." {
        fallback.to_owned()
    } else {
        base.to_owned()
    }
}
