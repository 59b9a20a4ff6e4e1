use super::{collect, emit, rows};
use crate::bar::{Bar, Input};
use crate::error::Error;
use crate::indicators::window::{Extreme, RollingExtreme, Ties};
use crate::indicators::{check_period, first, int_param, timeperiod};
use crate::registry::{IndicatorDef, Streaming};
use std::collections::VecDeque;

/// Ulcer Index (Peter Martin): the root mean square of the percentage drawdowns from
/// the highest close of the last `period` bars, over the last `period` bars:
/// `dd = 100 * (close - max close) / max close`, `ulcer = sqrt(sum(dd²) / period)`.
///
/// A drawdown needs a full window of closes, so the first value is at index
/// `2 * (period - 1)` (as pandas-ta computes it). While a non-finite drawdown (from a
/// NaN or infinite close, or a zero highest close) is in the window the output is
/// NaN; it recovers once that value leaves the window. The running sum of squares is
/// rebuilt from the window every `period` bars so rounding cannot accumulate
/// (amortized O(1) per bar; `peek` is O(1)).
///
/// ```
/// use sigil_core::indicators::UlcerIndex;
/// let mut ulcer = UlcerIndex::new(2).unwrap();
/// assert!(ulcer.update(100.0).is_nan());
/// assert!(ulcer.update(100.0).is_nan()); // first drawdown: 0
/// assert_eq!(ulcer.update(90.0), 50f64.sqrt()); // drawdowns 0 and -10
/// assert_eq!(ulcer.peek(99.0), 50f64.sqrt()); // drawdowns -10 and 0
/// ```
#[derive(Debug, Clone)]
pub struct UlcerIndex {
    period: usize,
    highest: RollingExtreme,
    /// The squared drawdowns in the window, oldest first.
    squares: VecDeque<f64>,
    /// Sum of the finite squares in the window.
    sum: f64,
    /// Non-finite squares in the window.
    non_finite: usize,
    /// Squares pushed since the sum was last rebuilt.
    since_rebuild: usize,
    /// When the next bar rebuilds the sum: the sum of the squares that stay in the
    /// window, so that `peek` can give the rebuilt value in O(1).
    rebuild_base: f64,
}

impl UlcerIndex {
    pub const NAME: &'static str = "ulcer";
    pub const DEFAULT_PERIOD: usize = 14;
    pub const MIN_PERIOD: usize = 1;
    pub const MAX_PERIOD: usize = 100_000;

    pub fn new(period: usize) -> Result<UlcerIndex, Error> {
        check_period(Self::NAME, "timeperiod", period, Self::MIN_PERIOD, Self::MAX_PERIOD)?;
        Ok(UlcerIndex {
            period,
            highest: RollingExtreme::new(period, Extreme::Max, Ties::Latest),
            squares: VecDeque::new(),
            sum: 0.0,
            non_finite: 0,
            since_rebuild: 0,
            rebuild_base: 0.0,
        })
    }

    pub fn lookback(period: usize) -> usize {
        2 * period.saturating_sub(1)
    }

    pub fn batch(close: &[f64], period: usize) -> Result<Vec<f64>, Error> {
        let mut ulcer = UlcerIndex::new(period)?;
        Ok(close.iter().map(|&c| ulcer.update(c)).collect())
    }

    #[inline]
    pub fn update(&mut self, close: f64) -> f64 {
        let (highest, _) = self.highest.push(close);
        if self.highest.pushed() < self.period {
            return f64::NAN;
        }
        let square = squared_drawdown(close, highest);
        if self.squares.len() == self.period {
            if let Some(old) = self.squares.pop_front() {
                self.remove(old);
            }
        }
        self.squares.push_back(square);
        self.add(square);
        self.since_rebuild += 1;
        if self.since_rebuild >= self.period {
            self.sum = self.squares.iter().filter(|s| s.is_finite()).sum();
            self.since_rebuild = 0;
        }
        if self.since_rebuild + 1 >= self.period {
            let leaving = usize::from(self.squares.len() == self.period);
            self.rebuild_base = self.squares.iter().skip(leaving).filter(|s| s.is_finite()).sum();
        }
        self.output(self.squares.len(), self.sum, self.non_finite)
    }

    #[inline]
    pub fn peek(&self, close: f64) -> f64 {
        let (highest, _) = self.highest.peek(close);
        if self.highest.pushed() + 1 < self.period {
            return f64::NAN;
        }
        let square = squared_drawdown(close, highest);
        let (mut sum, mut non_finite, mut len) = (self.sum, self.non_finite, self.squares.len() + 1);
        if self.squares.len() == self.period {
            len -= 1;
            match self.squares.front() {
                Some(old) if old.is_finite() => sum -= old,
                Some(_) => non_finite -= 1,
                None => {}
            }
        }
        if square.is_finite() {
            sum += square;
        } else {
            non_finite += 1;
        }
        // The rebuild `update` would do after this bar.
        if self.since_rebuild + 1 >= self.period {
            sum = if square.is_finite() { self.rebuild_base + square } else { self.rebuild_base };
        }
        self.output(len, sum, non_finite)
    }

