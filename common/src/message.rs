//! A message as the reference tools print it: their English format string (the msgid
//! their catalogs are keyed by) and its arguments, rendered once, where it is printed,
//! in the user's language.
//!
//! Arguments that come from the user (paths, option values, program names) are kept
//! as bytes, so a path that is not UTF-8 is printed as given; one that holds control
//! characters is escaped (`\xNN`), so that every diagnostic stays one line and no
//! terminal control sequence reaches the terminal.

use std::ffi::{OsStr, OsString};
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};

use crate::i18n::{self, Arg, Domain};

/// One argument of a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Text(Vec<u8>),
    Int(i64),
    Uint(u64),
    Char(u8),
    /// A message of its own (util-linux's `"%s: '%s'"` around a translated text).
    Msg(Box<Message>),
}

/// A msgid, its arguments and, for a message with plural forms, the plural msgid and
/// the count that picks the form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    id: &'static str,
    plural: Option<(&'static str, u64)>,
    args: Vec<Value>,
    domain: Option<Domain>,
    /// False for a format the reference prints without gettext.
    translate: bool,
}

/// `msg!("cannot open %s", path)`: a [`Message`] with its arguments.
#[macro_export]
macro_rules! msg {
    ($id:expr $(, $arg:expr)* $(,)?) => {
        $crate::message::Message::new($id)$(.arg($arg))*
    };
}

impl Message {
    pub const fn new(id: &'static str) -> Self {
        Message { id, plural: None, args: Vec::new(), domain: None, translate: true }
    }

    /// A format the reference prints as it is, never looked up in a catalog.
    pub const fn verbatim(id: &'static str) -> Self {
        Message { id, plural: None, args: Vec::new(), domain: None, translate: false }
    }

    /// A message whose form depends on `n` (ngettext).
    pub const fn plural(id: &'static str, plural: &'static str, n: u64) -> Self {
        Message { id, plural: Some((plural, n)), args: Vec::new(), domain: None, translate: true }
    }

    pub fn arg(mut self, v: impl Into<Value>) -> Self {
        self.args.push(v.into());
        self
    }

    /// A message of another domain than the tool's (glibc's getopt lines and errno texts).
    pub fn in_domain(mut self, d: Domain) -> Self {
        self.domain = Some(d);
        self
    }

    pub fn id(&self) -> &'static str {
        self.id
    }

    /// The message in English, as the msgid reads.
    pub fn english(&self) -> Vec<u8> {
        self.render(None)
    }

    /// The message translated through `domain` (the tool's; `None` translates nothing,
    /// as Debian's hostname, which never calls setlocale).
    pub fn render(&self, domain: Option<Domain>) -> Vec<u8> {
        let outer = domain;
        let domain = domain.filter(|_| self.translate).map(|d| self.domain.unwrap_or(d));
        let english = match self.plural {
            Some((plural, n)) if n != 1 => plural,
            _ => self.id,
        };
        let translated = domain.and_then(|d| match self.plural {
            Some((plural, n)) => i18n::ngettext(d, self.id, plural, n),
            None => i18n::gettext(d, self.id),
        });
        let fmt = translated.as_deref().unwrap_or(english.as_bytes());
        let escaped: Vec<Vec<u8>> = self
            .args
            .iter()
            .map(|v| match v {
                Value::Text(t) => escape(t),
                Value::Msg(m) => m.render(outer),
                _ => Vec::new(),
            })
            .collect();
        let args: Vec<Arg> = self
            .args
            .iter()
            .zip(&escaped)
            .map(|(v, e)| match v {
                Value::Text(_) | Value::Msg(_) => Arg::Str(e),
                Value::Int(n) => Arg::Int(*n),
                Value::Uint(n) => Arg::Uint(*n),
                Value::Char(c) => Arg::Char(*c),
            })
            .collect();
        i18n::format(fmt, &args)
    }
}

impl From<&'static str> for Message {
    fn from(id: &'static str) -> Self {
        Message::new(id)
    }
}

/// `text` with every control character (C0, DEL, C1 in UTF-8 or as a lone byte) as
/// `\xNN`; text without them comes back unchanged.
pub fn escape(text: &[u8]) -> Vec<u8> {
    if !text.iter().any(|&b| b < 0x20 || b == 0x7f || (0x80..0xa0).contains(&b)) {
        return text.to_vec();
    }
    let mut out = Vec::with_capacity(text.len() + 8);
    let mut i = 0;
    while i < text.len() {
        let b = text[i];
        let len = utf8_len(&text[i..]);
        let control = match len {
            1 => b < 0x20 || b == 0x7f || (0x80..0xa0).contains(&b),
            2 => b == 0xc2 && text[i + 1] < 0xa0,
            _ => false,
        };
        if control {
            for &c in &text[i..i + len] {
                out.extend_from_slice(format!("\\x{c:02x}").as_bytes());
            }
        } else {
            out.extend_from_slice(&text[i..i + len]);
        }
        i += len;
    }
    out
}

