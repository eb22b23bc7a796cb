//! How cells become bytes: the locale's character set (which decides what the human
//! table may print as it is), and one encoder per output format below.

pub mod json;
pub mod raw;
pub mod safe;

/// Whether the locale's character set is UTF-8, decided the way glibc would after
/// `setlocale(LC_ALL, "")` (common::i18n reads glibc's locale data itself, so the static
/// build agrees).
pub fn locale_is_utf8() -> bool {
    common::i18n::locale_is_utf8()
}

/// libsmartcols' `\xNN` escape of one byte.
fn push_hex(out: &mut Vec<u8>, b: u8) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.extend_from_slice(&[b'\\', b'x', HEX[(b >> 4) as usize], HEX[(b & 15) as usize]]);
}
