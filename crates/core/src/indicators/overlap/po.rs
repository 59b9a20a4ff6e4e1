//! APO, PPO and PVO: the difference of a fast and a slow moving average of one input.

use super::ma::{ma_type, ma_type_param};
use super::MovingAverage;
use crate::bar::Input;
use crate::error::Error;
use crate::indicators::{check_period, first, int_param, on_input, run_batch, single_series, Ema, Sma};
use crate::registry::{IndicatorDef, ParamDef, ParamKind};

const MIN_PERIOD: usize = 2;
const MAX_PERIOD: usize = 100_000;

/// Fast and slow averages of one type. As in TA-Lib, a "slow" period shorter than the
/// "fast" one is swapped, and both averages run from the first input.
#[derive(Debug, Clone)]
struct Oscillator {
    /// The periods, fast <= slow.
    periods: (usize, usize),
    ma_type: u8,
    fast: MovingAverage,
    slow: MovingAverage,
    percent: bool,
    lookback: usize,
    seen: usize,
}

impl Oscillator {
    fn new(indicator: &'static str, fast: usize, slow: usize, ma_type: u8, percent: bool) -> Result<Oscillator, Error> {
        check_period(indicator, "fastperiod", fast, MIN_PERIOD, MAX_PERIOD)?;
        check_period(indicator, "slowperiod", slow, MIN_PERIOD, MAX_PERIOD)?;
        let (fast, slow) = (fast.min(slow), fast.max(slow));
        Ok(Oscillator {
            periods: (fast, slow),
            ma_type,
            fast: MovingAverage::checked(indicator, "matype", ma_type, fast)?,
            slow: MovingAverage::checked(indicator, "matype", ma_type, slow)?,
            percent,
            lookback: lookback(fast, slow, ma_type),
            seen: 0,
        })
    }

    /// A whole column, the same arithmetic as [`update`](Self::update) bar by bar. For
    /// SMA and EMA both averages step together in one pass, without the `MovingAverage`
    /// dispatch or the warm-up test in the loop, and each output slot is written once.
    /// The other types run `update` as it is.
    fn batch(mut self, input: &[f64]) -> Vec<f64> {
        let (fast_period, slow_period) = self.periods;
        let (lookback, percent) = (self.lookback, self.percent);
        match self.ma_type {
            0 => match (Sma::new(fast_period), Sma::new(slow_period)) {
                (Ok(mut fast), Ok(mut slow)) => in_step(input, lookback, percent, |x| (fast.update(x), slow.update(x))),
                _ => run_batch(input, |x| self.update(x)),
            },
            1 => {
                let column = if percent {
                    emas_in_pairs(input, fast_period, slow_period, percent_difference)
                } else {
                    emas_in_pairs(input, fast_period, slow_period, |fast, slow| fast - slow)
                };
                column.unwrap_or_else(|| run_batch(input, |x| self.update(x)))
            }
            _ => run_batch(input, |x| self.update(x)),
        }
    }

    #[inline]
    fn update(&mut self, x: f64) -> f64 {
        let fast = self.fast.update(x);
        let slow = self.slow.update(x);
        let ready = self.seen >= self.lookback;
        if !ready {
            self.seen += 1;
        }
        self.output(ready, fast, slow)
    }

    #[inline]
    fn peek(&self, x: f64) -> f64 {
        self.output(self.seen >= self.lookback, self.fast.peek(x), self.slow.peek(x))
    }

    fn reset(&mut self) {
        self.fast.reset();
        self.slow.reset();
        self.seen = 0;
    }

    #[inline]
    fn output(&self, ready: bool, fast: f64, slow: f64) -> f64 {
        if !ready {
            f64::NAN
        } else if !self.percent {
            fast - slow
        } else {
            percent_difference(fast, slow)
        }
    }
}

/// The oscillator over `input` from `averages`, which steps the fast and the slow
/// average by one input: NaN for the first `lookback` bars, then their difference.
#[inline(always)]
fn in_step(input: &[f64], lookback: usize, percent: bool, mut averages: impl FnMut(f64) -> (f64, f64)) -> Vec<f64> {
    let warm_up = lookback.min(input.len());
    let mut out = Vec::with_capacity(input.len());
    out.extend(input[..warm_up].iter().map(|&x| {
        averages(x);
        f64::NAN
    }));
    let ready = input[warm_up..].iter().map(|&x| averages(x));
    if percent {
        out.extend(ready.map(|(fast, slow)| percent_difference(fast, slow)));
    } else {
        out.extend(ready.map(|(fast, slow)| fast - slow));
    }
    out
}

