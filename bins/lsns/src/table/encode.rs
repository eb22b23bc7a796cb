//! How cells become bytes: one encoder per output format below. Whether the locale
//! is UTF-8 (what the human table may print as it is) is common::i18n's to say.

pub mod json;
pub mod raw;
pub mod safe;

/// libsmartcols' `\xNN` escape of one byte.
fn push_hex(out: &mut Vec<u8>, b: u8) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.extend_from_slice(&[b'\\', b'x', HEX[(b >> 4) as usize], HEX[(b & 15) as usize]]);
}
