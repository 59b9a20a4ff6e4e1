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
    match extreme {
        Extreme::Max => pick_max(a, b),
        Extreme::Min => pick_min(a, b),
    }
}

/// [`pick`] for a maximum. Natively this is a single `maxsd`, whose operand order
/// gives exactly TA-Lib's treatment of NaN and ties.
#[inline(always)]
fn pick_max(a: f64, b: f64) -> f64 {
    if a > b {
        a
    } else {
        b
    }
}

/// [`pick`] for a minimum (`minsd`).
#[inline(always)]
fn pick_min(a: f64, b: f64) -> f64 {
    if a < b {
        a
    } else {
        b
    }
}

/// [`BlockExtreme::push`] over a whole column: `emit_block` receives the values of
/// each run of `period` bars in order (the last run may be shorter), the same bits
/// the streaming scan returns, NaN placement included.
///
/// Why a separate batch: streaming interleaves each bar's prefix update with the
/// bookkeeping of the incomplete block, so every bar pays for branches and for
/// pushing into the block buffer. Here each block is a slice: its prefix pass and its
/// suffix pass are straight loops of selects, and the select chains of the two passes
/// and of consecutive blocks are independent, so the processor overlaps them. Values
/// go out a block at a time so that callers append them with `extend`: a `push` per
/// value makes every store wait on the vector's length stored by the one before.
pub(crate) fn block_extremes(values: &[f64], period: usize, extreme: Extreme, emit_block: impl FnMut(&[f64])) {
    match extreme {
        Extreme::Max => scan_column(values, period, pick_max, emit_block),
        Extreme::Min => scan_column(values, period, pick_min, emit_block),
    }
}

/// [`block_extremes`] with the comparison fixed, so the loops compile to plain selects.
fn scan_column(values: &[f64], period: usize, pick: impl Fn(f64, f64) -> f64 + Copy, mut emit_block: impl FnMut(&[f64])) {
    let period = period.max(1);
    // Suffix extremes of the previous complete block (the window ending at offset `j`
    // of a block starts at offset `j + 1` of the previous one), and of the block being
    // completed.
    let mut older = vec![f64::NAN; period];
    let mut newer = vec![f64::NAN; period];
    let mut outputs = vec![f64::NAN; period];
    for (index, block) in values.chunks(period).enumerate() {
        let (Some(&first), Some(&last)) = (block.first(), block.last()) else { break };
        let outputs = &mut outputs[..block.len()];
        // No window is full before the first block completes (`outputs` starts NaN and
        // is not written for them).
        if index > 0 {
            // The prefix starts from the block's first input itself, so a NaN there
            // sticks, as in TA-Lib; `pick(x, x)` is `x`, so the loop may include it.
            let mut prefix = first;
            for ((slot, &x), &suffix) in outputs.iter_mut().zip(block).zip(&older[1..]) {
                prefix = pick(x, prefix);
                *slot = pick(prefix, suffix);
            }
        }
        if block.len() == period {
            let mut suffix = last;
            for (slot, &x) in newer.iter_mut().zip(block).rev() {
                suffix = pick(x, suffix);
                *slot = suffix;
            }
            // The window that is exactly this block: its suffix, not its prefix (the
            // two differ when a NaN starts or ends the block).
            if let Some(slot) = outputs.last_mut() {
                *slot = suffix;
            }
            std::mem::swap(&mut older, &mut newer);
        }
        emit_block(outputs);
    }
}

