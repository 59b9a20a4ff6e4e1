use super::atr::Atr;
use super::{column, emit};
use crate::bar::{Bar, Input};
use crate::error::Error;
use crate::indicators::{int_param, timeperiod};
use crate::registry::{IndicatorDef, Streaming};

/// Normalized average true range (TA-Lib `NATR`): `ATR / close * 100`.
///
/// Two TA-Lib 0.8.1 conventions are kept: a zero close gives 0 (not an infinity),
/// and at period 1 the value is the ATR itself, not normalized.
///
/// ```
/// use sigil_core::{Series, Spec};
/// let (high, low, close) = ([10.0, 11.0, 11.0], [9.0, 10.0, 10.5], [9.5, 10.5, 10.0]);
/// let out = Spec::parse("natr:2").unwrap().compute(&Series { high: &high, low: &low, close: &close, ..Series::default() }).unwrap();
/// assert!(out[0][1].is_nan());
/// assert_eq!(out[0][2], 10.0); // ATR 1.0 against a close of 10
/// ```
#[derive(Debug, Clone)]
pub struct Natr {
    atr: Atr,
}

impl Natr {
    pub const NAME: &'static str = "natr";

    pub fn new(period: usize) -> Result<Natr, Error> {
        Ok(Natr { atr: Atr::named(Self::NAME, "timeperiod", period)? })
    }

    pub fn lookback(period: usize) -> usize {
        Atr::lookback(period)
    }

    /// ATR's kernel with the normalization in its loop.
    pub fn batch(high: &[f64], low: &[f64], close: &[f64], period: usize) -> Result<Vec<f64>, Error> {
        let natr = Natr::new(period)?;
        Ok(if period <= 1 {
            natr.atr.column_with(high, low, close, |atr, _| atr)
        } else {
            natr.atr.column_with(high, low, close, Self::normalized)
        })
    }

    #[inline]
    pub fn update(&mut self, high: f64, low: f64, close: f64) -> f64 {
        self.atr.step(high, low, close).map_or(f64::NAN, |atr| self.normalize(atr, close))
    }

    #[inline]
    pub fn peek(&self, high: f64, low: f64, close: f64) -> f64 {
        self.atr.peek_step(high, low, close).map_or(f64::NAN, |atr| self.normalize(atr, close))
    }

    pub fn reset(&mut self) {
        self.atr.reset();
    }

    #[inline]
    fn normalize(&self, atr: f64, close: f64) -> f64 {
        if self.atr.period() <= 1 {
            atr
        } else {
            Self::normalized(atr, close)
        }
    }

    #[inline(always)]
    fn normalized(atr: f64, close: f64) -> f64 {
        if close != 0.0 {
            atr / close * 100.0
        } else {
            0.0
        }
    }
}

impl Streaming for Natr {
    fn update(&mut self, bar: &Bar, out: &mut [f64]) {
        emit(out, &[Natr::update(self, bar.high, bar.low, bar.close)]);
    }
    fn peek(&self, bar: &Bar, out: &mut [f64]) {
        emit(out, &[Natr::peek(self, bar.high, bar.low, bar.close)]);
    }
    fn reset(&mut self) {
        Natr::reset(self);
    }
}

pub(crate) static DEF: IndicatorDef = IndicatorDef {
    name: Natr::NAME,
    title: "Normalized Average True Range",
    group: "Volatility Indicators",
    inputs: &[Input::High, Input::Low, Input::Close],
    params: &[timeperiod(Atr::DEFAULT_PERIOD, Atr::MIN_PERIOD, Atr::MAX_PERIOD)],
    outputs: &["real"],
    overlay: false,
    lookback: |p| Natr::lookback(int_param(p, 0)),
    batch: kernel!(|p, columns| Ok(vec![Natr::batch(column(columns, 0), column(columns, 1), column(columns, 2), int_param(p, 0))?])),
    stream: |p| Ok(Box::new(Natr::new(int_param(p, 0))?)),
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indicators::kernel_checks::assert_bars_batch_is_updates;

    #[test]
    fn zero_close_gives_zero_and_period_one_is_not_normalized() {
        let (h, l, z) = ([10.0, 11.0, 12.0], [9.0, 10.0, 11.0], [0.0; 3]);
        let out = Natr::batch(&h, &l, &z, 2).unwrap();
        assert!(out[1].is_nan());
        assert_eq!(out[2], 0.0);
        let c = [9.5, 10.5, 11.5];
        assert_eq!(Natr::batch(&h, &l, &c, 1).unwrap()[1..], Atr::batch(&h, &l, &c, 1).unwrap()[1..]);
    }

    #[test]
    fn batch_is_updates_bit_for_bit() {
        for period in 1..=7 {
            let batch = |high: &[f64], low: &[f64], close: &[f64]| Natr::batch(high, low, close, period).unwrap();
            let updates = |high: &[f64], low: &[f64], close: &[f64]| {
                let mut natr = Natr::new(period).unwrap();
                (0..close.len()).map(|i| natr.update(high[i], low[i], close[i])).collect()
            };
            assert_bars_batch_is_updates(&format!("natr:{period}"), batch, updates);
        }
    }

    #[test]
    fn invalid_period_is_reported_as_natr() {
        assert!(Natr::new(0).unwrap_err().to_string().starts_with("natr: parameter timeperiod"));
    }
}
