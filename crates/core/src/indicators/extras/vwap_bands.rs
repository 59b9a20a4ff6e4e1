//! The running sums behind the session and anchored VWAPs: the volume-weighted mean of
//! the typical price `(high + low + close) / 3` and its volume-weighted standard
//! deviation, and the bands `vwap ± k σ`.

use super::{check_real, MAX_BAND_MULTIPLIER};
use crate::error::Error;

/// The outputs: vwap, upperband1, lowerband1, upperband2, lowerband2.
pub(crate) const OUTPUTS: &[&str] = &["vwap", "upperband1", "lowerband1", "upperband2", "lowerband2"];

/// Volume-weighted typical-price statistics since the last restart.
///
/// The VWAP itself is `Σ(tp·v) / Σv`, as the reference libraries compute it. The
/// variance uses West's weighted update of the mean and of the sum of squared
/// deviations rather than `Σ(tp²·v)/Σv - vwap²`, whose subtraction cancels almost every
/// digit at BTC-sized prices over a tight session.
///
/// A bar is skipped (adds nothing) when its typical price or volume is not finite, or
/// the volume is not positive: one bad print must not poison the rest of the session.
/// While no volume has been added the outputs are NaN (0/0).
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct VwapSums {
    volume: f64,
    price_volume: f64,
    mean: f64,
    squared_deviations: f64,
}

impl VwapSums {
    /// Adds one bar.
    #[inline]
    pub(crate) fn add(&mut self, high: f64, low: f64, close: f64, volume: f64) {
        let typical = (high + low + close) / 3.0;
        if !(typical.is_finite() && volume.is_finite() && volume > 0.0) {
            return;
        }
        let total = self.volume + volume;
        let delta = typical - self.mean;
        self.mean += delta * (volume / total);
        self.squared_deviations += volume * delta * (typical - self.mean);
        self.volume = total;
        self.price_volume += typical * volume;
    }

    /// `[vwap, vwap + k1 σ, vwap - k1 σ, vwap + k2 σ, vwap - k2 σ]`.
    #[inline]
    pub(crate) fn output(&self, bands: &Bands) -> [f64; 5] {
        if self.volume.is_nan() || self.volume <= 0.0 {
            return [f64::NAN; 5];
        }
        let vwap = self.price_volume / self.volume;
        let sigma = (self.squared_deviations / self.volume).max(0.0).sqrt();
        let (one, two) = (bands.first * sigma, bands.second * sigma);
        [vwap, vwap + one, vwap - one, vwap + two, vwap - two]
    }
}

/// The two σ multipliers.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Bands {
    pub(crate) first: f64,
    pub(crate) second: f64,
}

impl Bands {
    pub(crate) const DEFAULT_FIRST: f64 = 1.0;
    pub(crate) const DEFAULT_SECOND: f64 = 2.0;

    pub(crate) fn new(indicator: &'static str, first: f64, second: f64) -> Result<Bands, Error> {
        check_real(indicator, "nbdev1", first, 0.0, MAX_BAND_MULTIPLIER)?;
        check_real(indicator, "nbdev2", second, 0.0, MAX_BAND_MULTIPLIER)?;
        Ok(Bands { first, second })
    }
}

/// The two multiplier parameters, shared by `svwap` and `avwap`.
pub(crate) const BAND_PARAMS: [crate::registry::ParamDef; 2] = [
    super::real_param_def("nbdev1", Bands::DEFAULT_FIRST, 0.0, MAX_BAND_MULTIPLIER, "σ multiplier of the inner bands"),
    super::real_param_def("nbdev2", Bands::DEFAULT_SECOND, 0.0, MAX_BAND_MULTIPLIER, "σ multiplier of the outer bands"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weighted_mean_and_deviation() {
        // Typical prices 10 (volume 1) and 13 (volume 2): mean 12, variance (4 + 2) / 3 = 2.
        let mut sums = VwapSums::default();
        let bands = Bands::new("x", 1.0, 2.0).unwrap();
        assert!(sums.output(&bands)[0].is_nan());
        sums.add(10.0, 10.0, 10.0, 1.0);
        assert_eq!(sums.output(&bands), [10.0; 5]);
        sums.add(13.0, 13.0, 13.0, 2.0);
        let [vwap, u1, l1, u2, l2] = sums.output(&bands);
        let sigma = 2f64.sqrt();
        assert_eq!(vwap, 12.0);
        assert!((u1 - (12.0 + sigma)).abs() < 1e-14 && (l1 - (12.0 - sigma)).abs() < 1e-14);
        assert!((u2 - (12.0 + 2.0 * sigma)).abs() < 1e-14 && (l2 - (12.0 - 2.0 * sigma)).abs() < 1e-14);
    }

    #[test]
    fn bad_bars_are_skipped() {
        let mut sums = VwapSums::default();
        let bands = Bands::new("x", 1.0, 2.0).unwrap();
        sums.add(f64::NAN, 1.0, 1.0, 1.0);
        sums.add(1.0, 1.0, 1.0, f64::INFINITY);
        sums.add(1.0, 1.0, 1.0, -1.0);
        sums.add(1.0, 1.0, 1.0, 0.0);
        assert!(sums.output(&bands)[0].is_nan());
        sums.add(5.0, 5.0, 5.0, 3.0);
        assert_eq!(sums.output(&bands), [5.0; 5]);
    }

    #[test]
    fn multipliers_are_checked() {
        assert!(Bands::new("svwap", -1.0, 2.0).unwrap_err().to_string().contains("nbdev1"));
        assert!(Bands::new("svwap", 1.0, f64::NAN).unwrap_err().to_string().contains("nbdev2"));
    }
}
