//! The command-line layer every tool shares: a getopt_long-compatible parser driven by
//! one option table per tool, and the only place in `common` that prints.
//!
//! Why not clap's parser: scripts depend on getopt's quirks (abbreviated long options
//! with glibc's ambiguity rule, `+` versus permuting mode, optional arguments only in
//! the attached form, `-m/path` for nsenter, glibc's exact messages and the tools' own
//! exit statuses). The same table feeds clap in `xtask` for man pages and completions,
//! so each option is still declared once.

use std::ffi::{OsStr, OsString};
use std::fmt;
use std::os::unix::ffi::OsStrExt;
use std::process::ExitCode;
use std::sync::OnceLock;

use crate::error::Error;
use crate::i18n::Domain;
use crate::manual::OptInfo;
use crate::message::Message;
use crate::msg;

pub mod help;
mod stdio;
pub use stdio::{exit_status, print_stdout, write_stderr, write_stdout};

/// Whether an option takes an argument, as in `struct option.has_arg`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HasArg {
    No,
    /// `-w DIR`, `-wDIR`, `--wd DIR`, `--wd=DIR`.
    Required,
    /// Long: only `--mount=FILE`. Short: only attached, `-mFILE`.
    Optional,
}

/// One row of a tool's option table. A long alias of a short option is a second row
/// with the same `id` and no `short`.
#[derive(Clone, Copy, Debug)]
pub struct Opt<T: 'static> {
    pub id: T,
    pub short: Option<char>,
    pub long: Option<&'static str>,
    pub arg: HasArg,
    /// Placeholder for the argument in help, man pages and completions.
    pub value: &'static str,
    /// One line for man pages and completions.
    pub help: &'static str,
    /// The msgid of the option's `--help` entry, as upstream prints it (one or more
    /// whole lines); empty for rows that `--help` does not show on their own.
    pub usage: &'static str,
}

impl<T: Copy> Opt<T> {
    /// The row with its `--help` msgid.
    pub const fn usage(mut self, usage: &'static str) -> Self {
        self.usage = usage;
        self
    }

    pub const fn flag(id: T, short: Option<char>, long: &'static str, help: &'static str) -> Self {
        Opt { id, short, long: Some(long), arg: HasArg::No, value: "", help, usage: "" }
    }

    pub const fn req(
        id: T,
        short: Option<char>,
        long: &'static str,
        value: &'static str,
        help: &'static str,
    ) -> Self {
        Opt { id, short, long: Some(long), arg: HasArg::Required, value, help, usage: "" }
    }

    pub const fn optional(
        id: T,
        short: Option<char>,
        long: &'static str,
        value: &'static str,
        help: &'static str,
    ) -> Self {
        Opt { id, short, long: Some(long), arg: HasArg::Optional, value, help, usage: "" }
    }
}

/// How non-option words are treated.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ordering {
    /// getopt's leading `+`: the first non-option ends option parsing (unshare, nsenter,
    /// chroot), so `unshare -r ls -l` gives `-l` to ls.
    RequireOrder,
    /// glibc's default: options may follow operands (lsns, hostname), unless
    /// POSIXLY_CORRECT is set.
    Permute,
}

/// A tool's whole option table.
#[derive(Debug)]
pub struct Spec<T: 'static> {
    pub opts: &'static [Opt<T>],
    pub ordering: Ordering,
}

impl<T: Copy> Spec<T> {
    /// The option table without the tool's ids.
    pub fn infos(&self) -> Vec<OptInfo> {
        self.opts
            .iter()
            .map(|o| OptInfo { short: o.short, long: o.long, arg: o.arg, value: o.value, help: o.help })
            .collect()
    }
}

/// What the parser found, in command-line order.
#[derive(Debug, PartialEq, Eq)]
pub struct Parsed<T> {
    pub opts: Vec<(T, Option<OsString>)>,
    pub operands: Vec<OsString>,
}