/// [`block_extremes`] for the maximum of `highs` and the minimum of `lows` at once:
/// `emit_block(highest, lowest)` for each run of `period` rows of the shorter column.
/// One pass keeps two independent select chains in flight, where two separate
/// columns would each wait on their own.
pub(crate) fn block_ranges(highs: &[f64], lows: &[f64], period: usize, mut emit_block: impl FnMut(&[f64], &[f64])) {
    let period = period.max(1);
    let rows = highs.len().min(lows.len());
    let (highs, lows) = (&highs[..rows], &lows[..rows]);
    // As in `scan_column`, for each of the two.
    let (mut older_high, mut older_low) = (vec![f64::NAN; period], vec![f64::NAN; period]);
    let (mut newer_high, mut newer_low) = (vec![f64::NAN; period], vec![f64::NAN; period]);
    let (mut highest, mut lowest) = (vec![f64::NAN; period], vec![f64::NAN; period]);
    for (index, (block_high, block_low)) in highs.chunks(period).zip(lows.chunks(period)).enumerate() {
        let (Some(&first_high), Some(&first_low)) = (block_high.first(), block_low.first()) else { break };
        let (Some(&last_high), Some(&last_low)) = (block_high.last(), block_low.last()) else { break };
        let (highest, lowest) = (&mut highest[..block_high.len()], &mut lowest[..block_low.len()]);
        if index > 0 {
            let (mut prefix_high, mut prefix_low) = (first_high, first_low);
            let outputs = highest.iter_mut().zip(lowest.iter_mut());
            let inputs = block_high.iter().zip(block_low);
            let older = older_high[1..].iter().zip(&older_low[1..]);
            for (((slot_high, slot_low), (&high, &low)), (&suffix_high, &suffix_low)) in outputs.zip(inputs).zip(older) {
                prefix_high = pick_max(high, prefix_high);
                prefix_low = pick_min(low, prefix_low);
                *slot_high = pick_max(prefix_high, suffix_high);
                *slot_low = pick_min(prefix_low, suffix_low);
            }
        }
        if block_high.len() == period {
            let (mut suffix_high, mut suffix_low) = (last_high, last_low);
            let slots = newer_high.iter_mut().zip(newer_low.iter_mut());
            for ((slot_high, slot_low), (&high, &low)) in slots.zip(block_high.iter().zip(block_low)).rev() {
                suffix_high = pick_max(high, suffix_high);
                suffix_low = pick_min(low, suffix_low);
                *slot_high = suffix_high;
                *slot_low = suffix_low;
            }
            if let (Some(slot_high), Some(slot_low)) = (highest.last_mut(), lowest.last_mut()) {
                *slot_high = suffix_high;
                *slot_low = suffix_low;
            }
            std::mem::swap(&mut older_high, &mut newer_high);
            std::mem::swap(&mut older_low, &mut newer_low);
        }
        emit_block(highest, lowest);
    }
}

