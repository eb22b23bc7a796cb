//! Reading compiled locale data as glibc stores it: the locale archive
//! (/usr/lib/locale/locale-archive, written by localedef) and per-locale directories
//! (/usr/lib/locale/NAME/LC_*). Every read is a bounded `pread` checked against the
//! file's own sizes, so a truncated or hostile file yields "not installed", never a
//! panic or an unbounded read.

use std::fs::File;
use std::os::unix::fs::FileExt;

pub const ARCHIVE: &str = "/usr/lib/locale/locale-archive";
pub const LOCALE_DIR: &str = "/usr/lib/locale";

/// glibc's category numbers (locale.h), the index of each category in an archive record.
pub const LC_CTYPE: usize = 0;
pub const LC_MESSAGES: usize = 5;
const LC_ALL: usize = 6;
const CATEGORY_COUNT: usize = 13;

/// The categories setlocale(LC_ALL, "") loads: (glibc number, environment/file name).
pub const CATEGORIES: [(usize, &str); 12] = [
    (0, "LC_CTYPE"),
    (1, "LC_NUMERIC"),
    (2, "LC_TIME"),
    (3, "LC_COLLATE"),
    (4, "LC_MONETARY"),
    (5, "LC_MESSAGES"),
    (7, "LC_PAPER"),
    (8, "LC_NAME"),
    (9, "LC_ADDRESS"),
    (10, "LC_TELEPHONE"),
    (11, "LC_MEASUREMENT"),
    (12, "LC_IDENTIFICATION"),
];

const ARCHIVE_MAGIC: u32 = 0xde02_0109;
/// localedef's magic for an LC_CTYPE blob (glibc's LIMAGIC(LC_CTYPE)).
const CTYPE_MAGIC: u32 = 0x2009_0720;
/// Item numbers inside the LC_CTYPE blob (glibc 2.36 langinfo.h, `_NL_CTYPE_*`); the
/// gnu-only test compares the codeset read here with nl_langinfo(CODESET).
pub const CODESET_NAME: usize = 14;
pub const TRANSLIT_TAB_SIZE: usize = 61;
pub const TRANSLIT_FROM_IDX: usize = 62;
pub const TRANSLIT_FROM_TBL: usize = 63;
pub const TRANSLIT_TO_IDX: usize = 64;
pub const TRANSLIT_TO_TBL: usize = 65;
pub const TRANSLIT_DEFAULT_MISSING_LEN: usize = 66;
pub const TRANSLIT_DEFAULT_MISSING: usize = 67;
/// More items than any glibc has (2.36 has 87 in LC_CTYPE): a blob claiming more is hostile.
const MAX_ITEMS: u32 = 1024;
/// Longest locale name glibc accepts (setlocale's valid_locale_name).
const MAX_NAME: usize = 255;

/// A byte range of an open file: a whole LC_CTYPE file, or one record of the archive.
pub struct Blob {
    file: File,
    start: u64,
    len: u64,
}

impl Blob {
    fn read(&self, offset: u64, len: usize) -> Option<Vec<u8>> {
        if offset.checked_add(len as u64)? > self.len {
            return None;
        }
        let mut buf = vec![0; len];
        self.file.read_exact_at(&mut buf, self.start + offset).ok()?;
        Some(buf)
    }

    fn u32_at(&self, offset: u64) -> Option<u32> {
        let b = self.read(offset, 4)?;
        Some(u32::from_ne_bytes([b[0], b[1], b[2], b[3]]))
    }

    /// The offset (inside the blob) of item `item`, and the offset of the next item or
    /// the end of the blob, which bounds it.
    fn item_range(&self, item: usize) -> Option<(u64, u64)> {
        if self.u32_at(0)? != CTYPE_MAGIC {
            return None;
        }
        let count = self.u32_at(4)?;
        if count > MAX_ITEMS || item as u32 >= count {
            return None;
        }
        let start = u64::from(self.u32_at(8 + 4 * item as u64)?);
        let end = if item as u32 + 1 < count {
            u64::from(self.u32_at(8 + 4 * (item as u64 + 1))?)
        } else {
            self.len
        };
        (start <= end && end <= self.len).then_some((start, end))
    }

