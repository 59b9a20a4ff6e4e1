use super::{column, emit, integer_param};
use crate::bar::{Bar, Input};
use crate::error::Error;
use crate::indicators::{check_period, int_param};
use crate::registry::{IndicatorDef, Streaming};

/// Relative volatility index (TA-Lib `RVI`, Dorsey): an RSI whose gains and losses are
/// the close's standard deviation over `stddevperiod` bars, counted as "up" on a
/// rising close and "down" on a falling one (neither on an unchanged close).
///
/// Both legs are Wilder-smoothed as in TA-Lib: seeded with the mean of the first
/// `timeperiod` values, so the first value is at index `stddevperiod - 1 +
/// timeperiod - 1`. A zero total gives 50, tested exactly.
///
/// The standard deviation has to be accurate on a price-scale series whose window
/// barely moves, so it keeps TA-Lib's shifted running sums: the sums are taken
/// relative to a recent value, and re-anchored on the window mean every
/// `32 * stddevperiod` bars or whenever the variance falls below 1e-6 of the shifted
/// mean square. Cost: amortized O(1) per bar, except that a re-anchor walks the
/// window, O(stddevperiod); on flat or near-flat stretches that happens every bar.
///
/// ```
/// use sigil_core::{Bar, Spec};
/// let mut rvi = Spec::parse("rvi:2:2").unwrap().stream().unwrap();
/// let bar = |close| Bar { close, ..Bar::default() };
/// assert!(rvi.update(&bar(10.0))[0].is_nan());
/// assert!(rvi.update(&bar(12.0))[0].is_nan()); // deviation 1, up
/// assert_eq!(rvi.update(&bar(11.0)), [(1.0 / 2.0) / (1.0 / 2.0 + 0.5 / 2.0) * 100.0]); // 0.5, down
/// ```
#[derive(Debug, Clone)]
pub struct Rvi {
    period: usize,
    carry: f64,
    weight: f64,
    deviation: RollingDeviation,
    prev_close: f64,
    /// Deviations seen so far (saturates at `period`).
    seeded: usize,
    /// The seed sums while warming up, the smoothed legs afterwards.
    up: f64,
    down: f64,
}

/// TA-Lib's rolling population standard deviation (shifted running sums, re-anchored).
#[derive(Debug, Clone)]
struct RollingDeviation {
    period: usize,
    inv_period: f64,
    /// The last `period - 1` inputs, oldest at `oldest` once full.
    recent: Vec<f64>,
    oldest: usize,
    sums: ShiftedSums,
}

#[derive(Debug, Clone, Copy)]
struct ShiftedSums {
    shift: f64,
    /// Sums of `x - shift` and of its square over the last `period - 1` inputs.
    linear: f64,
    square: f64,
    /// The largest `square` (with the newest input) since the last re-anchor.
    peak_square: f64,
    until_reanchor: usize,
}

impl RollingDeviation {
    fn new(period: usize) -> RollingDeviation {
        let keep = period.saturating_sub(1).max(1);
        RollingDeviation {
            period,
            inv_period: 1.0 / period as f64,
            recent: Vec::with_capacity(keep),
            oldest: 0,
            sums: ShiftedSums { shift: 0.0, linear: 0.0, square: 0.0, peak_square: 0.0, until_reanchor: 32 * period },
        }
    }

    fn keep(&self) -> usize {
        self.period.saturating_sub(1).max(1)
    }

    #[inline]
    fn update(&mut self, x: f64) -> Option<f64> {
        let (deviation, sums) = self.advance(x);
        self.sums = sums;
        if self.recent.len() < self.keep() {
            self.recent.push(x);
        } else {
            self.recent[self.oldest] = x;
            self.oldest = if self.oldest + 1 == self.recent.len() { 0 } else { self.oldest + 1 };
        }
        deviation
    }

