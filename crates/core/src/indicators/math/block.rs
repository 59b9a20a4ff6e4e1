//! Windowed maximum or minimum computed the way TA-Lib 0.8.1 computes MAX, MIN,
//! MINMAX, MIDPOINT and MIDPRICE: the van Herk / Gil-Werman block scan, here one bar at
//! a time.
//!
//! Why not the monotonic deque of `indicators::window`: for finite inputs both give the
//! same values, but TA-Lib's NaN handling follows from its block scan. It compares with
//! `a > b ? a : b`, so a NaN at the end of a block poisons that block's suffixes, a
//! NaN starting a block poisons its prefixes, and other NaNs are skipped; which bars
//! show NaN depends on where the blocks fall. Running the same scan reproduces that
//! exactly, and costs the same amortized O(1).
//!
//! The input is cut into blocks of `period` bars, counted from the first bar. The
//! window ending at bar `t` is a suffix of the previous block plus a prefix of the
//! current one, so it is the extreme of a stored suffix extreme and a running prefix
//! extreme. Cost: O(1) per bar, except the bar that completes a block, which computes
//! that block's suffix extremes in O(period); amortized O(1), worst case O(period)
//! once every `period` bars. `peek` is always O(1). Memory: two buffers of `period`
//! values.

pub(crate) use crate::indicators::window::Extreme;

#[derive(Debug, Clone)]
pub(crate) struct BlockExtreme {
    extreme: Extreme,
    period: usize,
    /// The inputs of the current, incomplete block.
    block: Vec<f64>,
    /// `suffix[i]`: the extreme of the previous complete block from its bar `i` on
    /// (empty until the first block completes).
    suffix: Vec<f64>,
    /// TA-Lib's running extreme of the current block, from its first bar (a NaN there
    /// sticks).
    prefix: f64,
    /// The extreme of the current block's non-NaN inputs, latest on ties, or the
    /// extreme's identity when there are none: what the suffix scan of the block will
    /// find if its last input is not NaN, which makes `peek` O(1) on that bar.
    best_so_far: f64,
}

impl BlockExtreme {
    pub(crate) fn new(period: usize, extreme: Extreme) -> BlockExtreme {
        let period = period.max(1);
        BlockExtreme {
            extreme,
            period,
            block: Vec::with_capacity(period),
            suffix: Vec::with_capacity(period),
            prefix: f64::NAN,
            best_so_far: identity(extreme),
        }
    }

    /// Whether `a` replaces `b` in the running non-NaN extreme (ties go to the later).
    #[inline]
    fn replaces(&self, a: f64, b: f64) -> bool {
        match self.extreme {
            Extreme::Max => a >= b,
            Extreme::Min => a <= b,
        }
    }

    /// Adds a value; returns the extreme of the window of `period` values ending at it,
    /// NaN until the window is full.
    #[inline]
    pub(crate) fn push(&mut self, x: f64) -> f64 {
        let position = self.block.len();
        if position + 1 == self.period {
            self.complete_block(x);
            return self.suffix.first().copied().unwrap_or(f64::NAN);
        }
        self.prefix = if position == 0 { x } else { pick(self.extreme, x, self.prefix) };
        if self.replaces(x, self.best_so_far) {
            self.best_so_far = x;
        }
        self.block.push(x);
        self.combined(position)
    }

    /// What `push(x)` would return, without changing anything.
    #[inline]
    pub(crate) fn peek(&self, x: f64) -> f64 {
        let position = self.block.len();
        if position + 1 == self.period {
            // The suffix scan from `x` backwards: NaN if `x` is, else the extreme of
            // the block's non-NaN values.
            return if x.is_nan() || self.replaces(x, self.best_so_far) { x } else { self.best_so_far };
        }
        let prefix = if position == 0 { x } else { pick(self.extreme, x, self.prefix) };
        match self.suffix.get(position + 1) {
            Some(&older) => pick(self.extreme, prefix, older),
            None => f64::NAN,
        }
    }

    pub(crate) fn reset(&mut self) {
        self.block.clear();
        self.suffix.clear();
        self.prefix = f64::NAN;
        self.best_so_far = identity(self.extreme);
    }

    /// The current block's prefix (ending at `position`) with the previous block's
    /// suffix from `position + 1`: together the last `period` values.
    #[inline]
    fn combined(&self, position: usize) -> f64 {
        match self.suffix.get(position + 1) {
            Some(&older) => pick(self.extreme, self.prefix, older),
            None => f64::NAN,
        }
    }

    /// `x` completes the block: its suffix extremes replace the previous block's, and
    /// the next block starts empty.
    fn complete_block(&mut self, x: f64) {
        self.suffix.clear();
        self.suffix.resize(self.period, x);
        let mut running = x;
        for (slot, &value) in self.suffix.iter_mut().zip(&self.block).rev() {
            running = pick(self.extreme, value, running);
            *slot = running;
        }
        self.block.clear();
        self.prefix = f64::NAN;
        self.best_so_far = identity(self.extreme);
    }
}

/// TA-Lib's comparison `a > b ? a : b` (`<` for a minimum): `b` is kept when
/// either is NaN or they tie.
#[inline]
fn pick(extreme: Extreme, a: f64, b: f64) -> f64 {
    let a_wins = match extreme {
        Extreme::Max => a > b,
        Extreme::Min => a < b,
    };
    if a_wins {
        a
    } else {
        b
    }
}

/// The value every other one replaces in [`BlockExtreme::replaces`].
fn identity(extreme: Extreme) -> f64 {
    match extreme {
        Extreme::Max => f64::NEG_INFINITY,
        Extreme::Min => f64::INFINITY,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// TA-Lib 0.8.1's batch block scan, written as plainly as possible.
    fn reference(values: &[f64], period: usize, extreme: Extreme) -> Vec<f64> {
        let mut out = vec![f64::NAN; values.len()];
        for (t, slot) in out.iter_mut().enumerate().skip(period - 1) {
            let block_start = (t + 1 - period) / period * period;
            let offset = t + 1 - period - block_start;
            let mut suffix = values[block_start + period - 1];
            for j in (block_start + offset..block_start + period - 1).rev() {
                suffix = pick(extreme, values[j], suffix);
            }
            if offset > 0 {
                let mut prefix = values[block_start + period];
                for &v in &values[block_start + period + 1..block_start + period + offset] {
                    prefix = pick(extreme, v, prefix);
                }
                suffix = pick(extreme, prefix, suffix);
            }
            *slot = suffix;
        }
        out
    }

    #[test]
    fn matches_the_batch_block_scan_with_nans_infinities_and_ties() {
        let mut seed = 12345u64;
        let values: Vec<f64> = (0..600)
            .map(|_| {
                seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                match (seed >> 33) % 13 {
                    0 => f64::NAN,
                    1 => f64::INFINITY,
                    2 => f64::NEG_INFINITY,
                    r => (r % 5) as f64,
                }
            })
            .collect();
        for period in [1, 2, 3, 5, 8, 31] {
            for extreme in [Extreme::Max, Extreme::Min] {
                let expected = reference(&values, period, extreme);
                let mut scan = BlockExtreme::new(period, extreme);
                for (i, &v) in values.iter().enumerate() {
                    let peeked = scan.peek(v);
                    let pushed = scan.push(v);
                    assert_eq!(pushed.to_bits(), expected[i].to_bits(), "period {period} {extreme:?} at {i}");
                    assert_eq!(peeked.to_bits(), pushed.to_bits(), "peek, period {period} {extreme:?} at {i}");
                }
                scan.reset();
                assert_eq!(scan.push(values[0]).is_nan(), period > 1);
            }
        }
    }
}
