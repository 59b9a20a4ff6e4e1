//! Typed errors. Bindings turn these into exceptions, exit codes or HTTP 400s; nothing
//! in the core panics on user input.

use std::fmt;

#[derive(Debug, Clone, PartialEq)]
pub enum Error {
    /// The spec (or one entry of a spec list) is empty.
    EmptySpec,
    /// No indicator of that name is registered.
    UnknownIndicator { name: String, suggestion: Option<&'static str> },
    /// More arguments than the indicator has parameters.
    TooManyArguments { indicator: &'static str, given: usize, max: usize },
    /// A parameter value outside its type or range.
    InvalidParameter { indicator: &'static str, parameter: &'static str, value: String, expected: String },
    /// A mode other than `talib` or `tradingview`.
    UnknownMode { mode: String },
    /// The same indicator with the same parameters twice in one list: its columns would
    /// share a name, and an object or JSON result would silently keep only one.
    DuplicateSpec { spec: String },
    /// A column the indicator reads is absent or of a different length than the others.
    MissingInput { indicator: &'static str, input: &'static str, expected_len: usize, found_len: usize },
    /// Data that a backtest, risk or signal computation cannot use (bars out of time
    /// order, a condition series of the wrong length, a stop on the wrong side of the entry).
    InvalidInput { context: &'static str, reason: String },
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::EmptySpec => write!(f, "empty indicator spec (expected name[:arg[:arg...]], e.g. rsi:14)"),
            Error::UnknownIndicator { name, suggestion } => {
                write!(f, "unknown indicator '{name}'")?;
                if let Some(s) = suggestion {
                    write!(f, " (did you mean '{s}'?)")?;
                }
                write!(f, "; `sigil list` shows the available ones")
            }
            Error::TooManyArguments { indicator, given, max } => {
                write!(f, "{indicator}: {given} arguments given, it takes at most {max}")
            }
            Error::InvalidParameter { indicator, parameter, value, expected } => {
                write!(f, "{indicator}: parameter {parameter} = '{value}' is invalid; expected {expected}")
            }
            Error::UnknownMode { mode } => write!(f, "unknown mode '{mode}' (expected talib or tradingview)"),
            Error::DuplicateSpec { spec } => {
                write!(f, "{spec} is listed more than once (an indicator may appear once per list with the same parameters)")
            }
            Error::MissingInput { indicator, input, expected_len, found_len } => {
                if *found_len == 0 {
                    write!(f, "{indicator}: needs the '{input}' column, which is missing")
                } else {
                    write!(f, "{indicator}: column '{input}' has {found_len} rows, the other columns have {expected_len}")
                }
            }
            Error::InvalidInput { context, reason } => write!(f, "{context}: {reason}"),
        }
    }
}

impl std::error::Error for Error {}
