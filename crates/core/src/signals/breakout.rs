//! Channel breakout: a close beyond the previous n bars' range.

use super::{check_lengths, Direction, SignalEvent, SignalKind};
use crate::error::Error;
use crate::indicators::window::{Extreme, RollingExtreme, Ties};

/// A close above the highest high (bullish) or below the lowest low (bearish) of the
/// `bars` bars before this one (Donchian / turtle breakout; the current bar is not in
/// the channel it breaks). Emitted on every bar that closes outside; silent until
/// `bars` bars have been seen. Amortized O(1) per bar.
///
/// Strength = min(1, distance past the channel / channel width) (1 for a zero-width channel).
///
/// ```
/// use sigil_core::signals::{Breakout, Direction};
/// let mut b = Breakout::new(2).unwrap();
/// assert!(b.update(0, 10.0, 8.0, 9.0).is_none());
/// assert!(b.update(1, 11.0, 9.0, 10.0).is_none());
/// // channel of bars 0-1: 8..11 (width 3); close 12.5 is 1.5 above
/// let e = b.update(2, 13.0, 10.0, 12.5).unwrap();
/// assert_eq!((e.direction, e.strength), (Direction::Bullish, 0.5));
/// ```
#[derive(Debug, Clone)]
pub struct Breakout {
    bars: usize,
    highs: RollingExtreme,
    lows: RollingExtreme,
    /// The channel over the bars seen so far (NaN before any).
    channel: (f64, f64),
}

impl Breakout {
    pub const MAX_BARS: usize = 100_000;

    pub fn new(bars: usize) -> Result<Breakout, Error> {
        crate::indicators::check_period("breakout", "bars", bars, 1, Self::MAX_BARS)?;
        Ok(Breakout {
            bars,
            highs: RollingExtreme::new(bars, Extreme::Max, Ties::Latest),
            lows: RollingExtreme::new(bars, Extreme::Min, Ties::Latest),
            channel: (f64::NAN, f64::NAN),
        })
    }

    pub fn update(&mut self, time: i64, high: f64, low: f64, close: f64) -> Option<SignalEvent> {
        let event = self.peek(time, high, low, close);
        if !(high.is_nan() || low.is_nan()) {
            self.channel = (self.highs.push(high).0, self.lows.push(low).0);
        }
        event
    }

    pub fn peek(&self, time: i64, _high: f64, _low: f64, close: f64) -> Option<SignalEvent> {
        if self.highs.pushed() < self.bars {
            return None;
        }
        let (top, bottom) = self.channel;
        let width = top - bottom;
        let strength = |distance: f64| if width > 0.0 { distance / width } else { 1.0 };
        if close > top {
            Some(SignalEvent::new(time, SignalKind::Breakout, Direction::Bullish, strength(close - top)))
        } else if close < bottom {
            Some(SignalEvent::new(time, SignalKind::Breakout, Direction::Bearish, strength(bottom - close)))
        } else {
            None
        }
    }

    pub fn reset(&mut self) {
        self.highs.reset();
        self.lows.reset();
        self.channel = (f64::NAN, f64::NAN);
    }

    pub fn batch(times: &[i64], high: &[f64], low: &[f64], close: &[f64], bars: usize) -> Result<Vec<Option<SignalEvent>>, Error> {
        check_lengths("breakout", times, &[("high", high), ("low", low), ("close", close)])?;
        let mut b = Breakout::new(bars)?;
        Ok((0..times.len())
            .map(|i| match (times.get(i), high.get(i), low.get(i), close.get(i)) {
                (Some(&t), Some(&h), Some(&l), Some(&c)) => b.update(t, h, l, c),
                _ => None,
            })
            .collect())
    }
}
