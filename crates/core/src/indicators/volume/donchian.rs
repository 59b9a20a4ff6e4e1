use super::{column, emit, rows};
use crate::bar::{Bar, Input};
use crate::error::Error;
use crate::indicators::math::block::{block_ranges, mask_nan_windows};
use crate::indicators::window::{Extreme, RollingExtreme, Ties};
use crate::indicators::{check_period, int_param, timeperiod};
use crate::registry::{IndicatorDef, Streaming};

/// Donchian channels (TA-Lib `DONCHIAN`): the highest high and lowest low of the last
/// `period` bars, and their midpoint.
///
/// Streaming keeps monotonic deques (amortized O(1) per bar, O(1) peek); batch takes
/// block extremes instead (the same values; see [`Donchian::batch`]).
///
/// ```
/// use sigil_core::{Bar, Spec};
/// let mut channel = Spec::parse("donchian:2").unwrap().stream().unwrap();
/// let bar = |high, low| Bar { high, low, ..Bar::default() };
/// assert!(channel.update(&bar(12.0, 10.0))[0].is_nan());
/// assert_eq!(channel.update(&bar(11.0, 8.0)), [12.0, 10.0, 8.0]);
/// assert_eq!(channel.peek(&bar(11.5, 9.0)), [11.5, 9.75, 8.0]);
/// ```
#[derive(Debug, Clone)]
pub struct Donchian {
    period: usize,
    highest: RollingExtreme,
    lowest: RollingExtreme,
}

impl Donchian {
    pub const NAME: &'static str = "donchian";
    pub const DEFAULT_PERIOD: usize = 20;
    pub const MIN_PERIOD: usize = 2;
    pub const MAX_PERIOD: usize = 100_000;

    pub fn new(period: usize) -> Result<Donchian, Error> {
        check_period(Self::NAME, "timeperiod", period, Self::MIN_PERIOD, Self::MAX_PERIOD)?;
        Ok(Donchian {
            period,
            highest: RollingExtreme::new(period, Extreme::Max, Ties::Latest),
            lowest: RollingExtreme::new(period, Extreme::Min, Ties::Latest),
        })
    }

    pub fn lookback(period: usize) -> usize {
        period.saturating_sub(1)
    }

    /// `[upper, middle, lower]` columns: the values of [`update`](Self::update) bar after
    /// bar (a window holding both 0 and -0 may pick the other zero), one per row of the
    /// shorter column. The extremes come from TA-Lib's block scan (prefix and suffix
    /// extremes of `period`-bar blocks: a few selects per bar and no data-dependent
    /// branch, where the deques pop a data-dependent number of times); windows holding
    /// a NaN, where that scan and the deques' NaN policy part ways, are set to NaN
    /// afterwards.
    pub fn batch(high: &[f64], low: &[f64], period: usize) -> Result<[Vec<f64>; 3], Error> {
        check_period(Self::NAME, "timeperiod", period, Self::MIN_PERIOD, Self::MAX_PERIOD)?;
        let n = rows(&[high, low]);
        let (high, low) = (&high[..n], &low[..n]);
        let (mut upper, mut middle, mut lower) = (Vec::with_capacity(n), Vec::with_capacity(n), Vec::with_capacity(n));
        block_ranges(high, low, period, |highest, lowest| {
            upper.extend_from_slice(highest);
            middle.extend(highest.iter().zip(lowest).map(|(h, l)| (h + l) / 2.0));
            lower.extend_from_slice(lowest);
        });
        mask_nan_windows(&[high], period, &mut [&mut upper, &mut middle]);
        mask_nan_windows(&[low], period, &mut [&mut middle, &mut lower]);
        Ok([upper, middle, lower])
    }

    /// `[upper, middle, lower]`.
    #[inline]
    pub fn update(&mut self, high: f64, low: f64) -> [f64; 3] {
        let (highest, _) = self.highest.push(high);
        let (lowest, _) = self.lowest.push(low);
        self.output(self.highest.pushed(), highest, lowest)
    }

    #[inline]
    pub fn peek(&self, high: f64, low: f64) -> [f64; 3] {
        let (highest, _) = self.highest.peek(high);
        let (lowest, _) = self.lowest.peek(low);
        self.output(self.highest.pushed() + 1, highest, lowest)
    }

    pub fn reset(&mut self) {
        self.highest.reset();
        self.lowest.reset();
    }

    #[inline]
    fn output(&self, bars: usize, highest: f64, lowest: f64) -> [f64; 3] {
        if bars < self.period {
            [f64::NAN; 3]
        } else {
            [highest, (highest + lowest) / 2.0, lowest]
        }
    }
}

impl Streaming for Donchian {
    fn update(&mut self, bar: &Bar, out: &mut [f64]) {
        emit(out, &Donchian::update(self, bar.high, bar.low));
    }
    fn peek(&self, bar: &Bar, out: &mut [f64]) {
        emit(out, &Donchian::peek(self, bar.high, bar.low));
    }
    fn reset(&mut self) {
        Donchian::reset(self);
    }
}

pub(crate) static DEF: IndicatorDef = IndicatorDef {
    name: Donchian::NAME,
    title: "Donchian Channels",
    group: "Overlap Studies",
    inputs: &[Input::High, Input::Low],
    params: &[timeperiod(Donchian::DEFAULT_PERIOD, Donchian::MIN_PERIOD, Donchian::MAX_PERIOD)],
    outputs: &["upperband", "middleband", "lowerband"],
    overlay: true,
    lookback: |p| Donchian::lookback(int_param(p, 0)),
    batch: Some(|p, c| Ok(Donchian::batch(column(c, 0), column(c, 1), int_param(p, 0))?.into())),
    stream: |p| Ok(Box::new(Donchian::new(int_param(p, 0))?)),
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn window_slides_and_flat_bars() {
        let [u, m, l] = Donchian::batch(&[3.0, 1.0, 2.0, 2.0], &[1.0, 0.0, 2.0, 2.0], 2).unwrap();
        assert!(u[0].is_nan());
        assert_eq!(u[1..], [3.0, 2.0, 2.0]);
        assert_eq!(l[1..], [0.0, 0.0, 2.0]);
        assert_eq!(m[3], 2.0);
    }

    /// Batch gives the values of the bar-by-bar updates (either zero where a window
    /// holds both) on every length of awkward series: NaN and infinite highs and lows,
    /// ties, flat channels.
    #[test]
    fn batch_equals_updates() {
        use crate::indicators::math::block::tests::{awkward_series, test_series, PERIODS};
        for period in PERIODS.into_iter().filter(|&p| p >= Donchian::MIN_PERIOD) {
            for (kind, high) in test_series(2 * period + 25, period as u64) {
                let low = awkward_series(high.len(), 11 + period as u64);
                for len in 0..=high.len() {
                    let (high, low) = (&high[..len], &low[..len]);
                    let batch = Donchian::batch(high, low, period).unwrap();
                    let mut channel = Donchian::new(period).unwrap();
                    assert!(batch.iter().all(|column| column.len() == len));
                    for i in 0..len {
                        for (column, expected) in batch.iter().zip(channel.update(high[i], low[i])) {
                            let got = column[i];
                            assert!(
                                got == expected || (got.is_nan() && expected.is_nan()),
                                "{kind} period {period} len {len} bar {i}: {got} vs {expected}"
                            );
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn nan_input_does_not_panic() {
        let [u, ..] = Donchian::batch(&[f64::NAN, 1.0, f64::NAN, 2.0], &[0.0; 4], 2).unwrap();
        assert_eq!(u.len(), 4);
        assert!(Donchian::new(1).is_err());
    }
}
