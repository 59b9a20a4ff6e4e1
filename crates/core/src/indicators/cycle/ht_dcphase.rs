use super::hilbert::{CyclePhase, DominantCycle, LONG_WARMUP};
use crate::bar::Input;
use crate::indicators::{first, on_input, run_batch, single_series};
use crate::registry::IndicatorDef;

/// Bars before the first value: TA-Lib's fixed HT_DCPHASE lookback.
const LOOKBACK: usize = 63;

/// Hilbert transform dominant cycle phase (TA-Lib `HT_DCPHASE`): the phase, in degrees
/// (-45..315), of the smoothed price over the measured dominant cycle.
///
/// The first 63 bars are warm-up (NaN), as in TA-Lib. Streaming costs O(period) per bar:
/// the phase is a one-bin DFT over the last dominant-cycle period, up to 50 bars (one
/// `sin` and one `cos` each). The state is a fixed-size value with no allocation, which
/// `peek` copies.
///
/// ```
/// use sigil_core::indicators::HtDcPhase;
/// let mut dc_phase = HtDcPhase::new();
/// let out: Vec<f64> = (0..100).map(|i| dc_phase.update((f64::from(i) * 0.4).sin())).collect();
/// assert!(out[62].is_nan());
/// assert!(out[63] >= -45.0 && out[63] <= 315.0);
/// assert_eq!(dc_phase.peek(0.5), dc_phase.clone().update(0.5)); // state unchanged
/// ```
#[derive(Debug, Clone)]
pub struct HtDcPhase {
    state: State,
}

#[derive(Debug, Clone, Copy)]
struct State {
    cycle: DominantCycle,
    phase: CyclePhase,
}

impl State {
    fn new() -> State {
        State { cycle: DominantCycle::new(LONG_WARMUP, 0), phase: CyclePhase::new() }
    }

    #[inline]
    fn step(&mut self, x: f64) -> f64 {
        match self.cycle.step(x) {
            Some(bar) => {
                let phase = self.phase.step(&bar);
                if self.cycle.bars() > LOOKBACK {
                    phase
                } else {
                    f64::NAN
                }
            }
            None => f64::NAN,
        }
    }
}

impl Default for HtDcPhase {
    fn default() -> Self {
        HtDcPhase::new()
    }
}

impl HtDcPhase {
    pub const NAME: &'static str = "ht_dcphase";

    pub fn new() -> HtDcPhase {
        HtDcPhase { state: State::new() }
    }

    pub fn lookback() -> usize {
        LOOKBACK
    }

    pub fn batch(input: &[f64]) -> Vec<f64> {
        let mut dc_phase = HtDcPhase::new();
        run_batch(input, |x| dc_phase.update(x))
    }

    #[inline]
    pub fn update(&mut self, x: f64) -> f64 {
        self.state.step(x)
    }

    #[inline]
    pub fn peek(&self, x: f64) -> f64 {
        let mut state = self.state;
        state.step(x)
    }

    pub fn reset(&mut self) {
        self.state = State::new();
    }
}

single_series!(HtDcPhase);

pub(crate) static DEF: IndicatorDef = IndicatorDef {
    name: HtDcPhase::NAME,
    title: "Hilbert Transform - Dominant Cycle Phase",
    group: "Cycle Indicators",
    inputs: &[Input::Close],
    params: &[],
    outputs: &["real"],
    overlay: false,
    lookback: |_| HtDcPhase::lookback(),
    batch: kernel!(|_, columns| Ok(vec![HtDcPhase::batch(first(columns))])),
    stream: |_| Ok(on_input(Input::Close, HtDcPhase::new())),
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edge_cases() {
        assert!(HtDcPhase::batch(&[1.0; 63]).iter().all(|v| v.is_nan()));
        let flat = HtDcPhase::batch(&[7.5; 120]);
        assert!(flat[..63].iter().all(|v| v.is_nan()) && flat[63..].iter().all(|v| v.is_finite()));
        assert!(HtDcPhase::batch(&[1e-12; 120])[63..].iter().all(|v| v.is_finite()));
        let wild: Vec<f64> = (0..200).map(|i| [f64::NAN, f64::INFINITY, -1.0, 0.0, f64::MAX][i % 5]).collect();
        assert_eq!(HtDcPhase::batch(&wild).len(), 200);
    }
}