/// getopt's complaints, worded as glibc words them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UsageError {
    /// The whole word as typed, `--` included.
    Unrecognized(Vec<u8>),
    /// getopt names one byte, even of a multi-byte character.
    Invalid(u8),
    ShortNeedsArg(u8),
    LongNeedsArg(&'static str),
    LongNoArg(&'static str),
    Ambiguous(Vec<u8>, Vec<&'static str>),
}

impl UsageError {
    /// glibc's getopt message (libc's domain), `argv0` first as glibc prints it.
    pub fn message(&self, argv0: &[u8]) -> Message {
        let long = |id: &'static str, name: &[u8]| msg!(id, argv0, "--", name).in_domain(Domain::Libc);
        match self {
            UsageError::Unrecognized(s) => {
                long("%s: unrecognized option '%s%s'\n", s.get(2..).unwrap_or_default())
            }
            UsageError::Invalid(c) => msg!("%s: invalid option -- '%c'\n", argv0, *c).in_domain(Domain::Libc),
            UsageError::ShortNeedsArg(c) => {
                msg!("%s: option requires an argument -- '%c'\n", argv0, *c).in_domain(Domain::Libc)
            }
            UsageError::LongNeedsArg(n) => long("%s: option '%s%s' requires an argument\n", n.as_bytes()),
            UsageError::LongNoArg(n) => long("%s: option '%s%s' doesn't allow an argument\n", n.as_bytes()),
            UsageError::Ambiguous(s, _) => {
                long("%s: option '%s%s' is ambiguous; possibilities:", s.get(2..).unwrap_or_default())
            }
        }
    }

    /// The whole of getopt's output for this error in the language of `domain`: the
    /// message, and for an ambiguous option its candidates (never translated).
    pub fn render(&self, argv0: &[u8], domain: Option<Domain>) -> Vec<u8> {
        let mut v = self.message(argv0).render(domain.map(|_| Domain::Libc));
        if let UsageError::Ambiguous(_, candidates) = self {
            for n in candidates {
                v.extend_from_slice(b" '--");
                v.extend_from_slice(n.as_bytes());
                v.push(b'\'');
            }
            v.push(b'\n');
        }
        v
    }

    /// The message in English, without the program prefix and the newline.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut v = self.render(b"", None);
        v.drain(..2.min(v.len()));
        if v.last() == Some(&b'\n') {
            v.pop();
        }
        v
    }
}

impl fmt::Display for UsageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&String::from_utf8_lossy(&self.to_bytes()))
    }
}

