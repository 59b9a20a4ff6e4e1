use super::hilbert::{DominantCycle, InstantTrend, LONG_WARMUP};
use crate::bar::Input;
use crate::indicators::{first, on_input, run_batch, single_series};
use crate::registry::IndicatorDef;

/// Bars before the first value: TA-Lib's fixed HT_TRENDLINE lookback.
const LOOKBACK: usize = 63;

/// Hilbert transform instantaneous trendline (TA-Lib `HT_TRENDLINE`): the mean of the
/// raw prices over the measured dominant cycle period, smoothed by a 4-3-2-1 weighted
/// average of the last four means.
///
/// The first 63 bars are warm-up (NaN), as in TA-Lib. Streaming costs O(period) per bar:
/// the mean re-adds up to 50 prices in TA-Lib's order (a running sum would round
/// differently); the state is a fixed-size value with no allocation, which `peek` copies.
///
/// ```
/// use sigil_core::indicators::HtTrendline;
/// let mut trendline = HtTrendline::new();
/// let out: Vec<f64> = (0..80).map(|i| trendline.update(100.0 + f64::from(i % 7))).collect();
/// assert!(out[62].is_nan());
/// assert!(out[63] > 100.0 && out[63] < 106.0);
/// assert_eq!(trendline.peek(104.0), trendline.clone().update(104.0)); // state unchanged
/// ```
#[derive(Debug, Clone)]
pub struct HtTrendline {
    state: State,
}

#[derive(Debug, Clone, Copy)]
struct State {
    cycle: DominantCycle,
    trend: InstantTrend,
    trendline: f64,
}

impl State {
    fn new() -> State {
        State { cycle: DominantCycle::new(LONG_WARMUP, 0), trend: InstantTrend::new(), trendline: f64::NAN }
    }

    #[inline]
    fn step(&mut self, x: f64) -> f64 {
        self.trend.push(x);
        if let Some(bar) = self.cycle.step(x) {
            self.trendline = self.trend.step(bar.smooth_period);
        }
        if self.cycle.bars() > LOOKBACK {
            self.trendline
        } else {
            f64::NAN
        }
    }
}

impl Default for HtTrendline {
    fn default() -> Self {
        HtTrendline::new()
    }
}

impl HtTrendline {
    pub const NAME: &'static str = "ht_trendline";

    pub fn new() -> HtTrendline {
        HtTrendline { state: State::new() }
    }

    pub fn lookback() -> usize {
        LOOKBACK
    }

    pub fn batch(input: &[f64]) -> Vec<f64> {
        let mut trendline = HtTrendline::new();
        run_batch(input, |x| trendline.update(x))
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

single_series!(HtTrendline);

pub(crate) static DEF: IndicatorDef = IndicatorDef {
    name: HtTrendline::NAME,
    title: "Hilbert Transform - Instantaneous Trendline",
    group: "Overlap Studies",
    inputs: &[Input::Close],
    params: &[],
    outputs: &["real"],
    overlay: true,
    lookback: |_| HtTrendline::lookback(),
    batch: kernel!(|_, columns| Ok(vec![HtTrendline::batch(first(columns))])),
    stream: |_| Ok(on_input(Input::Close, HtTrendline::new())),
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edge_cases() {
        assert!(HtTrendline::batch(&[1.0; 63]).iter().all(|v| v.is_nan()));
        let flat = HtTrendline::batch(&[7.5; 120]);
        assert!(flat[..63].iter().all(|v| v.is_nan()));
        assert!(flat[63..].iter().all(|v| v.is_finite()));
        let tiny = HtTrendline::batch(&[1e-12; 120]);
        assert!(tiny[63..].iter().all(|v| v.is_finite()));
        let wild: Vec<f64> = (0..200).map(|i| [f64::NAN, f64::INFINITY, -1.0, 0.0, f64::MAX][i % 5]).collect();
        assert_eq!(HtTrendline::batch(&wild).len(), 200);
    }
}
