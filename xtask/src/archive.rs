//! A reproducible `.tar.gz` (the `tar` crate's writer): entries sorted by path, owner
//! root:root (0:0), fixed modes, one timestamp for every entry (SOURCE_DATE_EPOCH), and
//! a gzip header without a name or time. The same entries give the same bytes, on any
//! machine.

use std::collections::BTreeMap;
use std::io::Write;

use anyhow::Result;

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
    /// interleaved in path order, so a directory precedes its contents. Paths that do
    /// not fit ustar's fields get the `tar` crate's GNU long-name entries.
    pub fn tar(&self, top: &str, mtime: u64) -> Result<Vec<u8>> {
        let mut all: BTreeMap<String, Option<&Entry>> = BTreeMap::new();
        all.insert(format!("{top}/"), None);
        for d in self.dirs() {
            all.insert(format!("{top}/{d}/"), None);
        }
        for (p, e) in &self.entries {
            all.insert(format!("{top}/{p}"), Some(e));
        }
        let mut b = tar::Builder::new(Vec::new());
        for (path, entry) in all {
            let mut h = tar::Header::new_ustar();
            h.set_mtime(mtime);
            h.set_uid(0);
            h.set_gid(0);
            h.set_username("root")?;
            h.set_groupname("root")?;
            h.set_size(0);
            match entry {
                None => {
                    h.set_entry_type(tar::EntryType::Directory);
                    h.set_mode(0o755);
                    b.append_data(&mut h, &path, std::io::empty())?;
                }
                Some(Entry::Symlink(target)) => {
                    h.set_entry_type(tar::EntryType::Symlink);
                    h.set_mode(0o777);
                    b.append_link(&mut h, &path, target)?;
                }
                Some(Entry::File { data, executable }) => {
                    h.set_entry_type(tar::EntryType::Regular);
                    h.set_mode(if *executable { 0o755 } else { 0o644 });
                    h.set_size(data.len() as u64);
                    b.append_data(&mut h, &path, data.as_slice())?;
                }
            }
        }
        Ok(b.into_inner()?)
    }

    /// The gzip-compressed tar, with a gzip header that carries no name and no time.
    pub fn tar_gz(&self, top: &str, mtime: u64) -> Result<Vec<u8>> {
        let tar = self.tar(top, mtime)?;
        let mut gz = flate2::GzBuilder::new().mtime(0).write(Vec::new(), flate2::Compression::best());
        gz.write_all(&tar)?;
        Ok(gz.finish()?)
    }
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
    fn long_paths_and_links_read_back() {
        let long = format!("{}/{}", "d".repeat(120), "f".repeat(150));
        let mut t = Tree::default();
        t.file(long.clone(), b"x".to_vec());
        t.symlink("l", "t".repeat(200));
        let tar = t.tar("top", 7).unwrap();
        let mut a = tar::Archive::new(tar.as_slice());
        let mut seen = Vec::new();
        for e in a.entries().unwrap() {
            let e = e.unwrap();
            assert_eq!((e.header().mtime().unwrap(), e.header().uid().unwrap()), (7, 0));
            let link = e.link_name().unwrap().map(|l| l.display().to_string());
            seen.push((e.path().unwrap().display().to_string(), link));
        }
        assert!(seen.contains(&(format!("top/{long}"), None)), "{seen:?}");
        assert!(seen.contains(&("top/l".to_string(), Some("t".repeat(200)))), "{seen:?}");
    }
}