impl<T: Copy + PartialEq + 'static> Spec<T> {
    /// Parses `args` (without argv\[0\]) the way glibc's getopt_long would.
    pub fn parse<I>(&self, args: I) -> Result<Parsed<T>, UsageError>
    where
        I: IntoIterator<Item = OsString>,
    {
        match self.parse_until_error(args) {
            (parsed, None) => Ok(parsed),
            (_, Some(e)) => Err(e),
        }
    }

    /// Like [`Spec::parse`], but also returns the options getopt would have handed
    /// out before it hit the error, so a tool whose options act as they are seen
    /// (nsenter opens `-m/path` at once) fails in getopt's order.
    pub fn parse_until_error<I>(&self, args: I) -> (Parsed<T>, Option<UsageError>)
    where
        I: IntoIterator<Item = OsString>,
    {
        let mut out = Parsed { opts: Vec::new(), operands: Vec::new() };
        let err = self.parse_into(args, &mut out).err();
        (out, err)
    }

    fn parse_into<I>(&self, args: I, out: &mut Parsed<T>) -> Result<(), UsageError>
    where
        I: IntoIterator<Item = OsString>,
    {
        let permute = self.ordering == Ordering::Permute && std::env::var_os("POSIXLY_CORRECT").is_none();
        let mut args = args.into_iter();
        while let Some(arg) = args.next() {
            let bytes = arg.as_bytes();
            if bytes == b"--" {
                out.operands.extend(args);
                break;
            }
            if bytes.len() < 2 || bytes[0] != b'-' {
                out.operands.push(arg);
                if !permute {
                    out.operands.extend(args);
                    break;
                }
                continue;
            }
            if let Some(long) = bytes.strip_prefix(b"--") {
                self.parse_long(long, &mut args, out)?;
            } else {
                self.parse_cluster(&bytes[1..], &mut args, out)?;
            }
        }
        Ok(())
    }

    fn parse_long(
        &self,
        word: &[u8],
        rest: &mut impl Iterator<Item = OsString>,
        out: &mut Parsed<T>,
    ) -> Result<(), UsageError> {
        let (name, value) = match word.iter().position(|&b| b == b'=') {
            Some(i) => (&word[..i], Some(&word[i + 1..])),
            None => (word, None),
        };
        let shown = || [b"--", word].concat();
        let opt = self.find_long(name).map_err(|candidates| match candidates {
            Some(c) => UsageError::Ambiguous(shown(), c),
            None => UsageError::Unrecognized(shown()),
        })?;
        let long = opt.long.unwrap_or_default();
        let value = match (opt.arg, value) {
            (HasArg::No, Some(_)) => return Err(UsageError::LongNoArg(long)),
            (HasArg::No, None) | (HasArg::Optional, None) => None,
            (_, Some(v)) => Some(OsStr::from_bytes(v).to_os_string()),
            (HasArg::Required, None) => Some(rest.next().ok_or(UsageError::LongNeedsArg(long))?),
        };
        out.opts.push((opt.id, value));
        Ok(())
    }

    /// Exact match first; otherwise a unique prefix, where candidates that are the same
    /// option (same id and argument kind) do not make it ambiguous, as in glibc.
    fn find_long(&self, name: &[u8]) -> Result<&Opt<T>, Option<Vec<&'static str>>> {
        let with_long = || self.opts.iter().filter_map(|o| o.long.map(|l| (o, l)));
        if let Some((o, _)) = with_long().find(|(_, l)| l.as_bytes() == name) {
            return Ok(o);
        }
        let candidates: Vec<_> = with_long().filter(|(_, l)| l.as_bytes().starts_with(name)).collect();
        let Some(&(first, _)) = candidates.first() else {
            return Err(None);
        };
        if candidates.iter().all(|(o, _)| o.id == first.id && o.arg == first.arg) {
            Ok(first)
        } else {
            Err(Some(candidates.iter().map(|&(_, l)| l).collect()))
        }
    }

    fn parse_cluster(
        &self,
        cluster: &[u8],
        rest: &mut impl Iterator<Item = OsString>,
        out: &mut Parsed<T>,
    ) -> Result<(), UsageError> {
        let mut i = 0;
        while i < cluster.len() {
            let byte = cluster[i];
            let opt = self
                .opts
                .iter()
                .find(|o| o.short.is_some_and(|c| c.is_ascii() && c as u8 == byte))
                .ok_or(UsageError::Invalid(byte))?;
            let attached = &cluster[i + 1..];
            let value = match opt.arg {
                HasArg::No => None,
                HasArg::Optional if attached.is_empty() => None,
                HasArg::Required if attached.is_empty() => {
                    Some(rest.next().ok_or(UsageError::ShortNeedsArg(byte))?)
                }
                _ => Some(OsStr::from_bytes(attached).to_os_string()),
            };
            out.opts.push((opt.id, value.clone()));
            if value.is_some() {
                return Ok(());
            }
            i += 1;
        }
        Ok(())
    }
}

struct Program {
    /// argv\[0\] as given: glibc's getopt messages use it unchanged.
    argv0: String,
    /// Its basename: util-linux's `program_invocation_short_name`.
    name: String,
    /// The tool's message domain; `None` for a tool that translates nothing.
    domain: Option<Domain>,
}

