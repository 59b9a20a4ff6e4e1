use super::hilbert::{DominantCycle, SHORT_WARMUP};
use crate::bar::Input;
use crate::indicators::{first, on_input, run_batch, single_series};
use crate::registry::IndicatorDef;

/// Bars before the first value: TA-Lib's fixed HT_DCPERIOD lookback.
const LOOKBACK: usize = 32;

/// Hilbert transform dominant cycle period (TA-Lib `HT_DCPERIOD`): Ehlers' homodyne
/// measurement of the current cycle length in bars, clamped to 6..50 and smoothed.
///
/// The first 32 bars are warm-up (NaN), as in TA-Lib. O(1) per bar with no allocation:
/// the state is a small fixed-size value, which `peek` copies.
///
/// ```
/// use sigil_core::indicators::HtDcPeriod;
/// let mut dc_period = HtDcPeriod::new();
/// let out: Vec<f64> = (0..120).map(|i| dc_period.update((f64::from(i) * 0.4).sin())).collect();
/// assert!(out[31].is_nan());
/// assert!(out[119] > 6.0 && out[119] < 50.0);
/// assert_eq!(dc_period.peek(0.5), dc_period.clone().update(0.5)); // state unchanged
/// ```
#[derive(Debug, Clone)]
pub struct HtDcPeriod {
    cycle: DominantCycle,
}

impl Default for HtDcPeriod {
    fn default() -> Self {
        HtDcPeriod::new()
    }
}

impl HtDcPeriod {
    pub const NAME: &'static str = "ht_dcperiod";

    pub fn new() -> HtDcPeriod {
        HtDcPeriod { cycle: DominantCycle::new(SHORT_WARMUP, 0) }
    }

    pub fn lookback() -> usize {
        LOOKBACK
    }

    pub fn batch(input: &[f64]) -> Vec<f64> {
        let mut dc_period = HtDcPeriod::new();
        run_batch(input, |x| dc_period.update(x))
    }

    #[inline]
    pub fn update(&mut self, x: f64) -> f64 {
        step(&mut self.cycle, x)
    }

    #[inline]
    pub fn peek(&self, x: f64) -> f64 {
        step(&mut self.cycle.clone(), x)
    }

    pub fn reset(&mut self) {
        *self = HtDcPeriod::new();
    }
}

#[inline]
fn step(cycle: &mut DominantCycle, x: f64) -> f64 {
    match cycle.step(x) {
        Some(bar) if cycle.bars() > LOOKBACK => bar.smooth_period,
        _ => f64::NAN,
    }
}

single_series!(HtDcPeriod);

pub(crate) static DEF: IndicatorDef = IndicatorDef {
    name: HtDcPeriod::NAME,
    title: "Hilbert Transform - Dominant Cycle Period",
    group: "Cycle Indicators",
    inputs: &[Input::Close],
    params: &[],
    outputs: &["real"],
    overlay: false,
    lookback: |_| HtDcPeriod::lookback(),
    batch: kernel!(|_, columns| Ok(vec![HtDcPeriod::batch(first(columns))])),
    stream: |_| Ok(on_input(Input::Close, HtDcPeriod::new())),
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edge_cases() {
        assert!(HtDcPeriod::batch(&[1.0; 32]).iter().all(|v| v.is_nan()));
        let flat = HtDcPeriod::batch(&[7.5; 100]);
        assert!(flat[..32].iter().all(|v| v.is_nan()) && flat[32..].iter().all(|v| v.is_finite()));
        assert!(HtDcPeriod::batch(&[1e-12; 100])[32..].iter().all(|v| v.is_finite()));
        let wild: Vec<f64> = (0..200).map(|i| [f64::NAN, f64::INFINITY, -1.0, 0.0, f64::MAX][i % 5]).collect();
        assert_eq!(HtDcPeriod::batch(&wild).len(), 200);
    }
}
