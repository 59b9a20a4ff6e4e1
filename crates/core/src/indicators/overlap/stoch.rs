//! The stochastic family: STOCHF, STOCH and KDJ (and, through [`FastK`], STOCHRSI).

use super::ma::{ma_type, ma_type_param};
use super::MovingAverage;
use crate::bar::{Bar, Input};
use crate::error::Error;
use crate::indicators::window::{Extreme, RollingExtreme, Ties};
use crate::indicators::{check_period, from_order_key, int_param, order_key};
use crate::registry::{IndicatorDef, ParamDef, ParamKind, Streaming};

const MAX_PERIOD: usize = 100_000;
const INPUTS: &[Input] = &[Input::High, Input::Low, Input::Close];

/// Raw %K: where the close sits in the high-low range of the last `period` bars, 0..100
/// (0 for a range that is zero to within 1e-14 of the prices, as in TA-Lib).
#[derive(Debug, Clone)]
pub(crate) struct FastK {
    period: usize,
    range: Range,
}

/// Short windows are scanned: a few branch-free compares cost less than a monotonic
/// deque's data-dependent pops. Measured in wasm (scripts/bench-wasm.mjs, with the
/// bar-by-bar batch of the time, float compares): 5 bars scanned 45 ns/bar against 63
/// with deques, but 14 bars 95 against 69, so the cut is at 8.
#[derive(Debug, Clone)]
enum Range {
    Scan(ScannedRange),
    Deque { highest: RollingExtreme, lowest: RollingExtreme },
}

/// Longest window scanned rather than kept in deques.
const SCAN_MAX_PERIOD: usize = 8;

/// Longest window batch %K rescans rather than taking from block extremes. Shorter
/// than the streaming cut: block extremes cost the same per bar whatever the period,
/// and already win at 5 bars (measured on the seeded 1M-bar random walk, best of 15
/// alternating runs in one process: wasm 19-20 ns/bar against 22-23 scanned for
/// STOCH(5,3,3), 18 against 30 at 8 bars, even at 4; natively even at 5).
const BATCH_SCAN_MAX_PERIOD: usize = 4;

impl FastK {
    pub(crate) fn new(period: usize) -> FastK {
        let period = period.max(1);
        let range = if period <= SCAN_MAX_PERIOD {
            Range::Scan(ScannedRange::new(period))
        } else {
            Range::Deque {
                highest: RollingExtreme::new(period, Extreme::Max, Ties::Latest),
                lowest: RollingExtreme::new(period, Extreme::Min, Ties::Latest),
            }
        };
        FastK { period, range }
    }

    pub(crate) fn lookback(&self) -> usize {
        self.period - 1
    }

    fn pushed(&self) -> usize {
        match &self.range {
            Range::Scan(scan) => scan.pushed,
            Range::Deque { highest, .. } => highest.pushed(),
        }
    }

    /// %K after this bar; NaN for the first `period - 1` bars.
    #[inline]
    pub(crate) fn update(&mut self, high: f64, low: f64, close: f64) -> f64 {
        let warm = self.pushed() + 1 >= self.period;
        let (highest, lowest) = match &mut self.range {
            Range::Scan(scan) => scan.push(high, low),
            Range::Deque { highest, lowest } => (highest.push(high).0, lowest.push(low).0),
        };
        if warm {
            percent_k(close, highest, lowest)
        } else {
            f64::NAN
        }
    }

    #[inline]
    pub(crate) fn peek(&self, high: f64, low: f64, close: f64) -> f64 {
        if self.pushed() + 1 < self.period {
            return f64::NAN;
        }
        let (highest, lowest) = match &self.range {
            Range::Scan(scan) => scan.peek(high, low),
            Range::Deque { highest, lowest } => (highest.peek(high).0, lowest.peek(low).0),
        };
        percent_k(close, highest, lowest)
    }

    pub(crate) fn reset(&mut self) {
        match &mut self.range {
            Range::Scan(scan) => *scan = ScannedRange::new(self.period),
            Range::Deque { highest, lowest } => {
                highest.reset();
                lowest.reset();
            }
        }
    }
}

/// Highest high and lowest low of the last `period` bars by scanning them, with the
/// window's NaN policy (a NaN inside the window makes that extreme NaN until it leaves).
#[derive(Debug, Clone)]
struct ScannedRange {
    period: usize,
    /// The last `period` bars' (high, low), oldest at `next` once full; NaN until filled
    /// (the scan skips NaN, and a real NaN is reported through `last_nan_*`).
    bars: Vec<(f64, f64)>,
    next: usize,
    pushed: usize,
    last_nan_high: Option<usize>,
    last_nan_low: Option<usize>,
}

impl ScannedRange {
    fn new(period: usize) -> ScannedRange {
        ScannedRange { period, bars: vec![(f64::NAN, f64::NAN); period], next: 0, pushed: 0, last_nan_high: None, last_nan_low: None }
    }

