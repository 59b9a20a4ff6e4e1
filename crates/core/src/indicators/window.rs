//! Windowed maximum or minimum in amortized O(1) per bar (monotonic deque), with an O(1)
//! `peek` for a forming bar. Building block for MAX/MIN, MIDPOINT, WILLR, STOCH, AROON,
//! Donchian and friends.
//!
//! NaN policy: a NaN inside the window makes the extreme NaN (reported at the NaN's
//! index) until it leaves the window. NaN never enters the deque, which keeps the deque
//! monotonic so `push` and `peek` agree.

use std::collections::VecDeque;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Extreme {
    Max,
    Min,
}

/// Which bar wins when several in the window hold the extreme value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ties {
    /// The oldest bar (its index is reported).
    Earliest,
    /// The newest bar.
    Latest,
}

/// The extreme of the last `period` values (the current one included) and the index
/// (0-based count of values pushed) of the bar that holds it.
#[derive(Debug, Clone)]
pub(crate) struct RollingExtreme {
    period: usize,
    extreme: Extreme,
    ties: Ties,
    /// Candidates, oldest first; each strictly (or, for `Earliest`, weakly) better than
    /// every later one.
    deque: VecDeque<(usize, f64)>,
    /// Values pushed so far (the index the next value gets).
    pushed: usize,
    /// Index of the newest NaN pushed, if any.
    last_nan: Option<usize>,
}

impl RollingExtreme {
    pub(crate) fn new(period: usize, extreme: Extreme, ties: Ties) -> RollingExtreme {
        RollingExtreme {
            period: period.max(1),
            extreme,
            ties,
            deque: VecDeque::with_capacity(period.max(1) + 1),
            pushed: 0,
            last_nan: None,
        }
    }

    /// Whether `new` displaces an `old` candidate.
    #[inline]
    fn displaces(&self, new: f64, old: f64) -> bool {
        match (self.extreme, self.ties) {
            (Extreme::Max, Ties::Latest) => new >= old,
            (Extreme::Max, Ties::Earliest) => new > old,
            (Extreme::Min, Ties::Latest) => new <= old,
            (Extreme::Min, Ties::Earliest) => new < old,
        }
    }

    /// Adds a value; returns (extreme, index) over the window ending at it.
    #[inline]
    pub(crate) fn push(&mut self, x: f64) -> (f64, usize) {
        let index = self.pushed;
        self.pushed += 1;
        if x.is_nan() {
            self.last_nan = Some(index);
        } else {
            self.push_candidate(index, x);
        }
        while let Some(&(front, _)) = self.deque.front() {
            if front + self.period <= index {
                self.deque.pop_front();
            } else {
                break;
            }
        }
        if let Some(nan) = self.nan_in_window(index) {
            return (f64::NAN, nan);
        }
        let &(i, v) = self.deque.front().unwrap_or(&(index, x));
        (v, i)
    }

    fn push_candidate(&mut self, index: usize, x: f64) {
        while let Some(&(_, back)) = self.deque.back() {
            if self.displaces(x, back) {
                self.deque.pop_back();
            } else {
                break;
            }
        }
        self.deque.push_back((index, x));
    }

    /// The newest NaN inside the window that ends at `index`.
    #[inline]
    fn nan_in_window(&self, index: usize) -> Option<usize> {
        self.last_nan.filter(|&nan| nan + self.period > index)
    }

    /// What `push(x)` would return, without changing anything.
    #[inline]
    pub(crate) fn peek(&self, x: f64) -> (f64, usize) {
        let index = self.pushed;
        if x.is_nan() {
            return (f64::NAN, index);
        }
        if let Some(nan) = self.nan_in_window(index) {
            return (f64::NAN, nan);
        }
        // The first candidate still inside the window that would end at `index`.
        let survivor = self.deque.iter().find(|&&(i, _)| i + self.period > index);
        match survivor {
            Some(&(i, v)) if !self.displaces(x, v) => (v, i),
            _ => (x, index),
        }
    }

    /// Values pushed so far.
    pub(crate) fn pushed(&self) -> usize {
        self.pushed
    }

    pub(crate) fn reset(&mut self) {
        self.deque.clear();
        self.pushed = 0;
        self.last_nan = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn brute(values: &[f64], end: usize, period: usize, extreme: Extreme, ties: Ties) -> (f64, usize) {
        let start = (end + 1).saturating_sub(period);
        let mut best = (values[start], start);
        for (i, &v) in values.iter().enumerate().take(end + 1).skip(start + 1) {
            let better = match (extreme, ties) {
                (Extreme::Max, Ties::Latest) => v >= best.0,
                (Extreme::Max, Ties::Earliest) => v > best.0,
                (Extreme::Min, Ties::Latest) => v <= best.0,
                (Extreme::Min, Ties::Earliest) => v < best.0,
            };
            if better {
                best = (v, i);
            }
        }
        best
    }

    #[test]
    fn nan_in_the_window_gives_nan_in_push_and_peek_alike() {
        let values = [5.0, f64::NAN, 7.0, 3.0, 2.0, 1.0, 9.0];
        for extreme in [Extreme::Max, Extreme::Min] {
            let mut w = RollingExtreme::new(3, extreme, Ties::Latest);
            for (i, &v) in values.iter().enumerate() {
                let peeked = w.peek(v);
                let pushed = w.push(v);
                assert_eq!(peeked.1, pushed.1, "index at {i}");
                assert_eq!(peeked.0.to_bits(), pushed.0.to_bits(), "value at {i}");
                // the NaN pushed at index 1 is inside the windows ending at 1, 2 and 3
                assert_eq!(pushed.0.is_nan(), (1..=3).contains(&i), "{extreme:?} at {i}");
            }
        }
        let mut max = RollingExtreme::new(3, Extreme::Max, Ties::Latest);
        let last: Vec<f64> = values.iter().map(|&v| max.push(v).0).collect();
        assert_eq!(&last[4..], &[7.0, 3.0, 9.0]);
    }

    #[test]
    fn matches_brute_force_with_ties_and_peek() {
        let values: Vec<f64> = (0..500u64).map(|i| ((i * 7919) % 13) as f64).collect();
        for period in [1, 2, 3, 5, 14, 40] {
            for extreme in [Extreme::Max, Extreme::Min] {
                for ties in [Ties::Earliest, Ties::Latest] {
                    let mut w = RollingExtreme::new(period, extreme, ties);
                    for (i, &v) in values.iter().enumerate() {
                        let peeked = w.peek(v);
                        let pushed = w.push(v);
                        assert_eq!(pushed, brute(&values, i, period, extreme, ties), "period {period} {extreme:?} {ties:?} at {i}");
                        assert_eq!(peeked, pushed);
                    }
                }
            }
        }
    }
}
