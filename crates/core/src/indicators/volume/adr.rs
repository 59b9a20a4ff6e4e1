use super::{column, emit};
use crate::bar::{Bar, Input};
use crate::error::Error;
use crate::indicators::{check_period, int_param, timeperiod, Sma};
use crate::registry::{IndicatorDef, Streaming};

/// Average day range (TA-Lib `ADR`): the simple moving average of `high - low`.
///
/// Runs TA-Lib's SMA running sum over the ranges (not `SMA(high) - SMA(low)`, which
/// would carry the price scale's rounding into a range-scale answer).
///
/// ```
/// use sigil_core::{Bar, Spec};
/// let mut adr = Spec::parse("adr:2").unwrap().stream().unwrap();
/// let bar = |high, low| Bar { high, low, ..Bar::default() };
/// assert!(adr.update(&bar(10.0, 9.0))[0].is_nan());
/// assert_eq!(adr.update(&bar(10.0, 7.0)), [2.0]);
/// assert_eq!(adr.peek(&bar(10.0, 10.0)), [1.5]);
/// ```
#[derive(Debug, Clone)]
pub struct Adr {
    sma: Sma,
}

impl Adr {
    pub const NAME: &'static str = "adr";
    pub const DEFAULT_PERIOD: usize = 14;
    pub const MIN_PERIOD: usize = 1;
    pub const MAX_PERIOD: usize = 100_000;

    pub fn new(period: usize) -> Result<Adr, Error> {
        check_period(Self::NAME, "timeperiod", period, Self::MIN_PERIOD, Self::MAX_PERIOD)?;
        Ok(Adr { sma: Sma::new(period)? })
    }

    pub fn lookback(period: usize) -> usize {
        period.saturating_sub(1)
    }

    /// One value per bar of the shorter column: SMA's kernel over the ranges, each
    /// computed where the window takes it in and again where it leaves (no column of
    /// ranges in between).
    pub fn batch(high: &[f64], low: &[f64], period: usize) -> Result<Vec<f64>, Error> {
        Adr::new(period)?;
        Ok(Sma::column_of(high.iter().zip(low).map(|(&high, &low)| high - low), period))
    }

    #[inline]
    pub fn update(&mut self, high: f64, low: f64) -> f64 {
        self.sma.update(high - low)
    }

    #[inline]
    pub fn peek(&self, high: f64, low: f64) -> f64 {
        self.sma.peek(high - low)
    }

    pub fn reset(&mut self) {
        self.sma.reset();
    }
}

impl Streaming for Adr {
    fn update(&mut self, bar: &Bar, out: &mut [f64]) {
        emit(out, &[Adr::update(self, bar.high, bar.low)]);
    }
    fn peek(&self, bar: &Bar, out: &mut [f64]) {
        emit(out, &[Adr::peek(self, bar.high, bar.low)]);
    }
    fn reset(&mut self) {
        Adr::reset(self);
    }
}

pub(crate) static DEF: IndicatorDef = IndicatorDef {
    name: Adr::NAME,
    title: "Average Day Range",
    group: "Volatility Indicators",
    inputs: &[Input::High, Input::Low],
    params: &[timeperiod(Adr::DEFAULT_PERIOD, Adr::MIN_PERIOD, Adr::MAX_PERIOD)],
    outputs: &["real"],
    overlay: false,
    lookback: |p| Adr::lookback(int_param(p, 0)),
    batch: kernel!(|p, c| Ok(vec![Adr::batch(column(c, 0), column(c, 1), int_param(p, 0))?])),
    stream: |p| Ok(Box::new(Adr::new(int_param(p, 0))?)),
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indicators::kernel_checks::assert_high_low_batch_is_updates;

    #[test]
    fn period_one_flat_and_short_input() {
        assert_eq!(Adr::batch(&[2.0, 5.0], &[1.0, 5.0], 1).unwrap(), [1.0, 0.0]);
        assert!(Adr::batch(&[2.0, 5.0], &[1.0, 5.0], 3).unwrap().iter().all(|v| v.is_nan()));
        assert!(Adr::new(0).unwrap_err().to_string().starts_with("adr: parameter timeperiod"));
        assert_eq!(Adr::batch(&[2.0, 5.0, 4.0], &[1.0, 5.0], 2).unwrap()[1], 0.5);
    }

    #[test]
    fn batch_is_updates_bit_for_bit() {
        for period in 1..=7 {
            for scale in [1.0, 1e-12, 1e300] {
                let updates = |high: &[f64], low: &[f64]| {
                    let mut adr = Adr::new(period).unwrap();
                    high.iter().zip(low).map(|(&high, &low)| adr.update(high, low)).collect()
                };
                let batch = |high: &[f64], low: &[f64]| Adr::batch(high, low, period).unwrap();
                assert_high_low_batch_is_updates(&format!("adr:{period}"), scale, batch, updates);
            }
        }
    }
}
