//! The bar-by-bar simulation. Fill rules are documented in the module doc ([`super`]).

use super::condition::{Condition, SeriesCondition};
use super::metrics::Metrics;
use super::report::{EquityPoint, ExitReason, Report, Trade};
use super::strategy::{EntryOrder, Strategy};
use crate::bar::Bar;
use crate::error::Error;
use crate::indicators::window::{Extreme, RollingExtreme, Ties};
use crate::indicators::Atr;
use crate::risk::{position_size, take_profit_price, Side};

/// Runs `strategy` over `bars` (strictly increasing times, positive prices) with precomputed conditions (`entry[i]`, `exit[i]` are
/// the answers at bar i's close; both must have one value per bar).
///
/// ```
/// use sigil_core::backtest::{run, Strategy};
/// use sigil_core::Bar;
/// let bars: Vec<Bar> = [10.0, 10.0, 12.0, 15.0].iter().enumerate().map(|(i, &p)| Bar { time: i as i64, ..Bar::from_price(p) }).collect();
/// let report = run(&bars, &[true, false, false, false], &[false, false, true, false], &Strategy::default()).unwrap();
/// let trade = &report.trades[0];
/// // signal at bar 0's close -> bought at bar 1's open; exit signal at bar 2 -> sold at bar 3's open
/// assert_eq!((trade.entry_index, trade.entry_price, trade.exit_index, trade.exit_price), (1, 10.0, 3, 15.0));
/// ```
pub fn run(bars: &[Bar], entry: &[bool], exit: &[bool], strategy: &Strategy) -> Result<Report, Error> {
    for (name, series) in [("entry", entry), ("exit", exit)] {
        if series.len() != bars.len() {
            return Err(Error::InvalidInput {
                context: "backtest",
                reason: format!("the {name} condition has {} values for {} bars", series.len(), bars.len()),
            });
        }
    }
    run_conditions(bars, &mut SeriesCondition::new(entry), &mut SeriesCondition::new(exit), strategy)
}

/// Runs `strategy` over `bars`, asking `entry` and `exit` at each bar's close. Both are
/// reset first and updated once per bar.
pub fn run_conditions(bars: &[Bar], entry: &mut dyn Condition, exit: &mut dyn Condition, strategy: &Strategy) -> Result<Report, Error> {
    strategy.validate()?;
    check_bars(bars)?;
    entry.reset();
    exit.reset();
    let mut engine = Engine::new(strategy)?;
    for (i, bar) in bars.iter().enumerate() {
        engine.open_and_intrabar(i, bar);
        engine.close(i, bar);
        let wants_entry = entry.update(bar);
        let wants_exit = exit.update(bar);
        engine.decide(bar, wants_entry, wants_exit);
    }
    if let (Some(last), Some(point)) = (bars.last(), engine.equity.last_mut()) {
        if let Some(position) = engine.position.take() {
            let price = strategy.slippage.apply(last.close, position.side, false);
            engine.cash += position.side.sign() * position.quantity * price - strategy.fee.fee(position.quantity, price);
            engine.trades.push(position.close(bars.len() - 1, last.time, price, strategy, ExitReason::EndOfData));
            *point = EquityPoint { time: last.time, equity: engine.cash, cash: engine.cash, position_value: 0.0 };
        }
    }
    let equity: Vec<f64> = engine.equity.iter().map(|p| p.equity).collect();
    let metrics = Metrics::compute(bars, strategy.initial_equity, &equity, &engine.trades, engine.in_market, strategy.periods_per_year)?;
    Ok(Report { metrics, trades: engine.trades, equity: engine.equity, skipped_entries: engine.skipped })
}

/// Bars must have finite positive prices and strictly increasing times.
pub(crate) fn check_bars(bars: &[Bar]) -> Result<(), Error> {
    for (i, bar) in bars.iter().enumerate() {
        if ![bar.open, bar.high, bar.low, bar.close].iter().all(|p| p.is_finite() && *p > 0.0) {
            return Err(Error::InvalidInput { context: "backtest", reason: format!("bar {i} has a missing, zero or negative price") });
        }
        if i > 0 && bars.get(i - 1).is_some_and(|prev| prev.time >= bar.time) {
            return Err(Error::InvalidInput { context: "backtest", reason: format!("bar {i} is not later than bar {}", i - 1) });
        }
    }
    Ok(())
}

