use crate::bar::{Bar, Input};
use crate::error::Error;
use crate::indicators::{check_period, int_param, run_bars, Sma};
use crate::registry::{IndicatorDef, ParamDef, ParamKind, Streaming};

/// Awesome Oscillator (TA-Lib 0.8.1 `AO`, Bill Williams): the fast SMA minus the slow
/// SMA of the median price `(high + low) / 2`.
///
/// Both SMAs end at the first bar where the longer one is full (index
/// `max(fast, slow) - 1`); each keeps TA-Lib's running total, so values match to the
/// bit. A fast period above the slow one is not swapped (TA-Lib does not either): the
/// result is simply the negated oscillator.
///
/// ```
/// use sigil_core::indicators::Ao;
/// let mut ao = Ao::new(2, 3).unwrap();
/// assert!(ao.update(2.0, 0.0).is_nan()); // median 1
/// assert!(ao.update(4.0, 0.0).is_nan()); // median 2
/// assert_eq!(ao.update(6.0, 0.0), 2.5 - 2.0); // medians 1, 2, 3
/// assert_eq!(ao.peek(8.0, 0.0), 3.5 - 3.0);
/// ```
#[derive(Debug, Clone)]
pub struct Ao {
    fast: Sma,
    slow: Sma,
    /// Bars before each SMA starts, so that both fill up at the same bar.
    fast_delay: usize,
    slow_delay: usize,
    lookback: usize,
    /// Bars seen, saturating at `lookback`.
    seen: usize,
}

impl Ao {
    pub const NAME: &'static str = "ao";
    pub const DEFAULT_FAST: usize = 5;
    pub const DEFAULT_SLOW: usize = 34;
    pub const MIN_PERIOD: usize = 2;
    pub const MAX_PERIOD: usize = 100_000;

    pub fn new(fast: usize, slow: usize) -> Result<Ao, Error> {
        Ao::checked(Self::NAME, fast, slow)
    }

    /// Validates the periods under the name of the indicator built on them.
    pub(crate) fn checked(indicator: &'static str, fast: usize, slow: usize) -> Result<Ao, Error> {
        check_period(indicator, "fastperiod", fast, Self::MIN_PERIOD, Self::MAX_PERIOD)?;
        check_period(indicator, "slowperiod", slow, Self::MIN_PERIOD, Self::MAX_PERIOD)?;
        let longest = fast.max(slow);
        Ok(Ao {
            fast: Sma::new(fast)?,
            slow: Sma::new(slow)?,
            fast_delay: longest - fast,
            slow_delay: longest - slow,
            lookback: longest - 1,
            seen: 0,
        })
    }

    pub fn lookback(fast: usize, slow: usize) -> usize {
        fast.max(slow).saturating_sub(1)
    }

    /// The whole series at once: both of `update`'s [`Sma`] running totals in locals,
    /// the medians leaving each window recomputed from the slices (no median column,
    /// no rings), each output slot written once by `extend`. Same operations in the
    /// same order, so the same bits.
    pub fn batch(high: &[f64], low: &[f64], fast: usize, slow: usize) -> Result<Vec<f64>, Error> {
        let ao = Ao::new(fast, slow)?;
        let n = high.len().min(low.len());
        if n <= ao.lookback {
            return Ok(vec![f64::NAN; n]);
        }
        let medians = |from: usize| high[from..n].iter().zip(&low[from..n]).map(|(&high, &low)| median(high, low));
        // Each SMA starts at its delay and holds `period - 1` inputs before the lookback bar.
        let mut fast_partial = medians(ao.fast_delay).take(fast - 1).fold(0.0, |sum, x| sum + x);
        let mut slow_partial = medians(ao.slow_delay).take(slow - 1).fold(0.0, |sum, x| sum + x);
        let (fast_divisor, slow_divisor) = (fast as f64, slow as f64);
        let mut out = Vec::with_capacity(n);
        out.resize(ao.lookback, f64::NAN);
        let bars = medians(ao.lookback).zip(medians(ao.fast_delay)).zip(medians(ao.slow_delay));
        out.extend(bars.map(|((x, fast_leaving), slow_leaving)| {
            let fast_total = fast_partial + x;
            fast_partial = fast_total - fast_leaving;
            let slow_total = slow_partial + x;
            slow_partial = slow_total - slow_leaving;
            fast_total / fast_divisor - slow_total / slow_divisor
        }));
        Ok(out)
    }

