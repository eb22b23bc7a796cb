//! Unit tests of the lookup rules over synthetic catalogs written by a tiny MO writer
//! (no real catalog text in the repository). The comparisons with glibc itself are in
//! tests_glibc.rs.

use super::mo::Catalog;
use super::*;

/// A MO file as msgfmt would write it: `entries` are (msgid, msgstr) with NULs
/// separating msgid from msgid_plural and the plural forms of msgstr.
pub fn mo_file(entries: &[(&[u8], &[u8])], big_endian: bool) -> Vec<u8> {
    let mut sorted: Vec<(&[u8], &[u8])> = entries.to_vec();
    sorted.sort_by(|a, b| a.0.cmp(b.0));
    let n = sorted.len() as u32;
    let word = |v: u32| if big_endian { v.to_be_bytes() } else { v.to_le_bytes() };
    let header_len = 28u32;
    let originals = header_len;
    let translations = originals + 8 * n;
    let mut strings_at = translations + 8 * n;
    let mut head = Vec::new();
    for w in [0x9504_12de, 0, n, originals, translations, 0, strings_at] {
        head.extend_from_slice(&word(w));
    }
    let mut orig_table = Vec::new();
    let mut trans_table = Vec::new();
    let mut strings = Vec::new();
    for (table, pick) in [(&mut orig_table, 0), (&mut trans_table, 1)] {
        for e in &sorted {
            let s = if pick == 0 { e.0 } else { e.1 };
            table.extend_from_slice(&word(s.len() as u32));
            table.extend_from_slice(&word(strings_at));
            strings.extend_from_slice(s);
            strings.push(0);
            strings_at += s.len() as u32 + 1;
        }
    }
    [head, orig_table, trans_table, strings].concat()
}

const UTF8_HEADER: &[u8] =
    b"Content-Type: text/plain; charset=UTF-8\nPlural-Forms: nplurals=2; plural=(n != 1);\n";

fn catalog(entries: &[(&[u8], &[u8])]) -> Catalog {
    let mut all = vec![(&b""[..], UTF8_HEADER)];
    all.extend_from_slice(entries);
    Catalog::parse(mo_file(&all, false)).expect("a valid catalog")
}

fn get(cats: &[&Catalog], codeset: &str, msgid: &str) -> Option<String> {
    gettext_in(cats.iter().copied(), codeset, msgid).map(|v| String::from_utf8_lossy(&v).into_owned())
}

#[test]
fn finds_entries_in_both_byte_orders() {
    let entries: &[(&[u8], &[u8])] = &[
        (b"", UTF8_HEADER),
        (b"b", b"B"),
        (b"a", b"A"),
        (b"cannot open %s", b"kann %s nicht \xc3\xb6ffnen"),
    ];
    for big in [false, true] {
        let c = Catalog::parse(mo_file(entries, big)).expect("parses");
        assert_eq!(c.charset, "UTF-8");
        assert_eq!(get(&[&c], "UTF-8", "a").as_deref(), Some("A"));
        assert_eq!(get(&[&c], "UTF-8", "b").as_deref(), Some("B"));
        assert_eq!(get(&[&c], "UTF-8", "cannot open %s").as_deref(), Some("kann %s nicht öffnen"));
        assert_eq!(get(&[&c], "UTF-8", "c"), None);
        assert_eq!(get(&[&c], "UTF-8", ""), None, "the header is no message");
    }
}

#[test]
fn revisions_glibc_accepts() {
    let mut data = mo_file(&[(b"a", b"A")], false);
    for (revision, ok) in [(0u32, true), (1, true), (0x1_0000, true), (0x1_0001, true), (0x2_0000, false)] {
        data[4..8].copy_from_slice(&revision.to_le_bytes());
        assert_eq!(Catalog::parse(data.clone()).is_some(), ok, "revision {revision:#x}");
    }
}

