//! Sigil core: technical indicators with TA-Lib 0.8.1 numeric parity, O(1) streaming,
//! and `peek` for the still-forming bar. Pure Rust, no IO; the CLI, the npm package
//! and the edge worker are thin shells over this crate.
//!
//! Two ways in:
//! - typed indicators ([`indicators::Sma`], [`indicators::Ema`], [`indicators::Rsi`]) for Rust users;
//! - the [`registry`] and the spec grammar ([`Spec`]: `rsi:14`, `ema:20,sma:50`), which every
//!   binding uses so that a spec means the same thing in the CLI, in JS, in a worker query
//!   and in a chart attribute.
//!
//! ```
//! use sigil_core::{Spec, Series};
//! let close: Vec<f64> = (1..=30).map(f64::from).collect();
//! let spec = Spec::parse("sma:5").unwrap();
//! let out = spec.compute(&Series::from_close(&close)).unwrap();
//! assert!(out[0][3].is_nan());
//! assert_eq!(out[0][4], 3.0);
//! ```

// The slim build (no `full` feature) registers a subset; the rest is then unused.
#![cfg_attr(not(feature = "full"), allow(dead_code, unused_imports))]

/// An indicator's dedicated batch kernel (`IndicatorDef::batch`). The `compact` feature
/// leaves these out and computes batch through the indicator's streaming code instead
/// (`registry::run_batch`): each indicator then ships one code path instead of two, for
/// the npm package's and the worker's size. The headline indicators (the moving
/// averages, RSI, MACD, BBANDS, ATR, STOCH) write `Some(kernel)` instead, so every build
/// keeps their speed; so do the windowed extremes run on one shared block scan (MAX,
/// MIN, MINMAX, MIDPOINT, MIDPRICE, WILLR, DONCHIAN: measured in wasm 3-5x faster than
/// through their streaming code, for 6 KB of the full package's gzip size).
#[cfg(not(feature = "compact"))]
macro_rules! kernel {
    ($kernel:expr) => {
        Some($kernel)
    };
}
/// See the other `kernel!`. The closure is still type-checked (so nothing it alone uses
/// looks dead), but it is not stored, so it is never compiled into the module.
#[cfg(feature = "compact")]
macro_rules! kernel {
    ($kernel:expr) => {{
        let _type_checked_only: $crate::registry::BatchFn = $kernel;
        None
    }};
}

pub mod backtest;
pub mod bar;
mod decimal;
pub mod error;
pub mod indicators;
#[doc(hidden)]
pub mod interop_ta;
pub mod registry;
pub mod risk;
pub mod rules;
pub mod signals;
pub mod spec;

pub use bar::{Bar, Input, Series};
pub use decimal::Decimal;
pub use error::Error;
pub use registry::{IndicatorDef, Mode, ParamDef, ParamKind, Streaming, Variant};
pub use spec::{column_names, distinct, Spec, StreamingSpec, MA_TYPES};
