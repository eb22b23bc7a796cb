//! `cargo xtask dist`: static musl builds of every tool and of the multicall binary,
//! checked against the size budgets, packed into one reproducible tarball per
//! target, with SHA256SUMS.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use sha2::{Digest, Sha256};

use crate::archive::Tree;
use crate::tools::{MULTICALL, TOOLS};
use crate::{completions, elf, man};

pub const HOST_TARGET: &str = "x86_64-unknown-linux-musl";
/// Every release target, static musl where this machine can link musl for it.
/// rustup ships a musl std for the first three; armv7 is built with nightly's
/// `-Zbuild-std` against Debian's musl for armhf ([`musl_from_source`]). The other
/// three stay static glibc: Debian 12 has no riscv64 port; for s390x and powerpc64le
/// Debian has musl, but no unwinder that links without glibc (gcc 12's libgcc_eh asks
/// for `_dl_find_object`, LLVM's libunwind-14 for `__fprintf_chk`; both tried).
pub const ALL_TARGETS: [&str; 7] = [
    "x86_64-unknown-linux-musl",
    "aarch64-unknown-linux-musl",
    "i686-unknown-linux-musl",
    "armv7-unknown-linux-musleabihf",
    "riscv64gc-unknown-linux-gnu",
    "s390x-unknown-linux-gnu",
    "powerpc64le-unknown-linux-gnu",
];

/// For a musl target whose std rustup does not ship (the mirror here answers 404 for
/// the rust-std of armv7, s390x and powerpc64le musl, Rust 1.95), built from source:
/// Debian's multiarch musl library directory (package musl-dev:ARCH) and the cross
/// gcc's triple (gcc-TRIPLE), whose libgcc and libgcc_eh are the compiler runtime and
/// the unwinder.
fn musl_from_source(target: &str) -> Option<(&'static str, &'static str)> {
    match target {
        "armv7-unknown-linux-musleabihf" => Some(("/usr/lib/arm-linux-musleabihf", "arm-linux-gnueabihf")),
        _ => None,
    }
}

/// The flags that link a [`musl_from_source`] target with rust-lld: Debian's musl and
/// start files instead of rust's self-contained ones, libgcc for the compiler
/// runtime, and libgcc_eh under the name std asks for its unwinder (libunwind).
fn musl_from_source_flags(target: &str, target_dir: &Path) -> Result<Option<Vec<String>>> {
    let Some((musl, gnu)) = musl_from_source(target) else { return Ok(None) };
    let gcc = std::fs::read_dir(format!("/usr/lib/gcc-cross/{gnu}"))
        .with_context(|| format!("{target}: no cross gcc (install gcc-{gnu})"))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| p.join("libgcc_eh.a").is_file())
        .with_context(|| format!("{target}: no libgcc_eh.a under /usr/lib/gcc-cross/{gnu}"))?;
    if !Path::new(musl).join("libc.a").is_file() {
        bail!("{target}: no {musl}/libc.a (install musl-dev for that architecture)");
    }
    let unwind = target_dir.join(target).join("unwind");
    std::fs::create_dir_all(&unwind)?;
    let link = unwind.join("libunwind.a");
    let _ = std::fs::remove_file(&link);
    std::os::unix::fs::symlink(gcc.join("libgcc_eh.a"), &link)?;
    let mut flags = vec![
        "-Clink-self-contained=no".to_string(),
        format!("-Lnative={musl}"),
        format!("-Lnative={}", unwind.display()),
        format!("-Clink-arg={}", gcc.join("libgcc.a").display()),
    ];
    flags.extend(["crt1.o", "crti.o", "crtn.o"].map(|o| format!("-Clink-arg={musl}/{o}")));
    Ok(Some(flags))
}

