//! Message catalogs and the user's locale (placeholder until the catalog engine lands:
//! every lookup answers "no translation", so messages print in English).

/// A message domain, as textdomain() names them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Domain {
    UtilLinux,
    Coreutils,
    Libc,
}

impl Domain {
    pub fn name(self) -> &'static str {
        match self {
            Domain::UtilLinux => "util-linux",
            Domain::Coreutils => "coreutils",
            Domain::Libc => "libc",
        }
    }
}

/// One printf argument.
#[derive(Clone, Copy, Debug)]
pub enum Arg<'a> {
    Str(&'a [u8]),
    Int(i64),
    Uint(u64),
    Char(u8),
}

pub fn gettext(_domain: Domain, _msgid: &str) -> Option<Vec<u8>> {
    None
}

/// Like [`gettext`] for text printed as it is (not a printf format), so no conversion
/// check applies: glibc's gettext hands back whatever the catalog has.
pub fn gettext_plain(_domain: Domain, _msgid: &str) -> Option<Vec<u8>> {
    None
}

/// The name setlocale(LC_MESSAGES, NULL) reports after setlocale(LC_ALL, ""): "C" when
/// the locale could not be set.
pub fn messages_locale() -> String {
    "C".to_string()
}

pub fn ngettext(_domain: Domain, _msgid: &str, _plural: &str, _n: u64) -> Option<Vec<u8>> {
    None
}

pub fn codeset() -> &'static str {
    "ANSI_X3.4-1968"
}

pub fn locale_is_utf8() -> bool {
    false
}

/// printf(3) over `fmt`: %s %d %i %u %x %c %%, '-' and '0' flags, width, precision and
/// positional arguments; length modifiers are skipped.
pub fn format(fmt: &[u8], args: &[Arg]) -> Vec<u8> {
    let mut out = Vec::with_capacity(fmt.len() + 32);
    let mut next = 0;
    let mut i = 0;
    while i < fmt.len() {
        if fmt[i] != b'%' {
            out.push(fmt[i]);
            i += 1;
            continue;
        }
        i += 1;
        if fmt.get(i) == Some(&b'%') {
            out.push(b'%');
            i += 1;
            continue;
        }
        let digits = |i: &mut usize| {
            let mut n: Option<usize> = None;
            while let Some(d) = fmt.get(*i).filter(|c| c.is_ascii_digit()) {
                n = Some(n.unwrap_or(0).saturating_mul(10).saturating_add((d - b'0') as usize));
                *i += 1;
            }
            n
        };
        let start = i;
        let mut index = None;
        if let Some(n) = digits(&mut i) {
            if fmt.get(i) == Some(&b'$') {
                index = n.checked_sub(1);
                i += 1;
            } else {
                i = start;
            }
        }
        let (mut left, mut zero) = (false, false);
        while let Some(&f) = fmt.get(i).filter(|c| b"-0 +#'".contains(c)) {
            left |= f == b'-';
            zero |= f == b'0';
            i += 1;
        }
        let width = digits(&mut i).unwrap_or(0);
        let precision = if fmt.get(i) == Some(&b'.') {
            i += 1;
            Some(digits(&mut i).unwrap_or(0))
        } else {
            None
        };
        while fmt.get(i).is_some_and(|c| b"hljztLq".contains(c)) {
            i += 1;
        }
        let Some(&conv) = fmt.get(i) else { break };
        i += 1;
        let arg = args.get(index.unwrap_or(next)).copied();
        next = index.unwrap_or(next) + 1;
        let text: Vec<u8> = match (conv, arg) {
            (b's', Some(Arg::Str(s))) => s[..precision.map_or(s.len(), |p| p.min(s.len()))].to_vec(),
            (b'c', Some(Arg::Char(c))) => vec![c],
            (b'd' | b'i', Some(Arg::Int(n))) => n.to_string().into_bytes(),
            (b'd' | b'i' | b'u', Some(Arg::Uint(n))) => n.to_string().into_bytes(),
            (b'u', Some(Arg::Int(n))) => (n as u64).to_string().into_bytes(),
            (b'x', Some(Arg::Uint(n))) => format!("{n:x}").into_bytes(),
            (b'x', Some(Arg::Int(n))) => format!("{:x}", n as u64).into_bytes(),
            _ => Vec::new(),
        };
        let pad = width.saturating_sub(text.len());
        if left {
            out.extend_from_slice(&text);
            out.resize(out.len() + pad, b' ');
        } else {
            out.resize(out.len() + pad, if zero && conv != b's' { b'0' } else { b' ' });
            out.extend_from_slice(&text);
        }
    }
    out
}
