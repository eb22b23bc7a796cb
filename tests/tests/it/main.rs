//! The cross-tool tests, in one test binary (modules, not files of their own, so it
//! links once). Tests in other packages cannot see these binaries' `CARGO_BIN_EXE_*`,
//! so they are found next to this binary (`nstest::ours`).

mod churn;
mod fuzz_corpus;
mod guide;
mod hygiene;
mod locales;
mod malformed;
mod packaging;
mod release;
mod static_bins;
