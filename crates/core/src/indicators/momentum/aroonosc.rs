use super::aroon::{holds_nan, latest_extreme_indices};
use super::bar_streaming;
use crate::bar::Input;
use crate::error::Error;
use crate::indicators::window::{Extreme, RollingExtreme, Ties};
use crate::indicators::{check_period, int_param, run_bars, timeperiod};
use crate::registry::IndicatorDef;

/// Aroon Oscillator (TA-Lib `AROONOSC`): aroonup - aroondown, computed as TA-Lib does,
/// `100 / period * (index of the highest high - index of the lowest low)` over the last
/// `period + 1` bars (most recent bar wins a tie). First value at index `period`.
/// Amortized O(1) per bar (monotonic deques).
///
/// ```
/// use sigil_core::{Bar, Spec};
/// let mut osc = Spec::parse("aroonosc:2").unwrap().stream().unwrap();
/// let bar = |high, low| Bar { high, low, ..Bar::default() };
/// osc.update(&bar(10.0, 9.0));
/// osc.update(&bar(11.0, 9.5));
/// assert_eq!(osc.update(&bar(12.0, 10.0)), [100.0]); // high today, low 2 bars ago
/// ```
#[derive(Debug, Clone)]
pub struct AroonOsc {
    period: usize,
    factor: f64,
    highs: RollingExtreme,
    lows: RollingExtreme,
}

impl AroonOsc {
    pub const NAME: &'static str = "aroonosc";
    pub const DEFAULT_PERIOD: usize = 14;
    pub const MIN_PERIOD: usize = 2;
    pub const MAX_PERIOD: usize = 100_000;

    pub fn new(period: usize) -> Result<AroonOsc, Error> {
        check_period(Self::NAME, "timeperiod", period, Self::MIN_PERIOD, Self::MAX_PERIOD)?;
        Ok(AroonOsc {
            period,
            factor: 100.0 / period as f64,
            highs: RollingExtreme::new(period + 1, Extreme::Max, Ties::Latest),
            lows: RollingExtreme::new(period + 1, Extreme::Min, Ties::Latest),
        })
    }

    /// Bars before the first value.
    pub fn lookback(period: usize) -> usize {
        period
    }

    /// The oscillator column (as long as the shorter input).
    pub fn batch(high: &[f64], low: &[f64], period: usize) -> Result<Vec<f64>, Error> {
        let mut osc = AroonOsc::new(period)?;
        let rows = high.len().min(low.len());
        let (high, low) = (high.get(..rows).unwrap_or_default(), low.get(..rows).unwrap_or_default());
        if holds_nan(high) || holds_nan(low) {
            // A NaN blanks every window holding it; the block scan would skip it.
            return Ok(high.iter().zip(low).map(|(&h, &l)| osc.update(h, l)).collect());
        }
        let mut highest = Vec::with_capacity(rows);
        latest_extreme_indices(high, period + 1, Extreme::Max, |_, indices| highest.extend_from_slice(indices));
        let mut out = Vec::with_capacity(rows);
        latest_extreme_indices(low, period + 1, Extreme::Min, |start, lowest| {
            let bars = lowest.iter().zip(highest.get(start..).unwrap_or_default()).zip(start..start + lowest.len());
            out.extend(bars.map(
                |((&lowest, &highest), today)| {
                    if today < period {
                        f64::NAN
                    } else {
                        osc.factor * (highest as i64 - lowest as i64) as f64
                    }
                },
            ));
        });
        Ok(out)
    }

    #[inline]
    pub fn update(&mut self, high: f64, low: f64) -> f64 {
        let today = self.highs.pushed();
        let highest = self.highs.push(high);
        let lowest = self.lows.push(low);
        self.output(today, highest, lowest)
    }

    #[inline]
    pub fn peek(&self, high: f64, low: f64) -> f64 {
        let highest = self.highs.peek(high);
        let lowest = self.lows.peek(low);
        self.output(self.highs.pushed(), highest, lowest)
    }

    pub fn reset(&mut self) {
        self.highs.reset();
        self.lows.reset();
    }

    #[inline]
    /// From the (value, index) of the window's highest high and lowest low; a NaN in the
    /// window gives NaN.
    fn output(&self, today: usize, (high, highest): (f64, usize), (low, lowest): (f64, usize)) -> f64 {
        if today < self.period || high.is_nan() || low.is_nan() {
            return f64::NAN;
        }
        // Both indices lie in the same window, so the difference fits an i64 exactly.
        self.factor * (highest as i64 - lowest as i64) as f64
    }
}

bar_streaming!(AroonOsc, high, low);

const INPUTS: &[Input] = &[Input::High, Input::Low];

pub(crate) static DEF: IndicatorDef = IndicatorDef {
    name: AroonOsc::NAME,
    title: "Aroon Oscillator",
    group: "Momentum Indicators",
    inputs: INPUTS,
    params: &[timeperiod(AroonOsc::DEFAULT_PERIOD, AroonOsc::MIN_PERIOD, AroonOsc::MAX_PERIOD)],
    outputs: &["real"],
    overlay: false,
    lookback: |p| AroonOsc::lookback(int_param(p, 0)),
    batch: kernel!(|p, columns| match columns {
        [high, low, ..] => Ok(vec![AroonOsc::batch(high, low, int_param(p, 0))?]),
        _ => Ok(run_bars(AroonOsc::new(int_param(p, 0))?, INPUTS, columns, 1)),
    }),
    stream: |p| Ok(Box::new(AroonOsc::new(int_param(p, 0))?)),
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indicators::momentum::aroon::tests::{assert_same_bits, high_low_series};

    #[test]
    fn batch_is_updates_bit_for_bit() {
        for period in [2, 3, 4, 7, 14, 30] {
            for (kind, highs, lows) in high_low_series(3 * period + 20, period as u64) {
                for len in 0..=highs.len() {
                    let (highs, lows) = (&highs[..len], &lows[..len]);
                    let mut osc = AroonOsc::new(period).unwrap();
                    let updates: Vec<f64> = highs.iter().zip(lows).map(|(&h, &l)| osc.update(h, l)).collect();
                    let batch = AroonOsc::batch(highs, lows, period).unwrap();
                    assert_same_bits(&format!("{kind} period {period} len {len}"), &batch, &updates);
                }
            }
        }
        assert_eq!(AroonOsc::batch(&[1.0, 2.0, 3.0, 4.0], &[1.0, 0.5, 2.0], 2).unwrap()[2], 50.0);
    }
}
