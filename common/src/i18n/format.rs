//! printf(3) over message formats, and the check that a translation's directives take
//! the same arguments as its msgid's.
//!
//! Supported: %% %s %d %i %u %x %X %o %c, flags `-0 +#'`, width and precision as numbers
//! or `*` / `*N$`, length modifiers hh h l ll j z t L q (ignored: an [`Arg`] carries its
//! value whole), and positional `%N$`. The `'` flag groups nothing (the C locale's
//! LC_NUMERIC; no message of the tools uses it). Widths and precisions are capped at
//! [`MAX_WIDTH`] so a hostile format cannot make one message huge.

use super::Arg;

pub const MAX_WIDTH: usize = 4096;
/// More arguments than any message has: a larger `%N$` is not a directive.
const MAX_POSITION: usize = 64;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Count {
    None,
    Fixed(usize),
    /// `*` (next argument) or `*N$`.
    Star(Option<usize>),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Spec {
    position: Option<usize>,
    left: bool,
    zero: bool,
    plus: bool,
    space: bool,
    alternate: bool,
    width: Count,
    precision: Count,
    conversion: u8,
}

enum Piece<'a> {
    Text(&'a [u8]),
    Directive(Spec),
}

/// The kind of value a directive takes, as msgfmt -c compares them (integer sizes
/// are not compared: an Arg carries its value whole).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Str,
    Char,
    Signed,
    Unsigned,
}

fn kind_of(conversion: u8) -> Option<Kind> {
    match conversion {
        b's' => Some(Kind::Str),
        b'c' => Some(Kind::Char),
        b'd' | b'i' => Some(Kind::Signed),
        b'u' | b'x' | b'X' | b'o' => Some(Kind::Unsigned),
        _ => None,
    }
}

/// Reads a decimal number at `*at`; None (and nothing consumed) if there is none or it
/// is absurdly large.
fn number(fmt: &[u8], at: &mut usize) -> Option<usize> {
    let start = *at;
    let mut value: usize = 0;
    while let Some(d) = fmt.get(*at).filter(|b| b.is_ascii_digit()) {
        value = value.saturating_mul(10).saturating_add(usize::from(d - b'0'));
        *at += 1;
    }
    if *at == start {
        return None;
    }
    Some(value)
}

/// `N$` at `*at`: the 1-based argument position.
fn position(fmt: &[u8], at: &mut usize) -> Option<usize> {
    let mut p = *at;
    let n = number(fmt, &mut p)?;
    if fmt.get(p) != Some(&b'$') || n == 0 || n > MAX_POSITION {
        return None;
    }
    *at = p + 1;
    Some(n)
}

fn count(fmt: &[u8], at: &mut usize) -> Option<Count> {
    if fmt.get(*at) == Some(&b'*') {
        *at += 1;
        let pos = position(fmt, at);
        if pos.is_none() && fmt.get(*at).is_some_and(u8::is_ascii_digit) {
            return None;
        }
        return Some(Count::Star(pos));
    }
    Some(number(fmt, at).map_or(Count::None, Count::Fixed))
}

/// The directive starting after a '%' at `start`, and where it ends; None if it is not
/// one we know (it is then printed as it is).
fn directive(fmt: &[u8], start: usize) -> Option<(Spec, usize)> {
    let mut at = start;
    let position = position(fmt, &mut at);
    let mut spec = Spec {
        position,
        left: false,
        zero: false,
        plus: false,
        space: false,
        alternate: false,
        width: Count::None,
        precision: Count::None,
        conversion: 0,
    };
    while let Some(&f) = fmt.get(at) {
        match f {
            b'-' => spec.left = true,
            b'0' => spec.zero = true,
            b'+' => spec.plus = true,
            b' ' => spec.space = true,
            b'#' => spec.alternate = true,
            b'\'' => {}
            _ => break,
        }
        at += 1;
    }
    spec.width = count(fmt, &mut at)?;
    if fmt.get(at) == Some(&b'.') {
        at += 1;
        spec.precision = match count(fmt, &mut at)? {
            Count::None => Count::Fixed(0),
            c => c,
        };
    }
    for modifier in [&b"hh"[..], b"h", b"ll", b"l", b"j", b"z", b"t", b"L", b"q"] {
        if fmt[at.min(fmt.len())..].starts_with(modifier) {
            at += modifier.len();
            break;
        }
    }
    let conversion = *fmt.get(at)?;
    kind_of(conversion)?;
    spec.conversion = conversion;
    Some((spec, at + 1))
}

