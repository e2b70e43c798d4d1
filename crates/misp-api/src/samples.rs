//! Malware samples and attachments: uploading files into an event through the server's
//! sample handling (`events/upload_sample`), and downloading an attachment or a sample
//! (`attributes/download`).
//!
//! ```
//! use misp_api::{Endpoint, samples::{SampleFile, UploadSample}};
//! let op = UploadSample::new(39, vec![SampleFile::new("x.exe", b"MZ".to_vec())]).advanced(true);
//! let request = op.request().unwrap();
//! assert_eq!(request.uri(), "/events/upload_sample/39");
//! let body: serde_json::Value = serde_json::from_slice(request.body()).unwrap();
//! assert_eq!(body["request"]["files"][0]["data"], "TVo=");
//! assert_eq!(body["request"]["advanced"], 1);
//! ```

use http::{Method, StatusCode, header};
use serde::{Deserialize, Serialize};
use serde_json::json;

use misp_types::attachment::{encode_data, safe_file_name};

use crate::wire::{Body, Operation, PathBuilder as P, Reply};
use crate::{ApiError, AttributeRef, BuildError, EventRef, Idempotency};

/// A file to upload: its name and its bytes.
#[derive(Clone, PartialEq, Eq)]
pub struct SampleFile {
    /// The file name the attributes get (`x.exe`).
    pub filename: String,
    /// The content.
    pub data: Vec<u8>,
}

impl std::fmt::Debug for SampleFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SampleFile")
            .field("filename", &self.filename)
            .field("bytes", &self.data.len())
            .finish()
    }
}

impl SampleFile {
    /// A file named `filename` holding `data`.
    pub fn new(filename: impl Into<String>, data: Vec<u8>) -> Self {
        SampleFile {
            filename: filename.into(),
            data,
        }
    }
}

/// Uploads malware samples (`POST /events/upload_sample[/{event}]`).
///
/// The server stores each file as a password-protected zip and builds a `file` object
/// (malware-sample, filename, md5, sha1, sha256, size-in-bytes); it adds no loose
/// attribute. With [`advanced`](Self::advanced) it also runs its extractor, which adds `pe`,
/// `elf` or `macho` objects when the server has pymisp and lief (and silently falls back to
/// the plain file object when it has not). Without an event, a new event is created
/// (give [`info`](Self::info)); its distribution may then not be 5 ("inherit").
#[derive(Clone, Debug, PartialEq)]
pub struct UploadSample {
    /// The event; `None` creates a new one.
    pub event: Option<EventRef>,
    /// The files.
    pub files: Vec<SampleFile>,
    /// The distribution of what is created (0 to 5) [default: 5 with an event, 0 without].
    pub distribution: Option<u8>,
    /// A comment on the file objects.
    pub comment: Option<String>,
    /// Run the server's file-object extraction (PE/ELF/Mach-O objects).
    pub advanced: bool,
    /// The new event's info (without an event).
    pub info: Option<String>,
}

impl UploadSample {
    /// Uploads `files` into `event`.
    pub fn new(event: impl Into<EventRef>, files: Vec<SampleFile>) -> Self {
        UploadSample {
            event: Some(event.into()),
            files,
            distribution: None,
            comment: None,
            advanced: false,
            info: None,
        }
    }

    /// Uploads `files` into a new event titled `info`.
    pub fn new_event(info: impl Into<String>, files: Vec<SampleFile>) -> Self {
        UploadSample {
            event: None,
            files,
            distribution: None,
            comment: None,
            advanced: false,
            info: Some(info.into()),
        }
    }

    /// Runs the server's extraction (or not).
    pub fn advanced(mut self, advanced: bool) -> Self {
        self.advanced = advanced;
        self
    }

    /// Sets the comment.
    pub fn comment(mut self, comment: impl Into<String>) -> Self {
        self.comment = Some(comment.into());
        self
    }

    /// Sets the distribution (0 to 5).
    pub fn distribution(mut self, distribution: u8) -> Self {
        self.distribution = Some(distribution);
        self
    }
}

/// The server's answer to an upload: its message and the event's id.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UploadedSamples {
    /// The server's message (`Success, saved all attributes.`).
    pub message: String,
    /// The event the samples went into (a new one when none was given).
    pub event_id: Option<u64>,
    /// The event's URL on the server.
    pub url: Option<String>,
}

impl Operation for UploadSample {
    type Output = UploadedSamples;
    fn method(&self) -> Method {
        Method::POST
    }
    fn path(&self) -> String {
        let p = P::new("events/upload_sample");
        match &self.event {
            Some(e) => p.segment(e).build(),
            None => p.build(),
        }
    }
    fn body(&self) -> Result<Body, BuildError> {
        if self.files.is_empty() {
            return Err(BuildError::invalid("files", "give at least one file"));
        }
        if let Some(f) = self.files.iter().find(|f| f.filename.trim().is_empty()) {
            return Err(BuildError::invalid(
                "files",
                format!("a file of {} bytes has no name", f.data.len()),
            ));
        }
        let distribution = self
            .distribution
            .unwrap_or(if self.event.is_some() { 5 } else { 0 });
        if distribution > 5 {
            return Err(BuildError::invalid(
                "distribution",
                format!("{distribution} is not a distribution from 0 to 5"),
            ));
        }
        if self.event.is_none() && distribution == 5 {
            return Err(BuildError::invalid(
                "distribution",
                "a new event cannot inherit its distribution (5); give 0 to 4",
            ));
        }
        let files: Vec<_> = self
            .files
            .iter()
            .map(|f| json!({ "filename": f.filename, "data": encode_data(&f.data) }))
            .collect();
        let mut request = serde_json::Map::new();
        request.insert("files".into(), json!(files));
        request.insert("distribution".into(), json!(distribution));
        request.insert("advanced".into(), json!(u8::from(self.advanced)));
        if let Some(c) = &self.comment {
            request.insert("comment".into(), json!(c));
        }
        if let Some(i) = &self.info {
            request.insert("info".into(), json!(i));
        }
        Body::json(&json!({ "request": request }))
    }
    fn decode_reply(&self, reply: Reply) -> Result<Self::Output, ApiError> {
        #[derive(Deserialize)]
        struct Answer {
            message: Option<String>,
            name: Option<String>,
            url: Option<String>,
            id: Option<serde_json::Value>,
        }
        let answer: Answer = reply.json()?;
        // The id is a string in both number modes.
        let event_id = match &answer.id {
            Some(serde_json::Value::String(s)) => s.trim().parse().ok(),
            Some(serde_json::Value::Number(n)) => n.as_u64(),
            _ => None,
        };
        Ok(UploadedSamples {
            message: answer.message.or(answer.name).unwrap_or_default(),
            event_id,
            url: answer.url,
        })
    }
    fn idempotency_class(&self) -> Idempotency {
        Idempotency::Unsafe
    }
}

