//! `-Q EXPR`: libsmartcols' filter language (scols-filter(5)). Operators `&&`/`and`,
//! `||`/`or`, `!`/`not`, `==`/`eq`, `!=`/`ne`, `<`/`lt`, `<=`/`le`, `>`/`gt`,
//! `>=`/`ge`, `=~` and `!~` (POSIX extended regular expressions), parentheses;
//! operands are integers, floats, quoted strings, `true`/`false` and column names
//! (holders), typed by the column. A comparison with an empty cell is false.

mod eval;
mod regex;

use std::rc::Rc;

use crate::columns::{Col, JsonType};

pub use eval::Value;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    And,
    Or,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    Re,
    NotRe,
}

#[derive(Debug, Clone)]
pub enum Node {
    Num(u64),
    Float(f64),
    Str(Vec<u8>),
    Bool(bool),
    Holder(Col, JsonType),
    Not(Box<Node>),
    Bin(Op, Box<Node>, Box<Node>),
    /// `=~` (or `!~` when `negate`) with a literal pattern, compiled once at parse
    /// time as libsmartcols compiles it.
    Match {
        left: Box<Node>,
        re: Rc<regex::Regex>,
        negate: bool,
    },
}

/// Names a column (case-insensitively) and gives its type, or `None`.
pub type Resolve<'a> = &'a dyn Fn(&[u8]) -> Option<(Col, JsonType)>;

/// A parsed expression.
#[derive(Debug, Clone)]
pub struct Filter {
    root: Node,
    holders: Vec<Col>,
}

/// Why an expression was refused.
#[derive(Debug, PartialEq, Eq)]
pub enum FilterError {
    Syntax(String),
    UnknownColumn(String),
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Num(u64),
    Float(f64),
    Str(Vec<u8>),
    Name(Vec<u8>),
    True,
    False,
    Not,
    Op(Op),
    Open,
    Close,
}

impl Tok {
    fn describe(&self) -> String {
        match self {
            Tok::Num(n) => format!("number {n}"),
            Tok::Float(f) => format!("number {f}"),
            Tok::Str(s) => format!("string \"{}\"", String::from_utf8_lossy(s)),
            Tok::Name(n) => format!("column name {}", String::from_utf8_lossy(n)),
            Tok::True | Tok::False => "boolean".into(),
            Tok::Not => "'!'".into(),
            Tok::Op(_) => "operator".into(),
            Tok::Open => "'('".into(),
            Tok::Close => "')'".into(),
        }
    }
}

