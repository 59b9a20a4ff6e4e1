use super::ring::Ring;
use super::{check_real, real_param, NBDEV, REAL_MAX, REAL_MIN};
use crate::bar::Input;
use crate::error::Error;
use crate::indicators::{check_period, first, int_param, on_input, single_series, timeperiod};
use crate::registry::IndicatorDef;

/// Population variance over a window, with TA-Lib 0.8.1's running sums.
///
/// The sums hold deviations from a `shift` near the window rather than raw values, so
/// `mean(d²) - mean(d)²` does not cancel two price-squared quantities. They are rebuilt
/// from the window (new shift = window mean) when the variance falls below 1e-6 of the
/// remaining mean square, when the departing squared deviation exceeds 1e6 times the
/// remaining sum, and at least every `32 * period` bars. A rebuilt variance below 1e-12
/// of its mean square is rounding and reads 0. These are TA-Lib's rules, so drift stays
/// bounded and results match it to the bit.
#[derive(Debug, Clone)]
pub(crate) struct RollingVariance {
    period: usize,
    inv_period: f64,
    /// The last `period - 1` inputs.
    window: Ring,
    started: bool,
    sums: Sums,
}

#[derive(Debug, Clone, Copy)]
struct Sums {
    shift: f64,
    deviation: f64,
    squared_deviation: f64,
    bars_until_rebuild: usize,
}

const REBUILD_BELOW: f64 = 1e-6;
const OUTLIER_RATIO: f64 = 1e6;
const ZERO_BELOW: f64 = 1e-12;

impl RollingVariance {
    pub(crate) fn new(period: usize) -> RollingVariance {
        let period = period.max(1);
        RollingVariance {
            period,
            inv_period: 1.0 / period as f64,
            window: Ring::new(period - 1),
            started: false,
            sums: Sums { shift: 0.0, deviation: 0.0, squared_deviation: 0.0, bars_until_rebuild: 32 * period },
        }
    }

    #[inline]
    pub(crate) fn update(&mut self, x: f64) -> f64 {
        let (variance, sums) = self.advance(x);
        self.sums = sums;
        self.started = true;
        self.window.push(x);
        variance
    }

    #[inline]
    pub(crate) fn peek(&self, x: f64) -> f64 {
        self.advance(x).0
    }

    pub(crate) fn reset(&mut self) {
        *self = RollingVariance::new(self.period);
    }

    /// The variance with `x` as the newest input (NaN during warm-up) and the sums after it.
    #[inline]
    fn advance(&self, x: f64) -> (f64, Sums) {
        let mut sums = self.sums;
        if !self.started {
            // TA-Lib anchors the first shift on the first input.
            sums.shift = x;
        }
        if !self.window.is_full() {
            return (f64::NAN, sums.join(x));
        }
        let trailing = self.window.oldest().unwrap_or(x);
        self.slide(sums, trailing, x, || self.window.iter().chain(std::iter::once(x)))
    }

    /// The whole series at once: `project` of the variance of every complete window
    /// (the first ends at index `period - 1`), NaN before. The same steps as
    /// [`update`](Self::update) in the same order, so bit for bit its values, but read
    /// straight from `input`: no ring, no warm-up branch per bar.
    pub(crate) fn batch(period: usize, input: &[f64], project: impl Fn(f64) -> f64) -> Vec<f64> {
        let variance = RollingVariance::new(period);
        let held = variance.period - 1;
        let mut out = Vec::with_capacity(input.len());
        if input.len() <= held {
            out.resize(input.len(), f64::NAN);
            return out;
        }
        out.resize(held, f64::NAN);
        let mut sums = Sums { shift: input[0], ..variance.sums };
        for &x in &input[..held] {
            sums = sums.join(x);
        }
        // Each slot written once, by `extend` from an exact-length iterator: no zeroing
        // pass and no per-push capacity check. The rebuild's window is sliced only on the
        // rare bar that needs it, so the hot path has no bounds checks.
        let departing = input.iter().zip(&input[held..]).enumerate();
        out.extend(departing.map(|(start, (&trailing, &x))| {
            let (value, next) = variance.slide(sums, trailing, x, move || input[start..=start + held].iter().copied());
            sums = next;
            project(value)
        }));
        out
    }