    /// A NUL-terminated string item (e.g. the codeset name), at most 64 bytes.
    pub fn string_item(&self, item: usize) -> Option<String> {
        let (start, end) = self.item_range(item)?;
        let bytes = self.read(start, (end - start).min(64) as usize)?;
        let text = &bytes[..bytes.iter().position(|&b| b == 0)?];
        String::from_utf8(text.to_vec()).ok()
    }

    /// A 32-bit word item.
    pub fn word_item(&self, item: usize) -> Option<u32> {
        let (start, _) = self.item_range(item)?;
        self.u32_at(start)
    }

    /// An array of 32-bit words, bounded by the next item and by `max` words.
    pub fn words_item(&self, item: usize, max: usize) -> Option<Vec<u32>> {
        let (start, end) = self.item_range(item)?;
        let count = (((end - start) / 4) as usize).min(max);
        let bytes = self.read(start, count * 4)?;
        Some(bytes.chunks_exact(4).map(|c| u32::from_ne_bytes([c[0], c[1], c[2], c[3]])).collect())
    }
}

/// setlocale's check of a name taken from the environment (glibc's valid_locale_name).
pub fn valid_name(name: &str) -> bool {
    let b = name.as_bytes();
    !(b.is_empty()
        || b.len() > MAX_NAME
        || name.contains("/../")
        || name == ".."
        || name.starts_with("../")
        || name.ends_with("/..")
        || (name.contains('/') && !name.starts_with('/')))
}

/// glibc's _nl_normalize_codeset: letters and digits only, lower case, and "iso" in front
/// of an all-digit result ("UTF-8" -> "utf8", "8859-1" -> "iso88591").
pub fn normalize_codeset(codeset: &str) -> String {
    let kept: String = codeset.chars().filter(|c| c.is_ascii_alphanumeric()).collect();
    let lower = kept.to_ascii_lowercase();
    if !lower.is_empty() && lower.bytes().all(|b| b.is_ascii_digit()) {
        format!("iso{lower}")
    } else {
        lower
    }
}

/// The name as the archive stores it: the codeset part (between '.' and '@') normalized.
fn archive_name(name: &str) -> String {
    let Some(dot) = name.find('.') else { return name.to_string() };
    let rest = &name[dot + 1..];
    let end = rest.find('@').unwrap_or(rest.len());
    if end == 0 {
        return name.to_string();
    }
    format!("{}.{}{}", &name[..dot], normalize_codeset(&rest[..end]), &rest[end..])
}

/// Looks `name` up as glibc's _nl_find_locale does: the archive first (the name with
/// its codeset normalized), then the locale directory with the
/// fallbacks of _nl_make_l10nflist (the name, then with parts dropped). `Some` holds the
/// LC_CTYPE data when every category in `categories` can be loaded from the same place.
pub fn find(name: &str, categories: &[usize]) -> Option<Blob> {
    // A name with a '/' (setlocale has made sure it starts with one) is still looked
    // up under the locale directory, never in the archive: glibc 2.36 loads
    // LANG=/C.utf8 from /usr/lib/locale//C.utf8 and refuses LANG=/usr/lib/locale/C.utf8.
    if !name.contains('/') {
        if let Some(blob) = archive_lookup(ARCHIVE, &archive_name(name), categories) {
            return Some(blob);
        }
    }
    super::names::variants(name)
        .iter()
        .find_map(|candidate| directory_lookup(&format!("{LOCALE_DIR}/{candidate}"), categories))
}

