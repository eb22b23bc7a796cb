//! Every option of Debian's hostname 3.23, display and set, compared with the installed
//! /usr/bin/hostname: exit status, stdout, stderr and the names left behind.

use crate::support::{names, ready, same, Setup, NET_SETUP};

fn host(name: &str) -> Setup {
    Setup::host(name)
}

const DISPLAY_OPTIONS: &[&[&str]] = &[
    &[],
    &["-s"],
    &["--short"],
    &["-f"],
    &["--fqdn"],
    &["--long"],
    &["--lo"],
    &["-d"],
    &["--domain"],
    &["-a"],
    &["--alias"],
    &["-i"],
    &["--ip-address"],
    &["-y"],
    &["--yp"],
    &["--nis"],
    &["-b"],
    &["-fs"],
    &["-sf"],
    &["-s", "-y"],
    &["-y", "-d"],
    &["-bad"],
];

#[test]
fn display_modes_for_many_host_names() {
    if !ready() {
        return;
    }
    for name in
        ["myhost", "myhost.example.com", "a.b.c", "(none)", "v6only.example", "nodot", "nowhere", "lonely"]
    {
        for args in DISPLAY_OPTIONS {
            same("hostname", args, &host(name));
        }
    }
}

#[test]
fn lookups_show_what_the_reference_shows() {
    if !ready() {
        return;
    }
    // Sanity: the cases above are not all failures.
    let s = same("hostname", &["-a"], &host("myhost"));
    assert_eq!(s.stdout, "myhost alias1 alias2 myhost dupalias dup.example.org\n");
    let s = same("hostname", &["-i"], &host("myhost.example.com"));
    assert!(s.stdout.contains("10.1.1.2"), "{s:?}");
    assert!(!s.stdout.ends_with(" \n"));
    let s = same("hostname", &["-d"], &host("myhost"));
    assert_eq!(s.stdout, "example.com\n");
    let s = same("hostname", &["-d"], &host("nodot"));
    assert_eq!(s.stdout, "");
    let s = same("hostname", &["-a"], &host("lonely"));
    assert_eq!(s.stdout, "\n");
    // gethostbyname finds no IPv4 address (the exact h_errno depends on DNS).
    let s = same("hostname", &["-a"], &host("v6only.example"));
    assert_eq!(s.status, 1);
    let s = same("hostname", &["-f"], &host("nowhere"));
    assert_eq!(s.status, 1);
    assert!(s.stderr.starts_with("hostname: "), "{s:?}");
}

#[test]
fn nis_domain_display() {
    if !ready() {
        return;
    }
    for domain in ["(none)", "", "nis.example", " spaced "] {
        let setup = Setup { domain: Some(domain.into()), ..host("myhost") };
        for name in names() {
            for args in [&[][..], &["-y"], &["--nis"], &["-s"], &["-d"], &["-f"]] {
                same(name, args, &setup);
            }
        }
    }
    let s = same("nisdomainname", &[], &host("myhost"));
    assert_eq!(
        (s.status, s.stdout.as_str(), s.stderr.as_str()),
        (1, "nisdomainname: Local domain name not set\n", "")
    );
    let s = same("domainname", &[], &host("myhost"));
    assert_eq!((s.status, s.stdout.as_str()), (0, "(none)\n"));
}

#[test]
fn all_addresses_and_fqdns_with_their_trailing_space() {
    if !ready() {
        return;
    }
    let setup = Setup { script: NET_SETUP.into(), ..host("myhost") };
    for args in
        [&["-I"][..], &["--all-ip-addresses"], &["-A"], &["--all-fqdns"], &["-IA"], &["-AI"], &["--all-i"]]
    {
        same("hostname", args, &setup);
    }
    let s = same("hostname", &["-I"], &setup);
    assert_eq!(s.stdout, "10.8.0.1 10.9.0.1 169.254.3.3 10.9.0.2 10.6.0.1 fd01::1 \n");
    let s = same("hostname", &["-A"], &setup);
    assert_eq!(s.stdout, "eight first.example six.example \n");
    // Nothing but loopback: an empty line.
    let bare = host("myhost");
    assert_eq!(same("hostname", &["-I"], &bare).stdout, "\n");
    assert_eq!(same("hostname", &["-A"], &bare).stdout, "\n");
    for name in names() {
        same(name, &["-I"], &setup);
    }
}

