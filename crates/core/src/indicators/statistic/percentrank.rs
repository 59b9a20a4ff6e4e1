use super::sorted::SortedWindow;
use crate::bar::Input;
use crate::error::Error;
use crate::indicators::{check_period, first, int_param, on_input, run_batch, single_series, timeperiod};
use crate::registry::IndicatorDef;

/// Percent rank (TA-Lib `PERCENTRANK`): the share, in percent, of the `period` inputs
/// before the current one that are strictly below it (`count / period * 100`, TA-Lib's
/// operation order). The current input is not part of its own comparison set, so the
/// first value is at index `period`.
///
/// Streaming cost: the previous `period` inputs are kept sorted, so a bar costs a binary
/// search to count plus moving up to `period` values in memory to slide the window (one
/// `memmove`, no allocation). TA-Lib rescans the window, O(period) comparisons per bar.
///
/// ```
/// use sigil_core::indicators::PercentRank;
/// let mut rank = PercentRank::new(4).unwrap();
/// for x in [3.0, 1.0, 4.0, 1.0] {
///     assert!(rank.update(x).is_nan());
/// }
/// assert_eq!(rank.update(3.5), 75.0); // above 3, 1 and 1, not above 4
/// assert_eq!(rank.peek(0.0), 0.0);
/// ```
#[derive(Debug, Clone)]
pub struct PercentRank {
    period: usize,
    /// The previous `period` inputs.
    window: SortedWindow,
}

impl PercentRank {
    pub const NAME: &'static str = "percentrank";
    pub const DEFAULT_PERIOD: usize = 100;
    pub const MIN_PERIOD: usize = 2;
    pub const MAX_PERIOD: usize = 100_000;

    pub fn new(period: usize) -> Result<PercentRank, Error> {
        check_period(Self::NAME, "timeperiod", period, Self::MIN_PERIOD, Self::MAX_PERIOD)?;
        Ok(PercentRank { period, window: SortedWindow::new(period) })
    }

    pub fn lookback(period: usize) -> usize {
        period
    }

    pub fn batch(input: &[f64], period: usize) -> Result<Vec<f64>, Error> {
        let mut indicator = PercentRank::new(period)?;
        Ok(run_batch(input, |x| indicator.update(x)))
    }

    #[inline]
    pub fn update(&mut self, x: f64) -> f64 {
        let value = self.peek(x);
        self.window.push(x);
        value
    }

    #[inline]
    pub fn peek(&self, x: f64) -> f64 {
        if !self.window.is_full() {
            return f64::NAN;
        }
        self.window.count_below(x) as f64 / self.period as f64 * 100.0
    }

    pub fn reset(&mut self) {
        self.window.clear();
    }
}

single_series!(PercentRank);

pub(crate) static DEF: IndicatorDef = IndicatorDef {
    name: PercentRank::NAME,
    title: "Percent Rank",
    group: "Statistic Functions",
    inputs: &[Input::Close],
    params: &[timeperiod(PercentRank::DEFAULT_PERIOD, PercentRank::MIN_PERIOD, PercentRank::MAX_PERIOD)],
    outputs: &["real"],
    overlay: false,
    lookback: |p| PercentRank::lookback(int_param(p, 0).max(PercentRank::MIN_PERIOD)),
    batch: kernel!(|p, columns| Ok(vec![PercentRank::batch(first(columns), int_param(p, 0))?])),
    stream: |p| Ok(on_input(Input::Close, PercentRank::new(int_param(p, 0))?)),
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edge_cases() {
        let flat = PercentRank::batch(&[2.0; 10], 3).unwrap();
        assert!(flat[..3].iter().all(|v| v.is_nan()) && flat[3..].iter().all(|&v| v == 0.0));
        let tiny: Vec<f64> = (0..10).map(|i| 1e-12 * f64::from(i)).collect();
        assert!(PercentRank::batch(&tiny, 4).unwrap()[4..].iter().all(|&v| v == 100.0));
        assert!(PercentRank::batch(&[1.0, f64::NAN, 0.5, 2.0, f64::NAN], 2).is_ok());
        assert!(PercentRank::new(1).is_err());
    }
}
