//! A fixed-capacity window of the most recent values, for the indicators whose
//! running sums are occasionally rebuilt from the window itself.

#[derive(Debug, Clone)]
pub(crate) struct Ring {
    values: Vec<f64>,
    capacity: usize,
    /// Index of the oldest value once the ring is full.
    head: usize,
}

impl Ring {
    pub(crate) fn new(capacity: usize) -> Ring {
        Ring { values: Vec::with_capacity(capacity), capacity, head: 0 }
    }

    pub(crate) fn len(&self) -> usize {
        self.values.len()
    }

    pub(crate) fn is_full(&self) -> bool {
        self.values.len() == self.capacity
    }

    /// Appends `x`, dropping the oldest value when full (a zero-capacity ring keeps nothing).
    #[inline]
    pub(crate) fn push(&mut self, x: f64) {
        if self.values.len() < self.capacity {
            self.values.push(x);
        } else if self.capacity > 0 {
            self.values[self.head] = x;
            self.head = if self.head + 1 == self.capacity { 0 } else { self.head + 1 };
        }
    }

    /// The oldest value held, if any.
    #[inline]
    pub(crate) fn oldest(&self) -> Option<f64> {
        self.values.get(self.head).copied()
    }

    /// The values, oldest first.
    #[inline]
    pub(crate) fn iter(&self) -> impl Iterator<Item = f64> + '_ {
        let (newer, older) = self.values.split_at(self.head);
        older.iter().chain(newer).copied()
    }

    /// The values, newest first.
    #[inline]
    pub(crate) fn iter_newest_first(&self) -> impl Iterator<Item = f64> + '_ {
        let (newer, older) = self.values.split_at(self.head);
        newer.iter().rev().chain(older.iter().rev()).copied()
    }

    pub(crate) fn clear(&mut self) {
        self.values.clear();
        self.head = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_latest_values_in_order() {
        let mut ring = Ring::new(3);
        for x in 1..=5 {
            ring.push(f64::from(x));
        }
        assert_eq!(ring.iter().collect::<Vec<_>>(), [3.0, 4.0, 5.0]);
        assert_eq!(ring.oldest(), Some(3.0));
        assert_eq!(ring.iter_newest_first().collect::<Vec<_>>(), [5.0, 4.0, 3.0]);
        let mut empty = Ring::new(0);
        empty.push(1.0);
        assert_eq!((empty.len(), empty.oldest(), empty.is_full()), (0, None, true));
    }
}
