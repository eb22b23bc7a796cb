//! The lookups by host name (-a, -f, -d, -i) against /usr/bin/hostname for a table of
//! /etc/hosts, nsswitch.conf and host.conf shapes, run with the glibc build and the
//! static musl build of ours: both must answer as glibc's files backend does. No real
//! DNS is asked: the namespace has no network and resolv.conf names 127.0.0.1.

use crate::support::{ready, same, Setup};

const LOOKUPS: &[&[&str]] = &[&["-a"], &["-f"], &["-d"], &["-i"], &["-s"]];

fn with_hosts(name: &str, hosts: &str) -> Setup {
    Setup { host: Some(name.into()), hosts: Some(hosts.into()), ..Setup::default() }
}

fn all_lookups(setup: &Setup) {
    for args in LOOKUPS {
        same("hostname", args, setup);
    }
}

#[test]
fn the_issues_example() {
    if !ready() {
        return;
    }
    let setup = with_hosts("myhost", "127.0.1.1 myhost.example.org myhost myalias\n");
    let out = |args: &[&str]| {
        let s = same("hostname", args, &setup);
        (s.status, s.stdout, s.stderr)
    };
    assert_eq!(out(&["-a"]), (0, "myhost myalias\n".into(), String::new()));
    assert_eq!(out(&["-f"]), (0, "myhost.example.org\n".into(), String::new()));
    assert_eq!(out(&["-d"]), (0, "example.org\n".into(), String::new()));
    assert_eq!(out(&["-i"]), (0, "127.0.1.1\n".into(), String::new()));
}

/// (host name, /etc/hosts) pairs: the shapes glibc's reader treats in its own way.
const SHAPES: &[(&str, &str)] = &[
    // Tabs, runs of blanks, CR LF line ends, blanks at the end.
    ("myhost", "10.0.0.1\tmyhost.example\t myhost \t al1\x0bal2 \r\n"),
    // Comments: whole lines, after the names, glued to a name.
    ("myhost", "# 10.0.0.9 myhost\n  # x\n10.0.0.1 myhost.example myhost#c al\n10.0.0.2 myhost x # y\n"),
    // Upper case in the file and in the name.
    ("MyHost", "10.0.0.1 MYHOST.Example MyHoSt Al1\n"),
    ("myhost", "10.0.0.1 MYHOST.Example MYHOST Al1\n"),
    // The name only as an alias, and as the official name of a later line.
    ("myhost", "10.0.0.1 first.example alias1 myhost\n10.0.0.2 myhost second\n"),
    // Several lines for the name, both families, duplicate addresses.
    ("myhost", "10.0.0.1 a.example myhost\nfd00::1 b.example myhost\n10.0.0.1 myhost c\n::1 myhost\n"),
    // IPv6 lines for an IPv4 lookup: mapped and loopback ones count, others do not.
    ("myhost", "fd00::1 six.example myhost\n::ffff:10.0.0.7 mapped.example myhost m2\n"),
    ("myhost", "::1 myhost lh6\n"),
    ("six", "fd00::2 six.example six\n"),
    // Lines glibc ignores: bad addresses, an address with no name.
    ("myhost", "10.1 myhost\n010.0.0.1 myhost\nmyhost 10.0.0.1\n10.0.0.3\n10.0.0.4 myhost.ok myhost\n"),
    // Leading blanks, and a last line with leading blanks and no newline (glibc's
    // reader then keeps a copy of the line's tail).
    ("myhost", "   10.0.0.1 myhost.example myhost\n"),
    ("myhostst", "  10.0.0.1 myhost"),
    // A NUL ends the line as a C string.
    ("myhost", "10.0.0.1 myhost.example myhost\0hidden\n"),
    // Trailing dots are part of the name.
    ("myhost.", "10.0.0.1 myhost.example myhost\n"),
    ("myhost.", "10.0.0.1 myhost.example. myhost.\n"),
    ("dotted.example.", "10.0.0.1 dotted.example.\n"),
    // Not found, and an empty file.
    ("nowhere", "10.0.0.1 somewhere\n"),
    ("myhost", ""),
    // Numeric host names never reach the file.
    ("10.0.0.1", "10.0.0.1 ten.example\n"),
    ("127.1", ""),
    ("1.2.3.4.5", "10.0.0.1 1.2.3.4.5\n"),
    ("::1", ""),
];

#[test]
fn hosts_file_shapes() {
    if !ready() {
        return;
    }
    for (name, hosts) in SHAPES {
        all_lookups(&with_hosts(name, hosts));
    }
    let s = same("hostname", &["-i"], &with_hosts("myhost", SHAPES[5].1));
    assert_eq!(s.stdout, "::1 fd00::1 10.0.0.1 10.0.0.1\n");
    let s = same("hostname", &["-a"], &with_hosts("myhost", SHAPES[4].1));
    assert_eq!(s.stdout, "alias1 myhost second myhost\n");
}

