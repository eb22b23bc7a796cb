//! What a character is and how many terminal cells it takes, as libsmartcols asks the
//! C library (mbrtowc, iswprint, wcwidth) in a UTF-8 locale. The answers are glibc's,
//! generated into [`classes`] by `cargo xtask unicode-tables`, so the static musl
//! build lays out tables as the glibc reference does.

mod classes;

use common::utf8::decode;

/// The class of `cp` in [`classes::RUNS`]: 0 not printable, 1 + width otherwise.
fn class(cp: u32) -> u32 {
    let at = classes::RUNS.partition_point(|&run| run >> 2 <= cp);
    // the first run starts at U+0000, so `at` is at least 1
    classes::RUNS.get(at.wrapping_sub(1)).map_or(0, |run| run & 3)
}

/// iswprint in glibc's UTF-8 locales.
pub fn printable(cp: u32) -> bool {
    class(cp) != 0
}

/// wcwidth of a printable character (0 for combining marks, 2 for wide ones).
pub fn char_width(cp: u32) -> usize {
    class(cp).saturating_sub(1) as usize
}

/// Cells of one character of encoded text (anything undecodable counts one).
fn cells_at(s: &[u8]) -> (usize, usize) {
    match decode(s) {
        Some((cp, len)) => (if cp < 0x80 { 1 } else { char_width(cp) }, len),
        None => (1, 1),
    }
}

/// Width of already-encoded (printable) text.
pub fn width(s: &[u8]) -> usize {
    let (mut w, mut i) = (0, 0);
    while i < s.len() {
        let (cw, len) = cells_at(&s[i..]);
        w += cw;
        i += len;
    }
    w
}

/// Cuts encoded text to at most `max` cells; returns the byte length and the width.
pub fn truncate(s: &[u8], max: usize) -> (usize, usize) {
    let (mut w, mut i) = (0, 0);
    while i < s.len() {
        let (cw, len) = cells_at(&s[i..]);
        if w + cw > max {
            break;
        }
        w += cw;
        i += len;
    }
    (i, w)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncation_counts_cells() {
        assert_eq!(truncate("ab漢c".as_bytes(), 3), (2, 2));
        assert_eq!(truncate("ab漢c".as_bytes(), 4), (5, 4));
        assert_eq!(width("├─x".as_bytes()), 3);
        assert_eq!(width("e\u{301}\u{3248}".as_bytes()), 3);
    }

    /// Every code point against the running glibc's iswprint and wcwidth in C.UTF-8,
    /// so a table generated from another glibc shows here. The locale is put in force
    /// with uselocale, on this test's thread only: setlocale would change it for the
    /// other tests running in parallel.
    #[cfg(target_env = "gnu")]
    #[test]
    fn every_code_point_is_glibcs() {
        extern "C" {
            // glibc's; wint_t is unsigned int on Linux. Not declared by the libc crate.
            fn wcwidth(wc: libc::wchar_t) -> libc::c_int;
            fn iswprint(wc: libc::c_uint) -> libc::c_int;
        }
        // SAFETY: newlocale reads the locale files only.
        let loc = unsafe { libc::newlocale(libc::LC_CTYPE_MASK, c"C.UTF-8".as_ptr(), std::ptr::null_mut()) };
        if loc.is_null() {
            return nstest::skip("glibc's C.UTF-8 locale is not installed");
        }
        // SAFETY: `loc` is a valid locale object, in force on this thread only.
        let previous = unsafe { libc::uselocale(loc) };
        let mut wrong = Vec::new();
        for cp in 0..=0x10_ffffu32 {
            // SAFETY: both only classify the value.
            let (p, w) = unsafe { (iswprint(cp) != 0, wcwidth(cp as libc::wchar_t)) };
            if printable(cp) != p || (p && char_width(cp) as libc::c_int != w) {
                wrong.push(format!("U+{cp:04X}: glibc iswprint {p} wcwidth {w}"));
            }
        }
        // SAFETY: restores this thread's locale, then frees ours, no longer in use.
        unsafe {
            libc::uselocale(previous);
            libc::freelocale(loc);
        }
        assert!(wrong.is_empty(), "{} code points differ (cargo xtask unicode-tables):\n{}", wrong.len(), {
            wrong.truncate(20);
            wrong.join("\n")
        });
    }
}
