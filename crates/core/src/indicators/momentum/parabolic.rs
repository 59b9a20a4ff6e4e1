//! Wilder's parabolic stop-and-reverse, shared by SAR and SAREXT (SAR is SAREXT with
//! one acceleration schedule for both sides, automatic start and no reversal offset).

/// TA-Lib's largest accepted real parameter (`TA_REAL_MAX`).
pub(crate) const REAL_MAX: f64 = 3e37;

pub(crate) use crate::indicators::check_real;

/// The acceleration schedule of one side: start, step and ceiling.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Acceleration {
    pub init: f64,
    pub step: f64,
    pub max: f64,
}

impl Acceleration {
    /// TA-Lib's repair of an incoherent schedule: neither the start nor the step may
    /// exceed the ceiling.
    pub(crate) fn coherent(self) -> Acceleration {
        Acceleration { init: self.init.min(self.max), step: self.step.min(self.max), max: self.max }
    }
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct Config {
    /// 0: the first two bars choose the side; > 0: start long at this SAR; < 0: start
    /// short at its absolute value.
    pub start: f64,
    /// Fraction by which the SAR is pushed away from price on a reversal.
    pub offset_on_reverse: f64,
    pub long: Acceleration,
    pub short: Acceleration,
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct State {
    bars: usize,
    long: bool,
    sar: f64,
    extreme: f64,
    af_long: f64,
    af_short: f64,
    prev_high: f64,
    prev_low: f64,
}

impl State {
    pub(crate) fn start(config: &Config) -> State {
        State {
            bars: 0,
            long: true,
            sar: 0.0,
            extreme: 0.0,
            af_long: config.long.init,
            af_short: config.short.init,
            prev_high: f64::NAN,
            prev_low: f64::NAN,
        }
    }

    /// The state after one more bar and the bar's SAR, signed (negative while short) as
    /// SAREXT reports it; NaN on the first bar.
    #[inline]
    pub(crate) fn next(&self, config: &Config, high: f64, low: f64) -> (State, f64) {
        let mut s = *self;
        s.bars = self.bars.saturating_add(1);
        if self.bars == 0 {
            s.prev_high = high;
            s.prev_low = low;
            return (s, f64::NAN);
        }
        if self.bars == 1 {
            // The first bar only seeds: its high or low is the first SAR, and the second
            // bar is compared with itself (TA-Lib's convention).
            s.long = if config.start == 0.0 {
                let up = high - self.prev_high;
                let down = self.prev_low - low;
                !(down > 0.0 && down > up)
            } else {
                config.start > 0.0
            };
            (s.extreme, s.sar) = match (config.start == 0.0, s.long) {
                (true, true) => (high, self.prev_low),
                (true, false) => (low, self.prev_high),
                (false, true) => (high, config.start),
                (false, false) => (low, config.start.abs()),
            };
            s.prev_high = high;
            s.prev_low = low;
        }
        let output = s.follow(config, high, low);
        (s, output)
    }

    /// The signed SAR of every bar of a whole series, bit for bit what [`next`](Self::next)
    /// gives bar by bar: past the two seeding bars the state stays in locals and each
    /// output slot is written once by `extend`, `shown` mapping the signed SAR to the
    /// output.
    pub(crate) fn series(config: &Config, high: &[f64], low: &[f64], shown: impl Fn(f64) -> f64) -> Vec<f64> {
        let n = high.len().min(low.len());
        let (high, low) = (&high[..n], &low[..n]);
        let mut out = Vec::with_capacity(n);
        let mut state = State::start(config);
        let seeding = n.min(2);
        for (&high, &low) in high[..seeding].iter().zip(&low[..seeding]) {
            let output;
            (state, output) = state.next(config, high, low);
            out.push(shown(output));
        }
        out.extend(high[seeding..].iter().zip(&low[seeding..]).map(|(&high, &low)| shown(state.follow(config, high, low))));
        out
    }

    /// One bar after the seeding (the bar count is left alone); returns the signed SAR.
    #[inline(always)]
    fn follow(&mut self, config: &Config, high: f64, low: f64) -> f64 {
        let s = self;
        let (prev_high, prev_low) = (s.prev_high, s.prev_low);
        let output;
        if s.long {
            if low <= s.sar {
                s.long = false;
                s.sar = s.extreme.max_of(prev_high).max_of(high);
                if config.offset_on_reverse != 0.0 {
                    s.sar += s.sar * config.offset_on_reverse;
                }
                output = -s.sar;
                s.af_short = config.short.init;
                s.extreme = low;
                s.sar += s.af_short * (s.extreme - s.sar);
                s.sar = s.sar.max_of(prev_high).max_of(high);
            } else {
                output = s.sar;
                if high > s.extreme {
                    s.extreme = high;
                    s.af_long += config.long.step;
                    if s.af_long > config.long.max {
                        s.af_long = config.long.max;
                    }
                }
                s.sar += s.af_long * (s.extreme - s.sar);
                s.sar = s.sar.min_of(prev_low).min_of(low);
            }
        } else if high >= s.sar {
            s.long = true;
            s.sar = s.extreme.min_of(prev_low).min_of(low);
            if config.offset_on_reverse != 0.0 {
                s.sar -= s.sar * config.offset_on_reverse;
            }
            output = s.sar;
            s.af_long = config.long.init;
            s.extreme = high;
            s.sar += s.af_long * (s.extreme - s.sar);
            s.sar = s.sar.min_of(prev_low).min_of(low);
        } else {
            output = -s.sar;
            if low < s.extreme {
                s.extreme = low;
                s.af_short += config.short.step;
                if s.af_short > config.short.max {
                    s.af_short = config.short.max;
                }
            }
            s.sar += s.af_short * (s.extreme - s.sar);
            s.sar = s.sar.max_of(prev_high).max_of(high);
        }
        s.prev_high = high;
        s.prev_low = low;
        output
    }
}

/// TA-Lib's clamps: replace only when the bound is strictly beyond (so a NaN bound
/// leaves the value alone, unlike `f64::max`).
trait Clamp {
    fn max_of(self, bound: f64) -> f64;
    fn min_of(self, bound: f64) -> f64;
}

impl Clamp for f64 {
    #[inline]
    fn max_of(self, bound: f64) -> f64 {
        if self < bound {
            bound
        } else {
            self
        }
    }
    #[inline]
    fn min_of(self, bound: f64) -> f64 {
        if self > bound {
            bound
        } else {
            self
        }
    }
}
