use super::nvi::VolumeIndex;
use super::{column, emit, rows};
use crate::bar::{Bar, Input};
use crate::registry::{IndicatorDef, Streaming};

/// Positive volume index (TA-Lib `PVI`): starts at 1000 and compounds the close's
/// percentage change only on bars whose volume rose from the previous bar's.
///
/// Same guards as [`Nvi`](super::Nvi): a zero previous close or a non-finite step
/// leaves the index unchanged.
///
/// ```
/// use sigil_core::{Bar, Spec};
/// let mut pvi = Spec::parse("pvi").unwrap().stream().unwrap();
/// let bar = |close, volume| Bar { close, volume, ..Bar::default() };
/// assert_eq!(pvi.update(&bar(100.0, 50.0)), [1000.0]);
/// assert_eq!(pvi.update(&bar(90.0, 60.0)), [900.0]); // volume rose: -10%
/// assert_eq!(pvi.peek(&bar(180.0, 40.0)), [900.0]); // volume fell: ignored
/// ```
#[derive(Debug, Clone)]
pub struct Pvi {
    index: VolumeIndex,
}

impl Pvi {
    pub const NAME: &'static str = "pvi";

    pub fn new() -> Pvi {
        Pvi { index: VolumeIndex::new(true) }
    }

    pub fn lookback() -> usize {
        0
    }

    pub fn batch(close: &[f64], volume: &[f64]) -> Vec<f64> {
        let mut pvi = Pvi::new();
        let n = rows(&[close, volume]);
        (0..n).map(|i| pvi.update(close[i], volume[i])).collect()
    }

    #[inline]
    pub fn update(&mut self, close: f64, volume: f64) -> f64 {
        self.index.update(close, volume)
    }

    #[inline]
    pub fn peek(&self, close: f64, volume: f64) -> f64 {
        self.index.peek(close, volume)
    }

    pub fn reset(&mut self) {
        self.index.reset();
    }
}

impl Default for Pvi {
    fn default() -> Pvi {
        Pvi::new()
    }
}

impl Streaming for Pvi {
    fn update(&mut self, bar: &Bar, out: &mut [f64]) {
        emit(out, &[Pvi::update(self, bar.close, bar.volume)]);
    }
    fn peek(&self, bar: &Bar, out: &mut [f64]) {
        emit(out, &[Pvi::peek(self, bar.close, bar.volume)]);
    }
    fn reset(&mut self) {
        Pvi::reset(self);
    }
}

pub(crate) static DEF: IndicatorDef = IndicatorDef {
    name: Pvi::NAME,
    title: "Positive Volume Index",
    group: "Volume Indicators",
    inputs: &[Input::Close, Input::Volume],
    params: &[],
    outputs: &["real"],
    overlay: false,
    lookback: |_| Pvi::lookback(),
    batch: kernel!(|_, c| Ok(vec![Pvi::batch(column(c, 0), column(c, 1))])),
    stream: |_| Ok(Box::new(Pvi::new())),
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moves_only_on_rising_volume() {
        assert_eq!(Pvi::batch(&[1.0, 2.0, 4.0, 2.0], &[0.0, 1e12, 1e12, 1e13]), [1000.0, 2000.0, 2000.0, 1000.0]);
        assert!(Pvi::batch(&[], &[]).is_empty());
    }
}
