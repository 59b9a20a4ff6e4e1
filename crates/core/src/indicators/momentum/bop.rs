use super::bar_streaming;
use crate::bar::Input;
use crate::indicators::run_bars;
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
    batch: kernel!(|_, columns| Ok(run_bars(Bop::new(), INPUTS, columns, 1))),
    stream: |_| Ok(Box::new(Bop::new())),
};
