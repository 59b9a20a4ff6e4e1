//! Wilder's directional movement system, shared by PLUS_DM, MINUS_DM, PLUS_DI, MINUS_DI,
//! DX, ADX and ADXR: one bar-by-bar state with TA-Lib's seeding and smoothing, so every
//! member runs the same arithmetic in the same order.

/// One bar's directional movement (+DM1, -DM1): how far today's range reaches past
/// yesterday's, on the side that reached further. An inside bar or a tie gives (0, 0).
#[inline]
pub(crate) fn directional_movement(high: f64, low: f64, prev_high: f64, prev_low: f64) -> (f64, f64) {
    let up = high - prev_high;
    let down = prev_low - low;
    let plus = if up > 0.0 && up > down { up } else { 0.0 };
    let minus = if down > 0.0 && down > up { down } else { 0.0 };
    (plus, minus)
}

/// Wilder's true range: today's range widened to include yesterday's close.
#[inline]
pub(crate) fn true_range(high: f64, low: f64, prev_close: f64) -> f64 {
    let mut range = high - low;
    let to_high = (high - prev_close).abs();
    if to_high > range {
        range = to_high;
    }
    let to_low = (low - prev_close).abs();
    if to_low > range {
        range = to_low;
    }
    range
}

/// The smoothed +DM, -DM and true range after some bars.
///
/// For `period > 1`, bars 1..period-1 are summed and later bars are Wilder-smoothed
/// (`x - x / period + today`), as TA-Lib does; the sums are complete at bar
/// `period - 1`. For `period == 1` the values are the latest bar's own.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Movement {
    /// Bars consumed (saturating).
    pub bars: usize,
    pub prev_high: f64,
    pub prev_low: f64,
    pub prev_close: f64,
    pub plus_dm: f64,
    pub minus_dm: f64,
    pub true_range: f64,
    /// The latest bar's own +DM1 (for the one-bar DI of `period == 1`).
    pub plus_dm1: f64,
    pub minus_dm1: f64,
}

impl Movement {
    pub(crate) const START: Movement = Movement {
        bars: 0,
        prev_high: f64::NAN,
        prev_low: f64::NAN,
        prev_close: f64::NAN,
        plus_dm: 0.0,
        minus_dm: 0.0,
        true_range: 0.0,
        plus_dm1: 0.0,
        minus_dm1: 0.0,
    };

    /// The state after one more bar (self unchanged, so `peek` can use it).
    #[inline]
    pub(crate) fn next(&self, period: usize, inv_period: f64, high: f64, low: f64, close: f64) -> Movement {
        let bars = self.bars.saturating_add(1);
        if self.bars == 0 {
            return Movement { bars, prev_high: high, prev_low: low, prev_close: close, ..*self };
        }
        if period > 1 && self.bars >= period {
            return self.smoothed(inv_period, high, low, close);
        }
        let (plus_dm1, minus_dm1) = directional_movement(high, low, self.prev_high, self.prev_low);
        let range = true_range(high, low, self.prev_close);
        let (plus_dm, minus_dm, true_range) = if period <= 1 {
            (plus_dm1, minus_dm1, range)
        } else {
            (self.plus_dm + plus_dm1, self.minus_dm + minus_dm1, self.true_range + range)
        };
        Movement { bars, prev_high: high, prev_low: low, prev_close: close, plus_dm, minus_dm, true_range, plus_dm1, minus_dm1 }
    }

    /// [`next`](Self::next) once the sums are complete (`period > 1` and at least
    /// `period` bars consumed): Wilder's smoothing alone, which is all the batch kernels
    /// need after their warm-up.
    #[inline(always)]
    pub(crate) fn smoothed(&self, inv_period: f64, high: f64, low: f64, close: f64) -> Movement {
        let (plus_dm1, minus_dm1) = directional_movement(high, low, self.prev_high, self.prev_low);
        let range = true_range(high, low, self.prev_close);
        Movement {
            bars: self.bars.saturating_add(1),
            prev_high: high,
            prev_low: low,
            prev_close: close,
            plus_dm: self.plus_dm - self.plus_dm * inv_period + plus_dm1,
            minus_dm: self.minus_dm - self.minus_dm * inv_period + minus_dm1,
            true_range: self.true_range - self.true_range * inv_period + range,
            plus_dm1,
            minus_dm1,
        }
    }

