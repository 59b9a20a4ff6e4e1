//! A spot grid bot: buy at each grid line, sell one line higher, repeat.

use super::engine::check_bars;
use super::metrics::Metrics;
use super::report::{EquityPoint, ExitReason, Report, Trade};
use crate::bar::Bar;
use crate::error::Error;
use crate::risk::{check, FeeModel, Side};

/// How grid lines are spaced between `lower` and `upper`.
///
/// ```
/// use sigil_core::backtest::{GridConfig, GridSpacing};
/// let g = GridConfig { lower: 100.0, upper: 400.0, levels: 3, spacing: GridSpacing::Geometric, ..GridConfig::default() };
/// assert_eq!(g.lines().unwrap(), vec![100.0, 200.0, 400.0]);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum GridSpacing {
    /// Equal price steps.
    #[default]
    Arithmetic,
    /// Equal percentage steps.
    Geometric,
}

/// Grid bot settings.
///
/// `levels` lines from `lower` to `upper` (both included) make `levels − 1` cells; cell k
/// buys at line k and sells at line k + 1, each cell trading `initial_equity / (levels − 1)`
/// of quote currency.
///
/// ```
/// use sigil_core::backtest::{GridConfig, GridSpacing};
/// let g = GridConfig { lower: 90.0, upper: 110.0, levels: 3, spacing: GridSpacing::Arithmetic, ..GridConfig::default() };
/// assert_eq!(g.lines().unwrap(), vec![90.0, 100.0, 110.0]);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GridConfig {
    pub lower: f64,
    pub upper: f64,
    pub levels: usize,
    pub spacing: GridSpacing,
    pub initial_equity: f64,
    pub fee: FeeModel,
    /// As in [`super::Strategy::periods_per_year`].
    pub periods_per_year: Option<f64>,
}

impl Default for GridConfig {
    fn default() -> GridConfig {
        GridConfig {
            lower: 1.0,
            upper: 2.0,
            levels: 10,
            spacing: GridSpacing::Arithmetic,
            initial_equity: 10_000.0,
            fee: FeeModel::None,
            periods_per_year: None,
        }
    }
}

impl GridConfig {
    pub const MAX_LEVELS: usize = 10_000;

    /// The grid lines, ascending.
    pub fn lines(&self) -> Result<Vec<f64>, Error> {
        check("grid", "lower", self.lower, self.lower > 0.0, "a positive price")?;
        check("grid", "upper", self.upper, self.upper > self.lower, "a price above `lower`")?;
        crate::indicators::check_period("grid", "levels", self.levels, 2, Self::MAX_LEVELS)?;
        check("grid", "initial_equity", self.initial_equity, self.initial_equity > 0.0, "a positive amount")?;
        self.fee.validate()?;
        let steps = (self.levels - 1) as f64;
        Ok((0..self.levels)
            .map(|k| {
                let f = k as f64 / steps;
                match self.spacing {
                    GridSpacing::Arithmetic => self.lower + (self.upper - self.lower) * f,
                    GridSpacing::Geometric => self.lower * (self.upper / self.lower).powf(f),
                }
            })
            .collect())
    }
}

#[derive(Debug, Clone, Copy)]
enum Cell {
    /// Waiting for the price to be above the buy line before arming.
    Idle,
    /// A resting buy at the cell's line.
    Armed,
    /// Holding what it bought, a resting sell one line up.
    Holding { quantity: f64, price: f64, fee: f64, index: usize, time: i64 },
}

