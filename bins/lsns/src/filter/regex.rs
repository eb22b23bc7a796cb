//! `=~` and `!~`: the C library's POSIX extended regular expressions, compiled as
//! libsmartcols compiles them (regcomp with REG_EXTENDED | REG_NOSUB) and matched
//! with regexec, so what is accepted, refused and matched is glibc's (or, in the
//! static build, musl's, as for a util-linux built on musl) by construction.
//!
//! util-linux runs after setlocale(LC_ALL, ""), and regcomp reads LC_CTYPE (what a
//! character is: `.` takes a whole UTF-8 sequence) and LC_COLLATE (ranges,
//! equivalence classes). Each expression carries that locale, made with newlocale
//! and put in force with uselocale around the calls only, so the process's global
//! locale, which the rest of lsns never consults, stays as it is.

use std::ffi::{c_int, CString};
use std::mem::MaybeUninit;

/// Deeper than this, glibc's recursive parser runs off an 8 MiB stack (it crashes at
/// about 20000 nested groups); such a pattern is refused as too big instead.
const MAX_DEPTH: usize = 1000;

/// More repetitions than this stacked on one atom (`a***...`) take glibc time cubic
/// in their number (2000: 18 s, 1000: 2 s, each; 32: nothing), and say nothing more
/// than a few would; such a pattern is refused as too big instead.
const MAX_STACKED: usize = 32;

/// Larger than this once repetitions are expanded, glibc's regcomp takes seconds and
/// hundreds of MiB (`a{1000}{1000}`, 10^6 nodes: 3 s, 200 MiB, and each stacked
/// interval multiplies it); such a pattern is refused as too big instead.
const MAX_EXPANDED: u64 = 1 << 20;

/// The regerror code for a pattern refused as too deep or too large: glibc's "Regular expression
/// too big"; musl has no REG_ESIZE and says REG_ESPACE for its own limit.
#[cfg(target_env = "gnu")]
const TOO_BIG: c_int = libc::REG_ESIZE;
#[cfg(not(target_env = "gnu"))]
const TOO_BIG: c_int = libc::REG_ESPACE;

/// Every locale category, as setlocale(LC_ALL, "") loads them.
#[cfg(target_env = "gnu")]
const ALL_CATEGORIES: c_int = libc::LC_ALL_MASK;
// musl has the six POSIX categories, and the libc crate no LC_ALL_MASK for it.
#[cfg(not(target_env = "gnu"))]
const ALL_CATEGORIES: c_int = libc::LC_CTYPE_MASK
    | libc::LC_NUMERIC_MASK
    | libc::LC_TIME_MASK
    | libc::LC_COLLATE_MASK
    | libc::LC_MONETARY_MASK
    | libc::LC_MESSAGES_MASK;

/// A compiled expression and the locale it was compiled in.
pub struct Regex {
    re: Box<libc::regex_t>,
    locale: Locale,
}

impl std::fmt::Debug for Regex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Regex")
    }
}

/// The text up to the first NUL: libsmartcols hands C strings to regcomp and
/// regexec, so a pattern or a cell ends there.
fn c_string(s: &[u8]) -> CString {
    let end = s.iter().position(|&b| b == 0).unwrap_or(s.len());
    // no NUL is left in s[..end]
    CString::new(&s[..end]).unwrap_or_default()
}

impl Regex {
    /// Compiles `pattern`; a refusal carries the C library's regerror text.
    pub fn new(pattern: &[u8]) -> Result<Regex, String> {
        let locale = Locale::from_environment();
        let c = c_string(pattern);
        let shape = shape(c.as_bytes());
        if shape.depth > MAX_DEPTH || shape.size > MAX_EXPANDED || shape.stacked > MAX_STACKED {
            return Err(locale.error_text(TOO_BIG));
        }
        let mut re: Box<MaybeUninit<libc::regex_t>> = Box::new(MaybeUninit::zeroed());
        let rc = locale.with(|| {
            // SAFETY: `re` is writable storage for a regex_t and `c` a C string, both
            // alive for the call.
            unsafe { libc::regcomp(re.as_mut_ptr(), c.as_ptr(), libc::REG_EXTENDED | libc::REG_NOSUB) }
        });
        if rc != 0 {
            // a failed regcomp leaves nothing to regfree
            return Err(locale.error_text(rc));
        }
        // SAFETY: regcomp succeeded, so it initialised the regex_t.
        let re = unsafe { Box::from_raw(Box::into_raw(re).cast::<libc::regex_t>()) };
        Ok(Regex { re, locale })
    }

    /// True if the expression matches anywhere in `text`.
    pub fn is_match(&self, text: &[u8]) -> bool {
        let c = c_string(text);
        self.locale.with(|| {
            // SAFETY: `re` was compiled by regcomp and not freed; with REG_NOSUB no
            // match array is read or written.
            unsafe { libc::regexec(&*self.re, c.as_ptr(), 0, std::ptr::null_mut(), 0) == 0 }
        })
    }
}

