//! The two ways coreutils quotes a name in a message: `quote` (the locale's quotation
//! marks, C-style backslash escapes) for commands and groups, and `quoteaf` (shell
//! quoting that always quotes, with `$'...'` for what cannot be typed) for NEWROOT.
//! Both depend on the locale's character set: in a UTF-8 locale printable multibyte
//! characters stay as they are and `quote` uses ‘curly’ marks; otherwise every byte
//! above 0x7e is escaped in octal.

/// What the C library's locale (LC_ALL, LC_CTYPE, LANG) makes of text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Charset {
    Ascii,
    Utf8,
}

extern "C" {
    // In glibc and musl (wint_t is unsigned int on Linux); not declared by the libc crate.
    fn iswprint(wc: libc::c_uint) -> libc::c_int;
}

impl Charset {
    /// The environment's LC_CTYPE as coreutils sees it after setlocale(LC_ALL, ""): UTF-8
    /// or not is decided by common::i18n (glibc's rules, the same in the static build).
    pub fn from_environment() -> Charset {
        if !common::i18n::locale_is_utf8() {
            return Charset::Ascii;
        }
        // iswprint reads the C library's own LC_CTYPE, which glibc only has once it is
        // loaded; musl's is UTF-8 aware without it.
        // SAFETY: called while single-threaded; only LC_CTYPE changes.
        unsafe {
            if libc::setlocale(libc::LC_CTYPE, c"".as_ptr()).is_null() {
                libc::setlocale(libc::LC_CTYPE, c"C.UTF-8".as_ptr());
            }
        }
        Charset::Utf8
    }

    /// The next character of `s`: its length and whether it prints as is.
    fn next(self, s: &[u8]) -> (usize, bool) {
        let c = s[0];
        if c < 0x80 || self == Charset::Ascii {
            return (1, (0x20..0x7f).contains(&c));
        }
        match common::utf8::decode(s) {
            // SAFETY: iswprint only classifies the value.
            Some((ch, len)) => (len, unsafe { iswprint(ch as libc::c_uint) } != 0),
            // An invalid or cut-off sequence: its first byte is escaped alone.
            None => (1, false),
        }
    }
}

fn octal(out: &mut Vec<u8>, c: u8) {
    out.extend_from_slice(&[b'\\', b'0' + (c >> 6), b'0' + ((c >> 3) & 7), b'0' + (c & 7)]);
}

fn named_escape(c: u8) -> Option<u8> {
    Some(match c {
        0x07 => b'a',
        0x08 => b'b',
        0x0c => b'f',
        b'\n' => b'n',
        b'\r' => b'r',
        b'\t' => b't',
        0x0b => b'v',
        _ => return None,
    })
}

fn escape(out: &mut Vec<u8>, c: u8) {
    match named_escape(c) {
        Some(e) => out.extend_from_slice(&[b'\\', e]),
        None => octal(out, c),
    }
}

/// coreutils' `quote()`: `name` between the locale's marks (‘name’ in an untranslated
/// UTF-8 locale, 'name' in C), with C escapes for backslashes, the closing mark and
/// what does not print.
pub fn quote(s: &[u8], open: &[u8], close: &[u8], cs: Charset) -> Vec<u8> {
    let mut out = open.to_vec();
    let mut i = 0;
    while i < s.len() {
        if s[i..].starts_with(close) {
            out.push(b'\\');
            out.extend_from_slice(close);
            i += close.len();
            continue;
        }
        let (len, printable) = cs.next(&s[i..]);
        if s[i] == b'\\' {
            out.extend_from_slice(b"\\\\");
        } else if printable {
            out.extend_from_slice(&s[i..i + len]);
        } else {
            s[i..i + len].iter().for_each(|&c| escape(&mut out, c));
        }
        i += len;
    }
    out.extend_from_slice(close);
    out
}

/// Characters that mean the same inside "..." as inside '...', so that a name with a
/// single quote can be shown in double quotes instead.
fn same_in_double_quotes(c: u8, first: bool) -> bool {
    c.is_ascii_alphanumeric() || b" %+,-./:@]_".contains(&c) || (first && (c == b'#' || c == b'~'))
}