    /// (max high, min low) of `bars`, NaN skipped. Four independent accumulators, so
    /// the compares do not wait on each other.
    #[inline]
    fn scan(bars: &[(f64, f64)], mut highest: f64, mut lowest: f64) -> (f64, f64) {
        // `>`/`<` selects ignore NaN (the comparison is false), unlike a NaN-propagating max.
        let pick_high = |a: f64, b: f64| if b > a { b } else { a };
        let pick_low = |a: f64, b: f64| if b < a { b } else { a };
        let mut high_acc = [highest; 4];
        let mut low_acc = [lowest; 4];
        let mut chunks = bars.chunks_exact(4);
        for chunk in &mut chunks {
            for ((h, l), &(bar_high, bar_low)) in high_acc.iter_mut().zip(low_acc.iter_mut()).zip(chunk) {
                *h = pick_high(*h, bar_high);
                *l = pick_low(*l, bar_low);
            }
        }
        for &(bar_high, bar_low) in chunks.remainder() {
            highest = pick_high(highest, bar_high);
            lowest = pick_low(lowest, bar_low);
        }
        for (h, l) in high_acc.into_iter().zip(low_acc) {
            highest = pick_high(highest, h);
            lowest = pick_low(lowest, l);
        }
        (highest, lowest)
    }

    #[inline]
    fn nan_in_window(&self, last_nan: Option<usize>, index: usize) -> bool {
        last_nan.is_some_and(|nan| nan + self.period > index)
    }

    /// Applies the NaN policy to scanned extremes of the window ending at `index`.
    #[inline]
    fn with_nans(&self, index: usize, high: f64, low: f64, (highest, lowest): (f64, f64)) -> (f64, f64) {
        let highest = if high.is_nan() || self.nan_in_window(self.last_nan_high, index) { f64::NAN } else { highest };
        let lowest = if low.is_nan() || self.nan_in_window(self.last_nan_low, index) { f64::NAN } else { lowest };
        (highest, lowest)
    }

    #[inline]
    fn push(&mut self, high: f64, low: f64) -> (f64, f64) {
        let index = self.pushed;
        if high.is_nan() {
            self.last_nan_high = Some(index);
        }
        if low.is_nan() {
            self.last_nan_low = Some(index);
        }
        // The slot of the bar leaving the window takes the new one; the ring is then the window.
        if let Some(slot) = self.bars.get_mut(self.next) {
            *slot = (high, low);
        }
        self.next = if self.next + 1 >= self.period { 0 } else { self.next + 1 };
        self.pushed += 1;
        let extremes = Self::scan(&self.bars, f64::NEG_INFINITY, f64::INFINITY);
        self.with_nans(index, high, low, extremes)
    }

    #[inline]
    fn peek(&self, high: f64, low: f64) -> (f64, f64) {
        // Every stored bar but the one that would leave, with the forming bar.
        let skip = self.next.min(self.bars.len());
        let (before, after) = self.bars.split_at(skip);
        let start = (if high.is_nan() { f64::NEG_INFINITY } else { high }, if low.is_nan() { f64::INFINITY } else { low });
        let first = Self::scan(before, start.0, start.1);
        let extremes = Self::scan(after.get(1..).unwrap_or(&[]), first.0, first.1);
        self.with_nans(self.pushed, high, low, extremes)
    }
}

/// (highest, lowest) of a short window, each NaN if any of its inputs is: the
/// window's NaN policy.
///
/// The compares run on integer keys that order like the floats ([`order_key`]): V8
/// compiles a float select into a branch, which a random walk mispredicts, but an
/// integer select into a conditional move (measured under Node 20 on a 5-bar running
/// max over 1M bars: 6.7 ns/bar with float selects, 3.8 with integer ones; `f64::max`
/// 19.8). NaN keys sit at the ends and may win, but the NaN flags override them.
#[inline]
fn window_extremes(highs: &[f64], lows: &[f64]) -> (f64, f64) {
    if cfg!(target_arch = "wasm32") {
        window_extremes_by_keys(highs, lows)
    } else {
        window_extremes_by_floats(highs, lows)
    }
}

#[inline]
fn window_extremes_by_keys(highs: &[f64], lows: &[f64]) -> (f64, f64) {
    let (mut highest, mut lowest) = (i64::MIN, i64::MAX);
    let (mut nan_high, mut nan_low) = (false, false);
    for (&high, &low) in highs.iter().zip(lows) {
        highest = highest.max(order_key(high));
        lowest = lowest.min(order_key(low));
        nan_high |= high.is_nan();
        nan_low |= low.is_nan();
    }
    (if nan_high { f64::NAN } else { from_order_key(highest) }, if nan_low { f64::NAN } else { from_order_key(lowest) })
}

/// Natively the float selects compile to `maxsd`/`minsd`, which beat the integer keys.
#[inline]
fn window_extremes_by_floats(highs: &[f64], lows: &[f64]) -> (f64, f64) {
    let (mut highest, mut lowest) = (f64::NEG_INFINITY, f64::INFINITY);
    let (mut nan_high, mut nan_low) = (false, false);
    for (&high, &low) in highs.iter().zip(lows) {
        highest = if high > highest { high } else { highest };
        lowest = if low < lowest { low } else { lowest };
        nan_high |= high.is_nan();
        nan_low |= low.is_nan();
    }
    (if nan_high { f64::NAN } else { highest }, if nan_low { f64::NAN } else { lowest })
}