    /// `x` joins a full window and `trailing` (its oldest) is taken out for the next bar;
    /// `window` yields the `period` inputs ending at `x`, oldest first, should the sums
    /// need rebuilding (a rebuild reads them twice). Shared by streaming and batch so both
    /// round alike.
    #[inline(always)]
    fn slide<W: Iterator<Item = f64>>(&self, sums: Sums, trailing: f64, x: f64, window: impl Fn() -> W) -> (f64, Sums) {
        let mut sums = sums.join(x);
        let inv = self.inv_period;
        let mean = inv * sums.deviation;
        let variance = inv * sums.squared_deviation - mean * mean;
        let leaving = trailing - sums.shift;
        let leaving_squared = leaving * leaving;
        sums.squared_deviation -= leaving_squared;
        let mut rebuild =
            (inv * sums.squared_deviation) * REBUILD_BELOW > variance || leaving_squared > sums.squared_deviation * OUTLIER_RATIO;
        if !rebuild {
            sums.bars_until_rebuild -= 1;
            rebuild = sums.bars_until_rebuild == 0;
        }
        if !rebuild {
            sums.deviation -= leaving;
            return (variance, sums);
        }
        self.rebuilt(window, trailing)
    }

    /// The variance of `window` from fresh sums shifted by its mean, and those sums with
    /// `trailing` (its oldest value) already taken out. Cold: at most once per
    /// `32 * period` bars on ordinary data, and kept out of line so the per-bar loop
    /// stays small.
    #[cold]
    #[inline(never)]
    fn rebuilt<W: Iterator<Item = f64>>(&self, window: impl Fn() -> W, trailing: f64) -> (f64, Sums) {
        let inv = self.inv_period;
        let total = window().fold(0.0, |total, v| total + v);
        let mut sums = Sums { shift: total * inv, deviation: 0.0, squared_deviation: 0.0, bars_until_rebuild: 32 * self.period };
        for v in window() {
            sums = sums.join(v);
        }
        let mean = inv * sums.deviation;
        let mut variance = inv * sums.squared_deviation - mean * mean;
        if variance < (inv * sums.squared_deviation) * ZERO_BELOW {
            variance = 0.0;
        }
        let leaving = trailing - sums.shift;
        sums.deviation -= leaving;
        sums.squared_deviation -= leaving * leaving;
        (variance, sums)
    }
}

impl Sums {
    #[inline(always)]
    fn join(mut self, x: f64) -> Sums {
        let d = x - self.shift;
        self.deviation += d;
        self.squared_deviation += d * d;
        self
    }
}

/// Variance (TA-Lib `VAR`): the population variance of the last `period` inputs.
///
/// Runs TA-Lib 0.8.1's shifted running sums (see the crate-internal `RollingVariance`):
/// O(1) per bar, except that the sums are rebuilt from the window, O(period), at least
/// every `32 * period` bars and on bars where cancellation or a departing outlier would
/// otherwise leave rounding drift; TA-Lib does the same, which is what keeps the two
/// bit-identical. TA-Lib's `nbdev` parameter is accepted by the registry and, as in
/// TA-Lib, not used.
///
/// ```
/// use sigil_core::indicators::Var;
/// let mut var = Var::new(3).unwrap();
/// assert!(var.update(1.0).is_nan());
/// assert!(var.update(2.0).is_nan());
/// assert!((var.update(3.0) - 2.0 / 3.0).abs() < 1e-15);
/// assert_eq!(var.peek(4.0), var.clone().update(4.0)); // the forming bar; state unchanged
/// ```
#[derive(Debug, Clone)]
pub struct Var {
    core: RollingVariance,
}

impl Var {
    pub const NAME: &'static str = "var";
    pub const DEFAULT_PERIOD: usize = 5;
    pub const MIN_PERIOD: usize = 1;
    pub const MAX_PERIOD: usize = 100_000;

    pub fn new(period: usize) -> Result<Var, Error> {
        check_period(Self::NAME, "timeperiod", period, Self::MIN_PERIOD, Self::MAX_PERIOD)?;
        Ok(Var { core: RollingVariance::new(period) })
    }

