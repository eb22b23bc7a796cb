//! UTF-8 decoding as glibc's mbrtowc does it in a UTF-8 locale, for the tools that
//! classify characters themselves (lsns's table cells, chroot's quoting).

/// One decoded character at the start of `s`: its code point and length, or `None`
/// where mbrtowc fails (invalid, overlong, surrogate, beyond U+10FFFF, cut short).
pub fn decode(s: &[u8]) -> Option<(u32, usize)> {
    let len = match *s.first()? {
        0x00..=0x7f => 1,
        0xc2..=0xdf => 2,
        0xe0..=0xef => 3,
        0xf0..=0xf4 => 4,
        _ => return None,
    };
    let c = std::str::from_utf8(s.get(..len)?).ok()?.chars().next()?;
    Some((u32::from(c), len))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_as_mbrtowc() {
        assert_eq!(decode("é".as_bytes()), Some((0xe9, 2)));
        assert_eq!(decode(b"\xed\xa0\x80"), None);
        assert_eq!(decode(b"\xc0\xaf"), None);
        assert_eq!(decode(b"\xf4\x90\x80\x80"), None);
        assert_eq!(decode(b"\xe6\xbc"), None);
        assert_eq!(decode(b""), None);
    }
}