    pub fn reset(&mut self) {
        self.highest.reset();
        self.squares.clear();
        self.sum = 0.0;
        self.non_finite = 0;
        self.since_rebuild = 0;
        self.rebuild_base = 0.0;
    }

    fn add(&mut self, square: f64) {
        if square.is_finite() {
            self.sum += square;
        } else {
            self.non_finite += 1;
        }
    }

    fn remove(&mut self, square: f64) {
        if square.is_finite() {
            self.sum -= square;
        } else {
            self.non_finite -= 1;
        }
    }

    #[inline]
    fn output(&self, len: usize, sum: f64, non_finite: usize) -> f64 {
        if len < self.period || non_finite > 0 {
            f64::NAN
        } else {
            (sum.max(0.0) / self.period as f64).sqrt()
        }
    }
}

#[inline]
fn squared_drawdown(close: f64, highest: f64) -> f64 {
    let drawdown = 100.0 * (close - highest) / highest;
    drawdown * drawdown
}

impl Streaming for UlcerIndex {
    fn update(&mut self, bar: &Bar, out: &mut [f64]) {
        emit(out, &[UlcerIndex::update(self, bar.close)]);
    }
    fn peek(&self, bar: &Bar, out: &mut [f64]) {
        emit(out, &[UlcerIndex::peek(self, bar.close)]);
    }
    fn reset(&mut self) {
        UlcerIndex::reset(self);
    }
}

pub(crate) static DEF: IndicatorDef = IndicatorDef {
    name: UlcerIndex::NAME,
    title: "Ulcer Index",
    group: "Volatility Indicators",
    inputs: &[Input::Close],
    params: &[timeperiod(UlcerIndex::DEFAULT_PERIOD, UlcerIndex::MIN_PERIOD, UlcerIndex::MAX_PERIOD)],
    outputs: &["real"],
    overlay: false,
    lookback: |p| UlcerIndex::lookback(int_param(p, 0)),
    batch: kernel!(|p, c| {
        let close = first(c);
        let mut ulcer = UlcerIndex::new(int_param(p, 0))?;
        Ok(collect(rows(&[close]), |i| [ulcer.update(close[i])]))
    }),
    stream: |p| Ok(Box::new(UlcerIndex::new(int_param(p, 0))?)),
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hand_computed_period_three() {
        // Closes 100, 110, 99, 88, 121, 110.
        // Highest of 3 from bar 2: 110, 110, 110, 121, 121.
        // Drawdowns %: -10, -20, 0, -100/11 (bars 2..5).
        // Bar 4: sqrt((100 + 400 + 0) / 3); bar 5: sqrt((400 + 0 + 10000/121) / 3).
        let out = UlcerIndex::batch(&[100.0, 110.0, 99.0, 88.0, 121.0, 110.0], 3).unwrap();
        assert!(out[..4].iter().all(|v| v.is_nan()), "{out:?}");
        assert!((out[4] - (500.0f64 / 3.0).sqrt()).abs() < 1e-12);
        assert!((out[5] - ((400.0 + 10000.0 / 121.0) / 3.0f64).sqrt()).abs() < 1e-12);
        assert_eq!(UlcerIndex::lookback(3), 4);
    }

    #[test]
    fn rising_series_is_exactly_zero_after_a_drawdown_leaves() {
        let mut close = vec![100.0, 97.3, 93.1, 91.7];
        close.extend((0..40).map(|i| 200.0 + i as f64));
        let out = UlcerIndex::batch(&close, 3).unwrap();
        assert!(out[10..].iter().all(|&v| v == 0.0), "{out:?}");
    }

    #[test]
    fn non_finite_close_clears_after_the_window() {
        let mut close = vec![10.0; 12];
        close[5] = f64::NAN;
        let out = UlcerIndex::batch(&close, 2).unwrap();
        assert!(out[5].is_nan() && out[6].is_nan() && out[7].is_nan());
        assert_eq!(out[8], 0.0);
        assert!(UlcerIndex::batch(&[1.0; 26], 14).unwrap().iter().all(|v| v.is_nan()));
        assert!(UlcerIndex::new(0).unwrap_err().to_string().contains("timeperiod"));
    }

    #[test]
    fn peek_matches_update_through_rebuilds() {
        let close: Vec<f64> = (0..200).map(|i| 100.0 + (i as f64 * 0.37).sin() * 20.0 + if i == 50 { f64::NAN } else { 0.0 }).collect();
        let mut ulcer = UlcerIndex::new(7).unwrap();
        for &c in &close {
            let peeked = ulcer.peek(c);
            let updated = ulcer.update(c);
            assert!(peeked.to_bits() == updated.to_bits() || (peeked.is_nan() && updated.is_nan()));
        }
    }
}
