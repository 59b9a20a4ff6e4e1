//! Bollinger bands inside Keltner channels: volatility contraction and its release.

use super::{check_lengths, Direction, SignalEvent, SignalKind};
use crate::error::Error;
use crate::indicators::{Bbands, Keltner};

/// The squeeze: on while both Bollinger bands (SMA(`period`) ± `bb_mult`·σ of the close)
/// lie inside the Keltner channel (EMA(`period`) of the typical price ± `kc_mult`·ATR(`atr_period`)),
/// from the core's [`Bbands`] and [`Keltner`]. Emits [`SignalKind::SqueezeOn`] on the bar
/// it starts and [`SignalKind::SqueezeOff`] on the bar it releases.
///
/// Direction = the close against the Bollinger middle band at that bar (above: bullish),
/// the usual guess at which way a release breaks.
/// Strength: on, 1 − BB width / KC width (how tight); off, min(1, BB width / KC width − 1)
/// (how hard the bands burst out).
///
/// ```
/// use sigil_core::signals::Squeeze;
/// let mut sq = Squeeze::new(20, 2.0, 10, 1.5).unwrap();
/// assert!(sq.update(0, 10.5, 9.5, 10.0).is_none()); // warming up
/// assert!(!sq.is_on());
/// ```
#[derive(Debug, Clone)]
pub struct Squeeze {
    bbands: Bbands,
    keltner: Keltner,
    on: bool,
}

impl Squeeze {
    pub fn new(period: usize, bb_mult: f64, atr_period: usize, kc_mult: f64) -> Result<Squeeze, Error> {
        Ok(Squeeze { bbands: Bbands::new(period, bb_mult, bb_mult, 0)?, keltner: Keltner::new(period, atr_period, kc_mult)?, on: false })
    }

    /// Whether the last bar closed in a squeeze.
    pub fn is_on(&self) -> bool {
        self.on
    }

    pub fn update(&mut self, time: i64, high: f64, low: f64, close: f64) -> Option<SignalEvent> {
        let bands = self.bbands.update(close);
        let channel = self.keltner.update(high, low, close);
        let (event, on) = self.step(time, close, bands, channel);
        self.on = on;
        event
    }

    pub fn peek(&self, time: i64, high: f64, low: f64, close: f64) -> Option<SignalEvent> {
        self.step(time, close, self.bbands.peek(close), self.keltner.peek(high, low, close)).0
    }

    pub fn reset(&mut self) {
        self.bbands.reset();
        self.keltner.reset();
        self.on = false;
    }

    fn step(
        &self,
        time: i64,
        close: f64,
        (bb_up, bb_mid, bb_low): (f64, f64, f64),
        [kc_up, _, kc_low]: [f64; 3],
    ) -> (Option<SignalEvent>, bool) {
        if [bb_up, bb_low, kc_up, kc_low].iter().any(|v| v.is_nan()) {
            return (None, self.on);
        }
        let on = bb_up < kc_up && bb_low > kc_low;
        let kc_width = kc_up - kc_low;
        let ratio = if kc_width > 0.0 { (bb_up - bb_low) / kc_width } else { 1.0 };
        let direction = Direction::of(close > bb_mid);
        let event = match (self.on, on) {
            (false, true) => Some(SignalEvent::new(time, SignalKind::SqueezeOn, direction, 1.0 - ratio)),
            (true, false) => Some(SignalEvent::new(time, SignalKind::SqueezeOff, direction, ratio - 1.0)),
            _ => None,
        };
        (event, on)
    }

    #[allow(clippy::too_many_arguments)]
    pub fn batch(
        times: &[i64],
        high: &[f64],
        low: &[f64],
        close: &[f64],
        period: usize,
        bb_mult: f64,
        atr_period: usize,
        kc_mult: f64,
    ) -> Result<Vec<Option<SignalEvent>>, Error> {
        check_lengths("squeeze", times, &[("high", high), ("low", low), ("close", close)])?;
        let mut s = Squeeze::new(period, bb_mult, atr_period, kc_mult)?;
        Ok((0..times.len())
            .map(|i| match (times.get(i), high.get(i), low.get(i), close.get(i)) {
                (Some(&t), Some(&h), Some(&l), Some(&c)) => s.update(t, h, l, c),
                _ => None,
            })
            .collect())
    }
}
