//! `cargo xtask`: build and release automation for nsutils, in ordinary Rust. The
//! library half lets the integration tests check generated files and build the
//! static binaries without going through another `cargo run`.

pub mod archive;
pub mod bench;
pub mod completions;
pub mod dist;
pub mod elf;
pub mod install;
pub mod man;
pub mod source;
pub mod tools;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};

/// The workspace root.
pub fn root() -> PathBuf {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    here.parent().unwrap_or(here).to_path_buf()
}

/// Cargo's target directory for this workspace.
pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root().join("target"), PathBuf::from)
}

/// The cargo that runs us (cargo sets $CARGO for build scripts, runs and tests).
pub fn cargo() -> std::process::Command {
    std::process::Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
}

/// Writes `files` under `dir` (or, with `check`, fails listing every file that
/// differs, is missing, or is there but no longer generated).
pub fn sync(dir: &Path, files: &BTreeMap<String, Vec<u8>>, check: bool) -> Result<()> {
    let mut stale = Vec::new();
    for (rel, data) in files {
        let path = dir.join(rel);
        if std::fs::read(&path).ok().as_deref() == Some(data.as_slice()) {
            continue;
        }
        if check {
            stale.push(format!("{} is not current", path.display()));
            continue;
        }
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
        }
        std::fs::write(&path, data).with_context(|| format!("writing {}", path.display()))?;
    }
    for rel in walk(dir)? {
        if !files.contains_key(&rel) {
            if check {
                stale.push(format!("{} is no longer generated", dir.join(&rel).display()));
            } else {
                std::fs::remove_file(dir.join(&rel))?;
            }
        }
    }
    if !stale.is_empty() {
        bail!("{}\nrun `cargo xtask man` and `cargo xtask completions` to regenerate", stale.join("\n"));
    }
    Ok(())
}

/// Every file under `dir`, as a relative path with `/` separators, sorted.
pub fn walk(dir: &Path) -> Result<Vec<String>> {
    let mut out = Vec::new();
    let mut todo = vec![PathBuf::new()];
    while let Some(rel) = todo.pop() {
        let Ok(rd) = std::fs::read_dir(dir.join(&rel)) else { continue };
        for entry in rd {
            let entry = entry?;
            let r = rel.join(entry.file_name());
            if entry.file_type()?.is_dir() {
                todo.push(r);
            } else {
                out.push(r.to_string_lossy().into_owned());
            }
        }
    }
    out.sort();
    Ok(out)
}
