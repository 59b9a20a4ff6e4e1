use super::bar_streaming;
use crate::bar::Input;
use crate::error::Error;
use crate::indicators::window::{Extreme, RollingExtreme, Ties};
use crate::indicators::{check_period, int_param, run_bars, timeperiod};
use crate::registry::IndicatorDef;

/// Aroon (TA-Lib `AROON`): how recently the window's high and low were set, as
/// `(aroondown, aroonup)` in percent.
///
/// The window is the last `period + 1` bars, so the first value is at index `period`;
/// `aroonup = 100 / period * (period - bars since the highest high)`. When several
/// bars share the extreme the most recent counts, as in TA-Lib. Amortized O(1) per
/// bar (monotonic deques).
///
/// ```
/// use sigil_core::{Bar, Spec};
/// let mut aroon = Spec::parse("aroon:2").unwrap().stream().unwrap();
/// let bar = |high, low| Bar { high, low, ..Bar::default() };
/// aroon.update(&bar(10.0, 9.0));
/// aroon.update(&bar(11.0, 8.0));
/// assert_eq!(aroon.update(&bar(10.5, 9.5)), [50.0, 50.0]); // high and low set 1 bar ago
/// assert_eq!(aroon.peek(&bar(12.0, 9.0)), [0.0, 100.0]); // a new high today; the low now 2 bars old
/// ```
#[derive(Debug, Clone)]
pub struct Aroon {
    period: usize,
    factor: f64,
    highs: RollingExtreme,
    lows: RollingExtreme,
}

impl Aroon {
    pub const NAME: &'static str = "aroon";
    pub const DEFAULT_PERIOD: usize = 14;
    pub const MIN_PERIOD: usize = 2;
    pub const MAX_PERIOD: usize = 100_000;

    pub fn new(period: usize) -> Result<Aroon, Error> {
        check_period(Self::NAME, "timeperiod", period, Self::MIN_PERIOD, Self::MAX_PERIOD)?;
        Ok(Aroon {
            period,
            factor: 100.0 / period as f64,
            highs: RollingExtreme::new(period + 1, Extreme::Max, Ties::Latest),
            lows: RollingExtreme::new(period + 1, Extreme::Min, Ties::Latest),
        })
    }

    /// Bars before the first value.
    pub fn lookback(period: usize) -> usize {
        period
    }

    /// `(aroondown, aroonup)` columns (as long as the shorter input).
    pub fn batch(high: &[f64], low: &[f64], period: usize) -> Result<(Vec<f64>, Vec<f64>), Error> {
        let mut aroon = Aroon::new(period)?;
        let rows = high.len().min(low.len());
        let (high, low) = (high.get(..rows).unwrap_or_default(), low.get(..rows).unwrap_or_default());
        if holds_nan(high) || holds_nan(low) {
            // A NaN blanks every window holding it; the block scan would skip it.
            return Ok(high.iter().zip(low).map(|(&h, &l)| aroon.update(h, l)).unzip());
        }
        let recency_column = |values: &[f64], extreme: Extreme| {
            let mut out = Vec::with_capacity(rows);
            latest_extreme_indices(values, period + 1, extreme, |start, indices| {
                out.extend(indices.iter().zip(start..start + indices.len()).map(|(&extreme_index, today)| {
                    if today < period {
                        f64::NAN
                    } else {
                        // The extreme lies in the window, so at most `period` bars back.
                        aroon.factor * (period + extreme_index - today) as f64
                    }
                }));
            });
            out
        };
        Ok((recency_column(low, Extreme::Min), recency_column(high, Extreme::Max)))
    }

    /// `(aroondown, aroonup)`.
    #[inline]
    pub fn update(&mut self, high: f64, low: f64) -> (f64, f64) {
        let today = self.highs.pushed();
        let highest = self.highs.push(high);
        let lowest = self.lows.push(low);
        self.output(today, highest, lowest)
    }

    #[inline]
    pub fn peek(&self, high: f64, low: f64) -> (f64, f64) {
        let highest = self.highs.peek(high);
        let lowest = self.lows.peek(low);
        self.output(self.highs.pushed(), highest, lowest)
    }

