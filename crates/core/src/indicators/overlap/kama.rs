use super::ring::Ring;
use crate::bar::Input;
use crate::error::Error;
use crate::indicators::{check_period, first, int_param, on_input, single_series, timeperiod};
use crate::registry::IndicatorDef;

/// Smoothing constants of the fastest (2-bar) and slowest (30-bar) EMA KAMA moves between.
const SLOWEST: f64 = 2.0 / (30.0 + 1.0);
const FASTEST_MINUS_SLOWEST: f64 = 2.0 / (2.0 + 1.0) - SLOWEST;

/// Kaufman adaptive moving average (TA-Lib `KAMA`).
///
/// An EMA whose smoothing constant follows the efficiency ratio
/// `|x - x[period]| / sum(|x - x[1]|)` over the last `period` changes:
/// `sc = (er * (2/3 - 2/31) + 2/31)^2`, `kama += (x - kama) * sc`, starting from the
/// previous input. First value at index `period`. The change total is a running sum
/// as in TA-Lib; once a whole window of changes is exactly zero it is reset to exactly
/// zero (ratio 1) instead of keeping rounding residue, so tiny-priced and flat series
/// behave. Period 1 copies the input.
///
/// ```
/// use sigil_core::indicators::overlap::Kama;
/// let out = Kama::batch(&[1.0, 2.0, 3.0, 4.0], 2).unwrap();
/// assert!(out[1].is_nan());
/// assert!((out[2] - (2.0 + 4.0 / 9.0)).abs() < 1e-12); // a steady trend: er = 1, sc = (2/3)^2
/// ```
#[derive(Debug, Clone)]
pub struct Kama {
    period: usize,
    /// The last `period + 1` inputs before the current one.
    recent: Ring<f64>,
    /// Sum of the absolute one-bar changes in the window.
    change_total: f64,
    /// Consecutive exactly-zero changes, capped at `period`.
    zero_run: usize,
    value: f64,
}

#[derive(Clone, Copy)]
struct Step {
    change_total: f64,
    zero_run: usize,
    value: f64,
}

impl Kama {
    pub const NAME: &'static str = "kama";
    pub const DEFAULT_PERIOD: usize = 30;
    pub const MIN_PERIOD: usize = 1;
    pub const MAX_PERIOD: usize = 100_000;

    pub fn new(period: usize) -> Result<Kama, Error> {
        check_period(Self::NAME, "timeperiod", period, Self::MIN_PERIOD, Self::MAX_PERIOD)?;
        Ok(Self::with_period(period))
    }

    pub(crate) fn with_period(period: usize) -> Kama {
        let period = period.max(1);
        Kama { period, recent: Ring::new(period + 1), change_total: 0.0, zero_run: 0, value: f64::NAN }
    }

    pub fn lookback(period: usize) -> usize {
        if period <= 1 {
            0
        } else {
            period
        }
    }

    /// The whole series at once: [`update`](Self::update)'s arithmetic reading the
    /// window straight from the slice (no ring, no per-bar warm-up branches), so the
    /// values are the same bits.
    pub fn batch(input: &[f64], period: usize) -> Result<Vec<f64>, Error> {
        Kama::new(period)?;
        if period == 1 {
            return Ok(input.to_vec());
        }
        let n = input.len();
        if n <= period {
            return Ok(vec![f64::NAN; n]);
        }
        // Filled before the warm-up so that no call separates the state from the loop:
        // with the allocator (or `extend`'s reserve) called in between, the state was kept
        // on the stack for the whole loop, a store and reload on the bar-to-bar chain.
        let mut out = vec![f64::NAN; n];
        let mut change_total = 0.0;
        let mut zero_run = 0;
        for pair in input[..=period].windows(2) {
            let change = (pair[1] - pair[0]).abs();
            zero_run = extend_zero_run(zero_run, change);
            change_total += change;
        }
        let mut value = smooth(input[period - 1], input[period], efficiency(input[period] - input[0], change_total));
        let Some((first, rest)) = out[period..].split_first_mut() else { return Ok(out) };
        *first = value;
        // Bar i sees the change from i - 1 to i entering the window and the one from
        // i - period - 1 to i - period (the window's base) leaving it.
        let entering = input[period + 1..].iter().zip(&input[period..]);
        let leaving = input[1..].iter().zip(input);
        for (slot, ((&x, &previous), (&base, &oldest))) in rest.iter_mut().zip(entering.zip(leaving)) {
            let ratio;
            (change_total, zero_run, ratio) = slide(period, change_total, zero_run, oldest, base, previous, x);
            value = smooth(value, x, ratio);
            *slot = value;
        }
        Ok(out)
    }

    #[inline]
    pub fn update(&mut self, x: f64) -> f64 {
        if self.period == 1 {
            return x;
        }
        let step = self.advance(x);
        let out = self.output(step.value);
        self.change_total = step.change_total;
        self.zero_run = step.zero_run;
        self.value = step.value;
        self.recent.push(x);
        out
    }

    #[inline]
    pub fn peek(&self, x: f64) -> f64 {
        if self.period == 1 {
            return x;
        }
        self.output(self.advance(x).value)
    }

