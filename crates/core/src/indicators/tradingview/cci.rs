use super::same_formula;
use crate::indicators::{timeperiod, Cci};
use crate::registry::Variant;

pub(crate) static VARIANT: Variant = same_formula!(
    "cci",
    &[timeperiod(20, Cci::MIN_PERIOD, Cci::MAX_PERIOD)],
    "TradingView default period 20 (TA-Lib 14); same formula (typical price, SMA, mean deviation)."
);

#[cfg(test)]
mod tests {
    #[test]
    fn defaults_only() {
        super::super::test_support::assert_defaults_only("cci", "cci:20");
    }
}
