//! Our choices against glibc's own, for a table of environments: in a child process per
//! environment (setlocale is process-global), setlocale(LC_ALL, "") and
//! nl_langinfo(CODESET) against [`codeset`], and dcgettext / dcngettext against
//! [`gettext`] / [`ngettext`] for every msgid of the installed de, fr and ja catalogs of
//! the three domains. The only differences allowed are our deliberate ones: a
//! translation whose directives do not take the msgid's arguments is not used.

use std::ffi::{CStr, CString};
use std::process::Command;

use super::*;

extern "C" {
    fn dcgettext(
        domain: *const libc::c_char,
        msgid: *const libc::c_char,
        category: libc::c_int,
    ) -> *mut libc::c_char;
    fn dcngettext(
        domain: *const libc::c_char,
        msgid: *const libc::c_char,
        plural: *const libc::c_char,
        n: libc::c_ulong,
        category: libc::c_int,
    ) -> *mut libc::c_char;
}

const DOMAINS: [Domain; 3] = [Domain::UtilLinux, Domain::Coreutils, Domain::Libc];
const LANGS: [&str; 3] = ["de", "fr", "ja"];
const COUNTS: [u64; 8] = [0, 1, 2, 3, 5, 11, 21, 101];

const ENVIRONMENTS: &[&[(&str, &str)]] = &[
    &[("LANG", "de_DE.UTF-8")],
    &[("LANG", "fr_FR.UTF-8")],
    &[("LANG", "ja_JP.UTF-8")],
    &[("LANG", "C")],
    &[("LANG", "POSIX"), ("LANGUAGE", "de")],
    &[("LANG", "C"), ("LANGUAGE", "de")],
    &[("LANG", "C.UTF-8")],
    &[("LANG", "C.UTF-8"), ("LANGUAGE", "de")],
    &[("LANG", "de_DE.UTF-8"), ("LANGUAGE", "xx:fr")],
    &[("LANG", "de_DE.UTF-8"), ("LANGUAGE", "xx")],
    &[("LANG", "de_DE.UTF-8"), ("LANGUAGE", "ja:de")],
    &[("LANG", "de_DE.UTF-8"), ("LANGUAGE", "fr:C:ja")],
    &[("LANG", "de_DE.UTF-8"), ("LANGUAGE", "C.UTF-8:fr")],
    &[("LANG", "de_DE.UTF-8"), ("LANGUAGE", "de_CH.UTF-8@x:fr")],
    &[("LANG", "de_DE.UTF-8"), ("LC_MESSAGES", "fr_FR.UTF-8")],
    &[("LC_ALL", "ja_JP.UTF-8"), ("LC_MESSAGES", "de_DE.UTF-8")],
    &[("LC_ALL", ""), ("LANG", "fr_FR.UTF-8")],
    &[("LANG", "de_AT.UTF-8")],
    &[("LANG", "de_DE.ISO-8859-1")],
    &[("LANG", "de_DE")],
    &[("LANG", "de_DE.ISO-8859-1"), ("LANGUAGE", "fr")],
    &[("LANG", "de_DE.ISO-8859-1"), ("LANGUAGE", "ja")],
    &[("LANG", "de_DE.UTF-8"), ("LC_CTYPE", "bogus")],
    &[("LANG", "de_DE.UTF-8"), ("LC_CTYPE", "de_DE.ISO-8859-1")],
    &[("LANG", "de_DE.utf8@euro")],
    &[("LANG", "de_DE.UTF8")],
    &[("LANG", "/usr/lib/locale/C.utf8")],
    &[("LANG", "/C.UTF-8")],
    &[("LANG", "C_US.utf-8@x"), ("LANGUAGE", "fr")],
    &[("LANG", "C@x.utf8"), ("LANGUAGE", "fr")],
    &[("LANG", "de_DE.UTF-8"), ("LC_NUMERIC", "/C.utf8")],
    &[("LANG", "de_DE.UTF-8"), ("LC_TIME", "../de_DE.UTF-8")],
];

/// The locales the table needs, as `locale -a` lists them.
const LOCALES: [&str; 6] = ["de_DE.utf8", "fr_FR.utf8", "ja_JP.utf8", "de_DE.iso88591", "de_DE", "C.utf8"];

