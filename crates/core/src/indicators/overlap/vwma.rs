use super::ring::Ring;
use crate::bar::{Bar, Input};
use crate::error::Error;
use crate::indicators::{check_period, int_param, run_bars, timeperiod};
use crate::registry::{IndicatorDef, Streaming};

/// Volume-weighted moving average (TA-Lib `VWMA`):
/// `(sum(close * volume) / period) / (sum(volume) / period)` over the last `period` bars,
/// running sums as in TA-Lib. A window whose volumes are all zero gives NaN (0/0), and
/// its sums restart from exactly zero rather than from rounding residue. Period 1 copies
/// the close.
///
/// ```
/// use sigil_core::indicators::overlap::Vwma;
/// let mut vwma = Vwma::new(2).unwrap();
/// assert!(vwma.update(10.0, 1.0).is_nan());
/// assert_eq!(vwma.update(20.0, 3.0), 17.5);
/// assert!(vwma.peek(5.0, 0.0) == 20.0); // (60 + 0) / 3
/// ```
#[derive(Debug, Clone)]
pub struct Vwma {
    period: usize,
    /// (close, volume) of the previous `period - 1` bars.
    previous: Ring<(f64, f64)>,
    sum_price_volume: f64,
    sum_volume: f64,
    /// Bars with exactly zero volume among `previous`.
    zero_volumes: usize,
}

impl Vwma {
    pub const NAME: &'static str = "vwma";
    pub const DEFAULT_PERIOD: usize = 30;
    pub const MIN_PERIOD: usize = 1;
    pub const MAX_PERIOD: usize = 100_000;

    pub fn new(period: usize) -> Result<Vwma, Error> {
        check_period(Self::NAME, "timeperiod", period, Self::MIN_PERIOD, Self::MAX_PERIOD)?;
        Ok(Vwma { period, previous: Ring::new(period - 1), sum_price_volume: 0.0, sum_volume: 0.0, zero_volumes: 0 })
    }

    pub fn lookback(period: usize) -> usize {
        period.saturating_sub(1)
    }

    pub fn batch(close: &[f64], volume: &[f64], period: usize) -> Result<Vec<f64>, Error> {
        let vwma = Vwma::new(period)?;
        let rows = close.len().min(volume.len());
        Ok(run_bars(OnBars(vwma), &[Input::Close, Input::Volume], &[&close[..rows], &volume[..rows]], 1).pop().unwrap_or_default())
    }

    #[inline]
    pub fn update(&mut self, close: f64, volume: f64) -> f64 {
        if self.period == 1 {
            return close;
        }
        let zero = usize::from(volume.abs() <= 0.0);
        if !self.previous.is_full() {
            self.sum_price_volume += close * volume;
            self.sum_volume += volume;
            self.zero_volumes += zero;
            self.previous.push((close, volume));
            return f64::NAN;
        }
        let (sum_price_volume, sum_volume, value) = self.advance(close, volume);
        let (old_close, old_volume) = self.previous.oldest().unwrap_or((0.0, 0.0));
        let leaving = old_close * old_volume;
        if self.zero_volumes + zero >= self.period {
            // A dead window: restart the sums from exact zero, less the departing bar
            // (a non-finite close times zero volume stays NaN, as in TA-Lib).
            self.sum_price_volume = 0.0 - leaving;
            self.sum_volume = 0.0 - old_volume;
        } else {
            self.sum_price_volume = sum_price_volume - leaving;
            self.sum_volume = sum_volume - old_volume;
        }
        self.zero_volumes = self.zero_volumes + zero - usize::from(old_volume.abs() <= 0.0);
        self.previous.push((close, volume));
        value
    }

    #[inline]
    pub fn peek(&self, close: f64, volume: f64) -> f64 {
        if self.period == 1 {
            return close;
        }
        if !self.previous.is_full() {
            return f64::NAN;
        }
        self.advance(close, volume).2
    }

    pub fn reset(&mut self) {
        self.previous.clear();
        self.sum_price_volume = 0.0;
        self.sum_volume = 0.0;
        self.zero_volumes = 0;
    }

    #[inline]
    fn advance(&self, close: f64, volume: f64) -> (f64, f64, f64) {
        let n = self.period as f64;
        let zero = usize::from(volume.abs() <= 0.0);
        let (sum_price_volume, sum_volume) = if self.zero_volumes + zero >= self.period {
            (0.0, 0.0)
        } else {
            (self.sum_price_volume + close * volume, self.sum_volume + volume)
        };
        (sum_price_volume, sum_volume, sum_price_volume / n / (sum_volume / n))
    }
}

struct OnBars(Vwma);

impl Streaming for OnBars {
    fn update(&mut self, bar: &Bar, out: &mut [f64]) {
        out[0] = self.0.update(bar.close, bar.volume);
    }
    fn peek(&self, bar: &Bar, out: &mut [f64]) {
        out[0] = self.0.peek(bar.close, bar.volume);
    }
    fn reset(&mut self) {
        self.0.reset();
    }
}

pub(crate) static DEF: IndicatorDef = IndicatorDef {
    name: Vwma::NAME,
    title: "Volume Weighted Moving Average",
    group: "Overlap Studies",
    inputs: &[Input::Close, Input::Volume],
    params: &[timeperiod(Vwma::DEFAULT_PERIOD, Vwma::MIN_PERIOD, Vwma::MAX_PERIOD)],
    outputs: &["real"],
    overlay: true,
    lookback: |p| Vwma::lookback(int_param(p, 0)),
    batch: kernel!(|p, columns| {
        let column = |i: usize| columns.get(i).copied().unwrap_or(&[]);
        Ok(vec![Vwma::batch(column(0), column(1), int_param(p, 0))?])
    }),
    stream: |p| Ok(Box::new(OnBars(Vwma::new(int_param(p, 0))?))),
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zero_volume_windows() {
        let close: Vec<f64> = (1..=10).map(f64::from).collect();
        let volume = [0.0, 0.0, 0.0, 1.0, 2.0, 0.0, 0.0, 0.0, 0.0, 3.0];
        let out = Vwma::batch(&close, &volume, 3).unwrap();
        assert!(out[2].is_nan() && out[7].is_nan() && out[8].is_nan());
        assert_eq!(out[3], 4.0);
        assert_eq!(out[9], 10.0);
        assert_eq!(Vwma::batch(&close, &volume, 1).unwrap(), close);
    }
}
