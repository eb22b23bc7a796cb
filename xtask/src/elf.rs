//! What dist checks about a binary, read with the `object` crate: static (no program
//! interpreter), for the right machine, and without a symbol table, for 32- and
//! 64-bit ELF files of either byte order.

use anyhow::{bail, Context, Result};
use object::elf;
use object::read::elf::{FileHeader, ProgramHeader, SectionHeader};
use object::FileKind;

pub const EM_X86_64: u16 = elf::EM_X86_64.0;
pub const EM_AARCH64: u16 = elf::EM_AARCH64.0;

/// What dist checks about a binary.
#[derive(Debug, PartialEq, Eq)]
pub struct Facts {
    pub machine: u16,
    /// A PT_INTERP segment: the binary needs a dynamic loader.
    pub interpreter: bool,
    /// A PT_DYNAMIC segment: a dynamic (or static-pie) binary.
    pub dynamic: bool,
    /// A SHT_SYMTAB section: not stripped.
    pub symtab: bool,
}

/// The ELF machine (e_machine) a Rust target's binaries carry.
pub fn machine_of(target: &str) -> Result<u16> {
    let arch = target.split('-').next().unwrap_or(target);
    let m = match arch {
        "x86_64" => elf::EM_X86_64,
        "aarch64" => elf::EM_AARCH64,
        "i686" | "i586" => elf::EM_386,
        a if a.starts_with("armv7") || a == "arm" => elf::EM_ARM,
        a if a.starts_with("riscv64") => elf::EM_RISCV,
        "s390x" => elf::EM_S390,
        "powerpc64le" | "powerpc64" => elf::EM_PPC64,
        _ => bail!("no ELF machine known for {target}"),
    };
    Ok(m.0)
}

/// Reads an ELF file's headers.
pub fn facts(b: &[u8]) -> Result<Facts> {
    match FileKind::parse(b).context("not an object file")? {
        FileKind::Elf32 => facts_of::<elf::FileHeader32<object::Endianness>>(b),
        FileKind::Elf64 => facts_of::<elf::FileHeader64<object::Endianness>>(b),
        k => bail!("not an ELF file: {k:?}"),
    }
}

fn facts_of<H: FileHeader<Endian = object::Endianness>>(b: &[u8]) -> Result<Facts> {
    let header = H::parse(b).context("reading the ELF header")?;
    let endian = header.endian().context("reading the ELF byte order")?;
    let mut f =
        Facts { machine: header.e_machine(endian).0, interpreter: false, dynamic: false, symtab: false };
    for ph in header.program_headers(endian, b).context("reading the program headers")? {
        match ph.p_type(endian) {
            elf::PT_INTERP => f.interpreter = true,
            elf::PT_DYNAMIC => f.dynamic = true,
            _ => {}
        }
    }
    for sh in header.section_headers(endian, b).context("reading the section headers")? {
        if sh.sh_type(endian) == elf::SHT_SYMTAB {
            f.symtab = true;
        }
    }
    Ok(f)
}
