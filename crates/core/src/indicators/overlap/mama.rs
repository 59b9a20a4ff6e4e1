use crate::bar::{Bar, Input};
use crate::error::Error;
use crate::indicators::run_bars;
use crate::registry::{IndicatorDef, ParamDef, ParamKind, Streaming};

/// Ehlers' Hilbert-transform coefficients (as in TA-Lib).
const A: f64 = 0.0962;
const B: f64 = 0.5769;
/// Bars before the first output: TA-Lib's fixed MAMA lookback.
const LOOKBACK: usize = 32;
/// Bars of price smoothing before the Hilbert transforms start.
const SMOOTHER_WARMUP: usize = 12;

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

/// One Hilbert transform's delay lines, one set for odd bars and one for even bars.
#[derive(Debug, Clone, Copy, Default)]
struct Hilbert {
    ring: [[f64; 3]; 2],
    prev: [f64; 2],
    prev_input: [f64; 2],
}

impl Hilbert {
    #[inline]
    fn transform(&mut self, input: f64, parity: usize, slot: usize, adjusted_period: f64) -> f64 {
        let scaled = A * input;
        let mut value = -self.ring[parity][slot];
        self.ring[parity][slot] = scaled;
        value += scaled;
        value -= self.prev[parity];
        self.prev[parity] = B * self.prev_input[parity];
        value += self.prev[parity];
        self.prev_input[parity] = input;
        value * adjusted_period
    }
}

#[derive(Debug, Clone, Copy, Default)]
struct State {
    /// Inputs consumed, saturating past the lookback.
    bars: usize,
    /// Whether the current bar's absolute index is odd (TA-Lib alternates delay lines on it).
    odd: bool,
    /// The last three inputs, oldest at `recent_next`.
    recent: [f64; 3],
    recent_next: usize,
    wma_plain: f64,
    wma_weighted: f64,
    wma_trailing: f64,
    detrender: Hilbert,
    q1: Hilbert,
    ji: Hilbert,
    jq: Hilbert,
    /// Slot in the delay lines; advances after each even bar.
    slot: usize,
    /// The detrender delayed by 2 and 3 bars, kept for the odd and even lines.
    i1_odd_prev2: f64,
    i1_odd_prev3: f64,
    i1_even_prev2: f64,
    i1_even_prev3: f64,
    prev_i2: f64,
    prev_q2: f64,
    re: f64,
    im: f64,
    period: f64,
    prev_phase: f64,
    mama: f64,
    fama: f64,
}

impl Mama {
    pub const NAME: &'static str = "mama";
    pub const DEFAULT_FAST_LIMIT: f64 = 0.5;
    pub const DEFAULT_SLOW_LIMIT: f64 = 0.05;
    pub const MIN_LIMIT: f64 = 0.01;
    pub const MAX_LIMIT: f64 = 0.99;

    pub fn new(fast_limit: f64, slow_limit: f64) -> Result<Mama, Error> {
        for (parameter, value) in [("fastlimit", fast_limit), ("slowlimit", slow_limit)] {
            if !(Self::MIN_LIMIT..=Self::MAX_LIMIT).contains(&value) {
                return Err(Error::InvalidParameter {
                    indicator: Self::NAME,
                    parameter,
                    value: value.to_string(),
                    expected: format!("a number in {}..={}", Self::MIN_LIMIT, Self::MAX_LIMIT),
                });
            }
        }
        Ok(Self::starting_at(fast_limit, slow_limit, 0))
    }

    /// For composites whose input starts at absolute bar `first_index` (TA-Lib picks the
    /// odd or even delay line from the absolute index).
    pub(crate) fn starting_at(fast_limit: f64, slow_limit: f64, first_index: usize) -> Mama {
        Mama { fast_limit, slow_limit, first_index, state: State { odd: first_index % 2 == 1, ..State::default() } }
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
        self.state = State { odd: self.first_index % 2 == 1, ..State::default() };
    }