/// Splits a format into text and directives; "%%" is text "%", an unknown directive
/// is its own text.
fn pieces(fmt: &[u8]) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut at = 0;
    let mut text_start = 0;
    while at < fmt.len() {
        if fmt[at] != b'%' {
            at += 1;
            continue;
        }
        if at > text_start {
            out.push(Piece::Text(&fmt[text_start..at]));
        }
        if fmt.get(at + 1) == Some(&b'%') {
            out.push(Piece::Text(b"%"));
            at += 2;
        } else if let Some((spec, end)) = directive(fmt, at + 1) {
            out.push(Piece::Directive(spec));
            at = end;
        } else {
            // Not a directive: the '%' is printed, and the rest is text.
            out.push(Piece::Text(b"%"));
            at += 1;
        }
        text_start = at;
    }
    if at > text_start {
        out.push(Piece::Text(&fmt[text_start..at]));
    }
    out
}

/// The argument kinds a format takes by position (1-based index - 1), and whether its
/// directives are positional; None for a format that mixes the two styles, gives one
/// position two kinds, or is not a format we can print.
pub fn signature(fmt: &[u8]) -> Option<(Vec<Option<Kind>>, bool)> {
    let mut kinds: Vec<Option<Kind>> = Vec::new();
    let mut next = 0;
    let mut positional: Option<bool> = None;
    let mut use_arg = |pos: Option<usize>, kind: Kind, kinds: &mut Vec<Option<Kind>>| -> Option<()> {
        if *positional.get_or_insert(pos.is_some()) != pos.is_some() {
            return None;
        }
        let index = match pos {
            Some(p) => p - 1,
            None => {
                next += 1;
                next - 1
            }
        };
        if index >= MAX_POSITION {
            return None;
        }
        if kinds.len() <= index {
            kinds.resize(index + 1, None);
        }
        match kinds[index] {
            Some(k) if k != kind => None,
            _ => {
                kinds[index] = Some(kind);
                Some(())
            }
        }
    };
    for piece in pieces(fmt) {
        let Piece::Directive(spec) = piece else { continue };
        for c in [spec.width, spec.precision] {
            if let Count::Star(p) = c {
                use_arg(p, Kind::Signed, &mut kinds)?;
            }
        }
        use_arg(spec.position, kind_of(spec.conversion)?, &mut kinds)?;
    }
    Some((kinds, positional.unwrap_or(false)))
}

/// Whether `translation` may be printed with the arguments meant for `original`: every
/// argument it uses has the kind the original gives it there, and (unless `may_omit`,
/// for plural forms, where msgfmt -c lets a form leave the number out) it uses all of
/// them. Positional directives are allowed on either side.
pub fn compatible(original: &[u8], translation: &[u8], may_omit: bool) -> bool {
    let (Some((want, _)), Some((got, _))) = (signature(original), signature(translation)) else {
        return false;
    };
    if got.len() > want.len() {
        return false;
    }
    want.iter().enumerate().all(|(i, w)| match got.get(i).copied().flatten() {
        Some(g) => Some(g) == *w,
        // A hole in the original (an unused position) cannot be filled.
        None => may_omit || w.is_none(),
    }) && got.iter().zip(&want).all(|(g, w)| g.is_none() || g == w)
}

/// printf: see the module documentation. Missing or mistyped arguments print nothing
/// for their directive.
pub fn format(fmt: &[u8], args: &[Arg]) -> Vec<u8> {
    let mut out = Vec::with_capacity(fmt.len() + 16);
    let mut next = 0;
    let mut take = |pos: Option<usize>| -> Option<&Arg> {
        match pos {
            Some(p) => args.get(p - 1),
            None => {
                next += 1;
                args.get(next - 1)
            }
        }
    };
    for piece in pieces(fmt) {
        let spec = match piece {
            Piece::Text(t) => {
                out.extend_from_slice(t);
                continue;
            }
            Piece::Directive(mut spec) => {
                // Star arguments come before the value, in the order C takes them.
                if let Count::Star(p) = spec.width {
                    let w = take(p).and_then(as_int).unwrap_or(0);
                    if w < 0 {
                        spec.left = true;
                    }
                    spec.width = Count::Fixed(w.unsigned_abs().min(MAX_WIDTH as u64) as usize);
                }
                if let Count::Star(p) = spec.precision {
                    let v = take(p).and_then(as_int).unwrap_or(-1);
                    spec.precision =
                        if v < 0 { Count::None } else { Count::Fixed(v.min(MAX_WIDTH as i64) as usize) };
                }
                spec
            }
        };
        let Some(arg) = take(spec.position) else { continue };
        let width = match spec.width {
            Count::Fixed(w) => w.min(MAX_WIDTH),
            _ => 0,
        };
        let precision = match spec.precision {
            Count::Fixed(p) => Some(p.min(MAX_WIDTH)),
            _ => None,
        };
        let Some((prefix, body)) = render(&spec, arg, precision) else { continue };
        pad(&mut out, &spec, width, &prefix, &body, precision);
    }
    out
}