#[test]
fn multi_off_takes_the_first_line_only() {
    if !ready() {
        return;
    }
    let hosts = "10.0.0.1 a.example myhost x\nfd00::1 b.example myhost\n10.0.0.2 myhost y\n";
    for conf in ["multi off\n", "", "# multi on\norder hosts,bind\n", "  MULTI On\n", "multi on\nmulti off\n"]
    {
        let setup = Setup { host_conf: Some(conf.into()), ..with_hosts("myhost", hosts) };
        all_lookups(&setup);
    }
    let setup = Setup { host_conf: Some("multi off\n".into()), ..with_hosts("myhost", hosts) };
    assert_eq!(same("hostname", &["-a"], &setup).stdout, "myhost x\n");
    assert_eq!(same("hostname", &["-i"], &setup).stdout, "10.0.0.1\n");
    // The environment overrides the file.
    let env = vec![("RESOLV_MULTI".to_string(), "off".to_string())];
    all_lookups(&Setup { env, ..with_hosts("myhost", hosts) });
}

#[test]
fn nsswitch_orders_and_actions() {
    if !ready() {
        return;
    }
    let hosts = "127.0.1.1 myhost.example.org myhost myalias\nfd00::1 v6.example v6\n";
    let lines = [
        "hosts: files\n",
        "hosts:files dns\n",
        "hosts: files [NOTFOUND=return] dns\n",
        "hosts: files [notfound=RETURN] dns\n",
        "hosts: files [SUCCESS=continue] dns\n",
        "hosts: files [!SUCCESS=return] dns\n",
        "hosts: files mdns4_minimal [NOTFOUND=return] dns\n",
        "hosts: files nosuchmodule\n",
        "hosts: nosuchmodule files\n",
        "hosts: files [FOO=return] dns\n",
        "hosts: files [NOTFOUND=\n",
        "hosts: files dns # comment\n",
        "hosts: dns\n",
        "hosts: dns files\n",
        "hosts: dns [!UNAVAIL=return] files\n",
        "hosts:\n",
        "passwd: files\n",
        "hosts: dns\nhosts: files\n",
        "hosts: files\nhosts: dns",
        "hosts\n",
        "",
    ];
    for line in lines {
        for name in ["myhost", "v6", "nowhere"] {
            let setup = Setup { nsswitch: Some(line.into()), ..with_hosts(name, hosts) };
            for args in [&["-a"][..], &["-f"], &["-i"]] {
                same("hostname", args, &setup);
            }
        }
    }
    let setup =
        Setup { nsswitch: Some("hosts: files nosuchmodule\n".into()), ..with_hosts("nowhere", hosts) };
    assert_eq!(same("hostname", &["-f"], &setup).stderr, "hostname: System error\n");
    let setup = Setup { nsswitch: Some("hosts: dns\n".into()), ..with_hosts("myhost", hosts) };
    assert_eq!(same("hostname", &["-f"], &setup).stderr, "hostname: Temporary failure in name resolution\n");
}

/// -i's order with reachable destinations: the source address of each (rules 1, 2,
/// 5 and 9 of glibc's sort) decides, not only the tables.
#[test]
fn address_order_with_routes() {
    if !ready() {
        return;
    }
    let hosts = "\
10.8.0.5 myhost
2001:db8::9 myhost
10.9.0.77 myhost
fd01::7 myhost
127.0.0.2 myhost
::1 myhost
169.254.1.1 myhost
10.9.0.200 myhost
fd02::1 myhost
2002::1 myhost
192.0.2.1 myhost
";
    let net = "\
ip link set lo up
ip link add w0 type veth peer name w1
ip link set w0 up; ip link set w1 up
ip addr add 10.9.0.1/24 dev w0; ip addr add fd01::1/64 dev w0 nodad
ip addr add 10.8.0.1/16 dev w1
";
    let no_v6 = "\
ip link set lo up
ip link add w0 type veth peer name w1
ip link set w0 up; ip link set w1 up
ip addr add 10.9.0.1/24 dev w0; ip addr add 10.8.0.1/16 dev w1
";
    for script in ["", "ip link set lo up\n", net, no_v6] {
        let setup = Setup { script: script.into(), ..with_hosts("myhost", hosts) };
        same("hostname", &["-i"], &setup);
        same("hostname", &["-f"], &setup);
    }
    let setup = Setup { script: "".into(), ..with_hosts("myhost", hosts) };
    assert_eq!(
        same("hostname", &["-i"], &setup).stdout,
        "::1 2001:db8::9 fd01::7 fd02::1 2002::1 127.0.0.2 169.254.1.1 10.8.0.5 10.9.0.77 10.9.0.200 192.0.2.1\n"
    );
}