/// The length of the valid UTF-8 sequence `s` starts with, or 1.
fn utf8_len(s: &[u8]) -> usize {
    let len = match s[0] {
        0xc2..=0xdf => 2,
        0xe0..=0xef => 3,
        0xf0..=0xf4 => 4,
        _ => return 1,
    };
    match s.get(..len) {
        Some(seq) if std::str::from_utf8(seq).is_ok() => len,
        _ => 1,
    }
}

impl From<Message> for Value {
    fn from(m: Message) -> Self {
        Value::Msg(Box::new(m))
    }
}

impl From<&[u8]> for Value {
    fn from(v: &[u8]) -> Self {
        Value::Text(v.to_vec())
    }
}
impl From<Vec<u8>> for Value {
    fn from(v: Vec<u8>) -> Self {
        Value::Text(v)
    }
}
impl From<&Vec<u8>> for Value {
    fn from(v: &Vec<u8>) -> Self {
        Value::Text(v.clone())
    }
}
impl From<&str> for Value {
    fn from(v: &str) -> Self {
        Value::Text(v.as_bytes().to_vec())
    }
}
impl From<String> for Value {
    fn from(v: String) -> Self {
        Value::Text(v.into_bytes())
    }
}
impl From<&String> for Value {
    fn from(v: &String) -> Self {
        Value::Text(v.as_bytes().to_vec())
    }
}
impl From<&OsStr> for Value {
    fn from(v: &OsStr) -> Self {
        Value::Text(v.as_bytes().to_vec())
    }
}
impl From<&OsString> for Value {
    fn from(v: &OsString) -> Self {
        Value::Text(v.as_bytes().to_vec())
    }
}
impl From<OsString> for Value {
    fn from(v: OsString) -> Self {
        Value::Text(v.into_encoded_bytes())
    }
}
impl From<&Path> for Value {
    fn from(v: &Path) -> Self {
        Value::Text(v.as_os_str().as_bytes().to_vec())
    }
}
impl From<&PathBuf> for Value {
    fn from(v: &PathBuf) -> Self {
        Value::Text(v.as_os_str().as_bytes().to_vec())
    }
}
impl From<char> for Value {
    fn from(v: char) -> Self {
        Value::Char(v as u8)
    }
}
impl From<u8> for Value {
    fn from(v: u8) -> Self {
        Value::Char(v)
    }
}
macro_rules! ints {
    ($($t:ty => $k:ident as $as:ty),*) => {$(
        impl From<$t> for Value {
            fn from(v: $t) -> Self {
                Value::$k(v as $as)
            }
        }
    )*};
}
ints!(i32 => Int as i64, i64 => Int as i64, isize => Int as i64, u32 => Uint as u64, u64 => Uint as u64, usize => Uint as u64, u16 => Uint as u64);

impl From<nix::unistd::Pid> for Value {
    fn from(v: nix::unistd::Pid) -> Self {
        Value::Int(v.as_raw() as i64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_with_arguments() {
        let m = msg!("cannot open %s: %d", "/x", 3);
        assert_eq!(m.english(), b"cannot open /x: 3");
        assert_eq!(msg!("%-8s|", "ab").english(), b"ab      |");
        assert_eq!(msg!("%2$s %1$s", "a", "b").english(), b"b a");
    }

    #[test]
    fn bytes_are_kept_and_controls_escaped() {
        assert_eq!(
            msg!("open %s", &b"/\xff"[..]).english(),
            b"/\xff".iter().fold(b"open ".to_vec(), |mut v, b| {
                v.push(*b);
                v
            })
        );
        assert_eq!(msg!("open '%s'", "a\x1b[31mb\nc").english(), b"open 'a\\x1b[31mb\\x0ac'");
        assert_eq!(escape("é\u{9b}x".as_bytes()), b"\xc3\xa9\\xc2\\x9bx");
        assert_eq!(escape(b"\x9b"), b"\\x9b");
        assert_eq!(escape("plain ü".as_bytes()), "plain ü".as_bytes());
    }

    #[test]
    fn plural_forms_in_english() {
        assert_eq!(Message::plural("%d file", "%d files", 1).arg(1u64).english(), b"1 file");
        assert_eq!(Message::plural("%d file", "%d files", 2).arg(2u64).english(), b"2 files");
    }
}