#[test]
fn unsorted_catalog_is_still_searched() {
    let mut data = mo_file(&[(b"a", b"A"), (b"b", b"B"), (b"c", b"C")], false);
    // Swap the first and last entries of both tables.
    for table in [28usize, 28 + 24] {
        let (first, last) = (data[table..table + 8].to_vec(), data[table + 16..table + 24].to_vec());
        data[table..table + 8].copy_from_slice(&last);
        data[table + 16..table + 24].copy_from_slice(&first);
    }
    let c = Catalog::parse(data).expect("parses");
    for (id, s) in [("a", "A"), ("b", "B"), ("c", "C")] {
        assert_eq!(get(&[&c], "UTF-8", id).as_deref(), Some(s));
    }
}

#[test]
fn truncated_and_garbage_files_never_panic() {
    let good = mo_file(&[(b"", UTF8_HEADER), (b"a", b"A"), (b"b", b"B")], false);
    for len in 0..good.len() {
        if let Some(c) = Catalog::parse(good[..len].to_vec()) {
            let _ = get(&[&c], "UTF-8", "a");
            let _ = get(&[&c], "UTF-8", "b");
        }
    }
    // Offsets and lengths pointing anywhere.
    for at in (8..good.len().min(80)).step_by(4) {
        for v in [0u32, 1, 0x7fff_ffff, 0xffff_fff0, 0xffff_ffff] {
            let mut bad = good.clone();
            bad[at..at + 4].copy_from_slice(&v.to_le_bytes());
            if let Some(c) = Catalog::parse(bad) {
                let _ = get(&[&c], "UTF-8", "a");
                let _ = ngettext_in([&c].into_iter(), "UTF-8", "a", "as", 3);
            }
        }
    }
    assert!(Catalog::parse(b"\xde\x12\x04\x95".to_vec()).is_none());
    assert!(Catalog::parse(Vec::new()).is_none());
}

#[test]
fn empty_or_invalid_translations_are_absent_and_the_next_catalog_is_asked() {
    let first = catalog(&[(b"empty", b""), (b"bad", b"\xff\xfe"), (b"only here", b"nur hier")]);
    let second = catalog(&[(b"empty", b"leer"), (b"bad", b"schlecht")]);
    assert_eq!(get(&[&first, &second], "UTF-8", "empty").as_deref(), Some("leer"));
    assert_eq!(get(&[&first, &second], "UTF-8", "bad").as_deref(), Some("schlecht"));
    assert_eq!(get(&[&first, &second], "UTF-8", "only here").as_deref(), Some("nur hier"));
    assert_eq!(get(&[&first], "UTF-8", "bad"), None);
}

#[test]
fn translations_must_take_the_msgids_arguments() {
    let c = catalog(&[
        (b"%s: %d files", b"%s: %d Dateien"),
        (b"swap %s %d", b"%2$d %1$s"),
        (b"count %d", b"Anzahl %s"),
        (b"two %s %s", b"nur eins %s"),
        (b"one %s", b"zwei %s %s"),
        (b"unsigned %u", b"hex %x"),
        (b"signed %d", b"unsigned %u"),
        (b"char %c", b"int %d"),
        (b"star %*d", b"Stern %*d"),
        (b"long %lu", b"lang %u"),
        (b"plain", b"mit %s"),
        (b"mixed %s %d", b"%1$s %d"),
        (b"percent %d%%", b"Prozent %d %%"),
    ]);
    let ok = |id| get(&[&c], "UTF-8", id).is_some();
    assert!(ok("%s: %d files"));
    assert!(ok("swap %s %d"), "positional directives in the translation");
    assert!(!ok("count %d"));
    assert!(!ok("two %s %s"), "an argument left out");
    assert!(!ok("one %s"), "an argument too many");
    assert!(ok("unsigned %u"), "u and x take the same argument");
    assert!(!ok("signed %d"));
    assert!(!ok("char %c"));
    assert!(ok("star %*d"));
    assert!(ok("long %lu"), "sizes are not compared: an Arg carries the whole value");
    assert!(!ok("plain"));
    assert!(!ok("mixed %s %d"), "positional and plain directives mixed");
    assert!(ok("percent %d%%"));
}

