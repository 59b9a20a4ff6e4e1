use super::bar_streaming;
use crate::bar::Input;
use crate::error::Error;
use crate::indicators::window::{Extreme, RollingExtreme, Ties};
use crate::indicators::{check_period, int_param, run_bars};
use crate::registry::{IndicatorDef, ParamDef, ParamKind};

/// Williams Fractal (TA-Lib `FRACTAL`): `(swinghigh, swinglow)`, 100 on the bar that
/// *confirms* a swing and 0 elsewhere.
///
/// A swing high is a bar whose high is strictly above the highs of the `leftbars` bars
/// before it and the `rightbars` bars after it (swing low: low strictly below). Like
/// TA-Lib, the verdict on the bar `rightbars` back is reported on the bar that completes
/// its right side, so each value uses only bars up to its own: streaming gives at each
/// bar exactly what TA-Lib's batch gives there, and no value ever changes afterwards. A
/// chart that marks the pivot itself draws the flag `rightbars` bars earlier. The
/// verdicts on the last `rightbars` bars are not known yet and appear as later bars
/// arrive.
///
/// The first `leftbars + rightbars` bars cannot confirm anything: they are NaN (TA-Lib's
/// integer outputs read 0 there, which would claim "no swing").
/// Amortized O(1) per bar: monotonic deques over the left side (fed `rightbars + 1`
/// bars late) and the right side.
///
/// ```
/// use sigil_core::{Series, Spec};
/// let high = [1.0, 2.0, 5.0, 3.0, 2.0, 4.0];
/// let low = [0.5, 1.5, 4.5, 2.5, 1.5, 3.5];
/// let out = Spec::parse("fractal:2:2").unwrap().compute(&Series { high: &high, low: &low, ..Series::default() }).unwrap();
/// assert!(out[0][..4].iter().all(|v| v.is_nan())); // warm-up
/// assert_eq!(out[0][4..], [100.0, 0.0]); // the high at bar 2, confirmed at bar 4
/// ```
#[derive(Debug, Clone)]
pub struct Fractal {
    left_bars: usize,
    right_bars: usize,
    /// (high, low) of the last `right_bars + 1` bars; bar `i` at `i % len`.
    recent: Vec<(f64, f64)>,
    /// Bars seen (saturating).
    bars: usize,
    left_high: RollingExtreme,
    left_low: RollingExtreme,
    right_high: RollingExtreme,
    right_low: RollingExtreme,
}

impl Fractal {
    pub const NAME: &'static str = "fractal";
    pub const DEFAULT_BARS: usize = 2;
    pub const MIN_BARS: usize = 1;
    pub const MAX_BARS: usize = 100_000;
    /// Up to this many side bars, `batch` compares each pivot with all of them; wider,
    /// it streams through the deques, whose cost does not grow with the sides (here
    /// the comparisons still cost about half as much).
    const DIRECT_SPAN: usize = 64;

    pub fn new(left_bars: usize, right_bars: usize) -> Result<Fractal, Error> {
        check_period(Self::NAME, "leftbars", left_bars, Self::MIN_BARS, Self::MAX_BARS)?;
        check_period(Self::NAME, "rightbars", right_bars, Self::MIN_BARS, Self::MAX_BARS)?;
        Ok(Fractal {
            left_bars,
            right_bars,
            recent: vec![(f64::NAN, f64::NAN); right_bars + 1],
            bars: 0,
            left_high: RollingExtreme::new(left_bars, Extreme::Max, Ties::Latest),
            left_low: RollingExtreme::new(left_bars, Extreme::Min, Ties::Latest),
            right_high: RollingExtreme::new(right_bars, Extreme::Max, Ties::Latest),
            right_low: RollingExtreme::new(right_bars, Extreme::Min, Ties::Latest),
        })
    }

    /// Leading NaN bars: those before the first possible verdict (TA-Lib's lookback).
    pub fn lookback(left_bars: usize, right_bars: usize) -> usize {
        left_bars + right_bars
    }

