//! The configuration glibc's name service switch reads for host lookups: the `hosts:`
//! line of /etc/nsswitch.conf (services in order, each with its actions) and the
//! `multi` setting of /etc/host.conf. Parsed as glibc 2.36 parses them, so that the
//! static build walks the same services in the same order.

use crate::hosts::is_c_space;

/// What one service reported.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    Success,
    NotFound,
    Unavail,
    TryAgain,
}

/// What the switch does after a service reported a status.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    Return,
    Continue,
    /// Accepted as glibc accepts it; the hosts database cannot merge, and a lookup
    /// that reaches it stops as glibc's does.
    Merge,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Service {
    pub name: Vec<u8>,
    /// Indexed by [`Status`] in declaration order.
    actions: [Action; 4],
}

impl Service {
    fn new(name: &[u8]) -> Service {
        let mut actions = [Action::Continue; 4];
        actions[Status::Success as usize] = Action::Return;
        Service { name: name.to_vec(), actions }
    }

    pub fn action(&self, status: Status) -> Action {
        self.actions[status as usize]
    }
}

/// glibc's default when nsswitch.conf has no hosts line (or no file).
const DEFAULT_HOSTS: &[u8] = b"files dns";

/// The services for host lookups, from /etc/nsswitch.conf. A hosts line glibc cannot
/// parse makes it refuse the whole file; it then has no services at all. A line that
/// names none (`hosts:`) is another thing to glibc: it still asks, finds no module and
/// fails as with one that is not installed, which a service without a name models.
pub fn hosts_services() -> Vec<Service> {
    let data = std::fs::read("/etc/nsswitch.conf").unwrap_or_default();
    match hosts_line(&data).map_or_else(|| parse_services(DEFAULT_HOSTS), parse_services) {
        Some(list) if list.is_empty() => vec![Service::new(b"")],
        Some(list) => list,
        None => Vec::new(),
    }
}

/// The last `hosts` line's service list (glibc keeps the last one it reads). glibc's
/// reader stops at end of file before it looks at a last line without a newline.
fn hosts_line(data: &[u8]) -> Option<&[u8]> {
    let mut found = None;
    for line in data.split_inclusive(|&c| c == b'\n').filter(|l| l.ends_with(b"\n")) {
        let line = &line[line.iter().position(|&c| !is_c_space(c)).unwrap_or(line.len())..];
        let name_end = line.iter().position(|&c| is_c_space(c) || c == b':').unwrap_or(line.len());
        if name_end == line.len() || name_end == 0 || &line[..name_end] != b"hosts" {
            continue;
        }
        let rest = &line[name_end..];
        let start = rest.iter().position(|&c| !is_c_space(c) && c != b':').unwrap_or(rest.len());
        found = Some(&rest[start..]);
    }
    found
}

fn skip_space(s: &[u8]) -> &[u8] {
    &s[s.iter().position(|&c| !is_c_space(c)).unwrap_or(s.len())..]
}

/// `( <service> ( "[" ( "!"? <status> "=" <action> )+ "]" )? )*`, None on a syntax error.
/// Status and action words are case-insensitive; a `#` is no comment to glibc, just
/// one more (unknown) service name.
fn parse_services(mut line: &[u8]) -> Option<Vec<Service>> {
    let mut services = Vec::new();
    loop {
        line = skip_space(line);
        let end = line.iter().position(|&c| is_c_space(c) || c == b'[').unwrap_or(line.len());
        if end == 0 {
            return Some(services);
        }
        let mut service = Service::new(&line[..end]);
        line = skip_space(&line[end..]);
        if let Some(rest) = line.strip_prefix(b"[") {
            line = skip_space(rest);
            loop {
                let negate = line.first() == Some(&b'!');
                if negate {
                    line = &line[1..];
                }
                let (status_word, rest) = word(line);
                let status = match status_word.to_ascii_uppercase().as_slice() {
                    b"SUCCESS" => Status::Success,
                    b"NOTFOUND" => Status::NotFound,
                    b"UNAVAIL" => Status::Unavail,
                    b"TRYAGAIN" => Status::TryAgain,
                    _ => return None,
                };
                let rest = skip_space(rest).strip_prefix(b"=")?;
                let (action_word, rest) = word(skip_space(rest));
                let action = match action_word.to_ascii_uppercase().as_slice() {
                    b"RETURN" => Action::Return,
                    b"CONTINUE" => Action::Continue,
                    b"MERGE" => Action::Merge,
                    _ => return None,
                };
                if negate {
                    let kept = service.action(status);
                    service.actions = [action; 4];
                    service.actions[status as usize] = kept;
                } else {
                    service.actions[status as usize] = action;
                }
                line = skip_space(rest);
                if let Some(rest) = line.strip_prefix(b"]") {
                    line = rest;
                    break;
                }
            }
        }
        services.push(service);
    }
}

