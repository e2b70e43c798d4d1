//! Executables: a `file` object, the `pe`, `elf` or `macho` object of its headers and one
//! `pe-section`, `elf-section` or `macho-section` object per section, linked as PyMISP's
//! `make_binary_objects` (and MISP's own upload extraction) link them: the file `includes` the
//! header object ("PE indicators"), which `includes` each section ("Section 0 of PE" ...).
//! Parsing is goblin's; a file it cannot read as an executable gives the `file` object alone,
//! with the reason in [`Generated::warnings`].
//!
//! ```
//! let data = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/tools/inputs/cli-32.exe"))?;
//! let generated = misp_tools::executable::binary_objects("cli-32.exe", &data, false)?;
//! let names: Vec<_> = generated.build()?.into_iter().map(|o| o.name.unwrap()).collect();
//! assert_eq!(names, ["file", "pe", "pe-section", "pe-section", "pe-section"]);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod elf;
mod macho;
mod pe;

use misp_types::builder::ObjectBuilder;

use crate::file::{FileObject, part_hashes};
use crate::{Error, Generated, python_float};

/// The executable formats recognised.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Format {
    /// Windows PE (`pe`, `pe-section`).
    Pe,
    /// ELF (`elf`, `elf-section`).
    Elf,
    /// Mach-O, the first architecture of a fat binary (`macho`, `macho-section`).
    MachO,
}

impl Format {
    /// The header object's template name.
    pub fn template(self) -> &'static str {
        match self {
            Format::Pe => "pe",
            Format::Elf => "elf",
            Format::MachO => "macho",
        }
    }

    /// The name PyMISP and MISP use in the reference comments (`PE`, `ELF`, `MachO`).
    fn label(self) -> &'static str {
        match self {
            Format::Pe => "PE",
            Format::Elf => "ELF",
            Format::MachO => "MachO",
        }
    }
}

/// The `file` object of `data` (with its malware-sample when `malware_sample`), and when it
/// parses as an executable, its header object and sections, referenced from the file object.
pub fn binary_objects(
    filename: &str,
    data: &[u8],
    malware_sample: bool,
) -> Result<Generated, Error> {
    let file = FileObject::new(filename, data)
        .malware_sample(malware_sample)
        .builder()?;
    match executable_objects(filename, data) {
        Ok(Some((format, header))) => {
            let file = file.reference_commented(
                header.main().uuid(),
                "includes",
                Some(format!("{} indicators", format.label())),
            );
            let mut generated = Generated::new(file);
            generated.extend(header);
            Ok(generated)
        }
        Ok(None) => Ok(Generated::new(file)),
        Err(reason) => {
            let mut generated = Generated::new(file);
            generated.warn(format!(
                "{filename}: not read as an executable ({reason}); only the file object was made"
            ));
            Ok(generated)
        }
    }
}

/// The header object of `data` and its sections (the header object first), or `None` when
/// `data` is not a PE, ELF or Mach-O file; an error says why a file that looks like one
/// could not be read. `filename` names a Mach-O that has no entry point and no install name
/// (the `macho` template needs one of them).
pub fn executable_objects(
    filename: &str,
    data: &[u8],
) -> Result<Option<(Format, Generated)>, String> {
    use goblin::Object as G;
    if !looks_executable(data) {
        return Ok(None);
    }
    let parsed = match G::parse(data) {
        Ok(parsed) => parsed,
        Err(goblin::error::Error::BadMagic(_)) => return Ok(None),
        Err(e) => return Err(e.to_string()),
    };
    match parsed {
        G::PE(pe) => pe::objects(&pe, data).map(|g| Some((Format::Pe, g))),
        G::Elf(elf) => Ok(Some((Format::Elf, elf::objects(&elf, data)))),
        G::Mach(goblin::mach::Mach::Binary(macho)) => {
            Ok(Some((Format::MachO, macho::objects(&macho, filename))))
        }
        G::Mach(goblin::mach::Mach::Fat(fat)) => match fat.get(0).map_err(|e| e.to_string())? {
            goblin::mach::SingleArch::MachO(macho) => {
                Ok(Some((Format::MachO, macho::objects(&macho, filename))))
            }
            goblin::mach::SingleArch::Archive(_) => Ok(None),
        },
        _ => Ok(None),
    }
}

