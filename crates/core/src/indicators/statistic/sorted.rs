//! A window kept in sorted order beside its arrival order, for the rank statistics.

use super::ring::Ring;

/// The last `capacity` values, both in arrival order and sorted (IEEE total order, so
/// NaNs have a place and a value can always be found again to be removed).
///
/// Cost per push: two binary searches (the new value's place, the oldest's), plus one
/// move of the values between the two places (a `memmove` of up to `capacity` values);
/// no allocation after construction.
#[derive(Debug, Clone)]
pub(crate) struct SortedWindow {
    arrival: Ring,
    sorted: Vec<f64>,
}

impl SortedWindow {
    pub(crate) fn new(capacity: usize) -> SortedWindow {
        SortedWindow { arrival: Ring::new(capacity), sorted: Vec::with_capacity(capacity + 1) }
    }

    pub(crate) fn is_full(&self) -> bool {
        self.arrival.is_full()
    }

    /// The values, ascending.
    pub(crate) fn sorted(&self) -> &[f64] {
        &self.sorted
    }

    /// Adds `x`, dropping the oldest value when full.
    pub(crate) fn push(&mut self, x: f64) {
        let at = self.insertion_point(x);
        match self.arrival.oldest() {
            Some(oldest) if self.arrival.is_full() => {
                let leaving = self.insertion_point(oldest);
                replace_sorted(&mut self.sorted, leaving, at, x);
            }
            _ => self.sorted.insert(at, x),
        }
        self.arrival.push(x);
    }

    /// How many values are strictly below `x` (IEEE `<`: a NaN is below nothing and
    /// nothing is below a NaN).
    pub(crate) fn count_below(&self, x: f64) -> usize {
        // Total order puts negative NaNs first and positive ones last; neither is `< x`.
        let negative_nans = self.sorted.partition_point(|v| v.is_nan() && v.is_sign_negative());
        let below_or_negative_nan = self.sorted.partition_point(|v| (v.is_nan() && v.is_sign_negative()) || *v < x);
        below_or_negative_nan - negative_nans
    }

    /// Where `x` would be inserted in the sorted values.
    pub(crate) fn insertion_point(&self, x: f64) -> usize {
        self.sorted.partition_point(|v| v.total_cmp(&x).is_lt())
    }

    pub(crate) fn clear(&mut self) {
        self.arrival.clear();
        self.sorted.clear();
    }
}

/// Replaces the value at `leaving` in the ascending `sorted` by `x`, which belongs at
/// `at` (the count of values below it, the leaving one included): one move of the
/// values between the two places, where removing and then inserting would move
/// everything after each. The same values as a removal and an insertion. Does nothing
/// if `leaving` is out of range.
#[inline]
pub(crate) fn replace_sorted<T: Copy>(sorted: &mut [T], leaving: usize, at: usize, x: T) {
    if leaving >= sorted.len() {
        return;
    }
    if leaving < at {
        // The leaving value is below `x`: the values between move down a slot.
        sorted.copy_within(leaving + 1..at, leaving);
        sorted[at - 1] = x;
    } else {
        sorted.copy_within(at..leaving, at + 1);
        sorted[at] = x;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stays_sorted_and_counts() {
        let mut w = SortedWindow::new(4);
        for x in [5.0, 1.0, 4.0, 1.0, 3.0, f64::NAN, 2.0] {
            w.push(x);
        }
        // last four: 1, 3, NaN, 2
        assert_eq!(&w.sorted()[..3], &[1.0, 2.0, 3.0]);
        assert!(w.sorted()[3].is_nan());
        assert_eq!(w.count_below(2.5), 2);
        assert_eq!(w.count_below(f64::NAN), 0);
        assert_eq!(w.insertion_point(2.5), 2);
    }
}
