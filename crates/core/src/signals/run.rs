//! A series rising (or falling) for n bars in a row.

use super::{check_lengths, Direction, SignalEvent, SignalKind};
use crate::error::Error;

/// A series that has risen (fallen) on each of the last `bars` bars: emits
/// [`SignalKind::Rising`] (bullish) or [`SignalKind::Falling`] (bearish) on every bar
/// while the run is at least `bars` long, so it can serve directly as a condition.
/// An unchanged or NaN value ends the run.
///
/// Strength = min(1, run length / (2 · bars)): 0.5 when the run first qualifies,
/// 1 once it has lasted twice as long.
///
/// ```
/// use sigil_core::signals::{Run, SignalKind};
/// let mut r = Run::new(2).unwrap();
/// let kinds: Vec<_> = [1.0, 2.0, 3.0, 4.0, 3.0].iter().enumerate()
///     .map(|(t, &x)| r.update(t as i64, x).map(|e| (e.kind, e.strength))).collect();
/// assert_eq!(kinds, [None, None, Some((SignalKind::Rising, 0.5)), Some((SignalKind::Rising, 0.75)), None]);
/// ```
#[derive(Debug, Clone)]
pub struct Run {
    bars: usize,
    previous: f64,
    /// Positive: consecutive rises; negative: consecutive falls.
    run: i64,
}

impl Run {
    pub const MAX_BARS: usize = 100_000;

    pub fn new(bars: usize) -> Result<Run, Error> {
        crate::indicators::check_period("run", "bars", bars, 1, Self::MAX_BARS)?;
        Ok(Run { bars, previous: f64::NAN, run: 0 })
    }

    pub fn update(&mut self, time: i64, x: f64) -> Option<SignalEvent> {
        let run = self.next_run(x);
        self.run = run;
        self.previous = x;
        self.event(time, run)
    }

    pub fn peek(&self, time: i64, x: f64) -> Option<SignalEvent> {
        self.event(time, self.next_run(x))
    }

    pub fn reset(&mut self) {
        self.previous = f64::NAN;
        self.run = 0;
    }

    fn next_run(&self, x: f64) -> i64 {
        if x > self.previous {
            self.run.max(0) + 1
        } else if x < self.previous {
            self.run.min(0) - 1
        } else {
            0
        }
    }

    fn event(&self, time: i64, run: i64) -> Option<SignalEvent> {
        let length = run.unsigned_abs() as f64;
        if length < self.bars as f64 {
            return None;
        }
        let up = run > 0;
        let kind = if up { SignalKind::Rising } else { SignalKind::Falling };
        Some(SignalEvent::new(time, kind, Direction::of(up), length / (2.0 * self.bars as f64)))
    }

    pub fn batch(times: &[i64], x: &[f64], bars: usize) -> Result<Vec<Option<SignalEvent>>, Error> {
        check_lengths("run", times, &[("x", x)])?;
        let mut r = Run::new(bars)?;
        Ok(times.iter().zip(x).map(|(&t, &x)| r.update(t, x)).collect())
    }
}