    #[inline]
    pub fn update(&mut self, high: f64, low: f64) -> f64 {
        let median = median(high, low);
        let fast = if self.seen >= self.fast_delay { self.fast.update(median) } else { f64::NAN };
        let slow = if self.seen >= self.slow_delay { self.slow.update(median) } else { f64::NAN };
        let ready = self.seen >= self.lookback;
        if !ready {
            self.seen += 1;
        }
        if ready {
            fast - slow
        } else {
            f64::NAN
        }
    }

    #[inline]
    pub fn peek(&self, high: f64, low: f64) -> f64 {
        if self.seen < self.lookback {
            return f64::NAN;
        }
        let median = median(high, low);
        self.fast.peek(median) - self.slow.peek(median)
    }

    /// Whether the next bar gives a value.
    pub(crate) fn next_is_ready(&self) -> bool {
        self.seen >= self.lookback
    }

    pub fn reset(&mut self) {
        self.fast.reset();
        self.slow.reset();
        self.seen = 0;
    }
}

#[inline(always)]
fn median(high: f64, low: f64) -> f64 {
    (high + low) / 2.0
}

pub(crate) const INPUTS: &[Input] = &[Input::High, Input::Low];

pub(crate) const fn period(name: &'static str, default: usize, description: &'static str) -> ParamDef {
    ParamDef {
        name,
        kind: ParamKind::Integer { min: Ao::MIN_PERIOD as i64, max: Ao::MAX_PERIOD as i64 },
        default: default as f64,
        description,
    }
}

pub(crate) const FAST_PARAM: ParamDef = period("fastperiod", Ao::DEFAULT_FAST, "Period of the fast SMA of the median price");
pub(crate) const SLOW_PARAM: ParamDef = period("slowperiod", Ao::DEFAULT_SLOW, "Period of the slow SMA of the median price");

struct OnBars(Ao);

impl Streaming for OnBars {
    fn update(&mut self, bar: &Bar, out: &mut [f64]) {
        out[0] = self.0.update(bar.high, bar.low);
    }
    fn peek(&self, bar: &Bar, out: &mut [f64]) {
        out[0] = self.0.peek(bar.high, bar.low);
    }
    fn reset(&mut self) {
        self.0.reset();
    }
}

pub(crate) static DEF: IndicatorDef = IndicatorDef {
    name: Ao::NAME,
    title: "Awesome Oscillator",
    group: "Momentum Indicators",
    inputs: INPUTS,
    params: &[FAST_PARAM, SLOW_PARAM],
    outputs: &["real"],
    overlay: false,
    lookback: |p| Ao::lookback(int_param(p, 0), int_param(p, 1)),
    batch: kernel!(|p, columns| match columns {
        [high, low, ..] => Ok(vec![Ao::batch(high, low, int_param(p, 0), int_param(p, 1))?]),
        _ => Ok(run_bars(OnBars(Ao::new(int_param(p, 0), int_param(p, 1))?), INPUTS, columns, 1)),
    }),
    stream: |p| Ok(Box::new(OnBars(Ao::new(int_param(p, 0), int_param(p, 1))?))),
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swapped_periods_negate_and_short_input_is_nan() {
        let high: Vec<f64> = (0..50).map(|i| 10.0 + (f64::from(i) * 0.4).sin()).collect();
        let low: Vec<f64> = high.iter().map(|h| h - 0.5).collect();
        let ao = Ao::batch(&high, &low, 5, 34).unwrap();
        let swapped = Ao::batch(&high, &low, 34, 5).unwrap();
        assert!(ao[32].is_nan() && swapped[32].is_nan());
        assert!(ao[33..].iter().zip(&swapped[33..]).all(|(a, b)| *a == -*b));
        assert!(Ao::batch(&high[..33], &low[..33], 5, 34).unwrap().iter().all(|v| v.is_nan()));
        assert!(Ao::batch(&[1.0; 40], &[1.0; 40], 5, 34).unwrap()[33..].iter().all(|&v| v == 0.0));
        assert!(Ao::new(1, 34).unwrap_err().to_string().contains("fastperiod"));
    }
}

#[cfg(test)]
mod kernel_tests {
    use super::*;
    use crate::indicators::kernel_checks::assert_high_low_batch_is_updates;

    #[test]
    fn batch_is_updates_bit_for_bit() {
        for (fast, slow) in [(2, 2), (2, 3), (3, 2), (5, 34), (34, 5)] {
            for scale in [1.0, 1e-12, 1e300] {
                assert_high_low_batch_is_updates(
                    &format!("ao:{fast}:{slow}"),
                    scale,
                    |high, low| Ao::batch(high, low, fast, slow).unwrap(),
                    |high, low| {
                        let mut indicator = Ao::new(fast, slow).unwrap();
                        high.iter().zip(low).map(|(&h, &l)| indicator.update(h, l)).collect()
                    },
                );
            }
        }
    }
}