    pub fn reset(&mut self) {
        self.highs.reset();
        self.lows.reset();
    }

    #[inline]
    /// From the (value, index) of the window's lowest low and highest high; a NaN in
    /// the window (the extreme's value is NaN) gives NaN.
    fn output(&self, today: usize, highest: (f64, usize), lowest: (f64, usize)) -> (f64, f64) {
        if today < self.period {
            return (f64::NAN, f64::NAN);
        }
        let recency = |(value, extreme): (f64, usize)| {
            if value.is_nan() {
                f64::NAN
            } else {
                self.factor * (self.period - (today - extreme)) as f64
            }
        };
        (recency(lowest), recency(highest))
    }
}

/// Whether any input is NaN, in one pass without an early exit (so it vectorizes).
pub(super) fn holds_nan(values: &[f64]) -> bool {
    values.iter().fold(false, |any, x| any | x.is_nan())
}

/// For the batch kernels of AROON and AROONOSC, on NaN-free input: for each bar, the
/// index of the latest bar holding the extreme of the `window` bars ending there (what
/// the deques of `update` report). `emit_block(start, indices)` receives them a run of
/// `window` bars at a time, the first run starting at bar 0; indices of bars before the
/// first full window are meaningless.
///
/// TA-Lib's block scan (as in `math::block`) carrying the index along with the value:
/// the window ending at a bar is a suffix of the previous block plus a prefix of the
/// current one, and on a tie the later part, or within a part the later bar, wins.
/// O(1) per bar, where the deques pay for pushes and pops, and TA-Lib's rescans cost
/// O(window) whenever the extreme leaves the window.
pub(super) fn latest_extreme_indices(values: &[f64], window: usize, extreme: Extreme, emit_block: impl FnMut(usize, &[usize])) {
    match extreme {
        Extreme::Max => scan_latest(values, window, |a, b| a > b, emit_block),
        Extreme::Min => scan_latest(values, window, |a, b| a < b, emit_block),
    }
}

/// [`latest_extreme_indices`] with `better(a, b)`, "a is strictly more extreme", fixed.
fn scan_latest(values: &[f64], window: usize, better: impl Fn(f64, f64) -> bool, mut emit_block: impl FnMut(usize, &[usize])) {
    let window = window.max(1);
    // (extreme, latest index holding it) of each suffix of the previous complete block,
    // and of the block being completed.
    let mut older = vec![(f64::NAN, 0); window];
    let mut newer = vec![(f64::NAN, 0); window];
    let mut indices = vec![0; window];
    for (number, block) in values.chunks(window).enumerate() {
        let (Some(&first), Some(&last)) = (block.first(), block.last()) else { break };
        let start = number * window;
        let indices = &mut indices[..block.len()];
        if number > 0 {
            let (mut prefix, mut prefix_index) = (first, start);
            let bars = block.iter().zip(start..start + block.len());
            for ((slot, (&x, index)), &(suffix, suffix_index)) in indices.iter_mut().zip(bars).zip(&older[1..]) {
                if !better(prefix, x) {
                    (prefix, prefix_index) = (x, index);
                }
                *slot = if better(suffix, prefix) { suffix_index } else { prefix_index };
            }
        }
        if block.len() == window {
            let (mut suffix, mut suffix_index) = (last, start + window - 1);
            let bars = block.iter().zip(start..start + window);
            for (slot, (&x, index)) in newer.iter_mut().zip(bars).rev() {
                if better(x, suffix) {
                    (suffix, suffix_index) = (x, index);
                }
                *slot = (suffix, suffix_index);
            }
            // The window that is exactly this block.
            if let Some(slot) = indices.last_mut() {
                *slot = suffix_index;
            }
            std::mem::swap(&mut older, &mut newer);
        }
        emit_block(start, indices);
    }
}

bar_streaming!(Aroon, high, low);

const INPUTS: &[Input] = &[Input::High, Input::Low];

