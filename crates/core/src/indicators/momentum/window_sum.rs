//! A sum over the last `len` terms for indicators that TA-Lib sums afresh each bar
//! (VHF, IMI): kept as a running total for O(1) updates, but re-added from the stored
//! terms once per `len` bars, so rounding cannot pile up over a long series (amortized
//! O(1)), and exactly 0 whenever every term in the window is 0, as a fresh sum is.

#[derive(Debug, Clone)]
pub(crate) struct WindowSum {
    /// The last `len` terms, oldest at `next` once full.
    terms: Vec<f64>,
    next: usize,
    full: bool,
    total: f64,
    /// Terms in the window that are not 0 (NaN counts as not 0).
    nonzero: usize,
}

impl WindowSum {
    pub(crate) fn new(len: usize) -> WindowSum {
        WindowSum { terms: vec![0.0; len.max(1)], next: 0, full: false, total: 0.0, nonzero: 0 }
    }

    /// The total once `term` has joined (and the oldest left, when full); no change.
    #[inline]
    pub(crate) fn with(&self, term: f64) -> f64 {
        let leaving = if self.full { self.terms.get(self.next).copied().unwrap_or(0.0) } else { 0.0 };
        let nonzero = self.nonzero + usize::from(term != 0.0) - usize::from(leaving != 0.0);
        if nonzero == 0 {
            0.0
        } else {
            self.total - leaving + term
        }
    }

    /// Adds `term`; returns the same total [`with`](Self::with) would have.
    #[inline]
    pub(crate) fn push(&mut self, term: f64) -> f64 {
        let total = self.with(term);
        let Some(slot) = self.terms.get_mut(self.next) else { return total };
        let leaving = std::mem::replace(slot, term);
        if self.full && leaving != 0.0 {
            self.nonzero -= 1;
        }
        if term != 0.0 {
            self.nonzero += 1;
        }
        self.total = total;
        self.next += 1;
        if self.next == self.terms.len() {
            self.next = 0;
            self.full = true;
            // Start the next lap from an exact sum (oldest first, from +0 like a fresh one:
            // `Iterator::sum` starts from -0, which a window of -0 terms would keep).
            self.total = self.terms.iter().fold(0.0, |total, &term| total + term);
        }
        total
    }

    pub(crate) fn reset(&mut self) {
        self.terms.fill(0.0);
        self.next = 0;
        self.full = false;
        self.total = 0.0;
        self.nonzero = 0;
    }
}
