//! A reproducible `.tar.gz` writer: entries sorted by path, owner root:root (0:0),
//! fixed modes, one timestamp for every entry (SOURCE_DATE_EPOCH), and a gzip header
//! without a name or time. The same entries give the same bytes, on any machine.

use std::collections::BTreeMap;
use std::io::Write;

use anyhow::{bail, Result};

/// What an entry is; directories are implied by the paths of the others.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Entry {
    File { data: Vec<u8>, executable: bool },
    Symlink(String),
}

/// An archive under construction, keyed by relative path (`bin/unshare`).
#[derive(Debug, Default, Clone)]
pub struct Tree {
    pub entries: BTreeMap<String, Entry>,
}

impl Tree {
    pub fn file(&mut self, path: impl Into<String>, data: impl Into<Vec<u8>>) {
        self.entries.insert(path.into(), Entry::File { data: data.into(), executable: false });
    }

    pub fn executable(&mut self, path: impl Into<String>, data: impl Into<Vec<u8>>) {
        self.entries.insert(path.into(), Entry::File { data: data.into(), executable: true });
    }

    pub fn symlink(&mut self, path: impl Into<String>, target: impl Into<String>) {
        self.entries.insert(path.into(), Entry::Symlink(target.into()));
    }

    /// Every directory that holds an entry, parents first.
    fn dirs(&self) -> Vec<String> {
        let mut dirs = std::collections::BTreeSet::new();
        for path in self.entries.keys() {
            let mut p = path.as_str();
            while let Some(i) = p.rfind('/') {
                p = &p[..i];
                dirs.insert(p.to_string());
            }
        }
        dirs.into_iter().collect()
    }

    /// The ustar stream, every path under `top/`. Directories and entries are
    /// interleaved in path order, so a directory precedes its contents.
    pub fn tar(&self, top: &str, mtime: u64) -> Result<Vec<u8>> {
        let mut all: BTreeMap<String, Option<&Entry>> = BTreeMap::new();
        all.insert(format!("{top}/"), None);
        for d in self.dirs() {
            all.insert(format!("{top}/{d}/"), None);
        }
        for (p, e) in &self.entries {
            all.insert(format!("{top}/{p}"), Some(e));
        }
        let mut out = Vec::new();
        for (path, entry) in all {
            match entry {
                None => out.extend(header(&path, b'5', 0o755, 0, "", mtime)?),
                Some(Entry::Symlink(target)) => out.extend(header(&path, b'2', 0o777, 0, target, mtime)?),
                Some(Entry::File { data, executable }) => {
                    let mode = if *executable { 0o755 } else { 0o644 };
                    out.extend(header(&path, b'0', mode, data.len() as u64, "", mtime)?);
                    out.extend_from_slice(data);
                    out.resize(out.len().next_multiple_of(512), 0);
                }
            }
        }
        out.resize(out.len() + 1024, 0);
        Ok(out)
    }

    /// The gzip-compressed tar, with a gzip header that carries no name and no time.
    pub fn tar_gz(&self, top: &str, mtime: u64) -> Result<Vec<u8>> {
        let tar = self.tar(top, mtime)?;
        let mut gz = flate2::GzBuilder::new().mtime(0).write(Vec::new(), flate2::Compression::best());
        gz.write_all(&tar)?;
        Ok(gz.finish()?)
    }
}

/// One 512-byte ustar header. Long paths use the 155-byte prefix field.
fn header(path: &str, kind: u8, mode: u32, size: u64, link: &str, mtime: u64) -> Result<[u8; 512]> {
    let mut h = [0u8; 512];
    let (prefix, name) = split_path(path)?;
    if link.len() > 100 {
        bail!("symbolic link target too long for ustar: {link}");
    }
    h[..name.len()].copy_from_slice(name.as_bytes());
    octal(&mut h[100..108], u64::from(mode));
    octal(&mut h[108..116], 0);
    octal(&mut h[116..124], 0);
    octal(&mut h[124..136], size);
    octal(&mut h[136..148], mtime);
    h[156] = kind;
    h[157..157 + link.len()].copy_from_slice(link.as_bytes());
    h[257..263].copy_from_slice(b"ustar\0");
    h[263..265].copy_from_slice(b"00");
    h[265..269].copy_from_slice(b"root");
    h[297..301].copy_from_slice(b"root");
    octal(&mut h[329..337], 0);
    octal(&mut h[337..345], 0);
    h[345..345 + prefix.len()].copy_from_slice(prefix.as_bytes());
    // The checksum is computed with its own field read as spaces.
    h[148..156].fill(b' ');
    let sum: u64 = h.iter().map(|&b| u64::from(b)).sum();
    octal(&mut h[148..155], sum);
    h[155] = b' ';
    Ok(h)
}

fn split_path(path: &str) -> Result<(&str, &str)> {
    if path.len() <= 100 {
        return Ok(("", path));
    }
    // Split at a slash so that the name fits 100 bytes and the prefix 155.
    for (i, _) in path.match_indices('/') {
        let (prefix, name) = (&path[..i], &path[i + 1..]);
        if prefix.len() <= 155 && name.len() <= 100 && !name.is_empty() {
            return Ok((prefix, name));
        }
    }
    bail!("path too long for ustar: {path}")
}

/// A zero-padded octal number filling the field but its last byte, which is NUL.
fn octal(field: &mut [u8], value: u64) {
    let width = field.len() - 1;
    let s = format!("{value:0width$o}");
    field[..width].copy_from_slice(&s.as_bytes()[s.len() - width..]);
    field[width] = 0;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_entries_same_bytes_in_any_insertion_order() {
        let mut a = Tree::default();
        a.executable("bin/x", b"#!".to_vec());
        a.symlink("bin/y", "x");
        a.file("share/doc/z", b"z".to_vec());
        let mut b = Tree::default();
        b.file("share/doc/z", b"z".to_vec());
        b.symlink("bin/y", "x");
        b.executable("bin/x", b"#!".to_vec());
        assert_eq!(a.tar_gz("top", 1).unwrap(), b.tar_gz("top", 1).unwrap());
        assert_ne!(a.tar_gz("top", 1).unwrap(), a.tar_gz("top", 2).unwrap());
    }

    #[test]
    fn long_paths_use_the_prefix_field() {
        let long = format!("{}/{}", "d".repeat(120), "f".repeat(90));
        let (p, n) = split_path(&long).unwrap();
        assert_eq!((p.len(), n.len()), (120, 90));
        assert!(split_path(&"x".repeat(101)).is_err());
    }
}
