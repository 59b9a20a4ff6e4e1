//! Where the protective stop goes.

use super::check;
use super::sizing::Side;
use crate::bar::Bar;
use crate::error::Error;
use crate::indicators::window::{Extreme, RollingExtreme, Ties};
use crate::indicators::Atr;

/// How a position's protective stop is placed.
///
/// ```
/// use sigil_core::risk::{Side, StopRule};
/// let entry = 200.0;
/// assert_eq!(StopRule::Percent(5.0).initial(entry, Side::Long, f64::NAN, f64::NAN, f64::NAN), 190.0);
/// // ATR 4, 2 ATRs above a short entry
/// assert_eq!(StopRule::Atr { period: 14, multiple: 2.0 }.initial(entry, Side::Short, 4.0, f64::NAN, f64::NAN), 208.0);
/// // Chandelier: highest high of the window (210) minus 3 ATRs
/// assert_eq!(StopRule::Chandelier { period: 22, multiple: 3.0 }.initial(entry, Side::Long, 4.0, 210.0, 180.0), 198.0);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum StopRule {
    /// An absolute price.
    FixedPrice(f64),
    /// A percent of the entry price away from it (`5.0` = 5 %).
    Percent(f64),
    /// `multiple` times ATR(`period`) of the signal bar away from the entry; fixed for the trade.
    Atr { period: usize, multiple: f64 },
    /// Chandelier exit: for a long, the highest high of the last `period` bars minus
    /// `multiple` · ATR(`period`); for a short, the lowest low plus it. It trails: after
    /// each bar it moves to the new value if that is tighter, never back.
    Chandelier { period: usize, multiple: f64 },
}

impl StopRule {
    /// The ATR period the rule reads, if any.
    pub fn atr_period(&self) -> Option<usize> {
        match *self {
            StopRule::Atr { period, .. } | StopRule::Chandelier { period, .. } => Some(period),
            _ => None,
        }
    }

    pub fn validate(&self) -> Result<(), Error> {
        match *self {
            StopRule::FixedPrice(p) => check("stop", "price", p, p > 0.0, "a positive price"),
            StopRule::Percent(p) => check("stop", "percent", p, p > 0.0 && p < 100.0, "a percent in (0, 100)"),
            StopRule::Atr { period, multiple } | StopRule::Chandelier { period, multiple } => {
                Atr::new(period)?;
                check("stop", "multiple", multiple, multiple > 0.0, "a positive multiple of the ATR")
            }
        }
    }

    /// The stop for an entry at `entry`, from the ATR and the window's highest high and
    /// lowest low as of the signal bar (ignored by the rules that do not read them).
    pub fn initial(&self, entry: f64, side: Side, atr: f64, highest_high: f64, lowest_low: f64) -> f64 {
        let s = side.sign();
        match *self {
            StopRule::FixedPrice(p) => p,
            StopRule::Percent(p) => entry * (1.0 - s * p / 100.0),
            StopRule::Atr { multiple, .. } => entry - s * multiple * atr,
            StopRule::Chandelier { multiple, .. } => chandelier(side, multiple, atr, highest_high, lowest_low),
        }
    }

    /// The stop after a bar closes: the Chandelier ratchets, the others stay.
    pub fn trail(&self, current: f64, side: Side, atr: f64, highest_high: f64, lowest_low: f64) -> f64 {
        match *self {
            StopRule::Chandelier { multiple, .. } => {
                let next = chandelier(side, multiple, atr, highest_high, lowest_low);
                match side {
                    Side::Long if next > current => next,
                    Side::Short if next < current => next,
                    _ => current,
                }
            }
            _ => current,
        }
    }
}

fn chandelier(side: Side, multiple: f64, atr: f64, highest_high: f64, lowest_low: f64) -> f64 {
    match side {
        Side::Long => highest_high - multiple * atr,
        Side::Short => lowest_low + multiple * atr,
    }
}

/// Chandelier exit levels, streaming: `(long_stop, short_stop)` = (highest high of the
/// last `period` bars − k·ATR, lowest low + k·ATR), NaN until the ATR has its lookback.
/// Amortized O(1) per bar (monotonic deques for the extremes).
///
/// ```
/// use sigil_core::{Bar, risk::ChandelierStop};
/// let mut ch = ChandelierStop::new(1, 2.0).unwrap();
/// let bar = |high, low, close| Bar { high, low, close, ..Bar::default() };
/// assert!(ch.update(&bar(11.0, 9.0, 10.0)).0.is_nan());
/// // ATR(1) = true range = max(12 - 10, |12 - 10|, |10 - 10|) = 2: 12 - 4 and 10 + 4
/// assert_eq!(ch.update(&bar(12.0, 10.0, 11.0)), (8.0, 14.0));
/// ```
#[derive(Debug, Clone)]
pub struct ChandelierStop {
    atr: Atr,
    highs: RollingExtreme,
    lows: RollingExtreme,
    multiple: f64,
}

impl ChandelierStop {
    pub fn new(period: usize, multiple: f64) -> Result<ChandelierStop, Error> {
        StopRule::Chandelier { period, multiple }.validate()?;
        Ok(ChandelierStop {
            atr: Atr::new(period)?,
            highs: RollingExtreme::new(period, Extreme::Max, Ties::Latest),
            lows: RollingExtreme::new(period, Extreme::Min, Ties::Latest),
            multiple,
        })
    }

    /// (long stop, short stop) after `bar`.
    pub fn update(&mut self, bar: &Bar) -> (f64, f64) {
        let atr = self.atr.update(bar.high, bar.low, bar.close);
        let (hh, _) = self.highs.push(bar.high);
        let (ll, _) = self.lows.push(bar.low);
        (hh - self.multiple * atr, ll + self.multiple * atr)
    }

    /// What `update(bar)` would return, without changing state.
    pub fn peek(&self, bar: &Bar) -> (f64, f64) {
        let atr = self.atr.peek(bar.high, bar.low, bar.close);
        let (hh, _) = self.highs.peek(bar.high);
        let (ll, _) = self.lows.peek(bar.low);
        (hh - self.multiple * atr, ll + self.multiple * atr)
    }

    pub fn reset(&mut self) {
        self.atr.reset();
        self.highs.reset();
        self.lows.reset();
    }
}