fn c(s: &[u8]) -> CString {
    CString::new(s).unwrap_or_default()
}

fn glibc_text(p: *const libc::c_char) -> Vec<u8> {
    // SAFETY: dcgettext returns a NUL-terminated string that lives as long as the process.
    unsafe { CStr::from_ptr(p) }.to_bytes().to_vec()
}

/// Runs in the child: compares everything under the environment it was started with.
#[test]
#[ignore = "run by glibc_agrees_in_every_environment in a child process"]
fn child_compares_with_glibc() {
    // SAFETY: the child runs this one test on one thread; the results are read at once.
    let (loaded, glibc_codeset) = unsafe {
        let loaded = !libc::setlocale(libc::LC_ALL, c"".as_ptr()).is_null();
        (loaded, CStr::from_ptr(libc::nl_langinfo(libc::CODESET)).to_string_lossy().into_owned())
    };
    assert_eq!(
        codeset(),
        glibc_codeset,
        "codeset (setlocale {})",
        if loaded { "succeeded" } else { "failed" }
    );
    assert_eq!(locale_is_utf8(), glibc_codeset == "UTF-8");
    let (mut same, mut translated, mut deliberate, mut wrong) = (0, 0, 0, Vec::new());
    for domain in DOMAINS {
        let mut originals: Vec<Vec<u8>> = Vec::new();
        for lang in LANGS {
            if let Some(cat) = mo::load(&format!("/usr/share/locale/{lang}/LC_MESSAGES/{}.mo", domain.name()))
            {
                originals.extend(cat.originals().filter(|o| !o.is_empty()).map(<[u8]>::to_vec));
            }
        }
        originals.sort();
        originals.dedup();
        let dom = c(domain.name().as_bytes());
        for original in &originals {
            let mut parts = original.splitn(2, |&b| b == 0);
            let msgid = parts.next().unwrap_or_default();
            let plural = parts.next();
            let Ok(msgid_str) = std::str::from_utf8(msgid) else { continue };
            let id = c(msgid);
            // SAFETY: valid NUL-terminated strings; LC_MESSAGES is a valid category.
            let theirs = glibc_text(unsafe { dcgettext(dom.as_ptr(), id.as_ptr(), libc::LC_MESSAGES) });
            let ours = gettext(domain, msgid_str).unwrap_or_else(|| msgid.to_vec());
            let plain = gettext_plain(domain, msgid_str).unwrap_or_else(|| msgid.to_vec());
            if plain != theirs {
                wrong.push(format!(
                    "{}: {msgid_str:?} as plain text: glibc {theirs:?}, ours {plain:?}",
                    domain.name()
                ));
            }
            let mut cases = vec![(theirs, ours, None)];
            if let Some(plural) = plural.and_then(|p| std::str::from_utf8(p).ok()) {
                let pl = c(plural.as_bytes());
                for n in COUNTS {
                    // SAFETY: as above.
                    let theirs = glibc_text(unsafe {
                        dcngettext(
                            dom.as_ptr(),
                            id.as_ptr(),
                            pl.as_ptr(),
                            n as libc::c_ulong,
                            libc::LC_MESSAGES,
                        )
                    });
                    let english = if n == 1 { msgid_str } else { plural };
                    let ours =
                        ngettext(domain, msgid_str, plural, n).unwrap_or_else(|| english.as_bytes().to_vec());
                    cases.push((theirs, ours, Some((plural, n))));
                }
            }
            for (theirs, ours, plural) in cases {
                if theirs == ours {
                    same += 1;
                    translated += usize::from(ours != msgid);
                    continue;
                }
                // Ours is not glibc's only where glibc's text takes other arguments.
                let originals_ok = match plural {
                    None => format::compatible(msgid, &theirs, false),
                    Some((p, _)) => {
                        format::compatible(msgid, &theirs, true)
                            || format::compatible(p.as_bytes(), &theirs, true)
                    }
                };
                if originals_ok {
                    wrong.push(format!(
                        "{}: {:?} (n={:?}): glibc {:?}, ours {:?}",
                        domain.name(),
                        msgid_str,
                        plural.map(|p| p.1),
                        String::from_utf8_lossy(&theirs),
                        String::from_utf8_lossy(&ours)
                    ));
                } else {
                    deliberate += 1;
                    println!(
                        "I18N-ENGLISH {}: {:?}: glibc prints {:?}",
                        domain.name(),
                        msgid_str,
                        String::from_utf8_lossy(&theirs)
                    );
                }
            }
        }
    }
    println!(
        "I18N-SUMMARY codeset={glibc_codeset} same={same} not-msgid={translated} deliberately-english={deliberate} wrong={}",
        wrong.len()
    );
    for w in wrong.iter().take(20) {
        println!("I18N-WRONG {w}");
    }
    assert!(wrong.is_empty(), "{} lookups differ from glibc", wrong.len());
}