impl Drop for Regex {
    fn drop(&mut self) {
        // SAFETY: compiled by regcomp, freed once, here.
        unsafe { libc::regfree(&mut *self.re) };
    }
}

/// What glibc's parser and compiler would have to build for a pattern: how deep its
/// tree is (each group, counting every unescaped `(` outside bracket expressions, and
/// each repetition stacked on an atom is one level) and how many nodes its
/// repetitions expand to (glibc copies `x{m,n}`'s subtree n times).
#[derive(Debug, PartialEq, Eq)]
struct Shape {
    depth: usize,
    size: u64,
    /// The most repetitions stacked on one atom.
    stacked: usize,
}

/// One group being read: its size so far, its deepest subtree, and its last atom's
/// size and depth (what a repetition copies and wraps).
#[derive(Clone, Copy, Default)]
struct Level {
    total: u64,
    deepest: usize,
    last: u64,
    last_depth: usize,
    /// Repetitions on the last atom so far, and the most on any atom.
    stacked: usize,
    most_stacked: usize,
}

impl Level {
    fn atom(&mut self, size: u64, depth: usize) {
        self.total = self.total.saturating_add(size);
        self.last = size;
        self.last_depth = depth;
        self.deepest = self.deepest.max(depth);
        self.stacked = 0;
    }

    fn repeat(&mut self, copies: u64) {
        let extra = self.last.saturating_mul(copies.saturating_sub(1));
        self.total = self.total.saturating_add(extra);
        self.last = self.last.saturating_mul(copies);
        self.last_depth += 1;
        self.deepest = self.deepest.max(self.last_depth);
        self.stacked += 1;
        self.most_stacked = self.most_stacked.max(self.stacked);
    }
}

fn shape(pattern: &[u8]) -> Shape {
    let mut levels = vec![Level::default()];
    let mut i = 0;
    while i < pattern.len() {
        let top = levels.len() - 1;
        match pattern[i] {
            b'\\' => {
                levels[top].atom(1, 1);
                i += 1;
            }
            b'(' => levels.push(Level::default()),
            b')' if top > 0 => {
                let group = levels.pop().unwrap_or_default();
                let parent = &mut levels[top - 1];
                parent.atom(group.total.saturating_add(1), group.deepest + 1);
                parent.most_stacked = parent.most_stacked.max(group.most_stacked);
            }
            b'[' => {
                i = bracket_end(pattern, i);
                levels[top].atom(1, 1);
            }
            b'*' | b'?' => levels[top].repeat(1),
            b'+' => levels[top].repeat(2),
            b'{' => {
                let body = &pattern[i + 1..];
                let close = body.iter().position(|&b| b == b'}').unwrap_or(body.len());
                levels[top].repeat(interval_copies(&body[..close]));
                i += close + 1;
            }
            _ => levels[top].atom(1, 1),
        }
        i += 1;
    }
    // groups left open count as closed, each one level deeper
    let depth = levels.iter().enumerate().map(|(open, l)| l.deepest + open).max().unwrap_or(0);
    let size = levels.iter().fold(0u64, |sum, l| sum.saturating_add(l.total));
    let stacked = levels.iter().map(|l| l.most_stacked).max().unwrap_or(0);
    Shape { depth, size, stacked }
}

/// How many copies of its atom glibc makes for the interval `m`, `m,` or `m,n`.
fn interval_copies(body: &[u8]) -> u64 {
    let number = |n: &[u8]| std::str::from_utf8(n).ok().and_then(|n| n.parse::<u64>().ok());
    match body.iter().position(|&b| b == b',') {
        None => number(body),
        Some(comma) if comma + 1 == body.len() => number(&body[..comma]).map(|m| m.saturating_add(1)),
        Some(comma) => number(&body[comma + 1..]),
    }
    .unwrap_or(1)
    .max(1)
}

/// The index of the `]` closing the bracket expression opened at `open` (or the end).
fn bracket_end(p: &[u8], open: usize) -> usize {
    let mut i = open + 1;
    if p.get(i) == Some(&b'^') {
        i += 1;
    }
    if p.get(i) == Some(&b']') {
        i += 1;
    }
    while i < p.len() && p[i] != b']' {
        if p[i] == b'[' && matches!(p.get(i + 1), Some(b':' | b'.' | b'=')) {
            let kind = p[i + 1];
            match p[i + 2..].windows(2).position(|w| w[0] == kind && w[1] == b']') {
                Some(at) => i += 2 + at + 2,
                None => return p.len(),
            }
            continue;
        }
        i += 1;
    }
    i
}