    #[inline]
    fn output(&self, state: &State) -> (f64, f64) {
        if state.bars > LOOKBACK {
            (state.mama, state.fama)
        } else {
            (f64::NAN, f64::NAN)
        }
    }

    #[inline]
    fn advance(&self, mut s: State, x: f64) -> State {
        let bar = s.bars;
        s.bars = (bar + 1).min(LOOKBACK + 1);
        let even = !s.odd;
        s.odd = even;
        if bar < 3 {
            s.wma_plain += x;
            s.wma_weighted += x * (bar + 1) as f64;
            s.recent[bar] = x;
            return s;
        }
        let adjusted_period = 0.075 * s.period + 0.54;
        // The 4-bar WMA of price: plain and weighted running sums.
        s.wma_plain += x;
        s.wma_plain -= s.wma_trailing;
        s.wma_weighted += x * 4.0;
        s.wma_trailing = s.recent[s.recent_next];
        s.recent[s.recent_next] = x;
        s.recent_next = if s.recent_next == 2 { 0 } else { s.recent_next + 1 };
        let smoothed = s.wma_weighted * 0.1;
        s.wma_weighted -= s.wma_plain;
        if bar < SMOOTHER_WARMUP {
            return s;
        }

        let parity = usize::from(even);
        let slot = s.slot;
        let detrender = s.detrender.transform(smoothed, parity, slot, adjusted_period);
        let q1 = s.q1.transform(detrender, parity, slot, adjusted_period);
        let i1_prev3 = if even { s.i1_even_prev3 } else { s.i1_odd_prev3 };
        let ji = s.ji.transform(i1_prev3, parity, slot, adjusted_period);
        let jq = s.jq.transform(q1, parity, slot, adjusted_period);
        if even {
            s.slot = if slot == 2 { 0 } else { slot + 1 };
        }
        let q2 = 0.2 * (q1 + ji) + 0.8 * s.prev_q2;
        let i2 = 0.2 * (i1_prev3 - jq) + 0.8 * s.prev_i2;
        // The detrender is I1 three bars later for the other line.
        if even {
            s.i1_odd_prev3 = s.i1_odd_prev2;
            s.i1_odd_prev2 = detrender;
        } else {
            s.i1_even_prev3 = s.i1_even_prev2;
            s.i1_even_prev2 = detrender;
        }
        let phase = if i1_prev3 != 0.0 { degrees((q1 / i1_prev3).atan()) } else { 0.0 };
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

        // The dominant cycle period for the next bar.
        s.re = 0.2 * (i2 * s.prev_i2 + q2 * s.prev_q2) + 0.8 * s.re;
        s.im = 0.2 * (i2 * s.prev_q2 - q2 * s.prev_i2) + 0.8 * s.im;
        s.prev_q2 = q2;
        s.prev_i2 = i2;
        let previous_period = s.period;
        let mut period = previous_period;
        if s.im != 0.0 && s.re != 0.0 {
            period = 360.0 / degrees((s.im / s.re).atan());
        }
        // Comparisons written out so a NaN propagates as in TA-Lib instead of being dropped.
        if period > 1.5 * previous_period {
            period = 1.5 * previous_period;
        }
        if period < 0.67 * previous_period {
            period = 0.67 * previous_period;
        }
        period = period.clamp(6.0, 50.0);
        s.period = 0.2 * period + 0.8 * previous_period;
        s
    }
}

/// Radians to degrees with TA-Lib's factor, `180 / (4 * atan(1))`, which can differ from
/// `f64::to_degrees` in the last bit.
#[inline]
fn degrees(radians: f64) -> f64 {
    radians * (180.0 / (4.0 * 1f64.atan()))
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
    batch: |p, columns| {
        let (mama, fama) = Mama::batch(
            columns.first().copied().unwrap_or(&[]),
            limit(p, 0, Mama::DEFAULT_FAST_LIMIT),
            limit(p, 1, Mama::DEFAULT_SLOW_LIMIT),
        )?;
        Ok(vec![mama, fama])
    },
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
