// The reference (grammar, functions, warm-up semantics) lives in README.md next to this
// file so it reads on GitHub too; it is the module's documentation and its examples run
// as doc tests.
#![doc = include_str!("README.md")]

mod compile;
mod error;
mod eval;
mod lexer;
mod parser;
#[cfg(test)]
mod tests;

use std::fmt;

use crate::bar::Bar;
use crate::registry::Mode;

pub use compile::{MAX_STATEFUL, MAX_TOTAL_WINDOW, MAX_WINDOW};
pub use error::{RuleError, RuleErrorKind};
pub use parser::{MAX_DEPTH, MAX_SOURCE_LEN};

/// Whether a rule (or a sub-expression) gives a number or a condition.
///
/// ```
/// use sigil_core::rules::{Rule, ValueKind};
/// assert_eq!(Rule::parse("rsi(close, 14)").unwrap().kind(), ValueKind::Number);
/// assert_eq!(Rule::parse("rsi(close, 14) < 30").unwrap().kind(), ValueKind::Bool);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueKind {
    Number,
    Bool,
}

/// The value of a rule on one bar.
///
/// ```
/// use sigil_core::rules::Value;
/// assert!(Value::Bool(true).as_bool());
/// assert_eq!(Value::Bool(true).as_f64(), 1.0);
/// assert!(!Value::Number(f64::NAN).as_bool());
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Value {
    /// A condition; false also while it is unknown (warm-up).
    Bool(bool),
    /// A number; NaN while it is undefined (warm-up).
    Number(f64),
}

impl Value {
    /// The condition; a number counts as true when it is non-zero and not NaN.
    pub fn as_bool(self) -> bool {
        match self {
            Value::Bool(b) => b,
            Value::Number(x) => x != 0.0 && !x.is_nan(),
        }
    }

    /// The number; a condition is 1 (true) or 0 (false).
    pub fn as_f64(self) -> f64 {
        match self {
            Value::Bool(b) => f64::from(u8::from(b)),
            Value::Number(x) => x,
        }
    }
}

/// A whole series of values from [`Rule::batch`], one per bar.
///
/// ```
/// use sigil_core::Bar;
/// use sigil_core::rules::{Rule, Values};
/// let bars = [Bar::from_price(1.0), Bar::from_price(3.0)];
/// assert_eq!(Rule::parse("close * 2").unwrap().batch(&bars), Values::Numbers(vec![2.0, 6.0]));
/// assert_eq!(Rule::parse("close > 2").unwrap().batch(&bars), Values::Bools(vec![false, true]));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub enum Values {
    Bools(Vec<bool>),
    Numbers(Vec<f64>),
}

/// A compiled rule with its streaming state.
///
/// ```
/// use sigil_core::Bar;
/// use sigil_core::rules::{Rule, Value, ValueKind};
///
/// let mut rule = Rule::parse("crossover(close, sma(close, 3))").unwrap();
/// assert_eq!(rule.kind(), ValueKind::Bool);
/// assert_eq!(rule.lookback(), 3);
/// let bars: Vec<Bar> = [5.0, 4.0, 3.0, 2.0, 6.0, 7.0].iter().map(|&p| Bar::from_price(p)).collect();
/// // sma(close,3) is 4, 3, 11/3, 5 from the third bar: close crosses above it on the fifth.
/// assert_eq!(rule.batch_bool(&bars), [false, false, false, false, true, false]);
///
/// // Streaming gives the same, and peek answers for a forming bar without changing state.
/// rule.reset();
/// for bar in &bars[..4] {
///     rule.update(bar);
/// }
/// assert_eq!(rule.peek(&bars[4]), Value::Bool(true));
/// assert_eq!(rule.update(&bars[4]), Value::Bool(true));
/// ```
pub struct Rule {
    source: String,
    program: compile::Program,
    slots: Vec<f64>,
}

