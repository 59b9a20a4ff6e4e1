//! Signal primitives over any f64 series (typically indicator outputs): crosses,
//! thresholds with hysteresis, zero crosses, rising/falling runs, channel breakouts,
//! divergences and the Bollinger-in-Keltner squeeze; and a composite [`score`].
//!
//! Each primitive streams in O(1) per bar (`update`), answers for a forming bar
//! without changing state (`peek`), can `reset`, and has a `batch` form giving one
//! `Option<SignalEvent>` per input row. An event is emitted at the bar whose close
//! decides it, never earlier: divergence, which needs bars after a swing to confirm
//! it, reports at the confirming bar (see [`Divergence`]).
//!
//! [`mask`] turns events into the per-bar booleans the [`crate::backtest`] engine takes.
//!
//! ```
//! use sigil_core::signals::{mask, Cross, Direction, SignalKind};
//! let fast = [1.0, 2.0, 3.0, 2.0];
//! let slow = [2.0, 2.0, 2.0, 2.5];
//! let events = Cross::batch(&[0, 1, 2, 3], &fast, &slow).unwrap();
//! assert_eq!(events[2].map(|e| e.kind), Some(SignalKind::CrossOver));
//! assert_eq!(mask(&events, None, Some(Direction::Bearish)), [false, false, false, true]);
//! ```

mod breakout;
mod condition;
mod cross;
mod divergence;
mod run;
pub mod score;
mod squeeze;
#[cfg(test)]
mod tests;
mod threshold;

pub use breakout::Breakout;
pub use condition::{BarSignal, EmaCross, SignalCondition};
pub use cross::{Cross, ZeroCross};
pub use divergence::Divergence;
pub use run::Run;
pub use score::{Component, Score, ScoreConfig, ScoreReport};
pub use squeeze::Squeeze;
pub use threshold::{Threshold, Zone};

use crate::error::Error;

/// What happened.
///
/// ```
/// use sigil_core::signals::SignalKind;
/// assert_eq!(SignalKind::SqueezeOff.name(), "squeeze_off");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SignalKind {
    CrossOver,
    CrossUnder,
    ThresholdEnter,
    ThresholdExit,
    ZeroCross,
    Rising,
    Falling,
    Breakout,
    Divergence,
    SqueezeOn,
    SqueezeOff,
}

impl SignalKind {
    pub fn name(self) -> &'static str {
        match self {
            SignalKind::CrossOver => "cross_over",
            SignalKind::CrossUnder => "cross_under",
            SignalKind::ThresholdEnter => "threshold_enter",
            SignalKind::ThresholdExit => "threshold_exit",
            SignalKind::ZeroCross => "zero_cross",
            SignalKind::Rising => "rising",
            SignalKind::Falling => "falling",
            SignalKind::Breakout => "breakout",
            SignalKind::Divergence => "divergence",
            SignalKind::SqueezeOn => "squeeze_on",
            SignalKind::SqueezeOff => "squeeze_off",
        }
    }
}

/// Which way an event points.
///
/// ```
/// use sigil_core::signals::Direction;
/// assert_eq!(Direction::Bullish.sign(), 1.0);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Direction {
    Bullish,
    Bearish,
}

impl Direction {
    /// +1 bullish, −1 bearish.
    pub fn sign(self) -> f64 {
        match self {
            Direction::Bullish => 1.0,
            Direction::Bearish => -1.0,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Direction::Bullish => "bullish",
            Direction::Bearish => "bearish",
        }
    }

    fn of(up: bool) -> Direction {
        if up {
            Direction::Bullish
        } else {
            Direction::Bearish
        }
    }
}

/// One signal at one bar. `strength` is in [0, 1]; each primitive documents how.
///
/// ```
/// use sigil_core::signals::{Direction, SignalEvent, SignalKind};
/// let e = SignalEvent { time: 0, kind: SignalKind::Breakout, direction: Direction::Bullish, strength: 0.4 };
/// assert!(e.to_json().contains("\"kind\":\"breakout\""));
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SignalEvent {
    /// The time of the bar whose close produced the event.
    pub time: i64,
    pub kind: SignalKind,
    pub direction: Direction,
    pub strength: f64,
}

impl SignalEvent {
    fn new(time: i64, kind: SignalKind, direction: Direction, strength: f64) -> SignalEvent {
        let strength = if strength.is_nan() { 0.0 } else { strength.clamp(0.0, 1.0) };
        SignalEvent { time, kind, direction, strength }
    }

    pub fn to_json(&self) -> String {
        crate::backtest::json_object()
            .int("time", self.time)
            .str("kind", self.kind.name())
            .str("direction", self.direction.name())
            .num("strength", self.strength)
            .finish()
    }
}

/// `true` at each row holding an event of `kind` (any if `None`) and `direction` (any if `None`).
pub fn mask(events: &[Option<SignalEvent>], kind: Option<SignalKind>, direction: Option<Direction>) -> Vec<bool> {
    events.iter().map(|e| e.is_some_and(|e| kind.is_none_or(|k| k == e.kind) && direction.is_none_or(|d| d == e.direction))).collect()
}

/// Every column the same length as `times`.
pub(crate) fn check_lengths(context: &'static str, times: &[i64], columns: &[(&'static str, &[f64])]) -> Result<(), Error> {
    for (name, column) in columns {
        if column.len() != times.len() {
            return Err(Error::InvalidInput {
                context,
                reason: format!("column '{name}' has {} rows, the times have {}", column.len(), times.len()),
            });
        }
    }
    Ok(())
}
