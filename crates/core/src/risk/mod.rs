//! Risk: how much to buy, where the protective stop and the take-profit sit, and what
//! trading costs. Everything here is plain arithmetic on numbers the caller passes in,
//! so it serves the [`crate::backtest`] engine and a live order ticket alike.
//!
//! ```
//! use sigil_core::risk::{position_size, Side, SizingLimits};
//! // 10 000 equity, risk 1 %, buy at 100 with a stop at 95: lose at most 100 if stopped.
//! let qty = position_size(10_000.0, 1.0, 100.0, 95.0, Side::Long, SizingLimits::default()).unwrap();
//! assert_eq!(qty, 20.0);
//! ```

mod costs;
mod sizing;
mod stops;
#[cfg(test)]
mod tests;

pub use costs::{FeeModel, Slippage};
pub(crate) use sizing::max_quantity as sizing_max_quantity;
pub use sizing::{position_size, take_profit_price, Side, SizingLimits};
pub use stops::{ChandelierStop, StopRule};

use crate::error::Error;

/// A finite number passing `ok`, or `InvalidParameter` naming it and `expected`.
pub(crate) fn check(context: &'static str, parameter: &'static str, value: f64, ok: bool, expected: &str) -> Result<(), Error> {
    if value.is_finite() && ok {
        Ok(())
    } else {
        Err(Error::InvalidParameter {
            indicator: context,
            parameter,
            value: crate::Decimal(value).to_string(),
            expected: expected.to_string(),
        })
    }
}
