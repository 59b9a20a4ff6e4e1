//! A level entered and left with hysteresis.

use super::{check_lengths, Direction, SignalEvent, SignalKind};
use crate::error::Error;
use crate::risk::check;

/// Which side of the level is the zone.
///
/// ```
/// use sigil_core::signals::Zone;
/// let overbought = Zone::Above;
/// # let _ = overbought;
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Zone {
    /// Entered when the value rises to `enter` or above, left when it falls below `exit` (≤ `enter`).
    Above,
    /// Entered when the value falls to `enter` or below, left when it rises above `exit` (≥ `enter`).
    Below,
}

/// A zone with hysteresis (e.g. RSI overbought: enter at 70, leave under 65), so a value
/// hovering at the level does not flicker. Emits [`SignalKind::ThresholdEnter`] and
/// [`SignalKind::ThresholdExit`]; the direction is the value's direction of travel
/// (entering an `Above` zone is bullish, leaving it bearish; the reverse for `Below`):
/// whether "overbought" means sell is the strategy's business.
///
/// Strength = how far past the crossed level the value closed, in units of the
/// hysteresis band |enter − exit|, capped at 1 (1 when the band is zero).
///
/// ```
/// use sigil_core::signals::{SignalKind, Threshold, Zone};
/// let mut rsi_ob = Threshold::new(Zone::Above, 70.0, 65.0).unwrap();
/// assert_eq!(rsi_ob.update(0, 72.5).unwrap().strength, 0.5); // 2.5 past 70, band 5
/// assert!(rsi_ob.update(1, 66.0).is_none()); // inside the band: still in the zone
/// assert_eq!(rsi_ob.update(2, 64.0).unwrap().kind, SignalKind::ThresholdExit);
/// ```
#[derive(Debug, Clone)]
pub struct Threshold {
    zone: Zone,
    enter: f64,
    exit: f64,
    inside: bool,
}

impl Threshold {
    pub fn new(zone: Zone, enter: f64, exit: f64) -> Result<Threshold, Error> {
        check("threshold", "enter", enter, true, "a finite level")?;
        let (ok, expected) = match zone {
            Zone::Above => (exit <= enter, "a finite level at or below `enter` for an Above zone"),
            Zone::Below => (exit >= enter, "a finite level at or above `enter` for a Below zone"),
        };
        check("threshold", "exit", exit, ok, expected)?;
        Ok(Threshold { zone, enter, exit, inside: false })
    }

    /// Whether the last value left the series inside the zone.
    pub fn inside(&self) -> bool {
        self.inside
    }

    pub fn update(&mut self, time: i64, x: f64) -> Option<SignalEvent> {
        let (event, inside) = self.step(time, x);
        self.inside = inside;
        event
    }

    pub fn peek(&self, time: i64, x: f64) -> Option<SignalEvent> {
        self.step(time, x).0
    }

    pub fn reset(&mut self) {
        self.inside = false;
    }

    fn step(&self, time: i64, x: f64) -> (Option<SignalEvent>, bool) {
        if x.is_nan() {
            return (None, self.inside);
        }
        let above = self.zone == Zone::Above;
        let band = (self.enter - self.exit).abs();
        let strength = |level: f64| if band > 0.0 { (x - level).abs() / band } else { 1.0 };
        if !self.inside {
            let enters = if above { x >= self.enter } else { x <= self.enter };
            if enters {
                return (Some(SignalEvent::new(time, SignalKind::ThresholdEnter, Direction::of(above), strength(self.enter))), true);
            }
        } else {
            let leaves = if above { x < self.exit } else { x > self.exit };
            if leaves {
                return (Some(SignalEvent::new(time, SignalKind::ThresholdExit, Direction::of(!above), strength(self.exit))), false);
            }
        }
        (None, self.inside)
    }

    pub fn batch(times: &[i64], x: &[f64], zone: Zone, enter: f64, exit: f64) -> Result<Vec<Option<SignalEvent>>, Error> {
        check_lengths("threshold", times, &[("x", x)])?;
        let mut t = Threshold::new(zone, enter, exit)?;
        Ok(times.iter().zip(x).map(|(&time, &x)| t.update(time, x)).collect())
    }
}