/// EMA APO or PPO: `combine(fast, slow)` once the slow EMA is seeded (`None` for
/// periods `Ema` rejects, which the callers' checks rule out). The warm-up runs
/// through `Ema::update`; after it, both EMAs step in pairs of bars aligned on the slow
/// one's. The fast EMA's own pairs started `slow - fast` bars earlier, so when that is
/// odd each of its pairs straddles two of the loop's.
#[inline(always)]
fn emas_in_pairs(input: &[f64], fast_period: usize, slow_period: usize, combine: impl Fn(f64, f64) -> f64) -> Option<Vec<f64>> {
    let (Ok(mut fast), Ok(mut slow)) = (Ema::new(fast_period), Ema::new(slow_period)) else {
        return None;
    };
    let lookback = slow_period - 1;
    let Some(&at_seed) = input.get(lookback) else {
        return Some(vec![f64::NAN; input.len()]);
    };
    let mut out = Vec::with_capacity(input.len());
    let mut before_seed = f64::NAN;
    out.extend(input[..lookback].iter().map(|&x| {
        before_seed = fast.update(x);
        slow.update(x);
        f64::NAN
    }));
    let (fast_at_seed, mut slow_anchor) = (fast.update(at_seed), slow.update(at_seed));
    out.push(combine(fast_at_seed, slow_anchor));
    // Ema's own pair steps, so the values are bit for bit what streaming gives.
    let (fast_steps, slow_steps) = (&fast, &slow);
    let mut pairs = input[lookback + 1..].chunks_exact(2);
    if (slow_period - fast_period) % 2 == 0 {
        let mut fast_anchor = fast_at_seed;
        out.extend((&mut pairs).flat_map(|pair| {
            let (x1, x2) = (pair[0], pair[1]);
            let (fast_first, slow_first) = (fast_steps.first_of_pair(fast_anchor, x1), slow_steps.first_of_pair(slow_anchor, x1));
            fast_anchor = fast_steps.pair(fast_anchor, x1, x2);
            slow_anchor = slow_steps.pair(slow_anchor, x1, x2);
            [combine(fast_first, slow_first), combine(fast_anchor, slow_anchor)]
        }));
        if let Some(&x) = pairs.remainder().first() {
            out.push(combine(fast_steps.first_of_pair(fast_anchor, x), slow_steps.first_of_pair(slow_anchor, x)));
        }
    } else {
        // The fast EMA's anchor is from the bar before the seed bar, whose input waits
        // as the first of its pair.
        let (mut fast_anchor, mut pending) = (before_seed, at_seed);
        out.extend((&mut pairs).flat_map(|pair| {
            let (x1, x2) = (pair[0], pair[1]);
            fast_anchor = fast_steps.pair(fast_anchor, pending, x1);
            let fast_first = fast_steps.first_of_pair(fast_anchor, x2);
            pending = x2;
            let slow_first = slow_steps.first_of_pair(slow_anchor, x1);
            slow_anchor = slow_steps.pair(slow_anchor, x1, x2);
            [combine(fast_anchor, slow_first), combine(fast_first, slow_anchor)]
        }));
        if let Some(&x) = pairs.remainder().first() {
            out.push(combine(fast_steps.pair(fast_anchor, pending, x), slow_steps.first_of_pair(slow_anchor, x)));
        }
    }
    Some(out)
}

#[inline]
fn percent_difference(fast: f64, slow: f64) -> f64 {
    if slow.abs() < 1e-14 {
        // TA-Lib answers 0 rather than dividing by a (near-)zero slow average.
        0.0
    } else {
        (fast - slow) / slow * 100.0
    }
}

fn lookback(fast: usize, slow: usize, ma_type: u8) -> usize {
    MovingAverage::lookback(ma_type, fast.max(slow))
}

const fn period_param(name: &'static str, default: usize, description: &'static str) -> ParamDef {
    ParamDef { name, kind: ParamKind::Integer { min: MIN_PERIOD as i64, max: MAX_PERIOD as i64 }, default: default as f64, description }
}

