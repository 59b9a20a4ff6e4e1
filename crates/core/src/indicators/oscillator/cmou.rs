use super::history::History;
use super::{keep_if, positive_part};
use crate::bar::Input;
use crate::error::Error;
use crate::indicators::{check_period, first, int_param, on_input, single_series, timeperiod};
use crate::registry::IndicatorDef;

/// Chande Momentum Oscillator, unsmoothed (TA-Lib 0.8.1 `CMOU`, the definition of
/// TradingView's `ta.cmo`): over the last `period` changes,
/// `100 * (up - down) / (up + down)` with plain window sums; 0 for a flat window.
///
/// The sums slide (add the newest change, drop the oldest), so a window that has
/// become entirely flat would hold rounding residue instead of zero; like TA-Lib, a
/// full period of zero changes resets both sums to exactly 0.
///
/// ```
/// use sigil_core::indicators::Cmou;
/// let out = Cmou::batch(&[1.0, 2.0, 4.0, 3.0, 3.0, 3.0], 2).unwrap();
/// assert_eq!(out[2], 100.0);
/// assert!((out[3] - 100.0 / 3.0).abs() < 1e-12); // up 2, down 1
/// assert_eq!(out[5], 0.0); // two flat bars
/// ```
#[derive(Debug, Clone)]
pub struct Cmou {
    period: usize,
    prev_input: Option<f64>,
    /// The last `period` changes.
    changes: History,
    up_sum: f64,
    down_sum: f64,
    /// Consecutive changes of exactly zero, to recognise an empty window exactly.
    flat_run: usize,
}

impl Cmou {
    pub const NAME: &'static str = "cmou";
    pub const DEFAULT_PERIOD: usize = 14;
    pub const MIN_PERIOD: usize = 2;
    pub const MAX_PERIOD: usize = 100_000;

    pub fn new(period: usize) -> Result<Cmou, Error> {
        check_period(Self::NAME, "timeperiod", period, Self::MIN_PERIOD, Self::MAX_PERIOD)?;
        Ok(Cmou { period, prev_input: None, changes: History::new(period), up_sum: 0.0, down_sum: 0.0, flat_run: 0 })
    }

    pub fn lookback(period: usize) -> usize {
        period
    }

    /// The whole series at once: `update`'s sums in locals, the leaving change
    /// recomputed from the slice instead of kept in a ring, each output slot written
    /// once by `extend`. Same operations in the same order, so the same bits.
    pub fn batch(input: &[f64], period: usize) -> Result<Vec<f64>, Error> {
        Cmou::new(period)?;
        let n = input.len();
        if n <= period {
            return Ok(vec![f64::NAN; n]);
        }
        let mut window = Window::EMPTY;
        for (&x, &prev) in input[1..period].iter().zip(input) {
            window = window.add(x - prev).settle(period);
        }
        let mut out = Vec::with_capacity(n);
        out.resize(period, f64::NAN);
        // Bar i's change enters, the value is read, then the change from bar
        // i - period to i - period + 1 leaves.
        let entering = input[period..].iter().zip(&input[period - 1..]);
        let leaving = input[1..].iter().zip(input);
        out.extend(entering.zip(leaving).map(|((&x, &prev), (&old_x, &old_prev))| {
            let added = window.add(x - prev);
            window = added.settle(period).remove(old_x - old_prev);
            added.value(period)
        }));
        Ok(out)
    }

    #[inline]
    pub fn update(&mut self, x: f64) -> f64 {
        let Some(prev) = self.prev_input.replace(x) else { return f64::NAN };
        let change = x - prev;
        let added = self.window().add(change);
        let out = self.output(added);
        let mut window = added.settle(self.period);
        self.changes.push(change);
        // The oldest change leaves right after the output, as in TA-Lib, so the sums
        // see the same operations in the same order.
        if let Some(oldest) = self.changes.ago(self.period) {
            window = window.remove(oldest);
        }
        (self.up_sum, self.down_sum, self.flat_run) = (window.up_sum, window.down_sum, window.flat_run);
        out
    }

    #[inline]
    pub fn peek(&self, x: f64) -> f64 {
        let Some(prev) = self.prev_input else { return f64::NAN };
        self.output(self.window().add(x - prev))
    }

    pub fn reset(&mut self) {
        self.prev_input = None;
        self.changes.reset();
        self.up_sum = 0.0;
        self.down_sum = 0.0;
        self.flat_run = 0;
    }

