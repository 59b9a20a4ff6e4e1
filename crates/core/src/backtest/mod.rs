//! Backtesting: a strategy (entry and exit conditions + [`Strategy`] settings) run over
//! bars, giving trades, an equity curve and [`Metrics`]. Also a grid bot, a DCA bot and
//! walk-forward optimisation.
//!
//! # When things happen (no lookahead)
//!
//! Conditions are asked at each bar's close, after that bar's fills; an order they
//! cause can only fill on a later bar. For bar i, in order:
//!
//! 1. **Open**: the order left by bar i−1 is worked.
//!    - exit signal → market sell (or buy back) at bar i's open, minus (plus) slippage;
//!    - market entry → at bar i's open, slippage against the trader;
//!    - limit entry (price set from bar i−1's close) → fills if bar i trades through it
//!      (low ≤ limit to buy, high ≥ limit to sell), at the better of the open and the
//!      limit; no slippage;
//!    - stop entry → fills if bar i reaches it, at the worse of the open and the stop
//!      (a gap fills at the open), plus slippage.
//!
//!    An unfilled entry order is cancelled at bar i's close; the condition can place it again.
//!    The position is sized at the fill from the cash then, the fill price and the stop.
//! 2. **Intrabar**: the protective stop, then the take-profit. If one bar reaches both,
//!    the stop is taken (pessimistic). A level the bar opened beyond fills at the open.
//!    Stop fills get slippage, take-profit fills (limit orders) do not. On the bar of a
//!    limit or stop entry that did not fill at the open, only the stop is checked, at
//!    its price (the fill's place inside the bar is unknown, so assume the worst).
//! 3. **Close**: equity = cash + position value at the close; a Chandelier stop trails;
//!    then the conditions see the bar. In a position, `exit` queues an exit; flat,
//!    `entry` without `exit` queues an entry. One position at a time; no pyramiding.
//!
//! A position still open after the last bar is closed at the last close (fees and
//! slippage charged) so the final equity is cash; its exit reason says so.
//!
//! ```
//! use sigil_core::backtest::{run, Strategy};
//! use sigil_core::risk::FeeModel;
//! use sigil_core::Bar;
//! let bars: Vec<Bar> = (0..6).map(|i| Bar { time: i * 60_000, ..Bar::from_price(100.0 + i as f64) }).collect();
//! let entry = [true, false, false, false, false, false];
//! let exit = [false, false, false, true, false, false];
//! let strategy = Strategy { fee: FeeModel::Percent(0.1), ..Strategy::default() };
//! let report = run(&bars, &entry, &exit, &strategy).unwrap();
//! assert_eq!(report.trades.len(), 1);
//! assert_eq!((report.trades[0].entry_price, report.trades[0].exit_price), (101.0, 104.0));
//! ```

mod condition;
mod dca;
mod engine;
mod grid;
mod json;
mod metrics;
mod report;
mod strategy;
#[cfg(test)]
mod tests;
mod walk_forward;
#[cfg(test)]
pub(crate) use tests::fixture_bars;

/// A JSON object writer for the other modules' `to_json`.
pub(crate) fn json_object() -> json::JsonObject {
    json::JsonObject::new()
}

/// A JSON array of already-encoded values.
pub(crate) fn json_array(items: impl Iterator<Item = String>) -> String {
    json::array(items)
}

pub use condition::{Condition, FnCondition, Never, SeriesCondition};
pub use dca::{dca_bot, DcaConfig};
pub use engine::{run, run_conditions};
pub use grid::{grid_bot, GridConfig, GridSpacing};
pub use metrics::{bar_interval_ms, Metrics, YEAR_MS};
pub use report::{EquityPoint, ExitReason, Report, Trade};
pub use strategy::{EntryOrder, Strategy};
pub use walk_forward::{run_range, walk_forward, SelectionMetric, WalkForwardConfig, WalkForwardReport, WalkForwardWindow};
