//! What a run returns: trades, the equity curve and the metrics.

use super::json::{array, JsonObject};
use super::metrics::Metrics;
use crate::risk::Side;

/// Why a position was closed.
///
/// ```
/// use sigil_core::backtest::ExitReason;
/// assert_eq!(ExitReason::StopLoss.name(), "stop_loss");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitReason {
    /// The exit condition, filled at the next bar's open.
    Signal,
    StopLoss,
    TakeProfit,
    /// Still open after the last bar: closed at its close (fees and slippage charged).
    EndOfData,
    /// A grid level's sell (grid bot) or the take-profit of a DCA cycle.
    Target,
}

impl ExitReason {
    pub fn name(self) -> &'static str {
        match self {
            ExitReason::Signal => "signal",
            ExitReason::StopLoss => "stop_loss",
            ExitReason::TakeProfit => "take_profit",
            ExitReason::EndOfData => "end_of_data",
            ExitReason::Target => "target",
        }
    }
}

/// One closed round trip.
///
/// ```
/// use sigil_core::backtest::{ExitReason, Trade};
/// use sigil_core::risk::Side;
/// let t = Trade { side: Side::Long, entry_index: 1, entry_time: 0, entry_price: 10.0, exit_index: 2, exit_time: 1,
///                 exit_price: 12.0, quantity: 1.0, fees: 0.0, pnl: 2.0, return_pct: 20.0, r_multiple: None,
///                 exit_reason: ExitReason::Signal };
/// assert!(t.to_json().contains("\"pnl\":2"));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Trade {
    pub side: Side,
    /// Index of the bar the entry filled on.
    pub entry_index: usize,
    pub entry_time: i64,
    /// Fill price, slippage included.
    pub entry_price: f64,
    pub exit_index: usize,
    pub exit_time: i64,
    pub exit_price: f64,
    pub quantity: f64,
    /// Both fills' fees.
    pub fees: f64,
    /// Net profit in quote currency: `sign · qty · (exit − entry) − fees`.
    pub pnl: f64,
    /// `pnl` as a percent of the entry notional.
    pub return_pct: f64,
    /// `pnl` over the initial risk `qty · |entry − stop|`, when there was a stop.
    pub r_multiple: Option<f64>,
    pub exit_reason: ExitReason,
}

impl Trade {
    pub fn to_json(&self) -> String {
        JsonObject::new()
            .str("side", self.side.name())
            .int("entry_index", self.entry_index as i64)
            .int("entry_time", self.entry_time)
            .num("entry_price", self.entry_price)
            .int("exit_index", self.exit_index as i64)
            .int("exit_time", self.exit_time)
            .num("exit_price", self.exit_price)
            .num("quantity", self.quantity)
            .num("fees", self.fees)
            .num("pnl", self.pnl)
            .num("return_pct", self.return_pct)
            .opt("r_multiple", self.r_multiple)
            .str("exit_reason", self.exit_reason.name())
            .finish()
    }
}

/// Equity at one bar's close, split into cash and the marked value of the position
/// (negative for a short: what buying it back would cost).
///
/// ```
/// use sigil_core::backtest::EquityPoint;
/// let p = EquityPoint { time: 0, equity: 100.0, cash: 40.0, position_value: 60.0 };
/// assert_eq!(p.equity, p.cash + p.position_value);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EquityPoint {
    pub time: i64,
    pub equity: f64,
    pub cash: f64,
    pub position_value: f64,
}

/// The result of a backtest.
///
/// ```
/// use sigil_core::backtest::{run, Strategy};
/// use sigil_core::Bar;
/// let bars: Vec<Bar> = (0..3).map(|t| Bar { time: t, ..Bar::from_price(1.0) }).collect();
/// let report = run(&bars, &[false; 3], &[false; 3], &Strategy::default()).unwrap();
/// assert!(report.to_json().starts_with("{\"metrics\":"));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub metrics: Metrics,
    pub trades: Vec<Trade>,
    /// One point per bar.
    pub equity: Vec<EquityPoint>,
    /// Entries whose order filled but could not be sized (stop on the wrong side of the
    /// fill, ATR still warming up, no cash left).
    pub skipped_entries: usize,
}

impl Report {
    pub fn to_json(&self) -> String {
        let equity = array(self.equity.iter().map(|p| {
            JsonObject::new()
                .int("time", p.time)
                .num("equity", p.equity)
                .num("cash", p.cash)
                .num("position_value", p.position_value)
                .finish()
        }));
        JsonObject::new()
            .raw("metrics", &self.metrics.to_json())
            .raw("trades", &array(self.trades.iter().map(Trade::to_json)))
            .raw("equity", &equity)
            .int("skipped_entries", self.skipped_entries as i64)
            .finish()
    }
}
