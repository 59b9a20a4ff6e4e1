//! Entry and exit conditions: one bool per bar, decided at the bar's close.

use crate::bar::Bar;

/// A per-bar yes/no that sees each bar once, in order, at its close. The backtester
/// calls `update` for every bar (whether or not the answer is used), so stateful
/// conditions such as crossovers stay in step. The rule language's evaluator plugs in
/// here; so does any closure through [`FnCondition`].
///
/// ```
/// use sigil_core::{Bar, backtest::Condition};
/// struct CloseAbove(f64);
/// impl Condition for CloseAbove {
///     fn update(&mut self, bar: &Bar) -> bool { bar.close > self.0 }
///     fn reset(&mut self) {}
/// }
/// assert!(CloseAbove(10.0).update(&Bar::from_price(11.0)));
/// ```
pub trait Condition {
    /// The answer for `bar`, which has just closed.
    fn update(&mut self, bar: &Bar) -> bool;
    /// Forget every bar seen.
    fn reset(&mut self);
}

/// A precomputed series of answers, replayed one per bar; `false` past its end.
///
/// ```
/// use sigil_core::{Bar, backtest::{Condition, SeriesCondition}};
/// let mut c = SeriesCondition::new(&[false, true]);
/// let bar = Bar::default();
/// assert_eq!((c.update(&bar), c.update(&bar), c.update(&bar)), (false, true, false));
/// ```
#[derive(Debug, Clone)]
pub struct SeriesCondition<'a> {
    values: &'a [bool],
    next: usize,
}

impl<'a> SeriesCondition<'a> {
    pub fn new(values: &'a [bool]) -> SeriesCondition<'a> {
        SeriesCondition { values, next: 0 }
    }
}

impl Condition for SeriesCondition<'_> {
    fn update(&mut self, _bar: &Bar) -> bool {
        let value = self.values.get(self.next).copied().unwrap_or(false);
        self.next += 1;
        value
    }

    fn reset(&mut self) {
        self.next = 0;
    }
}

/// A condition from a closure over the closed bar (reset does nothing: keep state
/// elsewhere or implement [`Condition`] directly).
///
/// ```
/// use sigil_core::{Bar, backtest::{Condition, FnCondition}};
/// let mut green = FnCondition(|bar: &Bar| bar.close > bar.open);
/// assert!(green.update(&Bar { open: 1.0, close: 2.0, ..Bar::default() }));
/// ```
pub struct FnCondition<F: FnMut(&Bar) -> bool>(pub F);

impl<F: FnMut(&Bar) -> bool> Condition for FnCondition<F> {
    fn update(&mut self, bar: &Bar) -> bool {
        (self.0)(bar)
    }

    fn reset(&mut self) {}
}

/// Never true: an exit condition for strategies that leave only by stop or take-profit.
///
/// ```
/// use sigil_core::{Bar, backtest::{Condition, Never}};
/// assert!(!Never.update(&Bar::default()));
/// ```
#[derive(Debug, Clone, Copy, Default)]
pub struct Never;

impl Condition for Never {
    fn update(&mut self, _bar: &Bar) -> bool {
        false
    }

    fn reset(&mut self) {}
}
