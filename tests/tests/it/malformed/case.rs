//! One malformed command line and what ours must do with it: the type of the table in
//! `cases.rs`, shared by the C-locale run (`malformed.rs`) and the run under every
//! locale (`locales.rs`).

use std::ffi::OsString;
use std::path::Path;
use std::process::Command;

/// What ours must do.
#[derive(Clone, Copy, Debug)]
pub enum Want {
    /// Exactly what the reference does: status, stdout, stderr.
    Same,
    /// Upstream fixed (or added) this after the installed reference: our status and
    /// the start of our first stderr line; `try_help` says a usage error's second
    /// line follows.
    Fixed { status: i32, first: &'static str, try_help: bool },
}

pub struct Case {
    /// argv\[0\]: the tool, or one of hostname's other names.
    pub name: &'static str,
    pub args: Vec<OsString>,
    pub want: Want,
    /// Variables set for both runs (SHELL, the locale, POSIXLY_CORRECT).
    pub env: Vec<(&'static str, &'static str)>,
}

impl Case {
    pub fn with_env(mut self, var: &'static str, value: &'static str) -> Case {
        self.env.push((var, value));
        self
    }

    /// The binary behind the case's name: hostname's aliases are the hostname binary.
    pub fn tool(&self) -> &'static str {
        tool_of(self.name)
    }

    /// `program` run as this case, argv\[0\] the case's name, in the sandbox's private
    /// mount and UTS namespaces, with the caller's locale variables removed and then
    /// `locale`'s and the case's own variables set (the case's last, so they win).
    pub fn command(&self, program: &Path, locale: &[(&str, &str)], sandbox: &nstest::Sandbox) -> Command {
        let mut cmd = sandbox.command(program, self.name);
        cmd.args(&self.args);
        nstest::without_locale(&mut cmd);
        cmd.envs(locale.iter().copied()).envs(self.env.iter().copied());
        cmd
    }
}

pub fn case(name: &'static str, args: &[&str], want: Want) -> Case {
    Case { name, args: args.iter().map(OsString::from).collect(), want, env: Vec::new() }
}

pub fn same(name: &'static str, args: &[&str]) -> Case {
    case(name, args, Want::Same)
}

pub fn fixed(name: &'static str, args: &[&str], status: i32, first: &'static str) -> Case {
    case(name, args, Want::Fixed { status, first, try_help: false })
}

pub fn fixed_usage(name: &'static str, args: &[&str], first: &'static str) -> Case {
    case(name, args, Want::Fixed { status: 1, first, try_help: true })
}

/// A case whose arguments are built at run time (huge, with newlines, with a pid).
pub fn same_os(name: &'static str, args: Vec<OsString>) -> Case {
    Case { name, args, want: Want::Same, env: Vec::new() }
}

pub fn os(parts: &[&str]) -> Vec<OsString> {
    parts.iter().map(OsString::from).collect()
}

/// The binary behind a name: hostname's aliases are the hostname binary.
pub fn tool_of(name: &str) -> &'static str {
    common::tools::tool_of(name).unwrap_or_else(|| panic!("{name} is no tool's name")).name
}

/// The length of the control character `s` starts with, if it starts with one: C0 and
/// DEL (one byte), C1 as UTF-8 (`\xc2\x80`..`\xc2\x9f`) or as a lone byte that starts
/// no valid UTF-8 sequence.
fn control_at(s: &[u8]) -> Option<usize> {
    match s {
        [b, ..] if *b < 0x20 || *b == 0x7f => Some(1),
        [0xc2, c, ..] if (0x80..0xa0).contains(c) => Some(2),
        [b, ..] if (0x80..0xa0).contains(b) => Some(1),
        _ => None,
    }
}

/// Our escape form for a user-supplied string with control characters: each byte of
/// each control character as `\xNN` (lower-case hex, as `lsns --raw` writes them);
/// everything else as is.
pub fn escape_controls(s: &[u8]) -> Vec<u8> {
    escape_controls_but(s, None)
}

