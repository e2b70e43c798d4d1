//! `pe` and `pe-section` objects.

use goblin::pe::PE;
use goblin::pe::characteristic::{IMAGE_FILE_DLL, IMAGE_FILE_EXECUTABLE_IMAGE};
use misp_types::builder::ObjectBuilder;
use sha2::{Digest, Sha256};

use super::{Format, SectionHashes, add_section_hashes, section_entropy, with_sections};
use crate::Generated;
use crate::file::{hex, md5_hex};

/// Libraries whose import makes a PE a driver (pefile's list, which PyMISP uses).
const SYSTEM_DLLS: &[&str] = &[
    "ntoskrnl.exe",
    "hal.dll",
    "ndis.sys",
    "bootvid.dll",
    "kdcom.dll",
];

pub(super) fn objects(pe: &PE<'_>, data: &[u8]) -> Result<Generated, String> {
    let coff = &pe.header.coff_header;
    let entrypoint = pe.image_base + u64::from(pe.entry);
    let mut object = ObjectBuilder::new("pe")
        .attribute("type", pe_type(pe))
        .attribute("entrypoint-address", entrypoint.to_string());
    if let Some(at) = chrono::DateTime::from_timestamp(i64::from(coff.time_date_stamp), 0) {
        object = object.attribute(
            "compilation-timestamp",
            at.to_rfc3339_opts(chrono::SecondsFormat::Secs, false),
        );
    }
    object = object.attribute("imphash", imphash(pe));
    if let Some(hash) = authentihash(pe, data) {
        object = object.attribute("authentihash", hash);
    }
    if let Some(info) = pe
        .resource_data
        .as_ref()
        .and_then(|r| r.version_info.as_ref())
    {
        let s = &info.string_info;
        for (relation, value) in [
            ("original-filename", s.original_filename()),
            ("internal-filename", s.internal_name()),
            ("file-description", s.file_description()),
            ("file-version", s.file_version()),
            ("product-name", s.product_name()),
            ("product-version", s.product_version()),
            ("company-name", s.company_name()),
            ("legal-copyright", s.legal_copyright()),
        ] {
            if let Some(value) = value.filter(|v| !v.is_empty()) {
                object = object.attribute(relation, value);
            }
        }
    }
    if let Some(pdb) = pe
        .debug_data
        .as_ref()
        .and_then(|d| d.codeview_pdb70_debug_info.as_ref())
    {
        let name = String::from_utf8_lossy(pdb.filename);
        let name = name.trim_end_matches('\0');
        if !name.is_empty() {
            object = object.attribute("pdb", name);
        }
    }
    let mut sections = Vec::new();
    // Overlapping sections (a crafted file) may each contain the entry point: the template
    // allows one position, the first.
    let mut entry_found = false;
    for section in &pe.sections {
        let name = section
            .real_name
            .clone()
            .or_else(|| section.name().ok().map(str::to_owned))
            .unwrap_or_default();
        let name = name.trim_end_matches('\0').to_owned();
        if name.is_empty() && section.size_of_raw_data == 0 {
            continue;
        }
        let start = section.virtual_address;
        let end = start.saturating_add(section.virtual_size);
        if !entry_found && (start..end).contains(&pe.entry) {
            entry_found = true;
            object = object.attribute(
                "entrypoint-section-at-position",
                format!("{name}|{}", sections.len()),
            );
        }
        // The section's content is its raw data, cut to its virtual size when that is smaller
        // (the rest is the file alignment's padding), as lief reads it.
        let content_len = match section.virtual_size {
            0 => section.size_of_raw_data,
            virtual_size => section.size_of_raw_data.min(virtual_size),
        };
        let content = usize::try_from(section.pointer_to_raw_data)
            .ok()
            .and_then(|from| {
                let len = usize::try_from(content_len).ok()?;
                let to = from.checked_add(len)?.min(data.len());
                data.get(from..to)
            })
            .unwrap_or_default();
        let mut s = ObjectBuilder::new("pe-section");
        if !name.trim().is_empty() {
            s = s.attribute("name", &name);
        }
        s = s.attribute("size-in-bytes", section.size_of_raw_data.to_string());
        if section.size_of_raw_data > 0 {
            let entropy = section_entropy(content);
            // Zero-filled sections would correlate with every other one: PyMISP marks their
            // hashes not for IDS and not correlating, and skips their ssdeep; the ssdeep of
            // `.rsrc` does not correlate either.
            let correlate = entropy > 0.0;
            s = add_section_hashes(
                s,
                content,
                entropy,
                SectionHashes {
                    correlate: Some(correlate),
                    ssdeep: correlate,
                    ssdeep_correlate: (name == ".rsrc").then_some(false),
                },
            );
        }
        sections.push(s);
    }
    Ok(with_sections(object, Format::Pe, sections))
}

