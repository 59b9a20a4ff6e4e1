use super::{column, emit, rows};
use crate::bar::{Bar, Input};
use crate::registry::{IndicatorDef, Streaming};

/// True range (TA-Lib `TRANGE`): the largest of high − low, |previous close − high|
/// and |previous close − low|.
///
/// The first bar has no previous close, so like TA-Lib its value is NaN (TA-Lib
/// skips it rather than falling back to high − low).
///
/// ```
/// use sigil_core::{Bar, Series, Spec};
/// let spec = Spec::parse("trange").unwrap();
/// let (high, low, close) = ([10.0, 12.0], [9.0, 11.5], [9.5, 12.0]);
/// let out = spec.compute(&Series { high: &high, low: &low, close: &close, ..Series::default() }).unwrap();
/// assert!(out[0][0].is_nan());
/// assert_eq!(out[0][1], 2.5); // the gap up from the 9.5 close counts
/// let mut stream = spec.stream().unwrap();
/// stream.update(&Bar { high: 10.0, low: 9.0, close: 9.5, ..Bar::default() });
/// assert_eq!(stream.peek(&Bar { high: 10.5, low: 9.0, close: 10.0, ..Bar::default() }), [1.5]);
/// ```
#[derive(Debug, Clone, Default)]
pub struct TrueRange {
    prev_close: Option<f64>,
}

/// TA-Lib's true range arithmetic, in its order: start from high − low, then let
/// each previous-close distance replace it only when strictly greater (so NaN
/// distances never replace it).
#[inline]
pub(crate) fn true_range(high: f64, low: f64, prev_close: f64) -> f64 {
    let mut greatest = high - low;
    let to_high = (prev_close - high).abs();
    if to_high > greatest {
        greatest = to_high;
    }
    let to_low = (prev_close - low).abs();
    if to_low > greatest {
        greatest = to_low;
    }
    greatest
}

impl TrueRange {
    pub const NAME: &'static str = "trange";

    pub fn new() -> TrueRange {
        TrueRange::default()
    }

    pub fn lookback() -> usize {
        1
    }

    pub fn batch(high: &[f64], low: &[f64], close: &[f64]) -> Vec<f64> {
        let n = rows(&[high, low, close]);
        let mut out = vec![f64::NAN; n];
        for i in 1..n {
            out[i] = true_range(high[i], low[i], close[i - 1]);
        }
        out
    }

    #[inline]
    pub fn update(&mut self, high: f64, low: f64, close: f64) -> f64 {
        let value = self.peek(high, low, close);
        self.prev_close = Some(close);
        value
    }

    #[inline]
    pub fn peek(&self, high: f64, low: f64, _close: f64) -> f64 {
        self.prev_close.map_or(f64::NAN, |prev_close| true_range(high, low, prev_close))
    }

    pub fn reset(&mut self) {
        self.prev_close = None;
    }
}

impl Streaming for TrueRange {
    fn update(&mut self, bar: &Bar, out: &mut [f64]) {
        emit(out, &[TrueRange::update(self, bar.high, bar.low, bar.close)]);
    }
    fn peek(&self, bar: &Bar, out: &mut [f64]) {
        emit(out, &[TrueRange::peek(self, bar.high, bar.low, bar.close)]);
    }
    fn reset(&mut self) {
        TrueRange::reset(self);
    }
}

pub(crate) static DEF: IndicatorDef = IndicatorDef {
    name: TrueRange::NAME,
    title: "True Range",
    group: "Volatility Indicators",
    inputs: &[Input::High, Input::Low, Input::Close],
    params: &[],
    outputs: &["real"],
    overlay: false,
    lookback: |_| TrueRange::lookback(),
    batch: kernel!(|_, columns| Ok(vec![TrueRange::batch(column(columns, 0), column(columns, 1), column(columns, 2))])),
    stream: |_| Ok(Box::new(TrueRange::new())),
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gaps_count_and_first_bar_is_nan() {
        let out = TrueRange::batch(&[10.0, 13.0, 9.0], &[9.0, 12.0, 8.0], &[9.5, 12.5, 8.5]);
        assert!(out[0].is_nan());
        assert_eq!(out[1], 13.0 - 9.5);
        assert_eq!(out[2], 12.5 - 8.0);
    }

    #[test]
    fn flat_bars_and_short_or_uneven_input() {
        assert_eq!(TrueRange::batch(&[5.0, 5.0], &[5.0, 5.0], &[5.0, 5.0])[1], 0.0);
        assert!(TrueRange::batch(&[], &[], &[]).is_empty());
        assert_eq!(TrueRange::batch(&[1.0, 2.0, 3.0], &[1.0], &[1.0, 2.0]).len(), 1);
    }
}
