//! `cargo xtask install`: binaries (or the multicall binary and its links), man
//! pages and completions where distributions expect them, under DESTDIR+PREFIX and
//! nowhere else.

use std::os::unix::fs::PermissionsExt;
use std::path::{Component, Path, PathBuf};

use anyhow::{bail, Context, Result};

use crate::archive::{Entry, Tree};
use crate::dist;
use crate::tools::{all_names, MULTICALL, TOOLS};

#[derive(Debug, Clone)]
pub struct Options {
    pub prefix: PathBuf,
    pub destdir: Option<PathBuf>,
    pub multicall: bool,
    /// Already built binaries; otherwise `cargo build --release` runs first.
    pub bin_dir: Option<PathBuf>,
}

impl Default for Options {
    fn default() -> Self {
        Options { prefix: PathBuf::from("/usr/local"), destdir: None, multicall: false, bin_dir: None }
    }
}

pub fn run(opts: &Options) -> Result<Vec<PathBuf>> {
    if !opts.prefix.is_absolute() {
        bail!("--prefix must be an absolute path: {}", opts.prefix.display());
    }
    let bin_dir = match &opts.bin_dir {
        Some(d) => d.clone(),
        None => build_release()?,
    };
    let tree = layout(&bin_dir, opts.multicall)?;
    let base = match &opts.destdir {
        Some(d) => d.join(opts.prefix.strip_prefix("/").unwrap_or(&opts.prefix)),
        None => opts.prefix.clone(),
    };
    write_tree(&tree, &base)
}

fn build_release() -> Result<PathBuf> {
    let mut cmd = crate::cargo();
    cmd.current_dir(crate::root()).args(["build", "--release"]);
    for t in TOOLS {
        cmd.args(["-p", t.package]);
    }
    cmd.args(["-p", MULTICALL]);
    if !cmd.status().context("running cargo build")?.success() {
        bail!("cargo build --release failed");
    }
    Ok(crate::target_dir().join("release"))
}

/// What install writes, relative to PREFIX.
pub fn layout(bin_dir: &Path, multicall: bool) -> Result<Tree> {
    let mut t = dist::share_tree()?;
    let read = |name: &str| {
        let p = bin_dir.join(name);
        std::fs::read(&p).with_context(|| format!("reading {}", p.display()))
    };
    if multicall {
        t.executable(format!("bin/{MULTICALL}"), read(MULTICALL)?);
        for name in all_names() {
            t.symlink(format!("bin/{name}"), MULTICALL);
        }
    } else {
        for tool in TOOLS {
            t.executable(format!("bin/{}", tool.name), read(tool.name)?);
            for alias in tool.aliases {
                t.symlink(format!("bin/{alias}"), tool.name);
            }
        }
    }
    for doc in ["README.md", "LICENSE-MIT", "LICENSE-APACHE"] {
        let data = std::fs::read(crate::root().join(doc)).with_context(|| format!("reading {doc}"))?;
        t.file(format!("share/doc/nsutils/{doc}"), data);
    }
    Ok(t)
}

/// Writes every entry under `base`, replacing what is there; each file is written
/// beside its destination and renamed over it, so a running binary is never torn.
pub fn write_tree(tree: &Tree, base: &Path) -> Result<Vec<PathBuf>> {
    let mut written = Vec::new();
    for (rel, entry) in &tree.entries {
        if !Path::new(rel).components().all(|c| matches!(c, Component::Normal(_))) {
            bail!("refusing to write outside the prefix: {rel}");
        }
        let path = base.join(rel);
        let parent = path.parent().unwrap_or(base);
        std::fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
        let tmp =
            parent.join(format!(".{}.xtask-new", path.file_name().unwrap_or_default().to_string_lossy()));
        let _ = std::fs::remove_file(&tmp);
        match entry {
            Entry::File { data, executable } => {
                std::fs::write(&tmp, data).with_context(|| format!("writing {}", tmp.display()))?;
                let mode = if *executable { 0o755 } else { 0o644 };
                std::fs::set_permissions(&tmp, std::fs::Permissions::from_mode(mode))?;
            }
            Entry::Symlink(target) => std::os::unix::fs::symlink(target, &tmp)
                .with_context(|| format!("creating the link {}", tmp.display()))?,
        }
        std::fs::rename(&tmp, &path).with_context(|| format!("installing {}", path.display()))?;
        println!("{}", path.display());
        written.push(path);
    }
    Ok(written)
}