#[derive(Debug, Clone, Copy)]
struct Position {
    side: Side,
    quantity: f64,
    entry_index: usize,
    entry_time: i64,
    entry_price: f64,
    entry_fee: f64,
    /// Whether the entry filled at the bar's open (so the whole bar came after it).
    entered_at_open: bool,
    initial_stop: Option<f64>,
    stop: Option<f64>,
    take_profit: Option<f64>,
}

impl Position {
    fn close(&self, index: usize, time: i64, price: f64, strategy: &Strategy, reason: ExitReason) -> Trade {
        let exit_fee = strategy.fee.fee(self.quantity, price);
        let fees = self.entry_fee + exit_fee;
        let pnl = self.side.sign() * self.quantity * (price - self.entry_price) - fees;
        let risk = self.initial_stop.map(|s| self.quantity * (self.entry_price - s).abs()).filter(|&r| r > 0.0);
        Trade {
            side: self.side,
            entry_index: self.entry_index,
            entry_time: self.entry_time,
            entry_price: self.entry_price,
            exit_index: index,
            exit_time: time,
            exit_price: price,
            quantity: self.quantity,
            fees,
            pnl,
            return_pct: pnl / (self.quantity * self.entry_price) * 100.0,
            r_multiple: risk.map(|r| pnl / r),
            exit_reason: reason,
        }
    }
}

/// What the signal bar left for the next bar.
#[derive(Debug, Clone, Copy)]
enum Pending {
    Exit,
    /// An entry; `atr`, `highest`, `lowest` are the stop inputs as of the signal bar.
    Entry {
        order: EntryOrder,
        reference: f64,
        atr: f64,
        highest: f64,
        lowest: f64,
    },
}

struct Engine<'s> {
    strategy: &'s Strategy,
    cash: f64,
    position: Option<Position>,
    pending: Option<Pending>,
    trades: Vec<Trade>,
    equity: Vec<EquityPoint>,
    in_market: usize,
    skipped: usize,
    /// Stop inputs, fed every bar (NaN when the stop rule needs none).
    atr: Option<Atr>,
    highs: RollingExtreme,
    lows: RollingExtreme,
    last_atr: f64,
    last_high: f64,
    last_low: f64,
}

