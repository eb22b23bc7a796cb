//! Just enough ELF reading to prove a binary is what dist promises: static (no
//! program interpreter), for the right machine, and without a symbol table.

use anyhow::{bail, Result};

pub const EM_X86_64: u16 = 62;
pub const EM_AARCH64: u16 = 183;

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

fn u16_at(b: &[u8], off: usize) -> Result<u16> {
    match b.get(off..off + 2) {
        Some(s) => Ok(u16::from_le_bytes([s[0], s[1]])),
        None => bail!("truncated ELF file"),
    }
}

fn u32_at(b: &[u8], off: usize) -> Result<u32> {
    match b.get(off..off + 4) {
        Some(s) => Ok(u32::from_le_bytes([s[0], s[1], s[2], s[3]])),
        None => bail!("truncated ELF file"),
    }
}

fn u64_at(b: &[u8], off: usize) -> Result<usize> {
    match b.get(off..off + 8) {
        Some(s) => {
            let mut a = [0u8; 8];
            a.copy_from_slice(s);
            Ok(usize::try_from(u64::from_le_bytes(a))?)
        }
        None => bail!("truncated ELF file"),
    }
}

/// Reads a 64-bit little-endian ELF file's headers.
pub fn facts(b: &[u8]) -> Result<Facts> {
    if b.get(..6) != Some(b"\x7fELF\x02\x01".as_slice()) {
        bail!("not a 64-bit little-endian ELF file");
    }
    let machine = u16_at(b, 18)?;
    let (phoff, phentsize, phnum) =
        (u64_at(b, 32)?, usize::from(u16_at(b, 54)?), usize::from(u16_at(b, 56)?));
    let (shoff, shentsize, shnum) =
        (u64_at(b, 40)?, usize::from(u16_at(b, 58)?), usize::from(u16_at(b, 60)?));
    let mut f = Facts { machine, interpreter: false, dynamic: false, symtab: false };
    for i in 0..phnum {
        match u32_at(b, phoff + i * phentsize)? {
            3 => f.interpreter = true,
            2 => f.dynamic = true,
            _ => {}
        }
    }
    for i in 0..shnum {
        if u32_at(b, shoff + i * shentsize + 4)? == 2 {
            f.symtab = true;
        }
    }
    Ok(f)
}
