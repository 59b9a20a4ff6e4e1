use super::ad::money_flow_volume;
use super::{column, emit, fused_mul_add, integer_param, rows};
use crate::bar::{Bar, Input};
use crate::error::Error;
use crate::indicators::{check_period, int_param};
use crate::registry::{IndicatorDef, Streaming};

/// Chaikin A/D oscillator (TA-Lib `ADOSC`): a fast EMA of the A/D line minus a slow one.
///
/// Not TA-Lib's `EMA` seeding: as in TA-Lib's ADOSC both averages start at the first
/// bar's A/D value and smooth from the second bar on, so they are already running when
/// the first value appears at index `max(fast, slow) - 1`. The A/D line of a liquid
/// market is large and the two averages nearly cancel, so each step rounds like
/// TA-Lib's fused multiply-add (emulated exactly, see `fused_mul_add`), otherwise
/// the extra rounding shows at the 1e-9 level.
///
/// ```
/// use sigil_core::{Bar, Spec};
/// let mut adosc = Spec::parse("adosc:2:3").unwrap().stream().unwrap();
/// let bar = |close, volume| Bar { high: 10.0, low: 8.0, close, volume, ..Bar::default() };
/// assert!(adosc.update(&bar(10.0, 90.0))[0].is_nan()); // A/D 90; both averages start there
/// assert!(adosc.update(&bar(8.0, 30.0))[0].is_nan()); // A/D 60; fast 70, slow 75
/// let value = adosc.update(&bar(9.0, 10.0))[0]; // A/D 60; fast 190 / 3, slow 67.5
/// assert!((value - (190.0 / 3.0 - 67.5)).abs() < 1e-12);
/// ```
#[derive(Debug, Clone)]
pub struct AdOsc {
    lookback: usize,
    fast: Smoothing,
    slow: Smoothing,
    /// Bars seen so far (saturates past the lookback).
    bars: usize,
    ad: f64,
    fast_ema: f64,
    slow_ema: f64,
}

/// One of ADOSC's EMAs: TA-Lib 0.8.1 weights them `k = 2 / (p + 1)`, `beta = 1 - k`
/// (its `EMA` derives them the other way round, and so does the `ta-lib` crate 0.8.3
/// here; the last bits differ, which the cancelling difference amplifies).
#[derive(Debug, Clone, Copy)]
struct Smoothing {
    k: f64,
    beta: f64,
}

impl Smoothing {
    fn ema(period: usize) -> Smoothing {
        let k = 2.0 / (period as f64 + 1.0);
        Smoothing { k, beta: 1.0 - k }
    }

    /// `beta * previous + k * x`, the first product fused into the sum as in TA-Lib.
    #[inline]
    fn step(self, previous: f64, x: f64) -> f64 {
        fused_mul_add(self.beta, previous, self.k * x)
    }
}

impl AdOsc {
    pub const NAME: &'static str = "adosc";
    pub const DEFAULT_FAST: usize = 3;
    pub const DEFAULT_SLOW: usize = 10;
    pub const MIN_PERIOD: usize = 2;
    pub const MAX_PERIOD: usize = 100_000;

    pub fn new(fast_period: usize, slow_period: usize) -> Result<AdOsc, Error> {
        check_period(Self::NAME, "fastperiod", fast_period, Self::MIN_PERIOD, Self::MAX_PERIOD)?;
        check_period(Self::NAME, "slowperiod", slow_period, Self::MIN_PERIOD, Self::MAX_PERIOD)?;
        Ok(AdOsc {
            lookback: AdOsc::lookback(fast_period, slow_period),
            fast: Smoothing::ema(fast_period),
            slow: Smoothing::ema(slow_period),
            bars: 0,
            ad: 0.0,
            fast_ema: 0.0,
            slow_ema: 0.0,
        })
    }

    /// The slower of the two EMA lookbacks (`fast` may exceed `slow`).
    pub fn lookback(fast_period: usize, slow_period: usize) -> usize {
        fast_period.max(slow_period).saturating_sub(1)
    }

