use super::hilbert::{CyclePhase, DominantCycle, DEG_TO_RAD, LONG_WARMUP};
use super::{on_close_pair, PairSeries};
use crate::bar::Input;
use crate::indicators::first;
use crate::registry::IndicatorDef;

/// Bars before the first value: TA-Lib's fixed HT_SINE lookback.
const LOOKBACK: usize = 63;

/// Hilbert transform sine wave (TA-Lib `HT_SINE`): the sine of the dominant cycle phase,
/// and the lead sine, the same 45 degrees ahead. Their crossings mark cycle turns.
///
/// The first 63 bars are warm-up (NaN), as in TA-Lib. Streaming costs O(period) per bar:
/// the phase is a one-bin DFT over the last dominant-cycle period, up to 50 bars (one
/// `sin` and one `cos` each). The state is a fixed-size value with no allocation, which
/// `peek` copies.
///
/// ```
/// use sigil_core::indicators::HtSine;
/// let mut sine = HtSine::new();
/// let out: Vec<(f64, f64)> = (0..100).map(|i| sine.update((f64::from(i) * 0.4).sin())).collect();
/// assert!(out[62].0.is_nan());
/// assert!(out[63].0.abs() <= 1.0 && out[63].1.abs() <= 1.0);
/// assert_eq!(sine.peek(0.5), sine.clone().update(0.5)); // state unchanged
/// ```
#[derive(Debug, Clone)]
pub struct HtSine {
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
    fn step(&mut self, x: f64) -> (f64, f64) {
        let Some(bar) = self.cycle.step(x) else { return (f64::NAN, f64::NAN) };
        let phase = self.phase.step(&bar);
        if self.cycle.bars() > LOOKBACK {
            sine_pair(phase)
        } else {
            (f64::NAN, f64::NAN)
        }
    }
}

/// (sine, lead sine) of a phase in degrees, with TA-Lib's degree-to-radian factor.
#[inline]
pub(crate) fn sine_pair(phase: f64) -> (f64, f64) {
    ((phase * DEG_TO_RAD).sin(), ((phase + 45.0) * DEG_TO_RAD).sin())
}

impl Default for HtSine {
    fn default() -> Self {
        HtSine::new()
    }
}

impl HtSine {
    pub const NAME: &'static str = "ht_sine";

    pub fn new() -> HtSine {
        HtSine { state: State::new() }
    }

    pub fn lookback() -> usize {
        LOOKBACK
    }

    /// (sine, leadsine) over a whole series.
    pub fn batch(input: &[f64]) -> (Vec<f64>, Vec<f64>) {
        let mut sine = HtSine::new();
        input.iter().map(|&x| sine.update(x)).unzip()
    }

    /// (sine, leadsine) after `x`.
    #[inline]
    pub fn update(&mut self, x: f64) -> (f64, f64) {
        self.state.step(x)
    }

    #[inline]
    pub fn peek(&self, x: f64) -> (f64, f64) {
        let mut state = self.state;
        state.step(x)
    }

    pub fn reset(&mut self) {
        self.state = State::new();
    }
}

impl PairSeries for HtSine {
    fn update(&mut self, x: f64) -> (f64, f64) {
        HtSine::update(self, x)
    }
    fn peek(&self, x: f64) -> (f64, f64) {
        HtSine::peek(self, x)
    }
    fn reset(&mut self) {
        HtSine::reset(self)
    }
}

pub(crate) static DEF: IndicatorDef = IndicatorDef {
    name: HtSine::NAME,
    title: "Hilbert Transform - SineWave",
    group: "Cycle Indicators",
    inputs: &[Input::Close],
    params: &[],
    outputs: &["sine", "leadsine"],
    overlay: false,
    lookback: |_| HtSine::lookback(),
    batch: kernel!(|_, columns| {
        let (sine, lead_sine) = HtSine::batch(first(columns));
        Ok(vec![sine, lead_sine])
    }),
    stream: |_| Ok(on_close_pair(HtSine::new())),
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edge_cases() {
        let (sine, lead_sine) = HtSine::batch(&[1.0; 63]);
        assert!(sine.iter().chain(&lead_sine).all(|v| v.is_nan()));
        let (sine, lead_sine) = HtSine::batch(&[7.5; 120]);
        assert!(sine[63..].iter().chain(&lead_sine[63..]).all(|v| v.is_finite()));
        let (sine, _) = HtSine::batch(&[1e-12; 120]);
        assert!(sine[63..].iter().all(|v| v.is_finite()));
        let wild: Vec<f64> = (0..200).map(|i| [f64::NAN, f64::INFINITY, -1.0, 0.0, f64::MAX][i % 5]).collect();
        assert_eq!(HtSine::batch(&wild).0.len(), 200);
    }
}
