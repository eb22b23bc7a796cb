//! The Plural-Forms header: `nplurals=N; plural=EXPR;` with EXPR in the C subset
//! glibc's plural.y accepts (n, unsigned decimal numbers, ! * / % + - < > <= >= == !=
//! && || ?: and parentheses), evaluated in unsigned 64-bit arithmetic like glibc's
//! `unsigned long`. A header without a usable expression means glibc's default,
//! `nplurals=2; plural=(n != 1)`.
//!
//! Decision: glibc divides by zero as C does (SIGFPE); here a division or remainder by
//! zero makes the plural form unknown and the message falls back to English.

/// Deeper nesting than this is refused (the real catalogs nest at most 6 levels).
const MAX_DEPTH: usize = 64;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expr {
    N,
    Num(u64),
    Not(Box<Expr>),
    Binary(Op, Box<Expr>, Box<Expr>),
    If(Box<Expr>, Box<Expr>, Box<Expr>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Or,
    And,
    Eq,
    Ne,
    Lt,
    Gt,
    Le,
    Ge,
    Add,
    Sub,
    Mul,
    Div,
    Rem,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plural {
    pub nplurals: u64,
    pub expr: Expr,
}

impl Default for Plural {
    fn default() -> Plural {
        Plural { nplurals: 2, expr: Expr::Binary(Op::Ne, Box::new(Expr::N), Box::new(Expr::Num(1))) }
    }
}

impl Plural {
    /// The plural rule of a catalog header, as glibc's extract_plural_expr reads it.
    pub fn from_header(header: &[u8]) -> Plural {
        Plural::parse_header(header).unwrap_or_default()
    }

    fn parse_header(header: &[u8]) -> Option<Plural> {
        let plural = super::mo::find_bytes(header, b"plural=")? + b"plural=".len();
        let nplurals = super::mo::find_bytes(header, b"nplurals=")? + b"nplurals=".len();
        let digits = header[nplurals..].iter().skip_while(|b| b.is_ascii_whitespace());
        let mut value: u64 = 0;
        let mut any = false;
        for &b in digits.take_while(|b| b.is_ascii_digit()) {
            value = value.saturating_mul(10).saturating_add(u64::from(b - b'0'));
            any = true;
        }
        if !any {
            return None;
        }
        Some(Plural { nplurals: value, expr: parse(&header[plural..])? })
    }

    /// Which form `n` takes: glibc's plural_lookup uses form 0 when the expression
    /// exceeds nplurals. None when the expression divides by zero.
    pub fn index(&self, n: u64) -> Option<u64> {
        let index = eval(&self.expr, n)?;
        Some(if index >= self.nplurals { 0 } else { index })
    }
}

/// Evaluates `expr` for `n`; None on a division by zero.
pub fn eval(expr: &Expr, n: u64) -> Option<u64> {
    Some(match expr {
        Expr::N => n,
        Expr::Num(v) => *v,
        Expr::Not(e) => u64::from(eval(e, n)? == 0),
        Expr::If(c, a, b) => {
            if eval(c, n)? != 0 {
                eval(a, n)?
            } else {
                eval(b, n)?
            }
        }
        Expr::Binary(Op::Or, a, b) => u64::from(eval(a, n)? != 0 || eval(b, n)? != 0),
        Expr::Binary(Op::And, a, b) => u64::from(eval(a, n)? != 0 && eval(b, n)? != 0),
        Expr::Binary(op, a, b) => {
            let (l, r) = (eval(a, n)?, eval(b, n)?);
            match op {
                Op::Eq => u64::from(l == r),
                Op::Ne => u64::from(l != r),
                Op::Lt => u64::from(l < r),
                Op::Gt => u64::from(l > r),
                Op::Le => u64::from(l <= r),
                Op::Ge => u64::from(l >= r),
                Op::Add => l.wrapping_add(r),
                Op::Sub => l.wrapping_sub(r),
                Op::Mul => l.wrapping_mul(r),
                Op::Div => l.checked_div(r)?,
                Op::Rem | Op::Or | Op::And => l.checked_rem(r)?,
            }
        }
    })
}

/// Parses an expression that ends at the end of `text`, a ';', a newline or a NUL.
pub fn parse(text: &[u8]) -> Option<Expr> {
    let mut p = Parser { text, at: 0, depth: 0 };
    let e = p.ternary()?;
    p.skip_space();
    match p.peek() {
        None | Some(b';') | Some(b'\n') | Some(0) => Some(e),
        _ => None,
    }
}

struct Parser<'a> {
    text: &'a [u8],
    at: usize,
    depth: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.text.get(self.at).copied()
    }

    fn skip_space(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t')) {
            self.at += 1;
        }
    }

    /// Consumes `token` if it comes next (after blanks).
    fn eat(&mut self, token: &[u8]) -> bool {
        self.skip_space();
        if self.text[self.at..].starts_with(token) {
            self.at += token.len();
            true
        } else {
            false
        }
    }

    fn deeper(&mut self) -> Option<()> {
        self.depth += 1;
        (self.depth <= MAX_DEPTH).then_some(())
    }

    fn ternary(&mut self) -> Option<Expr> {
        self.deeper()?;
        let cond = self.binary(0)?;
        let e = if self.eat(b"?") {
            let a = self.ternary()?;
            if !self.eat(b":") {
                return None;
            }
            let b = self.ternary()?;
            Expr::If(Box::new(cond), Box::new(a), Box::new(b))
        } else {
            cond
        };
        self.depth -= 1;
        Some(e)
    }

    /// Binary operators by precedence level, loosest first, each left-associative.
    fn binary(&mut self, level: usize) -> Option<Expr> {
        const LEVELS: &[&[(&[u8], Op)]] = &[
            &[(b"||", Op::Or)],
            &[(b"&&", Op::And)],
            &[(b"==", Op::Eq), (b"!=", Op::Ne)],
            &[(b"<=", Op::Le), (b">=", Op::Ge), (b"<", Op::Lt), (b">", Op::Gt)],
            &[(b"+", Op::Add), (b"-", Op::Sub)],
            &[(b"*", Op::Mul), (b"/", Op::Div), (b"%", Op::Rem)],
        ];
        let Some(ops) = LEVELS.get(level) else { return self.unary() };
        let mut left = self.binary(level + 1)?;
        // A chain `a + b + c ...` nests to the left: each link is one level deeper.
        let mut chain = 0;
        'more: loop {
            for &(token, op) in ops.iter() {
                if self.eat(token) {
                    chain += 1;
                    if self.depth + chain > MAX_DEPTH {
                        return None;
                    }
                    let right = self.binary(level + 1)?;
                    left = Expr::Binary(op, Box::new(left), Box::new(right));
                    continue 'more;
                }
            }
            return Some(left);
        }
    }

    fn unary(&mut self) -> Option<Expr> {
        self.deeper()?;
        let e = if self.eat(b"!") {
            Expr::Not(Box::new(self.unary()?))
        } else if self.eat(b"(") {
            let e = self.ternary()?;
            if !self.eat(b")") {
                return None;
            }
            e
        } else if self.eat(b"n") {
            Expr::N
        } else {
            self.skip_space();
            let start = self.at;
            let mut value: u64 = 0;
            while let Some(d) = self.peek().filter(u8::is_ascii_digit) {
                value = value.checked_mul(10)?.checked_add(u64::from(d - b'0'))?;
                self.at += 1;
            }
            if self.at == start {
                return None;
            }
            Expr::Num(value)
        };
        self.depth -= 1;
        Some(e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(header: &str) -> Plural {
        Plural::from_header(header.as_bytes())
    }

    #[test]
    fn rules_of_the_installed_catalogs() {
        let germanic = rule("Plural-Forms: nplurals=2; plural=(n != 1);\n");
        assert_eq!((germanic.index(0), germanic.index(1), germanic.index(2)), (Some(1), Some(0), Some(1)));
        let french = rule("Plural-Forms: nplurals=2; plural=(n > 1);\n");
        assert_eq!((french.index(0), french.index(1), french.index(2)), (Some(0), Some(0), Some(1)));
        let japanese = rule("Plural-Forms: nplurals=1; plural=0;\n");
        assert_eq!(japanese.index(5), Some(0));
    }

    #[test]
    fn slavic_rule_with_ternaries() {
        let r = rule(
            "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
        );
        let got: Vec<_> = [1, 2, 5, 11, 21, 22, 25, 112].iter().map(|&n| r.index(n).unwrap_or(9)).collect();
        assert_eq!(got, [0, 1, 2, 2, 0, 1, 2, 2]);
    }

    #[test]
    fn precedence_and_unsigned_arithmetic() {
        let e = |s: &str, n| parse(s.as_bytes()).and_then(|e| eval(&e, n));
        assert_eq!(e("1 + 2 * 3", 0), Some(7));
        assert_eq!(e("(1 + 2) * 3", 0), Some(9));
        assert_eq!(e("!n", 0), Some(1));
        assert_eq!(e("!!n", 7), Some(1));
        assert_eq!(e("n - 1 > 5", 0), Some(1), "0 - 1 wraps as unsigned long does");
        assert_eq!(e("10 - 2 - 3", 0), Some(5), "left-associative");
        assert_eq!(e("n ? 1 : 0 ? 2 : 3", 0), Some(3), "right-associative ?:");
        assert_eq!(e("0 || n == 3 && 1", 3), Some(1));
    }

    #[test]
    fn division_by_zero_is_no_form() {
        let r = rule("nplurals=2; plural=n/0;");
        assert_eq!(r.index(3), None);
        assert_eq!(rule("nplurals=2; plural=n%(n-n);").index(1), None);
        // Short-circuiting keeps the C meaning.
        assert_eq!(rule("nplurals=2; plural=1 || n/0;").index(1), Some(1));
    }

    #[test]
    fn bad_or_missing_rules_mean_the_germanic_default() {
        for h in [
            "",
            "nplurals=2;",
            "plural=n;",
            "nplurals=x; plural=n;",
            "nplurals=2; plural=n +;",
            "nplurals=2; plural=(n;",
        ] {
            assert_eq!(rule(h), Plural::default(), "{h:?}");
        }
    }

    #[test]
    fn index_beyond_nplurals_is_form_zero() {
        assert_eq!(rule("nplurals=2; plural=n;").index(7), Some(0));
    }

    #[test]
    fn nesting_is_bounded() {
        let deep = format!("nplurals=2; plural={}n{};", "(".repeat(10_000), ")".repeat(10_000));
        assert_eq!(rule(&deep), Plural::default());
        let nots = format!("nplurals=2; plural={}n;", "!".repeat(10_000));
        assert_eq!(rule(&nots), Plural::default());
        let long = format!("nplurals=2; plural=n{};", "+1".repeat(10_000));
        assert_eq!(rule(&long), Plural::default());
        let ok = format!("nplurals=2; plural={}n{};", "(".repeat(20), ")".repeat(20));
        assert_eq!(rule(&ok).index(1), Some(1));
    }
}
