use super::{column, emit, rows};
use crate::bar::{Bar, Input};
use crate::registry::{IndicatorDef, Streaming};

/// On balance volume (TA-Lib `OBV`): a running total that adds the bar's volume when
/// the close rises, subtracts it when the close falls, and holds on an unchanged close.
///
/// As in TA-Lib the total starts at the first bar's volume (not 0), so the first
/// value is that volume and there is no warm-up.
///
/// ```
/// use sigil_core::{Bar, Spec};
/// let mut obv = Spec::parse("obv").unwrap().stream().unwrap();
/// let bar = |close, volume| Bar { close, volume, ..Bar::default() };
/// assert_eq!(obv.update(&bar(10.0, 100.0)), [100.0]);
/// assert_eq!(obv.update(&bar(11.0, 30.0)), [130.0]);
/// assert_eq!(obv.peek(&bar(10.5, 50.0)), [80.0]);
/// ```
#[derive(Debug, Clone, Default)]
pub struct Obv {
    /// (previous close, total) once a bar has been seen.
    state: Option<(f64, f64)>,
}

impl Obv {
    pub const NAME: &'static str = "obv";

    pub fn new() -> Obv {
        Obv::default()
    }

    pub fn lookback() -> usize {
        0
    }

    pub fn batch(close: &[f64], volume: &[f64]) -> Vec<f64> {
        let mut obv = Obv::new();
        let n = rows(&[close, volume]);
        (0..n).map(|i| obv.update(close[i], volume[i])).collect()
    }

    #[inline]
    pub fn update(&mut self, close: f64, volume: f64) -> f64 {
        let total = self.peek(close, volume);
        self.state = Some((close, total));
        total
    }

    #[inline]
    pub fn peek(&self, close: f64, volume: f64) -> f64 {
        match self.state {
            None => volume,
            Some((prev_close, total)) if close > prev_close => total + volume,
            Some((prev_close, total)) if close < prev_close => total - volume,
            Some((_, total)) => total,
        }
    }

    pub fn reset(&mut self) {
        self.state = None;
    }
}

impl Streaming for Obv {
    fn update(&mut self, bar: &Bar, out: &mut [f64]) {
        emit(out, &[Obv::update(self, bar.close, bar.volume)]);
    }
    fn peek(&self, bar: &Bar, out: &mut [f64]) {
        emit(out, &[Obv::peek(self, bar.close, bar.volume)]);
    }
    fn reset(&mut self) {
        Obv::reset(self);
    }
}

pub(crate) static DEF: IndicatorDef = IndicatorDef {
    name: Obv::NAME,
    title: "On Balance Volume",
    group: "Volume Indicators",
    inputs: &[Input::Close, Input::Volume],
    params: &[],
    outputs: &["real"],
    overlay: false,
    lookback: |_| Obv::lookback(),
    batch: kernel!(|_, c| Ok(vec![Obv::batch(column(c, 0), column(c, 1))])),
    stream: |_| Ok(Box::new(Obv::new())),
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unchanged_close_holds_and_first_value_is_the_volume() {
        assert_eq!(Obv::batch(&[1.0, 1.0, 0.5, 2.0], &[1e12, 5.0, 2.0, 0.0]), [1e12, 1e12, 1e12 - 2.0, 1e12 - 2.0]);
        assert!(Obv::batch(&[], &[]).is_empty());
    }
}
