use super::ao::{Ao, FAST_PARAM, INPUTS, SLOW_PARAM};
use crate::bar::Bar;
use crate::error::Error;
use crate::indicators::{check_period, int_param, run_bars, Sma};
use crate::registry::{IndicatorDef, ParamDef, ParamKind, Streaming};

/// Accelerator/Decelerator Oscillator (TA-Lib 0.8.1 `AC`, Bill Williams): the
/// [`Ao`](crate::indicators::Ao) minus its own `signal`-bar SMA.
///
/// ```
/// use sigil_core::indicators::Ac;
/// let high: Vec<f64> = (0..12).map(|i| f64::from(i * i)).collect();
/// let low = vec![0.0; 12];
/// let out = Ac::batch(&high, &low, 2, 3, 2).unwrap();
/// assert!(out[2].is_nan());
/// assert!((out[3] - 0.25).abs() < 1e-12); // AO 5/12 then 11/12, mean 2/3
/// ```
#[derive(Debug, Clone)]
pub struct Ac {
    oscillator: Ao,
    signal: Sma,
    signal_period: usize,
    /// Oscillator values seen, saturating at `signal_period`.
    values: usize,
}

impl Ac {
    pub const NAME: &'static str = "ac";
    pub const DEFAULT_SIGNAL: usize = 5;

    pub fn new(fast: usize, slow: usize, signal: usize) -> Result<Ac, Error> {
        let oscillator = Ao::checked(Self::NAME, fast, slow)?;
        check_period(Self::NAME, "signalperiod", signal, Ao::MIN_PERIOD, Ao::MAX_PERIOD)?;
        Ok(Ac { oscillator, signal: Sma::new(signal)?, signal_period: signal, values: 0 })
    }

    pub fn lookback(fast: usize, slow: usize, signal: usize) -> usize {
        Ao::lookback(fast, slow) + signal.saturating_sub(1)
    }

    /// `update`'s values bit for bit: [`Ao::batch`], then one pass of [`Sma::step`]
    /// over the oscillator from its first value on, the value leaving the average read
    /// from the oscillator column.
    pub fn batch(high: &[f64], low: &[f64], fast: usize, slow: usize, signal: usize) -> Result<Vec<f64>, Error> {
        Ac::new(fast, slow, signal)?;
        let oscillator = Ao::batch(high, low, fast, slow)?;
        let lookback = Self::lookback(fast, slow, signal);
        if oscillator.len() <= lookback {
            return Ok(vec![f64::NAN; oscillator.len()]);
        }
        let first = Ao::lookback(fast, slow);
        let mut partial = Sma::partial(&oscillator[first..lookback]);
        let divisor = signal as f64;
        let mut out = Vec::with_capacity(oscillator.len());
        out.resize(lookback, f64::NAN);
        out.extend(
            oscillator[lookback..]
                .iter()
                .zip(&oscillator[first..])
                .map(|(&oscillator, &leaving)| oscillator - Sma::step(&mut partial, oscillator, leaving, divisor)),
        );
        Ok(out)
    }

    #[inline]
    pub fn update(&mut self, high: f64, low: f64) -> f64 {
        if !self.oscillator.next_is_ready() {
            self.oscillator.update(high, low);
            return f64::NAN;
        }
        let oscillator = self.oscillator.update(high, low);
        let average = self.signal.update(oscillator);
        if self.values + 1 < self.signal_period {
            self.values += 1;
            return f64::NAN;
        }
        oscillator - average
    }

    #[inline]
    pub fn peek(&self, high: f64, low: f64) -> f64 {
        if !self.oscillator.next_is_ready() || self.values + 1 < self.signal_period {
            return f64::NAN;
        }
        let oscillator = self.oscillator.peek(high, low);
        oscillator - self.signal.peek(oscillator)
    }

    pub fn reset(&mut self) {
        self.oscillator.reset();
        self.signal.reset();
        self.values = 0;
    }
}

struct OnBars(Ac);

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
    name: Ac::NAME,
    title: "Accelerator/Decelerator Oscillator",
    group: "Momentum Indicators",
    inputs: INPUTS,
    params: &[
        FAST_PARAM,
        SLOW_PARAM,
        ParamDef {
            name: "signalperiod",
            kind: ParamKind::Integer { min: Ao::MIN_PERIOD as i64, max: Ao::MAX_PERIOD as i64 },
            default: Ac::DEFAULT_SIGNAL as f64,
            description: "Period of the SMA of the Awesome Oscillator",
        },
    ],
    outputs: &["real"],
    overlay: false,
    lookback: |p| Ac::lookback(int_param(p, 0), int_param(p, 1), int_param(p, 2)),
    batch: kernel!(|p, columns| match columns {
        [high, low, ..] => Ok(vec![Ac::batch(high, low, int_param(p, 0), int_param(p, 1), int_param(p, 2))?]),
        _ => Ok(run_bars(OnBars(Ac::new(int_param(p, 0), int_param(p, 1), int_param(p, 2))?), INPUTS, columns, 1)),
    }),
    stream: |p| Ok(Box::new(OnBars(Ac::new(int_param(p, 0), int_param(p, 1), int_param(p, 2))?))),
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flat_short_and_invalid() {
        assert!(Ac::batch(&[2.0; 45], &[1.0; 45], 5, 34, 5).unwrap()[37..].iter().all(|&v| v == 0.0));
        assert!(Ac::batch(&[2.0; 37], &[1.0; 37], 5, 34, 5).unwrap().iter().all(|v| v.is_nan()));
        assert!(Ac::new(5, 34, 1).unwrap_err().to_string().contains("signalperiod"));
        assert!(Ac::new(5, 0, 5).unwrap_err().to_string().contains("ac: parameter slowperiod"));
    }

    #[test]
    fn batch_is_updates_bit_for_bit() {
        use crate::indicators::kernel_checks::assert_high_low_batch_is_updates;
        for (fast, slow, signal) in [(2, 2, 2), (2, 3, 2), (3, 2, 4), (5, 34, 5), (34, 5, 3), (4, 7, 9)] {
            for scale in [1.0, 1e-12, 1e300] {
                assert_high_low_batch_is_updates(
                    &format!("ac:{fast}:{slow}:{signal}"),
                    scale,
                    |high, low| Ac::batch(high, low, fast, slow, signal).unwrap(),
                    |high, low| {
                        let mut ac = Ac::new(fast, slow, signal).unwrap();
                        high.iter().zip(low).map(|(&h, &l)| ac.update(h, l)).collect()
                    },
                );
            }
        }
    }
}
