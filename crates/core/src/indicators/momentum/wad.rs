use super::bar_streaming;
use crate::bar::Input;
use crate::indicators::run_bars;
use crate::registry::IndicatorDef;

/// Williams' Accumulation/Distribution (TA-Lib `WAD`): a running total that adds
/// `close - min(low, previous close)` on an up close and `close - max(high, previous
/// close)` on a down close (nothing on an unchanged close). Starts at 0 on the first
/// bar, which has no previous close; no warm-up.
///
/// ```
/// use sigil_core::{Bar, Spec};
/// let mut wad = Spec::parse("wad").unwrap().stream().unwrap();
/// let bar = |high, low, close| Bar { high, low, close, ..Bar::default() };
/// assert_eq!(wad.update(&bar(11.0, 9.0, 10.0)), [0.0]);
/// assert_eq!(wad.update(&bar(12.0, 10.5, 11.5)), [1.5]); // 11.5 - min(10.5, 10)
/// assert_eq!(wad.update(&bar(12.0, 10.0, 11.0)), [0.5]); // + 11 - max(12, 11.5)
/// ```
#[derive(Debug, Clone)]
pub struct Wad {
    started: bool,
    prev_close: f64,
    total: f64,
}

impl Default for Wad {
    fn default() -> Wad {
        Wad::new()
    }
}

impl Wad {
    pub const NAME: &'static str = "wad";

    pub fn new() -> Wad {
        Wad { started: false, prev_close: f64::NAN, total: 0.0 }
    }

    /// Bars before the first value.
    pub fn lookback() -> usize {
        0
    }

    pub fn batch(high: &[f64], low: &[f64], close: &[f64]) -> Vec<f64> {
        let mut wad = Wad::new();
        high.iter().zip(low).zip(close).map(|((&h, &l), &c)| wad.update(h, l, c)).collect()
    }

    #[inline]
    pub fn update(&mut self, high: f64, low: f64, close: f64) -> f64 {
        self.total = self.peek(high, low, close);
        self.started = true;
        self.prev_close = close;
        self.total
    }

    #[inline]
    pub fn peek(&self, high: f64, low: f64, close: f64) -> f64 {
        if !self.started {
            return 0.0;
        }
        let prev = self.prev_close;
        if close > prev {
            let true_low = if prev < low { prev } else { low };
            self.total + (close - true_low)
        } else if close < prev {
            let true_high = if prev > high { prev } else { high };
            self.total + (close - true_high)
        } else {
            self.total
        }
    }

    pub fn reset(&mut self) {
        *self = Wad::new();
    }
}

bar_streaming!(Wad, high, low, close);

const INPUTS: &[Input] = &[Input::High, Input::Low, Input::Close];

pub(crate) static DEF: IndicatorDef = IndicatorDef {
    name: Wad::NAME,
    title: "Williams' Accumulation/Distribution",
    group: "Momentum Indicators",
    inputs: INPUTS,
    params: &[],
    outputs: &["real"],
    overlay: false,
    lookback: |_| Wad::lookback(),
    batch: kernel!(|_, columns| Ok(run_bars(Wad::new(), INPUTS, columns, 1))),
    stream: |_| Ok(Box::new(Wad::new())),
};
