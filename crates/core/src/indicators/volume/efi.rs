use super::{column, emit, rows};
use crate::bar::{Bar, Input};
use crate::error::Error;
use crate::indicators::{check_period, int_param, timeperiod, Ema};
use crate::registry::{IndicatorDef, Streaming};

/// Elder's force index (TA-Lib `EFI`): the EMA of `(close - previous close) * volume`.
///
/// The first force needs a previous close, so the EMA (TA-Lib seeding: the mean of the
/// first `period` forces) gives its first value at index `period`. At period 1 the
/// value is the force itself, as in TA-Lib.
///
/// ```
/// use sigil_core::{Bar, Spec};
/// let mut efi = Spec::parse("efi:2").unwrap().stream().unwrap();
/// let bar = |close, volume| Bar { close, volume, ..Bar::default() };
/// assert!(efi.update(&bar(10.0, 5.0))[0].is_nan());
/// assert!(efi.update(&bar(11.0, 10.0))[0].is_nan()); // force 10
/// assert_eq!(efi.update(&bar(10.0, 20.0)), [-5.0]); // force -20; seed: mean of 10 and -20
/// let forming = efi.peek(&bar(10.5, 10.0))[0]; // force 5: -5 / 3 + 5 * 2 / 3
/// assert!((forming - 5.0 / 3.0).abs() < 1e-12);
/// ```
#[derive(Debug, Clone)]
pub struct Efi {
    ema: Ema,
    period: usize,
    prev_close: Option<f64>,
}

impl Efi {
    pub const NAME: &'static str = "efi";
    pub const DEFAULT_PERIOD: usize = 13;
    pub const MIN_PERIOD: usize = 1;
    pub const MAX_PERIOD: usize = 100_000;

    pub fn new(period: usize) -> Result<Efi, Error> {
        check_period(Self::NAME, "timeperiod", period, Self::MIN_PERIOD, Self::MAX_PERIOD)?;
        Ok(Efi { ema: Ema::new(period)?, period, prev_close: None })
    }

    pub fn lookback(period: usize) -> usize {
        period
    }

    pub fn batch(close: &[f64], volume: &[f64], period: usize) -> Result<Vec<f64>, Error> {
        let mut efi = Efi::new(period)?;
        let n = rows(&[close, volume]);
        Ok((0..n).map(|i| efi.update(close[i], volume[i])).collect())
    }

    #[inline]
    pub fn update(&mut self, close: f64, volume: f64) -> f64 {
        let value = match self.prev_close {
            None => f64::NAN,
            Some(_) if self.period == 1 => self.force(close, volume),
            Some(_) => self.ema.update(self.force(close, volume)),
        };
        self.prev_close = Some(close);
        value
    }

    #[inline]
    pub fn peek(&self, close: f64, volume: f64) -> f64 {
        match self.prev_close {
            None => f64::NAN,
            // TA-Lib outputs the force directly here rather than through a 1-bar EMA
            // (identical but for a non-finite previous value).
            Some(_) if self.period == 1 => self.force(close, volume),
            Some(_) => self.ema.peek(self.force(close, volume)),
        }
    }

    pub fn reset(&mut self) {
        self.ema.reset();
        self.prev_close = None;
    }

    #[inline]
    fn force(&self, close: f64, volume: f64) -> f64 {
        self.prev_close.map_or(f64::NAN, |prev| (close - prev) * volume)
    }
}

impl Streaming for Efi {
    fn update(&mut self, bar: &Bar, out: &mut [f64]) {
        emit(out, &[Efi::update(self, bar.close, bar.volume)]);
    }
    fn peek(&self, bar: &Bar, out: &mut [f64]) {
        emit(out, &[Efi::peek(self, bar.close, bar.volume)]);
    }
    fn reset(&mut self) {
        Efi::reset(self);
    }
}

pub(crate) static DEF: IndicatorDef = IndicatorDef {
    name: Efi::NAME,
    title: "Elder's Force Index",
    group: "Volume Indicators",
    inputs: &[Input::Close, Input::Volume],
    params: &[timeperiod(Efi::DEFAULT_PERIOD, Efi::MIN_PERIOD, Efi::MAX_PERIOD)],
    outputs: &["real"],
    overlay: false,
    lookback: |p| Efi::lookback(int_param(p, 0)),
    batch: kernel!(|p, c| Ok(vec![Efi::batch(column(c, 0), column(c, 1), int_param(p, 0))?])),
    stream: |p| Ok(Box::new(Efi::new(int_param(p, 0))?)),
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn period_one_is_the_raw_force() {
        let out = Efi::batch(&[1.0, 2.0, f64::INFINITY, 1.0], &[1.0, 1e12, 1.0, 1.0], 1).unwrap();
        assert!(out[0].is_nan());
        assert_eq!(out[1], 1e12);
        assert!(out[3].is_infinite()); // (1 - inf) * 1: plain IEEE, no panic
    }

    #[test]
    fn zero_volume_and_short_input() {
        assert_eq!(Efi::batch(&[1.0, 2.0, 3.0], &[0.0; 3], 2).unwrap()[2], 0.0);
        assert!(Efi::batch(&[1.0, 2.0], &[1.0; 2], 2).unwrap().iter().all(|v| v.is_nan()));
    }
}
