//! Tokens to a syntax tree: a Pratt parser with a depth limit, so a deeply nested or
//! very long rule gives an error instead of overflowing the (small, in wasm) stack.

use std::ops::Range;

use super::error::{RuleError, RuleErrorKind};
use super::lexer::{tokenize, Tok, Token};

/// Deepest nesting of the syntax tree (parentheses, calls, operator chains). Every
/// later pass recurses over the tree, so this bounds their stack use too.
pub const MAX_DEPTH: usize = 100;
/// Longest accepted rule, in bytes.
pub const MAX_SOURCE_LEN: usize = 16 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BinaryOp {
    Add,
    Sub,
    Mul,
    Div,
    Lt,
    Le,
    Gt,
    Ge,
    Eq,
    Ne,
    And,
    Or,
}

impl BinaryOp {
    pub(crate) fn symbol(self) -> &'static str {
        match self {
            BinaryOp::Add => "+",
            BinaryOp::Sub => "-",
            BinaryOp::Mul => "*",
            BinaryOp::Div => "/",
            BinaryOp::Lt => "<",
            BinaryOp::Le => "<=",
            BinaryOp::Gt => ">",
            BinaryOp::Ge => ">=",
            BinaryOp::Eq => "==",
            BinaryOp::Ne => "!=",
            BinaryOp::And => "and",
            BinaryOp::Or => "or",
        }
    }

    pub(crate) fn is_comparison(self) -> bool {
        matches!(self, BinaryOp::Lt | BinaryOp::Le | BinaryOp::Gt | BinaryOp::Ge | BinaryOp::Eq | BinaryOp::Ne)
    }

    /// Left and right binding power; left-associative except comparisons, which do
    /// not chain (`a < b < c` is an error, not `(a < b) < c`).
    fn binding_power(self) -> (u8, u8) {
        match self {
            BinaryOp::Or => (2, 3),
            BinaryOp::And => (4, 5),
            op if op.is_comparison() => (8, 9),
            BinaryOp::Add | BinaryOp::Sub => (10, 11),
            _ => (12, 13),
        }
    }
}