/// %K over whole columns for windows too long to rescan, written to `out` (NaN for the
/// first `period - 1` bars). The highest high and lowest low of each window come from
/// block extremes (van Herk / Gil-Werman): cut the series into blocks of `period` bars;
/// a window ending at offset `j` of a block is the previous block's bars from `j + 1` on
/// plus this block's up to `j`, so its extreme is that of the previous block's suffix
/// extreme at `j + 1` and this block's running (prefix) extreme. Three comparisons per
/// bar and extreme whatever the period, none of them a data-dependent branch, where a
/// monotonic deque pops a data-dependent number of times per bar (measured in wasm:
/// STOCH(14,3,3) 50 ns/bar with deques).
///
/// NaN follows the streaming policy: a NaN high (low) makes the highest (lowest) NaN
/// while it is inside the window. The block extremes skip NaN, and the last NaN's
/// index says whether the window holds one.
fn block_fast_k(high: &[f64], low: &[f64], close: &[f64], period: usize, out: &mut Vec<f64>) {
    let n = high.len().min(low.len()).min(close.len());
    // Suffix extremes of the previous block, one slot longer than a block: a window
    // ending at offset `j` takes slot `j + 1`, and the last slot stays neutral (the
    // window that ends a block is that block alone). Neutral before the first block.
    let mut suffix_high = vec![Key::LOWEST; period + 1];
    let mut suffix_low = vec![Key::HIGHEST; period + 1];
    // This block's values, appended to `out` once the block is done: the per-bar loop
    // then writes a local slice, not the growing output.
    let mut values = vec![f64::NAN; period];
    // Index + 1 of the last NaN high/low (0: none yet), so `last + period > i + 1` says
    // whether the window ending at `i` holds it.
    let (mut nan_high, mut nan_low) = (0usize, 0usize);
    for block_start in (0..n).step_by(period) {
        let end = (block_start + period).min(n);
        let (highs, lows, closes) = (&high[block_start..end], &low[block_start..end], &close[block_start..end]);
        let (mut prefix_high, mut prefix_low) = (Key::LOWEST, Key::HIGHEST);
        let bars = highs.iter().zip(lows).zip(closes).zip(suffix_high.iter().skip(1).zip(suffix_low.iter().skip(1))).zip(values.iter_mut());
        for (j, ((((&h, &l), &c), (&sh, &sl)), value)) in bars.enumerate() {
            let i = block_start + j;
            prefix_high = prefix_high.max(Key::of_high(h));
            prefix_low = prefix_low.min(Key::of_low(l));
            if h.is_nan() {
                nan_high = i + 1;
            }
            if l.is_nan() {
                nan_low = i + 1;
            }
            let highest = if nan_high > 0 && nan_high + period > i + 1 { f64::NAN } else { sh.max(prefix_high).value() };
            let lowest = if nan_low > 0 && nan_low + period > i + 1 { f64::NAN } else { sl.min(prefix_low).value() };
            *value = percent_k(c, highest, lowest);
        }
        let done = &mut values[..end - block_start];
        // The first `period - 1` bars have no full window (they all lie in the first block).
        if block_start == 0 {
            let warm_up = done.len().min(period - 1);
            done[..warm_up].fill(f64::NAN);
        }
        out.extend_from_slice(done);
        if end - block_start == period {
            let (mut running_high, mut running_low) = (Key::LOWEST, Key::HIGHEST);
            let slots = suffix_high.iter_mut().zip(suffix_low.iter_mut());
            for ((&h, &l), (slot_high, slot_low)) in highs.iter().zip(lows).rev().zip(slots.take(period).rev()) {
                running_high = running_high.max(Key::of_high(h));
                running_low = running_low.min(Key::of_low(l));
                *slot_high = running_high;
                *slot_low = running_low;
            }
        }
    }
}

/// A price as block extremes compare it: in wasm an integer that orders like the float
/// (V8 turns float selects into branches, integer selects into conditional moves); a
/// NaN becomes the neutral end, so block extremes skip it.
#[cfg(target_arch = "wasm32")]
#[derive(Debug, Clone, Copy)]
struct Key(i64);

#[cfg(target_arch = "wasm32")]
impl Key {
    const LOWEST: Key = Key(i64::MIN);
    const HIGHEST: Key = Key(i64::MAX);
    #[inline(always)]
    fn of_high(x: f64) -> Key {
        Key(if x.is_nan() { i64::MIN } else { order_key(x) })
    }
    #[inline(always)]
    fn of_low(x: f64) -> Key {
        Key(if x.is_nan() { i64::MAX } else { order_key(x) })
    }
    #[inline(always)]
    fn max(self, other: Key) -> Key {
        Key(self.0.max(other.0))
    }
    #[inline(always)]
    fn min(self, other: Key) -> Key {
        Key(self.0.min(other.0))
    }
    #[inline(always)]
    fn value(self) -> f64 {
        from_order_key(self.0)
    }
}

/// Natively the float itself: `maxsd`/`minsd`-style selects, where a NaN candidate
/// loses every comparison and so is skipped.
#[cfg(not(target_arch = "wasm32"))]
#[derive(Debug, Clone, Copy)]
struct Key(f64);

#[cfg(not(target_arch = "wasm32"))]
impl Key {
    const LOWEST: Key = Key(f64::NEG_INFINITY);
    const HIGHEST: Key = Key(f64::INFINITY);
    #[inline(always)]
    fn of_high(x: f64) -> Key {
        Key(x)
    }
    #[inline(always)]
    fn of_low(x: f64) -> Key {
        Key(x)
    }
    #[inline(always)]
    fn max(self, other: Key) -> Key {
        if other.0 > self.0 {
            other
        } else {
            self
        }
    }
    #[inline(always)]
    fn min(self, other: Key) -> Key {
        if other.0 < self.0 {
            other
        } else {
            self
        }
    }
    #[inline(always)]
    fn value(self) -> f64 {
        self.0
    }
}

