use super::{column, emit, integer_param, rows};
use crate::bar::{Bar, Input};
use crate::error::Error;
use crate::indicators::{check_period, int_param, Ema};
use crate::registry::{IndicatorDef, Streaming};

/// Mass index (TA-Lib `MASSI`, Dorsey): the sum over `slowperiod` bars of
/// `EMA(range) / EMA(EMA(range))`, both EMAs of period `fastperiod` over `high - low`.
///
/// Both EMAs are TA-Lib's (each seeded with the mean of its first `fastperiod`
/// inputs), so the first value is at index `2 * (fastperiod - 1) + slowperiod - 1`.
/// A zero double-smoothed range gives a ratio of 1 (a flat market's limit), tested
/// exactly as in TA-Lib 0.8.1, and the sum is a running total like TA-Lib's `SUM`.
///
/// ```
/// use sigil_core::{Bar, Spec};
/// let mut massi = Spec::parse("massi:2:3").unwrap().stream().unwrap();
/// let flat = Bar { high: 5.0, low: 5.0, ..Bar::default() };
/// for _ in 0..4 {
///     assert!(massi.update(&flat)[0].is_nan());
/// }
/// assert_eq!(massi.update(&flat), [3.0]); // three ratios of 1
/// assert_eq!(massi.peek(&Bar { high: 6.0, low: 5.0, ..Bar::default() })[0], 2.0 + (2.0 / 3.0) / (4.0 / 9.0));
/// ```
#[derive(Debug, Clone)]
pub struct MassIndex {
    fast_period: usize,
    range_ema: Ema,
    double_ema: Ema,
    /// Ranges seen and first-EMA values fed on, each saturating at `fast_period`.
    ranges_seen: usize,
    smoothed_seen: usize,
    sum: RollingTotal,
}

/// A sum over the last `period` values kept as TA-Lib's `SUM` keeps it: add the new
/// value, publish, then subtract the oldest of the window.
#[derive(Debug, Clone)]
struct RollingTotal {
    period: usize,
    /// The last `period - 1` values, oldest at `oldest` once full.
    window: Vec<f64>,
    oldest: usize,
    partial: f64,
}

impl RollingTotal {
    fn new(period: usize) -> RollingTotal {
        RollingTotal { period, window: Vec::with_capacity(period.saturating_sub(1)), oldest: 0, partial: 0.0 }
    }

    #[inline]
    fn push(&mut self, x: f64) -> f64 {
        let keep = self.period.saturating_sub(1);
        if self.window.len() < keep {
            self.window.push(x);
            self.partial += x;
            return f64::NAN;
        }
        let total = self.partial + x;
        if keep > 0 {
            self.partial = total - self.window[self.oldest];
            self.window[self.oldest] = x;
            self.oldest = if self.oldest + 1 == keep { 0 } else { self.oldest + 1 };
        }
        total
    }

    #[inline]
    fn peek(&self, x: f64) -> f64 {
        if self.window.len() < self.period.saturating_sub(1) {
            f64::NAN
        } else {
            self.partial + x
        }
    }

    fn reset(&mut self) {
        self.window.clear();
        self.oldest = 0;
        self.partial = 0.0;
    }
}

impl MassIndex {
    pub const NAME: &'static str = "massi";
    pub const DEFAULT_FAST: usize = 9;
    pub const DEFAULT_SLOW: usize = 25;
    pub const MIN_PERIOD: usize = 2;
    pub const MAX_PERIOD: usize = 100_000;

    pub fn new(fast_period: usize, slow_period: usize) -> Result<MassIndex, Error> {
        check_period(Self::NAME, "fastperiod", fast_period, Self::MIN_PERIOD, Self::MAX_PERIOD)?;
        check_period(Self::NAME, "slowperiod", slow_period, Self::MIN_PERIOD, Self::MAX_PERIOD)?;
        Ok(MassIndex {
            fast_period,
            range_ema: Ema::new(fast_period)?,
            double_ema: Ema::new(fast_period)?,
            ranges_seen: 0,
            smoothed_seen: 0,
            sum: RollingTotal::new(slow_period),
        })
    }

    pub fn lookback(fast_period: usize, slow_period: usize) -> usize {
        2 * fast_period.saturating_sub(1) + slow_period.saturating_sub(1)
    }

