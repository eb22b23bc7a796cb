//! POSIX extended regular expressions for `=~` and `!~`, matched as regexec with
//! REG_NOSUB does: "is there a match anywhere". Compiled to a small program run as a
//! Pike VM over bytes, so matching is linear in the input whatever the pattern
//! (no backtracking blow-up). Written here rather than pulling a regex crate: the
//! filter needs only yes/no matching and the static binary stays small.

use super::{FilterError, Node, Op};

#[derive(Debug, Clone)]
enum Ast {
    Set(Box<[bool; 256]>),
    Bol,
    Eol,
    Cat(Vec<Ast>),
    Alt(Vec<Ast>),
    Repeat(Box<Ast>, u32, Option<u32>),
}

#[derive(Debug, Clone)]
enum Inst {
    Set(Box<[bool; 256]>),
    Bol,
    Eol,
    Split(usize, usize),
    Jmp(usize),
    Match,
}

/// A compiled expression.
#[derive(Debug, Clone)]
pub struct Regex {
    prog: Vec<Inst>,
}

const MAX_PROGRAM: usize = 100_000;
/// Nested groups, and quantifiers stacked on one atom (`a**`): compiling and
/// dropping the tree recurse, so its depth is bounded (glibc would answer a pattern
/// that deep with REG_ESPACE or overflow its own stack).
const MAX_GROUPS: usize = 256;
const MAX_STACKED: usize = 16;

struct P<'a> {
    s: &'a [u8],
    at: usize,
}

fn err(msg: &str) -> String {
    msg.to_string()
}

impl P<'_> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.at).copied()
    }

    fn alt(&mut self, depth: usize) -> Result<Ast, String> {
        let mut branches = vec![self.concat(depth)?];
        while self.peek() == Some(b'|') {
            self.at += 1;
            branches.push(self.concat(depth)?);
        }
        Ok(if branches.len() == 1 { branches.remove(0) } else { Ast::Alt(branches) })
    }

    fn concat(&mut self, depth: usize) -> Result<Ast, String> {
        let mut items = Vec::new();
        while let Some(c) = self.peek() {
            if c == b'|' || (c == b')' && depth > 0) {
                break;
            }
            let atom = self.atom(depth)?;
            items.push(self.repeats(atom)?);
        }
        Ok(Ast::Cat(items))
    }

    fn repeats(&mut self, mut atom: Ast) -> Result<Ast, String> {
        let mut stacked = 0;
        loop {
            let (min, max) = match self.peek() {
                Some(b'*') => (0, None),
                Some(b'+') => (1, None),
                Some(b'?') => (0, Some(1)),
                Some(b'{') => match self.interval() {
                    Some(b) => {
                        // interval() has stepped over the braces
                        self.at -= 1;
                        b
                    }
                    None => return Ok(atom),
                },
                _ => return Ok(atom),
            };
            self.at += 1;
            stacked += 1;
            if stacked > MAX_STACKED {
                return Err(err("Regular expression too big"));
            }
            atom = Ast::Repeat(Box::new(atom), min, max);
        }
    }

    /// `{m}`, `{m,}`, `{m,n}`; leaves `at` after the brace when it is one.
    fn interval(&mut self) -> Option<(u32, Option<u32>)> {
        let rest = &self.s[self.at + 1..];
        let close = rest.iter().position(|&b| b == b'}')?;
        let body = std::str::from_utf8(&rest[..close]).ok()?;
        let num = |t: &str| t.parse::<u32>().ok().filter(|&n| n <= 255);
        let bounds = match body.split_once(',') {
            None => {
                let n = num(body)?;
                (n, Some(n))
            }
            Some((a, "")) => (num(a)?, None),
            Some((a, b)) => (num(a)?, Some(num(b)?)),
        };
        if bounds.1.is_some_and(|m| m < bounds.0) {
            return None;
        }
        self.at += close + 2;
        Some(bounds)
    }

    fn atom(&mut self, depth: usize) -> Result<Ast, String> {
        let Some(c) = self.peek() else { return Err(err("Premature end of regular expression")) };
        self.at += 1;
        let single = |b: u8| {
            let mut set = Box::new([false; 256]);
            set[b as usize] = true;
            Ast::Set(set)
        };
        Ok(match c {
            b'(' => {
                if depth >= MAX_GROUPS {
                    return Err(err("Regular expression too big"));
                }
                let inner = self.alt(depth + 1)?;
                if self.peek() != Some(b')') {
                    return Err(err("Unmatched ( or \\("));
                }
                self.at += 1;
                inner
            }
            b')' => return Err(err("Unmatched ) or \\)")),
            b'*' | b'+' | b'?' => return Err(err("Invalid preceding regular expression")),
            b'^' => Ast::Bol,
            b'$' => Ast::Eol,
            b'.' => Ast::Set(Box::new([true; 256])),
            b'[' => Ast::Set(self.bracket()?),
            b'\\' => {
                let Some(e) = self.peek() else { return Err(err("Trailing backslash")) };
                self.at += 1;
                single(e)
            }
            _ => single(c),
        })
    }

    fn bracket(&mut self) -> Result<Box<[bool; 256]>, String> {
        let unmatched = || err("Unmatched [, [^, [:, [., or [=");
        let mut set = Box::new([false; 256]);
        let negate = self.peek() == Some(b'^');
        if negate {
            self.at += 1;
        }
        let mut first = true;
        loop {
            let Some(c) = self.peek() else { return Err(unmatched()) };
            if c == b']' && !first {
                self.at += 1;
                break;
            }
            first = false;
            if c == b'[' && matches!(self.s.get(self.at + 1), Some(b':' | b'.' | b'=')) {
                let kind = self.s[self.at + 1];
                let body_start = self.at + 2;
                let end = self.s[body_start..]
                    .windows(2)
                    .position(|w| w[0] == kind && w[1] == b']')
                    .ok_or_else(unmatched)?;
                let body = &self.s[body_start..body_start + end];
                self.at = body_start + end + 2;
                if kind == b':' {
                    let f = class(body).ok_or_else(|| err("Invalid character class name"))?;
                    (0..=255u8).filter(|&b| f(b)).for_each(|b| set[b as usize] = true);
                } else if let [b] = body {
                    set[*b as usize] = true;
                } else {
                    return Err(err("Invalid collation character"));
                }
                continue;
            }
            self.at += 1;
            let is_range = self.peek() == Some(b'-') && self.s.get(self.at + 1).is_some_and(|&n| n != b']');
            if is_range {
                let hi = self.s[self.at + 1];
                self.at += 2;
                if hi < c {
                    return Err(err("Invalid range end"));
                }
                (c..=hi).for_each(|b| set[b as usize] = true);
            } else {
                set[c as usize] = true;
            }
        }
        if negate {
            set.iter_mut().for_each(|b| *b = !*b);
        }
        Ok(set)
    }
}