/// The linker for a target, unless CARGO_TARGET_<TRIPLE>_LINKER says otherwise: the
/// host's cc for x86_64, rust-lld with rust's own musl start files for i686 and with
/// Debian's for a [`musl_from_source`] target, else Debian's cross gcc
/// (gcc-aarch64-linux-gnu, ...).
fn linker(target: &str) -> Option<&'static str> {
    if musl_from_source(target).is_some() {
        return Some("rust-lld");
    }
    let arch = target.split('-').next().unwrap_or(target);
    Some(match arch {
        "x86_64" => return None,
        "i686" => "rust-lld",
        "aarch64" => "aarch64-linux-gnu-gcc",
        "armv7" => "arm-linux-gnueabihf-gcc",
        "riscv64gc" => "riscv64-linux-gnu-gcc",
        "s390x" => "s390x-linux-gnu-gcc",
        "powerpc64le" => "powerpc64le-linux-gnu-gcc",
        _ => return None,
    })
}

/// The qemu-user emulator for a target's binaries (None: this machine runs them).
fn emulator(target: &str) -> Option<&'static str> {
    let arch = target.split('-').next().unwrap_or(target);
    Some(match arch {
        "x86_64" | "i686" => return None,
        "aarch64" => "aarch64",
        "armv7" => "arm",
        "riscv64gc" => "riscv64",
        "s390x" => "s390x",
        "powerpc64le" => "ppc64le",
        _ => return None,
    })
}

/// The profile the release tarballs ship: `release-small` (opt-level z): the `release` multicall binary outgrew its budget
/// (1085 KiB on x86_64); figures in docs/PACKAGING.md.
pub const DEFAULT_PROFILE: &str = "release-small";
pub const MULTICALL_BUDGET: u64 = 1024 * 1024;
pub const TOOL_BUDGET: u64 = 750 * 1024;

/// Whether the budgets fail the build for `target`. Static glibc (riscv64gc, s390x
/// and powerpc64le, see [`ALL_TARGETS`]) costs 250-450 KiB more per binary than musl, its stdio, locale
/// and regex code linking in whole: those sizes are reported against the same
/// budgets, not enforced (figures in docs/PACKAGING.md).
pub fn budgets_enforced(target: &str) -> bool {
    !target.contains("-gnu")
}

#[derive(Debug, Clone)]
pub struct Options {
    pub targets: Vec<String>,
    /// A cargo profile: `release-small` (the default), `release`, or `dev` for quick
    /// test builds, which are not held to the size budgets.
    pub profile: String,
    pub out: PathBuf,
    pub target_dir: PathBuf,
}

impl Default for Options {
    fn default() -> Self {
        let target_dir = crate::target_dir();
        Options {
            targets: vec![HOST_TARGET.into()],
            profile: DEFAULT_PROFILE.into(),
            out: target_dir.join("dist"),
            target_dir,
        }
    }
}

/// The built binaries of one target: `(name, bytes)`, tools first, multicall last.
pub struct Build {
    pub target: String,
    pub dir: PathBuf,
    pub binaries: Vec<(String, Vec<u8>)>,
}

pub fn run(opts: &Options) -> Result<Vec<PathBuf>> {
    let mut tarballs = Vec::new();
    // every target is built and measured before one over its budget fails the run
    let mut over = Vec::new();
    for target in &opts.targets {
        let b = build(target, &opts.profile, &opts.target_dir)?;
        if let Err(e) = report_sizes(&b, budgets_apply(&opts.profile) && budgets_enforced(target)) {
            over.push(format!("{target}: {e}"));
            continue;
        }
        std::fs::create_dir_all(&opts.out).with_context(|| format!("creating {}", opts.out.display()))?;
        let top = format!("nsutils-{}-{target}", env!("CARGO_PKG_VERSION"));
        let path = opts.out.join(format!("{top}.tar.gz"));
        let bytes = tree(&b)?.tar_gz(&top, source_date_epoch())?;
        std::fs::write(&path, &bytes).with_context(|| format!("writing {}", path.display()))?;
        println!("{}  {} bytes", path.display(), bytes.len());
        tarballs.push(path);
    }
    write_sums(&opts.out)?;
    if !over.is_empty() {
        bail!("{}", over.join("\n"));
    }
    Ok(tarballs)
}

/// Nightly's sysroot (`rustc --print sysroot`), where rust-src keeps std's sources.
fn nightly_sysroot() -> Option<PathBuf> {
    let out = std::process::Command::new("rustup")
        .args(["run", "nightly", "rustc", "--print", "sysroot"])
        .output()
        .ok()?;
    out.status.success().then(|| PathBuf::from(String::from_utf8_lossy(&out.stdout).trim()))
}

