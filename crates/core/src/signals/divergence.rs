//! Regular divergence between price and an oscillator at confirmed swing points.

use std::collections::VecDeque;

use super::{check_lengths, Direction, SignalEvent, SignalKind};
use crate::error::Error;
use crate::indicators::window::{Extreme, RollingExtreme, Ties};

/// A confirmed swing: bar index, price, oscillator.
type Pivot = (usize, f64, f64);

/// Regular divergence: price makes a higher swing high while the oscillator makes a
/// lower one (bearish), or price a lower swing low while the oscillator makes a higher
/// one (bullish), the two swings at most `max_gap` bars apart.
///
/// **Confirmation lag, no lookahead.** A swing high at bar j is a price strictly above
/// the `left` bars before it and at least as high as the `right` bars after it (a swing
/// low likewise). That is only known at the close of bar j + `right`, so the event is
/// emitted then, stamped with that bar's time: a strategy acting on it trades `right`
/// bars after the turn, as it would have live. The oscillator value compared is the
/// one at the pivot bar j.
///
/// Strength = min(1, 2·|o − o₋| / (|o| + |o₋|)) with o, o₋ the oscillator at the two
/// swings: the relative disagreement of the oscillator.
///
/// Amortized O(1) per bar in the series length (windows of `left + right + 1` bars).
///
/// ```
/// use sigil_core::signals::{Direction, Divergence};
/// // swing highs at bars 1 (price 10, osc 80) and 4 (price 11, osc 70); left = right = 1
/// let price = [9.0, 10.0, 9.0, 9.5, 11.0, 10.0];
/// let osc = [50.0, 80.0, 60.0, 65.0, 70.0, 60.0];
/// let mut d = Divergence::new(1, 1, 10).unwrap();
/// let events: Vec<_> = (0..6).map(|i| d.update(i as i64, price[i], osc[i])).collect();
/// // confirmed at bar 5 = 4 + right
/// let e = events[5].unwrap();
/// assert_eq!((e.time, e.direction), (5, Direction::Bearish));
/// assert!(events[..5].iter().all(|e| e.is_none()));
/// ```
#[derive(Debug, Clone)]
pub struct Divergence {
    left: usize,
    right: usize,
    max_gap: usize,
    highs: RollingExtreme,
    lows: RollingExtreme,
    /// The last `right + 1` oscillator values (the oldest is the candidate pivot's).
    oscillator: VecDeque<f64>,
    last_high: Option<Pivot>,
    last_low: Option<Pivot>,
    /// Bars seen.
    seen: usize,
}

impl Divergence {
    pub const MAX_WINDOW: usize = 10_000;

    pub fn new(left: usize, right: usize, max_gap: usize) -> Result<Divergence, Error> {
        crate::indicators::check_period("divergence", "left", left, 1, Self::MAX_WINDOW)?;
        crate::indicators::check_period("divergence", "right", right, 0, Self::MAX_WINDOW)?;
        crate::indicators::check_period("divergence", "max_gap", max_gap, 1, usize::MAX / 4)?;
        let window = left + right + 1;
        Ok(Divergence {
            left,
            right,
            max_gap,
            highs: RollingExtreme::new(window, Extreme::Max, Ties::Earliest),
            lows: RollingExtreme::new(window, Extreme::Min, Ties::Earliest),
            oscillator: VecDeque::with_capacity(right + 2),
            last_high: None,
            last_low: None,
            seen: 0,
        })
    }

    pub fn update(&mut self, time: i64, price: f64, oscillator: f64) -> Option<SignalEvent> {
        let centre_osc = self.centre_oscillator(oscillator);
        let high = self.highs.push(price);
        let low = self.lows.push(price);
        self.oscillator.push_back(oscillator);
        if self.oscillator.len() > self.right + 1 {
            self.oscillator.pop_front();
        }
        let (event, new_high, new_low) = self.detect(time, high, low, centre_osc);
        self.seen += 1;
        if new_high.is_some() {
            self.last_high = new_high;
        }
        if new_low.is_some() {
            self.last_low = new_low;
        }
        event
    }

    pub fn peek(&self, time: i64, price: f64, oscillator: f64) -> Option<SignalEvent> {
        self.detect(time, self.highs.peek(price), self.lows.peek(price), self.centre_oscillator(oscillator)).0
    }

    pub fn reset(&mut self) {
        self.highs.reset();
        self.lows.reset();
        self.oscillator.clear();
        self.last_high = None;
        self.last_low = None;
        self.seen = 0;
    }

    /// The oscillator at bar `seen − right`, once `oscillator` (the current bar's) is added.
    fn centre_oscillator(&self, oscillator: f64) -> f64 {
        if self.right == 0 {
            return oscillator;
        }
        let kept = self.oscillator.len();
        kept.checked_sub(self.right).and_then(|i| self.oscillator.get(i)).copied().unwrap_or(f64::NAN)
    }

    /// The event at this bar and the swings it confirms.
    fn detect(&self, time: i64, high: (f64, usize), low: (f64, usize), osc: f64) -> (Option<SignalEvent>, Option<Pivot>, Option<Pivot>) {
        let index = self.seen;
        if index < self.left + self.right || !osc.is_finite() {
            return (None, None, None);
        }
        let centre = index - self.right;
        let mut event = None;
        let mut new_high = None;
        let mut new_low = None;
        if high.1 == centre && high.0.is_finite() {
            if let Some((at, price, o)) = self.last_high {
                if centre - at <= self.max_gap && high.0 > price && osc < o {
                    event = Some(SignalEvent::new(time, SignalKind::Divergence, Direction::Bearish, strength(osc, o)));
                }
            }
            new_high = Some((centre, high.0, osc));
        }
        if low.1 == centre && low.0.is_finite() {
            if let Some((at, price, o)) = self.last_low {
                if centre - at <= self.max_gap && low.0 < price && osc > o && event.is_none() {
                    event = Some(SignalEvent::new(time, SignalKind::Divergence, Direction::Bullish, strength(osc, o)));
                }
            }
            new_low = Some((centre, low.0, osc));
        }
        (event, new_high, new_low)
    }

    pub fn batch(
        times: &[i64],
        price: &[f64],
        oscillator: &[f64],
        left: usize,
        right: usize,
        max_gap: usize,
    ) -> Result<Vec<Option<SignalEvent>>, Error> {
        check_lengths("divergence", times, &[("price", price), ("oscillator", oscillator)])?;
        let mut d = Divergence::new(left, right, max_gap)?;
        Ok(times.iter().zip(price.iter().zip(oscillator)).map(|(&t, (&p, &o))| d.update(t, p, o)).collect())
    }
}

fn strength(now: f64, before: f64) -> f64 {
    let scale = now.abs() + before.abs();
    if scale > 0.0 {
        2.0 * (now - before).abs() / scale
    } else {
        0.0
    }
}
