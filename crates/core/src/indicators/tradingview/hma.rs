use super::same_formula;
use crate::indicators::{timeperiod, Hma};
use crate::registry::Variant;

pub(crate) static VARIANT: Variant =
    same_formula!("hma", &[timeperiod(9, Hma::MIN_PERIOD, Hma::MAX_PERIOD)], "TradingView default period 9 (TA-Lib 20); same formula.");

#[cfg(test)]
mod tests {
    #[test]
    fn defaults_only() {
        super::super::test_support::assert_defaults_only("hma", "hma:9");
    }
}
