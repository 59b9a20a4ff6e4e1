//! Rule errors that point into the source: a byte span, its line and column, and a
//! caret excerpt so a user sees where the problem is without counting characters.

use std::fmt;
use std::ops::Range;

/// What went wrong, for callers that branch on it (the message says it for people).
///
/// ```
/// use sigil_core::rules::{Rule, RuleErrorKind};
/// assert_eq!(Rule::parse("close and 3").unwrap_err().kind(), RuleErrorKind::Type);
/// assert_eq!(Rule::parse("rsi(close, 1)").unwrap_err().kind(), RuleErrorKind::Parameter);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleErrorKind {
    /// A character, token or end of input where the grammar does not allow it.
    Syntax,
    /// A name that is neither a price field, a built-in function nor a registry indicator.
    UnknownName,
    /// Too many, too few, duplicate or misnamed arguments.
    Arguments,
    /// A parameter value outside its type or range (the registry's own message).
    Parameter,
    /// A number where a condition is needed or the reverse (`close and 3`).
    Type,
    /// `.name` that is not one of the indicator's outputs.
    UnknownOutput,
    /// The rule is too long, too deeply nested or has too many stateful calls.
    Limit,
}

/// A rule that does not parse, type-check or compile.
///
/// `Display` shows the message, the position and the offending line with carets:
///
/// ```
/// use sigil_core::rules::{Rule, RuleErrorKind};
/// let err = Rule::parse("crossover(emaa(close,12), ema(close,26))").unwrap_err();
/// assert_eq!(err.kind(), RuleErrorKind::UnknownName);
/// assert_eq!(err.column(), 11);
/// assert_eq!(
///     err.to_string(),
///     "unknown indicator `emaa` (did you mean `ema`?) at column 11\n\
///      crossover(emaa(close,12), ema(close,26))\n          ^^^^"
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleError {
    kind: RuleErrorKind,
    message: String,
    span: Range<usize>,
    line: usize,
    column: usize,
    multiline: bool,
    excerpt: String,
    carets: String,
}

/// Excerpts longer than this many characters are cut around the error.
const EXCERPT_WIDTH: usize = 80;

impl RuleError {
    /// An error about `source[span]` (a byte range; clamped to the source and to char
    /// boundaries, so a wrong span gives a wrong caret, never a panic).
    pub(crate) fn new(kind: RuleErrorKind, message: impl Into<String>, source: &str, span: Range<usize>) -> RuleError {
        let start = floor_boundary(source, span.start.min(source.len()));
        let end = floor_boundary(source, span.end.clamp(start, source.len()));
        let line_start = source.get(..start).and_then(|s| s.rfind('\n')).map_or(0, |i| i + 1);
        let line_end = source.get(start..).and_then(|s| s.find('\n')).map_or(source.len(), |i| start + i);
        let line_text = source.get(line_start..line_end).unwrap_or_default();
        let line = source.get(..start).map_or(0, |s| s.matches('\n').count()) + 1;
        let column = source.get(line_start..start).map_or(0, |s| s.chars().count()) + 1;
        let width = source.get(start..end.min(line_end)).map_or(0, |s| s.chars().count()).max(1);

        // One printable char per source char keeps the carets aligned.
        let chars: Vec<char> = line_text.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
        let (mut from, mut to) = (0, chars.len());
        if chars.len() > EXCERPT_WIDTH {
            from = (column - 1).saturating_sub(EXCERPT_WIDTH / 2);
            to = (from + EXCERPT_WIDTH).min(chars.len());
        }
        let mut excerpt: String = chars.get(from..to).unwrap_or_default().iter().collect();
        let mut offset = column - 1 - from;
        if from > 0 {
            excerpt.insert_str(0, "...");
            offset += 3;
        }
        if to < chars.len() {
            excerpt.push_str("...");
        }
        let carets = format!("{}{}", " ".repeat(offset), "^".repeat(width.min(EXCERPT_WIDTH)));
        RuleError {
            kind,
            message: message.into(),
            span: start..end,
            line,
            column,
            multiline: source.contains('\n'),
            excerpt: excerpt.trim_end().to_string(),
            carets,
        }
    }

    pub fn kind(&self) -> RuleErrorKind {
        self.kind
    }

    /// The message alone, without position or excerpt.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The byte range of the source the error is about (empty at the end of input).
    pub fn span(&self) -> Range<usize> {
        self.span.clone()
    }

    /// 1-based line of the error's start.
    pub fn line(&self) -> usize {
        self.line
    }

    /// 1-based column of the error's start, in characters.
    pub fn column(&self) -> usize {
        self.column
    }
}

fn floor_boundary(source: &str, mut index: usize) -> usize {
    while index > 0 && !source.is_char_boundary(index) {
        index -= 1;
    }
    index
}

impl fmt::Display for RuleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.multiline {
            write!(f, "{} at line {}, column {}", self.message, self.line, self.column)?;
        } else {
            write!(f, "{} at column {}", self.message, self.column)?;
        }
        write!(f, "\n{}\n{}", self.excerpt, self.carets)
    }
}

impl std::error::Error for RuleError {}
