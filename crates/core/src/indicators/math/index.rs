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

            /// TA-Lib's layout: the index as a float, 0 during the lookback.
            pub fn batch(input: &[f64], period: usize) -> Result<Vec<f64>, Error> {
                let mut indicator = $ty::new(period)?;
                Ok(input.iter().map(|&x| as_output(indicator.update(x))).collect())
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

    /// `[minidx, maxidx]` columns in TA-Lib's layout (floats, 0 during the lookback).
    pub fn batch(input: &[f64], period: usize) -> Result<[Vec<f64>; 2], Error> {
        let mut indicator = MinMaxIndex::new(period)?;
        let (mut lowest, mut highest) = (Vec::with_capacity(input.len()), Vec::with_capacity(input.len()));
        for &x in input {
            let (low, high) = pair_output(indicator.update(x));
            lowest.push(low);
            highest.push(high);
        }
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

    #[test]
    fn short_input_and_bad_periods() {
        assert!(MaxIndex::batch(&[1.0, 2.0], 5).unwrap().iter().all(|v| v.is_nan()));
        assert!(MinIndex::new(1).is_err() && MinMaxIndex::new(100_001).is_err());
        assert!(MaxIndex::batch(&[], 2).unwrap().is_empty());
    }
}
