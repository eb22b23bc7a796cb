//! Cell encoding and display widths as libsmartcols computes them: control bytes,
//! invalid UTF-8 and unprintable characters become `\xNN`, and widths count terminal
//! cells (wide characters 2, combining marks 0).

/// Whether the locale's character set is UTF-8, decided the way glibc would after
/// `setlocale(LC_ALL, "")` (common::i18n reads glibc's locale data itself, so the static
/// build agrees).
pub fn locale_is_utf8() -> bool {
    common::i18n::locale_is_utf8()
}

/// One decoded UTF-8 character: its code point and length, or `None` if invalid.
fn decode(s: &[u8]) -> Option<(u32, usize)> {
    let b0 = *s.first()?;
    let (len, init) = match b0 {
        0x00..=0x7f => return Some((b0 as u32, 1)),
        0xc2..=0xdf => (2, (b0 & 0x1f) as u32),
        0xe0..=0xef => (3, (b0 & 0x0f) as u32),
        0xf0..=0xf4 => (4, (b0 & 0x07) as u32),
        _ => return None,
    };
    if s.len() < len {
        return None;
    }
    let mut cp = init;
    for &b in &s[1..len] {
        if b & 0xc0 != 0x80 {
            return None;
        }
        cp = (cp << 6) | (b & 0x3f) as u32;
    }
    let min = [0, 0, 0x80, 0x800, 0x10000][len];
    if cp < min || cp > 0x10ffff || (0xd800..=0xdfff).contains(&cp) {
        return None;
    }
    Some((cp, len))
}