static PROGRAM: OnceLock<Program> = OnceLock::new();

/// Splits argv into the program name and the arguments, records the name for every
/// message, and gives back the caller's setup that Rust's runtime changed (closed
/// standard descriptors, SIGPIPE's disposition), which the program we exec inherits.
pub fn init<I>(args: I, default_name: &str, domain: Option<Domain>) -> (String, Vec<OsString>)
where
    I: IntoIterator<Item = OsString>,
{
    stdio::restore_caller_setup();
    let mut args = args.into_iter();
    let argv0 = args
        .next()
        .map(|a| a.to_string_lossy().into_owned())
        .filter(|a| !a.is_empty())
        .unwrap_or_else(|| default_name.to_string());
    let name = basename(&argv0).to_string();
    let _ = PROGRAM.set(Program { argv0, name: name.clone(), domain });
    (name, args.collect())
}

fn basename(path: &str) -> &str {
    path.rsplit('/').next().filter(|s| !s.is_empty()).unwrap_or(path)
}

/// The short program name used in every `name: message` line.
pub fn prog() -> &'static str {
    PROGRAM.get().map_or("nsutils", |p| p.name.as_str())
}

fn argv0() -> &'static str {
    PROGRAM.get().map_or("nsutils", |p| p.argv0.as_str())
}

/// The tool's message domain (`None`: nothing is translated).
pub fn domain() -> Option<Domain> {
    PROGRAM.get().and_then(|p| p.domain)
}

/// `message` in the user's language, for text the tool prints itself.
pub fn render(message: &Message) -> Vec<u8> {
    message.render(domain())
}

/// Prints `prog: message` on stderr.
pub fn warn(message: impl Into<Message>) {
    line(prog(), &render(&message.into()));
}

/// Prints `prefix: text` and a newline on stderr, in one write.
fn line(prefix: &str, text: &[u8]) {
    let mut v = Vec::with_capacity(prefix.len() + text.len() + 3);
    v.extend_from_slice(prefix.as_bytes());
    v.extend_from_slice(b": ");
    v.extend_from_slice(text);
    v.push(b'\n');
    write_stderr(&v);
}

/// Prints `prog: error` on stderr (`prog: message: strerror`), then its hint line;
/// nothing for an error another process already printed.
pub fn report(err: &Error) {
    report_after(prog(), err);
}

/// Like [`report`], prefixed with argv\[0\] as given (coreutils' `program_name`).
pub fn report_as_invoked(err: &Error) {
    report_after(argv0(), err);
}

fn report_after(prefix: &str, err: &Error) {
    if err.is_reported() {
        return;
    }
    line(prefix, &err.render(domain()));
    if let Some(hint) = err.hint() {
        line(prog(), &render(hint));
    }
}

/// Prints an error and returns the exit status to use (`default` unless the error
/// carries its own).
pub fn fail(err: &Error, default: u8) -> ExitCode {
    ExitCode::from(fail_status(err, default))
}

/// Like [`fail`], for a forked process that leaves through `_exit`.
pub fn fail_status(err: &Error, default: u8) -> u8 {
    report(err);
    err.status().unwrap_or(default)
}

/// Prints getopt's message (prefixed with argv\[0\] as given, like glibc).
pub fn print_usage_error(err: &UsageError) {
    write_stderr(&err.render(argv0().as_bytes(), domain()));
}

/// Why a tool's option parsing stopped before there was anything to run. Parsing
/// returns it; the tool prints it with [`Stop::report`].
#[derive(Debug)]
pub enum Stop {
    /// getopt's complaint, then the try-help line.
    Usage(UsageError),
    /// A bad option value: `prog: message`.
    Fail(Error),
    /// util-linux's err_exclusive_options for these long option names.
    Exclusive(&'static [&'static str]),
    /// A failure the reference does not explain.
    Silent,
}