pub(crate) static DEF: IndicatorDef = IndicatorDef {
    name: Aroon::NAME,
    title: "Aroon",
    group: "Momentum Indicators",
    inputs: INPUTS,
    params: &[timeperiod(Aroon::DEFAULT_PERIOD, Aroon::MIN_PERIOD, Aroon::MAX_PERIOD)],
    outputs: &["aroondown", "aroonup"],
    overlay: false,
    lookback: |p| Aroon::lookback(int_param(p, 0)),
    batch: kernel!(|p, columns| match columns {
        [high, low, ..] => {
            let (down, up) = Aroon::batch(high, low, int_param(p, 0))?;
            Ok(vec![down, up])
        }
        _ => Ok(run_bars(Aroon::new(int_param(p, 0))?, INPUTS, columns, 2)),
    }),
    stream: |p| Ok(Box::new(Aroon::new(int_param(p, 0))?)),
};

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::indicators::math::block::tests::test_series;

    /// (name, highs, lows) of `len` bars for the batch kernels' checks: the block
    /// scan's awkward series (NaN of both signs, infinities, signed zeros, ties), the
    /// same without NaN (the kernels' own path), monotonic runs, a flat series and
    /// extreme magnitudes; highs and lows from different series.
    pub(in crate::indicators::momentum) fn high_low_series(len: usize, seed: u64) -> Vec<(String, Vec<f64>, Vec<f64>)> {
        let mut columns = test_series(len, seed);
        let without_nan: Vec<(&str, Vec<f64>)> =
            columns.iter().map(|(_, v)| ("NaN replaced", v.iter().map(|&x| if x.is_nan() { 7.0 } else { x }).collect())).collect();
        columns.extend(without_nan);
        let walk = |scale: f64| (0..len as u64).map(|i| ((i * 7919) % 13) as f64 * scale).collect::<Vec<_>>();
        columns.push(("rising", (0..len).map(|i| i as f64).collect()));
        columns.push(("falling", (0..len).map(|i| -(i as f64)).collect()));
        columns.push(("tiny", walk(1e-300)));
        columns.push(("huge", walk(1e300)));
        let mut pairs = Vec::new();
        for (i, (high_kind, highs)) in columns.iter().enumerate() {
            // Each series against itself and against the next one.
            for (low_kind, lows) in [&columns[i], &columns[(i + 1) % columns.len()]] {
                pairs.push((format!("{high_kind}/{low_kind}"), highs.clone(), lows.clone()));
            }
        }
        pairs
    }

    pub(in crate::indicators::momentum) fn assert_same_bits(name: &str, got: &[f64], expected: &[f64]) {
        assert_eq!(got.len(), expected.len(), "{name}: length");
        for (i, (a, b)) in got.iter().zip(expected).enumerate() {
            assert_eq!(a.to_bits(), b.to_bits(), "{name} bar {i}: {a} vs {b}");
        }
    }

    #[test]
    fn batch_is_updates_bit_for_bit() {
        for period in [2, 3, 4, 7, 14, 30] {
            for (kind, highs, lows) in high_low_series(3 * period + 20, period as u64) {
                for len in 0..=highs.len() {
                    let (highs, lows) = (&highs[..len], &lows[..len]);
                    let mut aroon = Aroon::new(period).unwrap();
                    let (down, up): (Vec<f64>, Vec<f64>) = highs.iter().zip(lows).map(|(&h, &l)| aroon.update(h, l)).unzip();
                    let (batch_down, batch_up) = Aroon::batch(highs, lows, period).unwrap();
                    let name = format!("{kind} period {period} len {len}");
                    assert_same_bits(&format!("{name} down"), &batch_down, &down);
                    assert_same_bits(&format!("{name} up"), &batch_up, &up);
                }
            }
        }
        // Columns of unequal length: one value per row of the shorter.
        let (down, up) = Aroon::batch(&[1.0, 2.0, 3.0, 4.0], &[1.0, 0.5, 2.0], 2).unwrap();
        assert_eq!((down.len(), up.len(), down[2], up[2]), (3, 3, 50.0, 100.0));
    }
}
