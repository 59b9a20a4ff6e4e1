use super::ring::Ring;
use crate::bar::Input;
use crate::error::Error;
use crate::indicators::{check_period, first, int_param, on_input, single_series, timeperiod};
use crate::registry::IndicatorDef;

/// Triangular moving average (TA-Lib `TRIMA`): weights rise 1, 2, ... to the middle of
/// the window and fall back to 1 (an SMA of an SMA).
///
/// TA-Lib's incremental form is kept so the values match to the bit: a numerator of
/// weighted inputs, plus the sums of the window's older half (`falling`, whose weights
/// drop by one each bar) and newer half (`rising`, whose weights grow by one). The
/// window's first total is built once, newest-to-oldest over the older half as TA-Lib
/// does; that one O(period) pass is the only non-O(1) step. Period 1 copies the input.
///
/// ```
/// use sigil_core::indicators::overlap::Trima;
/// let out = Trima::batch(&[1.0, 2.0, 3.0, 4.0, 5.0, 6.0], 4).unwrap();
/// assert!(out[2].is_nan());
/// assert_eq!(out[3], (1.0 + 2.0 * 2.0 + 2.0 * 3.0 + 4.0) / 6.0);
/// ```
#[derive(Debug, Clone)]
pub struct Trima {
    period: usize,
    /// Half the period, rounded down: the middle input is `half` bars back.
    half: usize,
    factor: f64,
    /// The last `period` inputs (the current window once warmed up).
    window: Ring<f64>,
    numerator: f64,
    falling: f64,
    rising: f64,
    /// Whether the sums describe the window in `window` (set at the first output).
    primed: bool,
}

impl Trima {
    pub const NAME: &'static str = "trima";
    pub const DEFAULT_PERIOD: usize = 30;
    pub const MIN_PERIOD: usize = 1;
    pub const MAX_PERIOD: usize = 100_000;

    pub fn new(period: usize) -> Result<Trima, Error> {
        check_period(Self::NAME, "timeperiod", period, Self::MIN_PERIOD, Self::MAX_PERIOD)?;
        Ok(Self::with_period(period))
    }

    pub(crate) fn with_period(period: usize) -> Trima {
        let period = period.max(1);
        let half = period / 2;
        let weight_total = if period % 2 == 1 { (half + 1) as f64 * (half + 1) as f64 } else { half as f64 * (half + 1) as f64 };
        Trima {
            period,
            half,
            factor: 1.0 / weight_total,
            window: Ring::new(period),
            numerator: 0.0,
            falling: 0.0,
            rising: 0.0,
            primed: false,
        }
    }

    pub fn lookback(period: usize) -> usize {
        period.saturating_sub(1)
    }

    /// The whole series at once: the first window's sums as `update` builds them, then
    /// its slide on locals, the leaving and crossing inputs read from the slice instead
    /// of a ring, each output slot written once. Same operations in the same order, so
    /// the same bits.
    pub fn batch(input: &[f64], period: usize) -> Result<Vec<f64>, Error> {
        let trima = Trima::new(period)?;
        if period == 1 {
            return Ok(input.to_vec());
        }
        let n = input.len();
        if n < period {
            return Ok(vec![f64::NAN; n]);
        }
        let (factor, half, odd) = (trima.factor, trima.half, period % 2 == 1);
        let mut sums = first_sums(period, half, |i| input[i]);
        let mut out = Vec::with_capacity(n);
        out.resize(period - 1, f64::NAN);
        out.push(sums.0 * factor);
        // Bar i: input i - period leaves, input i - half crosses into the older half.
        let bars = input[period..].iter().zip(&input[period - half..]).zip(input);
        out.extend(bars.map(|((&x, &crossing), &leaving)| {
            sums = slide(sums, leaving, crossing, x, odd);
            sums.0 * factor
        }));
        Ok(out)
    }

    #[inline]
    pub fn update(&mut self, x: f64) -> f64 {
        if self.period == 1 {
            return x;
        }
        if !self.primed {
            if self.window.len() + 1 < self.period {
                self.window.push(x);
                return f64::NAN;
            }
            let (numerator, falling, rising) = self.first_sums(x);
            self.window.push(x);
            (self.numerator, self.falling, self.rising, self.primed) = (numerator, falling, rising, true);
            return numerator * self.factor;
        }
        let (numerator, falling, rising) = self.slide(x);
        self.window.push(x);
        (self.numerator, self.falling, self.rising) = (numerator, falling, rising);
        numerator * self.factor
    }

    #[inline]
    pub fn peek(&self, x: f64) -> f64 {
        if self.period == 1 {
            return x;
        }
        if self.primed {
            self.slide(x).0 * self.factor
        } else if self.window.len() + 1 == self.period {
            self.first_sums(x).0 * self.factor
        } else {
            f64::NAN
        }
    }

