use crate::bar::Input;
use crate::error::Error;
use crate::indicators::{check_period, first, int_param, on_input, run_batch, single_series, timeperiod};
use crate::registry::IndicatorDef;

/// Wilder's smoothed moving average (TA-Lib `RMA`), the average inside RSI and ATR:
/// seeded with the mean of the first `period` inputs (first value at index
/// `period - 1`), then `rma = beta * rma + alpha * x` with `beta = (period - 1) / period`
/// and `alpha = 1 - beta`, derived in that order so the two sum to exactly 1.
///
/// ```
/// use sigil_core::indicators::overlap::Rma;
/// let out = Rma::batch(&[1.0, 3.0, 2.0, 6.0], 2).unwrap();
/// assert!(out[0].is_nan());
/// assert_eq!(out[1], 2.0);
/// assert_eq!(out[2], 2.0);
/// assert_eq!(out[3], 4.0);
/// ```
#[derive(Debug, Clone)]
pub struct Rma {
    period: usize,
    alpha: f64,
    beta: f64,
    seen: usize,
    /// The seed sum while warming up, the average afterwards.
    value: f64,
}

impl Rma {
    pub const NAME: &'static str = "rma";
    pub const DEFAULT_PERIOD: usize = 30;
    pub const MIN_PERIOD: usize = 1;
    pub const MAX_PERIOD: usize = 100_000;

    pub fn new(period: usize) -> Result<Rma, Error> {
        check_period(Self::NAME, "timeperiod", period, Self::MIN_PERIOD, Self::MAX_PERIOD)?;
        Ok(Self::with_period(period))
    }

    pub(crate) fn with_period(period: usize) -> Rma {
        let period = period.max(1);
        let beta = (period - 1) as f64 / period as f64;
        Rma { period, alpha: 1.0 - beta, beta, seen: 0, value: 0.0 }
    }

    pub fn lookback(period: usize) -> usize {
        period.saturating_sub(1)
    }

    pub fn batch(input: &[f64], period: usize) -> Result<Vec<f64>, Error> {
        let mut rma = Rma::new(period)?;
        Ok(run_batch(input, |x| rma.update(x)))
    }

    #[inline]
    pub fn update(&mut self, x: f64) -> f64 {
        let (seen, value) = self.advance(x);
        self.seen = seen;
        self.value = value;
        self.output(seen, value)
    }

    #[inline]
    pub fn peek(&self, x: f64) -> f64 {
        let (seen, value) = self.advance(x);
        self.output(seen, value)
    }

    pub fn reset(&mut self) {
        self.seen = 0;
        self.value = 0.0;
    }

    #[inline]
    fn advance(&self, x: f64) -> (usize, f64) {
        if self.seen >= self.period {
            (self.seen, self.beta * self.value + self.alpha * x)
        } else if self.seen + 1 == self.period {
            (self.period, (self.value + x) / self.period as f64)
        } else {
            (self.seen + 1, self.value + x)
        }
    }

    #[inline]
    fn output(&self, seen: usize, value: f64) -> f64 {
        if seen >= self.period {
            value
        } else {
            f64::NAN
        }
    }
}

single_series!(Rma);

pub(crate) static DEF: IndicatorDef = IndicatorDef {
    name: Rma::NAME,
    title: "Wilder's Smoothed Moving Average",
    group: "Overlap Studies",
    inputs: &[Input::Close],
    params: &[timeperiod(Rma::DEFAULT_PERIOD, Rma::MIN_PERIOD, Rma::MAX_PERIOD)],
    outputs: &["real"],
    overlay: true,
    lookback: |p| Rma::lookback(int_param(p, 0)),
    batch: Some(|p, columns| Ok(vec![Rma::batch(first(columns), int_param(p, 0))?])),
    stream: |p| Ok(on_input(Input::Close, Rma::new(int_param(p, 0))?)),
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn period_one_and_flat_tiny() {
        let x = [1.0, -2.0, 3.5];
        assert_eq!(Rma::batch(&x, 1).unwrap(), x);
        let tiny = Rma::batch(&[1e-12; 10], 4).unwrap();
        assert!(tiny[3..].iter().all(|v| (v - 1e-12).abs() < 1e-26));
        assert!(Rma::batch(&x, 4).unwrap().iter().all(|v| v.is_nan()));
    }
}