    pub fn reset(&mut self) {
        self.recent.clear();
        self.change_total = 0.0;
        self.zero_run = 0;
        self.value = f64::NAN;
    }

    #[inline]
    fn output(&self, value: f64) -> f64 {
        // `recent` holds the inputs before the current one, so `period` of them means
        // this bar is index `period` or later.
        if self.recent.len() >= self.period {
            value
        } else {
            f64::NAN
        }
    }

    #[inline]
    fn advance(&self, x: f64) -> Step {
        let held = self.recent.len();
        let Some(previous) = self.recent.back(0) else {
            return Step { change_total: 0.0, zero_run: 0, value: f64::NAN };
        };
        let change = (x - previous).abs();
        if held < self.period {
            let zero_run = extend_zero_run(self.zero_run, change);
            // Still summing the first window's changes; the first value comes at index `period`.
            return Step { change_total: self.change_total + change, zero_run, value: f64::NAN };
        }
        if held == self.period {
            let zero_run = extend_zero_run(self.zero_run, change);
            let change_total = self.change_total + change;
            let base = self.recent.back(self.period - 1).unwrap_or(f64::NAN);
            // TA-Lib starts from the previous input as if it were the previous KAMA.
            return Step { change_total, zero_run, value: smooth(previous, x, efficiency(x - base, change_total)) };
        }
        let base = self.recent.back(self.period - 1).unwrap_or(f64::NAN);
        let leaving = self.recent.back(self.period).unwrap_or(f64::NAN);
        let (change_total, zero_run, ratio) = slide(self.period, self.change_total, self.zero_run, leaving, base, previous, x);
        Step { change_total, zero_run, value: smooth(self.value, x, ratio) }
    }
}

/// The zero-change run after one more change. A NaN change counts as a move.
#[inline(always)]
fn extend_zero_run(zero_run: usize, change: f64) -> usize {
    if change <= 0.0 {
        zero_run + 1
    } else {
        0
    }
}

/// One bar past the first value, shared by `update` and `batch` so both round alike:
/// the change pair `(leaving, base)` leaves the window and `(previous, x)` enters it.
/// Returns the new change total, zero run and efficiency ratio.
#[inline(always)]
fn slide(period: usize, change_total: f64, zero_run: usize, leaving: f64, base: f64, previous: f64, x: f64) -> (f64, usize, f64) {
    let change = (x - previous).abs();
    let zero_run = extend_zero_run(zero_run, change);
    if zero_run >= period {
        return (0.0, period, 1.0);
    }
    let change_total = change_total - (leaving - base).abs() + change;
    (change_total, zero_run, efficiency(x - base, change_total))
}

/// The efficiency ratio, 1 for a window whose net change is its whole path; clamped
/// to 1 where running-sum residue would push it past.
#[inline]
fn efficiency(net_change: f64, change_total: f64) -> f64 {
    if change_total <= 0.0 || change_total <= net_change {
        1.0
    } else {
        (net_change / change_total).abs().min(1.0)
    }
}

#[inline]
fn smooth(previous: f64, x: f64, ratio: f64) -> f64 {
    let constant = ratio * FASTEST_MINUS_SLOWEST + SLOWEST;
    let constant = constant * constant;
    (x - previous) * constant + previous
}

single_series!(Kama);

pub(crate) static DEF: IndicatorDef = IndicatorDef {
    name: Kama::NAME,
    title: "Kaufman Adaptive Moving Average",
    group: "Overlap Studies",
    inputs: &[Input::Close],
    params: &[timeperiod(Kama::DEFAULT_PERIOD, Kama::MIN_PERIOD, Kama::MAX_PERIOD)],
    outputs: &["real"],
    overlay: true,
    lookback: |p| Kama::lookback(int_param(p, 0)),
    batch: Some(|p, columns| Ok(vec![Kama::batch(first(columns), int_param(p, 0))?])),
    stream: |p| Ok(on_input(Input::Close, Kama::new(int_param(p, 0))?)),
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flat_and_tiny_series() {
        let flat = Kama::batch(&[3.0; 20], 4).unwrap();
        assert_eq!(flat.iter().take_while(|v| v.is_nan()).count(), 4);
        assert!(flat[4..].iter().all(|&v| v == 3.0));
        let tiny: Vec<f64> = (0..30).map(|i| 1e-12 * (1.0 + (i % 3) as f64)).collect();
        let out = Kama::batch(&tiny, 5).unwrap();
        assert!(out[5..].iter().all(|v| v.is_finite() && *v > 0.0));
        assert_eq!(Kama::batch(&tiny, 1).unwrap(), tiny);
        assert!(Kama::batch(&tiny[..4], 4).unwrap().iter().all(|v| v.is_nan()));
    }
}

#[cfg(test)]
mod kernel_tests {
    use super::*;
    use crate::indicators::kernel_checks::assert_period_batch_is_updates;

    #[test]
    fn batch_is_updates_bit_for_bit() {
        assert_period_batch_is_updates("kama", &[1, 2, 3, 4, 7, 30], Kama::new, Kama::batch);
    }
}
