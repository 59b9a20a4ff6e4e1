use super::bar_streaming;
use crate::bar::Input;
use crate::registry::IndicatorDef;

/// Balance Of Power (TA-Lib `BOP`): `(close - open) / (high - low)` for each bar, 0 for
/// a bar without range (high <= low), as in TA-Lib. No warm-up, no state.
///
/// ```
/// use sigil_core::{Bar, Spec};
/// let mut bop = Spec::parse("bop").unwrap().stream().unwrap();
/// assert_eq!(bop.update(&Bar { open: 10.0, high: 12.0, low: 8.0, close: 11.0, ..Bar::default() }), [0.25]);
/// assert_eq!(bop.update(&Bar::from_price(10.0)), [0.0]); // high == low
/// ```
#[derive(Debug, Clone, Default)]
pub struct Bop;

impl Bop {
    pub const NAME: &'static str = "bop";

    pub fn new() -> Bop {
        Bop
    }

    /// Bars before the first value.
    pub fn lookback() -> usize {
        0
    }

    /// One value per bar of the shortest column.
    pub fn batch(open: &[f64], high: &[f64], low: &[f64], close: &[f64]) -> Vec<f64> {
        open.iter().zip(high).zip(low).zip(close).map(|(((&o, &h), &l), &c)| Self::value(o, h, l, c)).collect()
    }

    #[inline]
    pub fn update(&mut self, open: f64, high: f64, low: f64, close: f64) -> f64 {
        Self::value(open, high, low, close)
    }

    #[inline]
    pub fn peek(&self, open: f64, high: f64, low: f64, close: f64) -> f64 {
        Self::value(open, high, low, close)
    }

    pub fn reset(&mut self) {}

    #[inline]
    fn value(open: f64, high: f64, low: f64, close: f64) -> f64 {
        let range = high - low;
        if range <= 0.0 {
            0.0
        } else {
            (close - open) / range
        }
    }
}

bar_streaming!(Bop, open, high, low, close);

const INPUTS: &[Input] = &[Input::Open, Input::High, Input::Low, Input::Close];

pub(crate) static DEF: IndicatorDef = IndicatorDef {
    name: Bop::NAME,
    title: "Balance Of Power",
    group: "Momentum Indicators",
    inputs: INPUTS,
    params: &[],
    outputs: &["real"],
    overlay: false,
    lookback: |_| Bop::lookback(),
    batch: kernel!(|_, columns| {
        let column = |i: usize| columns.get(i).copied().unwrap_or(&[]);
        Ok(vec![Bop::batch(column(0), column(1), column(2), column(3))])
    }),
    stream: |_| Ok(Box::new(Bop::new())),
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indicators::kernel_checks::{assert_batch_is_updates, bars_around};

    #[test]
    fn batch_is_updates_bit_for_bit() {
        // The open is the previous close (the first bar opens at its close).
        let bars = |x: &[f64]| {
            let (high, low, close) = bars_around(x, 1.0);
            let open = x.first().into_iter().chain(x).copied().take(x.len()).collect::<Vec<f64>>();
            (open, high, low, close)
        };
        let batch = |x: &[f64]| {
            let (open, high, low, close) = bars(x);
            Bop::batch(&open, &high, &low, &close)
        };
        let updates = |x: &[f64]| {
            let (open, high, low, close) = bars(x);
            let mut bop = Bop::new();
            (0..x.len()).map(|i| bop.update(open[i], high[i], low[i], close[i])).collect()
        };
        assert_batch_is_updates("bop", batch, updates);
        assert_eq!(Bop::batch(&[1.0, 2.0], &[3.0], &[0.0, 1.0], &[2.0, 2.0]), [1.0 / 3.0]);
    }
}