/// The user's locale as setlocale(LC_ALL, "") would load it: every category from the
/// environment, or the C locale when any of them cannot be loaded.
struct Locale(libc::locale_t);

impl Locale {
    fn from_environment() -> Locale {
        // glibc loads what the environment names, as util-linux's setlocale does.
        // musl takes an unset or unknown locale for C.UTF-8 where glibc falls back to
        // C; there the table's judgment (glibc's rules) decides between the two.
        let load_named = cfg!(target_env = "gnu") || common::i18n::locale_is_utf8();
        let name = if load_named { c"" } else { c"C" };
        // SAFETY: newlocale only reads the environment and the locale files; the
        // names are C strings.
        let loc = unsafe { libc::newlocale(ALL_CATEGORIES, name.as_ptr(), std::ptr::null_mut()) };
        if !loc.is_null() {
            return Locale(loc);
        }
        // SAFETY: as above; "C" always loads.
        Locale(unsafe { libc::newlocale(ALL_CATEGORIES, c"C".as_ptr(), std::ptr::null_mut()) })
    }

    /// Runs `f` with this locale in force on the calling thread.
    fn with<T>(&self, f: impl FnOnce() -> T) -> T {
        if self.0.is_null() {
            return f();
        }
        // SAFETY: a locale object from newlocale, alive until drop; uselocale only
        // changes the calling thread's locale, and the previous one is put back.
        let previous = unsafe { libc::uselocale(self.0) };
        let result = f();
        // SAFETY: `previous` is what uselocale returned (a locale or the global one).
        unsafe { libc::uselocale(previous) };
        result
    }

    /// regerror's text for `code` (it needs no compiled expression).
    fn error_text(&self, code: c_int) -> String {
        let mut buf = [0u8; 256];
        self.with(|| {
            // SAFETY: `buf` is writable for its length; glibc and musl never read preg,
            // so a null one is allowed.
            unsafe { libc::regerror(code, std::ptr::null(), buf.as_mut_ptr().cast(), buf.len()) }
        });
        let end = buf.iter().position(|&b| b == 0).unwrap_or(buf.len());
        String::from_utf8_lossy(&buf[..end]).into_owned()
    }
}

impl Drop for Locale {
    fn drop(&mut self) {
        if !self.0.is_null() {
            // SAFETY: from newlocale, freed once, and no longer in force (with()
            // restores the previous locale before returning).
            unsafe { libc::freelocale(self.0) };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(p: &str, t: &str) -> bool {
        Regex::new(p.as_bytes()).expect("compiles").is_match(t.as_bytes())
    }

    #[test]
    fn matches_anywhere() {
        assert!(m("sle+p", "x sleeep y"));
        assert!(m("^sleep [0-9]+$", "sleep 1000"));
        assert!(!m("^sleep$", "sleep 1000"));
        assert!(m("1)", "a 1) b"));
        assert!(m("", "anything"));
        assert!(!m("(a*)*b", &"a".repeat(5000)));
    }

    #[test]
    fn ends_at_a_nul() {
        assert!(!m("b", "a\0b"));
        assert!(Regex::new(b"a\0(").expect("the pattern is 'a'").is_match(b"xa"));
    }

    #[test]
    fn shape_counts_groups_and_copies() {
        let depth = |p: &[u8]| shape(p).depth;
        assert_eq!(depth(b"((a)(b))"), 3);
        assert_eq!(depth(b"\\(\\(a"), 1);
        assert_eq!(depth(b"[(((]x"), 1);
        assert_eq!(depth(b"[]((]([[:alpha:](]"), 2);
        assert_eq!(depth(b"a***"), 4);
        assert_eq!(depth(b"((a"), 3);
        assert_eq!(shape(b"ab"), Shape { depth: 1, size: 2, stacked: 0 });
        assert_eq!(shape(b"(a**)b*").stacked, 2);
        assert_eq!(shape(b"a{3}b").size, 4);
        assert_eq!(shape(b"(ab){2,3}").size, 9);
        assert_eq!(shape(b"a{2,}").size, 3);
        assert!(shape(b"a{1000}{1000}").size < MAX_EXPANDED);
        assert!(shape(b"a{1000}{1000}{2}").size > MAX_EXPANDED);
        assert!(shape(b"(a{255}){255}").size < MAX_EXPANDED);
        assert!(Regex::new(b"((a{100}){100}){200}").is_err());
        assert!(Regex::new(format!("a{}", "*".repeat(MAX_STACKED)).as_bytes()).is_ok());
        assert!(Regex::new(format!("(a{})", "*".repeat(MAX_STACKED + 1)).as_bytes()).is_err());
        let deep = format!("{}{}", "(".repeat(MAX_DEPTH + 1), ")".repeat(MAX_DEPTH + 1));
        assert!(Regex::new(deep.as_bytes()).is_err());
    }
}