#[inline]
fn percent_k(close: f64, highest: f64, lowest: f64) -> f64 {
    let range = highest - lowest;
    if range.abs() <= 1e-14 * (highest.abs() + lowest.abs()) {
        0.0
    } else {
        (close - lowest) / range * 100.0
    }
}

/// A moving average fed from bar `start` on (when its input becomes valid).
#[derive(Debug, Clone)]
struct Stage {
    average: MovingAverage,
    start: usize,
    /// The period when the average is an SMA over more than one bar, which batch runs
    /// through [`sma_column`] instead of `average`.
    sma_period: Option<usize>,
}

impl Stage {
    #[inline]
    fn update(&mut self, bar: usize, x: f64) -> f64 {
        if bar >= self.start {
            self.average.update(x)
        } else {
            f64::NAN
        }
    }

    #[inline]
    fn peek(&self, bar: usize, x: f64) -> f64 {
        if bar >= self.start {
            self.average.peek(x)
        } else {
            f64::NAN
        }
    }
}

impl Stage {
    /// This average over a whole input column whose chain starts at bar `lead` (NaN
    /// before `lead + start`).
    fn column(&mut self, input: &[f64], lead: usize) -> Vec<f64> {
        let mut out = Vec::with_capacity(input.len());
        self.column_into(input, lead, &mut out);
        out
    }

    /// Like [`column`](Self::column), into `out`, replacing what it held (its allocation
    /// is reused).
    fn column_into(&mut self, input: &[f64], lead: usize, out: &mut Vec<f64>) {
        out.clear();
        let start = lead.saturating_add(self.start).min(input.len());
        out.resize(start, f64::NAN);
        let rest = &input[start..];
        match self.sma_period {
            Some(period) => sma_column(rest, period, out),
            None => out.extend(rest.iter().map(|&x| self.average.update(x))),
        }
    }
}

/// [`crate::indicators::Sma`] over a column, appended to `out`: its arithmetic exactly
/// (running total, add the new input, subtract the one leaving), reading the leaving
/// input from the column rather than a ring. `period` is at least 2.
fn sma_column(input: &[f64], period: usize, out: &mut Vec<f64>) {
    let keep = (period - 1).min(input.len());
    let divisor = period as f64;
    let mut partial = 0.0;
    for &x in &input[..keep] {
        partial += x;
        out.push(f64::NAN);
    }
    out.extend(input[keep..].iter().zip(input).map(|(&x, &leaving)| {
        let total = partial + x;
        partial = total - leaving;
        total / divisor
    }));
}

/// (period name, type name, period, MA type) of one smoothing average.
pub(crate) type Smoothing = (&'static str, &'static str, usize, u8);

/// %K and up to two averages chained on it; every output starts at the same bar.
#[derive(Debug, Clone)]
pub(crate) struct Chain {
    fast_k: FastK,
    first: Stage,
    second: Option<Stage>,
    lookback: usize,
    /// Bars consumed, saturating at the lookback.
    bar: usize,
}

impl Chain {
    /// %K over `fast_k` bars, an average on it and optionally a second on the first.
    pub(crate) fn new(indicator: &'static str, fast_k: usize, first: Smoothing, second: Option<Smoothing>) -> Result<Chain, Error> {
        check_period(indicator, "fastk_period", fast_k, 1, MAX_PERIOD)?;
        let fast_k = FastK::new(fast_k);
        let mut start = fast_k.lookback();
        let mut stage = |(period_name, type_name, period, ma_type): Smoothing| -> Result<Stage, Error> {
            check_period(indicator, period_name, period, 1, MAX_PERIOD)?;
            let average = MovingAverage::checked(indicator, type_name, ma_type, period)?;
            let stage = Stage { average, start, sma_period: (ma_type == 0 && period > 1).then_some(period) };
            start += MovingAverage::lookback(ma_type, period);
            Ok(stage)
        };
        let first = stage(first)?;
        let second = second.map(&mut stage).transpose()?;
        Ok(Chain { fast_k, first, second, lookback: start, bar: 0 })
    }

    /// (%K, first average, second average) after this bar.
    #[inline]
    pub(crate) fn update(&mut self, high: f64, low: f64, close: f64) -> (f64, f64, f64) {
        let bar = self.bar;
        let k = self.fast_k.update(high, low, close);
        let first = self.first.update(bar, k);
        let second = self.second.as_mut().map_or(f64::NAN, |s| s.update(bar, first));
        if bar < self.lookback {
            self.bar += 1;
        }
        self.output(bar, (k, first, second))
    }

    #[inline]
    pub(crate) fn peek(&self, high: f64, low: f64, close: f64) -> (f64, f64, f64) {
        let bar = self.bar;
        let k = self.fast_k.peek(high, low, close);
        let first = self.first.peek(bar, k);
        let second = self.second.as_ref().map_or(f64::NAN, |s| s.peek(bar, first));
        self.output(bar, (k, first, second))
    }