fn as_int(arg: &Arg) -> Option<i64> {
    match *arg {
        Arg::Int(v) => Some(v),
        Arg::Uint(v) => Some(v as i64),
        Arg::Char(c) => Some(i64::from(c)),
        Arg::Str(_) => None,
    }
}

/// The sign or radix prefix and the digits (or text) of one directive.
fn render(spec: &Spec, arg: &Arg, precision: Option<usize>) -> Option<(Vec<u8>, Vec<u8>)> {
    let unsigned = |arg: &Arg| -> Option<u64> {
        match *arg {
            Arg::Int(v) => Some(v as u64),
            Arg::Uint(v) => Some(v),
            Arg::Char(c) => Some(u64::from(c)),
            Arg::Str(_) => None,
        }
    };
    match spec.conversion {
        b's' => {
            let Arg::Str(s) = *arg else { return None };
            let s = precision.map_or(s, |p| &s[..p.min(s.len())]);
            Some((Vec::new(), s.to_vec()))
        }
        b'c' => {
            let c = match *arg {
                Arg::Char(c) => c,
                Arg::Int(v) => v as u8,
                Arg::Uint(v) => v as u8,
                Arg::Str(_) => return None,
            };
            Some((Vec::new(), vec![c]))
        }
        b'd' | b'i' => {
            let (negative, magnitude) = match *arg {
                Arg::Int(v) => (v < 0, v.unsigned_abs()),
                Arg::Uint(v) => (false, v),
                Arg::Char(c) => (false, u64::from(c)),
                Arg::Str(_) => return None,
            };
            let sign: &[u8] = if negative {
                b"-"
            } else if spec.plus {
                b"+"
            } else if spec.space {
                b" "
            } else {
                b""
            };
            Some((sign.to_vec(), digits(magnitude, 10, false, precision)))
        }
        b'u' => Some((Vec::new(), digits(unsigned(arg)?, 10, false, precision))),
        b'x' | b'X' => {
            let v = unsigned(arg)?;
            let upper = spec.conversion == b'X';
            let prefix: &[u8] = match (spec.alternate && v != 0, upper) {
                (true, false) => b"0x",
                (true, true) => b"0X",
                _ => b"",
            };
            Some((prefix.to_vec(), digits(v, 16, upper, precision)))
        }
        b'o' => {
            let v = unsigned(arg)?;
            let mut d = digits(v, 8, false, precision);
            if spec.alternate && d.first() != Some(&b'0') {
                d.insert(0, b'0');
            }
            Some((Vec::new(), d))
        }
        _ => None,
    }
}

fn digits(mut v: u64, radix: u64, upper: bool, precision: Option<usize>) -> Vec<u8> {
    let table: &[u8; 16] = if upper { b"0123456789ABCDEF" } else { b"0123456789abcdef" };
    let mut d = Vec::new();
    while v != 0 {
        d.push(table[(v % radix) as usize]);
        v /= radix;
    }
    // C: precision 0 prints no digit for 0; no precision prints "0".
    let min = precision.unwrap_or(1);
    while d.len() < min {
        d.push(b'0');
    }
    d.reverse();
    d
}

fn pad(out: &mut Vec<u8>, spec: &Spec, width: usize, prefix: &[u8], body: &[u8], precision: Option<usize>) {
    let len = prefix.len() + body.len();
    let fill = width.saturating_sub(len);
    let numeric = spec.conversion != b's' && spec.conversion != b'c';
    if spec.left {
        out.extend_from_slice(prefix);
        out.extend_from_slice(body);
        out.resize(out.len() + fill, b' ');
    } else if spec.zero && numeric && precision.is_none() {
        out.extend_from_slice(prefix);
        out.resize(out.len() + fill, b'0');
        out.extend_from_slice(body);
    } else {
        out.resize(out.len() + fill, b' ');
        out.extend_from_slice(prefix);
        out.extend_from_slice(body);
    }
}