/// Simulates a long-only spot grid over `bars`.
///
/// Rules, per bar:
/// 1. At the start, cells whose buy line is below bar 0's open are armed; the others
///    arm at the close of the first bar that closes above their buy line.
/// 2. An armed cell buys when the bar's low reaches its line, at the line or at the open
///    if the bar opened below it (a limit order fills at its price or better).
///    Quantity = cell budget / fill price (the fee is paid on top, from cash); skipped if
///    cash is short.
/// 3. A holding cell sells everything it bought when the bar's high reaches the next line
///    up (at the line, or the open if the bar opened above), then is armed again. A cell
///    does not buy and sell in the same bar: the order of the bar's high and low is unknown.
/// 4. Equity at the close = cash + units held · close. Inventory still held after the last
///    bar is marked at the last close, not sold; each completed buy-sell is a trade
///    (exit reason `Target`). There is no stop: below `lower` the grid just holds.
///
/// ```
/// use sigil_core::backtest::{grid_bot, GridConfig};
/// use sigil_core::Bar;
/// let bar = |t: i64, o: f64, h: f64, l: f64, c: f64| Bar::new(t, o, h, l, c, 0.0);
/// let bars = [bar(0, 105.0, 106.0, 104.0, 105.0), bar(1, 104.0, 104.0, 99.0, 101.0), bar(2, 101.0, 111.0, 100.5, 108.0)];
/// let config = GridConfig { lower: 90.0, upper: 110.0, levels: 3, initial_equity: 2_000.0, ..GridConfig::default() };
/// let report = grid_bot(&bars, &config).unwrap();
/// // the 100 → 110 cell bought 10 units at 100 and sold them at 110
/// assert_eq!(report.trades[0].pnl, 100.0);
/// ```
pub fn grid_bot(bars: &[Bar], config: &GridConfig) -> Result<Report, Error> {
    let lines = config.lines()?;
    check_bars(bars)?;
    let budget = config.initial_equity / (lines.len() - 1) as f64;
    let first_open = bars.first().map_or(f64::NAN, |b| b.open);
    let mut cells: Vec<Cell> =
        lines[..lines.len() - 1].iter().map(|&line| if line < first_open { Cell::Armed } else { Cell::Idle }).collect();
    let mut cash = config.initial_equity;
    let mut trades = Vec::new();
    let mut equity = Vec::with_capacity(bars.len());
    let mut in_market = 0;
    for (i, bar) in bars.iter().enumerate() {
        for (k, cell) in cells.iter_mut().enumerate() {
            let (Some(&buy_line), Some(&sell_line)) = (lines.get(k), lines.get(k + 1)) else { continue };
            match *cell {
                Cell::Armed if bar.low <= buy_line => {
                    let price = bar.open.min(buy_line);
                    let quantity = budget / price;
                    let fee = config.fee.fee(quantity, price);
                    if quantity * price + fee <= cash * (1.0 + 1e-12) {
                        cash -= quantity * price + fee;
                        *cell = Cell::Holding { quantity, price, fee, index: i, time: bar.time };
                    }
                }
                Cell::Holding { quantity, price, fee, index, time } if index < i && bar.high >= sell_line => {
                    let exit = bar.open.max(sell_line);
                    let exit_fee = config.fee.fee(quantity, exit);
                    cash += quantity * exit - exit_fee;
                    let pnl = quantity * (exit - price) - fee - exit_fee;
                    trades.push(Trade {
                        side: Side::Long,
                        entry_index: index,
                        entry_time: time,
                        entry_price: price,
                        exit_index: i,
                        exit_time: bar.time,
                        exit_price: exit,
                        quantity,
                        fees: fee + exit_fee,
                        pnl,
                        return_pct: pnl / (quantity * price) * 100.0,
                        r_multiple: None,
                        exit_reason: ExitReason::Target,
                    });
                    *cell = Cell::Armed;
                }
                Cell::Idle if bar.close > buy_line => *cell = Cell::Armed,
                _ => {}
            }
        }
        let held: f64 = cells.iter().map(|c| if let Cell::Holding { quantity, .. } = c { *quantity } else { 0.0 }).sum();
        if held > 0.0 {
            in_market += 1;
        }
        let position_value = held * bar.close;
        equity.push(EquityPoint { time: bar.time, equity: cash + position_value, cash, position_value });
    }
    let curve: Vec<f64> = equity.iter().map(|p| p.equity).collect();
    let metrics = Metrics::compute(bars, config.initial_equity, &curve, &trades, in_market, config.periods_per_year)?;
    Ok(Report { metrics, trades, equity, skipped_entries: 0 })
}