    /// `(swinghigh, swinglow)` columns (as long as the shorter input).
    pub fn batch(high: &[f64], low: &[f64], left_bars: usize, right_bars: usize) -> Result<(Vec<f64>, Vec<f64>), Error> {
        let mut fractal = Fractal::new(left_bars, right_bars)?;
        let span = left_bars + right_bars;
        if span > Self::DIRECT_SPAN {
            return Ok(high.iter().zip(low).map(|(&h, &l)| fractal.update(h, l)).unzip());
        }
        let rows = high.len().min(low.len());
        let (high, low) = (high.get(..rows).unwrap_or_default(), low.get(..rows).unwrap_or_default());
        Ok((
            swing_flags(high, left_bars, right_bars, |pivot, other| pivot > other),
            swing_flags(low, left_bars, right_bars, |pivot, other| pivot < other),
        ))
    }

    /// `(swinghigh, swinglow)`.
    #[inline]
    pub fn update(&mut self, high: f64, low: f64) -> (f64, f64) {
        let index = self.bars;
        self.bars = self.bars.saturating_add(1);
        let len = self.recent.len();
        let slot = index % len;
        let oldest = self.recent.get(slot).copied().unwrap_or((f64::NAN, f64::NAN));
        // The bar `right_bars + 1` back joins the left side of the pivot `right_bars` back.
        let left = if index > self.right_bars { Some((self.left_high.push(oldest.0).0, self.left_low.push(oldest.1).0)) } else { None };
        if let Some(entry) = self.recent.get_mut(slot) {
            *entry = (high, low);
        }
        let right = (self.right_high.push(high).0, self.right_low.push(low).0);
        let pivot = self.recent.get((index + 1) % len).copied().unwrap_or((f64::NAN, f64::NAN));
        self.output(index, pivot, left, right)
    }

    #[inline]
    pub fn peek(&self, high: f64, low: f64) -> (f64, f64) {
        let index = self.bars;
        let len = self.recent.len();
        let oldest = self.recent.get(index % len).copied().unwrap_or((f64::NAN, f64::NAN));
        let left = if index > self.right_bars { Some((self.left_high.peek(oldest.0).0, self.left_low.peek(oldest.1).0)) } else { None };
        let right = (self.right_high.peek(high).0, self.right_low.peek(low).0);
        let pivot = self.recent.get((index + 1) % len).copied().unwrap_or((f64::NAN, f64::NAN));
        self.output(index, pivot, left, right)
    }

    pub fn reset(&mut self) {
        self.recent.fill((f64::NAN, f64::NAN));
        self.bars = 0;
        self.left_high.reset();
        self.left_low.reset();
        self.right_high.reset();
        self.right_low.reset();
    }

    #[inline]
    fn output(&self, index: usize, pivot: (f64, f64), left: Option<(f64, f64)>, right: (f64, f64)) -> (f64, f64) {
        let Some(left) = left.filter(|_| index >= Self::lookback(self.left_bars, self.right_bars)) else {
            return (f64::NAN, f64::NAN);
        };
        let flag = |swing: bool| if swing { 100.0 } else { 0.0 };
        (flag(pivot.0 > left.0 && pivot.0 > right.0), flag(pivot.1 < left.1 && pivot.1 < right.1))
    }
}