/// coreutils' `quoteaf()`: always quoted for a shell; `'\''` for a single quote (or
/// the whole name in double quotes when nothing in it is special there), and
/// `'$'\n''`-style segments for what does not print.
pub fn quoteaf(s: &[u8], cs: Charset) -> Vec<u8> {
    let mut out = b"'".to_vec();
    let mut in_dollar = false;
    let mut has_single_quote = false;
    let mut all_compatible = true;
    let mut i = 0;
    while i < s.len() {
        let c = s[i];
        let (len, printable) = cs.next(&s[i..]);
        if c == b'\'' {
            // Its leading quote also closes a $'...' segment.
            has_single_quote = true;
            in_dollar = false;
            out.extend_from_slice(b"'\\''");
        } else if printable {
            if in_dollar {
                out.extend_from_slice(b"''");
                in_dollar = false;
            }
            all_compatible &= len > 1 || same_in_double_quotes(c, i == 0);
            out.extend_from_slice(&s[i..i + len]);
        } else {
            all_compatible = false;
            for &b in &s[i..i + len] {
                if !in_dollar {
                    out.extend_from_slice(b"'$'");
                    in_dollar = true;
                }
                escape(&mut out, b);
            }
        }
        i += len;
    }
    if has_single_quote && all_compatible {
        return [b"\"", s, b"\""].concat();
    }
    out.push(b'\'');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marks(cs: Charset) -> (&'static [u8], &'static [u8]) {
        match cs {
            Charset::Utf8 => ("\u{2018}".as_bytes(), "\u{2019}".as_bytes()),
            Charset::Ascii => (b"'", b"'"),
        }
    }

    fn q(s: &str, cs: Charset) -> String {
        qb(s.as_bytes(), cs)
    }

    fn qb(s: &[u8], cs: Charset) -> String {
        let (open, close) = marks(cs);
        String::from_utf8_lossy(&quote(s, open, close, cs)).into_owned()
    }

    fn af(s: &[u8], cs: Charset) -> String {
        String::from_utf8_lossy(&quoteaf(s, cs)).into_owned()
    }

    use Charset::{Ascii, Utf8};

    /// iswprint needs a UTF-8 LC_CTYPE to know é.
    fn utf8_ctype() {
        // SAFETY: every test sets the same locale; nothing else reads it concurrently.
        unsafe { libc::setlocale(libc::LC_CTYPE, c"C.UTF-8".as_ptr()) };
    }

    #[test]
    fn locale_quotes_as_coreutils_9_1() {
        utf8_ctype();
        assert_eq!(q("a'b", Ascii), r"'a\'b'");
        assert_eq!(q("a\nb", Ascii), r"'a\nb'");
        assert_eq!(q(r"a\b", Ascii), r"'a\\b'");
        assert_eq!(q("a\"b", Ascii), "'a\"b'");
        assert_eq!(q("a\x01\x7fb", Ascii), r"'a\001\177b'");
        assert_eq!(q("é", Ascii), r"'\303\251'");
        assert_eq!(qb(b"\x80x", Ascii), r"'\200x'");
        assert_eq!(q("a’b", Ascii), r"'a\342\200\231b'");
        assert_eq!(q("`x` a?b $x", Ascii), "'`x` a?b $x'");
        assert_eq!(q("", Ascii), "''");
        assert_eq!(q("a'b", Utf8), "‘a'b’");
        assert_eq!(q("a\nb", Utf8), r"‘a\nb’");
        assert_eq!(q("é", Utf8), "‘é’");
        assert_eq!(qb(b"\x80x", Utf8), r"‘\200x’");
        assert_eq!(q("a’b", Utf8), r"‘a\’b’");
    }

    #[test]
    fn shell_quotes_as_coreutils_9_1() {
        utf8_ctype();
        assert_eq!(af(b"", Ascii), "''");
        assert_eq!(af(b"/nonexist", Ascii), "'/nonexist'");
        assert_eq!(af(b"/a'b", Ascii), "\"/a'b\"");
        assert_eq!(af(b"/a\nb", Ascii), r"'/a'$'\n''b'");
        assert_eq!(af(b"/a\tb", Ascii), r"'/a'$'\t''b'");
        assert_eq!(af("/é".as_bytes(), Ascii), r"'/'$'\303\251'");
        assert_eq!(af("/é".as_bytes(), Utf8), "'/é'");
        assert_eq!(af(b"/a\x01b", Ascii), r"'/a'$'\001''b'");
        assert_eq!(af(b"/a b", Ascii), "'/a b'");
        assert_eq!(af(b"/$x", Ascii), "'/$x'");
        assert_eq!(af(br"/a\b", Ascii), r"'/a\b'");
        assert_eq!(af(b"/\x80", Utf8), r"'/'$'\200'");
        assert_eq!(af(b"/x'#", Ascii), r"'/x'\''#'");
        assert_eq!(af(b"#'x", Ascii), "\"#'x\"");
        assert_eq!(af(b"/x'@", Ascii), "\"/x'@\"");
        assert_eq!(af(b"/x'?", Ascii), r"'/x'\''?'");
        assert_eq!(af("/é'x".as_bytes(), Utf8), "\"/é'x\"");
        assert_eq!(af(b"a\n'b", Ascii), r"'a'$'\n'\''b'");
        assert_eq!(af(b"'\nb", Ascii), r"''\'''$'\n''b'");
    }
}
