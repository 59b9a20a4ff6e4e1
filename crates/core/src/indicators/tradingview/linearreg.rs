use super::same_formula;
use crate::indicators::{timeperiod, LinearReg};
use crate::registry::Variant;

// TradingView's "Least Squares Moving Average" is ta.linreg(close, length, 0): the
// regression line's value at the current bar, which is TA-Lib's LINEARREG.
pub(crate) static VARIANT: Variant = same_formula!(
    "linearreg",
    &[timeperiod(25, LinearReg::MIN_PERIOD, LinearReg::MAX_PERIOD)],
    "TradingView's LSMA (ta.linreg, offset 0): default period 25 (TA-Lib 14); same formula."
);

#[cfg(test)]
mod tests {
    #[test]
    fn defaults_only() {
        super::super::test_support::assert_defaults_only("linearreg", "linearreg:25");
    }
}
