//! GNU MO catalogs (the format msgfmt writes and glibc's gettext reads): a header, a
//! table of original strings sorted by bytes and a parallel table of translations, in
//! either byte order. Every offset and length is checked against the file, so a
//! truncated or hostile catalog loses entries instead of crashing or reading outside.

use super::plural::Plural;

const MAGIC: u32 = 0x9504_12de;
/// Catalogs larger than this are not read (the largest real one is well under 1 MiB).
pub const MAX_SIZE: u64 = 64 << 20;

pub struct Catalog {
    data: Vec<u8>,
    big_endian: bool,
    count: usize,
    originals: usize,
    translations: usize,
    /// Whether the original strings are in strictly increasing order, so a binary
    /// search finds every entry; otherwise lookups scan (still bounded by `count`).
    sorted: bool,
    /// The header's `charset=`, as written ("UTF-8"); empty if the header has none.
    pub charset: String,
    pub plural: Plural,
}

impl Catalog {
    /// A catalog from a file's bytes; None if it is not a MO file glibc would load.
    pub fn parse(data: Vec<u8>) -> Option<Catalog> {
        let magic = |big: bool| read_u32(&data, 0, big);
        let big_endian = if magic(false)? == MAGIC {
            false
        } else if magic(true)? == MAGIC {
            true
        } else {
            return None;
        };
        let word = |i: usize| read_u32(&data, 4 * i, big_endian).map(|w| w as usize);
        // Major revisions 0 and 1 share the static tables (1 adds system-dependent
        // strings, which we do not need); glibc refuses anything newer.
        if word(1)? >> 16 > 1 {
            return None;
        }
        let count = word(2)?;
        let (originals, translations) = (word(3)?, word(4)?);
        let table_len = count.checked_mul(8)?;
        if originals.checked_add(table_len)? > data.len() || translations.checked_add(table_len)? > data.len()
        {
            return None;
        }
        let mut catalog = Catalog {
            data,
            big_endian,
            count,
            originals,
            translations,
            sorted: true,
            charset: String::new(),
            plural: Plural::default(),
        };
        catalog.sorted = (1..count).all(|i| match (catalog.key(i - 1), catalog.key(i)) {
            (Some(a), Some(b)) => a < b,
            _ => false,
        });
        if let Some(header) = catalog.find("") {
            let header = header.split(|&b| b == 0).next().unwrap_or_default().to_vec();
            catalog.charset = header_charset(&header);
            catalog.plural = Plural::from_header(&header);
        }
        Some(catalog)
    }

    fn string(&self, table: usize, index: usize) -> Option<&[u8]> {
        let entry = table + 8 * index;
        let len = read_u32(&self.data, entry, self.big_endian)? as usize;
        let offset = read_u32(&self.data, entry + 4, self.big_endian)? as usize;
        self.data.get(offset..offset.checked_add(len)?)
    }

    /// The msgid of entry `index` (an entry with a plural keeps "msgid\0msgid_plural").
    fn key(&self, index: usize) -> Option<&[u8]> {
        let s = self.string(self.originals, index)?;
        Some(s.split(|&b| b == 0).next().unwrap_or_default())
    }

    fn index_of(&self, msgid: &[u8]) -> Option<usize> {
        if !self.sorted {
            return (0..self.count).find(|&i| self.key(i) == Some(msgid));
        }
        let (mut low, mut high) = (0, self.count);
        while low < high {
            let mid = low + (high - low) / 2;
            match self.key(mid)?.cmp(msgid) {
                std::cmp::Ordering::Less => low = mid + 1,
                std::cmp::Ordering::Greater => high = mid,
                std::cmp::Ordering::Equal => return Some(mid),
            }
        }
        None
    }

    /// Every original string, as stored ("msgid" or "msgid\0msgid_plural").
    pub fn originals(&self) -> impl Iterator<Item = &[u8]> {
        (0..self.count).filter_map(|i| self.string(self.originals, i))
    }

    /// The translation of `msgid`, every plural form of it separated by NULs.
    pub fn find(&self, msgid: &str) -> Option<&[u8]> {
        let index = self.index_of(msgid.as_bytes())?;
        self.string(self.translations, index)
    }
}

fn read_u32(data: &[u8], at: usize, big_endian: bool) -> Option<u32> {
    let b: [u8; 4] = data.get(at..at.checked_add(4)?)?.try_into().ok()?;
    Some(if big_endian { u32::from_be_bytes(b) } else { u32::from_le_bytes(b) })
}

/// The `charset=` of the header's Content-Type, up to a space, tab or newline, as glibc
/// reads it.
fn header_charset(header: &[u8]) -> String {
    let Some(at) = find_bytes(header, b"charset=") else { return String::new() };
    let rest = &header[at + b"charset=".len()..];
    let end = rest.iter().position(|b| matches!(b, b' ' | b'\t' | b'\n')).unwrap_or(rest.len());
    String::from_utf8_lossy(&rest[..end]).into_owned()
}

pub fn find_bytes(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Reads the catalog at `path`: None if it is missing, unreadable, too large or not a
/// catalog glibc would load.
pub fn load(path: &str) -> Option<Catalog> {
    use std::io::Read;
    let file = std::fs::File::open(path).ok()?;
    if !file.metadata().ok()?.is_file() {
        return None;
    }
    let mut data = Vec::new();
    file.take(MAX_SIZE + 1).read_to_end(&mut data).ok()?;
    if data.len() as u64 > MAX_SIZE {
        return None;
    }
    Catalog::parse(data)
}
