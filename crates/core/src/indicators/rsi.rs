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
        Ok(run_batch(input, |x| rsi.update(x)))
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
        let change = x - self.prev_input;
        let gain = if change > 0.0 { change } else { 0.0 };
        let loss = gain - change;
        Some(if self.changes >= self.period {
            let carry = (self.period - 1) as f64;
            (self.changes, (self.avg_gain * carry + gain) * self.inv_period, (self.avg_loss * carry + loss) * self.inv_period)
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
    batch: |p, columns| Ok(vec![Rsi::batch(first(columns), int_param(p, 0))?]),
    stream: |p| Ok(on_input(Input::Close, Rsi::new(int_param(p, 0))?)),
};
