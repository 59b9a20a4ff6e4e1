//! Fixed-capacity FIFO of recent values, allocated once, for indicators that must see
//! the value leaving their window.

#[derive(Debug, Clone)]
pub(crate) struct Ring<T: Copy> {
    values: Vec<T>,
    capacity: usize,
    /// Slot of the oldest value once full; the slot the next push writes.
    next: usize,
}

impl<T: Copy> Ring<T> {
    pub(crate) fn new(capacity: usize) -> Ring<T> {
        Ring { values: Vec::with_capacity(capacity), capacity, next: 0 }
    }

    pub(crate) fn len(&self) -> usize {
        self.values.len()
    }

    pub(crate) fn is_full(&self) -> bool {
        self.values.len() == self.capacity
    }

    /// The value the next push evicts (the oldest), if the ring is full and not empty.
    #[inline]
    pub(crate) fn oldest(&self) -> Option<T> {
        if self.is_full() {
            self.values.get(self.next).copied()
        } else {
            None
        }
    }

    /// The value pushed `age` pushes ago (0 = the newest), if still held.
    #[inline]
    pub(crate) fn back(&self, age: usize) -> Option<T> {
        let len = self.values.len();
        if age >= len {
            return None;
        }
        // Until full, values sit in push order; afterwards the newest is just before `next`.
        let newest = if self.is_full() { (self.next + len - 1) % len } else { len - 1 };
        self.values.get((newest + len - age) % len).copied()
    }

    /// Adds a value; returns the evicted oldest one once full (with capacity 0, the value itself).
    #[inline]
    pub(crate) fn push(&mut self, value: T) -> Option<T> {
        if self.capacity == 0 {
            return Some(value);
        }
        if self.values.len() < self.capacity {
            self.values.push(value);
            return None;
        }
        let evicted = std::mem::replace(&mut self.values[self.next], value);
        self.next = if self.next + 1 == self.capacity { 0 } else { self.next + 1 };
        Some(evicted)
    }

    /// Values oldest first.
    pub(crate) fn iter(&self) -> impl Iterator<Item = T> + '_ {
        let split = if self.is_full() { self.next } else { 0 };
        self.values[split..].iter().chain(&self.values[..split]).copied()
    }

    pub(crate) fn clear(&mut self) {
        self.values.clear();
        self.next = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn evicts_oldest_and_reads_back() {
        let mut ring = Ring::new(3);
        assert_eq!(ring.push(1), None);
        assert_eq!(ring.push(2), None);
        assert_eq!(ring.back(0), Some(2));
        assert_eq!(ring.oldest(), None);
        assert_eq!(ring.push(3), None);
        assert_eq!(ring.oldest(), Some(1));
        assert_eq!(ring.push(4), Some(1));
        assert_eq!(ring.back(0), Some(4));
        assert_eq!(ring.back(2), Some(2));
        assert_eq!(ring.back(3), None);
        assert_eq!(ring.iter().collect::<Vec<_>>(), [2, 3, 4]);
        let mut empty = Ring::new(0);
        assert_eq!(empty.push(7), Some(7));
        assert_eq!(empty.back(0), None);
    }
}
