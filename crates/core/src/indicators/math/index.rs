//! MAXINDEX, MININDEX and MINMAXINDEX: the input index (0-based, counted from the first
//! bar) of the window's extreme.
//!
//! TA-Lib 0.8.1 keeps a "holder", the bar found last, and its tie rule follows from
//! how it updates it: a new bar at least as extreme as the holder takes over (so the
//! latest of tied bars wins), but when the holder leaves the window TA-Lib rescans the
//! window oldest first and keeps the first strictly better bar (so the earliest wins).
//! A rescan starts from the oldest bar: if that is NaN it is the answer, otherwise NaNs
//! are skipped. We keep the holder the same way and answer the rescan from a
//! monotonic deque (`indicators::window`, earliest on ties, NaNs entered as the
//! extreme's identity so they never win) plus the positions of NaNs in the window:
//! amortized O(1) per bar instead of TA-Lib's O(period) rescans, same answers.
//!
//! During the lookback the registry outputs NaN like every other indicator. TA-Lib's
//! outputs here are integers and its Python wrapper shows the unwritten lookback cells as
//! 0, which would read as "bar 0 holds the extreme"; the parity test knows this.

use std::collections::VecDeque;

use super::block::{block_extremes, block_ranges};
use super::extreme::write_pair;
use crate::bar::{Bar, Input};
use crate::error::Error;
use crate::indicators::window::{Extreme, RollingExtreme, Ties};
use crate::indicators::{check_period, first, int_param, timeperiod};
use crate::registry::{IndicatorDef, Streaming};

const MIN_PERIOD: usize = 2;
const MAX_PERIOD: usize = 100_000;
const DEFAULT_PERIOD: usize = 30;

/// What the registry outputs for a bar without an index (the lookback).
const NO_INDEX: f64 = f64::NAN;

fn lookback(params: &[f64]) -> usize {
    int_param(params, 0).max(MIN_PERIOD) - 1
}

/// TA-Lib's holder of one extreme (see the module docs).
#[derive(Debug, Clone)]
struct Holder {
    extreme: Extreme,
    period: usize,
    /// NaN-free view of the window (NaNs entered as the identity) for rescans.
    window: RollingExtreme,
    /// Indices of the NaN inputs still in (or just leaving) the window, oldest first.
    nans: VecDeque<usize>,
    /// (value, index) of the current extreme; `None` before the first full window.
    held: Option<(f64, usize)>,
}

impl Holder {
    fn new(period: usize, extreme: Extreme) -> Holder {
        Holder { extreme, period, window: RollingExtreme::new(period, extreme, Ties::Earliest), nans: VecDeque::new(), held: None }
    }

    /// The value a NaN is entered as: one that never beats a real input.
    fn identity(&self) -> f64 {
        match self.extreme {
            Extreme::Max => f64::NEG_INFINITY,
            Extreme::Min => f64::INFINITY,
        }
    }

    /// TA-Lib's `x >= held` (`<=` for a minimum): false when either is NaN.
    #[inline]
    fn takes_over(&self, x: f64, held: f64) -> bool {
        match self.extreme {
            Extreme::Max => x >= held,
            Extreme::Min => x <= held,
        }
    }

    /// The holder after input `x` at `index`, given the deque's answer for the window
    /// ending there; `None` during the lookback.
    #[inline]
    fn next(&self, x: f64, index: usize, (best, best_index): (f64, usize)) -> Option<(f64, usize)> {
        let oldest = (index + 1).checked_sub(self.period)?;
        Some(match self.held {
            Some((held, held_index)) if held_index >= oldest => {
                if self.takes_over(x, held) {
                    (x, index)
                } else {
                    (held, held_index)
                }
            }
            // Rescan: the oldest bar if it is NaN, else the earliest extreme.
            _ if self.nans.iter().find(|&&i| i >= oldest) == Some(&oldest) => (f64::NAN, oldest),
            _ => (best, best_index),
        })
    }

