use super::{check_period, first, int_param, on_input, run_batch, single_series, timeperiod};
use crate::bar::Input;
use crate::error::Error;
use crate::registry::IndicatorDef;

/// Relative Strength Index (TA-Lib `RSI`), Wilder-smoothed.
///
/// As in TA-Lib 0.8.1: the averages are seeded with the plain mean of the first
/// `period` gains and losses, so the first value is at index `period`; then
/// `avg = (avg * (period - 1) + change) * (1 / period)`. The gain + loss total is
/// tested exactly against zero (no fixed epsilon band, so tiny-priced instruments
/// work), and a zero total (a flat stretch) gives 0 as TA-Lib 0.8.1 does. The
/// `ta-lib` crate 0.8.3 answers 50 there instead; we follow 0.8.1.
///
/// ```
/// use sigil_core::indicators::Rsi;
/// let out = Rsi::batch(&[1.0, 2.0, 3.0, 2.0, 3.0], 2).unwrap();
/// assert!(out[1].is_nan());
/// assert_eq!(out[2], 100.0);
/// ```
#[derive(Debug, Clone)]
pub struct Rsi {
    period: usize,
    inv_period: f64,
    /// Whether a first input (the base of the first change) has been seen.
    started: bool,
    /// Changes seen so far (saturates at `period`).
    changes: usize,
    prev_input: f64,
    avg_gain: f64,
    avg_loss: f64,
}

impl Rsi {
    pub const NAME: &'static str = "rsi";
    pub const DEFAULT_PERIOD: usize = 14;
    pub const MIN_PERIOD: usize = 2;
    pub const MAX_PERIOD: usize = 100_000;

    pub fn new(period: usize) -> Result<Rsi, Error> {
        check_period(Self::NAME, "timeperiod", period, Self::MIN_PERIOD, Self::MAX_PERIOD)?;
        Ok(Rsi { period, inv_period: 1.0 / period as f64, started: false, changes: 0, prev_input: f64::NAN, avg_gain: 0.0, avg_loss: 0.0 })
    }

    pub fn lookback(period: usize) -> usize {
        period
    }

    pub fn batch(input: &[f64], period: usize) -> Result<Vec<f64>, Error> {
        let mut rsi = Rsi::new(period)?;
        if input.len() <= period {
            return Ok(run_batch(input, |x| rsi.update(x)));
        }
        // Warm-up through `update`, then the steady recursion on locals: the same
        // arithmetic as `advance` and `output`, without their per-bar state checks. Each
        // slot is written once, by `extend` (a zeroed allocation would first be cleared
        // by a pass of its own whenever the allocator reuses memory).
        let mut out = Vec::with_capacity(input.len());
        out.extend(input[..=period].iter().map(|&x| rsi.update(x)));
        let carry = (period - 1) as f64;
        let (inv_period, mut prev, mut avg_gain, mut avg_loss) = (rsi.inv_period, rsi.prev_input, rsi.avg_gain, rsi.avg_loss);
        out.extend(input[period + 1..].iter().map(|&x| {
            let change = x - prev;
            prev = x;
            let (gain, loss) = Rsi::split(change);
            avg_gain = Rsi::smooth(avg_gain, carry, gain, inv_period);
            avg_loss = Rsi::smooth(avg_loss, carry, loss, inv_period);
            Rsi::index(avg_gain, avg_loss)
        }));
        Ok(out)
    }

    #[inline]
    pub fn update(&mut self, x: f64) -> f64 {
        let Some(step) = self.advance(x) else {
            self.started = true;
            self.prev_input = x;
            return f64::NAN;
        };
        (self.changes, self.avg_gain, self.avg_loss) = step;
        self.prev_input = x;
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
        let (gain, loss) = Rsi::split(x - self.prev_input);
        Some(if self.changes >= self.period {
            let carry = (self.period - 1) as f64;
            (
                self.changes,
                Rsi::smooth(self.avg_gain, carry, gain, self.inv_period),
                Rsi::smooth(self.avg_loss, carry, loss, self.inv_period),
            )
        } else if self.changes + 1 == self.period {
            (self.period, (self.avg_gain + gain) * self.inv_period, (self.avg_loss + loss) * self.inv_period)
        } else {
            (self.changes + 1, self.avg_gain + gain, self.avg_loss + loss)
        })
    }