    /// The window's inputs before `x`, oldest first.
    fn recent_in_order(&self) -> impl Iterator<Item = f64> + '_ {
        self.recent[self.oldest..].iter().chain(&self.recent[..self.oldest]).copied()
    }

    #[inline]
    fn advance(&self, x: f64) -> (Option<f64>, ShiftedSums) {
        let mut sums = self.sums;
        if self.recent.len() < self.keep() {
            if self.recent.is_empty() {
                sums.shift = x;
            }
            let d = x - sums.shift;
            sums.linear += d;
            sums.square += d * d;
            sums.peak_square = sums.square;
            return (None, sums);
        }
        let departing = self.recent[self.oldest];
        let (deviation, sums) = self.slide(sums, x, departing, || self.recent_in_order().chain(std::iter::once(x)));
        (Some(deviation), sums)
    }

    /// The deviation over a full window ending at `x`, and the sums after `departing`
    /// (the window's oldest input) has left them. `window` yields the window's inputs,
    /// oldest first, for a re-anchor. Shared by `update` and `Rvi::batch`.
    #[inline(always)]
    fn slide<I: Iterator<Item = f64>>(&self, mut sums: ShiftedSums, x: f64, departing: f64, window: impl Fn() -> I) -> (f64, ShiftedSums) {
        let inv = self.inv_period;
        let d = x - sums.shift;
        sums.linear += d;
        sums.square += d * d;
        if sums.square > sums.peak_square {
            sums.peak_square = sums.square;
        }
        let mean = sums.linear * inv;
        let mut variance = sums.square * inv - mean * mean;
        let d = departing - sums.shift;
        sums.linear -= d;
        sums.square -= d * d;
        sums.until_reanchor = sums.until_reanchor.saturating_sub(1);
        if variance < 0.000001 * (sums.peak_square * inv) || sums.until_reanchor == 0 {
            (variance, sums) = self.reanchored(x, departing, window);
        }
        (variance.sqrt(), sums)
    }

    /// Precision has cancelled away (or is due a refresh): re-anchor on the window
    /// mean, or on the newest input `x` if even that leaves no precision. The variance
    /// and the sums after `departing` has left them. Cold: on ordinary data once per
    /// `32 * period` bars, kept out of line so the per-bar loop stays small.
    #[cold]
    #[inline(never)]
    fn reanchored<I: Iterator<Item = f64>>(&self, x: f64, departing: f64, window: impl Fn() -> I) -> (f64, ShiftedSums) {
        let inv = self.inv_period;
        let mut sums = ShiftedSums { shift: 0.0, linear: 0.0, square: 0.0, peak_square: 0.0, until_reanchor: 32 * self.period };
        let mut total = 0.0;
        for value in window() {
            total += value;
        }
        sums.shift = total * inv;
        (sums.linear, sums.square) = shifted_totals(window(), sums.shift);
        let mut mean = sums.linear * inv;
        let mut variance = sums.square * inv - mean * mean;
        if variance < 0.000001 * (sums.square * inv) {
            sums.shift = x;
            (sums.linear, sums.square) = shifted_totals(window(), sums.shift);
            mean = sums.linear * inv;
            variance = sums.square * inv - mean * mean;
        }
        sums.peak_square = sums.square;
        if variance < 0.000000000001 * (sums.square * inv) {
            variance = 0.0;
        }
        let d = departing - sums.shift;
        sums.linear -= d;
        sums.square -= d * d;
        (variance, sums)
    }

    fn reset(&mut self) {
        *self = RollingDeviation::new(self.period);
    }
}

/// Sums of `value - shift` and of its square over `window`, in its order.
fn shifted_totals(window: impl Iterator<Item = f64>, shift: f64) -> (f64, f64) {
    let (mut linear, mut square) = (0.0, 0.0);
    for value in window {
        let d = value - shift;
        linear += d;
        square += d * d;
    }
    (linear, square)
}

/// The RVI state after a bar.
#[derive(Debug, Clone, Copy)]
struct Legs {
    seeded: usize,
    up: f64,
    down: f64,
}

impl Rvi {
    pub const NAME: &'static str = "rvi";
    pub const DEFAULT_PERIOD: usize = 14;
    pub const DEFAULT_STDDEV_PERIOD: usize = 10;
    pub const MIN_PERIOD: usize = 1;
    pub const MIN_STDDEV_PERIOD: usize = 2;
    pub const MAX_PERIOD: usize = 100_000;

    pub fn new(period: usize, stddev_period: usize) -> Result<Rvi, Error> {
        check_period(Self::NAME, "timeperiod", period, Self::MIN_PERIOD, Self::MAX_PERIOD)?;
        check_period(Self::NAME, "stddevperiod", stddev_period, Self::MIN_STDDEV_PERIOD, Self::MAX_PERIOD)?;
        // Wilder's weights as TA-Lib derives them (weight from carry: they sum to 1).
        let carry = (period as f64 - 1.0) / period as f64;
        Ok(Rvi {
            period,
            carry,
            weight: 1.0 - carry,
            deviation: RollingDeviation::new(stddev_period),
            prev_close: f64::NAN,
            seeded: 0,
            up: 0.0,
            down: 0.0,
        })
    }

