//! docs/PACKAGING.md's recipes, run as written where that cannot touch the host: the
//! offline build of the vendored source tarball, the install layout, the multicall
//! links, and dpkg-divert inside a private mount namespace.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use nstest::{cmd, need_root, ours, run, run_with_timeout, skip, TempDir};

const VERSION: &str = env!("CARGO_PKG_VERSION");

fn doc() -> String {
    let path = xtask::root().join("docs/PACKAGING.md");
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The fenced block after `<!-- KIND: NAME -->` in docs/PACKAGING.md.
fn block(kind: &str, name: &str) -> String {
    let doc = doc();
    let marker = format!("<!-- {kind}: {name} -->");
    let after = doc.split_once(&marker).unwrap_or_else(|| panic!("{marker} not in PACKAGING.md")).1;
    let body = after.split_once("```").and_then(|(_, b)| b.split_once('\n')).expect("a fence").1;
    body.split_once("```").expect("the closing fence").0.to_string()
}

fn ok(o: &nstest::Output, what: &str) -> String {
    assert_eq!(o.code(), Some(0), "{what}: {}{}", o.out(), o.err());
    o.out()
}

/// `{a,b}` in the documented file list, expanded as the shell would.
fn expand(line: &str) -> Vec<String> {
    let Some((head, rest)) = line.split_once('{') else { return vec![line.to_string()] };
    let (alts, tail) = rest.split_once('}').expect("closing brace");
    alts.split(',').map(|a| format!("{head}{a}{tail}")).collect()
}

fn listing(base: &Path) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for rel in xtask::walk(base).expect("walk") {
        let p = base.join(&rel);
        match std::fs::read_link(&p) {
            Ok(t) => out.insert(format!("{rel} -> {}", t.display())),
            Err(_) => out.insert(rel),
        };
    }
    out
}

/// The vendored tarball builds the release multicall binary with no network and an
/// empty cargo home, and what it built runs.
#[test]
fn vendored_source_builds_offline() {
    let _machine = nstest::sharing();
    let tmp = TempDir::new("vendored");
    let tarball = xtask::source::run(&tmp.join("out"), &tmp.join("scratch"), 0).expect("source tarball");
    let src = tmp.join("src");
    std::fs::create_dir_all(&src).expect("mkdir");
    ok(
        &run(&mut cmd("tar", ["-xzf".as_ref(), tarball.as_os_str(), "-C".as_ref(), src.as_os_str()])),
        "tar -x",
    );
    let top = src.join(format!("nsutils-{VERSION}"));
    assert!(top.join("vendor/libc/Cargo.toml").is_file(), "libc vendored");
    assert!(top.join("Cargo.lock").is_file() && top.join("xtask/src/main.rs").is_file());
    let home = tmp.join("cargo-home");
    std::fs::create_dir_all(&home).expect("mkdir");
    let mut c = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    c.current_dir(&top)
        .args(["build", "--frozen", "--release", "-p", "nsutils"])
        .env("CARGO_HOME", &home)
        .env("CARGO_NET_OFFLINE", "true")
        .env("CARGO_TARGET_DIR", tmp.join("target"));
    // what the test's own cargo run passes on is not the packager's build
    for (k, _) in std::env::vars_os() {
        let k = k.to_string_lossy().into_owned();
        if k.starts_with("CARGO_BUILD_") || k.starts_with("CARGO_TARGET_") || k.contains("RUSTFLAGS") {
            c.env_remove(&k);
        }
    }
    c.env("CARGO_TARGET_DIR", tmp.join("target"));
    let o = run_with_timeout(&mut c, Duration::from_secs(900));
    ok(&o, "offline cargo build --frozen");
    assert!(!home.join("registry").exists(), "the build went to a registry");
    let bin = tmp.join("target/release/nsutils");
    let v = run(&mut cmd(&bin, ["hostname", "--version"]));
    assert_eq!(ok(&v, "hostname --version"), format!("hostname from nsutils {VERSION}\n"));
    let h = run(&mut cmd(&bin, ["unshare", "--help"]));
    assert!(ok(&h, "unshare --help").starts_with("\nUsage:\n unshare [options]"), "{}", h.out());
    // the documented recipe is this build
    let recipe = block("recipe", "offline");
    assert!(recipe.contains("cargo build --frozen --release -p nsutils"), "{recipe}");
}

fn bin_dir() -> PathBuf {
    ours("nsutils").parent().expect("bin dir").to_path_buf()
}

/// `cargo xtask install --prefix /usr --destdir D` writes the documented list.
#[test]
fn install_writes_the_documented_files() {
    let _machine = nstest::sharing();
    let tmp = TempDir::new("install");
    let opts = xtask::install::Options {
        prefix: "/usr".into(),
        destdir: Some(tmp.join("d")),
        multicall: false,
        bin_dir: Some(bin_dir()),
    };
    xtask::install::run(&opts).expect("install");
    let want: BTreeSet<String> = block("list", "install").lines().flat_map(expand).collect();
    assert_eq!(listing(&tmp.join("d")), want);
    let v = run(&mut cmd(tmp.join("d/usr/bin/unshare"), ["--version"]));
    assert_eq!(ok(&v, "unshare --version"), format!("unshare from nsutils {VERSION}\n"));
}