fn class(name: &[u8]) -> Option<fn(u8) -> bool> {
    Some(match name {
        b"alpha" => |b: u8| b.is_ascii_alphabetic(),
        b"digit" => |b: u8| b.is_ascii_digit(),
        b"alnum" => |b: u8| b.is_ascii_alphanumeric(),
        b"upper" => |b: u8| b.is_ascii_uppercase(),
        b"lower" => |b: u8| b.is_ascii_lowercase(),
        b"space" => |b: u8| b" \t\n\r\x0b\x0c".contains(&b),
        b"blank" => |b: u8| b == b' ' || b == b'\t',
        b"punct" => |b: u8| b.is_ascii_punctuation(),
        b"print" => |b: u8| (0x20..0x7f).contains(&b),
        b"graph" => |b: u8| b.is_ascii_graphic(),
        b"cntrl" => |b: u8| b < 0x20 || b == 0x7f,
        b"xdigit" => |b: u8| b.is_ascii_hexdigit(),
        _ => return None,
    })
}

fn emit(ast: &Ast, prog: &mut Vec<Inst>) -> Result<(), String> {
    if prog.len() > MAX_PROGRAM {
        return Err(err("Regular expression too big"));
    }
    match ast {
        Ast::Set(s) => prog.push(Inst::Set(s.clone())),
        Ast::Bol => prog.push(Inst::Bol),
        Ast::Eol => prog.push(Inst::Eol),
        Ast::Cat(items) => items.iter().try_for_each(|a| emit(a, prog))?,
        Ast::Alt(branches) => {
            let mut jumps = Vec::new();
            for (i, b) in branches.iter().enumerate() {
                if i + 1 < branches.len() {
                    let split = prog.len();
                    prog.push(Inst::Split(split + 1, 0));
                    emit(b, prog)?;
                    jumps.push(prog.len());
                    prog.push(Inst::Jmp(0));
                    let next = prog.len();
                    prog[split] = Inst::Split(split + 1, next);
                } else {
                    emit(b, prog)?;
                }
            }
            let end = prog.len();
            for j in jumps {
                prog[j] = Inst::Jmp(end);
            }
        }
        Ast::Repeat(a, min, max) => {
            for _ in 0..*min {
                emit(a, prog)?;
            }
            match max {
                None => {
                    let split = prog.len();
                    prog.push(Inst::Split(split + 1, 0));
                    emit(a, prog)?;
                    prog.push(Inst::Jmp(split));
                    let end = prog.len();
                    prog[split] = Inst::Split(split + 1, end);
                }
                Some(max) => {
                    let mut splits = Vec::new();
                    for _ in *min..*max {
                        splits.push(prog.len());
                        prog.push(Inst::Split(prog.len() + 1, 0));
                        emit(a, prog)?;
                    }
                    let end = prog.len();
                    for s in splits {
                        prog[s] = Inst::Split(s + 1, end);
                    }
                }
            }
        }
    }
    Ok(())
}