    /// The whole series at once, column by column: `(first average, %K)` for a chain of
    /// one average, `(first average, second average)` for two (the %K column is reused
    /// for the second average: no two-average output needs %K). The values of
    /// [`update`](Self::update) bar after bar (equal values; a window holding both 0 and
    /// -0 may pick the other zero), each slot written once (no zeroing pass): %K from
    /// rescanned slices for short windows and block extremes for long ones, then each
    /// average over the column before it.
    pub(crate) fn batch(self, high: &[f64], low: &[f64], close: &[f64]) -> (Vec<f64>, Vec<f64>) {
        self.batch_after(0, high, low, close)
    }

    /// [`batch`](Self::batch) of a chain fed from bar `lead` on (STOCHRSI's first RSI):
    /// the columns are whole, the outputs NaN before `lead` plus the chain's lookback.
    pub(crate) fn batch_after(mut self, lead: usize, high: &[f64], low: &[f64], close: &[f64]) -> (Vec<f64>, Vec<f64>) {
        let n = high.len().min(low.len()).min(close.len());
        let lead = lead.min(n);
        let (high, low, close) = (&high[lead..n], &low[lead..n], &close[lead..n]);
        let period = self.fast_k.period;
        let warm_up = (period - 1).min(n - lead);
        let mut fast_k = Vec::with_capacity(n);
        fast_k.resize(lead, f64::NAN);
        if period <= BATCH_SCAN_MAX_PERIOD {
            fast_k.resize(lead + warm_up, f64::NAN);
            let windows = high.windows(period).zip(low.windows(period)).zip(&close[warm_up..]);
            fast_k.extend(windows.map(|((highs, lows), &close)| {
                let (highest, lowest) = window_extremes(highs, lows);
                percent_k(close, highest, lowest)
            }));
        } else {
            block_fast_k(high, low, close, period, &mut fast_k);
        }
        let mut first = self.first.column(&fast_k, lead);
        let mut other = match &mut self.second {
            Some(second) => {
                second.column_into(&first, lead, &mut fast_k);
                fast_k
            }
            None => fast_k,
        };
        let masked = lead.saturating_add(self.lookback).min(n);
        first[..masked].fill(f64::NAN);
        other[..masked].fill(f64::NAN);
        (first, other)
    }

    pub(crate) fn reset(&mut self) {
        self.fast_k.reset();
        self.first.average.reset();
        if let Some(second) = &mut self.second {
            second.average.reset();
        }
        self.bar = 0;
    }

    #[inline]
    fn output(&self, bar: usize, values: (f64, f64, f64)) -> (f64, f64, f64) {
        if bar >= self.lookback {
            values
        } else {
            (f64::NAN, f64::NAN, f64::NAN)
        }
    }
}

/// Fast stochastic (TA-Lib `STOCHF`): %K over `fastk_period` bars and %D, its moving
/// average of any TA-Lib type. Both start at the same bar. O(1) per bar (monotonic
/// deques for the highest high and lowest low).
///
/// ```
/// use sigil_core::indicators::overlap::StochF;
/// let mut stoch = StochF::new(2, 1, 0).unwrap();
/// assert!(stoch.update(10.0, 8.0, 9.0).0.is_nan());
/// assert_eq!(stoch.update(12.0, 9.0, 11.0), (75.0, 75.0)); // (11 - 8) / (12 - 8)
/// ```
#[derive(Debug, Clone)]
pub struct StochF(Chain);

impl StochF {
    pub const NAME: &'static str = "stochf";

    pub fn new(fastk_period: usize, fastd_period: usize, fastd_type: u8) -> Result<StochF, Error> {
        Ok(StochF(Chain::new(Self::NAME, fastk_period, ("fastd_period", "fastd_matype", fastd_period, fastd_type), None)?))
    }

    pub fn lookback(fastk_period: usize, fastd_period: usize, fastd_type: u8) -> usize {
        fastk_period.saturating_sub(1) + MovingAverage::lookback(fastd_type, fastd_period)
    }

    /// (fastk, fastd) after this bar.
    #[inline]
    pub fn update(&mut self, high: f64, low: f64, close: f64) -> (f64, f64) {
        let (k, d, _) = self.0.update(high, low, close);
        (k, d)
    }

    #[inline]
    pub fn peek(&self, high: f64, low: f64, close: f64) -> (f64, f64) {
        let (k, d, _) = self.0.peek(high, low, close);
        (k, d)
    }

    pub fn reset(&mut self) {
        self.0.reset();
    }
}

/// Slow stochastic (TA-Lib `STOCH`): %K smoothed by one moving average (slow %K), then
/// by another (slow %D), each of any TA-Lib type. Both outputs start at the same bar.
///
/// ```
/// use sigil_core::indicators::overlap::Stoch;
/// let mut stoch = Stoch::new(2, 1, 0, 1, 0).unwrap();
/// stoch.update(10.0, 8.0, 9.0);
/// assert_eq!(stoch.update(12.0, 9.0, 11.0), (75.0, 75.0));
/// ```
#[derive(Debug, Clone)]
pub struct Stoch(Chain);

impl Stoch {
    pub const NAME: &'static str = "stoch";

    pub fn new(fastk_period: usize, slowk_period: usize, slowk_type: u8, slowd_period: usize, slowd_type: u8) -> Result<Stoch, Error> {
        Ok(Stoch(Self::chain(Self::NAME, fastk_period, slowk_period, slowk_type, slowd_period, slowd_type)?))
    }