fn lex(s: &[u8]) -> Result<Vec<Tok>, FilterError> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < s.len() {
        let c = s[i];
        let two = s.get(i..i + 2).unwrap_or_default();
        let op2 = match two {
            b"&&" => Some(Tok::Op(Op::And)),
            b"||" => Some(Tok::Op(Op::Or)),
            b"==" => Some(Tok::Op(Op::Eq)),
            b"!=" => Some(Tok::Op(Op::Ne)),
            b"<=" => Some(Tok::Op(Op::Le)),
            b">=" => Some(Tok::Op(Op::Ge)),
            b"=~" => Some(Tok::Op(Op::Re)),
            b"!~" => Some(Tok::Op(Op::NotRe)),
            _ => None,
        };
        if let Some(t) = op2 {
            out.push(t);
            i += 2;
            continue;
        }
        match c {
            b' ' | b'\t' | b'\n' => i += 1,
            b'(' | b')' => {
                out.push(if c == b'(' { Tok::Open } else { Tok::Close });
                i += 1;
            }
            b'!' => {
                out.push(Tok::Not);
                i += 1;
            }
            b'<' | b'>' => {
                out.push(Tok::Op(if c == b'<' { Op::Lt } else { Op::Gt }));
                i += 1;
            }
            b'"' | b'\'' => {
                let end = s[i + 1..]
                    .iter()
                    .position(|&b| b == c || b == b'\n')
                    .filter(|&e| s[i + 1 + e] == c)
                    .ok_or_else(|| FilterError::Syntax("unterminated string".into()))?;
                out.push(Tok::Str(s[i + 1..i + 1 + end].to_vec()));
                i += end + 2;
            }
            b'0'..=b'9' => {
                let n = s[i..].iter().take_while(|b| b.is_ascii_digit()).count();
                let frac = (s.get(i + n) == Some(&b'.'))
                    .then(|| s[i + n + 1..].iter().take_while(|b| b.is_ascii_digit()).count())
                    .filter(|&f| f > 0);
                if let Some(f) = frac {
                    let len = n + 1 + f;
                    let text = std::str::from_utf8(&s[i..i + len]).unwrap_or("0");
                    out.push(Tok::Float(text.parse().unwrap_or(0.0)));
                    i += len;
                    continue;
                }
                let len = n + size_suffix_len(&s[i + n..]);
                out.push(Tok::Num(parse_size(&s[i..i + len])?));
                i += len;
            }
            c if c.is_ascii_alphabetic() => {
                let n = s[i..]
                    .iter()
                    .take_while(|&&b| b.is_ascii_alphanumeric() || b"_.%:/-".contains(&b))
                    .count();
                let word = &s[i..i + n];
                out.push(match word {
                    b"and" | b"AND" => Tok::Op(Op::And),
                    b"or" | b"OR" => Tok::Op(Op::Or),
                    b"not" | b"NOT" => Tok::Not,
                    b"eq" | b"EQ" => Tok::Op(Op::Eq),
                    b"ne" | b"NE" => Tok::Op(Op::Ne),
                    b"lt" | b"LT" => Tok::Op(Op::Lt),
                    b"le" | b"LE" => Tok::Op(Op::Le),
                    b"gt" | b"GT" => Tok::Op(Op::Gt),
                    b"ge" | b"GE" => Tok::Op(Op::Ge),
                    b"true" | b"TRUE" => Tok::True,
                    b"false" | b"FALSE" => Tok::False,
                    _ => Tok::Name(word.to_vec()),
                });
                i += n;
            }
            _ => return Err(FilterError::Syntax(format!("unexpected character '{}'", c as char))),
        }
    }
    Ok(out)
}

/// libsmartcols' scanner takes `[KMGTPEZY]?(iB|B)?` after a number's digits as part
/// of it (`1K`, `4GiB`, `2MB`); lowercase letters start a column name instead.
fn size_suffix_len(rest: &[u8]) -> usize {
    let unit = usize::from(rest.first().is_some_and(|b| b"KMGTPEZY".contains(b)));
    let tail = &rest[unit..];
    unit + if tail.starts_with(b"iB") {
        2
    } else if tail.starts_with(b"B") {
        1
    } else {
        0
    }
}

/// A number with an optional size suffix, as util-linux's strtosize reads it:
/// `K` and `KiB` are powers of 1024, `KB` powers of 1000; a bare `B` or `iB` is not
/// a size.
fn parse_size(text: &[u8]) -> Result<u64, FilterError> {
    let digits = text.iter().take_while(|b| b.is_ascii_digit()).count();
    let token_error =
        |why: &str| FilterError::Syntax(format!("\"{}\" token error: {why}", String::from_utf8_lossy(text)));
    let range = || token_error("Numerical result out of range");
    let mut n: u64 =
        std::str::from_utf8(&text[..digits]).ok().and_then(|d| d.parse().ok()).ok_or_else(range)?;
    let suffix = &text[digits..];
    let Some(&unit) = suffix.first() else { return Ok(n) };
    let Some(power) = b"KMGTPEZY".iter().position(|&u| u == unit) else {
        return Err(token_error("Invalid argument"));
    };
    let base: u64 = if &suffix[1..] == b"B" { 1000 } else { 1024 };
    for _ in 0..=power {
        n = n.checked_mul(base).ok_or_else(range)?;
    }
    Ok(n)
}

fn precedence(op: Op) -> u8 {
    match op {
        Op::Or => 1,
        Op::And => 2,
        _ => 3,
    }
}

/// How deep parentheses, `!` and chains of operators may nest: parsing, evaluating
/// and dropping the tree recurse, and an argument of 128 KiB could otherwise nest
/// deep enough to overflow the stack.
const MAX_DEPTH: usize = 1000;

struct Parser<'a> {
    toks: Vec<Tok>,
    at: usize,
    resolve: Resolve<'a>,
    holders: Vec<Col>,
    depth: usize,
}

