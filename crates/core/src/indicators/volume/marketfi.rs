use super::{column, emit, rows};
use crate::bar::{Bar, Input};
use crate::registry::{IndicatorDef, Streaming};

/// Market facilitation index (TA-Lib `MARKETFI`, Bill Williams): `(high - low) / volume`.
///
/// Stateless. A zero-volume bar gives 0 as in TA-Lib (no trades facilitated no move),
/// not an infinity.
///
/// ```
/// use sigil_core::{Bar, Spec};
/// let mut mfi = Spec::parse("marketfi").unwrap().stream().unwrap();
/// assert_eq!(mfi.update(&Bar { high: 12.0, low: 10.0, volume: 4.0, ..Bar::default() }), [0.5]);
/// assert_eq!(mfi.peek(&Bar { high: 12.0, low: 10.0, volume: 0.0, ..Bar::default() }), [0.0]);
/// ```
#[derive(Debug, Clone, Default)]
pub struct MarketFi;

impl MarketFi {
    pub const NAME: &'static str = "marketfi";

    pub fn new() -> MarketFi {
        MarketFi
    }

    pub fn lookback() -> usize {
        0
    }

    pub fn batch(high: &[f64], low: &[f64], volume: &[f64]) -> Vec<f64> {
        let n = rows(&[high, low, volume]);
        (0..n).map(|i| MarketFi.peek(high[i], low[i], volume[i])).collect()
    }

    #[inline]
    pub fn update(&mut self, high: f64, low: f64, volume: f64) -> f64 {
        self.peek(high, low, volume)
    }

    #[inline]
    pub fn peek(&self, high: f64, low: f64, volume: f64) -> f64 {
        if volume != 0.0 {
            (high - low) / volume
        } else {
            0.0
        }
    }

    pub fn reset(&mut self) {}
}

impl Streaming for MarketFi {
    fn update(&mut self, bar: &Bar, out: &mut [f64]) {
        emit(out, &[MarketFi::update(self, bar.high, bar.low, bar.volume)]);
    }
    fn peek(&self, bar: &Bar, out: &mut [f64]) {
        emit(out, &[MarketFi::peek(self, bar.high, bar.low, bar.volume)]);
    }
    fn reset(&mut self) {
        MarketFi::reset(self);
    }
}

pub(crate) static DEF: IndicatorDef = IndicatorDef {
    name: MarketFi::NAME,
    title: "Market Facilitation Index",
    group: "Volume Indicators",
    inputs: &[Input::High, Input::Low, Input::Volume],
    params: &[],
    outputs: &["real"],
    overlay: false,
    lookback: |_| MarketFi::lookback(),
    batch: kernel!(|_, c| Ok(vec![MarketFi::batch(column(c, 0), column(c, 1), column(c, 2))])),
    stream: |_| Ok(Box::new(MarketFi::new())),
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zero_volume_and_flat_bars() {
        assert_eq!(MarketFi::batch(&[2.0, 1.0, 1e-12], &[1.0, 1.0, 0.0], &[0.0, 1e12, 1e12]), [0.0, 0.0, 1e-24]);
        assert!(MarketFi::batch(&[], &[], &[]).is_empty());
    }
}