fn pe_type(pe: &PE<'_>) -> &'static str {
    let characteristics = pe.header.coff_header.characteristics;
    if characteristics & IMAGE_FILE_DLL != 0 {
        "dll"
    } else if pe
        .libraries
        .iter()
        .any(|l| SYSTEM_DLLS.contains(&l.to_ascii_lowercase().as_str()))
    {
        "driver"
    } else if characteristics & IMAGE_FILE_EXECUTABLE_IMAGE != 0 {
        "exe"
    } else {
        "unknown"
    }
}

/// pefile's imphash: `library.function` for every import, lower case, the library's `.dll`,
/// `.ocx` or `.sys` cut, joined with commas, MD5. Imports by ordinal become `ordN`.
fn imphash(pe: &PE<'_>) -> String {
    let parts: Vec<String> = pe
        .imports
        .iter()
        .map(|import| {
            let dll = import.dll.to_ascii_lowercase();
            let library = match dll.rsplit_once('.') {
                Some((stem, "dll" | "ocx" | "sys")) => stem.to_owned(),
                _ => dll.clone(),
            };
            let function = if import.name.starts_with("ORDINAL ") {
                format!("ord{}", import.ordinal)
            } else {
                import.name.to_ascii_lowercase()
            };
            format!("{library}.{function}")
        })
        .collect();
    md5_hex(parts.join(",").as_bytes())
}

/// The Authenticode SHA-256 of the image (the file without its checksum, certificate table
/// entry and certificates; Microsoft's Authenticode PE specification, steps 3 to 14), or `None`
/// when the headers point outside the file.
fn authentihash(pe: &PE<'_>, data: &[u8]) -> Option<String> {
    let optional = pe.header.optional_header.as_ref()?;
    let start = usize::try_from(pe.header.dos_header.pe_pointer).ok()? + 24;
    let checksum = start + 64;
    let cert_entry = start + if pe.is_64 { 144 } else { 128 };
    let end_of_headers = usize::try_from(optional.windows_fields.size_of_headers).ok()?;
    let cert_size = optional
        .data_directories
        .get_certificate_table()
        .map_or(0, |d| d.size as usize);
    let mut hasher = Sha256::new();
    hasher.update(data.get(..checksum)?);
    hasher.update(data.get(checksum + 4..cert_entry)?);
    hasher.update(data.get(cert_entry + 8..end_of_headers)?);
    let mut sections: Vec<_> = pe
        .sections
        .iter()
        .filter(|s| s.size_of_raw_data != 0)
        .collect();
    sections.sort_by_key(|s| s.pointer_to_raw_data);
    let mut hashed = end_of_headers;
    for section in sections {
        let from = usize::try_from(section.pointer_to_raw_data).ok()?;
        let len = usize::try_from(section.size_of_raw_data).ok()?;
        hasher.update(data.get(from..from.checked_add(len)?)?);
        hashed = hashed.checked_add(len)?;
    }
    if data.len() > hashed {
        let len = data.len().checked_sub(cert_size)?.checked_sub(hashed)?;
        hasher.update(data.get(hashed..hashed + len)?);
        let pad = (8 - data.len() % 8) % 8;
        hasher.update(vec![0u8; pad]);
    }
    Some(hex(&hasher.finalize()))
}