impl Parser<'_> {
    fn unexpected(&self) -> FilterError {
        match self.toks.get(self.at) {
            Some(t) => FilterError::Syntax(format!("syntax error, unexpected {}", t.describe())),
            None => FilterError::Syntax("syntax error, unexpected end of expression".into()),
        }
    }

    fn deeper(&mut self) -> Result<(), FilterError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(FilterError::Syntax("syntax error, expression nested too deeply".into()));
        }
        Ok(())
    }

    /// Precedence climbing: `||` binds loosest, then `&&`, then comparisons
    /// (left-associative), then the prefix `!`.
    fn expr(&mut self, min: u8) -> Result<Node, FilterError> {
        let mut left = self.unary()?;
        let mut chain = 0;
        while let Some(Tok::Op(op)) = self.toks.get(self.at).cloned() {
            let p = precedence(op);
            if p < min {
                break;
            }
            self.at += 1;
            // each link of a chain is one level deeper in the tree
            self.deeper()?;
            chain += 1;
            let right = self.expr(p + 1)?;
            left = binary(op, left, right)?;
        }
        self.depth -= chain;
        Ok(left)
    }

    fn unary(&mut self) -> Result<Node, FilterError> {
        let Some(tok) = self.toks.get(self.at).cloned() else { return Err(self.unexpected()) };
        self.at += 1;
        Ok(match tok {
            Tok::Not => {
                self.deeper()?;
                let inner = self.unary()?;
                self.depth -= 1;
                Node::Not(Box::new(inner))
            }
            Tok::Open => {
                self.deeper()?;
                let inner = self.expr(0)?;
                if self.toks.get(self.at) != Some(&Tok::Close) {
                    return Err(self.unexpected());
                }
                self.at += 1;
                self.depth -= 1;
                inner
            }
            Tok::Num(n) => Node::Num(n),
            Tok::Float(f) => Node::Float(f),
            Tok::Str(s) => Node::Str(s),
            Tok::True => Node::Bool(true),
            Tok::False => Node::Bool(false),
            Tok::Name(n) => {
                let Some((col, ty)) = (self.resolve)(&n) else {
                    return Err(FilterError::UnknownColumn(String::from_utf8_lossy(&n).into_owned()));
                };
                if !self.holders.contains(&col) {
                    self.holders.push(col);
                }
                Node::Holder(col, ty)
            }
            Tok::Op(_) | Tok::Close => {
                self.at -= 1;
                return Err(self.unexpected());
            }
        })
    }
}

/// Builds `left op right`; a regular expression given as a literal is compiled here,
/// so a pattern regcomp refuses fails the parse with regerror's text.
fn binary(op: Op, left: Node, right: Node) -> Result<Node, FilterError> {
    if matches!(op, Op::Re | Op::NotRe) {
        if let Some(pattern) = eval::literal_text(&right) {
            let re = regex::Regex::new(&pattern).map_err(FilterError::Syntax)?;
            return Ok(Node::Match { left: Box::new(left), re: Rc::new(re), negate: op == Op::NotRe });
        }
    }
    Ok(Node::Bin(op, Box::new(left), Box::new(right)))
}

impl Filter {
    /// Parses `expr`; `resolve` names the columns (case-insensitively) and their types.
    pub fn parse(expr: &[u8], resolve: Resolve<'_>) -> Result<Filter, FilterError> {
        let toks = lex(expr)?;
        let mut p = Parser { toks, at: 0, resolve, holders: Vec::new(), depth: 0 };
        let root = p.expr(0)?;
        if p.at != p.toks.len() {
            return Err(p.unexpected());
        }
        Ok(Filter { root, holders: p.holders })
    }

    /// Columns the filter reads that are not among `shown`.
    pub fn hidden_columns(&self, shown: &[Col]) -> Vec<Col> {
        self.holders.iter().copied().filter(|c| !shown.contains(c)).collect()
    }

    pub fn holders(&self) -> &[Col] {
        &self.holders
    }

    /// Evaluates the expression for one line; `cell` gives a column's text.
    pub fn matches<'a>(&self, cell: &dyn Fn(Col) -> Option<&'a [u8]>) -> bool {
        eval::truth(&self.root, cell)
    }
}

#[cfg(test)]
mod tests;
