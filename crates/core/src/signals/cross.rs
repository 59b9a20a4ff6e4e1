//! One series crossing another, or zero.

use super::{check_lengths, Direction, SignalEvent, SignalKind};
use crate::error::Error;

/// `a` crossing `b`: [`SignalKind::CrossOver`] (bullish) when `a` was at or below `b`
/// and closes above it, [`SignalKind::CrossUnder`] (bearish) the other way. A NaN on
/// either side (warm-up, gap) means no cross at that bar or the next.
///
/// Strength = |a − b| / (|a − b| + |a₋₁ − b₋₁|): how decisively the cross went
/// through, 0.5 for a symmetric cross, near 1 when `a` jumped far past `b` from just
/// touching it, near 0 when it barely crossed.
///
/// ```
/// use sigil_core::signals::{Cross, SignalKind};
/// let mut c = Cross::new();
/// assert!(c.update(0, 1.0, 2.0).is_none());
/// let e = c.update(1, 3.0, 2.0).unwrap(); // gap −1 then +1
/// assert_eq!((e.kind, e.strength), (SignalKind::CrossOver, 0.5));
/// ```
#[derive(Debug, Clone, Default)]
pub struct Cross {
    previous: Option<(f64, f64)>,
}

impl Cross {
    pub fn new() -> Cross {
        Cross::default()
    }

    pub fn update(&mut self, time: i64, a: f64, b: f64) -> Option<SignalEvent> {
        let event = self.peek(time, a, b);
        self.previous = Some((a, b));
        event
    }

    pub fn peek(&self, time: i64, a: f64, b: f64) -> Option<SignalEvent> {
        let (pa, pb) = self.previous?;
        let up = pa <= pb && a > b;
        let down = pa >= pb && a < b;
        if !(up || down) {
            return None;
        }
        let now = (a - b).abs();
        let strength = now / (now + (pa - pb).abs());
        Some(SignalEvent::new(time, if up { SignalKind::CrossOver } else { SignalKind::CrossUnder }, Direction::of(up), strength))
    }

    pub fn reset(&mut self) {
        self.previous = None;
    }

    pub fn batch(times: &[i64], a: &[f64], b: &[f64]) -> Result<Vec<Option<SignalEvent>>, Error> {
        check_lengths("cross", times, &[("a", a), ("b", b)])?;
        let mut cross = Cross::new();
        Ok(times.iter().zip(a.iter().zip(b)).map(|(&t, (&a, &b))| cross.update(t, a, b)).collect())
    }
}

/// A series crossing zero ([`SignalKind::ZeroCross`]), e.g. a MACD histogram or a
/// momentum: bullish upward. Strength as for [`Cross`] against the zero line:
/// |x| / (|x| + |x₋₁|).
///
/// ```
/// use sigil_core::signals::{Direction, ZeroCross};
/// let mut z = ZeroCross::new();
/// z.update(0, 3.0);
/// let e = z.update(1, -1.0).unwrap();
/// assert_eq!((e.direction, e.strength), (Direction::Bearish, 0.25));
/// ```
#[derive(Debug, Clone, Default)]
pub struct ZeroCross {
    cross: Cross,
}

impl ZeroCross {
    pub fn new() -> ZeroCross {
        ZeroCross::default()
    }

    pub fn update(&mut self, time: i64, x: f64) -> Option<SignalEvent> {
        self.cross.update(time, x, 0.0).map(as_zero_cross)
    }

    pub fn peek(&self, time: i64, x: f64) -> Option<SignalEvent> {
        self.cross.peek(time, x, 0.0).map(as_zero_cross)
    }

    pub fn reset(&mut self) {
        self.cross.reset();
    }

    pub fn batch(times: &[i64], x: &[f64]) -> Result<Vec<Option<SignalEvent>>, Error> {
        check_lengths("zero_cross", times, &[("x", x)])?;
        let mut z = ZeroCross::new();
        Ok(times.iter().zip(x).map(|(&t, &x)| z.update(t, x)).collect())
    }
}

fn as_zero_cross(e: SignalEvent) -> SignalEvent {
    SignalEvent { kind: SignalKind::ZeroCross, ..e }
}
