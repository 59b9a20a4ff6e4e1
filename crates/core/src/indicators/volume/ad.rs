use super::{column, emit, rows};
use crate::bar::{Bar, Input};
use crate::registry::{IndicatorDef, Streaming};

/// Chaikin accumulation/distribution line (TA-Lib `AD`): the running total of each
/// bar's money flow volume, `((close - low) - (high - close)) / (high - low) * volume`.
///
/// Cumulative from the first bar, so no warm-up. A bar with no range (high <= low)
/// adds nothing, as in TA-Lib.
///
/// ```
/// use sigil_core::{Bar, Spec};
/// let mut ad = Spec::parse("ad").unwrap().stream().unwrap();
/// let bar = |high, low, close, volume| Bar { high, low, close, volume, ..Bar::default() };
/// assert_eq!(ad.update(&bar(10.0, 8.0, 10.0, 100.0)), [100.0]); // closed at the high
/// assert_eq!(ad.update(&bar(10.0, 10.0, 10.0, 50.0)), [100.0]); // no range: no flow
/// assert_eq!(ad.peek(&bar(10.0, 8.0, 8.5, 40.0)), [80.0]); // nearer the low: -20
/// ```
#[derive(Debug, Clone, Default)]
pub struct Ad {
    total: f64,
}

/// One bar's money flow volume, TA-Lib's arithmetic in its order; 0 for a bar
/// without range (where TA-Lib adds nothing).
#[inline]
pub(crate) fn money_flow_volume(high: f64, low: f64, close: f64, volume: f64) -> f64 {
    let range = high - low;
    if range > 0.0 {
        (close - low - (high - close)) / range * volume
    } else {
        0.0
    }
}

impl Ad {
    pub const NAME: &'static str = "ad";

    pub fn new() -> Ad {
        Ad::default()
    }

    pub fn lookback() -> usize {
        0
    }

    pub fn batch(high: &[f64], low: &[f64], close: &[f64], volume: &[f64]) -> Vec<f64> {
        let mut ad = Ad::new();
        let n = rows(&[high, low, close, volume]);
        (0..n).map(|i| ad.update(high[i], low[i], close[i], volume[i])).collect()
    }

    #[inline]
    pub fn update(&mut self, high: f64, low: f64, close: f64, volume: f64) -> f64 {
        self.total = self.peek(high, low, close, volume);
        self.total
    }

    #[inline]
    pub fn peek(&self, high: f64, low: f64, close: f64, volume: f64) -> f64 {
        self.total + money_flow_volume(high, low, close, volume)
    }

    pub fn reset(&mut self) {
        self.total = 0.0;
    }
}

impl Streaming for Ad {
    fn update(&mut self, bar: &Bar, out: &mut [f64]) {
        emit(out, &[Ad::update(self, bar.high, bar.low, bar.close, bar.volume)]);
    }
    fn peek(&self, bar: &Bar, out: &mut [f64]) {
        emit(out, &[Ad::peek(self, bar.high, bar.low, bar.close, bar.volume)]);
    }
    fn reset(&mut self) {
        Ad::reset(self);
    }
}

pub(crate) static DEF: IndicatorDef = IndicatorDef {
    name: Ad::NAME,
    title: "Chaikin A/D Line",
    group: "Volume Indicators",
    inputs: &[Input::High, Input::Low, Input::Close, Input::Volume],
    params: &[],
    outputs: &["real"],
    overlay: false,
    lookback: |_| Ad::lookback(),
    batch: kernel!(|_, c| Ok(vec![Ad::batch(column(c, 0), column(c, 1), column(c, 2), column(c, 3))])),
    stream: |_| Ok(Box::new(Ad::new())),
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flat_bars_and_zero_volume_add_nothing() {
        let out = Ad::batch(&[5.0, 6.0, 6.0], &[5.0, 4.0, 4.0], &[5.0, 6.0, 4.0], &[1e12, 0.0, 1e12]);
        assert_eq!(out, [0.0, 0.0, -1e12]);
    }

    #[test]
    fn tiny_prices_and_short_input() {
        let out = Ad::batch(&[2e-12], &[1e-12], &[2e-12], &[3.0]);
        assert_eq!(out, [3.0]);
        assert!(Ad::batch(&[], &[], &[], &[]).is_empty());
    }
}
