//! The dominant-cycle machinery that TA-Lib's Hilbert-transform functions (HT_* and
//! MAMA) share: a 4-bar WMA price smoother, Ehlers' Hilbert transforms with TA-Lib's
//! separate odd-bar and even-bar delay lines, the homodyne discriminator that measures
//! the cycle period, and the pieces built on that period (the dominant-cycle phase and
//! the instantaneous trendline).
//!
//! Every state here is a small `Copy` value, so `peek` can step a copy without touching
//! the original and without allocating.

/// Ehlers' Hilbert-transform coefficients (as in TA-Lib).
const A: f64 = 0.0962;
const B: f64 = 0.5769;

/// The longest cycle the period clamp lets through, so the longest window the phase and
/// trendline sums read (TA-Lib's 50-slot buffers).
pub(crate) const MAX_CYCLE: usize = 50;

/// Bar at which the Hilbert transforms start for the HT_* functions whose TA-Lib lookback
/// is 32 (HT_DCPERIOD, HT_PHASOR, and MAMA): 3 bars fill the WMA, 9 more run it.
pub(crate) const SHORT_WARMUP: usize = 12;
/// Same for the functions whose TA-Lib lookback is 63 (HT_DCPHASE, HT_SINE,
/// HT_TRENDLINE, HT_TRENDMODE): 3 bars fill the WMA, 34 more run it.
pub(crate) const LONG_WARMUP: usize = 37;

/// Radians to degrees with TA-Lib's factor `45 / atan(1)`. Because `atan(1)` rounds to
/// `FRAC_PI_4` and the scalings by 4 are exact, this is bit-for-bit TA-Lib's value, which
/// `f64::to_degrees` (a different rounding path) is not always.
const RAD_TO_DEG: f64 = 45.0 / std::f64::consts::FRAC_PI_4;
/// TA-Lib's `1 / rad2Deg`: not the same bits as `PI / 180`.
pub(crate) const DEG_TO_RAD: f64 = 1.0 / RAD_TO_DEG;
/// TA-Lib's `8 * atan(1)`.
const FULL_TURN: f64 = 8.0 * std::f64::consts::FRAC_PI_4;

#[inline]
pub(crate) fn degrees(radians: f64) -> f64 {
    radians * RAD_TO_DEG
}

/// One Hilbert transform's delay lines, one set for odd bars and one for even bars.
#[derive(Debug, Clone, Copy, Default)]
struct DelayLines {
    ring: [[f64; 3]; 2],
    prev: [f64; 2],
    prev_input: [f64; 2],
}

