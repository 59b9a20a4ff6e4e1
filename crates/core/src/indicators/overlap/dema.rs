use crate::bar::Input;
use crate::error::Error;
use crate::indicators::{check_period, first, int_param, on_input, run_batch, single_series, timeperiod, Ema};
use crate::registry::IndicatorDef;

/// An EMA fed the output of another once that one has warmed up, as TA-Lib chains
/// them in DEMA, TEMA and T3: each stage is seeded with the mean of its first
/// `period` inputs, which are the previous stage's first `period` outputs.
#[derive(Debug, Clone)]
pub(crate) struct EmaStage {
    ema: Ema,
    /// Inputs consumed, saturating at the warm-up length.
    seen: usize,
    warmup: usize,
}

impl EmaStage {
    /// `period` >= 1, already validated by the caller.
    pub(crate) fn new(period: usize) -> EmaStage {
        let period = period.clamp(Ema::MIN_PERIOD, Ema::MAX_PERIOD);
        EmaStage { ema: Ema::new(period).unwrap_or_else(|_| unreachable_ema()), seen: 0, warmup: period - 1 }
    }

    /// The next value, or `None` while warming up (NaN input counts as a value).
    #[inline]
    pub(crate) fn update(&mut self, x: f64) -> Option<f64> {
        let value = self.ema.update(x);
        if self.seen < self.warmup {
            self.seen += 1;
            return None;
        }
        Some(value)
    }

    #[inline]
    pub(crate) fn peek(&self, x: f64) -> Option<f64> {
        if self.seen < self.warmup {
            return None;
        }
        Some(self.ema.peek(x))
    }

    pub(crate) fn reset(&mut self) {
        self.ema.reset();
        self.seen = 0;
    }
}

/// `EmaStage::new` clamps the period into EMA's range, so this is never called; it
/// keeps an `unwrap` off the path.
#[cold]
fn unreachable_ema() -> Ema {
    Ema::new(1).unwrap_or_else(|_| unreachable!("period 1 is valid for EMA"))
}

/// Double exponential moving average (TA-Lib `DEMA`): `2 * EMA(x) - EMA(EMA(x))`,
/// both with the same period, each EMA seeded with the mean of its first `period`
/// inputs (so the first value is at index `2 * (period - 1)`). Period 1 copies the input.
///
/// ```
/// use sigil_core::indicators::overlap::Dema;
/// let out = Dema::batch(&[1.0, 2.0, 3.0, 4.0, 5.0], 2).unwrap();
/// assert!(out[1].is_nan());
/// assert!((out[2] - 3.0).abs() < 1e-12); // a straight line has no lag
/// ```
#[derive(Debug, Clone)]
pub struct Dema {
    period: usize,
    first: EmaStage,
    second: EmaStage,
}

impl Dema {
    pub const NAME: &'static str = "dema";
    pub const DEFAULT_PERIOD: usize = 30;
    pub const MIN_PERIOD: usize = 1;
    pub const MAX_PERIOD: usize = 100_000;

    pub fn new(period: usize) -> Result<Dema, Error> {
        check_period(Self::NAME, "timeperiod", period, Self::MIN_PERIOD, Self::MAX_PERIOD)?;
        Ok(Dema { period, first: EmaStage::new(period), second: EmaStage::new(period) })
    }

    pub fn lookback(period: usize) -> usize {
        2 * period.saturating_sub(1)
    }

    pub fn batch(input: &[f64], period: usize) -> Result<Vec<f64>, Error> {
        let mut dema = Dema::new(period)?;
        Ok(run_batch(input, |x| dema.update(x)))
    }

    #[inline]
    pub fn update(&mut self, x: f64) -> f64 {
        if self.period == 1 {
            return x;
        }
        let Some(e1) = self.first.update(x) else { return f64::NAN };
        let Some(e2) = self.second.update(e1) else { return f64::NAN };
        2.0 * e1 - e2
    }

    #[inline]
    pub fn peek(&self, x: f64) -> f64 {
        if self.period == 1 {
            return x;
        }
        let Some(e1) = self.first.peek(x) else { return f64::NAN };
        let Some(e2) = self.second.peek(e1) else { return f64::NAN };
        2.0 * e1 - e2
    }

    pub fn reset(&mut self) {
        self.first.reset();
        self.second.reset();
    }
}

single_series!(Dema);

pub(crate) static DEF: IndicatorDef = IndicatorDef {
    name: Dema::NAME,
    title: "Double Exponential Moving Average",
    group: "Overlap Studies",
    inputs: &[Input::Close],
    params: &[timeperiod(Dema::DEFAULT_PERIOD, Dema::MIN_PERIOD, Dema::MAX_PERIOD)],
    outputs: &["real"],
    overlay: true,
    lookback: |p| Dema::lookback(int_param(p, 0)),
    batch: Some(|p, columns| Ok(vec![Dema::batch(first(columns), int_param(p, 0))?])),
    stream: |p| Ok(on_input(Input::Close, Dema::new(int_param(p, 0))?)),
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn warm_up_and_bounds() {
        let x: Vec<f64> = (0..40).map(|i| 100.0 + ((i * 7) % 5) as f64).collect();
        let out = Dema::batch(&x, 5).unwrap();
        assert_eq!(out.iter().take_while(|v| v.is_nan()).count(), Dema::lookback(5));
        assert_eq!(Dema::batch(&x, 1).unwrap(), x);
        let flat = Dema::batch(&[1e-12; 20], 3).unwrap();
        assert!(flat[4..].iter().all(|v| (v - 1e-12).abs() < 1e-24));
        assert!(Dema::new(0).is_err());
    }
}