    fn chain(name: &'static str, fastk: usize, slowk: usize, slowk_type: u8, slowd: usize, slowd_type: u8) -> Result<Chain, Error> {
        Chain::new(
            name,
            fastk,
            ("slowk_period", "slowk_matype", slowk, slowk_type),
            Some(("slowd_period", "slowd_matype", slowd, slowd_type)),
        )
    }

    pub fn lookback(fastk_period: usize, slowk_period: usize, slowk_type: u8, slowd_period: usize, slowd_type: u8) -> usize {
        fastk_period.saturating_sub(1)
            + MovingAverage::lookback(slowk_type, slowk_period)
            + MovingAverage::lookback(slowd_type, slowd_period)
    }

    /// (slowk, slowd) after this bar.
    #[inline]
    pub fn update(&mut self, high: f64, low: f64, close: f64) -> (f64, f64) {
        let (_, k, d) = self.0.update(high, low, close);
        (k, d)
    }

    #[inline]
    pub fn peek(&self, high: f64, low: f64, close: f64) -> (f64, f64) {
        let (_, k, d) = self.0.peek(high, low, close);
        (k, d)
    }

    pub fn reset(&mut self) {
        self.0.reset();
    }
}

/// KDJ (TA-Lib 0.8.1 `KDJ`): the slow stochastic's K and D (default smoothing RMA)
/// and `J = 3K - 2D`.
///
/// ```
/// use sigil_core::indicators::overlap::Kdj;
/// let mut kdj = Kdj::new(2, 1, 13, 1, 13).unwrap();
/// kdj.update(10.0, 8.0, 9.0);
/// assert_eq!(kdj.update(12.0, 9.0, 11.0), (75.0, 75.0, 75.0));
/// ```
#[derive(Debug, Clone)]
pub struct Kdj(Chain);

impl Kdj {
    pub const NAME: &'static str = "kdj";

    pub fn new(fastk_period: usize, slowk_period: usize, slowk_type: u8, slowd_period: usize, slowd_type: u8) -> Result<Kdj, Error> {
        Ok(Kdj(Stoch::chain(Self::NAME, fastk_period, slowk_period, slowk_type, slowd_period, slowd_type)?))
    }

    pub fn lookback(fastk_period: usize, slowk_period: usize, slowk_type: u8, slowd_period: usize, slowd_type: u8) -> usize {
        Stoch::lookback(fastk_period, slowk_period, slowk_type, slowd_period, slowd_type)
    }

    /// (k, d, j) after this bar.
    #[inline]
    pub fn update(&mut self, high: f64, low: f64, close: f64) -> (f64, f64, f64) {
        let (_, k, d) = self.0.update(high, low, close);
        (k, d, 3.0 * k - 2.0 * d)
    }

    #[inline]
    pub fn peek(&self, high: f64, low: f64, close: f64) -> (f64, f64, f64) {
        let (_, k, d) = self.0.peek(high, low, close);
        (k, d, 3.0 * k - 2.0 * d)
    }

    pub fn reset(&mut self) {
        self.0.reset();
    }
}

macro_rules! on_bars {
    ($wrapper:ident, $inner:ty, $($out:tt),+) => {
        struct $wrapper($inner);

        impl Streaming for $wrapper {
            fn update(&mut self, bar: &Bar, out: &mut [f64]) {
                ($(out[$out]),+) = self.0.update(bar.high, bar.low, bar.close);
            }
            fn peek(&self, bar: &Bar, out: &mut [f64]) {
                ($(out[$out]),+) = self.0.peek(bar.high, bar.low, bar.close);
            }
            fn reset(&mut self) {
                self.0.reset();
            }
        }
    };
}

on_bars!(StochFBars, StochF, 0, 1);
on_bars!(StochBars, Stoch, 0, 1);
on_bars!(KdjBars, Kdj, 0, 1, 2);

/// The registry's (high, low, close) columns of a chain.
fn bars<'a>(columns: &[&'a [f64]]) -> [&'a [f64]; 3] {
    [0, 1, 2].map(|i| columns.get(i).copied().unwrap_or(&[]))
}

const fn period(name: &'static str, default: usize, description: &'static str) -> ParamDef {
    ParamDef { name, kind: ParamKind::Integer { min: 1, max: MAX_PERIOD as i64 }, default: default as f64, description }
}

fn stochf(p: &[f64]) -> Result<StochF, Error> {
    StochF::new(int_param(p, 0), int_param(p, 1), ma_type_param(p, 2))
}

fn stoch(p: &[f64]) -> Result<Stoch, Error> {
    Stoch::new(int_param(p, 0), int_param(p, 1), ma_type_param(p, 2), int_param(p, 3), ma_type_param(p, 4))
}

fn kdj(p: &[f64]) -> Result<Kdj, Error> {
    Kdj::new(int_param(p, 0), int_param(p, 1), ma_type_param(p, 2), int_param(p, 3), ma_type_param(p, 4))
}

pub(crate) static STOCHF_DEF: IndicatorDef = IndicatorDef {
    name: StochF::NAME,
    title: "Stochastic Fast",
    group: "Momentum Indicators",
    inputs: INPUTS,
    params: &[
        period("fastk_period", 5, "Bars of the high-low range"),
        period("fastd_period", 3, "Smoothing of %D"),
        ma_type("fastd_matype", 0),
    ],
    outputs: &["fastk", "fastd"],
    overlay: false,
    lookback: |p| StochF::lookback(int_param(p, 0), int_param(p, 1), ma_type_param(p, 2)),
    batch: kernel!(|p, columns| {
        let [high, low, close] = bars(columns);
        let (d, k) = stochf(p)?.0.batch(high, low, close);
        Ok(vec![k, d])
    }),
    stream: |p| Ok(Box::new(StochFBars(stochf(p)?))),
};

