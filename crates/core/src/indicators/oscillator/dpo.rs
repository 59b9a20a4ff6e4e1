use super::history::History;
use crate::bar::Input;
use crate::error::Error;
use crate::indicators::{check_period, first, int_param, on_input, single_series, timeperiod, Sma};
use crate::registry::IndicatorDef;

/// Detrended Price Oscillator (TA-Lib 0.8.1 `DPO`): the input `period / 2 + 1` bars
/// back minus the current `period`-bar SMA.
///
/// The lookback is `max(period - 1, period / 2 + 1)` (the displaced input reaches
/// further back than the SMA for periods 2 and 3), and the SMA starts so that it is
/// full exactly at the lookback, as TA-Lib's running total does.
///
/// ```
/// use sigil_core::indicators::Dpo;
/// let out = Dpo::batch(&[1.0, 2.0, 3.0, 4.0, 5.0], 4).unwrap();
/// assert!(out[2].is_nan());
/// assert_eq!(out[3], 1.0 - 2.5); // input 3 bars back minus the mean of 1..=4
/// ```
#[derive(Debug, Clone)]
pub struct Dpo {
    average: Sma,
    recent: History,
    shift: usize,
    /// Bars before the SMA starts.
    average_delay: usize,
    lookback: usize,
    /// Bars seen, saturating at `lookback`.
    seen: usize,
}

impl Dpo {
    pub const NAME: &'static str = "dpo";
    pub const DEFAULT_PERIOD: usize = 20;
    pub const MIN_PERIOD: usize = 2;
    pub const MAX_PERIOD: usize = 100_000;

    pub fn new(period: usize) -> Result<Dpo, Error> {
        check_period(Self::NAME, "timeperiod", period, Self::MIN_PERIOD, Self::MAX_PERIOD)?;
        let shift = period / 2 + 1;
        let lookback = Self::lookback(period);
        Ok(Dpo { average: Sma::new(period)?, recent: History::new(shift), shift, average_delay: lookback + 1 - period, lookback, seen: 0 })
    }

    pub fn lookback(period: usize) -> usize {
        period.saturating_sub(1).max(period / 2 + 1)
    }

    /// The whole series at once: `update`'s [`Sma`] running total in a local, the
    /// displaced and leaving inputs read from the slice (no rings), each output slot
    /// written once by `extend`. Same operations in the same order, so the same bits.
    pub fn batch(input: &[f64], period: usize) -> Result<Vec<f64>, Error> {
        let dpo = Dpo::new(period)?;
        let n = input.len();
        if n <= dpo.lookback {
            return Ok(vec![f64::NAN; n]);
        }
        let keep = period - 1;
        // The SMA starts at its delay and holds `period - 1` inputs before the lookback bar.
        let mut partial = input[dpo.average_delay..dpo.lookback].iter().fold(0.0, |sum, &x| sum + x);
        let divisor = period as f64;
        let mut out = Vec::with_capacity(n);
        out.resize(dpo.lookback, f64::NAN);
        let bars = input[dpo.lookback..].iter().zip(&input[dpo.lookback - keep..]).zip(&input[dpo.lookback - dpo.shift..]);
        out.extend(bars.map(|((&x, &leaving), &displaced)| {
            let total = partial + x;
            partial = total - leaving;
            displaced - total / divisor
        }));
        Ok(out)
    }

    #[inline]
    pub fn update(&mut self, x: f64) -> f64 {
        let average = if self.seen >= self.average_delay { self.average.update(x) } else { f64::NAN };
        let out = self.output(average);
        self.recent.push(x);
        if self.seen < self.lookback {
            self.seen += 1;
        }
        out
    }

    #[inline]
    pub fn peek(&self, x: f64) -> f64 {
        if self.seen < self.lookback {
            return f64::NAN;
        }
        self.output(self.average.peek(x))
    }

    pub fn reset(&mut self) {
        self.average.reset();
        self.recent.reset();
        self.seen = 0;
    }

    #[inline]
    fn output(&self, average: f64) -> f64 {
        match self.recent.ago(self.shift) {
            Some(displaced) if self.seen >= self.lookback => displaced - average,
            _ => f64::NAN,
        }
    }
}

single_series!(Dpo);

pub(crate) static DEF: IndicatorDef = IndicatorDef {
    name: Dpo::NAME,
    title: "Detrended Price Oscillator",
    group: "Momentum Indicators",
    inputs: &[Input::Close],
    params: &[timeperiod(Dpo::DEFAULT_PERIOD, Dpo::MIN_PERIOD, Dpo::MAX_PERIOD)],
    outputs: &["real"],
    overlay: false,
    lookback: |p| Dpo::lookback(int_param(p, 0)),
    batch: kernel!(|p, columns| Ok(vec![Dpo::batch(first(columns), int_param(p, 0))?])),
    stream: |p| Ok(on_input(Input::Close, Dpo::new(int_param(p, 0))?)),
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_periods_reach_back_further_than_the_average() {
        assert_eq!(Dpo::lookback(2), 2);
        assert_eq!(Dpo::lookback(3), 2);
        assert_eq!(Dpo::lookback(20), 19);
        let out = Dpo::batch(&[1.0, 2.0, 4.0, 8.0], 2).unwrap();
        assert!(out[1].is_nan());
        assert_eq!(out[2..], [1.0 - 3.0, 2.0 - 6.0]);
        assert!(Dpo::batch(&[5.0; 30], 20).unwrap()[19..].iter().all(|&v| v == 0.0));
        assert!(Dpo::batch(&[5.0; 19], 20).unwrap().iter().all(|v| v.is_nan()));
    }
}

#[cfg(test)]
mod kernel_tests {
    use super::*;
    use crate::indicators::kernel_checks::assert_batch_is_updates;

    #[test]
    fn batch_is_updates_bit_for_bit() {
        for period in [2, 3, 4, 5, 20, 31] {
            for scale in [1.0, 1e-12, 1e300] {
                let scaled = |x: &[f64]| x.iter().map(|v| v * scale).collect::<Vec<f64>>();
                let updates = |x: &[f64]| {
                    let mut dpo = Dpo::new(period).unwrap();
                    scaled(x).into_iter().map(|v| dpo.update(v)).collect()
                };
                assert_batch_is_updates(&format!("dpo:{period} x{scale}"), |x| Dpo::batch(&scaled(x), period).unwrap(), updates);
            }
        }
    }
}
