use crate::bar::{Bar, Input};
use crate::error::Error;
use crate::indicators::cycle::hilbert::{degrees, DominantCycle, SHORT_WARMUP};
use crate::indicators::{check_real, run_bars};
use crate::registry::{IndicatorDef, ParamDef, ParamKind, Streaming};

/// Bars before the first output: TA-Lib's fixed MAMA lookback.
const LOOKBACK: usize = 32;

/// MESA adaptive moving average (TA-Lib `MAMA`), with its following average FAMA.
///
/// Ehlers' algorithm as TA-Lib implements it: a 4-bar WMA of price feeds Hilbert
/// transforms (separate odd-bar and even-bar delay lines); the phase change per bar
/// sets `alpha = fastlimit / delta_phase`, clamped to `[slowlimit, fastlimit]`; then
/// `mama += alpha * (x - mama)` and `fama += alpha / 2 * (mama - fama)`. Both start at
/// 0, so the first 32 bars are warm-up (NaN). O(1) per bar with no allocation: the
/// whole state is a small fixed-size value, which `peek` copies.
///
/// ```
/// use sigil_core::indicators::overlap::Mama;
/// let mut mama = Mama::new(0.5, 0.05).unwrap();
/// let out: Vec<(f64, f64)> = (0..40).map(|i| mama.update(100.0 + f64::from(i % 5))).collect();
/// assert!(out[31].0.is_nan());
/// assert!(out[32].0 > 99.0 && out[32].1 > 0.0);
/// ```
#[derive(Debug, Clone)]
pub struct Mama {
    fast_limit: f64,
    slow_limit: f64,
    /// Absolute index of the first input (for the odd/even alternation).
    first_index: usize,
    state: State,
}

#[derive(Debug, Clone, Copy)]
struct State {
    cycle: DominantCycle,
    prev_phase: f64,
    mama: f64,
    fama: f64,
}

impl State {
    fn new(first_index: usize) -> State {
        State { cycle: DominantCycle::new(SHORT_WARMUP, first_index), prev_phase: 0.0, mama: 0.0, fama: 0.0 }
    }
}

impl Mama {
    pub const NAME: &'static str = "mama";
    pub const DEFAULT_FAST_LIMIT: f64 = 0.5;
    pub const DEFAULT_SLOW_LIMIT: f64 = 0.05;
    pub const MIN_LIMIT: f64 = 0.01;
    pub const MAX_LIMIT: f64 = 0.99;

    pub fn new(fast_limit: f64, slow_limit: f64) -> Result<Mama, Error> {
        for (parameter, value) in [("fastlimit", fast_limit), ("slowlimit", slow_limit)] {
            check_real(Self::NAME, parameter, value, Self::MIN_LIMIT, Self::MAX_LIMIT)?;
        }
        Ok(Self::starting_at(fast_limit, slow_limit, 0))
    }

    /// For composites whose input starts at absolute bar `first_index` (TA-Lib picks the
    /// odd or even delay line from the absolute index).
    pub(crate) fn starting_at(fast_limit: f64, slow_limit: f64, first_index: usize) -> Mama {
        Mama { fast_limit, slow_limit, first_index, state: State::new(first_index) }
    }

    pub fn lookback() -> usize {
        LOOKBACK
    }

    /// (mama, fama) over a whole series.
    pub fn batch(input: &[f64], fast_limit: f64, slow_limit: f64) -> Result<(Vec<f64>, Vec<f64>), Error> {
        let mama = Mama::new(fast_limit, slow_limit)?;
        let mut out = run_bars(OnClose(mama), &[Input::Close], &[input], 2);
        let fama = out.pop().unwrap_or_default();
        Ok((out.pop().unwrap_or_default(), fama))
    }

    /// (mama, fama) after `x`; NaN for the first 32 bars.
    #[inline]
    pub fn update(&mut self, x: f64) -> (f64, f64) {
        self.state = self.advance(self.state, x);
        self.output(&self.state)
    }

