//! The last few inputs, for indicators that compare a value with one some bars back.

/// A fixed ring of the last `capacity` inputs.
#[derive(Debug, Clone)]
pub(crate) struct History {
    values: Vec<f64>,
    /// Where the next input goes (the oldest value once the ring is full).
    next: usize,
    /// Inputs held, at most `capacity`.
    held: usize,
}

impl History {
    /// `capacity` is raised to 1 so that a ring always has a slot.
    pub(crate) fn new(capacity: usize) -> History {
        History { values: vec![0.0; capacity.max(1)], next: 0, held: 0 }
    }

    /// The input `bars_back` bars before the next one (1 = the latest), if held.
    #[inline]
    pub(crate) fn ago(&self, bars_back: usize) -> Option<f64> {
        if bars_back == 0 || bars_back > self.held {
            return None;
        }
        let index = if self.next >= bars_back { self.next - bars_back } else { self.next + self.values.len() - bars_back };
        Some(self.values[index])
    }

    #[inline]
    pub(crate) fn push(&mut self, x: f64) {
        self.values[self.next] = x;
        self.next = if self.next + 1 == self.values.len() { 0 } else { self.next + 1 };
        if self.held < self.values.len() {
            self.held += 1;
        }
    }

    /// Inputs held, at most `capacity`.
    #[inline]
    pub(crate) fn held(&self) -> usize {
        self.held
    }

    /// Whether `capacity` inputs are held.
    #[inline]
    pub(crate) fn is_full(&self) -> bool {
        self.held == self.values.len()
    }

    pub(crate) fn reset(&mut self) {
        self.next = 0;
        self.held = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remembers_the_last_inputs() {
        let mut history = History::new(3);
        assert_eq!(history.ago(1), None);
        for x in 1..=5 {
            history.push(f64::from(x));
        }
        assert_eq!(history.ago(1), Some(5.0));
        assert_eq!(history.ago(3), Some(3.0));
        assert_eq!(history.ago(4), None);
        history.reset();
        history.push(7.0);
        assert_eq!(history.ago(1), Some(7.0));
        assert_eq!(history.ago(2), None);
    }
}
