use super::bar_streaming;
use crate::bar::Input;
use crate::error::Error;
use crate::indicators::{check_period, int_param, run_bars, timeperiod};
use crate::registry::IndicatorDef;

/// Commodity Channel Index (TA-Lib `CCI`): `(tp - mean) / (0.015 * mean deviation)` of
/// the typical price `tp = (high + low + close) / 3` over the last `period` bars.
///
/// First value at index `period - 1`. As in TA-Lib, 0 when the deviation from the
/// mean or the mean deviation is zero relative to the mean (`<= 1e-14 * |mean|`, so a
/// flat stretch gives 0 at any price scale).
///
/// Cost: O(period) per bar, not O(1). The mean deviation is taken around the current
/// mean, which moves every bar, so it has no running-sum form; like TA-Lib, each bar
/// sums the window (in the same order as TA-Lib, so the values agree to the last bits).
///
/// ```
/// use sigil_core::{Bar, Spec};
/// let mut cci = Spec::parse("cci:2").unwrap().stream().unwrap();
/// let bar = |price| Bar::from_price(price);
/// cci.update(&bar(10.0));
/// // mean 11, mean deviation 1: (12 - 11) / 0.015
/// assert!((cci.update(&bar(12.0))[0] - 1.0 / 0.015).abs() < 1e-9);
/// ```
#[derive(Debug, Clone)]
pub struct Cci {
    period: usize,
    /// The last `period` typical prices, written in turn at `next`.
    window: Vec<f64>,
    next: usize,
    /// Bars seen (saturates at `period`).
    seen: usize,
}

impl Cci {
    pub const NAME: &'static str = "cci";
    pub const DEFAULT_PERIOD: usize = 14;
    pub const MIN_PERIOD: usize = 2;
    pub const MAX_PERIOD: usize = 100_000;

    pub fn new(period: usize) -> Result<Cci, Error> {
        check_period(Self::NAME, "timeperiod", period, Self::MIN_PERIOD, Self::MAX_PERIOD)?;
        Ok(Cci { period, window: vec![0.0; period], next: 0, seen: 0 })
    }

    /// Bars before the first value.
    pub fn lookback(period: usize) -> usize {
        period.saturating_sub(1)
    }

    pub fn batch(high: &[f64], low: &[f64], close: &[f64], period: usize) -> Result<Vec<f64>, Error> {
        let mut cci = Cci::new(period)?;
        Ok(high.iter().zip(low).zip(close).map(|((&h, &l), &c)| cci.update(h, l, c)).collect())
    }

    #[inline]
    pub fn update(&mut self, high: f64, low: f64, close: f64) -> f64 {
        let typical = (high + low + close) / 3.0;
        let value = self.output(typical);
        if let Some(slot) = self.window.get_mut(self.next) {
            *slot = typical;
        }
        self.next = if self.next + 1 == self.period { 0 } else { self.next + 1 };
        self.seen = (self.seen + 1).min(self.period);
        value
    }

    #[inline]
    pub fn peek(&self, high: f64, low: f64, close: f64) -> f64 {
        self.output((high + low + close) / 3.0)
    }

    pub fn reset(&mut self) {
        self.window.fill(0.0);
        self.next = 0;
        self.seen = 0;
    }

    /// The value with `typical` in the slot at `next` (the window as it will be).
    #[inline]
    fn output(&self, typical: f64) -> f64 {
        if self.seen + 1 < self.period {
            return f64::NAN;
        }
        let (before, rest) = self.window.split_at(self.next.min(self.window.len()));
        let after = rest.get(1..).unwrap_or(&[]);
        let mut sum = 0.0;
        for &v in before {
            sum += v;
        }
        sum += typical;
        for &v in after {
            sum += v;
        }
        let mean = sum / self.period as f64;
        let mut deviation = 0.0;
        for &v in before {
            deviation += (v - mean).abs();
        }
        deviation += (typical - mean).abs();
        for &v in after {
            deviation += (v - mean).abs();
        }
        deviation /= self.period as f64;
        let distance = typical - mean;
        let scale = mean.abs();
        if distance.abs() <= 1e-14 * scale || deviation.abs() <= 1e-14 * scale || 0.015 * deviation == 0.0 {
            0.0
        } else {
            distance / (0.015 * deviation)
        }
    }
}

bar_streaming!(Cci, high, low, close);

const INPUTS: &[Input] = &[Input::High, Input::Low, Input::Close];

pub(crate) static DEF: IndicatorDef = IndicatorDef {
    name: Cci::NAME,
    title: "Commodity Channel Index",
    group: "Momentum Indicators",
    inputs: INPUTS,
    params: &[timeperiod(Cci::DEFAULT_PERIOD, Cci::MIN_PERIOD, Cci::MAX_PERIOD)],
    outputs: &["real"],
    overlay: false,
    lookback: |p| Cci::lookback(int_param(p, 0)),
    batch: kernel!(|p, columns| Ok(run_bars(Cci::new(int_param(p, 0))?, INPUTS, columns, 1))),
    stream: |p| Ok(Box::new(Cci::new(int_param(p, 0))?)),
};
