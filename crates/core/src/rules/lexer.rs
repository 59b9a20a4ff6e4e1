//! Splits a rule into tokens with their byte spans.

use std::ops::Range;

use super::error::{RuleError, RuleErrorKind};

#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Tok<'a> {
    /// A finite non-negative literal; its source text is kept in the token's span so
    /// parameters can be validated from what the user wrote.
    Number(f64),
    Ident(&'a str),
    LParen,
    RParen,
    Comma,
    Dot,
    /// `=` in a named argument (`timeperiod=14`).
    Assign,
    Plus,
    Minus,
    Star,
    Slash,
    Lt,
    Le,
    Gt,
    Ge,
    EqEq,
    Ne,
    Eof,
}

impl Tok<'_> {
    /// How the token is named in "expected ..., found ..." messages.
    pub(crate) fn describe(&self) -> String {
        match self {
            Tok::Number(_) => "a number".to_string(),
            Tok::Ident(name) => format!("`{name}`"),
            Tok::Eof => "the end of the rule".to_string(),
            other => format!("`{}`", other.symbol()),
        }
    }

    pub(crate) fn symbol(&self) -> &'static str {
        match self {
            Tok::LParen => "(",
            Tok::RParen => ")",
            Tok::Comma => ",",
            Tok::Dot => ".",
            Tok::Assign => "=",
            Tok::Plus => "+",
            Tok::Minus => "-",
            Tok::Star => "*",
            Tok::Slash => "/",
            Tok::Lt => "<",
            Tok::Le => "<=",
            Tok::Gt => ">",
            Tok::Ge => ">=",
            Tok::EqEq => "==",
            Tok::Ne => "!=",
            Tok::Number(_) | Tok::Ident(_) | Tok::Eof => "",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Token<'a> {
    pub tok: Tok<'a>,
    pub span: Range<usize>,
}

/// The tokens of `source`, ending with [`Tok::Eof`].
pub(crate) fn tokenize(source: &str) -> Result<Vec<Token<'_>>, RuleError> {
    let bytes = source.as_bytes();
    let mut tokens = Vec::new();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let start = i;
        let simple = |tok, len| (tok, start + len);
        let (tok, end) = match b {
            b' ' | b'\t' | b'\n' | b'\r' => {
                i += 1;
                continue;
            }
            b'0'..=b'9' | b'.' if b != b'.' || bytes.get(i + 1).is_some_and(u8::is_ascii_digit) => {
                let end = number_end(bytes, i);
                let text = source.get(start..end).unwrap_or_default();
                match text.parse::<f64>() {
                    Ok(value) if value.is_finite() => (Tok::Number(value), end),
                    _ => return Err(RuleError::new(RuleErrorKind::Syntax, format!("number `{text}` is out of range"), source, start..end)),
                }
            }
            b'a'..=b'z' | b'A'..=b'Z' | b'_' => {
                let end =
                    start + bytes.get(start..).unwrap_or_default().iter().take_while(|c| c.is_ascii_alphanumeric() || **c == b'_').count();
                (Tok::Ident(source.get(start..end).unwrap_or_default()), end)
            }
            b'(' => simple(Tok::LParen, 1),
            b')' => simple(Tok::RParen, 1),
            b',' => simple(Tok::Comma, 1),
            b'.' => simple(Tok::Dot, 1),
            b'+' => simple(Tok::Plus, 1),
            b'-' => simple(Tok::Minus, 1),
            b'*' => simple(Tok::Star, 1),
            b'/' => simple(Tok::Slash, 1),
            b'<' if bytes.get(i + 1) == Some(&b'=') => simple(Tok::Le, 2),
            b'<' => simple(Tok::Lt, 1),
            b'>' if bytes.get(i + 1) == Some(&b'=') => simple(Tok::Ge, 2),
            b'>' => simple(Tok::Gt, 1),
            b'=' if bytes.get(i + 1) == Some(&b'=') => simple(Tok::EqEq, 2),
            b'=' => simple(Tok::Assign, 1),
            b'!' if bytes.get(i + 1) == Some(&b'=') => simple(Tok::Ne, 2),
            _ => return Err(unexpected_char(source, start)),
        };
        tokens.push(Token { tok, span: start..end });
        i = end;
    }
    tokens.push(Token { tok: Tok::Eof, span: source.len()..source.len() });
    Ok(tokens)
}

/// Digits, an optional fraction and an optional exponent (`12`, `0.5`, `.5`, `1e-3`).
fn number_end(bytes: &[u8], start: usize) -> usize {
    let digits = |from: usize| from + bytes.get(from..).unwrap_or_default().iter().take_while(|c| c.is_ascii_digit()).count();
    let mut end = digits(start);
    if bytes.get(end) == Some(&b'.') && bytes.get(end + 1).is_some_and(u8::is_ascii_digit) {
        end = digits(end + 1);
    }
    if matches!(bytes.get(end), Some(b'e' | b'E')) {
        let sign = usize::from(matches!(bytes.get(end + 1), Some(b'+' | b'-')));
        if bytes.get(end + 1 + sign).is_some_and(u8::is_ascii_digit) {
            end = digits(end + 1 + sign);
        }
    }
    end
}

fn unexpected_char(source: &str, start: usize) -> RuleError {
    let c = source.get(start..).and_then(|s| s.chars().next()).unwrap_or('?');
    let hint = match c {
        '&' => "; write `and`",
        '|' => "; write `or`",
        '!' => "; write `not`",
        '^' => "; there is no power operator",
        _ => "",
    };
    RuleError::new(RuleErrorKind::Syntax, format!("unexpected character `{}`{hint}", c.escape_debug()), source, start..start + c.len_utf8())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(source: &str) -> Vec<Tok<'_>> {
        tokenize(source).unwrap().into_iter().map(|t| t.tok).collect()
    }

    #[test]
    fn numbers_identifiers_and_operators() {
        assert_eq!(
            toks("rsi(close,14)<=70.5"),
            [
                Tok::Ident("rsi"),
                Tok::LParen,
                Tok::Ident("close"),
                Tok::Comma,
                Tok::Number(14.0),
                Tok::RParen,
                Tok::Le,
                Tok::Number(70.5),
                Tok::Eof
            ]
        );
        assert_eq!(
            toks(".5 1e3 2E-2 3e"),
            [Tok::Number(0.5), Tok::Number(1000.0), Tok::Number(0.02), Tok::Number(3.0), Tok::Ident("e"), Tok::Eof]
        );
        assert_eq!(
            toks("a==b!=c=d"),
            [Tok::Ident("a"), Tok::EqEq, Tok::Ident("b"), Tok::Ne, Tok::Ident("c"), Tok::Assign, Tok::Ident("d"), Tok::Eof]
        );
        assert_eq!(toks("m(x).hist"), [Tok::Ident("m"), Tok::LParen, Tok::Ident("x"), Tok::RParen, Tok::Dot, Tok::Ident("hist"), Tok::Eof]);
    }

    #[test]
    fn spans_are_byte_ranges() {
        let tokens = tokenize("  ema( close )").unwrap();
        assert_eq!(tokens[0].span, 2..5);
        assert_eq!(tokens[2].span, 7..12);
        assert_eq!(tokens.last().unwrap().span, 14..14);
    }

    #[test]
    fn bad_characters_and_numbers_are_errors() {
        let err = tokenize("close && open").unwrap_err();
        assert_eq!((err.column(), err.message()), (7, "unexpected character `&`; write `and`"));
        assert!(tokenize("1e999").unwrap_err().message().contains("out of range"));
        assert_eq!(tokenize("close > é").unwrap_err().span(), 8..10);
    }
}
