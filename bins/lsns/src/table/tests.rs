use super::*;
use crate::columns::JsonType;

fn col(header: &'static str, right: bool) -> Column {
    Column::plain(header, right, if right { JsonType::Number } else { JsonType::String })
}

fn cells(v: &[&str]) -> Vec<Option<Vec<u8>>> {
    v.iter().map(|s| (!s.is_empty()).then(|| s.as_bytes().to_vec())).collect()
}

const PIPE: Output = Output { term_width: None, utf8: true };

fn sample(format: Format) -> Table {
    let cmd = Column { tree: true, trunc: true, ..col("COMMAND", false) };
    let mut t = Table::new("namespaces", vec![col("NS", true), col("PID", true), cmd], format, false);
    let a = t.add_line(None, cells(&["1", "10", "init"]));
    t.add_line(Some(a), cells(&["2", "", "child one"]));
    let c = t.add_line(Some(a), cells(&["3", "12", "child two"]));
    t.add_line(Some(c), cells(&["4", "13", "grand child"]));
    t.add_line(None, cells(&["5", "14", "other"]));
    t
}

#[test]
fn human_tree() {
    let out = String::from_utf8(sample(Format::Human).render(PIPE)).expect("utf8");
    assert_eq!(
        out,
        "NS PID COMMAND\n 1  10 init\n 2     ├─child one\n 3  12 └─child two\n 4  13   └─grand child\n 5  14 other\n"
    );
}

#[test]
fn raw_tree_escapes_art() {
    let out = String::from_utf8(sample(Format::Raw).render(PIPE)).expect("utf8");
    assert!(out.starts_with("NS PID COMMAND\n1 10 init\n2  \\xe2\\x94\\x9c\\xe2\\x94\\x80child\\x20one\n"));
}

#[test]
fn json_tree() {
    let out = String::from_utf8(sample(Format::Json).render(PIPE)).expect("utf8");
    let want = r#"{
   "namespaces": [
      {
         "ns": 1,
         "pid": 10,
         "command": "init",
         "children": [
            {
               "ns": 2,
               "pid": null,
               "command": "child one"
            },{
               "ns": 3,
               "pid": 12,
               "command": "child two",
               "children": [
                  {
                     "ns": 4,
                     "pid": 13,
                     "command": "grand child"
                  }
               ]
            }
         ]
      },{
         "ns": 5,
         "pid": 14,
         "command": "other"
      }
   ]
}
"#;
    assert_eq!(out, want);
}

#[test]
fn empty_tables() {
    let t = Table::new("namespaces", vec![col("NS", true)], Format::Json, false);
    assert_eq!(t.render(PIPE), b"{\n   \"namespaces\": [\n\n   ]\n}\n");
    let t = Table::new("namespaces", vec![col("NS", true)], Format::Human, false);
    assert!(t.render(PIPE).is_empty());
}

#[test]
fn hints_and_truncation_on_a_terminal() {
    let pid = Column { whint: 5, ..col("PID", true) };
    let cmd = Column { trunc: true, ..col("COMMAND", false) };
    let mut t = Table::new("x", vec![pid, cmd], Format::Human, false);
    t.add_line(None, cells(&["1234", "a long command line"]));
    let out = t.render(PIPE);
    assert_eq!(out, b"  PID COMMAND\n 1234 a long command line\n");
    let out = t.render(Output { term_width: Some(14), utf8: true });
    assert_eq!(out, b"  PID COMMAND\n 1234 a long c\n");
    let out = t.render(Output { term_width: Some(3), utf8: true });
    assert_eq!(out, b"  PID COMMAND\n 1234 a long \n");
}

#[test]
fn multi_line_cells() {
    let nsfs = Column { wrap_nl: true, keep_nl: true, ..col("NSFS", false) };
    let mut t = Table::new("x", vec![col("NS", true), nsfs, col("PID", true)], Format::Human, false);
    t.add_line(None, cells(&["1", "/run/a\n/tmp/bb", "7"]));
    assert_eq!(t.render(PIPE), b"NS NSFS    PID\n 1 /run/a    7\n   /tmp/bb \n");
}