    pub fn batch(high: &[f64], low: &[f64], fast_period: usize, slow_period: usize) -> Result<Vec<f64>, Error> {
        let mut massi = MassIndex::new(fast_period, slow_period)?;
        let n = rows(&[high, low]);
        Ok((0..n).map(|i| massi.update(high[i], low[i])).collect())
    }

    #[inline]
    pub fn update(&mut self, high: f64, low: f64) -> f64 {
        let smoothed = self.range_ema.update(high - low);
        self.ranges_seen = (self.ranges_seen + 1).min(self.fast_period);
        if self.ranges_seen < self.fast_period {
            return f64::NAN;
        }
        let double = self.double_ema.update(smoothed);
        self.smoothed_seen = (self.smoothed_seen + 1).min(self.fast_period);
        if self.smoothed_seen < self.fast_period {
            return f64::NAN;
        }
        self.sum.push(ratio(smoothed, double))
    }

    #[inline]
    pub fn peek(&self, high: f64, low: f64) -> f64 {
        if self.ranges_seen + 1 < self.fast_period {
            return f64::NAN;
        }
        let smoothed = self.range_ema.peek(high - low);
        if self.smoothed_seen + 1 < self.fast_period {
            return f64::NAN;
        }
        self.sum.peek(ratio(smoothed, self.double_ema.peek(smoothed)))
    }

    pub fn reset(&mut self) {
        self.range_ema.reset();
        self.double_ema.reset();
        self.ranges_seen = 0;
        self.smoothed_seen = 0;
        self.sum.reset();
    }
}

#[inline]
fn ratio(smoothed: f64, double: f64) -> f64 {
    if double == 0.0 {
        1.0
    } else {
        smoothed / double
    }
}

impl Streaming for MassIndex {
    fn update(&mut self, bar: &Bar, out: &mut [f64]) {
        emit(out, &[MassIndex::update(self, bar.high, bar.low)]);
    }
    fn peek(&self, bar: &Bar, out: &mut [f64]) {
        emit(out, &[MassIndex::peek(self, bar.high, bar.low)]);
    }
    fn reset(&mut self) {
        MassIndex::reset(self);
    }
}

pub(crate) static DEF: IndicatorDef = IndicatorDef {
    name: MassIndex::NAME,
    title: "Mass Index",
    group: "Volatility Indicators",
    inputs: &[Input::High, Input::Low],
    params: &[
        integer_param(
            "fastperiod",
            MassIndex::DEFAULT_FAST,
            MassIndex::MIN_PERIOD,
            MassIndex::MAX_PERIOD,
            "Period of both EMAs of the range",
        ),
        integer_param("slowperiod", MassIndex::DEFAULT_SLOW, MassIndex::MIN_PERIOD, MassIndex::MAX_PERIOD, "Bars of EMA ratios summed"),
    ],
    outputs: &["real"],
    overlay: false,
    lookback: |p| MassIndex::lookback(int_param(p, 0), int_param(p, 1)),
    batch: kernel!(|p, c| Ok(vec![MassIndex::batch(column(c, 0), column(c, 1), int_param(p, 0), int_param(p, 1))?])),
    stream: |p| Ok(Box::new(MassIndex::new(int_param(p, 0), int_param(p, 1))?)),
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flat_market_sums_ratios_of_one() {
        let out = MassIndex::batch(&[5.0; 8], &[5.0; 8], 2, 3).unwrap();
        assert!(out[..4].iter().all(|v| v.is_nan()));
        assert_eq!(out[4..], [3.0; 4]);
    }

    #[test]
    fn tiny_ranges_are_ratios_not_flat() {
        let high: Vec<f64> = (0..10).map(|i| 1e-12 * (2.0 + (i % 3) as f64)).collect();
        let out = MassIndex::batch(&high, &[1e-12; 10], 2, 3).unwrap();
        assert!(out[4..].iter().any(|&v| v != 3.0));
    }

    #[test]
    fn short_input_and_invalid_periods() {
        assert!(MassIndex::batch(&[1.0; 4], &[0.0; 4], 2, 3).unwrap().iter().all(|v| v.is_nan()));
        assert!(MassIndex::new(1, 25).unwrap_err().to_string().contains("fastperiod"));
        assert!(MassIndex::new(9, 1).unwrap_err().to_string().contains("slowperiod"));
    }
}
