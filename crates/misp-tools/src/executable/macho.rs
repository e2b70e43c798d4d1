//! `macho` and `macho-section` objects.

use goblin::mach::MachO;
use goblin::mach::load_command::CommandVariant;
use misp_types::builder::ObjectBuilder;

use super::{Format, SectionHashes, add_section_hashes, section_entropy, with_sections};
use crate::Generated;

pub(super) fn objects(macho: &MachO<'_>, filename: &str) -> Generated {
    let mut object =
        ObjectBuilder::new("macho").attribute("type", file_type(macho.header.filetype));
    match entrypoint(macho) {
        Some(entry) => object = object.attribute("entrypoint-address", entry.to_string()),
        // A library or object file has no entry point; the template then needs a name (PyMISP
        // leaves the object without one, which MISP refuses): the install name, or the file's.
        None => {
            let name = macho.name.filter(|n| !n.is_empty()).unwrap_or(filename);
            object = object.attribute("name", name);
        }
    }
    let mut sections = Vec::new();
    for segment in &macho.segments {
        let Ok(list) = segment.sections() else {
            continue;
        };
        for (section, data) in list {
            let name = section.name().unwrap_or_default();
            let mut s = ObjectBuilder::new("macho-section");
            s = if name.is_empty() {
                s.attribute("text", format!("unnamed section {}", sections.len()))
            } else {
                s.attribute("name", name)
            };
            s = s.attribute("size-in-bytes", section.size.to_string());
            if section.size > 0 {
                s = add_section_hashes(
                    s,
                    data,
                    section_entropy(data),
                    SectionHashes {
                        correlate: None,
                        ssdeep: true,
                        ssdeep_correlate: None,
                    },
                );
            }
            sections.push(s);
        }
    }
    with_sections(object, Format::MachO, sections)
}

/// The entry point's virtual address (goblin adds `__TEXT`'s address to LC_MAIN's offset), when
/// there is an LC_MAIN or LC_UNIXTHREAD command.
fn entrypoint(macho: &MachO<'_>) -> Option<u64> {
    let has_entry = macho.load_commands.iter().any(|c| {
        matches!(
            c.command,
            CommandVariant::Main(_) | CommandVariant::Unixthread(_)
        )
    });
    has_entry.then_some(macho.entry)
}

fn file_type(t: u32) -> String {
    match t {
        1 => "OBJECT",
        2 => "EXECUTE",
        3 => "FVMLIB",
        4 => "CORE",
        5 => "PRELOAD",
        6 => "DYLIB",
        7 => "DYLINKER",
        8 => "BUNDLE",
        9 => "DYLIB_STUB",
        10 => "DSYM",
        11 => "KEXT_BUNDLE",
        other => return format!("UNKNOWN_{other:#x}"),
    }
    .to_owned()
}
