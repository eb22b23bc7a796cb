//! The source release: every file git tracks, every dependency vendored by
//! `cargo vendor`, and a `.cargo/config.toml` that points cargo at `vendor/`, so
//! that `cargo build --frozen` builds it without the network or a cargo home.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};

use crate::archive::Tree;

/// Where the vendored sources sit in the tarball, and what cargo is told.
const VENDOR_DIR: &str = "vendor";
const VENDOR_CONFIG: &str = "
# Added by `cargo xtask dist` to the source release: dependencies come from vendor/,
# never from the network (build with --frozen, or --offline).
[source.crates-io]
replace-with = \"vendored-sources\"

[source.vendored-sources]
directory = \"vendor\"
";

/// The tarball's name in the dist directory, and its top directory.
pub fn name() -> String {
    format!("nsutils-{}-vendored", env!("CARGO_PKG_VERSION"))
}

/// Writes `out/nsutils-VERSION-vendored.tar.gz` and returns its path.
pub fn run(out: &Path, scratch: &Path, mtime: u64) -> Result<PathBuf> {
    let root = crate::root();
    let mut t = Tree::default();
    for rel in tracked(&root)? {
        add(&mut t, &root.join(&rel), rel)?;
    }
    let config = std::fs::read_to_string(root.join(".cargo/config.toml")).unwrap_or_default();
    t.file(".cargo/config.toml", format!("{config}{VENDOR_CONFIG}"));
    let vendor = vendor(&root, scratch)?;
    for rel in crate::walk(&vendor)? {
        add(&mut t, &vendor.join(&rel), format!("{VENDOR_DIR}/{rel}"))?;
    }
    std::fs::create_dir_all(out).with_context(|| format!("creating {}", out.display()))?;
    let top = format!("nsutils-{}", env!("CARGO_PKG_VERSION"));
    let path = out.join(format!("{}.tar.gz", name()));
    let bytes = t.tar_gz(&top, mtime)?;
    std::fs::write(&path, &bytes).with_context(|| format!("writing {}", path.display()))?;
    println!("{}  {} bytes", path.display(), bytes.len());
    Ok(path)
}

/// Every path git tracks under `root` that is there in the working tree.
fn tracked(root: &Path) -> Result<Vec<String>> {
    let out = std::process::Command::new("git")
        .current_dir(root)
        .args(["ls-files", "-z"])
        .output()
        .context("running git ls-files (the source release is made from a git checkout)")?;
    if !out.status.success() {
        bail!("git ls-files failed: {}", String::from_utf8_lossy(&out.stderr));
    }
    let mut paths: Vec<String> = out
        .stdout
        .split(|&b| b == 0)
        .filter(|p| !p.is_empty())
        .map(|p| String::from_utf8_lossy(p).into_owned())
        .filter(|p| root.join(p).symlink_metadata().is_ok())
        .collect();
    paths.sort();
    Ok(paths)
}

fn add(t: &mut Tree, path: &Path, rel: String) -> Result<()> {
    let meta = path.symlink_metadata().with_context(|| format!("reading {}", path.display()))?;
    if meta.file_type().is_symlink() {
        let target = std::fs::read_link(path)?;
        t.symlink(rel, target.to_string_lossy().into_owned());
    } else {
        let data = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
        if meta.permissions().mode() & 0o111 != 0 {
            t.executable(rel, data);
        } else {
            t.file(rel, data);
        }
    }
    Ok(())
}

/// `cargo vendor` of the workspace's lock file into a fresh `scratch/vendor`.
fn vendor(root: &Path, scratch: &Path) -> Result<PathBuf> {
    let dir = scratch.join(VENDOR_DIR);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(scratch).with_context(|| format!("creating {}", scratch.display()))?;
    let status = crate::cargo()
        .current_dir(root)
        .args(["vendor", "--locked", "--quiet"])
        .arg(&dir)
        .stdout(std::process::Stdio::null())
        .status()
        .context("running cargo vendor")?;
    if !status.success() {
        bail!("cargo vendor failed");
    }
    Ok(dir)
}
