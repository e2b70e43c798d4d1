//! `misp sample ...`: uploading samples through the server's sample handling, downloading
//! the original file (or MISP's zip).

use std::path::{Path, PathBuf};

use clap::{ArgGroup, Subcommand};
use futures_util::TryStreamExt;
use misp_api::IdOrUuid;
use misp_api::samples::{Download, DownloadAttachment, SampleFile, UploadSample};
use misp_api::search::{Filter, SearchQuery};
use misp_types::attachment::{MalwareSample, md5_hex, safe_file_name};
use serde_json::json;

use super::files::read_bytes;
use crate::context::Context;
use crate::error::CliError;

/// `misp sample ...`.
#[derive(Debug, Subcommand)]
pub enum SampleCommand {
    /// Upload files into an event (`events/upload_sample`): the server zips each one and
    /// makes a `file` object (malware-sample, filename, hashes, size); with `--advanced` its
    /// extractor adds PE/ELF/Mach-O objects when it can.
    Upload {
        /// The event's id or UUID.
        event: IdOrUuid,
        /// The files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Run the server's extraction (PE/ELF/Mach-O objects).
        #[arg(long)]
        advanced: bool,
        /// A comment on the file objects.
        #[arg(long)]
        comment: Option<String>,
        /// The distribution (0 to 5) [default: 5, inherit the event's].
        #[arg(long, value_name = "LEVEL", value_parser = clap::value_parser!(u8).range(0..=5))]
        distribution: Option<u8>,
    },
    /// Download samples by hash (md5, sha1 or sha256), or one attachment or sample by
    /// attribute id, writing the original file into `--out DIR`.
    #[command(group(ArgGroup::new("which").required(true).args(["hash", "attribute"])))]
    Download {
        /// The sample's md5, sha1 or sha256.
        hash: Option<String>,
        /// The attribute (malware-sample or attachment) by id or UUID.
        #[arg(long, value_name = "ID")]
        attribute: Option<IdOrUuid>,
        /// Keep MISP's password-protected zip (password `infected`) instead of the file.
        #[arg(long)]
        zip: bool,
        /// The directory to write into (created when missing).
        #[arg(long, value_name = "DIR", default_value = ".")]
        out: PathBuf,
        /// Replace files that exist.
        #[arg(long)]
        force: bool,
    },
}

/// The columns of the written-files report.
const WRITTEN_COLUMNS: crate::output::Columns<'static> = &[
    ("attribute", "/attribute"),
    ("file", "/file"),
    ("bytes", "/bytes"),
    ("md5", "/md5"),
];

/// Runs `misp sample ...`.
pub async fn run(command: SampleCommand, ctx: &mut Context) -> Result<(), CliError> {
    match command {
        SampleCommand::Upload {
            event,
            files,
            advanced,
            comment,
            distribution,
        } => {
            let mut samples = Vec::new();
            for path in &files {
                let data = read_bytes(path)?;
                let name = path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .ok_or_else(|| {
                        CliError::Usage(format!("`{}` is not a file", path.display()))
                    })?;
                samples.push(SampleFile::new(name, data));
            }
            let mut op = UploadSample::new(event, samples).advanced(advanced);
            op.comment = comment;
            op.distribution = distribution;
            let client = ctx.client()?;
            let bar = ctx.progress().bar(None, "uploading");
            let answer = client.send(&op).await;
            bar.finish_and_clear();
            ctx.out().record(
                &answer?,
                &[
                    ("event", "/event_id"),
                    ("message", "/message"),
                    ("url", "/url"),
                ],
            )?;
            Ok(())
        }
        SampleCommand::Download {
            hash,
            attribute,
            zip,
            out,
            force,
        } => {
            let client = ctx.client()?;
            let ids: Vec<IdOrUuid> = match (attribute, hash) {
                (Some(a), _) => vec![a],
                (None, Some(h)) => find_samples(&client, &h).await?,
                (None, None) => return Err(CliError::Usage("give HASH or --attribute ID".into())),
            };
            std::fs::create_dir_all(&out).map_err(|source| CliError::Write {
                path: out.clone(),
                source,
            })?;
            let bar = ctx.progress().bar(Some(ids.len() as u64), "downloading");
            let mut written = Vec::new();
            for id in ids {
                let download = client.send(&DownloadAttachment::new(id)).await?;
                let (name, bytes) = file_of(&download, zip, &id)?;
                let path = out.join(&name);
                write_new(&path, &bytes, force)?;
                written.push(json!({
                    "attribute": id,
                    "file": path.display().to_string(),
                    "bytes": bytes.len(),
                    "md5": md5_hex(&bytes),
                }));
                bar.inc(1);
            }
            bar.finish_and_clear();
            let mut list = ctx.out().list(WRITTEN_COLUMNS);
            for w in &written {
                list.item(w)?;
            }
            list.end()?;
            Ok(())
        }
    }
}

