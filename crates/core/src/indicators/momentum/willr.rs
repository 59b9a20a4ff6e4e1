use super::bar_streaming;
use crate::bar::Input;
use crate::error::Error;
use crate::indicators::math::block::{block_ranges, mask_nan_windows};
use crate::indicators::window::{Extreme, RollingExtreme, Ties};
use crate::indicators::{check_period, int_param, timeperiod};
use crate::registry::IndicatorDef;

/// Williams' %R (TA-Lib `WILLR`): where the close sits in the range of the last
/// `period` bars, from 0 (at the highest high) to -100 (at the lowest low).
///
/// First value at index `period - 1`. As in TA-Lib, a range that is zero relative to
/// the prices (`|high - low| <= 1e-14 * (|high| + |low|)`, so any price scale works)
/// gives 0, and a close outside the range is clamped to 0..=-100. Amortized O(1) per
/// bar (monotonic deques). Batch takes the range from block extremes instead (the same
/// values; see [`Willr::batch`]).
///
/// ```
/// use sigil_core::{Bar, Spec};
/// let mut willr = Spec::parse("willr:2").unwrap().stream().unwrap();
/// let bar = |high, low, close| Bar { high, low, close, ..Bar::default() };
/// willr.update(&bar(10.0, 8.0, 9.0));
/// assert_eq!(willr.update(&bar(12.0, 9.0, 11.0)), [-25.0]); // 1 below the high of a 4 range
/// assert_eq!(willr.peek(&bar(12.0, 12.0, 12.0)), [0.0]); // closing at the window high
/// ```
#[derive(Debug, Clone)]
pub struct Willr {
    period: usize,
    highs: RollingExtreme,
    lows: RollingExtreme,
}

impl Willr {
    pub const NAME: &'static str = "willr";
    pub const DEFAULT_PERIOD: usize = 14;
    pub const MIN_PERIOD: usize = 2;
    pub const MAX_PERIOD: usize = 100_000;

    pub fn new(period: usize) -> Result<Willr, Error> {
        check_period(Self::NAME, "timeperiod", period, Self::MIN_PERIOD, Self::MAX_PERIOD)?;
        Ok(Willr {
            period,
            highs: RollingExtreme::new(period, Extreme::Max, Ties::Latest),
            lows: RollingExtreme::new(period, Extreme::Min, Ties::Latest),
        })
    }

    /// Bars before the first value.
    pub fn lookback(period: usize) -> usize {
        period.saturating_sub(1)
    }

    /// The values of [`update`](Self::update) bar after bar (a window holding both 0 and
    /// -0 may pick the other zero), one per row of the shortest column. The range comes
    /// from TA-Lib's block scan (prefix and suffix extremes of `period`-bar blocks: a
    /// few selects per bar and no data-dependent branch, where the deques pop a
    /// data-dependent number of times); windows holding a NaN high or low, where that
    /// scan and the deques' NaN policy part ways, are set to NaN afterwards.
    pub fn batch(high: &[f64], low: &[f64], close: &[f64], period: usize) -> Result<Vec<f64>, Error> {
        check_period(Self::NAME, "timeperiod", period, Self::MIN_PERIOD, Self::MAX_PERIOD)?;
        let rows = high.len().min(low.len()).min(close.len());
        let (high, low, close) = (&high[..rows], &low[..rows], &close[..rows]);
        let mut out = Vec::with_capacity(rows);
        // The first `period - 1` ranges are NaN, and so is %R of a NaN range.
        block_ranges(high, low, period, |highest, lowest| {
            let closes = close.get(out.len()..).unwrap_or_default();
            out.extend(highest.iter().zip(lowest).zip(closes).map(|((&h, &l), &c)| percent_r(h, l, c)));
        });
        mask_nan_windows(&[high, low], period, &mut [&mut out]);
        Ok(out)
    }

    #[inline]
    pub fn update(&mut self, high: f64, low: f64, close: f64) -> f64 {
        let today = self.highs.pushed();
        let (highest, _) = self.highs.push(high);
        let (lowest, _) = self.lows.push(low);
        self.output(today, highest, lowest, close)
    }

    #[inline]
    pub fn peek(&self, high: f64, low: f64, close: f64) -> f64 {
        let (highest, _) = self.highs.peek(high);
        let (lowest, _) = self.lows.peek(low);
        self.output(self.highs.pushed(), highest, lowest, close)
    }

    pub fn reset(&mut self) {
        self.highs.reset();
        self.lows.reset();
    }

    #[inline]
    fn output(&self, today: usize, highest: f64, lowest: f64, close: f64) -> f64 {
        if today + 1 < self.period {
            return f64::NAN;
        }
        percent_r(highest, lowest, close)
    }
}

#[inline]
fn percent_r(highest: f64, lowest: f64, close: f64) -> f64 {
    let range = highest - lowest;
    if range.abs() <= 1e-14 * (highest.abs() + lowest.abs()) {
        return 0.0;
    }
    ((highest - close) / range * -100.0).clamp(-100.0, 0.0)
}

bar_streaming!(Willr, high, low, close);

const INPUTS: &[Input] = &[Input::High, Input::Low, Input::Close];

pub(crate) static DEF: IndicatorDef = IndicatorDef {
    name: Willr::NAME,
    title: "Williams' %R",
    group: "Momentum Indicators",
    inputs: INPUTS,
    params: &[timeperiod(Willr::DEFAULT_PERIOD, Willr::MIN_PERIOD, Willr::MAX_PERIOD)],
    outputs: &["real"],
    overlay: false,
    lookback: |p| Willr::lookback(int_param(p, 0)),
    batch: Some(|p, columns| {
        let column = |i: usize| columns.get(i).copied().unwrap_or_default();
        Ok(vec![Willr::batch(column(0), column(1), column(2), int_param(p, 0))?])
    }),
    stream: |p| Ok(Box::new(Willr::new(int_param(p, 0))?)),
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indicators::math::block::tests::{awkward_series, test_series, PERIODS};

    /// Batch gives the values of the bar-by-bar updates (either zero where a window
    /// holds both) on every length of awkward series: NaN and infinite highs, lows and
    /// closes, ties, flat ranges.
    #[test]
    fn batch_equals_updates() {
        for period in PERIODS.into_iter().filter(|&p| p >= Willr::MIN_PERIOD) {
            for (kind, high) in test_series(2 * period + 25, period as u64) {
                let low = awkward_series(high.len(), 11 + period as u64);
                let close = awkward_series(high.len(), 5 + period as u64);
                for len in 0..=high.len() {
                    let (high, low, close) = (&high[..len], &low[..len], &close[..len]);
                    let batch = Willr::batch(high, low, close, period).unwrap();
                    let mut willr = Willr::new(period).unwrap();
                    assert_eq!(batch.len(), len);
                    for (i, &got) in batch.iter().enumerate() {
                        let expected = willr.update(high[i], low[i], close[i]);
                        assert!(
                            got == expected || (got.is_nan() && expected.is_nan()),
                            "{kind} period {period} len {len} bar {i}: {got} vs {expected}"
                        );
                    }
                }
            }
        }
        assert_eq!(Willr::batch(&[2.0; 4], &[1.0; 3], &[1.5; 5], 2).unwrap().len(), 3);
        assert!(Willr::batch(&[], &[], &[], 1).is_err());
    }
}
