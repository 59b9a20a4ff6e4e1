//! The indicators, one file each. Every type offers batch (`batch`), streaming
//! (`update`), `peek` at a forming bar without changing state, and `reset`.
//! Batch runs the same arithmetic as streaming, in the same order, so the two agree
//! to the bit.

mod ema;
mod rsi;
mod sma;

pub use ema::Ema;
pub use rsi::Rsi;
pub use sma::Sma;

use crate::error::Error;

/// Checks an integer period against its range, naming the parameter on failure.
pub(crate) fn check_period(indicator: &'static str, parameter: &'static str, value: usize, min: usize, max: usize) -> Result<(), Error> {
    if (min..=max).contains(&value) {
        Ok(())
    } else {
        Err(Error::InvalidParameter { indicator, parameter, value: value.to_string(), expected: format!("an integer in {min}..={max}") })
    }
}

/// Runs a single-input streaming indicator over a whole column.
pub(crate) fn run_batch(input: &[f64], mut step: impl FnMut(f64) -> f64) -> Vec<f64> {
    input.iter().map(|&x| step(x)).collect()
}