/// One column of [`Fractal::batch`]'s direct path: NaN for the first `left_bars +
/// right_bars` bars, then 100 where the pivot `right_bars` back `beats` each of its
/// neighbours, 0 elsewhere.
///
/// The pivot beats its side windows' extreme exactly when it beats each of their bars:
/// `beats` is false against a NaN, as against the deques' NaN extreme, and a NaN pivot
/// beats nothing either way. The comparisons run one neighbour distance at a time over
/// a chunk of pivots: straight loops that vectorize, where a pivot at a time would
/// branch on each verdict (a coin toss).
fn swing_flags(values: &[f64], left_bars: usize, right_bars: usize, beats: impl Fn(f64, f64) -> bool) -> Vec<f64> {
    const CHUNK: usize = 256;
    let rows = values.len();
    let mut out = Vec::with_capacity(rows);
    out.resize((left_bars + right_bars).min(rows), f64::NAN);
    let pivots = left_bars..rows.saturating_sub(right_bars).max(left_bars);
    // The flags themselves, cleared by each neighbour the pivot does not beat: a
    // compare and a mask per lane, with no conversion from booleans.
    let mut flags = [100.0; CHUNK];
    for chunk_start in pivots.clone().step_by(CHUNK) {
        let chunk = chunk_start..(chunk_start + CHUNK).min(pivots.end);
        let flags = &mut flags[..chunk.len()];
        flags.fill(100.0);
        let run_at = |start: usize| values.get(start..start + chunk.len()).unwrap_or_default();
        let lefts = (1..=left_bars).map(|distance| chunk.start - distance);
        let rights = (1..=right_bars).map(|distance| chunk.start + distance);
        for neighbours_start in lefts.chain(rights) {
            for (flag, (&pivot, &other)) in flags.iter_mut().zip(run_at(chunk.start).iter().zip(run_at(neighbours_start))) {
                *flag = if beats(pivot, other) { *flag } else { 0.0 };
            }
        }
        out.extend_from_slice(flags);
    }
    out
}

bar_streaming!(Fractal, high, low);

const INPUTS: &[Input] = &[Input::High, Input::Low];

const fn side(name: &'static str, description: &'static str) -> ParamDef {
    ParamDef {
        name,
        kind: ParamKind::Integer { min: Fractal::MIN_BARS as i64, max: Fractal::MAX_BARS as i64 },
        default: Fractal::DEFAULT_BARS as f64,
        description,
    }
}

pub(crate) static DEF: IndicatorDef = IndicatorDef {
    name: Fractal::NAME,
    title: "Williams Fractal",
    group: "Momentum Indicators",
    inputs: INPUTS,
    params: &[
        side("leftbars", "Bars before the pivot that it must exceed"),
        side("rightbars", "Bars after the pivot that it must exceed (the confirmation delay)"),
    ],
    outputs: &["swinghigh", "swinglow"],
    overlay: false,
    lookback: |p| Fractal::lookback(int_param(p, 0), int_param(p, 1)),
    batch: kernel!(|p, columns| match columns {
        [high, low, ..] => {
            let (swing_high, swing_low) = Fractal::batch(high, low, int_param(p, 0), int_param(p, 1))?;
            Ok(vec![swing_high, swing_low])
        }
        _ => Ok(run_bars(Fractal::new(int_param(p, 0), int_param(p, 1))?, INPUTS, columns, 2)),
    }),
    stream: |p| Ok(Box::new(Fractal::new(int_param(p, 0), int_param(p, 1))?)),
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indicators::momentum::aroon::tests::{assert_same_bits, high_low_series};

    /// The direct comparisons (short sides) and the streaming fallback (long sides)
    /// against `update`, NaN and ties included.
    #[test]
    fn batch_is_updates_bit_for_bit() {
        for (left, right) in [(1, 1), (2, 2), (1, 3), (4, 1), (5, 5), (16, 16), (20, 30), (32, 32), (33, 32)] {
            for (kind, highs, lows) in high_low_series(2 * (left + right) + 30, (left * 31 + right) as u64) {
                for len in 0..=highs.len() {
                    let (highs, lows) = (&highs[..len], &lows[..len]);
                    let mut fractal = Fractal::new(left, right).unwrap();
                    let (high_updates, low_updates): (Vec<f64>, Vec<f64>) =
                        highs.iter().zip(lows).map(|(&h, &l)| fractal.update(h, l)).unzip();
                    let (swing_high, swing_low) = Fractal::batch(highs, lows, left, right).unwrap();
                    let name = format!("{kind} {left}:{right} len {len}");
                    assert_same_bits(&format!("{name} high"), &swing_high, &high_updates);
                    assert_same_bits(&format!("{name} low"), &swing_low, &low_updates);
                }
            }
        }
        let (swing_high, swing_low) = Fractal::batch(&[1.0, 3.0, 2.0, 5.0], &[1.0, 0.0, 2.0], 1, 1).unwrap();
        assert_eq!((swing_high.len(), swing_low.len(), swing_high[2], swing_low[2]), (3, 3, 100.0, 100.0));
    }
}
