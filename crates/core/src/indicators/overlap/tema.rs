use super::dema::{chain_batch, peek_chain, update_chain, EmaStage};
use crate::bar::Input;
use crate::error::Error;
use crate::indicators::{check_period, first, int_param, on_input, single_series, timeperiod};
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

    /// The values of [`update`](Self::update) bar after bar, bit for bit (see
    /// [`chain_batch`]).
    pub fn batch(input: &[f64], period: usize) -> Result<Vec<f64>, Error> {
        Tema::new(period)?;
        if period == 1 {
            return Ok(input.to_vec());
        }
        Ok(chain_batch(input, period, combine))
    }

    #[inline]
    pub fn update(&mut self, x: f64) -> f64 {
        if self.period == 1 {
            return x;
        }
        update_chain(&mut self.stages, x).map_or(f64::NAN, combine)
    }

    #[inline]
    pub fn peek(&self, x: f64) -> f64 {
        if self.period == 1 {
            return x;
        }
        peek_chain(&self.stages, x).map_or(f64::NAN, combine)
    }

    pub fn reset(&mut self) {
        self.stages.iter_mut().for_each(EmaStage::reset);
    }
}

#[inline(always)]
fn combine([e1, e2, e3]: [f64; 3]) -> f64 {
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

#[cfg(test)]
mod kernel_tests {
    use super::*;
    use crate::indicators::kernel_checks::assert_period_batch_is_updates;

    #[test]
    fn batch_is_updates_bit_for_bit() {
        assert_period_batch_is_updates("tema", &[1, 2, 3, 4, 5, 8, 13], Tema::new, Tema::batch);
    }
}