    #[inline]
    fn window(&self) -> Window {
        Window { up_sum: self.up_sum, down_sum: self.down_sum, flat_run: self.flat_run }
    }

    #[inline]
    fn output(&self, window: Window) -> f64 {
        if self.changes.held() + 1 < self.period {
            return f64::NAN;
        }
        window.value(self.period)
    }
}

/// The window's sums and flat run; its steps are shared by `update` and `batch` so
/// both round alike.
#[derive(Clone, Copy)]
struct Window {
    up_sum: f64,
    down_sum: f64,
    /// Consecutive changes of exactly zero, to recognise an empty window exactly.
    flat_run: usize,
}

impl Window {
    const EMPTY: Window = Window { up_sum: 0.0, down_sum: 0.0, flat_run: 0 };

    #[inline(always)]
    fn add(self, change: f64) -> Window {
        let (up, down) = split(change);
        let flat_run = if change == 0.0 { self.flat_run + 1 } else { 0 };
        Window { up_sum: self.up_sum + up, down_sum: self.down_sum + down, flat_run }
    }

    /// A full period of zero changes resets the sums to exactly 0.
    #[inline(always)]
    fn settle(self, period: usize) -> Window {
        if self.flat_run >= period {
            Window { up_sum: 0.0, down_sum: 0.0, flat_run: period }
        } else {
            self
        }
    }

    #[inline(always)]
    fn remove(self, change: f64) -> Window {
        let (up, down) = split(change);
        Window { up_sum: self.up_sum - up, down_sum: self.down_sum - down, ..self }
    }

    /// The oscillator over a full window.
    #[inline(always)]
    fn value(self, period: usize) -> f64 {
        if self.flat_run >= period {
            return 0.0;
        }
        let total = self.up_sum + self.down_sum;
        if total > 0.0 {
            100.0 * (self.up_sum - self.down_sum) / total
        } else {
            0.0
        }
    }
}

/// A change as (up move, down move magnitude). A NaN change counts as neither, as in
/// TA-Lib 0.8.1, so one NaN input leaves the window with it instead of poisoning the
/// sums for good.
#[inline(always)]
fn split(change: f64) -> (f64, f64) {
    // Selected by bit mask rather than by branch: on a noisy series the sign is a coin
    // toss, and `batch`, which also splits the change leaving the window, would pay
    // two mispredictions a bar.
    let up = positive_part(change);
    let down = f64::from_bits((-change).to_bits() & keep_if(change < 0.0));
    (up, down)
}

single_series!(Cmou);

pub(crate) static DEF: IndicatorDef = IndicatorDef {
    name: Cmou::NAME,
    title: "Chande Momentum Oscillator (Unsmoothed)",
    group: "Momentum Indicators",
    inputs: &[Input::Close],
    params: &[timeperiod(Cmou::DEFAULT_PERIOD, Cmou::MIN_PERIOD, Cmou::MAX_PERIOD)],
    outputs: &["real"],
    overlay: false,
    lookback: |p| Cmou::lookback(int_param(p, 0)),
    batch: kernel!(|p, columns| Ok(vec![Cmou::batch(first(columns), int_param(p, 0))?])),
    stream: |p| Ok(on_input(Input::Close, Cmou::new(int_param(p, 0))?)),
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flat_after_moves_is_exactly_zero() {
        let mut input: Vec<f64> = (0..30).map(|i| 100.0 + 0.37 * f64::from(i % 7) - 0.11 * f64::from(i)).collect();
        input.extend([input[29]; 20]);
        let out = Cmou::batch(&input, 5).unwrap();
        assert!(out[35..].iter().all(|&v| v == 0.0));
        assert!(Cmou::batch(&[1.0; 3], 3).unwrap().iter().all(|v| v.is_nan()));
        let tiny: Vec<f64> = (0..20).map(|i| 1e-12 * (2.0 + f64::from(i).sin())).collect();
        assert!(Cmou::batch(&tiny, 4).unwrap()[4..].iter().all(|v| v.abs() <= 100.0 && *v != 0.0));
    }
}

#[cfg(test)]
mod kernel_tests {
    use super::*;
    use crate::indicators::kernel_checks::assert_period_batch_is_updates;

    #[test]
    fn batch_is_updates_bit_for_bit() {
        assert_period_batch_is_updates("cmou", &[2, 3, 4, 14, 30], Cmou::new, Cmou::batch);
    }
}
