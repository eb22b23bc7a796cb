//! Evaluating a parsed filter against one line's cells.

use super::{regex, Node, Op};
use crate::columns::{Col, JsonType};

/// An operand after reading its cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Num(u64),
    Float(f64),
    Str(Vec<u8>),
    Bool(bool),
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Num,
    Float,
    Str,
    Bool,
}

fn kind(v: &Value) -> Kind {
    match v {
        Value::Num(_) => Kind::Num,
        Value::Float(_) => Kind::Float,
        Value::Str(_) => Kind::Str,
        Value::Bool(_) => Kind::Bool,
    }
}

/// A bare operand: a column is true when its cell is not empty.
pub fn truth<'a>(node: &Node, cell: &dyn Fn(Col) -> Option<&'a [u8]>) -> bool {
    match node {
        Node::Num(n) => *n != 0,
        Node::Float(f) => *f != 0.0,
        Node::Str(s) => !s.is_empty(),
        Node::Bool(b) => *b,
        Node::Holder(c, _) => cell(*c).is_some_and(|d| !d.is_empty()),
        Node::Not(x) => !truth(x, cell),
        Node::Bin(Op::And, l, r) => truth(l, cell) && truth(r, cell),
        Node::Bin(Op::Or, l, r) => truth(l, cell) || truth(r, cell),
        Node::Bin(op, l, r) => compare(*op, l, r, cell),
        Node::Match { left, re, negate } => {
            operand(left, cell).is_some_and(|(v, _)| re.is_match(&as_str(&v)) != *negate)
        }
    }
}

/// The text of a literal operand (what `=~` matches against or with), `None` for a
/// column or an expression.
pub fn literal_text(node: &Node) -> Option<Vec<u8>> {
    match node {
        Node::Num(_) | Node::Float(_) | Node::Str(_) | Node::Bool(_) => {
            operand(node, &|_| None).map(|(v, _)| as_str(&v))
        }
        _ => None,
    }
}

/// The operand's value and whether it came from a column; `None` for an empty cell.
fn operand<'a>(node: &Node, cell: &dyn Fn(Col) -> Option<&'a [u8]>) -> Option<(Value, bool)> {
    Some(match node {
        Node::Num(n) => (Value::Num(*n), false),
        Node::Float(f) => (Value::Float(*f), false),
        Node::Str(s) => (Value::Str(s.clone()), false),
        Node::Bool(b) => (Value::Bool(*b), false),
        Node::Holder(c, ty) => {
            let data = cell(*c).filter(|d| !d.is_empty())?;
            let v = match ty {
                JsonType::Number => match std::str::from_utf8(data).ok().and_then(|s| s.parse().ok()) {
                    Some(n) => Value::Num(n),
                    None => Value::Str(data.to_vec()),
                },
                JsonType::String => Value::Str(data.to_vec()),
            };
            (v, true)
        }
        other => (Value::Bool(truth(other, cell)), false),
    })
}

fn as_str(v: &Value) -> Vec<u8> {
    match v {
        Value::Num(n) => n.to_string().into_bytes(),
        Value::Float(f) => format!("{f:.6}").into_bytes(),
        Value::Str(s) => s.clone(),
        Value::Bool(b) => {
            if *b {
                b"true".to_vec()
            } else {
                b"false".to_vec()
            }
        }
    }
}

fn as_float(v: &Value) -> Option<f64> {
    match v {
        Value::Num(n) => Some(*n as f64),
        Value::Float(f) => Some(*f),
        Value::Str(s) => std::str::from_utf8(s).ok()?.trim().parse().ok(),
        Value::Bool(b) => Some(*b as u8 as f64),
    }
}

fn as_num(v: &Value) -> Option<u64> {
    match v {
        Value::Num(n) => Some(*n),
        Value::Float(f) => Some(*f as u64),
        Value::Str(s) => std::str::from_utf8(s).ok()?.trim().parse().ok(),
        Value::Bool(b) => Some(*b as u64),
    }
}

fn as_bool(v: &Value) -> bool {
    match v {
        Value::Num(n) => *n != 0,
        Value::Float(f) => *f != 0.0,
        Value::Str(s) => !s.is_empty(),
        Value::Bool(b) => *b,
    }
}

fn compare<'a>(op: Op, l: &Node, r: &Node, cell: &dyn Fn(Col) -> Option<&'a [u8]>) -> bool {
    let (Some((lv, lh)), Some((rv, rh))) = (operand(l, cell), operand(r, cell)) else { return false };
    if matches!(op, Op::Re | Op::NotRe) {
        // A pattern from a column differs from line to line; one regcomp refuses
        // matches nothing.
        let found = regex::Regex::new(&as_str(&rv)).is_ok_and(|re| re.is_match(&as_str(&lv)));
        return found == (op == Op::Re);
    }
    // The column decides the type of the comparison; between literals, the left one.
    let mut ty = if lh || !rh { kind(&lv) } else { kind(&rv) };
    if ty == Kind::Num && (kind(&lv) == Kind::Float || kind(&rv) == Kind::Float) {
        ty = Kind::Float;
    }
    let ord = match ty {
        Kind::Str => Some(as_str(&lv).cmp(&as_str(&rv))),
        Kind::Num => as_num(&lv).zip(as_num(&rv)).map(|(a, b)| a.cmp(&b)),
        Kind::Float => as_float(&lv).zip(as_float(&rv)).and_then(|(a, b)| a.partial_cmp(&b)),
        Kind::Bool => Some(as_bool(&lv).cmp(&as_bool(&rv))),
    };
    let Some(ord) = ord else { return false };
    match op {
        Op::Eq => ord.is_eq(),
        Op::Ne => ord.is_ne(),
        Op::Lt => ord.is_lt(),
        Op::Le => ord.is_le(),
        Op::Gt => ord.is_gt(),
        Op::Ge => ord.is_ge(),
        _ => false,
    }
}