fn category_file(dir: &str, category: usize) -> Option<String> {
    let (_, file) = CATEGORIES.iter().find(|(c, _)| *c == category)?;
    if category == LC_MESSAGES {
        Some(format!("{dir}/{file}/SYS_LC_MESSAGES"))
    } else {
        Some(format!("{dir}/{file}"))
    }
}

fn open_blob(path: &str) -> Option<Blob> {
    let file = File::open(path).ok()?;
    let meta = file.metadata().ok()?;
    meta.is_file().then(|| Blob { file, start: 0, len: meta.len() })
}

fn directory_lookup(dir: &str, categories: &[usize]) -> Option<Blob> {
    for &category in categories {
        if category != LC_CTYPE {
            open_blob(&category_file(dir, category)?)?;
        }
    }
    let ctype = open_blob(&category_file(dir, LC_CTYPE)?)?;
    (ctype.u32_at(0)? == CTYPE_MAGIC).then_some(ctype)
}

/// The LC_CTYPE record of the locale `name` in the archive at `path`, if the archive
/// has a record for every category in `categories`.
pub fn archive_lookup(path: &str, name: &str, categories: &[usize]) -> Option<Blob> {
    let file = File::open(path).ok()?;
    let size = file.metadata().ok()?.len();
    let whole = Blob { file, start: 0, len: size };
    let header = whole.read(0, 14 * 4)?;
    let word = |i: usize| {
        u32::from_ne_bytes([header[4 * i], header[4 * i + 1], header[4 * i + 2], header[4 * i + 3]])
    };
    if word(0) != ARCHIVE_MAGIC {
        return None;
    }
    let (namehash_offset, namehash_size) = (u64::from(word(2)), word(4));
    let (string_offset, string_size) = (u64::from(word(5)), u64::from(word(7)));
    let (locrec_offset, locrec_size) = (u64::from(word(8)), u64::from(word(10)));
    // Each name hash entry is (hash, name offset, record offset); an unused slot has a
    // zero name offset. A linear walk over the table is bounded by its size and needs
    // no agreement with localedef's hash function.
    let table = whole.read(namehash_offset, (namehash_size as usize).checked_mul(12)?)?;
    const LOCREC_LEN: u64 = 4 + 8 * CATEGORY_COUNT as u64;
    let entry = table.chunks_exact(12).find(|entry| {
        let name_offset = u64::from(u32::from_ne_bytes([entry[4], entry[5], entry[6], entry[7]]));
        if name_offset == 0
            || name_offset < string_offset
            || name_offset >= string_offset.saturating_add(string_size)
        {
            return false;
        }
        whole
            .read(name_offset, name.len() + 1)
            .is_some_and(|stored| &stored[..name.len()] == name.as_bytes() && stored[name.len()] == 0)
    })?;
    let locrec = u64::from(u32::from_ne_bytes([entry[8], entry[9], entry[10], entry[11]]));
    let table_end = locrec_offset.checked_add(locrec_size.checked_mul(LOCREC_LEN)?)?;
    if locrec < locrec_offset || locrec.checked_add(LOCREC_LEN)? > table_end {
        return None;
    }
    let record = whole.read(locrec + 4, 8 * CATEGORY_COUNT)?;
    let span = |category: usize| -> Option<(u64, u64)> {
        let r = &record[8 * category..8 * category + 8];
        let start = u64::from(u32::from_ne_bytes([r[0], r[1], r[2], r[3]]));
        let len = u64::from(u32::from_ne_bytes([r[4], r[5], r[6], r[7]]));
        (len != 0 && start.checked_add(len)? <= size).then_some((start, len))
    };
    for &category in categories {
        if category >= CATEGORY_COUNT || category == LC_ALL {
            return None;
        }
        span(category)?;
    }
    let (start, len) = span(LC_CTYPE)?;
    let Blob { file, .. } = whole;
    let ctype = Blob { file, start, len };
    (ctype.u32_at(0)? == CTYPE_MAGIC).then_some(ctype)
}
