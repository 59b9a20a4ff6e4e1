use super::{column, emit};
use crate::bar::{Bar, Input};
use crate::error::Error;
use crate::indicators::{check_period, int_param, timeperiod};
use crate::registry::{IndicatorDef, Streaming};

/// Relative volume (TA-Lib `RVOL`): the bar's volume over the mean volume of the
/// `period` bars before it (the bar itself is not in its own baseline).
///
/// Like TA-Lib 0.8.1: a zero baseline gives plain IEEE division (infinity, or NaN for
/// a zero volume), and the baseline is a running total (drop the oldest, add the
/// newest), so after a run of zero-volume bars it can hold a tiny rounding residue of
/// the volumes that left (even a negative one) rather than exactly 0. The `ta-lib`
/// crate 0.8.3 resets the total after a window of zero volumes; 0.8.1 does not.
///
/// ```
/// use sigil_core::{Bar, Spec};
/// let mut rvol = Spec::parse("rvol:2").unwrap().stream().unwrap();
/// let bar = |volume| Bar { volume, ..Bar::default() };
/// assert!(rvol.update(&bar(10.0))[0].is_nan());
/// assert!(rvol.update(&bar(30.0))[0].is_nan());
/// assert_eq!(rvol.update(&bar(40.0)), [2.0]); // 40 against a mean of 20
/// assert_eq!(rvol.peek(&bar(35.0)), [1.0]);
/// ```
#[derive(Debug, Clone)]
pub struct RelativeVolume {
    period: usize,
    /// The last `period` volumes, oldest at `oldest` once full.
    window: Vec<f64>,
    oldest: usize,
    total: f64,
}

impl RelativeVolume {
    pub const NAME: &'static str = "rvol";
    pub const DEFAULT_PERIOD: usize = 20;
    pub const MIN_PERIOD: usize = 1;
    pub const MAX_PERIOD: usize = 100_000;

    pub fn new(period: usize) -> Result<RelativeVolume, Error> {
        check_period(Self::NAME, "timeperiod", period, Self::MIN_PERIOD, Self::MAX_PERIOD)?;
        Ok(RelativeVolume { period, window: Vec::with_capacity(period), oldest: 0, total: 0.0 })
    }

    pub fn lookback(period: usize) -> usize {
        period
    }

    pub fn batch(volume: &[f64], period: usize) -> Result<Vec<f64>, Error> {
        let mut rvol = RelativeVolume::new(period)?;
        Ok(volume.iter().map(|&v| rvol.update(v)).collect())
    }

    #[inline]
    pub fn update(&mut self, volume: f64) -> f64 {
        let (value, total) = self.advance(volume);
        self.total = total;
        if self.window.len() < self.period {
            self.window.push(volume);
        } else {
            self.window[self.oldest] = volume;
            self.oldest = if self.oldest + 1 == self.period { 0 } else { self.oldest + 1 };
        }
        value
    }

    #[inline]
    pub fn peek(&self, volume: f64) -> f64 {
        self.advance(volume).0
    }

    pub fn reset(&mut self) {
        self.window.clear();
        self.oldest = 0;
        self.total = 0.0;
    }

    /// (output, total) after `volume`, in TA-Lib's order: the ratio against the
    /// previous window, then drop the oldest volume, then add this one.
    #[inline]
    fn advance(&self, volume: f64) -> (f64, f64) {
        let Some(&departing) = self.window.get(self.oldest).filter(|_| self.window.len() == self.period) else {
            return (f64::NAN, self.total + volume);
        };
        let value = volume / (self.total / self.period as f64);
        (value, self.total - departing + volume)
    }
}

impl Streaming for RelativeVolume {
    fn update(&mut self, bar: &Bar, out: &mut [f64]) {
        emit(out, &[RelativeVolume::update(self, bar.volume)]);
    }
    fn peek(&self, bar: &Bar, out: &mut [f64]) {
        emit(out, &[RelativeVolume::peek(self, bar.volume)]);
    }
    fn reset(&mut self) {
        RelativeVolume::reset(self);
    }
}

pub(crate) static DEF: IndicatorDef = IndicatorDef {
    name: RelativeVolume::NAME,
    title: "Relative Volume",
    group: "Volume Indicators",
    inputs: &[Input::Volume],
    params: &[timeperiod(RelativeVolume::DEFAULT_PERIOD, RelativeVolume::MIN_PERIOD, RelativeVolume::MAX_PERIOD)],
    outputs: &["real"],
    overlay: false,
    lookback: |p| RelativeVolume::lookback(int_param(p, 0)),
    batch: kernel!(|p, c| Ok(vec![RelativeVolume::batch(column(c, 0), int_param(p, 0))?])),
    stream: |p| Ok(Box::new(RelativeVolume::new(int_param(p, 0))?)),
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zero_baselines_follow_ieee_like_talib() {
        let out = RelativeVolume::batch(&[0.0, 0.0, 100.0, 0.0, 0.0, 0.0, 50.0, 60.0, 0.0, 70.0], 2).unwrap();
        assert!(out[0].is_nan() && out[1].is_nan());
        assert_eq!(out[2], f64::INFINITY);
        assert_eq!(out[3..5], [0.0, 0.0]);
        assert!(out[5].is_nan());
        assert_eq!(out[6], f64::INFINITY);
        assert_eq!(out[7], 2.4);
    }

    #[test]
    fn a_dead_window_keeps_the_residue_like_talib_0_8_1() {
        let volumes = [1e12, 0.1, 0.2, 0.0, 0.0, 0.0, 5.0, 0.0, 0.0, 0.0, 0.0, 3.0];
        let out = RelativeVolume::batch(&volumes, 3).unwrap();
        // Python talib 0.8.2 (TA-Lib C 0.8.1) on the same input.
        assert!((out[6] / -204799.99999995 - 1.0).abs() < 1e-12);
        assert!((out[11] / -122880.0000003 - 1.0).abs() < 1e-12);
        assert_eq!(out[10], 0.0);
    }
}
