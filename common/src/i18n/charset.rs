//! A translation in the catalog's character set, converted to the locale's as glibc's
//! gettext does it (iconv with //TRANSLIT): characters the locale's codeset lacks are
//! replaced through the transliteration table of the locale's own LC_CTYPE data (so
//! de_DE's “ becomes «, fr_FR's becomes "), and what has no replacement there becomes the
//! table's default_missing ('?' in every glibc locale), one per character.
//!
//! Codesets converted: UTF-8, ISO-8859-1, ISO-8859-15 and ANSI_X3.4-1968 (ASCII), from
//! catalogs in any of them. Any other pair (an EUC-JP locale, a catalog in KOI8-R...)
//! gives None: the caller prints the English msgid.

use std::sync::OnceLock;

use super::archive::{self, Blob};
use super::locale::is_utf8;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Charset {
    Utf8,
    Ascii,
    Latin1,
    Latin9,
}

impl Charset {
    pub fn from_name(name: &str) -> Option<Charset> {
        if is_utf8(name) {
            return Some(Charset::Utf8);
        }
        match archive::normalize_codeset(name).as_str() {
            "ansix341968" | "ascii" | "usascii" | "iso646us" => Some(Charset::Ascii),
            "iso88591" | "latin1" | "l1" => Some(Charset::Latin1),
            "iso885915" | "latin9" => Some(Charset::Latin9),
            _ => None,
        }
    }
}

/// ISO-8859-15's eight differences from ISO-8859-1: (byte, code point).
const LATIN9: [(u8, u32); 8] = [
    (0xa4, 0x20ac),
    (0xa6, 0x0160),
    (0xa8, 0x0161),
    (0xb4, 0x017d),
    (0xb8, 0x017e),
    (0xbc, 0x0152),
    (0xbd, 0x0153),
    (0xbe, 0x0178),
];

/// The characters of `text`; None if it is not valid in `from`.
fn decode(text: &[u8], from: Charset) -> Option<Vec<u32>> {
    match from {
        Charset::Utf8 => Some(std::str::from_utf8(text).ok()?.chars().map(u32::from).collect()),
        Charset::Ascii => text.iter().map(|&b| (b < 0x80).then_some(u32::from(b))).collect(),
        Charset::Latin1 => Some(text.iter().map(|&b| u32::from(b)).collect()),
        Charset::Latin9 => Some(
            text.iter()
                .map(|&b| LATIN9.iter().find(|(x, _)| *x == b).map_or(u32::from(b), |&(_, c)| c))
                .collect(),
        ),
    }
}

/// `c` in `to`, appended to `out`; false if `to` has no place for it.
fn encode(c: u32, to: Charset, out: &mut Vec<u8>) -> bool {
    match to {
        Charset::Utf8 => match char::from_u32(c) {
            Some(ch) => {
                let mut buf = [0; 4];
                out.extend_from_slice(ch.encode_utf8(&mut buf).as_bytes());
                true
            }
            None => false,
        },
        Charset::Ascii if c < 0x80 => {
            out.push(c as u8);
            true
        }
        Charset::Latin1 if c < 0x100 => {
            out.push(c as u8);
            true
        }
        Charset::Latin9 => {
            if let Some(&(b, _)) = LATIN9.iter().find(|(_, x)| *x == c) {
                out.push(b);
                true
            } else if c < 0x100 && !LATIN9.iter().any(|(b, _)| u32::from(*b) == c) {
                out.push(c as u8);
                true
            } else {
                false
            }
        }
        _ => false,
    }
}

/// A locale's transliteration rules (LC_CTYPE's translit table, compiled by localedef).
#[derive(Default)]
pub struct Translit {
    from_idx: Vec<u32>,
    from_tbl: Vec<u32>,
    to_idx: Vec<u32>,
    to_tbl: Vec<u32>,
    default_missing: Vec<u32>,
}

/// Bounds on what is read from a (possibly hostile) LC_CTYPE blob; glibc 2.36's
/// largest table has about 3,000 entries in a few tens of thousands of words.
const MAX_ENTRIES: usize = 1 << 16;
const MAX_WORDS: usize = 1 << 20;

impl Translit {
    pub fn read(ctype: &Blob) -> Translit {
        let size = ctype.word_item(archive::TRANSLIT_TAB_SIZE).unwrap_or(0) as usize;
        let mut t = Translit::default();
        if size > 0 && size <= MAX_ENTRIES {
            t.from_idx = ctype.words_item(archive::TRANSLIT_FROM_IDX, size).unwrap_or_default();
            t.from_tbl = ctype.words_item(archive::TRANSLIT_FROM_TBL, MAX_WORDS).unwrap_or_default();
            t.to_idx = ctype.words_item(archive::TRANSLIT_TO_IDX, size).unwrap_or_default();
            t.to_tbl = ctype.words_item(archive::TRANSLIT_TO_TBL, MAX_WORDS).unwrap_or_default();
        }
        let missing = ctype.word_item(archive::TRANSLIT_DEFAULT_MISSING_LEN).unwrap_or(0) as usize;
        if missing > 0 && missing <= 16 {
            t.default_missing =
                ctype.words_item(archive::TRANSLIT_DEFAULT_MISSING, missing).unwrap_or_default();
        }
        t
    }