impl DelayLines {
    #[inline]
    fn transform(&mut self, input: f64, parity: usize, slot: usize, adjusted_period: f64) -> f64 {
        // TA-Lib's exact operation order, so the rounding matches its plain build.
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

/// What one bar past the warm-up gives the indicators built on [`DominantCycle`].
#[derive(Debug, Clone, Copy)]
pub(crate) struct CycleBar {
    /// The 4-bar WMA of price.
    pub smoothed: f64,
    /// I1: the detrended price three bars back (the phasor's in-phase component).
    pub in_phase: f64,
    /// Q1: the phasor's quadrature component.
    pub quadrature: f64,
    /// The smoothed dominant cycle period in bars (HT_DCPERIOD), after this bar.
    pub smooth_period: f64,
}

/// TA-Lib's dominant-cycle measurement, one bar at a time.
#[derive(Debug, Clone, Copy)]
pub(crate) struct DominantCycle {
    /// Bar index at which the Hilbert transforms start (TA-Lib's warm-up differs by function).
    hilbert_start: usize,
    /// Inputs consumed, saturating.
    bars: usize,
    /// Whether the next bar's absolute index is odd: TA-Lib picks the delay line from it.
    next_is_odd: bool,
    /// The last three inputs, oldest at `recent_next`.
    recent: [f64; 3],
    recent_next: usize,
    wma_plain: f64,
    wma_weighted: f64,
    wma_trailing: f64,
    detrender: DelayLines,
    q1: DelayLines,
    ji: DelayLines,
    jq: DelayLines,
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
    smooth_period: f64,
}

impl DominantCycle {
    /// `first_index` is the absolute index of the first input (composites whose input
    /// starts later must keep TA-Lib's odd/even alternation).
    pub(crate) fn new(hilbert_start: usize, first_index: usize) -> DominantCycle {
        DominantCycle {
            hilbert_start,
            bars: 0,
            next_is_odd: first_index % 2 == 1,
            recent: [0.0; 3],
            recent_next: 0,
            wma_plain: 0.0,
            wma_weighted: 0.0,
            wma_trailing: 0.0,
            detrender: DelayLines::default(),
            q1: DelayLines::default(),
            ji: DelayLines::default(),
            jq: DelayLines::default(),
            slot: 0,
            i1_odd_prev2: 0.0,
            i1_odd_prev3: 0.0,
            i1_even_prev2: 0.0,
            i1_even_prev3: 0.0,
            prev_i2: 0.0,
            prev_q2: 0.0,
            re: 0.0,
            im: 0.0,
            period: 0.0,
            smooth_period: 0.0,
        }
    }

    /// Inputs consumed so far (saturating).
    #[inline]
    pub(crate) fn bars(&self) -> usize {
        self.bars
    }

    /// Consumes `x`; `None` until the Hilbert transforms have started.
    #[inline]
    pub(crate) fn step(&mut self, x: f64) -> Option<CycleBar> {
        let bar = self.bars;
        self.bars = bar.saturating_add(1);
        let even = !self.next_is_odd;
        self.next_is_odd = even;
        if bar < 3 {
            self.wma_plain += x;
            self.wma_weighted += x * (bar + 1) as f64;
            self.recent[bar] = x;
            return None;
        }
        let adjusted_period = 0.075 * self.period + 0.54;
        // The 4-bar WMA of price as running sums, in TA-Lib's order.
        self.wma_plain += x;
        self.wma_plain -= self.wma_trailing;
        self.wma_weighted += x * 4.0;
        self.wma_trailing = self.recent[self.recent_next];
        self.recent[self.recent_next] = x;
        self.recent_next = if self.recent_next == 2 { 0 } else { self.recent_next + 1 };
        let smoothed = self.wma_weighted * 0.1;
        self.wma_weighted -= self.wma_plain;
        if bar < self.hilbert_start {
            return None;
        }

        let parity = usize::from(even);
        let slot = self.slot;
        let detrender = self.detrender.transform(smoothed, parity, slot, adjusted_period);
        let q1 = self.q1.transform(detrender, parity, slot, adjusted_period);
        let i1 = if even { self.i1_even_prev3 } else { self.i1_odd_prev3 };
        let ji = self.ji.transform(i1, parity, slot, adjusted_period);
        let jq = self.jq.transform(q1, parity, slot, adjusted_period);
        if even {
            self.slot = if slot == 2 { 0 } else { slot + 1 };
        }
        let q2 = 0.2 * (q1 + ji) + 0.8 * self.prev_q2;
        let i2 = 0.2 * (i1 - jq) + 0.8 * self.prev_i2;
        // The detrender is I1 three bars later for the other line.
        if even {
            self.i1_odd_prev3 = self.i1_odd_prev2;
            self.i1_odd_prev2 = detrender;
        } else {
            self.i1_even_prev3 = self.i1_even_prev2;
            self.i1_even_prev2 = detrender;
        }

        // The homodyne discriminator: the dominant cycle period for the next bar.
        self.re = 0.2 * (i2 * self.prev_i2 + q2 * self.prev_q2) + 0.8 * self.re;
        self.im = 0.2 * (i2 * self.prev_q2 - q2 * self.prev_i2) + 0.8 * self.im;
        self.prev_q2 = q2;
        self.prev_i2 = i2;
        let previous_period = self.period;
        let mut period = previous_period;
        if self.im != 0.0 && self.re != 0.0 {
            period = 360.0 / degrees((self.im / self.re).atan());
        }
        // Comparisons written out so a NaN propagates as in TA-Lib instead of being dropped.
        if period > 1.5 * previous_period {
            period = 1.5 * previous_period;
        }
        if period < 0.67 * previous_period {
            period = 0.67 * previous_period;
        }
        period = period.clamp(6.0, MAX_CYCLE as f64);
        self.period = 0.2 * period + 0.8 * previous_period;
        self.smooth_period = 0.33 * self.period + 0.67 * self.smooth_period;
        Some(CycleBar { smoothed, in_phase: i1, quadrature: q1, smooth_period: self.smooth_period })
    }
}

/// The dominant cycle period in whole bars, as TA-Lib rounds it for its loops: at most
/// [`MAX_CYCLE`], and 0 for a NaN period (where C's conversion is undefined and the loops
/// run no iteration).
#[inline]
pub(crate) fn whole_period(smooth_period: f64) -> usize {
    let rounded = smooth_period + 0.5;
    if rounded >= 0.0 {
        (rounded as usize).min(MAX_CYCLE)
    } else {
        0
    }
}

/// TA-Lib's dominant-cycle phase (HT_DCPHASE, and the basis of HT_SINE and HT_TRENDMODE):
/// one DFT bin of the smoothed price over the last dominant-cycle period.
#[derive(Debug, Clone, Copy)]
pub(crate) struct CyclePhase {
    /// The last [`MAX_CYCLE`] smoothed prices, the newest at `newest`.
    smoothed: [f64; MAX_CYCLE],
    newest: usize,
    /// Degrees; carried over a bar where the DFT gives no angle, as TA-Lib does.
    phase: f64,
}

impl CyclePhase {
    pub(crate) fn new() -> CyclePhase {
        // TA-Lib writes its first smoothed price into slot 0.
        CyclePhase { smoothed: [0.0; MAX_CYCLE], newest: MAX_CYCLE - 1, phase: 0.0 }
    }

    /// The phase in degrees (-45..315) after a bar of the dominant cycle. O(period) trig
    /// calls: up to [`MAX_CYCLE`].
    #[inline]
    pub(crate) fn step(&mut self, bar: &CycleBar) -> f64 {
        self.newest = if self.newest + 1 == MAX_CYCLE { 0 } else { self.newest + 1 };
        self.smoothed[self.newest] = bar.smoothed;
        let period = whole_period(bar.smooth_period);
        let mut real_part = 0.0;
        let mut imag_part = 0.0;
        let mut slot = self.newest;
        for i in 0..period {
            let angle = i as f64 * FULL_TURN / period as f64;
            let price = self.smoothed[slot];
            real_part += angle.sin() * price;
            imag_part += angle.cos() * price;
            slot = if slot == 0 { MAX_CYCLE - 1 } else { slot - 1 };
        }
        let magnitude = imag_part.abs();
        if magnitude > 0.0 {
            self.phase = degrees((real_part / imag_part).atan());
        } else if magnitude <= 0.01 {
            // No angle this bar: TA-Lib turns the previous phase a quarter towards the
            // real part's sign (a NaN imaginary part leaves it as it is).
            if real_part < 0.0 {
                self.phase -= 90.0;
            } else if real_part > 0.0 {
                self.phase += 90.0;
            }
        }
        self.phase += 90.0;
        // Compensates the WMA's one-bar lag.
        self.phase += 360.0 / bar.smooth_period;
        if imag_part < 0.0 {
            self.phase += 180.0;
        }
        if self.phase > 315.0 {
            self.phase -= 360.0;
        }
        self.phase
    }

    /// The phase of the last bar, in degrees (0 before any).
    #[inline]
    pub(crate) fn last(&self) -> f64 {
        self.phase
    }

    /// The smoothed price of the newest bar.
    #[inline]
    pub(crate) fn newest_smoothed(&self) -> f64 {
        self.smoothed[self.newest]
    }
}

/// TA-Lib's instantaneous trendline (HT_TRENDLINE, and a test of HT_TRENDMODE): the mean
/// of the raw prices over the dominant cycle period, then a 4-3-2-1 weighted average of
/// the last four such means.
#[derive(Debug, Clone, Copy)]
pub(crate) struct InstantTrend {
    /// The last [`MAX_CYCLE`] raw prices, the newest at `newest`.
    prices: [f64; MAX_CYCLE],
    newest: usize,
    /// The last three means, newest first.
    means: [f64; 3],
}

impl InstantTrend {
    pub(crate) fn new() -> InstantTrend {
        InstantTrend { prices: [0.0; MAX_CYCLE], newest: MAX_CYCLE - 1, means: [0.0; 3] }
    }

    /// Records a raw price; every bar, warm-up included.
    #[inline]
    pub(crate) fn push(&mut self, x: f64) {
        self.newest = if self.newest + 1 == MAX_CYCLE { 0 } else { self.newest + 1 };
        self.prices[self.newest] = x;
    }

    /// The trendline after a bar of the dominant cycle (its price already pushed).
    /// O(period): sums up to [`MAX_CYCLE`] prices, newest first as TA-Lib does, which a
    /// running sum could not reproduce to the bit.
    #[inline]
    pub(crate) fn step(&mut self, smooth_period: f64) -> f64 {
        let period = whole_period(smooth_period);
        let mut sum = 0.0;
        let mut slot = self.newest;
        for _ in 0..period {
            sum += self.prices[slot];
            slot = if slot == 0 { MAX_CYCLE - 1 } else { slot - 1 };
        }
        let mean = if period > 0 { sum / period as f64 } else { sum };
        let [last, second, third] = self.means;
        let trendline = (4.0 * mean + 3.0 * last + 2.0 * second + third) / 10.0;
        self.means = [mean, last, second];
        trendline
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constants_are_talib_bits() {
        let quarter_pi = 1f64.atan();
        assert_eq!(RAD_TO_DEG.to_bits(), (45.0 / quarter_pi).to_bits());
        assert_eq!(DEG_TO_RAD.to_bits(), (1.0 / (45.0 / quarter_pi)).to_bits());
        assert_eq!(FULL_TURN.to_bits(), (quarter_pi * 8.0).to_bits());
    }

    #[test]
    fn whole_period_is_bounded() {
        assert_eq!(whole_period(f64::NAN), 0);
        assert_eq!(whole_period(f64::INFINITY), MAX_CYCLE);
        assert_eq!(whole_period(-3.0), 0);
        assert_eq!(whole_period(6.4), 6);
        assert_eq!(whole_period(6.5), 7);
    }
}
