use super::*;

fn resolve(name: &[u8]) -> Option<(Col, JsonType)> {
    Col::by_name(name).map(|c| (c, c.info().json))
}

fn check(expr: &str, cells: &[(Col, &str)]) -> bool {
    let f = Filter::parse(expr.as_bytes(), &resolve).expect("parses");
    let get =
        |c: Col| cells.iter().find(|(k, _)| *k == c).map(|(_, v)| v.as_bytes()).filter(|v| !v.is_empty());
    f.matches(&get)
}

#[test]
fn comparisons_are_typed() {
    let row = [(Col::Ns, "4026531840"), (Col::Nprocs, "12"), (Col::Type, "net"), (Col::Netnsid, "5")];
    assert!(check("NS == 4026531840", &row));
    assert!(check("nprocs > 9", &row));
    assert!(!check("NPROCS < 9", &row));
    assert!(check("NPROCS ge 12 and TYPE eq 'net'", &row));
    assert!(check("NETNSID == '5'", &row));
    assert!(check("TYPE =~ \"^n.t$\"", &row));
    assert!(check("TYPE !~ 'user'", &row));
    assert!(check("!(TYPE == \"mnt\") && (NPROCS == 1 || NPROCS == 12)", &row));
    assert!(check("NETNSID", &row));
    assert!(!check("PID", &row));
    assert!(!check("PID == 1", &row));
    assert!(!check("PID != 1", &row));
    assert!(check("true", &row));
    assert!(check("NOT false", &row));
    assert!(check("NPROCS == 12.0", &row));
}

#[test]
fn precedence() {
    let row = [(Col::Nprocs, "1")];
    assert!(check("NPROCS == 2 && NPROCS == 3 || NPROCS == 1", &row));
    assert!(!check("NPROCS == 2 && (NPROCS == 3 || NPROCS == 1)", &row));
}

#[test]
fn errors() {
    let e = |s: &str| Filter::parse(s.as_bytes(), &resolve).expect_err("fails");
    assert_eq!(e("FOO == 1"), FilterError::UnknownColumn("FOO".into()));
    assert!(matches!(e("NS =="), FilterError::Syntax(_)));
    assert!(matches!(e("(NS == 1"), FilterError::Syntax(_)));
    assert!(matches!(e("NS == 'x"), FilterError::Syntax(_)));
    assert!(matches!(e("NS == 1 )"), FilterError::Syntax(_)));
    assert!(matches!(e("TYPE =~ '('"), FilterError::Syntax(_)));
    assert!(matches!(e("NS @ 1"), FilterError::Syntax(_)));
    assert!(matches!(e(""), FilterError::Syntax(_)));
}

#[test]
fn hidden_columns() {
    let f = Filter::parse(b"NS == 1 && NETNSID == '2'", &resolve).expect("parses");
    assert_eq!(f.hidden_columns(&[Col::Ns]), vec![Col::Netnsid]);
    assert_eq!(f.holders(), &[Col::Ns, Col::Netnsid]);
}

#[test]
fn numbers_take_size_suffixes() {
    let row = [(Col::Ns, "4026531840"), (Col::Nprocs, "2048")];
    assert!(check("NPROCS == 2K", &row));
    assert!(check("NPROCS == 2KiB", &row));
    assert!(check("NPROCS > 2KB && NPROCS < 3KB", &row));
    assert!(check("NS > 3G && NS < 4GiB", &row));
    assert!(check("NS > 4GB", &row));
    assert!(check("NPROCS<1M", &row));
    assert!(check("(NPROCS==2K)", &row));
    let e = |s: &str| Filter::parse(s.as_bytes(), &resolve).expect_err("fails");
    assert!(matches!(e("NPROCS == 2k"), FilterError::Syntax(_)));
    assert!(matches!(e("NPROCS == 2B"), FilterError::Syntax(m) if m.contains("\"2B\" token error")));
    assert!(
        matches!(e("NPROCS == 99999999999999999999"), FilterError::Syntax(m) if m.contains("out of range"))
    );
    assert!(matches!(e("NPROCS == 16E"), FilterError::Syntax(m) if m.contains("out of range")));
    assert!(check("NPROCS < 15E", &row));
}
