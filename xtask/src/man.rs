//! Man pages from the tools' option tables: clap_mangen renders the title, NAME and
//! OPTIONS from the clap view of each table; the sections clap has no notion of
//! (synopsis forms, exit status, examples, see also) come from the tool's `Manual`.

use std::collections::BTreeMap;

use anyhow::Result;
use clap_mangen::roff::{bold, italic, roman, Inline, Roff};
use clap_mangen::Man;

use crate::tools::{self, Tool, TOOLS};

/// Every page, keyed by its path under a man directory (`man1/unshare.1`).
pub fn pages() -> Result<BTreeMap<String, Vec<u8>>> {
    let mut out = BTreeMap::new();
    for t in TOOLS {
        let manual = (t.manual)();
        let sec = manual.section;
        out.insert(format!("man{sec}/{}.{sec}", t.name), page(t)?);
        for alias in t.aliases {
            out.insert(
                format!("man{sec}/{alias}.{sec}"),
                format!(".so man{sec}/{}.{sec}\n", t.name).into_bytes(),
            );
        }
    }
    out.insert("man1/nsutils.1".to_string(), multicall_page()?);
    Ok(out)
}

fn man_for(cmd: clap::Command) -> Man {
    Man::new(cmd)
}

/// `.TH` with an empty date (clap_mangen drops empty arguments, which shifts the
/// others): a page changes only when its content does, so drift checks hold.
fn title(out: &mut Vec<u8>, name: &str, section: u8) {
    let manual = if section == 8 { "System Administration" } else { "User Commands" };
    let line = format!(
        ".TH {} {section} \"\" \"nsutils {}\" \"{manual}\"\n",
        name.to_ascii_uppercase(),
        env!("CARGO_PKG_VERSION")
    );
    out.extend(line.into_bytes());
}

/// Each roff fragment starts with the same two string definitions; keep the first.
fn finish(out: Vec<u8>) -> Vec<u8> {
    let text = String::from_utf8_lossy(&out);
    let preamble = ".ie \\n(.g .ds Aq \\(aq\n.el .ds Aq '\n";
    let mut rest = text.replace(preamble, "");
    rest.insert_str(0, preamble);
    rest.into_bytes()
}

/// One tool's page.
pub fn page(tool: &Tool) -> Result<Vec<u8>> {
    let m = (tool.manual)();
    let man = man_for(tools::command(tool, false));
    let mut out = Vec::new();
    title(&mut out, m.name, m.section);
    man.render_name_section(&mut out)?;
    let mut r = Roff::new();
    r.control("SH", ["SYNOPSIS"]);
    for (i, line) in m.synopsis.iter().enumerate() {
        if i > 0 {
            r.control("br", []);
        }
        r.text(synopsis_line(line));
    }
    r.control("SH", ["DESCRIPTION"]);
    paragraphs(&mut r, m.description);
    out.extend(r.to_roff().into_bytes());
    man.render_options_section(&mut out)?;
    let mut r = Roff::new();
    r.control("SH", ["EXIT STATUS"]);
    paragraphs(&mut r, m.exit_status);
    if !m.examples.is_empty() {
        r.control("SH", ["EXAMPLES"]);
        for (command, what) in m.examples {
            r.control("TP", []);
            r.text([bold(*command)]);
            r.text([roman(*what)]);
        }
    }
    see_also(&mut r, m.see_also);
    out.extend(r.to_roff().into_bytes());
    Ok(finish(out))
}

fn see_also(r: &mut Roff, refs: &[&str]) {
    if refs.is_empty() {
        return;
    }
    r.control("SH", ["SEE ALSO"]);
    let mut line = Vec::new();
    for (i, s) in refs.iter().enumerate() {
        if i > 0 {
            line.push(roman(", "));
        }
        match s.split_once('(') {
            Some((name, sec)) => {
                line.push(bold(name));
                line.push(roman(format!("({sec}")));
            }
            None => line.push(bold(*s)),
        }
    }
    r.text(line);
}