impl Rule {
    /// Parses and compiles a rule with TA-Lib's indicator definitions.
    pub fn parse(source: &str) -> Result<Rule, RuleError> {
        Rule::parse_in(source, Mode::Talib)
    }

    /// Parses and compiles a rule; in [`Mode::TradingView`] indicators TradingView defines
    /// differently use its definitions and defaults.
    ///
    /// ```
    /// use sigil_core::{Bar, Mode};
    /// use sigil_core::rules::Rule;
    /// let rule = Rule::parse_in("rsi(close) > 50", Mode::TradingView).unwrap();
    /// assert_eq!(rule.lookback(), 14);
    /// ```
    pub fn parse_in(source: &str, mode: Mode) -> Result<Rule, RuleError> {
        let expr = parser::parse(source)?;
        let program = compile::compile(source, mode, &expr)?;
        let slots = vec![f64::NAN; program.slot_count];
        Ok(Rule { source: source.to_string(), program, slots })
    }

    /// The text the rule was parsed from.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// Whether the rule gives conditions or numbers.
    pub fn kind(&self) -> ValueKind {
        self.program.kind
    }

    /// Leading bars before every input of the rule is valid (see the module docs).
    pub fn lookback(&self) -> usize {
        self.program.lookback
    }

    /// Consumes a closed bar and returns the rule's value on it.
    pub fn update(&mut self, bar: &Bar) -> Value {
        for node in &mut self.program.nodes {
            node.update(&mut self.slots, bar);
        }
        self.result(&self.slots)
    }

    /// The value the still-forming `bar` would give, without changing any state.
    pub fn peek(&self, bar: &Bar) -> Value {
        // Scratch slots on the stack for the usual small rule: peek runs on every tick.
        let mut small = [f64::NAN; 64];
        let mut large = Vec::new();
        let slots = match small.get_mut(..self.slots.len()) {
            Some(slots) => slots,
            None => {
                large.resize(self.slots.len(), f64::NAN);
                large.as_mut_slice()
            }
        };
        for node in &self.program.nodes {
            node.peek(slots, bar);
        }
        self.result(slots)
    }

    /// Back to the state of a freshly parsed rule.
    pub fn reset(&mut self) {
        for node in &mut self.program.nodes {
            node.reset();
        }
        self.slots.fill(f64::NAN);
    }

    /// The rule over a whole series, from a fresh state; afterwards the rule is in the
    /// state those bars leave, so [`update`](Self::update) can continue with the next one.
    pub fn batch(&mut self, bars: &[Bar]) -> Values {
        self.reset();
        match self.program.kind {
            ValueKind::Bool => Values::Bools(bars.iter().map(|bar| self.update(bar).as_bool()).collect()),
            ValueKind::Number => Values::Numbers(bars.iter().map(|bar| self.update(bar).as_f64()).collect()),
        }
    }

    /// [`batch`](Self::batch) as conditions ([`Value::as_bool`] for a numeric rule).
    pub fn batch_bool(&mut self, bars: &[Bar]) -> Vec<bool> {
        match self.batch(bars) {
            Values::Bools(values) => values,
            Values::Numbers(values) => values.into_iter().map(|x| Value::Number(x).as_bool()).collect(),
        }
    }

    /// [`batch`](Self::batch) as numbers (1 and 0 for a condition).
    pub fn batch_f64(&mut self, bars: &[Bar]) -> Vec<f64> {
        match self.batch(bars) {
            Values::Numbers(values) => values,
            Values::Bools(values) => values.into_iter().map(|b| Value::Bool(b).as_f64()).collect(),
        }
    }

    fn result(&self, slots: &[f64]) -> Value {
        let value = slots.get(self.program.result).copied().unwrap_or(f64::NAN);
        match self.program.kind {
            ValueKind::Bool => Value::Bool(value == eval::TRUE),
            ValueKind::Number => Value::Number(value),
        }
    }
}

impl fmt::Debug for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Rule").field("source", &self.source).field("kind", &self.program.kind).finish_non_exhaustive()
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.source)
    }
}