    pub fn lookback(period: usize, stddev_period: usize) -> usize {
        stddev_period.saturating_sub(1) + period.saturating_sub(1)
    }

    /// The whole series at once: the warm-up through `update`, then the steady state
    /// on locals, the window's departing input (and, for a re-anchor, the window
    /// itself) read from the slice instead of a ring, each output slot written once.
    /// The same steps as `update` in the same order, so the same bits.
    pub fn batch(close: &[f64], period: usize, stddev_period: usize) -> Result<Vec<f64>, Error> {
        let mut rvi = Rvi::new(period, stddev_period)?;
        let first = Rvi::lookback(period, stddev_period);
        if close.len() <= first + 1 {
            return Ok(close.iter().map(|&x| rvi.update(x)).collect());
        }
        let mut out = Vec::with_capacity(close.len());
        out.extend(close[..=first].iter().map(|&x| rvi.update(x)));
        let keep = rvi.deviation.keep();
        let (carry, weight, mut sums, mut up, mut down) = (rvi.carry, rvi.weight, rvi.deviation.sums, rvi.up, rvi.down);
        // Bar i: the window is close[i - keep..=i], its oldest input leaves afterwards.
        let bars = close[first + 1..].iter().zip(&close[first..]).enumerate();
        out.extend(bars.map(|(at, (&x, &prev))| {
            let i = first + 1 + at;
            let departing = close[i - keep];
            let deviation;
            (deviation, sums) = rvi.deviation.slide(sums, x, departing, || close[i - keep..=i].iter().copied());
            let (gain, loss) = Rvi::split(x - prev, deviation);
            up = carry * up + weight * gain;
            down = carry * down + weight * loss;
            Rvi::index(up, down)
        }));
        Ok(out)
    }

    #[inline]
    pub fn update(&mut self, close: f64) -> f64 {
        let deviation = self.deviation.update(close);
        let legs = deviation.map(|deviation| self.advance(close, deviation));
        self.prev_close = close;
        if let Some(legs) = legs {
            Legs { seeded: self.seeded, up: self.up, down: self.down } = legs;
        }
        self.output(legs)
    }

    #[inline]
    pub fn peek(&self, close: f64) -> f64 {
        let (deviation, _) = self.deviation.advance(close);
        self.output(deviation.map(|deviation| self.advance(close, deviation)))
    }

    pub fn reset(&mut self) {
        self.deviation.reset();
        self.prev_close = f64::NAN;
        self.seeded = 0;
        self.up = 0.0;
        self.down = 0.0;
    }

    #[inline]
    fn advance(&self, close: f64, deviation: f64) -> Legs {
        let (up, down) = Rvi::split(close - self.prev_close, deviation);
        if self.seeded >= self.period {
            Legs { seeded: self.period, up: self.carry * self.up + self.weight * up, down: self.carry * self.down + self.weight * down }
        } else if self.seeded + 1 == self.period {
            let n = self.period as f64;
            Legs { seeded: self.period, up: (self.up + up) / n, down: (self.down + down) / n }
        } else {
            Legs { seeded: self.seeded + 1, up: self.up + up, down: self.down + down }
        }
    }

    #[inline]
    fn output(&self, legs: Option<Legs>) -> f64 {
        match legs {
            Some(Legs { seeded, up, down }) if seeded >= self.period => Rvi::index(up, down),
            _ => f64::NAN,
        }
    }

    /// The deviation as (up, down) leg: up on a rising close, down on a falling one.
    #[inline(always)]
    fn split(change: f64, deviation: f64) -> (f64, f64) {
        let up = if change > 0.0 { deviation } else { 0.0 };
        let down = if change < 0.0 { deviation } else { 0.0 };
        (up, down)
    }

    #[inline(always)]
    fn index(up: f64, down: f64) -> f64 {
        let total = up + down;
        if total == 0.0 {
            50.0
        } else {
            100.0 * (up / total)
        }
    }
}

impl Streaming for Rvi {
    fn update(&mut self, bar: &Bar, out: &mut [f64]) {
        emit(out, &[Rvi::update(self, bar.close)]);
    }
    fn peek(&self, bar: &Bar, out: &mut [f64]) {
        emit(out, &[Rvi::peek(self, bar.close)]);
    }
    fn reset(&mut self) {
        Rvi::reset(self);
    }
}