/// `unshare [options] [program [arguments]]`: the command and options in bold,
/// placeholders in italics, brackets and ellipses in roman.
fn synopsis_line(line: &str) -> Vec<Inline> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut first = true;
    let flush = |word: &mut String, out: &mut Vec<Inline>, first: &mut bool| {
        if word.is_empty() {
            return;
        }
        let w = std::mem::take(word);
        if *first || w.starts_with('-') {
            out.push(bold(w));
        } else {
            out.push(italic(w));
        }
        *first = false;
    };
    for c in line.chars() {
        if c.is_alphanumeric() || c == '-' || c == '_' || (c == '=' && word.starts_with('-')) {
            word.push(c);
        } else {
            flush(&mut word, &mut out, &mut first);
            out.push(roman(c.to_string()));
        }
    }
    flush(&mut word, &mut out, &mut first);
    out
}

/// Blank lines separate paragraphs; a paragraph whose lines are indented is kept as
/// typed (lists, tables), any other is filled.
fn paragraphs(r: &mut Roff, text: &str) {
    for (i, para) in text.trim().split("\n\n").enumerate() {
        let para = para.trim_matches('\n');
        if para.is_empty() {
            continue;
        }
        if i > 0 {
            r.control("PP", []);
        }
        if para.lines().any(|l| l.starts_with(' ')) {
            r.control("nf", []);
            r.control("RS", ["4"]);
            for l in para.lines() {
                r.text([roman(l.trim_start())]);
            }
            r.control("RE", []);
            r.control("fi", []);
        } else {
            r.text([roman(para.split_whitespace().collect::<Vec<_>>().join(" "))]);
        }
    }
}

fn multicall_page() -> Result<Vec<u8>> {
    let cmd = tools::multicall_command();
    let mut cmd_no_sub = clap::Command::new(tools::MULTICALL)
        .disable_help_flag(true)
        .about(cmd.get_about().cloned().unwrap_or_default());
    for a in cmd.get_arguments() {
        cmd_no_sub = cmd_no_sub.arg(a.clone());
    }
    let man = man_for(cmd_no_sub);
    let mut out = Vec::new();
    title(&mut out, tools::MULTICALL, 1);
    man.render_name_section(&mut out)?;
    let mut r = Roff::new();
    r.control("SH", ["SYNOPSIS"]);
    r.text(synopsis_line("nsutils tool [argument]..."));
    r.control("br", []);
    r.text(synopsis_line("tool [argument]..."));
    r.control("br", []);
    r.text(synopsis_line("nsutils --list"));
    r.control("br", []);
    r.text(synopsis_line("nsutils --install-links dir"));
    r.control("SH", ["DESCRIPTION"]);
    let names = tools::all_names().join(", ");
    paragraphs(
        &mut r,
        &format!(
            "nsutils is one static binary holding every nsutils tool: {names}. \
             It runs the tool named by the basename it was called by, so a symbolic \
             link named after a tool runs that tool; called as nsutils, it runs the tool \
             named by its first argument with the remaining arguments.\n\n\
             Each tool behaves exactly as its standalone binary and has its own manual page."
        ),
    );
    out.extend(r.to_roff().into_bytes());
    man.render_options_section(&mut out)?;
    let mut r = Roff::new();
    r.control("SH", ["EXIT STATUS"]);
    paragraphs(
        &mut r,
        "The exit status of the tool that ran. Without a tool, or with an unknown one, \
         nsutils exits with status 1; --install-links exits with status 1 if any link \
         could not be created.",
    );
    r.control("SH", ["EXAMPLES"]);
    for (command, what) in [
        ("nsutils unshare -r id -u", "Runs id in a new user namespace as the mapped root user."),
        (
            "nsutils --install-links /usr/local/bin",
            "Makes unshare, nsenter, lsns, chroot and the hostname family run nsutils.",
        ),
    ] {
        r.control("TP", []);
        r.text([bold(command)]);
        r.text([roman(what)]);
    }
    let refs: Vec<String> = TOOLS
        .iter()
        .map(|t| {
            let m = (t.manual)();
            format!("{}({})", t.name, m.section)
        })
        .collect();
    let refs: Vec<&str> = refs.iter().map(String::as_str).collect();
    see_also(&mut r, &refs);
    out.extend(r.to_roff().into_bytes());
    Ok(finish(out))
}