fn installed_locales() -> Vec<String> {
    Command::new("locale")
        .arg("-a")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).lines().map(str::to_string).collect())
        .unwrap_or_default()
}

#[test]
fn glibc_agrees_in_every_environment() {
    let have = installed_locales();
    let mut missing: Vec<String> =
        LOCALES.iter().filter(|l| !have.iter().any(|h| h == *l)).map(|l| l.to_string()).collect();
    for lang in LANGS {
        for domain in DOMAINS {
            let path = format!("/usr/share/locale/{lang}/LC_MESSAGES/{}.mo", domain.name());
            if !std::path::Path::new(&path).is_file() {
                missing.push(path);
            }
        }
    }
    if !missing.is_empty() {
        return crate::testing::skip(&format!(
            "needs the locales and catalogs {missing:?} (util-linux-locales, localedef)"
        ));
    }
    let Ok(exe) = std::env::current_exe() else { panic!("no current_exe") };
    let mut failures = Vec::new();
    for env in ENVIRONMENTS {
        let mut cmd = Command::new(&exe);
        cmd.args([
            "--ignored",
            "--exact",
            "i18n::tests_glibc::child_compares_with_glibc",
            "--nocapture",
            "--test-threads=1",
        ]);
        cmd.env_clear();
        if let Some(path) = std::env::var_os("PATH") {
            cmd.env("PATH", path);
        }
        for (k, v) in env.iter() {
            cmd.env(k, v);
        }
        let out = run_child(cmd);
        let stdout = String::from_utf8_lossy(&out.1);
        let summary =
            stdout.lines().filter_map(|l| l.find("I18N-").map(|at| &l[at..])).collect::<Vec<_>>().join("\n");
        println!("{env:?}\n{summary}");
        if !out.0 {
            failures.push(format!("{env:?}: {summary}\n{}", String::from_utf8_lossy(&out.2)));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// Runs the child with a timeout (two minutes: the comparison does about 10^5 lookups).
fn run_child(mut cmd: Command) -> (bool, Vec<u8>, Vec<u8>) {
    use std::io::Read;
    use std::process::Stdio;
    use std::time::{Duration, Instant};
    let Ok(mut child) = cmd.stdout(Stdio::piped()).stderr(Stdio::piped()).spawn() else {
        return (false, Vec::new(), b"cannot start the child".to_vec());
    };
    let (mut out, mut err) = (child.stdout.take(), child.stderr.take());
    let reader = std::thread::spawn(move || {
        let mut buf = Vec::new();
        if let Some(o) = out.as_mut() {
            let _ = o.read_to_end(&mut buf);
        }
        buf
    });
    let err_reader = std::thread::spawn(move || {
        let mut buf = Vec::new();
        if let Some(e) = err.as_mut() {
            let _ = e.read_to_end(&mut buf);
        }
        buf
    });
    let deadline = Instant::now() + Duration::from_secs(120);
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break Some(status),
            Ok(None) if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(20)),
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
        }
    };
    let stdout = reader.join().unwrap_or_default();
    let stderr = err_reader.join().unwrap_or_default();
    (status.is_some_and(|s| s.success()), stdout, stderr)
}

