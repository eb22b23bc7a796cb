//! Replays the committed fuzz corpus (fuzz/corpus/TARGET/*) through the fuzz
//! harnesses on stable Rust, so every input that once crashed a parser, and every
//! seed, is checked by `cargo test` too. `.ci/fuzz` runs the real fuzzers when
//! nightly and cargo-fuzz are there.
//!
//! Each input runs on a thread with the 8 MiB stack a tool's main thread has, so a
//! parser that recurses too deep fails here as it would in the tool.

#[allow(dead_code)]
#[path = "../../../fuzz/src/lib.rs"]
mod harness;

use std::path::{Path, PathBuf};

fn corpus_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuzz/corpus")
}

fn inputs(target: &str) -> Vec<PathBuf> {
    let dir = corpus_root().join(target);
    let mut v: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("corpus entry").path())
        .filter(|p| p.is_file())
        .collect();
    v.sort();
    v
}

fn replay(target: &str) {
    let (_, run) = harness::TARGETS.iter().find(|(n, _)| *n == target).expect("a known target");
    let files = inputs(target);
    assert!(!files.is_empty(), "fuzz/corpus/{target} has no inputs");
    let mut failures = Vec::new();
    for file in files {
        let data = std::fs::read(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let run = *run;
        let result = std::thread::Builder::new()
            .name(format!("{target}:{}", file.display()))
            .stack_size(8 << 20)
            .spawn(move || run(&data))
            .expect("spawn a replay thread")
            .join();
        if result.is_err() {
            failures.push(file.display().to_string());
        }
    }
    assert!(failures.is_empty(), "{target} failed on {failures:?} (see the panic messages above)");
}

macro_rules! replays {
    ($($name:ident),* $(,)?) => {
        $(
            #[test]
            fn $name() {
                replay(stringify!($name));
            }
        )*

        #[test]
        fn every_target_is_replayed_and_has_a_corpus() {
            let tested = [$(stringify!($name)),*];
            let mut targets: Vec<&str> = harness::TARGETS.iter().map(|(n, _)| *n).collect();
            targets.sort_unstable();
            let mut tested = tested.to_vec();
            tested.sort_unstable();
            assert_eq!(targets, tested, "fuzz_corpus.rs must replay every harness target");
            let mut dirs: Vec<String> = std::fs::read_dir(corpus_root())
                .expect("fuzz/corpus")
                .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
                .collect();
            dirs.sort_unstable();
            assert_eq!(dirs, targets, "one corpus directory per target");
            let bins: Vec<String> = std::fs::read_dir(corpus_root().join("../fuzz_targets"))
                .expect("fuzz/fuzz_targets")
                .map(|e| e.expect("entry").file_name().to_string_lossy().trim_end_matches(".rs").to_string())
                .collect();
            for t in &targets {
                assert!(bins.iter().any(|b| b == t), "fuzz/fuzz_targets/{t}.rs is missing");
            }
        }
    };
}

replays!(
    getopt,
    unshare_options,
    nsenter_numbers,
    lsns_options,
    lsns_filter,
    lsns_table,
    chroot_specs,
    hostname_names,
    idmap,
    subids,
    procfs,
    users,
    i18n_catalog,
    i18n_plural,
    i18n_format,
);