/// `not x` binds looser than comparisons (`not a < b` is `not (a < b)`), tighter than `and`.
const NOT_OPERAND_POWER: u8 = 6;
/// `-x` binds tighter than `*`, looser than `.output`.
const NEG_OPERAND_POWER: u8 = 14;

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Expr<'a> {
    pub kind: ExprKind<'a>,
    pub span: Range<usize>,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum ExprKind<'a> {
    Number(f64),
    /// A bare name: a price field, `true`/`false`, an MA-type or choice name in a
    /// parameter, or an indicator called without parentheses.
    Name(&'a str),
    Neg(Box<Expr<'a>>),
    Not(Box<Expr<'a>>),
    Binary(BinaryOp, Box<Expr<'a>>, Box<Expr<'a>>),
    Call {
        name: &'a str,
        name_span: Range<usize>,
        args: Vec<Arg<'a>>,
    },
    /// `target.name`: one output of a multi-output indicator.
    Output {
        target: Box<Expr<'a>>,
        name: &'a str,
        name_span: Range<usize>,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Arg<'a> {
    /// `timeperiod` in `timeperiod=14`.
    pub name: Option<(&'a str, Range<usize>)>,
    pub value: Expr<'a>,
}

/// Parses a whole rule.
pub(crate) fn parse(source: &str) -> Result<Expr<'_>, RuleError> {
    if source.len() > MAX_SOURCE_LEN {
        let message = format!("the rule is {} bytes long; at most {MAX_SOURCE_LEN} are accepted", source.len());
        return Err(RuleError::new(RuleErrorKind::Limit, message, source, MAX_SOURCE_LEN..source.len()));
    }
    let tokens = tokenize(source)?;
    let mut parser = Parser { source, tokens, position: 0 };
    if parser.peek() == &Tok::Eof {
        return Err(parser.error(RuleErrorKind::Syntax, "empty rule; expected an expression such as `rsi(close, 14) < 30`".into()));
    }
    let (expr, _) = parser.expression(0, 0)?;
    match parser.peek() {
        Tok::Eof => Ok(expr),
        Tok::Assign => Err(parser.error(RuleErrorKind::Syntax, "unexpected `=`; compare with `==`".into())),
        other => {
            let message = format!("unexpected {} after a complete expression; join conditions with `and` / `or`", other.describe());
            Err(parser.error(RuleErrorKind::Syntax, message))
        }
    }
}

struct Parser<'a> {
    source: &'a str,
    tokens: Vec<Token<'a>>,
    position: usize,
}

impl<'a> Parser<'a> {
    fn peek(&self) -> &Tok<'a> {
        self.tokens.get(self.position).map_or(&Tok::Eof, |t| &t.tok)
    }

    fn peek_at(&self, ahead: usize) -> &Tok<'a> {
        self.tokens.get(self.position + ahead).map_or(&Tok::Eof, |t| &t.tok)
    }

    fn span(&self) -> Range<usize> {
        self.tokens.get(self.position).map_or(self.source.len()..self.source.len(), |t| t.span.clone())
    }

    fn advance(&mut self) -> Token<'a> {
        let token = self.tokens.get(self.position).cloned().unwrap_or(Token { tok: Tok::Eof, span: self.source.len()..self.source.len() });
        if self.position < self.tokens.len() {
            self.position += 1;
        }
        token
    }

    fn error(&self, kind: RuleErrorKind, message: String) -> RuleError {
        RuleError::new(kind, message, self.source, self.span())
    }

    fn too_deep(&self, span: Range<usize>) -> RuleError {
        RuleError::new(RuleErrorKind::Limit, format!("the rule is nested more than {MAX_DEPTH} levels deep"), self.source, span)
    }

    fn expect(&mut self, wanted: Tok<'static>, context: &str) -> Result<Token<'a>, RuleError> {
        if *self.peek() == wanted {
            Ok(self.advance())
        } else {
            let message = format!("expected `{}` {context}, found {}", wanted.symbol(), self.peek().describe());
            Err(self.error(RuleErrorKind::Syntax, message))
        }
    }

    /// An expression whose operators bind at least `min_power`; returns it with its
    /// height (the tree depth, checked against [`MAX_DEPTH`]).
    fn expression(&mut self, min_power: u8, depth: usize) -> Result<(Expr<'a>, usize), RuleError> {
        if depth >= MAX_DEPTH {
            return Err(self.too_deep(self.span()));
        }
        let (mut lhs, mut height) = self.prefix(depth)?;
        loop {
            if *self.peek() == Tok::Dot {
                self.advance();
                let token = self.advance();
                let Tok::Ident(name) = token.tok else {
                    let message = format!("expected an output name after `.`, found {}", token.tok.describe());
                    return Err(RuleError::new(RuleErrorKind::Syntax, message, self.source, token.span));
                };
                let span = lhs.span.start..token.span.end;
                lhs = Expr { kind: ExprKind::Output { target: Box::new(lhs), name, name_span: token.span }, span };
                height += 1;
            } else if let Some(op) = binary_op(self.peek()) {
                let (left_power, right_power) = op.binding_power();
                if left_power < min_power {
                    break;
                }
                self.advance();
                let (rhs, rhs_height) = self.expression(right_power, depth + 1)?;
                if op.is_comparison() {
                    if let Some(next) = binary_op(self.peek()).filter(|o| o.is_comparison()) {
                        let message =
                            format!("comparisons do not chain: `{}` after `{}`; join them with `and`", next.symbol(), op.symbol());
                        return Err(self.error(RuleErrorKind::Syntax, message));
                    }
                }
                let span = lhs.span.start..rhs.span.end;
                height = height.max(rhs_height) + 1;
                lhs = Expr { kind: ExprKind::Binary(op, Box::new(lhs), Box::new(rhs)), span };
            } else {
                break;
            }
            if height > MAX_DEPTH {
                return Err(self.too_deep(lhs.span.clone()));
            }
        }
        Ok((lhs, height))
    }

    fn prefix(&mut self, depth: usize) -> Result<(Expr<'a>, usize), RuleError> {
        let token = self.advance();
        let span = token.span.clone();
        match token.tok {
            Tok::Number(value) => Ok((Expr { kind: ExprKind::Number(value), span }, 1)),
            Tok::Ident(word) if word.eq_ignore_ascii_case("not") => {
                let (operand, height) = self.expression(NOT_OPERAND_POWER, depth + 1)?;
                let span = span.start..operand.span.end;
                Ok((Expr { kind: ExprKind::Not(Box::new(operand)), span }, height + 1))
            }
            Tok::Ident(word) if is_keyword(word) => {
                let message = format!("expected an expression, found the keyword `{word}`");
                Err(RuleError::new(RuleErrorKind::Syntax, message, self.source, span))
            }
            Tok::Ident(name) if *self.peek() == Tok::LParen => self.call(name, span, depth),
            Tok::Ident(name) => Ok((Expr { kind: ExprKind::Name(name), span }, 1)),
            Tok::Minus => {
                let (operand, height) = self.expression(NEG_OPERAND_POWER, depth + 1)?;
                let span = span.start..operand.span.end;
                Ok((Expr { kind: ExprKind::Neg(Box::new(operand)), span }, height + 1))
            }
            Tok::LParen => {
                let (inner, height) = self.expression(0, depth + 1)?;
                let close = self.expect(Tok::RParen, "to close the parenthesis")?;
                // The span covers the parentheses so errors about the group underline all of it.
                Ok((Expr { kind: inner.kind, span: span.start..close.span.end }, height))
            }
            other => {
                let message = format!("expected an expression, found {}", other.describe());
                Err(RuleError::new(RuleErrorKind::Syntax, message, self.source, span))
            }
        }
    }

    fn call(&mut self, name: &'a str, name_span: Range<usize>, depth: usize) -> Result<(Expr<'a>, usize), RuleError> {
        self.advance(); // (
        let mut args = Vec::new();
        let mut height = 1;
        while *self.peek() != Tok::RParen {
            let arg_name = match (*self.peek(), self.peek_at(1)) {
                (Tok::Ident(arg_name), Tok::Assign) => {
                    let span = self.advance().span;
                    self.advance();
                    Some((arg_name, span))
                }
                _ => None,
            };
            let (value, value_height) = self.expression(0, depth + 1)?;
            height = height.max(value_height + 1);
            args.push(Arg { name: arg_name, value });
            match self.peek() {
                Tok::Comma => {
                    self.advance();
                }
                Tok::RParen => {}
                _ => {
                    let message = format!("expected `,` or `)` in the arguments of `{name}`, found {}", self.peek().describe());
                    return Err(self.error(RuleErrorKind::Syntax, message));
                }
            }
        }
        let close = self.advance();
        if height > MAX_DEPTH {
            return Err(self.too_deep(name_span));
        }
        Ok((Expr { kind: ExprKind::Call { name, name_span: name_span.clone(), args }, span: name_span.start..close.span.end }, height))
    }
}

