use super::same_formula;
use crate::indicators::{timeperiod, Vwma};
use crate::registry::Variant;

pub(crate) static VARIANT: Variant = same_formula!(
    "vwma",
    &[timeperiod(20, Vwma::MIN_PERIOD, Vwma::MAX_PERIOD)],
    "TradingView default period 20 (TA-Lib 30); same formula."
);

#[cfg(test)]
mod tests {
    #[test]
    fn defaults_only() {
        super::super::test_support::assert_defaults_only("vwma", "vwma:20");
    }
}