fn in_ranges(cp: u32, ranges: &[(u32, u32)]) -> bool {
    ranges
        .binary_search_by(|&(lo, hi)| {
            if hi < cp {
                std::cmp::Ordering::Less
            } else if lo > cp {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_ok()
}

/// Combining marks and format characters: zero cells.
const ZERO: &[(u32, u32)] = &[
    (0x0300, 0x036f),
    (0x0483, 0x0489),
    (0x0591, 0x05bd),
    (0x05bf, 0x05bf),
    (0x05c1, 0x05c2),
    (0x05c4, 0x05c5),
    (0x05c7, 0x05c7),
    (0x0610, 0x061a),
    (0x061c, 0x061c),
    (0x064b, 0x065f),
    (0x0670, 0x0670),
    (0x06d6, 0x06dc),
    (0x06df, 0x06e4),
    (0x06e7, 0x06e8),
    (0x06ea, 0x06ed),
    (0x0711, 0x0711),
    (0x0730, 0x074a),
    (0x07a6, 0x07b0),
    (0x07eb, 0x07f3),
    (0x0816, 0x082d),
    (0x0859, 0x085b),
    (0x08d3, 0x0902),
    (0x093a, 0x093a),
    (0x093c, 0x093c),
    (0x0941, 0x0948),
    (0x094d, 0x094d),
    (0x0951, 0x0957),
    (0x0962, 0x0963),
    (0x0981, 0x0981),
    (0x09bc, 0x09bc),
    (0x09c1, 0x09c4),
    (0x09cd, 0x09cd),
    (0x09e2, 0x09e3),
    (0x0a01, 0x0a02),
    (0x0a3c, 0x0a3c),
    (0x0a41, 0x0a51),
    (0x0a70, 0x0a71),
    (0x0a75, 0x0a75),
    (0x0a81, 0x0a82),
    (0x0abc, 0x0abc),
    (0x0ac1, 0x0ac8),
    (0x0acd, 0x0acd),
    (0x0ae2, 0x0ae3),
    (0x0b01, 0x0b01),
    (0x0b3c, 0x0b3c),
    (0x0b3f, 0x0b3f),
    (0x0b41, 0x0b44),
    (0x0b4d, 0x0b4d),
    (0x0b56, 0x0b56),
    (0x0b62, 0x0b63),
    (0x0b82, 0x0b82),
    (0x0bc0, 0x0bc0),
    (0x0bcd, 0x0bcd),
    (0x0c00, 0x0c00),
    (0x0c3e, 0x0c40),
    (0x0c46, 0x0c56),
    (0x0c62, 0x0c63),
    (0x0cbc, 0x0cbc),
    (0x0ccc, 0x0ccd),
    (0x0ce2, 0x0ce3),
    (0x0d41, 0x0d44),
    (0x0d4d, 0x0d4d),
    (0x0dca, 0x0dca),
    (0x0dd2, 0x0dd6),
    (0x0e31, 0x0e31),
    (0x0e34, 0x0e3a),
    (0x0e47, 0x0e4e),
    (0x0eb1, 0x0eb1),
    (0x0eb4, 0x0ebc),
    (0x0ec8, 0x0ecd),
    (0x0f18, 0x0f19),
    (0x0f35, 0x0f35),
    (0x0f37, 0x0f37),
    (0x0f39, 0x0f39),
    (0x0f71, 0x0f7e),
    (0x0f80, 0x0f84),
    (0x0f86, 0x0f87),
    (0x0f8d, 0x0fbc),
    (0x0fc6, 0x0fc6),
    (0x102d, 0x1030),
    (0x1032, 0x1037),
    (0x1039, 0x103a),
    (0x103d, 0x103e),
    (0x1058, 0x1059),
    (0x105e, 0x1060),
    (0x1071, 0x1074),
    (0x1082, 0x1082),
    (0x1085, 0x1086),
    (0x108d, 0x108d),
    (0x109d, 0x109d),
    (0x1160, 0x11ff),
    (0x135d, 0x135f),
    (0x1712, 0x1714),
    (0x1732, 0x1734),
    (0x1752, 0x1753),
    (0x1772, 0x1773),
    (0x17b4, 0x17b5),
    (0x17b7, 0x17bd),
    (0x17c6, 0x17c6),
    (0x17c9, 0x17d3),
    (0x17dd, 0x17dd),
    (0x180b, 0x180e),
    (0x18a9, 0x18a9),
    (0x1920, 0x1922),
    (0x1927, 0x1928),
    (0x1932, 0x1932),
    (0x1939, 0x193b),
    (0x1a17, 0x1a18),
    (0x1a1b, 0x1a1b),
    (0x1a56, 0x1a56),
    (0x1a58, 0x1a60),
    (0x1a62, 0x1a62),
    (0x1a65, 0x1a6c),
    (0x1a73, 0x1a7f),
    (0x1ab0, 0x1aff),
    (0x1b00, 0x1b03),
    (0x1b34, 0x1b34),
    (0x1b36, 0x1b3a),
    (0x1b3c, 0x1b3c),
    (0x1b42, 0x1b42),
    (0x1b6b, 0x1b73),
    (0x1b80, 0x1b81),
    (0x1ba2, 0x1ba5),
    (0x1ba8, 0x1ba9),
    (0x1bab, 0x1bad),
    (0x1be6, 0x1be6),
    (0x1be8, 0x1be9),
    (0x1bed, 0x1bed),
    (0x1bef, 0x1bf1),
    (0x1c2c, 0x1c33),
    (0x1c36, 0x1c37),
    (0x1cd0, 0x1cd2),
    (0x1cd4, 0x1ce0),
    (0x1ce2, 0x1ce8),
    (0x1ced, 0x1ced),
    (0x1cf4, 0x1cf4),
    (0x1cf8, 0x1cf9),
    (0x1dc0, 0x1dff),
    (0x200b, 0x200f),
    (0x202a, 0x202e),
    (0x2060, 0x2064),
    (0x2066, 0x206f),
    (0x20d0, 0x20f0),
    (0x2cef, 0x2cf1),
    (0x2d7f, 0x2d7f),
    (0x2de0, 0x2dff),
    (0x302a, 0x302d),
    (0x3099, 0x309a),
    (0xa66f, 0xa672),
    (0xa674, 0xa67d),
    (0xa69e, 0xa69f),
    (0xa6f0, 0xa6f1),
    (0xa802, 0xa802),
    (0xa806, 0xa806),
    (0xa80b, 0xa80b),
    (0xa825, 0xa826),
    (0xa8c4, 0xa8c5),
    (0xa8e0, 0xa8f1),
    (0xa8ff, 0xa8ff),
    (0xa926, 0xa92d),
    (0xa947, 0xa951),
    (0xa980, 0xa982),
    (0xa9b3, 0xa9b3),
    (0xa9b6, 0xa9b9),
    (0xa9bc, 0xa9bd),
    (0xa9e5, 0xa9e5),
    (0xaa29, 0xaa2e),
    (0xaa31, 0xaa32),
    (0xaa35, 0xaa36),
    (0xaa43, 0xaa43),
    (0xaa4c, 0xaa4c),
    (0xaa7c, 0xaa7c),
    (0xaab0, 0xaab0),
    (0xaab2, 0xaab4),
    (0xaab7, 0xaab8),
    (0xaabe, 0xaabf),
    (0xaac1, 0xaac1),
    (0xaaec, 0xaaed),
    (0xaaf6, 0xaaf6),
    (0xabe5, 0xabe5),
    (0xabe8, 0xabe8),
    (0xabed, 0xabed),
    (0xfb1e, 0xfb1e),
    (0xfe00, 0xfe0f),
    (0xfe20, 0xfe2f),
    (0xfeff, 0xfeff),
    (0xfff9, 0xfffb),
    (0x101fd, 0x101fd),
    (0x102e0, 0x102e0),
    (0x10376, 0x1037a),
    (0x10a01, 0x10a0f),
    (0x10a38, 0x10a3f),
    (0x10ae5, 0x10ae6),
    (0x10d24, 0x10d27),
    (0x11001, 0x11001),
    (0x11038, 0x11046),
    (0x1107f, 0x11081),
    (0x110b3, 0x110b6),
    (0x110b9, 0x110ba),
    (0x11100, 0x11102),
    (0x11127, 0x1112b),
    (0x1112d, 0x11134),
    (0x16af0, 0x16af4),
    (0x16b30, 0x16b36),
    (0x1bc9d, 0x1bc9e),
    (0x1bca0, 0x1bca3),
    (0x1d167, 0x1d169),
    (0x1d173, 0x1d182),
    (0x1d185, 0x1d18b),
    (0x1d1aa, 0x1d1ad),
    (0x1d242, 0x1d244),
    (0x1e000, 0x1e02a),
    (0x1e130, 0x1e136),
    (0x1e2ec, 0x1e2ef),
    (0x1e8d0, 0x1e8d6),
    (0x1e944, 0x1e94a),
    (0xe0001, 0xe0001),
    (0xe0020, 0xe007f),
    (0xe0100, 0xe01ef),
];

/// East Asian wide and fullwidth characters: two cells.
const WIDE: &[(u32, u32)] = &[
    (0x1100, 0x115f),
    (0x231a, 0x231b),
    (0x2329, 0x232a),
    (0x23e9, 0x23ec),
    (0x23f0, 0x23f0),
    (0x23f3, 0x23f3),
    (0x25fd, 0x25fe),
    (0x2614, 0x2615),
    (0x2648, 0x2653),
    (0x267f, 0x267f),
    (0x2693, 0x2693),
    (0x26a1, 0x26a1),
    (0x26aa, 0x26ab),
    (0x26bd, 0x26be),
    (0x26c4, 0x26c5),
    (0x26ce, 0x26ce),
    (0x26d4, 0x26d4),
    (0x26ea, 0x26ea),
    (0x26f2, 0x26f3),
    (0x26f5, 0x26f5),
    (0x26fa, 0x26fa),
    (0x26fd, 0x26fd),
    (0x2705, 0x2705),
    (0x270a, 0x270b),
    (0x2728, 0x2728),
    (0x274c, 0x274c),
    (0x274e, 0x274e),
    (0x2753, 0x2755),
    (0x2757, 0x2757),
    (0x2795, 0x2797),
    (0x27b0, 0x27b0),
    (0x27bf, 0x27bf),
    (0x2b1b, 0x2b1c),
    (0x2b50, 0x2b50),
    (0x2b55, 0x2b55),
    (0x2e80, 0x303e),
    (0x3041, 0x3247),
    (0x3250, 0x4dbf),
    (0x4e00, 0xa4cf),
    (0xa960, 0xa97f),
    (0xac00, 0xd7a3),
    (0xf900, 0xfaff),
    (0xfe10, 0xfe19),
    (0xfe30, 0xfe6f),
    (0xff00, 0xff60),
    (0xffe0, 0xffe6),
    (0x16fe0, 0x16fe4),
    (0x17000, 0x18cff),
    (0x1b000, 0x1b2ff),
    (0x1f004, 0x1f004),
    (0x1f0cf, 0x1f0cf),
    (0x1f18e, 0x1f18e),
    (0x1f191, 0x1f19a),
    (0x1f200, 0x1f202),
    (0x1f210, 0x1f23b),
    (0x1f240, 0x1f248),
    (0x1f250, 0x1f251),
    (0x1f260, 0x1f265),
    (0x1f300, 0x1f320),
    (0x1f32d, 0x1f335),
    (0x1f337, 0x1f37c),
    (0x1f37e, 0x1f393),
    (0x1f3a0, 0x1f3ca),
    (0x1f3cf, 0x1f3d3),
    (0x1f3e0, 0x1f3f0),
    (0x1f3f4, 0x1f3f4),
    (0x1f3f8, 0x1f43e),
    (0x1f440, 0x1f440),
    (0x1f442, 0x1f4fc),
    (0x1f4ff, 0x1f53d),
    (0x1f54b, 0x1f54e),
    (0x1f550, 0x1f567),
    (0x1f57a, 0x1f57a),
    (0x1f595, 0x1f596),
    (0x1f5a4, 0x1f5a4),
    (0x1f5fb, 0x1f64f),
    (0x1f680, 0x1f6c5),
    (0x1f6cc, 0x1f6cc),
    (0x1f6d0, 0x1f6d2),
    (0x1f6d5, 0x1f6d7),
    (0x1f6eb, 0x1f6ec),
    (0x1f6f4, 0x1f6fc),
    (0x1f7e0, 0x1f7eb),
    (0x1f90c, 0x1f93a),
    (0x1f93c, 0x1f945),
    (0x1f947, 0x1f9ff),
    (0x1fa70, 0x1faff),
    (0x20000, 0x2fffd),
    (0x30000, 0x3fffd),
];

/// Printable (iswprint) in glibc's UTF-8 locales, for the characters that matter here.
fn printable(cp: u32) -> bool {
    !(cp < 0x20 || (0x7f..=0x9f).contains(&cp) || cp == 0x2028 || cp == 0x2029 || (cp & 0xfffe) == 0xfffe)
}

/// Terminal cells of a printable character.
pub fn char_width(cp: u32) -> usize {
    if in_ranges(cp, ZERO) {
        0
    } else if in_ranges(cp, WIDE) {
        2
    } else {
        1
    }
}

fn push_hex(out: &mut Vec<u8>, b: u8) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.extend_from_slice(&[b'\\', b'x', HEX[(b >> 4) as usize], HEX[(b & 15) as usize]]);
}

/// libsmartcols' "safe" encoding for the human-readable table; `keep_nl` leaves
/// newlines alone (the multi-line NSFS cells). Returns the bytes and their width.
pub fn safe_encode(data: &[u8], utf8: bool, keep_nl: bool) -> (Vec<u8>, usize) {
    let mut out = Vec::with_capacity(data.len());
    let mut width = 0;
    let mut i = 0;
    while i < data.len() {
        let c = data[i];
        if c == 0 {
            break;
        }
        if keep_nl && c == b'\n' {
            out.push(c);
            i += 1;
            continue;
        }
        if (c == b'\\' && data.get(i + 1) == Some(&b'x')) || c < 0x20 || c == 0x7f {
            push_hex(&mut out, c);
            width += 4;
            i += 1;
            continue;
        }
        if c < 0x80 {
            out.push(c);
            width += 1;
            i += 1;
            continue;
        }
        match decode(&data[i..]).filter(|_| utf8) {
            Some((cp, len)) if printable(cp) => {
                out.extend_from_slice(&data[i..i + len]);
                width += char_width(cp);
                i += len;
            }
            Some((_, len)) => {
                for &b in &data[i..i + len] {
                    push_hex(&mut out, b);
                    width += 4;
                }
                i += len;
            }
            None => {
                push_hex(&mut out, c);
                width += 4;
                i += 1;
            }
        }
    }
    (out, width)
}

/// Width of already-encoded (printable) text.
pub fn width(s: &[u8]) -> usize {
    let mut w = 0;
    let mut i = 0;
    while i < s.len() {
        match decode(&s[i..]) {
            Some((cp, len)) => {
                w += if cp < 0x80 { 1 } else { char_width(cp) };
                i += len;
            }
            None => {
                w += 1;
                i += 1;
            }
        }
    }
    w
}

/// Cuts encoded text to at most `max` cells; returns the byte length and the width.
pub fn truncate(s: &[u8], max: usize) -> (usize, usize) {
    let mut w = 0;
    let mut i = 0;
    while i < s.len() {
        let (cw, len) = match decode(&s[i..]) {
            Some((cp, len)) => (if cp < 0x80 { 1 } else { char_width(cp) }, len),
            None => (1, 1),
        };
        if w + cw > max {
            break;
        }
        w += cw;
        i += len;
    }
    (i, w)
}

/// Raw output: blanks, backslashes and anything not printable ASCII as `\xNN`.
pub fn raw_encode(data: &[u8], out: &mut Vec<u8>) {
    for &c in data {
        if c == b' ' || c == b'\t' || c == b'\\' || !(0x21..0x7f).contains(&c) {
            push_hex(out, c);
        } else {
            out.push(c);
        }
    }
}

/// A JSON string the way libsmartcols writes it: only `"`, `\` and control
/// characters are escaped; other bytes (UTF-8 or not) pass through.
pub fn json_string(data: &[u8], out: &mut Vec<u8>) {
    out.push(b'"');
    for &c in data {
        match c {
            b'"' | b'\\' => out.extend_from_slice(&[b'\\', c]),
            0x08 => out.extend_from_slice(b"\\b"),
            0x0c => out.extend_from_slice(b"\\f"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            b'\t' => out.extend_from_slice(b"\\t"),
            0..=0x1f => out.extend_from_slice(format!("\\u{c:04x}").as_bytes()),
            _ => out.push(c),
        }
    }
    out.push(b'"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn safe_encoding_like_libsmartcols() {
        let (s, w) = safe_encode("na\tme\x01é\u{ff}".as_bytes(), true, false);
        assert_eq!(s, "na\\x09me\\x01é\u{ff}".as_bytes());
        assert_eq!(w, 2 + 4 + 2 + 4 + 1 + 1);
        let (s, _) = safe_encode(b"a\\b\\x\xff", true, false);
        assert_eq!(s, b"a\\b\\x5cx\\xff");
        let (s, w) = safe_encode("漢e\u{301}\u{85}\u{200b}".as_bytes(), true, false);
        assert_eq!(s, "漢e\u{301}\\xc2\\x85\u{200b}".as_bytes());
        assert_eq!(w, 2 + 1 + 8);
        let (s, _) = safe_encode("é".as_bytes(), false, false);
        assert_eq!(s, b"\\xc3\\xa9");
        let (s, w) = safe_encode(b"a\nb", true, true);
        assert_eq!((s.as_slice(), w), (&b"a\nb"[..], 2));
    }

    #[test]
    fn truncation_counts_cells() {
        assert_eq!(truncate("ab漢c".as_bytes(), 3), (2, 2));
        assert_eq!(truncate("ab漢c".as_bytes(), 4), (5, 4));
        assert_eq!(width("├─x".as_bytes()), 3);
    }

    #[test]
    fn raw_and_json() {
        let mut v = Vec::new();
        raw_encode("a b\\é\x7f\"".as_bytes(), &mut v);
        assert_eq!(v, b"a\\x20b\\x5c\\xc3\\xa9\\x7f\"");
        let mut j = Vec::new();
        json_string(b"a\"\\\t\x01\xff\x7f", &mut j);
        assert_eq!(j, b"\"a\\\"\\\\\\t\\u0001\xff\x7f\"");
    }
}