pub(crate) static STOCH_DEF: IndicatorDef = IndicatorDef {
    name: Stoch::NAME,
    title: "Stochastic",
    group: "Momentum Indicators",
    inputs: INPUTS,
    params: &[
        period("fastk_period", 5, "Bars of the high-low range"),
        period("slowk_period", 3, "Smoothing of %K"),
        ma_type("slowk_matype", 0),
        period("slowd_period", 3, "Smoothing of %D"),
        ma_type("slowd_matype", 0),
    ],
    outputs: &["slowk", "slowd"],
    overlay: false,
    lookback: |p| Stoch::lookback(int_param(p, 0), int_param(p, 1), ma_type_param(p, 2), int_param(p, 3), ma_type_param(p, 4)),
    batch: Some(|p, columns| {
        let [high, low, close] = bars(columns);
        let (k, d) = stoch(p)?.0.batch(high, low, close);
        Ok(vec![k, d])
    }),
    stream: |p| Ok(Box::new(StochBars(stoch(p)?))),
};

pub(crate) static KDJ_DEF: IndicatorDef = IndicatorDef {
    name: Kdj::NAME,
    title: "KDJ Stochastic",
    group: "Momentum Indicators",
    inputs: INPUTS,
    params: &[
        period("fastk_period", 9, "Bars of the high-low range"),
        period("slowk_period", 3, "Smoothing of K"),
        ma_type("slowk_matype", 13),
        period("slowd_period", 3, "Smoothing of D"),
        ma_type("slowd_matype", 13),
    ],
    outputs: &["k", "d", "j"],
    overlay: false,
    lookback: |p| Kdj::lookback(int_param(p, 0), int_param(p, 1), ma_type_param(p, 2), int_param(p, 3), ma_type_param(p, 4)),
    batch: kernel!(|p, columns| {
        let [high, low, close] = bars(columns);
        let (k, d) = kdj(p)?.0.batch(high, low, close);
        let j = k.iter().zip(&d).map(|(&k, &d)| 3.0 * k - 2.0 * d).collect();
        Ok(vec![k, d, j])
    }),
    stream: |p| Ok(Box::new(KdjBars(kdj(p)?))),
};

#[cfg(test)]
mod tests {
    use super::*;

    /// The scanned short window must give exactly what the deques give, NaN and ties included.
    #[test]
    fn scanned_range_equals_deques() {
        let value = |i: u64| if i % 23 == 7 { f64::NAN } else { ((i * 7919) % 13) as f64 };
        for period in [1, 2, 3, 5, SCAN_MAX_PERIOD] {
            let mut scanned = FastK::new(period);
            assert!(matches!(scanned.range, Range::Scan(_)));
            let mut deques = FastK {
                period,
                range: Range::Deque {
                    highest: RollingExtreme::new(period, Extreme::Max, Ties::Latest),
                    lowest: RollingExtreme::new(period, Extreme::Min, Ties::Latest),
                },
            };
            for round in 0..2 {
                for i in 0..400u64 {
                    let (high, low) = (value(i) + 5.0, value(i * 3 + 1));
                    let close = (high + low) / 2.0;
                    let (a, b) = (scanned.peek(high, low, close), deques.peek(high, low, close));
                    assert_eq!(a.to_bits(), b.to_bits(), "peek period {period} bar {i} round {round}");
                    let (a, b) = (scanned.update(high, low, close), deques.update(high, low, close));
                    assert_eq!(a.to_bits(), b.to_bits(), "update period {period} bar {i} round {round}");
                }
                scanned.reset();
                deques.reset();
            }
        }
    }

    /// The block-extremes batch %K gives what streaming gives bar by bar (deques, or for
    /// windows up to SCAN_MAX_PERIOD the scan, itself checked against the deques above),
    /// for periods around and across block sizes, lengths that end mid-block, NaN,
    /// infinities and ties.
    #[test]
    fn block_fast_k_equals_streaming() {
        let values = [1.5, -1.5, 1e-300, 1e300, -1e300, f64::INFINITY, f64::NEG_INFINITY, f64::NAN, 7.0, 7.0, 3.25, -2.0, 11.0];
        let value = |i: u64, salt: u64| values[((i * 7919 + salt) % 13) as usize];
        let walk: Vec<f64> = (0..1000u64).map(|i| 100.0 + ((i * 2_654_435_761) % 1000) as f64 / 10.0).collect();
        for period in [BATCH_SCAN_MAX_PERIOD + 1, SCAN_MAX_PERIOD, SCAN_MAX_PERIOD + 1, 10, 14, 17, 31, 64, 999, 1000, 1001] {
            for (name, high, low) in [
                (
                    "awkward values",
                    (0..700u64).map(|i| value(i, 0)).collect::<Vec<_>>(),
                    (0..700u64).map(|i| value(i, 5)).collect::<Vec<_>>(),
                ),
                ("walk", walk.iter().map(|x| x + 1.0).collect(), walk.clone()),
                (
                    "walk with NaN and infinite bars",
                    walk.iter()
                        .enumerate()
                        .map(|(i, x)| {
                            if i % 37 == 5 {
                                f64::NAN
                            } else if i % 101 == 7 {
                                f64::INFINITY
                            } else {
                                x + 1.0
                            }
                        })
                        .collect(),
                    walk.iter().enumerate().map(|(i, x)| if i % 53 == 9 { f64::NAN } else { *x }).collect(),
                ),
            ] {
                let close: Vec<f64> = high.iter().zip(&low).map(|(h, l)| (h + l) / 2.0).collect();
                let mut batch = Vec::new();
                block_fast_k(&high, &low, &close, period, &mut batch);
                let mut stream = FastK::new(period);
                for i in 0..close.len() {
                    let expected = stream.update(high[i], low[i], close[i]);
                    let same = batch[i] == expected || (batch[i].is_nan() && expected.is_nan());
                    assert!(same, "{name} period {period} bar {i}: {} vs {expected}", batch[i]);
                }
                assert_eq!(batch.len(), close.len());
            }
        }
    }