/// The length of the valid UTF-8 character `s` starts with, or 1.
fn char_len(s: &[u8]) -> usize {
    let window = &s[..s.len().min(4)];
    window.utf8_chunks().next().and_then(|c| c.valid().chars().next()).map_or(1, char::len_utf8)
}

/// [`escape_controls`], leaving `keep` (a newline the tool printed itself) raw.
fn escape_controls_but(s: &[u8], keep: Option<u8>) -> Vec<u8> {
    let mut out = Vec::with_capacity(s.len());
    let mut i = 0;
    while i < s.len() {
        match control_at(&s[i..]) {
            Some(len) if keep != Some(s[i]) => {
                for b in &s[i..i + len] {
                    out.extend_from_slice(format!("\\x{b:02x}").as_bytes());
                }
                i += len;
            }
            _ => {
                // a valid multi-byte character is copied whole, so that its
                // continuation bytes are not taken for lone C1 bytes
                let len = char_len(&s[i..]);
                out.extend_from_slice(&s[i..i + len]);
                i += len;
            }
        }
    }
    out
}

/// What ours must print where the reference printed `reference`, given the arguments:
/// the one deliberate deviation in messages (docs/COMPATIBILITY.md, issue 11) is that
/// a user-supplied string holding control characters is escaped, so every diagnostic
/// stays one line and no raw terminal sequence reaches the terminal. A newline is
/// escaped where it is part of an argument as printed (the whole argument, or its
/// tail after `--opt=`, a glued short option or a `,`/`:` list separator); any other
/// control character (C0, DEL, C1) wherever it is, as the tools print none of their own
/// on stderr.
/// A reference that already quotes the string (coreutils' shell quoting) has no raw
/// control character, so nothing changes there.
pub fn expected_with_escapes(reference: &[u8], args: &[OsString]) -> Vec<u8> {
    use std::os::unix::ffi::OsStrExt;
    let mut raw: Vec<&[u8]> = Vec::new();
    for a in args.iter().map(|a| a.as_bytes()).filter(|a| a.contains(&b'\n')) {
        raw.push(a);
        if a.len() > 2 && a[0] == b'-' && a[1] != b'-' {
            raw.push(&a[2..]);
        }
        raw.extend(
            a.iter().enumerate().filter(|(_, &b)| matches!(b, b'=' | b',' | b':')).map(|(i, _)| &a[i + 1..]),
        );
    }
    // longest first, so a whole argument is replaced before its tail alone
    raw.sort_by_key(|r| std::cmp::Reverse(r.len()));
    let mut out = reference.to_vec();
    for r in raw.into_iter().filter(|r| r.contains(&b'\n')) {
        out = replace_all(&out, r, &escape_controls(r));
    }
    escape_controls_but(&out, Some(b'\n'))
}

fn replace_all(hay: &[u8], needle: &[u8], with: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(hay.len());
    let mut i = 0;
    while i < hay.len() {
        if hay[i..].starts_with(needle) {
            out.extend_from_slice(with);
            i += needle.len();
        } else {
            out.push(hay[i]);
            i += 1;
        }
    }
    out
}

/// How many times [`reference_run`] runs the reference at the most.
const REFERENCE_TRIES: usize = 5;

/// util-linux 2.38.1's lsns gives up, exit 1 without a word, when a process vanishes
/// while it scans /proc (docs/COMPATIBILITY.md), and the other tests' processes come
/// and go all the time: such a run of the reference says nothing about ours. Runs
/// `run` (a run of the reference `tool`) again while that is what it shows, at most
/// [`REFERENCE_TRIES`] times in all.
pub fn reference_run(tool: &str, mut run: impl FnMut() -> nstest::Output) -> nstest::Output {
    let gave_up = |o: &nstest::Output| {
        tool == "lsns" && o.code() == Some(1) && o.stdout.is_empty() && o.stderr.is_empty()
    };
    let mut out = run();
    for _ in 1..REFERENCE_TRIES {
        if !gave_up(&out) {
            break;
        }
        out = run();
    }
    out
}