#[test]
fn plain_text_is_not_checked_for_directives() {
    let c = catalog(&[(b"goal (93% of width)", b"Ziel (93% der Breite)")]);
    assert_eq!(get(&[&c], "UTF-8", "goal (93% of width)"), None, "'% o' and '% d' read as directives");
    assert_eq!(
        lookup([&c].into_iter(), "UTF-8", "goal (93% of width)", Use::Plain),
        Some(b"Ziel (93% der Breite)".to_vec())
    );
}

#[test]
fn plural_forms_follow_the_catalogs_rule() {
    let french = b"Content-Type: text/plain; charset=UTF-8\nPlural-Forms: nplurals=2; plural=(n > 1);\n";
    let c = Catalog::parse(mo_file(
        &[(b"", french), (b"%d file\0%d files", b"%d fichier\0%d fichiers"), (b"one\0many", b"un")],
        false,
    ))
    .expect("parses");
    let n = |n| {
        ngettext_in([&c].into_iter(), "UTF-8", "%d file", "%d files", n)
            .map(|v| String::from_utf8_lossy(&v).into_owned())
    };
    assert_eq!(n(0).as_deref(), Some("%d fichier"));
    assert_eq!(n(1).as_deref(), Some("%d fichier"));
    assert_eq!(n(2).as_deref(), Some("%d fichiers"));
    // A form the entry lacks: glibc returns msgid itself, whatever n.
    assert_eq!(ngettext_in([&c].into_iter(), "UTF-8", "one", "many", 5), Some(b"one".to_vec()));
    assert_eq!(get(&[&c], "UTF-8", "%d file").as_deref(), Some("%d fichier"), "gettext takes form 0");
    // A form may leave the number out (msgfmt -c allows it), but not take another kind.
    let de =
        catalog(&[(b"%d minute\0%d minutes", b"eine Minute\0%d Minuten"), (b"%d hour\0%d hours", b"%s\0%d")]);
    let m = |n| ngettext_in([&de].into_iter(), "UTF-8", "%d minute", "%d minutes", n);
    assert_eq!(m(1), Some(b"eine Minute".to_vec()));
    assert_eq!(m(3), Some(b"%d Minuten".to_vec()));
    assert_eq!(ngettext_in([&de].into_iter(), "UTF-8", "%d hour", "%d hours", 1), None);
}

#[test]
fn plural_rule_dividing_by_zero_means_english() {
    let header = b"Content-Type: text/plain; charset=UTF-8\nPlural-Forms: nplurals=2; plural=n/(n-3);\n";
    let c = Catalog::parse(mo_file(&[(b"", header), (b"a\0as", b"x\0y")], false)).expect("parses");
    assert_eq!(ngettext_in([&c].into_iter(), "UTF-8", "a", "as", 3), None);
    assert_eq!(
        ngettext_in([&c].into_iter(), "UTF-8", "a", "as", 6),
        Some(b"x".to_vec()),
        "6/3 = 2 >= nplurals: form 0"
    );
}

#[test]
fn latin1_and_ascii_locales_get_converted_text() {
    let c = catalog(&[(b"change", b"\xc3\xa4ndern"), (b"yen", b"\xe2\x82\xac 5")]);
    assert_eq!(gettext_in([&c].into_iter(), "ISO-8859-1", "change"), Some(b"\xe4ndern".to_vec()));
    assert_eq!(gettext_in([&c].into_iter(), "ISO-8859-15", "yen"), Some(b"\xa4 5".to_vec()));
    assert_eq!(gettext_in([&c].into_iter(), "UTF-8", "yen"), Some("€ 5".as_bytes().to_vec()));
    // A codeset we do not convert to: English.
    assert_eq!(gettext_in([&c].into_iter(), "EUC-JP", "change"), None);
    // A Latin-1 catalog in a UTF-8 locale.
    let latin = Catalog::parse(mo_file(
        &[(b"", b"Content-Type: text/plain; charset=ISO-8859-1\n"), (b"change", b"\xe4ndern")],
        false,
    ))
    .expect("parses");
    assert_eq!(gettext_in([&latin].into_iter(), "UTF-8", "change"), Some("ändern".as_bytes().to_vec()));
}