const PARAMS: &[ParamDef] = &[
    period_param("fastperiod", 12, "Number of bars of the fast average"),
    period_param("slowperiod", 26, "Number of bars of the slow average"),
    ma_type("matype", 1),
];

macro_rules! oscillator {
    ($(#[$doc:meta])* $name:ident, $code:literal, $percent:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone)]
        pub struct $name(Oscillator);

        impl $name {
            pub const NAME: &'static str = $code;

            pub fn new(fast_period: usize, slow_period: usize, ma_type: u8) -> Result<$name, Error> {
                Ok($name(Oscillator::new(Self::NAME, fast_period, slow_period, ma_type, $percent)?))
            }

            pub fn lookback(fast_period: usize, slow_period: usize, ma_type: u8) -> usize {
                lookback(fast_period, slow_period, ma_type)
            }

            pub fn batch(input: &[f64], fast_period: usize, slow_period: usize, ma_type: u8) -> Result<Vec<f64>, Error> {
                Ok($name::new(fast_period, slow_period, ma_type)?.0.batch(input))
            }

            #[inline]
            pub fn update(&mut self, x: f64) -> f64 {
                self.0.update(x)
            }

            #[inline]
            pub fn peek(&self, x: f64) -> f64 {
                self.0.peek(x)
            }

            pub fn reset(&mut self) {
                self.0.reset();
            }
        }

        single_series!($name);
    };
}

oscillator!(
    /// Absolute price oscillator (TA-Lib `APO`): fast MA minus slow MA, of any TA-Lib MA
    /// type (default EMA).
    ///
    /// ```
    /// use sigil_core::indicators::overlap::Apo;
    /// let out = Apo::batch(&[1.0, 2.0, 3.0, 4.0], 2, 3, 0).unwrap(); // SMA
    /// assert!(out[1].is_nan());
    /// assert_eq!(out[2], 2.5 - 2.0);
    /// ```
    Apo,
    "apo",
    false
);

oscillator!(
    /// Percentage price oscillator (TA-Lib `PPO`): `(fast MA - slow MA) / slow MA * 100`,
    /// 0 where the slow MA is (within 1e-14 of) zero.
    ///
    /// ```
    /// use sigil_core::indicators::overlap::Ppo;
    /// let out = Ppo::batch(&[1.0, 2.0, 3.0, 4.0], 2, 3, 0).unwrap();
    /// assert_eq!(out[2], 25.0);
    /// ```
    Ppo,
    "ppo",
    true
);

oscillator!(
    /// Percentage volume oscillator (TA-Lib `PVO`): PPO of the volume.
    ///
    /// ```
    /// use sigil_core::indicators::overlap::Pvo;
    /// let out = Pvo::batch(&[0.0, 0.0, 0.0, 8.0], 2, 3, 0).unwrap();
    /// assert_eq!(out[2], 0.0); // zero slow average: 0, not a division by zero
    /// assert_eq!(out[3], (4.0 - 8.0 / 3.0) / (8.0 / 3.0) * 100.0);
    /// ```
    Pvo,
    "pvo",
    true
);

pub(crate) static APO_DEF: IndicatorDef = IndicatorDef {
    name: Apo::NAME,
    title: "Absolute Price Oscillator",
    group: "Momentum Indicators",
    inputs: &[Input::Close],
    params: PARAMS,
    outputs: &["real"],
    overlay: false,
    lookback: |p| lookback(int_param(p, 0), int_param(p, 1), ma_type_param(p, 2)),
    batch: kernel!(|p, columns| Ok(vec![Apo::batch(first(columns), int_param(p, 0), int_param(p, 1), ma_type_param(p, 2))?])),
    stream: |p| Ok(on_input(Input::Close, Apo::new(int_param(p, 0), int_param(p, 1), ma_type_param(p, 2))?)),
};

pub(crate) static PPO_DEF: IndicatorDef = IndicatorDef {
    name: Ppo::NAME,
    title: "Percentage Price Oscillator",
    group: "Momentum Indicators",
    inputs: &[Input::Close],
    params: PARAMS,
    outputs: &["real"],
    overlay: false,
    lookback: |p| lookback(int_param(p, 0), int_param(p, 1), ma_type_param(p, 2)),
    batch: kernel!(|p, columns| Ok(vec![Ppo::batch(first(columns), int_param(p, 0), int_param(p, 1), ma_type_param(p, 2))?])),
    stream: |p| Ok(on_input(Input::Close, Ppo::new(int_param(p, 0), int_param(p, 1), ma_type_param(p, 2))?)),
};

pub(crate) static PVO_DEF: IndicatorDef = IndicatorDef {
    name: Pvo::NAME,
    title: "Percentage Volume Oscillator",
    group: "Volume Indicators",
    inputs: &[Input::Volume],
    params: PARAMS,
    outputs: &["real"],
    overlay: false,
    lookback: |p| lookback(int_param(p, 0), int_param(p, 1), ma_type_param(p, 2)),
    batch: kernel!(|p, columns| Ok(vec![Pvo::batch(first(columns), int_param(p, 0), int_param(p, 1), ma_type_param(p, 2))?])),
    stream: |p| Ok(on_input(Input::Volume, Pvo::new(int_param(p, 0), int_param(p, 1), ma_type_param(p, 2))?)),
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swaps_periods_and_checks_bounds() {
        let x: Vec<f64> = (0..80).map(|i| 100.0 + ((i * 11) % 9) as f64).collect();
        assert_eq!(
            Apo::batch(&x, 26, 12, 1).unwrap().iter().map(|v| v.to_bits()).collect::<Vec<_>>(),
            Apo::batch(&x, 12, 26, 1).unwrap().iter().map(|v| v.to_bits()).collect::<Vec<_>>()
        );
        assert!(Apo::new(1, 26, 1).unwrap_err().to_string().contains("fastperiod"));
        assert!(Ppo::new(12, 26, 11).unwrap_err().to_string().contains("matype"));
        assert_eq!(Ppo::lookback(12, 26, 1), 25);
    }

    #[test]
    fn batch_is_updates_bit_for_bit() {
        use crate::indicators::kernel_checks::assert_batch_is_updates;
        // Odd and even period gaps (EMA pairs its steps), equal periods, and every MA type so
        // the bar-by-bar fallback is covered too.
        for (fast, slow) in [(2, 3), (3, 4), (5, 2), (4, 7), (6, 6), (3, 5), (8, 2)] {
            for &(ma_type, _) in crate::spec::MA_TYPES {
                let name = format!("{fast}:{slow}:{ma_type}");
                assert_batch_is_updates(
                    &format!("apo:{name}"),
                    |x| Apo::batch(x, fast, slow, ma_type).unwrap(),
                    |x| {
                        let mut apo = Apo::new(fast, slow, ma_type).unwrap();
                        x.iter().map(|&v| apo.update(v)).collect()
                    },
                );
                assert_batch_is_updates(
                    &format!("ppo:{name}"),
                    |x| Ppo::batch(x, fast, slow, ma_type).unwrap(),
                    |x| {
                        let mut ppo = Ppo::new(fast, slow, ma_type).unwrap();
                        x.iter().map(|&v| ppo.update(v)).collect()
                    },
                );
            }
        }
    }

    #[test]
    fn percent_batch_on_zero_tiny_and_huge_volumes() {
        use crate::indicators::kernel_checks::assert_batch_is_updates;
        let volumes: Vec<f64> = (0..60u32)
            .map(|i| match i % 11 {
                0..=3 => 0.0,
                4 => 1e-300,
                5 => 1e300,
                6 => -1e-15,
                _ => f64::from(i) * 1e-16,
            })
            .collect();
        for ma_type in [0, 1] {
            let updates = |x: &[f64]| {
                let mut pvo = Pvo::new(3, 5, ma_type).unwrap();
                x.iter().map(|&v| pvo.update(v)).collect::<Vec<_>>()
            };
            let (got, expected) = (Pvo::batch(&volumes, 3, 5, ma_type).unwrap(), updates(&volumes));
            assert!(got.iter().zip(&expected).all(|(a, b)| a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan())), "{ma_type}");
            assert!(got[4..].contains(&0.0) && got[4..].iter().any(|&v| v != 0.0 && v.is_finite()));
            assert_batch_is_updates(&format!("pvo:{ma_type}"), |x| Pvo::batch(x, 3, 5, ma_type).unwrap(), updates);
        }
    }
}
