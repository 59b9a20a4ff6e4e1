use super::{column, emit, rows};
use crate::bar::{Bar, Input};
use crate::registry::{IndicatorDef, Streaming};

/// Volume-weighted average price (TA-Lib `VWAP`): `sum(typical price * volume) /
/// sum(volume)` with the typical price `(high + low + close) / 3`, cumulative from the
/// first bar (TA-Lib has no sessions: start a new instance or slice per session).
///
/// TA-Lib 0.8.1's conventions are kept: a bar whose typical price or volume is not
/// finite is skipped (it would otherwise poison both sums for good), and while the
/// volume total is not positive the previous value is repeated (0 before any volume).
///
/// ```
/// use sigil_core::{Bar, Spec};
/// let mut vwap = Spec::parse("vwap").unwrap().stream().unwrap();
/// let bar = |price, volume| Bar { high: price, low: price, close: price, volume, ..Bar::default() };
/// assert_eq!(vwap.update(&bar(10.0, 0.0)), [0.0]); // nothing traded yet
/// assert_eq!(vwap.update(&bar(10.0, 1.0)), [10.0]);
/// assert_eq!(vwap.peek(&bar(13.0, 2.0)), [12.0]);
/// ```
#[derive(Debug, Clone, Default)]
pub struct Vwap {
    price_volume: f64,
    volume: f64,
    value: f64,
}

impl Vwap {
    pub const NAME: &'static str = "vwap";

    pub fn new() -> Vwap {
        Vwap::default()
    }

    pub fn lookback() -> usize {
        0
    }

    pub fn batch(high: &[f64], low: &[f64], close: &[f64], volume: &[f64]) -> Vec<f64> {
        let mut vwap = Vwap::new();
        let n = rows(&[high, low, close, volume]);
        (0..n).map(|i| vwap.update(high[i], low[i], close[i], volume[i])).collect()
    }

    #[inline]
    pub fn update(&mut self, high: f64, low: f64, close: f64, volume: f64) -> f64 {
        *self = self.advance(high, low, close, volume);
        self.value
    }

    #[inline]
    pub fn peek(&self, high: f64, low: f64, close: f64, volume: f64) -> f64 {
        self.advance(high, low, close, volume).value
    }

    pub fn reset(&mut self) {
        *self = Vwap::default();
    }

    #[inline]
    fn advance(&self, high: f64, low: f64, close: f64, volume: f64) -> Vwap {
        let typical = (high + low + close) / 3.0;
        let mut next = self.clone();
        if typical.is_finite() && volume.is_finite() {
            next.price_volume += typical * volume;
            next.volume += volume;
        }
        if next.volume > 0.0 {
            next.value = next.price_volume / next.volume;
        }
        next
    }
}

impl Streaming for Vwap {
    fn update(&mut self, bar: &Bar, out: &mut [f64]) {
        emit(out, &[Vwap::update(self, bar.high, bar.low, bar.close, bar.volume)]);
    }
    fn peek(&self, bar: &Bar, out: &mut [f64]) {
        emit(out, &[Vwap::peek(self, bar.high, bar.low, bar.close, bar.volume)]);
    }
    fn reset(&mut self) {
        Vwap::reset(self);
    }
}

pub(crate) static DEF: IndicatorDef = IndicatorDef {
    name: Vwap::NAME,
    title: "Volume Weighted Average Price",
    group: "Volume Indicators",
    inputs: &[Input::High, Input::Low, Input::Close, Input::Volume],
    params: &[],
    outputs: &["real"],
    overlay: true,
    lookback: |_| Vwap::lookback(),
    batch: kernel!(|_, c| Ok(vec![Vwap::batch(column(c, 0), column(c, 1), column(c, 2), column(c, 3))])),
    stream: |_| Ok(Box::new(Vwap::new())),
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn non_finite_bars_are_skipped_and_zero_volume_repeats() {
        let nan = f64::NAN;
        let out = Vwap::batch(&[10.0, 11.0, nan, 12.0], &[9.0, 10.0, 11.0, 11.0], &[9.5, 10.5, 11.5, 11.5], &[1.0, 2.0, 3.0, 0.0]);
        assert_eq!(out[0], 9.5);
        assert_eq!(out[1], out[2]);
        assert_eq!(out[2], out[3]);
    }

    #[test]
    fn huge_volume_tiny_prices_and_short_input() {
        let out = Vwap::batch(&[3e-12], &[3e-12], &[3e-12], &[1e12]);
        assert!((out[0] - 3e-12).abs() < 1e-27);
        assert!(Vwap::batch(&[], &[], &[], &[]).is_empty());
    }
}
