//! Signals as backtest conditions, bar by bar.

use super::{Breakout, Cross, Direction, SignalEvent, SignalKind, Squeeze};
use crate::backtest::Condition;
use crate::bar::Bar;
use crate::error::Error;
use crate::indicators::Ema;

/// A signal fed whole bars (it computes its own inputs).
///
/// ```
/// use sigil_core::signals::{BarSignal, Breakout};
/// use sigil_core::Bar;
/// let mut b = Breakout::new(1).unwrap();
/// assert!(b.update_bar(&Bar::from_price(10.0)).is_none());
/// assert!(b.update_bar(&Bar::from_price(11.0)).is_some()); // closes above the previous high
/// ```
pub trait BarSignal {
    fn update_bar(&mut self, bar: &Bar) -> Option<SignalEvent>;
    fn reset_signal(&mut self);
}

impl BarSignal for Breakout {
    fn update_bar(&mut self, bar: &Bar) -> Option<SignalEvent> {
        self.update(bar.time, bar.high, bar.low, bar.close)
    }

    fn reset_signal(&mut self) {
        self.reset();
    }
}

impl BarSignal for Squeeze {
    fn update_bar(&mut self, bar: &Bar) -> Option<SignalEvent> {
        self.update(bar.time, bar.high, bar.low, bar.close)
    }

    fn reset_signal(&mut self) {
        self.reset();
    }
}

/// EMA(`fast`) of the close crossing EMA(`slow`): a [`Cross`] over two core EMAs.
///
/// ```
/// use sigil_core::signals::{BarSignal, EmaCross};
/// use sigil_core::Bar;
/// let mut x = EmaCross::new(2, 4).unwrap();
/// let events: Vec<_> = [5.0, 4.0, 3.0, 2.0, 3.0, 5.0, 8.0].iter().enumerate()
///     .map(|(t, &p)| x.update_bar(&Bar { time: t as i64, ..Bar::from_price(p) })).collect();
/// assert!(events.iter().flatten().count() >= 1);
/// ```
#[derive(Debug, Clone)]
pub struct EmaCross {
    fast: Ema,
    slow: Ema,
    cross: Cross,
}

impl EmaCross {
    pub fn new(fast: usize, slow: usize) -> Result<EmaCross, Error> {
        Ok(EmaCross { fast: Ema::new(fast)?, slow: Ema::new(slow)?, cross: Cross::new() })
    }
}

impl BarSignal for EmaCross {
    fn update_bar(&mut self, bar: &Bar) -> Option<SignalEvent> {
        let (f, s) = (self.fast.update(bar.close), self.slow.update(bar.close));
        self.cross.update(bar.time, f, s)
    }

    fn reset_signal(&mut self) {
        self.fast.reset();
        self.slow.reset();
        self.cross.reset();
    }
}

/// A [`Condition`] true on the bars where `source` emits an event of `kind` (any if
/// `None`) and `direction` (any if `None`): a streaming strategy in O(1) per bar.
///
/// ```
/// use sigil_core::backtest::{run_conditions, Strategy};
/// use sigil_core::signals::{Direction, EmaCross, SignalCondition};
/// use sigil_core::Bar;
/// let bars: Vec<Bar> = (0..50).map(|i| Bar { time: i, ..Bar::from_price(100.0 + (i as f64 / 3.0).sin() * 10.0) }).collect();
/// let mut entry = SignalCondition::new(EmaCross::new(3, 8).unwrap(), None, Some(Direction::Bullish));
/// let mut exit = SignalCondition::new(EmaCross::new(3, 8).unwrap(), None, Some(Direction::Bearish));
/// let report = run_conditions(&bars, &mut entry, &mut exit, &Strategy::default()).unwrap();
/// assert!(!report.trades.is_empty());
/// ```
#[derive(Debug, Clone)]
pub struct SignalCondition<S: BarSignal> {
    source: S,
    kind: Option<SignalKind>,
    direction: Option<Direction>,
}

impl<S: BarSignal> SignalCondition<S> {
    pub fn new(source: S, kind: Option<SignalKind>, direction: Option<Direction>) -> SignalCondition<S> {
        SignalCondition { source, kind, direction }
    }
}

impl<S: BarSignal> Condition for SignalCondition<S> {
    fn update(&mut self, bar: &Bar) -> bool {
        self.source
            .update_bar(bar)
            .is_some_and(|e| self.kind.is_none_or(|k| k == e.kind) && self.direction.is_none_or(|d| d == e.direction))
    }

    fn reset(&mut self) {
        self.source.reset_signal();
    }
}