/// For batch kernels of the monotonic deque's NaN policy (`indicators::window`: a NaN
/// input makes the extreme NaN while it is inside the window), which run the block
/// scan above: on a window without NaN the scan's extreme is the true one, so only the
/// windows holding a NaN need fixing. Sets every column's value to NaN wherever the
/// window of `period` rows ending there holds a NaN in any of `inputs` (the rows of
/// the shortest). O(rows), and NaN-free inputs cost one branch-free pass over them
/// together.
pub(crate) fn mask_nan_windows(inputs: &[&[f64]], period: usize, columns: &mut [&mut [f64]]) {
    // Chunks let the NaN test run without an early exit (vectorizable), and keep the
    // per-NaN work off the common path.
    const CHUNK: usize = 64;
    let rows = inputs.iter().map(|input| input.len()).min().unwrap_or(0);
    let nan_in = |range: std::ops::Range<usize>| {
        inputs.iter().any(|input| input.get(range.clone()).unwrap_or_default().iter().fold(false, |any, x| any | x.is_nan()))
    };
    // Outputs before this index are masked already (windows of nearby NaNs overlap).
    let mut masked_to = 0;
    for chunk_start in (0..rows).step_by(CHUNK) {
        let chunk = chunk_start..(chunk_start + CHUNK).min(rows);
        if !nan_in(chunk.clone()) {
            continue;
        }
        for nan in chunk {
            if nan_in(nan..nan + 1) {
                let end = nan.saturating_add(period).min(rows);
                for column in columns.iter_mut() {
                    if let Some(window_ends) = column.get_mut(nan.max(masked_to)..end.min(column.len())) {
                        window_ends.fill(f64::NAN);
                    }
                }
                masked_to = end;
            }
        }
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
pub(crate) mod tests {
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

    /// `len` pseudo-random picks from values that exercise every branch of the scan:
    /// NaN of both signs (at block starts and ends too), infinities, zeros of both
    /// signs, ties.
    pub(crate) fn awkward_series(len: usize, seed: u64) -> Vec<f64> {
        let values = [1.5, -1.5, 0.0, -0.0, 7.0, 7.0, f64::NAN, -f64::NAN, f64::INFINITY, f64::NEG_INFINITY, 1e300, -1e-300, 3.25];
        let mut state = seed;
        (0..len)
            .map(|_| {
                state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                values[((state >> 33) % values.len() as u64) as usize]
            })
            .collect()
    }

    /// Series the batch scans (and the kernels built on them) are checked on: awkward
    /// values, a walk, the walk with sparse NaN and infinities, a flat series.
    pub(crate) fn test_series(len: usize, seed: u64) -> Vec<(&'static str, Vec<f64>)> {
        let walk: Vec<f64> = (0..len as u64).map(|i| 100.0 + ((i * 2_654_435_761 + seed) % 1000) as f64 / 10.0).collect();
        let sparse = walk
            .iter()
            .enumerate()
            .map(|(i, &x)| match i % 37 {
                5 => f64::NAN,
                20 if i % 3 == 0 => f64::NEG_INFINITY,
                _ => x,
            })
            .collect();
        vec![("awkward", awkward_series(len, seed)), ("walk", walk), ("walk with NaN", sparse), ("flat", vec![-2.5; len])]
    }

    /// Periods around the block sizes that matter: tiny blocks, and lengths of
    /// 3 * period + 40 end at every offset of a block.
    pub(crate) const PERIODS: [usize; 13] = [1, 2, 3, 4, 5, 7, 8, 13, 14, 20, 30, 31, 64];

    fn same_bits(name: &str, got: &[f64], expected: &[f64]) {
        assert_eq!(got.len(), expected.len(), "{name}: length");
        for (i, (a, b)) in got.iter().zip(expected).enumerate() {
            assert_eq!(a.to_bits(), b.to_bits(), "{name} bar {i}: {a} vs {b}");
        }
    }

    /// The batch scans return what `push` returns bar by bar, to the bit, on every
    /// length (so ending anywhere in a block).
    #[test]
    fn batch_scans_equal_pushes() {
        for period in PERIODS {
            for (kind, values) in test_series(3 * period + 40, period as u64) {
                let other = awkward_series(values.len(), 7 + period as u64);
                for len in 0..=values.len() {
                    let (values, other) = (&values[..len], &other[..len]);
                    for extreme in [Extreme::Max, Extreme::Min] {
                        let mut batch = Vec::new();
                        block_extremes(values, period, extreme, |block| batch.extend_from_slice(block));
                        let mut scan = BlockExtreme::new(period, extreme);
                        let pushed: Vec<f64> = values.iter().map(|&x| scan.push(x)).collect();
                        same_bits(&format!("{kind} {extreme:?} period {period} len {len}"), &batch, &pushed);
                    }
                    // Highs from this series, lows from another, and both from one.
                    for (lanes, highs, lows) in [("high/low", values, other), ("one column", values, values)] {
                        let (mut highest, mut lowest) = (Vec::new(), Vec::new());
                        block_ranges(highs, lows, period, |high, low| {
                            highest.extend_from_slice(high);
                            lowest.extend_from_slice(low);
                        });
                        let (mut max, mut min) = (BlockExtreme::new(period, Extreme::Max), BlockExtreme::new(period, Extreme::Min));
                        let name = format!("{kind} {lanes} period {period} len {len}");
                        same_bits(&format!("{name} highest"), &highest, &highs.iter().map(|&x| max.push(x)).collect::<Vec<_>>());
                        same_bits(&format!("{name} lowest"), &lowest, &lows.iter().map(|&x| min.push(x)).collect::<Vec<_>>());
                    }
                }
            }
        }
    }

    /// Columns of unequal length: one value per row of the shorter.
    #[test]
    fn block_ranges_stops_at_the_shorter_column() {
        let (highs, lows) = ([3.0, 1.0, 4.0, 1.0, 5.0], [2.0, 0.0, 3.0]);
        let mut rows = Vec::new();
        block_ranges(&highs, &lows, 2, |high, low| rows.extend(high.iter().copied().zip(low.iter().copied())));
        assert_eq!(rows.len(), 3);
        assert!(rows[0].0.is_nan() && rows[0].1.is_nan());
        assert_eq!(&rows[1..], [(3.0, 0.0), (4.0, 0.0)]);
    }

    /// Every window holding a NaN input is NaN in every column, the others untouched,
    /// with NaN runs, NaN at both ends and windows longer than the input.
    #[test]
    fn mask_nan_windows_masks_exactly_the_windows_holding_a_nan() {
        for period in [1, 2, 3, 5, 64, 200] {
            for seed in 0..4u64 {
                // Runs of NaN in one input, sparse NaN in the other.
                let nan_where = |seed, also: f64| {
                    awkward_series(150, seed).into_iter().map(|x| if x.is_nan() || x == also { f64::NAN } else { 0.0 }).collect::<Vec<_>>()
                };
                let (inputs, others) = (nan_where(seed, 7.0), nan_where(seed + 10, f64::NAN));
                let (mut first, mut second) = (vec![1.0; inputs.len()], vec![2.0; inputs.len() - 3]);
                mask_nan_windows(&[&inputs, &others], period, &mut [&mut first, &mut second]);
                for (i, &got) in first.iter().enumerate() {
                    let window = (i + 1).saturating_sub(period)..=i;
                    let holds_nan = inputs[window.clone()].iter().chain(&others[window]).any(|x| x.is_nan());
                    assert_eq!(got.is_nan(), holds_nan, "period {period} seed {seed} bar {i}");
                    assert!(got.is_nan() || got == 1.0);
                    if let Some(&other) = second.get(i) {
                        assert_eq!(other.is_nan(), holds_nan, "second column, period {period} seed {seed} bar {i}");
                    }
                }
            }
        }
    }
}