    /// A table from (source, replacements) rules sorted by source, as localedef lays
    /// them out.
    #[cfg(test)]
    pub fn synthetic(rules: &[(&[u32], &[&[u32]])], default_missing: &[u32]) -> Translit {
        let mut t = Translit { default_missing: default_missing.to_vec(), ..Translit::default() };
        for (from, replacements) in rules {
            t.from_idx.push(t.from_tbl.len() as u32);
            t.from_tbl.extend_from_slice(from);
            t.from_tbl.push(0);
            t.to_idx.push(t.to_tbl.len() as u32);
            for r in replacements.iter() {
                t.to_tbl.extend_from_slice(r);
                t.to_tbl.push(0);
            }
            t.to_tbl.push(0);
        }
        t
    }

    /// The NUL-terminated word string at `at` of `table`, bounded.
    fn string(table: &[u32], at: u32) -> Option<&[u32]> {
        let rest = table.get(at as usize..)?;
        let end = rest.iter().take(256).position(|&w| w == 0)?;
        Some(&rest[..end])
    }

    /// Replaces the characters at the start of `input`: how many it consumed, or None.
    /// As glibc's __gconv_transliterate: a binary search for the longest rule whose
    /// source matches, the first of its replacements `to` can take whole, else the
    /// default_missing replacement for one character.
    fn apply(&self, input: &[u32], to: Charset, out: &mut Vec<u8>) -> Option<usize> {
        let size = self.from_idx.len().min(self.to_idx.len());
        let (mut low, mut high) = (0, size);
        while low < high {
            let med = low + (high - low) / 2;
            let Some(from) = Translit::string(&self.from_tbl, self.from_idx[med]) else { break };
            let common = from.iter().zip(input).take_while(|(a, b)| a == b).count();
            if common > 0 && common == from.len() {
                if let Some(()) = self.replace(self.to_idx[med], to, out) {
                    return Some(common);
                }
            }
            if common >= input.len() || from.get(common).is_none_or(|&f| f < input[common]) {
                low = med + 1;
            } else {
                high = med;
            }
        }
        if self.default_missing.is_empty() {
            return None;
        }
        let mut buf = Vec::new();
        self.default_missing.iter().all(|&c| encode(c, to, &mut buf)).then(|| {
            out.extend_from_slice(&buf);
            1
        })
    }

    /// The first replacement in the list at `at` that `to` can hold.
    fn replace(&self, mut at: u32, to: Charset, out: &mut Vec<u8>) -> Option<()> {
        for _ in 0..64 {
            let candidate = Translit::string(&self.to_tbl, at)?;
            let mut buf = Vec::new();
            if candidate.iter().all(|&c| encode(c, to, &mut buf)) {
                out.extend_from_slice(&buf);
                return Some(());
            }
            at = at.checked_add(candidate.len() as u32 + 1)?;
            if self.to_tbl.get(at as usize).is_none_or(|&w| w == 0) {
                return None;
            }
        }
        None
    }
}

/// The locale's transliteration table, read on the first conversion that needs it.
fn locale_translit() -> &'static Translit {
    static TABLE: OnceLock<Translit> = OnceLock::new();
    TABLE.get_or_init(|| super::locale::current().ctype.as_ref().map(Translit::read).unwrap_or_default())
}

/// `text` from `from` to `to`; None if it is invalid in `from` or a character can be
/// neither converted nor replaced.
pub fn convert_with(
    text: &[u8],
    from: Charset,
    to: Charset,
    translit: &dyn Fn() -> &'static Translit,
) -> Option<Vec<u8>> {
    let chars = decode(text, from)?;
    if from == to {
        return Some(text.to_vec());
    }
    let mut out = Vec::with_capacity(text.len());
    let mut at = 0;
    while at < chars.len() {
        if encode(chars[at], to, &mut out) {
            at += 1;
        } else {
            at += translit().apply(&chars[at..], to, &mut out)?;
        }
    }
    Some(out)
}

/// A translation from a catalog's `charset=` to the locale's codeset.
pub fn convert(text: &[u8], catalog_charset: &str, codeset: &str) -> Option<Vec<u8>> {
    // A catalog without a charset is taken as it is, as glibc does; we still insist
    // that it is valid in the locale's codeset.
    let to = Charset::from_name(codeset)?;
    let from = if catalog_charset.is_empty() { to } else { Charset::from_name(catalog_charset)? };
    convert_with(text, from, to, &locale_translit)
}
