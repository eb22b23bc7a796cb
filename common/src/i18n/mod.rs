//! Message translation as glibc's gettext does it, in pure Rust so the static musl
//! build behaves like the glibc one: the locale that setlocale(LC_ALL, "") would load
//! (read from glibc's locale archive or locale directories), the language list from
//! LANGUAGE and LC_MESSAGES, catalogs from /usr/share/locale/NAME/LC_MESSAGES/DOMAIN.mo,
//! plural forms, conversion to the locale's character set, and printf over the result.
//!
//! Lazy: nothing is opened before the first lookup, so a tool's success path never
//! touches a catalog or the locale archive. Each domain's catalogs are read once, when
//! first needed, and kept.
//!
//! Where this differs from glibc it is on purpose, for safety (docs/COMPATIBILITY.md,
//! "Locales and messages"): a translation whose printf directives do not take the
//! msgid's arguments, or that is not valid in its catalog's charset, counts as absent.

mod archive;
mod charset;
mod format;
mod locale;
pub mod mo;
mod names;
pub mod plural;

#[cfg(test)]
mod tests;
#[cfg(all(test, target_env = "gnu"))]
mod tests_glibc;

use std::sync::OnceLock;

pub use format::format;

/// A gettext text domain: whose catalog a message is looked up in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Domain {
    UtilLinux,
    Coreutils,
    Libc,
}

impl Domain {
    pub fn name(self) -> &'static str {
        match self {
            Domain::UtilLinux => "util-linux",
            Domain::Coreutils => "coreutils",
            Domain::Libc => "libc",
        }
    }

    fn index(self) -> usize {
        match self {
            Domain::UtilLinux => 0,
            Domain::Coreutils => 1,
            Domain::Libc => 2,
        }
    }
}

/// One printf argument.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Arg<'a> {
    Str(&'a [u8]),
    Int(i64),
    Uint(u64),
    Char(u8),
}

const CATALOG_DIR: &str = "/usr/share/locale";

/// One catalog gettext would try, read when a lookup first reaches it.
struct Candidate {
    path: String,
    catalog: OnceLock<Option<mo::Catalog>>,
}

impl Candidate {
    fn catalog(&self) -> Option<&mo::Catalog> {
        self.catalog.get_or_init(|| mo::load(&self.path)).as_ref()
    }
}

/// Where glibc's setuid rules apply (AT_SECURE), LANGUAGE entries naming paths are skipped.
fn secure() -> bool {
    // SAFETY: getauxval has no preconditions.
    unsafe { libc::getauxval(libc::AT_SECURE) != 0 }
}

/// The language names gettext tries, in order (glibc's guess_category_value and the
/// loop of dcigettext): none under the C locale; else the LANGUAGE entries if LANGUAGE
/// is set and not empty (without the LC_MESSAGES name after them), else the LC_MESSAGES
/// locale's name. An entry "C" or "POSIX" ends the list.
pub fn languages(messages_locale: &str, language: Option<&str>) -> Vec<String> {
    if messages_locale == "C" {
        return Vec::new();
    }
    let list = language.filter(|l| !l.is_empty()).unwrap_or(messages_locale);
    let mut out = Vec::new();
    for entry in list.split(':').filter(|e| !e.is_empty()) {
        if entry == "C" || entry == "POSIX" {
            break;
        }
        out.push(entry.to_string());
    }
    out
}

/// Every catalog path for `domain`, most wanted first.
fn candidate_paths(domain: Domain, languages: &[String], skip_paths: bool) -> Vec<String> {
    let mut out = Vec::new();
    for language in languages {
        if skip_paths && language.contains('/') {
            continue;
        }
        for variant in names::variants(language) {
            out.push(format!("{CATALOG_DIR}/{variant}/LC_MESSAGES/{}.mo", domain.name()));
        }
    }
    out
}

fn candidates(domain: Domain) -> &'static [Candidate] {
    static DOMAINS: [OnceLock<Vec<Candidate>>; 3] = [OnceLock::new(), OnceLock::new(), OnceLock::new()];
    DOMAINS[domain.index()].get_or_init(|| {
        let language = std::env::var_os("LANGUAGE").map(|l| l.to_string_lossy().into_owned());
        let list = languages(&locale::current().messages, language.as_deref());
        candidate_paths(domain, &list, secure())
            .into_iter()
            .map(|path| Candidate { path, catalog: OnceLock::new() })
            .collect()
    })
}

/// How a translation will be printed, which decides whether its directives must match.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Use {
    /// Through [`format`] with the msgid's arguments.
    Format,
    /// As it is (fputs): a '%' in it is text.
    Plain,
}

