use super::hilbert::{DominantCycle, SHORT_WARMUP};
use super::{on_close_pair, PairSeries};
use crate::bar::Input;
use crate::indicators::first;
use crate::registry::IndicatorDef;

/// Bars before the first value: TA-Lib's fixed HT_PHASOR lookback.
const LOOKBACK: usize = 32;

/// Hilbert transform phasor components (TA-Lib `HT_PHASOR`): the in-phase (I1) and
/// quadrature (Q1) components of the detrended, smoothed price.
///
/// The first 32 bars are warm-up (NaN), as in TA-Lib. O(1) per bar with no allocation:
/// the state is a small fixed-size value, which `peek` copies.
///
/// ```
/// use sigil_core::indicators::HtPhasor;
/// let mut phasor = HtPhasor::new();
/// let out: Vec<(f64, f64)> = (0..60).map(|i| phasor.update((f64::from(i) * 0.4).sin())).collect();
/// assert!(out[31].0.is_nan() && out[31].1.is_nan());
/// assert!(out[32].0.is_finite() && out[32].1.is_finite());
/// assert_eq!(phasor.peek(0.5), phasor.clone().update(0.5)); // state unchanged
/// ```
#[derive(Debug, Clone)]
pub struct HtPhasor {
    cycle: DominantCycle,
}

impl Default for HtPhasor {
    fn default() -> Self {
        HtPhasor::new()
    }
}

impl HtPhasor {
    pub const NAME: &'static str = "ht_phasor";

    pub fn new() -> HtPhasor {
        HtPhasor { cycle: DominantCycle::new(SHORT_WARMUP, 0) }
    }

    pub fn lookback() -> usize {
        LOOKBACK
    }

    /// (inphase, quadrature) over a whole series.
    pub fn batch(input: &[f64]) -> (Vec<f64>, Vec<f64>) {
        let mut phasor = HtPhasor::new();
        input.iter().map(|&x| phasor.update(x)).unzip()
    }

    /// (inphase, quadrature) after `x`.
    #[inline]
    pub fn update(&mut self, x: f64) -> (f64, f64) {
        step(&mut self.cycle, x)
    }

    #[inline]
    pub fn peek(&self, x: f64) -> (f64, f64) {
        step(&mut self.cycle.clone(), x)
    }

    pub fn reset(&mut self) {
        *self = HtPhasor::new();
    }
}

#[inline]
fn step(cycle: &mut DominantCycle, x: f64) -> (f64, f64) {
    match cycle.step(x) {
        Some(bar) if cycle.bars() > LOOKBACK => (bar.in_phase, bar.quadrature),
        _ => (f64::NAN, f64::NAN),
    }
}

impl PairSeries for HtPhasor {
    fn update(&mut self, x: f64) -> (f64, f64) {
        HtPhasor::update(self, x)
    }
    fn peek(&self, x: f64) -> (f64, f64) {
        HtPhasor::peek(self, x)
    }
    fn reset(&mut self) {
        HtPhasor::reset(self)
    }
}

pub(crate) static DEF: IndicatorDef = IndicatorDef {
    name: HtPhasor::NAME,
    title: "Hilbert Transform - Phasor Components",
    group: "Cycle Indicators",
    inputs: &[Input::Close],
    params: &[],
    outputs: &["inphase", "quadrature"],
    overlay: false,
    lookback: |_| HtPhasor::lookback(),
    batch: kernel!(|_, columns| {
        let (in_phase, quadrature) = HtPhasor::batch(first(columns));
        Ok(vec![in_phase, quadrature])
    }),
    stream: |_| Ok(on_close_pair(HtPhasor::new())),
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edge_cases() {
        let (in_phase, quadrature) = HtPhasor::batch(&[1.0; 32]);
        assert!(in_phase.iter().chain(&quadrature).all(|v| v.is_nan()));
        let (in_phase, quadrature) = HtPhasor::batch(&[7.5; 100]);
        assert!(in_phase[32..].iter().chain(&quadrature[32..]).all(|v| v.is_finite()));
        let (in_phase, _) = HtPhasor::batch(&[1e-12; 100]);
        assert!(in_phase[32..].iter().all(|v| v.is_finite()));
        let wild: Vec<f64> = (0..200).map(|i| [f64::NAN, f64::INFINITY, -1.0, 0.0, f64::MAX][i % 5]).collect();
        assert_eq!(HtPhasor::batch(&wild).0.len(), 200);
    }
}
