//! `elf` and `elf-section` objects.
//!
//! Names are the `elf` / `elf-section` templates' own vocabulary (`DYNAMIC`, `x86_64`,
//! `PROGBITS`, `ALLOC` ...), which is the one lief used before 0.15; newer lief (and so PyMISP
//! with it) prints `DYN` and `X86_64` instead.

use goblin::elf::Elf;
use goblin::elf::header;
use goblin::elf::section_header as sh;
use misp_types::builder::ObjectBuilder;

use super::{Format, SectionHashes, add_section_hashes, section_entropy, with_sections};
use crate::Generated;

pub(super) fn objects(elf: &Elf<'_>, data: &[u8]) -> Generated {
    let h = &elf.header;
    let object = ObjectBuilder::new("elf")
        .attribute("type", file_type(h.e_type))
        .attribute("entrypoint-address", elf.entry.to_string())
        .attribute("arch", machine(h.e_machine))
        .attribute(
            "os_abi",
            os_abi(h.e_ident.get(header::EI_OSABI).copied().unwrap_or(0)),
        );
    let sections = elf
        .section_headers
        .iter()
        .filter_map(|s| {
            let name = elf
                .shdr_strtab
                .get_at(s.sh_name)
                .filter(|n| !n.is_empty())?;
            Some(section(name, s, data))
        })
        .collect();
    with_sections(object, Format::Elf, sections)
}

fn section(name: &str, s: &sh::SectionHeader, data: &[u8]) -> ObjectBuilder {
    let mut object = ObjectBuilder::new("elf-section")
        .attribute("name", name)
        .attribute("type", section_type(s.sh_type));
    for (bit, flag) in FLAGS {
        if s.sh_flags & bit != 0 {
            object = object.attribute("flag", *flag);
        }
    }
    object = object.attribute("size-in-bytes", s.sh_size.to_string());
    if s.sh_size > 0 {
        // A NOBITS section (.bss) occupies no bytes in the file: its content is empty.
        let content = if s.sh_type == sh::SHT_NOBITS {
            &[][..]
        } else {
            usize::try_from(s.sh_offset)
                .ok()
                .zip(usize::try_from(s.sh_size).ok())
                .and_then(|(start, len)| data.get(start..start.checked_add(len)?))
                .unwrap_or_default()
        };
        object = add_section_hashes(
            object,
            content,
            section_entropy(content),
            SectionHashes {
                correlate: None,
                ssdeep: true,
                ssdeep_correlate: None,
            },
        );
    }
    object
}

const FLAGS: &[(u64, &str)] = &[
    (0x1, "WRITE"),
    (0x2, "ALLOC"),
    (0x4, "EXECINSTR"),
    (0x10, "MERGE"),
    (0x20, "STRINGS"),
    (0x40, "INFO_LINK"),
    (0x80, "LINK_ORDER"),
    (0x100, "OS_NONCONFORMING"),
    (0x200, "GROUP"),
    (0x400, "TLS"),
    (0x8000_0000, "EXCLUDE"),
];

fn file_type(t: u16) -> String {
    match t {
        header::ET_NONE => "NONE".into(),
        header::ET_REL => "RELOCATABLE".into(),
        header::ET_EXEC => "EXECUTABLE".into(),
        header::ET_DYN => "DYNAMIC".into(),
        header::ET_CORE => "CORE".into(),
        0xff00..=0xffff => "LOPROC".into(),
        other => format!("UNKNOWN_{other:#x}"),
    }
}

fn machine(m: u16) -> String {
    match m {
        header::EM_NONE => "None".into(),
        header::EM_M32 => "M32".into(),
        header::EM_SPARC => "SPARC".into(),
        header::EM_386 => "i386".into(),
        header::EM_68K => "ARCH_68K".into(),
        header::EM_MIPS => "MIPS".into(),
        header::EM_PPC => "PPC".into(),
        header::EM_PPC64 => "PPC64".into(),
        header::EM_S390 => "S390".into(),
        header::EM_ARM => "ARM".into(),
        header::EM_SH => "SH".into(),
        header::EM_SPARCV9 => "SPARCV9".into(),
        header::EM_IA_64 => "IA_64".into(),
        header::EM_X86_64 => "x86_64".into(),
        header::EM_AARCH64 => "AARCH64".into(),
        header::EM_RISCV => "RISCV".into(),
        header::EM_BPF => "BPF".into(),
        other => header::machine_to_str(other)
            .trim_start_matches("EM_")
            .to_owned(),
    }
}

fn os_abi(abi: u8) -> &'static str {
    match abi {
        0 => "SYSTEMV",
        1 => "HPUX",
        2 => "NETBSD",
        3 => "GNU",
        4 => "HURD",
        6 => "SOLARIS",
        7 => "AIX",
        8 => "IRIX",
        9 => "FREEBSD",
        10 => "TRU64",
        11 => "MODESTO",
        12 => "OPENBSD",
        13 => "OPENVMS",
        14 => "NSK",
        15 => "AROS",
        16 => "FENIXOS",
        17 => "CLOUDABI",
        64 => "C6000_ELFABI",
        65 => "C6000_LINUX",
        97 => "ARM",
        255 => "STANDALONE",
        _ => "UNKNOWN",
    }
}

fn section_type(t: u32) -> String {
    let name = match t {
        sh::SHT_NULL => "NULL",
        sh::SHT_PROGBITS => "PROGBITS",
        sh::SHT_SYMTAB => "SYMTAB",
        sh::SHT_STRTAB => "STRTAB",
        sh::SHT_RELA => "RELA",
        sh::SHT_HASH => "HASH",
        sh::SHT_DYNAMIC => "DYNAMIC",
        sh::SHT_NOTE => "NOTE",
        sh::SHT_NOBITS => "NOBITS",
        sh::SHT_REL => "REL",
        sh::SHT_SHLIB => "SHLIB",
        sh::SHT_DYNSYM => "DYNSYM",
        sh::SHT_INIT_ARRAY => "INIT_ARRAY",
        sh::SHT_FINI_ARRAY => "FINI_ARRAY",
        sh::SHT_PREINIT_ARRAY => "PREINIT_ARRAY",
        sh::SHT_GROUP => "GROUP",
        sh::SHT_SYMTAB_SHNDX => "SYMTAB_SHNDX",
        sh::SHT_GNU_ATTRIBUTES => "GNU_ATTRIBUTES",
        sh::SHT_GNU_HASH => "GNU_HASH",
        sh::SHT_GNU_VERDEF => "GNU_VERDEF",
        sh::SHT_GNU_VERNEED => "GNU_VERNEED",
        sh::SHT_GNU_VERSYM => "GNU_VERSYM",
        0x7000_0001 => "X86_64_UNWIND",
        _ => return format!("{t:#x}"),
    };
    name.to_owned()
}