/// The next run of bytes up to white space, `=` or `]`.
fn word(s: &[u8]) -> (&[u8], &[u8]) {
    let end = s.iter().position(|&c| is_c_space(c) || c == b'=' || c == b']').unwrap_or(s.len());
    s.split_at(end)
}

/// glibc's `multi` setting: /etc/host.conf (or $RESOLV_HOST_CONF), then
/// $RESOLV_MULTI. Off unless set; Debian's host.conf sets it on.
pub fn multi() -> bool {
    let path = std::env::var_os("RESOLV_HOST_CONF").unwrap_or_else(|| "/etc/host.conf".into());
    let mut on = multi_in_host_conf(&std::fs::read(path).unwrap_or_default());
    if let Some(value) = std::env::var_os("RESOLV_MULTI") {
        on = bool_arg(std::os::unix::ffi::OsStrExt::as_bytes(value.as_os_str())).unwrap_or(on);
    }
    on
}

/// `on`/`off` as glibc's host.conf reader takes them: by prefix, any case.
fn bool_arg(arg: &[u8]) -> Option<bool> {
    let lower = arg.to_ascii_lowercase();
    if lower.starts_with(b"on") {
        Some(true)
    } else if lower.starts_with(b"off") {
        Some(false)
    } else {
        None
    }
}

fn multi_in_host_conf(data: &[u8]) -> bool {
    let mut on = false;
    for line in data.split(|&c| c == b'\n') {
        let line = skip_space(line);
        let end = line.iter().position(|&c| is_c_space(c)).unwrap_or(line.len());
        if line[..end].eq_ignore_ascii_case(b"multi") {
            on = bool_arg(skip_space(&line[end..])).unwrap_or(on);
        }
    }
    on
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(services: &[Service]) -> Vec<&[u8]> {
        services.iter().map(|s| s.name.as_slice()).collect()
    }

    #[test]
    fn hosts_lines() {
        let conf = b"passwd: files\n  hosts:\tfiles mdns4_minimal [NOTFOUND=return] dns # x\nhostsx: dns\n";
        let services = parse_services(hosts_line(conf).expect("line")).expect("parsed");
        assert_eq!(names(&services), [&b"files"[..], b"mdns4_minimal", b"dns", b"#", b"x"]);
        assert_eq!(services[1].action(Status::NotFound), Action::Return);
        assert_eq!(services[1].action(Status::Unavail), Action::Continue);
        assert_eq!(services[0].action(Status::Success), Action::Return);
        assert_eq!(hosts_line(b"hosts files\nhosts: dns\n"), Some(&b"dns\n"[..]));
        assert_eq!(hosts_line(b"hosts: dns\nhosts: files"), Some(&b"dns\n"[..]));
        assert_eq!(hosts_line(b"hosts\n"), Some(&b""[..]));
        assert_eq!(hosts_line(b"passwd: files\n"), None);
    }

    #[test]
    fn actions_negated_and_malformed() {
        let s = parse_services(b"dns [!UNAVAIL=return] files").expect("parsed");
        assert_eq!(s[0].action(Status::NotFound), Action::Return);
        assert_eq!(s[0].action(Status::Unavail), Action::Continue);
        let s = parse_services(b"files [ success = continue  notfound=MERGE ]dns").expect("parsed");
        assert_eq!(names(&s), [&b"files"[..], b"dns"]);
        assert_eq!(
            (s[0].action(Status::Success), s[0].action(Status::NotFound)),
            (Action::Continue, Action::Merge)
        );
        for bad in [&b"files [FOO=return] dns"[..], b"files [NOTFOUND]", b"files [NOTFOUND=stop]", b"files ["]
        {
            assert_eq!(parse_services(bad), None, "{}", String::from_utf8_lossy(bad));
        }
    }

    #[test]
    fn host_conf_multi() {
        assert!(multi_in_host_conf(b"# x\nmulti on\n"));
        assert!(multi_in_host_conf(b"  MULTI   On # c\n"));
        assert!(!multi_in_host_conf(b"multi on\nmulti off\n"));
        assert!(!multi_in_host_conf(b"order hosts,bind\n"));
        assert!(multi_in_host_conf(b"multi onion\n"));
    }
}