/// The name and bytes to write: the original file out of MISP's sample zip, or the zip or
/// attachment as it came.
fn file_of(d: &Download, keep_zip: bool, id: &IdOrUuid) -> Result<(String, Vec<u8>), CliError> {
    let fallback = format!("attribute-{id}");
    if d.is_sample_zip() && !keep_zip {
        let sample = MalwareSample::from_zip(&d.bytes).map_err(|e| {
            CliError::Invalid(format!(
                "attribute {id}: the sample archive cannot be read: {e}"
            ))
        })?;
        let name = safe_file_name(sample.filename(), sample.md5());
        return Ok((name, sample.content().to_vec()));
    }
    let name = d
        .filename
        .as_deref()
        .map(|n| safe_file_name(n, &fallback))
        .unwrap_or(fallback);
    Ok((name, d.bytes.to_vec()))
}

fn write_new(path: &Path, bytes: &[u8], force: bool) -> Result<(), CliError> {
    if path.exists() && !force {
        return Err(CliError::Usage(format!(
            "`{}` exists; give --force to replace it",
            path.display()
        )));
    }
    std::fs::write(path, bytes).map_err(|source| CliError::Write {
        path: path.to_owned(),
        source,
    })
}

/// The malware-sample attributes for a hash: those whose value holds it (an md5), else the
/// samples in the same objects as an md5/sha1/sha256/sha512 attribute with that value.
async fn find_samples(client: &misp_client::Client, hash: &str) -> Result<Vec<IdOrUuid>, CliError> {
    let hash = hash.trim().to_ascii_lowercase();
    if hash.is_empty() || !hash.chars().all(|c| c.is_ascii_hexdigit()) {
        return Err(CliError::Usage(format!("`{hash}` is not a hex hash")));
    }
    let direct: Vec<_> = client
        .search()
        .attributes(
            SearchQuery::new()
                .types(Filter::eq("malware-sample"))
                .value(Filter::eq(hash.clone())),
        )
        .try_collect()
        .await?;
    let mut ids: Vec<IdOrUuid> = direct
        .iter()
        .filter_map(|a| a.id.map(IdOrUuid::from))
        .collect();
    if ids.is_empty() {
        let hashes: Vec<_> = client
            .search()
            .attributes(
                SearchQuery::new()
                    .types(Filter::any(["md5", "sha1", "sha256", "sha512"]))
                    .value(Filter::eq(hash.clone())),
            )
            .try_collect()
            .await?;
        for h in hashes {
            let (Some(object), Some(event)) = (h.object_id.filter(|o| *o != 0), h.event_id) else {
                continue;
            };
            let samples: Vec<_> = client
                .search()
                .attributes(
                    SearchQuery::new()
                        .types(Filter::eq("malware-sample"))
                        .event_ids(Filter::eq(event.to_string())),
                )
                .try_collect()
                .await?;
            ids.extend(
                samples
                    .iter()
                    .filter(|s| s.object_id == Some(object))
                    .filter_map(|s| s.id.map(IdOrUuid::from)),
            );
        }
    }
    if ids.is_empty() {
        return Err(CliError::NotFound(format!(
            "no malware sample with hash {hash}"
        )));
    }
    ids.sort_by_key(|i| i.to_string());
    ids.dedup_by_key(|i| i.to_string());
    Ok(ids)
}