    /// +DI and -DI in percent, 0 when the smoothed true range is not positive (a
    /// flat stretch), as in TA-Lib.
    #[inline]
    pub(crate) fn indicators(&self) -> Option<(f64, f64)> {
        if self.true_range > 0.0 {
            Some((100.0 * (self.plus_dm / self.true_range), 100.0 * (self.minus_dm / self.true_range)))
        } else {
            None
        }
    }

    /// DX for this bar, or `None` when TA-Lib leaves it undefined (no true range, or
    /// both DIs zero); TA-Lib's DX then repeats its previous value and ADX skips the bar.
    #[inline]
    pub(crate) fn dx(&self) -> Option<f64> {
        let (plus_di, minus_di) = self.indicators()?;
        let total = minus_di + plus_di;
        // DIs are percentages, so this absolute band is scale-free (TA-Lib's own test).
        if total.abs() < 1e-14 {
            None
        } else {
            Some(100.0 * ((minus_di - plus_di).abs() / total))
        }
    }

    /// The one-bar DI of `period == 1`: the bar's DM1 over its true range, as a
    /// fraction (TA-Lib does not scale this case by 100).
    #[inline]
    pub(crate) fn one_bar_indicator(dm1: f64, range: f64) -> f64 {
        if dm1 > 0.0 {
            // A NaN range gives NaN, as in TA-Lib.
            if range <= 0.0 {
                0.0
            } else {
                dm1 / range
            }
        } else {
            0.0
        }
    }
}

/// The period and its reciprocal, validated by each indicator's constructor.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Smoothing {
    pub period: usize,
    pub inv_period: f64,
}

impl Smoothing {
    pub(crate) fn new(period: usize) -> Smoothing {
        Smoothing { period, inv_period: 1.0 / period as f64 }
    }

    #[inline]
    pub(crate) fn next(&self, state: &Movement, high: f64, low: f64, close: f64) -> Movement {
        state.next(self.period, self.inv_period, high, low, close)
    }
}

/// The batch kernel of PLUS_DM, MINUS_DM, PLUS_DI and MINUS_DI: the bars through
/// [`Movement`] as their `update` runs it, `value` of the state from bar `lookback` on
/// (NaN before; `lookback` at most `period`), one output per bar.
///
/// The seeding bars (every bar when `period == 1`, whose values are each bar's own) go
/// through [`Smoothing::next`], the rest through [`smoothed_run`].
pub(crate) fn movement_column<B, V>(smoothing: Smoothing, lookback: usize, mut bars: B, value: V) -> Vec<f64>
where
    B: ExactSizeIterator<Item = (f64, f64, f64)>,
    V: Fn(&Movement) -> f64,
{
    let rows = bars.len();
    let seeded = if smoothing.period > 1 { smoothing.period.min(rows) } else { rows };
    let mut state = Movement::START;
    let mut out = Vec::with_capacity(rows);
    out.extend(bars.by_ref().take(seeded).map(|(high, low, close)| {
        state = smoothing.next(&state, high, low, close);
        if state.bars > lookback {
            value(&state)
        } else {
            f64::NAN
        }
    }));
    out.resize(rows, f64::NAN);
    if let Some(slots) = out.get_mut(seeded..) {
        smoothed_run(slots, state, smoothing.inv_period, bars, value);
    }
    out
}

/// The bars after the seed, into `slots`: Wilder's smoothing alone. A function of its
/// own over slots filled beforehand, so that no call is made while the state is live
/// (see `Adx::smoothed_run`).
#[inline(never)]
fn smoothed_run<B, V>(slots: &mut [f64], mut state: Movement, inv_period: f64, bars: B, value: V)
where
    B: Iterator<Item = (f64, f64, f64)>,
    V: Fn(&Movement) -> f64,
{
    for (slot, (high, low, close)) in slots.iter_mut().zip(bars) {
        state = state.smoothed(inv_period, high, low, close);
        *slot = value(&state);
    }
}
