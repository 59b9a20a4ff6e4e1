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
    /// Up to this period `batch` counts each window afresh, O(period) a bar but without
    /// branches; longer, it keeps the window sorted as `update` does.
    const COUNTED_PERIOD: usize = 512;

    pub fn new(period: usize) -> Result<PercentRank, Error> {
        check_period(Self::NAME, "timeperiod", period, Self::MIN_PERIOD, Self::MAX_PERIOD)?;
        Ok(PercentRank { period, window: SortedWindow::new(period) })
    }

    pub fn lookback(period: usize) -> usize {
        period
    }

    pub fn batch(input: &[f64], period: usize) -> Result<Vec<f64>, Error> {
        let mut indicator = PercentRank::new(period)?;
        if period > Self::COUNTED_PERIOD {
            return Ok(run_batch(input, |x| indicator.update(x)));
        }
        // TA-Lib's way: count the previous `period` inputs below each one. Unlike the
        // sorted window's binary search this has no unpredictable branch and it
        // vectorizes; IEEE `<` counts NaN as `count_below` does (never below, nothing
        // below it).
        let mut out = Vec::with_capacity(input.len());
        out.resize(period.min(input.len()), f64::NAN);
        out.extend(input.windows(period + 1).map(|bars| {
            let (&x, previous) = bars.split_last().unwrap_or((&f64::NAN, &[]));
            let below = previous.iter().fold(0usize, |count, &v| count + usize::from(v < x));
            below as f64 / period as f64 * 100.0
        }));
        Ok(out)
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
    use crate::indicators::math::block::tests::test_series;

    /// The counting kernel and the sorted fallback (periods past `COUNTED_PERIOD`)
    /// against `update` on every length, with NaN of both signs, infinities, signed
    /// zeros, ties and flat stretches.
    #[test]
    fn batch_is_updates_bit_for_bit() {
        for period in [2, 3, 5, 8, 30, PercentRank::COUNTED_PERIOD, PercentRank::COUNTED_PERIOD + 1] {
            let len = (period + 40).min(3 * period + 20);
            let mut series = test_series(len, period as u64);
            series.push(("tiny", (0..len as u64).map(|i| ((i * 7919) % 13) as f64 * 1e-300).collect()));
            for (kind, values) in series {
                let lengths: Vec<usize> = if period > 64 { vec![0, period - 1, period, period + 1, len] } else { (0..=len).collect() };
                for len in lengths {
                    let values = &values[..len];
                    let mut rank = PercentRank::new(period).unwrap();
                    let updates: Vec<f64> = values.iter().map(|&x| rank.update(x)).collect();
                    let batch = PercentRank::batch(values, period).unwrap();
                    assert_eq!(batch.len(), len);
                    for (t, (a, b)) in batch.iter().zip(&updates).enumerate() {
                        assert_eq!(a.to_bits(), b.to_bits(), "{kind} period {period} len {len} bar {t}: {a} vs {b}");
                    }
                }
            }
        }
    }

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
