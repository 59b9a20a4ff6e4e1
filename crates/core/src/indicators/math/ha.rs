//! Heikin-Ashi candles (TA-Lib 0.8.1 `HA`).

use crate::bar::{Bar, Input};
use crate::indicators::run_bars;
use crate::registry::{IndicatorDef, Streaming};

/// Heikin-Ashi candles (TA-Lib 0.8.1 `HA`): `[open, high, low, close]` per bar.
///
/// Seeded as TA-Lib 0.8.1 does, with no warm-up: the first candle's open is
/// `(open + close) / 2` of the first bar; after that `ha_open = (previous ha_open +
/// previous ha_close) / 2`. `ha_close = (open + high + low + close) / 4`,
/// `ha_high = max(high, ha_open, ha_close)`, `ha_low = min(low, ha_open, ha_close)`,
/// compared in TA-Lib's order, so a NaN price behaves as it does there. (TA-Lib C
/// 0.8.3, the `ta-lib` crate, instead warms up over 15 bars by default.) O(1) per bar.
///
/// ```
/// use sigil_core::indicators::HeikinAshi;
/// let mut ha = HeikinAshi::new();
/// assert_eq!(ha.update(4.0, 6.0, 1.0, 2.0), [3.0, 6.0, 1.0, 3.25]); // open, high, low, close
/// assert_eq!(ha.peek(2.0, 5.0, 0.0, 3.0), [3.125, 5.0, 0.0, 2.5]);
/// ```
#[derive(Debug, Clone, Default)]
pub struct HeikinAshi {
    /// The previous candle's (ha_open, ha_close); `None` before the first bar.
    previous: Option<(f64, f64)>,
}

impl HeikinAshi {
    pub const NAME: &'static str = "ha";

    pub const fn new() -> HeikinAshi {
        HeikinAshi { previous: None }
    }

    pub const fn lookback() -> usize {
        0
    }

    /// `[open, high, low, close]` Heikin-Ashi columns, as long as the shortest input.
    pub fn batch(open: &[f64], high: &[f64], low: &[f64], close: &[f64]) -> [Vec<f64>; 4] {
        let rows = open.len().min(high.len()).min(low.len()).min(close.len());
        let columns: [&[f64]; 4] = [&open[..rows], &high[..rows], &low[..rows], &close[..rows]];
        let mut out = run_bars(HeikinAshi::new(), &INPUTS, &columns, 4).into_iter();
        let mut next = || out.next().unwrap_or_default();
        [next(), next(), next(), next()]
    }

    #[inline]
    pub fn update(&mut self, open: f64, high: f64, low: f64, close: f64) -> [f64; 4] {
        let candle = self.peek(open, high, low, close);
        self.previous = Some((candle[0], candle[3]));
        candle
    }

    #[inline]
    pub fn peek(&self, open: f64, high: f64, low: f64, close: f64) -> [f64; 4] {
        let ha_open = match self.previous {
            Some((previous_open, previous_close)) => (previous_open + previous_close) / 2.0,
            None => (open + close) / 2.0,
        };
        let ha_close = (open + high + low + close) / 4.0;
        let ha_high = greater(ha_close, greater(ha_open, high));
        let ha_low = lesser(ha_close, lesser(ha_open, low));
        [ha_open, ha_high, ha_low, ha_close]
    }

    pub fn reset(&mut self) {
        self.previous = None;
    }
}

/// TA-Lib's `a > b ? a : b`, which keeps `b` when either is NaN (`f64::max` would not).
#[inline]
fn greater(a: f64, b: f64) -> f64 {
    if a > b {
        a
    } else {
        b
    }
}

/// TA-Lib's `a < b ? a : b`.
#[inline]
fn lesser(a: f64, b: f64) -> f64 {
    if a < b {
        a
    } else {
        b
    }
}

const INPUTS: [Input; 4] = [Input::Open, Input::High, Input::Low, Input::Close];

impl Streaming for HeikinAshi {
    fn update(&mut self, bar: &Bar, out: &mut [f64]) {
        let candle = HeikinAshi::update(self, bar.open, bar.high, bar.low, bar.close);
        for (slot, value) in out.iter_mut().zip(candle) {
            *slot = value;
        }
    }
    fn peek(&self, bar: &Bar, out: &mut [f64]) {
        let candle = HeikinAshi::peek(self, bar.open, bar.high, bar.low, bar.close);
        for (slot, value) in out.iter_mut().zip(candle) {
            *slot = value;
        }
    }
    fn reset(&mut self) {
        HeikinAshi::reset(self);
    }
}

pub(crate) static HA: IndicatorDef = IndicatorDef {
    name: HeikinAshi::NAME,
    title: "Heikin-Ashi Candles",
    group: "Price Transform",
    inputs: &INPUTS,
    params: &[],
    outputs: &["haopen", "hahigh", "halow", "haclose"],
    overlay: true,
    lookback: |_| HeikinAshi::lookback(),
    batch: kernel!(|_, columns| Ok(run_bars(HeikinAshi::new(), &INPUTS, columns, 4))),
    stream: |_| Ok(Box::new(HeikinAshi::new())),
};

#[cfg(test)]
mod tests {
    use super::*;

    /// Python talib 0.8.2 (TA-Lib 0.8.1) on a small series, and with a NaN high.
    #[test]
    fn matches_talib() {
        let open = [4.0, 2.0, 1.0, 3.0, 2.0, 5.0];
        let mut high = [6.0, 5.0, 4.0, 6.0, 5.0, 7.0];
        let low = [1.0, 0.0, 0.0, 1.0, 0.0, 2.0];
        let close = [2.0, 3.0, 2.0, 4.0, 1.0, 3.0];
        let [o, h, l, c] = HeikinAshi::batch(&open, &high, &low, &close);
        assert_eq!(o, [3.0, 3.125, 2.8125, 2.28125, 2.890625, 2.4453125]);
        assert_eq!(h, high);
        assert_eq!(l, low);
        assert_eq!(c, [3.25, 2.5, 1.75, 3.5, 2.0, 4.25]);

        high[1] = f64::NAN;
        let [o, h, _, c] = HeikinAshi::batch(&open, &high, &low, &close);
        assert_eq!(&o[..2], [3.0, 3.125]);
        assert!(o[2..].iter().all(|v| v.is_nan()));
        assert!(h[1].is_nan() && c[1].is_nan());
        assert_eq!(h[2], 4.0);
    }

    #[test]
    fn flat_tiny_and_short_input() {
        let flat = [1e-12; 3];
        let [o, h, l, c] = HeikinAshi::batch(&flat, &flat, &flat, &flat);
        assert!([o, h, l, c].iter().flatten().all(|&v| v == 1e-12));
        let [o, ..] = HeikinAshi::batch(&[1.0], &[], &[1.0], &[1.0]);
        assert!(o.is_empty());
    }
}