fn budgets_apply(profile: &str) -> bool {
    profile.starts_with("release")
}

/// Builds every tool and the multicall binary for `target`, statically linked, and
/// checks what came out.
pub fn build(target: &str, profile: &str, target_dir: &Path) -> Result<Build> {
    let root = crate::root();
    let from_source = musl_from_source_flags(target, target_dir)?;
    let mut cmd = if from_source.is_some() {
        // -Zbuild-std is nightly's; rustup's proxy picks the toolchain
        let mut c = std::process::Command::new("rustup");
        c.args(["run", "nightly", "cargo", "-Zbuild-std=std,panic_abort"]);
        c
    } else {
        crate::cargo()
    };
    cmd.current_dir(&root).args(["build", "--locked", "--profile", profile, "--target", target]);
    for t in TOOLS {
        cmd.args(["-p", t.package]);
    }
    cmd.args(["-p", MULTICALL]);
    cmd.env("CARGO_TARGET_DIR", target_dir);
    // Paths compiled into panic locations must not depend on where the tree or the
    // cargo home sits, or two checkouts would build different bytes.
    let mut flags =
        vec!["-Ctarget-feature=+crt-static".to_string(), format!("--remap-path-prefix={}=.", root.display())];
    if let Some(home) = cargo_home() {
        flags.push(format!("--remap-path-prefix={}=/cargo", home.display()));
    }
    // build scripts' OUT_DIR lives there
    flags.push(format!("--remap-path-prefix={}=/target", target_dir.display()));
    if let Some(extra) = from_source {
        flags.extend(extra);
        // std's own sources, compiled here, sit in the toolchain's sysroot
        if let Some(sysroot) = nightly_sysroot() {
            flags.push(format!(
                "--remap-path-prefix={}=/rustc",
                sysroot.join("lib/rustlib/src/rust").display()
            ));
        }
    }
    if profile == "dev" {
        // Test builds: without debug info they are a tenth of the size to pack.
        flags.extend(["-Cdebuginfo=0".to_string(), "-Cstrip=symbols".to_string()]);
    }
    cmd.env("CARGO_ENCODED_RUSTFLAGS", flags.join("\x1f"));
    if let Some(linker) = linker(target) {
        let var = format!("CARGO_TARGET_{}_LINKER", target.to_ascii_uppercase().replace('-', "_"));
        if std::env::var_os(&var).is_none() {
            cmd.env(var, linker);
        }
    }
    let status = cmd.status().context("running cargo build")?;
    if !status.success() {
        bail!("cargo build for {target} failed");
    }
    let dir = target_dir.join(target).join(if profile == "dev" { "debug" } else { profile });
    let machine = elf::machine_of(target)?;
    let mut binaries = Vec::new();
    for name in TOOLS.iter().map(|t| t.name).chain([MULTICALL]) {
        let path = dir.join(name);
        let data = std::fs::read(&path).with_context(|| format!("reading {}", path.display()))?;
        let f = elf::facts(&data).with_context(|| path.display().to_string())?;
        if f.interpreter || f.machine != machine {
            bail!("{} is not a static {target} binary: {f:?}", path.display());
        }
        if budgets_apply(profile) && f.symtab {
            bail!("{} is not stripped", path.display());
        }
        binaries.push((name.to_string(), data));
    }
    smoke_test(target, &dir)?;
    Ok(Build { target: target.to_string(), dir, binaries })
}