    #[inline]
    fn output(&self, (changes, avg_gain, avg_loss): (usize, f64, f64)) -> f64 {
        if changes < self.period {
            return f64::NAN;
        }
        Rsi::index(avg_gain, avg_loss)
    }

    // The three pieces of arithmetic that `advance`/`output` and the batch loop share,
    // so both give the same bits.

    /// A change as (gain, loss), both non-negative. Written as arithmetic, not a
    /// comparison: V8 compiles a float select in wasm to a branch, which a price walk
    /// mispredicts half the time (RSI ran at 7.5 ns/bar in wasm, twice native). Equal to
    /// `max(change, 0)` for every finite change below 8.9e307; a NaN or infinite change
    /// gives different intermediate values but the same outputs (the averages are then
    /// NaN or infinite for good, and the index 0, either way).
    #[inline(always)]
    fn split(change: f64) -> (f64, f64) {
        let gain = (change + change.abs()) * 0.5;
        (gain, gain - change)
    }

    /// One Wilder step after the seed.
    #[inline(always)]
    fn smooth(average: f64, carry: f64, value: f64, inv_period: f64) -> f64 {
        (average * carry + value) * inv_period
    }

    #[inline(always)]
    fn index(avg_gain: f64, avg_loss: f64) -> f64 {
        let total = avg_gain + avg_loss;
        if total > 0.0 {
            100.0 * (avg_gain / total)
        } else {
            0.0
        }
    }
}

single_series!(Rsi);

pub(crate) static DEF: IndicatorDef = IndicatorDef {
    name: Rsi::NAME,
    title: "Relative Strength Index",
    group: "Momentum Indicators",
    inputs: &[Input::Close],
    params: &[timeperiod(Rsi::DEFAULT_PERIOD, Rsi::MIN_PERIOD, Rsi::MAX_PERIOD)],
    outputs: &["real"],
    overlay: false,
    lookback: |p| Rsi::lookback(int_param(p, 0).max(Rsi::MIN_PERIOD)),
    batch: Some(|p, columns| Ok(vec![Rsi::batch(first(columns), int_param(p, 0))?])),
    stream: |p| Ok(on_input(Input::Close, Rsi::new(int_param(p, 0))?)),
};

#[cfg(test)]
mod tests {
    use super::*;

    /// RSI with the gain taken by comparison, as TA-Lib writes it.
    fn by_comparison(input: &[f64], period: usize) -> Vec<f64> {
        let (carry, inv) = ((period - 1) as f64, 1.0 / period as f64);
        let (mut gain_sum, mut loss_sum) = (0.0, 0.0);
        let mut out = vec![f64::NAN; input.len()];
        for i in 1..input.len() {
            let change = input[i] - input[i - 1];
            let gain = if change > 0.0 { change } else { 0.0 };
            let loss = gain - change;
            if i < period {
                (gain_sum, loss_sum) = (gain_sum + gain, loss_sum + loss);
                continue;
            }
            (gain_sum, loss_sum) = if i == period {
                ((gain_sum + gain) * inv, (loss_sum + loss) * inv)
            } else {
                ((gain_sum * carry + gain) * inv, (loss_sum * carry + loss) * inv)
            };
            let total = gain_sum + loss_sum;
            out[i] = if total > 0.0 { 100.0 * (gain_sum / total) } else { 0.0 };
        }
        out
    }

    #[test]
    fn the_arithmetic_gain_gives_the_outputs_of_the_comparison_one_on_bad_values() {
        let walk = [10.0, 10.5, 10.2, 10.8, 11.0, 10.9, 11.3, 11.1, 11.6, 11.4, 11.9, 12.0];
        for bad in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
            for at in 0..walk.len() {
                let mut input = walk.to_vec();
                input[at] = bad;
                let expected = by_comparison(&input, 3);
                let got = Rsi::batch(&input, 3).unwrap();
                for (i, (g, e)) in got.iter().zip(&expected).enumerate() {
                    assert!(g == e || (g.is_nan() && e.is_nan()), "{bad} at {at}: bar {i} gives {g}, the comparison form {e}");
                }
            }
        }
        let clean = Rsi::batch(&walk, 3).unwrap();
        assert_eq!(clean[3..], by_comparison(&walk, 3)[3..]);
    }
}
