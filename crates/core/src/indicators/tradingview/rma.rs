use super::same_formula;
use crate::indicators::{timeperiod, Rma};
use crate::registry::Variant;

// Pine's ta.rma is TA-Lib 0.8.1's RMA (SMA seed of the first n, then alpha = 1/n); only
// the default differs. (TradingView's separate "Smoothed Moving Average" script is the
// same recursion.)
pub(crate) static VARIANT: Variant = same_formula!(
    "rma",
    &[timeperiod(14, Rma::MIN_PERIOD, Rma::MAX_PERIOD)],
    "Pine ta.rma is the same formula as TA-Lib RMA (SMA seed, alpha = 1/n); default period 14 (TA-Lib 30)."
);

#[cfg(test)]
mod tests {
    #[test]
    fn defaults_only() {
        super::super::test_support::assert_defaults_only("rma", "rma:14");
    }
}
