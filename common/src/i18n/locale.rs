//! What setlocale(LC_ALL, "") would load: every category's name from the environment,
//! all or nothing (one category that cannot be loaded leaves the whole process in the C
//! locale), the codeset from the LC_CTYPE data, and the LC_MESSAGES name gettext uses.

use std::sync::OnceLock;

use super::archive::{self, Blob, CATEGORIES, LC_CTYPE};

/// glibc's name for the C locale's codeset.
pub const C_CODESET: &str = "ANSI_X3.4-1968";

pub struct Locale {
    /// nl_langinfo(CODESET).
    pub codeset: String,
    /// The LC_MESSAGES locale's name as setlocale reports it; "C" for C and POSIX.
    pub messages: String,
    /// The LC_CTYPE data (for transliteration); None for the built-in C and C.UTF-8.
    pub ctype: Option<Blob>,
}

/// The category's locale name: LC_ALL, else LC_<CATEGORY>, else LANG, else C; empty
/// values count as unset.
fn name_for(category: &str, var: &dyn Fn(&str) -> Option<String>) -> String {
    ["LC_ALL", category, "LANG"]
        .iter()
        .find_map(|v| var(v).filter(|s| !s.is_empty()))
        .unwrap_or_else(|| "C".into())
}

fn is_c(name: &str) -> bool {
    name == "C" || name == "POSIX"
}

/// glibc 2.35+ builds C.UTF-8 in (it loads with no locale files at all).
fn is_c_utf8(name: &str) -> bool {
    super::names::is_builtin_c_utf8(name)
}

fn c_locale() -> Locale {
    Locale { codeset: C_CODESET.into(), messages: "C".into(), ctype: None }
}

/// The locale setlocale(LC_ALL, "") loads under the environment `var` describes.
pub fn load(var: &dyn Fn(&str) -> Option<String>) -> Locale {
    let names: Vec<(usize, String)> = CATEGORIES.iter().map(|&(c, env)| (c, name_for(env, var))).collect();
    let mut ctype: Option<Blob> = None;
    let mut ctype_builtin_utf8 = false;
    let mut done: Vec<&str> = Vec::new();
    for (_, name) in &names {
        if done.contains(&name.as_str()) {
            continue;
        }
        done.push(name);
        // glibc refuses a relative path before it looks for a built-in (C.utf8/ is C)
        if !archive::valid_name(name) {
            return c_locale();
        }
        if is_c(name) || is_c_utf8(name) {
            continue;
        }
        let categories: Vec<usize> = names.iter().filter(|(_, n)| n == name).map(|&(c, _)| c).collect();
        let Some(blob) = archive::find(name, &categories) else { return c_locale() };
        if categories.contains(&LC_CTYPE) {
            ctype = Some(blob);
        }
    }
    let ctype_name = &names[0].1;
    let codeset = if is_c(ctype_name) {
        C_CODESET.to_string()
    } else if is_c_utf8(ctype_name) {
        ctype_builtin_utf8 = true;
        "UTF-8".to_string()
    } else {
        match ctype.as_ref().and_then(|b| b.string_item(archive::CODESET_NAME)) {
            Some(c) => c,
            None => return c_locale(),
        }
    };
    let messages = names.iter().find(|(c, _)| *c == archive::LC_MESSAGES).map(|(_, n)| n.clone());
    let messages = messages.filter(|n| !is_c(n)).unwrap_or_else(|| "C".into());
    if ctype_builtin_utf8 {
        ctype = None;
    }
    Locale { codeset, messages, ctype }
}

/// The process's locale, loaded on first use.
pub fn current() -> &'static Locale {
    static LOCALE: OnceLock<Locale> = OnceLock::new();
    // A value that is not UTF-8 names no installed locale, as with glibc.
    LOCALE.get_or_init(|| load(&|v| std::env::var_os(v).map(|s| s.to_string_lossy().into_owned())))
}

/// Whether a codeset name is UTF-8 (glibc reports "UTF-8"; any spelling counts).
pub fn is_utf8(codeset: &str) -> bool {
    archive::normalize_codeset(codeset) == "utf8"
}