/// Whether `data` starts with the magic number of an ELF, PE (MZ) or Mach-O file.
fn looks_executable(data: &[u8]) -> bool {
    const MACH: [[u8; 4]; 6] = [
        [0xfe, 0xed, 0xfa, 0xce],
        [0xfe, 0xed, 0xfa, 0xcf],
        [0xce, 0xfa, 0xed, 0xfe],
        [0xcf, 0xfa, 0xed, 0xfe],
        [0xca, 0xfe, 0xba, 0xbe],
        [0xbe, 0xba, 0xfe, 0xca],
    ];
    data.starts_with(b"\x7fELF")
        || data.starts_with(b"MZ")
        || data.get(..4).is_some_and(|m| MACH.iter().any(|k| k == m))
}

/// Adds `sections` to `header` with the `includes` references PyMISP makes ("Section N of PE"),
/// then the `number-sections` attribute.
fn with_sections(header: ObjectBuilder, format: Format, sections: Vec<ObjectBuilder>) -> Generated {
    let count = sections.len();
    let header = sections
        .iter()
        .enumerate()
        .fold(header, |header, (pos, section)| {
            header.reference_commented(
                section.uuid(),
                "includes",
                Some(format!("Section {pos} of {}", format.label())),
            )
        })
        .attribute("number-sections", count.to_string());
    let mut generated = Generated::new(header);
    for section in sections {
        generated.push(section);
    }
    generated
}

/// The entropy of a section as lief computes it (byte values in ascending order, `log2`).
fn section_entropy(data: &[u8]) -> f64 {
    let mut counts = [0u64; 256];
    for &b in data {
        if let Some(count) = counts.get_mut(usize::from(b)) {
            *count += 1;
        }
    }
    if data.is_empty() {
        return 0.0;
    }
    let total = data.len() as f64;
    let sum: f64 = counts
        .iter()
        .filter(|&&c| c > 0)
        .map(|&c| {
            let p = c as f64 / total;
            p * p.log2()
        })
        .sum();
    -sum
}

/// How a section's hashes are added.
struct SectionHashes {
    /// `to_ids` and `!disable_correlation` for the hashes (PE: false for zero-filled sections).
    correlate: Option<bool>,
    /// Whether to add ssdeep.
    ssdeep: bool,
    /// Overrides `correlate` for ssdeep (PE's `.rsrc`).
    ssdeep_correlate: Option<bool>,
}

/// entropy, md5, sha1, sha256, sha512 and ssdeep of a section, as PyMISP adds them.
fn add_section_hashes(
    mut object: ObjectBuilder,
    data: &[u8],
    entropy: f64,
    how: SectionHashes,
) -> ObjectBuilder {
    let hashes = part_hashes(data);
    object = object.attribute("entropy", python_float(entropy));
    let add = |object: ObjectBuilder, relation: &str, value: &str, correlate: Option<bool>| {
        match correlate {
            None => object.attribute(relation, value),
            Some(correlate) => {
                let builder = crate::relation_attribute(&object, relation, value)
                    .to_ids(correlate)
                    .disable_correlation(!correlate);
                object.attribute_with(relation, builder)
            }
        }
    };
    object = add(object, "md5", &hashes.md5, how.correlate);
    object = add(object, "sha1", &hashes.sha1, how.correlate);
    object = add(object, "sha256", &hashes.sha256, how.correlate);
    object = add(object, "sha512", &hashes.sha512, how.correlate);
    // An ssdeep with empty parts (`3::`: no content, or too little variety, like a `.got` of
    // zeros) describes nothing, and misp-types' ssdeep rule rejects it.
    if how.ssdeep && !crate::file::empty_ssdeep(&hashes.ssdeep) {
        object = add(
            object,
            "ssdeep",
            &hashes.ssdeep,
            how.ssdeep_correlate.or(how.correlate),
        );
    }
    object
}