    /// Both window scans give the same extremes (up to the sign of a zero), NaN and
    /// infinities included.
    #[test]
    fn window_extremes_by_keys_equal_by_floats() {
        let values = [0.0, -0.0, 1.5, -1.5, 1e-300, -1e-300, 1e300, -1e300, f64::INFINITY, f64::NEG_INFINITY, f64::NAN, -f64::NAN, 7.0];
        let series: Vec<f64> = (0..400u64).map(|i| values[((i * 7919) % 13) as usize]).collect();
        let other: Vec<f64> = (0..400u64).map(|i| values[((i * 104_729 + 5) % 13) as usize]).collect();
        for period in 1..=SCAN_MAX_PERIOD {
            for (highs, lows) in series.windows(period).zip(other.windows(period)) {
                let (keys, floats) = (window_extremes_by_keys(highs, lows), window_extremes_by_floats(highs, lows));
                let same = |a: f64, b: f64| a == b || (a.is_nan() && b.is_nan());
                assert!(same(keys.0, floats.0) && same(keys.1, floats.1), "{highs:?} {lows:?}: {keys:?} vs {floats:?}");
            }
        }
    }

    #[test]
    fn sma_column_is_sma_bit_for_bit() {
        let input: Vec<f64> = (0..60u32).map(|i| if i == 17 { f64::NAN } else { f64::from((i * 7919) % 101) * 0.37 - 9.0 }).collect();
        for period in [2, 3, 5, 14] {
            for len in [0, 1, period - 1, period, 60] {
                let mut column = vec![1.0];
                sma_column(&input[..len], period, &mut column);
                let expected = crate::indicators::Sma::batch(&input[..len], period).unwrap();
                assert_eq!(column.len(), len + 1);
                let same = column[1..].iter().zip(&expected).all(|(a, b)| a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan()));
                assert!(same, "period {period}, {len} inputs");
            }
        }
    }

    /// Batch's columns are the bar-by-bar updates, for scanned and deque windows and an
    /// SMA as well as another average.
    #[test]
    fn batch_equals_updates() {
        let value = |i: u64| if i % 29 == 11 { f64::NAN } else { ((i * 7919) % 13) as f64 - 3.0 };
        let high: Vec<f64> = (0..300).map(|i| value(i) + 5.0).collect();
        let low: Vec<f64> = (0..300).map(|i| value(i * 3 + 1)).collect();
        let close: Vec<f64> = high.iter().zip(&low).map(|(h, l)| (h + l) / 2.0).collect();
        for (fast_k, ma_type) in
            [(5, 0), (1, 0), (BATCH_SCAN_MAX_PERIOD, 0), (BATCH_SCAN_MAX_PERIOD + 1, 1), (SCAN_MAX_PERIOD + 1, 0), (5, 1), (14, 13)]
        {
            let mut stoch = Stoch::new(fast_k, 3, ma_type, 3, ma_type).unwrap();
            let (k, d) = Stoch::new(fast_k, 3, ma_type, 3, ma_type).unwrap().0.batch(&high, &low, &close);
            for i in 0..high.len() {
                let (uk, ud) = stoch.update(high[i], low[i], close[i]);
                assert!(uk == k[i] || (uk.is_nan() && k[i].is_nan()), "slowk {fast_k}/{ma_type} bar {i}: {uk} vs {}", k[i]);
                assert!(ud == d[i] || (ud.is_nan() && d[i].is_nan()), "slowd {fast_k}/{ma_type} bar {i}: {ud} vs {}", d[i]);
            }
        }
    }

    #[test]
    fn flat_range_and_lookbacks() {
        let mut stoch = StochF::new(3, 2, 0).unwrap();
        let out: Vec<_> = (0..6).map(|_| stoch.update(5.0, 5.0, 5.0)).collect();
        assert!(out[2].0.is_nan() && out[2].1.is_nan());
        assert_eq!(out[3], (0.0, 0.0));
        assert_eq!(Stoch::lookback(5, 3, 0, 3, 0), 8);
        assert_eq!(Kdj::lookback(9, 3, 13, 3, 13), 12);
        assert!(Stoch::new(0, 3, 0, 3, 0).unwrap_err().to_string().contains("fastk_period"));
        assert!(Kdj::new(9, 3, 13, 3, 11).unwrap_err().to_string().contains("slowd_matype"));
    }
}