impl From<Error> for Stop {
    fn from(e: Error) -> Self {
        Stop::Fail(e)
    }
}

impl Stop {
    /// Prints what stopped the parse; returns `status` (or the error's own).
    pub fn report(&self, status: u8) -> ExitCode {
        match self {
            Stop::Usage(e) => usage_error(e, status),
            Stop::Fail(e) => fail(e, status),
            Stop::Exclusive(names) => {
                exclusive_options(names);
                ExitCode::from(status)
            }
            Stop::Silent => ExitCode::from(status),
        }
    }
}

/// The util-linux/coreutils reaction to a bad command line: getopt's message, the
/// try-help line, and `status`.
pub fn usage_error(err: &UsageError, status: u8) -> ExitCode {
    print_usage_error(err);
    try_help(status)
}

/// `prog: msg` followed by the try-help line, exit `status`.
pub fn usage_message(message: impl Into<Message>, status: u8) -> ExitCode {
    warn(message);
    try_help(status)
}

/// util-linux's err_exclusive_options: `prog: mutually exclusive arguments: --a --b`.
pub fn exclusive_options(names: &[&str]) {
    let mut line = render(&msg!("%s: mutually exclusive arguments:", prog()));
    for n in names {
        line.extend_from_slice(b" --");
        line.extend_from_slice(n.as_bytes());
    }
    line.push(b'\n');
    write_stderr(&line);
}

/// `Try 'prog --help' for more information.` on stderr (util-linux's short name).
pub fn try_help(status: u8) -> ExitCode {
    write_stderr(&render(&msg!("Try '%s --help' for more information.\n", prog())));
    ExitCode::from(status)
}

/// coreutils' try-help line, which names the program as invoked.
pub fn try_help_as_invoked(status: u8) -> ExitCode {
    write_stderr(&render(&msg!("Try '%s --help' for more information.\n", argv0())));
    ExitCode::from(status)
}

/// argv\[0\] as given.
pub fn invoked_as() -> &'static str {
    argv0()
}

