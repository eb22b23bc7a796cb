//! Locale names as glibc takes them apart (_nl_explode_name) and the order in which it
//! tries the variants of one name (_nl_make_l10nflist): most specific first, the codeset
//! both as written and normalized, then with modifier, codeset and territory dropped.

use super::archive::normalize_codeset;

const NORM_CODESET: u32 = 1;
const CODESET: u32 = 2;
const TERRITORY: u32 = 4;
const MODIFIER: u32 = 8;

struct Parts<'a> {
    language: &'a str,
    territory: &'a str,
    codeset: &'a str,
    normalized: String,
    modifier: &'a str,
    mask: u32,
}

fn explode(name: &str) -> Parts<'_> {
    let mut parts = Parts {
        language: name,
        territory: "",
        codeset: "",
        normalized: String::new(),
        modifier: "",
        mask: 0,
    };
    let language_end = name.find(['_', '.', '@']).unwrap_or(name.len());
    let mut rest = &name[language_end..];
    if language_end == 0 {
        // No language: glibc uses the whole name as it is (perhaps an alias).
        return parts;
    }
    parts.language = &name[..language_end];
    if let Some(after) = rest.strip_prefix('_') {
        let end = after.find(['.', '@']).unwrap_or(after.len());
        parts.territory = &after[..end];
        rest = &after[end..];
        if !parts.territory.is_empty() {
            parts.mask |= TERRITORY;
        }
    }
    if let Some(after) = rest.strip_prefix('.') {
        let end = after.find('@').unwrap_or(after.len());
        parts.codeset = &after[..end];
        rest = &after[end..];
        if !parts.codeset.is_empty() {
            parts.mask |= CODESET;
            parts.normalized = normalize_codeset(parts.codeset);
            if parts.normalized != parts.codeset {
                parts.mask |= NORM_CODESET;
            }
        }
    }
    if let Some(after) = rest.strip_prefix('@') {
        parts.modifier = after;
        if !after.is_empty() {
            parts.mask |= MODIFIER;
        }
    }
    parts
}

/// Whether glibc 2.35+ takes `name` as its built-in C.UTF-8: language C with a codeset
/// that normalizes to utf8, whatever territory or modifier ("C.utf8", "C_US.UTF-8@x").
pub fn is_builtin_c_utf8(name: &str) -> bool {
    let parts = explode(name);
    parts.language == "C" && parts.mask & CODESET != 0 && normalize_codeset(parts.codeset) == "utf8"
}

/// Every name glibc tries for `name`, in its order. A name without a language part is
/// tried as it is, alone.
pub fn variants(name: &str) -> Vec<String> {
    let parts = explode(name);
    if parts.mask == 0 {
        return vec![parts.language.to_string()];
    }
    let mut out = Vec::new();
    for mask in (0..=parts.mask).rev() {
        // Only subsets of what the name has; never both spellings of the codeset.
        if mask & !parts.mask != 0 || (mask & CODESET != 0 && mask & NORM_CODESET != 0) {
            continue;
        }
        let mut n = parts.language.to_string();
        if mask & TERRITORY != 0 {
            n.push('_');
            n.push_str(parts.territory);
        }
        if mask & CODESET != 0 {
            n.push('.');
            n.push_str(parts.codeset);
        }
        if mask & NORM_CODESET != 0 {
            n.push('.');
            n.push_str(&parts.normalized);
        }
        if mask & MODIFIER != 0 {
            n.push('@');
            n.push_str(parts.modifier);
        }
        out.push(n);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{is_builtin_c_utf8, variants};

    #[test]
    fn builtin_c_utf8_names() {
        for yes in ["C.UTF-8", "C.utf8", "C.utf-8", "C.UTF8", "C_US.UTF-8", "C.utf8@x"] {
            assert!(is_builtin_c_utf8(yes), "{yes}");
        }
        for no in ["C", "POSIX", "c.utf8", "C@x.utf8", "C.", "C.ISO-8859-1", "POSIX.UTF-8"] {
            assert!(!is_builtin_c_utf8(no), "{no}");
        }
    }

    #[test]
    fn utf8_name_falls_back_as_glibc() {
        assert_eq!(
            variants("de_DE.UTF-8"),
            ["de_DE.UTF-8", "de_DE.utf8", "de_DE", "de.UTF-8", "de.utf8", "de"]
        );
    }

    #[test]
    fn normalized_codeset_is_not_tried_twice() {
        assert_eq!(variants("de_DE.utf8"), ["de_DE.utf8", "de_DE", "de.utf8", "de"]);
    }

    #[test]
    fn modifier_combinations_come_first() {
        assert_eq!(
            variants("sr_RS.UTF-8@latin"),
            [
                "sr_RS.UTF-8@latin",
                "sr_RS.utf8@latin",
                "sr_RS@latin",
                "sr.UTF-8@latin",
                "sr.utf8@latin",
                "sr@latin",
                "sr_RS.UTF-8",
                "sr_RS.utf8",
                "sr_RS",
                "sr.UTF-8",
                "sr.utf8",
                "sr",
            ]
        );
    }

    #[test]
    fn plain_and_odd_names() {
        assert_eq!(variants("de"), ["de"]);
        assert_eq!(variants("de_AT"), ["de_AT", "de"]);
        assert_eq!(variants("de@euro"), ["de@euro", "de"]);
        assert_eq!(variants("de_"), ["de"]);
        assert_eq!(variants("de."), ["de"]);
        assert_eq!(variants("@x"), ["@x"]);
        assert_eq!(variants(".utf8"), [".utf8"]);
        assert_eq!(
            variants("de_DE.8859-1"),
            ["de_DE.8859-1", "de_DE.iso88591", "de_DE", "de.8859-1", "de.iso88591", "de"]
        );
    }
}
