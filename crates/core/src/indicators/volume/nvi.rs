use super::{column, emit, rows};
use crate::bar::{Bar, Input};
use crate::registry::{IndicatorDef, Streaming};

/// Negative volume index (TA-Lib `NVI`): starts at 1000 and compounds the close's
/// percentage change only on bars whose volume fell from the previous bar's.
///
/// TA-Lib 0.8.1's guards are kept: a zero previous close, or a step whose result is not
/// finite (overflow, NaN input), leaves the index where it was.
///
/// ```
/// use sigil_core::{Bar, Spec};
/// let mut nvi = Spec::parse("nvi").unwrap().stream().unwrap();
/// let bar = |close, volume| Bar { close, volume, ..Bar::default() };
/// assert_eq!(nvi.update(&bar(100.0, 50.0)), [1000.0]);
/// assert_eq!(nvi.update(&bar(110.0, 60.0)), [1000.0]); // volume rose: ignored
/// assert_eq!(nvi.peek(&bar(121.0, 40.0)), [1100.0]); // volume fell: +10%
/// ```
#[derive(Debug, Clone)]
pub struct Nvi {
    index: VolumeIndex,
}

/// The index NVI and PVI share; `on_rising_volume` picks which bars move it.
#[derive(Debug, Clone)]
pub(crate) struct VolumeIndex {
    on_rising_volume: bool,
    /// (previous close, previous volume) once a bar has been seen.
    previous: Option<(f64, f64)>,
    value: f64,
}

impl VolumeIndex {
    const START: f64 = 1000.0;

    pub(crate) fn new(on_rising_volume: bool) -> VolumeIndex {
        VolumeIndex { on_rising_volume, previous: None, value: Self::START }
    }

    #[inline]
    pub(crate) fn update(&mut self, close: f64, volume: f64) -> f64 {
        self.value = self.peek(close, volume);
        self.previous = Some((close, volume));
        self.value
    }

    #[inline]
    pub(crate) fn peek(&self, close: f64, volume: f64) -> f64 {
        let Some((prev_close, prev_volume)) = self.previous else {
            return self.value;
        };
        let moves = if self.on_rising_volume { volume > prev_volume } else { volume < prev_volume };
        if !moves || prev_close == 0.0 {
            return self.value;
        }
        let mut next = self.value;
        next += (close - prev_close) / prev_close * next;
        if next.is_finite() {
            next
        } else {
            self.value
        }
    }

    pub(crate) fn reset(&mut self) {
        self.previous = None;
        self.value = Self::START;
    }
}

impl Nvi {
    pub const NAME: &'static str = "nvi";

    pub fn new() -> Nvi {
        Nvi { index: VolumeIndex::new(false) }
    }

    pub fn lookback() -> usize {
        0
    }

    pub fn batch(close: &[f64], volume: &[f64]) -> Vec<f64> {
        let mut nvi = Nvi::new();
        let n = rows(&[close, volume]);
        (0..n).map(|i| nvi.update(close[i], volume[i])).collect()
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

impl Default for Nvi {
    fn default() -> Nvi {
        Nvi::new()
    }
}

impl Streaming for Nvi {
    fn update(&mut self, bar: &Bar, out: &mut [f64]) {
        emit(out, &[Nvi::update(self, bar.close, bar.volume)]);
    }
    fn peek(&self, bar: &Bar, out: &mut [f64]) {
        emit(out, &[Nvi::peek(self, bar.close, bar.volume)]);
    }
    fn reset(&mut self) {
        Nvi::reset(self);
    }
}

pub(crate) static DEF: IndicatorDef = IndicatorDef {
    name: Nvi::NAME,
    title: "Negative Volume Index",
    group: "Volume Indicators",
    inputs: &[Input::Close, Input::Volume],
    params: &[],
    outputs: &["real"],
    overlay: false,
    lookback: |_| Nvi::lookback(),
    batch: kernel!(|_, c| Ok(vec![Nvi::batch(column(c, 0), column(c, 1))])),
    stream: |_| Ok(Box::new(Nvi::new())),
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zero_close_nan_and_overflow_leave_the_index() {
        let out = Nvi::batch(&[0.0, 5.0, f64::NAN, 6.0, 1e307], &[5.0, 4.0, 3.0, 2.0, 1.0]);
        assert_eq!(out, [1000.0, 1000.0, 1000.0, 1000.0, 1000.0]);
        let out = Nvi::batch(&[1.0, 2.0, 3.0], &[1e12, 1e12, 0.0]);
        assert_eq!(out, [1000.0, 1000.0, 1500.0]);
        assert!(Nvi::batch(&[], &[]).is_empty());
    }
}