/// glibc's snprintf of `fmt` with the C values of `args` (long for integers, as the
/// formats below say with `l`; int for `*` and %c).
fn snprintf(fmt: &str, args: &[Arg]) -> Vec<u8> {
    let f = c(fmt.as_bytes());
    let strings: Vec<CString> =
        args.iter().map(|a| if let Arg::Str(s) = a { c(s) } else { CString::default() }).collect();
    let mut buf = vec![0u8; 8192];
    let (p, n) = (buf.as_mut_ptr().cast::<libc::c_char>(), buf.len());
    // One call shape per argument list used below.
    // SAFETY: the formats match the argument types passed; buf is large enough.
    let len = unsafe {
        match args {
            [] => libc::snprintf(p, n, f.as_ptr()),
            [Arg::Int(a)] => libc::snprintf(p, n, f.as_ptr(), *a as libc::c_long),
            [Arg::Uint(a)] => libc::snprintf(p, n, f.as_ptr(), *a as libc::c_ulong),
            [Arg::Char(a)] => libc::snprintf(p, n, f.as_ptr(), libc::c_int::from(*a)),
            [Arg::Str(_)] => libc::snprintf(p, n, f.as_ptr(), strings[0].as_ptr()),
            [Arg::Str(_), Arg::Str(_)] => {
                libc::snprintf(p, n, f.as_ptr(), strings[0].as_ptr(), strings[1].as_ptr())
            }
            [Arg::Int(w), Arg::Int(a)] => {
                libc::snprintf(p, n, f.as_ptr(), *w as libc::c_int, *a as libc::c_long)
            }
            [Arg::Int(w), Arg::Str(_)] => {
                libc::snprintf(p, n, f.as_ptr(), *w as libc::c_int, strings[1].as_ptr())
            }
            [Arg::Str(_), Arg::Int(a)] => {
                libc::snprintf(p, n, f.as_ptr(), strings[0].as_ptr(), *a as libc::c_long)
            }
            _ => panic!("no call shape for {args:?}"),
        }
    };
    buf.truncate(len.max(0) as usize);
    buf
}

#[test]
fn format_prints_what_glibc_printf_prints() {
    // the extremes of C's long, which is what %l takes (32 bits on 32-bit targets)
    #[allow(clippy::unnecessary_cast)]
    let ints = [0i64, 1, -1, 42, -42, 255, libc::c_long::MAX as i64, libc::c_long::MIN as i64];
    let mut cases: Vec<(String, Vec<Arg>)> = Vec::new();
    for conv in ["ld", "li", "lu", "lx", "lX", "lo"] {
        for flags in ["", "-", "0", "+", " ", "#", "-#", "0#", "+0", "- "] {
            for width in ["", "1", "6", "25"] {
                for precision in ["", ".", ".0", ".3", ".21"] {
                    for &v in &ints {
                        let arg = if conv == "ld" || conv == "li" {
                            Arg::Int(v)
                        } else {
                            #[allow(clippy::unnecessary_cast)] // c_ulong is u32 on 32-bit targets
                            Arg::Uint(v as libc::c_ulong as u64)
                        };
                        cases.push((format!("[%{flags}{width}{precision}{conv}]"), vec![arg]));
                    }
                }
            }
        }
    }
    for fmt in ["[%s]", "[%8s]", "[%-8s]", "[%.2s]", "[%8.2s]", "[%-.0s]"] {
        for s in [&b""[..], b"abc", b"\xc3\xa4bcdefghij"] {
            cases.push((fmt.to_string(), vec![Arg::Str(s)]));
        }
    }
    for fmt in ["[%c]", "[%3c]", "[%-3c]"] {
        cases.push((fmt.to_string(), vec![Arg::Char(b'z')]));
    }
    cases.push(("%2$s, %1$s!".into(), vec![Arg::Str(b"world"), Arg::Str(b"hello")]));
    cases.push(("[%*ld|%%]".into(), vec![Arg::Int(-7), Arg::Int(12)]));
    cases.push(("[%.*s]".into(), vec![Arg::Int(2), Arg::Str(b"xyz")]));
    cases.push(("%s: %ld%%".into(), vec![Arg::Str(b"disk"), Arg::Int(93)]));
    cases.push(("100%% plain".into(), vec![]));
    let mut wrong = Vec::new();
    for (fmt, args) in &cases {
        let (ours, theirs) = (format(fmt.as_bytes(), args), snprintf(fmt, args));
        if ours != theirs {
            wrong.push(format!(
                "{fmt} {args:?}: glibc {:?}, ours {:?}",
                String::from_utf8_lossy(&theirs),
                String::from_utf8_lossy(&ours)
            ));
        }
    }
    assert!(wrong.is_empty(), "{} of {} differ:\n{}", wrong.len(), cases.len(), wrong.join("\n"));
}
