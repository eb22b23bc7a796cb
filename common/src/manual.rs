//! What a tool's manual page says beyond its option table: the descriptions that
//! `cargo xtask man` and `completions` render. Nothing here is used at run time.

use crate::cli::HasArg;

/// A tool's manual: everything `cargo xtask man` and `completions` need beyond the
/// option table. Each tool exports one as `pub fn manual() -> Manual`.
#[derive(Debug, Clone)]
pub struct Manual {
    pub name: &'static str,
    /// 1 for user commands, 8 for system administration (lsns, chroot).
    pub section: u8,
    pub about: &'static str,
    pub synopsis: &'static [&'static str],
    pub description: &'static str,
    /// One (short, long, arg, value, help) row per option, in table order.
    pub options: Vec<OptInfo>,
    pub exit_status: &'static str,
    pub examples: &'static [(&'static str, &'static str)],
    pub see_also: &'static [&'static str],
}

/// A type-erased view of one [`Opt`], for documentation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OptInfo {
    pub short: Option<char>,
    pub long: Option<&'static str>,
    pub arg: HasArg,
    pub value: &'static str,
    pub help: &'static str,
}