/// The form of a translation gettext returns, checked and converted to `codeset`;
/// None makes the lookup go on to the next catalog.
fn usable(
    catalog: &mo::Catalog,
    form: &[u8],
    originals: &[&str],
    plural: bool,
    how: Use,
    codeset: &str,
) -> Option<Vec<u8>> {
    if form.is_empty() {
        return None;
    }
    if how == Use::Format && !originals.iter().any(|o| format::compatible(o.as_bytes(), form, plural)) {
        return None;
    }
    charset::convert(form, &catalog.charset, codeset)
}

/// Translation of `msgid` in `domain` for the user's locale, already in the locale's
/// character set, or None (not installed locale, plain C, no catalog, no entry, empty
/// msgstr, conversions that differ from msgid's, or text the charset cannot take) so
/// the caller prints the English msgid.
pub fn gettext(domain: Domain, msgid: &str) -> Option<Vec<u8>> {
    gettext_in(candidates(domain).iter().filter_map(Candidate::catalog), codeset(), msgid)
}

/// Translation of `msgid` for text printed as it is, never through [`format`] (help
/// lines, coreutils' fputs'd texts): no directive check, since a '%' there is text
/// ("93% of width"), as glibc prints it.
pub fn gettext_plain(domain: Domain, msgid: &str) -> Option<Vec<u8>> {
    lookup(candidates(domain).iter().filter_map(Candidate::catalog), codeset(), msgid, Use::Plain)
}

/// gettext over the catalogs `catalogs`, in order, for a locale whose codeset is `codeset`.
pub fn gettext_in<'a>(
    catalogs: impl Iterator<Item = &'a mo::Catalog>,
    codeset: &str,
    msgid: &str,
) -> Option<Vec<u8>> {
    lookup(catalogs, codeset, msgid, Use::Format)
}

fn lookup<'a>(
    mut catalogs: impl Iterator<Item = &'a mo::Catalog>,
    codeset: &str,
    msgid: &str,
    how: Use,
) -> Option<Vec<u8>> {
    if msgid.is_empty() {
        return None;
    }
    catalogs.find_map(|catalog| {
        let translation = catalog.find(msgid)?;
        let first = translation.split(|&b| b == 0).next().unwrap_or_default();
        usable(catalog, first, &[msgid], false, how, codeset)
    })
}

/// Plural lookup with the catalog's Plural-Forms; None: caller uses msgid if n == 1 else
/// plural.
pub fn ngettext(domain: Domain, msgid: &str, plural: &str, n: u64) -> Option<Vec<u8>> {
    ngettext_in(candidates(domain).iter().filter_map(Candidate::catalog), codeset(), msgid, plural, n)
}

/// ngettext over the catalogs `catalogs`, in order, for a locale whose codeset is `codeset`.
pub fn ngettext_in<'a>(
    catalogs: impl Iterator<Item = &'a mo::Catalog>,
    codeset: &str,
    msgid: &str,
    plural: &str,
    n: u64,
) -> Option<Vec<u8>> {
    if msgid.is_empty() {
        return None;
    }
    for catalog in catalogs {
        let Some(translation) = catalog.find(msgid) else { continue };
        // Division by zero in the rule: no form (see plural.rs).
        let index = catalog.plural.index(n)?;
        let Some(form) = usize::try_from(index).ok().and_then(|i| translation.split(|&b| b == 0).nth(i))
        else {
            // glibc's plural_lookup returns msgid itself when the entry has fewer forms.
            return Some(msgid.as_bytes().to_vec());
        };
        if let Some(text) = usable(catalog, form, &[msgid, plural], true, Use::Format, codeset) {
            return Some(text);
        }
    }
    None
}

/// The locale's character set as glibc would report nl_langinfo(CODESET) after
/// setlocale(LC_ALL, ""): "ANSI_X3.4-1968" for C, POSIX and locales that are not
/// installed, else the LC_CTYPE data's own ("UTF-8", "ISO-8859-1", ...).
pub fn codeset() -> &'static str {
    &locale::current().codeset
}

/// Whether the locale's character set is UTF-8, decided as glibc would after
/// `setlocale(LC_ALL, "")`, from glibc's own locale data, so the static build agrees.
pub fn locale_is_utf8() -> bool {
    locale::is_utf8(codeset())
}

/// The name setlocale(LC_MESSAGES, NULL) reports after setlocale(LC_ALL, ""): "C" when
/// the locale could not be set (coreutils' help omits a line for `en_*` locales).
pub fn messages_locale() -> &'static str {
    &locale::current().messages
}