    #[inline]
    fn push(&mut self, x: f64) -> Option<usize> {
        let index = self.window.pushed();
        let best = self.window.push(if x.is_nan() { self.identity() } else { x });
        if x.is_nan() {
            self.nans.push_back(index);
        }
        self.held = self.next(x, index, best);
        if let Some(oldest) = (index + 1).checked_sub(self.period) {
            while self.nans.front().is_some_and(|&i| i < oldest) {
                self.nans.pop_front();
            }
        }
        self.held.map(|(_, i)| i)
    }

    #[inline]
    fn peek(&self, x: f64) -> Option<usize> {
        let index = self.window.pushed();
        let best = self.window.peek(if x.is_nan() { self.identity() } else { x });
        self.next(x, index, best).map(|(_, i)| i)
    }

    fn reset(&mut self) {
        self.window.reset();
        self.nans.clear();
        self.held = None;
    }
}

/// TA-Lib's holder for the batch kernels, over a NaN-free column.
///
/// A rescan wants the earliest bar holding the window's extreme. Given that extreme's
/// value (from the block scan, exact on NaN-free input) it is the first bar of the
/// window equal to it, found by scanning from the oldest bar. That scan costs the
/// distance from the oldest bar to the one found, and the bar found then stays in the
/// window for at least that many bars more before the next rescan, so rescans cost
/// O(1) amortized (TA-Lib's full rescans cost O(period) each, every bar on a monotonic
/// series).
struct NanFreeHolder<'a, F> {
    input: &'a [f64],
    period: usize,
    /// TA-Lib's `x >= held` (`<=` for a minimum).
    takes_over: F,
    held: f64,
    held_index: usize,
    /// The first bar whose window no longer holds `held_index` (0 before the first
    /// window, which thus starts with a rescan).
    released_at: usize,
}

impl<'a, F: Fn(f64, f64) -> bool> NanFreeHolder<'a, F> {
    fn new(input: &'a [f64], period: usize, takes_over: F) -> Self {
        NanFreeHolder { input, period, takes_over, held: f64::NAN, held_index: 0, released_at: 0 }
    }

    /// The output at bar `t` (input `x`), given the extreme of the window ending there.
    #[inline(always)]
    fn next(&mut self, t: usize, x: f64, window_extreme: f64) -> f64 {
        if t + 1 < self.period {
            return NO_INDEX;
        }
        if t >= self.released_at {
            let oldest = t + 1 - self.period;
            let window = self.input.get(oldest..=t).unwrap_or_default();
            // `==`: a signed zero matches either zero, as TA-Lib's strict `>` keeps the
            // earliest of them.
            let offset = window.iter().position(|&v| v == window_extreme).unwrap_or(0);
            self.held = window.get(offset).copied().unwrap_or(x);
            self.held_index = oldest + offset;
            self.released_at = self.held_index + self.period;
        } else if (self.takes_over)(x, self.held) {
            self.held = x;
            self.held_index = t;
            self.released_at = t + self.period;
        }
        self.held_index as f64
    }
}

/// Whether any input is NaN, in one pass without an early exit (so it vectorizes).
fn holds_nan(input: &[f64]) -> bool {
    input.iter().fold(false, |any, x| any | x.is_nan())
}

/// MAXINDEX or MININDEX of a NaN-free column: the block scan's window extremes feed
/// TA-Lib's holder, a block at a time, each output written once by `extend`.
fn nan_free_index_column(input: &[f64], period: usize, extreme: Extreme) -> Vec<f64> {
    fn run(input: &[f64], period: usize, extreme: Extreme, takes_over: impl Fn(f64, f64) -> bool) -> Vec<f64> {
        let mut out = Vec::with_capacity(input.len());
        let mut holder = NanFreeHolder::new(input, period, takes_over);
        block_extremes(input, period, extreme, |extremes| {
            let start = out.len();
            let bars = input.get(start..).unwrap_or_default().iter().zip(extremes).enumerate();
            out.extend(bars.map(|(k, (&x, &window_extreme))| holder.next(start + k, x, window_extreme)));
        });
        out
    }
    match extreme {
        Extreme::Max => run(input, period, extreme, |x, held| x >= held),
        Extreme::Min => run(input, period, extreme, |x, held| x <= held),
    }
}