    pub fn batch(
        high: &[f64],
        low: &[f64],
        close: &[f64],
        volume: &[f64],
        fast_period: usize,
        slow_period: usize,
    ) -> Result<Vec<f64>, Error> {
        let adosc = AdOsc::new(fast_period, slow_period)?;
        let n = rows(&[high, low, close, volume]);
        if n <= adosc.lookback {
            return Ok(vec![f64::NAN; n]);
        }
        // `update`'s steps with the line and both averages in locals: the same operations
        // in the same order, so the same bits. The output is filled before the warm-up so
        // that no call (the allocator, `extend`'s reserve) separates the averages from the
        // loop: across one, they were kept on the stack for the whole loop, a store and
        // reload on the bar-to-bar chain.
        let mut out = vec![f64::NAN; n];
        let flows = |from: usize| {
            let bars = high[from..n].iter().zip(&low[from..n]).zip(&close[from..n]).zip(&volume[from..n]);
            bars.map(|(((&high, &low), &close), &volume)| money_flow_volume(high, low, close, volume))
        };
        let mut ad = 0.0 + money_flow_volume(high[0], low[0], close[0], volume[0]);
        let (mut fast_ema, mut slow_ema) = (ad, ad);
        for flow in flows(1).take(adosc.lookback - 1) {
            ad += flow;
            fast_ema = adosc.fast.step(fast_ema, ad);
            slow_ema = adosc.slow.step(slow_ema, ad);
        }
        for (slot, flow) in out[adosc.lookback..].iter_mut().zip(flows(adosc.lookback)) {
            ad += flow;
            fast_ema = adosc.fast.step(fast_ema, ad);
            slow_ema = adosc.slow.step(slow_ema, ad);
            *slot = fast_ema - slow_ema;
        }
        Ok(out)
    }

    #[inline]
    pub fn update(&mut self, high: f64, low: f64, close: f64, volume: f64) -> f64 {
        let (bars, ad, fast_ema, slow_ema) = self.advance(high, low, close, volume);
        *self = AdOsc { bars, ad, fast_ema, slow_ema, ..*self };
        self.output(bars, fast_ema, slow_ema)
    }

    #[inline]
    pub fn peek(&self, high: f64, low: f64, close: f64, volume: f64) -> f64 {
        let (bars, _, fast_ema, slow_ema) = self.advance(high, low, close, volume);
        self.output(bars, fast_ema, slow_ema)
    }

    pub fn reset(&mut self) {
        *self = AdOsc { bars: 0, ad: 0.0, fast_ema: 0.0, slow_ema: 0.0, ..*self };
    }

    #[inline]
    fn advance(&self, high: f64, low: f64, close: f64, volume: f64) -> (usize, f64, f64, f64) {
        let ad = self.ad + money_flow_volume(high, low, close, volume);
        let bars = (self.bars + 1).min(self.lookback + 1);
        if self.bars == 0 {
            (bars, ad, ad, ad)
        } else {
            (bars, ad, self.fast.step(self.fast_ema, ad), self.slow.step(self.slow_ema, ad))
        }
    }

    #[inline]
    fn output(&self, bars: usize, fast_ema: f64, slow_ema: f64) -> f64 {
        if bars > self.lookback {
            fast_ema - slow_ema
        } else {
            f64::NAN
        }
    }
}

impl Streaming for AdOsc {
    fn update(&mut self, bar: &Bar, out: &mut [f64]) {
        emit(out, &[AdOsc::update(self, bar.high, bar.low, bar.close, bar.volume)]);
    }
    fn peek(&self, bar: &Bar, out: &mut [f64]) {
        emit(out, &[AdOsc::peek(self, bar.high, bar.low, bar.close, bar.volume)]);
    }
    fn reset(&mut self) {
        AdOsc::reset(self);
    }
}