#[test]
fn transliteration_follows_the_locale_table() {
    use super::charset::{convert_with, Charset, Translit};
    // Rules as localedef compiles them: sorted sources, each with a NUL-separated list
    // of replacements ending in an empty one; default_missing '?'.
    let table: &'static Translit = Box::leak(Box::new(Translit::synthetic(
        &[(&[0x201c], &[&[0xab], &[0x22]]), (&[0x2026], &[&[0x2e, 0x2e, 0x2e]]), (&[0x309b], &[&[]])],
        &[0x3f],
    )));
    let t = || table;
    let conv = |s: &str, to| convert_with(s.as_bytes(), Charset::Utf8, to, &t);
    assert_eq!(conv("“a…”", Charset::Latin1), Some(b"\xaba...?".to_vec()));
    assert_eq!(conv("“a", Charset::Ascii), Some(b"\"a".to_vec()), "the first replacement ASCII can take");
    assert_eq!(conv("\u{309b}x", Charset::Latin1), Some(b"x".to_vec()), "an empty replacement drops it");
    assert_eq!(conv("日本", Charset::Latin1), Some(b"??".to_vec()), "one default_missing per character");
    let none: &'static Translit = Box::leak(Box::default());
    assert_eq!(convert_with("日".as_bytes(), Charset::Utf8, Charset::Latin1, &|| none), None);
}

#[test]
fn language_list_as_glibc_builds_it() {
    let l = |m: &str, lang: Option<&str>| languages(m, lang);
    assert!(l("C", Some("de")).is_empty(), "plain C ignores LANGUAGE");
    assert_eq!(l("C.UTF-8", Some("de")), ["de"]);
    assert_eq!(l("de_DE.UTF-8", None), ["de_DE.UTF-8"]);
    assert_eq!(l("de_DE.UTF-8", Some("")), ["de_DE.UTF-8"]);
    assert_eq!(l("de_DE.UTF-8", Some("xx")), ["xx"], "the LC_MESSAGES name is not appended");
    assert_eq!(l("de_DE.UTF-8", Some("::ja::fr:")), ["ja", "fr"]);
    assert_eq!(l("de_DE.UTF-8", Some("fr:C:ja")), ["fr"], "C ends the list");
    assert_eq!(l("de_DE.UTF-8", Some("POSIX:ja")), Vec::<String>::new());
    let paths = candidate_paths(Domain::Coreutils, &["de_DE.UTF-8".into(), "../x".into()], true);
    assert_eq!(
        paths.first().map(String::as_str),
        Some("/usr/share/locale/de_DE.UTF-8/LC_MESSAGES/coreutils.mo")
    );
    assert_eq!(paths.last().map(String::as_str), Some("/usr/share/locale/de/LC_MESSAGES/coreutils.mo"));
}