fn binary_op(tok: &Tok<'_>) -> Option<BinaryOp> {
    Some(match tok {
        Tok::Plus => BinaryOp::Add,
        Tok::Minus => BinaryOp::Sub,
        Tok::Star => BinaryOp::Mul,
        Tok::Slash => BinaryOp::Div,
        Tok::Lt => BinaryOp::Lt,
        Tok::Le => BinaryOp::Le,
        Tok::Gt => BinaryOp::Gt,
        Tok::Ge => BinaryOp::Ge,
        Tok::EqEq => BinaryOp::Eq,
        Tok::Ne => BinaryOp::Ne,
        Tok::Ident(word) if word.eq_ignore_ascii_case("and") => BinaryOp::And,
        Tok::Ident(word) if word.eq_ignore_ascii_case("or") => BinaryOp::Or,
        _ => return None,
    })
}

fn is_keyword(word: &str) -> bool {
    ["and", "or", "not"].iter().any(|k| k.eq_ignore_ascii_case(word))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The tree in prefix notation, to check precedence and associativity.
    fn shape(source: &str) -> String {
        fn walk(e: &Expr<'_>) -> String {
            match &e.kind {
                ExprKind::Number(v) => v.to_string(),
                ExprKind::Name(n) => n.to_string(),
                ExprKind::Neg(x) => format!("(neg {})", walk(x)),
                ExprKind::Not(x) => format!("(not {})", walk(x)),
                ExprKind::Binary(op, a, b) => format!("({} {} {})", op.symbol(), walk(a), walk(b)),
                ExprKind::Call { name, args, .. } => {
                    let args: Vec<String> = args
                        .iter()
                        .map(|a| format!("{}{}", a.name.as_ref().map_or(String::new(), |(n, _)| format!("{n}=")), walk(&a.value)))
                        .collect();
                    format!("{name}[{}]", args.join(" "))
                }
                ExprKind::Output { target, name, .. } => format!("{}.{name}", walk(target)),
            }
        }
        walk(&parse(source).unwrap())
    }

    #[test]
    fn precedence_and_associativity() {
        assert_eq!(shape("1 + 2 * 3 - 4 / 5"), "(- (+ 1 (* 2 3)) (/ 4 5))");
        assert_eq!(shape("a - b - c"), "(- (- a b) c)");
        assert_eq!(shape("-a * b"), "(* (neg a) b)");
        assert_eq!(shape("- -a"), "(neg (neg a))");
        assert_eq!(shape("a < b and c >= d or not e == f"), "(or (and (< a b) (>= c d)) (not (== e f)))");
        assert_eq!(shape("not a and b"), "(and (not a) b)");
        assert_eq!(shape("a or b and c"), "(or a (and b c))");
        assert_eq!(shape("(a or b) and c"), "(and (or a b) c)");
        assert_eq!(shape("A AND B Or NOT c"), "(or (and A B) (not c))");
    }

    #[test]
    fn calls_named_arguments_and_outputs() {
        assert_eq!(shape("crossover(ema(close,12), ema(close, 26))"), "crossover[ema[close 12] ema[close 26]]");
        assert_eq!(shape("rsi(close, timeperiod=14)"), "rsi[close timeperiod=14]");
        assert_eq!(shape("macd(close,12,26,9).macdhist > 0"), "(> macd[close 12 26 9].macdhist 0)");
        assert_eq!(shape("-bbands(close).upper"), "(neg bbands[close].upper)");
        assert_eq!(shape("f()"), "f[]");
        assert_eq!(shape("f(a,)"), "f[a]");
    }

    #[test]
    fn spans_cover_the_source_of_each_node() {
        let source = "rsi(close, 14) < (70)";
        let Expr { kind: ExprKind::Binary(_, lhs, rhs), span } = parse(source).unwrap() else { panic!() };
        assert_eq!(span, 0..source.len());
        assert_eq!(&source[lhs.span.clone()], "rsi(close, 14)");
        assert_eq!(&source[rhs.span.clone()], "(70)");
    }

    #[test]
    fn syntax_errors_point_at_the_token() {
        let err = |s: &str| parse(s).unwrap_err();
        assert_eq!(err("").message(), "empty rule; expected an expression such as `rsi(close, 14) < 30`");
        let e = err("close >");
        assert_eq!((e.message(), e.column()), ("expected an expression, found the end of the rule", 8));
        let e = err("rsi(close 14)");
        assert_eq!((e.message(), e.column()), ("expected `,` or `)` in the arguments of `rsi`, found a number", 11));
        assert_eq!(err("(close").message(), "expected `)` to close the parenthesis, found the end of the rule");
        assert_eq!(err("close close").message(), "unexpected `close` after a complete expression; join conditions with `and` / `or`");
        assert_eq!(err("1 < 2 < 3").message(), "comparisons do not chain: `<` after `<`; join them with `and`");
        assert_eq!(err("close = 3").message(), "unexpected `=`; compare with `==`");
        assert_eq!(err("close and").message(), "expected an expression, found the end of the rule");
        assert_eq!(err("and close").message(), "expected an expression, found the keyword `and`");
        assert_eq!(err("macd(close).").message(), "expected an output name after `.`, found the end of the rule");
        assert_eq!(err("close )").column(), 7);
    }

    #[test]
    fn depth_is_limited_for_nesting_and_for_long_chains() {
        let nested = format!("{}1{}", "(".repeat(5000), ")".repeat(5000));
        assert_eq!(parse(&nested).unwrap_err().kind(), RuleErrorKind::Limit);
        let negated = format!("{}1", "-".repeat(5000));
        assert_eq!(parse(&negated).unwrap_err().kind(), RuleErrorKind::Limit);
        let calls = format!("{}close{}", "sma(".repeat(500), ",2)".repeat(500));
        assert_eq!(parse(&calls).unwrap_err().kind(), RuleErrorKind::Limit);
        let chain = vec!["close"; 2000].join(" + ");
        assert_eq!(parse(&chain).unwrap_err().kind(), RuleErrorKind::Limit);
        let chain = vec!["close > 1"; 60].join(" and ");
        assert!(parse(&chain).is_ok());
        let long = "1+".repeat(MAX_SOURCE_LEN) + "1";
        assert_eq!(parse(&long).unwrap_err().kind(), RuleErrorKind::Limit);
    }
}
