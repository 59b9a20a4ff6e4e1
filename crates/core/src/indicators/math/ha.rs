//! Heikin-Ashi candles (TA-Lib 0.8.1 `HA`).

use crate::bar::{Bar, Input};
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
    /// `update`'s arithmetic in one pass, the previous candle in locals.
    pub fn batch(open: &[f64], high: &[f64], low: &[f64], close: &[f64]) -> [Vec<f64>; 4] {
        let rows = open.len().min(high.len()).min(low.len()).min(close.len());
        let mut columns = [(); 4].map(|_| Vec::with_capacity(rows));
        let [ha_open, ha_high, ha_low, ha_close] = &mut columns;
        let (Some(&first_open), Some(&first_close)) = (open.first(), close.first()) else { return columns };
        // The first candle's open is `(open + close) / 2` of its own bar.
        let (mut previous_open, mut previous_close) = (first_open, first_close);
        let prices = open[..rows].iter().zip(&high[..rows]).zip(&low[..rows]).zip(&close[..rows]);
        for (((&open, &high), &low), &close) in prices {
            let candle_open = (previous_open + previous_close) / 2.0;
            let candle_close = (open + high + low + close) / 4.0;
            ha_open.push(candle_open);
            ha_high.push(greater(candle_close, greater(candle_open, high)));
            ha_low.push(lesser(candle_close, lesser(candle_open, low)));
            ha_close.push(candle_close);
            (previous_open, previous_close) = (candle_open, candle_close);
        }
        columns
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
    batch: kernel!(|_, columns| match columns {
        [open, high, low, close] => Ok(HeikinAshi::batch(open, high, low, close).into()),
        _ => Ok(vec![Vec::new(); 4]),
    }),
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

    /// The columns against a fresh instance's `update`, bit for bit, on every prefix:
    /// prices from the test series (NaN, infinities, signed zeros included) with the
    /// open, high and low set off from the close by whole and half steps.
    #[test]
    fn batch_is_updates_bit_for_bit() {
        use crate::indicators::kernel_checks::assert_batch_is_updates;
        for scale in [1.0, 1e-12, 1e300] {
            let columns = |x: &[f64]| -> [Vec<f64>; 4] {
                let close: Vec<f64> = x.iter().map(|v| v * scale).collect();
                let open = close.iter().enumerate().map(|(i, &c)| c + scale * ((i % 5) as f64 - 2.0) / 2.0).collect();
                let high = close.iter().enumerate().map(|(i, &c)| c + scale * (i % 3) as f64).collect();
                let low = close.iter().enumerate().map(|(i, &c)| c - scale * (i % 4) as f64).collect();
                [open, high, low, close]
            };
            for output in 0..4 {
                let batch = |x: &[f64]| {
                    let [open, high, low, close] = columns(x);
                    HeikinAshi::batch(&open, &high, &low, &close)[output].clone()
                };
                let updates = |x: &[f64]| {
                    let [open, high, low, close] = columns(x);
                    let mut ha = HeikinAshi::new();
                    (0..x.len()).map(|i| ha.update(open[i], high[i], low[i], close[i])[output]).collect()
                };
                assert_batch_is_updates(&format!("ha x{scale} output {output}"), batch, updates);
            }
        }
    }
}
