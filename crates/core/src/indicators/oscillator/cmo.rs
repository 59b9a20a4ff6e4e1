use super::positive_part;
use crate::bar::Input;
use crate::error::Error;
use crate::indicators::{check_period, first, int_param, on_input, run_batch, single_series, timeperiod};
use crate::registry::IndicatorDef;

/// Chande Momentum Oscillator (TA-Lib `CMO`), Wilder-smoothed as TA-Lib does it:
/// `100 * (avg_gain - avg_loss) / (avg_gain + avg_loss)`.
///
/// The averages are seeded with the plain mean of the first `period` gains and losses
/// (first value at index `period`), then `avg = (avg * (period - 1) + change) / period`.
/// That division is TA-Lib 0.8.1's arithmetic to the bit; the `ta-lib` crate 0.8.3
/// steps `avg += change / period - avg / period` instead, a few ulps away. A flat
/// stretch (gain + loss exactly 0) gives 0. For the unsmoothed variant see
/// [`Cmou`](crate::indicators::Cmou).
///
/// ```
/// use sigil_core::indicators::Cmo;
/// let out = Cmo::batch(&[1.0, 2.0, 3.0, 2.0], 2).unwrap();
/// assert!(out[1].is_nan());
/// assert_eq!(out[2], 100.0);
/// assert!((out[3] - 0.0).abs() < 1e-12); // gain 0.5, loss 0.5 after smoothing
/// ```
#[derive(Debug, Clone)]
pub struct Cmo {
    period: usize,
    started: bool,
    /// Changes seen so far (saturates at `period`).
    changes: usize,
    prev_input: f64,
    avg_gain: f64,
    avg_loss: f64,
}

impl Cmo {
    pub const NAME: &'static str = "cmo";
    pub const DEFAULT_PERIOD: usize = 14;
    pub const MIN_PERIOD: usize = 2;
    pub const MAX_PERIOD: usize = 100_000;

    pub fn new(period: usize) -> Result<Cmo, Error> {
        check_period(Self::NAME, "timeperiod", period, Self::MIN_PERIOD, Self::MAX_PERIOD)?;
        Ok(Cmo { period, started: false, changes: 0, prev_input: f64::NAN, avg_gain: 0.0, avg_loss: 0.0 })
    }

    pub fn lookback(period: usize) -> usize {
        period
    }

    /// The whole series at once: the seed through `update`, then the steady recursion
    /// on locals with the previous input read from the slice (the same arithmetic as
    /// `advance` and `output` without their per-bar state checks), each output slot
    /// written once. Same operations in the same order, so the same bits.
    pub fn batch(input: &[f64], period: usize) -> Result<Vec<f64>, Error> {
        let mut cmo = Cmo::new(period)?;
        if input.len() <= period {
            return Ok(run_batch(input, |x| cmo.update(x)));
        }
        let mut out = Vec::with_capacity(input.len());
        out.extend(input[..=period].iter().map(|&x| cmo.update(x)));
        let n = period as f64;
        let carry = n - 1.0;
        let (mut avg_gain, mut avg_loss) = (cmo.avg_gain, cmo.avg_loss);
        out.extend(input[period + 1..].iter().zip(&input[period..]).map(|(&x, &prev)| {
            let (gain, loss) = Cmo::split(x - prev);
            avg_gain = Cmo::smooth(avg_gain, carry, gain, n);
            avg_loss = Cmo::smooth(avg_loss, carry, loss, n);
            Cmo::index(avg_gain, avg_loss)
        }));
        Ok(out)
    }

    #[inline]
    pub fn update(&mut self, x: f64) -> f64 {
        let step = self.advance(x);
        self.started = true;
        self.prev_input = x;
        let Some(step) = step else { return f64::NAN };
        (self.changes, self.avg_gain, self.avg_loss) = step;
        self.output(step)
    }

    #[inline]
    pub fn peek(&self, x: f64) -> f64 {
        self.advance(x).map_or(f64::NAN, |step| self.output(step))
    }

