use super::dema::EmaStage;
use crate::bar::Input;
use crate::error::Error;
use crate::indicators::{check_period, first, int_param, on_input, run_batch, single_series, timeperiod};
use crate::registry::IndicatorDef;

/// Triple exponential moving average (TA-Lib `TEMA`):
/// `3 * EMA1 - 3 * EMA2 + EMA3`, each EMA of the previous one with the same period and
/// seeded with the mean of its first `period` inputs (first value at index
/// `3 * (period - 1)`). Period 1 copies the input.
///
/// ```
/// use sigil_core::indicators::overlap::Tema;
/// let line: Vec<f64> = (0..10).map(f64::from).collect();
/// let out = Tema::batch(&line, 3).unwrap();
/// assert!(out[5].is_nan());
/// assert!((out[6] - 6.0).abs() < 1e-12); // no lag on a straight line
/// ```
#[derive(Debug, Clone)]
pub struct Tema {
    period: usize,
    stages: [EmaStage; 3],
}

impl Tema {
    pub const NAME: &'static str = "tema";
    pub const DEFAULT_PERIOD: usize = 30;
    pub const MIN_PERIOD: usize = 1;
    pub const MAX_PERIOD: usize = 100_000;

    pub fn new(period: usize) -> Result<Tema, Error> {
        check_period(Self::NAME, "timeperiod", period, Self::MIN_PERIOD, Self::MAX_PERIOD)?;
        Ok(Tema { period, stages: [EmaStage::new(period), EmaStage::new(period), EmaStage::new(period)] })
    }

    pub fn lookback(period: usize) -> usize {
        3 * period.saturating_sub(1)
    }

    pub fn batch(input: &[f64], period: usize) -> Result<Vec<f64>, Error> {
        let mut tema = Tema::new(period)?;
        Ok(run_batch(input, |x| tema.update(x)))
    }

    #[inline]
    pub fn update(&mut self, x: f64) -> f64 {
        if self.period == 1 {
            return x;
        }
        let [s1, s2, s3] = &mut self.stages;
        let Some(e1) = s1.update(x) else { return f64::NAN };
        let Some(e2) = s2.update(e1) else { return f64::NAN };
        let Some(e3) = s3.update(e2) else { return f64::NAN };
        combine(e1, e2, e3)
    }

    #[inline]
    pub fn peek(&self, x: f64) -> f64 {
        if self.period == 1 {
            return x;
        }
        let [s1, s2, s3] = &self.stages;
        let Some(e1) = s1.peek(x) else { return f64::NAN };
        let Some(e2) = s2.peek(e1) else { return f64::NAN };
        let Some(e3) = s3.peek(e2) else { return f64::NAN };
        combine(e1, e2, e3)
    }

    pub fn reset(&mut self) {
        self.stages.iter_mut().for_each(EmaStage::reset);
    }
}

#[inline]
fn combine(e1: f64, e2: f64, e3: f64) -> f64 {
    e3 + (3.0 * e1 - 3.0 * e2)
}

single_series!(Tema);

pub(crate) static DEF: IndicatorDef = IndicatorDef {
    name: Tema::NAME,
    title: "Triple Exponential Moving Average",
    group: "Overlap Studies",
    inputs: &[Input::Close],
    params: &[timeperiod(Tema::DEFAULT_PERIOD, Tema::MIN_PERIOD, Tema::MAX_PERIOD)],
    outputs: &["real"],
    overlay: true,
    lookback: |p| Tema::lookback(int_param(p, 0)),
    batch: Some(|p, columns| Ok(vec![Tema::batch(first(columns), int_param(p, 0))?])),
    stream: |p| Ok(on_input(Input::Close, Tema::new(int_param(p, 0))?)),
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn warm_up_flat_and_bounds() {
        let flat = Tema::batch(&[5.0; 30], 4).unwrap();
        assert_eq!(flat.iter().take_while(|v| v.is_nan()).count(), 9);
        assert!(flat[9..].iter().all(|&v| v == 5.0));
        assert!(Tema::batch(&[1.0; 8], 4).unwrap().iter().all(|v| v.is_nan()));
        assert!(Tema::new(0).is_err() && Tema::new(100_001).is_err());
    }
}