/// Downloads an attachment or a malware sample (`GET /attributes/download/{id}`).
///
/// An attachment comes back as the file itself; a malware sample as MISP's zip (the file and
/// `<md5>.filename.txt`, encrypted with the password `infected`). For any other type, or an
/// unknown id, the server answers 401 "Attribute does not exist or you do not have the
/// permission to download this attribute."; that becomes [`ApiError::NotFound`].
///
/// ```
/// use misp_api::{Endpoint, samples::DownloadAttachment};
/// assert_eq!(DownloadAttachment::new(225).request().unwrap().uri(), "/attributes/download/225");
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct DownloadAttachment {
    /// The attribute.
    pub attribute: AttributeRef,
}

impl DownloadAttachment {
    /// Downloads `attribute`'s file.
    pub fn new(attribute: impl Into<AttributeRef>) -> Self {
        DownloadAttachment {
            attribute: attribute.into(),
        }
    }
}

/// A downloaded file.
#[derive(Clone, PartialEq, Eq)]
pub struct Download {
    /// The name from `Content-Disposition` (`x.exe.zip`, `notes.txt`), when given.
    pub filename: Option<String>,
    /// The `Content-Type`.
    pub content_type: Option<String>,
    /// The bytes.
    pub bytes: bytes::Bytes,
}

impl std::fmt::Debug for Download {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Download")
            .field("filename", &self.filename)
            .field("content_type", &self.content_type)
            .field("bytes", &self.bytes.len())
            .finish()
    }
}

impl Download {
    /// Whether this is MISP's encrypted sample zip (password `infected`).
    pub fn is_sample_zip(&self) -> bool {
        self.content_type
            .as_deref()
            .is_some_and(|c| c.starts_with("application/zip"))
            && self.bytes.starts_with(b"PK")
    }
}

/// The `filename` of a `Content-Disposition` header, without any directory part.
pub fn disposition_filename(value: &str) -> Option<String> {
    let part = value
        .split(';')
        .map(str::trim)
        .find_map(|p| p.strip_prefix("filename="))?;
    let name = part.trim().trim_matches('"');
    let safe = safe_file_name(name, "");
    (!safe.is_empty()).then_some(safe)
}

impl Operation for DownloadAttachment {
    type Output = Download;
    fn method(&self) -> Method {
        Method::GET
    }
    fn path(&self) -> String {
        P::new("attributes/download")
            .segment(self.attribute)
            .build()
    }
    fn decode_reply(&self, reply: Reply) -> Result<Self::Output, ApiError> {
        if reply.status() == StatusCode::UNAUTHORIZED
            && let Some(ApiError::Auth {
                context,
                status,
                message,
            }) = reply.error()
            && message.to_ascii_lowercase().contains("does not exist")
        {
            return Err(ApiError::NotFound {
                context,
                status,
                message,
            });
        }
        let filename = reply
            .headers()
            .get(header::CONTENT_DISPOSITION)
            .and_then(|v| v.to_str().ok())
            .and_then(disposition_filename);
        let raw = reply.raw()?;
        Ok(Download {
            filename,
            content_type: raw.content_type,
            bytes: raw.bytes,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Endpoint;

    #[test]
    fn uploads_are_checked_before_sending() {
        let file = || vec![SampleFile::new("x.exe", b"MZ".to_vec())];
        let err = |op: UploadSample| op.request().unwrap_err().to_string();
        assert!(err(UploadSample::new(1, vec![])).contains("at least one file"));
        assert!(
            err(UploadSample::new_event("x", file()).distribution(5)).contains("cannot inherit")
        );
        assert!(err(UploadSample::new(1, file()).distribution(9)).contains("0 to 5"));
        let body: serde_json::Value = serde_json::from_slice(
            UploadSample::new_event("new", file())
                .request()
                .unwrap()
                .body(),
        )
        .unwrap();
        assert_eq!(body["request"]["distribution"], 0);
        assert_eq!(body["request"]["info"], "new");
    }

    #[test]
    fn disposition_names_lose_their_directories() {
        assert_eq!(
            disposition_filename("attachment; filename=\"x.exe.zip\"").as_deref(),
            Some("x.exe.zip")
        );
        assert_eq!(
            disposition_filename("attachment; filename=\"../../etc/passwd\"").as_deref(),
            Some("passwd")
        );
        assert_eq!(disposition_filename("attachment; filename=\"..\""), None);
        assert_eq!(disposition_filename("inline"), None);
    }
}