    pub fn lookback(period: usize) -> usize {
        period.saturating_sub(1)
    }

    /// The whole series at once, bit for bit what [`update`](Self::update) gives bar by
    /// bar.
    pub fn batch(input: &[f64], period: usize) -> Result<Vec<f64>, Error> {
        Var::new(period)?;
        Ok(RollingVariance::batch(period, input, |variance| variance))
    }

    #[inline]
    pub fn update(&mut self, x: f64) -> f64 {
        self.core.update(x)
    }

    #[inline]
    pub fn peek(&self, x: f64) -> f64 {
        self.core.peek(x)
    }

    pub fn reset(&mut self) {
        self.core.reset();
    }
}

single_series!(Var);

fn checked(params: &[f64]) -> Result<Var, Error> {
    check_real(Var::NAME, "nbdev", real_param(params, 1), REAL_MIN, REAL_MAX)?;
    Var::new(int_param(params, 0))
}

pub(crate) static DEF: IndicatorDef = IndicatorDef {
    name: Var::NAME,
    title: "Variance",
    group: "Statistic Functions",
    inputs: &[Input::Close],
    params: &[timeperiod(Var::DEFAULT_PERIOD, Var::MIN_PERIOD, Var::MAX_PERIOD), NBDEV],
    outputs: &["real"],
    overlay: false,
    lookback: |p| Var::lookback(int_param(p, 0).max(Var::MIN_PERIOD)),
    batch: kernel!(|p, columns| {
        checked(p)?;
        Ok(vec![Var::batch(first(columns), int_param(p, 0))?])
    }),
    stream: |p| Ok(on_input(Input::Close, checked(p)?)),
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indicators::statistic::regression::tests::awkward_series;
    use crate::indicators::StdDev;

    fn assert_same(batch: &[f64], streamed: &[f64], context: &str) {
        assert_eq!(batch.len(), streamed.len(), "{context}");
        for (i, (b, s)) in batch.iter().zip(streamed).enumerate() {
            assert!(b.to_bits() == s.to_bits() || (b.is_nan() && s.is_nan()), "{context} bar {i}: batch {b} streaming {s}");
        }
    }

    #[test]
    fn batch_equals_streaming_bit_for_bit() {
        let input = awkward_series(5000);
        for period in [1, 2, 3, 5, 14, 30] {
            for len in [0, 1, period - 1, period, period + 1, input.len()] {
                let input = &input[..len];
                let mut var = Var::new(period).unwrap();
                let streamed: Vec<f64> = input.iter().map(|&x| var.update(x)).collect();
                assert_same(&Var::batch(input, period).unwrap(), &streamed, &format!("var period {period} len {len}"));
                if period >= StdDev::MIN_PERIOD {
                    let mut sd = StdDev::new(period, 1.5).unwrap();
                    let streamed: Vec<f64> = input.iter().map(|&x| sd.update(x)).collect();
                    assert_same(&StdDev::batch(input, period, 1.5).unwrap(), &streamed, &format!("stddev period {period} len {len}"));
                }
            }
        }
    }

    #[test]
    fn flat_series_has_zero_variance() {
        let out = Var::batch(&[42.5; 50], 5).unwrap();
        assert!(out[4..].iter().all(|&v| v == 0.0));
    }

    #[test]
    fn tiny_prices_keep_their_variance() {
        let input: Vec<f64> = (0..40).map(|i| 1e-12 * (1.0 + (i % 3) as f64)).collect();
        let out = Var::batch(&input, 3).unwrap();
        for v in &out[2..] {
            assert!((v - 2.0 / 3.0 * 1e-24).abs() < 1e-30, "{v}");
        }
    }

    #[test]
    fn short_input_is_all_nan_and_period_one_is_zero() {
        assert!(Var::batch(&[1.0, 2.0], 5).unwrap().iter().all(|v| v.is_nan()));
        assert_eq!(Var::batch(&[1.0, 7.0, f64::INFINITY], 1).unwrap()[..2], [0.0, 0.0]);
        assert!(Var::new(0).is_err());
        assert!(Var::new(100_001).unwrap_err().to_string().contains("timeperiod"));
    }
}