#[test]
fn locale_names_setlocale_takes() {
    use super::locale::{load, C_CODESET};
    let env = |pairs: &'static [(&'static str, &'static str)]| {
        move |v: &str| pairs.iter().find(|(k, _)| *k == v).map(|(_, x)| x.to_string())
    };
    let c = load(&env(&[]));
    assert_eq!((c.codeset.as_str(), c.messages.as_str()), (C_CODESET, "C"));
    let posix = load(&env(&[("LANG", "POSIX")]));
    assert_eq!(posix.messages, "C");
    let cutf = load(&env(&[("LANG", "C.UTF-8")]));
    assert_eq!((cutf.codeset.as_str(), cutf.messages.as_str()), ("UTF-8", "C.UTF-8"));
    // Not installed anywhere: everything falls back to C.
    let bogus = load(&env(&[("LANG", "C.UTF-8"), ("LC_TIME", "xx_YY.bogus")]));
    assert_eq!((bogus.codeset.as_str(), bogus.messages.as_str()), (C_CODESET, "C"));
    for bad in ["../../etc", "de/DE", "/..", "..", ""] {
        let name: &'static str = Box::leak(bad.to_string().into_boxed_str());
        let pairs: &'static [(&str, &str)] = Box::leak(Box::new([("LANG", "C.UTF-8"), ("LC_ALL", name)]));
        let l = load(&env(pairs));
        assert_eq!(l.messages, if bad.is_empty() { "C.UTF-8" } else { "C" }, "{bad:?}");
    }
}

#[test]
fn format_prints_as_printf() {
    let f = |fmt: &str, args: &[Arg]| String::from_utf8_lossy(&format(fmt.as_bytes(), args)).into_owned();
    assert_eq!(f("%s: %d%%", &[Arg::Str(b"x"), Arg::Int(-5)]), "x: -5%");
    assert_eq!(
        f("[%5s|%-5s|%.2s]", &[Arg::Str(b"ab"), Arg::Str(b"cd"), Arg::Str(b"efg")]),
        "[   ab|cd   |ef]"
    );
    assert_eq!(
        f("[%05d|%-5d|%+d|% d|%.3d]", &[Arg::Int(-42), Arg::Int(7), Arg::Int(3), Arg::Int(4), Arg::Int(5)]),
        "[-0042|7    |+3| 4|005]"
    );
    assert_eq!(
        f(
            "%x %X %#x %#o %o %u",
            &[Arg::Uint(255), Arg::Uint(255), Arg::Uint(255), Arg::Uint(8), Arg::Uint(0), Arg::Int(-1)]
        ),
        "ff FF 0xff 010 0 18446744073709551615"
    );
    assert_eq!(f("%c%c", &[Arg::Char(b'o'), Arg::Char(b'k')]), "ok");
    assert_eq!(
        f("%lu %lld %zu %jd %hhd", &[Arg::Uint(1), Arg::Int(2), Arg::Uint(3), Arg::Int(4), Arg::Int(5)]),
        "1 2 3 4 5"
    );
    assert_eq!(f("%2$s %1$s", &[Arg::Str(b"world"), Arg::Str(b"hello")]), "hello world");
    assert_eq!(
        f(
            "[%*d|%-*d|%.*s]",
            &[Arg::Int(4), Arg::Int(1), Arg::Int(3), Arg::Int(2), Arg::Int(1), Arg::Str(b"xyz")]
        ),
        "[   1|2  |x]"
    );
    assert_eq!(f("[%*d]", &[Arg::Int(-3), Arg::Int(1)]), "[1  ]", "a negative * width means '-'");
    assert_eq!(f("%.0d|%#.0o", &[Arg::Int(0), Arg::Uint(0)]), "|0");
    assert_eq!(f("missing %s and %d.", &[]), "missing  and .");
    assert_eq!(f("wrong %d", &[Arg::Str(b"x")]), "wrong ");
    assert_eq!(f("%y %", &[]), "%y %");
    assert_eq!(f("%'d", &[Arg::Int(1234567)]), "1234567");
    assert_eq!(format(b"%999999999d", &[Arg::Int(1)]).len(), format::MAX_WIDTH);
}

#[test]
fn public_names() {
    assert_eq!(Domain::UtilLinux.name(), "util-linux");
    assert_eq!(Domain::Coreutils.name(), "coreutils");
    assert_eq!(Domain::Libc.name(), "libc");
}