impl Regex {
    pub fn new(pattern: &[u8]) -> Result<Regex, String> {
        let mut p = P { s: pattern, at: 0 };
        let ast = p.alt(0)?;
        if p.at != pattern.len() {
            return Err(err("Unmatched ) or \\)"));
        }
        let mut prog = Vec::new();
        emit(&ast, &mut prog)?;
        prog.push(Inst::Match);
        Ok(Regex { prog })
    }

    /// True if the expression matches anywhere in `text`.
    pub fn is_match(&self, text: &[u8]) -> bool {
        let n = self.prog.len();
        let mut cur: Vec<usize> = Vec::with_capacity(n);
        let mut next: Vec<usize> = Vec::with_capacity(n);
        let mut seen = vec![usize::MAX; n];
        for pos in 0..=text.len() {
            if self.add(&mut cur, &mut seen, 0, pos, text) {
                return true;
            }
            let Some(&byte) = text.get(pos) else { break };
            next.clear();
            for &pc in &cur {
                if let Inst::Set(set) = &self.prog[pc] {
                    if set[byte as usize] && self.add(&mut next, &mut seen, pc + 1, pos + 1, text) {
                        return true;
                    }
                }
            }
            std::mem::swap(&mut cur, &mut next);
        }
        false
    }

    /// Adds `pc` and everything reachable from it without consuming input; true when
    /// that reaches Match.
    fn add(&self, list: &mut Vec<usize>, seen: &mut [usize], pc: usize, pos: usize, text: &[u8]) -> bool {
        let mut stack = vec![pc];
        while let Some(pc) = stack.pop() {
            if seen[pc] == pos {
                continue;
            }
            seen[pc] = pos;
            match &self.prog[pc] {
                Inst::Match => return true,
                Inst::Jmp(t) => stack.push(*t),
                Inst::Split(a, b) => {
                    stack.push(*b);
                    stack.push(*a);
                }
                Inst::Bol if pos == 0 => stack.push(pc + 1),
                Inst::Eol if pos == text.len() => stack.push(pc + 1),
                Inst::Bol | Inst::Eol => {}
                Inst::Set(_) => list.push(pc),
            }
        }
        false
    }
}

/// Compiles every literal pattern of the expression, so a bad one fails at parse time.
pub(super) fn check_all(node: &Node) -> Result<(), FilterError> {
    match node {
        Node::Bin(op, l, r) => {
            if let (Op::Re | Op::NotRe, Node::Str(p)) = (op, r.as_ref()) {
                Regex::new(p).map_err(FilterError::Syntax)?;
            }
            check_all(l)?;
            check_all(r)
        }
        Node::Not(x) => check_all(x),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(p: &str, t: &str) -> bool {
        Regex::new(p.as_bytes()).expect("compiles").is_match(t.as_bytes())
    }

    #[test]
    fn matching() {
        assert!(m("sle+p", "x sleeep y"));
        assert!(m("^sleep [0-9]+$", "sleep 1000"));
        assert!(!m("^sleep$", "sleep 1000"));
        assert!(m("a|b", "xxb"));
        assert!(m("(ab){2}c", "ababc"));
        assert!(!m("(ab){3}c", "ababc"));
        assert!(m("x{1,2}y", "xxy"));
        assert!(m("[[:digit:]]{3}", "a123"));
        assert!(m("[^a-z]", "abc1"));
        assert!(!m("[^a-z]", "abc"));
        assert!(m("a\\.b", "a.b"));
        assert!(!m("a\\.b", "axb"));
        assert!(m("", "anything"));
        assert!(m("[]a]", "]"));
        assert!(m("(a*)*b", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab"));
        assert!(!m("(a*)*b", &"a".repeat(5000)));
        assert!(m("a{", "a{"));
    }

    #[test]
    fn errors() {
        assert!(Regex::new(b"(a").is_err());
        assert!(Regex::new(b"a)").is_err());
        assert!(Regex::new(b"[a").is_err());
        assert!(Regex::new(b"*a").is_err());
        assert!(Regex::new(b"[[:nope:]]").is_err());
        assert!(Regex::new(b"a\\").is_err());
    }
}