impl<'s> Engine<'s> {
    fn new(strategy: &'s Strategy) -> Result<Engine<'s>, Error> {
        let period = strategy.stop.and_then(|s| s.atr_period());
        Ok(Engine {
            strategy,
            cash: strategy.initial_equity,
            position: None,
            pending: None,
            trades: Vec::new(),
            equity: Vec::new(),
            in_market: 0,
            skipped: 0,
            atr: period.map(Atr::new).transpose()?,
            highs: RollingExtreme::new(period.unwrap_or(1), Extreme::Max, Ties::Latest),
            lows: RollingExtreme::new(period.unwrap_or(1), Extreme::Min, Ties::Latest),
            last_atr: f64::NAN,
            last_high: f64::NAN,
            last_low: f64::NAN,
        })
    }

    /// Fills what the previous bar left pending, then the protective stop and target.
    fn open_and_intrabar(&mut self, i: usize, bar: &Bar) {
        match self.pending.take() {
            Some(Pending::Exit) => {
                if let Some(position) = self.position {
                    let price = self.strategy.slippage.apply(bar.open, position.side, false);
                    self.exit(i, bar.time, price, ExitReason::Signal);
                }
            }
            Some(Pending::Entry { order, reference, atr, highest, lowest }) if self.position.is_none() => {
                self.try_entry(i, bar, order, reference, atr, highest, lowest);
            }
            _ => {}
        }
        self.protective_exits(i, bar);
    }

    #[allow(clippy::too_many_arguments)]
    fn try_entry(&mut self, i: usize, bar: &Bar, order: EntryOrder, reference: f64, atr: f64, highest: f64, lowest: f64) {
        let s = self.strategy;
        let side = s.side;
        let long = side == Side::Long;
        // The raw fill price, before slippage, or None if the order did not trigger.
        let (raw, slipped) = match order {
            EntryOrder::Market => (Some(bar.open), true),
            EntryOrder::Limit { offset_pct } => {
                let limit = reference * (1.0 - side.sign() * offset_pct / 100.0);
                let fill =
                    if long { (bar.low <= limit).then(|| bar.open.min(limit)) } else { (bar.high >= limit).then(|| bar.open.max(limit)) };
                (fill, false)
            }
            EntryOrder::Stop { offset_pct } => {
                let trigger = reference * (1.0 + side.sign() * offset_pct / 100.0);
                let fill = if long {
                    (bar.high >= trigger).then(|| bar.open.max(trigger))
                } else {
                    (bar.low <= trigger).then(|| bar.open.min(trigger))
                };
                (fill, true)
            }
        };
        let Some(raw) = raw else { return };
        let price = if slipped { s.slippage.apply(raw, side, true) } else { raw };
        let stop = s.stop.map(|rule| rule.initial(price, side, atr, highest, lowest));
        let quantity = match (s.risk_pct, stop) {
            (Some(risk), Some(stop)) => position_size(self.cash, risk, price, stop, side, s.limits()).ok(),
            _ => {
                let sane_stop = stop.is_none_or(|st| st.is_finite() && side.sign() * (price - st) > 0.0);
                sane_stop.then(|| crate::risk::sizing_max_quantity(self.cash, price, s.limits()))
            }
        };
        let Some(quantity) = quantity.filter(|q| q.is_finite() && *q > 0.0) else {
            self.skipped += 1;
            return;
        };
        let take_profit = match (s.take_profit_r, stop) {
            (Some(r), Some(stop)) => take_profit_price(price, stop, r).ok(),
            _ => None,
        };
        let fee = s.fee.fee(quantity, price);
        self.cash -= side.sign() * quantity * price + fee;
        self.position = Some(Position {
            side,
            quantity,
            entry_index: i,
            entry_time: bar.time,
            entry_price: price,
            entry_fee: fee,
            entered_at_open: raw == bar.open,
            initial_stop: stop,
            stop,
            take_profit,
        });
    }

    /// Stop-loss, then take-profit: when a bar reaches both, the stop is assumed to
    /// have come first. A level the bar opened beyond fills at the open (a gap).
    fn protective_exits(&mut self, i: usize, bar: &Bar) {
        let Some(position) = self.position else { return };
        let long = position.side == Side::Long;
        let held_at_open = position.entry_index < i || position.entered_at_open;
        if let Some(stop) = position.stop {
            let hit = if long { bar.low <= stop } else { bar.high >= stop };
            if hit {
                let gapped = held_at_open && if long { bar.open <= stop } else { bar.open >= stop };
                let raw = if gapped { bar.open } else { stop };
                let price = self.strategy.slippage.apply(raw, position.side, false);
                self.exit(i, bar.time, price, ExitReason::StopLoss);
                return;
            }
        }
        // A target on the bar of an intrabar entry cannot be known to come after the fill.
        if let (Some(target), true) = (position.take_profit, held_at_open) {
            let hit = if long { bar.high >= target } else { bar.low <= target };
            if hit {
                let price = if long { bar.open.max(target) } else { bar.open.min(target) };
                self.exit(i, bar.time, price, ExitReason::TakeProfit);
            }
        }
    }

    fn exit(&mut self, i: usize, time: i64, price: f64, reason: ExitReason) {
        if let Some(position) = self.position.take() {
            self.cash += position.side.sign() * position.quantity * price - self.strategy.fee.fee(position.quantity, price);
            self.trades.push(position.close(i, time, price, self.strategy, reason));
        }
    }

    /// Marks to market at the close and moves a trailing stop.
    fn close(&mut self, _i: usize, bar: &Bar) {
        if let Some(atr) = self.atr.as_mut() {
            self.last_atr = atr.update(bar.high, bar.low, bar.close);
            self.last_high = self.highs.push(bar.high).0;
            self.last_low = self.lows.push(bar.low).0;
        }
        let position_value = match self.position.as_mut() {
            Some(position) => {
                if let (Some(rule), Some(stop)) = (self.strategy.stop, position.stop) {
                    if self.last_atr.is_finite() {
                        position.stop = Some(rule.trail(stop, position.side, self.last_atr, self.last_high, self.last_low));
                    }
                }
                self.in_market += 1;
                position.side.sign() * position.quantity * bar.close
            }
            None => 0.0,
        };
        self.equity.push(EquityPoint { time: bar.time, equity: self.cash + position_value, cash: self.cash, position_value });
    }

    fn decide(&mut self, bar: &Bar, wants_entry: bool, wants_exit: bool) {
        if self.position.is_some() {
            if wants_exit {
                self.pending = Some(Pending::Exit);
            }
        } else if wants_entry && !wants_exit {
            self.pending = Some(Pending::Entry {
                order: self.strategy.entry_order,
                reference: bar.close,
                atr: self.last_atr,
                highest: self.last_high,
                lowest: self.last_low,
            });
        }
    }
}
