//! libsmartcols' "safe" encoding for the human-readable table (mbs_safe_encode):
//! control bytes, a backslash that would read as an escape, invalid UTF-8 and
//! characters iswprint refuses become `\xNN`; the width counts terminal cells.

use super::push_hex;
use common::utf8::decode;

use crate::table::width::{char_width, printable};

/// Encodes `data` up to its first NUL; `keep_nl` leaves newlines alone (the
/// multi-line NSFS cells). Returns the bytes and their width.
pub fn encode(data: &[u8], utf8: bool, keep_nl: bool) -> (Vec<u8>, usize) {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn like_libsmartcols() {
        let (s, w) = encode("na\tme\x01é\u{ff}".as_bytes(), true, false);
        assert_eq!(s, "na\\x09me\\x01é\u{ff}".as_bytes());
        assert_eq!(w, 2 + 4 + 2 + 4 + 1 + 1);
        let (s, _) = encode(b"a\\b\\x\xff", true, false);
        assert_eq!(s, b"a\\b\\x5cx\\xff");
        let (s, w) = encode("漢e\u{301}\u{85}\u{200b}".as_bytes(), true, false);
        assert_eq!(s, "漢e\u{301}\\xc2\\x85\u{200b}".as_bytes());
        assert_eq!(w, 2 + 1 + 8);
        let (s, _) = encode("é".as_bytes(), false, false);
        assert_eq!(s, b"\\xc3\\xa9");
        let (s, w) = encode(b"a\nb", true, true);
        assert_eq!((s.as_slice(), w), (&b"a\nb"[..], 2));
    }

    #[test]
    fn unassigned_code_points_are_escaped() {
        let (s, w) = encode("\u{378}\u{3248}".as_bytes(), true, false);
        assert_eq!(s, "\\xcd\\xb8\u{3248}".as_bytes());
        assert_eq!(w, 8 + 2);
    }
}
