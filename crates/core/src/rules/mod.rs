//! A streaming rule language over bars and the indicator registry:
//!
//! ```text
//! crossover(ema(close,12), ema(close,26)) and rsi(close,14) < 70
//! ```
//!
//! A rule is parsed once, type-checked (number vs condition), and compiled into a
//! flat list of nodes evaluated in order on every bar; each indicator is instantiated
//! once through the [`registry`](crate::registry), and identical sub-expressions are
//! computed once. [`Rule::update`] costs one pass over that list, O(1) per node except
//! the window built-ins (O(n) for a window of n bars).
//!
//! # Grammar
//!
//! ```text
//! rule       = or ;
//! or         = and { "or" and } ;
//! and        = not { "and" not } ;
//! not        = "not" not | comparison ;
//! comparison = sum [ ( "<" | "<=" | ">" | ">=" | "==" | "!=" ) sum ] ;   (* no chaining *)
//! sum        = product { ( "+" | "-" ) product } ;
//! product    = unary { ( "*" | "/" ) unary } ;
//! unary      = "-" unary | postfix ;
//! postfix    = primary { "." name } ;                                  (* output selection *)
//! primary    = number | name | call | "(" or ")" ;
//! call       = name "(" [ argument { "," argument } [ "," ] ] ")" ;
//! argument   = [ name "=" ] or ;
//! number     = digits [ "." digits ] [ ( "e" | "E" ) [ "+" | "-" ] digits ] | "." digits ;
//! name       = ( letter | "_" ) { letter | digit | "_" } ;
//! ```
//!
//! Keywords (`and`, `or`, `not`, `true`, `false`), field and function names are
//! case-insensitive.
//!
//! # Names
//!
//! - Price fields: `open`, `high`, `low`, `close`, `volume`, `hl2` = (high+low)/2,
//!   `hlc3` = (high+low+close)/3, `ohlc4` = (open+high+low+close)/4. `true`, `false`.
//! - Built-ins (`n` is an integer literal up to 100000):
//!   - `prev(x, n)`: `x` n bars ago (`prev(x, 0)` is `x`); a number or a condition.
//!   - `crossover(a, b)`: `a > b` on this bar and `a <= b` on the previous one;
//!     `crossunder(a, b)`: `a < b` now and `a >= b` before.
//!   - `rising(x, n)` / `falling(x, n)`: `x` above (below) each of its previous `n` values
//!     (TradingView's `ta.rising` / `ta.falling`).
//!   - `highest(x, n)` / `lowest(x, n)`: the extreme of the last `n` values, this bar included.
//!   - `bars_since(cond)`: bars since `cond` was last true (0 on a bar where it is true).
//! - Every registry indicator by its name (`sigil list`), with positional or named
//!   parameters in the registry's order; omitted trailing parameters take the defaults;
//!   MA types and choices by name (`ma(close, 20, matype=ema)`).
//!   - An indicator with a single input column takes a series first, any numeric
//!     expression: `rsi(close, 14)`, `sma(rsi(close, 14), 5)`, `ema(hl2, 10)`.
//!   - An indicator that reads several columns (`atr`, `stoch`, `adx`, `obv`, ...) reads
//!     them from the bar and takes only its parameters: `atr(14)`, `stoch()`; without
//!     arguments the parentheses may be left out (`obv`).
//!   - Several outputs: `macd(close,12,26,9).macdhist`. An output may be named by a
//!     unique prefix or suffix (`.hist`, `.signal`, `bbands(close).upper`); without a
//!     selection the first output is used.
//!
//! # Types
//!
//! Every expression is a number or a condition. Arithmetic and `<`, `<=`, `>`, `>=`
//! take numbers; `and`, `or`, `not` take conditions; `==`/`!=` take two of a kind.
//! A mismatch (`close and 3`) is an error at parse time, not at run time.
//!
//! # Warm-up and NaN
//!
//! - Numbers are f64; an indicator gives NaN during its warm-up, division by zero
//!   gives ±inf or NaN, as IEEE 754 says.
//! - A comparison with a NaN operand is *unknown*, not false; `and`, `or`, `not` follow
//!   three-valued (Kleene) logic: `false and unknown` is false, `true or unknown` is true,
//!   `not unknown` is unknown. So `not (rsi(close,14) < 70)` is not true during warm-up.
//!   [`Value::Bool`] reports unknown as `false`.
//! - `crossover`/`crossunder` need both operands valid (not NaN) on two consecutive bars.
//! - `rising`, `falling`, `highest`, `lowest` are NaN/unknown until the window is full of
//!   valid values; `prev(x, n)` is NaN for the first `n` bars.
//! - An indicator fed a series skips bars where the series is NaN or infinite (its
//!   output is NaN there and its state is unchanged), so `sma(rsi(close,14),5)` starts
//!   five valid RSI values after the RSI's own warm-up rather than staying NaN forever.
//! - [`Rule::lookback`] is the warm-up in bars: how many leading bars pass before every
//!   input of the rule is valid (a conclusive `false and ...` may come earlier).
//!
//! # Limits
//!
//! At most [`MAX_SOURCE_LEN`] bytes, [`MAX_DEPTH`] levels of nesting (so the parser
//! cannot overflow wasm's small stack), [`MAX_STATEFUL`] indicator and window calls
//! whose windows add up to at most [`MAX_TOTAL_WINDOW`] bars (memory).
//! Invalid input gives a [`RuleError`], never a panic.

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