    pub fn reset(&mut self) {
        self.window.clear();
        self.numerator = 0.0;
        self.falling = 0.0;
        self.rising = 0.0;
        self.primed = false;
    }

    /// The sums of the first full window: `period - 1` inputs held plus `x`.
    fn first_sums(&self, x: f64) -> (f64, f64, f64) {
        first_sums(self.period, self.half, |i| {
            if i + 1 == self.period {
                x
            } else {
                self.window.back(self.window.len() - 1 - i).unwrap_or(f64::NAN)
            }
        })
    }

    /// The sums after sliding the window by one bar to end at `x`.
    #[inline]
    fn slide(&self, x: f64) -> (f64, f64, f64) {
        let leaving = self.window.oldest().unwrap_or(f64::NAN);
        // The input crossing from the newer half to the older one: `half` bars before `x`.
        let crossing = self.window.back(self.half - 1).unwrap_or(f64::NAN);
        slide((self.numerator, self.falling, self.rising), leaving, crossing, x, self.period % 2 == 1)
    }
}

/// (numerator, falling, rising) of a first full window, `value(i)` its input `i`
/// (oldest first), built as TA-Lib does: shared by `update` and `batch`.
fn first_sums(period: usize, half: usize, value: impl Fn(usize) -> f64) -> (f64, f64, f64) {
    // The older part: indices 0..=middle, where the heaviest input sits.
    let middle = if period % 2 == 1 { half } else { half - 1 };
    let (mut numerator, mut falling, mut rising) = (0.0, 0.0, 0.0);
    for i in (0..=middle).rev() {
        falling += value(i);
        numerator += falling;
    }
    for i in middle + 1..period {
        rising += value(i);
        numerator += rising;
    }
    (numerator, falling, rising)
}

/// The sums after the window slides one bar to end at `x`: `leaving` drops out of the
/// older half, `crossing` moves from the newer half to the older. Shared by `update`
/// and `batch`.
#[inline(always)]
fn slide((numerator, falling, rising): (f64, f64, f64), leaving: f64, crossing: f64, x: f64, odd: bool) -> (f64, f64, f64) {
    let mut numerator = numerator - falling;
    let falling = falling - leaving + crossing;
    let mut rising = rising;
    if odd {
        numerator += rising;
        rising -= crossing;
    } else {
        rising -= crossing;
        numerator += rising;
    }
    rising += x;
    numerator += x;
    (numerator, falling, rising)
}

single_series!(Trima);

pub(crate) static DEF: IndicatorDef = IndicatorDef {
    name: Trima::NAME,
    title: "Triangular Moving Average",
    group: "Overlap Studies",
    inputs: &[Input::Close],
    params: &[timeperiod(Trima::DEFAULT_PERIOD, Trima::MIN_PERIOD, Trima::MAX_PERIOD)],
    outputs: &["real"],
    overlay: true,
    lookback: |p| Trima::lookback(int_param(p, 0)),
    batch: Some(|p, columns| Ok(vec![Trima::batch(first(columns), int_param(p, 0))?])),
    stream: |p| Ok(on_input(Input::Close, Trima::new(int_param(p, 0))?)),
};

#[cfg(test)]
mod tests {
    use super::*;

    fn direct(x: &[f64], end: usize, period: usize) -> f64 {
        let half = period / 2;
        let weights: Vec<f64> = (0..period).map(|i| (i.min(period - 1 - i) + 1).min(half + 1) as f64).collect();
        let start = end + 1 - period;
        let total: f64 = weights.iter().sum();
        x[start..=end].iter().zip(&weights).map(|(v, w)| v * w).sum::<f64>() / total
    }

    #[test]
    fn matches_direct_weights_odd_and_even() {
        let x: Vec<f64> = (0..60).map(|i| ((i * 13) % 17) as f64 - 3.0).collect();
        for period in [2, 3, 4, 5, 8, 9] {
            let out = Trima::batch(&x, period).unwrap();
            for (i, value) in out.iter().enumerate().skip(period - 1) {
                assert!((value - direct(&x, i, period)).abs() < 1e-12, "period {period} at {i}");
            }
        }
        assert_eq!(Trima::batch(&x, 1).unwrap(), x);
    }
}

#[cfg(test)]
mod kernel_tests {
    use super::*;
    use crate::indicators::kernel_checks::assert_period_batch_is_updates;

    #[test]
    fn batch_is_updates_bit_for_bit() {
        assert_period_batch_is_updates("trima", &[1, 2, 3, 4, 5, 8, 9, 30], Trima::new, Trima::batch);
    }
}