    pub fn reset(&mut self) {
        self.started = false;
        self.changes = 0;
        self.prev_input = f64::NAN;
        self.avg_gain = 0.0;
        self.avg_loss = 0.0;
    }

    /// The state after input `x`: (changes, avg_gain, avg_loss); `None` on the first input.
    #[inline]
    fn advance(&self, x: f64) -> Option<(usize, f64, f64)> {
        if !self.started {
            return None;
        }
        let (gain, loss) = Cmo::split(x - self.prev_input);
        let period = self.period as f64;
        Some(if self.changes >= self.period {
            let carry = period - 1.0;
            (self.changes, Cmo::smooth(self.avg_gain, carry, gain, period), Cmo::smooth(self.avg_loss, carry, loss, period))
        } else if self.changes + 1 == self.period {
            (self.period, (self.avg_gain + gain) / period, (self.avg_loss + loss) / period)
        } else {
            (self.changes + 1, self.avg_gain + gain, self.avg_loss + loss)
        })
    }

    #[inline]
    fn output(&self, (changes, avg_gain, avg_loss): (usize, f64, f64)) -> f64 {
        if changes < self.period {
            return f64::NAN;
        }
        Cmo::index(avg_gain, avg_loss)
    }

    // The arithmetic that `advance`/`output` and the batch loop share, so both give the
    // same bits.

    /// A change as (gain, loss): the gain is the change when positive, else +0 (a NaN
    /// change gains nothing and loses NaN); the loss is `gain - change`. Selected by bit
    /// mask, not by branch: on a noisy series the sign is a coin toss.
    #[inline(always)]
    fn split(change: f64) -> (f64, f64) {
        let gain = positive_part(change);
        (gain, gain - change)
    }

    /// One Wilder step after the seed.
    #[inline(always)]
    fn smooth(average: f64, carry: f64, value: f64, period: f64) -> f64 {
        (average * carry + value) / period
    }

    #[inline(always)]
    fn index(avg_gain: f64, avg_loss: f64) -> f64 {
        let total = avg_gain + avg_loss;
        if total > 0.0 {
            100.0 * ((avg_gain - avg_loss) / total)
        } else {
            0.0
        }
    }
}

single_series!(Cmo);

pub(crate) static DEF: IndicatorDef = IndicatorDef {
    name: Cmo::NAME,
    title: "Chande Momentum Oscillator",
    group: "Momentum Indicators",
    inputs: &[Input::Close],
    params: &[timeperiod(Cmo::DEFAULT_PERIOD, Cmo::MIN_PERIOD, Cmo::MAX_PERIOD)],
    outputs: &["real"],
    overlay: false,
    lookback: |p| Cmo::lookback(int_param(p, 0)),
    batch: kernel!(|p, columns| Ok(vec![Cmo::batch(first(columns), int_param(p, 0))?])),
    stream: |p| Ok(on_input(Input::Close, Cmo::new(int_param(p, 0))?)),
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flat_tiny_and_short_series() {
        assert!(Cmo::batch(&[5.0; 30], 5).unwrap()[5..].iter().all(|&v| v == 0.0));
        let tiny: Vec<f64> = (0..40).map(|i| 1e-12 * (1.0 + 0.01 * f64::from(i).sin())).collect();
        assert!(Cmo::batch(&tiny, 5).unwrap()[5..].iter().all(|v| v.is_finite() && v.abs() <= 100.0 && *v != 0.0));
        assert!(Cmo::batch(&[1.0, 2.0], 2).unwrap().iter().all(|v| v.is_nan()));
        assert!(Cmo::new(1).unwrap_err().to_string().contains("2..=100000"));
    }
}

#[cfg(test)]
mod kernel_tests {
    use super::*;
    use crate::indicators::kernel_checks::assert_period_batch_is_updates;

    #[test]
    fn batch_is_updates_bit_for_bit() {
        assert_period_batch_is_updates("cmo", &[2, 3, 4, 14, 30], Cmo::new, Cmo::batch);
    }
}