/// Runs `nsutils --list` from the build: natively on x86_64 and i686, under
/// qemu-user for another architecture when qemu is installed.
fn smoke_test(target: &str, dir: &Path) -> Result<()> {
    let bin = dir.join(MULTICALL);
    let mut cmd = match emulator(target) {
        None => std::process::Command::new(&bin),
        Some(arch) => {
            let names = [format!("qemu-{arch}-static"), format!("qemu-{arch}")];
            let path = std::env::var_os("PATH").unwrap_or_default();
            let found = names
                .iter()
                .find_map(|n| std::env::split_paths(&path).map(|d| d.join(n)).find(|p| p.is_file()));
            let Some(qemu) = found else {
                println!("{target}: qemu-{arch} not installed, binaries not run");
                return Ok(());
            };
            let mut c = std::process::Command::new(qemu);
            c.arg(&bin);
            c
        }
    };
    let out = cmd.arg("--list").output().with_context(|| format!("running {}", bin.display()))?;
    let listed = String::from_utf8_lossy(&out.stdout);
    if !out.status.success() || listed.lines().collect::<Vec<_>>() != crate::tools::all_names() {
        bail!("{} --list failed: {listed}{}", bin.display(), String::from_utf8_lossy(&out.stderr));
    }
    Ok(())
}

fn cargo_home() -> Option<PathBuf> {
    std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
}

/// Prints every size against its budget; fails if any is over and `enforce`.
pub fn report_sizes(b: &Build, enforce: bool) -> Result<()> {
    let mut over = Vec::new();
    println!("{}:", b.target);
    for (name, data) in &b.binaries {
        let budget = if name == MULTICALL { MULTICALL_BUDGET } else { TOOL_BUDGET };
        let size = data.len() as u64;
        let mark = match (size > budget, enforce || !budgets_enforced(&b.target)) {
            (false, _) => "ok",
            (true, true) if !enforce => "over (static glibc: not enforced)",
            (true, _) => "OVER",
        };
        println!(
            "  {name:<10} {size:>9} bytes ({:>6.1} KiB)  budget {:>5} KiB  {mark}",
            size as f64 / 1024.0,
            budget / 1024
        );
        if size > budget {
            over.push(name.as_str());
        }
    }
    if enforce && !over.is_empty() {
        bail!("over the size budget: {}", over.join(", "));
    }
    Ok(())
}

/// The tarball's contents, laid out as an installation prefix (so that
/// `cp -a bin share /usr/local/` installs it) plus README and licenses at the top.
pub fn tree(b: &Build) -> Result<Tree> {
    let mut t = share_tree()?;
    for (name, data) in &b.binaries {
        t.executable(format!("bin/{name}"), data.clone());
    }
    for tool in TOOLS {
        for alias in tool.aliases {
            t.symlink(format!("bin/{alias}"), tool.name);
        }
    }
    let root = crate::root();
    for doc in ["README.md", "LICENSE-MIT", "LICENSE-APACHE"] {
        let data = std::fs::read(root.join(doc)).with_context(|| format!("reading {doc}"))?;
        t.file(doc, data);
    }
    Ok(t)
}

/// Man pages and completions under `share/`, where distributions put them.
pub fn share_tree() -> Result<Tree> {
    let mut t = Tree::default();
    for (rel, data) in man::pages()? {
        t.file(format!("share/man/{rel}"), data);
    }
    for s in completions::scripts() {
        t.file(format!("share/{}", s.install_path()), s.data);
    }
    Ok(t)
}

/// SOURCE_DATE_EPOCH, else the time of the last commit, else 0: every entry of
/// every tarball carries this one timestamp.
pub fn source_date_epoch() -> u64 {
    if let Some(v) = std::env::var("SOURCE_DATE_EPOCH").ok().and_then(|v| v.parse().ok()) {
        return v;
    }
    std::process::Command::new("git")
        .current_dir(crate::root())
        .args(["log", "-1", "--format=%ct"])
        .output()
        .ok()
        .filter(|o| o.status.success())
        .and_then(|o| String::from_utf8_lossy(&o.stdout).trim().parse().ok())
        .unwrap_or(0)
}

/// SHA256SUMS for every tarball in `out`, in `sha256sum -c` format.
pub fn write_sums(out: &Path) -> Result<()> {
    let mut names: Vec<String> = std::fs::read_dir(out)?
        .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
        .filter(|n| n.ends_with(".tar.gz"))
        .collect();
    names.sort();
    let mut sums = String::new();
    for n in names {
        let data = std::fs::read(out.join(&n))?;
        sums.push_str(&format!("{}  {n}\n", hex(&Sha256::digest(&data))));
    }
    std::fs::write(out.join("SHA256SUMS"), sums)?;
    Ok(())
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
