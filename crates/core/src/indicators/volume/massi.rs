use super::{column, emit, integer_param, rows};
use crate::bar::{Bar, Input};
use crate::error::Error;
use crate::indicators::{check_period, int_param};
use crate::registry::{IndicatorDef, Streaming};

/// Mass index (TA-Lib `MASSI`, Dorsey): the sum over `slowperiod` bars of
/// `EMA(range) / EMA(EMA(range))`, both EMAs of period `fastperiod` over `high - low`.
///
/// Both EMAs are TA-Lib's (each seeded with the mean of its first `fastperiod`
/// inputs), so the first value is at index `2 * (fastperiod - 1) + slowperiod - 1`;
/// each then steps `(1 - k) * ema + k * x` (TA-Lib 0.8.1 fuses `(x - ema) * k + ema`
/// into an fma; the two agree to a few ulps, far inside the 1e-9 parity tolerance).
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
    range_ema: Smoothing,
    double_ema: Smoothing,
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

/// One of the two EMAs: seeded with the mean of its first `period` inputs (the first
/// value comes with the `period`-th), then one step a bar. Not [`crate::indicators::Ema`],
/// whose steps go in pairs: `batch` runs both EMAs and the sum in one loop, bar by bar,
/// so a step of its own keeps that loop simple and `update` identical to it.
#[derive(Debug, Clone, Copy)]
struct Smoothing {
    period: usize,
    k: f64,
    /// `1 - k`.
    beta: f64,
    seen: usize,
    /// The seed sum while warming up, then the EMA.
    value: f64,
}

impl Smoothing {
    fn new(period: usize) -> Smoothing {
        let k = 2.0 / (period as f64 + 1.0);
        Smoothing { period, k, beta: 1.0 - k, seen: 0, value: 0.0 }
    }

    /// The step after the seed, shared by `update` and `batch`.
    #[inline(always)]
    fn step(&self, value: f64, x: f64) -> f64 {
        self.beta * value + self.k * x
    }

    #[inline]
    fn advance(&self, x: f64) -> (usize, f64) {
        if self.seen >= self.period {
            (self.seen, self.step(self.value, x))
        } else if self.seen + 1 == self.period {
            (self.period, (self.value + x) / self.period as f64)
        } else {
            (self.seen + 1, self.value + x)
        }
    }

    #[inline]
    fn update(&mut self, x: f64) -> f64 {
        (self.seen, self.value) = self.advance(x);
        if self.seen >= self.period {
            self.value
        } else {
            f64::NAN
        }
    }

    #[inline]
    fn peek(&self, x: f64) -> f64 {
        let (seen, value) = self.advance(x);
        if seen >= self.period {
            value
        } else {
            f64::NAN
        }
    }

    fn reset(&mut self) {
        self.seen = 0;
        self.value = 0.0;
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
            range_ema: Smoothing::new(fast_period),
            double_ema: Smoothing::new(fast_period),
            ranges_seen: 0,
            smoothed_seen: 0,
            sum: RollingTotal::new(slow_period),
        })
    }

    pub fn lookback(fast_period: usize, slow_period: usize) -> usize {
        2 * fast_period.saturating_sub(1) + slow_period.saturating_sub(1)
    }

    /// The whole series at once: `update` itself through the warm-up, then its steps
    /// with both EMAs, the running total and the total's window position in locals
    /// (state left in the struct would go through memory every bar), one loop over the
    /// bars, each output slot written once by `extend`. The same operations in the same
    /// order, so the same bits.
    pub fn batch(high: &[f64], low: &[f64], fast_period: usize, slow_period: usize) -> Result<Vec<f64>, Error> {
        let mut massi = MassIndex::new(fast_period, slow_period)?;
        let n = rows(&[high, low]);
        let lookback = MassIndex::lookback(fast_period, slow_period);
        if n <= lookback {
            return Ok(vec![f64::NAN; n]);
        }
        let (high, low) = (&high[..n], &low[..n]);
        let mut out = Vec::with_capacity(n);
        // Afterwards both EMAs are seeded and the total's window is full.
        out.extend(high[..lookback].iter().zip(&low[..lookback]).map(|(&high, &low)| massi.update(high, low)));
        let (range_ema, double_ema) = (massi.range_ema, massi.double_ema);
        let (mut smoothed, mut double) = (range_ema.value, double_ema.value);
        let mut window = std::mem::take(&mut massi.sum.window);
        let (mut oldest, mut partial) = (massi.sum.oldest, massi.sum.partial);
        let keep = window.len();
        out.extend(high[lookback..].iter().zip(&low[lookback..]).map(|(&high, &low)| {
            smoothed = range_ema.step(smoothed, high - low);
            double = double_ema.step(double, smoothed);
            let x = ratio(smoothed, double);
            // `RollingTotal::push` on a full window.
            let total = partial + x;
            let leaving = window.get_mut(oldest).map_or(0.0, |slot| std::mem::replace(slot, x));
            partial = total - leaving;
            oldest = if oldest + 1 == keep { 0 } else { oldest + 1 };
            total
        }));
        Ok(out)
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

#[cfg(test)]
mod kernel_tests {
    use super::*;
    use crate::indicators::kernel_checks::assert_high_low_batch_is_updates;

    #[test]
    fn batch_is_updates_bit_for_bit() {
        for (fast, slow) in [(2, 2), (2, 3), (3, 2), (4, 7), (9, 25)] {
            for scale in [1.0, 1e-12, 1e300] {
                assert_high_low_batch_is_updates(
                    &format!("massi:{fast}:{slow}"),
                    scale,
                    |high, low| MassIndex::batch(high, low, fast, slow).unwrap(),
                    |high, low| {
                        let mut indicator = MassIndex::new(fast, slow).unwrap();
                        high.iter().zip(low).map(|(&h, &l)| indicator.update(h, l)).collect()
                    },
                );
            }
        }
    }
}
