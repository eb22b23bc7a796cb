//! `--help` built from a tool's option table: each option's row carries the msgid of
//! its help line as upstream prints it (one catalog entry per option, possibly of
//! several lines), and the tool lists the order of lines around them. Each line is
//! looked up in the tool's catalog on its own, as the reference's usage() does.

use super::{domain, Spec};
use crate::i18n::{self, Arg};
use crate::message::Message;

/// One entry of a `--help` text, in the order printed.
#[derive(Clone, Copy, Debug)]
pub enum Line<T: 'static> {
    /// A msgid printed as it is (`fputs(_(...))`).
    Text(&'static str),
    /// A msgid whose every `%s` is the program name (`printf(_(...), prog)`).
    Synopsis(&'static str),
    /// The help line of the option whose id this is, from the table.
    Opt(T),
    /// An option's help line that is a format, with its arguments.
    OptFormat(T, &'static [&'static str]),
    /// A msgid that is a format, with its arguments (`printf(_(...), ...)`).
    Format(&'static str, &'static [&'static str]),
    /// A msgid printed unless the messages locale is an English one (`en_*`), as
    /// coreutils prints its translation-bugs line.
    UnlessEnglish(&'static str),
    /// Text printed without translation (util-linux's USAGE_SEPARATOR).
    Plain(&'static str),
    /// util-linux's USAGE_HELP_OPTIONS(width): `-h` and `-V` with translated texts.
    HelpOptions(usize),
    /// util-linux's USAGE_MAN_TAIL(page).
    ManTail(&'static str),
    /// util-linux's column list: `" %11s  %s\n"` for each (name, translated help).
    Columns(fn() -> Vec<(&'static str, &'static str)>),
}

/// The text of `lines`, in the user's language.
pub fn render<T: Copy + PartialEq>(spec: &Spec<T>, lines: &[Line<T>], prog: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(4096);
    for line in lines {
        match *line {
            Line::Text(id) => out.extend(text(id)),
            Line::Synopsis(id) => out.extend(Message::new(id).arg(prog).arg(prog).render(domain())),
            Line::Opt(id) => {
                if let Some(usage) = usage_of(spec, id) {
                    out.extend(text(usage));
                }
            }
            Line::OptFormat(id, args) => {
                if let Some(usage) = usage_of(spec, id) {
                    out.extend(format(usage, args));
                }
            }
            Line::Format(id, args) => out.extend(format(id, args)),
            Line::UnlessEnglish(id) => {
                if !i18n::messages_locale().starts_with("en_") {
                    out.extend(text(id));
                }
            }
            Line::Plain(s) => out.extend_from_slice(s.as_bytes()),
            Line::HelpOptions(width) => {
                for (opt, id) in [(" -h, --help", "display this help"), (" -V, --version", "display version")]
                {
                    out.extend(padded(opt, width));
                    out.extend(text(id));
                    out.push(b'\n');
                }
            }
            Line::ManTail(page) => {
                out.extend(Message::new("\nFor more details see %s.\n").arg(page).render(domain()))
            }
            Line::Columns(cols) => {
                for (name, help) in cols() {
                    let translated = text(help);
                    out.extend(i18n::format(
                        b" %11s  %s\n",
                        &[Arg::Str(name.as_bytes()), Arg::Str(&translated)],
                    ));
                }
            }
        }
    }
    out
}

fn usage_of<T: Copy + PartialEq>(spec: &Spec<T>, id: T) -> Option<&'static str> {
    spec.opts.iter().find(|o| o.id == id && !o.usage.is_empty()).map(|o| o.usage)
}

fn format(msgid: &'static str, args: &[&str]) -> Vec<u8> {
    args.iter().fold(Message::new(msgid), |m, a| m.arg(*a)).render(domain())
}

/// `msgid` translated for text printed as it is.
pub fn text(msgid: &str) -> Vec<u8> {
    domain().and_then(|d| i18n::gettext_plain(d, msgid)).unwrap_or_else(|| msgid.as_bytes().to_vec())
}

fn padded(s: &str, width: usize) -> Vec<u8> {
    let mut v = s.as_bytes().to_vec();
    v.resize(width.max(s.len()), b' ');
    v
}