pub(crate) static DEF: IndicatorDef = IndicatorDef {
    name: AdOsc::NAME,
    title: "Chaikin A/D Oscillator",
    group: "Volume Indicators",
    inputs: &[Input::High, Input::Low, Input::Close, Input::Volume],
    params: &[
        integer_param("fastperiod", AdOsc::DEFAULT_FAST, AdOsc::MIN_PERIOD, AdOsc::MAX_PERIOD, "Period of the fast EMA of the A/D line"),
        integer_param("slowperiod", AdOsc::DEFAULT_SLOW, AdOsc::MIN_PERIOD, AdOsc::MAX_PERIOD, "Period of the slow EMA of the A/D line"),
    ],
    outputs: &["real"],
    overlay: false,
    lookback: |p| AdOsc::lookback(int_param(p, 0), int_param(p, 1)),
    batch: kernel!(|p, c| Ok(vec![AdOsc::batch(
        column(c, 0),
        column(c, 1),
        column(c, 2),
        column(c, 3),
        int_param(p, 0),
        int_param(p, 1)
    )?])),
    stream: |p| Ok(Box::new(AdOsc::new(int_param(p, 0), int_param(p, 1))?)),
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fast_may_be_slower_than_slow() {
        assert_eq!(AdOsc::lookback(10, 3), 9);
        let n = 12;
        let out = AdOsc::batch(&vec![2.0; n], &vec![1.0; n], &vec![2.0; n], &vec![1e12; n], 10, 3).unwrap();
        assert!(out[..9].iter().all(|v| v.is_nan()) && out[9..].iter().all(|v| v.is_finite()));
    }

    #[test]
    fn invalid_periods_are_named() {
        assert!(AdOsc::new(1, 10).unwrap_err().to_string().contains("fastperiod"));
        assert!(AdOsc::new(3, 100_001).unwrap_err().to_string().contains("slowperiod"));
    }

    #[test]
    fn flat_zero_volume_and_short_input() {
        let out = AdOsc::batch(&[1.0; 5], &[1.0; 5], &[1.0; 5], &[0.0; 5], 2, 3).unwrap();
        assert_eq!(out[2..], [0.0, 0.0, 0.0]);
        assert!(AdOsc::batch(&[1.0], &[1.0], &[1.0], &[1.0], 3, 10).unwrap()[0].is_nan());
    }
}

#[cfg(test)]
mod kernel_tests {
    use super::*;
    use crate::indicators::kernel_checks::assert_batch_is_updates;

    #[test]
    fn batch_is_updates_bit_for_bit() {
        for (fast, slow) in [(2, 2), (2, 3), (3, 2), (3, 10), (10, 3)] {
            for scale in [1.0, 1e-12, 1e300] {
                // Closes from the series inside ranges of varying width (zero every third
                // bar); volumes large, as A/D lines are.
                let columns = |x: &[f64]| -> [Vec<f64>; 4] {
                    let close: Vec<f64> = x.iter().map(|v| v * scale).collect();
                    let high = close.iter().enumerate().map(|(i, &c)| c + scale * (i % 3) as f64).collect();
                    let low = close.iter().enumerate().map(|(i, &c)| c - scale * (i % 2) as f64 * 0.5).collect();
                    let volume = (0..x.len()).map(|i| 1e9 + ((i * 7) % 5) as f64 * 1e3).collect();
                    [high, low, close, volume]
                };
                let updates = |x: &[f64]| {
                    let [high, low, close, volume] = columns(x);
                    let mut adosc = AdOsc::new(fast, slow).unwrap();
                    (0..x.len()).map(|i| adosc.update(high[i], low[i], close[i], volume[i])).collect()
                };
                let batch = |x: &[f64]| {
                    let [high, low, close, volume] = columns(x);
                    AdOsc::batch(&high, &low, &close, &volume, fast, slow).unwrap()
                };
                assert_batch_is_updates(&format!("adosc:{fast}:{slow} x{scale}"), batch, updates);
            }
        }
    }
}