    #[inline]
    pub fn peek(&self, x: f64) -> (f64, f64) {
        self.output(&self.advance(self.state, x))
    }

    pub fn reset(&mut self) {
        self.state = State::new(self.first_index);
    }

    #[inline]
    fn output(&self, state: &State) -> (f64, f64) {
        if state.cycle.bars() > LOOKBACK {
            (state.mama, state.fama)
        } else {
            (f64::NAN, f64::NAN)
        }
    }

    #[inline]
    fn advance(&self, mut s: State, x: f64) -> State {
        let Some(bar) = s.cycle.step(x) else { return s };
        let phase = if bar.in_phase != 0.0 { degrees((bar.quadrature / bar.in_phase).atan()) } else { 0.0 };
        let mut delta_phase = s.prev_phase - phase;
        s.prev_phase = phase;
        if delta_phase < 1.0 {
            delta_phase = 1.0;
        }
        let mut alpha = self.fast_limit;
        if delta_phase > 1.0 {
            alpha = self.fast_limit / delta_phase;
            if alpha < self.slow_limit {
                alpha = self.slow_limit;
            }
        }
        s.mama = alpha * x + (1.0 - alpha) * s.mama;
        alpha *= 0.5;
        s.fama = alpha * s.mama + (1.0 - alpha) * s.fama;
        s
    }
}

struct OnClose(Mama);

impl Streaming for OnClose {
    fn update(&mut self, bar: &Bar, out: &mut [f64]) {
        (out[0], out[1]) = self.0.update(bar.close);
    }
    fn peek(&self, bar: &Bar, out: &mut [f64]) {
        (out[0], out[1]) = self.0.peek(bar.close);
    }
    fn reset(&mut self) {
        self.0.reset();
    }
}

fn limit(params: &[f64], i: usize, default: f64) -> f64 {
    params.get(i).copied().unwrap_or(default)
}

pub(crate) static DEF: IndicatorDef = IndicatorDef {
    name: Mama::NAME,
    title: "MESA Adaptive Moving Average",
    group: "Overlap Studies",
    inputs: &[Input::Close],
    params: &[
        ParamDef {
            name: "fastlimit",
            kind: ParamKind::Real { min: Mama::MIN_LIMIT, max: Mama::MAX_LIMIT },
            default: Mama::DEFAULT_FAST_LIMIT,
            description: "Upper limit of the adaptive factor",
        },
        ParamDef {
            name: "slowlimit",
            kind: ParamKind::Real { min: Mama::MIN_LIMIT, max: Mama::MAX_LIMIT },
            default: Mama::DEFAULT_SLOW_LIMIT,
            description: "Lower limit of the adaptive factor",
        },
    ],
    outputs: &["mama", "fama"],
    overlay: true,
    lookback: |_| Mama::lookback(),
    batch: Some(|p, columns| {
        let (mama, fama) = Mama::batch(
            columns.first().copied().unwrap_or(&[]),
            limit(p, 0, Mama::DEFAULT_FAST_LIMIT),
            limit(p, 1, Mama::DEFAULT_SLOW_LIMIT),
        )?;
        Ok(vec![mama, fama])
    }),
    stream: |p| {
        let mama = Mama::new(limit(p, 0, Mama::DEFAULT_FAST_LIMIT), limit(p, 1, Mama::DEFAULT_SLOW_LIMIT))?;
        Ok(Box::new(OnClose(mama)))
    },
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn warm_up_flat_and_limits() {
        let (mama, fama) = Mama::batch(&[10.0; 60], 0.5, 0.05).unwrap();
        assert!(mama[..32].iter().all(|v| v.is_nan()) && fama[..32].iter().all(|v| v.is_nan()));
        assert!(mama[32..].iter().all(|v| v.is_finite()));
        assert!(Mama::new(0.0, 0.05).is_err() && Mama::new(0.5, 0.995).is_err());
        let (short, _) = Mama::batch(&[1.0; 10], 0.5, 0.05).unwrap();
        assert!(short.iter().all(|v| v.is_nan()));
    }
}