pub(crate) static DEF: IndicatorDef = IndicatorDef {
    name: Rvi::NAME,
    title: "Relative Volatility Index",
    group: "Volatility Indicators",
    inputs: &[Input::Close],
    params: &[
        integer_param("timeperiod", Rvi::DEFAULT_PERIOD, Rvi::MIN_PERIOD, Rvi::MAX_PERIOD, "Period of the Wilder smoothing"),
        integer_param(
            "stddevperiod",
            Rvi::DEFAULT_STDDEV_PERIOD,
            Rvi::MIN_STDDEV_PERIOD,
            Rvi::MAX_PERIOD,
            "Bars in the standard deviation",
        ),
    ],
    outputs: &["real"],
    overlay: false,
    lookback: |p| Rvi::lookback(int_param(p, 0), int_param(p, 1)),
    batch: kernel!(|p, c| Ok(vec![Rvi::batch(column(c, 0), int_param(p, 0), int_param(p, 1))?])),
    stream: |p| Ok(Box::new(Rvi::new(int_param(p, 0), int_param(p, 1))?)),
};

#[cfg(test)]
mod tests {
    use super::*;

    fn exact_deviation(window: &[f64]) -> f64 {
        let mean = window.iter().sum::<f64>() / window.len() as f64;
        (window.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / window.len() as f64).sqrt()
    }

    #[test]
    fn deviation_stays_accurate_on_a_large_slowly_moving_series() {
        let series: Vec<f64> = (0..3000).map(|i| 1e6 + (i as f64 * 0.37).sin() * 1e-3 + (i / 700) as f64).collect();
        let mut deviation = RollingDeviation::new(10);
        for (i, &x) in series.iter().enumerate() {
            let ours = deviation.update(x);
            if i >= 9 {
                let exact = exact_deviation(&series[i - 9..=i]);
                assert!((ours.unwrap() - exact).abs() <= 1e-9 * exact.max(1e-6), "bar {i}: {ours:?} vs {exact}");
            }
        }
    }

    #[test]
    fn flat_series_gives_fifty() {
        let out = Rvi::batch(&[5.0; 40], 3, 2).unwrap();
        assert!(out[..3].iter().all(|v| v.is_nan()));
        assert!(out[3..].iter().all(|&v| v == 50.0));
    }

    #[test]
    fn tiny_prices_and_parameters() {
        let close: Vec<f64> = (0..30).map(|i| 1e-12 * (1.0 + (i % 4) as f64)).collect();
        assert!(Rvi::batch(&close, 14, 10).unwrap()[22..].iter().all(|v| (0.0..=100.0).contains(v)));
        assert!(Rvi::new(0, 10).unwrap_err().to_string().contains("timeperiod"));
        assert!(Rvi::new(14, 1).unwrap_err().to_string().contains("stddevperiod"));
        assert!(Rvi::batch(&[1.0, 2.0], 1, 2).unwrap()[1].is_finite());
    }
}

#[cfg(test)]
mod kernel_tests {
    use super::*;
    use crate::indicators::kernel_checks::assert_scaled_paused_batch_is_updates;

    #[test]
    fn batch_is_updates_bit_for_bit() {
        for (period, stddev_period) in [(1, 2), (2, 2), (3, 5), (14, 10), (5, 30)] {
            assert_scaled_paused_batch_is_updates(
                &format!("rvi:{period}:{stddev_period}"),
                |x| Rvi::batch(x, period, stddev_period).unwrap(),
                |x| {
                    let mut rvi = Rvi::new(period, stddev_period).unwrap();
                    x.iter().map(|&v| rvi.update(v)).collect()
                },
            );
        }
        // Long enough to reach the scheduled re-anchors; a slow drift far from zero.
        let long: Vec<f64> = (0..3000).map(|i| 1e6 + (f64::from(i) * 0.37).sin() * 1e-3 + f64::from(i / 700)).collect();
        for (period, stddev_period) in [(2, 2), (14, 10)] {
            let mut rvi = Rvi::new(period, stddev_period).unwrap();
            let expected: Vec<f64> = long.iter().map(|&v| rvi.update(v)).collect();
            let got = Rvi::batch(&long, period, stddev_period).unwrap();
            assert!(
                got.iter().zip(&expected).all(|(a, b)| a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan())),
                "rvi:{period}:{stddev_period} long"
            );
        }
    }
}