/// `--version` output: `prog from nsutils X.Y.Z`.
pub fn version_line() -> String {
    format!("{} from nsutils {}", prog(), env!("CARGO_PKG_VERSION"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    enum K {
        Mount,
        MountProc,
        Fork,
        Wd,
        Help,
        Long,
    }

    static OPTS: &[Opt<K>] = &[
        Opt::optional(K::Mount, Some('m'), "mount", "file", ""),
        Opt::optional(K::MountProc, None, "mount-proc", "dir", ""),
        Opt::flag(K::Fork, Some('f'), "fork", ""),
        Opt::req(K::Wd, Some('w'), "wd", "dir", ""),
        Opt::flag(K::Help, Some('h'), "help", ""),
        Opt::flag(K::Long, Some('l'), "long", ""),
        Opt::flag(K::Long, None, "longer", ""),
    ];
    static STOP: Spec<K> = Spec { opts: OPTS, ordering: Ordering::RequireOrder };
    static PERMUTE: Spec<K> = Spec { opts: OPTS, ordering: Ordering::Permute };

    fn args(v: &[&str]) -> Vec<OsString> {
        v.iter().map(OsString::from).collect()
    }

    fn ok(spec: &Spec<K>, v: &[&str]) -> (Vec<(K, Option<String>)>, Vec<String>) {
        let p = spec.parse(args(v)).expect("parses");
        (
            p.opts.into_iter().map(|(k, v)| (k, v.map(|s| s.to_string_lossy().into_owned()))).collect(),
            p.operands.into_iter().map(|s| s.to_string_lossy().into_owned()).collect(),
        )
    }

    #[test]
    fn stops_at_first_operand_in_require_order() {
        let (o, rest) = ok(&STOP, &["-f", "ls", "-l", "--fork"]);
        assert_eq!(o, vec![(K::Fork, None)]);
        assert_eq!(rest, ["ls", "-l", "--fork"]);
    }

    #[test]
    fn permutes_operands_and_options() {
        let (o, rest) = ok(&PERMUTE, &["a", "-f", "b", "--", "-l"]);
        assert_eq!(o, vec![(K::Fork, None)]);
        assert_eq!(rest, ["a", "b", "-l"]);
    }

    #[test]
    fn double_dash_and_lone_dash() {
        let (o, rest) = ok(&STOP, &["--", "-f"]);
        assert!(o.is_empty());
        assert_eq!(rest, ["-f"]);
        let (_, rest) = ok(&STOP, &["-", "x"]);
        assert_eq!(rest, ["-", "x"]);
    }

    #[test]
    fn clusters_and_glued_values() {
        let (o, _) = ok(&STOP, &["-fw/tmp"]);
        assert_eq!(o, vec![(K::Fork, None), (K::Wd, Some("/tmp".into()))]);
        let (o, _) = ok(&STOP, &["-fw", "-x"]);
        assert_eq!(o, vec![(K::Fork, None), (K::Wd, Some("-x".into()))]);
    }

    #[test]
    fn optional_values_only_attached() {
        let (o, rest) = ok(&STOP, &["--mount", "/p"]);
        assert_eq!(o, vec![(K::Mount, None)]);
        assert_eq!(rest, ["/p"]);
        let (o, _) = ok(&STOP, &["--mount=/p", "-m/q", "-m=/r", "-mf"]);
        assert_eq!(
            o,
            vec![
                (K::Mount, Some("/p".into())),
                (K::Mount, Some("/q".into())),
                (K::Mount, Some("=/r".into())),
                (K::Mount, Some("f".into())),
            ]
        );
        let (o, _) = ok(&STOP, &["--mount="]);
        assert_eq!(o, vec![(K::Mount, Some(String::new()))]);
    }

    #[test]
    fn abbreviations() {
        let (o, _) = ok(&STOP, &["--fo", "--mount-p=/x", "--w", "d"]);
        assert_eq!(o, vec![(K::Fork, None), (K::MountProc, Some("/x".into())), (K::Wd, Some("d".into()))]);
        // an exact match wins over longer names
        let (o, _) = ok(&STOP, &["--mount"]);
        assert_eq!(o, vec![(K::Mount, None)]);
        // two names of the same option are not ambiguous
        let (o, _) = ok(&STOP, &["--lon"]);
        assert_eq!(o, vec![(K::Long, None)]);
    }

    fn err(v: &[&str]) -> String {
        STOP.parse(args(v)).expect_err("fails").to_string()
    }

    #[test]
    fn glibc_messages() {
        assert_eq!(err(&["--bogus=3"]), "unrecognized option '--bogus=3'");
        assert_eq!(err(&["-x"]), "invalid option -- 'x'");
        assert_eq!(err(&["-fx"]), "invalid option -- 'x'");
        assert_eq!(err(&["-w"]), "option requires an argument -- 'w'");
        assert_eq!(err(&["--w"]), "option '--wd' requires an argument");
        assert_eq!(err(&["--fo=1"]), "option '--fork' doesn't allow an argument");
        assert_eq!(
            err(&["--mou=3"]),
            "option '--mou=3' is ambiguous; possibilities: '--mount' '--mount-proc'"
        );
        assert_eq!(err(&["---"]), "unrecognized option '---'");
        let e = STOP.parse(args(&["-é"])).expect_err("fails");
        assert_eq!(e.to_bytes(), b"invalid option -- '\xc3'");
    }

    #[test]
    fn options_before_an_error_are_kept() {
        let (p, e) = STOP.parse_until_error(args(&["-f", "-w", "d", "-fx", "-l"]));
        assert_eq!(p.opts, vec![(K::Fork, None), (K::Wd, Some("d".into())), (K::Fork, None)]);
        assert_eq!(e, Some(UsageError::Invalid(b'x')));
    }
}