/// The interface walk on its own: in a network namespace where exactly these
/// addresses exist, -I lists the ones of up, non-loopback interfaces in the kernel's
/// order and nothing else (loopback, IPv6 link-local and the down peer left out).
#[test]
fn interface_walk_lists_exactly_the_up_addresses() {
    if !ready() {
        return;
    }
    let script = "\
ip link set lo up
ip link add w0 type veth peer name w1
ip link set w0 up
ip addr add 192.0.2.1/24 dev w0; ip addr add 2001:db8::1/64 dev w0 nodad
ip addr add fe80::5/64 dev w0 nodad; ip addr add 198.51.100.1/24 dev w1
";
    let setup = Setup { script: script.into(), ..host("myhost") };
    let s = same("hostname", &["-I"], &setup);
    assert_eq!((s.status, s.stdout.as_str(), s.stderr.as_str()), (0, "192.0.2.1 2001:db8::1 \n", ""));
}

#[test]
fn setting_host_names_validates_like_rfc1035() {
    if !ready() {
        return;
    }
    let x64 = "x".repeat(64);
    let x65 = "x".repeat(65);
    let long_labels = format!("{}.{}", "x".repeat(30), "y".repeat(40));
    let names = [
        "a",
        "1",
        "-a",
        "a-",
        "a.-b",
        "a-.b",
        "a..b",
        "a_b",
        ".a",
        "a.",
        "a b",
        " ab ",
        "a--b",
        "A.B-c9",
        "1.2.3.4",
        "\u{e9}",
        "\tfoo\r",
        "\x0b\x0cfoo \t",
        "*",
        "",
        "   ",
        "new.example.org",
        &x64,
        &x65,
        &long_labels,
        "-",
    ];
    for n in names {
        same("hostname", &["--", n], &host("vm"));
    }
    for n in ["new", "b.c", "-x"] {
        same("hostname", &[n], &host("vm"));
        same("hostname", &["-b", n], &host("vm"));
    }
}

#[test]
fn setting_nis_domain_names_checks_nothing() {
    if !ready() {
        return;
    }
    let x65 = "x".repeat(65);
    for n in ["nis", "", " a b ", "a_b", "-y", &x65, "(none)"] {
        for name in ["domainname", "nisdomainname", "ypdomainname"] {
            same(name, &["--", n], &host("vm"));
        }
        same("hostname", &["-y", "--", n], &host("vm"));
        same("hostname", &["--nis", "--", n], &host("vm"));
    }
}

#[test]
fn setting_in_a_display_mode_is_a_usage_error() {
    if !ready() {
        return;
    }
    for args in
        [&["-f", "x"][..], &["-d", "x"], &["-s", "x"], &["-a", "x"], &["-i", "x"], &["-I", "x"], &["-A", "x"]]
    {
        let s = same("hostname", args, &host("vm"));
        assert_eq!(s.status, 255);
    }
    same("dnsdomainname", &["x"], &host("vm"));
    same("domainname", &["-s", "x"], &host("vm"));
    same("dnsdomainname", &["-y", "x"], &host("vm"));
    same("ypdomainname", &["-h", "x"], &host("vm"));
}

#[test]
fn permission_errors() {
    if !ready() {
        return;
    }
    let nobody = Setup { nobody: true, ..host("vm") };
    let x65 = "x".repeat(65);
    for (name, args) in [
        ("hostname", &["foo"][..]),
        ("hostname", &["-y", "foo"]),
        ("domainname", &["foo"]),
        ("hostname", &["--", "-bad"]),
        ("hostname", &[x65.as_str()]),
        ("hostname", &["-b", "-F", "/dev/null"]),
        ("hostname", &[]),
        ("domainname", &[]),
    ] {
        same(name, args, &nobody);
    }
    let s = same("hostname", &["foo"], &nobody);
    assert_eq!(s.stderr, "hostname: you must be root to change the host name\n");
    // A file nobody may read: an error, or with -b the fallback name.
    let dir = crate::support::temp_dir("private");
    let private = dir.0.join("name");
    std::fs::write(&private, "secret\n").expect("write");
    std::fs::set_permissions(&private, std::os::unix::fs::PermissionsExt::from_mode(0o600)).expect("chmod");
    let p = private.to_str().expect("utf-8 path");
    let s = same("hostname", &["-F", p], &nobody);
    assert_eq!(s.stderr, "hostname: Permission denied\n");
    same("hostname", &["-b", "-F", p], &nobody);
    same("domainname", &["-b", "-F", p], &nobody);
}

#[test]
fn posixly_correct_stops_at_the_first_operand() {
    if !ready() {
        return;
    }
    let env = vec![("POSIXLY_CORRECT".to_string(), "1".to_string())];
    let setup = Setup { env, ..host("vm") };
    same("hostname", &["new", "-s"], &setup);
    same("hostname", &["-s", "new"], &setup);
    same("hostname", &["new", "-V"], &Setup { env: vec![], ..setup.clone() });
}
