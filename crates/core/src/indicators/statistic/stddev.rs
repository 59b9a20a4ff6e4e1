use super::var::RollingVariance;
use super::{check_real, real_param, NBDEV, REAL_MAX, REAL_MIN};
use crate::bar::Input;
use crate::error::Error;
use crate::indicators::{check_period, first, int_param, on_input, single_series, timeperiod};
use crate::registry::IndicatorDef;

/// Standard deviation (TA-Lib `STDDEV`): `sqrt(variance) * nbdev` over the last `period`
/// inputs, population variance.
///
/// The variance is TA-Lib 0.8.1's (see [`Var`](super::Var)): shifted running sums, O(1)
/// per bar with an O(period) rebuild at least every `32 * period` bars and on bars where
/// cancellation or a departing outlier would leave drift. That trades a little work for
/// bounded drift and bit parity with TA-Lib; the variance it feeds to the square root is
/// never negative (a rounding residue reads 0).
///
/// ```
/// use sigil_core::indicators::StdDev;
/// let mut sd = StdDev::new(2, 2.0).unwrap();
/// sd.update(1.0);
/// assert_eq!(sd.update(3.0), 2.0); // population sd 1, times nbdev 2
/// assert_eq!(sd.peek(3.0), 0.0);
/// ```
#[derive(Debug, Clone)]
pub struct StdDev {
    core: RollingVariance,
    nbdev: f64,
}

impl StdDev {
    pub const NAME: &'static str = "stddev";
    pub const DEFAULT_PERIOD: usize = 5;
    pub const MIN_PERIOD: usize = 2;
    pub const MAX_PERIOD: usize = 100_000;

    pub fn new(period: usize, nbdev: f64) -> Result<StdDev, Error> {
        check_period(Self::NAME, "timeperiod", period, Self::MIN_PERIOD, Self::MAX_PERIOD)?;
        check_real(Self::NAME, "nbdev", nbdev, REAL_MIN, REAL_MAX)?;
        Ok(StdDev { core: RollingVariance::new(period), nbdev })
    }

    pub fn lookback(period: usize) -> usize {
        period.saturating_sub(1)
    }

    /// The whole series at once, bit for bit what [`update`](Self::update) gives bar by
    /// bar.
    pub fn batch(input: &[f64], period: usize, nbdev: f64) -> Result<Vec<f64>, Error> {
        let sd = StdDev::new(period, nbdev)?;
        Ok(RollingVariance::batch(period, input, |variance| sd.scale(variance)))
    }

    #[inline]
    pub fn update(&mut self, x: f64) -> f64 {
        let variance = self.core.update(x);
        self.scale(variance)
    }

    #[inline]
    pub fn peek(&self, x: f64) -> f64 {
        self.scale(self.core.peek(x))
    }

    pub fn reset(&mut self) {
        self.core.reset();
    }

    #[inline(always)]
    fn scale(&self, variance: f64) -> f64 {
        variance.sqrt() * self.nbdev
    }
}

single_series!(StdDev);

pub(crate) static DEF: IndicatorDef = IndicatorDef {
    name: StdDev::NAME,
    title: "Standard Deviation",
    group: "Statistic Functions",
    inputs: &[Input::Close],
    params: &[timeperiod(StdDev::DEFAULT_PERIOD, StdDev::MIN_PERIOD, StdDev::MAX_PERIOD), NBDEV],
    outputs: &["real"],
    overlay: false,
    lookback: |p| StdDev::lookback(int_param(p, 0).max(StdDev::MIN_PERIOD)),
    batch: kernel!(|p, columns| Ok(vec![StdDev::batch(first(columns), int_param(p, 0), real_param(p, 1))?])),
    stream: |p| Ok(on_input(Input::Close, StdDev::new(int_param(p, 0), real_param(p, 1))?)),
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flat_and_tiny_series() {
        assert!(StdDev::batch(&[3.0; 20], 4, 1.0).unwrap()[3..].iter().all(|&v| v == 0.0));
        let tiny: Vec<f64> = (0..20).map(|i| if i % 2 == 0 { 1e-12 } else { 3e-12 }).collect();
        for v in &StdDev::batch(&tiny, 2, 1.0).unwrap()[1..] {
            assert!((v - 1e-12).abs() < 1e-24, "{v}");
        }
    }

    #[test]
    fn rejects_bad_parameters() {
        assert!(StdDev::new(1, 1.0).unwrap_err().to_string().contains("timeperiod"));
        assert!(StdDev::new(5, f64::NAN).unwrap_err().to_string().contains("nbdev"));
        assert!(StdDev::new(5, 4e37).is_err());
        assert!(StdDev::batch(&[1.0], 5, 1.0).unwrap()[0].is_nan());
    }
}
