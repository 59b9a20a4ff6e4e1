use crate::bar::Input;
use crate::error::Error;
use crate::indicators::{check_period, first, int_param, on_input, single_series, timeperiod};
use crate::registry::IndicatorDef;

/// Kaufman Efficiency Ratio (TA-Lib `ER`): `|close - close[period bars ago]|` over the
/// sum of the `period` absolute one-bar changes between them, from 0 (noise) to 1 (a
/// straight line). First value at index `period`.
///
/// As in TA-Lib: the path sum is a running sum; 1 when the path sum is not positive or
/// not above the net change; and after `period` bars without any change the path sum
/// is reset to exactly 0 (so rounding left from earlier bars does not linger).
///
/// ```
/// use sigil_core::{Series, Spec};
/// let close = [1.0, 2.0, 1.0, 3.0];
/// let out = Spec::parse("er:3").unwrap().compute(&Series::from_close(&close)).unwrap();
/// assert_eq!(out[0][3], 2.0 / 4.0); // net 2 over a path of 1 + 1 + 2
/// ```
#[derive(Debug, Clone)]
pub struct Er {
    period: usize,
    /// The last `period + 1` inputs, oldest at `next` once full.
    closes: Vec<f64>,
    next: usize,
    /// Inputs seen (saturating).
    seen: usize,
    path: f64,
    /// Consecutive bars without change (capped at `period`).
    still_run: usize,
}

impl Er {
    pub const NAME: &'static str = "er";
    pub const DEFAULT_PERIOD: usize = 10;
    pub const MIN_PERIOD: usize = 2;
    pub const MAX_PERIOD: usize = 100_000;

    pub fn new(period: usize) -> Result<Er, Error> {
        check_period(Self::NAME, "timeperiod", period, Self::MIN_PERIOD, Self::MAX_PERIOD)?;
        Ok(Er { period, closes: vec![0.0; period + 1], next: 0, seen: 0, path: 0.0, still_run: 0 })
    }

    /// Bars before the first value.
    pub fn lookback(period: usize) -> usize {
        period
    }

    /// The whole series at once: [`update`](Self::update)'s arithmetic reading the
    /// window straight from the slice, so the values are the same bits.
    pub fn batch(close: &[f64], period: usize) -> Result<Vec<f64>, Error> {
        Er::new(period)?;
        let n = close.len();
        if n <= period {
            return Ok(vec![f64::NAN; n]);
        }
        let mut path = 0.0;
        let mut still_run = 0;
        for pair in close[..=period].windows(2) {
            let step = (pair[0] - pair[1]).abs();
            still_run = extend_still_run(still_run, step);
            path += step;
        }
        let mut out = Vec::with_capacity(n);
        out.resize(period, f64::NAN);
        out.push(Self::ratio(close[period] - close[0], path));
        // Bar i sees the step from i - 1 to i entering the window and the one from
        // i - period - 1 to i - period (the window's base) leaving it. Sums in locals,
        // each slot written once by `extend` from an exact-length iterator.
        let entering = close[period + 1..].iter().zip(&close[period..]);
        let leaving = close[1..].iter().zip(close);
        out.extend(entering.zip(leaving).map(|((&x, &previous), (&base, &oldest))| {
            let value;
            (path, still_run, value) = slide(period, path, still_run, oldest, base, previous, x);
            value
        }));
        Ok(out)
    }

    #[inline]
    pub fn update(&mut self, x: f64) -> f64 {
        let (path, still_run, value) = self.advance(x);
        self.path = path;
        self.still_run = still_run;
        if let Some(slot) = self.closes.get_mut(self.next) {
            *slot = x;
        }
        self.next = if self.next + 1 == self.closes.len() { 0 } else { self.next + 1 };
        self.seen = self.seen.saturating_add(1);
        value
    }

    #[inline]
    pub fn peek(&self, x: f64) -> f64 {
        self.advance(x).2
    }

    pub fn reset(&mut self) {
        self.closes.fill(0.0);
        self.next = 0;
        self.seen = 0;
        self.path = 0.0;
        self.still_run = 0;
    }

    /// The input `back` bars before the one being added (1 = the previous one).
    #[inline]
    fn back(&self, back: usize) -> f64 {
        let len = self.closes.len();
        let at = (self.next + len - back % len) % len;
        self.closes.get(at).copied().unwrap_or(f64::NAN)
    }

    /// (path sum, still run, output) once `x` is added.
    #[inline]
    fn advance(&self, x: f64) -> (f64, usize, f64) {
        let index = self.seen;
        if index == 0 {
            return (self.path, self.still_run, f64::NAN);
        }
        let previous = self.back(1);
        if index <= self.period {
            let step = (previous - x).abs();
            let still_run = extend_still_run(self.still_run, step);
            let path = self.path + step;
            if index < self.period {
                return (path, still_run, f64::NAN);
            }
            return (path, still_run, Self::ratio(x - self.back(self.period), path));
        }
        slide(self.period, self.path, self.still_run, self.back(self.period + 1), self.back(self.period), previous, x)
    }

    #[inline]
    fn ratio(net: f64, path: f64) -> f64 {
        if path <= 0.0 || path <= net {
            1.0
        } else {
            let ratio = (net / path).abs();
            if ratio > 1.0 {
                1.0
            } else {
                ratio
            }
        }
    }
}

/// The still run after one more step. A NaN step counts as a move, as in TA-Lib.
#[inline(always)]
fn extend_still_run(still_run: usize, step: f64) -> usize {
    if step <= 0.0 {
        still_run + 1
    } else {
        0
    }
}

/// One bar past the first value, shared by `update` and `batch` so both round alike:
/// the step `(oldest, base)` leaves the window and `(previous, x)` enters it.
/// Returns (path sum, still run, output).
#[inline(always)]
fn slide(period: usize, path: f64, still_run: usize, oldest: f64, base: f64, previous: f64, x: f64) -> (f64, usize, f64) {
    let still_run = extend_still_run(still_run, (previous - x).abs());
    if still_run >= period {
        return (0.0, period, 1.0);
    }
    let path = path - (oldest - base).abs() + (x - previous).abs();
    (path, still_run, Er::ratio(x - base, path))
}

single_series!(Er);

pub(crate) static DEF: IndicatorDef = IndicatorDef {
    name: Er::NAME,
    title: "Kaufman Efficiency Ratio",
    group: "Momentum Indicators",
    inputs: &[Input::Close],
    params: &[timeperiod(Er::DEFAULT_PERIOD, Er::MIN_PERIOD, Er::MAX_PERIOD)],
    outputs: &["real"],
    overlay: false,
    lookback: |p| Er::lookback(int_param(p, 0)),
    batch: kernel!(|p, columns| Ok(vec![Er::batch(first(columns), int_param(p, 0))?])),
    stream: |p| Ok(on_input(Input::Close, Er::new(int_param(p, 0))?)),
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indicators::kernel_checks::assert_period_batch_is_updates;

    #[test]
    fn batch_is_updates_bit_for_bit() {
        assert_period_batch_is_updates("er", &[2, 3, 4, 7, 10, 30], Er::new, Er::batch);
    }
}