fn as_output(index: Option<usize>) -> f64 {
    index.map_or(NO_INDEX, |i| i as f64)
}

/// MAXINDEX and MININDEX differ only in the extreme they track.
macro_rules! single_index {
    ($(#[$meta:meta])* $ty:ident, $def:ident, $name:literal, $title:literal, $extreme:expr) => {
        $(#[$meta])*
        #[derive(Debug, Clone)]
        pub struct $ty {
            holder: Holder,
        }

        impl $ty {
            pub const NAME: &'static str = $name;
            pub const DEFAULT_PERIOD: usize = DEFAULT_PERIOD;
            pub const MIN_PERIOD: usize = MIN_PERIOD;
            pub const MAX_PERIOD: usize = MAX_PERIOD;

            pub fn new(period: usize) -> Result<$ty, Error> {
                check_period(Self::NAME, "timeperiod", period, MIN_PERIOD, MAX_PERIOD)?;
                Ok($ty { holder: Holder::new(period, $extreme) })
            }

            pub fn lookback(period: usize) -> usize {
                period.max(1) - 1
            }

            /// The index as a float, NaN during the lookback.
            pub fn batch(input: &[f64], period: usize) -> Result<Vec<f64>, Error> {
                let mut indicator = $ty::new(period)?;
                if holds_nan(input) {
                    // TA-Lib's NaN rules (a NaN oldest bar wins a rescan, other NaNs
                    // are skipped) are not the block scan's, so bar by bar.
                    return Ok(input.iter().map(|&x| as_output(indicator.update(x))).collect());
                }
                Ok(nan_free_index_column(input, period, $extreme))
            }

            /// The index of the window's extreme; `None` during the lookback.
            #[inline]
            pub fn update(&mut self, x: f64) -> Option<usize> {
                self.holder.push(x)
            }

            #[inline]
            pub fn peek(&self, x: f64) -> Option<usize> {
                self.holder.peek(x)
            }

            pub fn reset(&mut self) {
                self.holder.reset();
            }
        }

        impl Streaming for $ty {
            fn update(&mut self, bar: &Bar, out: &mut [f64]) {
                if let Some(slot) = out.first_mut() {
                    *slot = as_output($ty::update(self, bar.close));
                }
            }
            fn peek(&self, bar: &Bar, out: &mut [f64]) {
                if let Some(slot) = out.first_mut() {
                    *slot = as_output($ty::peek(self, bar.close));
                }
            }
            fn reset(&mut self) {
                $ty::reset(self);
            }
        }

        pub(crate) static $def: IndicatorDef = IndicatorDef {
            name: $ty::NAME,
            title: $title,
            group: "Math Operators",
            inputs: &[Input::Close],
            params: &[timeperiod(DEFAULT_PERIOD, MIN_PERIOD, MAX_PERIOD)],
            outputs: &["integer"],
            overlay: false,
            lookback,
            batch: kernel!(|p, columns| Ok(vec![$ty::batch(first(columns), int_param(p, 0))?])),
            stream: |p| Ok(Box::new($ty::new(int_param(p, 0))?)),
        };
    };
}

single_index! {
    /// Index of the highest input of the last `period` bars (TA-Lib `MAXINDEX`).
    /// Ties: the latest bar while the held maximum stays in the window, the earliest
    /// once it has left (TA-Lib's rule, see the module docs).
    ///
    /// ```
    /// use sigil_core::indicators::MaxIndex;
    /// let mut max_index = MaxIndex::new(3).unwrap();
    /// assert_eq!(max_index.update(1.0), None);
    /// assert_eq!(max_index.update(4.0), None);
    /// assert_eq!(max_index.update(2.0), Some(1));
    /// assert_eq!(max_index.peek(4.0), Some(3)); // a tie with the held bar: the new one
    /// assert_eq!(MaxIndex::batch(&[1.0, 4.0, 2.0], 3).unwrap()[2], 1.0); // NaN before
    /// ```
    MaxIndex, MAXINDEX, "maxindex", "Index of highest value over a specified period", Extreme::Max
}

single_index! {
    /// Index of the lowest input of the last `period` bars (TA-Lib `MININDEX`), with
    /// the same tie rule as [`MaxIndex`].
    ///
    /// ```
    /// use sigil_core::indicators::MinIndex;
    /// let out = MinIndex::batch(&[3.0, 1.0, 1.0, 2.0, 5.0], 2).unwrap();
    /// assert!(out[0].is_nan()); // the lookback
    /// assert_eq!(out[1..], [1.0, 2.0, 2.0, 3.0]);
    /// ```
    MinIndex, MININDEX, "minindex", "Index of lowest value over a specified period", Extreme::Min
}

/// Indices of the lowest and highest input of the last `period` bars (TA-Lib
/// `MINMAXINDEX`), as `(min index, max index)`, each with [`MaxIndex`]'s tie rule.
///
/// ```
/// use sigil_core::indicators::MinMaxIndex;
/// let mut indices = MinMaxIndex::new(2).unwrap();
/// assert_eq!(indices.update(2.0), None);
/// assert_eq!(indices.update(5.0), Some((0, 1)));
/// assert_eq!(indices.update(1.0), Some((2, 1)));
/// ```
#[derive(Debug, Clone)]
pub struct MinMaxIndex {
    lowest: Holder,
    highest: Holder,
}

impl MinMaxIndex {
    pub const NAME: &'static str = "minmaxindex";
    pub const DEFAULT_PERIOD: usize = DEFAULT_PERIOD;
    pub const MIN_PERIOD: usize = MIN_PERIOD;
    pub const MAX_PERIOD: usize = MAX_PERIOD;

    pub fn new(period: usize) -> Result<MinMaxIndex, Error> {
        check_period(Self::NAME, "timeperiod", period, MIN_PERIOD, MAX_PERIOD)?;
        Ok(MinMaxIndex { lowest: Holder::new(period, Extreme::Min), highest: Holder::new(period, Extreme::Max) })
    }

    pub fn lookback(period: usize) -> usize {
        period.max(1) - 1
    }

    /// `[minidx, maxidx]` columns (floats, NaN during the lookback).
    pub fn batch(input: &[f64], period: usize) -> Result<[Vec<f64>; 2], Error> {
        let mut indicator = MinMaxIndex::new(period)?;
        let (mut lowest, mut highest) = (Vec::with_capacity(input.len()), Vec::with_capacity(input.len()));
        if holds_nan(input) {
            // As in MAXINDEX's batch: NaN follows TA-Lib's rescan rules, bar by bar.
            for &x in input {
                let (low, high) = pair_output(indicator.update(x));
                lowest.push(low);
                highest.push(high);
            }
            return Ok([lowest, highest]);
        }
        // Both extremes from one block scan; each holder as in `nan_free_index_column`.
        let mut low_holder = NanFreeHolder::new(input, period, |x: f64, held: f64| x <= held);
        let mut high_holder = NanFreeHolder::new(input, period, |x: f64, held: f64| x >= held);
        block_ranges(input, input, period, |window_highs, window_lows| {
            let start = lowest.len();
            let block = input.get(start..).unwrap_or_default();
            let lows = block.iter().zip(window_lows).enumerate();
            lowest.extend(lows.map(|(k, (&x, &window_low))| low_holder.next(start + k, x, window_low)));
            let highs = block.iter().zip(window_highs).enumerate();
            highest.extend(highs.map(|(k, (&x, &window_high))| high_holder.next(start + k, x, window_high)));
        });
        Ok([lowest, highest])
    }

    #[inline]
    pub fn update(&mut self, x: f64) -> Option<(usize, usize)> {
        let (lowest, highest) = (self.lowest.push(x), self.highest.push(x));
        Some((lowest?, highest?))
    }

    #[inline]
    pub fn peek(&self, x: f64) -> Option<(usize, usize)> {
        Some((self.lowest.peek(x)?, self.highest.peek(x)?))
    }

    pub fn reset(&mut self) {
        self.lowest.reset();
        self.highest.reset();
    }
}

fn pair_output(indices: Option<(usize, usize)>) -> (f64, f64) {
    indices.map_or((NO_INDEX, NO_INDEX), |(low, high)| (low as f64, high as f64))
}

impl Streaming for MinMaxIndex {
    fn update(&mut self, bar: &Bar, out: &mut [f64]) {
        write_pair(out, pair_output(MinMaxIndex::update(self, bar.close)));
    }
    fn peek(&self, bar: &Bar, out: &mut [f64]) {
        write_pair(out, pair_output(MinMaxIndex::peek(self, bar.close)));
    }
    fn reset(&mut self) {
        MinMaxIndex::reset(self);
    }
}

pub(crate) static MINMAXINDEX: IndicatorDef = IndicatorDef {
    name: MinMaxIndex::NAME,
    title: "Indexes of lowest and highest values over a specified period",
    group: "Math Operators",
    inputs: &[Input::Close],
    params: &[timeperiod(DEFAULT_PERIOD, MIN_PERIOD, MAX_PERIOD)],
    outputs: &["minidx", "maxidx"],
    overlay: false,
    lookback,
    batch: kernel!(|p, columns| Ok(MinMaxIndex::batch(first(columns), int_param(p, 0))?.into())),
    stream: |p| Ok(Box::new(MinMaxIndex::new(int_param(p, 0))?)),
};

#[cfg(test)]
mod tests {
    use super::*;

    /// TA-Lib 0.8.1's loop, literally: hold, and rescan oldest-first when the held bar
    /// leaves the window.
    fn reference(values: &[f64], period: usize, extreme: Extreme) -> Vec<f64> {
        let better = |a: f64, b: f64| if extreme == Extreme::Max { a > b } else { a < b };
        let at_least = |a: f64, b: f64| if extreme == Extreme::Max { a >= b } else { a <= b };
        let mut out = vec![NO_INDEX; values.len()];
        let mut held: Option<(f64, usize)> = None;
        for t in period - 1..values.len() {
            let oldest = t + 1 - period;
            held = Some(match held {
                Some((v, i)) if i >= oldest => {
                    if at_least(values[t], v) {
                        (values[t], t)
                    } else {
                        (v, i)
                    }
                }
                _ => {
                    let mut best = (values[oldest], oldest);
                    for (i, &v) in values.iter().enumerate().take(t + 1).skip(oldest + 1) {
                        if better(v, best.0) {
                            best = (v, i);
                        }
                    }
                    best
                }
            });
            out[t] = held.map_or(NO_INDEX, |(_, i)| i as f64);
        }
        out
    }

    /// Bit patterns, so that NaN (the lookback) compares equal to itself.
    fn bits(values: &[f64]) -> Vec<u64> {
        values.iter().map(|v| v.to_bits()).collect()
    }

    #[test]
    fn matches_talib_loop_with_ties_nans_and_infinities() {
        let mut seed = 987u64;
        let values: Vec<f64> = (0..800)
            .map(|_| {
                seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                match (seed >> 33) % 11 {
                    0 => f64::NAN,
                    1 => f64::INFINITY,
                    2 => f64::NEG_INFINITY,
                    r => (r % 4) as f64,
                }
            })
            .collect();
        for period in [2, 3, 4, 7, 30] {
            let expected_max = reference(&values, period, Extreme::Max);
            let expected_min = reference(&values, period, Extreme::Min);
            assert_eq!(bits(&MaxIndex::batch(&values, period).unwrap()), bits(&expected_max), "max, period {period}");
            assert_eq!(bits(&MinIndex::batch(&values, period).unwrap()), bits(&expected_min), "min, period {period}");
            let [low, high] = MinMaxIndex::batch(&values, period).unwrap();
            assert_eq!((bits(&low), bits(&high)), (bits(&expected_min), bits(&expected_max)));
            let mut streaming = MaxIndex::new(period).unwrap();
            for (t, &x) in values.iter().enumerate() {
                let peeked = streaming.peek(x);
                assert_eq!(peeked, streaming.update(x), "peek at {t}");
            }
        }
    }

    /// Python talib 0.8.2 (TA-Lib 0.8.1): MAXINDEX/MININDEX of [1,3,3,2,2,5,1,1,4,4,0,0],
    /// period 2 (its lookback cell, 0 there, is NaN here).
    #[test]
    fn tie_rule_matches_talib() {
        let x = [1.0, 3.0, 3.0, 2.0, 2.0, 5.0, 1.0, 1.0, 4.0, 4.0, 0.0, 0.0];
        let max: Vec<f64> = [0, 1, 2, 2, 3, 5, 5, 6, 8, 9, 9, 10].map(f64::from).to_vec();
        let min: Vec<f64> = [0, 0, 1, 3, 4, 4, 6, 7, 7, 8, 10, 11].map(f64::from).to_vec();
        let lookback_nan = |mut v: Vec<f64>| {
            v[0] = f64::NAN;
            bits(&v)
        };
        assert_eq!(bits(&MaxIndex::batch(&x, 2).unwrap()), lookback_nan(max));
        assert_eq!(bits(&MinIndex::batch(&x, 2).unwrap()), lookback_nan(min));
    }

    /// The batch kernel (NaN-free input) and its fallback (NaN in the input) against
    /// TA-Lib's loop and `update`, on every length of series with ties, signed zeros,
    /// infinities, monotonic runs (a rescan every bar), flat stretches and extreme
    /// magnitudes.
    #[test]
    fn batch_matches_talib_loop_and_updates() {
        use crate::indicators::math::block::tests::test_series;
        for period in [2, 3, 4, 5, 8, 13, 30] {
            let mut all = test_series(3 * period + 20, period as u64);
            let no_nan: Vec<(&str, Vec<f64>)> =
                all.iter().map(|(_, v)| ("NaN replaced", v.iter().map(|&x| if x.is_nan() { 7.0 } else { x }).collect())).collect();
            all.extend(no_nan);
            let len = 3 * period + 20;
            let walk = |scale: f64| (0..len as u64).map(|i| ((i * 7919) % 13) as f64 * scale).collect::<Vec<_>>();
            all.push(("rising", (0..len).map(|i| i as f64).collect()));
            all.push(("falling", (0..len).map(|i| -(i as f64)).collect()));
            all.push(("tiny", walk(1e-300)));
            all.push(("huge", walk(1e300)));
            for (kind, values) in all {
                for len in 0..=values.len() {
                    let values = &values[..len];
                    let name = format!("{kind} period {period} len {len}");
                    let expected_max = reference(values, period, Extreme::Max);
                    let expected_min = reference(values, period, Extreme::Min);
                    let max = MaxIndex::batch(values, period).unwrap();
                    let min = MinIndex::batch(values, period).unwrap();
                    assert_eq!(bits(&max), bits(&expected_max), "max, {name}");
                    assert_eq!(bits(&min), bits(&expected_min), "min, {name}");
                    let [low, high] = MinMaxIndex::batch(values, period).unwrap();
                    assert_eq!((bits(&low), bits(&high)), (bits(&min), bits(&max)), "minmax, {name}");
                    let mut streaming = MinMaxIndex::new(period).unwrap();
                    let (mut low_updates, mut high_updates) = (Vec::new(), Vec::new());
                    for &x in values {
                        let (low, high) = pair_output(streaming.update(x));
                        low_updates.push(low);
                        high_updates.push(high);
                    }
                    assert_eq!((bits(&low_updates), bits(&high_updates)), (bits(&min), bits(&max)), "updates, {name}");
                }
            }
        }
    }

    #[test]
    fn short_input_and_bad_periods() {
        assert!(MaxIndex::batch(&[1.0, 2.0], 5).unwrap().iter().all(|v| v.is_nan()));
        assert!(MinIndex::new(1).is_err() && MinMaxIndex::new(100_001).is_err());
        assert!(MaxIndex::batch(&[], 2).unwrap().is_empty());
    }
}
