use super::ring::Ring;
use crate::bar::Input;
use crate::error::Error;
use crate::indicators::{check_period, first, int_param, on_input, run_batch, single_series, timeperiod};
use crate::registry::IndicatorDef;

/// Average deviation (TA-Lib `AVGDEV`): the mean absolute deviation of the last `period`
/// inputs from their mean.
///
/// Streaming cost: O(period) per bar. Every deviation depends on the current mean, so no
/// running sum can carry it; TA-Lib rescans the window each bar too, newest first, and
/// so do we (same order, same rounding).
///
/// ```
/// use sigil_core::indicators::Avgdev;
/// let mut avgdev = Avgdev::new(3).unwrap();
/// avgdev.update(1.0);
/// avgdev.update(2.0);
/// assert_eq!(avgdev.update(6.0), 2.0); // mean 3: (2 + 1 + 3) / 3
/// assert!((avgdev.peek(2.0) - 16.0 / 9.0).abs() < 1e-15); // the forming bar; state unchanged
/// ```
#[derive(Debug, Clone)]
pub struct Avgdev {
    period: usize,
    /// The last `period - 1` inputs.
    window: Ring,
}

impl Avgdev {
    pub const NAME: &'static str = "avgdev";
    pub const DEFAULT_PERIOD: usize = 14;
    pub const MIN_PERIOD: usize = 2;
    pub const MAX_PERIOD: usize = 100_000;

    pub fn new(period: usize) -> Result<Avgdev, Error> {
        check_period(Self::NAME, "timeperiod", period, Self::MIN_PERIOD, Self::MAX_PERIOD)?;
        Ok(Avgdev { period, window: Ring::new(period - 1) })
    }

    pub fn lookback(period: usize) -> usize {
        period.saturating_sub(1)
    }

    pub fn batch(input: &[f64], period: usize) -> Result<Vec<f64>, Error> {
        let mut avgdev = Avgdev::new(period)?;
        Ok(run_batch(input, |x| avgdev.update(x)))
    }

    #[inline]
    pub fn update(&mut self, x: f64) -> f64 {
        let value = self.peek(x);
        self.window.push(x);
        value
    }

    #[inline]
    pub fn peek(&self, x: f64) -> f64 {
        if !self.window.is_full() {
            return f64::NAN;
        }
        let n = self.period as f64;
        // TA-Lib walks from the newest value back, and divides the sum by n inside the
        // deviation loop; the window ring is oldest first, so fold it in reverse order.
        let sum = self.fold_newest_first(x, |acc, v| acc + v);
        let mut deviation = (x - sum / n).abs();
        deviation = self.fold_newest_first(deviation, |acc, v| acc + (v - sum / n).abs());
        deviation / n
    }

    pub fn reset(&mut self) {
        self.window.clear();
    }

    #[inline]
    fn fold_newest_first(&self, init: f64, f: impl Fn(f64, f64) -> f64) -> f64 {
        self.window.iter_newest_first().fold(init, f)
    }
}

single_series!(Avgdev);

pub(crate) static DEF: IndicatorDef = IndicatorDef {
    name: Avgdev::NAME,
    title: "Average Deviation",
    group: "Price Transform",
    inputs: &[Input::Close],
    params: &[timeperiod(Avgdev::DEFAULT_PERIOD, Avgdev::MIN_PERIOD, Avgdev::MAX_PERIOD)],
    outputs: &["real"],
    overlay: false,
    lookback: |p| Avgdev::lookback(int_param(p, 0).max(Avgdev::MIN_PERIOD)),
    batch: kernel!(|p, columns| Ok(vec![Avgdev::batch(first(columns), int_param(p, 0))?])),
    stream: |p| Ok(on_input(Input::Close, Avgdev::new(int_param(p, 0))?)),
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edge_cases() {
        assert!(Avgdev::batch(&[5.0; 30], 14).unwrap()[13..].iter().all(|&v| v == 0.0));
        assert!(Avgdev::batch(&[1.0; 3], 14).unwrap().iter().all(|v| v.is_nan()));
        let tiny = Avgdev::batch(&[1e-12, 3e-12, 1e-12, 3e-12], 2).unwrap();
        assert!(tiny[1..].iter().all(|v| (v - 1e-12).abs() < 1e-24));
        assert!(Avgdev::new(1).is_err());
    }
}
