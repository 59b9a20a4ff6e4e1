use super::{column, emit, rows};
use crate::bar::{Bar, Input};
use crate::registry::{IndicatorDef, Streaming};

/// Price volume trend (TA-Lib `PVT`): the running total of each bar's volume weighted
/// by the close's relative change, `(close - prev) / prev * volume`.
///
/// Starts at 0 on the first bar; a zero previous close adds nothing (TA-Lib 0.8.1).
///
/// ```
/// use sigil_core::{Bar, Spec};
/// let mut pvt = Spec::parse("pvt").unwrap().stream().unwrap();
/// let bar = |close, volume| Bar { close, volume, ..Bar::default() };
/// assert_eq!(pvt.update(&bar(100.0, 50.0)), [0.0]);
/// assert_eq!(pvt.update(&bar(110.0, 60.0)), [6.0]);
/// assert_eq!(pvt.peek(&bar(99.0, 100.0)), [-4.0]);
/// ```
#[derive(Debug, Clone, Default)]
pub struct Pvt {
    prev_close: Option<f64>,
    total: f64,
}

impl Pvt {
    pub const NAME: &'static str = "pvt";

    pub fn new() -> Pvt {
        Pvt::default()
    }

    pub fn lookback() -> usize {
        0
    }

    /// The whole series at once: `update`'s running total in a local, the previous
    /// close read from the slice, each output slot written once. Same operations in the
    /// same order, so the same bits.
    pub fn batch(close: &[f64], volume: &[f64]) -> Vec<f64> {
        let n = rows(&[close, volume]);
        let mut out = Vec::with_capacity(n);
        if n == 0 {
            return out;
        }
        let mut total = 0.0;
        out.push(total);
        out.extend(close[1..n].iter().zip(&close[..n - 1]).zip(&volume[1..n]).map(|((&close, &prev), &volume)| {
            total = Pvt::accumulate(total, prev, close, volume);
            total
        }));
        out
    }

    #[inline]
    pub fn update(&mut self, close: f64, volume: f64) -> f64 {
        self.total = self.peek(close, volume);
        self.prev_close = Some(close);
        self.total
    }

    #[inline]
    pub fn peek(&self, close: f64, volume: f64) -> f64 {
        match self.prev_close {
            Some(prev) => Pvt::accumulate(self.total, prev, close, volume),
            None => self.total,
        }
    }

    /// The total after a bar whose close follows `prev`: shared by `update` and `batch`.
    #[inline(always)]
    fn accumulate(total: f64, prev: f64, close: f64, volume: f64) -> f64 {
        if prev != 0.0 {
            total + (close - prev) / prev * volume
        } else {
            total
        }
    }

    pub fn reset(&mut self) {
        self.prev_close = None;
        self.total = 0.0;
    }
}

impl Streaming for Pvt {
    fn update(&mut self, bar: &Bar, out: &mut [f64]) {
        emit(out, &[Pvt::update(self, bar.close, bar.volume)]);
    }
    fn peek(&self, bar: &Bar, out: &mut [f64]) {
        emit(out, &[Pvt::peek(self, bar.close, bar.volume)]);
    }
    fn reset(&mut self) {
        Pvt::reset(self);
    }
}

pub(crate) static DEF: IndicatorDef = IndicatorDef {
    name: Pvt::NAME,
    title: "Price Volume Trend",
    group: "Volume Indicators",
    inputs: &[Input::Close, Input::Volume],
    params: &[],
    outputs: &["real"],
    overlay: false,
    lookback: |_| Pvt::lookback(),
    batch: kernel!(|_, c| Ok(vec![Pvt::batch(column(c, 0), column(c, 1))])),
    stream: |_| Ok(Box::new(Pvt::new())),
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zero_previous_close_adds_nothing() {
        assert_eq!(Pvt::batch(&[0.0, 5.0, 10.0], &[1.0, 1e12, 2.0]), [0.0, 0.0, 2.0]);
        assert!(Pvt::batch(&[], &[]).is_empty());
    }
}

#[cfg(test)]
mod kernel_tests {
    use super::*;
    use crate::indicators::kernel_checks::{assert_batch_is_updates, paused_index, walk_series};

    #[test]
    fn batch_is_updates_bit_for_bit() {
        for scale in [1.0, 1e-12, 1e300] {
            for pause in [0, 8] {
                // The close from the test series (zeros, NaN, infinities included), the
                // volume from a walk, both scaled and paused.
                let columns = |x: &[f64]| -> (Vec<f64>, Vec<f64>) {
                    let volume = walk_series(x.len());
                    let at = |i: usize| paused_index(i, pause);
                    ((0..x.len()).map(|i| x[at(i)] * scale).collect(), (0..x.len()).map(|i| volume[at(i)] * scale).collect())
                };
                assert_batch_is_updates(
                    &format!("pvt x{scale} pause {pause}"),
                    |x| {
                        let (close, volume) = columns(x);
                        Pvt::batch(&close, &volume)
                    },
                    |x| {
                        let (close, volume) = columns(x);
                        let mut pvt = Pvt::new();
                        close.iter().zip(&volume).map(|(&c, &v)| pvt.update(c, v)).collect()
                    },
                );
            }
        }
        // Columns of different lengths: the shorter decides.
        assert_eq!(Pvt::batch(&[1.0, 2.0, 4.0], &[1.0, 1.0]).len(), 2);
    }
}