/// A recipe from the doc run by sh with `target/release` replaced by our build and
/// DESTDIR set.
fn run_recipe(name: &str, destdir: &Path) -> nstest::Output {
    let script = block("recipe", name).replace("target/release", &bin_dir().display().to_string());
    let mut c = cmd("sh", ["-euc", script.as_str()]);
    c.current_dir(xtask::root()).env("DESTDIR", destdir);
    run_with_timeout(&mut c, Duration::from_secs(300))
}

#[test]
fn own_prefix_and_multicall_links() {
    let _machine = nstest::sharing();
    let tmp = TempDir::new("beside");
    ok(&run_recipe("own-prefix", &tmp.join("a")), "own-prefix");
    let v = run(&mut cmd(tmp.join("a/opt/nsutils/bin/lsns"), ["--version"]));
    assert_eq!(ok(&v, "lsns --version"), format!("lsns from nsutils {VERSION}\n"));
    assert!(tmp.join("a/opt/nsutils/share/man/man8/lsns.8").is_file());

    ok(&run_recipe("multicall-links", &tmp.join("b")), "multicall-links");
    let dir = tmp.join("b/opt/nsutils/bin");
    for name in xtask::tools::all_names() {
        assert_eq!(std::fs::read_link(dir.join(name)).ok(), Some(PathBuf::from("nsutils")), "{name}");
    }
    let v = run(&mut cmd(dir.join("chroot"), ["--version"]));
    assert!(ok(&v, "chroot --version").starts_with("chroot from nsutils"), "{}", v.out());
}

/// The divert and undivert recipes, verbatim, in a private mount namespace whose
/// /usr/bin, /usr/sbin and /var/lib/dpkg are overlays (writes go to a tmpfs) and whose
/// /usr/local is a tmpfs with our tools: the host's files and dpkg database never
/// change.
#[test]
fn dpkg_divert_makes_ours_the_default_and_undoes_it() {
    let _machine = nstest::sharing();
    if !need_root("overlay mounts in a private mount namespace") {
        return;
    }
    if !Path::new("/usr/bin/dpkg-divert").exists() || !Path::new("/var/lib/dpkg/diversions").exists() {
        skip("not a Debian system (no dpkg-divert)");
        return;
    }
    let before = std::fs::read("/var/lib/dpkg/diversions").expect("diversions");
    let reference = std::fs::read("/usr/bin/unshare").expect("util-linux unshare");
    let tmp = TempDir::new("divert");
    let script = format!(
        r#"set -eu
mount -t tmpfs scratch "$T"
for d in /usr/bin /usr/sbin /var/lib/dpkg; do
    n=$(echo "$d" | tr / _)
    mkdir -p "$T/u$n" "$T/w$n"
    mount -t overlay -o "lowerdir=$d,upperdir=$T/u$n,workdir=$T/w$n" overlay "$d"
done
mount -t tmpfs local /usr/local
mkdir /usr/local/bin
for t in unshare nsenter lsns chroot hostname; do cp "$BINS/$t" /usr/local/bin/; done
echo "== divert"
{divert}
for t in /usr/bin/unshare /usr/bin/nsenter /usr/bin/lsns /usr/sbin/chroot /bin/hostname; do
    "$t" --version | head -1
done
/usr/bin/unshare.util-linux --version
dpkg-divert --list | grep -E '[.](util-linux|coreutils|debian)$' | sort
echo "== undivert"
{undivert}
/usr/bin/unshare --version
dpkg-divert --list | grep -cE '[.](util-linux|coreutils|debian)$' || true
"#,
        divert = block("recipe", "divert"),
        undivert = block("recipe", "undivert"),
    );
    let mut c = cmd("/usr/bin/unshare", ["-m", "--propagation", "private", "sh", "-c", script.as_str()]);
    c.env("T", tmp.path()).env("BINS", bin_dir());
    let o = run_with_timeout(&mut c, Duration::from_secs(60));
    let out = ok(&o, "the divert recipes");
    let (diverted, undone) = out.split_once("== undivert\n").expect("both halves ran");
    for t in ["unshare", "nsenter", "lsns", "chroot", "hostname"] {
        assert!(diverted.contains(&format!("{t} from nsutils {VERSION}\n")), "{t}: {out}");
    }
    assert!(diverted.contains("unshare.util-linux from util-linux"), "{out}");
    for d in ["/usr/bin/unshare.util-linux", "/usr/sbin/chroot.coreutils", "/bin/hostname.debian"] {
        assert!(diverted.contains(&format!(" to {d}\n")), "{d}: {out}");
    }
    assert!(undone.contains("\nunshare from util-linux"), "{out}");
    assert_eq!(undone.lines().last(), Some("0"), "{out}");
    assert_eq!(std::fs::read("/var/lib/dpkg/diversions").expect("diversions"), before, "host dpkg changed");
    assert_eq!(std::fs::read("/usr/bin/unshare").expect("unshare"), reference, "host unshare changed");
    assert!(!Path::new("/usr/bin/unshare.util-linux").exists(), "host /usr/bin changed");
}
