use super::hilbert::{CyclePhase, DominantCycle, InstantTrend, LONG_WARMUP};
use super::ht_sine::sine_pair;
use crate::bar::Input;
use crate::indicators::{first, on_input, run_batch, single_series};
use crate::registry::IndicatorDef;

/// Bars before the first value: TA-Lib's fixed HT_TRENDMODE lookback.
const LOOKBACK: usize = 63;

/// Hilbert transform trend vs cycle mode (TA-Lib `HT_TRENDMODE`): 1 while the market
/// trends, 0 while it cycles.
///
/// TA-Lib's rules: trend by default; cycle when the sine and lead sine have just crossed,
/// or crossed less than half a dominant cycle ago, or when the phase advanced at roughly
/// the cycle's own rate (between 0.67 and 1.5 times 360 / period); trend again whenever
/// the smoothed price is 1.5% or more away from the instantaneous trendline.
///
/// TA-Lib's output is an integer, 0 in its lookback; Sigil gives 1.0 or 0.0, and NaN for
/// the first 63 bars like every other warm-up. Streaming costs O(period) per bar (the
/// phase DFT and the trendline mean, each over up to 50 bars); the state is a fixed-size
/// value with no allocation, which `peek` copies.
///
/// ```
/// use sigil_core::indicators::HtTrendMode;
/// let mut mode = HtTrendMode::new();
/// let out: Vec<f64> = (0..100).map(|i| mode.update(100.0 + f64::from(i))).collect();
/// assert!(out[62].is_nan());
/// assert_eq!(out[99], 1.0); // a steady climb trends
/// assert_eq!(mode.peek(200.0), mode.clone().update(200.0)); // state unchanged
/// ```
#[derive(Debug, Clone)]
pub struct HtTrendMode {
    state: State,
}

#[derive(Debug, Clone, Copy)]
struct State {
    cycle: DominantCycle,
    phase: CyclePhase,
    trend: InstantTrend,
    /// Bars since the sine and lead sine last crossed (counting this one).
    days_in_trend: usize,
    sine: f64,
    lead_sine: f64,
}

impl State {
    fn new() -> State {
        State {
            cycle: DominantCycle::new(LONG_WARMUP, 0),
            phase: CyclePhase::new(),
            trend: InstantTrend::new(),
            days_in_trend: 0,
            sine: 0.0,
            lead_sine: 0.0,
        }
    }

    #[inline]
    fn step(&mut self, x: f64) -> f64 {
        self.trend.push(x);
        let Some(bar) = self.cycle.step(x) else { return f64::NAN };
        let period = bar.smooth_period;
        let previous_phase = self.phase.last();
        let phase = self.phase.step(&bar);
        let (previous_sine, previous_lead_sine) = (self.sine, self.lead_sine);
        (self.sine, self.lead_sine) = sine_pair(phase);
        let trendline = self.trend.step(period);

        let mut trending = true;
        let crossed = (self.sine > self.lead_sine && previous_sine <= previous_lead_sine)
            || (self.sine < self.lead_sine && previous_sine >= previous_lead_sine);
        if crossed {
            self.days_in_trend = 0;
            trending = false;
        }
        self.days_in_trend = self.days_in_trend.saturating_add(1);
        if (self.days_in_trend as f64) < 0.5 * period {
            trending = false;
        }
        let phase_change = phase - previous_phase;
        if period != 0.0 && phase_change > 0.67 * 360.0 / period && phase_change < 1.5 * 360.0 / period {
            trending = false;
        }
        let price = self.phase.newest_smoothed();
        if trendline != 0.0 && ((price - trendline) / trendline).abs() >= 0.015 {
            trending = true;
        }

        if self.cycle.bars() > LOOKBACK {
            f64::from(u8::from(trending))
        } else {
            f64::NAN
        }
    }
}

impl Default for HtTrendMode {
    fn default() -> Self {
        HtTrendMode::new()
    }
}

impl HtTrendMode {
    pub const NAME: &'static str = "ht_trendmode";

    pub fn new() -> HtTrendMode {
        HtTrendMode { state: State::new() }
    }

    pub fn lookback() -> usize {
        LOOKBACK
    }

    pub fn batch(input: &[f64]) -> Vec<f64> {
        let mut mode = HtTrendMode::new();
        run_batch(input, |x| mode.update(x))
    }

    /// 1.0 (trend) or 0.0 (cycle) after `x`; NaN for the first 63 bars.
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

single_series!(HtTrendMode);

pub(crate) static DEF: IndicatorDef = IndicatorDef {
    name: HtTrendMode::NAME,
    title: "Hilbert Transform - Trend vs Cycle Mode",
    group: "Cycle Indicators",
    inputs: &[Input::Close],
    params: &[],
    outputs: &["integer"],
    overlay: false,
    lookback: |_| HtTrendMode::lookback(),
    batch: kernel!(|_, columns| Ok(vec![HtTrendMode::batch(first(columns))])),
    stream: |_| Ok(on_input(Input::Close, HtTrendMode::new())),
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edge_cases() {
        assert!(HtTrendMode::batch(&[1.0; 63]).iter().all(|v| v.is_nan()));
        let flat = HtTrendMode::batch(&[7.5; 120]);
        assert!(flat[..63].iter().all(|v| v.is_nan()) && flat[63..].iter().all(|&v| v == 0.0 || v == 1.0));
        assert!(HtTrendMode::batch(&[1e-12; 120])[63..].iter().all(|&v| v == 0.0 || v == 1.0));
        let wild: Vec<f64> = (0..200).map(|i| [f64::NAN, f64::INFINITY, -1.0, 0.0, f64::MAX][i % 5]).collect();
        assert_eq!(HtTrendMode::batch(&wild).len(), 200);
    }
}
